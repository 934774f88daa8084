// The benchmark's tenants: one Scrum project (BIG) of 500, 5,000 or 20,000 issues with two years of
// sprints, and its OKRs and links as Outcomes stores them.
//
// Deterministic: no Math.random and no clock. Every date derives from `today` (default BENCH_TODAY,
// a Wednesday in the middle of Q4 2026) and every choice from a seeded PRNG, so two calls with the
// same size, seed and today give deep-equal tenants.
//
// The shape, for a tenant of N issues (T = top-level work items, see `counts`):
//   - GymTonic's users, statuses, issue types and priorities (createDemoData); the project BIG,
//     led by Priya (Product Owner), with the permissions GymTonic grants on GYM; one Scrum board.
//   - 60 two-week sprints, Monday 09:30 → Monday 09:00 UTC: 52 closed (the last two years), 1 active
//     (it contains today), 7 future (the first three dated, the last four without dates).
//   - 2 % epics, 20 % sub-tasks, the rest stories (65 %), bugs (22 %) and tasks (13 %). 70 % of the
//     work items were planned into closed sprints, evenly (92 % done in their sprint; the rest carried
//     into the next sprint or sent back to the backlog); the active sprint has one sprint's worth
//     (35 % done, 30 % in progress or in review, 35 % to do), the future sprints less and less, the
//     backlog the rest (mostly to do). Sub-tasks sit under work items and follow their parent's
//     sprints and status; 80 % of the work items have an epic.
//   - Ranks in board order (active sprint, future sprints, backlog, closed sprints, epics; sub-tasks
//     right after their parent); a changelog of status moves for everything started.
//   - OKRs of the current quarter: 10 active Objectives × 4 Key Results = 40, with weekly check-ins
//     since the quarter began; the previous quarter: 3 done Objectives × 3 Key Results.
//   - Links: 60 % of the issues (epics and sub-tasks included) serve a current Key Result (5 % of
//     those two), chosen mostly by epic, as teams link. They are spread over the whole history, as the
//     benchmark asks: a worst case for the project page, which reads every linked issue of the cycle.
//     Each linked issue carries the `outcomes` property the app mirrors into Jira.
import { createDemoData, DEMO_ACCOUNT_IDS } from '../local/jira/demo-data';
import { rankAt, type ChangelogRecord, type IssueRecord, type JiraData, type SprintRecord } from '../local/jira/model';
import { ISSUE_PROPERTY_KEY, type CheckIn, type IssueLinksProperty, type MetricDirection, type Objective } from '../src/contract';
import { quarterOf } from '../src/domain/cycles';
import type { IssueLinkRecord } from '../src/store/links';
import { CURRENT_SCHEMA_VERSION } from '../src/store/migrations';
import type { ChangeRecord, StoredKeyResult } from '../src/store/model';
import { OKR_EXPORT_FORMAT, type OkrExportData } from '../src/store/transfer';

/** The benchmark's "today": a Wednesday in the middle of Q4 2026, noon UTC. */
export const BENCH_TODAY = new Date('2026-11-18T12:00:00.000Z');
export const BENCH_SEED = 20261118;
export const BENCH_PROJECT = { id: '10100', key: 'BIG', name: 'Outcomes Benchmark Tenant' } as const;
export const BENCH_BOARD_ID = 7;
export const SPRINT_COUNT = { closed: 52, active: 1, future: 7 } as const;
export const OKR_SHAPE = { objectives: 10, keyResultsPerObjective: 4, previousObjectives: 3, previousKeyResultsPerObjective: 3 } as const;
/** Share of the issues linked to a Key Result, and of those linked to a second one. */
export const LINK_SHARE = 0.6;
const SECOND_LINK_SHARE = 0.05;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SPRINT_LENGTH = 14 * DAY;

const STATUS_ID = { todo: '10000', prog: '3', review: '10002', done: '10001' } as const;
const STATUS_NAME = { todo: 'To Do', prog: 'In Progress', review: 'In Review', done: 'Done' } as const;
const TYPE_ID = { Epic: '10000', Story: '10001', Task: '10002', Bug: '10004', 'Sub-task': '10003' } as const;
type Status = keyof typeof STATUS_ID;
type TypeName = keyof typeof TYPE_ID;

const { priya, sam, diego, mei } = DEMO_ACCOUNT_IDS;
const DEVELOPERS = [diego, mei, sam] as const;

