// The project page: the team's cycle, its sprints with their Sprint Goals, and the ranked backlog.
import type Resolver from '@forge/resolver';
import type { BacklogItem, Cycle, ProjectOverviewData, SprintView, StatusCategory, Warning } from '../contract';
import { cycleById, cyclesAround, quarterOf, sprintInCycle } from '../domain/cycles';
import { okrsInProcess } from '../domain/limit';
import { type JiraBoard, type JiraClient, type JiraIssue, jiraAsUser, jqlString, STORY_POINTS_FIELD } from '../jira/client';
import { loadCycle } from '../store/okrs';
import { mayCheckIn, projectAccess } from './access';
import { defineResolver, requireProject } from './define';
import { AppError } from './errors';
import { cycleViews } from './views';

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
  accountId: string,
  requestedCycleId: string | undefined,
  jira: JiraClient,
  today: Date = new Date(),
): Promise<ProjectOverviewData> {
  const access = await projectAccess(jira, projectKey, accountId);
  const { project, settings } = access;
  const currentCycle = quarterOf(today, settings.fiscalYearStartMonth, today);
  let cycle: Cycle = currentCycle;
  if (requestedCycleId) {
    const requested = cycleById(requestedCycleId, settings.fiscalYearStartMonth, today);
    if (!requested) throw new AppError('NOT_FOUND', `There is no OKR cycle ${requestedCycleId}.`, 'cycleId');
    cycle = requested;
  }

  const warnings: Warning[] = [];
  const [board, backlogIssues, okrs] = await Promise.all([
    boardOf(jira, projectKey, settings.boardId, warnings),
    jira.searchIssues(backlogJql(projectKey), BACKLOG_FIELDS),
    loadCycle(projectKey, cycle.id),
  ]);
  const objectives = cycleViews(okrs.objectives, okrs.keyResults, cycle, today);
  const overrides = okrs.objectives.flatMap((objective) =>
    objective.status === 'active' && objective.limitOverride ? [objective.limitOverride] : [],
  );
  const mentioned = [
    ...settings.productOwnerAccountIds,
    ...okrs.objectives.flatMap((objective) => (objective.ownerAccountId ? [objective.ownerAccountId] : [])),
    ...overrides.map((override) => override.accountId),
    ...okrs.keyResults.flatMap((keyResult) => keyResult.checkIns.map((checkIn) => checkIn.accountId)),
  ];
  const [sprints, people] = await Promise.all([
    board ? jira.sprintsOfBoard(board.id) : Promise.resolve([]),
    mentioned.length > 0 ? jira.displayNames(mentioned) : Promise.resolve<Record<string, string>>({}),
  ]);

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
    okrLimit: { limit: settings.okrLimit, inProcess: okrsInProcess(okrs.objectives, cycle.id), overrides },
    objectives,
    access: {
      canEdit: access.canEdit,
      canCheckIn: access.isProductOwner || okrs.objectives.some((objective) => mayCheckIn(access, objective)),
      productOwners: settings.productOwnerAccountIds.map((id) => ({ accountId: id, displayName: people[id] ?? 'a Product Owner' })),
    },
    people,
    board: board ? { id: board.id, name: board.name } : null,
    sprints: sprintViews,
    backlog: backlogIssues.map(toBacklogItem),
    unaligned: null,
    warnings,
  };
}

export function registerProjectPage(resolver: Resolver): void {
  defineResolver(resolver, 'getProjectOverview', (payload, context) =>
    getProjectOverview(requireProject(context), context.accountId, payload.cycleId, jiraAsUser()),
  );
}
