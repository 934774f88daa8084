// The project page: the team's cycle, its sprints with their Sprint Goals, and the ranked backlog.
import type Resolver from '@forge/resolver';
import type { BacklogItem, Cycle, KeyResultGrade, KeyResultView, ProjectOverviewData, SprintReviewSummary, SprintView, StatusCategory, ValidPayload, Warning } from '../contract';
import { keyResultsServed, type SprintIssue, sprintAlignment, suggestedKeyResults } from '../domain/alignment';
import { cycleById, cyclesAround, quarterIdsOf, quarterOf, sprintInCycle } from '../domain/cycles';
import { type FlowIssue, flowMetrics, type StatusChange } from '../domain/flow';
import { gradingSummary } from '../domain/grading';
import { okrsInProcess } from '../domain/limit';
import { type JiraBoard, type JiraClient, JiraError, type JiraHistory, type JiraIssue, type JiraSprint, jiraAsUser, jqlString } from '../jira/client';
import { customFieldsToRead, type JiraFieldIds, jiraFieldIds, sprintIdsOf, storyPointsOf } from '../jira/fields';
import { getMany } from '../store/io';
import { linkedIssueIds } from '../store/links';
import { ENTITY } from '../store/model';
import { interruptedImport, loadCycle, type StoredKeyResult } from '../store/okrs';
import { saveSprintGoal, sprintGoalsOf } from '../store/sprint-goals';
import { reviewsOfCycle, type SprintReviewRecord } from '../store/sprint-reviews';
import { mayCheckIn, projectAccess, requireEditor } from './access';
import { defineResolver, type InvocationContext, requireProject } from './define';
import { AppError } from './errors';
import { cycleViews, type LinkedIssue } from './views';

/**
 * What the page needs of each issue (backlog, sprint alignment, linked work): every issue is read once,
 * with these and the site's Sprint and story-point fields.
 */
export const BACKLOG_FIELDS = ['summary', 'status', 'issuetype', 'parent'] as const;

/** When the site's fields cannot be read: nothing of sprints or points can be read either. */
const NO_FIELDS: JiraFieldIds = { sprint: null, rank: null, storyPoints: null };

/**
 * The Product Backlog: work not done and not in the running sprint (planned future sprints included,
 * as in Jira's backlog view), sub-tasks left with their parents.
 */
export const backlogJql = (projectKey: string) =>
  `project = ${jqlString(projectKey)} AND statusCategory != Done AND (sprint is EMPTY OR sprint not in openSprints()) AND issuetype not in subTaskIssueTypes() ORDER BY Rank ASC`;

/** Every issue of the cycle's sprints, in rank order. */
export const sprintIssuesJql = (projectKey: string, sprintIds: readonly number[]) =>
  `project = ${jqlString(projectKey)} AND sprint in (${sprintIds.join(', ')}) ORDER BY Rank ASC`;

export function statusCategoryOf(issue: JiraIssue): StatusCategory {
  const key = issue.fields.status?.statusCategory.key;
  if (key === 'done') return 'done';
  if (key === 'indeterminate') return 'inprogress';
  return 'todo';
}

/**
 * Every issue the page needs, each read once as this user (hidden and deleted issues drop out): the
 * backlog's and the cycle's sprints', whose ids (in rank order) come from two ids-only searches, and
 * the cycle's linked issues, whose whole status history is read alongside for the flow figures.
 */
async function issuesOf(
  jira: JiraClient,
  ids: { backlog: string[]; sprints: string[]; linked: ReadonlySet<string> },
  fieldIds: JiraFieldIds,
  warnings: Warning[],
): Promise<{ issuesById: Map<string, JiraIssue>; histories: Map<string, JiraHistory[]> }> {
  const all = [...new Set([...ids.backlog, ...ids.sprints, ...ids.linked])];
  const issuesRead = orWarning(
    jira.issuesByIds(all, [...BACKLOG_FIELDS, ...customFieldsToRead(fieldIds, ['sprint', 'storyPoints'])]),
    [],
    warnings,
    'ISSUES_UNAVAILABLE',
    'Some issues could not be read: the backlog, the sprints and the linked work may be incomplete.',
  ).then((found) => new Map(found.map((issue) => [issue.id, issue])));
  const historyMissing = "The linked issues' history could not be read: flow figures are missing.";
  // Whether Jira refuses a bulk changelog naming an issue this user may not see is not documented: the
  // histories are asked for every linked issue at once and, if refused, again for those found visible.
  const historiesRead =
    ids.linked.size === 0
      ? Promise.resolve(new Map<string, JiraHistory[]>())
      : jira.statusHistories([...ids.linked]).catch(async (error: unknown) => {
          if (!(error instanceof JiraError)) throw error;
          const found = await issuesRead;
          const visible = [...ids.linked].filter((id) => found.has(id));
          if (visible.length > 0 && visible.length < ids.linked.size) return orWarning(jira.statusHistories(visible), new Map(), warnings, 'HISTORY_UNAVAILABLE', historyMissing);
          warnings.push({ code: 'HISTORY_UNAVAILABLE', message: `${historyMissing} Jira said: ${error.message}` });
          return new Map<string, JiraHistory[]>();
        });
  const [issuesById, histories] = await Promise.all([issuesRead, historiesRead]);
  return { issuesById, histories };
}

