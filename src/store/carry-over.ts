// Carrying OKRs over at a cycle's end (README: "Carrying OKRs over"): an Objective and the unfinished
// Key Results chosen continue in the next cycle, each copy naming the one it continues (`carriedFrom`)
// and each old one its copy (`carriedTo`); the old Key Results are graded and take no more check-ins,
// the old Objective is closed (done). Everything one carry-over writes is one transaction conditioned
// on every version read: it happens whole or not at all, and carrying the same thing twice is refused.
import { randomUUID } from 'node:crypto';
import { Filter, FilterConditions } from '@forge/kvs';
import type { CarryLink, LimitOverride, Objective } from '../contract';
import { StoreConflictError, StoreKeyResultCapRaceError, StoreLimitRaceError, StoreNotFoundError, StoreValidationError } from './errors';
import { changeRecord, commit, setChange, versionIs } from './io';
import { setMeasureRegistration } from './measures';
import { ensureSchema } from './migrations';
import {
  ENTITY,
  keyResultSchema,
  limitGuardKey,
  MAX_KEY_RESULTS_PER_OBJECTIVE,
  objectiveSchema,
  parseOrThrow,
  withoutUndefined,
  type ChangeInput,
  type KeyResultGuard,
  type LimitGuard,
  type StoredKeyResult,
} from './model';
import { checkStoredSize, getKeyResult, getObjective, keyResultGuardVersion, keyResultsOfObjective, limitGuardVersion, loadCycle, setKeyResult, validChange } from './okrs';

/** How often a carry-over re-reads after another write to the next cycle's limit or the copy's Key Results landed first. */
const RACE_ATTEMPTS = 8;

export interface CarryOverRequest {
  projectKey: string;
  objectiveId: string;
  expectedVersion: number;
  /** The cycle the copies belong to: the one after the Objective's. */
  toCycleId: string;
  /** The Key Results to carry, each with the version it was read at and the grade it closes with. */
  keyResults: ReadonlyArray<{ id: string; expectedVersion: number; score: number }>;
  /** Who carries, when, and why (the note); `what` is set per record. */
  change: Omit<ChangeInput, 'what'>;
  /**
   * For a copy that is active: given the next cycle's Objectives as they are now and the copy's id,
   * the limit override to record when it is one OKR in process too many (it throws when that is refused).
   */
  limit: (cycleObjectives: Objective[], copyId: string) => LimitOverride | undefined;
}

export interface CarryOverResult {
  from: Objective;
  to: Objective;
  keyResults: Array<{ from: string; to: string; score: number }>;
}

/**
 * Carries the Objective over (its copy is made the first time; later, the Key Results not carried yet
 * join that copy) with the Key Results asked for. Refuses what was carried already, an Objective that
 * is done or dropped without having been carried, and any version that moved (StoreConflictError).
 */
export async function carryOverObjective(request: CarryOverRequest): Promise<CarryOverResult> {
  await ensureSchema();
  validChange({ ...request.change, what: 'objective.carried-over' });
  for (let attempt = 1; ; attempt++) {
    try {
      return await carryOnce(request);
    } catch (error) {
      if ((error instanceof StoreLimitRaceError || error instanceof StoreKeyResultCapRaceError) && attempt < RACE_ATTEMPTS) continue;
      throw error;
    }
  }
}

