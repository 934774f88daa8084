// A page of history as the UI is shown it: each change with its before and after kept to a bounded
// size, so that a page stays small whatever was recorded (an Objective's long description, a
// Key Result deleted with many siblings, an imported record of up to 64 KiB a side).
import type { HistoryChange } from '../contract';

/** The most a change's before, or its after, may take in an answer, serialised. */
export const MAX_CHANGE_SIDE_BYTES = 16 * 1024;
/** Items of a list shown per change (an Objective deleted with its 20 Key Results shows them all). */
const MAX_LIST_ITEMS = 25;
/** Texts are cut to the first of these lengths that brings a side under its bound; notes (2,000) stay whole first. */
const TEXT_LENGTHS = [2000, 500, 120] as const;

const encoder = new TextEncoder();
const bytes = (value: unknown) => encoder.encode(JSON.stringify(value) ?? '').length;

/** The value with every text cut to `maxText` characters (with "…") and every list to its first 25 items. */
function cut(value: unknown, maxText: number): unknown {
  if (typeof value === 'string') return value.length > maxText ? `${value.slice(0, maxText)}…` : value;
  if (Array.isArray(value)) return value.slice(0, MAX_LIST_ITEMS).map((item) => cut(item, maxText));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, cut(inner, maxText)]));
  }
  return value;
}

/** One side of a change within its bound, and whether anything was left out. */
function boundedSide(value: unknown): { value: unknown; shortened: boolean } {
  if (bytes(value) <= MAX_CHANGE_SIDE_BYTES) return { value, shortened: false };
  for (const maxText of TEXT_LENGTHS) {
    const shorter = cut(value, maxText);
    if (bytes(shorter) <= MAX_CHANGE_SIDE_BYTES) return { value: shorter, shortened: true };
  }
  // Only a record of many fields gets here (an import's, never one the app writes): not shown at all.
  return { value: null, shortened: true };
}

/** The change as the history answers it: before and after each within MAX_CHANGE_SIDE_BYTES. */
export function boundedChange(change: HistoryChange): HistoryChange {
  const before = boundedSide(change.before);
  const after = boundedSide(change.after);
  if (!before.shortened && !after.shortened) return change;
  return { ...change, before: before.value, after: after.value, shortened: true };
}

const titleIn = (side: unknown): string | undefined =>
  side !== null && typeof side === 'object' && typeof (side as { title?: unknown }).title === 'string' ? (side as { title: string }).title : undefined;

/**
 * The title of each Key Result a page of changes names, so every entry can say which one it is about:
 * as it is now when it still exists, else as its own changes last recorded it (a deleted one's). At most
 * one title (255 characters) per change of the page.
 */
export function keyResultTitles(changes: readonly HistoryChange[], keyResults: ReadonlyArray<{ id: string; title: string }>): Record<string, string> {
  const now = new Map(keyResults.map((keyResult) => [keyResult.id, keyResult.title]));
  const titles: Record<string, string> = {};
  for (const change of changes) {
    const id = change.keyResultId;
    if (id === undefined || id in titles) continue;
    const title = now.get(id) ?? titleIn(change.after) ?? titleIn(change.before);
    if (title !== undefined) titles[id] = title;
  }
  return titles;
}
