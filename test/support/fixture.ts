// A GymTonic site cut down to two sprints of the current cycle and six issues, whose answers are
// worked out by hand in the tests that use it, and a clock pinned to the middle of a quarter.
import { createDemoData } from '../../local/jira/demo-data';
import type { IssueRecord, JiraData, SprintRecord } from '../../local/jira/model';
import { must } from './must';

const DAY = 86_400_000;
export const STATUS = { todo: '10000', inProgress: '3', done: '10001' } as const;
const TYPE = { epic: '10000', story: '10001', bug: '10004', subtask: '10003' } as const;

/** A GymTonic site cut down to two sprints of the current cycle and six issues. */
export function fixture(now: Date): JiraData {
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
    authorAccountId: must(demo.users[2], 'demo.users[2]').accountId,
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
    reporterAccountId: must(demo.users[0], 'demo.users[0]').accountId,
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
  // Another site than the demo's, with other ids for Jira Software's fields.
  const customFields = { sprint: 'customfield_11020', rank: 'customfield_11019', storyPoints: 'customfield_11016' };
  return { ...demo, customFields, boards: demo.boards.filter((board) => board.id === 1), sprints, issues };
}

/** A fixed instant in the middle of a quarter, so the fixture's two sprints always end inside the cycle. */
export const NOW = new Date('2026-11-20T12:00:00.000Z');

/** Pins Date (only the clock: timers, promises and I/O run as usual). Undo with jest.useRealTimers(). */
export function pinClock(now: Date): void {
  jest.useFakeTimers({
    now,
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  });
}
