// The picker's search: the cycle's Key Results matching what the person types, asked for once they
// pause typing; an answer to an older query never replaces a newer one.
import type { DataOf } from '../../../../src/contract';
import type { ResolverCallError } from '../shared/api';
import { useResolver } from '../shared/useResolver';

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
  const search = useResolver('searchKeyResults', trimmed ? { query: trimmed } : {}, { keepPrevious: true, debounceMs: SEARCH_DEBOUNCE_MS });
  return {
    status: search.state,
    results: search.data?.results ?? [],
    answered: search.answered ? (search.answered.query ?? '') : null,
    error: search.error ?? null,
    retry: search.reload,
  };
}
