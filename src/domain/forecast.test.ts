import fc from 'fast-check';
import type { Cycle } from '../contract';
import { cycleEndTime, forecastAtCycleEnd } from './forecast';
import { must } from '../../test/support/must';

const q4: Cycle = { id: '2026-Q4', name: 'Q4 2026', kind: 'quarter', startDate: '2026-10-01', endDate: '2026-12-31', state: 'active' };
const MS_PER_DAY = 86_400_000;

describe('cycleEndTime', () => {
  it('is the end of the cycle’s last day, UTC', () => {
    expect(new Date(cycleEndTime(q4)).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('forecastAtCycleEnd', () => {
  it('extends the straight line through the check-ins to the cycle’s end', () => {
    // +10 a day from 1 December: 31 more days to the end of 31 December.
    const checkIns = [
      { at: '2026-11-30T00:00:00.000Z', value: 100 },
      { at: '2026-12-01T00:00:00.000Z', value: 110 },
    ];
    expect(forecastAtCycleEnd(checkIns, q4)).toBeCloseTo(110 + 31 * 10, 9);
  });

  it('fits the least-squares line through scattered check-ins', () => {
    // Days 0, 1, 2 from 29 Dec with values 0, 2, 1: slope 0.5, mean day 1, mean value 1; the end is day 3.
    const checkIns = [
      { at: '2026-12-29T00:00:00Z', value: 0 },
      { at: '2026-12-30T00:00:00Z', value: 2 },
      { at: '2026-12-31T00:00:00Z', value: 1 },
    ];
    expect(forecastAtCycleEnd(checkIns, q4)).toBeCloseTo(1 + 0.5 * 2, 9);
  });

  it('does not depend on the order of the check-ins', () => {
    const checkIns = [
      { at: '2026-10-20T09:00:00Z', value: 140 },
      { at: '2026-11-03T09:00:00Z', value: 150 },
      { at: '2026-11-17T09:00:00Z', value: 175 },
    ];
    expect(forecastAtCycleEnd([...checkIns].reverse(), q4)).toBeCloseTo(must(forecastAtCycleEnd(checkIns, q4), 'forecastAtCycleEnd(checkIns, q4)'), 9);
  });

  it('is flat for a value that does not move', () => {
    const checkIns = [
      { at: '2026-10-20T09:00:00Z', value: 42 },
      { at: '2026-11-03T09:00:00Z', value: 42 },
    ];
    expect(forecastAtCycleEnd(checkIns, q4)).toBe(42);
  });

  it('is null with fewer than two check-ins at distinct times', () => {
    expect(forecastAtCycleEnd([], q4)).toBeNull();
    expect(forecastAtCycleEnd([{ at: '2026-11-03T09:00:00Z', value: 1 }], q4)).toBeNull();
    expect(
      forecastAtCycleEnd(
        [
          { at: '2026-11-03T09:00:00Z', value: 1 },
          { at: '2026-11-03T09:00:00.000Z', value: 5 },
        ],
        q4,
      ),
    ).toBeNull();
  });

  it('leaves out check-ins whose time does not parse', () => {
    const checkIns = [
      { at: 'yesterday', value: 1000 },
      { at: '2026-12-30T00:00:00Z', value: 1 },
      { at: '2026-12-31T00:00:00Z', value: 2 },
    ];
    expect(forecastAtCycleEnd(checkIns, q4)).toBeCloseTo(3, 9);
    expect(forecastAtCycleEnd(checkIns.slice(0, 2), q4)).toBeNull();
  });

  it('forecasts a straight-line history exactly', () => {
    const start = Date.parse('2026-09-01T00:00:00Z');
    const end = cycleEndTime(q4);
    const minute = 60_000;
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
        fc.double({ noNaN: true, min: -1e4, max: 1e4 }),
        fc.uniqueArray(fc.integer({ min: 0, max: (end - start) / minute }), { minLength: 2, maxLength: 20 }),
        (intercept, slopePerDay, minutes) => {
          const line = (time: number) => intercept + slopePerDay * ((time - start) / MS_PER_DAY);
          const checkIns = minutes.map((offset) => {
            const time = start + offset * minute;
            return { at: new Date(time).toISOString(), value: line(time) };
          });
          const forecast = forecastAtCycleEnd(checkIns, q4);
          const expected = line(end);
          const scale = 1 + Math.abs(intercept) + Math.abs(slopePerDay) * ((end - start) / MS_PER_DAY);
          expect(forecast).not.toBeNull();
          expect(Math.abs(must(forecast, 'forecast') - expected)).toBeLessThanOrEqual(1e-9 * scale);
        },
      ),
    );
  });
});