export interface Tenant {
  size: number;
  today: string;
  data: JiraData;
  /** The project's OKRs as an Outcomes export, for `importProject`. */
  okrs: OkrExportData;
  /** Every issue link, as the store keeps them (entity `issue-link`, key `issueId:keyResultId`). */
  links: IssueLinkRecord[];
  /** What the benchmark measures on. */
  subjects: {
    projectKey: string;
    boardId: number;
    cycleId: string;
    activeSprintId: number;
    /** The most recent closed sprint: its close event opens the review the benchmark reads. */
    reviewSprintId: number;
    /** A story of the active sprint with an epic parent, linked directly (its epic is linked too). */
    story: string;
    /** A sub-task of that story, not linked itself: it serves through its story and its epic. */
    subtask: string;
    /** A current Key Result the story is not linked to: linkIssue links it (and the bench unlinks it). */
    linkKeyResultId: string;
  };
  stats: {
    issues: number;
    byType: Record<TypeName, number>;
    byStatus: Record<Status, number>;
    sprints: number;
    backlogWork: number;
    linkedIssues: number;
    links: number;
    objectives: number;
    keyResults: number;
    checkIns: number;
  };
}

/** mulberry32: a small, fast, deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How many issues of each kind a tenant of `size` issues holds, and where the work items are planned. */
export function counts(size: number) {
  const epics = Math.max(4, Math.round(size * 0.02));
  const subtasks = Math.round(size * 0.2);
  const work = size - epics - subtasks;
  // One sprint's worth of work: 70 % of the work items went through the 52 closed sprints.
  const perSprint = (0.7 * work) / SPRINT_COUNT.closed;
  const closed = Array.from({ length: SPRINT_COUNT.closed }, (_, i) => Math.floor(((i + 1) * 0.7 * work) / SPRINT_COUNT.closed) - Math.floor((i * 0.7 * work) / SPRINT_COUNT.closed));
  const active = Math.max(3, Math.round(perSprint));
  const future = [0.8, 0.6, 0.4, 0.2, 0.2, 0.2, 0.2].map((share) => Math.max(1, Math.round(perSprint * share)));
  const backlog = work - closed.reduce((a, b) => a + b, 0) - active - future.reduce((a, b) => a + b, 0);
  if (backlog < 0) throw new Error(`A tenant of ${size} issues is too small`);
  return { epics, subtasks, work, closed, active, future, backlog };
}

interface Proto {
  type: TypeName;
  summary: string;
  created: number;
  /** Sprint ids, oldest first. */
  sprintIds: number[];
  status: Status;
  /** Status moves after creation, oldest first. */
  moves: Array<[number, Status]>;
  points: number | null;
  epic: Proto | null;
  parent: Proto | null;
  /** For rank: board group, then a shuffle key. */
  rankGroup: number;
  shuffle: number;
  order: number;
  assignee: string | null;
  key?: string;
  id?: string;
  subtasks: Proto[];
  krIndex?: number;
}

// ─── Words ───

const ACTORS = ['Members', 'Trainers', 'Front desk staff', 'Club managers', 'New members', 'Guests', 'Coaches', 'Admins'];
const ACTIONS = [
  'can book', 'can cancel', 'see', 'get a reminder for', 'can rate', 'can share', 'can filter', 'can export',
  'are notified about', 'can pay for', 'can pause', 'can review', 'can search', 'can follow', 'can invite friends to',
];
const THINGS = [
  'group classes', 'personal training sessions', 'their weekly plan', 'club opening hours', 'locker rentals',
  'workout history', 'membership renewals', 'guest passes', 'class waiting lists', 'nutrition tips',
  'challenge leaderboards', 'equipment availability', 'sauna slots', 'body composition scans', 'referral rewards',
];
const BUG_PLACES = ['on Android 13', 'on iOS 17', 'after a time-zone change', 'when offline', 'with a long club name', 'for family memberships', 'on slow networks', 'after renewal'];
const BUG_PROBLEMS = ['crashes', 'shows the wrong time', 'double-charges', 'loses the booking', 'freezes', 'shows a blank screen', 'logs the member out'];
const TASKS = ['Upgrade', 'Monitor', 'Document', 'Clean up', 'Automate', 'Load-test', 'Audit'];
const TASK_THINGS = ['the booking service', 'the payment webhook', 'the push gateway', 'the CI pipeline', 'feature flags', 'the analytics events', 'the API gateway'];
const SUBTASKS = ['Design', 'Backend', 'Frontend', 'Tests', 'Copy', 'Review', 'Analytics'];
const EPIC_THEMES = ['Booking', 'Check-in', 'Training plans', 'Payments', 'Notifications', 'Community', 'Onboarding', 'Insights', 'Wearables', 'Family accounts'];
const GOALS = [
  'Members can book a class in two taps',
  'Trainers see who is coming to their session',
  'Members never miss a class they booked',
  'New members finish onboarding on their first visit',
  'Members pay for extras without the front desk',
  'Members see their progress every week',
];

