// Nexuses ("team of teams") through the real handler: who may create, change and delete one (the
// Manage organization OKRs global permission), version conflicts and bad input, a project in at most
// one Nexus, what a viewer who browses only some of its projects sees, the rollup's contents, and the
// Nexus as a way of serving an organization Objective on the organization page (no spread flag).
import { DEMO_ACCOUNT_IDS, DEMO_TODAY } from '../local/jira/demo-data';
import type { NexusRollup, NexusView, OrganizationOkrsData, PayloadOf } from '../src/contract';
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

async function orgObjective(title: string) {
  const objective = dataOf(await platform.onOrganizationPage('elena', 'saveOrganizationObjective', { objective: { cycleId: '2026-Q4', title, status: 'active' } }));
  const keyResult = dataOf(await platform.onOrganizationPage('elena', 'saveOrganizationKeyResult', { keyResult: { objectiveId: objective.id, title: `${title}: measured`, metric: percent(10, 40) } }));
  return { id: objective.id, keyResultId: keyResult.id };
}

const nexusOf = (servesOrgObjectiveId?: string, change: Partial<PayloadOf<'saveNexus'>['nexus']> = {}): PayloadOf<'saveNexus'> => ({
  nexus: { name: 'Club experience', projectKeys: ['GYM', 'OPS'], productGoal: { text: 'Members love every visit', ...(servesOrgObjectiveId ? { servesOrgObjectiveId } : {}) }, ...change },
});
const save = (as: DemoUser, payload: PayloadOf<'saveNexus'>) => platform.onOrganizationPage(as, 'saveNexus', payload);
const rollup = (as: DemoUser, id: string, cycleId?: string) => platform.onOrganizationPage(as, 'getNexus', { id, ...(cycleId ? { cycleId } : {}) });
const page = async (as: DemoUser): Promise<OrganizationOkrsData> => dataOf(await platform.onOrganizationPage(as, 'getOrganizationOkrs', { cycleId: '2026-Q4' }));

