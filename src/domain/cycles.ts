// OKR cycles: quarters counted from the fiscal year's first month, with the fiscal year above them.
// A fiscal year is named after the calendar year in which it starts (FY 2026 starting in April 2026
// runs to March 2027), and its quarters are Q1–Q4 in order from that month. All date arithmetic is
// in UTC (UTCDate), so a cycle's days never depend on the server's time zone.
import { UTCDate } from '@date-fns/utc';
import { addMonths, addQuarters, differenceInCalendarMonths, format, isAfter, isBefore, startOfDay, subDays } from 'date-fns';
import type { Cycle, CycleState } from '../contract';

/** The calendar day (UTC) of an ISO date or date-time, as yyyy-MM-dd. */
export function isoDay(dateTime: string | Date): string {
  return format(new UTCDate(dateTime), 'yyyy-MM-dd');
}

const utcDay = (date: Date) => startOfDay(new UTCDate(date));

function stateOf(start: Date, end: Date, today: Date): CycleState {
  const day = utcDay(today);
  if (isBefore(day, start)) return 'draft';
  if (isAfter(day, end)) return 'closed';
  return 'active';
}

function fiscalYearStart(date: Date, fiscalYearStartMonth: number): UTCDate {
  const day = utcDay(date);
  const startThisYear = new UTCDate(day.getFullYear(), fiscalYearStartMonth - 1, 1);
  return isBefore(day, startThisYear) ? new UTCDate(day.getFullYear() - 1, fiscalYearStartMonth - 1, 1) : startThisYear;
}

const label = (date: Date) => format(date, 'MMM yyyy');

function quarterCycle(yearStart: UTCDate, quarter: number, today: Date): Cycle {
  const start = addQuarters(yearStart, quarter - 1);
  const end = subDays(addQuarters(start, 1), 1);
  const year = yearStart.getFullYear();
  return {
    id: `${year}-Q${quarter}`,
    name: `Q${quarter} ${year}`,
    kind: 'quarter',
    startDate: isoDay(start),
    endDate: isoDay(end),
    state: stateOf(start, end, today),
  };
}

function yearCycle(yearStart: UTCDate, today: Date): Cycle {
  const end = subDays(addMonths(yearStart, 12), 1);
  const year = yearStart.getFullYear();
  return {
    id: `${year}`,
    name: `FY ${year} (${label(yearStart)} – ${label(end)})`,
    kind: 'year',
    startDate: isoDay(yearStart),
    endDate: isoDay(end),
    state: stateOf(yearStart, end, today),
  };
}

/** The quarter that holds `date`, its state as seen on `today`. */
export function quarterOf(date: Date, fiscalYearStartMonth: number, today: Date = date): Cycle {
  const yearStart = fiscalYearStart(date, fiscalYearStartMonth);
  const quarter = Math.floor(differenceInCalendarMonths(utcDay(date), yearStart) / 3) + 1;
  return quarterCycle(yearStart, quarter, today);
}

/** A cycle by id (`2026-Q4`, `2026`), or null when the id names no cycle. */
export function cycleById(id: string, fiscalYearStartMonth: number, today: Date): Cycle | null {
  const match = /^(\d{4})(?:-Q([1-4]))?$/.exec(id);
  if (!match) return null;
  const yearStart = new UTCDate(Number(match[1]), fiscalYearStartMonth - 1, 1);
  const cycle = match[2] ? quarterCycle(yearStart, Number(match[2]), today) : yearCycle(yearStart, today);
  // Dates take years 0–99 as 1900–1999 and name years before 1000 with fewer digits: such an id names no cycle.
  return cycle.id === id ? cycle : null;
}

/** The cycle after one: a quarter's next quarter (after Q4, the next fiscal year's Q1), a year's next year. */
export function nextCycle(cycle: Pick<Cycle, 'id'>, fiscalYearStartMonth: number, today: Date): Cycle | null {
  const match = /^(\d{4})(?:-Q([1-4]))?$/.exec(cycle.id);
  if (!match) return null;
  const year = Number(match[1]);
  const quarter = match[2] ? Number(match[2]) : null;
  const id = quarter === null ? `${year + 1}` : quarter < 4 ? `${year}-Q${quarter + 1}` : `${year + 1}-Q1`;
  return cycleById(id, fiscalYearStartMonth, today);
}

/** The ids of the cycles a moment belongs to: its quarter (`2026-Q4`) and the fiscal year above it (`2026`). */
export function cycleIdsOf(quarter: Pick<Cycle, 'id'>): [string, string] {
  return [quarter.id, quarter.id.slice(0, quarter.id.indexOf('-Q'))];
}

/** The quarters' ids of a cycle: a quarter's own id, a year's four. */
export function quarterIdsOf(cycle: Pick<Cycle, 'id' | 'kind'>): string[] {
  return cycle.kind === 'year' ? [1, 2, 3, 4].map((quarter) => `${cycle.id}-Q${quarter}`) : [cycle.id];
}

/**
 * The cycles a person can switch between: every quarter from the start of last fiscal year to the
 * quarter after the current one (newest first), then this fiscal year and the last.
 */
export function cyclesAround(today: Date, fiscalYearStartMonth: number): Cycle[] {
  const thisYearStart = fiscalYearStart(today, fiscalYearStartMonth);
  const lastYearStart = addMonths(thisYearStart, -12);
  const nextQuarterStart = addQuarters(new UTCDate(quarterOf(today, fiscalYearStartMonth).startDate), 1);
  const quarters: Cycle[] = [];
  for (let start = lastYearStart; !isAfter(start, nextQuarterStart); start = addQuarters(start, 1)) {
    quarters.push(quarterOf(start, fiscalYearStartMonth, today));
  }
  return [...quarters.reverse(), yearCycle(thisYearStart, today), yearCycle(lastYearStart, today)];
}

/**
 * Whether a sprint belongs to the cycle: a sprint belongs to the cycle in which it ends; a sprint
 * with no dates yet (planned, not scheduled) belongs to the current cycle.
 */
export function sprintInCycle(sprint: { endDate?: string }, cycle: Cycle, currentCycle: Cycle): boolean {
  if (!sprint.endDate) return cycle.id === currentCycle.id;
  const endDay = isoDay(sprint.endDate);
  return endDay >= cycle.startDate && endDay <= cycle.endDate;
}