const OBJECTIVE_TITLES = [
  'Make booking a class effortless',
  'Help members reach their fitness goals',
  'Grow personal training revenue',
  'Make the first month of membership stick',
  'Turn members into a community',
  'Give club managers the numbers they need',
  'Make the app fast and reliable everywhere',
  'Win back members who stopped coming',
  'Make paying for extras painless',
  'Bring wearables into training plans',
  'Launch-ready booking for every club',
  'Members trust the app with their data',
  'Front desk queues disappear',
];
interface MetricSpec {
  title: string;
  direction: MetricDirection;
  start: number;
  target: number;
  unit?: string;
  decimals: number;
}
const METRICS: MetricSpec[] = [
  { title: 'Weekly active members in the app', direction: 'increase', start: 32, target: 50, unit: '%', decimals: 0 },
  { title: 'Classes booked through the app', direction: 'increase', start: 41, target: 70, unit: '%', decimals: 0 },
  { title: 'Median time to book a class', direction: 'decrease', start: 48, target: 20, unit: 's', decimals: 0 },
  { title: 'App store rating', direction: 'stay-above', start: 4.5, target: 4.3, unit: '/5', decimals: 1 },
  { title: 'Members with an active training plan', direction: 'increase', start: 18, target: 40, unit: '%', decimals: 0 },
  { title: 'No-shows at booked classes', direction: 'decrease', start: 14, target: 8, unit: '%', decimals: 1 },
  { title: 'Personal training sessions sold a week', direction: 'increase', start: 120, target: 200, decimals: 0 },
  { title: 'Crash-free sessions', direction: 'stay-above', start: 99.4, target: 99.5, unit: '%', decimals: 2 },
  { title: 'New members still visiting in week 4', direction: 'increase', start: 55, target: 70, unit: '%', decimals: 0 },
  { title: 'Support tickets about payments a week', direction: 'decrease', start: 60, target: 25, decimals: 0 },
  { title: 'Members in a monthly challenge', direction: 'increase', start: 5, target: 15, unit: '%', decimals: 0 },
  { title: 'Front desk check-ins by QR code', direction: 'increase', start: 10, target: 60, unit: '%', decimals: 0 },
];
const NOTES = ['Steady week', 'New release helped', 'Holiday dip', 'Campaign started', 'Two clubs lagging', 'Better than expected', 'Data fixed after a tracking bug'];

// ─── Generation ───

