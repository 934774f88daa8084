// One flow tally per Key Result (domain/flow-tally.ts) of a generation of kept issues: entity
// `key-result-flow`, key `projectKey:generation:keyResultId`, so that a page view reads one small
// record per Key Result of its cycle (one batch read per 25) rather than every issue linked to them.
// - Written as differences, in the same transaction as what they follow: when kept issues change
//   (`tallyCompanion`), each Key Result a changed issue is linked to gets "minus what it was, plus what
//   it is", conditioned on the issue's links being those read; when an issue is linked or unlinked
//   (`tallyWithLink`), "plus" or "minus" what it is, conditioned on its kept facts being those read.
//   Either conflicts with the other, and reads again: no difference is lost or added twice. A
//   transaction can only check a record that exists, so an issue's first link racing with the first
//   keeping of it, or with a change to it while it has no links yet, goes unchecked (the two must land
//   within the same moment).
// - Written whole by `writeTallies`: at the end of a rebuild (before the page uses the generation),
//   after an import (which writes links without them), and once a day from everything kept, which
//   also mends what such a race, or a link made while the generation was being tallied, left out.
// A tally holds counts by day and by cycle time: 15,000 linked issues (the most a Key Result may
// have) all done with different cycle times are about 200 KB, inside the 240 KiB a value may be.
// Beside the tallies, in the same entity and kept the same way, the rosters: one per sprint (key
// `projectKey:generation:sprint:ID`) of the kept issues in it, and one (`…:upper`) of the project's
// epics and the levels above them (domain/kept.ts `upper`), the parents most issues serve through.
// Each holds its issues with the facts the page counts them with (domain/kept.ts `RosterFacts`: key,
// status category, sub-task or not, parent, points, rank), so that a view counts each sprint's
// alignment, and finds whom its issues serve through, from the rosters alone: without searching Jira
// for the sprints' issues, and without reading the records that keep them whole (a quarter's sprints
// at 100,000 issues are some 12,000 issues in about 60 of 500 records, and their epics are spread
// over the same records). A change to one of those facts of an issue on a roster rewrites the roster
// with its bucket. Facts for about 4,000 issues fit in a roster's ROSTER_BYTES; past them an
// issue is held by its id alone, and a page reads its facts from its bucket (a sprint of 20,000
// issues, by ids alone, would be about 200 KB).
import { addTally, changeTally, emptyTally, type FlowTally, isEmptyTally } from '../domain/flow-tally';
import { type KeptIssue, type RosterFacts, rosterFactsOf } from '../domain/kept';
import { StoreConflictError } from './errors';
import { commit, getMany, queryAll, retryOnConflict, sameJson, type Transaction, versionIs } from './io';
import { type BucketCompanion, bucketUnchanged, type KeptChange, keptIssueInBucket, type KeptState, keptState } from './kept-issues';
import type { IssueLinksDigest } from './links';
import { ENTITY, INDEX, MAX_TRANSACTION_OPS } from './model';

/** An issue on a roster: its facts, or (past the roster's budget for them) its id alone. */
export type RosterEntry = RosterFacts | string;

/**
 * Serialised bytes of one roster (a value may be 240 KiB): every issue's id, and the facts of as many
 * as fit beside them. Ids alone fill it at about 20,000 issues, more than any sprint holds.
 */
export const ROSTER_BYTES = 200_000;

/** A Key Result's tally, or (`keyResultId` `sprint:ID`, `upper`) a roster. */
interface TallyRecord {
  projectKey: string;
  generation: number;
  keyResultId: string;
  tally?: FlowTally;
  roster?: RosterEntry[];
  version: number;
}

const tallyKey = (projectKey: string, generation: number, keyResultId: string) => `${projectKey}:${generation}:${keyResultId}`;
/**
 * A roster stands where a Key Result's tally would, under a name no Key Result id can have (ids are
 * uuids: they hold no colon, and are not `upper`).
 */
const sprintSubject = (sprintId: number) => `sprint:${sprintId}`;
const UPPER_SUBJECT = 'upper';
const rosterKey = (projectKey: string, generation: number, subject: string) => tallyKey(projectKey, generation, subject);

/** The rosters an issue is on: its sprints', and the epics' when it is one. */
const subjectsOf = (issue: KeptIssue | undefined): string[] => [...(issue?.sprintIds ?? []).map(sprintSubject), ...(issue?.upper ? [UPPER_SUBJECT] : [])];

