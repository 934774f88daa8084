// Writing OKRs through the real handler: permissions for every demo user, versions, the
// OKR-in-process limit and its override, validation, export and import.
import { kvs } from '@forge/kvs';
import { type DataOf, IMPORT_PART_MAX_BYTES, type KeyResultView, type Objective, type PayloadOf } from '../src/contract';
import { IMPORT_PARALLELISM } from '../src/store/transfer';
import { dataOf, type DemoUser, startPlatform, type TestPlatform, USERS, warningsBesidesRebuilding } from './support/platform';
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

  it('nudges after 14 days without a check-in unless the project sets another number, kept when other settings change', async () => {
    expect(dataOf(await platform.onProjectPage('sam', 'getProjectOverview')).settings.staleCheckInDays).toBe(14);
    dataOf(await platform.onProjectPage('priya', 'saveSettings', { staleCheckInDays: 7 }));
    dataOf(await platform.onProjectPage('priya', 'saveSettings', { okrLimit: 4 }));
    expect(dataOf(await platform.onProjectPage('sam', 'getProjectOverview')).settings).toMatchObject({ okrLimit: 4, staleCheckInDays: 7 });
  });

  it('shows readers what they may not do, and who may', async () => {
    const overview = dataOf(await platform.onProjectPage('sofia', 'getProjectOverview'));
    expect(overview.access).toEqual({
      canEdit: false,
      canCheckIn: false,
      productOwners: [{ accountId: USERS.priya, displayName: 'Priya Natarajan' }],
      // A stakeholder may not edit issues: nothing to pick for a bulk link.
      canLinkWork: false,
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

  it('takes one reason to bring a done Objective back past the limit: the override\'s is the change\'s', async () => {
    const done = dataOf(await createObjective('priya', { title: 'Open the new club', status: 'done' }));
    await threeActive();
    const reactivated = dataOf(
      await platform.onProjectPage('priya', 'saveObjective', {
        objective: { id: done.id, cycleId: done.cycleId, title: done.title, status: 'active' },
        expectedVersion: done.version,
        overrideLimitReason: 'The opening slipped into this quarter',
      }),
    );
    expect(reactivated.limitOverride).toMatchObject({ reason: 'The opening slipped into this quarter' });
    const { changes } = dataOf(await platform.onProjectPage('sam', 'getHistory', { objectiveId: done.id }));
    expect(changes[0]).toMatchObject({ what: 'objective.limit-overridden', reason: 'The opening slipped into this quarter' });
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
    // Written today: nothing is expected of them yet, whatever share of the cycle has passed.
    expect(shown.expectedProgress).toBe(0);
    expect(shown.keyResults.map((keyResult) => [keyResult.expectedProgress, keyResult.status])).toEqual([
      [0, 'on-track'],
      [0, 'on-track'],
    ]);
    expect(overview.okrLimit.inProcess).toBe(1);
  });

  it('counts expected progress from the start date a Key Result carries, and keeps it through export', async () => {
    const objective = dataOf(await createObjective('priya', { status: 'active' }));
    const overview = dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
    const saved = dataOf(
      await platform.onProjectPage('priya', 'saveKeyResult', {
        keyResult: { objectiveId: objective.id, title: 'Members with a plan: 18% → 45%', startDate: overview.cycle.startDate, metric: { direction: 'increase', start: 18, target: 45, current: 18, unit: '%' } },
      }),
    );
    expect(saved.startDate).toBe(overview.cycle.startDate);
    expect(saved.startedOn).toBe(overview.cycle.startDate);
    expect(saved.expectedProgress).toBeGreaterThan(0);
    const exported = dataOf(await platform.onProjectPage('priya', 'exportData'));
    expect(JSON.stringify(exported.keyResults)).toContain(`"startDate":"${overview.cycle.startDate}"`);

    const refused = await platform.onProjectPage('priya', 'saveKeyResult', {
      keyResult: { objectiveId: objective.id, title: 'Members with a plan', startDate: '1 November', metric: { direction: 'increase', start: 1, target: 2, current: 1 } },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'keyResult.startDate' } });
  });

  it('shows a Key Result whose start equals its target as not measurable, not done', async () => {
    const objective = dataOf(await createObjective('priya', { status: 'active' }));
    const saved = dataOf(
      await platform.onProjectPage('priya', 'saveKeyResult', {
        keyResult: { objectiveId: objective.id, title: 'Members booking classes', metric: { direction: 'increase', start: 0, target: 0, current: 0 } },
      }),
    );
    expect(saved.status).toBe('not-measurable');
    const shown = must(dataOf(await platform.onProjectPage('sofia', 'getProjectOverview')).objectives[0], 'objective');
    expect(shown.health).toBe('not-measurable');
  });
});

describe('history', () => {
  it('names the Key Result of each change in an Objective\'s history, a deleted one too', async () => {
    const objective = dataOf(await createObjective('priya', { status: 'active' }));
    const kept = dataOf(await createKeyResult(objective.id, 'priya', 'Members with a plan: 18% → 45%'));
    const gone = dataOf(await createKeyResult(objective.id, 'priya', 'Members who return weekly'));
    dataOf(await platform.onProjectPage('priya', 'checkIn', { keyResultId: kept.id, value: 20, confidence: 6 }));
    dataOf(await platform.onProjectPage('priya', 'deleteKeyResult', { id: gone.id, expectedVersion: gone.version }));
    const history = dataOf(await platform.onProjectPage('sofia', 'getHistory', { objectiveId: objective.id }));
    const named = history.changes.filter((change) => change.keyResultId !== undefined).map((change) => [change.what, history.keyResults[change.keyResultId ?? '']]);
    expect(named).toEqual(
      expect.arrayContaining([
        ['keyResult.checked-in', 'Members with a plan: 18% → 45%'],
        ['keyResult.deleted', 'Members who return weekly'],
      ]),
    );
    expect(Object.keys(history.keyResults).sort()).toEqual([kept.id, gone.id].sort());
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

// ─── Import and export at any size, one import at a time, nothing of another project ───

type Document = DataOf<'exportData'> & Record<'objectives' | 'keyResults' | 'changes' | 'sprintReviews', Array<Record<string, unknown>>>;
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');
/** What Forge lets a request from the UI and an answer to it carry. */
const REQUEST_LIMIT = 500_000;
const RESPONSE_LIMIT = 5_000_000;
const LISTS = ['objectives', 'keyResults', 'changes', 'sprintReviews'] as const;
const exportOnce = async (user: DemoUser = 'priya') => dataOf(await platform.onProjectPage(user, 'exportData')) as Document;

/** Every page of the export, each checked against the answer limit, joined into one document. */
async function exportAll(user: DemoUser = 'priya', projectKey = 'GYM'): Promise<{ document: Document; pages: number }> {
  const pages: Document[] = [];
  let cursor: string | undefined;
  do {
    const page = dataOf(await platform.onProjectPage(user, 'exportData', cursor ? { cursor } : {}, projectKey)) as Document;
    expect(bytes(page)).toBeLessThan(RESPONSE_LIMIT);
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor);
  const { nextCursor: _last, ...first } = must(pages[0], 'pages[0]');
  const document = { ...first } as Document;
  for (const list of LISTS) document[list] = pages.flatMap((page) => page[list]);
  return { document, pages: pages.length };
}

/** The file's JSON text cut into parts that each fit one request, sent as `importInParts`. */
async function importByParts(document: unknown, user: DemoUser = 'priya') {
  const text = JSON.stringify(document);
  const parts: string[] = [];
  for (let start = 0; start < text.length; ) {
    let length = Math.min(IMPORT_PART_MAX_BYTES, text.length - start);
    while (bytes(text.slice(start, start + length)) > IMPORT_PART_MAX_BYTES) length = Math.floor(length * 0.9);
    parts.push(text.slice(start, start + length));
    start += length;
  }
  const begun = await platform.onProjectPage(user, 'importInParts', { phase: 'begin', parts: parts.length });
  if (!begun.ok) return begun;
  const { importId } = begun.data as DataOf<'importInParts'> & { importId: string };
  for (const [index, part] of parts.entries()) {
    const payload = { phase: 'part', importId, index, text: part };
    expect(bytes(payload)).toBeLessThan(REQUEST_LIMIT);
    dataOf(await platform.onProjectPage(user, 'importInParts', payload));
  }
  return platform.onProjectPage(user, 'importInParts', { phase: 'finish', importId });
}

/** A copy of an export with `count` more Key Results (five to an Objective), each with `checkIns` check-ins carrying a note of `noteLength`. */
function grown(base: Document, { count, checkIns, noteLength, tag = 'x' }: { count: number; checkIns: number; noteLength: number; tag?: string }): Document {
  const document = structuredClone(base);
  const cycleId = String((base.objectives[0] as { cycleId: string }).cycleId);
  const at = '2026-10-01T09:00:00.000Z';
  for (let i = 0; i < count; i++) {
    const objectiveId = `bulk-${tag}-o${Math.floor(i / 5)}`;
    if (i % 5 === 0) {
      document.objectives.push({ id: objectiveId, projectKey: 'GYM', cycleId, title: `Objective ${tag} ${i / 5}`, status: 'draft', createdAt: at, updatedAt: at, version: 1 });
    }
    document.keyResults.push({
      id: `bulk-${tag}-k${i}`,
      objectiveId,
      projectKey: 'GYM',
      cycleId,
      title: `Key Result ${tag} ${i}`,
      metric: { direction: 'increase', start: 0, target: 100, current: 1 },
      weight: 1,
      createdAt: at,
      updatedAt: at,
      version: 1,
      checkIns: Array.from({ length: checkIns }, (_, n) => ({ at, accountId: USERS.priya, value: n, confidence: 5, note: `${n} `.padEnd(noteLength, 'n') })),
    });
  }
  return document;
}

const byId = (records: Array<Record<string, unknown>>) => [...records].sort((a, b) => String(a.id ?? a.sprintId).localeCompare(String(b.id ?? b.sprintId)));
const sameData = (a: Document, b: Document) => {
  for (const list of LISTS) expect([list, byId(a[list])]).toEqual([list, byId(b[list])]);
  expect(a.settings).toEqual(b.settings);
};

describe('an import never names another project’s records', () => {
  async function opsOkrs() {
    const cycleId = await currentCycleId();
    const objective = dataOf(await platform.onProjectPage('oscar', 'saveObjective', { objective: { cycleId, title: 'Clubs open on time', status: 'draft' } }, 'OPS'));
    const keyResult = dataOf(
      await platform.onProjectPage('oscar', 'saveKeyResult', { keyResult: { objectiveId: objective.id, title: 'Clubs open by 6:00', metric: { direction: 'increase', start: 80, target: 99, current: 80, unit: '%' } } }, 'OPS'),
    );
    return { objective, keyResult };
  }

  it('refuses history and sprint reviews naming another project’s Objective or Key Result, and changes nothing there or here', async () => {
    const ops = await opsOkrs();
    dataOf(await createObjective('priya'));
    const file = await exportOnce();
    const forged = { id: 'ch-forged-1', projectKey: 'GYM', subject: 'objective', objectiveId: ops.objective.id, at: new Date().toISOString(), accountId: USERS.oscar, what: 'objective.deleted', before: null, after: null, reason: 'Closed by the OPS admin' };
    const review = {
      projectKey: 'GYM', sprintId: 4242, sprintName: 'GYM Sprint 42', cycleId: (file.objectives[0] as { cycleId: string }).cycleId, closedAt: new Date().toISOString(), openedAt: new Date().toISOString(),
      issues: [], keyResults: [{ keyResultId: ops.keyResult.id, objectiveId: ops.objective.id, valueAtClose: 99, progressAtClose: 1, corrections: [] }], version: 1,
    };
    const before = platform.kvs.snapshot();
    const history = await platform.onProjectPage('oscar', 'getHistory', { objectiveId: ops.objective.id }, 'OPS');
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);

    const viaHistory = await platform.onProjectPage('priya', 'importData', { data: { ...file, changes: [...file.changes, forged] } });
    expect(viaHistory).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: `data.changes[${file.changes.length}].objectiveId` } });
    expect(JSON.stringify(viaHistory)).not.toMatch(/OPS/);
    const keyResultInHistory = await platform.onProjectPage('priya', 'importData', { data: { ...file, changes: [...file.changes, { ...forged, objectiveId: must(file.objectives[0], 'file.objectives[0]').id, subject: 'key-result', keyResultId: ops.keyResult.id }] } });
    expect(keyResultInHistory).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: `data.changes[${file.changes.length}].keyResultId` } });
    const viaReview = await platform.onProjectPage('priya', 'importData', { data: { ...file, sprintReviews: [review] } });
    expect(viaReview).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'data.sprintReviews[0].keyResults[0].keyResultId' } });

    expect(platform.kvs.snapshot()).toBe(before);
    expect(await platform.onProjectPage('oscar', 'getHistory', { objectiveId: ops.objective.id }, 'OPS')).toEqual(history);
    jest.restoreAllMocks();
  });

  it('says an id is already used without naming the project that uses it, and logs which', async () => {
    const ops = await opsOkrs();
    dataOf(await createObjective('priya'));
    const file = await exportOnce();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const answer = await platform.onProjectPage('priya', 'importData', { data: { ...file, objectives: [...file.objectives, { ...file.objectives[0], id: ops.objective.id }] } });
      expect(answer).toEqual({
        ok: false,
        error: { code: 'VALIDATION', field: 'data.objectives[1].id', message: `objectives[1].id: ${ops.objective.id} is already used; export again from this project or give it a new id.` },
      });
      expect(warn.mock.calls.flat().join(' ')).toMatch(/project OPS/);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('export and import at any size', () => {
  it('exports in pages that each fit an answer, and imports in parts that each fit a request, a project larger than either', async () => {
    dataOf(await createObjective('priya'));
    // 30 Key Results of about 190 KB of check-ins each: about 6 MB, more than one answer may carry.
    const file = grown(await exportOnce(), { count: 30, checkIns: 300, noteLength: 500 });
    expect(bytes(file)).toBeGreaterThan(RESPONSE_LIMIT);

    const finished = await importByParts(file);
    expect(dataOf(finished)).toMatchObject({ objectives: file.objectives.length, keyResults: 30, changes: file.changes.length, sprintReviews: 0 });
    const { document, pages } = await exportAll();
    expect(pages).toBeGreaterThan(2);
    sameData(document, file);
  });

  it('validates the whole file once every part has arrived, before anything changes; parts stay in their project', async () => {
    dataOf(await createObjective('priya'));
    const file = await exportOnce();
    const before = platform.kvs.snapshot();
    // Half a document: refused at the finish, nothing of the project changed.
    const text = JSON.stringify(file);
    const begun = dataOf(await platform.onProjectPage('priya', 'importInParts', { phase: 'begin', parts: 2 })) as { importId: string };
    dataOf(await platform.onProjectPage('priya', 'importInParts', { phase: 'part', importId: begun.importId, index: 0, text: text.slice(0, 100) }));
    expect(await platform.onProjectPage('priya', 'importInParts', { phase: 'finish', importId: begun.importId })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/part 1 of 2 has not arrived/) } });
    dataOf(await platform.onProjectPage('priya', 'importInParts', { phase: 'part', importId: begun.importId, index: 1, text: text.slice(100, 200) }));
    expect(await platform.onProjectPage('priya', 'importInParts', { phase: 'finish', importId: begun.importId })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    // Another project's page cannot reach GYM's parts; a stakeholder cannot begin one.
    expect(await platform.onProjectPage('oscar', 'importInParts', { phase: 'finish', importId: begun.importId }, 'OPS')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'importId' } });
    expect(await platform.onProjectPage('sofia', 'importInParts', { phase: 'begin', parts: 1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const live = (snapshot: string) => JSON.stringify(Object.entries((JSON.parse(snapshot) as { tables: Record<string, unknown> }).tables).filter(([table]) => table !== 'entity:import-part'));
    expect(live(platform.kvs.snapshot())).toBe(live(before));
  });
});

describe('an import in parts that stops while it is applied', () => {
  it('is finished by finishing it again, and its parts go once it is applied (until then they expire on their own)', async () => {
    dataOf(await createObjective('priya'));
    const file = grown(await exportOnce(), { count: 60, checkIns: 2, noteLength: 20 });
    const text = JSON.stringify(file);
    const { importId } = dataOf(await platform.onProjectPage('priya', 'importInParts', { phase: 'begin', parts: 2 })) as { importId: string };
    for (const [index, part] of [text.slice(0, 5000), text.slice(5000)].entries()) dataOf(await platform.onProjectPage('priya', 'importInParts', { phase: 'part', importId, index, text: part }));
    const staged = () => Object.values((JSON.parse(platform.kvs.snapshot()) as { tables: Record<string, Record<string, { expireTime?: string }>> }).tables['entity:import-part'] ?? {});
    expect(staged().length).toBeGreaterThan(2);
    expect(staged().every((record) => record.expireTime !== undefined)).toBe(true);

    // The second transaction writing Key Results fails: the lock is taken, the befores kept, and some records are written, not all.
    const before = (await exportAll()).document;
    const handle = platform.kvs.handle.bind(platform.kvs);
    let records = 0;
    platform.kvs.handle = async (path, body) => {
      const text = JSON.stringify(body);
      if (path === '/api/v1/transaction' && text.includes('"key-result"') && !text.includes('import-before') && ++records === 2) platform.kvs.failOnCall(1, 503, undefined, { path });
      return handle(path, body);
    };
    const stopped = await platform.onProjectPage('priya', 'importInParts', { phase: 'finish', importId }).catch((error: Error) => ({ ok: false, error }));
    expect(stopped.ok).toBe(false);
    platform.kvs.handle = handle;
    platform.kvs.clearFaults();
    expect(warningsBesidesRebuilding(dataOf(await platform.onProjectPage('sam', 'getProjectOverview'))).map((warning) => warning.code)).toEqual(['IMPORT_INTERRUPTED']);
    // Until it is finished, the OKRs from before it are what everyone sees.
    sameData((await exportAll()).document, before);
    expect(staged().length).toBeGreaterThan(2);

    expect(dataOf(await platform.onProjectPage('priya', 'importInParts', { phase: 'finish', importId }))).toMatchObject({ keyResults: 60 });
    sameData((await exportAll()).document, file);
    expect(warningsBesidesRebuilding(dataOf(await platform.onProjectPage('sam', 'getProjectOverview')))).toEqual([]);
    expect(staged()).toEqual([]);
    expect(await platform.onProjectPage('priya', 'importInParts', { phase: 'finish', importId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'importId' } });
  });
});

describe('one import at a time, writing only what changed', () => {
  it('refuses a second import while one runs: never two at once, never a mix', async () => {
    dataOf(await createObjective('priya'));
    const base = await exportOnce();
    const a = grown(base, { count: 40, checkIns: 1, noteLength: 10, tag: 'a' });
    const b = grown(base, { count: 40, checkIns: 1, noteLength: 10, tag: 'b' });
    const answers = await Promise.all([platform.onProjectPage('priya', 'importData', { data: a }), platform.onProjectPage('priya', 'importData', { data: b })]);
    expect(answers.map((answer) => (answer.ok ? 'ok' : answer.error.code)).sort()).toEqual(['CONFLICT', 'ok']);
    const refused = must(answers.find((answer) => !answer.ok), 'answers.find((answer) => !answer.ok)');
    expect(refused).toMatchObject({ error: { message: expect.stringMatching(/^Another import of this project is running/) } });
    sameData((await exportAll()).document, must(answers[0], 'answers[0]').ok ? a : b);
    expect(warningsBesidesRebuilding(dataOf(await platform.onProjectPage('sam', 'getProjectOverview')))).toEqual([]);
  });

  it('refuses to finish one import in parts twice at once', async () => {
    dataOf(await createObjective('priya'));
    const file = grown(await exportOnce(), { count: 40, checkIns: 1, noteLength: 10 });
    const { importId } = dataOf(await platform.onProjectPage('priya', 'importInParts', { phase: 'begin', parts: 1 })) as { importId: string };
    dataOf(await platform.onProjectPage('priya', 'importInParts', { phase: 'part', importId, index: 0, text: JSON.stringify(file) }));
    const finish = () => platform.onProjectPage('priya', 'importInParts', { phase: 'finish', importId });
    const answers = await Promise.all([finish(), finish()]);
    expect(answers.map((answer) => (answer.ok ? 'ok' : answer.error.code)).sort()).toEqual(['CONFLICT', 'ok']);
    sameData((await exportAll()).document, file);
  });

  it('takes over a lock left by an import that stopped long ago, not one that is running', async () => {
    dataOf(await createObjective('priya'));
    const file = await exportOnce();
    const lock = (minutesAgo: number) =>
      platform.forge.deliverEvent({
        moduleKey: 'test',
        handler: () => kvs.entity('import-marker').set('GYM', { projectKey: 'GYM', importId: 'crashed', state: 'applying', accountId: USERS.priya, exportedAt: file.exportedAt, startedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString() }),
        event: {},
      });
    const warned = async () => warningsBesidesRebuilding(dataOf(await platform.onProjectPage('sam', 'getProjectOverview'))).map((warning) => warning.code);
    await lock(1);
    expect(await warned()).toEqual(['IMPORT_RUNNING']);
    const before = platform.kvs.snapshot();
    expect(await platform.onProjectPage('priya', 'importData', { data: file })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/Another import/) } });
    expect(platform.kvs.snapshot()).toBe(before);
    await lock(10);
    expect(await warned()).toEqual(['IMPORT_INTERRUPTED']);
    dataOf(await platform.onProjectPage('priya', 'importData', { data: file }));
    expect(warningsBesidesRebuilding(dataOf(await platform.onProjectPage('sam', 'getProjectOverview')))).toEqual([]);
  });

  it('writes nothing again when the file holds what is stored, and keeps several transactions in flight, never more than its bound', async () => {
    dataOf(await createObjective('priya'));
    const file = grown(await exportOnce(), { count: 60, checkIns: 2, noteLength: 20 });
    let inFlight = 0;
    let most = 0;
    const handle = platform.kvs.handle.bind(platform.kvs);
    platform.kvs.handle = async (path, body) => {
      if (path !== '/api/v1/transaction') return handle(path, body);
      most = Math.max(most, ++inFlight);
      try {
        return await handle(path, body);
      } finally {
        inFlight -= 1;
      }
    };
    platform.kvs.latencyMs = 1;
    dataOf(await platform.onProjectPage('priya', 'importData', { data: file }));
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(IMPORT_PARALLELISM);

    platform.kvs.latencyMs = 0;
    // The first import's befores are deleted in the background.
    await platform.forge.queuesSettled();
    platform.kvs.resetCallCount();
    dataOf(await platform.onProjectPage('priya', 'importData', { data: file }));
    // The lock, then the record of the import with the marker done: no record of the file is written again.
    expect(platform.kvs.callCountsByPath['/api/v1/transaction']).toBe(2);
  });
});

