// GymTonic's OKRs for project GYM, as an Outcomes export (import it with `importProject('GYM', …)`).
//
// The gym chain builds its member app in Scrum (seed article: "Why Every Scrum Team Should Care About
// OKRs"). Two quarters, fiscal year starting in January:
//   - the current quarter: exactly 3 active Objectives (the team is at its OKR-in-process limit of 3),
//     each with 2–4 Key Results covering every direction (one, "Open bugs about booking", measured by a
//     Jira query: the preview refreshes it when it starts), weekly check-ins over the part of the quarter
//     that has elapsed (every other day while it is less than three weeks old), a mid-cycle target
//     change with its reason, and two Key Results nobody has checked in on lately (the last check-in
//     16 and 19 days before today, once the quarter is that old), so the nudge has something to
//     say; plus one draft Objective whose only
//     Key Result reads like a task ("Launch the new trainer booking flow", start = target, no unit),
//     so the quality rules have something to say;
//   - the previous quarter: 3 Objectives marked done, with weekly check-ins up to their final values.
// Every record comes from replaying dated events through the same rules the store applies (version
// + 1 per change, updatedAt, a change record with before/after), so the history is consistent.
// Deterministic: no clock and no Math.random; every date derives from the UTC day of `today`, and
// every event lies before that day's start.
import { addDays } from 'date-fns';
import { UTCDate } from '@date-fns/utc';
import type { CheckIn, Cycle, Metric, MetricDirection, Objective } from '../src/contract';
import { quarterOf } from '../src/domain/cycles';
import { CURRENT_SCHEMA_VERSION } from '../src/store/migrations';
import type { ChangeRecord, StoredKeyResult, StoredSettings } from '../src/store/model';
import { OKR_EXPORT_FORMAT, type OkrExportData } from '../src/store/transfer';

export const DEMO_PROJECT_KEY = 'GYM';
const PRIYA = '5d6f2b8e4c1a90006e3f7a21';
const SAM = '5e9a41c7b3d2f80069b0c4d2';

interface KeyResultSpec {
  title: string;
  direction: MetricDirection;
  start: number;
  target: number;
  unit?: string;
  /** Decimals the values are rounded to. */
  decimals: number;
  /** Share of the planned move made per share of the cycle elapsed (1 = on track). Ignored for thresholds. */
  pace: number;
  /** For the previous quarter: the value at the last check-in. */
  final?: number;
  /** Half-width of the week-to-week wobble, in the metric's unit. */
  wobble: number;
  confidence: number;
  notes: string[];
  weight?: number;
  /**
   * The team stopped checking in on it: its last check-in is this many days before today (its
   * earlier ones as the others'), so the page, the gadget and the Sprint Review nudge. Only once the
   * quarter has a day before that; until then it is checked in as the others.
   */
  quietDays?: number;
  /** Measured by a Jira query set up by the Objective's planner (the team counted by hand before). */
  measure?: { jql: string; fn: 'count' };
}

/** The demo's query-measured Key Result: GYM's open bugs about booking, counted by Jira. */
export const DEMO_QUERY_KEY_RESULT = 'Open bugs about booking';
export const DEMO_QUERY_JQL = 'project = GYM AND issuetype = Bug AND statusCategory != Done AND text ~ "booking"';

interface ObjectiveSpec {
  slug: string;
  title: string;
  description?: string;
  owner?: string;
  keyResults: KeyResultSpec[];
}

