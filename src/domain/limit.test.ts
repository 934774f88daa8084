import fc from 'fast-check';
import type { ObjectiveStatus } from '../contract';
import { limitCheck, okrsInProcess } from './limit';

const objective = (id: string, status: ObjectiveStatus, cycleId = '2026-Q4') => ({ id, status, cycleId });
const objectives = [
  objective('a', 'active'),
  objective('b', 'active'),
  objective('c', 'active'),
  objective('d', 'draft'),
  objective('e', 'done'),
  objective('f', 'dropped'),
  objective('g', 'active', '2026-Q3'),
];

describe('okrsInProcess', () => {
  it('counts the active Objectives of the cycle only', () => {
    expect(okrsInProcess(objectives, '2026-Q4')).toBe(3);
    expect(okrsInProcess(objectives, '2026-Q3')).toBe(1);
    expect(okrsInProcess(objectives, '2027-Q1')).toBe(0);
    expect(okrsInProcess([], '2026-Q4')).toBe(0);
  });
});

describe('limitCheck', () => {
  const check = (limit: number, activating: { id?: string }) => limitCheck({ objectives, cycleId: '2026-Q4', limit, activating });

  it('refuses a 4th active Objective with a limit of 3, new or existing', () => {
    expect(check(3, {})).toEqual({ inProcess: 3, limit: 3, wouldExceed: true });
    expect(check(3, { id: 'd' })).toEqual({ inProcess: 3, limit: 3, wouldExceed: true });
    expect(check(3, { id: 'e' }).wouldExceed).toBe(true);
  });

  it('does not count an already active Objective twice', () => {
    expect(check(3, { id: 'b' })).toEqual({ inProcess: 3, limit: 3, wouldExceed: false });
  });

  it('counts an Objective active in another cycle as new to this one', () => {
    expect(check(3, { id: 'g' }).wouldExceed).toBe(true);
  });

  it('allows activating while under the limit', () => {
    expect(check(4, {})).toEqual({ inProcess: 3, limit: 4, wouldExceed: false });
    expect(check(4, { id: 'd' }).wouldExceed).toBe(false);
  });

  it('would exceed exactly when a newcomer would take the count past the limit', () => {
    const status = fc.constantFrom<ObjectiveStatus>('draft', 'active', 'done', 'dropped');
    const cycleId = fc.constantFrom('2026-Q3', '2026-Q4');
    const stored = fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 3 }), status, cycleId }), {
      selector: (o) => o.id,
      maxLength: 12,
    });
    fc.assert(
      fc.property(stored, fc.integer({ min: 1, max: 8 }), fc.option(fc.string({ minLength: 1, maxLength: 3 }), { nil: undefined }), (all, limit, id) => {
        const result = limitCheck({ objectives: all, cycleId: '2026-Q4', limit, activating: id === undefined ? {} : { id } });
        const active = all.find((o) => o.id === id && o.status === 'active' && o.cycleId === '2026-Q4');
        expect(result.inProcess).toBe(okrsInProcess(all, '2026-Q4'));
        expect(result.wouldExceed).toBe(active ? false : result.inProcess >= limit);
      }),
    );
  });
});
