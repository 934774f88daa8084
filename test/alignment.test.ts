// The project page's alignment and flow figures on a small fixture whose answers are worked out by
// hand: two sprints, a handful of issues with known histories, links made through the real handler.
import { createDemoData } from '../local/jira/demo-data';
import type { IssueRecord, JiraData, SprintRecord } from '../local/jira/model';
import type { KeyResultView, ProjectOverviewData } from '../src/contract';
import { dataOf, startPlatform, type TestPlatform } from './support/platform';

const DAY = 86_400_000;
const STATUS = { todo: '10000', inProgress: '3', done: '10001' } as const;
const TYPE = { epic: '10000', story: '10001', bug: '10004', subtask: '10003' } as const;

/** A GymTonic site cut down to two sprints of the current cycle and six issues. */
function fixture(now: Date): JiraData {
  const demo = createDemoData({ today: now });
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY).toISOString();
  const sprint = (id: number, state: SprintRecord['state'], startDaysAgo: number, endDaysAgo: number): SprintRecord => ({
    id,
    name: `GYM Sprint ${id}`,
    state,
    goal: state === 'active' ? 'Members can book a personal trainer from the app' : 'Members can follow a weekly plan',
    originBoardId: 1,
    createdDate: at(startDaysAgo + 3),
    startDate: at(startDaysAgo),
    endDate: at(endDaysAgo),
    ...(state === 'closed' ? { completeDate: at(endDaysAgo) } : {}),
  });
  // The closed sprint ended a day ago, the active one runs for 10 more days: both end in the quarter.
  const sprints = [sprint(1, 'closed', 15, 1), sprint(2, 'active', 1, -10)];
  const move = (to: string, daysAgo: number) => ({
    id: `${to}-${daysAgo}`,
    authorAccountId: demo.users[2]!.accountId,
    created: at(daysAgo),
    items: [{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: null, fromString: null, to, toString: to }],
  });
  const issue = (n: number, fields: Partial<IssueRecord>): IssueRecord => ({
    id: String(20000 + n),
    key: `GYM-${n}`,
    projectKey: 'GYM',
    issueTypeId: TYPE.story,
    summary: `Issue ${n}`,
    description: null,
    statusId: STATUS.todo,
    priorityId: '3',
    labels: [],
    storyPoints: null,
    rank: `0|i0000${n}:`,
    sprintIds: [],
    parentKey: null,
    created: at(20),
    updated: at(1),
    resolutiondate: null,
    assigneeAccountId: null,
    reporterAccountId: demo.users[0]!.accountId,
    changelog: [],
    properties: {},
    ...fields,
  });
  const issues = [
    issue(1, { issueTypeId: TYPE.epic, summary: 'Personal training' }),
    // In the active sprint: a story under the epic, in progress for 3.5 days, 5 points.
    issue(2, { parentKey: 'GYM-1', sprintIds: [2], storyPoints: 5, statusId: STATUS.inProgress, changelog: [move(STATUS.inProgress, 3.5)] }),
    issue(3, { sprintIds: [2], storyPoints: 3 }),
    issue(4, { issueTypeId: TYPE.bug, sprintIds: [2] }),
    issue(5, { issueTypeId: TYPE.subtask, parentKey: 'GYM-2', sprintIds: [2] }),
    // Done in the closed sprint: in progress 6 days ago, done 1.5 days ago: a cycle time of 4.5 days.
    issue(6, { sprintIds: [1], storyPoints: 2, statusId: STATUS.done, resolutiondate: at(1.5), changelog: [move(STATUS.inProgress, 6), move(STATUS.done, 1.5)] }),
  ];
  return { ...demo, boards: demo.boards.filter((board) => board.id === 1), sprints, issues };
}

/** A fixed instant in the middle of a quarter, so the fixture's two sprints always end inside the cycle. */
const NOW = new Date('2026-11-20T12:00:00.000Z');

let platform: TestPlatform;
let overview: () => Promise<ProjectOverviewData>;
let keyResults: { viaEpic: KeyResultView; direct: KeyResultView };

