// Writing OKRs through the real handler: permissions for every demo user, versions, the
// OKR-in-process limit and its override, validation, export and import.
import type { KeyResultView, Objective, PayloadOf } from '../src/contract';
import { dataOf, type DemoUser, startPlatform, type TestPlatform, USERS } from './support/platform';
import { must } from './support/must';

let platform: TestPlatform;
beforeEach(() => {
  platform = startPlatform();
});
afterEach(() => platform.close());

const currentCycleId = async () => dataOf(await platform.onProjectPage('priya', 'getProjectOverview')).cycle.id;

async function createObjective(
  as: DemoUser = 'priya',
  objective: Partial<PayloadOf<'saveObjective'>['objective']> = {},
  extra: Partial<PayloadOf<'saveObjective'>> = {},
) {
  const cycleId = objective.cycleId ?? (await currentCycleId());
  return platform.onProjectPage(as, 'saveObjective', {
    objective: { cycleId, title: 'Help more members reach their fitness goals', status: 'draft', ...objective },
    ...extra,
  });
}

async function createKeyResult(objectiveId: string, as: DemoUser = 'priya', title = 'Members with an active training plan') {
  return platform.onProjectPage(as, 'saveKeyResult', {
    keyResult: { objectiveId, title, metric: { direction: 'increase', start: 18, target: 45, current: 18, unit: '%' } },
  });
}

describe('who may write OKRs', () => {
  it('lets the Product Owner (project lead and admin) create Objectives and Key Results', async () => {
    const objective = dataOf(await createObjective('priya'));
    expect(objective).toMatchObject({ projectKey: 'GYM', status: 'draft', version: 1 });
    const keyResult = dataOf(await createKeyResult(objective.id));
    expect(keyResult).toMatchObject({ objectiveId: objective.id, progress: 0, version: 1, weight: 1 });
  });

  it.each<[DemoUser, string]>([
    ['sam', 'the Scrum Master'],
    ['diego', 'a developer'],
    ['mei', 'a developer'],
    ['sofia', 'a stakeholder'],
  ])('refuses %s (%s), who is neither Product Owner nor admin, and writes nothing', async (user) => {
    const before = platform.kvs.snapshot();
    const answer = await createObjective(user);
    expect(answer).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Only a Product Owner of GYM or a project admin can create OKRs.' },
    });
    expect(platform.kvs.snapshot()).toBe(before);
  });

  it('refuses a user without access to the project even to read', async () => {
    expect(await createObjective('oscar')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('Browse projects') } });
    expect(await platform.onProjectPage('oscar', 'exportData')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('lets a Product Owner named in settings write, though not an admin', async () => {
    dataOf(await platform.onProjectPage('priya', 'saveSettings', { productOwnerAccountIds: [USERS.priya, USERS.sam] }));
    expect(dataOf(await createObjective('sam')).status).toBe('draft');
    const overview = dataOf(await platform.onProjectPage('sam', 'getProjectOverview'));
    expect(overview.access).toMatchObject({ canEdit: true, canCheckIn: true });
    expect(overview.access.productOwners.map((person) => person.displayName)).toEqual(['Priya Natarajan', 'Sam Okafor']);
  });

  it('shows readers what they may not do, and who may', async () => {
    const overview = dataOf(await platform.onProjectPage('sofia', 'getProjectOverview'));
    expect(overview.access).toEqual({
      canEdit: false,
      canCheckIn: false,
      productOwners: [{ accountId: USERS.priya, displayName: 'Priya Natarajan' }],
    });
  });

  it('lets an Objective’s owner check in on its Key Results, but nobody else who is not a Product Owner', async () => {
    const objective = dataOf(await createObjective('priya', { ownerAccountId: USERS.diego }));
    const keyResult = dataOf(await createKeyResult(objective.id));
    const asSeen = (user: DemoUser) => platform.onProjectPage(user, 'getProjectOverview').then((answer) => must(dataOf(answer).objectives[0], 'dataOf(answer).objectives[0]').canCheckIn);
    expect([await asSeen('diego'), await asSeen('mei'), await asSeen('priya')]).toEqual([true, false, true]);
    const byOwner = dataOf(await platform.onProjectPage('diego', 'checkIn', { keyResultId: keyResult.id, value: 27, confidence: 7, note: 'Plans launched in two clubs' }));
    expect(byOwner).toMatchObject({ metric: { current: 27 }, confidence: 7, lastCheckIn: { accountId: USERS.diego, value: 27, note: 'Plans launched in two clubs' } });
    expect(byOwner.progress).toBeCloseTo(9 / 27);
    expect(await platform.onProjectPage('mei', 'checkIn', { keyResultId: keyResult.id, value: 30, confidence: 7 })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('the owner of “Help more members reach their fitness goals”') },
    });
    expect(dataOf(await platform.onProjectPage('priya', 'checkIn', { keyResultId: keyResult.id, value: 30, confidence: 8 })).checkIns).toHaveLength(2);
  });
});

