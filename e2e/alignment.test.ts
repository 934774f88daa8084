// Browser journeys through alignment on the project page, against the local preview with GymTonic's
// demo OKRs: a developer links two issues of the running sprint (and one backlog item) to Key Results
// first; then (a) the Scrum Master reads the top of the page, the sprint's suggested Key Results and
// what serves none, (b) the Product Owner ties the Sprint Goal to two Key Results, and (c) a
// stakeholder reads it without a way to change it. They run in order and build on each other.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import type { DataOf, Envelope, IssuePanelData, KeyResultView, ProjectOverviewData, SprintView } from '../src/contract';
import { assertNoCrash, describePage, eventually, focused, keyResultRow, linkableIssues, screenshot, settled, startPreview, TEST_TIMEOUT_MS, visible, type Preview, openProjectPage as openPage } from './support';
import { must } from '../test/support/must';

type SearchResult = DataOf<'searchKeyResults'>['results'][number];

let preview: Preview;
/** The running sprint, as the Product Owner's overview has it before anything is linked. */
let activeSprint: SprintView;
/** The two issues of the running sprint linked first, and the Key Result each is linked to. */
let linked: Array<{ issueKey: string; keyResult: SearchResult }>;
/** The backlog item linked to the first Key Result. */
let backlogKey: string;
/** A third Key Result, which (b) ties the Sprint Goal to in place of the second suggestion. */
let third: SearchResult;

/** What a resolver answers this user on an issue's panel, straight from the dev server. */
const invokeOnIssue = <T>(accountId: string, issueKey: string, functionKey: string, payload: unknown = {}) =>
  preview.invokeOnIssue<Envelope<T>>(accountId, issueKey, functionKey, payload);

async function overviewFor(accountId: string): Promise<ProjectOverviewData> {
  const answer = await preview.invokeAs<Envelope<ProjectOverviewData>>(accountId, 'getProjectOverview');
  assert.ok(answer.ok, `getProjectOverview failed: ${JSON.stringify(answer)}`);
  return answer.data;
}

function activeOf(overview: ProjectOverviewData): SprintView {
  const active = overview.sprints.find((sprint) => sprint.state === 'active');
  assert.ok(active, `an active sprint in ${overview.cycle.name}: ${overview.sprints.map((s) => `${s.name} (${s.state})`).join(', ')}`);
  return active;
}

function titleOf(overview: ProjectOverviewData, keyResultId: string): string {
  const keyResult = overview.objectives.flatMap((objective) => objective.keyResults).find((kr: KeyResultView) => kr.id === keyResultId);
  assert.ok(keyResult, `Key Result ${keyResultId} in the overview`);
  return keyResult.title;
}

async function link(accountId: string, issueKey: string, keyResultId: string): Promise<void> {
  const answer = await invokeOnIssue<IssuePanelData>(accountId, issueKey, 'linkIssue', { keyResultId });
  assert.ok(answer.ok, `linkIssue ${issueKey} → ${keyResultId}: ${JSON.stringify(answer)}`);
}

before(async () => {
  preview = await startPreview();
  const priya = preview.defaultAccountId;
  const diego = preview.userNamed(/Diego Alvarez/).accountId;
  const overview = await overviewFor(priya);
  activeSprint = activeOf(overview);
  assert.ok(overview.unaligned && overview.unaligned.issues.length >= 2, `the running sprint has unaligned work: ${JSON.stringify(overview.unaligned)}`);
  assert.ok(overview.backlog.length > 0, 'the demo backlog has issues');

  // Two issues Diego may link, each to a Key Result of a different active Objective.
  const candidates = await linkableIssues(preview, diego, overview.unaligned.issues, 2);
  const search = await invokeOnIssue<DataOf<'searchKeyResults'>>(diego, must(candidates[0], 'candidates[0]'), 'searchKeyResults', {});
  assert.ok(search.ok, `searchKeyResults: ${JSON.stringify(search)}`);
  const active = search.data.results.filter((result) => result.objective.status === 'active');
  const objectives = [...new Set(active.map((result) => result.objective.id))];
  assert.ok(objectives.length >= 2, 'two active Objectives with Key Results');
  const first = must(active.find((result) => result.objective.id === objectives[0]), 'active.find((result) => result.objective.id === objectives[0])');
  const second = must(active.find((result) => result.objective.id === objectives[1]), 'active.find((result) => result.objective.id === objectives[1])');
  const rest = active.find((result) => result.keyResult.id !== first.keyResult.id && result.keyResult.id !== second.keyResult.id);
  assert.ok(rest, 'a third Key Result of an active Objective');
  third = rest;

  linked = [
    { issueKey: must(candidates[0], 'candidates[0]'), keyResult: first },
    { issueKey: must(candidates[1], 'candidates[1]'), keyResult: second },
  ];
  for (const { issueKey, keyResult } of linked) await link(diego, issueKey, keyResult.keyResult.id);
  backlogKey = must(overview.backlog[0], 'overview.backlog[0]').key;
  await link(diego, backlogKey, first.keyResult.id);
});

