// The organization page at 10 and 50 teams (issue 17, capability 8): an organization of generated
// teams, each a project with a Scrum board and a running sprint, OKRs aligned to the organization's
// (one Objective aligned to an organization Objective, one Key Result contributing to another's Key
// Result), its sprint's stories linked to them; put into Forge storage through the app's own
// resolvers (saveOrganizationObjective, saveObjective, saveKeyResult, linkIssue) and the kept issues
// rebuilt by the app's own queue, as a first project page view asks for it. Then
// `getOrganizationOkrs` is measured like the project page: Jira and KVS calls, bytes to the UI, wall
// time with the simulated latency.
import { Queue } from '@forge/events';
import type { DataOf, Envelope, ResolverKey } from '../src/contract';
import { createDemoData } from '../local/jira/demo-data';
import type { IssueRecord, JiraData, SprintRecord } from '../local/jira/model';
import { BENCH_TODAY } from './generate';
import { measure, type Measurement } from './measure';
import { startBenchPlatform, type BenchPlatform, USERS, type User } from './platform';

/** What each generated team is made of. */
export const ORG_TEAM_SHAPE = { stories: 10, linkedToAligned: 4, linkedToContributing: 2, subtasksOfFirstStory: 2 } as const;
/** The organization's Objectives for the year, each with two Key Results. */
export const ORG_OBJECTIVES = ['Members recommend us', 'Every club at a profit', 'Open two new cities', 'Coaches love the tools'] as const;
/** The cycle the organization page opens on: the fiscal year (January to December) running on BENCH_TODAY. */
export const ORG_YEAR = '2026';
/** The team OKRs' quarter. */
export const TEAM_QUARTER = '2026-Q4';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(Math.round(ms)).toISOString();

export interface OrgTeam {
  projectKey: string;
  name: string;
  boardId: number;
  activeSprintId: number;
  /** The running sprint's stories (keys), the first ORG_TEAM_SHAPE.linkedToAligned linked to the aligned Key Result, the next to the contributing one. */
  stories: string[];
  /** The organization Objective (index) its aligned team Objective serves, and the one whose Key Result its other Key Result contributes to. */
  alignedTo: number;
  contributesTo: number;
}

export interface Organization {
  teams: OrgTeam[];
  data: JiraData;
}