describe('an import takes the links of the Key Results it drops', () => {
  it('removes them, so an older file bringing the Key Result back brings no ghost link', async () => {
    const objective = dataOf(await createObjective('priya', { status: 'active' }));
    const kept = dataOf(await createKeyResult(objective.id, 'priya', 'Members with an active training plan'));
    const dropped = dataOf(await createKeyResult(objective.id, 'priya', 'Members who book a class'));
    for (const keyResultId of [kept.id, dropped.id]) dataOf(await platform.onIssuePanel('priya', 'linkIssue', 'GYM-3', { keyResultId }));
    const older = await exportOnce();
    const linkedTo = async () => dataOf(await platform.onIssuePanel('priya', 'getIssuePanel', 'GYM-3')).links.map((link) => link.keyResultId);
    expect((await linkedTo()).sort()).toEqual([kept.id, dropped.id].sort());

    dataOf(await platform.onProjectPage('priya', 'importData', { data: { ...older, keyResults: older.keyResults.filter((keyResult) => keyResult.id !== dropped.id) } }));
    expect(await linkedTo()).toEqual([kept.id]);
    // No link names it (what the import kept of the state before it goes in the background, below).
    const { 'entity:import-before': _befores, ...tables } = (JSON.parse(platform.kvs.snapshot()) as { tables: Record<string, unknown> }).tables;
    expect(JSON.stringify(tables)).not.toContain(`:${dropped.id}`);
    // Jira's search forgets the dropped Key Result too, once the background work has run.
    await platform.forge.queuesSettled();
    expect(platform.kvs.snapshot()).not.toContain(`:${dropped.id}`);
    const property = await platform.jira.handle({ method: 'GET', path: '/rest/api/3/issue/GYM-3/properties/outcomes', headers: {}, accountId: null });
    expect(property.body).toMatchObject({ value: { keyResultIds: [kept.id] } });

    dataOf(await platform.onProjectPage('priya', 'importData', { data: older }));
    expect(await linkedTo()).toEqual([kept.id]);
    const shown = dataOf(await platform.onProjectPage('priya', 'getProjectOverview')).objectives.flatMap((o) => o.keyResults);
    expect(shown.find((keyResult) => keyResult.id === dropped.id)?.linkedIssues.total).toBe(0);
    expect(await platform.onIssuePanel('priya', 'unlinkIssue', 'GYM-3', { keyResultId: dropped.id })).toMatchObject({ ok: false });
  });
});

/** A second, empty platform in the same test: the first is closed so only one runtime is installed. */
function startPlatformAfter(previous: TestPlatform): TestPlatform {
  previous.close();
  platform = startPlatform();
  return platform;
}
