// The few ways the store reaches @forge/kvs: paged index queries, transactions that turn a failed
// condition into a typed error, batched reads, and change records. Internal to src/store.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { Filter, FilterConditions, kvs, Sort } from '@forge/kvs';
import type { HistoryChange } from '../contract';
import { isStorageOutage, StoreConflictError, StoreUnavailableError } from './errors';
import { ENTITY, MAX_BATCH_KEYS, MAX_TRANSACTION_OPS, PAGE_SIZE, withoutUndefined, type ChangeInput, type ChangeRecord, type ChangeSubject } from './model';

export type Transaction = ReturnType<typeof kvs.transact>;

/** What one invocation has written so far: whether any of its transactions or writes committed. */
export interface WriteLog {
  committed: boolean;
}

const writeLogs = new AsyncLocalStorage<WriteLog>();

/**
 * Runs `work` keeping a log of its writes, so that a failure after one of them committed is never
 * answered as "nothing was changed".
 */
export function withWriteLog<T>(log: WriteLog, work: () => Promise<T>): Promise<T> {
  return writeLogs.run(log, work);
}

function logCommitted(): void {
  const log = writeLogs.getStore();
  if (log) log.committed = true;
}

/**
 * Every record of one index partition, in index order. One query per 100 records: the screens'
 * partitions (a cycle's Objectives, a cycle's Key Results, one history) hold far fewer.
 */
export async function queryAll<T>(entityName: string, indexName: string, partition: unknown[], sort: 'ASC' | 'DESC' = 'ASC'): Promise<T[]> {
  const values: T[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs
      .entity<T>(entityName)
      .query()
      .index(indexName, { partition })
      .sort(sort === 'DESC' ? Sort.DESC : Sort.ASC)
      .limit(PAGE_SIZE);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany();
    for (const result of page.results) values.push(result.value);
    cursor = page.nextCursor;
  } while (cursor);
  return values;
}

/** Reads many keys of one entity, 25 a call; absent keys are left out. */
export async function getMany<T>(entityName: string, keys: string[]): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  for (let i = 0; i < keys.length; i += MAX_BATCH_KEYS) {
    const chunk = keys.slice(i, i + MAX_BATCH_KEYS);
    const result = await kvs.batchGet<T>(chunk.map((key) => ({ key, entityName })));
    for (const item of result.successfulKeys) found.set(item.key, item.value);
    const failed = result.failedKeys.filter((item) => item.error.code !== 'KEY_NOT_FOUND');
    if (failed[0]) throw new StoreUnavailableError(new Error(`Storage could not read ${failed.map((item) => item.key).join(', ')}: ${failed[0].error.message}`));
  }
  return found;
}

/**
 * Reads records of several entities at once, 25 keys a call (one call for a screen's few records);
 * answers a lookup by entity and key. Absent keys are left out.
 */
export async function getRecords(items: ReadonlyArray<{ entityName: string; key: string }>): Promise<(entityName: string, key: string) => unknown> {
  const found = new Map<string, unknown>();
  const id = (entityName: string, key: string) => `${entityName}\u0000${key}`;
  const unique = [...new Map(items.map((item) => [id(item.entityName, item.key), item])).values()];
  // Nothing to read costs no call (a panel without links).
  for (let i = 0; i < unique.length; i += MAX_BATCH_KEYS) {
    const chunk = unique.slice(i, i + MAX_BATCH_KEYS);
    const result = await kvs.batchGet<unknown>(chunk.map(({ entityName, key }) => ({ entityName, key })));
    for (const item of result.successfulKeys) found.set(id(item.entityName ?? '', item.key), item.value);
    const failed = result.failedKeys.filter((item) => item.error.code !== 'KEY_NOT_FOUND');
    if (failed[0]) throw new StoreUnavailableError(new Error(`Storage could not read ${failed.map((item) => item.key).join(', ')}: ${failed[0].error.message}`));
  }
  return (entityName, key) => found.get(id(entityName, key));
}

/** A single-record read waiting to be made with the others of its turn (getGathered). */
interface GatheredRead {
  item: { entityName?: string; key: string };
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}
const gathering = new AsyncLocalStorage<{ pending: GatheredRead[] | null }>();

