// Nexuses ("team of teams"), on the organization page: a named group of projects sharing one Product
// Goal, whose rollup shows the group's Key Results, its teams' sprints side by side and how much of
// each running sprint serves a Key Result. Created and changed by holders of the Manage organization
// OKRs global permission; read by every user of the site, who sees only the teams they may browse
// (one bulk permission check), and not at all a Nexus none of whose teams they may browse.
import { randomUUID } from 'node:crypto';
import type Resolver from '@forge/resolver';
import { type DeleteData, NEXUS_CLOSED_SPRINTS, NEXUS_FUTURE_SPRINTS, type NexusRollup, type NexusSprint, type NexusView, type ValidPayload } from '../contract';
import { keyResultsServed, sprintAlignment } from '../domain/alignment';
import { cycleById, cyclesAround } from '../domain/cycles';
import { sprintIssueOfKept } from '../domain/kept';
import { JiraError, type JiraSprint, mapConcurrently, SPRINTS_PER_PAGE } from '../jira/client';
import { requestBoardSprints } from '../jobs/kept-issues';
import { defineSiteResolvers, type SiteInvocation } from '../invocation/define';
import { AppError } from '../invocation/errors';
import { organizationAccess, requireOrgManager, type VisibleTeams, visibleTeams } from '../invocation/org-access';
import { keptBoardSprints } from '../store/board-sprints';
import { deleteNexus as deleteStoredNexus, getStoredNexus, saveNexus as saveStoredNexus, type StoredNexus } from '../store/nexus';
import { getOrgObjective, loadOrgSettings, orgKeyResultsOfObjective } from '../store/org-okrs';
import { loadCycle } from '../store/okrs';
import { settingsOfProjects } from '../store/settings';
import { keptSprintWork } from '../store/sprint-work';
import { keyResultView } from '../views/okrs';

const NOT_FOUND = 'This Nexus does not exist (it may have been deleted). Reload to see the current Nexuses.';

/** The Nexus as the viewer may see it (only the projects they may browse), or null when they may browse none of them. */
export function nexusViewFor(nexus: StoredNexus, visible: VisibleTeams, titles: ReadonlyMap<string, string>): NexusView | null {
  const projects = nexus.projectKeys.filter((projectKey) => visible.has(projectKey)).map((key) => ({ key, name: visible.nameOf(key) }));
  if (projects.length === 0) return null;
  const serves = nexus.productGoal.servesOrgObjectiveId;
  return { id: nexus.id, name: nexus.name, projects, productGoal: nexus.productGoal, servesTitle: (serves && titles.get(serves)) ?? null, version: nexus.version };
}

async function titleOf(orgObjectiveId: string | undefined): Promise<Map<string, string>> {
  if (!orgObjectiveId) return new Map();
  const objective = await getOrgObjective(orgObjectiveId);
  return objective ? new Map([[objective.id, objective.title]]) : new Map();
}

async function saveNexus(payload: ValidPayload<'saveNexus'>, invocation: SiteInvocation): Promise<NexusView> {
  const input = payload.nexus;
  requireOrgManager(await organizationAccess(invocation), input.id ? 'change a Nexus' : 'create a Nexus');
  const existing = input.id ? await getStoredNexus(input.id) : null;
  if (input.id && !existing) throw new AppError('NOT_FOUND', NOT_FOUND, 'nexus.id');
  if (existing && payload.expectedVersion === undefined) {
    throw new AppError('VALIDATION', 'expectedVersion is required to change an existing Nexus, so that nobody’s change is overwritten.', 'expectedVersion');
  }
  const visible = await visibleTeams(invocation, [...input.projectKeys, ...(existing?.projectKeys ?? [])]);
  const unseen = input.projectKeys.find((projectKey) => !visible.has(projectKey));
  if (unseen) throw new AppError('VALIDATION', `There is no project ${unseen} you may browse: a Nexus groups projects you can see.`, 'nexus.projectKeys');
  // Projects of the Nexus the manager may not browse stay in it: they are neither shown to them nor dropped by their save.
  const kept = (existing?.projectKeys ?? []).filter((projectKey) => !visible.has(projectKey));
  const servesOrgObjectiveId = input.productGoal.servesOrgObjectiveId;
  const titles = await titleOf(servesOrgObjectiveId);
  if (servesOrgObjectiveId && !titles.has(servesOrgObjectiveId)) {
    throw new AppError('VALIDATION', 'There is no such organization Objective (it may have been deleted): choose one that exists.', 'nexus.productGoal.servesOrgObjectiveId');
  }
  const saved = await saveStoredNexus(
    { id: existing?.id ?? randomUUID(), name: input.name, projectKeys: [...input.projectKeys, ...kept], productGoal: { text: input.productGoal.text, ...(servesOrgObjectiveId ? { servesOrgObjectiveId } : {}) } },
    invocation.now.toISOString(),
    existing ? payload.expectedVersion : undefined,
  );
  const view = nexusViewFor(saved, visible, titles);
  if (!view) throw new Error('A saved Nexus has projects its manager may browse.');
  return view;
}

