// What a team does on Jira's board, which the local preview does in Jira's place (no REST route):
// close and start sprints, change a goal, move an issue to a status.
import type { ChangelogRecord, SprintRecord } from './model';
import type { Records } from './records';

export interface CloseSprintOptions {
  at?: Date;
  /** Where unfinished issues go: a future sprint's id, or 'backlog'. Default: the board's next future sprint, else the backlog. */
  moveTo?: number | 'backlog';
}

export interface StartSprintOptions {
  at?: Date;
  /** Default: two weeks after the start. */
  endDate?: Date;
  goal?: string;
}

/**
 * Completes an active sprint as Jira does: state closed, completeDate set; every unfinished issue
 * (and its sub-tasks) moves to the board's next future sprint, or the backlog if there is none (the
 * closed sprint stays in its Sprint field).
 */
export function closeSprint(records: Records, sprintId: number, options: CloseSprintOptions = {}): SprintRecord {
  const { data } = records;
  const sprint = records.sprint(sprintId);
  if (sprint.state !== 'active') throw new Error(`Sprint ${sprintId} is ${sprint.state}, not active`);
  const at = (options.at ?? records.clock()).toISOString();
  let target: SprintRecord | undefined;
  if (typeof options.moveTo === 'number') {
    target = records.sprint(options.moveTo);
    if (target.state !== 'future' || target.originBoardId !== sprint.originBoardId) throw new Error(`Sprint ${options.moveTo} is not a future sprint of the same board`);
  } else if (options.moveTo === undefined) {
    target = data.sprints.find((s) => s.originBoardId === sprint.originBoardId && s.state === 'future');
  }
  sprint.state = 'closed';
  sprint.completeDate = at;

  const current = (i: { sprintIds: number[] }) => i.sprintIds[i.sprintIds.length - 1] === sprint.id;
  const unfinished = data.issues.filter((i) => !records.isSubtask(i) && current(i) && records.status(i.statusId).categoryKey !== 'done');
  const moving = new Set(unfinished.map((i) => i.key.toUpperCase()));
  for (const i of data.issues) {
    const follows = records.isSubtask(i) && i.parentKey !== null && moving.has(i.parentKey.toUpperCase()) && current(i);
    if (!moving.has(i.key.toUpperCase()) && !follows) continue;
    if (target) i.sprintIds.push(target.id);
    i.updated = at;
  }
  return sprint;
}

/** Starts a future sprint (one active sprint per board, as Jira without parallel sprints). */
export function startSprint(records: Records, sprintId: number, options: StartSprintOptions = {}): SprintRecord {
  const sprint = records.sprint(sprintId);
  if (sprint.state !== 'future') throw new Error(`Sprint ${sprintId} is ${sprint.state}, not future`);
  const active = records.data.sprints.find((s) => s.originBoardId === sprint.originBoardId && s.state === 'active');
  if (active) throw new Error(`Sprint ${active.id} is already active on board ${sprint.originBoardId}`);
  const at = options.at ?? records.clock();
  const end = options.endDate ?? new Date(at.getTime() + 14 * 86_400_000);
  if (end.getTime() <= at.getTime()) throw new Error('The end date must be after the start date');
  sprint.state = 'active';
  sprint.startDate = at.toISOString();
  sprint.endDate = end.toISOString();
  if (options.goal !== undefined) sprint.goal = options.goal;
  return sprint;
}

/** Moves an issue to a status (by name or id), recording the change in its changelog. Returns the issue key. */
export function transitionIssue(records: Records, keyOrId: string, statusNameOrId: string, options: { at?: Date; accountId?: string } = {}): string {
  const { data } = records;
  const issue = records.issue(keyOrId);
  if (!issue) throw new Error(`Issue ${keyOrId} does not exist`);
  const to = data.statuses.find((s) => s.id === statusNameOrId || s.name.toLowerCase() === statusNameOrId.toLowerCase());
  if (!to) throw new Error(`No status ${statusNameOrId}`);
  const from = records.status(issue.statusId);
  if (from.id === to.id) return issue.key;
  const at = (options.at ?? records.clock()).toISOString();
  const items: ChangelogRecord['items'] = [];
  if ((from.categoryKey === 'done') !== (to.categoryKey === 'done')) {
    const resolved = to.categoryKey === 'done';
    items.push({ field: 'resolution', fieldtype: 'jira', fieldId: 'resolution', from: resolved ? null : '10000', fromString: resolved ? null : 'Done', to: resolved ? '10000' : null, toString: resolved ? 'Done' : null });
    issue.resolutiondate = resolved ? at : null;
  }
  items.push({ field: 'status', fieldtype: 'jira', fieldId: 'status', from: from.id, fromString: from.name, to: to.id, toString: to.name });
  const nextId = Math.max(10000, ...data.issues.flatMap((i) => i.changelog.map((h) => Number(h.id)).filter(Number.isFinite))) + 1;
  issue.changelog.push({ id: String(nextId), authorAccountId: options.accountId ?? issue.assigneeAccountId ?? issue.reporterAccountId, created: at, items });
  issue.statusId = to.id;
  issue.updated = at;
  return issue.key;
}
