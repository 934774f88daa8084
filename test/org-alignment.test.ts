// Alignment through the real handler: a team Objective serves an organization Objective, a team Key
// Result contributes to an organization Key Result (whose progress may come from its contributors),
// and a team's Product Goal serves one organization Objective. Alignment is an option, never a
// cascade: deleting the organization's records leaves the teams' as they were.
import { DEMO_TODAY } from '../local/jira/demo-data';
import type { PayloadOf } from '../src/contract';
import { pinClock } from './support/fixture';
import { dataOf, startPlatform, type TestPlatform } from './support/platform';
import { must } from './support/must';

beforeAll(() => pinClock(DEMO_TODAY));
afterAll(() => jest.useRealTimers());

let platform: TestPlatform;
beforeEach(() => {
  platform = startPlatform();
});
afterEach(() => platform.close());

const percent = (start: number, target: number, current: number) => ({ direction: 'increase', start, target, current, unit: '%' }) as const;

/** The organization's yearly Objective with one Key Result, written by the executive. */
async function organization(progressFrom?: 'check-ins' | 'contributions') {
  const objective = dataOf(await platform.onOrganizationPage('elena', 'saveOrganizationObjective', { objective: { cycleId: '2026', title: 'Become the club members recommend', status: 'active' } }));
  const keyResult = dataOf(
    await platform.onOrganizationPage('elena', 'saveOrganizationKeyResult', { keyResult: { objectiveId: objective.id, title: 'Members who renew', metric: percent(50, 70, 50), ...(progressFrom ? { progressFrom } : {}) } }),
  );
  return { objective, keyResult };
}

async function teamObjective(projectKey: string, as: 'priya' | 'oscar', objective: Partial<PayloadOf<'saveObjective'>['objective']> = {}) {
  return platform.onProjectPage(as, 'saveObjective', { objective: { cycleId: '2026-Q4', title: 'Members feel at home', status: 'active', ...objective } }, projectKey);
}

