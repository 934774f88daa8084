// What Outcomes keeps of a project's Jira issues (see domain/kept.ts), packed so that a page view
// reads it in a handful of storage calls: the issues of one project in buckets of a few hundred, one
// record per bucket, read back with one query per hundred buckets; and one state record per project
// saying which generation of buckets is current, whether it is complete, up to when it was reconciled
// with Jira, and with which fields. Buckets hold ranges of issue ids (the state keeps where each
// begins), so a rebuild, which reads issues in id order, writes each bucket once; Jira's ids only grow,
// so new issues land in the last bucket, which splits in two when it has grown to twice its size.
// Only the triggers and the background job write here; a page view only reads.
import { isNotOlder, type KeptIssue, sameKept } from '../domain/kept';
import { StoreConflictError } from './errors';
import { commit, getGathered, getMany, queryAll, retryOnConflict, type Transaction, versionIs } from './io';
import { ENTITY, INDEX, MAX_TRANSACTION_OPS } from './model';

const ENTITY_KEPT_ISSUES = ENTITY.keptIssues;
const ENTITY_KEPT_STATE = ENTITY.keptState;

/** Raised when what is kept changes shape: every project's kept issues are then rebuilt from Jira. */
export const KEPT_SCHEMA_VERSION = 4;
/**
 * Issues a bucket is sized for when a project is rebuilt. A kept issue is at most about 300 bytes of
 * JSON (ids, a rank, five dates), so a bucket holds about 60 KiB, well under the 240 KiB a value may.
 */
export const ISSUES_PER_BUCKET = 200;
/** A bucket past this many issues (about 180 KiB) asks for a rebuild; only a bucket amid others can (ids moved into its range). */
export const MAX_ISSUES_PER_BUCKET = 600;

export interface KeptState {
  projectKey: string;
  schemaVersion: number;
  /** The generation of buckets that is current (a rebuild writes the next one, then switches to it). */
  generation: number;
  /** Where each bucket after the first begins: the first issue id it holds (ascending, compared as numbers). */
  bounds: string[];
  /** `rebuilding` until the rebuild has read every issue of the project. */
  status: 'rebuilding' | 'ready';
  /** The site's Sprint, Rank and story-point field ids the issues were read with: other ids need a rebuild. */
  fieldsKey: string;
  /** Every change Jira had made before this instant is kept (searches look back a margin before it). */
  watermark: string;
  /** When kept issues Jira no longer has were last looked for. */
  sweptAt: string;
  /** When the rebuild started, and when it last made progress (a stopped rebuild is started again). */
  rebuildStartedAt: string;
  touchedAt: string;
  /** When the Key Results' flow tallies were last worked out whole (store/kept-flow.ts). */
  talliedAt?: string;
  /** Set when a bucket grew past its size: the next view asks for a rebuild. */
  tooFull?: boolean;
  /**
   * Where a rebuild stopped at the end of its chain of events (Forge's 1,000 pushes from one
   * invocation): the next view's request goes on from here, in a chain of its own.
   */
  resumeToken?: string;
  version: number;
}

interface BucketRecord {
  projectKey: string;
  generation: number;
  bucket: number;
  /** Set once the bucket was split: ids from this one on belong to the next bucket. */
  upTo?: string;
  issues: KeptIssue[];
  version: number;
}

/** Issue ids compared as the numbers they are. */
const compareIds = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/** Raised when a bucket no longer takes an id (it was split since the state was read): read the state again. */
class StaleBoundsError extends Error {}

