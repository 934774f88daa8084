import { useCallback, useEffect, useRef, useState } from 'react';
import type { DataOf, PayloadOf, ResolverKey } from '../../../../src/contract';
import { call, toResolverCallError, type ResolverCallError } from './api';

export interface ResolverOptions {
  /** Keep the last answer while the next call runs: a cycle switch, a search as the person types. */
  keepPrevious?: boolean;
  /** Wait for a pause this long before calling with a new payload; the first call and reloads go at once. */
  debounceMs?: number;
}

interface Actions<K extends ResolverKey> {
  /** The payload `data` answers: with `keepPrevious`, an earlier one while the next call runs. */
  answered: PayloadOf<K> | undefined;
  /** A quiet reload is under way: what is shown (data or error) stays until its answer comes. */
  refreshing: boolean;
  /** Calls again, showing the loading state. */
  reload: () => void;
  /** Calls again, keeping what is shown until the answer comes. */
  refresh: () => void;
  /** Changes the data in place, as a save's answer does before the refresh lands. */
  update: (change: (data: DataOf<K>) => DataOf<K>) => void;
}

export type ResolverState<K extends ResolverKey> = Actions<K> &
  (
    | { state: 'loading'; data: DataOf<K> | undefined; error: undefined }
    | { state: 'ready'; data: DataOf<K>; error: undefined }
    | { state: 'error'; data: DataOf<K> | undefined; error: ResolverCallError }
  );

interface Settled<K extends ResolverKey> {
  pending: 'load' | 'refresh' | null;
  data: DataOf<K> | undefined;
  answered: PayloadOf<K> | undefined;
  error: ResolverCallError | undefined;
}

/**
 * Calls a resolver when the component mounts and whenever the payload's content changes. The latest
 * call wins: an answer to a call that a newer one (or unmounting) superseded is dropped.
 */
export function useResolver<K extends ResolverKey>(
  key: K,
  payload: PayloadOf<K>,
  { keepPrevious = false, debounceMs = 0 }: ResolverOptions = {},
): ResolverState<K> {
  const [settled, setSettled] = useState<Settled<K>>({ pending: 'load', data: undefined, answered: undefined, error: undefined });
  const [request, setRequest] = useState({ attempt: 0, quiet: false });
  const calledWith = useRef<string | null>(null);
  // Callers pass object literals; compare by content so a re-render does not re-invoke.
  const payloadJson = JSON.stringify(payload);

  useEffect(() => {
    const newPayload = calledWith.current !== null && calledWith.current !== payloadJson;
    // Only a reload of the payload already shown can be quiet; another payload is another answer.
    const quiet = request.quiet && !newPayload;
    // Unmounting or a newer call supersedes the one in flight: its answer is dropped.
    let superseded = false;
    const start = () => {
      calledWith.current = payloadJson;
      setSettled((current) =>
        quiet
          ? { ...current, pending: 'refresh' }
          : keepPrevious
            ? { ...current, pending: 'load', error: undefined }
            : { pending: 'load', data: undefined, answered: undefined, error: undefined },
      );
      const asked = JSON.parse(payloadJson) as PayloadOf<K>;
      call(key, asked).then(
        (data) => {
          if (!superseded) setSettled({ pending: null, data, answered: asked, error: undefined });
        },
        (error: unknown) => {
          if (!superseded) setSettled((current) => ({ ...current, pending: null, error: toResolverCallError(error) }));
        },
      );
    };
    const timer = newPayload && debounceMs > 0 ? setTimeout(start, debounceMs) : undefined;
    if (timer === undefined) start();
    return () => {
      clearTimeout(timer);
      superseded = true;
    };
  }, [key, payloadJson, request, keepPrevious, debounceMs]);

  const reload = useCallback(() => setRequest(({ attempt }) => ({ attempt: attempt + 1, quiet: false })), []);
  const refresh = useCallback(() => setRequest(({ attempt }) => ({ attempt: attempt + 1, quiet: true })), []);
  const update = useCallback(
    (change: (data: DataOf<K>) => DataOf<K>) =>
      setSettled((current) => (current.data === undefined ? current : { ...current, data: change(current.data) })),
    [],
  );

  // A load clears the error (and, unless kept, the data); an answer sets one of them: so each state below holds.
  const state = settled.pending === 'load' ? 'loading' : settled.error ? 'error' : settled.data === undefined ? 'loading' : 'ready';
  return { ...settled, state, refreshing: settled.pending === 'refresh', reload, refresh, update } as ResolverState<K>;
}
