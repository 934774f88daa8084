// Asking Forge to deliver an event again. Atlassian documents it for app-event triggers ("Retry
// Atlassian app events", developer.atlassian.com/platform/forge/events-reference/product_events/):
// the trigger *returns* an InvocationError from @forge/events; the event comes back after
// `retryAfter` seconds (900 at most), at most four times, carrying
// `retryContext: { retryCount, retryReason, retryData }`. A thrown error is an app error: Forge logs it
// and does not deliver the event again. Not documented: whether Forge ever redelivers after a thrown
// error or a timeout of its own (the docs say it retries "platform level errors" by itself); the
// handlers are built so that either way a redelivery finishes what was left and repeats nothing.
import { InvocationError, InvocationErrorCode } from '@forge/events';
import { ForgeKvsAPIError } from '@forge/kvs';
import { JiraError } from '../jira/client';
import { isStorageOutage, StoreConflictError, StoreUnavailableError } from '../store/errors';

/** Redeliveries Forge makes of one event, at most. */
export const MAX_EVENT_RETRIES = 4;
/** The longest `retryAfter` Forge honours; longer ones are lowered to it. */
export const MAX_RETRY_AFTER_SECONDS = 900;

/**
 * Whether a failure may pass by itself: Jira rate-limiting (429), failing (5xx) or not answering;
 * storage rate-limiting or failing; a write that kept losing races. Anything else (a refusal, a
 * malformed answer, a bug) would fail the same way again.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof AggregateError) return error.errors.some(isTransient);
  if (error instanceof JiraError) return error.status === 0 || error.status === 429 || error.status >= 500;
  if (isStorageOutage(error)) return true;
  return error instanceof StoreConflictError;
}

/** How many times this event was delivered again already (0 on the first delivery). */
export function retryCountOf(event: unknown): number {
  const count = (event as { retryContext?: { retryCount?: unknown } } | null)?.retryContext?.retryCount;
  return typeof count === 'number' && Number.isInteger(count) && count > 0 ? count : 0;
}

/** The longest wait Jira asked for in the failure, in seconds (0 when it asked none). */
const jiraWaitOf = (error: unknown): number =>
  error instanceof AggregateError ? Math.max(0, ...error.errors.map(jiraWaitOf)) : error instanceof JiraError ? Math.ceil(error.retryAfterSeconds ?? 0) : 0;

const rateLimited = (error: unknown): boolean =>
  error instanceof AggregateError
    ? error.errors.some(rateLimited)
    : error instanceof StoreUnavailableError
      ? rateLimited(error.cause)
      : (error instanceof JiraError && error.status === 429) || (error instanceof ForgeKvsAPIError && error.responseDetails.status === 429);

/**
 * The answer to a delivery that failed: an InvocationError asking for the event again when the
 * failure may pass and Forge has redeliveries left, waiting longer each time (30 s, 2 min, 8 min,
 * 15 min); otherwise the error is thrown, for Forge to log. Redelivery must be harmless, and is:
 * each handler finishes what an earlier delivery left undone and repeats nothing.
 */
export function retryLaterOrThrow(error: unknown, event: unknown, what: string): InvocationError {
  const retryCount = retryCountOf(event);
  if (!isTransient(error) || retryCount >= MAX_EVENT_RETRIES) throw error;
  // Never sooner than Jira asked (its Retry-After on a 429 or 503).
  const retryAfter = Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(30 * 4 ** retryCount, jiraWaitOf(error)));
  const reason = error instanceof Error ? error.message : String(error);
  console.warn(`Outcomes: ${what} failed (${reason}); asking Forge to deliver it again in ${retryAfter} s.`);
  return new InvocationError({
    retryAfter,
    retryReason: rateLimited(error) ? InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED : InvocationErrorCode.FUNCTION_RETRY_REQUEST,
    // An object, as Forge drops any other kind of retryData (ECO-734); well under its 4 KB.
    retryData: { failure: reason.slice(0, 500) },
  });
}
