// The typed invoke layer: one function per call site's need, every resolver key typed by the contract.
// Only types come from the backend's contract, so neither its code nor zod reaches the bundle.
import { invoke } from '@forge/bridge';
import type { DataOf, Envelope, ErrorCode, PayloadOf, ResolverKey } from '../../../../src/contract';

/**
 * The resolver's own codes (UNAVAILABLE among them: storage failed and nothing was changed), plus
 * UNREACHABLE when no envelope came back (bridge or network failure: whether anything changed is unknown).
 */
/** Whose OKRs a shared dialog writes: a project's, or the organization's (the organization page). */
export type OkrScope = 'project' | 'organization';

export type CallErrorCode = ErrorCode | 'UNREACHABLE';

export class ResolverCallError extends Error {
  override readonly name = 'ResolverCallError';

  constructor(
    readonly code: CallErrorCode,
    message: string,
    readonly field?: string,
    readonly key?: ResolverKey,
  ) {
    super(message);
  }
}

const UNREACHABLE_MESSAGE = 'Outcomes could not reach its server. Check your connection and try again.';

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'data' in value;
  return value.ok === false && 'error' in value && typeof value.error === 'object' && value.error !== null;
}

/** Invokes a resolver and unwraps its envelope: the data, or a thrown ResolverCallError. */
export async function call<K extends ResolverKey>(key: K, payload: PayloadOf<K>): Promise<DataOf<K>> {
  let response: unknown;
  try {
    response = await invoke<Envelope<DataOf<K>>>(key, payload);
  } catch (cause) {
    console.error(`Outcomes: invoking ${key} failed`, cause);
    throw new ResolverCallError('UNREACHABLE', UNREACHABLE_MESSAGE, undefined, key);
  }
  if (!isEnvelope(response)) {
    console.error(`Outcomes: ${key} answered without an envelope`, response);
    throw new ResolverCallError('UNREACHABLE', UNREACHABLE_MESSAGE, undefined, key);
  }
  if (!response.ok) {
    const { code, message, field } = response.error;
    throw new ResolverCallError(code, message, field, key);
  }
  return response.data as DataOf<K>;
}

/** Any thrown value as a ResolverCallError, so components handle one error type. */
export function toResolverCallError(error: unknown): ResolverCallError {
  if (error instanceof ResolverCallError) return error;
  console.error('Outcomes: unexpected error', error);
  return new ResolverCallError('UNREACHABLE', UNREACHABLE_MESSAGE);
}
