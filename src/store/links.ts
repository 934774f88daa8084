// Links between Jira issues and the Key Results they serve. One record per link, indexed by issue,
// by Key Result and by cycle: "the Key Results of this issue" and "the issues of this Key Result"
// are one query each, and both directions are the same record, so they can never disagree.
//
// Beside them, one digest per Key Result (entity `key-result-links`, key = its id) lists the ids of
// its linked issues, so the project page reads a whole cycle's links in one batch read per 25 Key
// Results rather than one query per 100 links. Every link and unlink writes the link record and the
// digest in one transaction, conditioned on the digest's version. A Key Result linked before digests
// existed gets its digest built from its link records the first time it is read or linked.
import { kvs } from '@forge/kvs';
import { StoreConflictError, StoreValidationError } from './errors';
import { commit, getMany, queryAll, versionIs, type Transaction } from './io';
import { ENTITY, INDEX, type LinkDigest } from './model';

/** The issues a Key Result's digest may list (about 10 bytes each, well inside the platform's 240 KiB). */
export const MAX_LINKS_PER_KEY_RESULT = 15_000;
/** How often a link or unlink re-reads and retries after losing a race on the digest. */
const LINK_ATTEMPTS = 25;

export type { LinkDigest } from './model';

export interface IssueLinkRecord {
  projectKey: string;
  /** Jira's issue id: it stays when an issue moves and its key changes. */
  issueId: string;
  issueKey: string;
  keyResultId: string;
  objectiveId: string;
  cycleId: string;
  linkedAt: string;
  accountId: string;
}

/** The link's key: one link per issue and Key Result, so linking twice is linking once. */
export const linkKey = (issueId: string, keyResultId: string) => `${issueId}:${keyResultId}`;

const links = () => kvs.entity<IssueLinkRecord>(ENTITY.issueLink);

/** The links of each issue given (one query per issue: the issue and its parents, at most three). */
export async function linksOfIssues(issueIds: readonly string[]): Promise<IssueLinkRecord[]> {
  const perIssue = await Promise.all(issueIds.map((issueId) => queryAll<IssueLinkRecord>(ENTITY.issueLink, INDEX.byIssue, [issueId])));
  return perIssue.flat();
}

export function linksOfKeyResult(keyResultId: string): Promise<IssueLinkRecord[]> {
  return queryAll<IssueLinkRecord>(ENTITY.issueLink, INDEX.byKeyResult, [keyResultId]);
}

/** Every link into a cycle's Key Results: one query per hundred links. */
export function linksOfCycle(projectKey: string, cycleId: string): Promise<IssueLinkRecord[]> {
  return queryAll<IssueLinkRecord>(ENTITY.issueLink, INDEX.byCycle, [projectKey, cycleId]);
}

const digests = () => kvs.entity<LinkDigest>(ENTITY.linkDigest);

/** In a transaction: the digest as it should now be, or (none yet) the condition that there still is none. */
function writeDigest(tx: Transaction, current: LinkDigest | undefined, next: LinkDigest | null): void {
  if (current && next) {
    tx.set<LinkDigest>(next.keyResultId, next, { entityName: ENTITY.linkDigest, conditions: versionIs<LinkDigest>(current.version) });
  } else if (!current && next) {
    tx.set<LinkDigest>(next.keyResultId, next, { entityName: ENTITY.linkDigest, conditions: versionIs<LinkDigest>(undefined) });
  }
}

/**
 * Changes one link (`add` true: link, false: unlink) with its Key Result's digest, in one transaction
 * conditioned on the digest's version; a Key Result without a digest yet gets it built first. Answers
 * false when there was nothing to do (linked already, or no such link).
 */
async function changeLink(link: Pick<IssueLinkRecord, 'issueId' | 'keyResultId' | 'projectKey'> & Partial<IssueLinkRecord>, add: boolean): Promise<boolean> {
  const key = linkKey(link.issueId, link.keyResultId);
  for (let attempt = 1; attempt <= LINK_ATTEMPTS; attempt++) {
    const [existing, found] = await Promise.all([links().get(key), digests().get(link.keyResultId)]);
    if (Boolean(existing) === add) return false;
    const digest = found ?? (await buildDigest(link.keyResultId, link.projectKey));
    const issueIds = add ? [...new Set([...digest.issueIds, link.issueId])] : digest.issueIds.filter((id) => id !== link.issueId);
    if (issueIds.length > MAX_LINKS_PER_KEY_RESULT) {
      throw new StoreValidationError(`This Key Result already has ${MAX_LINKS_PER_KEY_RESULT} linked issues, the most it can keep.`, 'keyResultId');
    }
    try {
      await commit(
        (tx) => {
          if (add) tx.set<IssueLinkRecord>(key, link as IssueLinkRecord, { entityName: ENTITY.issueLink });
          else tx.delete(key, { entityName: ENTITY.issueLink });
          writeDigest(tx, digest, { ...digest, issueIds, version: digest.version + 1 });
          return 2;
        },
        async () => new StoreConflictError(`The links of Key Result ${link.keyResultId}`, digest.version, undefined),
      );
      return true;
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 10 * attempt)));
    }
  }
  throw new StoreConflictError(`The links of Key Result ${link.keyResultId}`, undefined, undefined);
}

