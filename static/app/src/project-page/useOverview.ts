import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeyResultView, ProjectOverviewData } from '../../../../src/contract';
import { call, toResolverCallError, type ResolverCallError } from '../shared/api';

export interface OverviewState {
  /** The last overview that loaded; kept while another cycle or a refresh loads. */
  data: ProjectOverviewData | undefined;
  /** A cycle switch or a first load is under way: the OKRs shown (if any) are not the ones asked for. */
  loading: boolean;
  /** A refresh after a change is under way: what is shown is still right, only maybe stale. */
  refreshing: boolean;
  error: ResolverCallError | undefined;
  /** The cycle asked for; undefined means the server's current cycle. */
  cycleId: string | undefined;
  selectCycle: (cycleId: string) => void;
  /** Loads again, keeping the page as it is until the answer comes. */
  refresh: () => void;
  /** Loads again from scratch (after a failed load). */
  retry: () => void;
  /** Puts a Key Result the server just returned in place (or adds it), before the refresh lands. */
  replaceKeyResult: (keyResult: KeyResultView) => void;
  /** Puts the Key Results a Product Owner just tied a Sprint Goal to in place: tied, no longer suggested. */
  replaceSprintKeyResults: (tied: { sprintId: number; keyResultIds: string[] }) => void;
}

/**
 * The project overview for one cycle. Unlike useResolver it keeps the page on screen while it
 * reloads after a change, so an open card does not blink into a spinner after every save.
 */
export function useOverview(): OverviewState {
  const [cycleId, setCycleId] = useState<string | undefined>(undefined);
  const [data, setData] = useState<ProjectOverviewData | undefined>(undefined);
  const [error, setError] = useState<ResolverCallError | undefined>(undefined);
  const [pending, setPending] = useState<'load' | 'refresh' | null>('load');
  const [attempt, setAttempt] = useState({ n: 0, mode: 'load' as 'load' | 'refresh' });
  const latestCall = useRef(0);

  useEffect(() => {
    const callId = ++latestCall.current;
    setPending(attempt.mode);
    call('getProjectOverview', cycleId ? { cycleId } : {}).then(
      (overview) => {
        if (callId !== latestCall.current) return;
        setData(overview);
        setError(undefined);
        setPending(null);
      },
      (cause: unknown) => {
        if (callId !== latestCall.current) return;
        setError(toResolverCallError(cause));
        setPending(null);
      },
    );
    return () => {
      if (callId === latestCall.current) latestCall.current++;
    };
  }, [cycleId, attempt]);

  const selectCycle = useCallback((next: string) => {
    setError(undefined);
    setAttempt((current) => ({ n: current.n + 1, mode: 'load' }));
    setCycleId(next);
  }, []);
  const refresh = useCallback(() => setAttempt((current) => ({ n: current.n + 1, mode: 'refresh' })), []);
  const retry = useCallback(() => {
    setError(undefined);
    setAttempt((current) => ({ n: current.n + 1, mode: 'load' }));
  }, []);
  const replaceKeyResult = useCallback((keyResult: KeyResultView) => {
    setData((current) =>
      current && {
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
      },
    );
  }, []);

  const replaceSprintKeyResults = useCallback(({ sprintId, keyResultIds }: { sprintId: number; keyResultIds: string[] }) => {
    setData(
      (current) =>
        current && {
          ...current,
          sprints: current.sprints.map((sprint) => (sprint.id === sprintId ? { ...sprint, keyResultIds, keyResultsSuggested: false } : sprint)),
        },
    );
  }, []);

  return {
    data,
    loading: pending === 'load',
    refreshing: pending === 'refresh',
    error,
    cycleId,
    selectCycle,
    refresh,
    retry,
    replaceKeyResult,
    replaceSprintKeyResults,
  };
}
