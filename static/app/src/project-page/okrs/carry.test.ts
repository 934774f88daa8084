import type { KeyResultView, ObjectiveView } from '../../../../../src/contract';
import { canCarry, carryableKeyResults, cycleName, nextCycleId, reachedTarget } from './carry';

const keyResult = (id: string, direction: KeyResultView['metric']['direction'], progress: number, carried = false) =>
  ({ id, progress, metric: { direction, start: 0, target: 10, current: progress * 10 }, ...(carried ? { carriedTo: { cycleId: '2027-Q1', objectiveId: 'o-copy', keyResultId: `${id}-copy`, at: '2026-12-20T10:00:00.000Z' } } : {}) }) as KeyResultView;
const objective = (change: Partial<ObjectiveView>) => ({ id: 'o1', status: 'active', canCheckIn: true, keyResults: [], ...change }) as ObjectiveView;

describe('carrying OKRs over', () => {
  it('names cycles as the server does, and knows the next one', () => {
    expect([cycleName('2026-Q3'), cycleName('2026')]).toEqual(['Q3 2026', 'FY 2026']);
    expect([nextCycleId('2026-Q3'), nextCycleId('2026-Q4'), nextCycleId('2026')]).toEqual(['2026-Q4', '2027-Q1', '2027']);
  });

  it('leaves behind what reached its target or was carried already; a floor to hold may go on', () => {
    expect(reachedTarget(keyResult('a', 'increase', 1))).toBe(true);
    expect(reachedTarget(keyResult('b', 'stay-above', 1))).toBe(false);
    const mixed = objective({ keyResults: [keyResult('a', 'increase', 1), keyResult('b', 'increase', 0.4), keyResult('c', 'decrease', 0.2, true), keyResult('d', 'stay-below', 1)] });
    expect(carryableKeyResults(mixed).map((candidate) => candidate.id)).toEqual(['b', 'd']);
  });

  it('is offered to whoever writes OKRs and grades them, once a cycle has begun, once per Objective (then for what was left behind)', () => {
    const active = objective({ keyResults: [keyResult('b', 'increase', 0.4)] });
    expect([canCarry(active, 'active', true), canCarry(active, 'closed', true), canCarry(active, 'draft', true), canCarry(active, 'active', false)]).toEqual([true, true, false, false]);
    expect(canCarry({ ...active, canCheckIn: false }, 'active', true)).toBe(false);
    expect(canCarry({ ...active, status: 'dropped' }, 'active', true)).toBe(false);
    const carried = { ...active, status: 'done' as const, carriedTo: { cycleId: '2027-Q1', objectiveId: 'o-copy', at: '2026-12-20T10:00:00.000Z' } };
    expect(canCarry(carried, 'active', true)).toBe(true);
    expect(canCarry({ ...carried, keyResults: [keyResult('c', 'increase', 0.2, true)] }, 'active', true)).toBe(false);
  });
});