const CURRENT: ObjectiveSpec[] = [
  {
    slug: 'o1',
    title: 'Help more members reach their fitness goals through personalized training plans',
    description: 'Members who follow a plan made for them come more often and stay longer. This quarter we put a plan in every member’s pocket.',
    owner: PRIYA,
    keyResults: [
      {
        title: 'Members with an active training plan',
        direction: 'increase', start: 18, target: 45, unit: '%', decimals: 0, pace: 1.05, wobble: 1, confidence: 7,
        notes: ['Plan builder live in two clubs', 'Trainers now offer a plan at induction', 'Push reminder doubled plan starts', 'Steady week'],
        weight: 2,
      },
      {
        title: 'Members who complete 3+ planned workouts a week',
        direction: 'increase', start: 9, target: 20, unit: '%', decimals: 0, pace: 0.6, wobble: 1, confidence: 5,
        notes: ['Completion lags plan starts', 'Workout logging is too many taps', 'Testing a weekly summary', 'Holiday week dip'],
      },
      {
        title: 'Plan satisfaction (1–5)',
        direction: 'stay-above', start: 4.4, target: 4.2, unit: '/5', decimals: 1, pace: 0, wobble: 0.15, confidence: 8,
        notes: ['Survey after week 2 of a plan', 'Some find plans too hard at first', 'Holding well'],
        quietDays: 16,
      },
    ],
  },
  {
    slug: 'o2',
    title: 'Make booking a class or a trainer effortless',
    description: 'Booking should take seconds on the phone, not a queue at the desk.',
    owner: SAM,
    keyResults: [
      {
        title: 'Median time to book a class in the app',
        direction: 'decrease', start: 95, target: 20, unit: 's', decimals: 0, pace: 0.9, wobble: 3, confidence: 6,
        notes: ['One-tap rebook of last week’s class', 'Class list loads faster', 'Card check adds time', 'Saved filters shipped'],
      },
      {
        title: 'Bookings made in the app rather than at the desk',
        direction: 'increase', start: 41, target: 70, unit: '%', decimals: 0, pace: 0.8, wobble: 1, confidence: 6,
        notes: ['Desk staff point members to the app', 'Waitlist in the app helps', 'Older members still call'],
      },
      {
        title: 'Bookings abandoned before payment',
        direction: 'decrease', start: 38, target: 15, unit: '%', decimals: 0, pace: 0.5, wobble: 2, confidence: 4,
        notes: ['Most drop at the card form', 'Saved cards in test', 'No change yet'],
      },
      {
        title: DEMO_QUERY_KEY_RESULT,
        direction: 'decrease', start: 6, target: 0, decimals: 0, pace: 0.6, wobble: 0.5, confidence: 6,
        notes: ['Counted at triage', 'Double-booking fix in review'],
        measure: { jql: DEMO_QUERY_JQL, fn: 'count' },
      },
    ],
  },
  {
    slug: 'o3',
    title: 'Keep members coming back',
    keyResults: [
      {
        title: 'Members visiting 8+ times a month',
        direction: 'increase', start: 27, target: 35, unit: '%', decimals: 0, pace: 1, wobble: 0.6, confidence: 7,
        notes: ['Streaks shown after each visit', 'Group classes drive repeat visits', 'On track'],
        quietDays: 19,
      },
      {
        title: 'Monthly churn',
        direction: 'stay-below', start: 3.2, target: 3.5, unit: '%', decimals: 1, pace: 0, wobble: 0.25, confidence: 8,
        notes: ['Below the ceiling', 'Price change month: watch closely', 'Win-back mail helped'],
      },
    ],
  },
];

const DRAFT: ObjectiveSpec = {
  slug: 'o4',
  title: 'Trainers’ time is easy to find and book',
  owner: PRIYA,
  keyResults: [
    {
      title: 'Launch the new trainer booking flow',
      direction: 'increase', start: 0, target: 0, decimals: 0, pace: 0, wobble: 0, confidence: 5, notes: [],
    },
  ],
};