const bucketKey = (projectKey: string, generation: number, bucket: number) => `${projectKey}:${generation}:${bucket}`;
/** The bucket an id belongs in: how many bounds are at or below it (a binary search). */
function bucketOf(issueId: string, bounds: readonly string[]): number {
  let low = 0;
  let high = bounds.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const bound = bounds[middle];
    if (bound !== undefined && compareIds(bound, issueId) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Where the buckets of a project begin, from its issue ids: one bucket per ISSUES_PER_BUCKET of them. */
export function boundsFor(issueIds: readonly string[]): string[] {
  const sorted = [...issueIds].sort(compareIds);
  return sorted.filter((_, index) => index > 0 && index % ISSUES_PER_BUCKET === 0);
}

/** The project's kept state, or null when nothing is kept (never rebuilt). */
export async function keptState(projectKey: string): Promise<KeptState | null> {
  return (await getGathered<KeptState>({ entityName: ENTITY_KEPT_STATE, key: projectKey })) ?? null;
}

/** Whether what is kept can answer a page: complete, of this schema, read with these fields. */
export const isCurrent = (state: KeptState | null, fieldsKey: string): boolean =>
  state !== null && state.status === 'ready' && state.schemaVersion === KEPT_SCHEMA_VERSION && state.fieldsKey === fieldsKey && !state.tooFull;

/** Every kept issue of the state's generation, by id: one query per hundred buckets. */
export async function keptIssues(state: KeptState): Promise<Map<string, KeptIssue>> {
  const buckets = await queryAll<BucketRecord>(ENTITY_KEPT_ISSUES, INDEX.byGeneration, [state.projectKey, state.generation]);
  const issues = new Map<string, KeptIssue>();
  for (const bucket of buckets) for (const issue of bucket.issues) issues.set(issue.id, issue);
  return issues;
}

/**
 * The kept issues among the ids given, by id: one batch read per 25 of the buckets they are in. With
 * `wholeBuckets`, also the other issues of those buckets (read anyway, and perhaps wanted next).
 */
export async function keptIssuesByIds(state: KeptState, issueIds: Iterable<string>, options: { wholeBuckets?: boolean } = {}): Promise<Map<string, KeptIssue>> {
  const wanted = new Set(issueIds);
  const keys = [...new Set([...wanted].map((id) => bucketKey(state.projectKey, state.generation, bucketOf(id, state.bounds))))];
  const buckets = await getMany<BucketRecord>(ENTITY_KEPT_ISSUES, keys);
  const found = new Map<string, KeptIssue>();
  for (const bucket of buckets.values()) for (const issue of bucket.issues) if (options.wholeBuckets || wanted.has(issue.id)) found.set(issue.id, issue);
  return found;
}

/** What one issue was and is after a change to the kept issues (absent: not kept before, or no longer). */
export interface KeptChange {
  before?: KeptIssue;
  after?: KeptIssue;
}

/**
 * What changes in one transaction with a bucket's issues (the Key Results' flow tallies: store/kept-flow.ts),
 * read afresh for each attempt: its operations, and, when they would not fit in one transaction with
 * the bucket (only ever for one issue linked to very many Key Results), the same change made after it.
 */
export interface BucketCompanion {
  prepare(changes: readonly KeptChange[]): Promise<{ operations: number; add: (tx: Transaction) => void; afterwards: () => Promise<void> }>;
}

/** Raised when a bucket's news and their companion's operations do not fit in one transaction: the news is applied in halves. */
class TooManyOperationsError extends Error {}

/** One kept issue with where it is kept: its bucket's key and the version the bucket was read at (undefined: no bucket yet). */
export async function keptIssueInBucket(state: KeptState, issueId: string): Promise<{ issue: KeptIssue | undefined; bucketKey: string; version: number | undefined }> {
  const key = bucketKey(state.projectKey, state.generation, bucketOf(issueId, state.bounds));
  const bucket = (await getMany<BucketRecord>(ENTITY_KEPT_ISSUES, [key])).get(key);
  return { issue: bucket?.issues.find((issue) => issue.id === issueId), bucketKey: key, version: bucket?.version };
}

/** The condition a write made with `keptIssueInBucket`'s answer puts on the bucket: unchanged since it was read. */
export function bucketUnchanged(tx: Transaction, at: { bucketKey: string; version: number | undefined }): void {
  tx.check(at.bucketKey, { entityName: ENTITY_KEPT_ISSUES, conditions: versionIs<BucketRecord>(at.version) });
}

/** One kept issue (one read of its bucket), or undefined. */
export async function keptIssue(state: KeptState, issueId: string): Promise<KeptIssue | undefined> {
  const key = bucketKey(state.projectKey, state.generation, bucketOf(issueId, state.bounds));
  return (await getMany<BucketRecord>(ENTITY_KEPT_ISSUES, [key])).get(key)?.issues.find((issue) => issue.id === issueId);
}

/**
 * Applies news of issues to the state's generation: an issue replaces the kept one unless the kept one
 * is newer (events arrive in any order); a deletion removes it. Each bucket is read and written back
 * conditioned on its version, again when a concurrent writer won; when a bucket was split since the
 * state was read, the state is read again. With a `companion`, what it prepares for each bucket's
 * changes is written in the bucket's transaction. Answers what changed, issue by issue.
 */
export async function applyToKept(state: KeptState, news: { issues: readonly KeptIssue[]; deleted: readonly string[] }, companion?: BucketCompanion): Promise<KeptChange[]> {
  let current: KeptState = state;
  let pending = { issues: [...news.issues], deleted: [...news.deleted] };
  const changed: KeptChange[] = [];
  let tooFull = false;
  for (let attempt = 0; pending.issues.length + pending.deleted.length > 0; attempt++) {
    if (attempt > 0) {
      const fresh = await keptState(state.projectKey);
      if (!fresh || fresh.generation !== state.generation || attempt > 6) throw new StoreConflictError(`The kept issues of ${state.projectKey}`, state.version, undefined);
      current = fresh;
    }
    const byBucket = new Map<number, { issues: KeptIssue[]; deleted: string[] }>();
    const of = (id: string) => {
      const bucket = bucketOf(id, current.bounds);
      let entry = byBucket.get(bucket);
      if (!entry) byBucket.set(bucket, (entry = { issues: [], deleted: [] }));
      return entry;
    };
    for (const issue of pending.issues) of(issue.id).issues.push(issue);
    for (const id of pending.deleted) of(id).deleted.push(id);
    pending = { issues: [], deleted: [] };
    const applyInParts = async (bucket: number, entry: { issues: KeptIssue[]; deleted: string[] }): Promise<void> => {
      try {
        const result = await retryOnConflict(6, () => applyToBucket(current, bucket, entry, companion));
        changed.push(...result.changed);
        tooFull ||= result.size > MAX_ISSUES_PER_BUCKET;
      } catch (error) {
        if (!(error instanceof TooManyOperationsError)) throw error;
        const issues = Math.ceil(entry.issues.length / 2);
        const deleted = Math.ceil((entry.deleted.length - (entry.issues.length - issues)) / 2);
        await applyInParts(bucket, { issues: entry.issues.slice(0, issues), deleted: entry.deleted.slice(0, Math.max(0, deleted)) });
        await applyInParts(bucket, { issues: entry.issues.slice(issues), deleted: entry.deleted.slice(Math.max(0, deleted)) });
      }
    };
    for (const [bucket, entry] of byBucket) {
      try {
        await applyInParts(bucket, entry);
      } catch (error) {
        if (!(error instanceof StaleBoundsError)) throw error;
        pending.issues.push(...entry.issues);
        pending.deleted.push(...entry.deleted);
      }
    }
  }
  if (tooFull && !current.tooFull) await updateState(state.projectKey, (now) => (now.generation === state.generation ? { ...now, tooFull: true } : null));
  return changed;
}

async function applyToBucket(state: KeptState, bucket: number, news: { issues: KeptIssue[]; deleted: string[] }, companion?: BucketCompanion): Promise<{ changed: KeptChange[]; size: number }> {
  const key = bucketKey(state.projectKey, state.generation, bucket);
  const stored = (await getMany<BucketRecord>(ENTITY_KEPT_ISSUES, [key])).get(key);
  const upTo = stored?.upTo;
  if (upTo && [...news.issues.map((issue) => issue.id), ...news.deleted].some((id) => compareIds(id, upTo) >= 0)) throw new StaleBoundsError();
  const issues = new Map((stored?.issues ?? []).map((issue) => [issue.id, issue]));
  // Each issue's first state in this bucket and its last: an issue given twice changes once.
  const changes = new Map<string, KeptChange>();
  const note = (id: string, after: KeptIssue | undefined) => {
    const first = changes.has(id) ? (changes.get(id) as KeptChange).before : issues.get(id);
    changes.set(id, { ...(first ? { before: first } : {}), ...(after ? { after } : {}) });
  };
  for (const issue of news.issues) {
    const kept = issues.get(issue.id);
    if (isNotOlder(issue, kept) && !sameKept(issue, kept)) {
      note(issue.id, issue);
      issues.set(issue.id, issue);
    }
  }
  for (const id of news.deleted) {
    if (!issues.has(id)) continue;
    note(id, undefined);
    issues.delete(id);
  }
  const changed = [...changes.values()];
  if (changed.length === 0) return { changed, size: issues.size };
  const alongside = companion ? await companion.prepare(changed) : { operations: 0, add: () => undefined, afterwards: () => Promise.resolve() };
  const last = bucket === state.bounds.length && !upTo;
  const splits = last && issues.size > 2 * ISSUES_PER_BUCKET;
  const fits = (splits ? 3 : 1) + alongside.operations <= MAX_TRANSACTION_OPS;
  if (!fits && news.issues.length + news.deleted.length > 1) throw new TooManyOperationsError();
  const together = fits ? alongside : { operations: 0, add: () => undefined };
  const record: BucketRecord = { projectKey: state.projectKey, generation: state.generation, bucket, ...(upTo ? { upTo } : {}), issues: [...issues.values()], version: (stored?.version ?? 0) + 1 };
  if (splits) await split(state, record, stored?.version, together);
  else {
    await commit(
      (tx) => {
        tx.set<BucketRecord>(key, record, { entityName: ENTITY_KEPT_ISSUES, conditions: versionIs<BucketRecord>(stored?.version) });
        together.add(tx);
        return 1 + together.operations;
      },
      async () => new StoreConflictError(`The kept issues of ${state.projectKey}`, stored?.version, undefined),
    );
  }
  if (!fits) await alongside.afterwards();
  return { changed, size: splits ? ISSUES_PER_BUCKET : issues.size };
}

/**
 * Splits the last bucket, grown to twice its size by new issues: its first ISSUES_PER_BUCKET issues stay,
 * the rest begin a new last bucket, and the state learns where it begins, all in one transaction.
 */
async function split(state: KeptState, record: BucketRecord, storedVersion: number | undefined, together: { add: (tx: Transaction) => void; operations: number }): Promise<void> {
  const fresh = await keptState(state.projectKey);
  if (!fresh || fresh.generation !== state.generation || fresh.bounds.length !== state.bounds.length) throw new StaleBoundsError();
  const sorted = [...record.issues].sort((a, b) => compareIds(a.id, b.id));
  const first = sorted[ISSUES_PER_BUCKET];
  // Nothing to split: the bucket holds no more than one bucket's issues.
  if (!first) return;
  const bound = first.id;
  const kept: BucketRecord = { ...record, upTo: bound, issues: sorted.slice(0, ISSUES_PER_BUCKET) };
  const next: BucketRecord = { projectKey: state.projectKey, generation: state.generation, bucket: record.bucket + 1, issues: sorted.slice(ISSUES_PER_BUCKET), version: 1 };
  const nextState: KeptState = { ...fresh, bounds: [...fresh.bounds, bound], version: fresh.version + 1 };
  await commit(
    (tx) => {
      tx.set<BucketRecord>(bucketKey(state.projectKey, state.generation, record.bucket), kept, { entityName: ENTITY_KEPT_ISSUES, conditions: versionIs<BucketRecord>(storedVersion) });
      tx.set<BucketRecord>(bucketKey(state.projectKey, state.generation, next.bucket), next, { entityName: ENTITY_KEPT_ISSUES, conditions: versionIs<BucketRecord>(undefined) });
      tx.set<KeptState>(state.projectKey, nextState, { entityName: ENTITY_KEPT_STATE, conditions: versionIs<KeptState>(fresh.version) });
      together.add(tx);
      return 3 + together.operations;
    },
    async () => new StoreConflictError(`The kept issues of ${state.projectKey}`, storedVersion, undefined),
  );
}

/**
 * Changes the project's state from what is stored now (`change` answers null to leave it), conditioned
 * on its version, again when a concurrent writer won. Answers the state as written, or null.
 */
export async function updateState(projectKey: string, change: (current: KeptState) => KeptState | null): Promise<KeptState | null> {
  return retryOnConflict(6, async () => {
    const current = await keptState(projectKey);
    if (!current) return null;
    const next = change(current);
    if (!next) return null;
    const written = { ...next, version: current.version + 1 };
    await commit(
      (tx) => {
        tx.set<KeptState>(projectKey, written, { entityName: ENTITY_KEPT_STATE, conditions: versionIs<KeptState>(current.version) });
        return 1;
      },
      async () => new StoreConflictError(`The kept state of ${projectKey}`, current.version, undefined),
    );
    return written;
  });
}

/**
 * Starts a rebuild into a new generation, unless one started by someone else is still making progress
 * (`staleAfterMs`). Answers the state to rebuild into, or null when another rebuild is under way.
 */
export async function beginRebuild(
  projectKey: string,
  at: { fieldsKey: string; bounds: string[]; now: string; staleAfterMs: number },
): Promise<KeptState | null> {
  return retryOnConflict(6, async () => {
    const current = await keptState(projectKey);
    const running = current?.status === 'rebuilding' && current.schemaVersion === KEPT_SCHEMA_VERSION && current.fieldsKey === at.fieldsKey;
    if (running && Date.parse(at.now) - Date.parse(current.touchedAt) < at.staleAfterMs) return null;
    const next: KeptState = {
      projectKey,
      schemaVersion: KEPT_SCHEMA_VERSION,
      generation: (current?.generation ?? 0) + 1,
      bounds: at.bounds,
      status: 'rebuilding',
      fieldsKey: at.fieldsKey,
      watermark: at.now,
      sweptAt: at.now,
      rebuildStartedAt: at.now,
      touchedAt: at.now,
      version: (current?.version ?? 0) + 1,
    };
    await commit(
      (tx) => {
        tx.set<KeptState>(projectKey, next, { entityName: ENTITY_KEPT_STATE, conditions: versionIs<KeptState>(current?.version) });
        return 1;
      },
      async () => new StoreConflictError(`The kept state of ${projectKey}`, current?.version, undefined),
    );
    return next;
  });
}

/** The buckets of generations before the current one, to delete once a rebuild is done: a page of keys. */
export async function oldGenerationKeys(state: KeptState): Promise<string[]> {
  const keys: string[] = [];
  for (let generation = Math.max(1, state.generation - 2); generation < state.generation; generation++) {
    const buckets = await queryAll<BucketRecord>(ENTITY_KEPT_ISSUES, INDEX.byGeneration, [state.projectKey, generation]);
    keys.push(...buckets.map((bucket) => bucketKey(state.projectKey, generation, bucket.bucket)));
  }
  return keys;
}

/** Deletes records of an old generation (its buckets, or its tallies), 25 a transaction. */
export async function deleteBuckets(keys: readonly string[], entityName: string = ENTITY_KEPT_ISSUES): Promise<void> {
  for (let start = 0; start < keys.length; start += 25) {
    const chunk = keys.slice(start, start + 25);
    await commit(
      (tx) => {
        for (const key of chunk) tx.delete(key, { entityName });
        return chunk.length;
      },
      async () => new Error('Deleting old kept issues failed.'),
    );
  }
}
