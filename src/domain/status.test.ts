import fc from 'fast-check';
import type { KeyResultStatus, Metric, MetricDirection } from '../contract';
import { keyResultProgress } from './progress';
import { AT_RISK_GAP, keyResultStatus, objectiveHealth, ON_TRACK_TOLERANCE, paceStatus, START_GRACE } from './status';

const metric = (direction: MetricDirection, start: number, target: number, current: number): Metric => ({
  direction,
  start,
  target,
  current,
});
/** The status of a metric, with its progress computed as the resolvers do. */
const statusOf = (m: Metric, expected: number) => keyResultStatus(m, keyResultProgress(m), expected);
const increase = (progress: number) => metric('increase', 0, 1, progress);

describe('paceStatus', () => {
  it('is on track within ON_TRACK_TOLERANCE of the expected progress, behind within AT_RISK_GAP, at risk beyond', () => {
    expect(paceStatus(0.5, 0.5)).toBe('on-track');
    expect(paceStatus(0.9, 0.5)).toBe('on-track');
    expect(paceStatus(0.5 - ON_TRACK_TOLERANCE, 0.5)).toBe('on-track');
    expect(paceStatus(0.35, 0.5)).toBe('behind');
    expect(paceStatus(0.5 - AT_RISK_GAP, 0.5)).toBe('behind');
    expect(paceStatus(0.2, 0.5)).toBe('at-risk');
  });
});

describe('keyResultStatus for increase and decrease', () => {
  it('is done once progress reaches 1, whenever that is', () => {
    expect(statusOf(metric('increase', 120, 300, 300), 0.2)).toBe('done');
    expect(statusOf(metric('decrease', 8, 5, 4), 1)).toBe('done');
  });

  it('reads progress against the elapsed share of the cycle', () => {
    expect(statusOf(metric('increase', 120, 300, 210), 0.55)).toBe('on-track');
    expect(statusOf(metric('increase', 120, 300, 170), 0.5)).toBe('behind');
    expect(statusOf(metric('decrease', 8, 4, 7.5), 0.7)).toBe('at-risk');
  });

  it('at the cycle’s end, anything short of the target is behind or at risk', () => {
    expect(statusOf(increase(0.8), 1)).toBe('behind');
    expect(statusOf(increase(0.5), 1)).toBe('at-risk');
  });

  it('flags nothing as at risk at the very start of the cycle', () => {
    expect(statusOf(increase(0), 0)).toBe('on-track');
    expect(statusOf(increase(0), ON_TRACK_TOLERANCE)).toBe('on-track');
    expect(statusOf(increase(0), AT_RISK_GAP)).toBe('behind');
  });
});

describe('keyResultStatus for a floor or ceiling', () => {
  it('is on track while it holds, done once the cycle is over and it still holds', () => {
    expect(statusOf(metric('stay-above', 45, 40, 42), 0.5)).toBe('on-track');
    expect(statusOf(metric('stay-above', 45, 40, 40), 0.99)).toBe('on-track');
    expect(statusOf(metric('stay-above', 45, 40, 42), 1)).toBe('done');
    expect(statusOf(metric('stay-below', 1.8, 2, 1.9), 0.3)).toBe('on-track');
    expect(statusOf(metric('stay-below', 1.8, 2, 1.9), 1)).toBe('done');
  });

  it('is at risk once breached, if it held at the start', () => {
    expect(statusOf(metric('stay-above', 45, 40, 39), 0.5)).toBe('at-risk');
    expect(statusOf(metric('stay-below', 1.8, 2, 2.4), 0.3)).toBe('at-risk');
    expect(statusOf(metric('stay-above', 45, 40, 39), 1)).toBe('at-risk');
  });

  it('is only behind when breached within START_GRACE of the cycle’s start', () => {
    expect(statusOf(metric('stay-above', 45, 40, 39), 0)).toBe('behind');
    expect(statusOf(metric('stay-above', 45, 40, 39), START_GRACE)).toBe('at-risk');
  });

  it('is judged by pace while climbing to a floor it started below', () => {
    // "NPS stays above 40", starting at 30.
    expect(statusOf(metric('stay-above', 30, 40, 35), 0.5)).toBe('on-track');
    expect(statusOf(metric('stay-above', 30, 40, 32), 0.5)).toBe('at-risk');
    expect(statusOf(metric('stay-above', 30, 40, 41), 0.5)).toBe('on-track');
    expect(statusOf(metric('stay-below', 3, 2, 2.8), 0.4)).toBe('behind');
  });
});

