// The organization's OKRs, on the organization page (a global page: no project in its context). The
// organization sets yearly Objectives and quarterly ones on its own fiscal calendar; teams align their
// quarterly OKRs to them as they see fit. Each resolver: validate (defineSiteResolvers) → authorize
// against Jira → load → domain → store, as a team's.
import { randomUUID } from 'node:crypto';
import type Resolver from '@forge/resolver';
import { type Cycle, type DataOf, type DeleteData, type KeyResultView, type Objective, type OrganizationOkrsData, type OrganizationSettings, type OrganizationTopology, ORG_TEAM_SPRINTS_READ, ORG_TEAMS_LISTED, type OrgKeyResultContributions, type ValidPayload } from '../contract';
import { keyResultsServed, sprintAlignment } from '../domain/alignment';
import { sprintIssueOfKept } from '../domain/kept';
import { problemSentences, type SprintServing, sprintServing, topologyCells } from '../domain/org-matrix';
import { organizationTopology, type TeamFacts, waysOfTeam } from '../domain/org-topology';
import { JiraError, mapConcurrently } from '../jira/client';
import { contributionsTo, teamKeyResults, teamObjectivesOfCycles } from '../store/alignment';
import { DEFAULT_OKR_LIMIT, settingsOfProjects } from '../store/settings';
import { sprintGoalsOf } from '../store/sprint-goals';
import { type KeptSprintWork, keptSprintWork } from '../store/sprint-work';
import { contributionsView, withContributedProgress } from '../views/alignment';
import { cycleById, cyclesAround, quarterIdsOf } from '../domain/cycles';
import { changeBy, defineSiteResolvers, type SiteInvocation } from '../invocation/define';
import { AppError } from '../invocation/errors';
import { historySubjectOf } from '../invocation/lookups';
import { organizationAccess, requireOrgManager, type VisibleTeams, visibleTeams } from '../invocation/org-access';
import {
  appendOrgCheckIn,
  deleteOrgKeyResult,
  deleteOrgObjective,
  getOrgKeyResult,
  getOrgObjective,
  gradeOrgKeyResult,
  loadOrgCycle,
  loadOrgSettings,
  orgHistoryPage,
  orgKeyResultsOfObjective,
  saveOrgKeyResult,
  saveOrgObjective,
  saveOrgSettings,
  type OrgObjective,
} from '../store/org-okrs';
import type { StoredKeyResult } from '../store/okrs';
import { boundedChange, keyResultTitles } from '../views/history';
import { cycleViews, keyResultView } from '../views/okrs';

const asChange = changeBy;

async function orgCycle(cycleId: string, now: Date, field: string): Promise<Cycle> {
  const { fiscalYearStartMonth } = await loadOrgSettings();
  const cycle = cycleById(cycleId, fiscalYearStartMonth, now);
  if (!cycle) throw new AppError('VALIDATION', `There is no OKR cycle ${cycleId}.`, field);
  return cycle;
}

async function orgObjective(id: string, field: string): Promise<OrgObjective> {
  const objective = await getOrgObjective(id);
  if (!objective) throw new AppError('NOT_FOUND', 'This organization Objective does not exist (it may have been deleted). Reload to see the current OKRs.', field);
  return objective;
}

async function orgKeyResult(id: string, field: string): Promise<StoredKeyResult> {
  const keyResult = await getOrgKeyResult(id);
  if (!keyResult) throw new AppError('NOT_FOUND', 'This organization Key Result does not exist (it may have been deleted). Reload to see the current OKRs.', field);
  return keyResult;
}


