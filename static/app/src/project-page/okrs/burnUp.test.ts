import type { Cycle, KeyResultView, SprintView } from '../../../../../src/contract';
import { burnUpGeometry } from './burnUp';

const cycle: Cycle = { id: '2026-Q4', name: 'Q4 2026', kind: 'quarter', startDate: '2026-10-01', endDate: '2026-12-31', state: 'active' };

/** A view as the server answers it: the burn-up series and the count follow the check-ins unless given. */
function keyResult(overrides: Partial<KeyResultView> = {}): KeyResultView {
  const view: KeyResultView = {
    id: 'kr-1',
    objectiveId: 'o-1',
    title: 'Weekly active members',
    metric: { direction: 'increase', start: 0, target: 100, current: 40, unit: '%' },
    weight: 1,
    createdAt: '2026-10-01T08:00:00Z',
    updatedAt: '2026-11-01T08:00:00Z',
    version: 3,
    progress: 0.4,
    startedOn: '2026-10-01',
    expectedProgress: 0.49,
    status: 'behind',
    forecast: 80,
    confidence: 6,
    lastGrade: null,
    lastCheckIn: null,
    // Out of order on purpose: the chart sorts them.
    checkIns: [
      { at: '2026-11-01T00:00:00Z', accountId: 'a', value: 40, confidence: 6 },
      { at: '2026-10-15T00:00:00Z', accountId: 'a', value: 20, confidence: 7 },
    ],
    linkedIssues: { total: 0, todo: 0, inProgress: 0, done: 0 },
    daysWithoutCheckIn: 17,
    stale: true,
    flow: { wip: 0, throughputPerSprint: 0, medianCycleTimeDays: null, oldestWipAgeDays: null },
    lint: [],
    burnUp: [],
    checkInCount: 0,
    ...overrides,
  };
  return {
    ...view,
    burnUp: overrides.burnUp ?? view.checkIns.map(({ at, value }) => ({ at, value })),
    checkInCount: overrides.checkInCount ?? view.checkIns.length,
  };
}

function sprint(id: number, startDate: string, endDate: string): SprintView {
  return { id, name: `GYM Sprint ${id}`, state: 'closed', startDate, endDate, goal: '', keyResultIds: [], keyResultsSuggested: false, alignedShare: null, alignedPointShare: null, issueCount: 0 };
}

// 45 of the cycle's 92 days have passed.
const midCycle = new Date('2026-11-15T00:00:00Z');

test('the check-ins step up from the start value to today, in time order', () => {
  const geometry = burnUpGeometry(keyResult(), cycle, [], midCycle);
  // Values from -8 to 108 (8% padding) over y 78 → 8; the cycle's days over x 44 → 256.
  expect(geometry.actual?.path).toBe('M44,73.2 H76.3 V61.1 H115.4 V49.0 H147.7');
  expect(geometry.actual?.points).toHaveLength(2);
  expect(geometry.actual?.points[0]?.x).toBeCloseTo(76.26, 2);
  expect(geometry.actual?.points[1]?.y).toBeCloseTo(49.03, 2);
  expect(geometry.expected.threshold).toBe(false);
  expect(geometry.expected.from).toEqual({ x: 44, y: expect.closeTo(73.17, 2) });
  expect(geometry.expected.to).toEqual({ x: 256, y: expect.closeTo(12.83, 2) });
  expect(geometry.today).toBeCloseTo(147.7, 1);
  expect(geometry.forecast?.to).toEqual({ x: 256, y: expect.closeTo(24.9, 1) });
  expect(geometry.valueLabels.map((label) => label.text)).toEqual(['100%', '0%']);
  expect(geometry.dateLabels).toEqual({ start: '1 Oct', end: '31 Dec' });
});

test('a value changed without a check-in still shows where it stands today', () => {
  const geometry = burnUpGeometry(keyResult({ metric: { direction: 'increase', start: 0, target: 100, current: 55, unit: '%' } }), cycle, [], midCycle);
  expect(geometry.actual?.points).toHaveLength(3);
  expect(geometry.actual?.points[2]?.x).toBeCloseTo(147.7, 1);
});

test('the summary says it in a sentence: start, now, expected by today, target and forecast', () => {
  const geometry = burnUpGeometry(keyResult(), cycle, [], midCycle);
  expect(geometry.summary).toBe(
    'Burn-up of “Weekly active members” over Q4 2026: from 0% at the start, now 40% after 2 check-ins; expected 48.9% by today and 100% by 31 Dec; on this pace 80% by 31 Dec.',
  );
});

