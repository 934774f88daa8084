// Writing a project's OKRs: Objectives, Key Results, check-ins, carry-overs, settings, history, export and import.
// Each resolver: validate (done by defineResolvers) → authorize against Jira → load → domain → store.
import { randomUUID } from 'node:crypto';
import type Resolver from '@forge/resolver';
import type { CarryOverData, Cycle, DataOf, DeleteData, KeyResultView, LimitOverride, Objective, OkrExport, ValidPayload } from '../contract';
import { nextCycle } from '../domain/cycles';
import { onStep } from '../domain/grading';
import { limitCheck } from '../domain/limit';
import { keyResultProgress } from '../domain/progress';
import { projectAccess, requireCheckIn, requireEditor } from '../invocation/access';
import { changeBy, defineResolvers, type Invocation } from '../invocation/define';
import { AppError } from '../invocation/errors';
import { contributionOf, cycleOf, historySubjectOf, keyResultInProject, objectiveInProject, servedOrgObjective } from '../invocation/lookups';
import { queueDeletedLinks } from '../jobs/deleted-links';
import { queueImportCleanup } from '../jobs/import-stage';
import { registerMeasuredOf } from '../store/measures';
import { measureToSave } from './measures';
import { carryOverObjective as storeCarryOver } from '../store/carry-over';
import { type DeletedKeyResults, deleteKeyResultAndLinks, deleteObjectiveAndLinks } from '../store/deletions';
import {
  activateObjective,
  appendCheckIn,
  beginImport,
  exportPage,
  finishImport,
  historyPage,
  keyResultsOfObjective,
  applyImport,
  exportProject,
  readAfterWrite,
  type ObjectiveSave,
  type StoredKeyResult,
  saveKeyResult as storeKeyResult,
  saveObjective as storeObjective,
  saveSettings as storeSettings,
  stageImportPart,
} from '../store/okrs';
import { boundedChange, keyResultTitles } from '../views/history';
import { keyResultView } from '../views/okrs';

function requireVersionForUpdate(expectedVersion: number | undefined, what: string): number {
  if (expectedVersion === undefined) {
    throw new AppError('VALIDATION', `expectedVersion is required to change an existing ${what}, so that nobody's change is overwritten.`, 'expectedVersion');
  }
  return expectedVersion;
}

async function saveObjective(payload: ValidPayload<'saveObjective'>, invocation: Invocation): Promise<Objective> {
  const access = await projectAccess(invocation);
  const input = payload.objective;
  requireEditor(access, input.id ? 'change OKRs' : 'create OKRs');
  const cycle = cycleOf(input.cycleId, access, invocation.now, 'objective.cycleId');
  const existing = input.id ? await objectiveInProject(input.id, invocation.projectKey, 'objective.id') : null;
  if (existing) {
    requireVersionForUpdate(payload.expectedVersion, 'Objective');
    if (existing.cycleId !== input.cycleId) {
      throw new AppError('VALIDATION', `An Objective stays in its cycle (${existing.cycleId}); create a new one in ${input.cycleId} instead.`, 'objective.cycleId');
    }
    // Going past the limit is said once: its reason is the change's reason too.
    if (existing.status !== 'draft' && !payload.reason && !payload.overrideLimitReason) {
      throw new AppError('VALIDATION', 'Say why this Objective changes: changes during a cycle are recorded with their reason.', 'reason');
    }
  }
  const expectedVersion = existing ? payload.expectedVersion : undefined;
  const serves = await servedOrgObjective(input.servesOrgObjectiveId, existing?.servesOrgObjectiveId, 'objective.servesOrgObjectiveId');
  const toSave = objectiveToSave(payload, existing, cycle, invocation, access.settings.okrLimit, serves);
  if (input.status !== 'active' || existing?.status === 'active') {
    const { objective, change } = toSave();
    return storeObjective(objective, change, expectedVersion);
  }
  // An activation is checked against the limit on the cycle's Objectives as they are when it is saved.
  return activateObjective(invocation.projectKey, cycle.id, toSave, expectedVersion);
}

