import type { CheckIn } from '../contract';
import { carriedConfidence, isTypedCheckIn, lastTypedCheckIn } from './check-ins';

const checkIn = (at: string, confidence: number | undefined, source?: CheckIn['source']): CheckIn => ({
  at,
  accountId: 'po',
  value: 1,
  ...(confidence !== undefined ? { confidence } : {}),
  ...(source ? { source } : {}),
});

describe('where a value comes from', () => {
  it('counts a check-in with no source as typed (stored before sources existed)', () => {
    expect([isTypedCheckIn({}), isTypedCheckIn({ source: 'typed' }), isTypedCheckIn({ source: 'pushed' }), isTypedCheckIn({ source: 'query' })]).toEqual([true, true, false, false]);
  });

  it('takes confidence from the last typed check-in, never from an automatic one', () => {
    const checkIns = [checkIn('2026-11-01T00:00:00Z', 6), checkIn('2026-11-08T00:00:00Z', 8, 'typed'), checkIn('2026-11-09T00:00:00Z', 8, 'pushed'), checkIn('2026-11-10T00:00:00Z', undefined, 'query')];
    expect(lastTypedCheckIn(checkIns)?.at).toBe('2026-11-08T00:00:00Z');
    expect(lastTypedCheckIn([checkIn('2026-11-09T00:00:00Z', undefined, 'pushed')])).toBeNull();
  });

  it('carries the confidence a person gave at or before the value’s time, none before anyone gave one', () => {
    const checkIns = [checkIn('2026-11-01T00:00:00Z', 6), checkIn('2026-11-08T00:00:00Z', 8)];
    expect(carriedConfidence(checkIns, '2026-11-05T00:00:00Z')).toBe(6);
    expect(carriedConfidence(checkIns, '2026-11-08T00:00:00Z')).toBe(8);
    expect(carriedConfidence(checkIns, '2026-10-01T00:00:00Z')).toBeUndefined();
  });
});