async function getOrganizationOkrs(payload: ValidPayload<'getOrganizationOkrs'>, invocation: SiteInvocation): Promise<OrganizationOkrsData> {
  const { now } = invocation;
  const [access, settings] = await Promise.all([organizationAccess(invocation), loadOrgSettings()]);
  const cycles = cyclesAround(now, settings.fiscalYearStartMonth);
  // By default the fiscal year running now: the organization's OKRs are set for the year.
  const cycle = payload.cycleId ? cycleById(payload.cycleId, settings.fiscalYearStartMonth, now) : cycles.find((candidate) => candidate.kind === 'year' && candidate.state === 'active');
  if (!cycle) throw new AppError('NOT_FOUND', `There is no OKR cycle ${payload.cycleId ?? ''}.`, 'cycleId');
  const [{ objectives, keyResults, more }, related] = await Promise.all([loadOrgCycle(cycle.id), relatedOrgKeyResults(cycle)]);
  const byKeyResult = await contributionsTo([...keyResults, ...related].map((keyResult) => keyResult.id));
  const teams = await teamsOf(cycle, byKeyResult);
  // One bulk permission check for every team named anywhere on the page.
  const visible = await visibleTeams(invocation, [...teams.projectKeys, ...[...byKeyResult.values()].flat().map((keyResult) => keyResult.projectKey)]);
  const contributions = contributionsSeenBy(new Map([...byKeyResult].filter(([id]) => keyResults.some((keyResult) => keyResult.id === id))), visible);
  const topology = await topologyOf(invocation, { cycle, objectives, keyResults: [...keyResults, ...related], teams, visible, spreadThreshold: settings.spreadThreshold });
  const noIssues = () => [];
  const noFlow = () => ({ wip: 0, throughputPerSprint: 0, medianCycleTimeDays: null, oldestWipAgeDays: null });
  const canCheckIn = () => access.canManage;
  return {
    cycle,
    cycles,
    settings,
    objectives: withContributedProgress(cycleViews(objectives, keyResults, cycle, now, noIssues, canCheckIn, noFlow), contributions, cycle, now, canCheckIn),
    moreObjectives: more,
    canManage: access.canManage,
    contributions,
    topology,
  };
}

/**
 * The team Key Results contributing to each organization Key Result that has any: all are counted,
 * and only those of projects the caller may browse (one bulk check with Jira, as the caller) are named.
 */
function contributionsSeenBy(byKeyResult: ReadonlyMap<string, readonly StoredKeyResult[]>, visible: VisibleTeams): Record<string, OrgKeyResultContributions> {
  const contributions: Record<string, OrgKeyResultContributions> = {};
  for (const [id, contributors] of byKeyResult) if (contributors.length > 0) contributions[id] = contributionsView(contributors, (projectKey) => visible.has(projectKey));
  return contributions;
}

/**
 * The organization Key Results of the rest of the cycle's fiscal year (the year's for a quarter, the
 * quarters' for a year): a team Key Result contributing to one of them aligns its Objective too.
 */
async function relatedOrgKeyResults(cycle: Cycle): Promise<StoredKeyResult[]> {
  const year = cycle.kind === 'year' ? cycle.id : cycle.id.slice(0, cycle.id.indexOf('-Q'));
  const others = [year, ...quarterIdsOf({ id: year, kind: 'year' })].filter((id) => id !== cycle.id);
  const loaded = await Promise.all(others.map((id) => loadOrgCycle(id)));
  return loaded.flatMap((one) => one.keyResults);
}

/** Every team's Objectives of the cycle (a year: its quarters' too), across projects, and the teams named by them or by a contribution. */
async function teamsOf(cycle: Cycle, byKeyResult: ReadonlyMap<string, readonly StoredKeyResult[]>) {
  const cycleIds = cycle.kind === 'year' ? [cycle.id, ...quarterIdsOf(cycle)] : [cycle.id];
  const objectives = await teamObjectivesOfCycles(cycleIds);
  const contributors = [...byKeyResult.values()].flat();
  const projectKeys = [...new Set([...objectives.map((objective) => objective.projectKey), ...contributors.map((keyResult) => keyResult.projectKey)])].sort();
  return { objectives, contributors, projectKeys };
}

