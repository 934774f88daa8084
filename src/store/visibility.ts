// What readers see of a project while an import of it is written: the state from before the import,
// whole, until the import's last transaction makes the imported state visible at once.
//
// An import writes in many transactions (an import of thousands of records cannot be one: 25
// operations a transaction). Before it writes a record, it keeps the record as it was (its
// "before", entity `import-before`, key `stageId:entity:key`; a record the import creates is kept
// as absent). While the project's import marker names that stage (`stageId`, state `applying` or
// `stopped`), every reader here puts the kept befores over what is stored: a record the import has
// touched reads as it was, whether the import wrote it yet or not; what it has not touched is as it
// was anyway. The import's last transaction deletes the marker with the import's own history record:
// from that one conditioned write on, readers read storage as it is, which is then the imported state
// whole. An import that stops part-way leaves its marker `stopped` with its stage, so the state from
// before it stays visible; the next import of the project (the same file again, say) takes the same
// stage over, keeps the befores already kept (they are the visible state), and completes it.
//
// A stage's records are never read once its marker is gone (keys carry the stage), so removing them
// afterwards is housekeeping only (`dropStage`).
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { kvs } from '@forge/kvs';
import { getMany, getRecords, queryAll, withGatheredReads } from './io';
import { ENTITY, INDEX, type ImportMarker } from './model';

/** A record as it was before the import of stage `stageId` touched it (`before` absent: it did not exist). */
export interface BeforeRecord {
  stageId: string;
  projectKey: string;
  entityName: string;
  key: string;
  before?: unknown;
  /** Copied from `before`, so the stage answers the same index queries as the entity. */
  cycleId?: string;
  objectiveId?: string;
  keyResultId?: string;
}

export const newStageId = (): string => randomUUID();

export const beforeKey = (stageId: string, entityName: string, key: string) => `${stageId}:${entityName}:${key}`;

/** The stage readers must put over storage: the marker's, while its import is applying or stopped; else null. */
export function stageOfMarker(marker: ImportMarker | null | undefined): string | null {
  if (!marker?.stageId) return null;
  return marker.state === 'applying' || marker.state === 'stopped' ? marker.stageId : null;
}

/** How many times a reader reads again when an import began or ended while it read. */
const VISIBLE_READ_ATTEMPTS = 3;

/**
 * Runs `read` (storage as readers see it under `stageId`) so that it sees one state whole. With a
 * stage, its befores cover every record the import writes (each before is kept ahead of the write
 * and outlives the import by longer than a reader runs), so the read is the state from before it,
 * whether the import goes on, stops or finishes meanwhile. Without one, the marker is read again
 * afterwards: when it changed (an import began, stopped or finished while the read ran) the read
 * may hold some of its writes, and it is made again.
 */
export async function readVisible<T>(projectKey: string, read: (stageId: string | null) => Promise<T>): Promise<T> {
  const markers = kvs.entity<ImportMarker>(ENTITY.importMarker);
  const pinned = pinOf(projectKey);
  if (pinned) return readPinned(pinned, read);
  for (let attempt = 1; ; attempt++) {
    const before = (await markers.get(projectKey)) ?? null;
    const stageId = stageOfMarker(before);
    const value = await read(stageId);
    if (stageId) return pin(projectKey, before, value);
    const after = (await markers.get(projectKey)) ?? null;
    if (sameMarker(before, after) || attempt >= VISIBLE_READ_ATTEMPTS) return pin(projectKey, before, value);
  }
}

// ─── One state for a whole call ───
//
// A resolver often makes several reads (the settings, a cycle, its reviews): each is whole, and the
// call pins the state the first one saw, so that an import finishing between two of them cannot show
// one of each. Pinned to a stage, later reads use its befores without reading the marker (they outlive
// the call). Pinned to no stage, a later read reads the marker after it: when an import began since
// (running, stopped or even done by then), the state pinned is the one before it, so the read is made
// under that import's stage.

interface Pin {
  projectKey: string;
  marker: ImportMarker | null;
}
const pins = new AsyncLocalStorage<{ pin?: Pin }>();

