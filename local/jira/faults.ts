// What tests and the preview do to the emulator from outside: inject faults, count calls.
import type { EmulatedResponse } from '../platform';
import { JSON_TYPE } from './responses';

export interface FaultSpec {
  /** Which calls: a RegExp tested on the path with its query string, or a prefix of it. Default: every call. */
  path?: RegExp | string;
  /** Only this HTTP method (any case). */
  method?: string;
  /** Only calls whose JSON body, as text, contains this (e.g. a search's JQL). */
  bodyIncludes?: string;
  /** The status to answer instead of the real one. Omit to only delay the real answer (with delayMs). */
  status?: number;
  /** Sent as `Retry-After` (a 429 gets 1 s when not given; null sends none, as some of Jira's 429s). */
  retryAfterSeconds?: number | null;
  /**
   * A 429's `RateLimit-Reason`, as Atlassian documents it: `jira-burst-based` (one endpoint too fast),
   * `jira-per-issue-on-write`, `jira-quota-tenant-based` or `jira-quota-global-based` (the hourly
   * points are spent). Default `jira-quota-tenant-based`; null sends none.
   */
  rateLimitReason?: string | null;
  /**
   * The names a 429's headers go under: `documented` (`RateLimit-Reason`, `Retry-After`) by default;
   * `prefixed` as sites have also been seen to answer (`X-RateLimit-Reason`, `Beta-Retry-After`).
   */
  rateLimitHeaders?: 'documented' | 'prefixed';
  /** How many matching calls this fault hits (default 1; Infinity for all). */
  times?: number;
  /** The body to send as it is, e.g. malformed JSON. Default: Jira's error shape. */
  body?: string;
  /** Wait this long before answering. */
  delayMs?: number;
}

export class FaultInjector {
  private faults: Array<FaultSpec & { remaining: number }> = [];

  inject(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (!(times > 0)) throw new Error('faults.inject: times must be positive');
    this.faults.push({ ...spec, remaining: times });
  }

  clear(): void {
    this.faults = [];
  }

  /** Faults still armed. */
  get pending(): number {
    return this.faults.filter((f) => f.remaining > 0).length;
  }

  /** The fault for this call, if any (consumes one of its `times`). */
  take(method: string, path: string, body?: unknown): FaultSpec | undefined {
    for (const f of this.faults) {
      if (f.remaining <= 0) continue;
      if (f.method && f.method.toUpperCase() !== method.toUpperCase()) continue;
      if (f.bodyIncludes !== undefined && !(body !== undefined && JSON.stringify(body).includes(f.bodyIncludes))) continue;
      if (f.path !== undefined) {
        if (typeof f.path === 'string') {
          if (!path.startsWith(f.path)) continue;
        } else {
          f.path.lastIndex = 0;
          if (!f.path.test(path)) continue;
        }
      }
      f.remaining -= 1;
      return f;
    }
    return undefined;
  }
}

/** What Jira would have answered instead: its error shape, with the rate-limit headers on a 429. */
export function faultResponse(fault: FaultSpec & { status: number }, now: number = Date.now()): EmulatedResponse {
  const { status } = fault;
  const headers: Record<string, string> = { 'content-type': JSON_TYPE };
  const prefixed = fault.rateLimitHeaders === 'prefixed';
  const retryAfter = fault.retryAfterSeconds === undefined ? (status === 429 ? 1 : undefined) : fault.retryAfterSeconds;
  if (retryAfter !== undefined && retryAfter !== null) headers[prefixed && status === 429 ? 'Beta-Retry-After' : 'Retry-After'] = String(retryAfter);
  if (status === 429) {
    headers['X-RateLimit-Limit'] = '100';
    headers['X-RateLimit-Remaining'] = '0';
    // When the limit resets, to the minute, as Jira writes it (yyyy-MM-ddTHH:mmZ).
    if (retryAfter !== undefined && retryAfter !== null) headers['X-RateLimit-Reset'] = `${new Date(now + retryAfter * 1000).toISOString().slice(0, 16)}Z`;
    const reason = fault.rateLimitReason === undefined ? 'jira-quota-tenant-based' : fault.rateLimitReason;
    if (reason !== null) headers[prefixed ? 'X-RateLimit-Reason' : 'RateLimit-Reason'] = reason;
  }
  if (fault.body !== undefined) return { status, headers, body: fault.body };
  const message =
    status === 429 ? 'Rate limit exceeded.' : status === 503 ? 'Service Unavailable' : status >= 500 ? 'Internal server error' : `Injected fault (${status})`;
  return { status, headers, body: { errorMessages: [message], errors: {} } };
}

export class CallCounter {
  total = 0;
  /** Per route, e.g. `GET /rest/api/3/search/jql`; unmatched calls count under `GET (unmatched)`. */
  byRoute: Record<string, number> = {};

  record(route: string): void {
    this.total += 1;
    this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
  }

  reset(): void {
    this.total = 0;
    this.byRoute = {};
  }
}
