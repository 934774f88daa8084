// Writing a project's OKRs: Objectives, Key Results, check-ins, settings, history, export and import.
// Each resolver: validate (done by defineResolver) → authorize against Jira → load → domain → store.
import { randomUUID } from 'node:crypto';
import type Resolver from '@forge/resolver';
import type { Cycle, KeyResultView, Objective, OkrExport, ValidPayload } from '../contract';
import { cycleById } from '../domain/cycles';
import { limitCheck } from '../domain/limit';
import { type JiraClient, jiraAsUser } from '../jira/client';
import {
  appendCheckIn,
  deleteKeyResult,
  deleteObjective,
  exportProject,
  getKeyResult,
  getObjective,
  historyOf,
  importProject,
  keyResultsOfObjective,
  limitGuardVersion,
  type LimitCheckpoint,
  loadCycle,
  saveKeyResult,
  saveObjective,
  saveSettings,
  StoreLimitRaceError,
  type StoredKeyResult,
} from '../store/okrs';
import { linkRecordsOf, removeLinksOfKeyResult } from '../store/links';
import { MAX_TRANSACTION_OPS } from '../store/model';
import { projectAccess, type ProjectAccess, requireCheckIn, requireEditor } from './access';
import { defineResolver, type InvocationContext, requireProject } from './define';
import { AppError } from './errors';
import { keyResultView } from './views';

/** How often an activation re-checks the limit after another activation landed first. */
const LIMIT_ATTEMPTS = 8;

/** More than this many Key Results on one Objective is refused (the quality rules warn past 5 already). */
export const MAX_KEY_RESULTS_PER_OBJECTIVE = 20;

export interface Call {
  projectKey: string;
  accountId: string;
  jira: JiraClient;
  now: Date;
}

export const callOf = (context: InvocationContext): Call => ({
  projectKey: requireProject(context),
  accountId: context.accountId,
  jira: jiraAsUser(),
  now: new Date(),
});

export function cycleOf(cycleId: string, access: ProjectAccess, now: Date, field: string): Cycle {
  const cycle = cycleById(cycleId, access.settings.fiscalYearStartMonth, now);
  if (!cycle) throw new AppError('VALIDATION', `There is no OKR cycle ${cycleId}.`, field);
  return cycle;
}

/** The Objective, if it exists in this project; other projects' OKRs are invisible here. */
export async function objectiveInProject(id: string, projectKey: string, field: string): Promise<Objective> {
  const objective = await getObjective(id);
  if (!objective || objective.projectKey !== projectKey) {
    throw new AppError('NOT_FOUND', 'This Objective does not exist in this project (it may have been deleted). Reload to see the current OKRs.', field);
  }
  return objective;
}

export async function keyResultInProject(id: string, projectKey: string, field: string): Promise<StoredKeyResult> {
  const keyResult = await getKeyResult(id);
  if (!keyResult || keyResult.projectKey !== projectKey) {
    throw new AppError('NOT_FOUND', 'This Key Result does not exist in this project (it may have been deleted). Reload to see the current OKRs.', field);
  }
  return keyResult;
}

function requireVersionForUpdate(expectedVersion: number | undefined, what: string): number {
  if (expectedVersion === undefined) {
    throw new AppError('VALIDATION', `expectedVersion is required to change an existing ${what}, so that nobody's change is overwritten.`, 'expectedVersion');
  }
  return expectedVersion;
}