async function deleteNexus(payload: ValidPayload<'deleteNexus'>, invocation: SiteInvocation): Promise<DeleteData> {
  requireOrgManager(await organizationAccess(invocation), 'delete a Nexus');
  if (!(await getStoredNexus(payload.id))) throw new AppError('NOT_FOUND', NOT_FOUND, 'id');
  await deleteStoredNexus(payload.id, payload.expectedVersion);
  return { warnings: [] };
}

/**
 * A Nexus's rollup for one quarter (the organization's calendar; by default the one running now):
 * each visible team's Key Results (one cycle read each), its sprints (what is kept of its board's
 * closed sprints, and its running and planned ones read from Jira: one or two calls a team), and its
 * running sprint's aligned share from the kept roster (no issue history). At most NEXUS_MAX_PROJECTS teams.
 */
async function getNexus(payload: ValidPayload<'getNexus'>, invocation: SiteInvocation): Promise<NexusRollup> {
  const { now } = invocation;
  const [access, settings, nexus] = await Promise.all([organizationAccess(invocation), loadOrgSettings(), getStoredNexus(payload.id)]);
  if (!nexus) throw new AppError('NOT_FOUND', NOT_FOUND, 'id');
  const visible = await visibleTeams(invocation, nexus.projectKeys);
  const servesId = nexus.productGoal.servesOrgObjectiveId;
  const [orgObjective, orgKeyResults] = servesId ? await Promise.all([getOrgObjective(servesId), orgKeyResultsOfObjective(servesId)]) : [null, []];
  const view = nexusViewFor(nexus, visible, new Map(orgObjective ? [[orgObjective.id, orgObjective.title]] : []));
  // Not told apart from a Nexus that does not exist: its name and its teams are not the viewer's to see.
  if (!view) throw new AppError('NOT_FOUND', NOT_FOUND, 'id');
  const cycles = cyclesAround(now, settings.fiscalYearStartMonth).filter((cycle) => cycle.kind === 'quarter');
  const cycle = payload.cycleId ? cycleById(payload.cycleId, settings.fiscalYearStartMonth, now) : cycles.find((candidate) => candidate.state === 'active');
  if (!cycle) throw new AppError('NOT_FOUND', `There is no OKR cycle ${payload.cycleId ?? ''}.`, 'cycleId');
  const orgCycle = orgObjective ? cycleById(orgObjective.cycleId, settings.fiscalYearStartMonth, now) : undefined;
  const projectKeys = view.projects.map((project) => project.key);
  const teamSettings = await settingsOfProjects(projectKeys);
  const teams = await mapConcurrently(projectKeys, TEAMS_AT_ONCE, async (projectKey) => {
    const [okrs, sprints] = await Promise.all([loadCycle(projectKey, cycle.id), sprintsOf(invocation, projectKey, teamSettings.get(projectKey)?.boardId)]);
    const objectives = new Map(okrs.objectives.filter((objective) => objective.status !== 'dropped').map((objective) => [objective.id, objective]));
    const keyResults = okrs.keyResults.flatMap((keyResult) => {
      const objective = objectives.get(keyResult.objectiveId);
      if (!objective) return [];
      const shown = keyResultView(keyResult, cycle, now);
      return [{ id: keyResult.id, title: keyResult.title, objectiveId: objective.id, objectiveTitle: objective.title, progress: shown.progress, status: shown.status, contributesToOrgKeyResultId: keyResult.contributesTo?.orgKeyResultId ?? null }];
    });
    return { projectKey, name: visible.nameOf(projectKey), keyResults, ...sprints };
  });
  return {
    nexus: view,
    cycle,
    cycles,
    serves: orgObjective
      ? {
          id: orgObjective.id,
          title: orgObjective.title,
          status: orgObjective.status,
          keyResults: orgKeyResults.map((keyResult) => {
            const shown = orgCycle ? keyResultView(keyResult, orgCycle, now) : null;
            return { id: keyResult.id, title: keyResult.title, progress: shown?.progress ?? 0, status: shown?.status ?? 'not-measurable' };
          }),
        }
      : null,
    teams,
    canManage: access.canManage,
  };
}

