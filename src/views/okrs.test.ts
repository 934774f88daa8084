import { Q4, TODAY, keyResult, objective } from './__fixtures__/records';
import { keyResultView, lastConfidence, objectiveView } from './okrs';

describe('a Key Result as shown', () => {
  it('created today is expected at 0, not at the cycle\'s share, and so is not at risk', () => {
    // 18 Nov: 48 of Q4's 92 days have passed.
    const view = keyResultView(keyResult('k1', 'o1', { metric: { direction: 'increase', start: 0, target: 10, current: 0 }, createdAt: '2026-11-18T08:00:00.000Z' }), Q4, TODAY);
    expect(view.startedOn).toBe('2026-11-18');
    expect(view.expectedProgress).toBe(0);
    expect(view.status).toBe('on-track');
  });

  it('counts from the start date it carries', () => {
    const view = keyResultView(keyResult('k1', 'o1', { startDate: '2026-11-04', createdAt: '2026-11-18T08:00:00.000Z' }), Q4, TODAY);
    expect(view.startedOn).toBe('2026-11-04');
    // 14 of the 58 days from 4 Nov to 31 Dec.
    expect(view.expectedProgress).toBeCloseTo(14 / 58, 5);
  });

  it('is to check in after more days without a check-in than the project allows', () => {
    const checkIns = [{ at: '2026-11-01T09:00:00.000Z', accountId: 'po', value: 5, confidence: 7 }];
    expect(keyResultView(keyResult('k1', 'o1', { checkIns }), Q4, TODAY)).toMatchObject({ daysWithoutCheckIn: 17, stale: true });
    expect(keyResultView(keyResult('k1', 'o1', { checkIns }), Q4, TODAY, undefined, undefined, undefined, undefined, 21)).toMatchObject({ daysWithoutCheckIn: 17, stale: false });
    // Never checked in: counted from the day it started.
    expect(keyResultView(keyResult('k2', 'o1', { createdAt: '2026-11-10T08:00:00.000Z' }), Q4, TODAY)).toMatchObject({ daysWithoutCheckIn: 8, stale: false });
  });

  it('0 → 0 is not measurable, not done', () => {
    const view = keyResultView(keyResult('k1', 'o1', { metric: { direction: 'increase', start: 0, target: 0, current: 0 } }), Q4, TODAY);
    expect(view.status).toBe('not-measurable');
  });
});

describe('an Objective as shown', () => {
  const shown = (keyResults: ReturnType<typeof keyResultView>[], cycle = Q4) => objectiveView(objective('o1'), keyResults, cycle, TODAY, () => true);
  const graded = (id: string, score: number | null) =>
    keyResultView(keyResult(id, 'o1', score === null ? {} : { lastGrade: { score, sprintId: 8, closedAt: '2026-11-10T09:00:00.000Z' } }), Q4, TODAY);

  it('says "1 of 3 graded" with no grade until all its Key Results are graded', () => {
    const view = shown([graded('k1', 0.4), graded('k2', null), graded('k3', null)]);
    expect(view.grade).toBeNull();
    expect(view.graded).toEqual({ count: 1, of: 3 });
    expect(shown([graded('k1', 0.4), graded('k2', 0.6), graded('k3', 0.8)]).grade).toBe(0.6);
  });

  it('is graded on what was graded once the cycle is closed', () => {
    expect(shown([graded('k1', 0.4), graded('k2', null)], { ...Q4, state: 'closed' }).grade).toBe(0.4);
  });

  it('leaves a Key Result with nothing to measure out of its progress and health', () => {
    const done = keyResultView(keyResult('k1', 'o1', { metric: { direction: 'increase', start: 0, target: 10, current: 10 } }), Q4, TODAY);
    const zero = keyResultView(keyResult('k2', 'o1', { metric: { direction: 'increase', start: 0, target: 0, current: 0 } }), Q4, TODAY);
    const half = keyResultView(keyResult('k3', 'o1', { metric: { direction: 'increase', start: 0, target: 10, current: 5 } }), Q4, TODAY);
    expect(shown([done, zero]).health).toBe('done');
    expect(shown([half, zero]).progress).toBe(0.5);
  });

  it('is expected as far as its Key Results are, each from its own start', () => {
    const early = keyResultView(keyResult('k1', 'o1'), Q4, TODAY);
    const today = keyResultView(keyResult('k2', 'o1', { createdAt: '2026-11-18T08:00:00.000Z' }), Q4, TODAY);
    expect(shown([early, today]).expectedProgress).toBeCloseTo(early.expectedProgress / 2, 5);
  });
});

describe('the confidence a check-in starts from', () => {
  const checkIn = { at: '2026-11-02T09:00:00.000Z', accountId: 'po', value: 4, confidence: 6 };
  const grade = (at: string, confidence?: number) => ({ score: 0.5, value: 4, at, accountId: 'po', sprintId: 8, sprintName: 'GYM Sprint 8', closedAt: at, ...(confidence ? { confidence } : {}) });

  it('is the last one given, at a check-in or with a grade', () => {
    expect(lastConfidence(checkIn, [grade('2026-11-10T09:00:00.000Z', 3)])).toBe(3);
    expect(lastConfidence(checkIn, [grade('2026-10-20T09:00:00.000Z', 3)])).toBe(6);
    expect(lastConfidence(checkIn, [grade('2026-11-10T09:00:00.000Z')])).toBe(6);
    expect(lastConfidence(null, [grade('2026-11-10T09:00:00.000Z', 8)])).toBe(8);
    expect(lastConfidence(null)).toBeNull();
  });

  it('comes with the Key Result on the project page', () => {
    const view = keyResultView(keyResult('k1', 'o1', { checkIns: [checkIn] }), Q4, TODAY, [], undefined, [grade('2026-11-10T09:00:00.000Z', 9)]);
    expect(view.confidence).toBe(9);
  });
});
