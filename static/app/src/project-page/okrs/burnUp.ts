// The geometry of a Key Result's burn-up: its check-ins over the cycle against the expected line from
// start to target. Pure: data in, coordinates and a spoken summary out.
import type { Cycle, KeyResultView, SprintView } from '../../../../../src/contract';
import { formatDayMonth, formatValue, joinNames } from '../../shared/format';
import { formatGrade, oldestFirst } from '../review/gradeText';
import { BURN_UP_SIZE } from './burnUpSize';

/** Room for the value labels on the left and the dates below. */
const PLOT = { left: 44, right: BURN_UP_SIZE.width - 8, top: 8, bottom: BURN_UP_SIZE.height - 18 };
const DAY_MS = 86_400_000;

export interface Point {
  x: number;
  y: number;
}

export interface BurnUpGeometry {
  plot: typeof PLOT;
  /** Dashed: start → target from the day the Key Result started to the cycle's end, or the threshold for stay-above / stay-below. */
  expected: { from: Point; to: Point; threshold: boolean };
  /**
   * The check-ins as steps, from the start value on the day the Key Result started to today; null before
   * it starts. `automatic`: a value pushed or read by a query, drawn apart from a person's check-in.
   */
  actual: { path: string; points: Array<Point & { automatic: boolean }> } | null;
  forecast: { from: Point; to: Point } | null;
  /** x of each sprint boundary inside the cycle. */
  sprintBoundaries: number[];
  today: number | null;
  valueLabels: Array<{ y: number; text: string }>;
  /** A marker per sprint review grade, where its sprint closed, at the value it was graded with. */
  grades: Array<{ x: number; y: number; score: string; title: string }>;
  dateLabels: { start: string; end: string };
  /** What the chart shows, in a sentence, for screen readers. */
  summary: string;
}

const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value));

export function burnUpGeometry(keyResult: KeyResultView, cycle: Cycle, sprints: SprintView[], now: Date): BurnUpGeometry {
  const { metric } = keyResult;
  const start = Date.parse(`${cycle.startDate}T00:00:00Z`);
  const end = Date.parse(`${cycle.endDate}T00:00:00Z`) + DAY_MS;
  const span = Math.max(end - start, DAY_MS);
  // A Key Result written mid-cycle has no history before it: its lines begin on the day it started.
  const began = clamp(Date.parse(`${keyResult.startedOn}T00:00:00Z`) || start, start, end - DAY_MS);
  const today = now.getTime();
  const threshold = metric.direction === 'stay-above' || metric.direction === 'stay-below';
  // The server's series: every check-in's value, or past 120 a thinning that keeps the extremes.
  const checkIns = [...keyResult.burnUp].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  const graded = oldestFirst(keyResult.grades ?? []).filter((grade) => Number.isFinite(Date.parse(grade.closedAt)) && Number.isFinite(grade.value));

  const values = [metric.start, metric.target, metric.current, ...checkIns.map((checkIn) => checkIn.value), ...graded.map((grade) => grade.value)].filter(
    Number.isFinite,
  );
  let low = Math.min(...values);
  let high = Math.max(...values);
  const padding = high > low ? (high - low) * 0.08 : Math.max(Math.abs(high) * 0.1, 1);
  low -= padding;
  high += padding;

  const x = (time: number) => PLOT.left + clamp((time - start) / span, 0, 1) * (PLOT.right - PLOT.left);
  const y = (value: number) => PLOT.bottom - clamp((value - low) / (high - low), -0.05, 1.05) * (PLOT.bottom - PLOT.top);

  const expected = threshold
    ? { from: { x: PLOT.left, y: y(metric.target) }, to: { x: PLOT.right, y: y(metric.target) }, threshold }
    : { from: { x: x(began), y: y(metric.start) }, to: { x: PLOT.right, y: y(metric.target) }, threshold };

  let actual: BurnUpGeometry['actual'] = null;
  if (today > began) {
    const points: Array<Point & { automatic: boolean }> = [{ x: x(began), y: y(metric.start), automatic: false }];
    let path = `M${x(began).toFixed(1).replace(/\.0$/, '')},${y(metric.start).toFixed(1)}`;
    let last = metric.start;
    const step = (time: number, value: number, automatic = false) => {
      const point = { x: x(time), y: y(value), automatic };
      path += ` H${point.x.toFixed(1)} V${point.y.toFixed(1)}`;
      points.push(point);
      last = value;
    };
    for (const checkIn of checkIns) step(Date.parse(checkIn.at), checkIn.value, checkIn.source !== undefined);
    // A value edited without a check-in still shows where the Key Result stands today.
    if (last !== metric.current) step(Math.min(today, end), metric.current);
    path += ` H${x(Math.min(today, end)).toFixed(1)}`;
    actual = { path, points: points.slice(1) };
  }

  const inCycle = today >= start && today < end;
  const forecast =
    inCycle && keyResult.forecast !== null && Number.isFinite(keyResult.forecast)
      ? { from: { x: x(today), y: y(metric.current) }, to: { x: PLOT.right, y: y(keyResult.forecast) } }
      : null;

  const sprintBoundaries: number[] = [];
  for (const sprint of sprints) {
    for (const date of [sprint.startDate, sprint.endDate]) {
      const time = date ? Date.parse(date) : NaN;
      if (!(time > start && time < end)) continue;
      const at = x(time);
      // A sprint ends and the next starts within the hour: one line.
      if (!sprintBoundaries.some((other) => Math.abs(other - at) < 3)) sprintBoundaries.push(at);
    }
  }

  const grades = graded.map((grade) => ({
    x: x(Date.parse(grade.closedAt)),
    y: y(grade.value),
    score: formatGrade(grade.score),
    title: `${grade.sprintName} graded ${formatGrade(grade.score)}`,
  }));

  const valueLabels = [{ y: y(metric.target), text: formatValue(metric.target, metric.unit) }];
  if (!threshold && Math.abs(y(metric.start) - y(metric.target)) >= 12) valueLabels.push({ y: y(metric.start), text: formatValue(metric.start, metric.unit) });

  return {
    plot: PLOT,
    expected,
    actual,
    forecast,
    sprintBoundaries,
    today: inCycle ? x(today) : null,
    valueLabels,
    grades,
    dateLabels: { start: formatDayMonth(cycle.startDate), end: formatDayMonth(cycle.endDate) },
    summary:
      burnUpSummary(keyResult, cycle, keyResult.checkInCount, clamp((today - began) / Math.max(end - began, DAY_MS), 0, 1), inCycle) +
      automaticSummary(checkIns.filter((checkIn) => checkIn.source !== undefined).length) +
      gradesSummary(graded),
  };
}