/** Team i: project T01… on board 1001…, sprints 2001… (closed) and 3001… (running). */
export function generateOrganization(teamCount: number, options: { today?: Date } = {}): Organization {
  const today = options.today ?? BENCH_TODAY;
  const now = today.getTime();
  const demo = createDemoData({ today });
  const gym = demo.projects.find((project) => project.key === 'GYM');
  if (!gym) throw new Error('The demo data has no GYM project to take the teams’ shape from.');
  const grants = demo.permissions.filter((grant) => grant.projectKey === 'GYM');
  const story = demo.issueTypes.find((type) => type.name === 'Story')?.id ?? '10001';
  const epic = demo.issueTypes.find((type) => type.name === 'Epic')?.id ?? '10000';
  const subtask = demo.issueTypes.find((type) => type.name === 'Sub-task')?.id ?? '10003';
  const status = (category: 'new' | 'indeterminate' | 'done') => demo.statuses.find((one) => one.categoryKey === category)?.id ?? '10000';
  const teams: OrgTeam[] = [];
  const projects: JiraData['projects'] = [];
  const boards: JiraData['boards'] = [];
  const sprints: SprintRecord[] = [];
  const issues: IssueRecord[] = [];
  let issueId = 900_000;
  for (let i = 0; i < teamCount; i++) {
    const projectKey = `T${String(i + 1).padStart(2, '0')}`;
    const name = `Team ${String(i + 1).padStart(2, '0')}`;
    const boardId = 1001 + i;
    const closedId = 2001 + i;
    const activeId = 3001 + i;
    projects.push({ ...gym, id: String(60_000 + i), key: projectKey, name, description: `Generated team ${i + 1} of the organization benchmark.` });
    boards.push({ id: boardId, name: `${projectKey} board`, type: 'scrum', projectKey });
    sprints.push(
      { id: closedId, name: `${projectKey} Sprint 1`, state: 'closed', goal: '', originBoardId: boardId, createdDate: iso(now - 22 * DAY), startDate: iso(now - 21 * DAY), endDate: iso(now - 7 * DAY), completeDate: iso(now - 7 * DAY) },
      { id: activeId, name: `${projectKey} Sprint 2`, state: 'active', goal: 'Ship what the quarter asks', originBoardId: boardId, createdDate: iso(now - 8 * DAY), startDate: iso(now - 7 * DAY), endDate: iso(now + 7 * DAY) },
    );
    let rank = 0;
    const add = (fields: Pick<IssueRecord, 'issueTypeId' | 'summary' | 'statusId' | 'sprintIds' | 'parentKey'> & { points?: number }): IssueRecord => {
      issueId += 1;
      rank += 1;
      const record: IssueRecord = {
        id: String(issueId),
        key: `${projectKey}-${rank}`,
        projectKey,
        issueTypeId: fields.issueTypeId,
        summary: fields.summary,
        description: null,
        statusId: fields.statusId,
        priorityId: '3',
        labels: [],
        storyPoints: fields.points ?? null,
        rank: `0|i${String(rank).padStart(5, '0')}:`,
        sprintIds: fields.sprintIds,
        parentKey: fields.parentKey,
        created: iso(now - 30 * DAY),
        updated: iso(now - DAY),
        resolutiondate: null,
        assigneeAccountId: null,
        reporterAccountId: USERS.priya,
        changelog: [],
        properties: {},
      };
      issues.push(record);
      return record;
    };
    const theEpic = add({ issueTypeId: epic, summary: `${name}: the quarter's work`, statusId: status('indeterminate'), sprintIds: [], parentKey: null });
    const keys: string[] = [];
    for (let s = 0; s < ORG_TEAM_SHAPE.stories; s++) {
      const one = add({ issueTypeId: story, summary: `${name} story ${s + 1}`, statusId: status(s % 3 === 0 ? 'done' : s % 3 === 1 ? 'indeterminate' : 'new'), sprintIds: [activeId], parentKey: s < 2 ? theEpic.key : null, points: 1 + (s % 5) });
      keys.push(one.key);
    }
    for (let t = 0; t < ORG_TEAM_SHAPE.subtasksOfFirstStory; t++) add({ issueTypeId: subtask, summary: `${name} sub-task ${t + 1}`, statusId: status('new'), sprintIds: [activeId], parentKey: keys[0] ?? null });
    add({ issueTypeId: story, summary: `${name}: done last sprint`, statusId: status('done'), sprintIds: [closedId], parentKey: null, points: 3 });
    teams.push({ projectKey, name, boardId, activeSprintId: activeId, stories: keys, alignedTo: i % ORG_OBJECTIVES.length, contributesTo: (i + 1) % ORG_OBJECTIVES.length });
  }
  const data: JiraData = {
    ...demo,
    projects,
    boards,
    sprints,
    issues,
    // Everyone has on each team what GymTonic gives them on GYM.
    permissions: projects.flatMap((project) => grants.map((grant) => ({ ...grant, projectKey: project.key, permissions: [...grant.permissions] }))),
    issueRestrictions: [],
  };
  return { teams, data };
}

function unwrap<T>(envelope: Envelope<T>, what: string): T {
  if (!envelope.ok) throw new Error(`${what} failed: ${envelope.error.code}: ${envelope.error.message}`);
  return envelope.data;
}

/** The organization page's resolver as a user of it. */
export function onOrganizationPage<K extends ResolverKey>(platform: BenchPlatform, user: User, key: K, payload: unknown = {}): Promise<Envelope<DataOf<K>>> {
  return platform.forge.invoke({ accountId: USERS[user], moduleKey: 'outcomes-organization', extension: { type: 'jira:globalPage' }, functionKey: key, payload }) as never;
}

function onTeamPage<K extends ResolverKey>(platform: BenchPlatform, team: OrgTeam, user: User, key: K, payload: unknown = {}): Promise<Envelope<DataOf<K>>> {
  const project = platform.jira.data.projects.find((candidate) => candidate.key === team.projectKey);
  return platform.forge.invoke({
    accountId: USERS[user],
    moduleKey: 'outcomes-project-page',
    extension: { type: 'jira:projectPage', project: { id: project?.id ?? '0', key: team.projectKey, type: 'software' } },
    functionKey: key,
    payload,
  }) as never;
}

