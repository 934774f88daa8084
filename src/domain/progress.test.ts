import fc from 'fast-check';
import type { Cycle, Metric, MetricDirection } from '../contract';
import { expectedProgress, isMeasurable, keyResultProgress, keyResultStartDay, objectiveProgress } from './progress';

const DIRECTIONS: MetricDirection[] = ['increase', 'decrease', 'stay-above', 'stay-below'];
const metric = (direction: MetricDirection, start: number, target: number, current: number): Metric => ({
  direction,
  start,
  target,
  current,
});

describe('keyResultProgress', () => {
  it('increase: the share of the way from start to target, clamped', () => {
    expect(keyResultProgress(metric('increase', 120, 300, 210))).toBe(0.5);
    expect(keyResultProgress(metric('increase', 120, 300, 120))).toBe(0);
    expect(keyResultProgress(metric('increase', 120, 300, 300))).toBe(1);
    expect(keyResultProgress(metric('increase', 120, 300, 100))).toBe(0);
    expect(keyResultProgress(metric('increase', 120, 300, 400))).toBe(1);
  });

  it('decrease: the share of the way down from start to target, clamped', () => {
    expect(keyResultProgress(metric('decrease', 8, 4, 6))).toBe(0.5);
    expect(keyResultProgress(metric('decrease', 8, 4, 9))).toBe(0);
    expect(keyResultProgress(metric('decrease', 8, 4, 3))).toBe(1);
    expect(keyResultProgress(metric('decrease', -10, -20, -15))).toBe(0.5);
  });

  it('start = target: 1 when the target is reached, else 0', () => {
    expect(keyResultProgress(metric('increase', 50, 50, 50))).toBe(1);
    expect(keyResultProgress(metric('increase', 50, 50, 49))).toBe(0);
    expect(keyResultProgress(metric('decrease', 50, 50, 50))).toBe(1);
    expect(keyResultProgress(metric('decrease', 50, 50, 51))).toBe(0);
  });

  it('a start already past the target counts as reached while the target holds', () => {
    expect(keyResultProgress(metric('increase', 10, 5, 7))).toBe(1);
    expect(keyResultProgress(metric('increase', 10, 5, 4))).toBe(0);
  });

  it('stay-above: 1 while the floor holds, 0 once breached when it held at the start', () => {
    expect(keyResultProgress(metric('stay-above', 45, 40, 42))).toBe(1);
    expect(keyResultProgress(metric('stay-above', 45, 40, 40))).toBe(1);
    expect(keyResultProgress(metric('stay-above', 45, 40, 39))).toBe(0);
  });

  it('stay-above from below the floor: linear from the start to the floor', () => {
    expect(keyResultProgress(metric('stay-above', 30, 40, 35))).toBe(0.5);
    expect(keyResultProgress(metric('stay-above', 30, 40, 25))).toBe(0);
    expect(keyResultProgress(metric('stay-above', 30, 40, 41))).toBe(1);
  });

  it('stay-below mirrors stay-above', () => {
    expect(keyResultProgress(metric('stay-below', 1.5, 2, 1.9))).toBe(1);
    expect(keyResultProgress(metric('stay-below', 1.5, 2, 2.1))).toBe(0);
    expect(keyResultProgress(metric('stay-below', 3, 2, 2.5))).toBe(0.5);
  });

  it('never gives NaN, even for numbers validation would have refused', () => {
    for (const direction of DIRECTIONS) {
      expect(keyResultProgress(metric(direction, NaN, 1, 0))).toBe(0);
      expect(keyResultProgress(metric(direction, 0, Infinity, 0))).toBe(0);
      expect(keyResultProgress(metric(direction, 0, 1, -Infinity))).toBe(0);
    }
  });
});