const linkedIssueOf = (issue: JiraIssue): LinkedIssue => ({ key: issue.key, summary: issue.fields.summary ?? '', statusCategory: statusCategoryOf(issue) });

const CATEGORY: Record<string, StatusCategory> = { new: 'todo', indeterminate: 'inprogress', done: 'done' };

/** The issue's status changes, oldest first, as moves between status categories. */
function statusChanges(histories: readonly JiraHistory[], categories: ReadonlyMap<string, string>): StatusChange[] {
  return histories
    .flatMap((history) =>
      history.items
        .filter((item) => (item.fieldId ?? item.field) === 'status' && item.to)
        .map((item) => ({ at: history.created, toCategory: CATEGORY[categories.get(item.to!) ?? ''] }))
        .filter((change): change is StatusChange => change.toCategory !== undefined),
    )
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

function toSprintIssue(issue: JiraIssue, fieldIds: JiraFieldIds): SprintIssue {
  const storyPoints = storyPointsOf(issue, fieldIds);
  return {
    id: issue.id,
    key: issue.key,
    summary: issue.fields.summary ?? '',
    subtask: issue.fields.issuetype?.subtask === true,
    statusCategory: statusCategoryOf(issue),
    ...(issue.fields.parent?.id ? { parentId: issue.fields.parent.id } : {}),
    ...(storyPoints !== undefined ? { storyPoints } : {}),
  };
}

function toBacklogItem(issue: JiraIssue, index: number, keyResultIds: string[], fieldIds: JiraFieldIds): BacklogItem {
  const storyPoints = storyPointsOf(issue, fieldIds);
  return {
    key: issue.key,
    summary: issue.fields.summary ?? '',
    statusCategory: statusCategoryOf(issue),
    issueType: issue.fields.issuetype?.name ?? 'Issue',
    ...(storyPoints !== undefined ? { storyPoints } : {}),
    rank: index + 1,
    keyResultIds,
  };
}

/**
 * A part of the page Jira could not give just now (after the client's retries): the rest of the page
 * is answered, with a warning saying what is missing. Anything but a Jira failure still fails the call.
 */
async function orWarning<T>(read: Promise<T>, fallback: T, warnings: Warning[], code: string, missing: string): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (!(error instanceof JiraError)) throw error;
    warnings.push({ code, message: `${missing} Jira said: ${error.message}` });
    return fallback;
  }
}

/** A sprint as the page shows it: Jira's dates and goal, the Key Results it serves and how much of it does. */
export function sprintView(
  sprint: JiraSprint,
  keyResultIds: string[],
  keyResultsSuggested: boolean,
  alignment: { share: number | null; pointShare: number | null; issueCount: number },
): SprintView {
  return {
    id: sprint.id,
    name: sprint.name,
    state: sprint.state,
    ...(sprint.startDate ? { startDate: sprint.startDate } : {}),
    ...(sprint.endDate ? { endDate: sprint.endDate } : {}),
    ...(sprint.completeDate ? { completeDate: sprint.completeDate } : {}),
    goal: sprint.goal?.trim() ?? '',
    keyResultIds,
    keyResultsSuggested,
    alignedShare: alignment.share,
    alignedPointShare: alignment.pointShare,
    issueCount: alignment.issueCount,
  };
}

/** A read started ahead of the check it waits on: if the check fails first, its failure is not left unhandled. */
function started<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
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

