// Browser journeys through what the project page loads as it is read, against the local preview with
// GymTonic's demo OKRs and 30 more stories at the end of GYM's backlog (72 in all, more than a page):
// (a) the backlog shows its first 50 issues and "Show more" adds the rest in rank order; (b) the Key
// Result filter lists, from the server, the backlog issues linked to the Key Result, then those
// serving none; (c) opening a Key Result's row loads its linked issues with their status.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import type { DataOf, Envelope, IssuePanelData, ProjectOverviewData } from '../src/contract';
import { assertNoCrash, eventually, keyResultRow, screenshot, startPreview, TEST_TIMEOUT_MS, visible, type Preview, openProjectPage as openPage } from './support';
import { must } from '../test/support/must';

const EXTRA = 30;
type KeyResultHit = DataOf<'searchKeyResults'>['results'][number];

let preview: Preview;
let overview: ProjectOverviewData;
/** The Key Result two of the added stories are linked to, and those stories' keys. */
let target: KeyResultHit;
let linkedKeys: string[];

/** Opens the project page and waits until it has loaded. */
const openProjectPage = (page: Page): Promise<FrameLocator> => openPage(page, preview);

const rowKeys = async (app: FrameLocator): Promise<string[]> => {
  const keys: string[] = [];
  for (const text of await app.getByTestId('backlog-row').allInnerTexts()) keys.push(/\b(GYM-\d+)\b/.exec(text)?.[1] ?? '?');
  return keys;
};

before(async () => {
  preview = await startPreview({ extraBacklogIssues: EXTRA });
  const answer = await preview.invokeAs<Envelope<ProjectOverviewData>>(preview.defaultAccountId, 'getProjectOverview');
  assert.ok(answer.ok, JSON.stringify(answer));
  overview = answer.data;
  assert.equal(overview.backlog.length, 50, 'the overview carries the backlog’s first page');
  assert.ok(overview.backlogNextCursor, 'and says more remain');

  // Diego links the last two added stories (the end of the backlog: on no first page) to a Key Result.
  const diego = preview.userNamed(/Diego Alvarez/).accountId;
  const last = 'Backlog idea';
  const keyOf = async (n: number) => {
    const found = await preview.invokeAs<Envelope<DataOf<'getBacklogPage'>>>(diego, 'getBacklogPage', { cursor: overview.backlogNextCursor });
    assert.ok(found.ok, JSON.stringify(found));
    const item = found.data.items.find((candidate) => candidate.summary === `${last} ${n}`);
    assert.ok(item, `"${last} ${n}" on the backlog's second page`);
    return item.key;
  };
  linkedKeys = [await keyOf(EXTRA - 1), await keyOf(EXTRA)];
  const search = await preview.invokeOnIssue<Envelope<DataOf<'searchKeyResults'>>>(diego, must(linkedKeys[0], 'linkedKeys[0]'), 'searchKeyResults', {});
  assert.ok(search.ok && search.data.results.length > 0, JSON.stringify(search));
  target = must(search.data.results[0], 'search.data.results[0]');
  for (const key of linkedKeys) {
    const linked = await preview.invokeOnIssue<Envelope<IssuePanelData>>(diego, key, 'linkIssue', { keyResultId: target.keyResult.id });
    assert.ok(linked.ok, JSON.stringify(linked));
  }
});

after(async () => {
  await preview?.close();
});

describe('The project page loads what is read', () => {
  test('(a) the backlog shows its first 50 issues; "Show more" adds the rest in rank order', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ theme: 'light' });
    try {
      const app = await openProjectPage(page);
      await eventually(page, async () => (await app.getByTestId('backlog-row').count()) === 50, '50 backlog rows');
      await visible(page, app.getByTestId('backlog-summary').filter({ hasText: 'First 50 issues shown (more below)' }), 'the summary saying more remain');
      assert.deepEqual(await rowKeys(app), overview.backlog.map((item) => item.key), 'the first page in rank order');

      await app.getByTestId('backlog-show-more').click();
      await eventually(page, async () => (await app.getByTestId('backlog-row').count()) === 42 + EXTRA, `all ${42 + EXTRA} backlog rows`);
      const keys = await rowKeys(app);
      assert.deepEqual(keys.slice(0, 50), overview.backlog.map((item) => item.key), 'the first page stays on top');
      assert.deepEqual(keys.slice(-2), linkedKeys, 'the added stories come last, as ranked');
      assert.equal(await app.getByTestId('backlog-show-more').count(), 0, 'nothing more to show');
      await visible(page, app.getByTestId('backlog-summary').filter({ hasText: `${42 + EXTRA} issues` }), 'the whole backlog counted');
      const lastRow = app.getByTestId('backlog-row').last();
      await visible(page, lastRow.getByText(String(42 + EXTRA), { exact: true }), 'the last row’s rank');
      await visible(page, lastRow.getByTestId('backlog-key-result').filter({ hasText: target.keyResult.title }), 'its Key Result');
      assertNoCrash(page);
      await screenshot(page, 'backlog-a-show-more-light');
    } finally {
      await context.close();
    }
  });

  test('(b) the Key Result filter lists the backlog issues linked to it, then those serving none, from the server', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ theme: 'dark' });
    try {
      const app = await openProjectPage(page);
      await eventually(page, async () => (await app.getByTestId('backlog-row').count()) === 50, '50 backlog rows');
      const filter = app.getByTestId('backlog-filter');
      await filter.click();
      await app.getByRole('option', { name: target.keyResult.title, exact: true }).click();
      // Both linked stories are beyond the first page: only the server's search can find them.
      await eventually(page, async () => JSON.stringify(await rowKeys(app)) === JSON.stringify(linkedKeys), `only ${linkedKeys.join(' and ')}`);
      await visible(page, app.getByTestId('backlog-filter-count').filter({ hasText: '2 issues' }), 'the count of the filtered list');

      await filter.click();
      await app.getByRole('option', { name: 'Serves no Key Result', exact: true }).click();
      await eventually(page, async () => (await app.getByTestId('backlog-row').count()) > 0 && !(await rowKeys(app)).some((key) => linkedKeys.includes(key)), 'the issues serving none');
      assert.equal(await app.getByTestId('backlog-table').getByTestId('backlog-key-result').count(), 0, 'no tags on items that serve nothing');
      assertNoCrash(page);
      await screenshot(page, 'backlog-b-filter-dark');
    } finally {
      await context.close();
    }
  });

  test('(c) opening a Key Result’s row loads its linked issues with their status', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ theme: 'light' });
    try {
      const app = await openProjectPage(page);
      const row = keyResultRow(app, target.keyResult.title);
      const work = row.getByTestId('key-result-work');
      await visible(page, work, `the linked work of "${target.keyResult.title}"`);
      const total = Number(await work.getAttribute('data-linked-issues'));
      assert.ok(total >= 2, `at least the two stories are linked: ${total}`);
      assert.equal(await row.getByTestId('key-result-issue').count(), 0, 'nothing is listed before the row opens');
      await work.getByTestId('key-result-issues-toggle').click();
      await eventually(page, async () => (await row.getByTestId('key-result-issue').count()) === Math.min(total, 50), `the linked issues (${total})`);
      for (const key of linkedKeys) {
        const issue = row.locator(`[data-testid="key-result-issue"][data-issue-key="${key}"]`);
        await visible(page, issue.getByText(/^to do$/i), `${key} with its status`);
      }
      assertNoCrash(page);
    } finally {
      await context.close();
    }
  });
});
