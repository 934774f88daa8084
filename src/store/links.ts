// Links between Jira issues and the Key Results they serve. One record per link, indexed by issue,
// by Key Result and by cycle: "the Key Results of this issue" and "the issues of this Key Result"
// are one query each, and both directions are the same record, so they can never disagree.
//
// Beside them, one digest per Key Result (entity `key-result-links`, key = its id) lists the ids of
// its linked issues, so the project page reads a whole cycle's links in one batch read per 25 Key
// Results rather than one query per 100 links; and one digest per issue (entity `issue-links`, key =
// its id) holds its link records, so the issue panel reads the links of an issue and its parents in
// one batch read. A Key Result gets its digest when it is created or imported, an issue at its first
// link. Every link and unlink writes the link record and both digests in one transaction,
// conditioned on the digests' versions; deleting a Key Result deletes its digest with its links.
// Reads only read: what the digests say is what is linked.
import { kvs } from '@forge/kvs';
import { StoreConflictError, StoreValidationError } from './errors';
import { commit, getMany, inParallel, queryAll, retryOnConflict, versionIs } from './io';
import { ENTITY, INDEX, MAX_TRANSACTION_OPS, type LinkDigest } from './model';

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

/**
 * Changes one link (`add` true: link, false: unlink) with the Key Result's and the issue's digests, in
 * one transaction conditioned on both digests' versions. Answers false when there was nothing to do
 * (linked already, or no such link).
 */
async function changeLink(link: Pick<IssueLinkRecord, 'issueId' | 'keyResultId' | 'projectKey'> & Partial<IssueLinkRecord>, add: boolean): Promise<boolean> {
  const key = linkKey(link.issueId, link.keyResultId);
  return retryOnConflict(LINK_ATTEMPTS, async () => {
    const [existing, foundDigest, foundIssueDigest] = await Promise.all([links().get(key), digests().get(link.keyResultId), issueDigests().get(link.issueId)]);
    if (Boolean(existing) === add) return false;
    // None yet (an issue's first link): version 0, created below on condition that none was meanwhile.
    const digest = foundDigest ?? { keyResultId: link.keyResultId, projectKey: link.projectKey, issueIds: [], version: 0 };
    const issueDigest = foundIssueDigest ?? { issueId: link.issueId, projectKey: link.projectKey, links: [], version: 0 };
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
        tx.set<LinkDigest>(link.keyResultId, { ...digest, issueIds, version: digest.version + 1 }, {
          entityName: ENTITY.linkDigest,
          conditions: versionIs<LinkDigest>(storedVersion(digest)),
        });
        tx.set<IssueLinksDigest>(link.issueId, { ...issueDigest, links: issueLinks, version: issueDigest.version + 1 }, {
          entityName: ENTITY.issueDigest,
          conditions: versionIs<IssueLinksDigest>(storedVersion(issueDigest)),
        });
        return 3;
      },
      async () => new StoreConflictError(`The links of Key Result ${link.keyResultId}`, digest.version, undefined),
    );
    return true;
  });
}

/** The version a digest was read at, or undefined when none is stored yet (version 0). */
const storedVersion = (digest: { version: number }) => (digest.version === 0 ? undefined : digest.version);

const issueDigests = () => kvs.entity<IssueLinksDigest>(ENTITY.issueDigest);

/** What the issue panel reads, with the project's settings, in one batch: the issues' digests. */
export function issueDigestKeys(projectKey: string, issueIds: readonly string[]): Array<{ entityName: string; key: string }> {
  return issueIds.map((issueId) => ({ entityName: ENTITY.issueDigest, key: issueId }));
}

/** The links of the issues, from what `issueDigestKeys` read: no further call, and no write. */
export function linksFromDigests(projectKey: string, issueIds: readonly string[], read: (entityName: string, key: string) => unknown): Promise<IssueLinkRecord[]> {
  return Promise.resolve(issueIds.flatMap((issueId) => (read(ENTITY.issueDigest, issueId) as IssueLinksDigest | undefined)?.links ?? []));
}

/** Links the issue; answers false when it was linked already (nothing is written then). */
export async function addLink(link: IssueLinkRecord): Promise<boolean> {
  return changeLink(link, true);
}

/** Unlinks the issue; answers false when there was no such link. */
export async function removeLink(issueId: string, keyResultId: string, projectKey: string): Promise<boolean> {
  return changeLink({ issueId, keyResultId, projectKey }, false);
}

