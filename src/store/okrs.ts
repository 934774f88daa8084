// The OKR store: Objectives, Key Results (with their check-ins), and the history of every change,
// in Forge's Custom Entity Store. Designed so that each screen costs a fixed number of queries:
//   - a cycle's page: loadCycle = 2 queries (Objectives and Key Results of [projectKey, cycleId]);
//   - a history: historyOf = 1 query (changes of one Objective or one Key Result, newest first);
//   (each read also reads the project's import marker before and after it, and while an import is
//   written puts what it kept of the state before it over what is stored: visibility.ts);
//   - one object: getObjective / getKeyResult = 1 get.
// Every write is one transaction holding the object with its version + 1 and its change record,
// conditioned on the version it read: a concurrent writer or a stale expectedVersion fails the whole
// transaction and the caller gets StoreConflictError, with nothing written.
import { Filter, FilterConditions, kvs, Sort } from '@forge/kvs';
import type { CheckIn, HistoryChange, Objective, QueryMeasure } from '../contract';
import { StoreConflictError, StoreKeyResultCapRaceError, StorePushedValueConflictError, StoreLimitRaceError, StoreNotFoundError, StoreValidationError } from './errors';
import { changeFromStored, changeRecord, commit, historyChange, queryAll, retryOnConflict, setChange, versionIs, type Transaction } from './io';
import { carriedConfidence } from '../domain/check-ins';
import { setMeasureRegistration } from './measures';
import { ensureSchema } from './migrations';
import { readVisible, visibleMany, visibleQuery } from './visibility';
import {
  changeInputSchema,
  checkInSchema,
  ENTITY,
  INDEX,
  keyResultSchema,
  MAX_CHECK_INS_PER_KEY_RESULT,
  MAX_KEY_RESULT_BYTES,
  MAX_KEY_RESULTS_PER_OBJECTIVE,
  objectiveSchema,
  parseOrThrow,
  withoutUndefined,
  limitGuardKey,
  type ChangeInput,
  type KeyResultGuard,
  type LimitGuard,
  type LinkDigest,
  type StoredKeyResult,
} from './model';

export { isStorageOutage, StoreConflictError, StoreImportRunningError, StorePushedValueConflictError, StoreLimitRaceError, StoreNotFoundError, StoreProjectMismatchError, StoreUnavailableError, StoreValidationError } from './errors';
export { readAfterWrite, withWriteLog, type WriteLog } from './io';
export { withReadPin } from './visibility';
export { MAX_CHECK_INS_PER_KEY_RESULT, MAX_KEY_RESULTS_PER_OBJECTIVE } from './model';
export type { ChangeInput, ChangeRecord, StoredKeyResult, StoredSettings } from './model';
export { loadSettings, saveSettings } from './settings';
export { applyImport, exportPage, exportProject, importProject, interruptedImport, OKR_EXPORT_FORMAT, validateImport, type OkrExportData } from './transfer';
export { beginImport, finishImport, stageImportPart } from './import-parts';
export { CURRENT_SCHEMA_VERSION, ensureSchema } from './migrations';

const objectives = () => kvs.entity<Objective>(ENTITY.objective);
const keyResults = () => kvs.entity<StoredKeyResult>(ENTITY.keyResult);

/** How many times appendCheckIn re-reads and retries after losing a race, before giving up. */
const CHECK_IN_ATTEMPTS = 12;

// ─── Reads ───

/**
 * Every Objective and Key Result of a project's cycle, each in creation order: two queries (run
 * together), one more per 100 objects beyond the first 100. Key Results whose Objective is not in
 * the cycle (left by a delete that raced a creation) are left out.
 */
export async function loadCycle(projectKey: string, cycleId: string): Promise<{ objectives: Objective[]; keyResults: StoredKeyResult[] }> {
  // As readers see it while an import is written: the state from before it, whole (visibility.ts).
  return readVisible(projectKey, (stageId) => cycleUnder(projectKey, cycleId, stageId));
}

/** The cycle's Objectives and Key Results under `stageId` (visibility.ts): for a reader that reads more in the same visible read. */
export async function cycleUnder(projectKey: string, cycleId: string, stageId: string | null): Promise<{ objectives: Objective[]; keyResults: StoredKeyResult[] }> {
  {
    const query = { index: INDEX.byCycle, partition: [projectKey, cycleId], range: 'createdAt' };
    const [objectiveList, keyResultList] = await Promise.all([
      queryAll<Objective>(ENTITY.objective, INDEX.byCycle, [projectKey, cycleId]).then((live) => visibleQuery(stageId, { ...query, entityName: ENTITY.objective }, live, (objective) => objective.id)),
      queryAll<StoredKeyResult>(ENTITY.keyResult, INDEX.byCycle, [projectKey, cycleId]).then((live) => visibleQuery(stageId, { ...query, entityName: ENTITY.keyResult }, live, (keyResult) => keyResult.id)),
    ]);
    const ids = new Set(objectiveList.map((objective) => objective.id));
    return { objectives: objectiveList, keyResults: keyResultList.filter((keyResult) => ids.has(keyResult.objectiveId)) };
  }
}

