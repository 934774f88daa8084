// The project page: the team's cycle, its sprints with their Sprint Goals, and the ranked backlog.
import type Resolver from '@forge/resolver';
import { type Cycle, type ProjectOverviewData, type Settings, UNALIGNED_LISTED, type ValidPayload, type Warning } from '../contract';
import { cycleById, quarterIdsOf, quarterOf, sprintInCycle } from '../domain/cycles';
import { type JiraClient, orNullIfHidden } from '../jira/client';
import { boardWork, cutShortWarnings, cycleSprintIssueIds, pageIssues, startProjectReads } from '../jira/project-work';
import { orWarning } from '../jira/warnings';
import { mayCheckIn, projectAccess, requireEditor } from '../invocation/access';
import { defineResolvers, type Invocation } from '../invocation/define';
import { keptForPage, keptOfProject, requestBoardSprints } from '../jobs/kept-issues';
import { AppError } from '../invocation/errors';
import { orgTitles } from '../store/alignment';
import { linkedIssueIds } from '../store/links';
import { alignmentIdsOf } from '../views/alignment';
import { interruptedImport } from '../store/okrs';
import { cycleAndReviews, keyResultsOfProject } from '../store/read-models';
import { saveSprintGoal, sprintGoalsOf } from '../store/sprint-goals';
import { accountsMentioned, importInterruptedWarning, keptUnalignedIds, projectOverview } from '../views/overview';
import { sprintInFocus } from '../views/sprint';

async function getProjectOverview(payload: ValidPayload<'getProjectOverview'>, invocation: Invocation): Promise<ProjectOverviewData> {
  const warnings: Warning[] = [];
  // The backlog's first page of ids and the board list are read as this user while the permission check runs: Jira
  // applies the user's permissions to them, and nothing is answered until the check has passed.
  const early = startProjectReads(invocation.jira, invocation.projectKey, warnings);
  const access = await projectAccess(invocation);
  const { project, settings } = access;
  const [cycle, currentCycle] = cyclesOf(payload.cycleId, settings, invocation.now);
  const loaded = await loadOverview(invocation, { settings, cycle, currentCycle, early }, warnings);
  return projectOverview({
    ...loaded,
    project: { key: project.key, name: project.name },
    cycle,
    today: invocation.now,
    settings,
    access: { canEdit: access.canEdit, isProductOwner: access.isProductOwner, canCheckIn: (objective) => mayCheckIn(access, objective), canLinkWork: access.canLinkWork },
    warnings,
  });
}

/** Everything the page shows, read from Jira as this user and from the store: two rounds of reads run together. */
async function loadOverview(
  { jira, projectKey, now }: Invocation,
  { settings, cycle, currentCycle, early }: { settings: Settings; cycle: Cycle; currentCycle: Cycle; early: ReturnType<typeof startProjectReads> },
  warnings: Warning[],
) {
  const inCycle = (sprint: { endDate?: string }) => sprintInCycle(sprint, cycle, currentCycle);
  const [work, backlog, { okrs, reviews }, unfinishedImport, keptLoaded] = await Promise.all([
    boardWork(jira, { projectKey, boardId: settings.boardId, boards: early.boards, inCycle, now }, warnings),
    early.backlog,
    okrsWithLinks(projectKey, cycle.id, quarterIdsOf(cycle)),
    interruptedImport(projectKey, now.toISOString()),
    keptOfProject(projectKey),
  ]);
  if (unfinishedImport) warnings.push(importInterruptedWarning(projectKey, unfinishedImport.startedAt, unfinishedImport.running, unfinishedImport.stageId !== undefined));
  const sprintsKept = work.keepSprints && work.board ? requestBoardSprints(work.board.id) : Promise.resolve(true);
  // The figures come from the kept issues when they are complete; until then, from the issues and
  // histories read here. With them, only what the page lists is read as this user: the backlog's first
  // page and the first unaligned issues of the sprint in focus; a Key Result's issues load when its row opens.
  const scope = { links: okrs.links, sprintIds: work.cycleSprints.map((sprint) => sprint.id), backlogParents: backlog.parentIds };
  const figures = keptForPage(jira, keptLoaded, { projectKey, fields: work.fieldIds, now, scope }, warnings);
  const kept = figures.current ? await figures.figures : null;
  // Without kept issues, the sprints' issues are found by a search, as this user.
  const sprintIds = kept ? kept.sprintIssueIds : await cycleSprintIssueIds(jira, projectKey, work.cycleSprints, warnings);
  const toRead = kept
    ? { sprints: keptUnalignedIds(kept.issues, okrs.links, sprintIds, focusSprintIds(work.cycleSprints)).slice(0, UNALIGNED_LISTED), linked: new Set<string>() }
    : { sprints: sprintIds, linked: new Set(okrs.links.map((link) => link.issueId)) };
  const aligned = alignmentIdsOf(settings.productGoal, okrs.objectives, okrs.keyResults);
  const [read, people, sprintGoals, titles] = await Promise.all([
    pageIssues(jira, { backlog: backlog.ids, ...toRead }, work.fieldIds, warnings, { histories: !figures.current }),
    peopleNamed(jira, accountsMentioned(settings, okrs), warnings),
    sprintGoalsOf(projectKey, work.cycleSprints.map((sprint) => sprint.id)),
    orgTitles(aligned.objectiveIds, aligned.keyResultIds),
    figures.figures,
    sprintsKept,
  ]);
  warnings.push(...cutShortWarnings(jira));
  const board = work.board ? { id: work.board.id, name: work.board.name } : null;
  return { ...read, ...(kept ? { kept } : {}), okrs, links: okrs.links, backlogIds: backlog.ids, backlogNextCursor: backlog.nextCursor, sprintIssueIds: sprintIds, board, sprints: work.cycleSprints, sprintGoals, reviews, people, orgTitles: titles };
}

