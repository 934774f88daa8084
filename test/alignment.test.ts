// The project page's alignment and flow figures on a small fixture whose answers are worked out by
// hand: two sprints, a handful of issues with known histories, links made through the real handler.
import { createDemoData } from '../local/jira/demo-data';
import type { JiraData } from '../local/jira/model';
import type { KeyResultView, ProjectOverviewData } from '../src/contract';
import { fixture, NOW, pinClock, STATUS } from './support/fixture';
import { dataOf, startPlatform, type TestPlatform } from './support/platform';
import { must } from './support/must';

let platform: TestPlatform;
let overview: () => Promise<ProjectOverviewData>;
let keyResults: { viaEpic: KeyResultView; direct: KeyResultView };

beforeAll(() => pinClock(NOW));
afterAll(() => jest.useRealTimers());

beforeEach(() => setUp(fixture(NOW)));
afterEach(() => platform.close());

/** The fixture's site with two Key Results, the epic GYM-1 linked to one and the done story GYM-6 to the other. */
async function setUp(data: JiraData) {
  platform = startPlatform({ data });
  overview = async () => dataOf(await platform.onProjectPage('sam', 'getProjectOverview'));
  const cycleId = (await overview()).cycle.id;
  const objective = dataOf(await platform.onProjectPage('priya', 'saveObjective', { objective: { cycleId, title: 'Members reach their goals', status: 'active' } }));
  const keyResult = async (title: string) =>
    dataOf(await platform.onProjectPage('priya', 'saveKeyResult', { keyResult: { objectiveId: objective.id, title, metric: { direction: 'increase', start: 10, target: 40, current: 10, unit: '%' } } }));
  keyResults = { viaEpic: await keyResult('Members with a trainer'), direct: await keyResult('Members with a plan') };
  dataOf(await platform.onIssuePanel('diego', 'linkIssue', 'GYM-1', { keyResultId: keyResults.viaEpic.id }));
  dataOf(await platform.onIssuePanel('diego', 'linkIssue', 'GYM-6', { keyResultId: keyResults.direct.id }));
}