const PREVIOUS: ObjectiveSpec[] = [
  {
    slug: 'o1',
    title: 'Get members to use the app every week',
    owner: PRIYA,
    keyResults: [
      {
        title: 'Weekly active members in the app',
        direction: 'increase', start: 22, target: 40, final: 36, unit: '%', decimals: 0, pace: 1, wobble: 1, confidence: 7,
        notes: ['Class schedule in the app', 'Home screen shows next class', 'Good month'],
      },
      {
        title: 'App store rating',
        direction: 'increase', start: 3.6, target: 4.3, final: 4.2, unit: '★', decimals: 1, pace: 1, wobble: 0.05, confidence: 6,
        notes: ['Fixed the login loop', 'Asked happy members for a review', 'Rating climbing'],
      },
      {
        title: 'Crash-free sessions',
        direction: 'stay-above', start: 99.3, target: 99, final: 99.5, unit: '%', decimals: 1, pace: 0, wobble: 0.15, confidence: 8,
        notes: ['Stable release', 'One bad build, rolled back', 'Holding'],
      },
    ],
  },
  {
    slug: 'o2',
    title: 'Make joining GymTonic online simple',
    owner: SAM,
    keyResults: [
      {
        title: 'Sign-up completion rate in the app',
        direction: 'increase', start: 52, target: 75, final: 71, unit: '%', decimals: 0, pace: 1, wobble: 1.5, confidence: 6,
        notes: ['Fewer fields in step 1', 'ID check moved after payment', 'Almost there'],
      },
      {
        title: 'Time to complete sign-up',
        direction: 'decrease', start: 9, target: 4, final: 4.5, unit: 'min', decimals: 1, pace: 1, wobble: 0.2, confidence: 7,
        notes: ['Address lookup saves a minute', 'Autofill for cards', 'Close to target'],
      },
      {
        title: 'Support tickets about sign-up per week',
        direction: 'stay-below', start: 18, target: 25, final: 12, unit: 'tickets', decimals: 0, pace: 0, wobble: 2, confidence: 8,
        notes: ['Quiet week', 'Launch week spike, still below', 'Help text works'],
      },
    ],
  },
  {
    slug: 'o3',
    title: 'Understand why members leave',
    keyResults: [
      {
        title: 'Leaving members who answer the exit survey',
        direction: 'increase', start: 5, target: 40, final: 44, unit: '%', decimals: 0, pace: 1, wobble: 1, confidence: 7,
        notes: ['Survey in the cancel flow', 'Two questions instead of ten', 'Beat the target'],
      },
      {
        title: 'Reasons for leaving we can act on, reviewed each sprint',
        direction: 'increase', start: 0, target: 6, final: 6, unit: 'reasons', decimals: 0, pace: 1, wobble: 0, confidence: 8,
        notes: ['Top reason: crowded peak hours', 'Second: booking hassle', 'Shared with the clubs'],
      },
    ],
  },
];

// ─── Deterministic helpers ───

const DAY_MS = 86_400_000;

/** A small seeded PRNG (mulberry32) over a string seed: the same seed, the same sequence. */
function random(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (value: number, decimals: number) => Number(value.toFixed(decimals));

/** `day` (yyyy-MM-dd) plus `days`, at hh:mm UTC, as an ISO date-time. */
function at(day: string, days: number, hours: number, minutes = 0): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS + (hours * 60 + minutes) * 60_000).toISOString();
}

const compact = (iso: string) => iso.replace(/[-:.]/g, '');

// ─── Replaying events the way the store writes them ───

interface DemoEvent {
  at: string;
  order: number;
  apply(): void;
}

class DemoHistory {
  readonly objectives = new Map<string, Objective>();
  readonly keyResults = new Map<string, StoredKeyResult>();
  readonly changes: ChangeRecord[] = [];
  settings: StoredSettings | null = null;
  private readonly events: DemoEvent[] = [];
  private order = 0;

  private schedule(when: string, apply: () => void): void {
    this.events.push({ at: when, order: this.order++, apply });
  }

  private record(when: string, accountId: string, what: string, about: Omit<ChangeRecord, 'id' | 'projectKey' | 'at' | 'accountId' | 'what' | 'before' | 'after' | 'reason'>, before: unknown, after: unknown, reason?: string): void {
    this.changes.push({
      id: `ch-${compact(when)}-${String(this.changes.length + 1).padStart(4, '0')}`,
      projectKey: DEMO_PROJECT_KEY,
      ...about,
      at: when,
      accountId,
      what,
      before: before ?? null,
      after: after ?? null,
      ...(reason ? { reason } : {}),
    });
  }

