// The organization page's teams and flags through the real handler: under each organization
// Objective the teams serving it and how, each team's standing (OKRs in process against its limit, its
// running sprint's aligned share, what its Sprint Goal serves), and the flags with their rules; only
// teams of projects the viewer may browse, asked of Jira in one bulk permission check.
import { createDemoData, DEMO_TODAY } from '../local/jira/demo-data';
import type { OrganizationOkrsData, PayloadOf } from '../src/contract';
import { pinClock } from './support/fixture';
import { dataOf, type DemoUser, startPlatform, type TestPlatform } from './support/platform';
import { must } from './support/must';

beforeAll(() => pinClock(DEMO_TODAY));
afterAll(() => jest.useRealTimers());

let platform: TestPlatform;
beforeEach(() => {
  platform = startPlatform();
});
afterEach(() => platform.close());

const percent = (start: number, target: number) => ({ direction: 'increase', start, target, current: start, unit: '%' }) as const;

async function orgObjective(title: string, status: 'active' | 'draft' = 'active') {
  const objective = dataOf(await platform.onOrganizationPage('elena', 'saveOrganizationObjective', { objective: { cycleId: '2026-Q4', title, status } }));
  const keyResult = dataOf(await platform.onOrganizationPage('elena', 'saveOrganizationKeyResult', { keyResult: { objectiveId: objective.id, title: `${title}: measured`, metric: percent(10, 40) } }));
  return { id: objective.id, keyResultId: keyResult.id };
}

async function teamObjective(projectKey: 'GYM' | 'OPS', as: DemoUser, objective: Partial<PayloadOf<'saveObjective'>['objective']>) {
  return dataOf(await platform.onProjectPage(as, 'saveObjective', { objective: { cycleId: '2026-Q4', title: 'Members feel at home', status: 'active', ...objective } }, projectKey));
}

async function contribution(projectKey: 'GYM' | 'OPS', as: DemoUser, objectiveId: string, orgKeyResultId: string, title: string) {
  return dataOf(await platform.onProjectPage(as, 'saveKeyResult', { keyResult: { objectiveId, title, metric: percent(0, 10), contributesTo: { orgKeyResultId } } }, projectKey));
}

/**
 * Four organization Objectives of the quarter: "Plan" has GYM dedicated to it (its Product Goal and
 * its one active Objective) and an OPS Objective aligned; "Smooth" has an OPS Key Result contributing
 * and a GYM Objective aligned (two teams, none dedicated); "Secret" only GYM serves; "Nobody" no one.
 * OPS has two active Objectives, one aligned to nothing, against a limit of 1.
 */
async function organization() {
  const plan = await orgObjective('Members train with a plan');
  const smooth = await orgObjective('Clubs run smoothly');
  const secret = await orgObjective('Open the Leeds club');
  const nobody = await orgObjective('Nobody serves this');
  dataOf(await platform.onProjectPage('priya', 'saveSettings', { productGoal: { text: 'Every member follows a plan', servesOrgObjectiveId: plan.id } }));
  await teamObjective('GYM', 'priya', { title: 'Members follow their plan', servesOrgObjectiveId: plan.id });
  await teamObjective('GYM', 'priya', { title: 'Fewer queues at the desk', status: 'draft', servesOrgObjectiveId: smooth.id });
  await teamObjective('GYM', 'priya', { title: 'Leeds members sign up in the app', status: 'draft', servesOrgObjectiveId: secret.id });
  const ops = await teamObjective('OPS', 'oscar', { title: 'Machines always work', servesOrgObjectiveId: plan.id });
  await contribution('OPS', 'oscar', ops.id, smooth.keyResultId, 'Machines fixed within a day');
  await teamObjective('OPS', 'oscar', { title: 'A new locker system' });
  dataOf(await platform.onProjectPage('oscar', 'saveSettings', { okrLimit: 1 }, 'OPS'));
  return { plan, smooth, secret, nobody };
}