export async function getProjectOverview(
  projectKey: string,
  accountId: string,
  requestedCycleId: string | undefined,
  jira: JiraClient,
  today: Date = new Date(),
): Promise<ProjectOverviewData> {
  // The backlog's ids and the board list are read as this user while the permission check runs: Jira
  // applies the user's permissions to them, and nothing is answered until the check has passed.
  const warnings: Warning[] = [];
  const backlogSearch = started(
    orWarning(jira.searchIssueIds(backlogJql(projectKey)), [], warnings, 'BACKLOG_UNAVAILABLE', 'The backlog could not be read just now.'),
  );
  const boardList = started(orWarning(jira.scrumBoardsOfProject(projectKey), [], warnings, 'BOARD_UNAVAILABLE', "The project's boards could not be read just now: no sprints are shown."));
  const access = await projectAccess(jira, projectKey, accountId);
  const { project, settings } = access;
  const currentCycle = quarterOf(today, settings.fiscalYearStartMonth, today);
  let cycle: Cycle = currentCycle;
  if (requestedCycleId) {
    const requested = cycleById(requestedCycleId, settings.fiscalYearStartMonth, today);
    if (!requested) throw new AppError('NOT_FOUND', `There is no OKR cycle ${requestedCycleId}.`, 'cycleId');
    cycle = requested;
  }

  // The board's sprints and the site's fields as the board uses them, then the ids of the cycle's sprint issues.
  const boardAndSprints = async (): Promise<{ board: JiraBoard | null; cycleSprints: JiraSprint[]; sprintIssueIds: string[]; fieldIds: JiraFieldIds }> => {
    const board = boardOf(await boardList, projectKey, settings.boardId, warnings);
    const [sprints, fieldIds] = await Promise.all([
      board ? orWarning(jira.sprintsOfBoard(board.id), [], warnings, 'SPRINTS_UNAVAILABLE', `The sprints of ${board.name} could not be read just now.`) : Promise.resolve([]),
      orWarning(jiraFieldIds(jira, board?.id ?? null), NO_FIELDS, warnings, 'FIELDS_UNAVAILABLE', "Jira's fields could not be read just now: sprint alignment and story points are missing."),
    ]);
    if (board && sprints.length > 0 && !fieldIds.sprint && !warnings.some((warning) => warning.code === 'FIELDS_UNAVAILABLE')) {
      warnings.push({ code: 'SPRINT_FIELD_NOT_FOUND', message: "This site's Sprint field was not found, so no issue can be placed in its sprint: sprint alignment is missing." });
    }
    const cycleSprints = sprints.filter((sprint) => sprintInCycle(sprint, cycle, currentCycle));
    const sprintIssueIds =
      cycleSprints.length > 0
        ? await orWarning(
            jira.searchIssueIds(sprintIssuesJql(projectKey, cycleSprints.map((sprint) => sprint.id))),
            [],
            warnings,
            'SPRINT_ISSUES_UNAVAILABLE',
            "The sprints' issues could not be read just now: alignment figures are missing.",
          )
        : [];
    return { board, cycleSprints, sprintIssueIds, fieldIds };
  };
  // The cycle's Key Results, then the digest of each one's linked issues (one batch read per 25).
  const okrsWithLinks = async () => {
    const okrs = await loadCycle(projectKey, cycle.id);
    const linked = await linkedIssueIds(projectKey, okrs.keyResults.map((keyResult) => keyResult.id));
    return { okrs, links: [...linked].flatMap(([keyResultId, issueIds]) => issueIds.map((issueId) => ({ issueId, keyResultId }))) };
  };
  const [{ board, cycleSprints, sprintIssueIds, fieldIds }, backlogIds, { okrs, links: liveLinks }, reviews, unfinishedImport] = await Promise.all([
    boardAndSprints(),
    backlogSearch,
    okrsWithLinks(),
    // A year's sprint reviews are its quarters' (each review is filed under the quarter its sprint ended in).
    Promise.all(quarterIdsOf(cycle).map((cycleId) => reviewsOfCycle(projectKey, cycleId))).then((perQuarter) => perQuarter.flat()),
    interruptedImport(projectKey),
  ]);
  if (unfinishedImport) {
    warnings.push({
      code: 'IMPORT_INTERRUPTED',
      message: `An import of OKRs into ${projectKey} started ${unfinishedImport.startedAt.slice(0, 16).replace('T', ' ')} UTC did not finish, so what is shown may mix the OKRs from before it with the imported ones. Import the same file again to finish it.`,
    });
  }
  const keyResultIds = new Set(okrs.keyResults.map((keyResult) => keyResult.id));

  const overrides = okrs.objectives.flatMap((objective) =>
    objective.status === 'active' && objective.limitOverride ? [objective.limitOverride] : [],
  );
  const mentioned = [
    ...settings.productOwnerAccountIds,
    ...okrs.objectives.flatMap((objective) => (objective.ownerAccountId ? [objective.ownerAccountId] : [])),
    ...overrides.map((override) => override.accountId),
    ...okrs.keyResults.flatMap((keyResult) => keyResult.checkIns.map((checkIn) => checkIn.accountId)),
  ];
  const grading = cycleGrading(reviews, keyResultIds);
  const sprintIds = cycleSprints.map((sprint) => sprint.id);
  const linkedIds = new Set(liveLinks.map((link) => link.issueId));
  const [{ issuesById, histories }, categories, people, sprintGoals] = await Promise.all([
    issuesOf(jira, { backlog: backlogIds, sprints: sprintIssueIds, linked: linkedIds }, fieldIds, warnings),
    liveLinks.length > 0
      ? orWarning(jira.statusCategories(), new Map<string, string>(), warnings, 'STATUSES_UNAVAILABLE', "Jira's statuses could not be read just now: flow figures may read low.")
      : Promise.resolve(new Map<string, string>()),
    mentioned.length > 0
      ? orWarning(jira.displayNames(mentioned), {} as Record<string, string>, warnings, 'NAMES_UNAVAILABLE', "People's names could not be read just now.")
      : Promise.resolve<Record<string, string>>({}),
    sprintGoalsOf(projectKey, sprintIds),
  ]);
  const inOrder = (ids: string[]) => ids.flatMap((id) => (issuesById.has(id) ? [issuesById.get(id)!] : []));
  const backlogIssues = inOrder(backlogIds);
  const sprintIssues = inOrder(sprintIssueIds);

  // Which Key Results each issue serves: its own links, or its parent's and grandparent's.
  const directLinks = new Map<string, string[]>();
  for (const link of liveLinks) directLinks.set(link.issueId, [...(directLinks.get(link.issueId) ?? []), link.keyResultId]);
  const parentOf = new Map<string, string>();
  for (const issue of issuesById.values()) if (issue.fields.parent?.id) parentOf.set(issue.id, issue.fields.parent.id);
  const servedBy = (issueId: string) => keyResultsServed(issueId, directLinks, parentOf);

  const now = today;
  const sprintsEnded = cycleSprints.filter((sprint) => sprint.endDate && Date.parse(sprint.endDate) <= now.getTime()).length;
  const linkedTo = new Map<string, JiraIssue[]>();
  for (const link of liveLinks) {
    const issue = issuesById.get(link.issueId);
    if (!issue) continue;
    const list = linkedTo.get(link.keyResultId);
    if (list) list.push(issue);
    else linkedTo.set(link.keyResultId, [issue]);
  }
  const issuesOfKeyResult = (keyResultId: string) => linkedTo.get(keyResultId) ?? [];
  const flowOf = (keyResultId: string): KeyResultView['flow'] =>
    flowMetrics(
      issuesOfKeyResult(keyResultId).map((issue): FlowIssue => ({ key: issue.key, statusCategory: statusCategoryOf(issue), changes: statusChanges(histories.get(issue.id) ?? [], categories) })),
      { now, cycle, sprintsEnded },
    );
  const objectives = cycleViews(
    okrs.objectives,
    okrs.keyResults,
    cycle,
    today,
    (keyResultId) => issuesOfKeyResult(keyResultId).map(linkedIssueOf),
    (objective) => mayCheckIn(access, objective),
    flowOf,
    (keyResultId) => grading.gradesOf.get(keyResultId) ?? [],
  );
  const issuesOfSprint = (sprintId: number) =>
    sprintIssues.filter((issue) => sprintIdsOf(issue, fieldIds).includes(sprintId)).map((issue) => toSprintIssue(issue, fieldIds));
  let unaligned: ProjectOverviewData['unaligned'] = null;
  const sprintViews: SprintView[] = cycleSprints.map((sprint) => {
    const issues = issuesOfSprint(sprint.id);
    const alignment = sprintAlignment(issues, servedBy);
    if (sprint.state === 'active') {
      unaligned = {
        issues: alignment.unaligned.map((issue) => ({ key: issue.key, summary: issue.summary })),
        share: alignment.issueCount > 0 ? alignment.unaligned.length / alignment.issueCount : 0,
      };
    }
    const tied = sprintGoals.get(sprint.id);
    // A tie to Key Results since deleted keeps only those that still exist.
    const served = tied ? tied.keyResultIds : suggestedKeyResults(issues, servedBy);
    return sprintView(sprint, served.filter((id) => keyResultIds.has(id)), !tied, alignment);
  });

  // A list Jira kept paging without end was read as far as it made sense: say it may be cut short.
  for (const note of new Set(jira.incomplete)) warnings.push({ code: 'JIRA_LIST_CUT_SHORT', message: `${note} What is shown may be incomplete.` });
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
    backlog: backlogIssues.map((issue, index) => toBacklogItem(issue, index, servedBy(issue.id).filter((id) => keyResultIds.has(id)), fieldIds)),
    unaligned,
    reviews: grading.summaries,
    grading: grading.summary,
    warnings,
  };
}

