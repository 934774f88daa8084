// The OKR quality rules, run as the person types. They are the server's own rules (pure functions
// from src/domain, allowed into the bundle by the Vite guard), so the form and the page agree.
import type { KeyResultView, Metric, MetricDirection } from '../../../../../src/contract';
import { lintKeyResult, lintObjective } from '../../../../../src/domain/quality';
import type { Finding } from './LintFindings';

export interface MetricDraft {
  direction: MetricDirection;
  start: string;
  target: string;
  current: string;
  unit: string;
}

/** A form value as typed, trimmed; a field the form does not show has no value at all. */
export function typed(text: string | undefined): string {
  return (text ?? '').trim();
}

/** A Field validator: the message when nothing but spaces was typed. */
export function requiredText(label: string) {
  return (value: string | undefined) => (value?.trim() ? undefined : `${label} is required.`);
}

/** A typed number, or NaN while the field is empty or not a number yet. */
export function parseNumber(text: string | undefined): number {
  const trimmed = (text ?? '').trim().replace(/,/g, '');
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

export function lintKeyResultDraft(title: string, metric: MetricDraft): Finding[] {
  const start = parseNumber(metric.start);
  const current = parseNumber(metric.current);
  const draft: Metric = {
    direction: metric.direction,
    start,
    target: parseNumber(metric.target),
    current: Number.isNaN(current) ? start : current,
    ...(metric.unit.trim() ? { unit: metric.unit.trim() } : {}),
  };
  return lintKeyResult({ title, metric: draft });
}

/**
 * The rules for an Objective's title; the Key Result count is only judged once there are Key
 * Results to count, so a new Objective is not warned about the ones nobody could add yet.
 */
export function lintObjectiveDraft(title: string, keyResults: KeyResultView[] | undefined): Finding[] {
  const findings = lintObjective({ title }, keyResults ?? []);
  return keyResults && keyResults.length > 0 ? findings : findings.filter((finding) => finding.rule !== 'kr-count');
}
