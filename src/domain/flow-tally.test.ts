import fc from 'fast-check';
import type { StatusCategory } from '../contract';
import { flowMetrics, median, roundToTenth } from './flow';
import { addTally, changeTally, countsOfTally, emptyTally, flowOfTally, isEmptyTally, tallyOf } from './flow-tally';
import { flowIssueOfKept, type KeptIssue } from './kept';

const NOW = Date.parse('2026-11-18T12:00:00.000Z');
const DAY = 86_400_000;
const cycle = { startDate: '2026-10-01', endDate: '2026-12-31' };

// Kept issues with dates up to now (as Jira's are), some months before the cycle began.
const when = fc.integer({ min: NOW - 200 * DAY, max: NOW }).map((ms) => new Date(ms).toISOString());
const keptIssue = (id: number) =>
  fc
    .record({
      category: fc.constantFrom<StatusCategory>('todo', 'inprogress', 'done'),
      startedAt: fc.option(when, { nil: undefined }),
      wipSince: fc.option(when, { nil: undefined }),
      doneAt: fc.option(when, { nil: undefined }),
    })
    .map(({ category, startedAt, wipSince, doneAt }): KeptIssue => ({
      id: String(10000 + id),
      key: `T-${id}`,
      category,
      ...(startedAt ? { startedAt } : {}),
      ...(wipSince && category === 'inprogress' ? { wipSince } : {}),
      ...(doneAt && category === 'done' ? { doneAt } : {}),
      updated: new Date(NOW).toISOString(),
    }));
const issues = fc.array(fc.nat(40), { maxLength: 40 }).chain((ids) => fc.tuple(...[...new Set(ids)].map(keptIssue)));

describe('a Key Result’s flow tally', () => {
  it('gives the figures flowMetrics gives for the same issues', () => {
    fc.assert(
      fc.property(issues, fc.integer({ min: 0, max: 6 }), (kept, sprintsEnded) => {
        const options = { now: new Date(NOW), cycle, sprintsEnded };
        expect(flowOfTally(tallyOf(kept), options)).toEqual(flowMetrics(kept.map(flowIssueOfKept), options));
        const categories = kept.map((issue) => issue.category);
        expect(countsOfTally(tallyOf(kept))).toEqual({
          total: kept.length,
          todo: categories.filter((c) => c === 'todo').length,
          inProgress: categories.filter((c) => c === 'inprogress').length,
          done: categories.filter((c) => c === 'done').length,
        });
      }),
      { numRuns: 300 },
    );
  });

  it('counts a value held by several issues as often as it is held, and none for a count below one (changes not all applied yet)', () => {
    // A few distinct times, so that issues share them; counts from −2 to 4.
    const counts = fc.dictionary(fc.integer({ min: 1, max: 40 * DAY }).map((ms) => ms.toString(36)), fc.integer({ min: -2, max: 4 }), { maxKeys: 6 });
    fc.assert(
      fc.property(counts, counts, (cycleMs, wipSince) => {
        const repeated = (record: Record<string, number>) => Object.entries(record).flatMap(([key, count]) => Array.from({ length: Math.max(0, count) }, () => parseInt(key, 36)));
        const cycleDays = median(repeated(cycleMs).map((ms) => ms / DAY));
        const starts = repeated(wipSince).map((ms) => NOW - ms);
        const tally = { ...emptyTally(), cycleMs, wipSince: Object.fromEntries(Object.entries(wipSince).map(([key, count]) => [(NOW - parseInt(key, 36)).toString(36), count])) };
        const figures = flowOfTally(tally, { now: new Date(NOW), cycle, sprintsEnded: 1 });
        expect(figures.medianCycleTimeDays).toEqual(cycleDays === null ? null : roundToTenth(cycleDays));
        expect(figures.oldestWipAgeDays).toEqual(starts.length === 0 ? null : roundToTenth((NOW - Math.min(...starts)) / DAY));
      }),
      { numRuns: 300 },
    );
  });

  it('reaches the same tally from changes applied in any order, each once', () => {
    fc.assert(
      fc.property(issues, issues, fc.array(fc.nat(), { minLength: 80, maxLength: 80 }), (before, after, order) => {
        const was = new Map(before.map((issue) => [issue.id, issue]));
        const now = new Map(after.map((issue) => [issue.id, issue]));
        const ids = [...new Set([...was.keys(), ...now.keys()])];
        const shuffled = ids.map((id, index) => ({ id, at: order[index % order.length] ?? 0 })).sort((a, b) => a.at - b.at);
        const tally = tallyOf(before);
        for (const { id } of shuffled) addTally(tally, changeTally(was.get(id), now.get(id)));
        expect(tally).toEqual(tallyOf(after));
      }),
      { numRuns: 200 },
    );
  });

  it('knows a change that changes nothing', () => {
    const issue: KeptIssue = { id: '1', key: 'T-1', category: 'done', startedAt: '2026-11-01T00:00:00.000Z', doneAt: '2026-11-03T00:00:00.000Z', updated: '2026-11-03T00:00:00.000Z' };
    expect(isEmptyTally(changeTally(issue, { ...issue, updated: '2026-11-04T00:00:00.000Z', points: 3 }))).toBe(true);
    expect(isEmptyTally(changeTally(issue, { ...issue, category: 'inprogress', doneAt: undefined, wipSince: '2026-11-04T00:00:00.000Z' }))).toBe(false);
    expect(flowOfTally(emptyTally(), { now: new Date(NOW), cycle, sprintsEnded: 2 })).toEqual({ wip: 0, throughputPerSprint: 0, medianCycleTimeDays: null, oldestWipAgeDays: null });
  });
});
