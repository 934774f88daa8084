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
// conditioned on the digests' versions; a link's transaction also checks that its Key Result still
// exists, so once a Key Result is deleted no link to it can be added. Deleting a Key Result then
// removes its links from both sides (removeLinksOfKeyResults). Reads only read: what the digests say
// is what is linked.
import { Filter, FilterConditions, kvs } from '@forge/kvs';
import { StoreConflictError, StoreNotFoundError, StoreValidationError } from './errors';
import { commit, getMany, queryAll, retryOnConflict, versionIs } from './io';
import { tallyWithLink } from './kept-flow';
import { ENTITY, INDEX, MAX_TRANSACTION_OPS, type LinkDigest, type StoredKeyResult } from './model';

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
 * one transaction conditioned on both digests' versions and, for a link, on the Key Result existing.
 * Answers false when there was nothing to do (linked already, or no such link).
 */
async function changeLink(link: Pick<IssueLinkRecord, 'issueId' | 'keyResultId' | 'projectKey'> & Partial<IssueLinkRecord>, add: boolean): Promise<boolean> {
  const key = linkKey(link.issueId, link.keyResultId);
  return retryOnConflict(LINK_ATTEMPTS, async () => {
    const [existing, foundDigest, foundIssueDigest] = await Promise.all([links().get(key), digests().get(link.keyResultId), issueDigests().get(link.issueId)]);
    if (Boolean(existing) === add) return false;
    // None yet (an issue's first link): version 0, created below on condition that none was meanwhile.
    // An unlink never creates a Key Result's digest: none means its Key Result was deleted.
    const digest = foundDigest ?? (add ? { keyResultId: link.keyResultId, projectKey: link.projectKey, issueIds: [], version: 0 } : null);
    const issueDigest = foundIssueDigest ?? { issueId: link.issueId, projectKey: link.projectKey, links: [], version: 0 };
    const issueIds = !digest ? [] : add ? [...new Set([...digest.issueIds, link.issueId])] : digest.issueIds.filter((id) => id !== link.issueId);
    if (issueIds.length > MAX_LINKS_PER_KEY_RESULT) {
      throw new StoreValidationError(`This Key Result already has ${MAX_LINKS_PER_KEY_RESULT} linked issues, the most it can keep.`, 'keyResultId');
    }
    const others = issueDigest.links.filter((record) => record.keyResultId !== link.keyResultId);
    const issueLinks = add ? [...others, link as IssueLinkRecord] : others;
    // The Key Result's flow tally follows, in this transaction (store/kept-flow.ts).
    const tally = await tallyWithLink(link.projectKey, link.issueId, link.keyResultId, add ? 1 : -1);
    await commit(
      (tx) => {
        if (add) tx.set<IssueLinkRecord>(key, link as IssueLinkRecord, { entityName: ENTITY.issueLink });
        else tx.delete(key, { entityName: ENTITY.issueLink });
        if (digest) {
          tx.set<LinkDigest>(link.keyResultId, { ...digest, issueIds, version: digest.version + 1 }, {
            entityName: ENTITY.linkDigest,
            conditions: versionIs<LinkDigest>(storedVersion(digest)),
          });
        }
        tx.set<IssueLinksDigest>(link.issueId, { ...issueDigest, links: issueLinks, version: issueDigest.version + 1 }, {
          entityName: ENTITY.issueDigest,
          conditions: versionIs<IssueLinksDigest>(storedVersion(issueDigest)),
        });
        // A delete of the Key Result that lands first makes this fail, and the link is refused as gone.
        if (add) tx.check(link.keyResultId, { entityName: ENTITY.keyResult, conditions: new Filter<StoredKeyResult>().and('version', FilterConditions.exists()) });
        tally.add(tx);
        return 2 + Number(Boolean(digest)) + Number(add) + tally.operations;
      },
      async () => {
        if (add && !(await keyResults().get(link.keyResultId))) return new StoreNotFoundError('This Key Result no longer exists (it was deleted). Pick another.');
        return new StoreConflictError(`The links of Key Result ${link.keyResultId}`, digest?.version, undefined);
      },
      // The same link, or unlink, made twice is made once: if storage holds what this asked, it is done.
      { sameEffect: true },
    );
    return true;
  });
}

const keyResults = () => kvs.entity<StoredKeyResult>(ENTITY.keyResult);

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

/** Every Key Result of the project with the ids of its linked issues: one query per 100 Key Results, one batch read per 25. */
export async function linkedIssuesOfProject(projectKey: string): Promise<Map<string, string[]>> {
  const keyResultIds = (await queryAll<StoredKeyResult>(ENTITY.keyResult, INDEX.byProject, [projectKey])).map((keyResult) => keyResult.id);
  return linkedIssueIds(projectKey, keyResultIds);
}

/**
 * The ids of the issues linked to each Key Result given (they must belong to `projectKey`): one batch
 * read per 25 Key Results; a Key Result without a digest has no links.
 */
export async function linkedIssueIds(projectKey: string, keyResultIds: readonly string[]): Promise<Map<string, string[]>> {
  const found = await getMany<LinkDigest>(ENTITY.linkDigest, [...keyResultIds]);
  return new Map(keyResultIds.map((id) => [id, found.get(id)?.issueIds ?? []]));
}