after(async () => {
  await preview?.close();
});

/** Opens the project page and waits until it has loaded. */
const openProjectPage = (page: Page): Promise<FrameLocator> => openPage(page, preview, [['okr-limit', 'the OKR-in-process gauge'], ['active-sprint', 'the running sprint beside the gauge']]);

function activeRow(app: FrameLocator): Locator {
  return app.locator('[data-testid="sprint-row"][data-sprint-state="active"]');
}

/** The titles and suggested flags of the Key Result tags under `scope`. */
async function tags(scope: Locator, testId: string): Promise<Array<[string | null, string | null]>> {
  const found = scope.getByTestId(testId);
  const result: Array<[string | null, string | null]> = [];
  for (let i = 0; i < (await found.count()); i++) {
    const tag = found.nth(i);
    result.push([await tag.getAttribute('data-key-result-title'), await tag.getAttribute('data-suggested')]);
  }
  return result.sort();
}

/** The host page scrolls, not the app's iframe: back to the top, so a full-page screenshot has its header there. */
async function scrollToTop(page: Page): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await new Promise((resolve) => setTimeout(resolve, 200));
}

const pct = (share: number) => `${Math.round(share * 100)}%`;
/** The backlog row of an issue, by its key cell: GYM-7 is not GYM-73. */
const backlogRowOf = (app: FrameLocator, key: string) => app.getByTestId('backlog-row').filter({ has: app.getByText(key, { exact: true }) });

