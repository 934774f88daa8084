// The organization's OKRs through the real handler, from the organization page: yearly and quarterly
// Objectives with Key Results, check-ins and grades; only holders of the app's Manage organization
// OKRs global permission write; everyone Jira knows reads, whatever their projects; no team's data
// (page, history, export) holds the organization's.
import { DEMO_ACCOUNT_IDS, DEMO_TODAY } from '../local/jira/demo-data';
import type { PayloadOf } from '../src/contract';
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

const nps = { direction: 'increase', start: 21, target: 45, current: 21 } as const;

async function yearlyObjective(as: DemoUser = 'elena', objective: Partial<PayloadOf<'saveOrganizationObjective'>['objective']> = {}) {
  return platform.onOrganizationPage(as, 'saveOrganizationObjective', { objective: { cycleId: '2026', title: 'Become the club members recommend', status: 'active', ...objective } });
}

async function keyResultOf(objectiveId: string, as: DemoUser = 'elena', title = 'Net Promoter Score') {
  return platform.onOrganizationPage(as, 'saveOrganizationKeyResult', { keyResult: { objectiveId, title, metric: nps } });
}

describe('the executive sets the organization’s OKRs', () => {
  it('creates a yearly Objective with a Key Result, checks in and grades it, and the page shows progress, status, forecast and grade', async () => {
    const objective = dataOf(await yearlyObjective());
    expect(objective).toMatchObject({ projectKey: 'organization', cycleId: '2026', version: 1 });
    const keyResult = dataOf(await keyResultOf(objective.id));
    expect(keyResult).toMatchObject({ progress: 0, version: 1, status: expect.any(String) });
    jest.setSystemTime(new Date('2026-11-24T12:00:00.000Z'));
    dataOf(await platform.onOrganizationPage('elena', 'checkInOrganizationKeyResult', { keyResultId: keyResult.id, value: 29, confidence: 6, note: 'Autumn survey' }));
    jest.setSystemTime(new Date('2026-11-26T12:00:00.000Z'));
    const checkedIn = dataOf(await platform.onOrganizationPage('elena', 'checkInOrganizationKeyResult', { keyResultId: keyResult.id, value: 33, confidence: 7 }));
    expect(checkedIn).toMatchObject({ metric: { current: 33 }, progress: 0.5, confidence: 7, checkInCount: 2, forecast: expect.any(Number) });
    const graded = dataOf(await platform.onOrganizationPage('elena', 'gradeOrganizationKeyResult', { keyResultId: keyResult.id, score: 0.5, note: 'Halfway' }));
    expect(graded.lastGrade).toBe(0.5);

    const page = dataOf(await platform.onOrganizationPage('kofi', 'getOrganizationOkrs'));
    expect(page.cycle).toMatchObject({ id: '2026', kind: 'year' });
    expect(page.canManage).toBe(false);
    const shown = must(page.objectives[0], 'the Objective');
    expect(shown).toMatchObject({ title: 'Become the club members recommend', progress: 0.5, grade: 0.5, graded: { count: 1, of: 1 }, canCheckIn: false });
    expect(must(shown.keyResults[0], 'the Key Result')).toMatchObject({ progress: 0.5, lastGrade: 0.5, checkInCount: 2, forecast: expect.any(Number) });
    // The quality hints a team's OKRs get: one Key Result is too few.
    expect(shown.lint.map((finding) => finding.rule)).toContain('kr-count');
    // Every change kept, who and when, newest first; read by anyone, as the OKRs are.
    const history = dataOf(await platform.onOrganizationPage('oscar', 'getOrganizationHistory', { objectiveId: objective.id }));
    expect(history.changes.map((change) => change.what)).toEqual(['keyResult.graded', 'keyResult.checked-in', 'keyResult.checked-in', 'keyResult.created', 'objective.created']);
    expect(history.people[DEMO_ACCOUNT_IDS.elena]).toBe('Elena Varga');
    expect(history.keyResults[keyResult.id]).toBe('Net Promoter Score');
  });

  it('keeps quarterly Objectives apart from the year’s, on the same fiscal calendar', async () => {
    dataOf(await yearlyObjective());
    dataOf(await yearlyObjective('elena', { cycleId: '2026-Q4', title: 'Fill the new Leeds club' }));
    const quarter = dataOf(await platform.onOrganizationPage('sofia', 'getOrganizationOkrs', { cycleId: '2026-Q4' }));
    expect(quarter.objectives.map((objective) => objective.title)).toEqual(['Fill the new Leeds club']);
    expect(quarter.cycles.map((cycle) => cycle.id)).toEqual(expect.arrayContaining(['2026', '2026-Q4', '2025']));
  });

  it('moves the cycles with the organization’s fiscal year', async () => {
    const settings = dataOf(await platform.onOrganizationPage('elena', 'getOrganizationOkrs')).settings;
    expect(settings).toEqual({ fiscalYearStartMonth: 1, spreadThreshold: 3, version: 0 });
    dataOf(await platform.onOrganizationPage('elena', 'saveOrganizationSettings', { fiscalYearStartMonth: 4, expectedVersion: 0 }));
    const page = dataOf(await platform.onOrganizationPage('sam', 'getOrganizationOkrs'));
    expect(page.cycle).toMatchObject({ id: '2026', startDate: '2026-04-01', endDate: '2027-03-31' });
    // A project's own fiscal year is its own.
    expect(dataOf(await platform.onProjectPage('priya', 'getProjectOverview')).settings.fiscalYearStartMonth).toBe(1);
    expect(await platform.onOrganizationPage('elena', 'saveOrganizationSettings', { fiscalYearStartMonth: 7, expectedVersion: 0 })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

describe('who may write', () => {
  const writes = (objectiveId: string, keyResultId: string, versions: { objective: number; keyResult: number }): Array<[string, Parameters<TestPlatform['onOrganizationPage']>[1], unknown]> => [
    ['create an Objective', 'saveOrganizationObjective', { objective: { cycleId: '2026', title: 'Grow', status: 'draft' } }],
    ['change an Objective', 'saveOrganizationObjective', { objective: { id: objectiveId, cycleId: '2026', title: 'Grow', status: 'active' }, expectedVersion: versions.objective }],
    ['delete an Objective', 'deleteOrganizationObjective', { id: objectiveId, expectedVersion: versions.objective }],
    ['create a Key Result', 'saveOrganizationKeyResult', { keyResult: { objectiveId, title: 'Clubs', metric: nps } }],
    ['delete a Key Result', 'deleteOrganizationKeyResult', { id: keyResultId, expectedVersion: versions.keyResult }],
    ['check in', 'checkInOrganizationKeyResult', { keyResultId, value: 30, confidence: 5 }],
    ['grade', 'gradeOrganizationKeyResult', { keyResultId, score: 0.7 }],
    ['set the fiscal year', 'saveOrganizationSettings', { fiscalYearStartMonth: 4, expectedVersion: 0 }],
  ];

  it.each<[DemoUser, string]>([
    ['kofi', 'the agile coach'],
    ['priya', 'GYM’s Product Owner and admin'],
    ['sam', 'the Scrum Master'],
    ['oscar', 'an admin of OPS without access to GYM'],
  ])('refuses %s (%s) every write, with a sentence naming the permission, and changes nothing', async (user) => {
    const objective = dataOf(await yearlyObjective());
    const keyResult = dataOf(await keyResultOf(objective.id));
    for (const [what, key, payload] of writes(objective.id, keyResult.id, { objective: objective.version, keyResult: keyResult.version })) {
      const before = platform.kvs.snapshot();
      const answer = await platform.onOrganizationPage(user, key, payload);
      expect({ what, answer }).toEqual({
        what,
        answer: { ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/^Only someone with the Manage organization OKRs global permission can .+ A Jira admin grants it to groups under Global permissions\.$/) } },
      });
      expect({ what, unchanged: platform.kvs.snapshot() === before }).toEqual({ what, unchanged: true });
    }
  });

  it('follows the grant: out of the leadership group, the executive writes nothing more', async () => {
    dataOf(await yearlyObjective());
    must(platform.jira.data.groups?.[0], 'the leadership group').accountIds = [];
    expect(await yearlyObjective()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(dataOf(await platform.onOrganizationPage('elena', 'getOrganizationOkrs')).canManage).toBe(false);
  });

  it('refuses bad input with the field at fault, and changes nothing', async () => {
    const objective = dataOf(await yearlyObjective());
    const before = platform.kvs.snapshot();
    expect(await platform.onOrganizationPage('elena', 'saveOrganizationKeyResult', { keyResult: { objectiveId: objective.id, title: ' ', metric: nps } })).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'Title is required.', field: 'keyResult.title' },
    });
    expect(await platform.onOrganizationPage('elena', 'saveOrganizationObjective', { objective: { cycleId: '2026-Q5', title: 'Grow', status: 'active' } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'objective.cycleId' },
    });
    expect(await platform.onOrganizationPage('elena', 'checkInOrganizationKeyResult', { keyResultId: 'no-such-key-result', value: 3, confidence: 5 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'keyResultId' },
    });
    expect(platform.kvs.snapshot()).toBe(before);
  });
});

describe('who may read', () => {
  it('shows the organization’s OKRs to a licensed user who may not browse GYM', async () => {
    dataOf(await yearlyObjective());
    expect(await platform.onProjectPage('oscar', 'getProjectOverview')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const page = dataOf(await platform.onOrganizationPage('oscar', 'getOrganizationOkrs'));
    expect(page.objectives.map((objective) => objective.title)).toEqual(['Become the club members recommend']);
  });

  it('refuses a caller Jira does not know, and an anonymous one', async () => {
    dataOf(await yearlyObjective());
    must(platform.jira.data.users.find((user) => user.accountId === DEMO_ACCOUNT_IDS.kofi), 'Kofi').active = false;
    expect(await platform.onOrganizationPage('kofi', 'getOrganizationOkrs')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('Sign in to Jira') } });
    // No account: Forge invokes an anonymous visitor's call with none.
    const anonymous = await platform.forge.invoke({ accountId: '', moduleKey: 'outcomes-organization', extension: { type: 'jira:globalPage' }, functionKey: 'getOrganizationOkrs', payload: {} });
    expect(anonymous).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('concurrent writers', () => {
  it('keeps every one of concurrent check-ins, and lets only one of concurrent additions past the cap of 20 Key Results', async () => {
    const objective = dataOf(await yearlyObjective());
    const keyResult = dataOf(await keyResultOf(objective.id));
    const checkIns = await Promise.all([30, 31, 32, 33].map((value) => platform.onOrganizationPage('elena', 'checkInOrganizationKeyResult', { keyResultId: keyResult.id, value, confidence: 6 })));
    expect(checkIns.every((answer) => answer.ok)).toBe(true);
    const page = dataOf(await platform.onOrganizationPage('elena', 'getOrganizationOkrs'));
    expect(page.objectives[0]?.keyResults[0]?.checkInCount).toBe(4);

    for (let n = 2; n <= 19; n++) dataOf(await keyResultOf(objective.id, 'elena', `Key Result ${n}`));
    const additions = await Promise.all([1, 2, 3].map((n) => keyResultOf(objective.id, 'elena', `Late ${n}`)));
    expect(additions.filter((answer) => answer.ok)).toHaveLength(1);
    expect(additions.filter((answer) => !answer.ok).map((answer) => (answer.ok ? '' : answer.error.code))).toEqual(['VALIDATION', 'VALIDATION']);
    const after = dataOf(await platform.onOrganizationPage('elena', 'getOrganizationOkrs'));
    expect(after.objectives[0]?.keyResults).toHaveLength(20);
  });
});

describe('bounds', () => {
  it('lists a cycle’s first 50 Objectives and counts the rest', async () => {
    for (let n = 1; n <= 52; n++) {
      jest.setSystemTime(DEMO_TODAY.getTime() + n * 1000);
      dataOf(await yearlyObjective('elena', { title: `Objective ${n}` }));
    }
    const page = dataOf(await platform.onOrganizationPage('sofia', 'getOrganizationOkrs'));
    expect({ listed: page.objectives.length, more: page.moreObjectives, first: page.objectives[0]?.title }).toEqual({ listed: 50, more: 2, first: 'Objective 1' });
  });
});

describe('a team’s data stays its own', () => {
  it('keeps the organization’s OKRs out of GYM’s page, history and export', async () => {
    const objective = dataOf(await yearlyObjective('elena', { cycleId: '2026-Q4' }));
    const keyResult = dataOf(await keyResultOf(objective.id));
    const page = dataOf(await platform.onProjectPage('priya', 'getProjectOverview', { cycleId: '2026-Q4' }));
    expect(JSON.stringify(page)).not.toContain(objective.id);
    const exported = JSON.stringify(dataOf(await platform.onProjectPage('priya', 'exportData')));
    expect(exported).not.toContain(objective.id);
    expect(exported).not.toContain('organization');
    expect(await platform.onProjectPage('priya', 'getHistory', { keyResultId: keyResult.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // …and the organization's history none of a team's.
    const gymObjective = dataOf(await platform.onProjectPage('priya', 'saveObjective', { objective: { cycleId: '2026-Q4', title: 'Members train with a plan', status: 'draft' } }));
    expect(await platform.onOrganizationPage('elena', 'getOrganizationHistory', { objectiveId: gymObjective.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await platform.onProjectPage('priya', 'checkIn', { keyResultId: keyResult.id, value: 30, confidence: 5 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
