// Deleting OKRs takes their issue links along, from both sides: once the Objective or Key Result is
// deleted (after which no link to it can be added), its links, its digest and its entries in each
// linked issue's digest are removed.
import { issuesLinkedTo, removeDigests, removeKeyResultsFromIssues } from './links';
import { type ChangeInput, deleteKeyResult, deleteObjective } from './okrs';

/**
 * What a deletion left for the background work: the deleted Key Results and the issues that were
 * linked to them (null when they could not be read: the background work reads them itself), and
 * `complete: false` when a Key Result created while an Objective was deleted could not be removed.
 */
export interface DeletedKeyResults {
  keyResultIds: string[];
  linkedIssueIds: string[] | null;
  complete: boolean;
}

/** Deletes the Objective with its Key Results (see deleteObjective), then their links. */
export async function deleteObjectiveAndLinks(id: string, expectedVersion: number, change: ChangeInput): Promise<DeletedKeyResults> {
  // A Key Result created while the delete ran is removed with it as a straggler: its links go too.
  const { keyResultIds, complete } = await deleteObjective(id, expectedVersion, change);
  return { ...(await removeLinksAfterwards(keyResultIds)), complete };
}

/** Deletes the Key Result, then its links. */
export async function deleteKeyResultAndLinks(id: string, expectedVersion: number, change: ChangeInput): Promise<DeletedKeyResults> {
  await deleteKeyResult(id, expectedVersion, change);
  return { ...(await removeLinksAfterwards([id])), complete: true };
}

/**
 * Removes the links of deleted Key Results. The deletion itself has happened: readers already skip
 * links to missing Key Results, so a failure here is logged, not answered; the background work that
 * follows every deletion removes what is left.
 */
async function removeLinksAfterwards(keyResultIds: string[]): Promise<Omit<DeletedKeyResults, 'complete'>> {
  let linkedIssueIds: string[] | null = null;
  try {
    linkedIssueIds = await issuesLinkedTo(keyResultIds);
    await removeKeyResultsFromIssues(linkedIssueIds, keyResultIds);
    await removeDigests(keyResultIds);
  } catch (error) {
    console.warn(`Outcomes: the links of deleted Key Results ${keyResultIds.join(', ')} were not all removed; the background work will`, error);
  }
  return { keyResultIds, linkedIssueIds };
}