  private static snapshot(keyResult: StoredKeyResult): Record<string, unknown> {
    const { checkIns, ...rest } = keyResult;
    return { ...rest, checkInCount: checkIns.length };
  }

  saveSettings(when: string, accountId: string, values: Omit<StoredSettings, 'version'>): void {
    this.schedule(when, () => {
      const before = this.settings;
      this.settings = { ...values, version: (before?.version ?? 0) + 1 };
      this.record(when, accountId, 'settings.updated', { subject: 'settings' }, before, this.settings);
    });
  }

  createObjective(when: string, accountId: string, objective: Omit<Objective, 'version' | 'createdAt' | 'updatedAt' | 'projectKey'>): void {
    this.schedule(when, () => {
      const created: Objective = { ...objective, projectKey: DEMO_PROJECT_KEY, createdAt: when, updatedAt: when, version: 1 };
      this.objectives.set(created.id, created);
      this.record(when, accountId, 'objective.created', { subject: 'objective', objectiveId: created.id }, null, created);
    });
  }

  updateObjective(when: string, accountId: string, id: string, patch: Partial<Objective>, reason: string): void {
    this.schedule(when, () => {
      const before = this.objectives.get(id);
      if (!before) throw new Error(`The demo history changes Objective ${id} before it exists.`);
      const after: Objective = { ...before, ...patch, updatedAt: when, version: before.version + 1 };
      this.objectives.set(id, after);
      this.record(when, accountId, 'objective.updated', { subject: 'objective', objectiveId: id }, before, after, reason);
    });
  }

  createKeyResult(when: string, accountId: string, keyResult: Omit<StoredKeyResult, 'version' | 'createdAt' | 'updatedAt' | 'projectKey' | 'checkIns'>): void {
    this.schedule(when, () => {
      const created: StoredKeyResult = { ...keyResult, projectKey: DEMO_PROJECT_KEY, createdAt: when, updatedAt: when, version: 1, checkIns: [] };
      this.keyResults.set(created.id, created);
      this.record(when, accountId, 'keyResult.created', { subject: 'key-result', objectiveId: created.objectiveId, keyResultId: created.id }, null, DemoHistory.snapshot(created));
    });
  }

  updateKeyResult(when: string, accountId: string, id: string, metric: Partial<Metric>, reason: string): void {
    this.schedule(when, () => {
      const before = this.keyResults.get(id);
      if (!before) throw new Error(`The demo history changes Key Result ${id} before it exists.`);
      const after: StoredKeyResult = { ...before, metric: { ...before.metric, ...metric }, updatedAt: when, version: before.version + 1 };
      this.keyResults.set(id, after);
      this.record(
        when,
        accountId,
        'keyResult.updated',
        { subject: 'key-result', objectiveId: after.objectiveId, keyResultId: id },
        DemoHistory.snapshot(before),
        DemoHistory.snapshot(after),
        reason,
      );
    });
  }

  checkIn(id: string, checkIn: CheckIn): void {
    this.schedule(checkIn.at, () => {
      const before = this.keyResults.get(id);
      if (!before) throw new Error(`The demo history changes Key Result ${id} before it exists.`);
      const after: StoredKeyResult = {
        ...before,
        metric: { ...before.metric, current: checkIn.value },
        checkIns: [...before.checkIns, checkIn],
        updatedAt: checkIn.at,
        version: before.version + 1,
      };
      this.keyResults.set(id, after);
      this.record(
        checkIn.at,
        checkIn.accountId,
        'keyResult.checked-in',
        { subject: 'key-result', objectiveId: after.objectiveId, keyResultId: id },
        { current: before.metric.current },
        { current: checkIn.value, checkIn },
      );
    });
  }

  /** Applies every event in time order (ties in the order they were scheduled). */
  replay(): void {
    this.events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.order - b.order));
    for (const event of this.events) event.apply();
  }
}

// ─── The two quarters ───

