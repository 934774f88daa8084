// The few ways the store reaches @forge/kvs: paged index queries, transactions that turn a failed
// condition into a typed error, batched reads, and change records. Internal to src/store.
import { randomBytes } from 'node:crypto';
import { Filter, FilterConditions, kvs, Sort } from '@forge/kvs';
import type { HistoryChange } from '../contract';
import { isWriteConflict, StoreConflictError } from './errors';
import { ENTITY, MAX_BATCH_KEYS, MAX_TRANSACTION_OPS, PAGE_SIZE, withoutUndefined, type ChangeInput, type ChangeRecord, type ChangeSubject } from './model';

export type Transaction = ReturnType<typeof kvs.transact>;

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
    if (failed.length > 0) throw new Error(`Storage could not read ${failed.map((item) => item.key).join(', ')}: ${failed[0]!.error.message}`);
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
    if (failed.length > 0) throw new Error(`Storage could not read ${failed.map((item) => item.key).join(', ')}: ${failed[0]!.error.message}`);
  }
  return (entityName, key) => found.get(id(entityName, key));
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
 */
export async function commit(build: (tx: Transaction) => number, onConflict: () => Promise<Error>): Promise<void> {
  const tx = kvs.transact();
  const operations = build(tx);
  if (operations > MAX_TRANSACTION_OPS) throw new Error(`A transaction of ${operations} operations exceeds the platform's ${MAX_TRANSACTION_OPS}.`);
  try {
    await tx.execute();
  } catch (error) {
    if (isWriteConflict(error)) throw await onConflict();
    throw error;
  }
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
  throw last!;
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
  };
}
