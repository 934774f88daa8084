// Browser journeys through Sprint Planning with no sprint running, against the local preview with
// GymTonic's demo OKRs. The Product Owner closes the running sprint first (as the team does on its
// board), so the next sprint is planned but not started. Then (a) a developer sees the planned sprint
// in the top card, picks two of its unaligned issues, links them to one Key Result at once and takes
// it back with the flag's Undo; (b) links two backlog issues at once; (c) the Product Owner opens the
// sprint action "Tie Sprint Goal to Key Results" as from the sprint's menu; (d) an issue's panel names
// its planned sprint; (e) a stakeholder, who may not edit issues, reads the page in the dark theme with
// nothing to pick. They run in order.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import type { DataOf, Envelope, IssuePanelData, ProjectOverviewData, SprintView } from '../src/contract';
import { USER_HEADER } from '../local/server';
import { assertNoCrash, describePage, eventually, linkableIssues, openProjectPage, screenshot, settled, startPreview, TEST_TIMEOUT_MS, visible, type Preview } from './support';
import { must } from '../test/support/must';

type SearchResult = DataOf<'searchKeyResults'>['results'][number];

let preview: Preview;
let diego: string;
/** The sprint planned next, once the running one is closed. */
let planned: SprintView;
/** The Key Result the issues are linked to. */
let target: SearchResult;

async function overviewFor(accountId: string): Promise<ProjectOverviewData> {
  const answer = await preview.invokeAs<Envelope<ProjectOverviewData>>(accountId, 'getProjectOverview');
  assert.ok(answer.ok, `getProjectOverview failed: ${JSON.stringify(answer)}`);
  return answer.data;
}

async function directLinks(issueKey: string): Promise<string[]> {
  const answer = await preview.invokeOnIssue<Envelope<IssuePanelData>>(diego, issueKey, 'getIssuePanel');
  assert.ok(answer.ok, `getIssuePanel ${issueKey}: ${JSON.stringify(answer)}`);
  return answer.data.links.filter((link) => link.via === 'issue').map((link) => link.keyResultId);
}

async function unalignedCount(page: Page, app: FrameLocator, count: number): Promise<void> {
  await eventually(page, async () => (await app.getByTestId('unaligned').getAttribute('data-count')) === String(count), `${count} unaligned issues listed`);
}

async function chooseKeyResult(app: FrameLocator, bar: string): Promise<void> {
  await app.getByTestId(`${bar}-key-result`).click();
  await app.getByRole('option', { name: target.keyResult.title, exact: true }).click();
}

before(async () => {
  preview = await startPreview();
  diego = preview.userNamed(/Diego Alvarez/).accountId;
  const closed = await fetch(`${preview.url}/api/close-sprint`, { method: 'POST', headers: { [USER_HEADER]: preview.defaultAccountId } });
  assert.equal(closed.status, 200, `closing the running sprint: ${await closed.text()}`);
  const overview = await overviewFor(diego);
  assert.equal(overview.sprints.some((sprint) => sprint.state === 'active'), false, 'no sprint runs');
  planned = must(overview.sprints.find((sprint) => sprint.state === 'future'), 'a planned sprint');
  assert.equal(overview.unaligned?.sprintId, planned.id, 'the unaligned list is the planned sprint’s');
  const anyIssue = must(overview.backlog[0], 'a backlog issue').key;
  const search = await preview.invokeOnIssue<Envelope<DataOf<'searchKeyResults'>>>(diego, anyIssue, 'searchKeyResults', {});
  assert.ok(search.ok, `searchKeyResults: ${JSON.stringify(search)}`);
  target = must(search.data.results.find((result) => result.objective.status === 'active'), 'a Key Result of an active Objective');
});

after(async () => {
  await preview?.close();
});

