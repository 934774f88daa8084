import { useCallback, useEffect, useRef, useState } from 'react';
import type { DataOf, PayloadOf, ResolverKey } from '../../../../src/contract';
import { call, toResolverCallError, type ResolverCallError } from './api';

export type ResolverState<T> =
  | { state: 'loading'; data: undefined; error: undefined; reload: () => void }
  | { state: 'ready'; data: T; error: undefined; reload: () => void }
  | { state: 'error'; data: undefined; error: ResolverCallError; reload: () => void };

type Settled<T> =
  | { state: 'loading' }
  | { state: 'ready'; data: T }
  | { state: 'error'; error: ResolverCallError };

/**
 * Calls a resolver when the component mounts and whenever the payload's content changes.
 * `reload()` calls it again (showing the loading state); answers to superseded calls are dropped.
 */
export function useResolver<K extends ResolverKey>(key: K, payload: PayloadOf<K>): ResolverState<DataOf<K>> {
  const [settled, setSettled] = useState<Settled<DataOf<K>>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const latestCall = useRef(0);
  // Callers pass object literals; compare by content so a re-render does not re-invoke.
  const payloadJson = JSON.stringify(payload);

  useEffect(() => {
    const callId = ++latestCall.current;
    setSettled({ state: 'loading' });
    call(key, JSON.parse(payloadJson) as PayloadOf<K>).then(
      (data) => {
        if (callId === latestCall.current) setSettled({ state: 'ready', data });
      },
      (error: unknown) => {
        if (callId === latestCall.current) setSettled({ state: 'error', error: toResolverCallError(error) });
      },
    );
    return () => {
      // Unmounting or re-invoking supersedes this call.
      if (callId === latestCall.current) latestCall.current++;
    };
  }, [key, payloadJson, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  switch (settled.state) {
    case 'loading':
      return { state: 'loading', data: undefined, error: undefined, reload };
    case 'ready':
      return { state: 'ready', data: settled.data, error: undefined, reload };
    case 'error':
      return { state: 'error', data: undefined, error: settled.error, reload };
  }
}
