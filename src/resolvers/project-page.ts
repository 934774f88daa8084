// The project page: the team's cycle, its sprints with their Sprint Goals, and the ranked backlog.
import type Resolver from '@forge/resolver';
import type { BacklogItem, Cycle, ProjectOverviewData, SprintView, StatusCategory, Warning } from '../contract';
import { cycleById, cyclesAround, quarterOf, sprintInCycle } from '../domain/cycles';
import { okrsInProcess } from '../domain/limit';
import { type JiraBoard, type JiraClient, type JiraIssue, jiraAsUser, jqlString, STORY_POINTS_FIELD } from '../jira/client';
import { type IssueLinkRecord, linksOfCycle } from '../store/links';
import { loadCycle } from '../store/okrs';
import { mayCheckIn, projectAccess } from './access';
import { defineResolver, requireProject } from './define';
import { AppError } from './errors';
import { cycleViews, type LinkedIssue } from './views';

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

/** Issues read per search for the cycle's linked work: one page each, run together. */
const LINKED_ISSUES_PER_SEARCH = 100;

/** The linked issues as Jira shows them to this user now: deleted or hidden issues drop out. */
async function linkedIssues(jira: JiraClient, links: IssueLinkRecord[]): Promise<Map<string, LinkedIssue>> {
  const ids = [...new Set(links.map((link) => link.issueId))].filter((id) => /^\d+$/.test(id));
  const chunks: string[][] = [];
  for (let start = 0; start < ids.length; start += LINKED_ISSUES_PER_SEARCH) chunks.push(ids.slice(start, start + LINKED_ISSUES_PER_SEARCH));
  const pages = await Promise.all(chunks.map((chunk) => jira.searchIssues(`id in (${chunk.join(', ')})`, ['summary', 'status'])));
  return new Map(
    pages.flat().map((issue) => [issue.id, { key: issue.key, summary: issue.fields.summary ?? '', statusCategory: statusCategoryOf(issue) }]),
  );
}

function toBacklogItem(issue: JiraIssue, index: number, keyResultIds: string[]): BacklogItem {
  const storyPoints = issue.fields[STORY_POINTS_FIELD];
  return {
    key: issue.key,
    summary: issue.fields.summary ?? '',
    statusCategory: statusCategoryOf(issue),
    issueType: issue.fields.issuetype?.name ?? 'Issue',
    ...(typeof storyPoints === 'number' ? { storyPoints } : {}),
    rank: index + 1,
    keyResultIds,
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
  const [board, backlogIssues, okrs, links] = await Promise.all([
    boardOf(jira, projectKey, settings.boardId, warnings),
    jira.searchIssues(backlogJql(projectKey), BACKLOG_FIELDS),
    loadCycle(projectKey, cycle.id),
    linksOfCycle(projectKey, cycle.id),
  ]);
  const keyResultIds = new Set(okrs.keyResults.map((keyResult) => keyResult.id));
  const liveLinks = links.filter((link) => keyResultIds.has(link.keyResultId));
  const issuesById = await linkedIssues(jira, liveLinks);
  const issuesOfKeyResult = (keyResultId: string) =>
    liveLinks.flatMap((link) => (link.keyResultId === keyResultId && issuesById.has(link.issueId) ? [issuesById.get(link.issueId)!] : []));
  const keyResultsOfIssue = (issueId: string) => liveLinks.flatMap((link) => (link.issueId === issueId ? [link.keyResultId] : []));
  const objectives = cycleViews(okrs.objectives, okrs.keyResults, cycle, today, issuesOfKeyResult, (objective) => mayCheckIn(access, objective));
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
    backlog: backlogIssues.map((issue, index) => toBacklogItem(issue, index, keyResultsOfIssue(issue.id))),
    unaligned: null,
    warnings,
  };
}

export function registerProjectPage(resolver: Resolver): void {
  defineResolver(resolver, 'getProjectOverview', (payload, context) =>
    getProjectOverview(requireProject(context), context.accountId, payload.cycleId, jiraAsUser()),
  );
}
