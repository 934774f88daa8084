// What Outcomes keeps of a project's Jira issues (see domain/kept.ts), packed so that a page view
// reads it in a handful of storage calls: the issues of one project in buckets of a few hundred (an
// issue's bucket is its id modulo the project's bucket count), one record per bucket, read back with
// one query per hundred buckets; and one state record per project saying which generation of buckets
// is current, whether it is complete, up to when it was reconciled with Jira, and with which fields.
// Only the triggers and the background job write here; a page view only reads.
import { ENTITY, INDEX } from './model';

const ENTITY_KEPT_ISSUES = ENTITY.keptIssues;
const ENTITY_KEPT_STATE = ENTITY.keptState;
import { commit, getMany, queryAll, retryOnConflict, versionIs } from './io';
import { StoreConflictError } from './errors';
import { isNotOlder, type KeptIssue, sameKept } from '../domain/kept';

/** Raised when what is kept changes shape: every project's kept issues are then rebuilt from Jira. */
export const KEPT_SCHEMA_VERSION = 1;
/**
 * Issues a bucket is sized for when a project is rebuilt. A kept issue is at most about 300 bytes of
 * JSON (ids, a rank, five dates), so a bucket holds about 60 KiB, well under the 240 KiB a value may.
 */
export const ISSUES_PER_BUCKET = 200;
/** A bucket past this many issues (about 180 KiB: the project tripled since it was rebuilt) asks for a rebuild with more buckets. */
export const MAX_ISSUES_PER_BUCKET = 600;

export interface KeptState {
  projectKey: string;
  schemaVersion: number;
  /** The generation of buckets that is current (a rebuild writes the next one, then switches to it). */
  generation: number;
  buckets: number;
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
  /** Set when a bucket grew past its size: the next view asks for a rebuild. */
  tooFull?: boolean;
  version: number;
}

interface BucketRecord {
  projectKey: string;
  generation: number;
  bucket: number;
  issues: KeptIssue[];
  version: number;
}

const bucketKey = (projectKey: string, generation: number, bucket: number) => `${projectKey}:${generation}:${bucket}`;
const bucketOf = (issueId: string, buckets: number) => Number(BigInt(issueId) % BigInt(buckets));

/** The project's kept state, or null when nothing is kept (never rebuilt). */
export async function keptState(projectKey: string): Promise<KeptState | null> {
  return (await getMany<KeptState>(ENTITY_KEPT_STATE, [projectKey])).get(projectKey) ?? null;
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

/** One kept issue (one read of its bucket), or undefined. */
export async function keptIssue(state: KeptState, issueId: string): Promise<KeptIssue | undefined> {
  const key = bucketKey(state.projectKey, state.generation, bucketOf(issueId, state.buckets));
  return (await getMany<BucketRecord>(ENTITY_KEPT_ISSUES, [key])).get(key)?.issues.find((issue) => issue.id === issueId);
}

/**
 * Applies news of issues to the state's generation: an issue replaces the kept one unless the kept one
 * is newer (events arrive in any order); a deletion removes it. Each bucket is read and written back
 * conditioned on its version, again when a concurrent writer won. Answers how many issues changed.
 */
export async function applyToKept(state: KeptState, news: { issues: readonly KeptIssue[]; deleted: readonly string[] }): Promise<number> {
  const byBucket = new Map<number, { issues: KeptIssue[]; deleted: string[] }>();
  const of = (id: string) => {
    const bucket = bucketOf(id, state.buckets);
    let entry = byBucket.get(bucket);
    if (!entry) byBucket.set(bucket, (entry = { issues: [], deleted: [] }));
    return entry;
  };
  for (const issue of news.issues) of(issue.id).issues.push(issue);
  for (const id of news.deleted) of(id).deleted.push(id);
  let changed = 0;
  let tooFull = false;
  for (const [bucket, entry] of byBucket) {
    const result = await retryOnConflict(6, () => applyToBucket(state, bucket, entry));
    changed += result.changed;
    tooFull ||= result.size > MAX_ISSUES_PER_BUCKET;
  }
  if (tooFull && !state.tooFull) await updateState(state.projectKey, (current) => (current.generation === state.generation ? { ...current, tooFull: true } : null));
  return changed;
}

async function applyToBucket(state: KeptState, bucket: number, news: { issues: KeptIssue[]; deleted: string[] }): Promise<{ changed: number; size: number }> {
  const key = bucketKey(state.projectKey, state.generation, bucket);
  const stored = (await getMany<BucketRecord>(ENTITY_KEPT_ISSUES, [key])).get(key);
  const issues = new Map((stored?.issues ?? []).map((issue) => [issue.id, issue]));
  let changed = 0;
  for (const issue of news.issues) {
    const kept = issues.get(issue.id);
    if (isNotOlder(issue, kept) && !sameKept(issue, kept)) {
      issues.set(issue.id, issue);
      changed += 1;
    }
  }
  for (const id of news.deleted) if (issues.delete(id)) changed += 1;
  if (changed === 0) return { changed, size: issues.size };
  const record: BucketRecord = { projectKey: state.projectKey, generation: state.generation, bucket, issues: [...issues.values()], version: (stored?.version ?? 0) + 1 };
  await commit(
    (tx) => {
      tx.set<BucketRecord>(key, record, { entityName: ENTITY_KEPT_ISSUES, conditions: versionIs<BucketRecord>(stored?.version) });
      return 1;
    },
    async () => new StoreConflictError(`The kept issues of ${state.projectKey}`, stored?.version, undefined),
  );
  return { changed, size: issues.size };
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
  at: { fieldsKey: string; buckets: number; now: string; staleAfterMs: number },
): Promise<KeptState | null> {
  return retryOnConflict(6, async () => {
    const current = await keptState(projectKey);
    const running = current?.status === 'rebuilding' && current.schemaVersion === KEPT_SCHEMA_VERSION && current.fieldsKey === at.fieldsKey;
    if (running && Date.parse(at.now) - Date.parse(current.touchedAt) < at.staleAfterMs) return null;
    const next: KeptState = {
      projectKey,
      schemaVersion: KEPT_SCHEMA_VERSION,
      generation: (current?.generation ?? 0) + 1,
      buckets: Math.max(1, at.buckets),
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

/** Deletes buckets of an old generation, 25 a transaction. */
export async function deleteBuckets(keys: readonly string[]): Promise<void> {
  for (let start = 0; start < keys.length; start += 25) {
    const chunk = keys.slice(start, start + 25);
    await commit(
      (tx) => {
        for (const key of chunk) tx.delete(key, { entityName: ENTITY_KEPT_ISSUES });
        return chunk.length;
      },
      async () => new Error('Deleting old kept issues failed.'),
    );
  }
}

/** Bucket count for a project of this many issues. */
export const bucketsFor = (issueCount: number) => Math.max(1, Math.ceil(issueCount / ISSUES_PER_BUCKET));
