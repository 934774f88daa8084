// A Key Result's flow figures kept as a tally of its linked issues' kept facts, so that a page view
// reads one small record per Key Result instead of every linked issue. Every part of a tally is a
// count (signed: a change is "minus what the issue was, plus what it is"), so changes add up to the
// same tally in any order, and the figures read from it are those `flowMetrics` gives for the same
// issues (test: flow-tally.test.ts). Pure.
import type { StatusCategory } from '../contract';
import { cycleTimeDays, doneAt, type FlowMetrics, type FlowOptions, inProgressSince, roundToTenth } from './flow';
import { flowIssueOfKept, type KeptIssue } from './kept';

const MS_PER_DAY = 86_400_000;

export interface FlowTally {
  todo: number;
  inprogress: number;
  done: number;
  /** Cycle times of the done issues, in milliseconds (base 36), and how many issues have each. */
  cycleMs: Record<string, number>;
  /** When the done issues were done, by UTC day (yyyy-MM-dd): the throughput of a cycle counts whole days. */
  doneDays: Record<string, number>;
  /** When the in-progress issues' current stretches began, in epoch milliseconds (base 36). */
  wipSince: Record<string, number>;
}

export const emptyTally = (): FlowTally => ({ todo: 0, inprogress: 0, done: 0, cycleMs: {}, doneDays: {}, wipSince: {} });

/** What one issue adds to its Key Results' tallies. */
export interface Contribution {
  category: StatusCategory;
  cycleMs?: number;
  doneDay?: string;
  wipSince?: number;
}

export function contributionOf(issue: KeptIssue): Contribution {
  const flow = flowIssueOfKept(issue);
  const done = doneAt(flow);
  const cycleDays = cycleTimeDays(flow);
  const since = inProgressSince(flow);
  return {
    category: issue.category,
    // cycleTimeDays is (done − started) / MS_PER_DAY: times it back, the whole milliseconds are exact.
    ...(cycleDays !== null ? { cycleMs: Math.round(cycleDays * MS_PER_DAY) } : {}),
    ...(done !== null ? { doneDay: new Date(done).toISOString().slice(0, 10) } : {}),
    ...(since !== null ? { wipSince: since } : {}),
  };
}

const bump = (counts: Record<string, number>, key: string, by: number) => {
  const next = (counts[key] ?? 0) + by;
  if (next === 0) Reflect.deleteProperty(counts, key);
  else counts[key] = next;
};

/** Adds (`sign` 1) or takes away (−1) an issue's contribution, in place. */
export function addContribution(tally: FlowTally, contribution: Contribution, sign: 1 | -1): FlowTally {
  tally[contribution.category] += sign;
  if (contribution.cycleMs !== undefined) bump(tally.cycleMs, contribution.cycleMs.toString(36), sign);
  if (contribution.doneDay !== undefined) bump(tally.doneDays, contribution.doneDay, sign);
  if (contribution.wipSince !== undefined) bump(tally.wipSince, contribution.wipSince.toString(36), sign);
  return tally;
}

/** Adds one tally to another, in place (a change's difference to a kept tally). */
export function addTally(into: FlowTally, other: FlowTally): FlowTally {
  into.todo += other.todo;
  into.inprogress += other.inprogress;
  into.done += other.done;
  for (const [key, count] of Object.entries(other.cycleMs)) bump(into.cycleMs, key, count);
  for (const [key, count] of Object.entries(other.doneDays)) bump(into.doneDays, key, count);
  for (const [key, count] of Object.entries(other.wipSince)) bump(into.wipSince, key, count);
  return into;
}

/** Whether a tally (a difference) changes nothing. */
export const isEmptyTally = (tally: FlowTally) =>
  tally.todo === 0 && tally.inprogress === 0 && tally.done === 0 && [tally.cycleMs, tally.doneDays, tally.wipSince].every((counts) => Object.keys(counts).length === 0);

/** The tally of some issues. */
export function tallyOf(issues: Iterable<KeptIssue>): FlowTally {
  const tally = emptyTally();
  for (const issue of issues) addContribution(tally, contributionOf(issue), 1);
  return tally;
}

/** The difference an issue's change makes to a tally: what it is now, less what it was (either may be absent). */
export function changeTally(before: KeptIssue | undefined, after: KeptIssue | undefined): FlowTally {
  const tally = emptyTally();
  if (before) addContribution(tally, contributionOf(before), -1);
  if (after) addContribution(tally, contributionOf(after), 1);
  return tally;
}

/**
 * The distinct values of a count record (base-36 keys), lowest first, each with its count; a count
 * below one (from changes not all applied yet) adds none. A tally holds one key per distinct time, so
 * the figures below walk these rather than one array entry per issue.
 */
function countedValues(counts: Record<string, number>): Array<[value: number, count: number]> {
  const values: Array<[number, number]> = [];
  for (const key in counts) {
    const count = counts[key] as number;
    if (count >= 1) values.push([parseInt(key, 36), count]);
  }
  return values.sort((a, b) => a[0] - b[0]);
}

/** The value at a position of the values, each repeated as many times as counted (lowest first). */
function valueAt(values: ReadonlyArray<[number, number]>, position: number): number {
  let seen = 0;
  for (const [value, count] of values) {
    seen += count;
    if (position < seen) return value;
  }
  throw new RangeError(`No value at ${position} of ${seen}`);
}

/** `median` of the values each repeated as many times as counted, each divided by `unit` first: the same figure, without the array. */
function medianOfCounts(counts: Record<string, number>, unit: number): number | null {
  const values = countedValues(counts);
  const total = values.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const middle = Math.floor(total / 2);
  if (total % 2 === 1) return valueAt(values, middle) / unit;
  // As `median` does: halve before adding.
  return valueAt(values, middle - 1) / unit / 2 + valueAt(values, middle) / unit / 2;
}

/**
 * The figures of `flowMetrics` from a tally: WIP, throughput per ended sprint (issues done on a day of
 * the cycle up to today: a done date later today than now, which only a skewed clock gives, counts),
 * the median cycle time and the age of the oldest work in progress.
 */
export function flowOfTally(tally: FlowTally, options: FlowOptions): FlowMetrics {
  const now = options.now.getTime();
  const today = options.now.toISOString().slice(0, 10);
  const first = options.cycle.startDate;
  const last = options.cycle.endDate < today ? options.cycle.endDate : today;
  let doneInCycle = 0;
  for (const [day, count] of Object.entries(tally.doneDays)) if (day >= first && day <= last) doneInCycle += Math.max(0, count);
  const cycleTime = medianOfCounts(tally.cycleMs, MS_PER_DAY);
  const oldest = countedValues(tally.wipSince)[0]?.[0] ?? null;
  return {
    wip: Math.max(0, tally.inprogress),
    throughputPerSprint: options.sprintsEnded > 0 ? doneInCycle / options.sprintsEnded : 0,
    medianCycleTimeDays: cycleTime === null ? null : roundToTenth(cycleTime),
    oldestWipAgeDays: oldest === null ? null : roundToTenth(Math.max(0, now - oldest) / MS_PER_DAY),
  };
}

/** The linked issues by status category, as the page shows them. */
export function countsOfTally(tally: FlowTally): { total: number; todo: number; inProgress: number; done: number } {
  const [todo, inProgress, done] = [tally.todo, tally.inprogress, tally.done].map((count) => Math.max(0, count)) as [number, number, number];
  return { total: todo + inProgress + done, todo, inProgress, done };
}