/** Runs a call whose single-record reads made in the same turn (getGathered) share one batch read. */
export function withGatheredReads<T>(work: () => Promise<T>): Promise<T> {
  return gathering.run({ pending: null }, work);
}

/**
 * One record (an entity's, or a plain key's without `entityName`), undefined when absent. In a call
 * run by withGatheredReads, the reads asked for in the same turn (before the promise jobs queued so far
 * have all run) are made together, in one batch read (25 keys a call): a screen's independent reads of a few records
 * (a board's kept fields and sprints, a project's kept state) cost one storage call, not one each.
 * Each is still a read of storage as it is then; nothing is cached across calls.
 */
export function getGathered<T>(item: { entityName?: string; key: string }): Promise<T | undefined> {
  const holder = gathering.getStore();
  if (!holder) return (item.entityName ? kvs.entity<T>(item.entityName).get(item.key) : kvs.get<T>(item.key)) as Promise<T | undefined>;
  return new Promise<T | undefined>((resolve, reject) => {
    if (!holder.pending) {
      const batch: GatheredRead[] = [];
      holder.pending = batch;
      // After the promise jobs already queued have run (so the reads they ask for join), before any
      // timer or I/O callback: gathering yields to nothing else.
      process.nextTick(() => {
        holder.pending = null;
        void readGathered(batch);
      });
    }
    holder.pending.push({ item, resolve: resolve as (value: unknown) => void, reject });
  });
}

async function readGathered(batch: GatheredRead[]): Promise<void> {
  const id = (entityName: string | undefined, key: string) => `${entityName ?? ''}\u0000${key}`;
  // A key asked for twice in one turn (two writers of one project each reading its state) is read once: a batch may not name a key twice.
  const byKey = new Map<string, GatheredRead[]>();
  for (const read of batch) {
    const key = id(read.item.entityName, read.item.key);
    byKey.set(key, [...(byKey.get(key) ?? []), read]);
  }
  const unique = [...byKey.values()];
  for (let i = 0; i < unique.length; i += MAX_BATCH_KEYS) {
    const chunk = unique.slice(i, i + MAX_BATCH_KEYS);
    try {
      const items = chunk.map((reads) => (reads[0] as GatheredRead).item);
      const result = await kvs.batchGet<unknown>(items.map((item) => (item.entityName ? { entityName: item.entityName, key: item.key } : { key: item.key })));
      const found = new Map(result.successfulKeys.map((entry) => [id(entry.entityName, entry.key), entry.value]));
      const failed = new Map(result.failedKeys.filter((entry) => entry.error.code !== 'KEY_NOT_FOUND').map((entry) => [id(entry.entityName, entry.key), entry.error.message]));
      for (const [at, reads] of chunk.entries()) {
        const item = items[at] as GatheredRead['item'];
        const failure = failed.get(id(item.entityName, item.key));
        // Each reader gets its own copy: none sees another's changes to what it read.
        reads.forEach((read, index) => {
          if (failure !== undefined) read.reject(new StoreUnavailableError(new Error(`Storage could not read ${item.key}: ${failure}`)));
          else {
            const value = found.get(id(item.entityName, item.key));
            read.resolve(index === 0 || value === undefined ? value : structuredClone(value));
          }
        });
      }
    } catch (error) {
      for (const read of chunk.flat()) read.reject(error);
    }
  }
}

/** Conditions on a record's version: equal to `version`, or (for a creation) no record at all. */
export function versionIs<T extends { version: number }>(version: number | undefined) {
  return version === undefined
    ? new Filter<T>().and('version', FilterConditions.notExists())
    : new Filter<T>().and('version', FilterConditions.equalTo(version));
}