export function generateTenant(size: number, options: { today?: Date; seed?: number } = {}): Tenant {
  if (!Number.isInteger(size) || size < 200) throw new Error('generateTenant: size must be an integer of at least 200');
  const today = options.today ?? BENCH_TODAY;
  const now = today.getTime();
  const rnd = prng((options.seed ?? BENCH_SEED) ^ Math.imul(size, 2654435761));
  const between = (a: number, b: number) => a + (b - a) * rnd();
  const int = (a: number, b: number) => Math.floor(between(a, b + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const demo = createDemoData({ today });
  const key = BENCH_PROJECT.key;

  // ── Sprints: the active one started on the Monday on or before today, 09:30 UTC.
  const dayStart = Math.floor(now / DAY) * DAY;
  const weekday = (new Date(dayStart).getUTCDay() + 6) % 7; // Monday = 0
  let activeStart = dayStart - weekday * DAY + 9.5 * HOUR;
  if (activeStart > now) activeStart -= 7 * DAY;
  const activeNumber = SPRINT_COUNT.closed + 1;
  const total = SPRINT_COUNT.closed + SPRINT_COUNT.active + SPRINT_COUNT.future;
  const window = (n: number) => {
    const start = activeStart + (n - activeNumber) * SPRINT_LENGTH;
    return { start, end: start + SPRINT_LENGTH - 30 * 60_000 };
  };
  const sprints: SprintRecord[] = [];
  for (let n = 1; n <= total; n++) {
    const { start, end } = window(n);
    const state = n < activeNumber ? 'closed' : n === activeNumber ? 'active' : 'future';
    const dated = n <= activeNumber + 3;
    sprints.push({
      id: n,
      name: `${key} Sprint ${n}`,
      state,
      goal: n % 7 === 0 ? '' : (GOALS[n % GOALS.length] as string),
      originBoardId: BENCH_BOARD_ID,
      createdDate: iso(Math.min(start - 7 * DAY, now - DAY)),
      ...(dated ? { startDate: iso(start), endDate: iso(end) } : {}),
      ...(state === 'closed' ? { completeDate: iso(end + 10 * 60_000) } : {}),
    });
  }

  // ── Work items, by where they were planned.
  const c = counts(size);
  const protos: Proto[] = [];
  let order = 0;
  const workType = (): TypeName => {
    const r = rnd();
    return r < 0.65 ? 'Story' : r < 0.87 ? 'Bug' : 'Task';
  };
  const summaryOf = (type: TypeName, n: number): string => {
    switch (type) {
      case 'Story':
        return `${pick(ACTORS)} ${pick(ACTIONS)} ${pick(THINGS)}`;
      case 'Bug':
        return `App ${pick(BUG_PROBLEMS)} ${pick(BUG_PLACES)} (${pick(THINGS)})`;
      case 'Task':
        return `${pick(TASKS)} ${pick(TASK_THINGS)}`;
      case 'Epic':
        return `${EPIC_THEMES[n % EPIC_THEMES.length]} ${Math.floor(n / EPIC_THEMES.length) + 1}`;
      case 'Sub-task':
        return `${pick(SUBTASKS)}`;
    }
  };
  const pointsOf = (type: TypeName): number | null => {
    if (type === 'Story') return pick([1, 2, 3, 3, 5, 5, 8, 13]);
    if (type === 'Bug') return rnd() < 0.6 ? pick([1, 2, 3]) : null;
    return null;
  };
  const newItem = (sprintIds: number[], created: number, rankGroup: number): Proto => {
    const type = workType();
    return {
      type,
      summary: summaryOf(type, order),
      created,
      sprintIds,
      status: 'todo',
      moves: [],
      points: pointsOf(type),
      epic: null,
      parent: null,
      rankGroup,
      shuffle: rnd(),
      order: order++,
      assignee: null,
      subtasks: [],
    };
  };
  /** Work started at `startAt`, moving on to `to` by `endAt` (in review on the way, sometimes). */
  const work = (p: Proto, to: Status, startAt: number, endAt: number) => {
    // Nothing happens after now: Jira never holds an issue updated in the future (one would be found
    // by every later search of what changed, as a change the app never catches up with).
    const started = Math.max(p.created, Math.min(now - 2 * HOUR, Math.max(p.created + HOUR, startAt)));
    const end = Math.min(now, Math.max(started + HOUR, Math.min(endAt, now - HOUR)));
    p.assignee = pick(DEVELOPERS);
    p.status = to;
    if (to === 'todo') return;
    p.moves.push([Math.min(started, end - 30 * 60_000), 'prog']);
    if (to === 'prog') return;
    const reviewed = to === 'review' || rnd() < 0.5;
    if (reviewed) p.moves.push([started + (end - started) * between(0.6, 0.85), 'review']);
    if (to === 'done') p.moves.push([end, 'done']);
  };

  // Closed sprints: done within the sprint, or carried over, or sent back to the backlog.
  for (let n = 1; n <= SPRINT_COUNT.closed; n++) {
    const { start, end } = window(n);
    for (let i = 0; i < (c.closed[n - 1] as number); i++) {
      const p = newItem([n], start - between(DAY, 40 * DAY), 20 + n);
      const r = rnd();
      if (r < 0.92) {
        work(p, 'done', between(start, start + 8 * DAY), between(start + 3 * DAY, end - HOUR));
      } else if (r < 0.92 + 0.08 * 0.6) {
        // Not finished: carried into the next sprint.
        const next = window(n + 1);
        p.sprintIds.push(n + 1);
        if (n + 1 < activeNumber) {
          p.rankGroup = 20 + n + 1;
          work(p, 'done', between(start + 5 * DAY, end), between(next.start + DAY, next.end - HOUR));
        } else {
          p.rankGroup = 0;
          work(p, rnd() < 0.5 ? 'done' : 'review', between(start + 5 * DAY, end), between(next.start + HOUR, now - HOUR));
        }
      } else {
        // Not finished: back to the backlog when the sprint closed.
        p.rankGroup = 10;
        if (rnd() < 0.3) work(p, 'prog', between(start + 5 * DAY, end), end);
      }
      protos.push(p);
    }
  }
  // The active sprint.
  const designatedCandidates: Proto[] = [];
  for (let i = 0; i < c.active; i++) {
    const p = newItem([activeNumber], activeStart - between(DAY, 30 * DAY), 0);
    if (i === 0) {
      p.type = 'Story';
      p.summary = summaryOf('Story', p.order);
      p.points = 5;
    }
    const r = rnd();
    const to: Status = i === 0 ? 'prog' : r < 0.35 ? 'done' : r < 0.55 ? 'prog' : r < 0.65 ? 'review' : 'todo';
    if (to !== 'todo') work(p, to, between(activeStart, activeStart + DAY), between(activeStart + DAY, now - HOUR));
    if (p.type === 'Story') designatedCandidates.push(p);
    protos.push(p);
  }
  // Future sprints: planned, hardly started.
  c.future.forEach((count, i) => {
    const n = activeNumber + 1 + i;
    for (let j = 0; j < count; j++) {
      const p = newItem([n], now - between(DAY, 90 * DAY), 1 + i);
      if (rnd() < 0.05) work(p, 'prog', now - between(DAY, 5 * DAY), now - HOUR);
      protos.push(p);
    }
  });
  // The backlog: never planned into a sprint.
  for (let i = 0; i < c.backlog; i++) {
    const p = newItem([], now - between(DAY, 730 * DAY), 10);
    const r = rnd();
    if (r < 0.07) work(p, 'prog', p.created + between(DAY, 60 * DAY), now - HOUR);
    else if (r < 0.1) work(p, 'done', p.created + between(DAY, 30 * DAY), p.created + between(31 * DAY, 90 * DAY));
    protos.push(p);
  }
  const workItems = protos.slice();

  // ── Epics over the two years; 80 % of the work items belong to the epic of their time.
  const firstStart = window(1).start - 40 * DAY;
  const span = now - firstStart;
  const epics: Proto[] = [];
  for (let e = 0; e < c.epics; e++) {
    epics.push({
      type: 'Epic',
      summary: summaryOf('Epic', e),
      created: firstStart + (e / c.epics) * span - between(5 * DAY, 20 * DAY),
      sprintIds: [],
      status: 'todo',
      moves: [],
      points: null,
      epic: null,
      parent: null,
      rankGroup: 100,
      shuffle: e,
      order: order++,
      assignee: priya,
      subtasks: [],
    });
  }
  const epicOfTime = (t: number): Proto => {
    const position = Math.floor(((t - firstStart) / span) * c.epics) + int(-2, 2);
    return epics[Math.min(c.epics - 1, Math.max(0, position))] as Proto;
  };
  for (const p of workItems) if (rnd() < 0.8) p.parent = epicOfTime(p.created);
  // The panel's story: the first story of the active sprint, always under an epic, with sub-tasks.
  const story = designatedCandidates[0];
  if (!story) throw new Error('No story in the active sprint');
  story.parent ??= epics[c.epics - 1] as Proto;
  const childrenOf = new Map<Proto, Proto[]>();
  for (const p of workItems) if (p.parent) childrenOf.set(p.parent, [...(childrenOf.get(p.parent) ?? []), p]);
  for (const epic of epics) {
    const children = childrenOf.get(epic) ?? [];
    if (children.length === 0) continue;
    epic.created = Math.min(epic.created, ...children.map((child) => child.created - DAY));
    const starts = children.flatMap((child) => (child.moves[0] ? [child.moves[0][0]] : []));
    if (starts.length === 0) continue;
    if (children.every((child) => child.status === 'done')) {
      const dones = children.map((child) => child.moves[child.moves.length - 1]?.[0] ?? 0);
      epic.status = 'done';
      epic.moves = [[Math.min(...starts), 'prog'], [Math.min(now - HOUR, Math.max(...dones) + 2 * HOUR), 'done']];
    } else {
      epic.status = 'prog';
      epic.moves = [[Math.min(...starts), 'prog']];
    }
  }

  // ── Sub-tasks: under planned work mostly; the panel's story gets the first two.
  const planned = workItems.filter((p) => p.sprintIds.length > 0);
  const subtasks: Proto[] = [];
  for (let i = 0; i < c.subtasks; i++) {
    const parent = i < 2 ? story : rnd() < 0.85 ? pick(planned) : pick(workItems);
    const created = Math.min(now - HOUR, parent.created + between(0, 3 * DAY));
    const p: Proto = {
      type: 'Sub-task',
      summary: `${summaryOf('Sub-task', i)}: ${parent.summary}`.slice(0, 120),
      created,
      sprintIds: [...parent.sprintIds],
      status: 'todo',
      moves: [],
      points: null,
      epic: null,
      parent,
      rankGroup: parent.rankGroup,
      shuffle: parent.shuffle,
      order: order++,
      assignee: null,
      subtasks: [],
    };
    const parentStart = parent.moves[0]?.[0];
    const parentEnd = parent.moves[parent.moves.length - 1]?.[0] ?? now - HOUR;
    if (i === 0) {
      work(p, 'prog', parentStart ?? now - DAY, now - HOUR);
    } else if (parent.status === 'done' && parentStart !== undefined) {
      work(p, 'done', parentStart, between(parentStart + HOUR, parentEnd));
    } else if (parent.status !== 'todo' && parentStart !== undefined) {
      const r = rnd();
      work(p, r < 0.5 ? 'done' : r < 0.8 ? 'prog' : 'todo', parentStart, now - HOUR);
    }
    parent.subtasks.push(p);
    subtasks.push(p);
  }
  const subtask = story.subtasks[0] as Proto;

  // ── Keys and ids follow creation order, as Jira numbers them.
  const all = [...epics, ...workItems, ...subtasks].sort((a, b) => a.created - b.created || a.order - b.order);
  all.forEach((p, i) => {
    p.key = `${key}-${i + 1}`;
    p.id = String(100_000 + i + 1);
  });

  // ── Ranks: active sprint, future sprints, backlog, closed sprints, epics; sub-tasks after their parent.
  const ranked: Proto[] = [];
  const topLevel = [...workItems, ...epics].sort((a, b) => a.rankGroup - b.rankGroup || a.shuffle - b.shuffle || a.order - b.order);
  for (const p of topLevel) ranked.push(p, ...p.subtasks);
  const rankOf = new Map(ranked.map((p, i) => [p, rankAt(i)]));

  // ── Changelogs: ids grow with time across the site.
  const entries: Array<{ p: Proto; at: number; from: Status; to: Status }> = [];
  for (const p of all) {
    let from: Status = 'todo';
    for (const [at, to] of p.moves) {
      entries.push({ p, at, from, to });
      from = to;
    }
  }
  entries.sort((a, b) => a.at - b.at || a.p.order - b.p.order);
  const logs = new Map<Proto, ChangelogRecord[]>();
  entries.forEach((e, i) => {
    const items: ChangelogRecord['items'] = [
      { field: 'status', fieldtype: 'jira', fieldId: 'status', from: STATUS_ID[e.from], fromString: STATUS_NAME[e.from], to: STATUS_ID[e.to], toString: STATUS_NAME[e.to] },
    ];
    if (e.to === 'done' || e.from === 'done') {
      items.unshift({
        field: 'resolution',
        fieldtype: 'jira',
        fieldId: 'resolution',
        from: e.from === 'done' ? '10000' : null,
        fromString: e.from === 'done' ? 'Done' : null,
        to: e.to === 'done' ? '10000' : null,
        toString: e.to === 'done' ? 'Done' : null,
      });
    }
    const list = logs.get(e.p) ?? [];
    list.push({ id: String(500_000 + i), authorAccountId: e.p.assignee ?? priya, created: iso(e.at), items });
    logs.set(e.p, list);
  });

  // ── OKRs.
  const cycle = quarterOf(today, 1, today);
  const cycleStart = Date.parse(`${cycle.startDate}T00:00:00.000Z`);
  const previous = quarterOf(new Date(cycleStart - DAY), 1, today);
  const previousStart = Date.parse(`${previous.startDate}T00:00:00.000Z`);
  const previousEnd = cycleStart;
  const objectives: Objective[] = [];
  const keyResults: StoredKeyResult[] = [];
  const changes: ChangeRecord[] = [];
  let changeSequence = 0;
  const change = (at: number, accountId: string, what: string, about: Pick<ChangeRecord, 'subject' | 'objectiveId' | 'keyResultId'>, before: unknown, after: unknown) => {
    changeSequence += 1;
    const stamp = iso(at).replace(/[-:.]/g, '');
    changes.push({ id: `ch-${stamp}-${String(changeSequence).padStart(6, '0')}-bench`, projectKey: key, ...about, at: iso(at), accountId, what, before, after });
  };
  const owners = [priya, sam, diego, mei];
  const makeCycle = (cycleId: string, start: number, end: number, objectiveCount: number, perObjective: number, done: boolean, prefix: string) => {
    const checkInTimes: number[] = [];
    for (let t = start + 7 * DAY + 9 * HOUR; t < Math.min(end, now); t += 7 * DAY) checkInTimes.push(t);
    for (let o = 0; o < objectiveCount; o++) {
      const objectiveId = `${prefix}-o${String(o + 1).padStart(2, '0')}`;
      const created = start - 5 * DAY + o * HOUR;
      const owner = owners[o % owners.length] as string;
      const objective: Objective = {
        id: objectiveId,
        projectKey: key,
        cycleId,
        title: OBJECTIVE_TITLES[(o + (done ? 10 : 0)) % OBJECTIVE_TITLES.length] as string,
        description: `Objective ${o + 1} of ${cycleId}: why it matters to members, and how we will know.`,
        ownerAccountId: owner,
        status: done ? 'done' : 'active',
        createdAt: iso(created),
        updatedAt: iso(done ? end - DAY : created),
        version: done ? 2 : 1,
      };
      objectives.push(objective);
      change(created, priya, 'objective.created', { subject: 'objective', objectiveId }, null, { ...objective, status: 'active', updatedAt: objective.createdAt, version: 1 });
      for (let k = 0; k < perObjective; k++) {
        const spec = METRICS[(o * perObjective + k) % METRICS.length] as MetricSpec;
        const keyResultId = `${objectiveId}-kr${k + 1}`;
        const krCreated = created + (k + 1) * 60_000;
        const pace = between(0.4, 1.2);
        const round = (v: number) => Number(v.toFixed(spec.decimals));
        const threshold = spec.direction === 'stay-above' || spec.direction === 'stay-below';
        const checkIns: CheckIn[] = checkInTimes.map((t, w) => {
          const share = (t - start) / (end - start);
          const wobble = (rnd() - 0.5) * Math.abs(spec.target - spec.start) * 0.05;
          const value = threshold ? spec.start + wobble : spec.start + (spec.target - spec.start) * Math.min(1, share * pace) + wobble;
          const accountId = w % 3 === 2 ? priya : owner;
          return { at: iso(t), accountId, value: round(value), confidence: int(4, 9), ...(w % 2 === 0 ? { note: pick(NOTES) } : {}) };
        });
        const metric = { direction: spec.direction, start: spec.start, target: spec.target, current: checkIns.at(-1)?.value ?? spec.start, ...(spec.unit ? { unit: spec.unit } : {}) };
        const keyResult: StoredKeyResult = {
          id: keyResultId,
          objectiveId,
          projectKey: key,
          cycleId,
          title: `${spec.title}${perObjective * objectiveCount > METRICS.length ? ` (${EPIC_THEMES[o % EPIC_THEMES.length]})` : ''}`,
          metric,
          weight: k === 0 ? 2 : 1,
          createdAt: iso(krCreated),
          updatedAt: checkIns.at(-1)?.at ?? iso(krCreated),
          version: 1 + checkIns.length,
          checkIns,
        };
        keyResults.push(keyResult);
        const snapshot = (kr: StoredKeyResult, n: number) => {
          const { checkIns: _checkIns, ...rest } = kr;
          return { ...rest, checkInCount: n };
        };
        change(krCreated, priya, 'keyResult.created', { subject: 'key-result', objectiveId, keyResultId }, null, snapshot({ ...keyResult, metric: { ...metric, current: spec.start }, updatedAt: iso(krCreated), version: 1 }, 0));
        let current = spec.start;
        for (const checkIn of checkIns) {
          change(Date.parse(checkIn.at), checkIn.accountId, 'keyResult.checked-in', { subject: 'key-result', objectiveId, keyResultId }, { current }, { current: checkIn.value, checkIn });
          current = checkIn.value;
        }
      }
    }
  };
  makeCycle(previous.id, previousStart, previousEnd, OKR_SHAPE.previousObjectives, OKR_SHAPE.previousKeyResultsPerObjective, true, `${key.toLowerCase()}-${previous.id.toLowerCase()}`);
  makeCycle(cycle.id, cycleStart, Date.parse(`${cycle.endDate}T00:00:00.000Z`) + DAY, OKR_SHAPE.objectives, OKR_SHAPE.keyResultsPerObjective, false, `${key.toLowerCase()}-${cycle.id.toLowerCase()}`);
  changes.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  const current = keyResults.filter((kr) => kr.cycleId === cycle.id);
  const okrs: OkrExportData = {
    format: OKR_EXPORT_FORMAT,
    schemaVersion: CURRENT_SCHEMA_VERSION,
    projectKey: key,
    exportedAt: iso(now - HOUR),
    // A big team: ten Objectives in process, so the limit is ten.
    settings: { okrLimit: 10, fiscalYearStartMonth: 1, cycleLength: 'quarter', version: 1 },
    objectives,
    keyResults,
    changes,
    sprintReviews: [],
  };

  // ── Links: each epic serves one Key Result; its work mostly serves the same one.
  const links: IssueLinkRecord[] = [];
  const linksOf = new Map<Proto, number[]>();
  const link = (p: Proto, krIndex: number) => {
    const list = linksOf.get(p) ?? [];
    if (list.includes(krIndex)) return;
    list.push(krIndex);
    linksOf.set(p, list);
  };
  epics.forEach((epic, e) => (epic.krIndex = e % current.length));
  // Work outside an epic's Key Result goes round the Key Results, so every one has linked work.
  let nextKr = 0;
  const krOf = (p: Proto): number => {
    const family = p.type === 'Sub-task' ? p.parent : p;
    const epic = family?.type === 'Epic' ? family : family?.parent;
    if (epic?.krIndex !== undefined && rnd() < 0.8) return epic.krIndex;
    nextKr = (nextKr + 1) % current.length;
    return nextKr;
  };
  // The panel's chain: the epic serves one Key Result, the story another, the sub-task none itself.
  const storyEpic = story.parent as Proto;
  const epicKr = storyEpic.krIndex as number;
  const storyKr = (epicKr + 1) % current.length;
  const linkKr = (epicKr + 2) % current.length;
  for (const p of all) {
    if (p === subtask || p === story || p === storyEpic) continue;
    if (rnd() >= LINK_SHARE) continue;
    link(p, krOf(p));
    if (rnd() < SECOND_LINK_SHARE) link(p, int(0, current.length - 1));
  }
  link(storyEpic, epicKr);
  link(story, storyKr);
  for (const p of all) {
    for (const krIndex of linksOf.get(p) ?? []) {
      const keyResult = current[krIndex] as StoredKeyResult;
      links.push({
        projectKey: key,
        issueId: p.id as string,
        issueKey: p.key as string,
        keyResultId: keyResult.id,
        objectiveId: keyResult.objectiveId,
        cycleId: cycle.id,
        linkedAt: iso(cycleStart + rnd() * (now - HOUR - cycleStart)),
        accountId: pick(DEVELOPERS),
      });
    }
  }
  const linkKeyResult = current[linkKr] as StoredKeyResult;

  // ── Issues.
  const issues: IssueRecord[] = all.map((p) => {
    const last = p.moves[p.moves.length - 1]?.[0];
    const krs = (linksOf.get(p) ?? []).map((i) => current[i] as StoredKeyResult);
    const property: IssueLinksProperty = { keyResultIds: krs.map((kr) => kr.id), objectiveIds: [...new Set(krs.map((kr) => kr.objectiveId))] };
    return {
      id: p.id as string,
      key: p.key as string,
      projectKey: key,
      issueTypeId: TYPE_ID[p.type],
      summary: p.summary,
      description: p.type === 'Story' ? `${p.summary}, as agreed in refinement.` : null,
      statusId: STATUS_ID[p.status],
      priorityId: p.type === 'Bug' ? pick(['2', '3', '3', '4']) : '3',
      labels: [],
      storyPoints: p.points,
      rank: rankOf.get(p) as string,
      sprintIds: p.sprintIds,
      parentKey: p.parent ? (p.parent.key as string) : null,
      created: iso(p.created),
      updated: iso(Math.max(p.created, last ?? p.created)),
      resolutiondate: p.status === 'done' && last !== undefined ? iso(last) : null,
      assigneeAccountId: p.assignee,
      reporterAccountId: priya,
      changelog: logs.get(p) ?? [],
      properties: krs.length > 0 ? { [ISSUE_PROPERTY_KEY]: property } : {},
    };
  });

  const data: JiraData = {
    ...demo,
    // Yet other ids than the demo's: the benchmark's tenant is another site.
    customFields: { sprint: 'customfield_10230', rank: 'customfield_10231', storyPoints: 'customfield_10232' },
    projects: [{ id: BENCH_PROJECT.id, key, name: BENCH_PROJECT.name, description: 'A large Scrum project for the Outcomes benchmark.', leadAccountId: priya }],
    boards: [{ id: BENCH_BOARD_ID, name: `${key} board`, type: 'scrum', projectKey: key }],
    sprints,
    issues,
    // Everyone has on BIG what GymTonic gives them on GYM.
    permissions: demo.permissions.filter((grant) => grant.projectKey === 'GYM').map((grant) => ({ ...grant, projectKey: key, permissions: [...grant.permissions] })),
    issueRestrictions: [],
  };

  const byType = { Epic: 0, Story: 0, Task: 0, Bug: 0, 'Sub-task': 0 } as Record<TypeName, number>;
  const byStatus = { todo: 0, prog: 0, review: 0, done: 0 } as Record<Status, number>;
  for (const p of all) {
    byType[p.type] += 1;
    byStatus[p.status] += 1;
  }
  return {
    size,
    today: iso(now),
    data,
    okrs,
    links,
    subjects: {
      projectKey: key,
      boardId: BENCH_BOARD_ID,
      cycleId: cycle.id,
      activeSprintId: activeNumber,
      reviewSprintId: SPRINT_COUNT.closed,
      story: story.key as string,
      subtask: subtask.key as string,
      linkKeyResultId: linkKeyResult.id,
    },
    stats: {
      issues: all.length,
      byType,
      byStatus,
      sprints: sprints.length,
      backlogWork: c.backlog,
      linkedIssues: linksOf.size,
      links: links.length,
      objectives: objectives.length,
      keyResults: keyResults.length,
      checkIns: keyResults.reduce((sum, kr) => sum + kr.checkIns.length, 0),
    },
  };
}

function iso(ms: number): string {
  return new Date(Math.round(ms)).toISOString();
}
