// How a sprint's alignment reads: "68% of GYM Sprint 8's issues serve a Key Result (71% of points)".
import type { SprintView } from '../../../../../src/contract';
import { formatShare } from '../../shared/format';

export function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

export function issueCount(count: number): string {
  return count === 1 ? '1 issue' : `${count} issues`;
}

/** The sprint's alignment as one sentence. */
export function alignmentSentence(sprint: SprintView): string {
  if (sprint.issueCount === 0) return `${sprint.name} has no issues yet.`;
  if (sprint.alignedShare === null) return `Not yet known how many of ${possessive(sprint.name)} ${issueCount(sprint.issueCount)} serve a Key Result.`;
  const points = sprint.alignedPointShare === null ? '' : ` (${formatShare(sprint.alignedPointShare)} of points)`;
  return `${formatShare(sprint.alignedShare)} of ${possessive(sprint.name)} issues serve a Key Result${points}`;
}

/** What the Key Result tags of a Sprint Goal are, for the line that introduces them. */
export function servesLabel(sprint: SprintView, count: number): string {
  if (count === 0) return sprint.keyResultsSuggested ? 'No linked issue suggests a Key Result yet' : 'Serves no Key Result';
  return sprint.keyResultsSuggested ? 'Serves, suggested from linked issues:' : 'Serves:';
}
