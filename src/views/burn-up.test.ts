import type { CheckIn } from '../contract';
import { burnUpSeries, latestCheckIns, MAX_BURN_UP_POINTS } from './burn-up';
import { must } from '../../test/support/must';

const DAY = 86_400_000;
/** `count` check-ins from 1 October, `every` ms apart, with the values given. */
const checkIns = (count: number, value: (i: number) => number, every = DAY / 4): CheckIn[] =>
  Array.from({ length: count }, (_, i) => ({ at: new Date(Date.parse('2026-10-01T00:00:00Z') + i * every).toISOString(), accountId: 'a', value: value(i), confidence: 5 }));

test('the answer carries the latest 20 check-ins, oldest first', () => {
  const all = checkIns(45, (i) => i);
  expect(latestCheckIns(all).map((checkIn) => checkIn.value)).toEqual(Array.from({ length: 20 }, (_, i) => 25 + i));
  expect(latestCheckIns(all.slice(0, 3))).toEqual(all.slice(0, 3));
});

test('up to 120 check-ins, the burn-up draws every one', () => {
  const all = checkIns(MAX_BURN_UP_POINTS, (i) => i % 9);
  expect(burnUpSeries(all)).toEqual(all.map(({ at, value }) => ({ at, value })));
});

test('past 120, the series is thinned but keeps the first, the last, the lowest and the highest, in time order', () => {
  // 500 check-ins climbing with noise, one dip to -50 and one spike to 900 in the middle.
  const all = checkIns(500, (i) => (i === 211 ? -50 : i === 307 ? 900 : i + ((i * 37) % 13)));
  const series = burnUpSeries(all);
  expect(series.length).toBeLessThanOrEqual(MAX_BURN_UP_POINTS);
  expect(series.length).toBeGreaterThan(60);
  expect(series[0]).toEqual({ at: must(all[0], 'all[0]').at, value: must(all[0], 'all[0]').value });
  expect(series.at(-1)).toEqual({ at: must(all.at(-1), 'all.at(-1)').at, value: must(all.at(-1), 'all.at(-1)').value });
  const values = series.map((point) => point.value);
  expect(Math.min(...values)).toBe(-50);
  expect(Math.max(...values)).toBe(900);
  const times = series.map((point) => point.at);
  expect(times).toEqual([...times].sort());
  // Every point is one of the check-ins.
  const recorded = new Set(all.map(({ at, value }) => `${at}|${value}`));
  expect(series.every(({ at, value }) => recorded.has(`${at}|${value}`))).toBe(true);
});