export async function saveObjectiveResolver(payload: ValidPayload<'saveObjective'>, call: Call): Promise<Objective> {
  const { projectKey, accountId, now } = call;
  const access = await projectAccess(call.jira, projectKey, accountId);
  const input = payload.objective;
  requireEditor(access, input.id ? 'change OKRs' : 'create OKRs');
  const cycle = cycleOf(input.cycleId, access, now, 'objective.cycleId');
  const existing = input.id ? await objectiveInProject(input.id, projectKey, 'objective.id') : null;
  if (existing) {
    requireVersionForUpdate(payload.expectedVersion, 'Objective');
    if (existing.cycleId !== input.cycleId) {
      throw new AppError('VALIDATION', `An Objective stays in its cycle (${existing.cycleId}); create a new one in ${input.cycleId} instead.`, 'objective.cycleId');
    }
    if (existing.status !== 'draft' && !payload.reason) {
      throw new AppError('VALIDATION', 'Say why this Objective changes: changes during a cycle are recorded with their reason.', 'reason');
    }
  }

  const id = existing?.id ?? randomUUID();
  const activating = input.status === 'active' && existing?.status !== 'active';
  // An activation is checked against the limit and saved together with the limit guard: if another
  // activation lands in between, the save fails and the check runs again on the new state.
  for (let attempt = 1; ; attempt++) {
    let limitOverride = existing?.limitOverride;
    let checkpoint: LimitCheckpoint | undefined;
    if (activating) {
      checkpoint = { readVersion: await limitGuardVersion(projectKey, cycle.id) };
      const { objectives } = await loadCycle(projectKey, cycle.id);
      const limit = limitCheck({ objectives, cycleId: cycle.id, limit: access.settings.okrLimit, activating: { id } });
      if (limit.wouldExceed) {
        if (!payload.overrideLimitReason) {
          throw new AppError(
            'LIMIT',
            `${projectKey} already has ${limit.inProcess} of ${limit.limit} OKRs in process in ${cycle.name}. Finish or drop one first, or override the limit with a written reason.`,
            'objective.status',
          );
        }
        limitOverride = { objectiveId: id, accountId, at: now.toISOString(), reason: payload.overrideLimitReason };
      }
    }
    try {
      return await saveObjective(
        {
          id,
          projectKey,
          cycleId: cycle.id,
          title: input.title,
          status: input.status,
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.ownerAccountId !== undefined ? { ownerAccountId: input.ownerAccountId } : {}),
          ...(limitOverride ? { limitOverride } : {}),
          ...(existing ? { createdAt: existing.createdAt } : {}),
        },
        {
          accountId,
          at: now.toISOString(),
          // An override is the change worth finding in the history, whether it came with a new Objective or an activation.
          what: limitOverride && !existing?.limitOverride ? 'objective.limit-overridden' : existing ? 'objective.updated' : 'objective.created',
          ...(payload.reason ?? payload.overrideLimitReason ? { reason: payload.reason ?? payload.overrideLimitReason } : {}),
        },
        existing ? payload.expectedVersion : undefined,
        checkpoint,
      );
    } catch (error) {
      if (error instanceof StoreLimitRaceError && attempt < LIMIT_ATTEMPTS) continue;
      throw error;
    }
  }
}

export async function saveKeyResultResolver(payload: ValidPayload<'saveKeyResult'>, call: Call): Promise<KeyResultView> {
  const { projectKey, accountId, now } = call;
  const access = await projectAccess(call.jira, projectKey, accountId);
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
  } else if ((await keyResultsOfObjective(objective.id)).length >= MAX_KEY_RESULTS_PER_OBJECTIVE) {
    throw new AppError('VALIDATION', `An Objective can have at most ${MAX_KEY_RESULTS_PER_OBJECTIVE} Key Results (3–5 is the recommended range).`, 'keyResult.objectiveId');
  }

  const saved = await saveKeyResult(
    {
      id: existing?.id ?? randomUUID(),
      objectiveId: objective.id,
      projectKey,
      cycleId: objective.cycleId,
      title: input.title,
      metric: input.metric,
      weight: input.weight ?? existing?.weight ?? 1,
    },
    {
      accountId,
      at: now.toISOString(),
      what: existing ? 'keyResult.updated' : 'keyResult.created',
      ...(payload.reason ? { reason: payload.reason } : {}),
    },
    existing ? payload.expectedVersion : undefined,
  );
  return keyResultView(saved, cycle, now);
}

export async function deleteObjectiveResolver(payload: ValidPayload<'deleteObjective'>, call: Call): Promise<Record<string, never>> {
  const access = await projectAccess(call.jira, call.projectKey, call.accountId);
  requireEditor(access, 'delete OKRs');
  await objectiveInProject(payload.id, call.projectKey, 'id');
  const keyResultIds = (await keyResultsOfObjective(payload.id)).map((keyResult) => keyResult.id);
  await deleteObjective(payload.id, payload.expectedVersion, { accountId: call.accountId, at: call.now.toISOString(), what: 'objective.deleted' });
  await removeLinksAfterwards(keyResultIds);
  return {};
}

/**
 * Removes the links of deleted Key Results. The deletion itself has happened: readers already skip
 * links to missing Key Results, so a failure here is logged, not answered (the links are removed
 * again with their issue's next change or deletion).
 */
async function removeLinksAfterwards(keyResultIds: readonly string[]): Promise<void> {
  for (const keyResultId of keyResultIds) {
    try {
      await removeLinksOfKeyResult(keyResultId);
    } catch (error) {
      console.warn(`Outcomes: the links of deleted Key Result ${keyResultId} were not all removed`, error);
    }
  }
}