describe('keyResultProgress properties', () => {
  const direction = fc.constantFrom(...DIRECTIONS);
  const anyFinite = fc.double({ noNaN: true, noDefaultInfinity: true });
  // Moderate magnitudes, so moving a value never overflows to Infinity.
  const moderate = fc.double({ noNaN: true, min: -1e9, max: 1e9 });
  const fraction = fc.double({ noNaN: true, min: 0, max: 1 });

  it('is always in [0, 1], for any finite numbers and every direction', () => {
    fc.assert(
      fc.property(direction, anyFinite, anyFinite, anyFinite, (dir, start, target, current) => {
        const progress = keyResultProgress(metric(dir, start, target, current));
        expect(progress).toBeGreaterThanOrEqual(0);
        expect(progress).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('is 1 once the target is reached', () => {
    fc.assert(
      fc.property(direction, anyFinite, anyFinite, (dir, start, target) => {
        expect(keyResultProgress(metric(dir, start, target, target))).toBe(1);
      }),
    );
  });

  it('never falls as current moves toward the target', () => {
    fc.assert(
      fc.property(direction, moderate, moderate, moderate, fraction, (dir, start, target, current, share) => {
        const [low, high] = current <= target ? [current, target] : [target, current];
        const closer = Math.min(high, Math.max(low, current + share * (target - current)));
        expect(keyResultProgress(metric(dir, start, target, closer))).toBeGreaterThanOrEqual(
          keyResultProgress(metric(dir, start, target, current)),
        );
      }),
    );
  });

  it('never rises as current moves away from the target', () => {
    fc.assert(
      fc.property(direction, moderate, moderate, moderate, fc.double({ noNaN: true, min: 0, max: 10 }), (dir, start, target, current, factor) => {
        const further = current + factor * (current - target);
        expect(keyResultProgress(metric(dir, start, target, further))).toBeLessThanOrEqual(
          keyResultProgress(metric(dir, start, target, current)),
        );
      }),
    );
  });

  it('rises with current where higher is better and falls where lower is better', () => {
    fc.assert(
      fc.property(direction, moderate, moderate, moderate, moderate, (dir, start, target, a, b) => {
        const [lower, higher] = a <= b ? [a, b] : [b, a];
        const atLower = keyResultProgress(metric(dir, start, target, lower));
        const atHigher = keyResultProgress(metric(dir, start, target, higher));
        if (dir === 'increase' || dir === 'stay-above') expect(atHigher).toBeGreaterThanOrEqual(atLower);
        else expect(atHigher).toBeLessThanOrEqual(atLower);
      }),
    );
  });

  it('is 0 at the start when the start is short of the target', () => {
    fc.assert(
      fc.property(direction, moderate, moderate, (dir, a, b) => {
        fc.pre(a !== b);
        const higherIsBetter = dir === 'increase' || dir === 'stay-above';
        const [start, target] = higherIsBetter === a < b ? [a, b] : [b, a];
        expect(keyResultProgress(metric(dir, start, target, start))).toBe(0);
      }),
    );
  });
});

describe('objectiveProgress', () => {
  it('is the weighted mean of its Key Results’ progress', () => {
    expect(objectiveProgress([{ progress: 1, weight: 3 }, { progress: 0, weight: 1 }])).toBe(0.75);
    expect(objectiveProgress([{ progress: 0.2, weight: 1 }, { progress: 0.6, weight: 1 }])).toBeCloseTo(0.4, 12);
  });

  it('is 0 with no Key Results, and leaves out weights that are not positive', () => {
    expect(objectiveProgress([])).toBe(0);
    expect(objectiveProgress([{ progress: 1, weight: 0 }])).toBe(0);
    expect(objectiveProgress([{ progress: 0.5, weight: 1 }, { progress: 1, weight: -2 }, { progress: 0, weight: NaN }])).toBe(0.5);
  });

  const keyResults = fc.array(
    fc.record({ progress: fc.double({ noNaN: true, min: 0, max: 1 }), weight: fc.double({ noNaN: true, min: 0.01, max: 100 }) }),
    { minLength: 1, maxLength: 12 },
  );

  it('lies in [0, 1], between the smallest and largest progress', () => {
    fc.assert(
      fc.property(keyResults, (krs) => {
        const progress = objectiveProgress(krs);
        const progresses = krs.map((kr) => kr.progress);
        expect(progress).toBeGreaterThanOrEqual(Math.min(...progresses));
        expect(progress).toBeLessThanOrEqual(Math.max(...progresses));
        expect(progress).toBeGreaterThanOrEqual(0);
        expect(progress).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('does not change when every weight is scaled alike', () => {
    fc.assert(
      fc.property(keyResults, fc.double({ noNaN: true, min: 0.1, max: 10 }), (krs, scale) => {
        const scaled = krs.map((kr) => ({ ...kr, weight: kr.weight * scale }));
        expect(objectiveProgress(scaled)).toBeCloseTo(objectiveProgress(krs), 9);
      }),
    );
  });
});

describe('expectedProgress', () => {
  const q4: Cycle = { id: '2026-Q4', name: 'Q4 2026', kind: 'quarter', startDate: '2026-10-01', endDate: '2026-12-31', state: 'active' };
  const at = (iso: string) => new Date(iso);

  it('counts whole UTC days elapsed over the cycle’s days, start and end inclusive', () => {
    // Q4 has 92 days; 15 November is 45 days after 1 October.
    expect(expectedProgress(q4, at('2026-11-15T12:00:00Z'))).toBe(45 / 92);
    expect(expectedProgress(q4, at('2026-10-02T00:00:00Z'))).toBe(1 / 92);
    expect(expectedProgress(q4, at('2026-12-31T23:59:59Z'))).toBe(91 / 92);
  });

  it('is 0 before and on the first day, and 1 after the last', () => {
    expect(expectedProgress(q4, at('2026-09-30T23:59:59Z'))).toBe(0);
    expect(expectedProgress(q4, at('2026-10-01T00:00:00Z'))).toBe(0);
    expect(expectedProgress(q4, at('2027-01-01T00:00:00Z'))).toBe(1);
    expect(expectedProgress(q4, at('2030-01-01T00:00:00Z'))).toBe(1);
  });

  it('follows the UTC day, whatever the hour', () => {
    expect(expectedProgress(q4, at('2026-11-15T00:00:00Z'))).toBe(expectedProgress(q4, at('2026-11-15T23:59:59.999Z')));
    expect(expectedProgress(q4, at('2026-11-15T23:30:00-05:00'))).toBe(46 / 92);
  });

  it('is 0 for an invalid date rather than NaN', () => {
    expect(expectedProgress(q4, new Date('not a date'))).toBe(0);
  });

  it('never falls as time passes, and stays in [0, 1]', () => {
    const instant = fc.date({ min: new Date('2026-06-01T00:00:00Z'), max: new Date('2027-06-01T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const [earlier, later] = a <= b ? [a, b] : [b, a];
        const early = expectedProgress(q4, earlier);
        const late = expectedProgress(q4, later);
        expect(early).toBeLessThanOrEqual(late);
        expect(early).toBeGreaterThanOrEqual(0);
        expect(late).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('expected progress from when a Key Result started', () => {
  const quarter = { startDate: '2026-10-01', endDate: '2026-12-31' };

  it('starts on the day it was created, or on the start date it carries, within its cycle', () => {
    expect(keyResultStartDay({ createdAt: '2026-11-18T15:00:00.000Z' }, quarter)).toBe('2026-11-18');
    expect(keyResultStartDay({ createdAt: '2026-11-18T15:00:00.000Z', startDate: '2026-11-02' }, quarter)).toBe('2026-11-02');
    expect(keyResultStartDay({ createdAt: '2026-09-20T15:00:00.000Z' }, quarter)).toBe('2026-10-01');
    expect(keyResultStartDay({ createdAt: '2026-10-05T15:00:00.000Z', startDate: '2027-02-01' }, quarter)).toBe('2026-12-31');
  });

  it('is 0 on the day a Key Result is created, whatever share of the cycle has passed', () => {
    const today = new Date('2026-11-30T10:00:00.000Z');
    expect(expectedProgress(quarter, today)).toBeCloseTo(60 / 92, 5);
    expect(expectedProgress(quarter, today, '2026-11-30')).toBe(0);
  });

  it('counts the days from its start to the cycle\'s end', () => {
    // Started 1 Dec: 31 days to go; 10 of them passed on 11 Dec.
    expect(expectedProgress(quarter, new Date('2026-12-11T08:00:00.000Z'), '2026-12-01')).toBeCloseTo(10 / 31, 5);
    expect(expectedProgress(quarter, new Date('2027-01-01T08:00:00.000Z'), '2026-12-01')).toBe(1);
    // A start before the cycle counts from the cycle's first day.
    expect(expectedProgress(quarter, new Date('2026-11-15T00:00:00.000Z'), '2026-09-01')).toBeCloseTo(45 / 92, 5);
  });
});

describe('isMeasurable', () => {
  it('is false for an increase or decrease whose start equals its target', () => {
    expect(isMeasurable(metric('increase', 0, 0, 0))).toBe(false);
    expect(isMeasurable(metric('decrease', 5, 5, 3))).toBe(false);
    expect(isMeasurable(metric('increase', 0, 10, 0))).toBe(true);
  });

  it('is true for a floor or ceiling on its line: holding it is the measure', () => {
    expect(isMeasurable(metric('stay-above', 40, 40, 41))).toBe(true);
    expect(isMeasurable(metric('stay-below', 2, 2, 2))).toBe(true);
  });
});
