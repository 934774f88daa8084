// What Outcomes keeps of each Jira issue so that a page view does not read the team's whole history
// again: only what the figures use (status category, sprints, parent, points, rank, the first move
// into progress, the current in-progress stretch's start, when it was done, and Jira's `updated`).
// Pure: how a kept issue is made from what Jira says, how newer news replaces it, and how it reads
// back as the flow and alignment functions' issues.
import type { StatusCategory } from '../contract';
import type { SprintIssue } from './alignment';
import { doneAt, type FlowIssue, inProgressSince, type StatusChange } from './flow';

/** One issue as kept. Dates are Jira's ISO date-times. */
export interface KeptIssue {
  id: string;
  key: string;
  category: StatusCategory;
  subtask?: true;
  /** An epic or above (Jira's issue type `hierarchyLevel` 1 or more): a parent of other issues, kept on the project's roster of them. */
  upper?: true;
  sprintIds?: number[];
  parentId?: string;
  points?: number;
  rank?: string;
  /** Its first move into an in-progress status, ever. */
  startedAt?: string;
  /** While in progress now: when its current in-progress stretch began. */
  wipSince?: string;
  /** While done now: its last move into done. A done issue's figures never change while it stays done. */
  doneAt?: string;
  /** Jira's `resolutiondate`: a done issue done again (reopened meanwhile) has a new one. */
  resolved?: string;
  /**
   * Jira's `statuscategorychangedate`: its last move between status categories. While Jira's equals the
   * kept one, no move between categories was missed since the kept dates were right, so they still are.
   */
  categoryChanged?: string;
  /** Jira's `updated`: a kept issue is replaced only by news at least as new. */
  updated: string;
}

/** What Jira says of an issue now, without its history. */
export interface IssueNow {
  id: string;
  key: string;
  category: StatusCategory;
  subtask: boolean;
  /** Jira gave its issue type's hierarchy level, 1 or more (absent: below, or not given). */
  upper?: boolean;
  sprintIds: number[];
  parentId?: string;
  points?: number;
  rank?: string;
  resolved?: string;
  /** Jira's `statuscategorychangedate` and `created`, when Jira gives them (either may be missing). */
  categoryChanged?: string;
  created?: string;
  updated: string;
}

/** The issue as kept, from what Jira says now and its whole status history (oldest first). */
export function keptIssueOf(now: IssueNow, changes: readonly StatusChange[]): KeptIssue {
  const flow: FlowIssue = { key: now.key, statusCategory: now.category, changes };
  const started = [...changes].filter(({ at }) => Number.isFinite(Date.parse(at))).sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).find(({ toCategory }) => toCategory === 'inprogress');
  const done = doneAt(flow);
  const wip = inProgressSince(flow);
  return {
    ...withoutHistory(now),
    ...(started ? { startedAt: new Date(Date.parse(started.at)).toISOString() } : {}),
    ...(wip !== null ? { wipSince: new Date(wip).toISOString() } : {}),
    ...(done !== null ? { doneAt: new Date(done).toISOString() } : {}),
  };
}

function withoutHistory(now: IssueNow): KeptIssue {
  return {
    id: now.id,
    key: now.key,
    category: now.category,
    ...(now.subtask ? { subtask: true as const } : {}),
    ...(now.upper ? { upper: true as const } : {}),
    ...(now.sprintIds.length > 0 ? { sprintIds: [...now.sprintIds].sort((a, b) => a - b) } : {}),
    ...(now.parentId ? { parentId: now.parentId } : {}),
    ...(now.points !== undefined ? { points: now.points } : {}),
    ...(now.rank ? { rank: now.rank } : {}),
    ...(now.resolved ? { resolved: now.resolved } : {}),
    ...(now.categoryChanged ? { categoryChanged: now.categoryChanged } : {}),
    updated: now.updated,
  };
}