/** The Objective as stored; with `projectKey`, as the project's readers see it (visibility.ts). */
export async function getObjective(id: string, projectKey?: string): Promise<Objective | null> {
  if (!projectKey) return (await objectives().get(id)) ?? null;
  return readVisible(projectKey, async (stageId) => (await visibleMany<Objective>(stageId, ENTITY.objective, [id])).get(id) ?? null);
}

/** The Key Result as stored; with `projectKey`, as the project's readers see it (visibility.ts). */
export async function getKeyResult(id: string, projectKey?: string): Promise<StoredKeyResult | null> {
  if (!projectKey) return (await keyResults().get(id)) ?? null;
  return readVisible(projectKey, async (stageId) => (await visibleMany<StoredKeyResult>(stageId, ENTITY.keyResult, [id])).get(id) ?? null);
}

/** The Objective's Key Results in creation order (one query); with `projectKey`, as the project's readers see them. */
export async function keyResultsOfObjective(objectiveId: string, projectKey?: string): Promise<StoredKeyResult[]> {
  const read = (stageId: string | null) =>
    queryAll<StoredKeyResult>(ENTITY.keyResult, INDEX.byObjective, [objectiveId]).then((live) =>
      visibleQuery(stageId, { entityName: ENTITY.keyResult, index: INDEX.byObjective, partition: [objectiveId], range: 'createdAt' }, live, (keyResult) => keyResult.id),
    );
  return projectKey ? readVisible(projectKey, read) : read(null);
}

/** Changes a history page holds, newest first. */
export const HISTORY_PAGE_SIZE = 25;
/** Queries one history page may make when another project's records sit in the partition. */
const HISTORY_QUERIES_PER_PAGE = 4;

/**
 * One page of the recorded changes of one Objective (its Key Results' changes included) or of one Key
 * Result, newest first: only the project's own records (a record another project wrote naming this
 * id is never shown). `cursor` is the previous page's `nextCursor`; with no `nextCursor` the history
 * is complete. At most 4 queries of up to 25 records each.
 */
export async function historyPage(
  projectKey: string,
  filter: { objectiveId: string } | { keyResultId: string },
  cursor?: string,
): Promise<{ changes: HistoryChange[]; nextCursor?: string }> {
  const [index, id] = 'objectiveId' in filter ? [INDEX.byObjective, filter.objectiveId] : [INDEX.byKeyResult, filter.keyResultId];
  return readVisible(projectKey, (stageId) => (stageId || cursor?.startsWith(STAGE_CURSOR) ? stagedHistoryPage(projectKey, stageId, index, id, cursor) : storedHistoryPage(projectKey, index, id, cursor)));
}

async function storedHistoryPage(projectKey: string, index: string, id: string, cursor: string | undefined): Promise<{ changes: HistoryChange[]; nextCursor?: string }> {
  const changes: HistoryChange[] = [];
  let next = cursor;
  for (let query = 0; query < HISTORY_QUERIES_PER_PAGE && changes.length < HISTORY_PAGE_SIZE; query++) {
    // Storage reads `limit` records before it filters, so each query asks for no more than the page lacks.
    const page = await changesPage(index, id, projectKey, HISTORY_PAGE_SIZE - changes.length, next);
    for (const result of page.results) changes.push(historyChange(changeFromStored(result.value)));
    next = page.nextCursor;
    if (!next) break;
  }
  return next ? { changes, nextCursor: next } : { changes };
}

/** How a history page's cursor starts while an import's stage is visible: `stage.<stageId>.<offset>`. */
const STAGE_CURSOR = 'stage.';
const historyGone = () => new StoreValidationError('This page of the history can no longer be found; open the history again.', 'cursor');

/**
 * A history page while an import's stage is visible (visibility.ts): the history from before the
 * import, read whole (the partition's records, each as it was), newest first, paged by position. A
 * cursor of another state (the import began or finished since the previous page) asks to open the
 * history again.
 */
