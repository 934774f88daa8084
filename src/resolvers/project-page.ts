// The project page: the team's cycle, its sprints with their Sprint Goals, and the ranked backlog.
import type Resolver from '@forge/resolver';
import type { BacklogItem, Cycle, ProjectOverviewData, SprintView, StatusCategory, Warning } from '../contract';
import { cycleById, cyclesAround, quarterOf, sprintInCycle } from '../domain/cycles';
import { type JiraBoard, type JiraClient, type JiraIssue, jiraAsUser, jqlString, orNullIfHidden, STORY_POINTS_FIELD } from '../jira/client';
import { loadSettings } from '../store/settings';
import { defineResolver, requireProject } from './define';
import { AppError } from './errors';

export const BACKLOG_FIELDS = ['summary', 'status', 'issuetype', STORY_POINTS_FIELD] as const;

/**
 * The Product Backlog: work not done and not in the running sprint (planned future sprints included,
 * as in Jira's backlog view), sub-tasks left with their parents.
 */
export const backlogJql = (projectKey: string) =>
  `project = ${jqlString(projectKey)} AND statusCategory != Done AND (sprint is EMPTY OR sprint not in openSprints()) AND issuetype not in subTaskIssueTypes() ORDER BY Rank ASC`;

export function statusCategoryOf(issue: JiraIssue): StatusCategory {
  const key = issue.fields.status?.statusCategory.key;
  if (key === 'done') return 'done';
  if (key === 'indeterminate') return 'inprogress';
  return 'todo';
}

function toBacklogItem(issue: JiraIssue, index: number): BacklogItem {
  const storyPoints = issue.fields[STORY_POINTS_FIELD];
  return {
    key: issue.key,
    summary: issue.fields.summary ?? '',
    statusCategory: statusCategoryOf(issue),
    issueType: issue.fields.issuetype?.name ?? 'Issue',
    ...(typeof storyPoints === 'number' ? { storyPoints } : {}),
    rank: index + 1,
    keyResultIds: [],
  };
}

async function boardOf(jira: JiraClient, projectKey: string, boardId: number | undefined, warnings: Warning[]): Promise<JiraBoard | null> {
  const boards = await jira.scrumBoardsOfProject(projectKey);
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

export async function getProjectOverview(
  projectKey: string,
  requestedCycleId: string | undefined,
  jira: JiraClient,
  today: Date = new Date(),
): Promise<ProjectOverviewData> {
  const [permissions, project] = await Promise.all([
    jira.myPermissions({ projectKey }),
    orNullIfHidden(jira.getProject(projectKey)),
  ]);
  if (!permissions.BROWSE_PROJECTS || !project) {
    throw new AppError('FORBIDDEN', `You need the Browse projects permission on ${projectKey} to see its OKRs.`);
  }

  const settings = await loadSettings(projectKey, project.lead?.accountId);
  const currentCycle = quarterOf(today, settings.fiscalYearStartMonth, today);
  let cycle: Cycle = currentCycle;
  if (requestedCycleId) {
    const requested = cycleById(requestedCycleId, settings.fiscalYearStartMonth, today);
    if (!requested) throw new AppError('NOT_FOUND', `There is no OKR cycle ${requestedCycleId}.`, 'cycleId');
    cycle = requested;
  }

  const warnings: Warning[] = [];
  const [board, backlogIssues] = await Promise.all([
    boardOf(jira, projectKey, settings.boardId, warnings),
    jira.searchIssues(backlogJql(projectKey), BACKLOG_FIELDS),
  ]);
  const sprints = board ? await jira.sprintsOfBoard(board.id) : [];

  const sprintViews: SprintView[] = sprints
    .filter((sprint) => sprintInCycle(sprint, cycle, currentCycle))
    .map((sprint) => ({
      id: sprint.id,
      name: sprint.name,
      state: sprint.state,
      ...(sprint.startDate ? { startDate: sprint.startDate } : {}),
      ...(sprint.endDate ? { endDate: sprint.endDate } : {}),
      ...(sprint.completeDate ? { completeDate: sprint.completeDate } : {}),
      goal: sprint.goal?.trim() ?? '',
      keyResultIds: [],
      alignedShare: null,
    }));

  return {
    project: { key: project.key, name: project.name },
    cycle,
    cycles: cyclesAround(today, settings.fiscalYearStartMonth),
    settings,
    okrLimit: { limit: settings.okrLimit, inProcess: 0, overrides: [] },
    objectives: [],
    board: board ? { id: board.id, name: board.name } : null,
    sprints: sprintViews,
    backlog: backlogIssues.map(toBacklogItem),
    unaligned: null,
    warnings,
  };
}

export function registerProjectPage(resolver: Resolver): void {
  defineResolver(resolver, 'getProjectOverview', (payload, context) =>
    getProjectOverview(requireProject(context), payload.cycleId, jiraAsUser()),
  );
}