/** Runs a call whose reads of one project all see the state the first of them saw. */
export function withReadPin<T>(work: () => Promise<T>): Promise<T> {
  // Its single-record reads made together share a batch read (io.ts, getGathered).
  return pins.run({}, () => withGatheredReads(work));
}

/** Forgets the state pinned (after the call's own import: its answer shows what it imported). */
export function unpinReads(): void {
  const holder = pins.getStore();
  if (holder) delete holder.pin;
}

const pinOf = (projectKey: string): Pin | undefined => {
  const pinned = pins.getStore()?.pin;
  return pinned?.projectKey === projectKey ? pinned : undefined;
};

function pin<T>(projectKey: string, marker: ImportMarker | null, value: T): T {
  const holder = pins.getStore();
  if (holder && !holder.pin) holder.pin = { projectKey, marker };
  return value;
}

/** The stage to read under for a call pinned to `pinned`, given the marker now (null: storage as it is). */
function stageSincePin(pinned: Pin, now: ImportMarker | null): string | null {
  const stageId = stageOfMarker(pinned.marker);
  if (stageId) return stageId;
  return sameMarker(pinned.marker, now) ? null : (now?.stageId ?? null);
}

async function readPinned<T>(pinned: Pin, read: (stageId: string | null) => Promise<T>): Promise<T> {
  const stageId = stageOfMarker(pinned.marker);
  if (stageId) return read(stageId);
  const value = await read(null);
  const since = stageSincePin(pinned, (await kvs.entity<ImportMarker>(ENTITY.importMarker).get(pinned.projectKey)) ?? null);
  return since ? read(since) : value;
}

/**
 * The import marker as the call's reads of the project saw it when it pinned their state (null: none),
 * or undefined when no read of the project has pinned one yet: what the call shows of an import is
 * then the state its records were read in, without reading the marker once more.
 */
export const pinnedMarker = (projectKey: string): ImportMarker | null | undefined => pinOf(projectKey)?.marker;

const sameMarker = (a: ImportMarker | null, b: ImportMarker | null) => a?.importId === b?.importId && a?.state === b?.state && a?.startedAt === b?.startedAt;

/** The marker's key in a batch read, for readers that read it along with their own records. */
const markerItem = (projectKey: string) => ({ entityName: ENTITY.importMarker, key: projectKey });

/**
 * A few records of one project, as its readers see them, in one batch read with the project's import
 * marker (and, while an import's stage is visible, one more for the befores). The marker is read in
 * the same call as the records, not after them, to keep a screen's storage calls down: an import
 * that begins as they are read writes nothing but its marker and its befores for several storage
 * round trips (it loads the project, checks ids, keeps befores) before its first write to a record,
 * far longer than one batch read takes, so the records read are still those from before it. A
 * reader may read more records under the answered stage in its next call (visibleRecords), likewise.
 */
export async function visibleBatch(projectKey: string, items: ReadonlyArray<{ entityName: string; key: string }>): Promise<{ read: (entityName: string, key: string) => unknown; stageId: string | null }> {
  const stored = await getRecords([markerItem(projectKey), ...items]);
  const marker = (stored(ENTITY.importMarker, projectKey) as ImportMarker | undefined) ?? null;
  const pinned = pinOf(projectKey);
  const stageId = pinned ? stageSincePin(pinned, marker) : stageOfMarker(marker);
  if (!pinned) pin(projectKey, marker, null);
  return { read: await visibleRecords(stageId, items, stored), stageId };
}

/** The before record of `value` (null: absent), with the attributes the stage's indexes use. */
export function beforeRecord(stageId: string, projectKey: string, entityName: string, key: string, value: unknown): BeforeRecord {
  const attributes = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const text = (name: string) => (typeof attributes[name] === 'string' ? { [name]: attributes[name] } : {});
  return {
    stageId,
    projectKey,
    entityName,
    key,
    ...(value === undefined || value === null ? {} : { before: value, ...text('cycleId'), ...text('objectiveId'), ...text('keyResultId') }),
  };
}

