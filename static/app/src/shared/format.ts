// How OKR numbers and dates read on the page: "18% → 45%, now 27%", "On this pace: 39% by 31 Dec",
// "10 Nov – 23 Nov 2026". Fixed to en-GB day-month order for now.
import type { KeyResultStatus, Metric, MetricDirection, ObjectiveStatus } from '../../../../src/contract';

// Pure, so a bundle that uses none of them (the issue panel) leaves them out.
const number = /* @__PURE__ */ new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const rounded = /* @__PURE__ */ new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** Symbols written against the number ("45%", "12ms" reads oddly, so only these). */
const TIGHT_UNITS = new Set(['%', '‰', '°', 'x', '×']);
const PREFIX_UNITS = new Set(['$', '€', '£', '¥']);

/**
 * A metric value with its unit: "45%", "4.3/5", "€1,200", "320 members". `estimate` rounds to one
 * decimal, for values the app computed (a forecast) rather than values a person entered.
 */
export function formatValue(value: number, unit?: string, { estimate = false } = {}): string {
  const format = estimate ? rounded : number;
  const shown = format.format(value);
  const trimmed = unit?.trim();
  if (!trimmed) return shown;
  if (TIGHT_UNITS.has(trimmed) || trimmed.startsWith('/')) return `${shown}${trimmed}`;
  if (PREFIX_UNITS.has(trimmed)) return value < 0 ? `-${trimmed}${format.format(-value)}` : `${trimmed}${shown}`;
  return `${shown} ${trimmed}`;
}

/** "18% → 45%, now 27%"; "stay above 99.5%, now 99.7%" for a threshold. */
export function formatMetric(metric: Metric): string {
  const now = `now ${formatValue(metric.current, metric.unit)}`;
  switch (metric.direction) {
    case 'stay-above':
      return `stay above ${formatValue(metric.target, metric.unit)}, ${now}`;
    case 'stay-below':
      return `stay below ${formatValue(metric.target, metric.unit)}, ${now}`;
    default:
      return `${formatValue(metric.start, metric.unit)} → ${formatValue(metric.target, metric.unit)}, ${now}`;
  }
}

/** A 0–1 share as a whole percentage: "62%". */
export function formatShare(share: number): string {
  return `${Math.round(Math.max(0, Math.min(1, share)) * 100)}%`;
}

/** A calendar date (yyyy-MM-dd) is shown in UTC so it never shifts a day with the viewer's time zone. */
const dateFormats = (options: Intl.DateTimeFormatOptions) => ({
  local: new Intl.DateTimeFormat('en-GB', options),
  utc: new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }),
});

const DATE_STYLES = {
  dayMonth: /* @__PURE__ */ dateFormats({ day: 'numeric', month: 'short' }),
  day: /* @__PURE__ */ dateFormats({ day: 'numeric', month: 'short', year: 'numeric' }),
  dateTime: /* @__PURE__ */ dateFormats({ day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }),
};

type DateStyle = keyof typeof DATE_STYLES;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

interface ParsedDate {
  date: Date;
  dateOnly: boolean;
}

function parseDate(value: string | undefined): ParsedDate | null {
  if (!value) return null;
  const dateOnly = DATE_ONLY.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? null : { date, dateOnly };
}

function show(parsed: ParsedDate, style: DateStyle): string {
  return DATE_STYLES[style][parsed.dateOnly ? 'utc' : 'local'].format(parsed.date);
}

/** The value in the style, or the value as given when it is not a date (better than nothing). */
function formatIn(style: DateStyle, value: string): string {
  const parsed = parseDate(value);
  return parsed ? show(parsed, style) : value;
}

/** "31 Dec". */
export function formatDayMonth(value: string): string {
  return formatIn('dayMonth', value);
}

/** "12 Nov 2026". */
export function formatDate(value: string): string {
  return formatIn('day', value);
}

/** "12 Nov 2026, 14:05" in the viewer's time zone. */
export function formatDateTime(value: string): string {
  return formatIn('dateTime', value);
}

/** "10 Nov – 23 Nov 2026"; "28 Dec 2026 – 10 Jan 2027" across years; null when neither date is known. */
export function formatDateRange(start: string | undefined, end: string | undefined): string | null {
  const from = parseDate(start);
  const to = parseDate(end);
  if (from && to) {
    const year = (parsed: ParsedDate) => (parsed.dateOnly ? parsed.date.getUTCFullYear() : parsed.date.getFullYear());
    return `${show(from, year(from) === year(to) ? 'dayMonth' : 'day')} – ${show(to, 'day')}`;
  }
  if (from) return `From ${show(from, 'day')}`;
  if (to) return `Until ${show(to, 'day')}`;
  return null;
}

export const DIRECTION_LABELS: Record<MetricDirection, string> = {
  increase: 'Increase',
  decrease: 'Decrease',
  'stay-above': 'Stay above',
  'stay-below': 'Stay below',
};

export type OkrLozengeAppearance = 'default' | 'inprogress' | 'moved' | 'new' | 'removed' | 'success';

export const KEY_RESULT_STATUS_LOOK: Record<KeyResultStatus, { label: string; appearance: OkrLozengeAppearance }> = {
  'on-track': { label: 'On track', appearance: 'success' },
  behind: { label: 'Behind', appearance: 'moved' },
  'at-risk': { label: 'At risk', appearance: 'removed' },
  done: { label: 'Done', appearance: 'success' },
  // No status at all: there is no way from its start to its target to be on or off.
  'not-measurable': { label: 'Not measurable', appearance: 'default' },
};

export const OBJECTIVE_STATUS_LOOK: Record<ObjectiveStatus, { label: string; appearance: OkrLozengeAppearance }> = {
  draft: { label: 'Draft', appearance: 'default' },
  active: { label: 'Active', appearance: 'inprogress' },
  done: { label: 'Done', appearance: 'success' },
  dropped: { label: 'Dropped', appearance: 'removed' },
};

/** A person's display name, or a neutral stand-in when the page was not told it. */
export function personName(people: Record<string, string>, accountId: string | undefined): string {
  if (!accountId) return 'Nobody';
  return people[accountId] ?? 'Someone outside this page';
}

/** "Priya Natarajan", "Priya Natarajan and Ana Silva", "A, B and C"; or "A, B or C". */
export function joinNames(names: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} ${conjunction} ${names[names.length - 1]}`;
}