/**
 * What the cycle's sprint reviews say on the project page: each review's count of Key Results to
 * grade (deleted ones left out), each Key Result's grades by sprint, and the team's grading summary.
 */
export function cycleGrading(reviews: readonly SprintReviewRecord[], keyResultIds: ReadonlySet<string>) {
  const gradesOf = new Map<string, KeyResultGrade[]>();
  const summaries: SprintReviewSummary[] = [];
  for (const review of [...reviews].sort((a, b) => a.closedAt.localeCompare(b.closedAt))) {
    const entries = review.keyResults.filter((entry) => keyResultIds.has(entry.keyResultId));
    for (const entry of entries) {
      if (!entry.grade) continue;
      const grade: KeyResultGrade = { ...entry.grade, sprintId: review.sprintId, sprintName: review.sprintName, closedAt: review.closedAt };
      gradesOf.set(entry.keyResultId, [...(gradesOf.get(entry.keyResultId) ?? []), grade]);
    }
    summaries.unshift({
      sprintId: review.sprintId,
      sprintName: review.sprintName,
      closedAt: review.closedAt,
      keyResultCount: entries.length,
      gradedCount: entries.filter((entry) => entry.grade).length,
    });
  }
  const summary = gradingSummary([...gradesOf.values()].flat().map((grade) => grade.score));
  return { gradesOf, summaries, summary };
}