/** The tallies of the Key Results, the rosters of the sprints and the epics' roster, together: one batch read per 25. */
export async function keptTalliesAndRosters(
  at: { projectKey: string; generation: number },
  keyResultIds: readonly string[],
  sprintIds: readonly number[],
): Promise<{ tallies: Map<string, FlowTally>; rosters: Map<number, RosterEntry[]>; upper: RosterEntry[] }> {
  const keys = [
    ...keyResultIds.map((id) => tallyKey(at.projectKey, at.generation, id)),
    ...sprintIds.map((id) => rosterKey(at.projectKey, at.generation, sprintSubject(id))),
    rosterKey(at.projectKey, at.generation, UPPER_SUBJECT),
  ];
  const found = await getMany<TallyRecord>(ENTITY.keptFlow, keys);
  return {
    tallies: new Map(keyResultIds.map((id) => [id, found.get(tallyKey(at.projectKey, at.generation, id))?.tally ?? emptyTally()])),
    rosters: new Map(sprintIds.map((id) => [id, found.get(rosterKey(at.projectKey, at.generation, sprintSubject(id)))?.roster ?? []])),
    upper: found.get(rosterKey(at.projectKey, at.generation, UPPER_SUBJECT))?.roster ?? [],
  };
}

export const rosterEntryId = (entry: RosterEntry): string => (typeof entry === 'string' ? entry : entry[0]);

/** What changes on one roster: issues put on it (new, or with new facts), and issues taken off. */
export interface RosterChange {
  put: Map<string, RosterFacts>;
  remove: Set<string>;
}

/** By roster (`sprint:ID`, `upper`): which issues each change puts on it (it joined, or its facts changed) and takes off. */
export function rosterChangesOf(changes: readonly KeptChange[]): Map<string, RosterChange> {
  const bySubject = new Map<string, RosterChange>();
  const of = (subject: string) => {
    let entry = bySubject.get(subject);
    if (!entry) bySubject.set(subject, (entry = { put: new Map(), remove: new Set() }));
    return entry;
  };
  for (const { before, after } of changes) {
    const was = new Set(subjectsOf(before));
    const now = new Set(subjectsOf(after));
    const id = (after ?? before)?.id as string;
    const facts = after ? rosterFactsOf(after) : undefined;
    const factsChanged = before === undefined || !sameJson(rosterFactsOf(before), facts);
    for (const subject of now) if (!was.has(subject) || factsChanged) of(subject).put.set(id, facts as RosterFacts);
    for (const subject of was) if (!now.has(subject)) of(subject).remove.add(id);
  }
  return bySubject;
}

/** The change to a sprint's roster among changes by roster, if any. */
export const sprintRosterChange = (changes: ReadonlyMap<string, RosterChange>, sprintId: number) => changes.get(sprintSubject(sprintId));
/** The change to the epics' roster among changes by roster, if any. */
export const upperRosterChange = (changes: ReadonlyMap<string, RosterChange>) => changes.get(UPPER_SUBJECT);

/**
 * A roster as it is written: in the order of the issues' ids (so that the same issues always make the
 * same roster, and a whole tally finds it right), with the facts of as many as fit in ROSTER_BYTES
 * beside every issue's id, and the ids alone of the rest.
 */
