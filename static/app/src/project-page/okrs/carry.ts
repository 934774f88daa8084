// Carrying OKRs over at a cycle's end (README: "Carrying OKRs over"): what the page says of the cycles
// on either side, and which Key Results are there to carry. The server decides; this only words it.
import type { KeyResultView, ObjectiveView } from '../../../../../src/contract';

/** Key Results one carry-over takes along, as the server's MAX_CARRIED_KEY_RESULTS (the contract's values stay out of the UI's bundles). */
export const MAX_CARRIED_KEY_RESULTS = 5;

/** "Q3 2026" for `2026-Q3`, "FY 2026" for `2026`: a cycle's name from its id, as the server names it. */
export function cycleName(cycleId: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(cycleId);
  return quarter ? `Q${quarter[2]} ${quarter[1]}` : `FY ${cycleId}`;
}

/** The id of the cycle after one: a quarter's next quarter (after Q4, the next year's Q1), a year's next year. */
export function nextCycleId(cycleId: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(cycleId);
  if (!quarter) return String(Number(cycleId) + 1);
  const [year, number] = [Number(quarter[1]), Number(quarter[2])];
  return number < 4 ? `${year}-Q${number + 1}` : `${year + 1}-Q1`;
}

/** Reached a target it was to reach: finished, not carried (a floor or a ceiling to hold goes on being held). */
export function reachedTarget(keyResult: Pick<KeyResultView, 'metric' | 'progress'>): boolean {
  return (keyResult.metric.direction === 'increase' || keyResult.metric.direction === 'decrease') && keyResult.progress >= 1;
}

/** The Key Results still to carry: neither carried already nor finished. */
export function carryableKeyResults(objective: ObjectiveView): KeyResultView[] {
  return objective.keyResults.filter((keyResult) => !keyResult.carriedTo && !reachedTarget(keyResult));
}

/**
 * Whether the Objective can be carried over now: by someone who writes OKRs and grades its Key
 * Results, from a cycle that has begun; once (then only Key Results left behind, into its copy).
 */
export function canCarry(objective: ObjectiveView, cycleState: 'draft' | 'active' | 'closed', canEdit: boolean): boolean {
  if (!canEdit || !objective.canCheckIn || cycleState === 'draft') return false;
  if (objective.carriedTo) return carryableKeyResults(objective).length > 0;
  return objective.status === 'active' || objective.status === 'draft';
}
