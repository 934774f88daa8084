// The project page's reads of Jira, each done as the user: the board and its sprints, the site's
// fields, the issues of the backlog and of the cycle's sprints, the linked issues' histories. A part
// Jira cannot give just now is answered empty with a warning saying what is missing.
import { BACKLOG_PAGE_SIZE, type Warning } from '../contract';
import { firstBacklogIds } from './backlog';
import type { StatusChange } from '../domain/flow';
import { type JiraBoard, type JiraClient, JiraError, type JiraHistory, type JiraSprint, SPRINTS_PER_PAGE } from './client';
import { customFieldsToRead, type JiraFieldIds, jiraFieldIds } from './fields';
import { ISSUE_FIELDS, type IssueFacts, issueFacts, NO_FIELDS, sprintIssuesJql, statusChanges } from './issues';
import { jiraWarning, orWarning } from './warnings';
import { keptBoardSprints } from '../store/board-sprints';

/** A read started ahead of the check it waits on: if the check fails first, its failure is not left unhandled. */
function started<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** The reads that need no permission check first: Jira applies the user's permissions to them itself. */
export function startProjectReads(
  jira: JiraClient,
  projectKey: string,
  warnings: Warning[],
): { backlog: Promise<{ ids: string[]; parentIds: string[]; nextCursor?: string }>; boards: Promise<JiraBoard[]> } {
  return {
    // Only the backlog's first page comes with the page; the rest is read page by page (getBacklogPage).
    backlog: started(orWarning(firstBacklogIds(jira, projectKey, BACKLOG_PAGE_SIZE), { ids: [], parentIds: [] }, warnings, 'BACKLOG_UNAVAILABLE', 'The backlog could not be read just now.')),
    boards: started(orWarning(jira.scrumBoardsOfProject(projectKey), [], warnings, 'BOARD_UNAVAILABLE', "The project's boards could not be read just now: no sprints are shown.")),
  };
}

function boardOf(boards: JiraBoard[], projectKey: string, boardId: number | undefined, warnings: Warning[]): JiraBoard | null {
  if (boardId === undefined) return boards[0] ?? null;
  const chosen = boards.find((board) => board.id === boardId);
  if (!chosen) {
    warnings.push({
      code: 'BOARD_NOT_FOUND',
      message: `The board chosen in settings (${boardId}) is not a Scrum board of ${projectKey} you can see; showing ${boards[0]?.name ?? 'no board'} instead.`,
    });
    return boards[0] ?? null;
  }
  return chosen;
}

export interface BoardWork {
  board: JiraBoard | null;
  cycleSprints: JiraSprint[];
  fieldIds: JiraFieldIds;
  /** Set when the board's closed sprints were not kept (or one closed since): they should be. */
  keepSprints: boolean;
}

/** The board's sprints of the cycle and the site's fields as the board uses them. */
export async function boardWork(
  jira: JiraClient,
  at: { projectKey: string; boardId: number | undefined; boards: Promise<JiraBoard[]>; inCycle: (sprint: JiraSprint) => boolean; now: Date },
  warnings: Warning[],
): Promise<BoardWork> {
  const board = boardOf(await at.boards, at.projectKey, at.boardId, warnings);
  const none = { sprints: [], keep: false };
  const [{ sprints, keep }, fieldIds] = await Promise.all([
    board ? orWarning(sprintsOf(jira, board.id, at.now), none, warnings, 'SPRINTS_UNAVAILABLE', `The sprints of ${board.name} could not be read just now.`) : Promise.resolve(none),
    orWarning(jiraFieldIds(jira, board?.id ?? null), NO_FIELDS, warnings, 'FIELDS_UNAVAILABLE', "Jira's fields could not be read just now: sprint alignment and story points are missing."),
  ]);
  if (board && sprints.length > 0 && !fieldIds.sprint && !warnings.some((warning) => warning.code === 'FIELDS_UNAVAILABLE')) {
    warnings.push({ code: 'SPRINT_FIELD_NOT_FOUND', message: "This site's Sprint field was not found, so no issue can be placed in its sprint: sprint alignment is missing." });
  }
  return { board, cycleSprints: sprints.filter(at.inCycle), fieldIds, keepSprints: keep };
}

/**
 * The board's sprints: its closed ones as kept (store/board-sprints.ts) with its running and planned
 * ones read now, one call; every sprint read when none are kept or one of those kept open has closed
 * since, and then kept unless they fit in one page (keeping them would save nothing).
 */