export function boundedRoster(entries: Iterable<RosterEntry>): RosterEntry[] {
  const id = rosterEntryId;
  const sorted = [...entries].sort((a, b) => Number(id(a)) - Number(id(b)) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
  const idBytes = (entry: RosterEntry) => JSON.stringify(id(entry)).length + 1;
  let bytes = sorted.reduce((sum, entry) => sum + idBytes(entry), 2);
  return sorted.map((entry) => {
    if (typeof entry === 'string') return entry;
    bytes += JSON.stringify(entry).length + 1 - idBytes(entry);
    return bytes <= ROSTER_BYTES ? entry : entry[0];
  });
}

/** A roster with the change made (taking off an issue not on it changes nothing; one both put and taken off stays). */
export function changedRoster(roster: readonly RosterEntry[], change: RosterChange): RosterEntry[] {
  const byId = new Map(roster.map((entry) => [rosterEntryId(entry), entry]));
  for (const id of change.remove) if (!change.put.has(id)) byId.delete(id);
  for (const [id, facts] of change.put) byId.set(id, facts);
  return boundedRoster(byId.values());
}

/** Every roster of the kept issues given, whole (by roster name, as `writeTallies` takes them). */
export function rostersOf(issues: Iterable<KeptIssue>): Map<string, RosterEntry[]> {
  const bySubject = new Map<string, RosterFacts[]>();
  for (const issue of issues) {
    for (const subject of subjectsOf(issue)) {
      const entries = bySubject.get(subject);
      if (entries) entries.push(rosterFactsOf(issue));
      else bySubject.set(subject, [rosterFactsOf(issue)]);
    }
  }
  return new Map([...bySubject].map(([subject, entries]) => [subject, boundedRoster(entries)]));
}

function setRoster(tx: Transaction, at: { projectKey: string; generation: number }, subject: string, was: TallyRecord | undefined, change: RosterChange): void {
  const record: TallyRecord = { projectKey: at.projectKey, generation: at.generation, keyResultId: subject, roster: changedRoster(was?.roster ?? [], change), version: (was?.version ?? 0) + 1 };
  tx.set<TallyRecord>(rosterKey(at.projectKey, at.generation, subject), record, { entityName: ENTITY.keptFlow, conditions: versionIs<TallyRecord>(was?.version) });
}

/**
 * Writes each record from what is stored now (`write` with the stored record, or undefined), 25 a
 * transaction each conditioned on the versions it read, read again and retried on a conflict.
 */
async function rewrite(at: { projectKey: string }, writes: ReadonlyMap<string, (tx: Transaction, was: TallyRecord | undefined) => void>): Promise<void> {
  const keys = [...writes.keys()];
  for (let start = 0; start < keys.length; start += MAX_TRANSACTION_OPS) {
    const chunk = keys.slice(start, start + MAX_TRANSACTION_OPS);
    await retryOnConflict(6, async () => {
      const stored = await getMany<TallyRecord>(ENTITY.keptFlow, chunk);
      await commit(
        (tx) => {
          for (const key of chunk) (writes.get(key) as (tx: Transaction, was: TallyRecord | undefined) => void)(tx, stored.get(key));
          return chunk.length;
        },
        async () => new StoreConflictError(`The flow figures of ${at.projectKey}`, undefined, undefined),
      );
    });
  }
}

/** Adds a difference to a Key Result's tally as stored (`was`), on condition that it is still so. */
function setTally(tx: Transaction, at: { projectKey: string; generation: number }, keyResultId: string, was: TallyRecord | undefined, difference: FlowTally): void {
  const record: TallyRecord = { projectKey: at.projectKey, generation: at.generation, keyResultId, tally: addTally(structuredClone(was?.tally ?? emptyTally()), difference), version: (was?.version ?? 0) + 1 };
  tx.set<TallyRecord>(tallyKey(at.projectKey, at.generation, keyResultId), record, { entityName: ENTITY.keptFlow, conditions: versionIs<TallyRecord>(was?.version) });
}

/**
 * Writes every tally and roster of the generation whole (those not given are deleted), each
 * conditioned on the version read before `compute` ran: a difference added meanwhile makes the write
 * start again, from a fresh computation, so that none is lost.
 */
export async function writeTallies(at: { projectKey: string; generation: number }, compute: () => Promise<{ tallies: Map<string, FlowTally>; rosters: Map<string, RosterEntry[]> }>): Promise<void> {
  await retryOnConflict(4, async () => {
    const stored = await queryAll<TallyRecord>(ENTITY.keptFlow, INDEX.byGeneration, [at.projectKey, at.generation]);
    const { tallies, rosters } = await compute();
    const wanted = new Map<string, Pick<TallyRecord, 'tally' | 'roster'>>([
      ...[...tallies].map(([id, tally]) => [id, { tally }] as const),
      ...[...rosters].map(([subject, roster]) => [subject, { roster }] as const),
    ]);
    const versions = new Map(stored.map((record) => [record.keyResultId, record.version]));
    // What is already right is left as it is: tallying twice writes once.
    const right = new Set(stored.filter((record) => wanted.has(record.keyResultId) && sameJson({ tally: record.tally, roster: record.roster }, wanted.get(record.keyResultId))).map((record) => record.keyResultId));
    const subjects = [...new Set([...wanted.keys(), ...versions.keys()])].filter((subject) => !right.has(subject));
    for (let start = 0; start < subjects.length; start += MAX_TRANSACTION_OPS) {
      const chunk = subjects.slice(start, start + MAX_TRANSACTION_OPS);
      await commit(
        (tx) => {
          for (const subject of chunk) {
            const version = versions.get(subject);
            const value = wanted.get(subject);
            if (!value) {
              tx.delete(tallyKey(at.projectKey, at.generation, subject), { entityName: ENTITY.keptFlow });
              continue;
            }
            const record: TallyRecord = { projectKey: at.projectKey, generation: at.generation, keyResultId: subject, ...value, version: (version ?? 0) + 1 };
            tx.set<TallyRecord>(tallyKey(at.projectKey, at.generation, subject), record, { entityName: ENTITY.keptFlow, conditions: versionIs<TallyRecord>(version) });
          }
          return chunk.length;
        },
        async () => new StoreConflictError(`The flow figures of ${at.projectKey}`, undefined, undefined),
      );
    }
  });
}

/** The tallies of generations before the current one, to delete with their kept issues. */
export async function oldTallyKeys(projectKey: string, generation: number): Promise<string[]> {
  const keys: string[] = [];
  for (let old = Math.max(1, generation - 2); old < generation; old++) {
    const records = await queryAll<TallyRecord>(ENTITY.keptFlow, INDEX.byGeneration, [projectKey, old]);
    keys.push(...records.map((record) => tallyKey(projectKey, old, record.keyResultId)));
  }
  return keys;
}

/** What a link or unlink writes in its transaction to keep its Key Result's tally: nothing, while the kept issues are not complete. */
export interface TallyAlongside {
  operations: number;
  add: (tx: Transaction) => void;
}

const NOTHING_ALONGSIDE: TallyAlongside = { operations: 0, add: () => undefined };

/**
 * For a link (`sign` 1) or an unlink (−1) about to be written: the issue's kept facts added to or
 * taken from its Key Result's tally, on condition that its bucket is unchanged. Nothing when the issue
 * is not kept (keeping it reads its links), or while the kept issues are not complete (a rebuild
 * tallies at its end).
 */
export async function tallyWithLink(projectKey: string, issueId: string, keyResultId: string, sign: 1 | -1): Promise<TallyAlongside> {
  const state = await keptState(projectKey);
  if (state?.status !== 'ready') return NOTHING_ALONGSIDE;
  const key = tallyKey(projectKey, state.generation, keyResultId);
  const [at, stored] = await Promise.all([keptIssueInBucket(state, issueId), getMany<TallyRecord>(ENTITY.keptFlow, [key]).then((found) => found.get(key))]);
  if (!at.issue) return NOTHING_ALONGSIDE;
  const difference = sign === 1 ? changeTally(undefined, at.issue) : changeTally(at.issue, undefined);
  return {
    operations: 2,
    add: (tx) => {
      bucketUnchanged(tx, at);
      setTally(tx, state, keyResultId, stored, difference);
    },
  };
}

/**
 * What a change to kept issues writes in its bucket's transaction: the differences to the tallies of
 * the Key Results the changed issues are linked to, on condition that each changed issue's links are
 * those read (a link made meanwhile conflicts, and all is read again), and the changed issues moved
 * between the sprints' rosters.
 */
export function tallyCompanion(state: KeptState): BucketCompanion {
  return {
    async prepare(changes) {
      const idOf = (change: KeptChange) => (change.after ?? change.before)?.id as string;
      const ids = changes.map(idOf);
      const digests = await getMany<IssueLinksDigest>(ENTITY.issueDigest, ids);
      const differences = new Map<string, FlowTally>();
      for (const change of changes) {
        const keyResultIds = (digests.get(idOf(change))?.links ?? []).filter((link) => link.projectKey === state.projectKey).map((link) => link.keyResultId);
        if (keyResultIds.length === 0) continue;
        const difference = changeTally(change.before, change.after);
        for (const id of keyResultIds) differences.set(id, addTally(differences.get(id) ?? emptyTally(), difference));
      }
      const changed = [...differences].filter(([, difference]) => !isEmptyTally(difference));
      const keys = changed.map(([id]) => tallyKey(state.projectKey, state.generation, id));
      const rosters = rosterChangesOf(changes);
      const rosterKeys = [...rosters.keys()].map((subject) => rosterKey(state.projectKey, state.generation, subject));
      const stored = keys.length + rosterKeys.length > 0 ? await getMany<TallyRecord>(ENTITY.keptFlow, [...keys, ...rosterKeys]) : new Map<string, TallyRecord>();
      const linked = [...digests.values()];
      return {
        operations: linked.length + changed.length + rosters.size,
        add: (tx) => {
          for (const [subject, change] of rosters) setRoster(tx, state, subject, stored.get(rosterKey(state.projectKey, state.generation, subject)), change);
          for (const digest of linked) tx.check(digest.issueId, { entityName: ENTITY.issueDigest, conditions: versionIs<IssueLinksDigest>(digest.version) });
          changed.forEach(([keyResultId, difference], index) => setTally(tx, state, keyResultId, stored.get(keys[index] as string), difference));
        },
        // Too many for one transaction with the bucket (one issue linked to very many Key Results): the same writes, after it.
        afterwards: () =>
          rewrite(
            state,
            new Map([
              ...changed.map(([keyResultId, difference], index) => [keys[index] as string, (tx: Transaction, was: TallyRecord | undefined) => setTally(tx, state, keyResultId, was, difference)] as const),
              ...[...rosters].map(([subject, change]) => [rosterKey(state.projectKey, state.generation, subject), (tx: Transaction, was: TallyRecord | undefined) => setRoster(tx, state, subject, was, change)] as const),
            ]),
          ),
      };
    },
  };
}