async function stagedHistoryPage(projectKey: string, stageId: string | null, index: string, id: string, cursor: string | undefined): Promise<{ changes: HistoryChange[]; nextCursor?: string }> {
  const [, cursorStage, position] = cursor?.split('.') ?? [];
  if (cursor && (!stageId || cursorStage !== stageId || !/^\d{1,6}$/.test(position ?? ''))) throw historyGone();
  const offset = cursor ? Number(position) : 0;
  const live = await queryAll<Record<string, unknown>>(ENTITY.change, index, [id], 'DESC');
  const all = await visibleQuery(stageId, { entityName: ENTITY.change, index, partition: [id], range: 'at', desc: true }, live, (record) => String(record.id));
  const own = all.filter((record) => record.projectKey === projectKey);
  const changes = own.slice(offset, offset + HISTORY_PAGE_SIZE).map((record) => historyChange(changeFromStored(record)));
  return offset + HISTORY_PAGE_SIZE < own.length ? { changes, nextCursor: `${STAGE_CURSOR}${stageId ?? ''}.${offset + HISTORY_PAGE_SIZE}` } : { changes };
}

async function changesPage(index: string, id: string, projectKey: string, limit: number, cursor: string | undefined) {
  let query = kvs
    .entity<Record<string, unknown>>(ENTITY.change)
    .query()
    .index(index, { partition: [id] })
    .filters(new Filter<Record<string, unknown>>().and('projectKey', FilterConditions.equalTo(projectKey)))
    .sort(Sort.DESC)
    .limit(limit);
  if (cursor) query = query.cursor(cursor);
  try {
    return await query.getMany();
  } catch (error) {
    if (cursor && /cursor/i.test(String((error as { code?: unknown }).code ?? (error as Error).message))) {
      throw historyGone();
    }
    throw error;
  }
}

// ─── Helpers ───

/** A Key Result as a change record shows it: without its check-ins (their count instead). */
export function keyResultSnapshot(keyResult: StoredKeyResult): Record<string, unknown> {
  const { checkIns, ...rest } = keyResult;
  return { ...rest, checkInCount: checkIns.length };
}

export function validChange(change: ChangeInput): ChangeInput {
  return parseOrThrow(changeInputSchema, change, 'change');
}

function setObjective(tx: Transaction, objective: Objective, readVersion: number | undefined): void {
  tx.set<Objective>(objective.id, objective, { entityName: ENTITY.objective, conditions: versionIs<Objective>(readVersion) });
}

export function setKeyResult(tx: Transaction, keyResult: StoredKeyResult, readVersion: number | undefined): void {
  tx.set<StoredKeyResult>(keyResult.id, keyResult, { entityName: ENTITY.keyResult, conditions: versionIs<StoredKeyResult>(readVersion) });
}

function tooManyKeyResults(count: number, objectiveId: string): StoreValidationError {
  return new StoreValidationError(
    `Objective ${objectiveId} has ${count} Key Results; the store handles at most ${MAX_KEY_RESULTS_PER_OBJECTIVE} per Objective (3–5 is the recommended range).`,
    'objectiveId',
  );
}

export function checkStoredSize(keyResult: StoredKeyResult): void {
  const bytes = Buffer.byteLength(JSON.stringify(keyResult), 'utf8');
  if (bytes > MAX_KEY_RESULT_BYTES) {
    throw new StoreValidationError(
      `Key Result ${keyResult.id} would take ${Math.ceil(bytes / 1024)} KiB with this check-in, over the ${MAX_KEY_RESULT_BYTES / 1024} KiB it may take; shorten the notes.`,
      'checkIn.note',
    );
  }
}

/** The conflict to report after a failed transaction on one object, re-read to say what it is now. */
async function conflictOn(kind: 'Objective' | 'Key Result', id: string, expected: number | undefined): Promise<Error> {
  const now = kind === 'Objective' ? await getObjective(id) : await getKeyResult(id);
  return new StoreConflictError(`${kind} ${id}`, expected, now?.version);
}

// ─── Objectives ───

/** The version of the project's limit guard for a cycle (undefined: never written); read before a limit check. */
export async function limitGuardVersion(projectKey: string, cycleId: string): Promise<number | undefined> {
  return (await kvs.entity<LimitGuard>(ENTITY.limitGuard).get(limitGuardKey(projectKey, cycleId)))?.version;
}

/** An activation checked against the limit with the guard at `readVersion`. */
export interface LimitCheckpoint {
  readVersion: number | undefined;
}

function setLimitGuard(tx: Transaction, objective: Pick<Objective, 'projectKey' | 'cycleId'>, checkpoint: LimitCheckpoint): void {
  const key = limitGuardKey(objective.projectKey, objective.cycleId);
  const next: LimitGuard = { projectKey: objective.projectKey, cycleId: objective.cycleId, version: (checkpoint.readVersion ?? 0) + 1 };
  tx.set<LimitGuard>(key, next, { entityName: ENTITY.limitGuard, conditions: versionIs<LimitGuard>(checkpoint.readVersion) });
}