function onTeamIssue<K extends ResolverKey>(platform: BenchPlatform, team: OrgTeam, user: User, key: K, issueKey: string, payload: unknown = {}): Promise<Envelope<DataOf<K>>> {
  const issue = platform.jira.data.issues.find((candidate) => candidate.key === issueKey);
  const project = platform.jira.data.projects.find((candidate) => candidate.key === team.projectKey);
  return platform.forge.invoke({
    accountId: USERS[user],
    moduleKey: 'outcomes-issue-panel',
    extension: { type: 'jira:issuePanel', issue: { id: issue?.id ?? '0', key: issueKey, type: 'Story', typeId: issue?.issueTypeId ?? '10001' }, project: { id: project?.id ?? '0', key: team.projectKey, type: 'software' }, isNewToIssue: false },
    functionKey: key,
    payload,
  }) as never;
}

const percent = (start: number, target: number) => ({ direction: 'increase', start, target, current: start, unit: '%' }) as const;

export interface OrgSeed {
  orgObjectiveIds: string[];
  ms: number;
}

/** Puts the organization's and the teams' OKRs and links into storage through the resolvers, and rebuilds each team's kept issues (no latency: not measured). */
export async function seedOrganization(platform: BenchPlatform, organization: Organization): Promise<OrgSeed> {
  const started = performance.now();
  platform.setLatency(0, 0);
  const orgObjectives: Array<{ id: string; keyResultIds: string[] }> = [];
  for (const title of ORG_OBJECTIVES) {
    const objective = unwrap(await onOrganizationPage(platform, 'elena', 'saveOrganizationObjective', { objective: { cycleId: ORG_YEAR, title, status: 'active' } }), 'saveOrganizationObjective');
    const keyResultIds: string[] = [];
    for (const n of [1, 2]) {
      keyResultIds.push(unwrap(await onOrganizationPage(platform, 'elena', 'saveOrganizationKeyResult', { keyResult: { objectiveId: objective.id, title: `${title}: measure ${n}`, metric: percent(10, 40) } }), 'saveOrganizationKeyResult').id);
    }
    orgObjectives.push({ id: objective.id, keyResultIds });
  }
  const { customFields } = platform.jira.data;
  const fields = { sprint: customFields.sprint, rank: customFields.rank, storyPoints: customFields.storyPoints };
  for (const team of organization.teams) {
    const aligned = orgObjectives[team.alignedTo];
    const contributed = orgObjectives[team.contributesTo];
    if (!aligned || !contributed) throw new Error('No such organization Objective');
    const serving = unwrap(await onTeamPage(platform, team, 'priya', 'saveObjective', { objective: { cycleId: TEAM_QUARTER, title: `${team.name} serves ${ORG_OBJECTIVES[team.alignedTo]}`, status: 'active', servesOrgObjectiveId: aligned.id } }), 'saveObjective');
    const servingKr = unwrap(await onTeamPage(platform, team, 'priya', 'saveKeyResult', { keyResult: { objectiveId: serving.id, title: `${team.name}: its measure`, metric: percent(0, 10) } }), 'saveKeyResult');
    const own = unwrap(await onTeamPage(platform, team, 'priya', 'saveObjective', { objective: { cycleId: TEAM_QUARTER, title: `${team.name} runs smoothly`, status: 'active' } }), 'saveObjective');
    const contributing = unwrap(
      await onTeamPage(platform, team, 'priya', 'saveKeyResult', { keyResult: { objectiveId: own.id, title: `${team.name}: its contribution`, metric: percent(0, 10), contributesTo: { orgKeyResultId: contributed.keyResultIds[0] } } }),
      'saveKeyResult',
    );
    for (const [s, key] of team.stories.entries()) {
      const keyResultId = s < ORG_TEAM_SHAPE.linkedToAligned ? servingKr.id : s < ORG_TEAM_SHAPE.linkedToAligned + ORG_TEAM_SHAPE.linkedToContributing ? contributing.id : null;
      if (keyResultId) unwrap(await onTeamIssue(platform, team, 'priya', 'linkIssue', key, { keyResultId }), 'linkIssue');
    }
    // The kept issues, rebuilt on the app's queue as a first project page view asks for it.
    await platform.forge.deliverEvent({ moduleKey: 'bench', handler: () => new Queue({ key: 'kept-issues' }).push({ body: { kind: 'rebuild', projectKey: team.projectKey, fields } }), event: {} });
  }
  await platform.forge.queuesSettled();
  return { orgObjectiveIds: orgObjectives.map((objective) => objective.id), ms: performance.now() - started };
}

export interface OrgResult {
  teams: number;
  seedMs: number;
  latency: Measurement;
  zero: Measurement;
  runs: number;
  /** What the page showed, checked against the generated organization. */
  checks: string[];
  /** Teams whose running sprint was read. */
  sprintsRead: number;
}

