// The history of a Key Result with more changes than one page holds: the dialog shows the newest 25,
// and "Show more" adds the older ones below them, until every change is shown.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Envelope, HistoryChange, ProjectOverviewData } from '../src/contract';
import { appFrame, assertNoCrash, eventually, keyResultRow, screenshot, settled, startPreview, TEST_TIMEOUT_MS, visible, type Preview } from './support';
import { must } from '../test/support/must';

const CHECK_INS = 30;

let preview: Preview;

before(async () => {
  preview = await startPreview();
});

after(async () => {
  await preview?.close();
});

/** Every change of the Key Result, page after page, as the resolver answers them. */
async function wholeHistory(accountId: string, keyResultId: string): Promise<HistoryChange[]> {
  const changes: HistoryChange[] = [];
  let cursor: string | undefined;
  do {
    const answer = await preview.invokeAs<Envelope<{ changes: HistoryChange[]; nextCursor?: string }>>(accountId, 'getHistory', { keyResultId, ...(cursor ? { cursor } : {}) });
    assert.ok(answer.ok, `getHistory failed: ${JSON.stringify(answer)}`);
    changes.push(...answer.data.changes);
    cursor = answer.data.nextCursor;
  } while (cursor);
  return changes;
}

describe('a long history', () => {
  test('shows the newest 25 changes, and "Show more" adds the older ones below until all are shown', { timeout: TEST_TIMEOUT_MS }, async () => {
    const owner = preview.userNamed(/Priya/);
    const overview = await preview.invokeAs<Envelope<ProjectOverviewData>>(owner.accountId, 'getProjectOverview');
    assert.ok(overview.ok, `getProjectOverview failed: ${JSON.stringify(overview)}`);
    const keyResult = overview.data.objectives.flatMap((objective) => objective.keyResults)[0];
    assert.ok(keyResult, 'a demo Key Result');
    for (let i = 1; i <= CHECK_INS; i++) {
      const answer = await preview.invokeAs<Envelope<unknown>>(owner.accountId, 'checkIn', {
        keyResultId: keyResult.id,
        value: keyResult.metric.current + i,
        confidence: 6,
        note: `Weekly check-in ${i}`,
      });
      assert.ok(answer.ok, `checkIn failed: ${JSON.stringify(answer)}`);
    }
    const all = await wholeHistory(owner.accountId, keyResult.id);
    assert.ok(all.length > CHECK_INS && all.length <= 50, `${all.length} changes: more than one page, at most two`);

    const { context, page } = await preview.newPage({ theme: 'light', accountId: owner.accountId });
    try {
      await page.goto(`${preview.url}/`);
      const app = appFrame(page);
      const row = keyResultRow(app, keyResult.title);
      await visible(page, row, `the Key Result "${keyResult.title}"`);
      await row.getByTestId('history').click();
      const dialog = app.getByRole('dialog', { name: /History of/ });
      const entries = dialog.getByTestId('history-change');
      await eventually(page, async () => (await entries.count()) === 25, 'the newest 25 changes');
      await visible(page, entries.first().filter({ hasText: `Weekly check-in ${CHECK_INS}` }), 'the latest check-in first');
      const showMore = dialog.getByTestId('history-show-more');
      await visible(page, showMore, 'the "Show more" button');

      await showMore.click();
      await eventually(page, async () => (await entries.count()) === all.length, `all ${all.length} changes`);
      // The ones shown stay, the older ones come below them, and there is nothing more to show.
      await visible(page, entries.first().filter({ hasText: `Weekly check-in ${CHECK_INS}` }), 'the latest check-in still first');
      assert.equal(await entries.last().getAttribute('data-what'), must(all.at(-1), 'all.at(-1)').what, 'the oldest change last');
      assert.equal(await showMore.count(), 0, 'no "Show more" once every change is shown');
      await settled(dialog);
      await screenshot(page, 'history-show-more', { viewport: true });
      assertNoCrash(page);
    } finally {
      await context.close();
    }
  });
});