beforeAll(() => {
  // Only the clock is pinned: timers, promises and I/O run as usual.
  jest.useFakeTimers({
    now: NOW,
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  });
});
afterAll(() => jest.useRealTimers());

beforeEach(async () => {
  platform = startPlatform({ data: fixture(NOW) });
  overview = async () => dataOf(await platform.onProjectPage('sam', 'getProjectOverview'));
  const cycleId = (await overview()).cycle.id;
  const objective = dataOf(await platform.onProjectPage('priya', 'saveObjective', { objective: { cycleId, title: 'Members reach their goals', status: 'active' } }));
  const keyResult = async (title: string) =>
    dataOf(await platform.onProjectPage('priya', 'saveKeyResult', { keyResult: { objectiveId: objective.id, title, metric: { direction: 'increase', start: 10, target: 40, current: 10, unit: '%' } } }));
  keyResults = { viaEpic: await keyResult('Members with a trainer'), direct: await keyResult('Members with a plan') };
  dataOf(await platform.onIssuePanel('diego', 'linkIssue', 'GYM-1', { keyResultId: keyResults.viaEpic.id }));
  dataOf(await platform.onIssuePanel('diego', 'linkIssue', 'GYM-6', { keyResultId: keyResults.direct.id }));
});
afterEach(() => platform.close());

describe('sprint alignment', () => {
  it('counts the active sprint’s stories, tasks and bugs serving a Key Result, by issue and by story points', async () => {
    const page = await overview();
    expect(page.sprints.map((sprint) => sprint.state)).toEqual(['closed', 'active']);
    const active = page.sprints.find((sprint) => sprint.state === 'active')!;
    // GYM-2 serves through its epic GYM-1; GYM-3 and GYM-4 serve nothing; the sub-task GYM-5 is not counted on its own.
    expect(active.issueCount).toBe(3);
    expect(active.alignedShare).toBeCloseTo(1 / 3);
    expect(active.alignedPointShare).toBeCloseTo(5 / 8);
    expect(page.unaligned).toEqual({ issues: [{ key: 'GYM-3', summary: 'Issue 3' }, { key: 'GYM-4', summary: 'Issue 4' }], share: 2 / 3 });
    const closed = page.sprints.find((sprint) => sprint.state === 'closed')!;
    expect([closed.alignedShare, closed.alignedPointShare, closed.issueCount]).toEqual([1, 1, 1]);
  });

  it('suggests a Sprint Goal’s Key Results from its linked issues until a Product Owner ties it', async () => {
    const page = await overview();
    const active = page.sprints.find((sprint) => sprint.state === 'active')!;
    expect([active.keyResultIds, active.keyResultsSuggested]).toEqual([[keyResults.viaEpic.id], true]);

    const tie = { sprintId: active.id, keyResultIds: [keyResults.direct.id, keyResults.viaEpic.id] };
    expect(await platform.onProjectPage('sam', 'setSprintKeyResults', tie)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(dataOf(await platform.onProjectPage('priya', 'setSprintKeyResults', tie))).toEqual(tie);
    const tied = (await overview()).sprints.find((sprint) => sprint.id === active.id)!;
    expect([tied.keyResultIds, tied.keyResultsSuggested]).toEqual([tie.keyResultIds, false]);
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
    expect(shown.find((keyResult) => keyResult.id === keyResults.direct.id)!.flow).toEqual({
      wip: 0,
      throughputPerSprint: 1,
      medianCycleTimeDays: 4.5,
      oldestWipAgeDays: null,
    });
    // The epic itself is linked, not its stories: nothing of it has moved.
    expect(shown.find((keyResult) => keyResult.id === keyResults.viaEpic.id)!.flow).toEqual({
      wip: 0,
      throughputPerSprint: 0,
      medianCycleTimeDays: null,
      oldestWipAgeDays: null,
    });
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', 'GYM-2', { keyResultId: keyResults.viaEpic.id }));
    const withStory = (await overview()).objectives.flatMap((objective) => objective.keyResults).find((keyResult) => keyResult.id === keyResults.viaEpic.id)!;
    expect(withStory.flow).toEqual({ wip: 1, throughputPerSprint: 0, medianCycleTimeDays: null, oldestWipAgeDays: 3.5 });
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