/**
 * Runs one transaction. If a condition fails (a concurrent writer, a stale version), nothing is
 * written and `onConflict` decides the error to throw (it may re-read to say what changed).
 *
 * Forge documents no error code for a failed condition, so a failure is judged by what storage holds
 * afterwards: everything this transaction wrote is there, its change record included → it committed
 * (only the answer was lost); a condition no longer holds → a conflict; something it wrote is not
 * there and every condition still holds → nothing was written (a transaction is all or nothing), and
 * a storage outage is thrown as StoreUnavailableError. A transaction without a change record whose
 * every write is there committed too when `sameEffect` says that a concurrent writer of the same
 * values would have done exactly what this one asked (linking an issue twice is linking it once).
 */
export async function commit(build: (tx: Transaction) => number, onConflict: () => Promise<Error>, options: { sameEffect?: boolean; unseen?: boolean } = {}): Promise<void> {
  const tx = new RecordedTransaction(kvs.transact());
  const operations = build(tx);
  if (operations > MAX_TRANSACTION_OPS) throw new Error(`A transaction of ${operations} operations exceeds the platform's ${MAX_TRANSACTION_OPS}.`);
  // `unseen`: records no reader sees, which the caller deletes again if it fails (an import's befores):
  // they do not make a later failure a change.
  const logged = () => {
    if (!options.unseen) logCommitted();
  };
  try {
    await tx.execute();
    logged();
  } catch (error) {
    const outcome = await outcomeAfterFailure(tx.operations, options.sameEffect ?? false);
    if (outcome === 'committed') return logged();
    if (outcome === 'conflict') throw await onConflict();
    if (outcome === 'not-written' && isStorageOutage(error)) throw new StoreUnavailableError(error);
    throw error;
  }
}

/**
 * Writes one record (no condition). A failed write is judged as `commit` judges a transaction: the
 * value is there → it was written (only the answer was lost); else, on an outage, nothing was.
 */
export async function putRecord<T>(entityName: string, key: string, value: T): Promise<void> {
  return put(value, () => kvs.entity<T>(entityName).set(key, value), () => kvs.entity<T>(entityName).get(key));
}

/** putRecord for a plain key (no entity): judged the same way when it fails. */
export async function putValue<T>(key: string, value: T): Promise<void> {
  return put(value, () => kvs.set(key, value), () => kvs.get<T>(key));
}

async function put<T>(value: T, write: () => Promise<void>, readBack: () => Promise<T | undefined>): Promise<void> {
  try {
    await write();
    logCommitted();
  } catch (error) {
    if (!isStorageOutage(error)) throw error;
    const stored = await readAfterFailure(readBack);
    if (stored.read && sameJson(stored.value, value)) return logCommitted();
    if (stored.read) throw new StoreUnavailableError(error);
    throw error;
  }
}

/**
 * Writes (or, with `undefined`, deletes) one plain key, judged after a failure as putRecord judges:
 * storage holds what was asked → it was done (only the answer was lost); else, on an outage, nothing was.
 */
export async function putKey<T>(key: string, value: T | undefined): Promise<void> {
  try {
    await (value === undefined ? kvs.delete(key) : kvs.set(key, value));
    logCommitted();
  } catch (error) {
    if (!isStorageOutage(error)) throw error;
    const stored = await readAfterFailure(() => kvs.get<T>(key));
    if (stored.read && (value === undefined ? stored.value === undefined : sameJson(stored.value, value))) return logCommitted();
    if (stored.read) throw new StoreUnavailableError(error);
    throw error;
  }
}

/**
 * A read made after a write committed (to answer with what is stored now): tried again once when
 * storage was briefly unavailable, since failing now would report a saved change as failed.
 */
export async function readAfterWrite<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!isStorageOutage(error)) throw error;
    return read();
  }
}

/** A read made to judge a failed write: tried twice (the failure may still be passing); `read` false when storage could not be read. */
async function readAfterFailure<T>(read: () => Promise<T>): Promise<{ read: true; value: T } | { read: false }> {
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      return { read: true, value: await read() };
    } catch {
      // Tried again once; then nothing can be told, and the original error stands.
    }
  }
  return { read: false };
}

/** A transaction condition as `@forge/kvs` builds it (`Filter`): its clauses and how they combine. */
interface Condition {
  filters(): ReadonlyArray<{ property: PropertyKey; condition: string; values: unknown[] }>;
  operator(): 'and' | 'or';
}