async function carryOnce(request: CarryOverRequest): Promise<CarryOverResult> {
  const { projectKey, objectiveId, toCycleId, change } = request;
  const at = change.at;
  const [from, children] = await Promise.all([getObjective(objectiveId), keyResultsOfObjective(objectiveId)]);
  if (!from || from.projectKey !== projectKey) throw new StoreNotFoundError(`Objective ${objectiveId} does not exist in ${projectKey} (it may have been deleted).`);
  if (from.version !== request.expectedVersion) throw new StoreConflictError(`Objective ${objectiveId}`, request.expectedVersion, from.version);
  // Carried before, to a copy that still exists: the copy is the one the Key Results join.
  const copy = from.carriedTo ? await getObjective(from.carriedTo.objectiveId) : null;
  const existing = copy && copy.projectKey === projectKey ? copy : null;
  const picked = request.keyResults.map((wanted, index) => {
    const keyResult = children.find((child) => child.id === wanted.id);
    if (!keyResult || keyResult.projectKey !== projectKey) {
      throw new StoreValidationError(`This Key Result is not one of “${from.title}” (it may have been deleted). Reload to see the current OKRs.`, `keyResults.${index}.id`);
    }
    if (keyResult.version !== wanted.expectedVersion) throw new StoreConflictError(`Key Result ${keyResult.id}`, wanted.expectedVersion, keyResult.version);
    if (keyResult.carriedTo && existing) {
      throw new StoreValidationError(`“${keyResult.title}” was carried over to ${keyResult.carriedTo.cycleId} already; it goes on there.`, `keyResults.${index}.id`);
    }
    return { keyResult, score: wanted.score };
  });
  if (existing) {
    if (picked.length === 0) {
      throw new StoreValidationError(`“${from.title}” was carried over to ${existing.cycleId} already. Pick a Key Result of it not carried yet to carry that one too.`, 'keyResults');
    }
    return joinCopy(request, from, existing, picked);
  }
  if (from.status === 'done' || from.status === 'dropped') {
    if (!from.carriedTo) throw new StoreValidationError(`“${from.title}” is ${from.status}: only an Objective in draft or in process is carried over.`, 'objectiveId');
  }

  const copyId = randomUUID();
  // What was being worked on goes on being worked on; a draft stays a draft.
  const status = from.status === 'draft' ? 'draft' : 'active';
  let checkpoint: number | undefined;
  let limitOverride: LimitOverride | undefined;
  if (status === 'active') {
    checkpoint = await limitGuardVersion(projectKey, toCycleId);
    limitOverride = request.limit((await loadCycle(projectKey, toCycleId)).objectives, copyId);
  }
  const link = (cycleId: string, objective: string, keyResultId?: string): CarryLink => withoutUndefined({ cycleId, objectiveId: objective, keyResultId, at });
  const to = parseOrThrow(
    objectiveSchema,
    withoutUndefined({
      id: copyId,
      projectKey,
      cycleId: toCycleId,
      title: from.title,
      description: from.description,
      ownerAccountId: from.ownerAccountId,
      status,
      limitOverride,
      carriedFrom: link(from.cycleId, from.id),
      createdAt: at,
      updatedAt: at,
      version: 1,
    }),
    'objective',
  ) as Objective;
  const closed = parseOrThrow(objectiveSchema, { ...from, status: 'done', carriedTo: link(toCycleId, copyId), updatedAt: at, version: from.version + 1 }, 'objective') as Objective;
  const carried = picked.map(({ keyResult, score }, index) => carriedPair(keyResult, score, to, request, index));

  const records = [
    changeRecord(
      { ...change, what: 'objective.carried-over' },
      { projectKey, subject: 'objective', objectiveId: from.id },
      { status: from.status },
      { status: closed.status, carriedTo: toCycleId, keyResults: carried.map(({ closed: keyResult }) => keyResult.title) },
    ),
    changeRecord({ ...change, what: 'objective.carried-in' }, { projectKey, subject: 'objective', objectiveId: to.id }, null, { ...to, keyResults: carried.map(({ copy: keyResult }) => snapshot(keyResult)) }),
    ...carried.map((pair) => keyResultRecord(pair, change)),
  ];
  await commit(
    (tx) => {
      tx.set<Objective>(from.id, closed, { entityName: ENTITY.objective, conditions: versionIs<Objective>(from.version) });
      tx.set<Objective>(to.id, to, { entityName: ENTITY.objective, conditions: versionIs<Objective>(undefined) });
      let operations = 2 + writePairs(tx, carried);
      if (status === 'active') {
        const next: LimitGuard = { projectKey, cycleId: toCycleId, version: (checkpoint ?? 0) + 1 };
        tx.set<LimitGuard>(limitGuardKey(projectKey, toCycleId), next, { entityName: ENTITY.limitGuard, conditions: versionIs<LimitGuard>(checkpoint) });
        operations += 1;
      }
      for (const record of records) setChange(tx, record);
      return operations + records.length;
    },
    async () => {
      if (status === 'active' && (await limitGuardVersion(projectKey, toCycleId)) !== checkpoint) return new StoreLimitRaceError();
      return conflictAfter(from, picked.map(({ keyResult }) => keyResult));
    },
  );
  return { from: closed, to, keyResults: carried.map(({ closed: keyResult, copy: keyResultCopy, score }) => ({ from: keyResult.id, to: keyResultCopy.id, score })) };
}

