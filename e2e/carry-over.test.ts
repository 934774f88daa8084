// A browser journey at a cycle's end, against the local preview with GymTonic's demo OKRs: the
// Product Owner carries an Objective over with one unfinished Key Result and the grade it closes with,
// sees the old one closed and naming where it went, then finds its copy in the next cycle, starting
// from the value reached and naming the cycle it continues from.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Envelope, ObjectiveView, ProjectOverviewData } from '../src/contract';
import { assertNoCrash, eventually, keyResultRow, objectiveCard, openProjectPage, screenshot, startPreview, TEST_TIMEOUT_MS, visible, type Preview } from './support';

const OBJECTIVE = 'Help more members reach their fitness goals through personalized training plans';
const CARRIED = 'Members who complete 3+ planned workouts a week';

let preview: Preview;

before(async () => {
  preview = await startPreview();
});

after(async () => {
  await preview?.close();
});

async function overview(cycleId?: string): Promise<ProjectOverviewData> {
  const answer = await preview.invokeAs<Envelope<ProjectOverviewData>>(preview.defaultAccountId, 'getProjectOverview', cycleId ? { cycleId } : {});
  assert.ok(answer.ok, `getProjectOverview failed: ${JSON.stringify(answer)}`);
  return answer.data;
}

const named = (objectives: ObjectiveView[]) => objectives.find((objective) => objective.title === OBJECTIVE);

describe('carrying OKRs over at a cycle’s end', () => {
  test('the Product Owner carries a Key Result into the next cycle and sees it there, with the link both ways', { timeout: TEST_TIMEOUT_MS }, async () => {
    const before = await overview();
    const next = before.cycles.find((cycle) => cycle.startDate > before.cycle.endDate && cycle.kind === 'quarter');
    assert.ok(next, 'a quarter after the current one');
    const old = named(before.objectives);
    const value = old?.keyResults.find((keyResult) => keyResult.title === CARRIED)?.metric.current;
    assert.ok(old && value !== undefined && old.status === 'active', `the demo's “${OBJECTIVE}” is active with “${CARRIED}”`);

    const { context, page } = await preview.newPage({ theme: 'light' });
    try {
      const app = await openProjectPage(page, preview);
      const card = objectiveCard(app, OBJECTIVE);
      await visible(page, card.getByTestId('carry-over'), 'the card’s “Carry over” for the Product Owner');
      await card.getByTestId('carry-over').click();

      const dialog = app.getByTestId('carry-dialog');
      await visible(page, dialog, 'the carry-over dialog');
      // Only the one Key Result goes; it closes with 0.5.
      const rows = dialog.getByTestId('carry-key-result');
      await eventually(page, async () => (await rows.count()) > 1, 'the unfinished Key Results listed');
      for (let index = 0; index < (await rows.count()); index++) {
        const row = rows.nth(index);
        if ((await row.getAttribute('data-key-result-title')) !== CARRIED) await row.getByTestId('carry-choose').uncheck();
      }
      const carried = dialog.locator(`[data-testid="carry-key-result"][data-key-result-title="${CARRIED}"]`);
      assert.equal(await carried.getByTestId('carry-choose').isChecked(), true);
      await carried.getByTestId('carry-grade').selectOption('0.5');
      await dialog.getByTestId('carry-note').fill('Logging workouts still takes too many taps');
      await screenshot(page, 'carry-over-dialog', { viewport: true });
      await dialog.getByTestId('confirm-carry-over').click();
      await eventually(page, async () => (await dialog.count()) === 0, 'the dialog closed');

      // This cycle: closed, and saying where it went, with the grade.
      await visible(page, card.getByTestId('carried-to').filter({ hasText: `Carried over to ${next.name}` }), `“Carried over to ${next.name}” on the old Objective`);
      await visible(page, card.getByTestId('carried-to').filter({ hasText: `“${CARRIED}” (graded 0.5)` }), 'the Key Result that went, with its grade');
      await visible(page, card.getByTestId('objective-status').filter({ hasText: /done/i }), 'the old Objective closed as done');
      await screenshot(page, 'carry-over-old-cycle');

      // The next cycle: the copy, naming the cycle it continues from, its Key Result starting from the value reached.
      await app.getByTestId('cycle-switcher').click();
      await app.getByRole('option', { name: new RegExp(`^${next.name}`) }).click();
      const copy = objectiveCard(app, OBJECTIVE);
      await visible(page, copy.getByTestId('carried-from').filter({ hasText: `Continues from ${before.cycle.name}` }), `“Continues from ${before.cycle.name}” on the copy`);
      await visible(page, copy.getByTestId('carried-from').filter({ hasText: `“${CARRIED}” starts at the ${value}` }), 'the Key Result’s start, the value it reached');
      await visible(page, keyResultRow(app, CARRIED), 'the carried Key Result in the next cycle');
      assert.equal(await keyResultRow(app, 'Members with an active training plan').count(), 0, 'a Key Result left behind stays behind');
      assertNoCrash(page);
      await screenshot(page, 'carry-over-next-cycle');
    } finally {
      await context.close();
    }

    // As stored: the thread both ways.
    const after = await overview(next.id);
    const copy = named(after.objectives);
    const copyKeyResult = copy?.keyResults.find((keyResult) => keyResult.title === CARRIED);
    assert.deepEqual(
      { from: copy?.carriedFrom?.objectiveId, start: copyKeyResult?.metric.start, current: copyKeyResult?.metric.current, keyResults: copy?.keyResults.length },
      { from: old.id, start: value, current: value, keyResults: 1 },
    );
    const closed = named((await overview(before.cycle.id)).objectives);
    assert.equal(closed?.carriedTo?.objectiveId, copy?.id);
    assert.equal(closed?.keyResults.find((keyResult) => keyResult.title === CARRIED)?.lastGrade, 0.5);
  });
});
