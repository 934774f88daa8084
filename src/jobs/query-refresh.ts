// Query-measured Key Results read their value from Jira again: hourly (the `query-refresh-hourly`
// scheduled trigger), when a sprint closes, and on demand ("Refresh now"). Each query runs with the
// rights of the person who set it up: `asUser(accountId)`, Forge's offline user impersonation; where
// the platform refuses it, the refresh records that as the Key Result's problem and keeps its value:
// a query never runs with more rights than its author's (never as the app). The hourly and sprint-close
// refreshes go through the `query-refresh` queue, a bounded batch of Key Results per event.
import api, { NeedsAuthenticationError, NotAllowedError, ProxyRequestError } from '@forge/api';
import { InvocationError, Queue } from '@forge/events';
import { z } from 'zod';
import type { QueryMeasure } from '../contract';
import { JiraClient, JiraError } from '../jira/client';
import { MeasureError, measureValue } from '../jira/measure';
import { dropMeasureRegistration, measuredKeyResultIds } from '../store/measures';
import { getKeyResult, type QueryOutcome, recordQueryOutcome, type StoredKeyResult } from '../store/okrs';
import { retryLaterOrThrow } from '../triggers/retry';

/** The queue's key, as the manifest's `consumer` module names it. */
export const QUERY_REFRESH_QUEUE = 'query-refresh';
/** Key Results one event refreshes: each query reads at most 50 pages, so ten stay well inside 900 s. */
export const KEY_RESULTS_PER_EVENT = 10;
/** Events one push may carry (the platform's maximum). */
const EVENTS_PER_PUSH = 50;
/** Who a refresh is recorded as done by, when no person asked for it. */
const REFRESHER = 'outcomes-query-refresh';

const bodySchema = z.object({ keyResultIds: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)).min(1).max(KEY_RESULTS_PER_EVENT) });

/** Jira with the rights of the measure's author: the invoker's own session when it is them, else impersonated. */
function jiraAsAuthor(measure: QueryMeasure, invokerAccountId: string | null): JiraClient {
  return new JiraClient(measure.accountId === invokerAccountId ? api.asUser() : api.asUser(measure.accountId));
}

/** A refusal to act as the author (no consent, impersonation not allowed, the author gone): a problem to show, not a retry. */
function refusedAuthor(error: unknown): boolean {
  if (error instanceof JiraError) return error.status === 401 || error.status === 403;
  return error instanceof NeedsAuthenticationError || error instanceof NotAllowedError || error instanceof ProxyRequestError;
}

/** What the measure finds now, with its author's rights; transient failures are thrown for the caller to retry. */
export async function runMeasure(measure: QueryMeasure, invokerAccountId: string | null, now: Date): Promise<QueryOutcome> {
  try {
    return { value: await measureValue(jiraAsAuthor(measure, invokerAccountId), measure, now) };
  } catch (error) {
    if (error instanceof MeasureError) return { problem: error.message };
    if (refusedAuthor(error)) {
      return { problem: 'Outcomes could not run the query with the rights of the person who set it up; they (or another editor) should save the Key Result again. The last value is kept.' };
    }
    throw error;
  }
}

/** Refreshes one Key Result; answers it as stored after (null when it is gone or no query measures it any more). */
export async function refreshKeyResult(keyResultId: string, invokerAccountId: string | null, now: Date): Promise<StoredKeyResult | null> {
  const keyResult = await getKeyResult(keyResultId);
  if (!keyResult?.measure) {
    await dropMeasureRegistration(keyResultId);
    return null;
  }
  const outcome = await runMeasure(keyResult.measure, invokerAccountId, now);
  const change = { accountId: invokerAccountId ?? REFRESHER, at: now.toISOString(), what: 'problem' in outcome ? 'keyResult.query-failed' : 'keyResult.query-refreshed' };
  return (await recordQueryOutcome(keyResultId, keyResult.measure, outcome, change)).saved;
}

const queue = () => new Queue({ key: QUERY_REFRESH_QUEUE });

/** Queues the refresh of these Key Results, ten an event. */
async function queueRefresh(keyResultIds: readonly string[]): Promise<number> {
  const bodies: Array<z.infer<typeof bodySchema>> = [];
  for (let start = 0; start < keyResultIds.length; start += KEY_RESULTS_PER_EVENT) bodies.push({ keyResultIds: keyResultIds.slice(start, start + KEY_RESULTS_PER_EVENT) });
  for (let start = 0; start < bodies.length; start += EVENTS_PER_PUSH) await queue().push(bodies.slice(start, start + EVENTS_PER_PUSH).map((body) => ({ body })));
  return bodies.length;
}

/** The hourly trigger: every query-measured Key Result of the site, queued in batches (one query of storage, a few pushes). */
export async function handleScheduledQueryRefresh(): Promise<{ keyResults: number; events: number }> {
  const ids = await measuredKeyResultIds();
  return { keyResults: ids.length, events: await queueRefresh(ids) };
}

/** After a sprint closes: the query-measured Key Results of these projects, queued (a failure is logged: the hourly run follows). */
export async function queueProjectRefresh(projectKeys: readonly string[]): Promise<void> {
  try {
    const ids = (await Promise.all(projectKeys.map((projectKey) => measuredKeyResultIds(projectKey)))).flat();
    if (ids.length > 0) await queueRefresh(ids);
  } catch (error) {
    console.warn(`Outcomes: the query-measured Key Results of ${projectKeys.join(', ')} were not queued for refresh`, error);
  }
}

/** The consumer: one batch, each Key Result on its own (one that fails does not hold back the others). */
export async function handleQueryRefresh(event: unknown, now: () => Date = () => new Date()): Promise<{ refreshed: number } | InvocationError> {
  const parsed = bodySchema.safeParse((event as { body?: unknown } | null)?.body);
  if (!parsed.success) {
    console.warn('Outcomes: ignoring a query-refresh event of an unexpected shape', parsed.error.issues[0]);
    return { refreshed: 0 };
  }
  let refreshed = 0;
  const failed: unknown[] = [];
  for (const keyResultId of parsed.data.keyResultIds) {
    try {
      if (await refreshKeyResult(keyResultId, null, now())) refreshed += 1;
    } catch (error) {
      failed.push(error);
    }
  }
  if (failed.length === 0) return { refreshed };
  // Redelivering runs the whole batch again: a refresh that finds the same value writes nothing.
  return retryLaterOrThrow(failed.length === 1 ? failed[0] : new AggregateError(failed, 'Refreshing query-measured Key Results failed'), event, `Refreshing ${parsed.data.keyResultIds.join(', ')}`);
}
