// The dashboard gadget's resolvers (issue #16, point 6). A gadget has no project in its context: the
// payload names one, and the answer is what Jira lets the viewer browse of it, bounded however many
// Objectives the project keeps.
import { demoOkrExport } from '../local/demo-okrs';
import { DEMO_TODAY } from '../local/jira/demo-data';
import { GADGET_MAX_OBJECTIVES, type GadgetData } from '../src/contract';
import type { OkrExportData, StoredKeyResult } from '../src/store/okrs';
import { pinClock } from './support/fixture';
import { dataOf, startPlatform, type TestPlatform } from './support/platform';
import { must } from './support/must';

let platform: TestPlatform;
beforeAll(() => pinClock(DEMO_TODAY));
afterAll(() => jest.useRealTimers());
beforeEach(() => {
  jest.setSystemTime(DEMO_TODAY);
  platform = startPlatform();
});
afterEach(async () => {
  // A project page view asks the queue to gather the project's figures: that work ends first.
  await platform.forge.queuesSettled();
  platform.close();
});

const bytes = (answer: unknown) => Buffer.byteLength(JSON.stringify(answer), 'utf8');

/** GymTonic's OKRs in GYM, through the app's own import. */
async function importDemo(change?: (data: OkrExportData) => OkrExportData): Promise<OkrExportData> {
  const base = demoOkrExport(DEMO_TODAY);
  const data = change ? change(base) : base;
  dataOf(await platform.onProjectPage('priya', 'importData', { data }));
  return data;
}