describe('sprint alignment', () => {
  it('lists the first 50 unaligned issues of a large running sprint in rank order and counts them all, reading no more of the sprint', async () => {
    const running = must((await overview()).sprints.find((sprint) => sprint.state === 'active'), 'the running sprint');
    // Added yesterday: the view's search of what changed in the last minutes does not find them again.
    const yesterday = new Date(NOW.getTime() - 86_400_000);
    for (let n = 0; n < 130; n++) platform.jira.createIssue({ projectKey: 'GYM', issueTypeId: '10001', summary: `Unplanned ${n}`, sprintIds: [running.id], rank: `0|k${String(n).padStart(4, '0')}:` }, { at: yesterday });
    // The first view asks for the issues to be kept; once they are, a view counts from them.
    await overview();
    await platform.forge.queuesSettled();
    platform.jira.calls.reset();
    const page = await overview();
    const unaligned = must(page.unaligned, 'page.unaligned');
    expect(unaligned.count).toBe(132);
    expect(unaligned.issues).toHaveLength(50);
    // Ranked before the fixture's own (0|i…) they are not: the list follows Jira's rank order.
    const expected = [...platform.jira.data.issues]
      .filter((issue) => issue.sprintIds.includes(running.id) && ['Unplanned', 'Issue 3', 'Issue 4'].some((start) => issue.summary.startsWith(start)))
      .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
      .slice(0, 50)
      .map((issue) => issue.key);
    expect(unaligned.issues.map((issue) => issue.key)).toEqual(expected);
    // The backlog's first page and the 50 listed are read in one search each: no search of the sprint's 132.
    expect(platform.jira.calls.byRoute['POST /rest/api/3/search/jql']).toBeLessThanOrEqual(3);
    await platform.forge.queuesSettled();
  });

  it('counts the active sprint’s stories, tasks and bugs serving a Key Result, by issue and by story points', async () => {
    const page = await overview();
    expect(page.sprints.map((sprint) => sprint.state)).toEqual(['closed', 'active']);
    const active = must(page.sprints.find((sprint) => sprint.state === 'active'), "page.sprints.find((sprint) => sprint.state === 'active')");
    // GYM-2 serves through its epic GYM-1; GYM-3 and GYM-4 serve nothing; the sub-task GYM-5 is not counted on its own.
    expect(active.issueCount).toBe(3);
    expect(active.alignedShare).toBeCloseTo(1 / 3);
    expect(active.alignedPointShare).toBeCloseTo(5 / 8);
    expect(page.unaligned).toEqual({ sprintId: active.id, issues: [{ key: 'GYM-3', summary: 'Issue 3' }, { key: 'GYM-4', summary: 'Issue 4' }], count: 2, share: 2 / 3 });
    const closed = must(page.sprints.find((sprint) => sprint.state === 'closed'), "page.sprints.find((sprint) => sprint.state === 'closed')");
    expect([closed.alignedShare, closed.alignedPointShare, closed.issueCount]).toEqual([1, 1, 1]);
  });

  it('suggests a Sprint Goal’s Key Results from its linked issues until a Product Owner ties it', async () => {
    const page = await overview();
    const active = must(page.sprints.find((sprint) => sprint.state === 'active'), "page.sprints.find((sprint) => sprint.state === 'active')");
    expect([active.keyResultIds, active.keyResultsSuggested]).toEqual([[keyResults.viaEpic.id], true]);

    const tie = { sprintId: active.id, keyResultIds: [keyResults.direct.id, keyResults.viaEpic.id] };
    expect(await platform.onProjectPage('sam', 'setSprintKeyResults', tie)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(dataOf(await platform.onProjectPage('priya', 'setSprintKeyResults', tie))).toEqual(tie);
    const tied = must((await overview()).sprints.find((sprint) => sprint.id === active.id), '(await overview()).sprints.find((sprint) => sprint.id === active.id)');
    expect([tied.keyResultIds, tied.keyResultsSuggested]).toEqual([tie.keyResultIds, false]);
  });

  it('says Jira failed, not that the sprint is unknown, when Jira cannot answer for the sprint', async () => {
    const active = must((await overview()).sprints.find((sprint) => sprint.state === 'active'), 'the running sprint');
    await platform.forge.queuesSettled();
    platform.jira.faults.inject({ path: `/rest/agile/1.0/sprint/${active.id}`, status: 503, times: Infinity });
    const before = platform.kvs.snapshot();
    const answer = await platform.onProjectPage('priya', 'setSprintKeyResults', { sprintId: active.id, keyResultIds: [keyResults.direct.id] });
    platform.jira.faults.clear();
    expect(answer).toMatchObject({ ok: false });
    expect(answer.ok ? null : answer.error.code).not.toBe('NOT_FOUND');
    expect(platform.kvs.snapshot()).toBe(before);
  });

  it('refuses to tie a sprint of another project or a Key Result that does not exist', async () => {
    expect(await platform.onProjectPage('priya', 'setSprintKeyResults', { sprintId: 999, keyResultIds: [] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'sprintId' } });
    expect(await platform.onProjectPage('priya', 'setSprintKeyResults', { sprintId: 2, keyResultIds: ['no-such-key-result'] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'keyResultIds' },
    });
  });
});

describe('flow per Key Result', () => {
  it('gives WIP, throughput, cycle time and the age of the oldest work in progress from the linked issues’ history', async () => {
    const page = await overview();
    const shown = page.objectives.flatMap((objective) => objective.keyResults);
    // GYM-6: in progress 6 days ago, done 1.5 days ago, in the one sprint that has ended.
    expect(must(shown.find((keyResult) => keyResult.id === keyResults.direct.id), 'shown.find((keyResult) => keyResult.id === keyResults.direct.id)').flow).toEqual({
      wip: 0,
      throughputPerSprint: 1,
      medianCycleTimeDays: 4.5,
      oldestWipAgeDays: null,
    });
    // The epic itself is linked, not its stories: nothing of it has moved.
    expect(must(shown.find((keyResult) => keyResult.id === keyResults.viaEpic.id), 'shown.find((keyResult) => keyResult.id === keyResults.viaEpic.id)').flow).toEqual({
      wip: 0,
      throughputPerSprint: 0,
      medianCycleTimeDays: null,
      oldestWipAgeDays: null,
    });
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', 'GYM-2', { keyResultId: keyResults.viaEpic.id }));
    const withStory = must((await overview()).objectives.flatMap((objective) => objective.keyResults).find((keyResult) => keyResult.id === keyResults.viaEpic.id), '(await overview()).objectives.flatMap(…).find((keyResult) => keyResult.id === keyResults.viaEpic.id)');
    expect(withStory.flow).toEqual({ wip: 1, throughputPerSprint: 0, medianCycleTimeDays: null, oldestWipAgeDays: 3.5 });
  });

  it('gives a long-lived issue its true cycle time, however many changes its history holds', async () => {
    // GYM-6 went in progress 12 days ago, then back and forth through review 150 times, and was done
    // 1.5 days ago: a cycle time of 10.5 days. Jira's expanded changelog holds only its latest 100 changes.
    const data = fixture(NOW);
    const gym6 = must(data.issues.find((issue) => issue.key === 'GYM-6'), "data.issues.find((issue) => issue.key === 'GYM-6')");
    const at = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString();
    const move = (id: string, to: string, daysAgo: number) => ({
      id,
      authorAccountId: must(data.users[2], 'data.users[2]').accountId,
      created: at(daysAgo),
      items: [{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: null, fromString: null, to, toString: to }],
    });
    const reviews = Array.from({ length: 150 }, (_, n) => move(`r${n}`, n % 2 === 0 ? '10002' : STATUS.inProgress, 11.9 - n * 0.06));
    gym6.changelog = [move('first', STATUS.inProgress, 12), ...reviews, move('done', STATUS.done, 1.5)];
    platform.close();
    await setUp(data);
    const shown = (await overview()).objectives.flatMap((objective) => objective.keyResults);
    expect(must(shown.find((keyResult) => keyResult.id === keyResults.direct.id), 'shown.find((keyResult) => keyResult.id === keyResults.direct.id)').flow.medianCycleTimeDays).toBe(10.5);
  });
});

describe('empty cases', () => {
  it('shows an empty project without sprints or links as such', async () => {
    const bare = createDemoData({ today: NOW });
    platform.close();
    platform = startPlatform({ data: { ...bare, sprints: [], issues: [] } });
    const page = dataOf(await platform.onProjectPage('sam', 'getProjectOverview'));
    expect([page.sprints, page.backlog, page.unaligned, page.objectives]).toEqual([[], [], null, []]);
  });
});