describe('creating, changing and deleting a Nexus', () => {
  it('lets the executive create, change and delete one, refusing a stale version', async () => {
    const plan = await orgObjective('Members train with a plan');
    const created: NexusView = dataOf(await save('elena', nexusOf(plan.id)));
    expect(created).toEqual({
      id: expect.any(String),
      name: 'Club experience',
      projects: [
        { key: 'GYM', name: 'GymTonic Member App' },
        { key: 'OPS', name: 'GymTonic Operations' },
      ],
      productGoal: { text: 'Members love every visit', servesOrgObjectiveId: plan.id },
      servesTitle: 'Members train with a plan',
      version: 1,
    });
    const renamed = dataOf(await save('elena', { ...nexusOf(plan.id, { id: created.id, name: 'Clubs' }), expectedVersion: 1 }));
    expect([renamed.name, renamed.version]).toEqual(['Clubs', 2]);
    // Someone else's change since: refused, nothing changed.
    const stale = await save('elena', { ...nexusOf(undefined, { id: created.id, name: 'Stale' }), expectedVersion: 1 });
    expect(stale).toEqual({ ok: false, error: expect.objectContaining({ code: 'CONFLICT' }) });
    expect((await page('kofi')).nexuses.map((nexus) => [nexus.name, nexus.version])).toEqual([['Clubs', 2]]);
    expect(await platform.onOrganizationPage('elena', 'deleteNexus', { id: created.id, expectedVersion: 1 })).toEqual({ ok: false, error: expect.objectContaining({ code: 'CONFLICT' }) });
    dataOf(await platform.onOrganizationPage('elena', 'deleteNexus', { id: created.id, expectedVersion: 2 }));
    expect((await page('kofi')).nexuses).toEqual([]);
    expect(await rollup('kofi', created.id)).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND', field: 'id' }) });
    expect(await platform.onOrganizationPage('elena', 'deleteNexus', { id: created.id, expectedVersion: 2 })).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
  });

  it('refuses anyone without the Manage organization OKRs global permission, changing nothing', async () => {
    const created = dataOf(await save('elena', nexusOf()));
    for (const as of ['kofi', 'priya', 'oscar'] as const) {
      expect(await save(as, nexusOf())).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringContaining('Manage organization OKRs') }) });
      expect(await save(as, { ...nexusOf(undefined, { id: created.id, name: 'Mine' }), expectedVersion: 1 })).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
      expect(await platform.onOrganizationPage(as, 'deleteNexus', { id: created.id, expectedVersion: 1 })).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
    }
    expect((await page('kofi')).nexuses.map((nexus) => [nexus.name, nexus.version])).toEqual([['Club experience', 1]]);
  });

  it('refuses bad input with the field at fault', async () => {
    const cases: Array<[PayloadOf<'saveNexus'>, string, string]> = [
      [nexusOf(undefined, { name: '  ' }), 'VALIDATION', 'nexus.name'],
      [nexusOf(undefined, { projectKeys: ['GYM'] }), 'VALIDATION', 'nexus.projectKeys'],
      [nexusOf(undefined, { projectKeys: ['GYM', 'GYM'] }), 'VALIDATION', 'nexus.projectKeys'],
      [nexusOf(undefined, { projectKeys: Array.from({ length: 13 }, (_, i) => `P${i}`) }), 'VALIDATION', 'nexus.projectKeys'],
      [nexusOf(undefined, { projectKeys: ['GYM', 'NOPE'] }), 'VALIDATION', 'nexus.projectKeys'],
      [nexusOf(undefined, { productGoal: { text: '' } }), 'VALIDATION', 'nexus.productGoal.text'],
      [nexusOf('no-such-objective'), 'VALIDATION', 'nexus.productGoal.servesOrgObjectiveId'],
      [nexusOf(undefined, { id: 'no-such-nexus' }), 'NOT_FOUND', 'nexus.id'],
    ];
    for (const [payload, code, field] of cases) expect([field, await save('elena', payload)]).toEqual([field, { ok: false, error: expect.objectContaining({ code, field }) }]);
    const created = dataOf(await save('elena', nexusOf()));
    expect(await save('elena', nexusOf(undefined, { id: created.id }))).toEqual({ ok: false, error: expect.objectContaining({ code: 'VALIDATION', field: 'expectedVersion' }) });
    expect((await page('kofi')).nexuses).toHaveLength(1);
  });

  it('keeps a project in at most one Nexus', async () => {
    dataOf(await save('elena', nexusOf()));
    const again = await save('elena', nexusOf(undefined, { name: 'Another' }));
    expect(again).toEqual({ ok: false, error: expect.objectContaining({ code: 'VALIDATION', field: 'nexus.projectKeys', message: expect.stringContaining('is already in the Nexus “Club experience”') }) });
  });
});

