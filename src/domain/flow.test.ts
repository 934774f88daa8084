import fc from 'fast-check';
import type { StatusCategory } from '../contract';
import { cycleTimeDays, doneAt, flowMetrics, inProgressSince, median, roundToTenth, type FlowIssue } from './flow';

const change = (at: string, toCategory: StatusCategory) => ({ at, toCategory });
const flowIssue = (key: string, statusCategory: StatusCategory, ...changes: Array<[string, StatusCategory]>): FlowIssue => ({
  key,
  statusCategory,
  changes: changes.map(([at, toCategory]) => change(at, toCategory)),
});

const cycle = { startDate: '2026-10-01', endDate: '2026-12-31' };
const now = new Date('2026-11-20T12:00:00Z');

// A known history, Q4 2026, read on 20 November at noon with three sprints ended.
const A = flowIssue('A', 'done', ['2026-10-05T09:00:00Z', 'inprogress'], ['2026-10-08T15:00:00Z', 'done']); // 3.25 days
const B = flowIssue(
  'B', // reopened: first start 10 Oct 00:00, last done 21 Oct 12:00 = 11.5 days
  'done',
  ['2026-10-10T00:00:00Z', 'inprogress'],
  ['2026-10-12T00:00:00Z', 'done'],
  ['2026-10-20T00:00:00Z', 'inprogress'],
  ['2026-10-21T12:00:00Z', 'done'],
);
const C = flowIssue('C', 'done', ['2026-10-15T00:00:00Z', 'done']); // done without being in progress
const D = flowIssue('D', 'inprogress', ['2026-11-17T00:00:00Z', 'inprogress']); // in progress 3.5 days
const E = flowIssue(
  'E', // done in the cycle, reopened 19 Nov, moved on to review 20 Nov: in progress since 19 Nov 00:00 = 1.5 days
  'inprogress',
  ['2026-10-01T00:00:00Z', 'inprogress'],
  ['2026-10-03T00:00:00Z', 'done'],
  ['2026-11-19T00:00:00Z', 'inprogress'],
  ['2026-11-20T00:00:00Z', 'inprogress'],
);
const F = flowIssue('F', 'done', ['2026-09-20T00:00:00Z', 'inprogress'], ['2026-09-22T06:00:00Z', 'done']); // last quarter, 2.25 days
const G = flowIssue('G', 'todo');
const H = flowIssue(
  'H', // started 1 Nov, sent back to to-do 5 Nov, picked up again 18 Nov 12:00 = 2 days
  'inprogress',
  ['2026-11-01T00:00:00Z', 'inprogress'],
  ['2026-11-05T00:00:00Z', 'todo'],
  ['2026-11-18T12:00:00Z', 'inprogress'],
);
const history = [A, B, C, D, E, F, G, H];

describe('median', () => {
  it('is the middle value, or the mean of the two middle values', () => {
    expect(median([3])).toBe(3);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(median([2, 2, 2, 9])).toBe(2);
  });

  it('is null for no values and leaves out non-finite ones', () => {
    expect(median([])).toBeNull();
    expect(median([Number.NaN])).toBeNull();
    expect(median([1, Number.NaN, 3, Infinity])).toBe(2);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('does not overflow on the largest numbers', () => {
    expect(median([Number.MAX_VALUE, Number.MAX_VALUE])).toBe(Number.MAX_VALUE);
  });

  it('lies between the smallest and largest value', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1 }), (values) => {
        const middle = median(values) as number;
        expect(middle).toBeGreaterThanOrEqual(Math.min(...values));
        expect(middle).toBeLessThanOrEqual(Math.max(...values));
      }),
    );
  });
});

describe('one issue’s history', () => {
  it('is done when it last moved into done, and only while it is done now', () => {
    expect(doneAt(B)).toBe(Date.parse('2026-10-21T12:00:00Z'));
    expect(doneAt(C)).toBe(Date.parse('2026-10-15T00:00:00Z'));
    // E was done in October but is in progress again.
    expect(doneAt(E)).toBeNull();
    expect(doneAt(flowIssue('X', 'done'))).toBeNull();
  });

  it('takes cycle time from the first start to the last finish', () => {
    expect(cycleTimeDays(A)).toBe(3.25);
    expect(cycleTimeDays(B)).toBe(11.5);
    expect(cycleTimeDays(F)).toBe(2.25);
    expect(cycleTimeDays(C)).toBeNull();
    expect(cycleTimeDays(D)).toBeNull();
  });

  it('ignores a start recorded after the issue was done', () => {
    // History and status disagree (the status was remapped): no start before the finish.
    expect(cycleTimeDays(flowIssue('X', 'done', ['2026-10-02T00:00:00Z', 'done'], ['2026-10-03T00:00:00Z', 'inprogress']))).toBeNull();
  });

  it('ages work in progress from the start of its current stretch', () => {
    expect(inProgressSince(D)).toBe(Date.parse('2026-11-17T00:00:00Z'));
    expect(inProgressSince(E)).toBe(Date.parse('2026-11-19T00:00:00Z'));
    expect(inProgressSince(H)).toBe(Date.parse('2026-11-18T12:00:00Z'));
    expect(inProgressSince(A)).toBeNull();
    // Created straight into an in-progress status: no recorded start.
    expect(inProgressSince(flowIssue('X', 'inprogress'))).toBeNull();
  });

  it('reads changes in time order and skips times that do not parse', () => {
    const shuffled = flowIssue('X', 'done', ['2026-10-08T15:00:00Z', 'done'], ['not a date', 'inprogress'], ['2026-10-05T09:00:00Z', 'inprogress']);
    expect(cycleTimeDays(shuffled)).toBe(3.25);
  });
});

