// The picker's search: the cycle's Key Results matching what the person types, asked for once they
// pause typing; an answer to an older query never replaces a newer one.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DataOf } from '../../../../src/contract';
import { call, toResolverCallError, type ResolverCallError } from '../shared/api';

export type SearchResult = DataOf<'searchKeyResults'>['results'][number];

export interface KeyResultSearch {
  status: 'loading' | 'ready' | 'error';
  /** The last answer's results, kept on screen while the next search runs. */
  results: SearchResult[];
  /** The query those results answer; null before the first answer. */
  answered: string | null;
  error: ResolverCallError | null;
  retry(): void;
}

export const SEARCH_DEBOUNCE_MS = 250;

export function useKeyResultSearch(query: string): KeyResultSearch {
  const trimmed = query.trim();
  const [state, setState] = useState<Omit<KeyResultSearch, 'retry'>>({ status: 'loading', results: [], answered: null, error: null });
  const [attempt, setAttempt] = useState(0);
  const latestCall = useRef(0);
  const searched = useRef(false);

  useEffect(() => {
    // The first search (everything in the cycle) goes at once; later ones wait for a pause in typing.
    const delay = searched.current ? SEARCH_DEBOUNCE_MS : 0;
    const timer = setTimeout(() => {
      searched.current = true;
      const callId = ++latestCall.current;
      setState((previous) => ({ ...previous, status: 'loading', error: null }));
      call('searchKeyResults', trimmed ? { query: trimmed } : {}).then(
        ({ results }) => {
          if (callId === latestCall.current) setState({ status: 'ready', results, answered: trimmed, error: null });
        },
        (error: unknown) => {
          if (callId === latestCall.current) setState((previous) => ({ ...previous, status: 'error', error: toResolverCallError(error) }));
        },
      );
    }, delay);
    return () => {
      clearTimeout(timer);
      // A newer query or closing the picker supersedes the call in flight.
      latestCall.current++;
    };
  }, [trimmed, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
