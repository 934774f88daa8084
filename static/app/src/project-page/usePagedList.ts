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

/**
 * Pages of `load`, the first one `initial` when given (else loaded at once). A new `listKey` (another
 * filter, a refreshed first page) starts again from the first page; an answer to a list no longer
 * shown is dropped.
 */
export function usePagedList<T>(listKey: unknown, load: (cursor?: string) => Promise<Page<T>>, initial?: Page<T>): PagedList<T> {
  const [state, setState] = useState<{ key: unknown; items: T[]; nextCursor?: string; loaded: boolean }>(() => ({
    key: listKey,
    items: initial?.items ?? [],
    nextCursor: initial?.nextCursor,
    loaded: initial !== undefined,
  }));
  const [loading, setLoading] = useState<'first' | 'more' | null>(null);
  const [error, setError] = useState<ResolverCallError | null>(null);
  const current = useRef(listKey);
  current.current = listKey;
  const loadRef = useRef(load);
  loadRef.current = load;

  const fetchPage = useCallback((key: unknown, cursor: string | undefined, before: T[]) => {
    setLoading(cursor === undefined ? 'first' : 'more');
    setError(null);
    loadRef.current(cursor).then(
      (page) => {
        if (current.current !== key) return;
        setState({ key, items: [...before, ...page.items], nextCursor: page.nextCursor, loaded: true });
        setLoading(null);
      },
      (cause: unknown) => {
        if (current.current !== key) return;
        setError(toResolverCallError(cause));
        setLoading(null);
      },
    );
  }, []);

  // Another list: start from its first page.
  useEffect(() => {
    if (initial !== undefined) {
      setState({ key: listKey, items: initial.items, nextCursor: initial.nextCursor, loaded: true });
      setLoading(null);
      setError(null);
    } else {
      setState({ key: listKey, items: [], loaded: false });
      fetchPage(listKey, undefined, []);
    }
    // `initial` belongs to `listKey`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [listKey, fetchPage]);

  const stale = state.key !== listKey;
  const items = stale ? (initial?.items ?? []) : state.items;
  const nextCursor = stale ? initial?.nextCursor : state.nextCursor;
  const showMore = useCallback(() => {
    if (nextCursor !== undefined && loading === null) fetchPage(listKey, nextCursor, items);
  }, [nextCursor, loading, fetchPage, listKey, items]);
  const retry = useCallback(() => {
    if (!state.loaded || stale) fetchPage(listKey, undefined, []);
    else if (nextCursor !== undefined) fetchPage(listKey, nextCursor, items);
  }, [state.loaded, stale, fetchPage, listKey, nextCursor, items]);
  return {
    items,
    hasMore: nextCursor !== undefined,
    loading: stale && initial === undefined ? 'first' : loading,
    error,
    showMore,
    retry,
  };
}