/** After a failed transaction: the limit guard moved (another activation), or else what `otherwise` says. */
async function limitRaceOr(objective: Pick<Objective, 'projectKey' | 'cycleId'>, checkpoint: LimitCheckpoint | undefined, otherwise: () => Promise<Error>): Promise<Error> {
  if (checkpoint && (await limitGuardVersion(objective.projectKey, objective.cycleId)) !== checkpoint.readVersion) return new StoreLimitRaceError();
  return otherwise();
}

/**
 * Creates the Objective when no object has its id (expectedVersion undefined or 0), else updates it
 * (expectedVersion, if given, must be its current version). One transaction: the Objective with
 * version + 1 and its change record (before/after), conditioned on the version read. Moving it to
 * another cycle moves its Key Results in the same transaction. Its createdAt is kept on update.
 */
export async function saveObjective(
  next: Omit<Objective, 'version' | 'createdAt' | 'updatedAt'> & Partial<Pick<Objective, 'createdAt'>>,
  change: ChangeInput,
  expectedVersion?: number,
  /** Given when this save makes the Objective active: the limit was checked with the guard at this version. */
  limitCheckpoint?: LimitCheckpoint,
): Promise<Objective> {
  await ensureSchema();
  const input = validChange(change);
  const current = await getObjective(next.id);

  if (!current) {
    if (expectedVersion !== undefined && expectedVersion !== 0) throw new StoreNotFoundError(`Objective ${next.id} does not exist (it may have been deleted).`);
    const created = parseOrThrow(
      objectiveSchema,
      withoutUndefined({ ...next, createdAt: next.createdAt ?? input.at, updatedAt: input.at, version: 1 }),
      'objective',
    ) as Objective;
    const record = changeRecord(input, { projectKey: created.projectKey, subject: 'objective', objectiveId: created.id }, null, created);
    await commit(
      (tx) => {
        setObjective(tx, created, undefined);
        setChange(tx, record);
        if (!limitCheckpoint) return 2;
        setLimitGuard(tx, created, limitCheckpoint);
        return 3;
      },
      () => limitRaceOr(created, limitCheckpoint, () => conflictOn('Objective', created.id, expectedVersion)),
    );
    return created;
  }

  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw new StoreConflictError(`Objective ${current.id}`, expectedVersion, current.version);
  }
  if (next.projectKey !== current.projectKey) {
    // Another project's key is not named: the person saving may not be allowed to see that project.
    throw new StoreValidationError(`This Objective belongs to another project; it cannot move to ${next.projectKey}.`, 'objective.projectKey');
  }
  const updated = parseOrThrow(
    objectiveSchema,
    withoutUndefined({ ...next, createdAt: current.createdAt, updatedAt: input.at, version: current.version + 1 }),
    'objective',
  ) as Objective;
  // Key Results carry their Objective's cycle (so a cycle is one query); a move takes them along.
  const moved = updated.cycleId === current.cycleId ? [] : await keyResultsOfObjective(current.id);
  if (moved.length > MAX_KEY_RESULTS_PER_OBJECTIVE) throw tooManyKeyResults(moved.length, current.id);
  const record = changeRecord(input, { projectKey: updated.projectKey, subject: 'objective', objectiveId: updated.id }, current, updated);
  await commit(
    (tx) => {
      setObjective(tx, updated, current.version);
      for (const keyResult of moved) setKeyResult(tx, { ...keyResult, cycleId: updated.cycleId }, keyResult.version);
      setChange(tx, record);
      if (!limitCheckpoint) return 2 + moved.length;
      setLimitGuard(tx, updated, limitCheckpoint);
      return 3 + moved.length;
    },
    () => limitRaceOr(updated, limitCheckpoint, () => conflictOn('Objective', current.id, expectedVersion ?? current.version)),
  );
  return updated;
}

/** How often an activation re-checks the limit after another activation landed first. */
const LIMIT_ATTEMPTS = 8;

/** What to save of an Objective and the change to record with it. */
export interface ObjectiveSave {
  objective: Parameters<typeof saveObjective>[0];
  change: ChangeInput;
}

/**
 * Saves an Objective that becomes active: `check` is given the cycle's Objectives as they are now and
 * answers what to save (or throws when the OKR limit refuses it). The save carries the limit guard, so
 * if another activation lands in between it fails and the check runs again on the new state.
 */
export async function activateObjective(
  projectKey: string,
  cycleId: string,
  check: (cycleObjectives: Objective[]) => ObjectiveSave,
  expectedVersion?: number,
): Promise<Objective> {
  for (let attempt = 1; ; attempt++) {
    const checkpoint: LimitCheckpoint = { readVersion: await limitGuardVersion(projectKey, cycleId) };
    const { objectives: cycleObjectives } = await loadCycle(projectKey, cycleId);
    const { objective, change } = check(cycleObjectives);
    try {
      return await saveObjective(objective, change, expectedVersion, checkpoint);
    } catch (error) {
      if (error instanceof StoreLimitRaceError && attempt < LIMIT_ATTEMPTS) continue;
      throw error;
    }
  }
}