/** The sprint whose unaligned issues the page lists: the running one, else the next planned one. */
function focusSprintIds(sprints: ReadonlyArray<{ id: number; state: string }>): number[] {
  const focus = sprintInFocus(sprints);
  return focus ? [focus.id] : [];
}

/** The cycle asked for (the current one by default), and the current one. */
function cyclesOf(requestedCycleId: string | undefined, settings: Settings, now: Date): [Cycle, Cycle] {
  const current = quarterOf(now, settings.fiscalYearStartMonth, now);
  if (!requestedCycleId) return [current, current];
  const requested = cycleById(requestedCycleId, settings.fiscalYearStartMonth, now);
  if (!requested) throw new AppError('NOT_FOUND', `There is no OKR cycle ${requestedCycleId}.`, 'cycleId');
  return [requested, current];
}

/** The cycle's Key Results and the reviews of its sprints (one visible read), then the digest of each Key Result's linked issues (one batch read per 25). */
async function okrsWithLinks(projectKey: string, cycleId: string, reviewCycleIds: readonly string[]) {
  const { okrs, reviews } = await cycleAndReviews(projectKey, cycleId, reviewCycleIds);
  const linked = await linkedIssueIds(projectKey, okrs.keyResults.map((keyResult) => keyResult.id));
  return { okrs: { ...okrs, links: [...linked].flatMap(([keyResultId, issueIds]) => issueIds.map((issueId) => ({ issueId, keyResultId }))) }, reviews };
}

function peopleNamed(jira: JiraClient, accountIds: string[], warnings: Warning[]): Promise<Record<string, string>> {
  if (accountIds.length === 0) return Promise.resolve({});
  return orWarning(jira.displayNames(accountIds), {} as Record<string, string>, warnings, 'NAMES_UNAVAILABLE', "People's names could not be read just now.");
}

/** A Product Owner ties a Sprint Goal to the Key Results it serves. */
async function setSprintKeyResults(payload: ValidPayload<'setSprintKeyResults'>, invocation: Invocation) {
  const { jira, projectKey } = invocation;
  requireEditor(await projectAccess(invocation), 'tie Sprint Goals to Key Results');
  const [boards, sprint] = await Promise.all([jira.scrumBoardsOfProject(projectKey), orNullIfHidden(jira.getSprint(payload.sprintId))]);
  if (!sprint || !boards.some((board) => board.id === sprint.originBoardId)) {
    throw new AppError('NOT_FOUND', `Sprint ${payload.sprintId} is not a sprint of ${projectKey}'s boards.`, 'sprintId');
  }
  const keyResultIds = [...new Set(payload.keyResultIds)];
  const ours = await keyResultsOfProject(projectKey, keyResultIds);
  const foreign = keyResultIds.find((id) => !ours.has(id));
  if (foreign) throw new AppError('VALIDATION', `Key Result ${foreign} is not a Key Result of ${projectKey}.`, 'keyResultIds');
  const saved = await saveSprintGoal({ projectKey, sprintId: sprint.id, keyResultIds, updatedAt: invocation.now.toISOString(), accountId: invocation.accountId });
  return { sprintId: saved.sprintId, keyResultIds: saved.keyResultIds };
}

export function registerProjectPage(resolver: Resolver): void {
  defineResolvers(resolver, { getProjectOverview, setSprintKeyResults });
}