function burnUpSummary(keyResult: KeyResultView, cycle: Cycle, checkIns: number, elapsed: number, inCycle: boolean): string {
  const { metric, title } = keyResult;
  const value = (v: number, estimate = false) => formatValue(v, metric.unit, { estimate });
  const endDay = formatDayMonth(cycle.endDate);
  const after = checkIns === 0 ? 'with no check-in yet' : `after ${checkIns === 1 ? '1 check-in' : `${checkIns} check-ins`}`;
  const forecast = inCycle && keyResult.forecast !== null ? `; on this pace ${value(keyResult.forecast, true)} by ${endDay}` : '';
  if (metric.direction === 'stay-above' || metric.direction === 'stay-below') {
    const side = metric.direction === 'stay-above' ? 'above' : 'below';
    return `Burn-up of “${title}” over ${cycle.name}: must stay ${side} ${value(metric.target)}; now ${value(metric.current)} ${after}${forecast}.`;
  }
  const expectedNow = metric.start + (metric.target - metric.start) * elapsed;
  const expected = inCycle ? `expected ${value(expectedNow, true)} by today and ` : 'expected ';
  return `Burn-up of “${title}” over ${cycle.name}: from ${value(metric.start)} at the start, now ${value(metric.current)} ${after}; ${expected}${value(metric.target)} by ${endDay}${forecast}.`;
}

/** " Graded 0.6 at GYM Sprint 7 and 0.7 at GYM Sprint 8."; nothing before the first grade. */
function gradesSummary(grades: ReadonlyArray<{ sprintName: string; score: number }>): string {
  if (grades.length === 0) return '';
  const parts = grades.map((grade) => `${formatGrade(grade.score)} at ${grade.sprintName}`);
  return ` Graded ${joinNames(parts)}.`;
}

/** " 5 of the values shown came in automatically (hollow dots)."; nothing when a person typed them all. */
function automaticSummary(automatic: number): string {
  if (automatic === 0) return '';
  return ` ${automatic === 1 ? '1 of the values shown came' : `${automatic} of the values shown came`} in automatically (hollow dots).`;
}
