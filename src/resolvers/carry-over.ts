// Carrying OKRs over at a cycle's end (README: "Carrying OKRs over"): who may, what may be carried,
// and the grade each Key Result closes with. The store writes it all in one transaction.
import type { CarryOverData, ValidPayload } from '../contract';
import { nextCycle } from '../domain/cycles';
import { onStep } from '../domain/grading';
import { limitCheck } from '../domain/limit';
import { keyResultProgress } from '../domain/progress';
import { projectAccess, requireCheckIn, requireEditor } from '../invocation/access';
import type { Invocation } from '../invocation/define';
import { AppError } from '../invocation/errors';
import { cycleOf, objectiveInProject } from '../invocation/lookups';
import { carryOverObjective as storeCarryOver } from '../store/carry-over';
import { keyResultsOfObjective, type StoredKeyResult } from '../store/okrs';

/** A Key Result that reached a target it was to reach: finished, nothing to carry (a floor or a ceiling to hold goes on being held). */
const reached = (keyResult: StoredKeyResult) => (keyResult.metric.direction === 'increase' || keyResult.metric.direction === 'decrease') && keyResultProgress(keyResult.metric) >= 1;

/**
 * Carries an Objective and the unfinished Key Results chosen into the next cycle. Creating the copies
 * takes the right to write OKRs; grading the old ones, the right to grade the Objective's Key Results.
 */
export async function carryOverObjective(payload: ValidPayload<'carryOverObjective'>, invocation: Invocation): Promise<CarryOverData> {
  const { projectKey, accountId, now } = invocation;
  const access = await projectAccess(invocation);
  requireEditor(access, 'carry OKRs over');
  const objective = await objectiveInProject(payload.objectiveId, projectKey, 'objectiveId');
  requireCheckIn(access, objective, 'grade');
  const { fiscalYearStartMonth, okrLimit } = access.settings;
  const from = cycleOf(objective.cycleId, access, now, 'objectiveId');
  if (from.state === 'draft') {
    throw new AppError('VALIDATION', `${from.name} has not begun: its OKRs are carried over at its end, not before.`, 'objectiveId');
  }
  const to = nextCycle(from, fiscalYearStartMonth, now);
  if (!to) throw new AppError('VALIDATION', `${from.name} has no next cycle to carry “${objective.title}” into.`, 'objectiveId');

  const keyResults = await keyResultsOfObjective(objective.id, projectKey);
  const chosen = payload.keyResults.map((wanted, index) => {
    const field = `keyResults.${index}.id`;
    const keyResult = keyResults.find((candidate) => candidate.id === wanted.id);
    if (!keyResult) throw new AppError('NOT_FOUND', `This Key Result is not one of “${objective.title}” (it may have been deleted). Reload to see the current OKRs.`, field);
    if (reached(keyResult)) throw new AppError('VALIDATION', `“${keyResult.title}” reached its target: it is finished, not carried over.`, field);
    // Graded by the Product Owner, or else by how far it came, on the scale's steps.
    return { id: keyResult.id, expectedVersion: wanted.expectedVersion, score: wanted.score ?? onStep(keyResultProgress(keyResult.metric)) };
  });

  return storeCarryOver({
    projectKey,
    objectiveId: objective.id,
    expectedVersion: payload.expectedVersion,
    toCycleId: to.id,
    keyResults: chosen,
    change: { accountId, at: now.toISOString(), ...(payload.note ?? payload.overrideLimitReason ? { reason: payload.note ?? payload.overrideLimitReason } : {}) },
    limit: (cycleObjectives, copyId) => {
      const limit = limitCheck({ objectives: cycleObjectives, cycleId: to.id, limit: okrLimit, activating: { id: copyId } });
      if (!limit.wouldExceed) return undefined;
      if (!payload.overrideLimitReason) {
        throw new AppError(
          'LIMIT',
          `${projectKey} already has ${limit.inProcess} of ${limit.limit} OKRs in process in ${to.name}: “${objective.title}” would be one more there. Finish or drop one of them first, or go past the limit with a written reason.`,
          'overrideLimitReason',
        );
      }
      return { objectiveId: copyId, accountId, at: now.toISOString(), reason: payload.overrideLimitReason };
    },
  });
}
