// The OKR-in-process limit: a cap on a team's active Objectives per cycle, so it finishes what it
// started before taking on more (default 3, set in the project's settings).
import type { ObjectiveStatus } from '../contract';

interface ObjectiveInCycle {
  id: string;
  cycleId: string;
  status: ObjectiveStatus;
}

const isInProcess = (objective: ObjectiveInCycle, cycleId: string) =>
  objective.status === 'active' && objective.cycleId === cycleId;

/** The OKRs in process in a cycle: its Objectives whose status is `active` (not draft, done or dropped). */
export function okrsInProcess(objectives: readonly ObjectiveInCycle[], cycleId: string): number {
  return objectives.filter((objective) => isInProcess(objective, cycleId)).length;
}

/**
 * Whether making an Objective active in the cycle would take the OKRs in process past the limit:
 * it would when the Objective is not already active in that cycle (a new one has no id, or an
 * existing one is draft, done or dropped) and inProcess + 1 > limit; so with a limit of 3, a 4th is
 * refused, and saving one of the 3 active ones again is not.
 */
export function limitCheck(input: {
  objectives: readonly ObjectiveInCycle[];
  cycleId: string;
  limit: number;
  activating: { id?: string };
}): { inProcess: number; limit: number; wouldExceed: boolean } {
  const { objectives, cycleId, limit, activating } = input;
  const inProcess = okrsInProcess(objectives, cycleId);
  const alreadyInProcess =
    activating.id !== undefined && objectives.some((objective) => objective.id === activating.id && isInProcess(objective, cycleId));
  return { inProcess, limit, wouldExceed: !alreadyInProcess && inProcess + 1 > limit };
}