describe('versions', () => {
  it('answers CONFLICT to a stale expectedVersion and writes nothing', async () => {
    const created = dataOf(await createObjective());
    const renamed = dataOf(
      await platform.onProjectPage('priya', 'saveObjective', {
        objective: { id: created.id, cycleId: created.cycleId, title: 'Help members reach their goals', status: 'draft' },
        expectedVersion: created.version,
      }),
    );
    expect(renamed.version).toBe(2);
    const before = platform.kvs.snapshot();
    const stale = await platform.onProjectPage('priya', 'saveObjective', {
      objective: { id: created.id, cycleId: created.cycleId, title: 'An older edit', status: 'draft' },
      expectedVersion: created.version,
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('Someone changed this') } });
    expect(platform.kvs.snapshot()).toBe(before);
  });

  it('records every change with who, when, what and why', async () => {
    const created = dataOf(await createObjective('priya', { status: 'active' }));
    dataOf(
      await platform.onProjectPage('priya', 'saveObjective', {
        objective: { id: created.id, cycleId: created.cycleId, title: 'Help members reach their goals', status: 'active' },
        expectedVersion: 1,
        reason: 'Narrowed after the October review',
      }),
    );
    const { changes, people } = dataOf(await platform.onProjectPage('sofia', 'getHistory', { objectiveId: created.id }));
    expect(changes.map((change) => [change.what, change.accountId, change.reason])).toEqual([
      ['objective.updated', USERS.priya, 'Narrowed after the October review'],
      ['objective.created', USERS.priya, undefined],
    ]);
    expect(changes[0]).toMatchObject({ before: { title: 'Help more members reach their fitness goals' }, after: { title: 'Help members reach their goals' } });
    expect(people[USERS.priya]).toBe('Priya Natarajan');
  });

  it('requires a reason to change an Objective that is no longer a draft', async () => {
    const created = dataOf(await createObjective('priya', { status: 'active' }));
    expect(
      await platform.onProjectPage('priya', 'saveObjective', {
        objective: { id: created.id, cycleId: created.cycleId, title: 'Quietly changed', status: 'active' },
        expectedVersion: 1,
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'reason' } });
  });
});

