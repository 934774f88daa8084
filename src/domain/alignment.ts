// How much of a sprint serves a Key Result, and which Key Results its work serves. An issue serves the
// Key Results it is linked to and those of its parent and grandparent (a sub-task's story and that
// story's epic; a story's epic and the epic's parent). The sprint's unit of work is the story, task
// or bug: sub-tasks are part of their parent's work, not separate items.
import type { StatusCategory } from '../contract';

/** An issue of the sprint as the alignment functions need it. */
export interface SprintIssue {
  id: string;
  key: string;
  summary: string;
  /** The parent issue (a sub-task's story, a story's epic), when there is one. */
  parentId?: string;
  subtask: boolean;
  storyPoints?: number;
  statusCategory: StatusCategory;
}

/** How far up the parent chain links are inherited: the parent (1) and the parent's parent (2). */
export const INHERITED_LEVELS = 2;

/**
 * The Key Results an issue serves: its own links, then (also) those of its parent and the parent's
 * parent, in that order, each id once. Links are inherited as a union, not only as a fallback: a
 * story linked to Key Result A under an epic linked to B serves A and B, because the work done for the
 * epic is done through its stories. A loop in `parentOf` (impossible in Jira, but cheap to guard)
 * stops the walk at the first issue seen twice.
 */
export function keyResultsServed(
  issueId: string,
  directLinks: ReadonlyMap<string, readonly string[]>,
  parentOf: ReadonlyMap<string, string>,
): string[] {
  const served = new Set<string>();
  const visited = new Set<string>();
  let current: string | undefined = issueId;
  for (let level = 0; level <= INHERITED_LEVELS && current !== undefined && !visited.has(current); level++) {
    visited.add(current);
    for (const keyResultId of directLinks.get(current) ?? []) served.add(keyResultId);
    current = parentOf.get(current);
  }
  return [...served];
}

/** A counted unit of the sprint's work and the Key Results it serves (each id once). */
interface WorkItem {
  issue: SprintIssue;
  keyResultIds: string[];
}

/**
 * The sprint's units of work, in the given order:
 * - every issue that is not a sub-task counts once;
 * - a sub-task whose parent is in the sprint does not count on its own: it is part of its parent's
 *   work, and the Key Results it serves are added to its parent's (someone who links a sub-task to a
 *   Key Result sees its story counted as aligned, not listed as serving nothing);
 * - a sub-task whose parent is not in the sprint (not scheduled here, or not returned by the search)
 *   counts on its own, with its own story points, so that no work in the sprint goes unseen;
 * - an issue listed twice (the same id) counts once, where it first appears.
 */
function workItems(issues: readonly SprintIssue[], served: (issueId: string) => readonly string[]): WorkItem[] {
  const byId = new Map<string, SprintIssue>();
  for (const issue of issues) if (!byId.has(issue.id)) byId.set(issue.id, issue);
  const unique = [...byId.values()];
  // Only a parent that is itself counted can take a sub-task in (Jira has no sub-task of a sub-task;
  // should data claim one, both count on their own rather than vanish).
  const isPartOfParent = (issue: SprintIssue) => {
    const parent = issue.subtask && issue.parentId !== undefined ? byId.get(issue.parentId) : undefined;
    return parent !== undefined && !parent.subtask;
  };

  const items = new Map<string, { issue: SprintIssue; keyResultIds: Set<string> }>();
  for (const issue of unique) {
    if (!isPartOfParent(issue)) items.set(issue.id, { issue, keyResultIds: new Set(served(issue.id)) });
  }
  for (const issue of unique) {
    if (!isPartOfParent(issue)) continue;
    const parent = items.get(issue.parentId as string);
    if (parent) for (const keyResultId of served(issue.id)) parent.keyResultIds.add(keyResultId);
  }
  return [...items.values()].map(({ issue, keyResultIds }) => ({ issue, keyResultIds: [...keyResultIds] }));
}

/** Story points as a number to add up: a missing, negative or non-finite estimate counts as 0. */
const pointsOf = (issue: SprintIssue) =>
  issue.storyPoints !== undefined && Number.isFinite(issue.storyPoints) && issue.storyPoints > 0 ? issue.storyPoints : 0;

const sum = (numbers: readonly number[]) => numbers.reduce((total, number) => total + number, 0);

/**
 * How much of the sprint serves a Key Result, over the units of work counted as described for
 * `workItems` (stories, tasks and bugs, with their sub-tasks folded in; orphan sub-tasks on their own).
 * A unit is aligned when it serves at least one Key Result, however many it serves.
 *
 * - `share` = aligned units / units counted; null for a sprint with no units.
 * - `pointShare` = Σ story points of aligned units / Σ story points of all units counted. Units
 *   without an estimate count as 0 points, and only the counted unit's own points count (a story's
 *   sub-tasks' points are not added, so nothing is counted twice). Null when the counted units carry
 *   no points at all (Σ = 0): the team does not estimate, or not this sprint.
 * - `unaligned`: the counted units serving no Key Result, in the given order.
 * - `issueCount`: units counted.
 */
export function sprintAlignment(
  issues: readonly SprintIssue[],
  served: (issueId: string) => readonly string[],
): { share: number | null; pointShare: number | null; unaligned: SprintIssue[]; issueCount: number } {
  const items = workItems(issues, served);
  const aligned = items.filter(({ keyResultIds }) => keyResultIds.length > 0).map(({ issue }) => issue);
  const unaligned = items.filter(({ keyResultIds }) => keyResultIds.length === 0).map(({ issue }) => issue);
  const totalPoints = sum(items.map(({ issue }) => pointsOf(issue)));
  const alignedPoints = sum(aligned.map(pointsOf));
  return {
    share: items.length === 0 ? null : aligned.length / items.length,
    // Aligned points are a part of the total, so the ratio is at most 1; min() removes float overshoot.
    pointShare: totalPoints === 0 ? null : Math.min(1, alignedPoints / totalPoints),
    unaligned,
    issueCount: items.length,
  };
}

/**
 * The Key Results the sprint's work serves, to suggest for its Sprint Goal: every Key Result served by
 * at least one counted unit of work (as for `sprintAlignment`), ordered by the number of units serving
 * it, most first; ties by id (plain string order, so the result never depends on the locale).
 */
export function suggestedKeyResults(issues: readonly SprintIssue[], served: (issueId: string) => readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const { keyResultIds } of workItems(issues, served)) {
    for (const keyResultId of keyResultIds) counts.set(keyResultId, (counts.get(keyResultId) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([idA, countA], [idB, countB]) => countB - countA || (idA < idB ? -1 : idA > idB ? 1 : 0))
    .map(([id]) => id);
}
