// What a Key Result's answer carries of its check-ins: the latest few whole, and a bounded series of
// values over time for the burn-up. Pure: the stored check-ins in, bounded lists out.
import type { CheckIn, KeyResultView } from '../contract';

/** Check-ins a Key Result's answer carries whole (notes included), the latest. */
export const LATEST_CHECK_INS = 20;
/** Points of the burn-up series past which it is thinned. */
export const MAX_BURN_UP_POINTS = 120;
/** Stretches of time a thinned series keeps four points of: first, lowest, highest, last. */
const BURN_UP_STRETCHES = MAX_BURN_UP_POINTS / 4;

/** The latest check-ins, oldest first. */
export const latestCheckIns = (checkIns: readonly CheckIn[]): CheckIn[] => checkIns.slice(-LATEST_CHECK_INS);

/**
 * Every check-in's value over time (oldest first), or past 120 of them, of each of 30 equal stretches
 * between the first and the last check-in the first, the lowest, the highest and the last: the
 * series keeps its start, its end, its extremes (so the chart's scale is that of the full list)
 * and its shape.
 */
export function burnUpSeries(checkIns: readonly CheckIn[]): KeyResultView['burnUp'] {
  // An automatic value is marked so the chart can tell it from a person's.
  const points: KeyResultView['burnUp'] = checkIns.map(({ at, value, source }) => (source === 'query' || source === 'pushed' ? { at, value, source } : { at, value }));
  if (points.length <= MAX_BURN_UP_POINTS) return points;
  const times = points.map(({ at }) => Date.parse(at));
  const first = Math.min(...times);
  const span = Math.max(Math.max(...times) - first, 1);
  const stretches = times.map((time) => Math.min(BURN_UP_STRETCHES - 1, Math.floor(((time - first) / span) * BURN_UP_STRETCHES)));
  const kept = new Set<number>();
  let start = 0;
  while (start < points.length) {
    let end = start;
    while (end + 1 < points.length && stretches[end + 1] === stretches[start]) end++;
    let lowest = start;
    let highest = start;
    points.slice(start, end + 1).forEach(({ value }, offset) => {
      if (value < (points[lowest]?.value ?? value)) lowest = start + offset;
      if (value > (points[highest]?.value ?? value)) highest = start + offset;
    });
    for (const index of [start, lowest, highest, end]) kept.add(index);
    start = end + 1;
  }
  return points.filter((_, index) => kept.has(index));
}