/** The Key Results a link transaction may clear from one issue at once (their link records and the issue's digest). */
const KEY_RESULTS_PER_CLEANUP = MAX_TRANSACTION_OPS - 1;

/**
 * The issues linked to any of the Key Results: what their digests list, and what the link records
 * say (the two agree unless a removal stopped part-way).
 */
export async function issuesLinkedTo(keyResultIds: readonly string[]): Promise<string[]> {
  const [found, records] = await Promise.all([getMany<LinkDigest>(ENTITY.linkDigest, [...keyResultIds]), Promise.all(keyResultIds.map(linksOfKeyResult))]);
  return [...new Set([...[...found.values()].flatMap((digest) => digest.issueIds), ...records.flat().map((link) => link.issueId)])];
}

/**
 * Clears deleted Key Results from one issue: their link records and their entries in the issue's
 * digest, in one transaction conditioned on the digest's version. Answers the issue's links that
 * remain (for its search property). Clearing twice clears once.
 */
export async function removeKeyResultsFromIssue(issueId: string, keyResultIds: readonly string[]): Promise<IssueLinkRecord[]> {
  let remaining: IssueLinkRecord[] = [];
  for (let start = 0; start < keyResultIds.length; start += KEY_RESULTS_PER_CLEANUP) {
    const chunk = new Set(keyResultIds.slice(start, start + KEY_RESULTS_PER_CLEANUP));
    remaining = await retryOnConflict(LINK_ATTEMPTS, async () => {
      const [digest, records] = await Promise.all([issueDigests().get(issueId), getMany<IssueLinkRecord>(ENTITY.issueLink, [...chunk].map((id) => linkKey(issueId, id)))]);
      const kept = (digest?.links ?? []).filter((record) => !chunk.has(record.keyResultId));
      if (records.size === 0 && kept.length === (digest?.links.length ?? 0)) return kept;
      await commit(
        (tx) => {
          for (const key of records.keys()) tx.delete(key, { entityName: ENTITY.issueLink });
          if (digest && kept.length !== digest.links.length) {
            tx.set<IssueLinksDigest>(issueId, { ...digest, links: kept, version: digest.version + 1 }, {
              entityName: ENTITY.issueDigest,
              conditions: versionIs<IssueLinksDigest>(digest.version),
            });
          }
          return records.size + 1;
        },
        async () => new StoreConflictError(`The links of issue ${issueId}`, digest?.version, undefined),
      );
      return kept;
    });
  }
  return remaining;
}

/** How many issues a removal clears at once. */
const CLEANUP_CONCURRENCY = 5;

/**
 * Removes every link into the Key Results (once they are deleted): the link records, their entries in
 * each linked issue's digest, and the Key Results' digests. Answers the issues that were linked.
 */
export async function removeLinksOfKeyResults(keyResultIds: readonly string[]): Promise<string[]> {
  const issueIds = await issuesLinkedTo(keyResultIds);
  await removeKeyResultsFromIssues(issueIds, keyResultIds);
  await removeDigests(keyResultIds);
  return issueIds;
}

/** removeKeyResultsFromIssue for each issue, a few at a time; answers each issue's remaining links. */
export async function removeKeyResultsFromIssues(issueIds: readonly string[], keyResultIds: readonly string[]): Promise<Map<string, IssueLinkRecord[]>> {
  const remaining = new Map<string, IssueLinkRecord[]>();
  for (let start = 0; start < issueIds.length; start += CLEANUP_CONCURRENCY) {
    const chunk = issueIds.slice(start, start + CLEANUP_CONCURRENCY);
    const results = await Promise.all(chunk.map(async (issueId) => [issueId, await removeKeyResultsFromIssue(issueId, keyResultIds)] as const));
    for (const [issueId, links] of results) remaining.set(issueId, links);
  }
  return remaining;
}

/** Deletes the digests of deleted Key Results (deleting one that is gone already does nothing). */
export async function removeDigests(keyResultIds: readonly string[]): Promise<void> {
  await Promise.all(keyResultIds.map((id) => digests().delete(id)));
}

/** The Key Results among the ids that are not stored (deleted, or never were): one batch read per 25. */
export async function missingKeyResults(keyResultIds: readonly string[]): Promise<string[]> {
  const found = await getMany<StoredKeyResult>(ENTITY.keyResult, [...keyResultIds]);
  return keyResultIds.filter((id) => !found.has(id));
}

/** Removes every link of an issue (after Jira deleted it), each with its Key Result's digest. */
export async function removeLinksOfIssue(issueId: string): Promise<number> {
  let removed = 0;
  for (const link of await linksOfIssues([issueId])) {
    if (await changeLink(link, false)) removed += 1;
  }
  return removed;
}

/** Each issue's links as its digest holds them (one batch read per 25 issues; none for an issue never linked). */
export async function linksByIssue(issueIds: readonly string[]): Promise<Map<string, IssueLinkRecord[]>> {
  const found = await getMany<IssueLinksDigest>(ENTITY.issueDigest, [...new Set(issueIds)]);
  return new Map(issueIds.map((issueId) => [issueId, found.get(issueId)?.links ?? []]));
}