describe('the OKR-in-process limit', () => {
  async function threeActive(): Promise<Objective[]> {
    const objectives: Objective[] = [];
    for (const title of ['Help members reach their goals', 'Make booking effortless', 'Keep members coming back']) {
      objectives.push(dataOf(await createObjective('priya', { title, status: 'active' })));
    }
    return objectives;
  }

  it('refuses a 4th active Objective with LIMIT, and writes nothing', async () => {
    await threeActive();
    const before = platform.kvs.snapshot();
    expect(await createObjective('priya', { title: 'Grow corporate memberships', status: 'active' })).toEqual({
      ok: false,
      error: {
        code: 'LIMIT',
        field: 'objective.status',
        message: expect.stringContaining('already has 3 of 3 OKRs in process'),
      },
    });
    expect(platform.kvs.snapshot()).toBe(before);
    const overview = dataOf(await platform.onProjectPage('sam', 'getProjectOverview'));
    expect(overview.okrLimit).toEqual({ limit: 3, inProcess: 3, overrides: [] });
  });

  it('lets a draft wait, and counts an already-active Objective once', async () => {
    const [first] = await threeActive();
    expect(dataOf(await createObjective('priya', { title: 'Grow corporate memberships', status: 'draft' })).status).toBe('draft');
    const edited = await platform.onProjectPage('priya', 'saveObjective', {
      objective: { id: must(first, 'first').id, cycleId: must(first, 'first').cycleId, title: 'Help members reach their fitness goals', status: 'active' },
      expectedVersion: 1,
      reason: 'Clearer wording',
    });
    expect(dataOf(edited).version).toBe(2);
  });

  it('records and shows an override given with a reason', async () => {
    await threeActive();
    const overridden = dataOf(
      await createObjective('priya', { title: 'Grow corporate memberships', status: 'active' }, { overrideLimitReason: 'Board asked for it this quarter' }),
    );
    expect(overridden.limitOverride).toMatchObject({ accountId: USERS.priya, reason: 'Board asked for it this quarter', objectiveId: overridden.id });
    const overview = dataOf(await platform.onProjectPage('sam', 'getProjectOverview'));
    expect(overview.okrLimit.inProcess).toBe(4);
    expect(overview.okrLimit.overrides).toEqual([expect.objectContaining({ reason: 'Board asked for it this quarter', accountId: USERS.priya })]);
    const { changes } = dataOf(await platform.onProjectPage('sam', 'getHistory', { objectiveId: overridden.id }));
    expect(changes[0]).toMatchObject({ what: 'objective.limit-overridden', reason: 'Board asked for it this quarter' });
  });

  it('does not let a stakeholder override the limit', async () => {
    await threeActive();
    expect(
      await createObjective('sofia', { title: 'Grow corporate memberships', status: 'active' }, { overrideLimitReason: 'Because' }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('validation', () => {
  const malformed: Array<[string, PayloadOf<'saveKeyResult'> | Record<string, unknown>, string]> = [
    ['a missing title', { keyResult: { objectiveId: 'x', metric: { direction: 'increase', start: 0, target: 1, current: 0 } } }, 'keyResult.title'],
    ['an unknown direction', { keyResult: { objectiveId: 'x', title: 'NPS', metric: { direction: 'sideways', start: 0, target: 1, current: 0 } } }, 'keyResult.metric.direction'],
    ['a target that is not a number', { keyResult: { objectiveId: 'x', title: 'NPS', metric: { direction: 'increase', start: 0, target: '40', current: 0 } } }, 'keyResult.metric.target'],
    ['an extra field', { keyResult: { objectiveId: 'x', title: 'NPS', metric: { direction: 'increase', start: 0, target: 1, current: 0 }, owner: 'me' } }, 'keyResult.owner'],
    ['a title of 10,000 characters', { keyResult: { objectiveId: 'x', title: 'x'.repeat(10_000), metric: { direction: 'increase', start: 0, target: 1, current: 0 } } }, 'keyResult.title'],
  ];

  it.each(malformed)('answers VALIDATION with the field for %s, and writes nothing', async (_case, payload, field) => {
    const objective = dataOf(await createObjective());
    const body = JSON.parse(JSON.stringify(payload).replace('"x"', JSON.stringify(objective.id)));
    const before = platform.kvs.snapshot();
    expect(await platform.onProjectPage('priya', 'saveKeyResult', body)).toMatchObject({ ok: false, error: { code: 'VALIDATION', field, message: expect.any(String) } });
    expect(platform.kvs.snapshot()).toBe(before);
  });

  it('answers NOT_FOUND for a Key Result of an Objective that does not exist', async () => {
    expect(await createKeyResult('no-such-objective')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'keyResult.objectiveId' } });
  });

  it('does not let one project touch another project’s Objective', async () => {
    const gym = dataOf(await createObjective('priya'));
    // Priya may browse OPS; from OPS's page, GYM's Objective does not exist.
    expect(await platform.onProjectPage('priya', 'getHistory', { objectiveId: gym.id }, 'OPS')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('the project page', () => {
  it('shows each Objective with its Key Results, progress, expected progress, status and quality findings', async () => {
    const objective = dataOf(await createObjective('priya', { status: 'active' }));
    dataOf(await createKeyResult(objective.id));
    dataOf(await createKeyResult(objective.id, 'priya', 'Launch the new trainer booking flow'));
    const overview = dataOf(await platform.onProjectPage('sofia', 'getProjectOverview'));
    expect(overview.objectives).toHaveLength(1);
    const shown = must(overview.objectives[0], 'overview.objectives[0]');
    expect(shown.keyResults.map((keyResult: KeyResultView) => keyResult.title)).toEqual([
      'Members with an active training plan',
      'Launch the new trainer booking flow',
    ]);
    expect(must(shown.keyResults[1], 'shown.keyResults[1]').lint.map((finding) => finding.rule)).toContain('output-not-outcome');
    expect(shown.lint.map((finding) => finding.rule)).toEqual([]);
    expect(shown.expectedProgress).toBeGreaterThan(0);
    expect(shown.expectedProgress).toBeLessThan(1);
    expect(overview.okrLimit.inProcess).toBe(1);
  });
});

describe('export and import', () => {
  it('round-trips the project’s whole OKR data', async () => {
    const objective = dataOf(await createObjective('priya', { status: 'active', ownerAccountId: USERS.sam }));
    const keyResult = dataOf(await createKeyResult(objective.id));
    dataOf(await platform.onProjectPage('priya', 'checkIn', { keyResultId: keyResult.id, value: 22, confidence: 6 }));
    const exported = dataOf(await platform.onProjectPage('priya', 'exportData'));

    const other = startPlatformAfter(platform);
    const imported = dataOf(await other.onProjectPage('priya', 'importData', { data: exported }));
    const { exportedAt: _a, ...was } = exported;
    const { exportedAt: _b, ...now } = imported;
    expect(now).toEqual(was);
  });

  it('refuses a file of another project and changes nothing', async () => {
    dataOf(await createObjective());
    const exported = dataOf(await platform.onProjectPage('priya', 'exportData'));
    const before = platform.kvs.snapshot();
    expect(await platform.onProjectPage('priya', 'importData', { data: { ...exported, projectKey: 'OPS' } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('OPS') },
    });
    expect(platform.kvs.snapshot()).toBe(before);
  });

  it('refuses a stakeholder’s import', async () => {
    const exported = dataOf(await platform.onProjectPage('priya', 'exportData'));
    expect(await platform.onProjectPage('sofia', 'importData', { data: exported })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

/** A second, empty platform in the same test: the first is closed so only one runtime is installed. */
function startPlatformAfter(previous: TestPlatform): TestPlatform {
  previous.close();
  platform = startPlatform();
  return platform;
}