async function sprintsOf(jira: JiraClient, boardId: number, now: Date): Promise<{ sprints: JiraSprint[]; keep: boolean }> {
  const kept = await keptBoardSprints(boardId, now);
  if (kept) {
    const open = await jira.sprintsOfBoard(boardId, ['active', 'future']);
    const still = new Set(open.map((sprint) => sprint.id));
    if (kept.open.every((id) => still.has(id))) return { sprints: [...kept.closed, ...open], keep: false };
  }
  const all = await jira.sprintsOfBoard(boardId);
  return { sprints: all, keep: all.length > SPRINTS_PER_PAGE };
}

/** The ids of the cycle's sprints' issues, as this user sees them: what the page counts with when it has no kept issues. */
export function cycleSprintIssueIds(jira: JiraClient, projectKey: string, cycleSprints: readonly JiraSprint[], warnings: Warning[]): Promise<string[]> {
  if (cycleSprints.length === 0) return Promise.resolve([]);
  return orWarning(
    jira.searchIssueIds(sprintIssuesJql(projectKey, cycleSprints.map((sprint) => sprint.id))),
    [],
    warnings,
    'SPRINT_ISSUES_UNAVAILABLE',
    "The sprints' issues could not be read just now: alignment figures are missing.",
  );
}

/**
 * Every issue the page needs, each read once as this user (hidden and deleted issues drop out): the
 * backlog's, the cycle's sprints' and the linked ones, whose whole status history is read alongside
 * (with the site's statuses) for the flow figures.
 */
export async function pageIssues(
  jira: JiraClient,
  ids: { backlog: string[]; sprints: string[]; linked: ReadonlySet<string> },
  fieldIds: JiraFieldIds,
  warnings: Warning[],
  options: { histories: boolean } = { histories: true },
): Promise<{ issues: Map<string, IssueFacts>; changes: Map<string, StatusChange[]> }> {
  const all = [...new Set([...ids.backlog, ...ids.sprints, ...ids.linked])];
  const issuesRead = orWarning(
    jira.issuesByIds(all, [...ISSUE_FIELDS, ...customFieldsToRead(fieldIds, ['sprint', 'storyPoints'])]),
    [],
    warnings,
    'ISSUES_UNAVAILABLE',
    'Some issues could not be read: the backlog, the sprints and the linked work may be incomplete.',
  ).then((found) => new Map(found.map((issue) => [issue.id, issue])));
  // With the kept issues, the figures need no history: only the lists are read here.
  const withHistory = options.histories ? ids.linked : new Set<string>();
  const [found, histories, categories] = await Promise.all([
    issuesRead,
    historiesOf(jira, withHistory, issuesRead, warnings),
    withHistory.size > 0
      ? orWarning(jira.statusCategories(), new Map<string, string>(), warnings, 'STATUSES_UNAVAILABLE', "Jira's statuses could not be read just now: flow figures may read low.")
      : Promise.resolve(new Map<string, string>()),
  ]);
  const issues = new Map([...found].map(([id, issue]) => [id, issueFacts(issue, fieldIds)]));
  const changes = new Map([...withHistory].map((id) => [id, statusChanges(histories.get(id) ?? [], categories)]));
  return { issues, changes };
}

/**
 * The linked issues' whole status histories. Whether Jira refuses a bulk changelog naming an issue this
 * user may not see is not documented: they are asked for at once and, if refused, again for those found visible.
 */
async function historiesOf(jira: JiraClient, linked: ReadonlySet<string>, issuesRead: Promise<ReadonlyMap<string, unknown>>, warnings: Warning[]): Promise<Map<string, JiraHistory[]>> {
  const historyMissing = "The linked issues' history could not be read: flow figures are missing.";
  if (linked.size === 0) return new Map<string, JiraHistory[]>();
  return jira.statusHistories([...linked]).catch(async (error: unknown) => {
    if (!(error instanceof JiraError)) throw error;
    const found = await issuesRead;
    const visible = [...linked].filter((id) => found.has(id));
    if (visible.length > 0 && visible.length < linked.size) return orWarning(jira.statusHistories(visible), new Map(), warnings, 'HISTORY_UNAVAILABLE', historyMissing);
    warnings.push(jiraWarning('HISTORY_UNAVAILABLE', historyMissing, error));
    return new Map<string, JiraHistory[]>();
  });
}

/** A list Jira kept paging without end was read as far as it made sense: say it may be cut short. */
export function cutShortWarnings(jira: JiraClient): Warning[] {
  return [...new Set(jira.incomplete)].map((note) => ({ code: 'JIRA_LIST_CUT_SHORT', message: `${note} What is shown may be incomplete.` }));
}