const dayNumber = (isoDay: string) => Math.round(Date.parse(`${isoDay}T00:00:00.000Z`) / DAY_MS);

/**
 * The days of the cycle (from its start) with a check-in, all before the `elapsed`th: weekly, from the
 * first week's end; in a cycle's first three weeks, every other day from its first, so that a quarter
 * a few days old already has burn-ups and (from its third day) forecasts.
 */
function checkInDays(elapsed: number): number[] {
  const days: number[] = [];
  if (elapsed < 21) {
    for (let day = 0; day < elapsed; day += 2) days.push(day);
    return days;
  }
  for (let day = 7; day < elapsed; day += 7) days.push(day);
  return days;
}

/** A Key Result's check-in days: the usual ones, or, once it has gone quiet, those until then and one on the day it went quiet. */
function checkInDaysOf(kr: KeyResultSpec, elapsed: number, closed: boolean): number[] {
  const quietFrom = kr.quietDays === undefined || closed ? 0 : elapsed - kr.quietDays;
  if (quietFrom < 1) return checkInDays(elapsed);
  return [...checkInDays(quietFrom), quietFrom];
}

/**
 * Schedules a quarter's Objectives, Key Results and weekly check-ins. `elapsedDays` is how many whole
 * days of the cycle lie before today (check-ins fall only on those); `createdDay` is the day (from the
 * cycle's start) the plan was written, by default four days before the cycle starts.
 */
function planQuarter(
  history: DemoHistory,
  cycle: Cycle,
  specs: ObjectiveSpec[],
  options: { elapsedDays: number; closed: boolean; status: Objective['status']; createdDay?: number },
): void {
  const cycleDays = dayNumber(cycle.endDate) - dayNumber(cycle.startDate) + 1;
  const createdDay = options.createdDay ?? -4;
  specs.forEach((spec, o) => {
    const objectiveId = `gym-${cycle.id.toLowerCase()}-${spec.slug}`;
    const planner = spec.owner ?? PRIYA;
    history.createObjective(at(cycle.startDate, createdDay, 10, o * 20), planner, {
      id: objectiveId,
      cycleId: cycle.id,
      title: spec.title,
      ...(spec.description ? { description: spec.description } : {}),
      ...(spec.owner ? { ownerAccountId: spec.owner } : {}),
      status: options.status,
    });
    spec.keyResults.forEach((kr, k) => {
      const keyResultId = `${objectiveId}-kr${k + 1}`;
      history.createKeyResult(at(cycle.startDate, createdDay, 10, o * 20 + 5 + k * 3), planner, {
        id: keyResultId,
        objectiveId,
        cycleId: cycle.id,
        title: kr.title,
        metric: { direction: kr.direction, start: kr.start, target: kr.target, current: kr.start, ...(kr.unit ? { unit: kr.unit } : {}) },
        weight: kr.weight ?? 1,
        ...(kr.measure ? { measure: { ...kr.measure, accountId: planner, setAt: at(cycle.startDate, createdDay, 10, o * 20 + 5 + k * 3) } } : {}),
      });
      if (kr.notes.length === 0) return;
      const rnd = random(keyResultId);
      const days = checkInDaysOf(kr, Math.min(options.elapsedDays, cycleDays), options.closed);
      const threshold = kr.direction === 'stay-above' || kr.direction === 'stay-below';
      days.forEach((day, w) => {
        const week = w + 1;
        const share = day / cycleDays;
        const last = options.closed && w === days.length - 1;
        let value: number;
        if (last && kr.final !== undefined) {
          value = kr.final;
        } else if (threshold) {
          const centre = options.closed && kr.final !== undefined ? kr.start + (kr.final - kr.start) * share : kr.start;
          value = centre + (rnd() * 2 - 1) * kr.wobble;
        } else {
          const goal = options.closed && kr.final !== undefined ? kr.final : kr.target;
          const progress = options.closed ? share : Math.min(1, kr.pace * share);
          value = kr.start + (goal - kr.start) * progress + (rnd() * 2 - 1) * kr.wobble;
        }
        const confidence = Math.max(1, Math.min(10, kr.confidence + Math.round(rnd() * 2 - 1)));
        const note = kr.notes[w % kr.notes.length];
        history.checkIn(keyResultId, {
          at: at(cycle.startDate, day, 15, 30 + k),
          accountId: week % 2 === 0 ? PRIYA : SAM,
          value: round(value, kr.decimals),
          confidence,
          ...(note ? { note } : {}),
        });
      });
    });
  });
}

