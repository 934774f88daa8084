// What a payload names, found in the invocation's project, or an error saying it is not there:
// other projects' OKRs are invisible here.
import type { Cycle, Objective } from '../contract';
import { cycleById } from '../domain/cycles';
import { getKeyResult, getObjective, type StoredKeyResult } from '../store/okrs';
import type { ProjectAccess } from './access';
import { AppError } from './errors';

/** The one Objective or one Key Result a history is asked for, or a VALIDATION naming what is wrong. */
export function historySubjectOf({ objectiveId, keyResultId }: { objectiveId?: string; keyResultId?: string }): { objectiveId: string } | { keyResultId: string } {
  if (objectiveId !== undefined && keyResultId === undefined) return { objectiveId };
  if (keyResultId !== undefined && objectiveId === undefined) return { keyResultId };
  throw new AppError('VALIDATION', 'Ask for the history of one Objective or one Key Result.', objectiveId === undefined ? 'objectiveId' : 'keyResultId');
}

export function cycleOf(cycleId: string, access: ProjectAccess, now: Date, field: string): Cycle {
  const cycle = cycleById(cycleId, access.settings.fiscalYearStartMonth, now);
  if (!cycle) throw new AppError('VALIDATION', `There is no OKR cycle ${cycleId}.`, field);
  return cycle;
}

export async function objectiveInProject(id: string, projectKey: string, field: string): Promise<Objective> {
  const objective = await getObjective(id, projectKey);
  if (!objective || objective.projectKey !== projectKey) {
    throw new AppError('NOT_FOUND', 'This Objective does not exist in this project (it may have been deleted). Reload to see the current OKRs.', field);
  }
  return objective;
}

export async function keyResultInProject(id: string, projectKey: string, field: string): Promise<StoredKeyResult> {
  const keyResult = await getKeyResult(id, projectKey);
  if (!keyResult || keyResult.projectKey !== projectKey) {
    throw new AppError('NOT_FOUND', 'This Key Result does not exist in this project (it may have been deleted). Reload to see the current OKRs.', field);
  }
  return keyResult;
}
