// Flow metrics of a Key Result, from the Jira issues linked to it and their status history: work in
// progress, throughput per sprint, cycle time and the age of the oldest work in progress. They
// describe the flow of the *work*; they never move the Key Result's progress.
import type { StatusCategory } from '../contract';

const MS_PER_DAY = 86_400_000;

/** A move of an issue to a status, by the category of the status it moved to. */
export interface StatusChange {
  /** ISO date-time of the move. */
  at: string;
  toCategory: StatusCategory;
}

export interface FlowIssue {
  key: string;
  /** The category of the issue's status now. */
  statusCategory: StatusCategory;
  /** Status changes only, oldest first. */
  changes: readonly StatusChange[];
}

export interface FlowMetrics {
  wip: number;
  throughputPerSprint: number;
  medianCycleTimeDays: number | null;
  oldestWipAgeDays: number | null;
}

export interface FlowOptions {
  now: Date;
  /** yyyy-MM-dd, both days inclusive. */
  cycle: { startDate: string; endDate: string };
  /** The cycle's sprints that have ended by `now`. */
  sprintsEnded: number;
}

/** Rounds to one decimal: days are shown as 3.5, not 3.4999. */
export const roundToTenth = (value: number) => Math.round(value * 10) / 10;

/**
 * The median: the middle value of the sorted values, or the mean of the two middle values when
 * there is an even number of them. Non-finite values are left out; null when none remain.
 */
export function median(values: readonly number[]): number | null {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] as number;
  const low = sorted[middle - 1] as number;
  const high = sorted[middle] as number;
  // Halve before adding: (low + high) / 2 overflows to Infinity near the largest doubles.
  return low / 2 + high / 2;
}

/** The changes with a time that parses, as epoch milliseconds, oldest first (Jira's order is kept for ties). */
function timeline(issue: FlowIssue): Array<{ time: number; toCategory: StatusCategory }> {
  return issue.changes
    .map(({ at, toCategory }) => ({ time: Date.parse(at), toCategory }))
    .filter(({ time }) => Number.isFinite(time))
    .sort((a, b) => a.time - b.time);
}

/**
 * When an issue done now was done: its last move into a done status (an issue reopened and done
 * again was delivered when it was done the last time). Null when the issue is not done now — a
 * reopened issue has not been delivered, whatever its history — or when no move into done is
 * recorded (it was created in a done status).
 */
export function doneAt(issue: FlowIssue): number | null {
  if (issue.statusCategory !== 'done') return null;
  const moves = timeline(issue).filter(({ toCategory }) => toCategory === 'done');
  return moves.length === 0 ? null : (moves[moves.length - 1]?.time ?? null);
}

/**
 * Cycle time of an issue done now, in days (unrounded): `doneAt` − its first move into an in-progress
 * status, (done − started) / 86 400 000 ms. For a reopened issue this spans from the first start to
 * the last finish, rework included: that is how long the work took to be delivered. Null when the
 * issue is not done now, or was never moved into progress before it was done (moved straight from
 * to-do to done: a duplicate, a won't-do, or work tracked elsewhere; there is no cycle to measure).
 */
export function cycleTimeDays(issue: FlowIssue): number | null {
  const done = doneAt(issue);
  if (done === null) return null;
  const started = timeline(issue).find(({ toCategory, time }) => toCategory === 'inprogress' && time <= done);
  return started === undefined ? null : (done - started.time) / MS_PER_DAY;
}

/**
 * When an issue in progress now started its current in-progress stretch: the first of the moves
 * into in-progress statuses made since its last move to a to-do or done status. Moves between two
 * in-progress statuses (In Progress → In Review) keep the stretch going; an issue sent back to to-do
 * or reopened from done starts a new stretch when it is picked up again, so the age says how long
 * the work has now been open, not since it was first touched. Null when the issue is not in progress
 * now, or its history records no such move (it was created in an in-progress status).
 */
export function inProgressSince(issue: FlowIssue): number | null {
  if (issue.statusCategory !== 'inprogress') return null;
  const changes = timeline(issue);
  let since: number | null = null;
  for (const { time, toCategory } of changes) {
    if (toCategory !== 'inprogress') since = null;
    else if (since === null) since = time;
  }
  return since;
}

/**
 * Flow metrics of the issues linked to a Key Result:
 *
 * - `wip`: issues whose status is in progress now (by their current status, not their history).
 * - `throughputPerSprint`: issues done now whose `doneAt` lies within the cycle (from 00:00 UTC of
 *   its first day to 24:00 UTC of its last) and not after `now`, divided by `sprintsEnded`; 0 when no
 *   sprint of the cycle has ended yet. Not rounded. Issues done in an earlier cycle do not count; a
 *   reopened issue counts once, when it is done again.
 * - `medianCycleTimeDays`: `median` of `cycleTimeDays` over the issues done now that have one (in any
 *   cycle: how long work takes does not restart with the quarter), rounded to 0.1 day after taking
 *   the median; null when none.
 * - `oldestWipAgeDays`: the largest of (now − `inProgressSince`) / 86 400 000 ms over the issues in
 *   progress now that have a start, never below 0 (a start stamped after `now` by clock skew counts as
 *   just started), rounded to 0.1 day; null when none.
 */
export function flowMetrics(issues: readonly FlowIssue[], options: FlowOptions): FlowMetrics {
  const now = options.now.getTime();
  const cycleStart = Date.parse(options.cycle.startDate);
  const cycleEnd = Date.parse(options.cycle.endDate) + MS_PER_DAY;

  const wip = issues.filter(({ statusCategory }) => statusCategory === 'inprogress').length;

  const doneInCycle = issues
    .map(doneAt)
    .filter((time): time is number => time !== null && time >= cycleStart && time < cycleEnd && time <= now).length;
  const throughputPerSprint = options.sprintsEnded > 0 ? doneInCycle / options.sprintsEnded : 0;

  const cycleTimes = issues.map(cycleTimeDays).filter((days): days is number => days !== null);
  const medianCycleTime = median(cycleTimes);

  const ages = issues
    .map(inProgressSince)
    .filter((time): time is number => time !== null)
    .map((since) => Math.max(0, now - since) / MS_PER_DAY);

  return {
    wip,
    throughputPerSprint,
    medianCycleTimeDays: medianCycleTime === null ? null : roundToTenth(medianCycleTime),
    oldestWipAgeDays: ages.length === 0 ? null : roundToTenth(Math.max(...ages)),
  };
}