/**
 * Deletes the Objective and its Key Results (check-ins included) and records the change, in one
 * transaction conditioned on every version read. Refuses an Objective with more than 20 Key Results.
 * Answers the ids of the Key Results deleted, and `complete: false` when the deletion happened but a
 * straggler (below) could not be removed.
 */
export async function deleteObjective(id: string, expectedVersion: number, change: ChangeInput): Promise<{ keyResultIds: string[]; complete: boolean }> {
  await ensureSchema();
  const input = validChange(change);
  const [current, children] = await Promise.all([getObjective(id), keyResultsOfObjective(id)]);
  if (!current) throw new StoreNotFoundError(`Objective ${id} does not exist (it may have been deleted already).`);
  if (expectedVersion !== current.version) throw new StoreConflictError(`Objective ${id}`, expectedVersion, current.version);
  if (children.length > MAX_KEY_RESULTS_PER_OBJECTIVE) throw tooManyKeyResults(children.length, id);
  const record = changeRecord(
    input,
    { projectKey: current.projectKey, subject: 'objective', objectiveId: id },
    { ...current, keyResults: children.map(keyResultSnapshot) },
    null,
  );
  await commit(
    (tx) => {
      tx.delete<Objective>(id, { entityName: ENTITY.objective, conditions: versionIs<Objective>(current.version) });
      for (const child of children) {
        tx.delete<StoredKeyResult>(child.id, { entityName: ENTITY.keyResult, conditions: versionIs<StoredKeyResult>(child.version) });
      }
      setChange(tx, record);
      return 2 + children.length;
    },
    async () => {
      const now = await getObjective(id);
      return new StoreConflictError(now?.version === current.version ? `A Key Result of Objective ${id}` : `Objective ${id}`, expectedVersion, now?.version);
    },
  );
  // A Key Result created while this ran (its transaction checked the Objective before it was gone)
  // would be left without an Objective: remove any such straggler (tried twice; readers skip one left).
  const stragglers: string[] = [];
  const removeStragglers = async () => {
    for (const straggler of await keyResultsOfObjective(id)) {
      await keyResults().delete(straggler.id);
      stragglers.push(straggler.id);
    }
  };
  let complete = true;
  try {
    await removeStragglers().catch(removeStragglers);
  } catch (error) {
    console.warn(`Outcomes: Key Results created while Objective ${id} was deleted were not all removed`, error);
    complete = false;
  }
  return { keyResultIds: [...new Set([...children.map((keyResult) => keyResult.id), ...stragglers])], complete };
}

// ─── Key Results ───

/**
 * Creates or updates a Key Result (as saveObjective does), keeping its check-ins. Its cycle is its
 * Objective's; the transaction checks that Objective still exists in that project and cycle.
 */
export async function saveKeyResult(
  next: Omit<StoredKeyResult, 'version' | 'createdAt' | 'updatedAt' | 'checkIns'>,
  change: ChangeInput,
  expectedVersion?: number,
  /** The value its query read just now (a query-measured Key Result): its check-in is written with the save, in one transaction. */
  measuredValue?: number,
): Promise<StoredKeyResult> {
  // An addition that lost the count to a concurrent one counts again (see KeyResultGuard).
  for (let attempt = 1; ; attempt++) {
    try {
      return await saveKeyResultOnce(next, change, expectedVersion, measuredValue);
    } catch (error) {
      if (error instanceof StoreKeyResultCapRaceError && attempt < LIMIT_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 10 * attempt)));
        continue;
      }
      throw error;
    }
  }
}

export const keyResultGuardVersion = async (objectiveId: string) => (await kvs.entity<KeyResultGuard>(ENTITY.keyResultGuard).get(objectiveId))?.version;