describe('Alignment on the project page', () => {
  test('(a) the Scrum Master reads the limit, the running sprint with its suggested Key Results and its share, and what serves none', { timeout: TEST_TIMEOUT_MS }, async () => {
    const sam = preview.userNamed(/Sam Okafor/);
    const overview = await overviewFor(sam.accountId);
    const sprint = activeOf(overview);
    assert.equal(sprint.keyResultsSuggested, true, 'no Product Owner tied the Sprint Goal yet');
    const suggestedIds = linked.map((l) => l.keyResult.keyResult.id);
    for (const id of suggestedIds) assert.ok(sprint.keyResultIds.includes(id), `the linked issues suggest ${id}: ${sprint.keyResultIds.join(', ')}`);
    assert.ok(sprint.alignedShare !== null && sprint.alignedShare > 0, `part of the sprint serves a Key Result: ${sprint.alignedShare}`);
    const unaligned = overview.unaligned;
    assert.ok(unaligned, 'the unaligned work of the running sprint');

    const { context, page } = await preview.newPage({ theme: 'light', accountId: sam.accountId });
    try {
      const app = await openProjectPage(page);
      await visible(page, app.getByTestId('okr-limit-text').filter({ hasText: `of ${overview.okrLimit.limit} OKRs in process` }), 'the limit gauge');

      const card = app.getByTestId('active-sprint');
      assert.equal(await card.getAttribute('data-sprint-id'), String(sprint.id));
      const points = sprint.alignedPointShare === null ? '' : ` (${pct(sprint.alignedPointShare)} of points)`;
      const sentence = `${pct(must(sprint.alignedShare, 'sprint.alignedShare'))} of ${sprint.name}'s issues serve a Key Result${points}`;
      await visible(page, card.getByTestId('active-sprint-alignment').filter({ hasText: sentence }), `"${sentence}"`);
      await visible(page, card.getByTestId('alignment-bar'), 'the alignment bar');
      await visible(page, card.getByTestId('active-sprint-goal').filter({ hasText: sprint.goal.trim() }), 'the Sprint Goal in the card');
      await visible(page, card.getByText('Serves, suggested from linked issues:'), 'the note that the Key Results are suggested');
      const expected = sprint.keyResultIds.map((id) => [titleOf(overview, id), 'true'] as [string, string]).sort();
      assert.deepEqual(await tags(card, 'active-sprint-key-result'), expected, 'the suggested Key Results in the card');
      assert.deepEqual(await tags(activeRow(app), 'sprint-key-result'), expected, 'the suggested Key Results in the timeline');
      await visible(page, activeRow(app).getByTestId('sprint-aligned-share').filter({ hasText: pct(must(sprint.alignedShare, 'sprint.alignedShare')) }), 'the share in the timeline row');
      assert.equal(await app.getByTestId('tie-sprint-goal').count(), 0, 'a Scrum Master cannot tie a Sprint Goal');

      // What serves none: the running sprint's issues without a Key Result, the linked ones not among them.
      const section = app.getByTestId('unaligned');
      await visible(page, section.getByTestId('unaligned-count').filter({ hasText: `${unaligned.issues.length} of ${sprint.issueCount} issues in ${sprint.name}` }), 'the unaligned count');
      if ((await section.getByTestId('unaligned-show-all').count()) > 0) await section.getByTestId('unaligned-show-all').click();
      await eventually(page, async () => (await section.getByTestId('unaligned-issue').count()) === unaligned.issues.length, `all ${unaligned.issues.length} unaligned issues listed`);
      const shownKeys: Array<string | null> = [];
      for (const row of await section.getByTestId('unaligned-issue').all()) shownKeys.push(await row.getAttribute('data-issue-key'));
      assert.deepEqual(shownKeys, unaligned.issues.map((issue) => issue.key));
      for (const { issueKey } of linked) assert.ok(!shownKeys.includes(issueKey), `${issueKey} serves a Key Result now`);

      // The linked Key Result's flow and burn-up.
      const linkedRow = keyResultRow(app, must(linked[0], 'linked[0]').keyResult.keyResult.title);
      await visible(page, linkedRow.getByTestId('key-result-flow').filter({ hasText: /^WIP \d+ · [\d.]+ done\/sprint · cycle time (–|[\d.]+ d) · oldest WIP (–|[\d.]+ d)$/ }), 'the flow figures');
      const burnUp = linkedRow.getByTestId('burn-up');
      assert.equal(await burnUp.getAttribute('role'), 'img');
      assert.match((await burnUp.getAttribute('aria-label')) ?? '', /^Burn-up of “.+” over Q\d \d{4}: /);
      assert.equal(await app.getByTestId('burn-up').count(), overview.objectives.flatMap((objective) => objective.keyResults).length, 'a burn-up per Key Result');

      // The backlog by Key Result.
      const backlogRow = backlogRowOf(app, backlogKey);
      await visible(page, backlogRow.getByTestId('backlog-key-result').filter({ hasText: must(linked[0], 'linked[0]').keyResult.keyResult.title }), `${backlogKey}'s Key Result in the backlog`);
      const filter = app.getByTestId('backlog-filter');
      await filter.click();
      await app.getByRole('option', { name: must(linked[0], 'linked[0]').keyResult.keyResult.title, exact: true }).click();
      await eventually(page, async () => (await app.getByTestId('backlog-row').count()) === 1, 'only the backlog item serving the Key Result is shown');
      await visible(page, backlogRowOf(app, backlogKey), backlogKey);
      await filter.click();
      await app.getByRole('option', { name: 'Serves no Key Result', exact: true }).click();
      await eventually(page, async () => (await app.getByTestId('backlog-row').count()) > 0, 'the backlog items serving nothing');
      assert.equal(await backlogRowOf(app, backlogKey).count(), 0, `${backlogKey} serves a Key Result`);
      assert.equal(await app.getByTestId('backlog-table').getByTestId('backlog-key-result').count(), 0, 'no tags on items that serve nothing');

      assertNoCrash(page);
      await scrollToTop(page);
      await screenshot(page, 'alignment-a-scrum-master-light');
    } finally {
      await context.close();
    }
  });

  test('(b) the Product Owner ties the Sprint Goal to two Key Results through the dialog; a reload keeps them', { timeout: TEST_TIMEOUT_MS }, async () => {
    const [first, second] = linked.map((l) => l.keyResult.keyResult);
    const { context, page } = await preview.newPage({ theme: 'light' });
    try {
      const app = await openProjectPage(page);
      const row = activeRow(app);
      await row.getByTestId('tie-sprint-goal').click();
      const dialog = app.getByRole('dialog', { name: `Tie ${activeSprint.name} to Key Results` });
      await visible(page, dialog, 'the tie dialog');
      await focused(page, dialog.getByRole('combobox', { name: 'Key Results' }), 'its Key Results');
      await settled(dialog);
      // Pre-filled with the suggestion.
      for (const keyResult of [must(first, 'first'), must(second, 'second')]) {
        await visible(page, dialog.getByRole('button', { name: `Remove ${keyResult.title}` }), `"${keyResult.title}" chosen already`);
      }
      await dialog.getByRole('button', { name: `Remove ${must(second, 'second').title}` }).click();
      await dialog.getByRole('combobox', { name: 'Key Results' }).click();
      // The menu opens outside the dialog (a portal on the page's body), so the dialog never cuts it off.
      await app.getByRole('option', { name: third.keyResult.title, exact: true }).click();
      await visible(page, dialog.getByRole('button', { name: `Remove ${third.keyResult.title}` }), `"${third.keyResult.title}" chosen`);
      await screenshot(page, 'alignment-b-tie-dialog-light', { viewport: true });

      // The server refuses once: the dialog shows its words and keeps the choice.
      const refusal = 'Sprint 8 is not a sprint of GYM’s boards (test).';
      await page.route('**/api/invoke', async (route) => {
        const body = route.request().postDataJSON() as { functionKey?: string };
        if (body.functionKey !== 'setSprintKeyResults') return route.continue();
        await route.fulfill({ contentType: 'application/json', body: JSON.stringify({ result: { ok: false, error: { code: 'NOT_FOUND', message: refusal } } }) });
      });
      await dialog.getByTestId('save-sprint-key-results').click();
      await visible(page, dialog.getByTestId('save-error').filter({ hasText: refusal }), "the server's message in the dialog");
      await page.unroute('**/api/invoke');

      await dialog.getByTestId('save-sprint-key-results').click();
      await eventually(page, async () => (await dialog.count()) === 0, 'the tie dialog closed');
      const expected = [must(first, 'first').title, third.keyResult.title].map((title) => [title, 'false'] as [string, string]).sort();
      await eventually(page, async () => JSON.stringify(await tags(row, 'sprint-key-result')) === JSON.stringify(expected), 'the row shows the tied Key Results, not suggested');
      assert.deepEqual(await tags(app.getByTestId('active-sprint'), 'active-sprint-key-result'), expected, 'the card shows them too');
      await visible(page, row.getByText('Serves:', { exact: true }), 'no "suggested" note any more');

      const stored = activeOf(await overviewFor(preview.defaultAccountId));
      assert.deepEqual([...stored.keyResultIds].sort(), [must(first, 'first').id, third.keyResult.id].sort(), 'the server has the tie');
      assert.equal(stored.keyResultsSuggested, false);
      assertNoCrash(page);
      await scrollToTop(page);
      await screenshot(page, 'alignment-b-tied-light');

      await page.reload();
      const again = await openProjectPage(page);
      await eventually(page, async () => JSON.stringify(await tags(activeRow(again), 'sprint-key-result')) === JSON.stringify(expected), 'the tie is still there after a reload');
      assertNoCrash(page);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${await describePage(page)}`, { cause: error });
    } finally {
      await context.close();
    }
  });

  test('(c) a stakeholder reads the tied Sprint Goal and cannot change it', { timeout: TEST_TIMEOUT_MS }, async () => {
    const sofia = preview.userNamed(/Sofia Rossi/);
    const overview = await overviewFor(sofia.accountId);
    assert.equal(overview.access.canEdit, false);
    const { context, page } = await preview.newPage({ theme: 'dark', accountId: sofia.accountId });
    try {
      const app = await openProjectPage(page);
      await visible(page, activeRow(app).getByTestId('sprint-key-result'), 'the Key Results of the running sprint');
      assert.equal(await app.getByTestId('tie-sprint-goal').count(), 0, 'no "Tie to Key Results" for a stakeholder');
      assert.equal(await app.getByRole('button', { name: /Tie .* to Key Results/ }).count(), 0);
      await eventually(page, async () => (await app.locator('html').getAttribute('data-color-mode')) === 'dark', 'the app is in the dark theme');
      assertNoCrash(page);
      await screenshot(page, 'alignment-c-stakeholder-dark');
    } finally {
      await context.close();
    }
  });
});
