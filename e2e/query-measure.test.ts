// Key Results measured by Jira: a Product Owner adds a Key Result whose value a JQL query counts; a JQL
// Jira refuses is said on the JQL field; once saved, the row shows the value as read by a query, and
// what the query is; Refresh now runs it again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameLocator, Locator } from 'playwright-core';
import type { Envelope, ProjectOverviewData } from '../src/contract';
import { must } from '../test/support/must';
import { assertNoCrash, eventually, keyResultRow, objectiveCard, openProjectPage, screenshot, startPreview, TEST_TIMEOUT_MS, visible, type Preview } from './support';

let preview: Preview;

before(async () => {
  preview = await startPreview();
});

after(async () => {
  await preview?.close();
});

const TITLE = 'Open bugs about waitlists';
const JQL = 'project = GYM AND issuetype = Bug AND statusCategory != Done';

/** Chooses an option of an Atlaskit Select by the select's label. */
async function choose(scope: Locator, label: string, option: string, app: FrameLocator): Promise<void> {
  await scope.getByLabel(label).click();
  await app.getByRole('option', { name: option, exact: true }).click();
}

describe('Key Results measured by Jira', () => {
  test('a Product Owner sets up a query Key Result and sees its value marked as from a query', { timeout: TEST_TIMEOUT_MS }, async () => {
    const owner = preview.userNamed(/Priya/);
    const overview = await preview.invokeAs<Envelope<ProjectOverviewData>>(owner.accountId, 'getProjectOverview');
    assert.ok(overview.ok);
    const objective = must(overview.data.objectives.find((candidate) => candidate.status === 'active' && candidate.keyResults.length < 5), 'an active Objective');
    const { context, page } = await preview.newPage({ theme: 'light', accountId: owner.accountId });
    try {
      const app = await openProjectPage(page, preview);
      const card = objectiveCard(app, objective.title);
      await card.getByTestId('add-key-result').click();
      const form = app.getByRole('dialog', { name: 'New Key Result' });
      await visible(page, form, 'the new Key Result dialog');
      await form.getByLabel('Title').fill(TITLE);
      await form.getByLabel('Start').fill('12');
      await form.getByLabel('Target').fill('3');
      await choose(form, 'Direction', 'Decrease', app);
      await choose(form, 'Measured by', 'Jira query: the issues it finds give the value', app);
      await visible(page, form.getByTestId('key-result-jql'), 'the JQL field');

      // A JQL Jira refuses is said where it was typed, and nothing is saved.
      await form.getByTestId('key-result-jql').fill('project = NOPE AND');
      await form.getByTestId('save-key-result').click();
      await visible(page, form.getByText(/Jira refused the query/), 'Jira’s refusal on the JQL field');

      await form.getByTestId('key-result-jql').fill(JQL);
      await form.getByTestId('save-key-result').click();
      await eventually(page, async () => (await form.count()) === 0, 'the dialog closed');

      const row = keyResultRow(app, TITLE);
      await visible(page, row.getByTestId('key-result-last-check-in').filter({ hasText: /^From a query: last value on/ }), 'the value shown as read by a query');
      await visible(page, row.getByTestId('key-result-query').filter({ hasText: JQL }), 'what the query is');
      await visible(page, row.getByTestId('burn-up-automatic'), 'the query’s value as a hollow dot on the burn-up');
      const after = await preview.invokeAs<Envelope<ProjectOverviewData>>(owner.accountId, 'getProjectOverview');
      assert.ok(after.ok);
      const saved = must(after.data.objectives.flatMap((candidate) => candidate.keyResults).find((keyResult) => keyResult.title === TITLE), TITLE);
      assert.equal(saved.lastCheckIn?.source, 'query');
      assert.equal(saved.measure?.accountId, owner.accountId);
      await row.scrollIntoViewIfNeeded();
      await screenshot(page, 'query-measure-set-up');

      // "Refresh now", in the Key Result's editor: the query runs again and the dialog closes.
      await row.getByTestId('edit-key-result').click();
      const editor = app.getByRole('dialog', { name: 'Edit Key Result' });
      await visible(page, editor.getByTestId('refresh-key-result'), 'Refresh now in the editor');
      await editor.getByTestId('refresh-key-result').click();
      await eventually(page, async () => (await editor.count()) === 0, 'the editor closed after the refresh');
      await visible(page, row.getByTestId('key-result-last-check-in').filter({ hasText: /^From a query: last value on/ }), 'the value still shown as read by a query');
      assertNoCrash(page);
    } finally {
      await context.close();
    }
  });
});