/** Key Results carried after their Objective: they join its copy (no more than an Objective may have), the Objective itself unchanged. */
async function joinCopy(request: CarryOverRequest, from: Objective, to: Objective, picked: Array<{ keyResult: StoredKeyResult; score: number }>): Promise<CarryOverResult> {
  const { projectKey, change } = request;
  // Read before counting: a Key Result added to the copy meanwhile moves the guard on, and this fails.
  const guardVersion = await keyResultGuardVersion(to.id);
  const siblings = await keyResultsOfObjective(to.id);
  if (siblings.length + picked.length > MAX_KEY_RESULTS_PER_OBJECTIVE) {
    throw new StoreValidationError(`“${to.title}” in ${to.cycleId} has ${siblings.length} Key Results; with these it would have more than the ${MAX_KEY_RESULTS_PER_OBJECTIVE} an Objective may have.`, 'keyResults');
  }
  const carried = picked.map(({ keyResult, score }, index) => carriedPair(keyResult, score, to, request, index));
  const records = [
    changeRecord({ ...change, what: 'objective.carried-over' }, { projectKey, subject: 'objective', objectiveId: from.id }, null, { carriedTo: to.cycleId, keyResults: carried.map(({ closed }) => closed.title) }),
    changeRecord({ ...change, what: 'objective.carried-in' }, { projectKey, subject: 'objective', objectiveId: to.id }, null, { keyResults: carried.map(({ copy }) => snapshot(copy)) }),
    ...carried.map((pair) => keyResultRecord(pair, change)),
  ];
  await commit(
    (tx) => {
      // Neither Objective changes: the old one must still be as read, the copy still in its cycle.
      tx.check<Objective>(from.id, { entityName: ENTITY.objective, conditions: versionIs<Objective>(from.version) });
      tx.check<Objective>(to.id, {
        entityName: ENTITY.objective,
        conditions: new Filter<Objective>().and('projectKey', FilterConditions.equalTo(projectKey)).and('cycleId', FilterConditions.equalTo(to.cycleId)),
      });
      tx.set<KeyResultGuard>(to.id, { objectiveId: to.id, version: (guardVersion ?? 0) + 1 }, { entityName: ENTITY.keyResultGuard, conditions: versionIs<KeyResultGuard>(guardVersion) });
      for (const record of records) setChange(tx, record);
      return 3 + records.length + writePairs(tx, carried);
    },
    async () => {
      if ((await keyResultGuardVersion(to.id)) !== guardVersion) return new StoreKeyResultCapRaceError(to.id);
      if (!(await getObjective(to.id))) return new StoreNotFoundError(`Objective ${to.id} was deleted meanwhile.`);
      return conflictAfter(from, picked.map(({ keyResult }) => keyResult));
    },
  );
  return { from, to, keyResults: carried.map(({ closed, copy, score }) => ({ from: closed.id, to: copy.id, score })) };
}

interface CarriedPair {
  /** The Key Result as read, then as closed (graded, with its copy named). */
  read: StoredKeyResult;
  closed: StoredKeyResult;
  copy: StoredKeyResult;
  score: number;
}