describe('keyResultStatus properties', () => {
  const direction = fc.constantFrom<MetricDirection>('increase', 'decrease', 'stay-above', 'stay-below');
  const value = fc.double({ noNaN: true, min: -1e6, max: 1e6 });
  const share = fc.double({ noNaN: true, min: 0, max: 1 });

  it('never calls anything at risk in the first START_GRACE of the cycle', () => {
    fc.assert(
      fc.property(direction, value, value, value, fc.double({ noNaN: true, min: 0, max: START_GRACE, maxExcluded: true }), (dir, start, target, current, expected) => {
        expect(statusOf(metric(dir, start, target, current), expected)).not.toBe('at-risk');
      }),
    );
  });

  it('only calls a Key Result done when its progress is 1', () => {
    fc.assert(
      fc.property(direction, value, value, value, share, (dir, start, target, current, expected) => {
        const m = metric(dir, start, target, current);
        if (statusOf(m, expected) === 'done') expect(keyResultProgress(m)).toBe(1);
      }),
    );
  });

  it('never gets worse as an increase Key Result’s value rises', () => {
    const rank: Record<KeyResultStatus, number> = { 'not-measurable': -1, 'at-risk': 0, behind: 1, 'on-track': 2, done: 3 };
    fc.assert(
      fc.property(share, share, share, (a, b, expected) => {
        const [lower, higher] = a <= b ? [a, b] : [b, a];
        expect(rank[statusOf(increase(higher), expected)]).toBeGreaterThanOrEqual(rank[statusOf(increase(lower), expected)]);
      }),
    );
  });
});

describe('objectiveHealth', () => {
  it('is done only when every Key Result is done', () => {
    expect(objectiveHealth(['done', 'done'], 1, 0.5)).toBe('done');
    // Floors that hold mid-cycle give progress 1 without being done.
    expect(objectiveHealth(['on-track', 'done'], 1, 0.5)).toBe('on-track');
    expect(objectiveHealth([], 0, 0.5)).toBe('at-risk');
  });

  it('otherwise reads the weighted progress by pace, with the same start grace', () => {
    expect(objectiveHealth(['on-track', 'behind'], 0.45, 0.5)).toBe('on-track');
    expect(objectiveHealth(['behind', 'at-risk'], 0.3, 0.5)).toBe('behind');
    expect(objectiveHealth(['at-risk'], 0, 0.6)).toBe('at-risk');
    expect(objectiveHealth(['behind'], 0, 0.05)).toBe('on-track');
  });
});

describe('a Key Result with nothing to measure', () => {
  it('is not measurable rather than done: 0 → 0 has no status', () => {
    expect(statusOf(metric('increase', 0, 0, 0), 0.5)).toBe('not-measurable');
    expect(statusOf(metric('decrease', 3, 3, 1), 0.9)).toBe('not-measurable');
  });

  it('does not make its Objective done, nor count in its health', () => {
    expect(objectiveHealth(['done', 'not-measurable'], 1, 0.5)).toBe('done');
    expect(objectiveHealth(['on-track', 'not-measurable'], 0.5, 0.5)).toBe('on-track');
    expect(objectiveHealth(['not-measurable'], 1, 0.5)).toBe('not-measurable');
  });
});