/**
 * GymTonic's OKRs for GYM, in the export format: the current quarter as of `today` and the one before
 * it. The same UTC day always gives the same document; every event lies before that day's start.
 */
export function demoOkrExport(today: Date): OkrExportData {
  const todayIso = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())).toISOString();
  const day = new UTCDate(todayIso);
  const current = quarterOf(day, 1, day);
  const previous = quarterOf(addDays(new UTCDate(`${current.startDate}T00:00:00.000Z`), -1), 1, day);
  /** Whole days of the current quarter before today (0 on its first day). */
  const elapsed = dayNumber(todayIso.slice(0, 10)) - dayNumber(current.startDate);
  const history = new DemoHistory();

  history.saveSettings(at(previous.startDate, -10, 9), PRIYA, {
    okrLimit: 3,
    fiscalYearStartMonth: 1,
    cycleLength: 'quarter',
    productOwnerAccountIds: [PRIYA],
  });

  // The previous quarter: active through the quarter, reworded mid-cycle, marked done on its last day.
  planQuarter(history, previous, PREVIOUS, { elapsedDays: Number.MAX_SAFE_INTEGER, closed: true, status: 'active' });
  const previousMiddle = Math.floor((dayNumber(previous.endDate) - dayNumber(previous.startDate)) / 2);
  history.updateObjective(
    at(previous.startDate, previousMiddle, 11),
    SAM,
    `gym-${previous.id.toLowerCase()}-o2`,
    { description: 'From the app store page to the first class booked, without visiting the desk.' },
    'Sprint review showed most drop-offs happen after sign-up, before the first booking: the Objective now covers that step.',
  );
  PREVIOUS.forEach((spec, o) =>
    history.updateObjective(
      at(previous.endDate, 0, 17, o * 5),
      PRIYA,
      `gym-${previous.id.toLowerCase()}-${spec.slug}`,
      { status: 'done' },
      `Closed at the ${previous.name} review.`,
    ),
  );

  // The current quarter up to yesterday, with a target changed half-way through the elapsed part
  // (the day before the start when today is the first day).
  planQuarter(history, current, CURRENT, { elapsedDays: elapsed, closed: false, status: 'active' });
  const middle = elapsed === 0 ? -1 : Math.floor(elapsed / 2);
  history.updateKeyResult(
    at(current.startDate, middle, 11),
    PRIYA,
    `gym-${current.id.toLowerCase()}-o2-kr1`,
    { target: 30 },
    'Card verification adds about 10 s that we cannot remove this quarter; 30 s is ambitious but reachable.',
  );
  // The draft: proposed at the same point, not yet shaped into outcomes.
  planQuarter(history, current, [DRAFT], { elapsedDays: 0, closed: false, status: 'draft', createdDay: middle });
  history.replay();

  const byTime = (a: ChangeRecord, b: ChangeRecord) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const cycleThenId = <T extends { cycleId: string; id: string }>(a: T, b: T) =>
    a.cycleId < b.cycleId ? -1 : a.cycleId > b.cycleId ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  return {
    format: OKR_EXPORT_FORMAT,
    schemaVersion: CURRENT_SCHEMA_VERSION,
    projectKey: DEMO_PROJECT_KEY,
    exportedAt: todayIso,
    settings: history.settings,
    objectives: [...history.objectives.values()].sort(cycleThenId),
    keyResults: [...history.keyResults.values()].sort(cycleThenId),
    changes: [...history.changes].sort(byTime),
    sprintReviews: [],
  };
}