/** What a save of the Objective writes, given (for an activation) the cycle's Objectives as they are now. */
function objectiveToSave(payload: ValidPayload<'saveObjective'>, existing: Objective | null, cycle: Cycle, invocation: Invocation, okrLimit: number, servesOrgObjectiveId: string | undefined) {
  const { objective: input, reason, overrideLimitReason } = payload;
  const id = existing?.id ?? randomUUID();
  return (cycleObjectives?: Objective[]): ObjectiveSave => {
    const limitOverride = (cycleObjectives && overrideIfOverLimit(payload, id, cycle, cycleObjectives, invocation, okrLimit)) || existing?.limitOverride;
    // An override is the change worth finding in the history, whether it came with a new Objective or an activation.
    const what = limitOverride && !existing?.limitOverride ? 'objective.limit-overridden' : existing ? 'objective.updated' : 'objective.created';
    return {
      objective: {
        id,
        projectKey: invocation.projectKey,
        cycleId: cycle.id,
        title: input.title,
        status: input.status,
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.ownerAccountId !== undefined ? { ownerAccountId: input.ownerAccountId } : {}),
        ...(limitOverride ? { limitOverride } : {}),
        ...(servesOrgObjectiveId ? { servesOrgObjectiveId } : {}),
        // A carry-over's threads are the carry-over's (carryOverObjective): an edit keeps them.
        ...(existing?.carriedFrom ? { carriedFrom: existing.carriedFrom } : {}),
        ...(existing?.carriedTo ? { carriedTo: existing.carriedTo } : {}),
        ...(existing ? { createdAt: existing.createdAt } : {}),
      },
      change: changeBy(invocation, what, reason ?? overrideLimitReason),
    };
  };
}

/** Over the OKR limit, an activation is refused unless a reason to override the limit comes with it: the override it records, if any. */
function overrideIfOverLimit(payload: ValidPayload<'saveObjective'>, id: string, cycle: Cycle, cycleObjectives: Objective[], invocation: Invocation, okrLimit: number): LimitOverride | undefined {
  const limit = limitCheck({ objectives: cycleObjectives, cycleId: cycle.id, limit: okrLimit, activating: { id } });
  if (!limit.wouldExceed) return undefined;
  if (!payload.overrideLimitReason) {
    throw new AppError(
      'LIMIT',
      `${invocation.projectKey} already has ${limit.inProcess} of ${limit.limit} OKRs in process in ${cycle.name}. Finish or drop one first, or override the limit with a written reason.`,
      'objective.status',
    );
  }
  return { objectiveId: id, accountId: invocation.accountId, at: invocation.now.toISOString(), reason: payload.overrideLimitReason };
}

async function saveKeyResult(payload: ValidPayload<'saveKeyResult'>, invocation: Invocation): Promise<KeyResultView> {
  const { projectKey, now } = invocation;
  const access = await projectAccess(invocation);
  const input = payload.keyResult;
  requireEditor(access, input.id ? 'change OKRs' : 'create OKRs');
  const objective = await objectiveInProject(input.objectiveId, projectKey, 'keyResult.objectiveId');
  const cycle = cycleOf(objective.cycleId, access, now, 'keyResult.objectiveId');
  const existing = input.id ? await keyResultInProject(input.id, projectKey, 'keyResult.id') : null;
  if (existing) {
    requireVersionForUpdate(payload.expectedVersion, 'Key Result');
    if (existing.objectiveId !== input.objectiveId) {
      throw new AppError('VALIDATION', 'A Key Result stays with its Objective; create a new one under the other Objective instead.', 'keyResult.objectiveId');
    }
  }
  // A query is tried before anything is written: a JQL Jira refuses is the form's error.
  const measured = input.measure ? await measureToSave(input.measure, invocation) : null;
  const contributesTo = await contributionOf(input.contributesTo, existing?.contributesTo, 'keyResult.contributesTo.orgKeyResultId');
  // The store refuses a Key Result past the most an Objective may have.
  const saved = await storeKeyResult(
    { id: existing?.id ?? randomUUID(), objectiveId: objective.id, projectKey, cycleId: objective.cycleId, title: input.title, metric: input.metric, weight: input.weight ?? existing?.weight ?? 1, startDate: input.startDate, contributesTo, measure: measured?.measure },
    changeBy(invocation, existing ? 'keyResult.updated' : 'keyResult.created', payload.reason),
    existing ? payload.expectedVersion : undefined,
    measured?.value,
  );
  return keyResultView(saved, cycle, now, undefined, undefined, undefined, undefined, access.settings.staleCheckInDays);
}