describe('Sprint Planning with no sprint running', () => {
  test('(a) a developer links two of the planned sprint’s unaligned issues at once, then undoes it from the flag', { timeout: TEST_TIMEOUT_MS }, async () => {
    const overview = await overviewFor(diego);
    const unaligned = must(overview.unaligned, 'the planned sprint’s unaligned issues');
    const picked = await linkableIssues(preview, diego, unaligned.issues, 2);
    const before = unaligned.issues.length;
    const { context, page } = await preview.newPage({ theme: 'light', accountId: diego });
    try {
      const app = await openProjectPage(page, preview);
      const card = app.getByTestId('active-sprint');
      await visible(page, card.getByRole('heading', { name: `Next: ${planned.name}` }), 'the planned sprint in the top card');
      assert.equal(await card.getAttribute('data-sprint-state'), 'future');
      await visible(page, card.getByTestId('active-sprint-planning'), 'what to do before it starts');
      await visible(page, card.getByTestId('active-sprint-alignment'), 'its share serving a Key Result');
      await visible(page, card.getByTestId('tie-sprint-goal').or(card.getByTestId('active-sprint-serves')).first(), 'its Sprint Goal’s tie');
      await unalignedCount(page, app, before);
      await visible(page, app.getByTestId('unaligned-count').filter({ hasText: `in ${planned.name} (planned)` }), 'the planned sprint named in the count');

      for (const issueKey of picked) {
        await app.locator(`[data-testid="unaligned-issue"][data-issue-key="${issueKey}"]`).getByTestId('unaligned-select').check();
      }
      const bar = app.getByTestId('unaligned-bulk');
      await visible(page, bar.getByTestId('unaligned-bulk-count').filter({ hasText: '2 issues selected' }), 'the bulk link bar with two issues');
      await chooseKeyResult(app, 'unaligned-bulk');
      await settled(bar);
      await screenshot(page, 'planning-a-selected-light', { viewport: true });
      await bar.getByTestId('unaligned-bulk-link').click();

      const linkedFlag = page.getByTestId('flag').filter({ hasText: `2 issues now serve “${target.keyResult.title}”` });
      await visible(page, linkedFlag, 'the flag saying both issues now serve the Key Result');
      await unalignedCount(page, app, before - 2);
      for (const issueKey of picked) assert.deepEqual(await directLinks(issueKey), [target.keyResult.id], `${issueKey} is linked`);
      await screenshot(page, 'planning-a-linked-light');

      await linkedFlag.getByRole('button', { name: 'Undo' }).click();
      await visible(page, page.getByTestId('flag').filter({ hasText: `Undone: 2 issues no longer serve “${target.keyResult.title}”` }), 'the flag saying the link is undone');
      await unalignedCount(page, app, before);
      for (const issueKey of picked) assert.deepEqual(await directLinks(issueKey), [], `${issueKey} is unlinked again`);
      assertNoCrash(page);
    } catch (error) {
      throw new Error(`${String(error)}\n${await describePage(page)}`);
    } finally {
      await context.close();
    }
  });

  test('(b) a developer links two backlog issues at once', { timeout: TEST_TIMEOUT_MS }, async () => {
    const overview = await overviewFor(diego);
    const candidates = await linkableIssues(preview, diego, overview.backlog.filter((item) => item.keyResultIds.length === 0), 2);
    const { context, page } = await preview.newPage({ theme: 'dark', accountId: diego });
    try {
      const app = await openProjectPage(page, preview);
      await visible(page, app.getByTestId('backlog-row').first(), 'the backlog');
      for (const issueKey of candidates) {
        await app.getByTestId('backlog-row').filter({ hasText: issueKey }).first().getByTestId('backlog-select').check();
      }
      const bar = app.getByTestId('backlog-bulk');
      await visible(page, bar.getByTestId('backlog-bulk-count').filter({ hasText: '2 issues selected' }), 'the bulk link bar over the backlog');
      await chooseKeyResult(app, 'backlog-bulk');
      await bar.getByTestId('backlog-bulk-link').click();
      await visible(page, page.getByTestId('flag').filter({ hasText: `2 issues now serve “${target.keyResult.title}”` }), 'the flag');
      for (const issueKey of candidates) {
        await visible(page, app.getByTestId('backlog-row').filter({ hasText: issueKey }).first().getByTestId('backlog-key-result'), `${issueKey} showing its Key Result`);
        assert.deepEqual(await directLinks(issueKey), [target.keyResult.id]);
      }
      await eventually(page, async () => (await app.getByTestId('backlog-bulk').count()) === 0, 'the selection cleared once linked');
      await screenshot(page, 'planning-b-backlog-dark');
      assertNoCrash(page);
    } catch (error) {
      throw new Error(`${String(error)}\n${await describePage(page)}`);
    } finally {
      await context.close();
    }
  });

  test('(c) the Product Owner opens “Tie Sprint Goal to Key Results” from the sprint’s menu, as Jira offers it', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ theme: 'light' });
    try {
      await openProjectPage(page, preview);
      const link = page.getByTestId('host-sprint-goal-action');
      await visible(page, link, "the host's sprint action link (a sprint's ••• menu on Jira's board)");
      await link.click();
      await visible(page, page.getByTestId('sprint-action-title').filter({ hasText: 'Tie Sprint Goal to Key Results' }), 'the sprint action');
      const app = page.frameLocator('iframe[title="Outcomes"]');
      const dialog = app.getByTestId('tie-sprint-goal-dialog');
      await visible(page, dialog.getByText(`Tie ${planned.name} to Key Results`), 'the tie dialog opened on the planned sprint');
      await screenshot(page, 'planning-d-sprint-action-light', { viewport: true });
      assertNoCrash(page);
    } catch (error) {
      throw new Error(`${String(error)}\n${await describePage(page)}`);
    } finally {
      await context.close();
    }
  });

  test('(d) an issue of the planned sprint says on its panel which sprint it is in', { timeout: TEST_TIMEOUT_MS }, async () => {
    const overview = await overviewFor(diego);
    const issueKey = must(overview.unaligned?.issues[0], 'an issue of the planned sprint').key;
    const { context, page } = await preview.newPage({ theme: 'dark', accountId: diego });
    try {
      const response = await page.goto(`${preview.url}/browse/${issueKey}`);
      assert.equal(response?.status(), 200);
      const panel = page.frameLocator('iframe[title="Outcomes"]');
      await visible(page, panel.getByTestId('issue-sprint').filter({ hasText: `Sprint: ${planned.name} (planned)` }), 'the planned sprint on the issue panel');
      await screenshot(page, 'planning-e-panel-sprint-dark', { viewport: true });
      assertNoCrash(page);
    } finally {
      await context.close();
    }
  });

  test('(e) a stakeholder reads the planned sprint without anything to pick', { timeout: TEST_TIMEOUT_MS }, async () => {
    const sofia = preview.userNamed(/Sofia Rossi/).accountId;
    const { context, page } = await preview.newPage({ theme: 'dark', accountId: sofia });
    try {
      const app = await openProjectPage(page, preview);
      await visible(page, app.getByTestId('active-sprint').getByRole('heading', { name: `Next: ${planned.name}` }), 'the planned sprint in the top card');
      await visible(page, app.getByTestId('unaligned-issue').first(), 'the planned sprint’s unaligned issues');
      assert.equal(await app.getByTestId('unaligned-select').count(), 0, 'no boxes to pick unaligned issues');
      await visible(page, app.getByTestId('backlog-row').first(), 'the backlog');
      assert.equal(await app.getByTestId('backlog-select').count(), 0, 'no boxes to pick backlog issues');
      await screenshot(page, 'planning-c-stakeholder-dark');
      assertNoCrash(page);
    } finally {
      await context.close();
    }
  });
});