interface Operation {
  type: 'set' | 'delete' | 'check';
  key: string;
  entityName?: string;
  value?: unknown;
  conditions?: Condition;
}

type EntityOption = { entityName: string; conditions?: Condition };

/** The transaction builder, keeping what was asked of it so a failure can be judged afterwards. */
class RecordedTransaction implements Transaction {
  readonly operations: Operation[] = [];

  constructor(private readonly inner: Transaction) {}

  set<T>(key: string, value: T, entity?: EntityOption, options?: Parameters<Transaction['set']>[3]): this {
    this.operations.push({ type: 'set', key, value, ...operationEntity(entity) });
    this.inner.set(key, value, entity as never, options);
    return this;
  }

  delete(key: string, entity?: EntityOption): this {
    this.operations.push({ type: 'delete', key, ...operationEntity(entity) });
    this.inner.delete(key, entity as never);
    return this;
  }

  check(key: string, entity: Required<EntityOption>): this {
    this.operations.push({ type: 'check', key, ...operationEntity(entity) });
    this.inner.check(key, entity as never);
    return this;
  }

  execute(): Promise<void> {
    return this.inner.execute();
  }
}

const operationEntity = (entity: EntityOption | undefined) =>
  entity ? { entityName: entity.entityName, ...(entity.conditions ? { conditions: entity.conditions } : {}) } : {};

/**
 * After a failed transaction, what storage says happened: 'committed', 'conflict', 'not-written' (a
 * write of it is missing and every condition still holds), or 'unknown' (storage cannot be read, or a
 * condition cannot be judged). One batch read.
 */
async function outcomeAfterFailure(operations: readonly Operation[], sameEffect: boolean): Promise<'committed' | 'conflict' | 'not-written' | 'unknown'> {
  const id = (entityName: string | undefined, key: string) => `${entityName ?? ''}\u0000${key}`;
  const stored = new Map<string, unknown>();
  const read = await readAfterFailure(() => kvs.batchGet<unknown>(operations.map(({ key, entityName }) => (entityName ? { key, entityName } : { key })) as never));
  if (!read.read || read.value.failedKeys.some((item) => item.error.code !== 'KEY_NOT_FOUND')) return 'unknown';
  for (const item of read.value.successfulKeys) stored.set(id(item.entityName, item.key), item.value);
  const now = (operation: Operation) => stored.get(id(operation.entityName, operation.key));
  const writes = operations.filter((operation) => operation.type !== 'check');
  const written = writes.every((operation) => (operation.type === 'set' ? sameJson(now(operation), operation.value) : now(operation) === undefined));
  // Only a change record (its id is new to this write) proves the write was this one: the same values
  // may have come from a concurrent writer (two deliveries of one event open the same review).
  const proven = writes.some((operation) => operation.type === 'set' && operation.entityName === ENTITY.change);
  if (written && (proven || sameEffect)) return 'committed';
  let judged = true;
  for (const operation of operations) {
    if (!operation.conditions) continue;
    const value = now(operation);
    // A check asks for an existing record, as the emulator (and the docs' examples) have it.
    const holds = operation.type === 'check' && value === undefined ? false : conditionHolds(operation.conditions, value);
    if (holds === false) return 'conflict';
    if (holds === undefined) judged = false;
  }
  if (written) return writes.length > 0 && !operations.some((operation) => operation.conditions) ? 'committed' : 'unknown';
  return judged ? 'not-written' : 'unknown';
}

/** Whether a stored value meets the condition; undefined for a clause this does not know how to judge. */
function conditionHolds(condition: Condition, value: unknown): boolean | undefined {
  const attributes = (value !== null && typeof value === 'object' ? value : {}) as Record<PropertyKey, unknown>;
  const results = condition.filters().map((clause) => clauseHolds(clause.condition, attributes[clause.property], clause.values));
  if (results.includes(undefined)) return undefined;
  return condition.operator() === 'or' ? results.some(Boolean) : results.every(Boolean);
}