/**
 * Whether the issue's history must be read to keep it. Where Jira gives each issue's last move between
 * status categories (`statuscategorychangedate`), exactly when that moved since the kept dates were
 * right: a new issue that ever changed category, or a kept one whose date differs. Where it does not
 * (Jira does not document the field for every site), as before it: when it is new and not to do, or
 * its status category is not the kept one; an issue in progress that changed (it may have left
 * progress and come back, starting a new stretch); a done issue only when it was done again (a new
 * resolution date). A done issue that stays done is never read again: its cycle time cannot change.
 */
export function needsHistory(now: IssueNow, kept: KeptIssue | undefined): boolean {
  const tracked = now.categoryChanged !== undefined;
  if (!kept) return now.category !== 'todo' || (tracked && now.created !== undefined && now.categoryChanged !== now.created);
  if (kept.category !== now.category) return true;
  if (tracked && kept.categoryChanged !== undefined) return kept.categoryChanged !== now.categoryChanged;
  if (now.category === 'inprogress') return kept.updated !== now.updated;
  if (now.category === 'done') return kept.resolved !== now.resolved;
  return false;
}

/** The issue as kept when its history need not be read: what Jira says now, with the dates kept. */
export function keptWithoutNewHistory(now: IssueNow, kept: KeptIssue | undefined): KeptIssue {
  return {
    ...withoutHistory(now),
    ...(kept?.startedAt ? { startedAt: kept.startedAt } : {}),
    ...(kept?.wipSince && now.category === 'inprogress' ? { wipSince: kept.wipSince } : {}),
    ...(kept?.doneAt && now.category === 'done' ? { doneAt: kept.doneAt } : {}),
  };
}

/** Whether `incoming` may replace `kept`: it is not older (events and searches arrive in any order). */
export const isNotOlder = (incoming: KeptIssue, kept: KeptIssue | undefined) => !kept || Date.parse(incoming.updated) >= Date.parse(kept.updated);

/** Whether two kept issues say the same. */
export const sameKept = (a: KeptIssue | undefined, b: KeptIssue | undefined) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The kept issue as the flow functions read it: its kept moves stand for its history. They give the
 * same figures as the whole history: the first move into progress (cycle time), the start of the
 * current stretch after a move out of progress (age of the work in progress), the last move into done.
 */
export function flowIssueOfKept(issue: KeptIssue): FlowIssue {
  const changes: StatusChange[] = [];
  if (issue.startedAt) changes.push({ at: issue.startedAt, toCategory: 'inprogress' });
  if (issue.wipSince && issue.wipSince !== issue.startedAt) {
    changes.push({ at: issue.wipSince, toCategory: 'todo' }, { at: issue.wipSince, toCategory: 'inprogress' });
  }
  if (issue.doneAt) changes.push({ at: issue.doneAt, toCategory: 'done' });
  return { key: issue.key, statusCategory: issue.category, changes };
}

/** What the page counts an issue with: its alignment, by issues and by points, in rank order, and whom it serves through. */
export type CountedIssue = Pick<KeptIssue, 'id' | 'key' | 'category' | 'subtask' | 'sprintIds' | 'parentId' | 'points' | 'rank'>;

/**
 * What a roster (store/kept-flow.ts) keeps of each of its issues: what the page counts it with, as a
 * tuple (about 50 bytes), so that a page reads a sprint's issues, and the epics they serve through,
 * from their rosters rather than from the records that keep the issues whole.
 */
export type RosterFacts = [id: string, key: string, category: StatusCategory, subtask: 0 | 1, parentId: string | null, points: number | null, rank: string | null];

export const rosterFactsOf = (issue: KeptIssue): RosterFacts => [issue.id, issue.key, issue.category, issue.subtask ? 1 : 0, issue.parentId ?? null, issue.points ?? null, issue.rank ?? null];