/**
 * Who serves the cycle's organization Objectives and the flags (domain/org-topology.ts), for the teams
 * the viewer may see: the store is read by cycle across projects (settings one batch read per 25
 * teams); Jira is asked only for the running sprints of the first ORG_TEAM_SPRINTS_READ visible teams,
 * while the cycle runs, one board a call (no Jira call answers many boards).
 */
async function topologyOf(
  invocation: SiteInvocation,
  at: { cycle: Cycle; objectives: readonly OrgObjective[]; keyResults: readonly StoredKeyResult[]; teams: Awaited<ReturnType<typeof teamsOf>>; visible: VisibleTeams; spreadThreshold: number },
): Promise<OrganizationTopology> {
  const { cycle, teams, visible } = at;
  const settings = await settingsOfProjects(teams.projectKeys);
  const seen = teams.projectKeys.filter((projectKey) => visible.has(projectKey));
  const shown = seen.slice(0, ORG_TEAMS_LISTED);
  const listed = new Set(shown);
  const read = cycle.state === 'active' ? shown.slice(0, ORG_TEAM_SPRINTS_READ) : [];
  const orgObjectiveOfKeyResult = new Map(at.keyResults.map((keyResult) => [keyResult.id, keyResult.objectiveId]));
  const objectiveById = new Map(teams.objectives.map((objective) => [objective.id, objective]));
  const contributionOf = new Map(teams.contributors.flatMap((keyResult) => (keyResult.contributesTo ? [[keyResult.id, keyResult.contributesTo.orgKeyResultId] as const] : [])));
  const known = { orgObjectiveOfKeyResult, objectiveById, contributionOf };
  const running = new Map(await mapConcurrently(read, SPRINTS_AT_ONCE, async (projectKey) => [projectKey, await runningSprintOf(invocation, projectKey, settings.get(projectKey)?.boardId, known)] as const));
  const sprints = new Map([...running].map(([projectKey, sprint]) => [projectKey, sprint?.view ?? null] as const));
  const facts: TeamFacts[] = teams.projectKeys.map((projectKey) => {
    const productGoalServes = settings.get(projectKey)?.productGoal?.servesOrgObjectiveId;
    return {
      projectKey,
      okrLimit: settings.get(projectKey)?.okrLimit ?? DEFAULT_OKR_LIMIT,
      ...(productGoalServes ? { productGoalServes } : {}),
      objectives: teams.objectives.filter((objective) => objective.projectKey === projectKey),
      contributions: teams.contributors.filter((keyResult) => keyResult.projectKey === projectKey && keyResult.contributesTo).map((keyResult) => ({ objectiveId: keyResult.objectiveId, orgKeyResultId: keyResult.contributesTo?.orgKeyResultId ?? '' })),
      sprintAlignedShare: sprints.get(projectKey)?.alignedShare ?? null,
    };
  });
  const orgFacts = at.objectives.map((objective) => ({ id: objective.id, status: objective.status, keyResultIds: at.keyResults.filter((keyResult) => keyResult.objectiveId === objective.id).map((keyResult) => keyResult.id) }));
  const topology = organizationTopology({ objectives: orgFacts, teams: facts, visible: (projectKey) => visible.has(projectKey), spreadThreshold: at.spreadThreshold });
  const teamViews = topology.teams.filter((standing) => listed.has(standing.projectKey)).map((standing) => ({ ...standing, name: visible.nameOf(standing.projectKey), sprint: sprints.get(standing.projectKey) ?? null }));
  const flags = topology.flags.filter((flag) => flag.projectKey === undefined || listed.has(flag.projectKey));
  // The matrix: the listed (visible) teams only, from the facts and sprints already read.
  const factsOf = new Map(facts.map((team) => [team.projectKey, team]));
  const matrixTeams = shown.map((projectKey) => ({ projectKey, ways: waysOfTeam(factsOf.get(projectKey) ?? emptyFacts(projectKey), orgObjectiveOfKeyResult), sprint: running.get(projectKey)?.serving ?? null }));
  const orgObjectiveIds = at.objectives.map((objective) => objective.id);
  const titles = new Map(at.objectives.map((objective) => [objective.id, objective.title]));
  const viewOf = new Map(teamViews.map((team) => [team.projectKey, team]));
  return {
    teams: teamViews,
    serving: Object.fromEntries(Object.entries(topology.serving).map(([id, serving]) => [id, serving.filter((team) => listed.has(team.projectKey))])),
    flags,
    sprintsNotRead: cycle.state === 'active' ? shown.length - read.length : 0,
    moreTeams: seen.length - shown.length,
    matrix: {
      orgObjectiveIds,
      projectKeys: shown,
      cells: topologyCells(orgObjectiveIds, matrixTeams),
      problems: problemSentences(flags, { titleOf: (id) => titles.get(id) ?? 'Untitled', servedBy: (id) => topology.serving[id]?.length ?? 0, team: (projectKey) => viewOf.get(projectKey) }),
    },
  };
}