/** Links the issue; answers false when it was linked already (nothing is written then). */
export function addLink(link: IssueLinkRecord): Promise<boolean> {
  return changeLink(link, true);
}

/** Unlinks the issue; answers false when there was no such link. */
export function removeLink(issueId: string, keyResultId: string, projectKey: string): Promise<boolean> {
  return changeLink({ issueId, keyResultId, projectKey }, false);
}

/**
 * Builds a Key Result's digest from its link records, if it has none (a Key Result linked before
 * digests existed, or never linked). Safe against links and unlinks running meanwhile: each of them
 * builds the digest before it writes and then writes through it, so no link record changes while a
 * digest is missing; the creation is conditioned on there being none, and a re-read after it checks
 * the result once more.
 */
async function buildDigest(keyResultId: string, projectKey: string): Promise<LinkDigest> {
  for (let attempt = 1; attempt <= LINK_ATTEMPTS; attempt++) {
    const current = await digests().get(keyResultId);
    const issueIds = [...new Set((await linksOfKeyResult(keyResultId)).map((link) => link.issueId))].slice(0, MAX_LINKS_PER_KEY_RESULT);
    const same = current && current.issueIds.length === issueIds.length && issueIds.every((id) => current.issueIds.includes(id));
    if (same) return current;
    const next: LinkDigest = { keyResultId, projectKey: current?.projectKey ?? projectKey, issueIds, version: (current?.version ?? 0) + 1 };
    try {
      await commit(
        (tx) => {
          writeDigest(tx, current, next);
          return 1;
        },
        async () => new StoreConflictError(`The links of Key Result ${keyResultId}`, current?.version, undefined),
      );
      if (current) return next;
      // Created: read the records again, now that every later change goes through the digest.
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
    }
  }
  throw new StoreConflictError(`The links of Key Result ${keyResultId}`, undefined, undefined);
}

/**
 * The ids of the issues linked to each Key Result given (they must belong to `projectKey`): one batch
 * read per 25 Key Results, plus, once per Key Result linked before digests existed, its build.
 */
export async function linkedIssueIds(projectKey: string, keyResultIds: readonly string[]): Promise<Map<string, string[]>> {
  const found = await getMany<LinkDigest>(ENTITY.linkDigest, [...keyResultIds]);
  const result = new Map<string, string[]>();
  const missing: string[] = [];
  for (const id of keyResultIds) {
    const digest = found.get(id);
    if (digest) result.set(id, digest.issueIds);
    else missing.push(id);
  }
  const built = await Promise.all(missing.map((id) => buildDigest(id, projectKey)));
  built.forEach((digest) => result.set(digest.keyResultId, digest.issueIds));
  return result;
}

/**
 * The records to delete with a Key Result in its own transaction (its digest and its links), when
 * they fit beside the Key Result and its change record; null when there are more.
 */
export async function linkRecordsOf(keyResultId: string, room: number): Promise<Array<{ entityName: string; key: string }> | null> {
  const found = await linksOfKeyResult(keyResultId);
  if (found.length + 1 > room) return null;
  return [
    { entityName: ENTITY.linkDigest, key: keyResultId },
    ...found.map((link) => ({ entityName: ENTITY.issueLink, key: linkKey(link.issueId, link.keyResultId) })),
  ];
}

/** Removes every link into a Key Result (after it is deleted), and its digest. */
export async function removeLinksOfKeyResult(keyResultId: string): Promise<number> {
  const found = await linksOfKeyResult(keyResultId);
  for (let start = 0; start < found.length; start += 25) {
    const chunk = found.slice(start, start + 25);
    await commit(
      (tx) => {
        for (const link of chunk) tx.delete(linkKey(link.issueId, link.keyResultId), { entityName: ENTITY.issueLink });
        return chunk.length;
      },
      async () => new Error('Links changed while they were being removed; removing them again is safe.'),
    );
  }
  await digests().delete(keyResultId);
  return found.length;
}

/** Removes every link of an issue (after Jira deleted it), each with its Key Result's digest. */
export async function removeLinksOfIssue(issueId: string): Promise<number> {
  let removed = 0;
  for (const link of await linksOfIssues([issueId])) {
    if (await changeLink(link, false)) removed += 1;
  }
  return removed;
}