const page = async (as: DemoUser, payload: PayloadOf<'getOrganizationOkrs'> = { cycleId: '2026-Q4' }): Promise<OrganizationOkrsData> => dataOf(await platform.onOrganizationPage(as, 'getOrganizationOkrs', payload));
/** The flags as [rule, about], in the order of the rules (objectives' first; within a rule, in any order). */
const RULES = ['spread', 'unserved', 'over-limit', 'sprint-unaligned', 'objectives-unaligned'];
const flagsOf = (data: OrganizationOkrsData) =>
  data.topology.flags.map((flag) => [flag.rule, flag.orgObjectiveId ?? flag.projectKey]).sort((a, b) => RULES.indexOf(String(a[0])) - RULES.indexOf(String(b[0])));

describe('the teams serving each organization Objective', () => {
  it('lists under each Objective the teams serving it and how, and each team’s standing', async () => {
    const org = await organization();
    const asKofi = await page('kofi');
    expect(asKofi.topology.serving).toEqual({
      [org.plan.id]: [
        { projectKey: 'GYM', ways: ['dedicated', 'aligned-objective'] },
        { projectKey: 'OPS', ways: ['aligned-objective'] },
      ],
      [org.smooth.id]: [
        { projectKey: 'GYM', ways: ['aligned-objective'] },
        { projectKey: 'OPS', ways: ['key-result'] },
      ],
      [org.secret.id]: [{ projectKey: 'GYM', ways: ['aligned-objective'] }],
      [org.nobody.id]: [],
    });
    expect(asKofi.topology.teams).toEqual([
      expect.objectContaining({ projectKey: 'GYM', name: 'GymTonic Member App', okrsInProcess: 1, okrLimit: 3, dedicatedTo: org.plan.id, unalignedObjectives: 0 }),
      expect.objectContaining({ projectKey: 'OPS', name: 'GymTonic Operations', okrsInProcess: 2, okrLimit: 1, dedicatedTo: null, unalignedObjectives: 1 }),
    ]);
    expect([asKofi.topology.moreTeams, asKofi.topology.sprintsNotRead]).toEqual([0, 0]);
  });

  it('asks Jira once, in bulk, which teams the viewer may browse (not once per project)', async () => {
    await organization();
    platform.jira.calls.reset();
    await page('kofi');
    expect(platform.jira.calls.byRoute['POST /rest/api/3/permissions/check']).toBe(1);
    // The one /mypermissions call is the global permission's (who may write), asked with no project.
    expect(platform.jira.calls.byRoute['GET /rest/api/3/mypermissions']).toBe(1);
  });
});

