// A page of the backlog and a page of a Key Result's linked work as the UI shows them. Pure.
import type { BacklogItem, LinkedIssueItem } from '../contract';
import { keyResultsServed } from '../domain/alignment';
import type { IssueFacts } from '../jira/issues';

/**
 * The page's issues in rank order (`before` issues came before the page), each with the Key Results it
 * serves: its own links or its parent's (`links` holds those of the page's issues and their parents),
 * kept to `keyResultIds` when given.
 */
export function backlogItems(
  issues: readonly IssueFacts[],
  before: number,
  links: ReadonlyArray<{ issueId: string; keyResultId: string }>,
  keyResultIds?: ReadonlySet<string>,
): BacklogItem[] {
  const directLinks = new Map<string, string[]>();
  for (const link of links) directLinks.set(link.issueId, [...(directLinks.get(link.issueId) ?? []), link.keyResultId]);
  const parentOf = new Map<string, string>();
  for (const issue of issues) if (issue.parentId) parentOf.set(issue.id, issue.parentId);
  return issues.map((issue, index) => ({
    key: issue.key,
    summary: issue.summary,
    statusCategory: issue.statusCategory,
    issueType: issue.issueType,
    ...(issue.storyPoints !== undefined ? { storyPoints: issue.storyPoints } : {}),
    rank: before + index + 1,
    keyResultIds: keyResultsServed(issue.id, directLinks, parentOf).filter((id) => !keyResultIds || keyResultIds.has(id)),
  }));
}

/**
 * The items of a page listing the issues that serve no Key Result: Jira's search finds those with no link
 * of their own; one that serves a Key Result through its parent (an epic's story) is left out here too.
 */
export const servingNone = (items: BacklogItem[]): BacklogItem[] => items.filter((item) => item.keyResultIds.length === 0);

/** The issues among `ids` Jira gave (hidden and deleted ones are missing), in the order of `ids`. */
export function linkedIssueItems(ids: readonly string[], found: ReadonlyMap<string, IssueFacts>): LinkedIssueItem[] {
  return ids.flatMap((id) => {
    const issue = found.get(id);
    return issue ? [{ key: issue.key, summary: issue.summary, statusCategory: issue.statusCategory }] : [];
  });
}
