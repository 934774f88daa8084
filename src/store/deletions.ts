// Deleting OKRs takes their issue links along: in the same transaction when they fit, else right after.
import { MAX_TRANSACTION_OPS } from './model';
import { linkRecordsOf, removeLinksOfKeyResult } from './links';
import { type ChangeInput, deleteKeyResult, deleteObjective, keyResultsOfObjective } from './okrs';

/** What a delete left undone once it had happened: `leftovers` is true when some of its records could not be removed. */
export interface DeleteOutcome {
  leftovers: boolean;
}

/** Deletes the Objective with its Key Results (see deleteObjective), then their links. */
export async function deleteObjectiveAndLinks(id: string, expectedVersion: number, change: ChangeInput): Promise<DeleteOutcome> {
  const keyResultIds = (await keyResultsOfObjective(id)).map((keyResult) => keyResult.id);
  const { complete } = await deleteObjective(id, expectedVersion, change);
  const linksRemoved = await removeLinksAfterwards(keyResultIds);
  return { leftovers: !complete || !linksRemoved };
}

/** Deletes the Key Result; its links and their digest go in the same transaction when they fit (a Key Result rarely has 22). */
export async function deleteKeyResultAndLinks(id: string, expectedVersion: number, change: ChangeInput): Promise<DeleteOutcome> {
  const withIt = await linkRecordsOf(id, MAX_TRANSACTION_OPS - 2);
  await deleteKeyResult(id, expectedVersion, change, withIt ?? []);
  return { leftovers: withIt ? false : !(await removeLinksAfterwards([id])) };
}

/**
 * Removes the links of deleted Key Results, each Key Result's tried twice. The deletion itself has
 * happened: readers already skip links to missing Key Results, so a failure here is not an error;
 * it is logged and answered as false, for the answer's warning (the links are removed again with
 * their issue's next change or deletion).
 */
async function removeLinksAfterwards(keyResultIds: readonly string[]): Promise<boolean> {
  let removed = true;
  for (const keyResultId of keyResultIds) {
    try {
      await removeLinksOfKeyResult(keyResultId).catch(() => removeLinksOfKeyResult(keyResultId));
    } catch (error) {
      console.warn(`Outcomes: the links of deleted Key Result ${keyResultId} were not all removed`, error);
      removed = false;
    }
  }
  return removed;
}
