// The project settings page (Project settings › Apps › Outcomes): the OKR-in-process limit and the
// check-in reminder changed and seen on the project page; an export downloaded; a file with a mistake refused with its field, then a
// good one previewed and imported.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import type { JiraData } from '../local/jira/model';
import { LOCAL_APP_UUID, LOCAL_ENVIRONMENT_ID } from '../local/runtime';
import type { Envelope, OkrExport, ProjectOverviewData } from '../src/contract';
import { must } from '../test/support/must';
import { appFrame, assertNoCrash, eventually, keyResultRow, openProjectPage, screenshot, settled, startPreview, TEST_TIMEOUT_MS, visible, type Preview, type Theme } from './support';

let preview: Preview;

/** GYM's permission scheme grants Write OKRs to the group gym-scrum-masters (Sam, the Scrum Master). */
const SCRUM_MASTERS_WRITE = (data: JiraData) => {
  const sam = must(data.users.find((user) => user.role === 'Scrum Master'), 'the Scrum Master').accountId;
  // The site's own groups stay (its leadership group sets the organization's OKRs).
  data.groups = [...(data.groups ?? []), { groupId: 'g-sm', name: 'gym-scrum-masters', accountIds: [sam] }];
  data.permissionSchemes = [
    { id: 10100, name: 'GYM permission scheme', grants: [{ id: 1, permission: `ari:cloud:ecosystem::extension/${LOCAL_APP_UUID}/${LOCAL_ENVIRONMENT_ID}/static/write-okrs`, holder: { type: 'group', groupId: 'g-sm' } }] },
  ];
  must(data.projects.find((project) => project.key === 'GYM'), 'GYM').permissionSchemeId = 10100;
};

before(async () => {
  preview = await startPreview({ adjustData: SCRUM_MASTERS_WRITE });
});

after(async () => {
  await preview?.close();
});