/** Generates, seeds and measures the organization page at `teamCount` teams. */
export async function benchOrganization(teamCount: number, options: { jiraLatencyMs: number; kvsLatencyMs: number; replay: boolean; runs?: number | undefined }): Promise<OrgResult> {
  const organization = generateOrganization(teamCount);
  const platform = startBenchPlatform(organization.data, organization.teams[0]?.projectKey ?? 'T01');
  try {
    const seed = await seedOrganization(platform, organization);
    const call = () => onOrganizationPage(platform, 'kofi', 'getOrganizationOkrs', {});
    const runs = options.runs ?? 5;
    platform.replay = false;
    platform.setLatency(0, 0);
    const zero = await measure(platform, `organization page at ${teamCount} teams`, call, { runs: Math.min(runs, 3) });
    platform.replay = options.replay;
    platform.setLatency(options.jiraLatencyMs, options.kvsLatencyMs);
    const latency = await measure(platform, `organization page at ${teamCount} teams`, call, { runs });
    platform.replay = false;
    platform.setLatency(0, 0);
    const page = unwrap(await call(), 'getOrganizationOkrs');
    const checks = checkOrganizationPage(organization, page);
    const failed = checks.filter((check) => check.endsWith(': NO'));
    if (failed.length > 0) throw new Error(`The organization page does not show the generated organization: ${failed.join('; ')}`);
    return { teams: teamCount, seedMs: seed.ms, latency, zero, runs, checks, sprintsRead: page.topology.teams.filter((team) => team.sprint !== null).length };
  } finally {
    platform.close();
  }
}

/** The page against the generated organization: every team listed, each serving its two Objectives, and the matrix's shares. */
export function checkOrganizationPage(organization: Organization, page: DataOf<'getOrganizationOkrs'>): string[] {
  const checks: string[] = [];
  const yes = (ok: boolean) => (ok ? 'yes' : 'NO');
  const { topology } = page;
  const listed = topology.teams.map((team) => team.projectKey);
  checks.push(`teams listed ${listed.length} = teams generated ${organization.teams.length}: ${yes(listed.join() === organization.teams.map((team) => team.projectKey).join())}`);
  const servingCount = Object.values(topology.serving).reduce((sum, teams) => sum + teams.length, 0);
  checks.push(`team × Objective servings ${servingCount} = 2 a team (${2 * organization.teams.length}): ${yes(servingCount === 2 * organization.teams.length)}`);
  const read = Math.min(organization.teams.length, 20);
  const withShare = topology.teams.filter((team) => team.sprint?.alignedShare != null);
  // A team's sprint: its stories (the first with its sub-tasks folded in), 6 of them linked.
  const expectedShare = (ORG_TEAM_SHAPE.linkedToAligned + ORG_TEAM_SHAPE.linkedToContributing) / ORG_TEAM_SHAPE.stories;
  checks.push(`running sprints read with their aligned share ${withShare.length} = the first ${read} teams': ${yes(withShare.length === read)}`);
  checks.push(`each aligned share ${expectedShare}: ${yes(withShare.every((team) => Math.abs((team.sprint?.alignedShare ?? -1) - expectedShare) < 1e-9))}`);
  const objectiveIds = page.objectives.map((objective) => objective.id);
  const shareCells = topology.matrix.cells.filter((cell) => cell.share !== null);
  const expectedCells = organization.teams.slice(0, read).flatMap((team) => [
    [objectiveIds.length > 0 ? page.objectives.find((objective) => objective.title === ORG_OBJECTIVES[team.alignedTo])?.id : undefined, team.projectKey, ORG_TEAM_SHAPE.linkedToAligned / ORG_TEAM_SHAPE.stories],
    [page.objectives.find((objective) => objective.title === ORG_OBJECTIVES[team.contributesTo])?.id, team.projectKey, ORG_TEAM_SHAPE.linkedToContributing / ORG_TEAM_SHAPE.stories],
  ]);
  const matches = expectedCells.every(([id, projectKey, share]) => shareCells.some((cell) => cell.orgObjectiveId === id && cell.projectKey === projectKey && Math.abs((cell.share ?? -1) - Number(share)) < 1e-9));
  checks.push(`matrix cells with a sprint share ${shareCells.length} = 2 a team read (${expectedCells.length}), each its linked stories' share: ${yes(shareCells.length === expectedCells.length && matches)}`);
  return checks;
}
