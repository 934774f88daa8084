// How far a Key Result has come (0–1), how far its Objective has come, and how far it should have
// come by now. Linked Jira issues never enter these numbers: only the measured value does.
import type { Cycle, Metric } from '../contract';
import { isoDay } from './cycles';

const MS_PER_DAY = 86_400_000;

/** Clamps to [0, 1]; NaN (an impossible metric) counts as no progress rather than poisoning a roll-up. */
export function clamp01(value: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

/**
 * Progress of a metric where higher values are better, with the target as the goal line:
 * - at or past the target: 1;
 * - below it, when the start is below the target: the share of the way covered,
 *   (current − start) / (target − start), clamped to [0, 1] (below the start counts as 0);
 * - below it, when the start is already at or above the target: 0. There is no way "from the start
 *   to the target" to take a share of, so the target is simply not met yet.
 */
function progressUpward(start: number, target: number, current: number): number {
  if (current >= target) return 1;
  if (start >= target) return 0;
  return clamp01((current - start) / (target - start));
}

/**
 * A Key Result's progress, 0–1, from its start, target and current value.
 *
 * - `increase` (e.g. "Members booking a PT session each month: 120 → 300"):
 *   (current − start) / (target − start), clamped to [0, 1]; 1 once current ≥ target.
 * - `decrease` (e.g. "Churn: 8% → 5%"): (start − current) / (start − target), clamped; 1 once current ≤ target.
 * - `stay-above` (a floor to hold, e.g. "NPS stays above 40"): 1 while current ≥ target. Below it:
 *   when the start was below the floor too (the Key Result is "get above 40 and stay there"),
 *   progress rises linearly from 0 at the start to 1 at the floor, as for `increase`; when the start
 *   was at or above the floor (the usual case: "hold what we have"), progress is 0: a floor either
 *   holds or it does not, and being a little under it is still not holding it.
 * - `stay-below` (a ceiling, e.g. "Page load stays below 2 s"): the mirror image of `stay-above`.
 * - start = target for `increase`/`decrease`: 1 when the target is reached (current ≥ target for
 *   increase, ≤ for decrease), else 0. The same rule covers a start already past the target.
 *
 * Progress for `stay-above` equals that for `increase` with the same numbers (and `stay-below` that
 * for `decrease`); what differs is the status (see `status.ts`): a held floor is not "done" until the
 * cycle ends. Non-finite numbers cannot arrive (payloads are validated) but give 0, never NaN.
 */
export function keyResultProgress(metric: Metric): number {
  const { direction, start, target, current } = metric;
  if (![start, target, current].every(Number.isFinite)) return 0;
  const higherIsBetter = direction === 'increase' || direction === 'stay-above';
  // Lower-is-better is higher-is-better on the negated numbers.
  return higherIsBetter ? progressUpward(start, target, current) : progressUpward(-start, -target, -current);
}

/**
 * An Objective's progress: the mean of its Key Results' progress weighted by their weights,
 * Σ(progressᵢ × weightᵢ) / Σ weightᵢ. Key Results with a weight that is not a positive number are
 * left out (weights are validated as > 0 upstream); no Key Results gives 0.
 */
export function objectiveProgress(keyResults: ReadonlyArray<{ progress: number; weight: number }>): number {
  const counted = keyResults
    .filter(({ progress, weight }) => Number.isFinite(progress) && Number.isFinite(weight) && weight > 0)
    .map(({ progress, weight }) => ({ progress: clamp01(progress), weight }));
  if (counted.length === 0) return 0;
  const totalWeight = counted.reduce((sum, { weight }) => sum + weight, 0);
  const mean = counted.reduce((sum, { progress, weight }) => sum + progress * weight, 0) / totalWeight;
  const progresses = counted.map(({ progress }) => progress);
  // A mean lies between its smallest and largest input; clamping removes floating-point overshoot.
  return Math.min(Math.max(...progresses), Math.max(Math.min(...progresses), mean));
}

/** Days since 1970-01-01 of an ISO date (yyyy-MM-dd), which JavaScript parses as UTC midnight. */
const dayNumber = (isoDate: string) => Date.parse(isoDate) / MS_PER_DAY;

/**
 * Whether a metric has a way from its start to its target to take a share of. An `increase` or
 * `decrease` whose start equals its target ("0 → 0") has none: it is neither done nor behind, and
 * says "not measurable" until someone sets a target. A floor or ceiling is measured by whether it
 * holds, so a start on the line is fine.
 */
export function isMeasurable(metric: Metric): boolean {
  if (metric.direction === 'stay-above' || metric.direction === 'stay-below') return true;
  return metric.start !== metric.target;
}

/**
 * The day a Key Result's clock starts: the start date it carries, else the day it was created, but
 * never before its cycle starts nor after it ends. A Key Result written mid-cycle is expected to have
 * come only as far as the days since then allow, not as far as the whole cycle's.
 */
export function keyResultStartDay(keyResult: { createdAt: string; startDate?: string }, cycle: Pick<Cycle, 'startDate' | 'endDate'>): string {
  const created = Number.isNaN(Date.parse(keyResult.createdAt)) ? cycle.startDate : isoDay(keyResult.createdAt);
  const day = keyResult.startDate ?? created;
  if (day < cycle.startDate) return cycle.startDate;
  return day > cycle.endDate ? cycle.endDate : day;
}

/**
 * The share of the cycle that has elapsed by the start of `at`'s UTC day: whole days elapsed divided
 * by the cycle's length in days (start and end dates inclusive). 0 on and before the first day,
 * (n − 1)/n on the last day of an n-day cycle, 1 from the day after it ends. For a 92-day quarter,
 * 15 November (day 46 from 1 October) gives 45/92 ≈ 0.49.
 *
 * With `fromDay` (a Key Result's start, see `keyResultStartDay`), the days are counted from that day
 * to the cycle's end instead: a Key Result started on 15 November is expected at 0 that day.
 */
export function expectedProgress(cycle: Pick<Cycle, 'startDate' | 'endDate'>, at: Date, fromDay?: string): number {
  if (Number.isNaN(at.getTime())) return 0;
  const first = fromDay !== undefined && fromDay > cycle.startDate && fromDay <= cycle.endDate ? fromDay : cycle.startDate;
  const lengthInDays = dayNumber(cycle.endDate) - dayNumber(first) + 1;
  const elapsedDays = dayNumber(isoDay(at)) - dayNumber(first);
  return clamp01(elapsedDays / lengthInDays);
}