/** Opens the settings page from the project sidebar, as a person would, and waits for it to load. */
async function openSettings(page: Page) {
  await page.goto(`${preview.url}/`);
  const link = page.getByTestId('nav-settings');
  // The sidebar's links point at the project once the host page knows it.
  await eventually(page, async () => /\/settings\/apps\//.test((await link.getAttribute('href')) ?? ''), 'the sidebar link to the settings');
  await link.click();
  await eventually(page, async () => /\/settings\/apps\//.test(page.url()), 'the settings page address');
  const app = appFrame(page);
  await visible(page, app.getByTestId('settings-form'), 'the settings form');
  await visible(page, app.getByTestId('rights'), 'who writes and grades OKRs');
  return app;
}

async function exportOf(accountId: string): Promise<OkrExport> {
  const answer = await preview.invokeAs<Envelope<OkrExport & { nextCursor?: string }>>(accountId, 'exportData');
  assert.ok(answer.ok, `exportData failed: ${JSON.stringify(answer)}`);
  assert.equal(answer.data.nextCursor, undefined, 'the demo export is one page');
  return answer.data;
}

/** The Key Results of the project page's cycle, as the server answers them to this user. */
async function keyResultsOf(accountId: string) {
  const answer = await preview.invokeAs<Envelope<ProjectOverviewData>>(accountId, 'getProjectOverview');
  assert.ok(answer.ok, `getProjectOverview failed: ${JSON.stringify(answer)}`);
  return answer.data.objectives.flatMap((objective) => objective.keyResults);
}

describe('the Outcomes settings page', () => {
  for (const theme of ['light', 'dark'] as Theme[]) {
    test(`(${theme}) the Scrum Master, granted Write OKRs in the permission scheme, changes the OKR-in-process limit and the check-in reminder`, { timeout: TEST_TIMEOUT_MS }, async () => {
      const writer = preview.userNamed(/Sam/);
      const limit = theme === 'light' ? '4' : '5';
      const { context, page } = await preview.newPage({ theme, accountId: writer.accountId });
      try {
        const app = await openSettings(page);
        await visible(page, app.getByText(/The most Objectives the team works on at once/), 'what the limit means');
        await visible(page, app.getByTestId('right-write').getByText(/the group gym-scrum-masters, and project admins/), 'who writes OKRs, from the scheme');
        await visible(page, app.getByTestId('right-write').getByText('You hold it'), 'that he writes OKRs');
        await app.getByLabel('OKRs in process').fill('0');
        await visible(page, app.getByTestId('okr-limit-error').filter({ hasText: 'from 1 to 20' }), 'the limit refused');
        await app.getByLabel('OKRs in process').fill(limit);

        // The check-in reminder: what it means, a value out of bounds refused, then one saved with the limit.
        await visible(page, app.getByText(/How many days a Key Result may go without a check-in/), 'what the check-in reminder means');
        const saved = await preview.invokeAs<Envelope<{ settings: { staleCheckInDays: number } }>>(writer.accountId, 'getSettingsPage');
        assert.ok(saved.ok);
        assert.equal(await app.getByLabel(/Check-in reminder/).inputValue(), String(saved.data.settings.staleCheckInDays), 'the reminder as last saved (14 unless changed)');
        await app.getByLabel(/Check-in reminder/).fill('91');
        await visible(page, app.getByTestId('check-in-reminder-error').filter({ hasText: 'from 1 to 90' }), 'the reminder refused');
        assert.ok(await app.getByTestId('save-settings').isDisabled(), 'nothing to save while the reminder is out of bounds');
        // Light: a reminder long enough that nothing is due. Dark: one a day shorter than the quietest
        // Key Result has gone without a check-in, so the project page marks it (and any as quiet).
        const before = await keyResultsOf(writer.accountId);
        const quietest = before.filter((keyResult) => keyResult.status !== 'not-measurable' && keyResult.status !== 'done').sort((a, b) => b.daysWithoutCheckIn - a.daysWithoutCheckIn)[0];
        const reminder = theme === 'light' ? 90 : Math.max(1, (quietest?.daysWithoutCheckIn ?? 2) - 1);
        await app.getByLabel(/Check-in reminder/).fill(String(reminder));
        await app.getByTestId('save-settings').click();
        await visible(page, app.getByTestId('settings-saved'), 'the settings saved');
        await settled(app.getByTestId('settings-form'));
        await screenshot(page, `settings-limit-${theme}`);

        const project = await openProjectPage(page, preview);
        await visible(page, project.getByTestId('okr-limit').filter({ hasText: new RegExp(`of ${limit}`) }), `the gauge counting against ${limit}`);
        const after = await keyResultsOf(writer.accountId);
        const due = after.filter((keyResult) => keyResult.stale);
        assert.deepEqual(
          due.map((keyResult) => keyResult.title),
          after.filter((keyResult) => keyResult.status !== 'not-measurable' && keyResult.status !== 'done' && keyResult.daysWithoutCheckIn > reminder).map((keyResult) => keyResult.title),
          `the server marks what has gone more than ${reminder} days without a check-in`,
        );
        if (theme === 'dark' && quietest && quietest.daysWithoutCheckIn > 1) {
          assert.ok(due.some((keyResult) => keyResult.id === quietest.id), `“${quietest.title}” is to check in after ${reminder} days`);
          await visible(page, keyResultRow(project, quietest.title).getByTestId('key-result-stale').filter({ hasText: `To check in · ${quietest.daysWithoutCheckIn} days` }), `“${quietest.title}” marked`);
        }
        await eventually(page, async () => (await project.getByTestId('key-result-stale').count()) === due.length, `${due.length} Key Results marked to check in`);
        await screenshot(page, `settings-reminder-project-page-${theme}`);
        assertNoCrash(page);
      } finally {
        await context.close();
      }
    });
  }

  test('a developer reads the settings and who holds each right, and may change nothing', { timeout: TEST_TIMEOUT_MS }, async () => {
    const developer = preview.userNamed(/Diego/);
    const { context, page } = await preview.newPage({ theme: 'light', accountId: developer.accountId });
    try {
      const app = await openSettings(page);
      await visible(page, app.getByTestId('read-only'), 'the read-only notice');
      await visible(page, app.getByTestId('right-write').getByText('You do not hold it'), 'that he does not write OKRs');
      await visible(page, app.getByTestId('right-write').getByText(/Held by:/), 'who does');
      assert.equal(await app.getByTestId('save-settings').count(), 0, 'no Save button');
      assert.equal(await app.getByTestId('import-file').count(), 0, 'no import');
      assertNoCrash(page);
    } finally {
      await context.close();
    }
  });

  test('the Product Owner downloads the export, is shown every problem of a broken file, then imports a good one', { timeout: TEST_TIMEOUT_MS }, async () => {
    const owner = preview.userNamed(/Priya/);
    const exported = await exportOf(owner.accountId);
    const { context, page } = await preview.newPage({ theme: 'dark', accountId: owner.accountId });
    try {
      const app = await openSettings(page);

      // The Product Owners picker searches Jira's people, not only those the OKRs already name.
      await app.getByLabel('Product Owners').fill('Sof');
      await visible(page, app.getByRole('option', { name: /Sofia/ }), 'Sofia, found in Jira');
      await app.getByLabel('Product Owners').press('Escape');

      const [download] = await Promise.all([page.waitForEvent('download'), app.getByTestId('export-button').click()]);
      const downloaded = JSON.parse(await readFile(await download.path(), 'utf8')) as OkrExport;
      assert.equal(downloaded.format, 'outcomes-okr-export');
      assert.deepEqual((downloaded.objectives as unknown[]).length, (exported.objectives as unknown[]).length, 'the download holds every Objective');

      // A file with two mistakes: both are listed, each with its field, and nothing is written.
      const keyResults = exported.keyResults as Array<Record<string, unknown>>;
      const broken = { ...exported, keyResults: [{ ...keyResults[0], title: '' }, { ...keyResults[1], weight: 'heavy' }, ...keyResults.slice(2)] };
      await app.getByTestId('import-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
      const problems = app.getByTestId('import-problems');
      await visible(page, problems, 'the problems of the broken file');
      await visible(page, problems.getByTestId('import-problem').filter({ hasText: 'keyResults[0].title' }), 'the empty title, by its field');
      await visible(page, problems.getByTestId('import-problem').filter({ hasText: 'keyResults[1].weight' }), 'the wrong weight, by its field');
      assert.doesNotMatch(await problems.getByTestId('import-problem').filter({ hasText: 'keyResults[1].weight' }).innerText(), /is required/, 'a wrong weight is not called missing');
      assert.equal(await app.getByTestId('confirm-import').count(), 0, 'a broken file cannot be imported');
      await screenshot(page, 'settings-import-problems-dark');

      // The good file: the preview says what changes, and only the confirmation writes.
      const objectives = exported.objectives as Array<Record<string, unknown>>;
      const renamed = { ...exported, objectives: [{ ...objectives[0], title: 'Members love their first week' }, ...objectives.slice(1)] };
      await app.getByTestId('import-file').setInputFiles({ name: 'okrs.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(renamed)) });
      const previewBox = app.getByTestId('import-preview');
      await visible(page, previewBox, 'what the good file would change');
      await visible(page, previewBox.getByTestId('preview-objectives').filter({ hasText: '0 added, 1 changed, 0 removed' }), 'one Objective changed');
      const before = await exportOf(owner.accountId);
      assert.deepEqual(before.objectives, exported.objectives, 'the preview wrote nothing');
      await screenshot(page, 'settings-import-preview-dark');
      await previewBox.getByTestId('confirm-import').click();
      await visible(page, app.getByTestId('import-done'), 'the import done');
      const afterImport = await exportOf(owner.accountId);
      assert.equal((afterImport.objectives as Array<{ title: string }>)[0]?.title, 'Members love their first week');
      assertNoCrash(page);
    } finally {
      await context.close();
    }
  });
});