describe('flowMetrics', () => {
  it('measures a known history', () => {
    expect(flowMetrics(history, { now, cycle, sprintsEnded: 3 })).toEqual({
      // D, E, H.
      wip: 3,
      // A, B and C were done in the quarter; E was reopened, F was done in the last one: 3 / 3 sprints.
      throughputPerSprint: 1,
      // Median of 2.25 (F), 3.25 (A), 11.5 (B) = 3.25, shown as 3.3; C never was in progress.
      medianCycleTimeDays: 3.3,
      // D: 17 Nov 00:00 to 20 Nov 12:00.
      oldestWipAgeDays: 3.5,
    });
  });

  it('does not round throughput', () => {
    expect(flowMetrics(history, { now, cycle, sprintsEnded: 2 }).throughputPerSprint).toBe(1.5);
    expect(flowMetrics([A, B], { now, cycle, sprintsEnded: 3 }).throughputPerSprint).toBe(2 / 3);
  });

  it('gives no throughput before the first sprint of the cycle has ended', () => {
    expect(flowMetrics(history, { now, cycle, sprintsEnded: 0 }).throughputPerSprint).toBe(0);
  });

  it('counts what was done within the cycle’s days, up to now', () => {
    const doneOn = (at: string) => flowIssue(at, 'done', [at, 'done']);
    const issues = [
      doneOn('2026-09-30T23:59:59Z'), // before the cycle
      doneOn('2026-10-01T00:00:00Z'), // its first instant
      doneOn('2026-12-31T23:59:59Z'), // its last second
      doneOn('2027-01-01T00:00:00Z'), // the next cycle
    ];
    const afterTheCycle = new Date('2027-01-15T00:00:00Z');
    expect(flowMetrics(issues, { now: afterTheCycle, cycle, sprintsEnded: 6 }).throughputPerSprint).toBe(2 / 6);
    // Read on 20 November, the issue done on 31 December has not been done yet.
    expect(flowMetrics(issues, { now, cycle, sprintsEnded: 3 }).throughputPerSprint).toBe(1 / 3);
  });

  it('takes the median of an even number of cycle times, then rounds', () => {
    // 3.25 (A) and 11.5 (B): 7.375 → 7.4.
    expect(flowMetrics([A, B], { now, cycle, sprintsEnded: 3 }).medianCycleTimeDays).toBe(7.4);
  });

  it('never ages work in progress below zero', () => {
    const future = flowIssue('X', 'inprogress', ['2026-11-20T12:05:00Z', 'inprogress']);
    expect(flowMetrics([future], { now, cycle, sprintsEnded: 3 }).oldestWipAgeDays).toBe(0);
  });

  it('counts work in progress without a recorded start, without ageing it', () => {
    expect(flowMetrics([flowIssue('X', 'inprogress')], { now, cycle, sprintsEnded: 3 })).toEqual({
      wip: 1,
      throughputPerSprint: 0,
      medianCycleTimeDays: null,
      oldestWipAgeDays: null,
    });
  });

  it('gives zeros and nulls for no issues', () => {
    expect(flowMetrics([], { now, cycle, sprintsEnded: 3 })).toEqual({
      wip: 0,
      throughputPerSprint: 0,
      medianCycleTimeDays: null,
      oldestWipAgeDays: null,
    });
  });
});

describe('flowMetrics properties', () => {
  const category = fc.constantFrom<StatusCategory>('todo', 'inprogress', 'done');
  const quarterStart = Date.parse('2026-09-01T00:00:00Z');
  const minutes = 150 * 24 * 60; // September to the end of January
  const randomIssue = fc.record({
    statusCategory: category,
    changes: fc.array(fc.record({ minute: fc.integer({ min: 0, max: minutes }), toCategory: category }), { maxLength: 8 }),
  });

  it('keeps counts within the issues and times non-negative', () => {
    fc.assert(
      fc.property(
        fc.array(randomIssue, { maxLength: 10 }),
        fc.integer({ min: 0, max: minutes }),
        fc.integer({ min: 0, max: 7 }),
        (records, nowMinute, sprintsEnded) => {
          const issues: FlowIssue[] = records.map(({ statusCategory, changes }, index) => ({
            key: `K-${index}`,
            statusCategory,
            changes: [...changes]
              .sort((a, b) => a.minute - b.minute)
              .map(({ minute, toCategory }) => change(new Date(quarterStart + minute * 60_000).toISOString(), toCategory)),
          }));
          const at = new Date(quarterStart + nowMinute * 60_000);
          const metrics = flowMetrics(issues, { now: at, cycle, sprintsEnded });

          expect(metrics.wip).toBeLessThanOrEqual(issues.length);
          expect(metrics.wip).toBe(issues.filter(({ statusCategory }) => statusCategory === 'inprogress').length);
          expect(metrics.throughputPerSprint).toBeGreaterThanOrEqual(0);
          if (sprintsEnded > 0) expect(metrics.throughputPerSprint * sprintsEnded).toBeLessThanOrEqual(issues.length - metrics.wip);
          else expect(metrics.throughputPerSprint).toBe(0);

          const cycleTimes = issues.map(cycleTimeDays).filter((days): days is number => days !== null);
          if (cycleTimes.length === 0) expect(metrics.medianCycleTimeDays).toBeNull();
          else {
            expect(metrics.medianCycleTimeDays).toBeGreaterThanOrEqual(roundToTenth(Math.min(...cycleTimes)));
            expect(metrics.medianCycleTimeDays).toBeLessThanOrEqual(roundToTenth(Math.max(...cycleTimes)));
          }
          if (metrics.oldestWipAgeDays !== null) {
            expect(metrics.wip).toBeGreaterThan(0);
            expect(metrics.oldestWipAgeDays).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });
});