export async function deleteKeyResultResolver(payload: ValidPayload<'deleteKeyResult'>, call: Call): Promise<Record<string, never>> {
  const access = await projectAccess(call.jira, call.projectKey, call.accountId);
  requireEditor(access, 'delete OKRs');
  await keyResultInProject(payload.id, call.projectKey, 'id');
  // Its links and their digest go in the same transaction when they fit (a Key Result rarely has 22).
  const withIt = await linkRecordsOf(payload.id, MAX_TRANSACTION_OPS - 2);
  await deleteKeyResult(payload.id, payload.expectedVersion, { accountId: call.accountId, at: call.now.toISOString(), what: 'keyResult.deleted' }, withIt ?? []);
  if (!withIt) await removeLinksAfterwards([payload.id]);
  return {};
}

export async function checkInResolver(payload: ValidPayload<'checkIn'>, call: Call): Promise<KeyResultView> {
  const { projectKey, accountId, now } = call;
  const access = await projectAccess(call.jira, projectKey, accountId);
  const keyResult = await keyResultInProject(payload.keyResultId, projectKey, 'keyResultId');
  const objective = await objectiveInProject(keyResult.objectiveId, projectKey, 'keyResultId');
  requireCheckIn(access, objective);
  const at = now.toISOString();
  const saved = await appendCheckIn(
    keyResult.id,
    { at, accountId, value: payload.value, confidence: payload.confidence, ...(payload.note ? { note: payload.note } : {}) },
    { accountId, at, what: 'keyResult.checked-in' },
  );
  return keyResultView(saved, cycleOf(objective.cycleId, access, now, 'keyResultId'), now);
}

export async function getHistoryResolver(payload: ValidPayload<'getHistory'>, call: Call) {
  const { objectiveId, keyResultId } = payload;
  if ((objectiveId === undefined) === (keyResultId === undefined)) {
    throw new AppError('VALIDATION', 'Ask for the history of one Objective or one Key Result.', objectiveId === undefined ? 'objectiveId' : 'keyResultId');
  }
  await projectAccess(call.jira, call.projectKey, call.accountId);
  if (objectiveId) await objectiveInProject(objectiveId, call.projectKey, 'objectiveId');
  if (keyResultId) await keyResultInProject(keyResultId, call.projectKey, 'keyResultId');
  const changes = await historyOf(objectiveId ? { objectiveId } : { keyResultId: keyResultId! });
  const people = await call.jira.displayNames(changes.map((change) => change.accountId));
  return { changes, people };
}

export async function saveSettingsResolver(payload: ValidPayload<'saveSettings'>, call: Call) {
  const access = await projectAccess(call.jira, call.projectKey, call.accountId);
  requireEditor(access, 'change the OKR settings');
  if (payload.boardId !== undefined) {
    const boards = await call.jira.scrumBoardsOfProject(call.projectKey);
    if (!boards.some((board) => board.id === payload.boardId)) {
      throw new AppError('VALIDATION', `Board ${payload.boardId} is not a Scrum board of ${call.projectKey}.`, 'boardId');
    }
  }
  return saveSettings(
    call.projectKey,
    payload,
    { accountId: call.accountId, at: call.now.toISOString(), what: 'settings.updated' },
    access.settings.version,
    access.project.lead?.accountId,
  );
}

export async function exportDataResolver(call: Call): Promise<OkrExport> {
  await projectAccess(call.jira, call.projectKey, call.accountId);
  return exportProject(call.projectKey, call.now.toISOString());
}

export async function importDataResolver(payload: ValidPayload<'importData'>, call: Call): Promise<OkrExport> {
  const access = await projectAccess(call.jira, call.projectKey, call.accountId);
  requireEditor(access, 'import OKRs');
  return importProject(call.projectKey, payload.data, { accountId: call.accountId, at: call.now.toISOString(), what: 'project.imported' });
}

export function registerOkrs(resolver: Resolver): void {
  defineResolver(resolver, 'saveObjective', (payload, context) => saveObjectiveResolver(payload, callOf(context)));
  defineResolver(resolver, 'deleteObjective', (payload, context) => deleteObjectiveResolver(payload, callOf(context)));
  defineResolver(resolver, 'saveKeyResult', (payload, context) => saveKeyResultResolver(payload, callOf(context)));
  defineResolver(resolver, 'deleteKeyResult', (payload, context) => deleteKeyResultResolver(payload, callOf(context)));
  defineResolver(resolver, 'checkIn', (payload, context) => checkInResolver(payload, callOf(context)));
  defineResolver(resolver, 'getHistory', (payload, context) => getHistoryResolver(payload, callOf(context)));
  defineResolver(resolver, 'saveSettings', (payload, context) => saveSettingsResolver(payload, callOf(context)));
  defineResolver(resolver, 'exportData', (_payload, context) => exportDataResolver(callOf(context)));
  defineResolver(resolver, 'importData', (payload, context) => importDataResolver(payload, callOf(context)));
}