/** The issue as counted from its roster facts, in the sprints whose rosters hold it. */
export function countedOfRoster([id, key, category, subtask, parentId, points, rank]: RosterFacts, sprintIds: number[]): CountedIssue {
  return {
    id,
    key,
    category,
    ...(subtask === 1 ? { subtask: true as const } : {}),
    sprintIds,
    ...(parentId !== null ? { parentId } : {}),
    ...(points !== null ? { points } : {}),
    ...(rank !== null ? { rank } : {}),
  };
}

/** The kept issue as the alignment functions read it (the summary is not kept: lists are read as the viewer). */
export function sprintIssueOfKept(issue: CountedIssue, summary = ''): SprintIssue {
  return {
    id: issue.id,
    key: issue.key,
    summary,
    subtask: issue.subtask === true,
    statusCategory: issue.category,
    ...(issue.parentId ? { parentId: issue.parentId } : {}),
    ...(issue.points !== undefined ? { storyPoints: issue.points } : {}),
  };
}

/**
 * One change to an issue as Jira's issue-updated event tells it: when it was made, the status category
 * the issue is in after it, whether its status moved, and the new values of the kept facts it changed
 * (absent: unchanged; null: emptied).
 */
export interface IssueChange {
  updated: string;
  category: StatusCategory;
  statusMoved: boolean;
  subtask?: boolean;
  upper?: boolean;
  sprintIds?: number[];
  points?: number | null;
  rank?: string;
  parentId?: string | null;
  resolved?: string | null;
}

/** What Jira says of the issue after the change: the kept facts with the change's new values. */
export function nowAfterChange(kept: KeptIssue, change: IssueChange): IssueNow {
  const pick = <T>(value: T | null | undefined, was: T | undefined): T | undefined => (value === undefined ? was : (value ?? undefined));
  const points = pick(change.points, kept.points);
  const parentId = pick(change.parentId, kept.parentId);
  const rank = pick(change.rank, kept.rank);
  const resolved = pick(change.resolved, kept.resolved);
  const moved = change.category !== kept.category;
  const categoryChanged = moved ? change.updated : kept.categoryChanged;
  return {
    id: kept.id,
    key: kept.key,
    category: change.category,
    subtask: change.subtask ?? kept.subtask === true,
    upper: change.upper ?? kept.upper === true,
    sprintIds: change.sprintIds ?? kept.sprintIds ?? [],
    ...(parentId !== undefined ? { parentId } : {}),
    ...(points !== undefined ? { points } : {}),
    ...(rank !== undefined ? { rank } : {}),
    ...(resolved !== undefined ? { resolved } : {}),
    ...(categoryChanged !== undefined ? { categoryChanged } : {}),
    updated: change.updated,
  };
}

/**
 * The issue as kept after one change the event told, without reading Jira; null when Jira must be read.
 * Only where the kept issue carries Jira's last move between categories: any move the events missed
 * then shows as a different date on the next view's search, which reads that history again. So:
 * - a change that left the status where it was keeps the dates (a category the kept one is not means
 *   moves were missed: read);
 * - a move within a category: into done, the issue was done now (its last move into done); within
 *   progress, its stretch goes on;
 * - a move into another category starts a stretch in progress, or makes it done, now. Its first start
 *   is the kept one; with none kept, a start the events missed would go unseen (the category's date
 *   would agree), and an issue created in progress has its first recorded move into progress only
 *   now: so a move into progress or done of an issue with no start kept reads the history (null).
 */
export function keptAfterChange(kept: KeptIssue, change: IssueChange): KeptIssue | null {
  if (kept.categoryChanged === undefined) return null;
  const moved = change.category !== kept.category;
  if (moved && !change.statusMoved) return null;
  if (change.statusMoved && change.category !== 'todo' && !kept.startedAt) return null;
  const now = nowAfterChange(kept, change);
  const base = keptWithoutNewHistory(now, kept);
  if (!change.statusMoved) return base;
  const at = new Date(Date.parse(change.updated)).toISOString();
  if (change.category === 'done') return { ...base, doneAt: at };
  if (change.category === 'inprogress' && moved) return { ...base, wipSince: at };
  return base;
}