const emptyFacts = (projectKey: string): TeamFacts => ({ projectKey, okrLimit: DEFAULT_OKR_LIMIT, objectives: [], contributions: [], sprintAlignedShare: null });

/** Teams whose running sprint is read at once. */
const SPRINTS_AT_ONCE = 4;

type TeamSprint = NonNullable<OrganizationTopology['teams'][number]['sprint']>;

/**
 * The team's running sprint (its settings' board, else its first Scrum board, read from Jira as the
 * viewer): its aligned share from the kept roster and links, and what its Sprint Goal is tied to.
 * Null with no running sprint, or when Jira does not answer (the rest of the page still shows).
 */
async function runningSprintOf(
  { jira }: SiteInvocation,
  projectKey: string,
  boardId: number | undefined,
  known: { orgObjectiveOfKeyResult: ReadonlyMap<string, string>; objectiveById: ReadonlyMap<string, Objective>; contributionOf: ReadonlyMap<string, string> },
): Promise<{ view: TeamSprint; serving: SprintServing | null } | null> {
  try {
    const board = boardId ?? (await jira.scrumBoardsOfProject(projectKey))[0]?.id;
    if (board === undefined) return null;
    const sprint = (await jira.sprintsOfBoard(board, ['active']))[0];
    if (!sprint) return null;
    const [work, goals] = await Promise.all([keptSprintWork(projectKey, sprint.id), sprintGoalsOf(projectKey, [sprint.id])]);
    const tied = await teamKeyResults(goals.get(sprint.id)?.keyResultIds ?? []);
    const ours = [...tied.values()].filter((keyResult) => keyResult.projectKey === projectKey);
    const served = new Set(
      ours.flatMap((keyResult) => {
        const viaObjective = known.objectiveById.get(keyResult.objectiveId)?.servesOrgObjectiveId;
        const viaContribution = keyResult.contributesTo ? known.orgObjectiveOfKeyResult.get(keyResult.contributesTo.orgKeyResultId) : undefined;
        return [viaObjective, viaContribution].filter((id): id is string => id !== undefined);
      }),
    );
    const view: TeamSprint = {
      id: sprint.id,
      name: sprint.name,
      goal: sprint.goal ?? null,
      alignedShare: work ? alignedShareOf(work) : null,
      servesKeyResults: ours.map((keyResult) => ({ id: keyResult.id, title: keyResult.title })),
      servesOrgObjectiveIds: [...served],
    };
    return { view, serving: work ? servingOf(work, known) : null };
  } catch (error) {
    if (error instanceof JiraError) return null;
    throw error;
  }
}

/**
 * How the sprint's work serves each organization Objective (domain/org-matrix.ts): a team Key Result
 * serves the one its Objective is aligned to and the one whose Key Result it contributes to, unless its
 * Objective is dropped. From the links and the cycle's Objectives and contributions already read.
 */