/**
 * Records as readers see them: each `{ entityName, key }` read from the stage when the stage holds it
 * (its before, or absent), else from storage. One batch read per 25 of each.
 */
export async function visibleRecords(stageId: string | null, items: ReadonlyArray<{ entityName: string; key: string }>, live?: (entityName: string, key: string) => unknown): Promise<(entityName: string, key: string) => unknown> {
  const stored = live ?? (await getRecords(items));
  if (!stageId || items.length === 0) return stored;
  const kept = await getMany<BeforeRecord>(ENTITY.importBefore, [...new Set(items.map((item) => beforeKey(stageId, item.entityName, item.key)))]);
  return (entityName, key) => {
    const before = kept.get(beforeKey(stageId, entityName, key));
    return before ? before.before : stored(entityName, key);
  };
}

/** `getMany` as readers see it. */
export async function visibleMany<T>(stageId: string | null, entityName: string, keys: string[], live?: Map<string, T>): Promise<Map<string, T>> {
  const stored = live ?? (await getMany<T>(entityName, keys));
  if (!stageId || keys.length === 0) return stored;
  const read = await visibleRecords(stageId, keys.map((key) => ({ entityName, key })), (_entity, key) => stored.get(key));
  return new Map(keys.flatMap((key) => {
    const value = read(entityName, key) as T | undefined;
    return value === undefined ? [] : [[key, value] as const];
  }));
}

/** How an entity's index partition maps onto the stage's index of the same name. */
const STAGE_PARTITION: Record<string, (partition: unknown[]) => unknown[]> = {
  // [projectKey, cycleId] → [cycleId]; [projectKey] → []; [objectiveId] and [keyResultId] as they are.
  [INDEX.byCycle]: (partition) => partition.slice(1),
  [INDEX.byProject]: () => [],
  [INDEX.byObjective]: (partition) => partition,
  [INDEX.byKeyResult]: (partition) => partition,
};

/**
 * An index query as readers see it: what storage answers, less the records the stage holds, plus the
 * befores the stage holds in the same partition (a record the import moved elsewhere shows where it
 * was; one it created shows nowhere), in the index's order (`range`, then key).
 */
export async function visibleQuery<T>(
  stageId: string | null,
  query: { entityName: string; index: string; partition: unknown[]; range: string; desc?: boolean },
  live: T[],
  keyOf: (value: T) => string,
): Promise<T[]> {
  const { entityName, index, partition } = query;
  if (!stageId) return live;
  const tail = STAGE_PARTITION[index];
  if (!tail) throw new Error(`The import stage has no index ${index}.`);
  const [kept, befores] = await Promise.all([
    getMany<BeforeRecord>(ENTITY.importBefore, live.map((value) => beforeKey(stageId, entityName, keyOf(value)))),
    queryAll<BeforeRecord>(ENTITY.importBefore, index, [stageId, entityName, ...tail(partition)]),
  ]);
  const untouched = live.filter((value) => !kept.has(beforeKey(stageId, entityName, keyOf(value))));
  const all = [...untouched, ...befores.flatMap((record) => (record.before === undefined ? [] : [record.before as T]))];
  // In the index's order, as storage answers: by its range attribute, then by key.
  const sortKey = (value: T) => [String((value as Record<string, unknown>)[query.range] ?? ''), keyOf(value)] as const;
  const sign = query.desc ? -1 : 1;
  return all.sort((a, b) => {
    const [ra, ka] = sortKey(a);
    const [rb, kb] = sortKey(b);
    return sign * (ra < rb ? -1 : ra > rb ? 1 : ka < kb ? -1 : ka > kb ? 1 : 0);
  });
}

/** Keys of a stage's records, a page at a time, for housekeeping. */
export async function stageKeys(stageId: string, limit: number): Promise<string[]> {
  const page = await kvs.entity<BeforeRecord>(ENTITY.importBefore).query().index(INDEX.byStage, { partition: [stageId] }).limit(limit).getMany();
  return page.results.map((result) => result.key);
}
