// How OKR numbers read on the page: "18% → 45%, now 27%", "On this pace: 39% by 31 Dec".
import type { KeyResultStatus, Metric, MetricDirection, ObjectiveStatus } from '../../../../src/contract';

const number = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const rounded = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const date = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

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

/** "31 Dec" for a yyyy-MM-dd date. */
export function formatDayMonth(isoDate: string): string {
  const parsed = new Date(/^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? `${isoDate}T00:00:00Z` : isoDate);
  return Number.isNaN(parsed.getTime()) ? isoDate : dayMonth.format(parsed);
}

/** "12 Nov 2026, 14:05" in the viewer's time zone. */
export function formatDateTime(iso: string): string {
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) ? iso : dateTime.format(parsed);
}

/** "12 Nov 2026" in the viewer's time zone. */
export function formatDay(iso: string): string {
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) ? iso : date.format(parsed);
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

/** "Priya Natarajan", "Priya Natarajan and Ana Silva", "A, B and C". */
export function joinNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