async function deleteObjective(payload: ValidPayload<'deleteObjective'>, invocation: Invocation): Promise<DeleteData> {
  requireEditor(await projectAccess(invocation), 'delete OKRs');
  await objectiveInProject(payload.id, invocation.projectKey, 'id');
  return deleteAnswer(await deleteObjectiveAndLinks(payload.id, payload.expectedVersion, changeBy(invocation, 'objective.deleted')), 'Objective');
}

async function deleteKeyResult(payload: ValidPayload<'deleteKeyResult'>, invocation: Invocation): Promise<DeleteData> {
  requireEditor(await projectAccess(invocation), 'delete OKRs');
  await keyResultInProject(payload.id, invocation.projectKey, 'id');
  return deleteAnswer(await deleteKeyResultAndLinks(payload.id, payload.expectedVersion, changeBy(invocation, 'keyResult.deleted')), 'Key Result');
}

/**
 * A delete has happened once it answers. Its links are removed from storage and Jira's search in the
 * background, as the app (this caller was just checked to be an editor); what could be neither done
 * nor queued is said, not hidden.
 */
async function deleteAnswer(deleted: DeletedKeyResults, what: string): Promise<DeleteData> {
  const queued = await queueDeletedLinks(deleted);
  if (queued && deleted.complete) return { warnings: [] };
  return {
    warnings: [
      {
        code: 'LINKS_NOT_REMOVED',
        message: `The ${what} is deleted. Some of its issue links could not be cleared just now: Outcomes no longer shows them, but a Jira search may still find those issues until they are next linked or unlinked.`,
      },
    ],
  };
}

async function checkIn(payload: ValidPayload<'checkIn'>, invocation: Invocation): Promise<KeyResultView> {
  const { projectKey, accountId, now } = invocation;
  const access = await projectAccess(invocation);
  const keyResult = await keyResultInProject(payload.keyResultId, projectKey, 'keyResultId');
  const objective = await objectiveInProject(keyResult.objectiveId, projectKey, 'keyResultId');
  requireCheckIn(access, objective);
  const saved = await appendCheckIn(
    keyResult.id,
    { at: now.toISOString(), accountId, value: payload.value, confidence: payload.confidence, ...(payload.note ? { note: payload.note } : {}) },
    changeBy(invocation, 'keyResult.checked-in'),
  );
  return keyResultView(saved, cycleOf(objective.cycleId, access, now, 'keyResultId'), now, undefined, undefined, undefined, undefined, access.settings.staleCheckInDays);
}

// ─── Carrying OKRs over at a cycle's end (README: "Carrying OKRs over"); the store writes it in one transaction ───

/** A Key Result that reached a target it was to reach: finished, nothing to carry (a floor or a ceiling to hold goes on being held). */
const reached = (keyResult: StoredKeyResult) => (keyResult.metric.direction === 'increase' || keyResult.metric.direction === 'decrease') && keyResultProgress(keyResult.metric) >= 1;

/**
 * Carries an Objective and the unfinished Key Results chosen into the next cycle. Creating the copies
 * takes the right to write OKRs; grading the old ones, the right to grade the Objective's Key Results.
 */