/** A Key Result carried into `to`: its copy starts where it stands, with what it measures; it closes with its grade. */
function carriedPair(keyResult: StoredKeyResult, score: number, to: Objective, { change }: CarryOverRequest, index: number): CarriedPair {
  const at = change.at;
  // A cycle lists Key Results by creation: the copies, a millisecond apart, keep the order they were carried in.
  const createdAt = new Date(Date.parse(at) + index).toISOString();
  const copyId = randomUUID();
  // The same query measures the copy, with the rights of whoever set it up; the last run's problem stays behind.
  const measure = keyResult.measure ? (({ problem: _lastRun, ...kept }) => ({ ...kept, setAt: at }))(keyResult.measure) : undefined;
  const copy = parseOrThrow(
    keyResultSchema,
    withoutUndefined({
      id: copyId,
      objectiveId: to.id,
      projectKey: keyResult.projectKey,
      cycleId: to.cycleId,
      title: keyResult.title,
      // Its value when carried is where the copy starts.
      metric: { ...keyResult.metric, start: keyResult.metric.current },
      weight: keyResult.weight,
      measure,
      carriedFrom: { cycleId: keyResult.cycleId, objectiveId: keyResult.objectiveId, keyResultId: keyResult.id, at },
      createdAt,
      updatedAt: at,
      version: 1,
      checkIns: [],
    }),
    'keyResult',
  ) as StoredKeyResult;
  const closed = parseOrThrow(
    keyResultSchema,
    {
      ...keyResult,
      lastGrade: { score, closedAt: at, accountId: change.accountId },
      carriedTo: { cycleId: to.cycleId, objectiveId: to.id, keyResultId: copyId, at },
      updatedAt: at,
      version: keyResult.version + 1,
    },
    'keyResult',
  ) as StoredKeyResult;
  checkStoredSize(closed);
  return { read: keyResult, closed, copy, score };
}

/**
 * Each pair's writes: the old Key Result conditioned on its version, the copy on being new, and the
 * copy's registration for the query refreshes when a query measures it. A copy gets no link digest:
 * a Key Result without one has no links, and its first link makes it (links.ts).
 */
function writePairs(tx: Parameters<Parameters<typeof commit>[0]>[0], pairs: readonly CarriedPair[]): number {
  let operations = 0;
  for (const { read, closed, copy } of pairs) {
    setKeyResult(tx, closed, read.version);
    setKeyResult(tx, copy, undefined);
    operations += 2;
    if (copy.measure) operations += setMeasureRegistration(tx, copy);
  }
  return operations;
}

/** The old Key Result's own history says it was graded and carried over, and with what value. */
function keyResultRecord({ read, closed, score }: CarriedPair, change: CarryOverRequest['change']) {
  return changeRecord(
    { ...change, what: 'keyResult.carried-over' },
    { projectKey: read.projectKey, subject: 'key-result', objectiveId: read.objectiveId, keyResultId: read.id },
    { grade: read.lastGrade?.score ?? null },
    { grade: score, value: read.metric.current, carriedTo: closed.carriedTo?.cycleId ?? null },
  );
}

/** A Key Result as a change record shows it: without its check-ins. */
function snapshot(keyResult: StoredKeyResult): Record<string, unknown> {
  const { checkIns: _none, ...rest } = keyResult;
  return rest;
}

/** After a failed carry-over: which of what it read moved on. */
async function conflictAfter(from: Objective, keyResults: readonly StoredKeyResult[]): Promise<Error> {
  const now = await getObjective(from.id);
  if (now?.version !== from.version) return new StoreConflictError(`Objective ${from.id}`, from.version, now?.version);
  for (const keyResult of keyResults) {
    const current = await getKeyResult(keyResult.id);
    if (current?.version !== keyResult.version) return new StoreConflictError(`Key Result ${keyResult.id}`, keyResult.version, current?.version);
  }
  return new StoreConflictError(`Objective ${from.id}`, from.version, now?.version);
}