async function saveKeyResultOnce(
  next: Omit<StoredKeyResult, 'version' | 'createdAt' | 'updatedAt' | 'checkIns'>,
  change: ChangeInput,
  expectedVersion?: number,
  measuredValue?: number,
): Promise<StoredKeyResult> {
  await ensureSchema();
  const input = validChange(change);
  const [objective, current] = await Promise.all([getObjective(next.objectiveId), getKeyResult(next.id)]);
  if (!objective || objective.projectKey !== next.projectKey) {
    throw new StoreNotFoundError(`Objective ${next.objectiveId} does not exist in ${next.projectKey} (it may have been deleted).`);
  }
  if (current && expectedVersion !== undefined && expectedVersion !== current.version) {
    throw new StoreConflictError(`Key Result ${current.id}`, expectedVersion, current.version);
  }
  if (!current && expectedVersion !== undefined && expectedVersion !== 0) {
    throw new StoreNotFoundError(`Key Result ${next.id} does not exist (it may have been deleted).`);
  }
  if (current && current.projectKey !== next.projectKey) {
    throw new StoreValidationError(`This Key Result belongs to another project; it cannot move to ${next.projectKey}.`, 'keyResult.projectKey');
  }
  const joins = !current || current.objectiveId !== objective.id;
  // Read before counting: a transaction that moves the guard on meanwhile makes this one fail.
  const guardVersion = joins ? await keyResultGuardVersion(objective.id) : undefined;
  if (joins) {
    const siblings = await keyResultsOfObjective(objective.id);
    if (siblings.length >= MAX_KEY_RESULTS_PER_OBJECTIVE) {
      throw new StoreValidationError(
        `An Objective can have at most ${MAX_KEY_RESULTS_PER_OBJECTIVE} Key Results (3–5 is the recommended range).`,
        'keyResult.objectiveId',
      );
    }
  }
  const unmeasured = withoutUndefined({
    ...next,
    contributesToOrgKeyResultId: next.contributesTo?.orgKeyResultId,
    cycleId: objective.cycleId,
    createdAt: current?.createdAt ?? input.at,
    updatedAt: input.at,
    version: (current?.version ?? 0) + 1,
    checkIns: current?.checkIns ?? [],
    // Grades are given at sprint reviews, not in the form: an edit keeps the latest.
    lastGrade: current?.lastGrade,
    // So are the threads of a carry-over (carry-over.ts): an edit keeps them.
    carriedFrom: current?.carriedFrom,
    carriedTo: current?.carriedTo,
  }) as StoredKeyResult;
  const saved = parseOrThrow(keyResultSchema, withQueryValue(unmeasured, measuredValue, input), 'keyResult') as StoredKeyResult;
  checkStoredSize(saved);
  const record = changeRecord(
    input,
    { projectKey: saved.projectKey, subject: 'key-result', objectiveId: saved.objectiveId, keyResultId: saved.id },
    current ? keyResultSnapshot(current) : null,
    keyResultSnapshot(saved),
  );
  await commit(
    (tx) => {
      setKeyResult(tx, saved, current?.version);
      tx.check<Objective>(objective.id, {
        entityName: ENTITY.objective,
        conditions: new Filter<Objective>()
          .and('projectKey', FilterConditions.equalTo(objective.projectKey))
          .and('cycleId', FilterConditions.equalTo(objective.cycleId)),
      });
      setChange(tx, record);
      if (joins) {
        tx.set<KeyResultGuard>(objective.id, { objectiveId: objective.id, version: (guardVersion ?? 0) + 1 }, {
          entityName: ENTITY.keyResultGuard,
          conditions: versionIs<KeyResultGuard>(guardVersion),
        });
      }
      // Registered for the refreshes while a query measures it (only when it is or was measured).
      const registration = saved.measure || current?.measure ? setMeasureRegistration(tx, saved) : 0;
      if (current) return (joins ? 4 : 3) + registration;
      // A new Key Result starts with an empty digest of its linked issues (see links.ts).
      tx.set<LinkDigest>(saved.id, { keyResultId: saved.id, projectKey: saved.projectKey, issueIds: [], version: 1 }, {
        entityName: ENTITY.linkDigest,
        conditions: versionIs<LinkDigest>(undefined),
      });
      return 5 + registration;
    },
    async () => {
      const [objectiveNow, keyResultNow, guardNow] = await Promise.all([getObjective(objective.id), getKeyResult(saved.id), joins ? keyResultGuardVersion(objective.id) : undefined]);
      if (joins && guardNow !== guardVersion && keyResultNow?.version === current?.version && objectiveNow) return new StoreKeyResultCapRaceError(objective.id);
      if (keyResultNow?.version === current?.version && !objectiveNow) {
        return new StoreNotFoundError(`Objective ${objective.id} was deleted meanwhile.`);
      }
      if (keyResultNow?.version === current?.version) return new StoreConflictError(`Objective ${objective.id}`, objective.version, objectiveNow?.version);
      return new StoreConflictError(`Key Result ${saved.id}`, expectedVersion ?? current?.version, keyResultNow?.version);
    },
  );
  return saved;
}

