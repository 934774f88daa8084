import fc from 'fast-check';
import type { KeyResultStatus } from '../contract';
import { checkInStaleness, DEFAULT_STALE_CHECK_IN_DAYS, type StalenessInput } from './staleness';

const TODAY = new Date('2026-11-18T15:30:00.000Z');
const base: StalenessInput = {
  lastCheckInAt: null,
  startedOn: '2026-10-01',
  cycle: { state: 'active' },
  status: 'on-track',
  today: TODAY,
  staleCheckInDays: DEFAULT_STALE_CHECK_IN_DAYS,
};
const of = (changes: Partial<StalenessInput>) => checkInStaleness({ ...base, ...changes });

describe('a Key Result to check in', () => {
  it('is stale once its last check-in is more than 14 days old, not at exactly 14', () => {
    expect(of({ lastCheckInAt: '2026-11-04T09:00:00.000Z' })).toEqual({ daysWithoutCheckIn: 14, stale: false });
    expect(of({ lastCheckInAt: '2026-11-03T23:59:00.000Z' })).toEqual({ daysWithoutCheckIn: 15, stale: true });
  });

  it('counts whole UTC days, whatever the hour of the check-in', () => {
    expect(of({ lastCheckInAt: '2026-11-18T00:00:01.000Z' }).daysWithoutCheckIn).toBe(0);
    expect(of({ lastCheckInAt: '2026-11-17T23:59:59.000Z' }).daysWithoutCheckIn).toBe(1);
  });

  it('with no check-in yet, counts from the day it started', () => {
    expect(of({ startedOn: '2026-11-10' })).toEqual({ daysWithoutCheckIn: 8, stale: false });
    expect(of({ startedOn: '2026-10-01' })).toEqual({ daysWithoutCheckIn: 48, stale: true });
  });

  it("follows the project's setting", () => {
    const lastCheckInAt = '2026-11-10T12:00:00.000Z';
    expect(of({ lastCheckInAt, staleCheckInDays: 7 }).stale).toBe(true);
    expect(of({ lastCheckInAt, staleCheckInDays: 8 }).stale).toBe(false);
  });

  it('is never stale outside a running cycle, once done, or with nothing to measure', () => {
    const old = { lastCheckInAt: '2026-08-01T09:00:00.000Z' };
    expect(of({ ...old, cycle: { state: 'closed' } }).stale).toBe(false);
    expect(of({ ...old, cycle: { state: 'draft' } }).stale).toBe(false);
    expect(of({ ...old, status: 'done' }).stale).toBe(false);
    expect(of({ ...old, status: 'not-measurable' }).stale).toBe(false);
    for (const status of ['on-track', 'behind', 'at-risk'] as const) expect(of({ ...old, status }).stale).toBe(true);
  });

  it('counts a check-in dated after today as today', () => {
    expect(of({ lastCheckInAt: '2026-11-20T09:00:00.000Z' })).toEqual({ daysWithoutCheckIn: 0, stale: false });
  });

  it('is stale exactly when the days without a check-in exceed the setting (any dates, any setting)', () => {
    const statuses: KeyResultStatus[] = ['on-track', 'behind', 'at-risk'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 90 }), fc.constantFrom(...statuses), (daysAgo, setting, status) => {
        const at = new Date(TODAY.getTime() - daysAgo * 86_400_000).toISOString();
        const result = of({ lastCheckInAt: at, staleCheckInDays: setting, status });
        return result.daysWithoutCheckIn === daysAgo && result.stale === daysAgo > setting;
      }),
    );
  });
});