describe('getGadgetOkrs', () => {
  it('answers, from a gadget with no project in its context, the agreed Objectives of the project its payload names, drafts and dropped ones left out', async () => {
    const data = await importDemo((base) => ({
      ...base,
      objectives: base.objectives.map((objective) => (objective.id === 'gym-2026-q4-o3' ? { ...objective, status: 'dropped' } : objective)),
    }));
    const shown = dataOf(await platform.onGadget('sofia', 'getGadgetOkrs', { projectKey: 'GYM' }));
    expect(shown.project).toEqual({ key: 'GYM', name: 'GymTonic Member App' });
    expect(shown.cycle.id).toBe('2026-Q4');
    expect(shown.objectives.map((objective) => objective.id)).toEqual(['gym-2026-q4-o1', 'gym-2026-q4-o2']);
    // Each Key Result with its figures, as the project page has them.
    const page = dataOf(await platform.onProjectPage('sofia', 'getProjectOverview', {}));
    const onPage = new Map(page.objectives.flatMap((objective) => objective.keyResults).map((keyResult) => [keyResult.id, keyResult]));
    for (const keyResult of shown.objectives.flatMap((objective) => objective.keyResults)) {
      const same = must(onPage.get(keyResult.id), `${keyResult.id} on the project page`);
      expect(keyResult).toEqual({
        id: same.id,
        title: same.title,
        metric: same.metric,
        progress: same.progress,
        status: same.status,
        forecast: same.forecast,
        grade: same.lastGrade,
        daysWithoutCheckIn: same.daysWithoutCheckIn,
        stale: same.stale,
      });
    }
    // Last quarter, when the configuration names it.
    const previous = dataOf(await platform.onGadget('sofia', 'getGadgetOkrs', { projectKey: 'GYM', cycleId: '2026-Q3' }));
    expect(previous.objectives.map((objective) => objective.status)).toEqual(['done', 'done', 'done']);
    expect(data.objectives.length).toBeGreaterThan(0);
  });

  it('marks a Key Result nobody has checked in on for longer than the project’s setting, as the project page does', async () => {
    // The demo's two Key Results nobody has checked in on lately: 16 and 19 days before DEMO_TODAY.
    await importDemo();
    const keyResultsOf = (data: GadgetData) => data.objectives.flatMap((objective) => objective.keyResults);
    const shown = keyResultsOf(dataOf(await platform.onGadget('sofia', 'getGadgetOkrs', { projectKey: 'GYM' })));
    expect(shown.filter((keyResult) => keyResult.stale).map((keyResult) => [keyResult.id, keyResult.daysWithoutCheckIn])).toEqual([
      ['gym-2026-q4-o1-kr3', 16],
      ['gym-2026-q4-o3-kr1', 19],
    ]);
    // A team that allows three weeks: nothing to check in yet; one that allows three days: every Key Result of the running quarter.
    dataOf(await platform.onProjectPage('priya', 'saveSettings', { staleCheckInDays: 21 }));
    expect(keyResultsOf(dataOf(await platform.onGadget('sofia', 'getGadgetOkrs', { projectKey: 'GYM' }))).some((keyResult) => keyResult.stale)).toBe(false);
    dataOf(await platform.onProjectPage('priya', 'saveSettings', { staleCheckInDays: 3 }));
    expect(keyResultsOf(dataOf(await platform.onGadget('sofia', 'getGadgetOkrs', { projectKey: 'GYM' }))).every((keyResult) => keyResult.stale)).toBe(true);
    // Last quarter is closed: graded, never to check in.
    const previous = keyResultsOf(dataOf(await platform.onGadget('sofia', 'getGadgetOkrs', { projectKey: 'GYM', cycleId: '2026-Q3' })));
    expect(previous.length).toBeGreaterThan(0);
    expect(previous.some((keyResult) => keyResult.stale)).toBe(false);
  });

  it('refuses a project the viewer may not browse with the same answer as one that does not exist, and shows nothing of it', async () => {
    await importDemo();
    const hidden = await platform.onGadget('oscar', 'getGadgetOkrs', { projectKey: 'GYM' });
    const missing = await platform.onGadget('oscar', 'getGadgetOkrs', { projectKey: 'GYX' });
    expect(hidden).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'You need the Browse projects permission on GYM to see its OKRs.' } });
    expect(missing).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'You need the Browse projects permission on GYX to see its OKRs.' } });
    expect(JSON.stringify(hidden)).not.toContain('Gym');
  });

  it('refuses a project key that is not one, naming the field, before asking Jira anything', async () => {
    const calls = platform.jira.calls.total;
    for (const projectKey of ['gym', 'GYM OR project = OPS', '', 'G'.repeat(256)]) {
      expect(await platform.onGadget('sofia', 'getGadgetOkrs', { projectKey })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'projectKey' } });
    }
    expect(platform.jira.calls.total).toBe(calls);
  });

  it(`answers at most ${GADGET_MAX_OBJECTIVES} Objectives of 20 Key Results with the longest titles, under 400 KB, and counts the rest`, async () => {
    const title = (what: string) => `${what} `.padEnd(255, 'x');
    await importDemo((base) => {
      const objectives = Array.from({ length: 30 }, (_, o) => ({
        ...must(base.objectives.find((objective) => objective.id === 'gym-2026-q4-o1'), 'an active Objective'),
        id: `gym-bulk-o${o}`,
        title: title(`Objective ${o}`),
        description: 'd'.repeat(5000),
      }));
      const template = must(base.keyResults.find((keyResult) => keyResult.id === 'gym-2026-q4-o1-kr1'), 'a Key Result with check-ins');
      const keyResults: StoredKeyResult[] = objectives.flatMap((objective) =>
        Array.from({ length: 20 }, (_, k) => ({ ...template, id: `${objective.id}-kr${k}`, objectiveId: objective.id, title: title(`Key Result ${k}`) })),
      );
      return { ...base, objectives, keyResults, changes: [], sprintReviews: [] };
    });
    const answer: GadgetData = dataOf(await platform.onGadget('sofia', 'getGadgetOkrs', { projectKey: 'GYM' }));
    expect(answer.objectives).toHaveLength(GADGET_MAX_OBJECTIVES);
    expect(answer.moreObjectives).toBe(30 - GADGET_MAX_OBJECTIVES);
    expect(answer.objectives.every((objective) => objective.keyResults.length === 20)).toBe(true);
    expect(bytes(answer)).toBeLessThan(400_000);
  });
});

describe('getGadgetProjects', () => {
  it('offers the projects the viewer may browse, and none of the others', async () => {
    expect(dataOf(await platform.onGadget('priya', 'getGadgetProjects', {})).projects.map((project) => project.key)).toEqual(['GYM', 'OPS']);
    expect(dataOf(await platform.onGadget('oscar', 'getGadgetProjects', {})).projects.map((project) => project.key)).toEqual(['OPS']);
    expect(dataOf(await platform.onGadget('priya', 'getGadgetProjects', { query: 'operations' })).projects.map((project) => project.key)).toEqual(['OPS']);
  });
});