describe('what a viewer sees', () => {
  it('shows a viewer who browses only some of its projects those alone, and one who browses none nothing of it', async () => {
    const plan = await orgObjective('Members train with a plan');
    const created = dataOf(await save('elena', nexusOf(plan.id)));
    const asOscar = await page('oscar');
    expect(asOscar.nexuses).toEqual([expect.objectContaining({ id: created.id, projects: [{ key: 'OPS', name: 'GymTonic Operations' }] })]);
    const oscarRollup: NexusRollup = dataOf(await rollup('oscar', created.id));
    expect(oscarRollup.teams.map((team) => team.projectKey)).toEqual(['OPS']);
    expect(JSON.stringify([asOscar.nexuses, oscarRollup])).not.toMatch(/GYM|GymTonic Member App/);
    // A viewer who browses neither: the Nexus is not listed, and its rollup answers as if it did not exist.
    platform.jira.data.permissions = platform.jira.data.permissions.filter((grant) => grant.accountId !== DEMO_ACCOUNT_IDS.oscar);
    expect((await page('oscar')).nexuses).toEqual([]);
    expect(await rollup('oscar', created.id)).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
  });

  it('a Nexus serving an organization Objective is a way of serving it, and that Objective is not flagged as spread', async () => {
    const plan = await orgObjective('Members train with a plan');
    await platform.onProjectPage('priya', 'saveObjective', { objective: { cycleId: '2026-Q4', title: 'Members follow their plan', status: 'active', servesOrgObjectiveId: plan.id } });
    await platform.onProjectPage('oscar', 'saveObjective', { objective: { cycleId: '2026-Q4', title: 'Machines always work', status: 'active', servesOrgObjectiveId: plan.id } }, 'OPS');
    dataOf(await platform.onOrganizationPage('elena', 'saveOrganizationSettings', { fiscalYearStartMonth: 1, spreadThreshold: 2, expectedVersion: 0 }));
    expect((await page('kofi')).topology.flags.filter((flag) => flag.rule === 'spread').map((flag) => flag.orgObjectiveId)).toEqual([plan.id]);
    dataOf(await save('elena', nexusOf(plan.id)));
    const after = await page('kofi');
    expect(after.topology.serving[plan.id]).toEqual([
      { projectKey: 'GYM', ways: ['nexus', 'aligned-objective'] },
      { projectKey: 'OPS', ways: ['nexus', 'aligned-objective'] },
    ]);
    expect(after.topology.flags.filter((flag) => flag.rule === 'spread')).toEqual([]);
  });
});

describe('the rollup', () => {
  it('shows the group’s Key Results by team, the Objective it serves with its Key Results, and each team’s sprints side by side with its running sprint’s alignment', async () => {
    const plan = await orgObjective('Members train with a plan');
    const gymObjective = dataOf(await platform.onProjectPage('priya', 'saveObjective', { objective: { cycleId: '2026-Q4', title: 'Members follow their plan', status: 'active' } }));
    const gymKeyResult = dataOf(await platform.onProjectPage('priya', 'saveKeyResult', { keyResult: { objectiveId: gymObjective.id, title: 'Members with a plan', metric: percent(10, 40), contributesTo: { orgKeyResultId: plan.keyResultId } } }));
    const created = dataOf(await save('elena', nexusOf(plan.id)));
    platform.jira.calls.reset();
    const asKofi: NexusRollup = dataOf(await rollup('kofi', created.id));
    expect(asKofi.cycle.id).toBe('2026-Q4');
    expect(asKofi.canManage).toBe(false);
    expect(asKofi.serves).toEqual({ id: plan.id, title: 'Members train with a plan', status: 'active', keyResults: [{ id: plan.keyResultId, title: 'Members train with a plan: measured', progress: 0, status: expect.any(String) }] });
    expect(asKofi.teams.map((team) => [team.projectKey, team.name])).toEqual([
      ['GYM', 'GymTonic Member App'],
      ['OPS', 'GymTonic Operations'],
    ]);
    const gym = must(asKofi.teams[0], 'GYM');
    expect(gym.keyResults).toContainEqual(expect.objectContaining({ id: gymKeyResult.id, title: 'Members with a plan', objectiveId: gymObjective.id, objectiveTitle: 'Members follow their plan', contributesToOrgKeyResultId: plan.keyResultId }));
    for (const team of asKofi.teams) {
      expect(team.sprintsUnavailable).toBe(false);
      expect(team.sprints.filter((sprint) => sprint.state === 'active')).toHaveLength(1);
      // In order: closed, running, planned.
      const order = team.sprints.map((sprint) => ['closed', 'active', 'future'].indexOf(sprint.state));
      expect(order).toEqual([...order].sort());
    }
    // The running sprint's share is not known until the app keeps the team's issues; no issue is read from Jira for it.
    expect(gym.runningAlignedShare).toBeNull();
    expect(platform.jira.calls.byRoute['POST /rest/api/3/search/jql'] ?? 0).toBe(0);
    expect(platform.jira.calls.byRoute['POST /rest/api/3/changelog/bulkfetch'] ?? 0).toBe(0);
    expect(platform.jira.calls.byRoute['POST /rest/api/3/permissions/check']).toBe(1);
    // Once kept (a project page view asks for it), the share is counted from the kept roster, as the project page counts it.
    dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
    await platform.forge.queuesSettled();
    const overview = dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
    const running = must(overview.sprints.find((sprint) => sprint.state === 'active'), 'the running sprint');
    const story = must(platform.jira.data.issues.find((issue) => issue.projectKey === 'GYM' && issue.sprintIds.includes(running.id) && issue.issueTypeId === '10001'), 'a story of the sprint');
    dataOf(await platform.onIssuePanel('priya', 'linkIssue', story.key, { keyResultId: gymKeyResult.id }));
    await platform.forge.queuesSettled();
    const projectShare = must(dataOf(await platform.onProjectPage('priya', 'getProjectOverview')).sprints.find((sprint) => sprint.id === running.id), 'the running sprint').alignedShare;
    await platform.forge.queuesSettled();
    const later: NexusRollup = dataOf(await rollup('kofi', created.id));
    const gymLater = must(later.teams[0], 'GYM');
    expect(gymLater.runningAlignedShare).toBeGreaterThan(0);
    expect(gymLater.runningAlignedShare).toBeCloseTo(projectShare ?? -1);
    // The last closed sprints too.
    expect(gymLater.sprints.some((sprint) => sprint.state === 'closed')).toBe(true);
  });

  it('is read by every user of the site, for another quarter too', async () => {
    const created = dataOf(await save('elena', nexusOf()));
    const earlier: NexusRollup = dataOf(await rollup('sam', created.id, '2026-Q3'));
    expect([earlier.cycle.id, earlier.serves, earlier.teams.length]).toEqual(['2026-Q3', null, 2]);
    expect(await rollup('sam', created.id, 'Q3')).toEqual({ ok: false, error: expect.objectContaining({ code: 'VALIDATION', field: 'cycleId' }) });
  });
});

