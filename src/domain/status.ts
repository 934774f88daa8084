// Time-aware status: a Key Result's progress read against the share of the cycle that has elapsed.
import type { KeyResultStatus, Metric } from '../contract';
import { isMeasurable } from './progress';

/**
 * On track while progress ≥ expected − 0.1: up to a tenth of the cycle behind the straight line from
 * 0 to 1 (about 9 days, or less than one two-week sprint, of a 13-week quarter) is normal noise, since
 * outcomes move in steps after releases, not every day.
 */
export const ON_TRACK_TOLERANCE = 0.1;

/**
 * Behind while progress ≥ expected − 0.25; further back than that is at risk. A quarter of the cycle
 * (about 3 weeks, 1.5 sprints, of a quarter) is more than a sprint can usually win back.
 */
export const AT_RISK_GAP = 0.25;

/**
 * During the first tenth of the cycle (about the first sprint of a quarter) nothing is at risk: the
 * team has not had a sprint to act yet, so the worst status is "behind". With the gaps above, a Key
 * Result measured against time cannot be at risk before a quarter of the cycle has passed anyway;
 * the grace matters for a floor or ceiling already breached on day one.
 */
export const START_GRACE = 0.1;

type PaceStatus = Exclude<KeyResultStatus, 'done' | 'not-measurable'>;

/**
 * Progress against the elapsed share of the cycle (both 0–1), measured as an absolute gap:
 * on-track when progress ≥ expected − ON_TRACK_TOLERANCE, behind when progress ≥ expected − AT_RISK_GAP,
 * at-risk below. An absolute gap rather than a ratio, because a ratio calls 0 progress on day two
 * "0% of expected" (at risk) while the cycle has barely begun.
 */
export function paceStatus(progress: number, expectedProgress: number): PaceStatus {
  if (progress >= expectedProgress - ON_TRACK_TOLERANCE) return 'on-track';
  if (progress >= expectedProgress - AT_RISK_GAP) return 'behind';
  return 'at-risk';
}

const isThreshold = (metric: Metric) => metric.direction === 'stay-above' || metric.direction === 'stay-below';

/** Whether a value is on the good side of a floor (`stay-above`) or ceiling (`stay-below`); the line itself counts as holding. */
const holdsAt = (metric: Metric, value: number) =>
  metric.direction === 'stay-above' ? value >= metric.target : value <= metric.target;

/**
 * A floor or ceiling is about whether it holds now, not about pace:
 * - it holds: on-track while the cycle runs, done once the cycle is over (expected progress 1),
 *   because holding it for the first weeks is not holding it for the cycle;
 * - it does not hold and never did (the start was on the wrong side: "get NPS above 40 and keep it
 *   there"): judged by pace, like an `increase`/`decrease` Key Result;
 * - it held at the start and is breached now: at-risk, whatever the date.
 */
function thresholdStatus(metric: Metric, progress: number, expectedProgress: number): KeyResultStatus {
  if (holdsAt(metric, metric.current)) return expectedProgress >= 1 ? 'done' : 'on-track';
  if (!holdsAt(metric, metric.start)) return paceStatus(progress, expectedProgress);
  return 'at-risk';
}

/**
 * A Key Result's status from its metric, its progress (`keyResultProgress`) and the expected progress
 * (`expectedProgress`):
 * - `increase`/`decrease`: done when progress ≥ 1, otherwise `paceStatus` (on-track within
 *   ON_TRACK_TOLERANCE of the expected progress, behind within AT_RISK_GAP, at-risk beyond);
 * - `stay-above`/`stay-below`: whether the floor or ceiling holds (see `thresholdStatus`);
 * - in the first START_GRACE of the cycle, at-risk is softened to behind;
 * - `not-measurable` when it has no way from start to target (see `isMeasurable`): "0 → 0" is not done.
 */
export function keyResultStatus(metric: Metric, progress: number, expectedProgress: number): KeyResultStatus {
  if (!isMeasurable(metric)) return 'not-measurable';
  return withStartGrace(statusIgnoringGrace(metric, progress, expectedProgress), expectedProgress);
}

function statusIgnoringGrace(metric: Metric, progress: number, expectedProgress: number): KeyResultStatus {
  if (isThreshold(metric)) return thresholdStatus(metric, progress, expectedProgress);
  if (progress >= 1) return 'done';
  return paceStatus(progress, expectedProgress);
}

/**
 * An Objective's health: done when it has Key Results and every measurable one is done; otherwise its
 * weighted progress (`objectiveProgress`, of its measurable Key Results) read by pace, like a Key
 * Result. Progress 1 alone is not done: floors that hold mid-cycle give progress 1 but are not done
 * until the cycle ends. With Key Results and none of them measurable, it is not measurable either.
 */
export function objectiveHealth(
  keyResultStatuses: readonly KeyResultStatus[],
  progress: number,
  expectedProgress: number,
): KeyResultStatus {
  const measured = keyResultStatuses.filter((status) => status !== 'not-measurable');
  if (keyResultStatuses.length > 0 && measured.length === 0) return 'not-measurable';
  if (measured.length > 0 && measured.every((status) => status === 'done')) return 'done';
  return withStartGrace(paceStatus(progress, expectedProgress), expectedProgress);
}

function withStartGrace(status: KeyResultStatus, expectedProgress: number): KeyResultStatus {
  return status === 'at-risk' && expectedProgress < START_GRACE ? 'behind' : status;
}