test('sprints draw one boundary where one ends and the next starts within the hour', () => {
  const sprints = [sprint(7, '2026-10-05T09:00:00Z', '2026-10-19T09:00:00Z'), sprint(8, '2026-10-19T09:30:00Z', '2026-11-02T09:00:00Z')];
  const geometry = burnUpGeometry(keyResult(), cycle, sprints, midCycle);
  expect(geometry.sprintBoundaries).toHaveLength(3);
  expect(geometry.sprintBoundaries[0]).toBeCloseTo(54.08, 2);
  expect(geometry.sprintBoundaries[1]).toBeCloseTo(86.34, 2);
});

test('a grade is marked where its sprint closed, at the value it was graded with, and said in the summary', () => {
  const grades = [{ score: 0.6, value: 20, at: '2026-10-19T10:00:00Z', accountId: 'a', sprintId: 7, sprintName: 'GYM Sprint 7', closedAt: '2026-10-19T09:00:00Z' }];
  const geometry = burnUpGeometry(keyResult({ grades }), cycle, [], midCycle);
  expect(geometry.grades).toEqual([{ x: expect.closeTo(86.34, 2), y: expect.closeTo(61.1, 1), score: '0.6', title: 'GYM Sprint 7 graded 0.6' }]);
  expect(geometry.summary.endsWith(' Graded 0.6 at GYM Sprint 7.')).toBe(true);
});

test('before the cycle starts there is no line of check-ins, no today and no forecast', () => {
  const geometry = burnUpGeometry(keyResult({ checkIns: [] }), cycle, [], new Date('2026-09-20T00:00:00Z'));
  expect(geometry.actual).toBeNull();
  expect(geometry.today).toBeNull();
  expect(geometry.forecast).toBeNull();
  expect(geometry.summary).toBe('Burn-up of “Weekly active members” over Q4 2026: from 0% at the start, now 40% with no check-in yet; expected 100% by 31 Dec.');
});

test('a threshold is a level line at the target, with the target its only label', () => {
  const threshold = keyResult({ metric: { direction: 'stay-above', start: 99, target: 99.5, current: 99.7, unit: '%' }, checkIns: [], forecast: null });
  const geometry = burnUpGeometry(threshold, cycle, [], midCycle);
  expect(geometry.expected.threshold).toBe(true);
  expect(geometry.expected.from.y).toBe(geometry.expected.to.y);
  expect(geometry.valueLabels.map((label) => label.text)).toEqual(['99.5%']);
  expect(geometry.summary).toBe('Burn-up of “Weekly active members” over Q4 2026: must stay above 99.5%; now 99.7% with no check-in yet.');
});

test('draws the server’s burn-up series and counts every check-in, not only the latest ones sent whole', () => {
  const series = Array.from({ length: 40 }, (_, day) => ({ at: new Date(Date.UTC(2026, 9, 2 + day)).toISOString(), value: day + 1 }));
  const latest = series.slice(-2).map(({ at, value }) => ({ at, accountId: 'a', value, confidence: 6 }));
  const geometry = burnUpGeometry(keyResult({ checkIns: latest, burnUp: series, checkInCount: 300 }), cycle, [], midCycle);
  expect(geometry.actual?.points).toHaveLength(40);
  expect(geometry.summary).toContain('after 300 check-ins');
});

test('a Key Result written mid-cycle draws its lines from the day it started, not from the cycle\'s start', () => {
  const late = keyResult({ createdAt: '2026-11-10T08:00:00Z', startedOn: '2026-11-10', checkIns: [{ at: '2026-11-12T00:00:00Z', accountId: 'a', value: 10, confidence: 6 }] });
  const geometry = burnUpGeometry(late, cycle, [], midCycle);
  // 40 of the cycle's 92 days had passed when it started.
  const startX = 44 + (40 / 92) * 212;
  expect(geometry.expected.from.x).toBeCloseTo(startX, 1);
  expect(geometry.actual?.path.startsWith(`M${startX.toFixed(1)},`)).toBe(true);
  // 5 of its 52 days have passed: 9.6% of the way from 0 to 100.
  expect(geometry.summary).toContain('expected 9.6% by today');
});

test('before the day a Key Result starts there is no line of check-ins', () => {
  const later = keyResult({ startedOn: '2026-12-01', checkIns: [] });
  expect(burnUpGeometry(later, cycle, [], midCycle).actual).toBeNull();
});

test('a pushed value is marked automatic, a person’s check-in not, and the summary counts the automatic ones', () => {
  const burnUp = [
    { at: '2026-10-15T00:00:00Z', value: 20 },
    { at: '2026-11-01T00:00:00Z', value: 40, source: 'pushed' as const },
  ];
  const geometry = burnUpGeometry(keyResult({ burnUp }), cycle, [], midCycle);
  expect(geometry.actual?.points.map((point) => point.automatic)).toEqual([false, true]);
  expect(geometry.summary).toContain('1 of the values shown came in automatically (hollow dots).');
  expect(burnUpGeometry(keyResult(), cycle, [], midCycle).summary).not.toContain('automatically');
});