describe('in the organization’s export and import', () => {
  it('exports the Nexuses and an import puts them back; a file without them leaves them as they are', async () => {
    const plan = await orgObjective('Members train with a plan');
    const created = dataOf(await save('elena', nexusOf(plan.id)));
    const file = dataOf(await platform.onOrganizationPage('elena', 'exportOrganization')) as Record<string, unknown>;
    expect(file.nexuses).toEqual([expect.objectContaining({ id: created.id, name: 'Club experience', projectKeys: ['GYM', 'OPS'], version: 1 })]);
    dataOf(await platform.onOrganizationPage('elena', 'deleteNexus', { id: created.id, expectedVersion: 1 }));
    dataOf(await platform.onOrganizationPage('elena', 'importOrganization', { data: file }));
    expect((await page('kofi')).nexuses.map((nexus) => [nexus.id, nexus.name, nexus.version])).toEqual([[created.id, 'Club experience', 1]]);
    const { nexuses: _left, ...older } = file;
    dataOf(await platform.onOrganizationPage('elena', 'importOrganization', { data: older }));
    expect((await page('kofi')).nexuses.map((nexus) => nexus.id)).toEqual([created.id]);
    // A file naming a project in two Nexuses is refused, with the field.
    const twice = { ...file, nexuses: [...(file.nexuses as unknown[]), { ...(file.nexuses as Array<Record<string, unknown>>)[0], id: 'another', name: 'Another' }] };
    expect(await platform.onOrganizationPage('elena', 'importOrganization', { data: twice })).toEqual({ ok: false, error: expect.objectContaining({ code: 'VALIDATION', field: 'data.nexuses[1].projectKeys' }) });
  });
});

