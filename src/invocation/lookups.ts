// What a payload names, found in the invocation's project, or an error saying it is not there:
// other projects' OKRs are invisible here.
import type { Cycle, Objective } from '../contract';
import { cycleById } from '../domain/cycles';
import { getKeyResult, getObjective, type StoredKeyResult } from '../store/okrs';
import { getOrgKeyResult, getOrgObjective } from '../store/org-okrs';
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

/**
 * The organization Objective a team's record serves after a save: absent in the payload keeps what it
 * had, null clears it, an id must name an organization Objective that exists — unless it is the one
 * already kept (deleted since: the team's record keeps its id, and a save of it is not refused).
 */
export async function servedOrgObjective(requested: string | null | undefined, kept: string | undefined, field: string): Promise<string | undefined> {
  if (requested === undefined) return kept;
  if (requested === null) return undefined;
  if (requested !== kept && !(await getOrgObjective(requested))) {
    throw new AppError('VALIDATION', 'That organization Objective does not exist (it may have been deleted). Pick one of the organization’s current Objectives, or none.', field);
  }
  return requested;
}

/** A team Key Result's contribution after a save, as servedOrgObjective decides for an Objective; its weight is 1 unless given. */
export async function contributionOf(
  requested: { orgKeyResultId: string; weight?: number } | null | undefined,
  kept: { orgKeyResultId: string; weight: number } | undefined,
  field: string,
): Promise<{ orgKeyResultId: string; weight: number } | undefined> {
  if (requested === undefined) return kept;
  if (requested === null) return undefined;
  if (requested.orgKeyResultId !== kept?.orgKeyResultId && !(await getOrgKeyResult(requested.orgKeyResultId))) {
    throw new AppError('VALIDATION', 'That organization Key Result does not exist (it may have been deleted). Pick one of the organization’s current Key Results, or none.', field);
  }
  return { orgKeyResultId: requested.orgKeyResultId, weight: requested.weight ?? (requested.orgKeyResultId === kept?.orgKeyResultId ? kept.weight : 1) };
}