/** Teams of a Nexus read at once. */
const TEAMS_AT_ONCE = 4;

const sprintOf = (sprint: Pick<JiraSprint, 'id' | 'name' | 'state' | 'startDate' | 'endDate' | 'goal'>): NexusSprint => ({
  id: sprint.id,
  name: sprint.name,
  state: sprint.state,
  startDate: sprint.startDate ?? null,
  endDate: sprint.endDate ?? null,
  goal: sprint.goal ?? null,
});

/**
 * The board's sprints as the project page reads them (jira/project-work.ts): its closed ones as kept
 * with its running and planned ones read now (one call); every sprint read when none are kept or one
 * kept open has closed since, and then asked to be kept unless they fit in one page.
 */
async function boardSprints(jira: SiteInvocation['jira'], boardId: number, now: Date): Promise<JiraSprint[]> {
  const kept = await keptBoardSprints(boardId, now);
  if (kept) {
    const open = await jira.sprintsOfBoard(boardId, ['active', 'future']);
    const still = new Set(open.map((sprint) => sprint.id));
    if (kept.open.every((id) => still.has(id))) return [...kept.closed, ...open];
  }
  const all = await jira.sprintsOfBoard(boardId);
  if (all.length > SPRINTS_PER_PAGE) await requestBoardSprints(boardId);
  return all;
}

/**
 * A team's sprints side by side (its last closed ones, the running one, the next planned ones), read
 * as the viewer, and the running sprint's aligned share. With no Scrum board, no sprints.
 */
async function sprintsOf({ jira, now }: SiteInvocation, projectKey: string, boardId: number | undefined): Promise<Pick<NexusRollup['teams'][number], 'sprints' | 'runningAlignedShare' | 'sprintsUnavailable'>> {
  try {
    const board = boardId ?? (await jira.scrumBoardsOfProject(projectKey))[0]?.id;
    if (board === undefined) return { sprints: [], runningAlignedShare: null, sprintsUnavailable: false };
    const all = await boardSprints(jira, board, now);
    const running = all.find((sprint) => sprint.state === 'active');
    const closed = all.filter((sprint) => sprint.state === 'closed').slice(-NEXUS_CLOSED_SPRINTS);
    const planned = all.filter((sprint) => sprint.state === 'future').slice(0, NEXUS_FUTURE_SPRINTS);
    const work = running ? await keptSprintWork(projectKey, running.id) : null;
    const share = work ? sprintAlignment(work.issues.map((issue) => sprintIssueOfKept(issue)), (issueId) => keyResultsServed(issueId, work.links, work.parentOf)).share : null;
    return { sprints: [...closed, ...(running ? [running] : []), ...planned].map(sprintOf), runningAlignedShare: share, sprintsUnavailable: false };
  } catch (error) {
    if (error instanceof JiraError) return { sprints: [], runningAlignedShare: null, sprintsUnavailable: true };
    throw error;
  }
}

export function registerNexus(resolver: Resolver): void {
  defineSiteResolvers(resolver, { saveNexus, deleteNexus, getNexus });
}
