// Sprint Planning with no sprint running: the project page shows the next planned sprint as it shows
// a running one (its share serving a Key Result, its unaligned issues, its Sprint Goal's tie), both
// while the figures are worked out from Jira and once they are kept.
import type { ProjectOverviewData } from '../src/contract';
import { fixture, NOW, pinClock } from './support/fixture';
import { dataOf, startPlatform, type TestPlatform, USERS } from './support/platform';
import { must } from './support/must';

let platform: TestPlatform;

beforeAll(() => pinClock(NOW));
afterAll(() => jest.useRealTimers());
afterEach(async () => {
  await platform.forge.queuesSettled();
  platform.close();
});

/** The fixture's site with its second sprint planned (not started) and the epic GYM-1 linked to a Key Result. */
async function plannedSprintSite(): Promise<{ overview: () => Promise<ProjectOverviewData>; keyResultId: string }> {
  const data = fixture(NOW);
  const planned = must(data.sprints.find((sprint) => sprint.id === 2), 'sprint 2');
  planned.state = 'future';
  platform = startPlatform({ data });
  const overview = async () => dataOf(await platform.onProjectPage('sam', 'getProjectOverview'));
  const cycleId = (await overview()).cycle.id;
  const objective = dataOf(await platform.onProjectPage('priya', 'saveObjective', { objective: { cycleId, title: 'Members reach their goals', status: 'active' } }));
  const keyResult = dataOf(
    await platform.onProjectPage('priya', 'saveKeyResult', { keyResult: { objectiveId: objective.id, title: 'Members with a trainer', metric: { direction: 'increase', start: 10, target: 40, current: 10, unit: '%' } } }),
  );
  dataOf(await platform.onIssuePanel('diego', 'linkIssue', 'GYM-1', { keyResultId: keyResult.id }));
  return { overview, keyResultId: keyResult.id };
}

describe('planning the next sprint', () => {
  it('lists the planned sprint’s unaligned issues and its share, before and after the figures are kept', async () => {
    const { overview, keyResultId } = await plannedSprintSite();
    const expected = { sprintId: 2, issues: [{ key: 'GYM-3', summary: 'Issue 3' }, { key: 'GYM-4', summary: 'Issue 4' }], count: 2, share: 2 / 3 };
    const first = await overview();
    expect(first.sprints.map((sprint) => sprint.state)).toEqual(['closed', 'future']);
    expect(first.unaligned).toEqual(expected);
    expect(first.sprints[1]).toMatchObject({ id: 2, issueCount: 3, keyResultIds: [keyResultId], keyResultsSuggested: true });
    await platform.forge.queuesSettled();
    const kept = await overview();
    expect(kept.warnings).toEqual([]);
    expect(kept.unaligned).toEqual(expected);
    expect(kept.sprints[1]?.alignedShare).toBeCloseTo(1 / 3);
  });

  it('lets a Product Owner tie the planned sprint’s goal, and shows the tie', async () => {
    const { overview, keyResultId } = await plannedSprintSite();
    expect(dataOf(await platform.onProjectPage('priya', 'setSprintKeyResults', { sprintId: 2, keyResultIds: [keyResultId] }))).toEqual({ sprintId: 2, keyResultIds: [keyResultId] });
    expect((await overview()).sprints[1]).toMatchObject({ keyResultIds: [keyResultId], keyResultsSuggested: false });
  });

  it('takes the planned sprint’s issues out of the unaligned list once they are linked in bulk', async () => {
    const { overview, keyResultId } = await plannedSprintSite();
    dataOf(await platform.onProjectPage('diego', 'linkIssues', { keyResultId, issueKeys: ['GYM-3', 'GYM-4'] }));
    const page = await overview();
    expect(page.unaligned).toEqual({ sprintId: 2, issues: [], count: 0, share: 0 });
    expect(page.sprints[1]?.alignedShare).toBe(1);
  });
});

describe('the sprint and backlog actions (jira:sprintAction, jira:backlogAction)', () => {
  /** Invokes a key from a sprint action opened on board 1's sprint 2, with or without the project in the context. */
  const fromSprintAction = (key: 'getProjectOverview' | 'setSprintKeyResults', payload: unknown, withProject: boolean, user: keyof typeof USERS = 'priya') =>
    platform.forge.invoke({
      accountId: USERS[user],
      moduleKey: 'outcomes-sprint-goal',
      extension: { type: 'jira:sprintAction', board: { id: 1, type: 'scrum' }, sprint: { id: '2' }, ...(withProject ? { project: { id: '10000', key: 'GYM', type: 'software' } } : {}) },
      functionKey: key,
      payload,
    }) as Promise<{ ok: boolean; data?: unknown; error?: unknown }>;

  it('serve the project page’s keys whether or not the context names the project (the board’s project is read then)', async () => {
    const { keyResultId } = await plannedSprintSite();
    for (const withProject of [true, false]) {
      const answer = await fromSprintAction('getProjectOverview', {}, withProject);
      expect(answer).toMatchObject({ ok: true, data: { project: { key: 'GYM' }, unaligned: { sprintId: 2 } } });
    }
    expect(await fromSprintAction('setSprintKeyResults', { sprintId: 2, keyResultIds: [keyResultId] }, false)).toEqual({ ok: true, data: { sprintId: 2, keyResultIds: [keyResultId] } });
  });

  it('refuse someone who may not see the board’s project, without naming it', async () => {
    await plannedSprintSite();
    expect(await fromSprintAction('getProjectOverview', {}, false, 'oscar')).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'Open Outcomes from a Jira project or its board to use this.' },
    });
  });
});