function clauseHolds(condition: string, actual: unknown, values: unknown[]): boolean | undefined {
  const [first, second] = values;
  const ordered = (compare: (a: number | string, b: number | string) => boolean, other: unknown = first) =>
    (typeof actual === 'number' && typeof other === 'number') || (typeof actual === 'string' && typeof other === 'string') ? compare(actual, other) : false;
  switch (condition) {
    case 'EQUAL_TO':
      return actual !== undefined && sameJson(actual, first);
    case 'NOT_EQUAL_TO':
      return !sameJson(actual, first);
    case 'EXISTS':
      return actual !== undefined;
    case 'NOT_EXISTS':
      return actual === undefined;
    case 'GREATER_THAN':
      return ordered((a, b) => a > b);
    case 'GREATER_THAN_EQUAL_TO':
      return ordered((a, b) => a >= b);
    case 'LESS_THAN':
      return ordered((a, b) => a < b);
    case 'LESS_THAN_EQUAL_TO':
      return ordered((a, b) => a <= b);
    case 'BETWEEN':
      return ordered((a, b) => a >= b) && ordered((a, b) => a <= b, second);
    case 'BEGINS_WITH':
      return typeof actual === 'string' && typeof first === 'string' && actual.startsWith(first);
    default:
      return undefined;
  }
}

/** Equal as JSON values, whatever the order of object keys (storage need not keep it). */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return JSON.stringify(JSON.parse(JSON.stringify(value)), (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  );
}

/**
 * Runs a read-decide-commit step until it commits without losing a race: on a StoreConflictError it
 * pauses a little (random, growing) and runs again from the read, up to `attempts` times, then throws
 * the last conflict. Any other error ends it at once.
 */
export async function retryOnConflict<T>(attempts: number, step: () => Promise<T>): Promise<T> {
  let last: StoreConflictError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      last = error;
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 10 * attempt)));
    }
  }
  throw last ?? new Error('retryOnConflict needs at least one attempt.');
}

/** Runs `task` on every item, at most `limit` at once; after a failure starts no more, and throws it once all running have ended. */
export async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}

// ─── Change records ───

let sequence = 0;

/**
 * A change's id: its time, then a per-process sequence and random bits, so ids sort by time and two
 * changes of one millisecond keep their order (history is sorted by `at`, then by id).
 */
export function newChangeId(at: string): string {
  const time = new Date(at).toISOString().replace(/[-:.]/g, '');
  sequence = (sequence + 1) % 1_000_000;
  return `ch-${time}-${String(sequence).padStart(6, '0')}-${randomBytes(4).toString('hex')}`;
}

export function changeRecord(
  input: ChangeInput,
  about: { projectKey: string; subject: ChangeSubject; objectiveId?: string; keyResultId?: string },
  before: unknown,
  after: unknown,
): ChangeRecord {
  return withoutUndefined({
    id: newChangeId(input.at),
    projectKey: about.projectKey,
    subject: about.subject,
    objectiveId: about.objectiveId,
    keyResultId: about.keyResultId,
    at: input.at,
    accountId: input.accountId,
    what: input.what,
    before: before ?? null,
    after: after ?? null,
    reason: input.reason,
  });
}

/** As stored: a null before/after is left out rather than stored as a null attribute. */
export function storedChange(record: ChangeRecord): Record<string, unknown> {
  const { before, after, ...rest } = record;
  return { ...rest, ...(before !== null && before !== undefined ? { before } : {}), ...(after !== null && after !== undefined ? { after } : {}) };
}

export function changeFromStored(value: Record<string, unknown>): ChangeRecord {
  return { ...(value as unknown as ChangeRecord), before: value.before ?? null, after: value.after ?? null };
}

export function setChange(tx: Transaction, record: ChangeRecord): void {
  tx.set(record.id, storedChange(record), { entityName: ENTITY.change });
}

export function historyChange(record: ChangeRecord): HistoryChange {
  return {
    at: record.at,
    accountId: record.accountId,
    what: record.what,
    before: record.before,
    after: record.after,
    ...(record.reason !== undefined ? { reason: record.reason } : {}),
    ...(record.keyResultId !== undefined ? { keyResultId: record.keyResultId } : {}),
  };
}