function servingOf(work: KeptSprintWork, known: { orgObjectiveOfKeyResult: ReadonlyMap<string, string>; objectiveById: ReadonlyMap<string, Objective>; contributionOf: ReadonlyMap<string, string> }): SprintServing {
  const orgObjectivesOf = (keyResultId: string): string[] => {
    const objective = known.objectiveById.get(work.objectiveOf.get(keyResultId) ?? '');
    if (objective?.status === 'dropped') return [];
    const orgKeyResultId = known.contributionOf.get(keyResultId);
    const ids = [objective?.servesOrgObjectiveId, orgKeyResultId ? known.orgObjectiveOfKeyResult.get(orgKeyResultId) : undefined].filter((id): id is string => id !== undefined);
    return [...new Set(ids)];
  };
  return sprintServing(work.issues.map((issue) => sprintIssueOfKept(issue)), (issueId) => keyResultsServed(issueId, work.links, work.parentOf), orgObjectivesOf);
}

/** The share of the sprint's work serving a Key Result, as the project page counts it (domain/alignment.ts). */
function alignedShareOf(work: KeptSprintWork): number | null {
  return sprintAlignment(work.issues.map((issue) => sprintIssueOfKept(issue)), (issueId) => keyResultsServed(issueId, work.links, work.parentOf)).share;
}

