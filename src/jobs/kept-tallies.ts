// The kept issues with their Key Results' flow tallies (store/kept-flow.ts) kept in step: every write
// of news to a complete generation adds its differences to the tallies of the Key Results the changed
// issues are linked to, in the same transaction, and `tallyAll` works every tally out again from
// everything kept.
import { type FlowTally, tallyOf } from '../domain/flow-tally';
import type { KeptIssue } from '../domain/kept';
import { rostersOf, tallyCompanion, writeTallies } from '../store/kept-flow';
import { applyToKept, keptIssues, type KeptState } from '../store/kept-issues';
import { linkedIssuesOfProject } from '../store/links';

/** How long a whole tally lasts before the next reconciliation works it out again (mending any difference lost). */
export const TALLY_EVERY_MS = 24 * 60 * 60 * 1000;

/**
 * Applies news of issues to the kept issues and, when the generation is complete, their differences
 * to the tallies of their Key Results. Answers how many issues changed.
 */
export async function keepAndTally(state: KeptState, news: { issues: readonly KeptIssue[]; deleted: readonly string[] }): Promise<number> {
  return (await applyToKept(state, news, state.status === 'ready' ? tallyCompanion(state) : undefined)).length;
}

/** Works out every Key Result's tally and every sprint's roster again from everything kept (and every link), and writes them whole. */
export async function tallyAll(state: KeptState, kept?: ReadonlyMap<string, KeptIssue>): Promise<void> {
  let issues = kept;
  await writeTallies(state, async () => {
    const [all, linked] = await Promise.all([issues ? Promise.resolve(issues) : keptIssues(state), linkedIssuesOfProject(state.projectKey)]);
    // A retry (a difference was added meanwhile) reads the kept issues again.
    issues = undefined;
    const tallies = new Map<string, FlowTally>();
    for (const [keyResultId, issueIds] of linked) {
      const linkedKept = issueIds.flatMap((id) => all.get(id) ?? []);
      if (linkedKept.length > 0) tallies.set(keyResultId, tallyOf(linkedKept));
    }
    const rosters = rostersOf(all.values());
    return { tallies, rosters };
  });
}