/** A Product Owner ties a Sprint Goal to the Key Results it serves. */
export async function setSprintKeyResults(payload: ValidPayload<'setSprintKeyResults'>, context: InvocationContext, jira: JiraClient, now = new Date()) {
  const projectKey = requireProject(context);
  const access = await projectAccess(jira, projectKey, context.accountId);
  requireEditor(access, 'tie Sprint Goals to Key Results');
  const [boards, sprint] = await Promise.all([jira.scrumBoardsOfProject(projectKey), jira.getSprint(payload.sprintId).catch(() => null)]);
  if (!sprint || !boards.some((board) => board.id === sprint.originBoardId)) {
    throw new AppError('NOT_FOUND', `Sprint ${payload.sprintId} is not a sprint of ${projectKey}'s boards.`, 'sprintId');
  }
  const keyResultIds = [...new Set(payload.keyResultIds)];
  const found = await getMany<StoredKeyResult>(ENTITY.keyResult, keyResultIds);
  const foreign = keyResultIds.find((id) => found.get(id)?.projectKey !== projectKey);
  if (foreign) throw new AppError('VALIDATION', `Key Result ${foreign} is not a Key Result of ${projectKey}.`, 'keyResultIds');
  const saved = await saveSprintGoal({ projectKey, sprintId: sprint.id, keyResultIds, updatedAt: now.toISOString(), accountId: context.accountId });
  return { sprintId: saved.sprintId, keyResultIds: saved.keyResultIds };
}

export function registerProjectPage(resolver: Resolver): void {
  defineResolver(resolver, 'getProjectOverview', (payload, context) =>
    getProjectOverview(requireProject(context), context.accountId, payload.cycleId, jiraAsUser()),
  );
  defineResolver(resolver, 'setSprintKeyResults', (payload, context) => setSprintKeyResults(payload, context, jiraAsUser()));
}