/** A page of an organization Objective's or Key Result's history, newest first: read by everyone who reads them. */
async function getOrganizationHistory(payload: ValidPayload<'getOrganizationHistory'>, invocation: SiteInvocation): Promise<DataOf<'getOrganizationHistory'>> {
  const subject = historySubjectOf(payload);
  await organizationAccess(invocation);
  const keyResults = 'keyResultId' in subject ? [await orgKeyResult(subject.keyResultId, 'keyResultId')] : (await orgObjective(subject.objectiveId, 'objectiveId'), await orgKeyResultsOfObjective(subject.objectiveId));
  const page = await orgHistoryPage(subject, payload.cursor);
  const people = await invocation.jira.displayNames(page.changes.map((change) => change.accountId));
  return { changes: page.changes.map(boundedChange), people, keyResults: keyResultTitles(page.changes, keyResults), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

async function saveOrganizationObjective(payload: ValidPayload<'saveOrganizationObjective'>, invocation: SiteInvocation): Promise<Objective> {
  const input = payload.objective;
  requireOrgManager(await organizationAccess(invocation), input.id ? 'change the organization’s OKRs' : 'create organization OKRs');
  const cycle = await orgCycle(input.cycleId, invocation.now, 'objective.cycleId');
  const existing = input.id ? await orgObjective(input.id, 'objective.id') : null;
  if (existing && payload.expectedVersion === undefined) {
    throw new AppError('VALIDATION', 'expectedVersion is required to change an existing Objective, so that nobody’s change is overwritten.', 'expectedVersion');
  }
  return saveOrgObjective(
    {
      id: existing?.id ?? randomUUID(),
      cycleId: cycle.id,
      title: input.title,
      status: input.status,
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.ownerAccountId !== undefined ? { ownerAccountId: input.ownerAccountId } : {}),
    },
    asChange(invocation, existing ? 'objective.updated' : 'objective.created', payload.reason),
    existing ? payload.expectedVersion : undefined,
  );
}

async function deleteOrganizationObjective(payload: ValidPayload<'deleteOrganizationObjective'>, invocation: SiteInvocation): Promise<DeleteData> {
  requireOrgManager(await organizationAccess(invocation), 'delete organization OKRs');
  await orgObjective(payload.id, 'id');
  await deleteOrgObjective(payload.id, payload.expectedVersion, asChange(invocation, 'objective.deleted'));
  return { warnings: [] };
}

async function saveOrganizationKeyResult(payload: ValidPayload<'saveOrganizationKeyResult'>, invocation: SiteInvocation): Promise<KeyResultView> {
  const input = payload.keyResult;
  requireOrgManager(await organizationAccess(invocation), input.id ? 'change the organization’s OKRs' : 'create organization OKRs');
  const objective = await orgObjective(input.objectiveId, 'keyResult.objectiveId');
  // Read before the write: once it is saved, a failed read must not answer as if nothing was.
  const cycle = await orgCycle(objective.cycleId, invocation.now, 'keyResult.objectiveId');
  const existing = input.id ? await orgKeyResult(input.id, 'keyResult.id') : null;
  if (existing && payload.expectedVersion === undefined) {
    throw new AppError('VALIDATION', 'expectedVersion is required to change an existing Key Result, so that nobody’s change is overwritten.', 'expectedVersion');
  }
  const progressFrom = input.progressFrom ?? existing?.progressFrom;
  const saved = await saveOrgKeyResult(
    { id: existing?.id ?? randomUUID(), objectiveId: objective.id, title: input.title, metric: input.metric, weight: input.weight ?? existing?.weight ?? 1, startDate: input.startDate, ...(progressFrom ? { progressFrom } : {}) },
    asChange(invocation, existing ? 'keyResult.updated' : 'keyResult.created', payload.reason),
    existing ? payload.expectedVersion : undefined,
  );
  return keyResultView(saved, cycle, invocation.now);
}

async function deleteOrganizationKeyResult(payload: ValidPayload<'deleteOrganizationKeyResult'>, invocation: SiteInvocation): Promise<DeleteData> {
  requireOrgManager(await organizationAccess(invocation), 'delete organization OKRs');
  await orgKeyResult(payload.id, 'id');
  await deleteOrgKeyResult(payload.id, payload.expectedVersion, asChange(invocation, 'keyResult.deleted'));
  return { warnings: [] };
}

async function checkInOrganizationKeyResult(payload: ValidPayload<'checkInOrganizationKeyResult'>, invocation: SiteInvocation): Promise<KeyResultView> {
  requireOrgManager(await organizationAccess(invocation), 'check in on the organization’s Key Results');
  const { accountId, now } = invocation;
  const cycle = await orgCycle((await orgKeyResult(payload.keyResultId, 'keyResultId')).cycleId, now, 'keyResultId');
  const saved = await appendOrgCheckIn(
    payload.keyResultId,
    { at: now.toISOString(), accountId, value: payload.value, confidence: payload.confidence, ...(payload.note ? { note: payload.note } : {}) },
    asChange(invocation, 'keyResult.checked-in'),
  );
  return keyResultView(saved, cycle, now);
}

async function gradeOrganizationKeyResult(payload: ValidPayload<'gradeOrganizationKeyResult'>, invocation: SiteInvocation): Promise<KeyResultView> {
  requireOrgManager(await organizationAccess(invocation), 'grade the organization’s Key Results');
  const cycle = await orgCycle((await orgKeyResult(payload.keyResultId, 'keyResultId')).cycleId, invocation.now, 'keyResultId');
  const saved = await gradeOrgKeyResult(payload.keyResultId, { score: payload.score, ...(payload.note ? { note: payload.note } : {}) }, asChange(invocation, 'keyResult.graded'));
  return keyResultView(saved, cycle, invocation.now);
}

async function saveOrganizationSettings(payload: ValidPayload<'saveOrganizationSettings'>, invocation: SiteInvocation): Promise<OrganizationSettings> {
  requireOrgManager(await organizationAccess(invocation), 'change the organization’s fiscal year');
  return saveOrgSettings({ fiscalYearStartMonth: payload.fiscalYearStartMonth, ...(payload.spreadThreshold !== undefined ? { spreadThreshold: payload.spreadThreshold } : {}) }, payload.expectedVersion);
}

export function registerOrganization(resolver: Resolver): void {
  defineSiteResolvers(resolver, {
    getOrganizationOkrs,
    getOrganizationHistory,
    saveOrganizationObjective,
    deleteOrganizationObjective,
    saveOrganizationKeyResult,
    deleteOrganizationKeyResult,
    checkInOrganizationKeyResult,
    gradeOrganizationKeyResult,
    saveOrganizationSettings,
  });
}