describe('a team aligns its OKRs to the organization’s', () => {
  it('a Product Owner aligns an Objective; the project page says what it serves; clearing it is an option', async () => {
    const org = await organization();
    const objective = dataOf(await teamObjective('GYM', 'priya', { servesOrgObjectiveId: org.objective.id }));
    expect(objective.servesOrgObjectiveId).toBe(org.objective.id);
    const page = dataOf(await platform.onProjectPage('sam', 'getProjectOverview', { cycleId: '2026-Q4' }));
    expect(must(page.objectives.find((shown) => shown.id === objective.id), 'the Objective').servesOrgObjectiveId).toBe(org.objective.id);
    expect(page.alignedTo[org.objective.id]).toBe('Become the club members recommend');
    // Absent in a later save: kept. Null: cleared.
    const kept = dataOf(await platform.onProjectPage('priya', 'saveObjective', { objective: { id: objective.id, cycleId: '2026-Q4', title: 'Members feel at home', status: 'active' }, expectedVersion: objective.version, reason: 'Same' }));
    expect(kept.servesOrgObjectiveId).toBe(org.objective.id);
    const cleared = dataOf(await platform.onProjectPage('priya', 'saveObjective', { objective: { id: objective.id, cycleId: '2026-Q4', title: 'Members feel at home', status: 'active', servesOrgObjectiveId: null }, expectedVersion: kept.version, reason: 'Not any more' }));
    expect(cleared.servesOrgObjectiveId).toBeUndefined();
  });

  it('refuses an organization Objective that does not exist, and anyone who may not write the team’s OKRs', async () => {
    const org = await organization();
    expect(await teamObjective('GYM', 'priya', { servesOrgObjectiveId: 'no-such-objective' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'objective.servesOrgObjectiveId' } });
    expect(await platform.onProjectPage('sam', 'saveObjective', { objective: { cycleId: '2026-Q4', title: 'Members feel at home', status: 'draft', servesOrgObjectiveId: org.objective.id } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Even the executive does not write a team's OKRs for it.
    expect(await platform.onProjectPage('elena', 'saveObjective', { objective: { cycleId: '2026-Q4', title: 'Members feel at home', status: 'draft', servesOrgObjectiveId: org.objective.id } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('offers the organization’s Objectives and Key Results of this year and quarter to pick from', async () => {
    const org = await organization();
    dataOf(await platform.onOrganizationPage('elena', 'saveOrganizationObjective', { objective: { cycleId: '2025', title: 'Last year', status: 'done' } }));
    const choices = dataOf(await platform.onProjectPage('sam', 'getAlignmentChoices'));
    expect(choices.cycles.map((cycle) => cycle.id)).toEqual(expect.arrayContaining(['2026', '2026-Q4']));
    expect(choices.objectives).toEqual([{ id: org.objective.id, title: 'Become the club members recommend', cycleId: '2026', keyResults: [{ id: org.keyResult.id, title: 'Members who renew' }] }]);
    // Someone who may not browse the project reads nothing from it.
    expect(await platform.onProjectPage('oscar', 'getAlignmentChoices')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('an organization Key Result takes its progress from its contributors; a viewer counts and names only those of projects they browse', async () => {
    const org = await organization('contributions');
    const gym = dataOf(await teamObjective('GYM', 'priya'));
    const ops = dataOf(await teamObjective('OPS', 'oscar', { title: 'Clubs run smoothly' }));
    // GYM at 50% with weight 3, OPS at 100% with weight 1: 62.5%.
    const gymKeyResult = dataOf(
      await platform.onProjectPage('priya', 'saveKeyResult', { keyResult: { objectiveId: gym.id, title: 'Members who book again', metric: percent(20, 40, 30), contributesTo: { orgKeyResultId: org.keyResult.id, weight: 3 } } }),
    );
    expect(gymKeyResult.contributesTo).toEqual({ orgKeyResultId: org.keyResult.id, weight: 3 });
    dataOf(await platform.onProjectPage('oscar', 'saveKeyResult', { keyResult: { objectiveId: ops.id, title: 'Machines working', metric: percent(80, 90, 90), contributesTo: { orgKeyResultId: org.keyResult.id } } }, 'OPS'));

    const asKofi = dataOf(await platform.onOrganizationPage('kofi', 'getOrganizationOkrs', { cycleId: '2026' }));
    const shown = must(must(asKofi.objectives[0], 'the Objective').keyResults[0], 'the Key Result');
    expect(shown.progressFrom).toBe('contributions');
    expect(shown.progress).toBeCloseTo(0.625);
    expect(must(asKofi.objectives[0], 'the Objective').progress).toBeCloseTo(0.625);
    expect(asKofi.contributions[org.keyResult.id]).toMatchObject({ count: 2, progress: expect.closeTo(0.625) });
    expect(asKofi.contributions[org.keyResult.id]?.listed.map((listed) => listed.projectKey).sort()).toEqual(['GYM', 'OPS']);

    // Oscar cannot browse GYM: its contribution moves the organization's progress, but is neither counted nor named.
    const asOscar = dataOf(await platform.onOrganizationPage('oscar', 'getOrganizationOkrs', { cycleId: '2026' }));
    expect(asOscar.contributions[org.keyResult.id]).toMatchObject({ count: 1, progress: expect.closeTo(0.625), listed: [{ projectKey: 'OPS', title: 'Machines working', progress: 1, weight: 1 }] });
    expect(JSON.stringify(asOscar)).not.toContain('GYM');
    expect(JSON.stringify(asOscar)).not.toContain('Members who book again');

    // From its own check-ins again: the contributions are still listed, the progress is the check-ins'.
    const again = dataOf(
      await platform.onOrganizationPage('elena', 'saveOrganizationKeyResult', {
        keyResult: { id: org.keyResult.id, objectiveId: org.objective.id, title: 'Members who renew', metric: percent(50, 70, 50), progressFrom: 'check-ins' },
        expectedVersion: org.keyResult.version,
      }),
    );
    expect(again.progressFrom).toBe('check-ins');
    const own = dataOf(await platform.onOrganizationPage('kofi', 'getOrganizationOkrs', { cycleId: '2026' }));
    expect(must(must(own.objectives[0], 'the Objective').keyResults[0], 'the Key Result').progress).toBe(0);
    expect(own.contributions[org.keyResult.id]?.count).toBe(2);
  });

  it('deleting the organization’s records leaves the teams’ alignment as it was: the page says deleted, and a save keeps it', async () => {
    const org = await organization();
    const objective = dataOf(await teamObjective('GYM', 'priya', { servesOrgObjectiveId: org.objective.id }));
    const keyResult = dataOf(
      await platform.onProjectPage('priya', 'saveKeyResult', { keyResult: { objectiveId: objective.id, title: 'Members who book again', metric: percent(20, 40, 30), contributesTo: { orgKeyResultId: org.keyResult.id } } }),
    );
    dataOf(await platform.onOrganizationPage('elena', 'deleteOrganizationObjective', { id: org.objective.id, expectedVersion: org.objective.version }));

    const page = dataOf(await platform.onProjectPage('sam', 'getProjectOverview', { cycleId: '2026-Q4' }));
    expect(page.alignedTo).toEqual({ [org.objective.id]: null, [org.keyResult.id]: null });
    const shown = must(page.objectives.find((candidate) => candidate.id === objective.id), 'the Objective');
    expect(shown.servesOrgObjectiveId).toBe(org.objective.id);
    expect(must(shown.keyResults[0], 'the Key Result').contributesTo).toEqual({ orgKeyResultId: org.keyResult.id, weight: 1 });
    // Saving them again, naming the ids they keep, is not refused.
    const saved = dataOf(
      await platform.onProjectPage('priya', 'saveObjective', {
        objective: { id: objective.id, cycleId: '2026-Q4', title: 'Members feel at home', status: 'active', servesOrgObjectiveId: org.objective.id },
        expectedVersion: objective.version,
        reason: 'Wording',
      }),
    );
    expect(saved.servesOrgObjectiveId).toBe(org.objective.id);
    const keptKeyResult = dataOf(
      await platform.onProjectPage('priya', 'saveKeyResult', {
        keyResult: { id: keyResult.id, objectiveId: objective.id, title: 'Members who book again', metric: percent(20, 40, 32), contributesTo: { orgKeyResultId: org.keyResult.id, weight: 2 } },
        expectedVersion: keyResult.version,
        reason: 'New value',
      }),
    );
    expect(keptKeyResult.contributesTo).toEqual({ orgKeyResultId: org.keyResult.id, weight: 2 });
  });

  it('a team’s export carries its alignment (ids only, no organization data), and an import takes it back', async () => {
    const org = await organization();
    const objective = dataOf(await teamObjective('GYM', 'priya', { servesOrgObjectiveId: org.objective.id }));
    dataOf(await platform.onProjectPage('priya', 'saveKeyResult', { keyResult: { objectiveId: objective.id, title: 'Members who book again', metric: percent(20, 40, 30), contributesTo: { orgKeyResultId: org.keyResult.id } } }));
    dataOf(await platform.onProjectPage('priya', 'saveSettings', { productGoal: { text: 'Every member finds their class', servesOrgObjectiveId: org.objective.id } }));
    const exported = dataOf(await platform.onProjectPage('priya', 'exportData'));
    const text = JSON.stringify(exported);
    expect(text).toContain(org.objective.id);
    expect(text).not.toContain('Become the club members recommend');
    expect(exported.settings).toMatchObject({ productGoal: { text: 'Every member finds their class', servesOrgObjectiveId: org.objective.id } });

    dataOf(await platform.onProjectPage('priya', 'saveSettings', { productGoal: null }));
    const imported = dataOf(await platform.onProjectPage('priya', 'importData', { data: exported }));
    expect(imported.settings).toMatchObject({ productGoal: { servesOrgObjectiveId: org.objective.id } });
    const page = dataOf(await platform.onProjectPage('sam', 'getProjectOverview', { cycleId: '2026-Q4' }));
    expect(page.productGoal).toMatchObject({ text: 'Every member finds their class', servesTitle: 'Become the club members recommend' });
    // A contribution whose index copy disagrees is refused, naming the field.
    const keyResults = exported.keyResults as Array<Record<string, unknown>>;
    const broken = { ...exported, keyResults: keyResults.map((keyResult) => (keyResult.contributesTo ? { ...keyResult, contributesToOrgKeyResultId: 'other' } : keyResult)) };
    const refused = await platform.onProjectPage('priya', 'importData', { data: broken });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(JSON.stringify(refused)).toContain('contributesToOrgKeyResultId');
  });
});

describe('the Product Goal', () => {
  it('is set by a Product Owner with the settings’ version; the page shows it and whether the team is dedicated', async () => {
    const org = await organization();
    const page0 = dataOf(await platform.onProjectPage('sam', 'getProjectOverview', { cycleId: '2026-Q4' }));
    expect(page0.productGoal).toBeNull();
    const settings = dataOf(await platform.onProjectPage('priya', 'saveSettings', { productGoal: { text: ' Every member finds their class ', servesOrgObjectiveId: org.objective.id }, expectedVersion: page0.settings.version }));
    expect(settings.productGoal).toEqual({ text: 'Every member finds their class', servesOrgObjectiveId: org.objective.id });
    // A save on a stale version is refused.
    expect(await platform.onProjectPage('priya', 'saveSettings', { productGoal: { text: 'Other' }, expectedVersion: page0.settings.version })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await platform.onProjectPage('sam', 'saveSettings', { productGoal: { text: 'Other' } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const before = dataOf(await platform.onProjectPage('sam', 'getProjectOverview', { cycleId: '2026-Q4' }));
    expect(before.objectives.filter((objective) => objective.status === 'active')).toEqual([]);
    // With no active Objective, a team is dedicated to nothing yet.
    expect(before.productGoal).toEqual({ text: 'Every member finds their class', servesOrgObjectiveId: org.objective.id, servesTitle: 'Become the club members recommend', servesDeleted: false, dedicated: false });

    // Its one active Objective serves the Product Goal's Objective (a draft serving nothing does not count): dedicated.
    dataOf(await teamObjective('GYM', 'priya', { servesOrgObjectiveId: org.objective.id }));
    dataOf(await teamObjective('GYM', 'priya', { title: 'An idea for later', status: 'draft' }));
    expect(dataOf(await platform.onProjectPage('sam', 'getProjectOverview', { cycleId: '2026-Q4' })).productGoal?.dedicated).toBe(true);

    // One more active Objective serving nothing: no longer dedicated.
    dataOf(await teamObjective('GYM', 'priya', { title: 'Something else' }));
    expect(dataOf(await platform.onProjectPage('sam', 'getProjectOverview', { cycleId: '2026-Q4' })).productGoal?.dedicated).toBe(false);

    // The organization Objective deleted: the goal keeps its id, the page says so.
    dataOf(await platform.onOrganizationPage('elena', 'deleteOrganizationObjective', { id: org.objective.id, expectedVersion: org.objective.version }));
    expect(dataOf(await platform.onProjectPage('sam', 'getProjectOverview', { cycleId: '2026-Q4' })).productGoal).toMatchObject({ servesOrgObjectiveId: org.objective.id, servesTitle: null, servesDeleted: true });
  });
});