async function carryOverObjective(payload: ValidPayload<'carryOverObjective'>, invocation: Invocation): Promise<CarryOverData> {
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

async function getHistory(payload: ValidPayload<'getHistory'>, invocation: Invocation) {
  const { objectiveId, keyResultId } = payload;
  const subject = historySubjectOf(payload);
  await projectAccess(invocation);
  if (objectiveId) await objectiveInProject(objectiveId, invocation.projectKey, 'objectiveId');
  const keyResults = keyResultId ? [await keyResultInProject(keyResultId, invocation.projectKey, 'keyResultId')] : objectiveId ? await keyResultsOfObjective(objectiveId, invocation.projectKey) : [];
  const page = await historyPage(invocation.projectKey, subject, payload.cursor);
  const people = await invocation.jira.displayNames(page.changes.map((change) => change.accountId));
  const titles = keyResultTitles(page.changes, keyResults);
  return { changes: page.changes.map(boundedChange), people, keyResults: titles, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

async function saveSettings(payload: ValidPayload<'saveSettings'>, invocation: Invocation) {
  const access = await projectAccess(invocation);
  requireEditor(access, 'change the OKR settings');
  if (payload.boardId !== undefined) {
    const boards = await invocation.jira.scrumBoardsOfProject(invocation.projectKey);
    if (!boards.some((board) => board.id === payload.boardId)) {
      throw new AppError('VALIDATION', `Board ${payload.boardId} is not a Scrum board of ${invocation.projectKey}.`, 'boardId');
    }
  }
  const { expectedVersion, productGoal, ...values } = payload;
  const goal =
    productGoal === undefined
      ? undefined
      : productGoal === null
        ? null
        : { text: productGoal.text, ...withServed(await servedOrgObjective(productGoal.servesOrgObjectiveId ?? null, access.settings.productGoal?.servesOrgObjectiveId, 'productGoal.servesOrgObjectiveId')) };
  // Without the version it was made on, a change applies to the settings as they are now.
  return storeSettings(invocation.projectKey, { ...values, ...(goal !== undefined ? { productGoal: goal } : {}) }, changeBy(invocation, 'settings.updated'), expectedVersion ?? access.settings.version, access.project.lead?.accountId);
}

const withServed = (servesOrgObjectiveId: string | undefined) => (servesOrgObjectiveId ? { servesOrgObjectiveId } : {});

async function exportData(payload: ValidPayload<'exportData'>, invocation: Invocation): Promise<DataOf<'exportData'>> {
  await projectAccess(invocation);
  return exportPage(invocation.projectKey, invocation.now.toISOString(), payload.cursor);
}

async function importData(payload: ValidPayload<'importData'>, invocation: Invocation): Promise<OkrExport> {
  requireEditor(await projectAccess(invocation), 'import OKRs');
  const imported = await applyImport(invocation.projectKey, payload.data, changeBy(invocation, 'project.imported'));
  // Jira's search forgets the Key Results the file dropped, in the background, as the app (this caller was just checked to be an editor).
  await queueImportCleanup(imported);
  // The import is saved: the answer is read back, tried again if storage fails just then.
  // Its query-measured Key Results join the refreshes.
  await registerMeasuredOf(invocation.projectKey);
  return readAfterWrite(() => exportProject(invocation.projectKey, invocation.now.toISOString()));
}

/** A file larger than one request: `begin`, then each `part` of its JSON text, then `finish`. */
async function importInParts(payload: ValidPayload<'importInParts'>, invocation: Invocation): Promise<DataOf<'importInParts'>> {
  requireEditor(await projectAccess(invocation), 'import OKRs');
  const { projectKey } = invocation;
  const change = changeBy(invocation, 'project.imported');
  if (payload.phase === 'begin') return beginImport(projectKey, payload.parts, change);
  if (payload.phase === 'part') return stageImportPart(projectKey, payload.importId, payload.index, payload.text);
  const { unlinked, stage, ...summary } = await finishImport(projectKey, payload.importId, change);
  await queueImportCleanup({ unlinked, stage });
  await registerMeasuredOf(projectKey);
  return summary;
}

export function registerOkrs(resolver: Resolver): void {
  defineResolvers(resolver, { saveObjective, deleteObjective, saveKeyResult, deleteKeyResult, checkIn, carryOverObjective, getHistory, saveSettings, exportData, importData, importInParts });
}
