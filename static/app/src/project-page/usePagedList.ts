// A list the server sends a page at a time: the first page (given, or loaded), then "Show more".
import { useCallback, useEffect, useRef, useState } from 'react';
import { type ResolverCallError, toResolverCallError } from '../shared/api';

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface PagedList<T> {
  items: T[];
  /** True while more remain on the server. */
  hasMore: boolean;
  /** The first page is being loaded (nothing to show yet), or the next one. */
  loading: 'first' | 'more' | null;
  error: ResolverCallError | null;
  showMore: () => void;
  /** Tries the failed load again. */
  retry: () => void;
}

interface ListState<T> {
  key: unknown;
  items: T[];
  nextCursor?: string;
  /** The first page has arrived. */
  loaded: boolean;
  loading: 'first' | 'more' | null;
  error: ResolverCallError | null;
}

/**
 * Pages of `load`, the first one `initial` when given (else loaded at once). A new `listKey` (another
 * filter, a refreshed first page) starts again from the first page; an answer to a list no longer
 * shown is dropped.
 */
export function usePagedList<T>(listKey: unknown, load: (cursor?: string) => Promise<Page<T>>, initial?: Page<T>): PagedList<T> {
  const fresh = (): ListState<T> => ({
    key: listKey,
    items: initial?.items ?? [],
    nextCursor: initial?.nextCursor,
    loaded: initial !== undefined,
    loading: initial === undefined ? 'first' : null,
    error: null,
  });
  const [state, setState] = useState<ListState<T>>(fresh);
  // Another list: start again from its first page, adjusting the state while rendering (as React
  // advises for state that follows a changed key) rather than in an effect after a stale paint.
  let shown = state;
  if (state.key !== listKey) {
    shown = fresh();
    setState(shown);
  }
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  /** Loads a page of the list `key`, appended to `before`; an answer for a list no longer shown changes nothing. */
  const fetchPage = useCallback((key: unknown, cursor: string | undefined, before: T[]) => {
    loadRef.current(cursor).then(
      (page) => setState((previous) => (previous.key === key ? { ...previous, items: [...before, ...page.items], nextCursor: page.nextCursor, loaded: true, loading: null, error: null } : previous)),
      (cause: unknown) => setState((previous) => (previous.key === key ? { ...previous, loading: null, error: toResolverCallError(cause) } : previous)),
    );
  }, []);

  // A list without a given first page loads it.
  const firstGiven = initial !== undefined;
  useEffect(() => {
    if (!firstGiven) fetchPage(listKey, undefined, []);
  }, [listKey, firstGiven, fetchPage]);

  const loadFrom = (cursor: string | undefined) => {
    setState((previous) => ({ ...previous, loading: cursor === undefined ? 'first' : 'more', error: null }));
    fetchPage(listKey, cursor, cursor === undefined ? [] : shown.items);
  };
  return {
    items: shown.items,
    hasMore: shown.nextCursor !== undefined,
    loading: shown.loading,
    error: shown.error,
    showMore: () => {
      if (shown.nextCursor !== undefined && shown.loading === null) loadFrom(shown.nextCursor);
    },
    retry: () => {
      if (!shown.loaded) loadFrom(undefined);
      else if (shown.nextCursor !== undefined) loadFrom(shown.nextCursor);
    },
  };
}
