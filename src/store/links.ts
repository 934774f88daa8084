// Links between Jira issues and the Key Results they serve. One record per link, indexed by issue,
// by Key Result and by cycle: "the Key Results of this issue" and "the issues of this Key Result"
// are one query each, and both directions are the same record, so they can never disagree.
//
// Beside them, one digest per Key Result (entity `key-result-links`, key = its id) lists the ids of
// its linked issues, so the project page reads a whole cycle's links in one batch read per 25 Key
// Results rather than one query per 100 links. Every link and unlink writes the link record and the
// digest in one transaction, conditioned on the digest's version. A Key Result linked before digests
// existed gets its digest built from its link records the first time it is read or linked.
//
// Likewise one digest per issue (entity `issue-links`, key = its id) holds its link records, so the
// issue panel reads the links of an issue and its parents in one batch read. A project's issue
// digests are complete once it is marked ready (entity `issue-links-ready`): the first link or unlink
// in a project that is not builds the digests of every issue it has links for, once; until then the
// panel reads the link records themselves.
import { kvs } from '@forge/kvs';
import { StoreConflictError, StoreValidationError } from './errors';
import { commit, getMany, queryAll, retryOnConflict, versionIs, type Transaction } from './io';
import { MAX_TRANSACTION_OPS } from './model';
import { ENTITY, INDEX, type LinkDigest } from './model';

/** The issues a Key Result's digest may list (about 10 bytes each, well inside the platform's 240 KiB). */
export const MAX_LINKS_PER_KEY_RESULT = 15_000;
/** How often a link or unlink re-reads and retries after losing a race on the digest. */
const LINK_ATTEMPTS = 25;

export type { LinkDigest } from './model';

/** An issue's links (entity `issue-links`). */
export interface IssueLinksDigest {
  issueId: string;
  projectKey: string;
  links: IssueLinkRecord[];
  version: number;
}

/** The mark that every issue of a project with links has its digest (entity `issue-links-ready`). */
export interface IssueDigestsReady {
  projectKey: string;
  at: string;
}

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
  return retryOnConflict(LINK_ATTEMPTS, async () => {
    const [existing, foundDigest, foundIssueDigest] = await Promise.all([links().get(key), digests().get(link.keyResultId), issueDigests().get(link.issueId)]);
    if (Boolean(existing) === add) return false;
    const [digest, issueDigest] = await Promise.all([
      foundDigest ?? buildDigest(link.keyResultId, link.projectKey),
      foundIssueDigest ?? buildIssueDigest(link.issueId, link.projectKey),
    ]);
    const issueIds = add ? [...new Set([...digest.issueIds, link.issueId])] : digest.issueIds.filter((id) => id !== link.issueId);
    if (issueIds.length > MAX_LINKS_PER_KEY_RESULT) {
      throw new StoreValidationError(`This Key Result already has ${MAX_LINKS_PER_KEY_RESULT} linked issues, the most it can keep.`, 'keyResultId');
    }
    const others = issueDigest.links.filter((record) => record.keyResultId !== link.keyResultId);
    const issueLinks = add ? [...others, link as IssueLinkRecord] : others;
    await commit(
      (tx) => {
        if (add) tx.set<IssueLinkRecord>(key, link as IssueLinkRecord, { entityName: ENTITY.issueLink });
        else tx.delete(key, { entityName: ENTITY.issueLink });
        // A digest at version 0 is not stored yet: it is created here, on condition that none was meanwhile.
        writeDigest(tx, digest.version === 0 ? undefined : digest, { ...digest, issueIds, version: digest.version + 1 });
        tx.set<IssueLinksDigest>(link.issueId, { ...issueDigest, links: issueLinks, version: issueDigest.version + 1 }, {
          entityName: ENTITY.issueDigest,
          conditions: versionIs<IssueLinksDigest>(issueDigest.version === 0 ? undefined : issueDigest.version),
        });
        return 3;
      },
      async () => new StoreConflictError(`The links of Key Result ${link.keyResultId}`, digest.version, undefined),
    );
    return true;
  });
}

const issueDigests = () => kvs.entity<IssueLinksDigest>(ENTITY.issueDigest);

/** Builds an issue's digest from its link records, if it has none (as buildDigest does for a Key Result). */
async function buildIssueDigest(issueId: string, projectKey: string): Promise<IssueLinksDigest> {
  for (let attempt = 1; attempt <= LINK_ATTEMPTS; attempt++) {
    const current = await issueDigests().get(issueId);
    const records = await linksOfIssues([issueId]);
    const same = current && current.links.length === records.length && records.every((record) => current.links.some((known) => known.keyResultId === record.keyResultId));
    if (same) return current;
    // Nothing linked: an empty digest, not written (version 0); the link being made creates it.
    if (!current && records.length === 0) return { issueId, projectKey, links: [], version: 0 };
    const next: IssueLinksDigest = { issueId, projectKey: current?.projectKey ?? projectKey, links: records, version: (current?.version ?? 0) + 1 };
    try {
      await commit(
        (tx) => {
          tx.set<IssueLinksDigest>(issueId, next, { entityName: ENTITY.issueDigest, conditions: versionIs<IssueLinksDigest>(current?.version) });
          return 1;
        },
        async () => new StoreConflictError(`The links of issue ${issueId}`, current?.version, undefined),
      );
      if (current) return next;
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
    }
  }
  throw new StoreConflictError(`The links of issue ${issueId}`, undefined, undefined);
}