describe('the flags, each with its rule', () => {
  it('flags an Objective nobody serves, one spread without a dedicated team, a team over its limit and one with Objectives aligned to nothing', async () => {
    const org = await organization();
    dataOf(await platform.onOrganizationPage('elena', 'saveOrganizationSettings', { fiscalYearStartMonth: 1, spreadThreshold: 2, expectedVersion: 0 }));
    const asKofi = await page('kofi');
    expect(flagsOf(asKofi)).toEqual([
      ['spread', org.smooth.id],
      ['unserved', org.nobody.id],
      ['over-limit', 'OPS'],
      ['objectives-unaligned', 'OPS'],
    ]);
    const why = Object.fromEntries(asKofi.topology.flags.map((flag) => [flag.rule, flag.why]));
    expect(why).toEqual({
      spread: 'Served by 2 teams and none is dedicated to it (flagged from 2): consider organizing a dedicated team around it.',
      unserved: 'Active, and no team serves it: no dedicated team, no team Key Result contributing to its Key Results, no team Objective aligned to it.',
      'over-limit': "2 Objectives in process in one cycle, over the team's OKR-in-process limit of 1: finish before starting more.",
      'objectives-unaligned': '1 active Objective serving no organization Objective, directly or through a Key Result.',
    });
    expect(asKofi.settings.spreadThreshold).toBe(2);
  });

  it('reads the running sprint’s aligned share from the kept issues, flags it under half, and says what its Sprint Goal serves', async () => {
    const org = await organization();
    // Before the issues are kept, the share is not known: no flag.
    const before = await page('kofi');
    expect(must(before.topology.teams.find((team) => team.projectKey === 'GYM'), 'GYM').sprint).toMatchObject({ name: expect.any(String), alignedShare: null });
    expect(flagsOf(before)).not.toContainEqual(['sprint-unaligned', 'GYM']);
    // A project page view asks for the issues to be kept; once they are, the organization page counts from them.
    dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
    await platform.forge.queuesSettled();
    const overview = dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
    const running = must(overview.sprints.find((sprint) => sprint.state === 'active'), 'the running sprint');
    const gymKeyResult = dataOf(
      await platform.onProjectPage('priya', 'saveKeyResult', { keyResult: { objectiveId: must(overview.objectives.find((objective) => objective.status === 'active'), 'GYM’s Objective').id, title: 'Members with a plan', metric: percent(10, 40) } }),
    );
    dataOf(await platform.onProjectPage('priya', 'setSprintKeyResults', { sprintId: running.id, keyResultIds: [gymKeyResult.id] }));
    // One story of the sprint serves the Key Result: the share is the project page's own.
    const story = must(platform.jira.data.issues.find((issue) => issue.projectKey === 'GYM' && issue.sprintIds.includes(running.id) && issue.issueTypeId === '10001'), 'a story of the sprint');
    dataOf(await platform.onIssuePanel('priya', 'linkIssue', story.key, { keyResultId: gymKeyResult.id }));
    await platform.forge.queuesSettled();
    const projectShare = must(dataOf(await platform.onProjectPage('priya', 'getProjectOverview')).sprints.find((sprint) => sprint.id === running.id), 'the running sprint').alignedShare;
    await platform.forge.queuesSettled();
    platform.jira.calls.reset();
    const after = await page('kofi');
    const gym = must(must(after.topology.teams.find((team) => team.projectKey === 'GYM'), 'GYM').sprint, 'GYM’s sprint');
    expect(gym).toMatchObject({ id: running.id, servesKeyResults: [{ id: gymKeyResult.id, title: 'Members with a plan' }], servesOrgObjectiveIds: [org.plan.id] });
    expect(gym.alignedShare).toBeGreaterThan(0);
    expect(gym.alignedShare).toBeLessThan(0.5);
    expect(gym.alignedShare).toBeCloseTo(projectShare ?? -1);
    expect(after.topology.flags).toContainEqual({ rule: 'sprint-unaligned', projectKey: 'GYM', why: expect.stringMatching(/^\d+% of the running sprint's work serves a Key Result: less than half\.$/) });
    // No issue of any team is read from Jira for it: only the boards' running sprints.
    expect(platform.jira.calls.byRoute['POST /rest/api/3/search/jql'] ?? 0).toBe(0);
    expect(platform.jira.calls.byRoute['POST /rest/api/3/changelog/bulkfetch'] ?? 0).toBe(0);
  });
});

describe('visible teams only', () => {
  it('shows a viewer only the teams of projects they may browse: no name, count or flag of the others', async () => {
    const org = await organization();
    dataOf(await platform.onOrganizationPage('elena', 'saveOrganizationSettings', { fiscalYearStartMonth: 1, spreadThreshold: 2, expectedVersion: 0 }));
    const asOscar = await page('oscar');
    expect(asOscar.topology.teams.map((team) => team.projectKey)).toEqual(['OPS']);
    expect(asOscar.topology.serving).toEqual({
      [org.plan.id]: [{ projectKey: 'OPS', ways: ['aligned-objective'] }],
      [org.smooth.id]: [{ projectKey: 'OPS', ways: ['key-result'] }],
      // Only GYM serves it: nothing listed, and never "no team serves it".
      [org.secret.id]: [],
      [org.nobody.id]: [],
    });
    // The spread flag counts the teams the viewer sees (one, for Oscar): not flagged.
    expect(flagsOf(asOscar)).toEqual([
      ['unserved', org.nobody.id],
      ['over-limit', 'OPS'],
      ['objectives-unaligned', 'OPS'],
    ]);
    const text = JSON.stringify(asOscar);
    for (const hidden of ['GYM', 'GymTonic Member App', 'Members follow their plan', 'Every member follows a plan']) expect(text).not.toContain(hidden);
  });

  it('shows a viewer who browses no team no team at all, and still says which Objective nobody serves', async () => {
    const org = await organization();
    for (const grant of platform.jira.data.permissions.filter((candidate) => candidate.accountId === platform.jira.data.users.find((user) => user.displayName === 'Kofi Mensah')?.accountId)) grant.permissions = [];
    const asKofi = await page('kofi');
    expect(asKofi.topology.teams).toEqual([]);
    expect(Object.values(asKofi.topology.serving).flat()).toEqual([]);
    expect(flagsOf(asKofi)).toEqual([['unserved', org.nobody.id]]);
    expect(JSON.stringify(asKofi)).not.toMatch(/GYM|OPS/);
  });
});

describe('bounds', () => {
  it('lists the first 100 teams the viewer may browse and counts the rest, in one bulk permission check and a Jira call per 50 projects named', async () => {
    platform.close();
    const data = createDemoData({ today: new Date() });
    const gym = must(data.projects.find((project) => project.key === 'GYM'), 'GYM');
    const extra = Array.from({ length: 105 }, (_, i) => ({ ...gym, id: String(50_000 + i), key: `P${String(i).padStart(3, '0')}`, name: `Project ${i}` }));
    data.projects.push(...extra);
    const grants = data.permissions.filter((grant) => grant.projectKey === 'GYM');
    data.permissions.push(...extra.flatMap((project) => grants.map((grant) => ({ ...grant, projectKey: project.key }))));
    platform = startPlatform({ data });
    for (const project of extra) dataOf(await platform.onProjectPage('priya', 'saveObjective', { objective: { cycleId: '2026-Q4', title: 'Members feel at home', status: 'active' } }, project.key));
    platform.jira.calls.reset();
    const topology = (await page('kofi')).topology;
    expect(topology.teams).toHaveLength(100);
    expect(topology.moreTeams).toBe(5);
    expect(topology.sprintsNotRead).toBe(80);
    expect(platform.jira.calls.byRoute['POST /rest/api/3/permissions/check']).toBe(1);
    expect(platform.jira.calls.byRoute['GET /rest/api/3/project/search']).toBe(3);
    // Only the first 20 teams' boards are asked for their running sprint.
    expect(platform.jira.calls.byRoute['GET /rest/agile/1.0/board'] ?? 0).toBeLessThanOrEqual(20);
  });
});

describe('the topology view: organization Objectives × teams', () => {
  it('has a row per Objective, a column per team, a cell where a team serves one with how, and a sentence per problem', async () => {
    const org = await organization();
    dataOf(await platform.onOrganizationPage('elena', 'saveOrganizationSettings', { fiscalYearStartMonth: 1, spreadThreshold: 2, expectedVersion: 0 }));
    const data = await page('kofi');
    const { matrix } = data.topology;
    // Rows in the page's order of the Objectives.
    expect(matrix.orgObjectiveIds).toEqual(data.objectives.map((objective) => objective.id));
    expect([...matrix.orgObjectiveIds].sort()).toEqual([org.plan.id, org.smooth.id, org.secret.id, org.nobody.id].sort());
    expect(matrix.projectKeys).toEqual(['GYM', 'OPS']);
    // No issue is kept yet: no sprint's share is known, each cell says how the team serves the Objective.
    const row = (id: string) => matrix.orgObjectiveIds.indexOf(id);
    const byRow = [...matrix.cells].sort((a, b) => row(a.orgObjectiveId) - row(b.orgObjectiveId) || a.projectKey.localeCompare(b.projectKey));
    expect(matrix.cells).toEqual(byRow);
    const rank = [org.plan.id, org.smooth.id, org.secret.id, org.nobody.id];
    expect([...matrix.cells].sort((a, b) => rank.indexOf(a.orgObjectiveId) - rank.indexOf(b.orgObjectiveId) || a.projectKey.localeCompare(b.projectKey)).map((cell) => [cell.orgObjectiveId, cell.projectKey, cell.ways, cell.share])).toEqual([
      [org.plan.id, 'GYM', ['dedicated', 'aligned-objective'], null],
      [org.plan.id, 'OPS', ['aligned-objective'], null],
      [org.smooth.id, 'GYM', ['aligned-objective'], null],
      [org.smooth.id, 'OPS', ['key-result'], null],
      [org.secret.id, 'GYM', ['aligned-objective'], null],
    ]);
    // The Objectives' problems first (in the order the Objectives come: these two were created in the
    // same instant of the pinned clock, so in either order), then the teams'.
    const sentences = matrix.problems.map((problem) => problem.sentence);
    expect(sentences.slice(0, 2).sort()).toEqual([
      'Objective “Clubs run smoothly” is served by 2 teams, none dedicated: consider a Nexus or a dedicated team.',
      'Objective “Nobody serves this” is served by no team: give it a dedicated team, or ask teams to align their OKRs to it.',
    ]);
    expect(sentences.slice(2)).toEqual([
      'GymTonic Operations has 2 Objectives in process, over its limit of 1: finish some before starting more.',
      'GymTonic Operations has 1 active Objective serving no organization Objective: align it, or ask why.',
    ]);
  });

  it('fills a cell with the share of the team’s running sprint serving the Objective, from the kept issues and links, reading no issue from Jira', async () => {
    const org = await organization();
    dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
    await platform.forge.queuesSettled();
    const overview = dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
    const running = must(overview.sprints.find((sprint) => sprint.state === 'active'), 'the running sprint');
    const aligned = must(overview.objectives.find((objective) => objective.status === 'active'), 'GYM’s Objective aligned to “plan”');
    const keyResult = dataOf(await platform.onProjectPage('priya', 'saveKeyResult', { keyResult: { objectiveId: aligned.id, title: 'Members with a plan', metric: percent(10, 40) } }));
    const stories = platform.jira.data.issues.filter((issue) => issue.projectKey === 'GYM' && issue.sprintIds.includes(running.id) && issue.issueTypeId === '10001').slice(0, 2);
    expect(stories).toHaveLength(2);
    for (const story of stories) dataOf(await platform.onIssuePanel('priya', 'linkIssue', story.key, { keyResultId: keyResult.id }));
    await platform.forge.queuesSettled();
    const projectSprint = must(dataOf(await platform.onProjectPage('priya', 'getProjectOverview')).sprints.find((sprint) => sprint.id === running.id), 'the running sprint');
    await platform.forge.queuesSettled();
    platform.jira.calls.reset();
    const { matrix } = (await page('kofi')).topology;
    const cell = must(matrix.cells.find((one) => one.orgObjectiveId === org.plan.id && one.projectKey === 'GYM'), 'the GYM × plan cell');
    expect(cell).toMatchObject({ ways: ['dedicated', 'aligned-objective'], issues: 2 });
    expect(cell.share).toBeCloseTo(projectSprint.alignedShare ?? -1);
    // The other Objectives GYM serves: its sprint serves none of them.
    expect(matrix.cells.filter((one) => one.projectKey === 'GYM' && one.orgObjectiveId !== org.plan.id).map((one) => one.issues)).toEqual([0, 0]);
    expect(platform.jira.calls.byRoute['POST /rest/api/3/search/jql'] ?? 0).toBe(0);
    expect(platform.jira.calls.byRoute['POST /rest/api/3/changelog/bulkfetch'] ?? 0).toBe(0);
  });

  it('shows a viewer who browses only some projects only their columns, and no sentence about the others', async () => {
    const org = await organization();
    dataOf(await platform.onOrganizationPage('elena', 'saveOrganizationSettings', { fiscalYearStartMonth: 1, spreadThreshold: 2, expectedVersion: 0 }));
    const { matrix } = (await page('oscar')).topology;
    expect(matrix.projectKeys).toEqual(['OPS']);
    expect(matrix.cells.map((cell) => [cell.orgObjectiveId, cell.projectKey]).sort()).toEqual([[org.plan.id, 'OPS'], [org.smooth.id, 'OPS']].sort());
    // "Smooth" is served by 2 teams, one hidden from Oscar: no spread sentence, no count of the hidden team.
    expect(matrix.problems.map((problem) => problem.rule)).toEqual(['unserved', 'over-limit', 'objectives-unaligned']);
    expect(JSON.stringify(matrix)).not.toMatch(/GYM|GymTonic Member App/);
  });
});
