// Links between Jira issues and the Key Results they serve. One record per link, indexed by issue,
// by Key Result and by cycle: "the Key Results of this issue" and "the issues of this Key Result"
// are one query each, and both directions are the same record, so they can never disagree.
import { kvs } from '@forge/kvs';
import { commit, queryAll } from './io';
import { ENTITY, INDEX } from './model';

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

/** Links the issue; answers false when it was linked already (nothing is written then). */
export async function addLink(link: IssueLinkRecord): Promise<boolean> {
  const key = linkKey(link.issueId, link.keyResultId);
  if (await links().get(key)) return false;
  await links().set(key, link);
  return true;
}

/** Unlinks the issue; answers false when there was no such link. */
export async function removeLink(issueId: string, keyResultId: string): Promise<boolean> {
  const key = linkKey(issueId, keyResultId);
  if (!(await links().get(key))) return false;
  await links().delete(key);
  return true;
}

/** Removes every link into a Key Result (after it is deleted), in transactions of the platform's size. */
export async function removeLinksOfKeyResult(keyResultId: string): Promise<number> {
  return removeAll(await linksOfKeyResult(keyResultId));
}

/** Removes every link of an issue (after Jira deleted it). */
export async function removeLinksOfIssue(issueId: string): Promise<number> {
  return removeAll(await linksOfIssues([issueId]));
}

async function removeAll(found: IssueLinkRecord[]): Promise<number> {
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
  return found.length;
}