/** A query-measured Key Result as saved with the value its query just read: a `query` check-in when it is new (or the first). */
function withQueryValue(keyResult: StoredKeyResult, value: number | undefined, input: ChangeInput): StoredKeyResult {
  if (value === undefined || !keyResult.measure || (keyResult.metric.current === value && keyResult.checkIns.length > 0)) return keyResult;
  if (keyResult.checkIns.length >= MAX_CHECK_INS_PER_KEY_RESULT) return keyResult;
  const entry = parseOrThrow(checkInSchema, automaticCheckIn(keyResult, 'query', { at: input.at, accountId: input.accountId, value }), 'checkIn') as CheckIn;
  return { ...keyResult, metric: { ...keyResult.metric, current: value }, checkIns: [...keyResult.checkIns.filter((checkIn) => checkIn.at <= entry.at), entry, ...keyResult.checkIns.filter((checkIn) => checkIn.at > entry.at)] };
}

/** Deletes a Key Result and its check-ins, recording the change (one transaction). */
export async function deleteKeyResult(
  id: string,
  expectedVersion: number,
  change: ChangeInput,
  /** Records deleted in the same transaction (its links and their digest), as many as fit in it. */
  withIt: ReadonlyArray<{ entityName: string; key: string }> = [],
): Promise<void> {
  await ensureSchema();
  const input = validChange(change);
  const current = await getKeyResult(id);
  if (!current) throw new StoreNotFoundError(`Key Result ${id} does not exist (it may have been deleted already).`);
  if (expectedVersion !== current.version) throw new StoreConflictError(`Key Result ${id}`, expectedVersion, current.version);
  const record = changeRecord(
    input,
    { projectKey: current.projectKey, subject: 'key-result', objectiveId: current.objectiveId, keyResultId: id },
    keyResultSnapshot(current),
    null,
  );
  await commit(
    (tx) => {
      tx.delete<StoredKeyResult>(id, { entityName: ENTITY.keyResult, conditions: versionIs<StoredKeyResult>(current.version) });
      setChange(tx, record);
      for (const { entityName, key } of withIt) tx.delete(key, { entityName });
      return 2 + withIt.length;
    },
    () => conflictOn('Key Result', id, expectedVersion),
  );
}

/**
 * The Key Result with one more check-in, at version + 1: the check-in goes after every check-in at or
 * before its time (the list stays oldest first), and metric.current becomes the latest value. Checks
 * the count and the size the platform allows.
 */
export function withCheckIn(current: StoredKeyResult, entry: CheckIn, at: string): StoredKeyResult {
  if (current.carriedTo) {
    // Graded and closed when it was carried over: its value goes on in its copy.
    throw new StoreValidationError(`This Key Result was carried over to ${current.carriedTo.cycleId}, where its copy takes the check-ins now.`, 'keyResultId');
  }
  if (current.checkIns.length >= MAX_CHECK_INS_PER_KEY_RESULT) {
    throw new StoreValidationError(`Key Result ${current.id} already has ${MAX_CHECK_INS_PER_KEY_RESULT} check-ins, the most it can keep.`, 'checkIn');
  }
  const position = current.checkIns.findIndex((existing) => existing.at > entry.at);
  const checkIns = position === -1 ? [...current.checkIns, entry] : [...current.checkIns.slice(0, position), entry, ...current.checkIns.slice(position)];
  const saved: StoredKeyResult = {
    ...current,
    metric: { ...current.metric, current: checkIns.at(-1)?.value ?? entry.value },
    checkIns,
    updatedAt: at,
    version: current.version + 1,
  };
  checkStoredSize(saved);
  return saved;
}

/**
 * Records a check-in: adds it to the Key Result's check-ins (kept in time order, oldest first) and
 * sets metric.current to the latest check-in's value, with a change record. A check-in is never
 * lost to a concurrent write: on a conflict it re-reads and tries again (up to 12 times, with a
 * short random pause). At most 500 check-ins per Key Result.
 */
export async function appendCheckIn(keyResultId: string, checkIn: CheckIn, change: ChangeInput): Promise<StoredKeyResult> {
  return (await appendTo(keyResultId, () => checkIn, change)).saved;
}

/** What recording a pushed value did: a replay of one recorded before changes nothing. */
export interface PushedCheckInResult {
  saved: StoredKeyResult;
  replayed: boolean;
}

/**
 * Records a value another system pushed, as appendCheckIn does, with the confidence of the last check-in
 * a person typed at or before it. Idempotent on (Key Result, at): the same value again is a replay
 * (nothing written); another value at the same time is refused with StorePushedValueConflictError.
 */
export async function appendPushedCheckIn(keyResultId: string, pushed: { at: string; accountId: string; value: number; note?: string }, change: ChangeInput): Promise<PushedCheckInResult> {
  return appendTo(
    keyResultId,
    (current) => {
      const earlier = current.checkIns.find((existing) => existing.source === 'pushed' && existing.at === pushed.at);
      if (earlier) {
        if (earlier.value === pushed.value) return null;
        throw new StorePushedValueConflictError(earlier.value, pushed.at);
      }
      return automaticCheckIn(current, 'pushed', pushed);
    },
    change,
  );
}

