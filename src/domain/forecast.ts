// Where a Key Result is heading: a straight line through its check-ins, read at the cycle's end.
import type { Cycle } from '../contract';

const MS_PER_DAY = 86_400_000;

const sum = (numbers: readonly number[]) => numbers.reduce((total, number) => total + number, 0);
const mean = (numbers: readonly number[]) => sum(numbers) / numbers.length;

/** The instant the cycle's last day ends: midnight UTC after its end date (an ISO date parses as UTC). */
export function cycleEndTime(cycle: Pick<Cycle, 'endDate'>): number {
  return Date.parse(cycle.endDate) + MS_PER_DAY;
}

/**
 * The value a Key Result reaches at the end of the cycle if it keeps moving as it has: the
 * least-squares straight line through the check-ins (value against time), evaluated at
 * `cycleEndTime(cycle)`. With times tᵢ and values vᵢ, and t̄, v̄ their means:
 *
 *   slope = Σ(tᵢ − t̄)(vᵢ − v̄) / Σ(tᵢ − t̄)²,   forecast = v̄ + slope × (end − t̄)
 *
 * Null with fewer than two check-ins at distinct times: one point sets no direction.
 * Check-ins whose time does not parse or value is not finite are left out. The order of the
 * check-ins does not matter.
 *
 * The metric's start value is deliberately not a point: it has no date of its own (a Key Result is
 * often written mid-cycle, or with a baseline measured weeks earlier), and pinning it to the cycle's
 * first day would bend the line. Only dated measurements count.
 */
export function forecastAtCycleEnd(
  checkIns: ReadonlyArray<{ at: string; value: number }>,
  cycle: Pick<Cycle, 'endDate'>,
): number | null {
  const points = checkIns
    .map(({ at, value }) => ({ time: Date.parse(at), value }))
    .filter(({ time, value }) => Number.isFinite(time) && Number.isFinite(value));
  if (new Set(points.map(({ time }) => time)).size < 2) return null;

  // Days from the first check-in rather than raw milliseconds since 1970, so the sums stay small
  // enough for floating point to keep their precision.
  const origin = Math.min(...points.map(({ time }) => time));
  const samples = points.map(({ time, value }) => ({ day: (time - origin) / MS_PER_DAY, value }));
  const meanDay = mean(samples.map(({ day }) => day));
  const meanValue = mean(samples.map(({ value }) => value));
  const covariance = sum(samples.map(({ day, value }) => (day - meanDay) * (value - meanValue)));
  const variance = sum(samples.map(({ day }) => (day - meanDay) ** 2));
  if (variance === 0) return null;

  const endDay = (cycleEndTime(cycle) - origin) / MS_PER_DAY;
  const forecast = meanValue + (covariance / variance) * (endDay - meanDay);
  return Number.isFinite(forecast) ? forecast : null;
}
