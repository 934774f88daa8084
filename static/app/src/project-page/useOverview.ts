import { useCallback, useState } from 'react';
import type { KeyResultView } from '../../../../src/contract';
import { useResolver, type ResolverState } from '../shared/useResolver';

export type OverviewState = ResolverState<'getProjectOverview'> & {
  /** The cycle asked for; undefined means the server's current cycle. */
  cycleId: string | undefined;
  selectCycle: (cycleId: string) => void;
  /** Puts a Key Result the server just returned in place (or adds it), before the refresh lands. */
  replaceKeyResult: (keyResult: KeyResultView) => void;
  /** Puts the Key Results a Product Owner just tied a Sprint Goal to in place: tied, no longer suggested. */
  replaceSprintKeyResults: (tied: { sprintId: number; keyResultIds: string[] }) => void;
};

/**
 * The project overview for one cycle. It keeps the page on screen while another cycle loads (`loading`)
 * or a change is saved (`refreshing`), so an open card does not blink into a spinner after every save.
 */
export function useOverview(): OverviewState {
  const [cycleId, setCycleId] = useState<string | undefined>(undefined);
  const overview = useResolver('getProjectOverview', cycleId ? { cycleId } : {}, { keepPrevious: true });
  const { reload, update } = overview;

  const selectCycle = useCallback(
    (next: string) => {
      setCycleId(next);
      // Choosing the cycle already shown loads it again, as a fresh look.
      reload();
    },
    [reload],
  );
  const replaceKeyResult = useCallback(
    (keyResult: KeyResultView) =>
      update((current) => ({
        ...current,
        objectives: current.objectives.map((objective) =>
          objective.id !== keyResult.objectiveId
            ? objective
            : {
                ...objective,
                keyResults: objective.keyResults.some((kr) => kr.id === keyResult.id)
                  ? objective.keyResults.map((kr) => (kr.id === keyResult.id ? keyResult : kr))
                  : [...objective.keyResults, keyResult],
              },
        ),
      })),
    [update],
  );
  const replaceSprintKeyResults = useCallback(
    ({ sprintId, keyResultIds }: { sprintId: number; keyResultIds: string[] }) =>
      update((current) => ({
        ...current,
        sprints: current.sprints.map((sprint) => (sprint.id === sprintId ? { ...sprint, keyResultIds, keyResultsSuggested: false } : sprint)),
      })),
    [update],
  );

  return { ...overview, cycleId, selectCycle, replaceKeyResult, replaceSprintKeyResults };
}