/** A value no person typed: it carries the confidence of the last check-in a person typed at or before it. */
function automaticCheckIn(current: StoredKeyResult, source: 'pushed' | 'query', value: { at: string; accountId: string; value: number; note?: string }): CheckIn {
  const confidence = carriedConfidence(current.checkIns, value.at);
  return { ...value, source, ...(confidence !== undefined ? { confidence } : {}) };
}

/** What a query's run found: a value, or the problem that kept it from one (the last good value stays). */
export type QueryOutcome = { value: number } | { problem: string };

/**
 * Records what a refresh of a query-measured Key Result found, as read with `measure` (its JQL, function
 * and field): a changed value is a check-in whose source is `query` (confidence carried, as a pushed
 * value's) and clears any problem; a problem is kept on the measure with the last good value. Nothing is
 * written when nothing changed, or when the Key Result's measure is no longer the one that ran.
 */
export async function recordQueryOutcome(keyResultId: string, measure: Pick<QueryMeasure, 'jql' | 'fn' | 'field'>, outcome: QueryOutcome, change: ChangeInput): Promise<PushedCheckInResult> {
  return writeKeyResult(
    keyResultId,
    (current) => {
      const now = current.measure;
      // A Key Result carried over keeps the value it was graded with; its copy's query runs on.
      if (current.carriedTo) return null;
      if (!now || now.jql !== measure.jql || now.fn !== measure.fn || now.field !== measure.field) return null;
      if ('problem' in outcome) {
        if (now.problem?.message === outcome.problem) return null;
        const saved = { ...current, measure: { ...now, problem: { message: outcome.problem.slice(0, 2000), at: change.at } }, updatedAt: change.at, version: current.version + 1 };
        return { saved, before: { problem: now.problem ?? null }, after: { problem: saved.measure.problem } };
      }
      const { problem: _cleared, ...clear } = now;
      if (current.metric.current === outcome.value && current.checkIns.length > 0) {
        if (!now.problem) return null;
        return { saved: { ...current, measure: clear, updatedAt: change.at, version: current.version + 1 }, before: { problem: now.problem }, after: { problem: null } };
      }
      const entry = parseOrThrow(checkInSchema, automaticCheckIn(current, 'query', { at: change.at, accountId: now.accountId, value: outcome.value }), 'checkIn') as CheckIn;
      const saved = { ...withCheckIn(current, entry, change.at), measure: clear };
      return { saved, before: { current: current.metric.current }, after: { current: saved.metric.current, checkIn: entry } };
    },
    change,
  );
}

/** The one check-in path: `entryFor` builds the check-in from the Key Result as read (null: already recorded, nothing to write). */
async function appendTo(keyResultId: string, entryFor: (current: StoredKeyResult) => CheckIn | null, change: ChangeInput): Promise<PushedCheckInResult> {
  return writeKeyResult(
    keyResultId,
    (current) => {
      const built = entryFor(current);
      if (!built) return null;
      const entry = parseOrThrow(checkInSchema, withoutUndefined(built), 'checkIn') as CheckIn;
      const saved = withCheckIn(current, entry, change.at);
      return { saved, before: { current: current.metric.current }, after: { current: saved.metric.current, checkIn: entry } };
    },
    change,
  );
}

/**
 * Writes what `next` makes of the Key Result as read (null: nothing to write), with its change record,
 * conditioned on the version read; on a conflict it re-reads and tries again (up to 12 times).
 */
async function writeKeyResult(
  keyResultId: string,
  next: (current: StoredKeyResult) => { saved: StoredKeyResult; before: Record<string, unknown>; after: Record<string, unknown> } | null,
  change: ChangeInput,
): Promise<PushedCheckInResult> {
  await ensureSchema();
  const input = validChange(change);
  return retryOnConflict(CHECK_IN_ATTEMPTS, async () => {
    const current = await getKeyResult(keyResultId);
    if (!current) throw new StoreNotFoundError(`Key Result ${keyResultId} does not exist (it may have been deleted).`);
    const written = next(current);
    if (!written) return { saved: current, replayed: true };
    const saved = parseOrThrow(keyResultSchema, withoutUndefined(written.saved), 'keyResult') as StoredKeyResult;
    checkStoredSize(saved);
    const record = changeRecord(input, { projectKey: current.projectKey, subject: 'key-result', objectiveId: current.objectiveId, keyResultId }, written.before, written.after);
    await commit(
      (tx) => {
        setKeyResult(tx, saved, current.version);
        setChange(tx, record);
        return 2;
      },
      async () => new StoreConflictError(`Key Result ${keyResultId}`, current.version, undefined),
    );
    return { saved, replayed: false };
  });
}
