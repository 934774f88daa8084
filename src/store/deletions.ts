// Deleting OKRs takes their issue links along: in the same transaction when they fit, else right after.
import { MAX_TRANSACTION_OPS } from './model';
import { linkRecordsOf, removeLinksOfKeyResult } from './links';
import { type ChangeInput, deleteKeyResult, deleteObjective, keyResultsOfObjective } from './okrs';

/** Deletes the Objective with its Key Results (see deleteObjective), then their links. */
export async function deleteObjectiveAndLinks(id: string, expectedVersion: number, change: ChangeInput): Promise<void> {
  const keyResultIds = (await keyResultsOfObjective(id)).map((keyResult) => keyResult.id);
  await deleteObjective(id, expectedVersion, change);
  await removeLinksAfterwards(keyResultIds);
}

/** Deletes the Key Result; its links and their digest go in the same transaction when they fit (a Key Result rarely has 22). */
export async function deleteKeyResultAndLinks(id: string, expectedVersion: number, change: ChangeInput): Promise<void> {
  const withIt = await linkRecordsOf(id, MAX_TRANSACTION_OPS - 2);
  await deleteKeyResult(id, expectedVersion, change, withIt ?? []);
  if (!withIt) await removeLinksAfterwards([id]);
}

/**
 * Removes the links of deleted Key Results. The deletion itself has happened: readers already skip
 * links to missing Key Results, so a failure here is logged, not answered (the links are removed
 * again with their issue's next change or deletion).
 */
async function removeLinksAfterwards(keyResultIds: readonly string[]): Promise<void> {
  for (const keyResultId of keyResultIds) {
    try {
      await removeLinksOfKeyResult(keyResultId);
    } catch (error) {
      console.warn(`Outcomes: the links of deleted Key Result ${keyResultId} were not all removed`, error);
    }
  }
}