/**
 * The ids of the issues linked to each Key Result given (they must belong to `projectKey`): one batch
 * read per 25 Key Results; a Key Result without a digest has no links.
 */
export async function linkedIssueIds(projectKey: string, keyResultIds: readonly string[]): Promise<Map<string, string[]>> {
  const found = await getMany<LinkDigest>(ENTITY.linkDigest, [...keyResultIds]);
  return new Map(keyResultIds.map((id) => [id, found.get(id)?.issueIds ?? []]));
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


/** Issues whose digests one removal rewrites at once. */
const REMOVAL_PARALLELISM = 4;

/**
 * Removes everything that links issues to these Key Results: the link records, the Key Results'
 * digests, and their entries in the issues' digests (the issues are found through both the link
 * records and the Key Results' digests, so a half-removed link is found too). Each issue is rewritten
 * in its own transaction, conditioned on its digest's version; removing again is safe. Answers the
 * issues whose links changed (their Jira property is not touched here).
 */
export async function removeLinksOfKeyResults(keyResultIds: readonly string[]): Promise<string[]> {
  if (keyResultIds.length === 0) return [];
  const removed = new Set(keyResultIds);
  const [records, found] = await Promise.all([
    inParallel([...removed], REMOVAL_PARALLELISM, (keyResultId) => linksOfKeyResult(keyResultId)),
    getMany<LinkDigest>(ENTITY.linkDigest, [...removed]),
  ]);
  // Per issue, the removed Key Results it is linked to by a record or a digest.
  const perIssue = new Map<string, Set<string>>();
  const note = (issueId: string, keyResultId: string) => perIssue.set(issueId, (perIssue.get(issueId) ?? new Set()).add(keyResultId));
  for (const link of records.flat()) note(link.issueId, link.keyResultId);
  for (const digest of found.values()) for (const issueId of digest.issueIds) note(issueId, digest.keyResultId);
  const issueIds = [...perIssue.keys()];
  await inParallel(issueIds, REMOVAL_PARALLELISM, (issueId) => removeFromIssue(issueId, perIssue.get(issueId)!, removed));
  const digestKeys = [...found.keys()];
  for (let start = 0; start < digestKeys.length; start += MAX_TRANSACTION_OPS) {
    const chunk = digestKeys.slice(start, start + MAX_TRANSACTION_OPS);
    const tx = kvs.transact();
    for (const keyResultId of chunk) tx.delete(keyResultId, { entityName: ENTITY.linkDigest });
    await tx.execute();
  }
  return issueIds;
}

/** One issue's links to the removed Key Results: its link records and its digest's entries, in one transaction. */
async function removeFromIssue(issueId: string, linked: ReadonlySet<string>, removed: ReadonlySet<string>): Promise<void> {
  await retryOnConflict(LINK_ATTEMPTS, async () => {
    const issueDigest = await issueDigests().get(issueId);
    const kept = issueDigest?.links.filter((link) => !removed.has(link.keyResultId));
    const keyResultIds = new Set([...linked, ...(issueDigest?.links ?? []).map((link) => link.keyResultId).filter((id) => removed.has(id))]);
    const linkKeys = [...keyResultIds].map((keyResultId) => linkKey(issueId, keyResultId));
    const rewrite = issueDigest && kept && kept.length !== issueDigest.links.length;
    // The link records go in transactions of their own when the issue had more than the platform's room.
    const room = MAX_TRANSACTION_OPS - 1;
    for (let start = room; start < linkKeys.length; start += room) {
      const tx = kvs.transact();
      for (const key of linkKeys.slice(start, start + room)) tx.delete(key, { entityName: ENTITY.issueLink });
      await tx.execute();
    }
    await commit(
      (tx) => {
        for (const key of linkKeys.slice(0, room)) tx.delete(key, { entityName: ENTITY.issueLink });
        if (rewrite) {
          tx.set<IssueLinksDigest>(issueId, { ...issueDigest, links: kept, version: issueDigest.version + 1 }, {
            entityName: ENTITY.issueDigest,
            conditions: versionIs<IssueLinksDigest>(issueDigest.version),
          });
        }
        return Math.min(linkKeys.length, room) + (rewrite ? 1 : 0);
      },
      async () => new StoreConflictError(`The links of issue ${issueId}`, issueDigest?.version, undefined),
    );
  });
}