/** What the issue panel reads, with the project's settings, in one batch: the ready mark and the issues' digests. */
export function issueDigestKeys(projectKey: string, issueIds: readonly string[]): Array<{ entityName: string; key: string }> {
  return [{ entityName: ENTITY.issueDigestsReady, key: projectKey }, ...issueIds.map((issueId) => ({ entityName: ENTITY.issueDigest, key: issueId }))];
}

/**
 * The links of the issues from what `issueDigestKeys` read; in a project not marked ready yet (no
 * link made since digests exist), from their link records, one query an issue. A read never writes.
 */
export async function linksFromDigests(projectKey: string, issueIds: readonly string[], read: (entityName: string, key: string) => unknown): Promise<IssueLinkRecord[]> {
  if (read(ENTITY.issueDigestsReady, projectKey)) {
    return issueIds.flatMap((issueId) => (read(ENTITY.issueDigest, issueId) as IssueLinksDigest | undefined)?.links ?? []);
  }
  return linksOfIssues(issueIds);
}

/** Before a link or an unlink: the project's issue digests, built once if it is not marked ready. */
export async function ensureIssueDigests(projectKey: string): Promise<void> {
  if (await kvs.entity<IssueDigestsReady>(ENTITY.issueDigestsReady).get(projectKey)) return;
  await buildIssueDigestsOfProject(projectKey);
}

/**
 * Gives every issue of the project that has links its digest, then marks the project ready. The
 * links are found through the project's Key Results (one query each); digests are created in
 * transactions of 25, each only if none exists (one made meanwhile by a link is already complete).
 */
export async function buildIssueDigestsOfProject(projectKey: string): Promise<void> {
  const keyResults = await queryAll<{ id: string }>(ENTITY.keyResult, INDEX.byProject, [projectKey]);
  const byIssue = new Map<string, IssueLinkRecord[]>();
  for (let start = 0; start < keyResults.length; start += 8) {
    const found = await Promise.all(keyResults.slice(start, start + 8).map((keyResult) => linksOfKeyResult(keyResult.id)));
    for (const record of found.flat()) byIssue.set(record.issueId, [...(byIssue.get(record.issueId) ?? []), record]);
  }
  const built: IssueLinksDigest[] = [...byIssue].map(([issueId, records]) => ({ issueId, projectKey, links: records, version: 1 }));
  for (let start = 0; start < built.length; start += MAX_TRANSACTION_OPS) {
    const chunk = built.slice(start, start + MAX_TRANSACTION_OPS);
    const create = (tx: Transaction, digest: IssueLinksDigest) =>
      tx.set<IssueLinksDigest>(digest.issueId, digest, { entityName: ENTITY.issueDigest, conditions: versionIs<IssueLinksDigest>(undefined) });
    try {
      await commit(
        (tx) => {
          for (const digest of chunk) create(tx, digest);
          return chunk.length;
        },
        async () => new StoreConflictError(`The links of project ${projectKey}`, undefined, undefined),
      );
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      // Some issue got its digest meanwhile (a link or an unlink builds it complete): create the others one by one.
      for (const digest of chunk) {
        await commit(
          (tx) => {
            create(tx, digest);
            return 1;
          },
          async () => new StoreConflictError(`The links of issue ${digest.issueId}`, undefined, undefined),
        ).catch((failure: unknown) => {
          if (!(failure instanceof StoreConflictError)) throw failure;
        });
      }
    }
  }
  await kvs.entity<IssueDigestsReady>(ENTITY.issueDigestsReady).set(projectKey, { projectKey, at: new Date().toISOString() });
}

/** Links the issue; answers false when it was linked already (nothing is written then). */
export async function addLink(link: IssueLinkRecord): Promise<boolean> {
  if (await links().get(linkKey(link.issueId, link.keyResultId))) return false;
  await ensureIssueDigests(link.projectKey);
  return changeLink(link, true);
}

/** Unlinks the issue; answers false when there was no such link. */
export async function removeLink(issueId: string, keyResultId: string, projectKey: string): Promise<boolean> {
  if (!(await links().get(linkKey(issueId, keyResultId)))) return false;
  await ensureIssueDigests(projectKey);
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
    // Nothing linked: an empty digest, not written (version 0); the first link creates it.
    if (!current && issueIds.length === 0) return { keyResultId, projectKey, issueIds: [], version: 0 };
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

