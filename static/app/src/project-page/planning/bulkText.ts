// What a bulk link (or its undo) says: in the flag, and for the issues it could not change.
import type { BulkLinkData, ObjectiveView } from '../../../../../src/contract';

/** The most issues one bulk link may name (the server's bound, BULK_LINK_MAX_ISSUES). */
export const MAX_SELECTED = 50;

const issues = (count: number) => (count === 1 ? '1 issue' : `${count} issues`);

/** The issues the call changed now (linked, or unlinked by an undo), in the order asked. */
export function changedIssueKeys(data: BulkLinkData): string[] {
  return data.results.filter((result) => result.outcome === 'linked' || result.outcome === 'unlinked').map((result) => result.issueKey);
}

/** "3 issues now serve “Bookings made in the app”; 1 already did". */
export function linkedTitle(data: BulkLinkData, keyResultTitle: string): string {
  const linked = data.results.filter((result) => result.outcome === 'linked').length;
  const already = data.results.filter((result) => result.outcome === 'already-linked').length;
  const head = linked === 0 ? `No new issue linked to “${keyResultTitle}”` : `${issues(linked)} now ${linked === 1 ? 'serves' : 'serve'} “${keyResultTitle}”`;
  return already > 0 ? `${head}; ${already} already did` : head;
}

/** "Undone: 3 issues no longer serve “…”". */
export function unlinkedTitle(data: BulkLinkData, keyResultTitle: string): string {
  const unlinked = changedIssueKeys(data).length;
  return `Undone: ${issues(unlinked)} no longer ${unlinked === 1 ? 'serves' : 'serve'} “${keyResultTitle}”`;
}

/** The issues refused, each with the server's reason. */
export function refusals(data: BulkLinkData): Array<{ issueKey: string; message: string }> {
  return data.results.flatMap((result) => (result.outcome === 'refused' ? [{ issueKey: result.issueKey, message: result.error?.message ?? 'It could not be changed.' }] : []));
}

/** "Select at most 50 issues at once" when the selection is too large, else null. */
export function selectionProblem(count: number): string | null {
  return count > MAX_SELECTED ? `Select at most ${MAX_SELECTED} issues at once (${count} are selected).` : null;
}

export interface KeyResultOption {
  value: string;
  label: string;
}

/** The Key Results work may be linked to, by Objective: those of agreed Objectives (drafts are refused, dropped ones are no aim). */
export function linkableKeyResults(objectives: readonly ObjectiveView[]): Array<{ label: string; options: KeyResultOption[] }> {
  return objectives
    .filter((objective) => (objective.status === 'active' || objective.status === 'done') && objective.keyResults.length > 0)
    .map((objective) => ({ label: objective.title, options: objective.keyResults.map((keyResult) => ({ value: keyResult.id, label: keyResult.title })) }));
}
