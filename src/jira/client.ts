// A typed Jira client over `requestJira`: one method per endpoint the app reads, paging done here,
// retry with backoff on 429 and 5xx, and every answer parsed with zod so a malformed body becomes
// a clear error instead of a crash deeper in.
import api, { NeedsAuthenticationError, NotAllowedError, route, type RequestInit, type Response } from '@forge/api';
import { z } from 'zod';

type Route = ReturnType<typeof route>;
/** `api.asUser()` or `api.asApp()`: what every call below goes through. */
export interface JiraRequester {
  requestJira(path: Route, init?: RequestInit): Promise<Response>;
}

export class JiraError extends Error {
  constructor(
    message: string,
    /** The HTTP status Jira answered, or 0 when no usable answer came. */
    readonly status: number,
    /** How long Jira asked to wait before trying again (its Retry-After), when it said. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'JiraError';
  }
}

/**
 * What a 429 was about, from Jira's `RateLimit-Reason` (Atlassian, "Build an app that respects rate
 * limits"), grouped by what the app does about it:
 * - `burst` (`jira-burst-based`): one endpoint and method went too fast: only that endpoint slows down;
 * - `per-issue` (`jira-per-issue-on-write`): too many writes to one issue: only writes to it wait;
 * - `quota` (`jira-quota-tenant-based`, `jira-quota-global-based`, and the older `jira-quota-based` and
 *   `jira-cost-based`): the app's hourly points on this site are spent: nothing more is sent until
 *   Jira's Retry-After has passed, which is usually longer than an invocation;
 * - `unspecified`: no reason, or one not known here; then Retry-After alone decides.
 */
export type RateLimitKind = 'burst' | 'per-issue' | 'quota' | 'unspecified';

/**
 * Jira asked Outcomes to slow down, and waiting as long as it asked does not fit in what is left of
 * the invocation (or of the retries): the call fails at once, without trying earlier than Jira asked.
 * Its message is for the person looking (it names no Jira internals); `code` is what a warning carries.
 */
export class JiraRateLimitError extends JiraError {
  readonly code = 'RATE_LIMITED';

  constructor(
    readonly kind: RateLimitKind,
    /** Jira's RateLimit-Reason as sent, for the log. */
    readonly reason: string | null,
    retryAfterSeconds: number | undefined,
  ) {
    super(rateLimitAdvice(kind, retryAfterSeconds), 429, retryAfterSeconds);
    this.name = 'JiraRateLimitError';
  }
}

/** What a person is told when Jira rate-limits Outcomes: that it is Jira asking, and when figures come back. */
export function rateLimitAdvice(kind: RateLimitKind, retryAfterSeconds: number | undefined): string {
  if (retryAfterSeconds === undefined) {
    return kind === 'quota'
      ? 'Jira asked Outcomes to slow down; figures will be back within the hour.'
      : 'Jira asked Outcomes to slow down; figures will be back in a minute.';
  }
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Jira asked Outcomes to slow down; figures will be back in ${minutes === 1 ? 'a minute' : `${minutes} minutes`}.`;
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** First backoff; doubled on every retry (with jitter: each wait is between half of it and all of it). */
  baseDelayMs: number;
  /** Longest single wait, Retry-After included, so a resolver stays well inside Forge's 25 s. */
  maxDelayMs: number;
  /** How long one attempt may wait for Jira's answer before it counts as failed. */
  timeoutMs: number;
  /**
   * How long all the calls of one client (one invocation) may take, retries and waits included: past
   * it nothing is retried and nothing new is sent, so the resolver can still answer inside Forge's 25 s.
   */
  budgetMs: number;
  /**
   * Calls to one endpoint (method and route) in flight at once, at most (default
   * `CONCURRENCY_PER_ENDPOINT`): Jira's burst limit counts per endpoint, so a page that needs many
   * searches sends them a few at a time. Halved (to 1 at least) for that endpoint on a burst 429, and
   * once when Jira says its budget is nearly spent (`X-RateLimit-NearLimit: true`).
   */
  concurrencyPerEndpoint?: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 300, maxDelayMs: 4_000, timeoutMs: 10_000, budgetMs: 20_000 };
/** Calls to one Jira endpoint in flight at once, by default: enough to overlap Jira's latency. */
export const CONCURRENCY_PER_ENDPOINT = 8;

/** Time as the client sees it: the tests give one whose waits pass at once. */
export interface ClientClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1): the jitter of each wait. */
  random(): number;
}

export const SYSTEM_CLOCK: ClientClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
  random: () => Math.random(),
};

class Timeout extends Error {}

/** The promise's answer, or a Timeout after `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout()), Math.max(0, ms));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The first of these headers the answer carries. */
function headerOf(response: Response, names: readonly string[]): string | null {
  for (const name of names) {
    const value = response.headers.get(name);
    if (value !== null && value.trim() !== '') return value.trim();
  }
  return null;
}

// Atlassian's guide names `RateLimit-Reason` and `Retry-After`. Sites have also been seen answering
// with the older `X-RateLimit-Reason`, the beta `X-Beta-RateLimit-Reason` and `Beta-Retry-After`, and
// with only `X-RateLimit-Reset` (an ISO 8601 time); which of these a Forge app's `requestJira` passes
// on is not documented, so any of them is read, the documented name first.
const REASON_HEADERS = ['ratelimit-reason', 'x-ratelimit-reason', 'x-beta-ratelimit-reason'] as const;
const RETRY_AFTER_HEADERS = ['retry-after', 'beta-retry-after'] as const;
const NEAR_LIMIT_HEADERS = ['x-ratelimit-nearlimit', 'x-beta-ratelimit-nearlimit'] as const;

/**
 * How long Jira asked to wait, in seconds: Retry-After (seconds or an HTTP date), else the time of
 * X-RateLimit-Reset. A wait of nothing (0, or a time already past) counts as none asked: the backoff decides.
 */
function retryAfterOf(response: Response, now: number): number | undefined {
  const positive = (seconds: number) => (Number.isFinite(seconds) && seconds > 0 ? seconds : undefined);
  const retryAfter = headerOf(response, RETRY_AFTER_HEADERS);
  if (retryAfter !== null) return /^\d+(\.\d+)?$/.test(retryAfter) ? positive(Number(retryAfter)) : positive((Date.parse(retryAfter) - now) / 1000);
  const reset = headerOf(response, ['x-ratelimit-reset']);
  return reset === null ? undefined : positive((Date.parse(reset) - now) / 1000);
}

function rateLimitKindOf(reason: string | null): RateLimitKind {
  const value = reason?.toLowerCase() ?? '';
  if (value.includes('burst')) return 'burst';
  if (value.includes('per-issue')) return 'per-issue';
  if (value.includes('quota') || value.includes('cost')) return 'quota';
  return 'unspecified';
}

const isRetryable = (status: number) => status === 429 || status >= 500;

async function errorMessageOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { errorMessages?: string[]; errors?: Record<string, string> };
    const messages = [...(body.errorMessages ?? []), ...Object.values(body.errors ?? {})];
    if (messages.length > 0) return messages.join(' ');
  } catch {
    // Not JSON: fall through to the status line.
  }
  return `Jira answered ${response.status} ${response.statusText}`.trim();
}

// ---------------------------------------------------------------------------------------------
// Shapes: only the fields the app reads

const statusCategoryKey = z.enum(['new', 'indeterminate', 'done', 'undefined']);

/**
 * The system fields the app reads, each parsed on its own: a field of an unexpected shape on one issue
 * reads as absent instead of failing the whole page of issues. Custom fields (Sprint, story points),
 * whose ids differ from site to site, are kept as Jira sent them and read by `jira/fields.ts`.
 */
const issueFieldsSchema = z.looseObject({
  summary: z.string().optional().catch(undefined),
  status: z.object({ name: z.string(), statusCategory: z.object({ key: statusCategoryKey }) }).optional().catch(undefined),
  issuetype: z.object({ name: z.string(), subtask: z.boolean().optional(), hierarchyLevel: z.number().int().optional().catch(undefined) }).optional().catch(undefined),
  parent: z.object({ id: z.string(), key: z.string() }).optional().nullable().catch(undefined),
  project: z.object({ key: z.string() }).optional().catch(undefined),
});

const issueSchema = z.object({
  id: z.string(),
  key: z.string(),
  fields: issueFieldsSchema.default({}),
});
export type JiraIssue = z.infer<typeof issueSchema>;

/** One change of an issue's history: when, and the items (fields) it changed. */
const historySchema = z.object({
  created: z.string(),
  items: z.array(z.object({ field: z.string().optional(), fieldId: z.string().optional(), to: z.string().nullable().optional() })).catch([]),
});
export type JiraHistory = z.infer<typeof historySchema>;

const bulkChangelogPageSchema = z.object({
  issueChangeLogs: z.array(z.object({ issueId: z.string(), changeHistories: z.array(historySchema).default([]) })).default([]),
  nextPageToken: z.string().optional().nullable(),
});

/** An entry of GET /rest/api/3/field: what tells Jira Software's fields apart is `schema.custom`. */
const fieldListSchema = z.array(
  z.object({
    id: z.string(),
    /** A Forge app's field has a key of its own beside its `customfield_` id. */
    key: z.string().optional().catch(undefined),
    name: z.string().optional().catch(undefined),
    custom: z.boolean().optional().catch(undefined),
    schema: z.object({ type: z.string().optional(), custom: z.string().optional() }).optional().catch(undefined),
  }),
);
export type JiraField = z.infer<typeof fieldListSchema>[number];

/** What a board estimates with: a field's id, or none (issue count). */
const boardConfigurationSchema = z.object({
  estimation: z
    .object({ type: z.string().optional(), field: z.object({ fieldId: z.string() }).optional() })
    .optional()
    .catch(undefined),
});

/** A page of an ids-only search: Jira may answer each issue with its id alone. */
const idsPageSchema = z.object({
  issues: z.array(z.object({ id: z.string() })),
  nextPageToken: z.string().optional().nullable(),
  isLast: z.boolean().optional(),
});

const searchPageSchema = z.object({
  issues: z.array(issueSchema),
  nextPageToken: z.string().optional().nullable(),
  isLast: z.boolean().optional(),
});

const boardSchema = z.object({ id: z.number(), name: z.string(), type: z.string() });
const boardLocationSchema = z.object({ location: z.object({ projectKey: z.string().optional() }).optional() });
export type JiraBoard = z.infer<typeof boardSchema>;

const sprintSchema = z.object({
  id: z.number(),
  name: z.string(),
  state: z.enum(['future', 'active', 'closed']),
  startDate: z.string().optional(),
  endDate: z.string().optional(),
  completeDate: z.string().optional(),
  goal: z.string().optional().nullable(),
  originBoardId: z.number().optional(),
});
export type JiraSprint = z.infer<typeof sprintSchema>;

const agilePage = <T extends z.ZodType>(item: T) =>
  z.object({ values: z.array(item), startAt: z.number(), maxResults: z.number(), isLast: z.boolean().optional() });

const statusListSchema = z.array(z.object({ id: z.string(), statusCategory: z.object({ key: statusCategoryKey }) }));

const projectSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  lead: z.object({ accountId: z.string() }).optional(),
  /** Role name → the address of its members in the project, whose last segment is the role's id. */
  roles: z.record(z.string(), z.string()).optional(),
});
export type JiraProject = z.infer<typeof projectSchema>;

const projectSearchSchema = z.object({ values: z.array(z.object({ key: z.string(), name: z.string() })) });
const projectPageSchema = z.object({ values: z.array(z.object({ id: z.string(), key: z.string(), name: z.string() })), isLast: z.boolean().optional() });
/** POST /rest/api/3/permissions/check: for each project permission asked, the projects (ids) it is held in. */
const bulkGrantsSchema = z.object({ projectPermissions: z.array(z.object({ permission: z.string(), projects: z.array(z.number()) })) });
/** Project keys Jira's project search takes at once (`keys`, as documented). */
export const PROJECT_KEYS_PER_SEARCH = 50;
/** Projects Jira's bulk permission check takes at once (as documented: more is a 400). */
export const PROJECTS_PER_PERMISSION_CHECK = 1000;
/** A grant of a permission scheme: the permission's key and who holds it (Jira's holder object). */
const schemeSchema = z.object({
  id: z.number(),
  name: z.string().optional(),
  permissions: z
    .array(z.object({ permission: z.string(), holder: z.object({ type: z.string(), parameter: z.string().optional(), value: z.string().optional() }) }))
    .optional(),
});
export type PermissionSchemeGrant = NonNullable<z.infer<typeof schemeSchema>['permissions']>[number];

const userListSchema = z.array(z.object({ accountId: z.string(), displayName: z.string().optional(), accountType: z.string().optional(), active: z.boolean().optional() }));

const usersPageSchema = z.object({
  values: z.array(z.object({ accountId: z.string(), displayName: z.string().optional() })),
  isLast: z.boolean().optional(),
});

/** Jira's bulk user lookup answers at most this many accounts a call. */
export const USERS_PER_CALL = 100;

export const PERMISSIONS = ['BROWSE_PROJECTS', 'EDIT_ISSUES', 'ADMINISTER_PROJECTS'] as const;
export type Permission = (typeof PERMISSIONS)[number];

const permissionsSchema = z.object({
  permissions: z.record(z.string(), z.object({ havePermission: z.boolean() })),
});

// ---------------------------------------------------------------------------------------------

/**
 * Follows a paged answer, stopping by itself when Jira misbehaves: a page token or offset it gave
 * before, a page that brings nothing new, or more pages than any real answer has. Such a stop keeps
 * what was read and is noted (`JiraClient.incomplete`), so the caller can say the list may be cut short.
 */
class Pager<Cursor> {
  private readonly seen = new Set<string>();
  private pages = 0;

  constructor(
    private readonly what: string,
    private readonly incomplete: string[],
    private readonly maxPages: number = MAX_PAGES,
  ) {}

  /** Whether to ask for the page at `next` (undefined: the answer is complete), after a page that brought `fresh` new items. */
  shouldFollow(next: Cursor | undefined, fresh: number): next is Cursor {
    if (next === undefined) return false;
    this.pages += 1;
    const key = String(next);
    const why =
      this.seen.has(key) ? 'Jira gave the same page twice' : fresh === 0 ? 'Jira sent a page with nothing new' : this.pages >= this.maxPages ? `it ran past ${this.maxPages} pages` : null;
    this.seen.add(key);
    if (why === null) return true;
    this.incomplete.push(`${this.what}: reading stopped because ${why}.`);
    return false;
  }
}

/** A stretch of time Jira asked Outcomes to leave something alone, and what to say when it does not fit. */
interface Pause {
  until: number;
  kind: RateLimitKind;
  reason: string | null;
}

/** One endpoint's calls: how many are in flight, how many may be, and who waits for a place. */
interface Lane {
  inFlight: number;
  limit: number;
  waiting: Array<() => void>;
  pause?: Pause;
  /** Whether Jira said this endpoint's budget is nearly spent (the limit was halved for it once). */
  nearLimit?: boolean;
}

/** A Retry-After gets up to this share on top, so calls paused together do not all come back at once. */
const RETRY_AFTER_JITTER = 0.2;

export class JiraClient {
  /** Requests made, retries included: the benchmark and the tests read it. */
  requests = 0;
  /** Paged answers this client stopped reading early (see Pager): their lists may be cut short. */
  readonly incomplete: string[] = [];
  /** When this client's time budget runs out (it lives for one invocation). */
  readonly deadline: number;
  private readonly lanes = new Map<string, Lane>();
  /** Writes to one issue Jira asked to space out (`jira-per-issue-on-write`), by issue. */
  private readonly issuePauses = new Map<string, Pause>();
  /** Set when Jira says the hourly quota is spent: every endpoint waits, or fails at once. */
  private quotaPause: Pause | undefined;

  constructor(
    private readonly product: JiraRequester,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly clock: ClientClock = SYSTEM_CLOCK,
  ) {
    this.deadline = clock.now() + retry.budgetMs;
  }

  private lane(endpoint: string): Lane {
    let lane = this.lanes.get(endpoint);
    if (!lane) {
      lane = { inFlight: 0, limit: Math.max(1, this.retry.concurrencyPerEndpoint ?? CONCURRENCY_PER_ENDPOINT), waiting: [] };
      this.lanes.set(endpoint, lane);
    }
    return lane;
  }

  /** The longest pause that holds this call back: its endpoint's, its issue's (for a write) or the quota's. */
  private pauseOf(lane: Lane, issue: string | undefined): Pause | undefined {
    const pauses = [lane.pause, issue === undefined ? undefined : this.issuePauses.get(issue), this.quotaPause];
    return pauses.reduce<Pause | undefined>((longest, pause) => (pause && pause.until > (longest?.until ?? -Infinity) ? pause : longest), undefined);
  }

  /**
   * Waits out whatever pause holds the call back, or fails at once when it would end past the
   * invocation's budget or last longer than one wait may: Jira would refuse an earlier call anyway.
   */
  private async whenClear(lane: Lane, issue: string | undefined): Promise<void> {
    for (;;) {
      const pause = this.pauseOf(lane, issue);
      const now = this.clock.now();
      if (!pause || pause.until <= now) return;
      if (pause.until >= this.deadline || pause.until - now > this.retry.maxDelayMs) {
        throw new JiraRateLimitError(pause.kind, pause.reason, Number.isFinite(pause.until) ? Math.ceil((pause.until - now) / 1000) : undefined);
      }
      await this.clock.sleep(pause.until - now);
    }
  }

  /** Takes a place among the endpoint's calls in flight, once nothing holds the call back. */
  private async enter(lane: Lane, issue: string | undefined): Promise<void> {
    for (;;) {
      try {
        await this.whenClear(lane, issue);
      } catch (error) {
        // This call gives up the place it was woken for: the next waiting call gets the wake-up instead.
        lane.waiting.shift()?.();
        throw error;
      }
      if (lane.inFlight < lane.limit) {
        lane.inFlight += 1;
        return;
      }
      await new Promise<void>((resolve) => lane.waiting.push(resolve));
    }
  }

  private leave(lane: Lane): void {
    lane.inFlight -= 1;
    lane.waiting.shift()?.();
  }

  /** A doubling backoff with jitter: between half of it and all of it. */
  private backoffMs(attempt: number): number {
    return Math.min(this.retry.baseDelayMs * 2 ** attempt, this.retry.maxDelayMs) * (0.5 + this.clock.random() / 2);
  }

  /** What Jira's 429 asks: pause what it names (the endpoint, the issue, or everything), and how long. */
  private rateLimited(response: Response, lane: Lane, endpoint: string, issue: string | undefined, attempt: number): Pause & { retryAfterSeconds?: number } {
    const now = this.clock.now();
    const reason = headerOf(response, REASON_HEADERS);
    const kind = rateLimitKindOf(reason);
    const retryAfterSeconds = retryAfterOf(response, now);
    // Without a Retry-After, a spent quota's end is unknown: nothing more is sent in this invocation.
    const waitMs =
      retryAfterSeconds !== undefined
        ? // A spent quota's end is Jira's to say (and is said to the person): no jitter on it.
          retryAfterSeconds * 1000 * (kind === 'quota' ? 1 : 1 + RETRY_AFTER_JITTER * this.clock.random())
        : kind === 'quota'
          ? Number.POSITIVE_INFINITY
          : this.backoffMs(attempt);
    const pause: Pause = { until: now + waitMs, kind, reason };
    const later = (current: Pause | undefined) => (current && current.until > pause.until ? current : pause);
    if (kind === 'quota') this.quotaPause = later(this.quotaPause);
    else if (kind === 'per-issue' && issue !== undefined) this.issuePauses.set(issue, later(this.issuePauses.get(issue)));
    else {
      lane.pause = later(lane.pause);
      // Jira's burst limit counts this endpoint's calls: send fewer of them at once from now on.
      if (kind !== 'per-issue') lane.limit = Math.max(1, Math.floor(lane.limit / 2));
    }
    console.warn(`Outcomes: Jira rate-limited ${endpoint} (${reason ?? 'no reason given'}, Retry-After ${retryAfterSeconds ?? 'not given'}).`);
    return { ...pause, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) };
  }

  // Each endpoint below calls `this.product.requestJira(route`…`)` itself, so the route and method
  // stand in the source where Forge's permission linter can check them against the manifest's scopes.
  // `endpoint` names the method and route (Jira's burst limit counts each apart); `issue`, for a write,
  // the issue written (Jira's per-issue write limit).
  private async send(endpoint: string, request: () => Promise<Response>, issue?: string): Promise<Response> {
    const lane = this.lane(endpoint);
    for (let attempt = 0; ; attempt += 1) {
      await this.enter(lane, issue);
      let response: Response;
      try {
        const left = this.deadline - this.clock.now();
        if (left <= 0) throw new JiraError('Jira is answering too slowly just now; try again in a moment.', 0);
        this.requests += 1;
        response = await within(request(), Math.min(this.retry.timeoutMs, left));
      } catch (error) {
        // Forge refusing to act as the user (none, or one it may not impersonate) will not pass with a retry.
        if (error instanceof JiraError || error instanceof NeedsAuthenticationError || error instanceof NotAllowedError) throw error;
        const why = error instanceof Timeout ? 'Jira did not answer in time' : `Jira could not be reached: ${(error as Error).message}`;
        const wait = this.backoffMs(attempt);
        if (attempt + 1 >= this.retry.attempts || this.clock.now() + wait >= this.deadline) throw new JiraError(`${why}.`, 0);
        await this.clock.sleep(wait);
        continue;
      } finally {
        this.leave(lane);
      }
      if (response.ok) {
        // Less than a fifth of a budget is left (X-RateLimit-NearLimit): send fewer at once before Jira refuses.
        if (headerOf(response, NEAR_LIMIT_HEADERS)?.toLowerCase() === 'true' && !lane.nearLimit) {
          lane.nearLimit = true;
          lane.limit = Math.max(1, Math.floor(lane.limit / 2));
        }
        return response;
      }
      if (response.status === 429) {
        const pause = this.rateLimited(response, lane, endpoint, issue, attempt);
        const fits = attempt + 1 < this.retry.attempts && pause.until - this.clock.now() <= this.retry.maxDelayMs && pause.until < this.deadline;
        if (!fits) throw new JiraRateLimitError(pause.kind, pause.reason, pause.retryAfterSeconds);
        continue; // `enter` waits the pause out
      }
      const retryAfter = retryAfterOf(response, this.clock.now());
      const wait = retryAfter !== undefined ? retryAfter * 1000 * (1 + RETRY_AFTER_JITTER * this.clock.random()) : this.backoffMs(attempt);
      if (!isRetryable(response.status) || attempt + 1 >= this.retry.attempts || wait > this.retry.maxDelayMs || this.clock.now() + wait >= this.deadline) {
        throw new JiraError(await errorMessageOf(response), response.status, retryAfter);
      }
      await this.clock.sleep(wait);
    }
  }

  private async json<T>(endpoint: string, schema: z.ZodType<T>, request: () => Promise<Response>): Promise<T> {
    const response = await this.send(endpoint, request);
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new JiraError('Jira sent an answer that is not JSON.', response.status);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new JiraError('Jira sent an answer of an unexpected shape.', response.status);
    return parsed.data;
  }

  /** The calling user's permissions, on a project or on one issue. */
  async myPermissions(
    scope: { projectKey: string } | { issueKey: string },
    permissions: readonly Permission[] = PERMISSIONS,
  ): Promise<Record<Permission, boolean>> {
    const list = permissions.join(',');
    // Jira answers 404 for a project or issue the user may not see: that is "no permission".
    const body = await orNullIfHidden(
      this.json('GET /rest/api/3/mypermissions', permissionsSchema, () =>
        'projectKey' in scope
          ? this.product.requestJira(route`/rest/api/3/mypermissions?projectKey=${scope.projectKey}&permissions=${list}`)
          : this.product.requestJira(route`/rest/api/3/mypermissions?issueKey=${scope.issueKey}&permissions=${list}`),
      ),
    );
    return Object.fromEntries(
      PERMISSIONS.map((permission) => [permission, body?.permissions[permission]?.havePermission === true]),
    ) as Record<Permission, boolean>;
  }

  /**
   * Whether the caller holds an app's global permission (`jira:globalPermission`), asked with no
   * project or issue: Jira answers global permissions for the site. Forge documents the key as
   * ari:cloud:ecosystem::extension/{appId}/{envId}/static/{key}; how /mypermissions names it in its
   * answer is not documented, so the answer is read under the full key or the module's own key.
   * Jira refuses a caller it does not know (anonymous, deactivated) with 401: a JiraError.
   */
  async holdsGlobalPermission(fullKey: string, moduleKey: string): Promise<boolean> {
    const body = await this.json('GET /rest/api/3/mypermissions', permissionsSchema, () => this.product.requestJira(route`/rest/api/3/mypermissions?permissions=${fullKey}`));
    return (body.permissions[fullKey] ?? body.permissions[moduleKey])?.havePermission === true;
  }

  /**
   * The caller's Jira permissions on the project together with app permissions, asked by their full
   * keys in the same call. Whether Jira's /mypermissions answers an app's permission key is not
   * documented: `app` is null when Jira refused the keys (400), and the caller then knows only Jira's own.
   */
  async myProjectPermissions(projectKey: string, appKeys: readonly string[]): Promise<{ jira: Record<Permission, boolean>; app: Record<string, boolean> | null }> {
    const ask = (keys: readonly string[]) =>
      orNullIfHidden(this.json('GET /rest/api/3/mypermissions', permissionsSchema, () => this.product.requestJira(route`/rest/api/3/mypermissions?projectKey=${projectKey}&permissions=${keys.join(',')}`)));
    let body: z.infer<typeof permissionsSchema> | null;
    let app: Record<string, boolean> | null = null;
    try {
      body = await ask([...PERMISSIONS, ...appKeys]);
      app = Object.fromEntries(appKeys.map((key) => [key, body?.permissions[key]?.havePermission === true]));
    } catch (error) {
      if (!(error instanceof JiraError && error.status === 400) || appKeys.length === 0) throw error;
      console.warn('Outcomes: Jira did not answer the app permissions on /mypermissions; using the project roles only.');
      body = await ask(PERMISSIONS);
    }
    const jira = Object.fromEntries(PERMISSIONS.map((permission) => [permission, body?.permissions[permission]?.havePermission === true])) as Record<Permission, boolean>;
    return { jira, app };
  }

  /**
   * The grants of the project's permission scheme (Jira asks for Administer projects or Administer
   * Jira to read it: call it as the app). Any `expand` makes Jira include the grants.
   */
  async projectPermissionGrants(projectKey: string): Promise<PermissionSchemeGrant[]> {
    const scheme = await this.json('GET /rest/api/3/project/{key}/permissionscheme', schemeSchema, () =>
      this.product.requestJira(route`/rest/api/3/project/${projectKey}/permissionscheme?expand=permissions`),
    );
    return scheme.permissions ?? [];
  }

  /** Active people whose name or email matches, as Jira's user search answers this user (at most `maxResults`). */
  async searchUsers(query: string, maxResults: number): Promise<Array<{ accountId: string; displayName: string }>> {
    const users = await this.json('GET /rest/api/3/user/search', userListSchema, () =>
      this.product.requestJira(route`/rest/api/3/user/search?query=${query}&maxResults=${String(maxResults)}`),
    );
    return users
      .filter((user) => user.active !== false && (user.accountType === undefined || user.accountType === 'atlassian') && user.displayName)
      .slice(0, maxResults)
      .map((user) => ({ accountId: user.accountId, displayName: user.displayName ?? '' }));
  }

  getProject(projectKey: string): Promise<JiraProject> {
    return this.json('GET /rest/api/3/project/{key}', projectSchema, () => this.product.requestJira(route`/rest/api/3/project/${projectKey}`));
  }

  /** The first page (at most `maxResults`) of the projects the caller may browse, by key, matching `query` (key or name). */
  async browsableProjects(query: string | undefined, maxResults: number): Promise<Array<{ key: string; name: string }>> {
    const params = new URLSearchParams({ maxResults: String(maxResults), orderBy: 'key', action: 'view' });
    if (query) params.set('query', query);
    const page = await this.json('GET /rest/api/3/project/search', projectSearchSchema, () => this.product.requestJira(route`/rest/api/3/project/search?${params}`));
    return page.values.slice(0, maxResults).map(({ key, name }) => ({ key, name }));
  }

  /**
   * The projects named, by key, as the caller sees them (id and name; one it may not see is left out):
   * Jira's project search takes 50 keys a call, so one call per 50. Asked as the app, every project.
   */
  async projectsByKeys(keys: readonly string[]): Promise<Array<{ id: string; key: string; name: string }>> {
    const unique = [...new Set(keys)];
    const chunks: string[][] = [];
    for (let at = 0; at < unique.length; at += PROJECT_KEYS_PER_SEARCH) chunks.push(unique.slice(at, at + PROJECT_KEYS_PER_SEARCH));
    const pages = await mapConcurrently(chunks, SEARCH_CONCURRENCY, async (chunk) => {
      const params = new URLSearchParams({ maxResults: String(PROJECT_KEYS_PER_SEARCH) });
      for (const key of chunk) params.append('keys', key);
      const page = await this.json('GET /rest/api/3/project/search', projectPageSchema, () => this.product.requestJira(route`/rest/api/3/project/search?${params}`));
      return page.values;
    });
    return pages.flat().map(({ id, key, name }) => ({ id, key, name }));
  }

  /**
   * Of the projects given (by id), those in which the caller holds the permission, asked in bulk
   * (POST /rest/api/3/permissions/check, without an accountId: the caller's own): one call per 1,000
   * projects, Jira's documented maximum. Ids Jira does not know are left out, as Jira ignores them.
   */
  async projectsPermitted(projectIds: readonly string[], permission: Permission = 'BROWSE_PROJECTS'): Promise<Set<string>> {
    const unique = [...new Set(projectIds)].map(Number).filter((id) => Number.isSafeInteger(id) && id > 0);
    const chunks: number[][] = [];
    for (let at = 0; at < unique.length; at += PROJECTS_PER_PERMISSION_CHECK) chunks.push(unique.slice(at, at + PROJECTS_PER_PERMISSION_CHECK));
    const answers = await mapConcurrently(chunks, SEARCH_CONCURRENCY, (chunk) =>
      this.json('POST /rest/api/3/permissions/check', bulkGrantsSchema, () =>
        this.product.requestJira(route`/rest/api/3/permissions/check`, {
          method: 'POST',
          headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
          body: JSON.stringify({ projectPermissions: [{ permissions: [permission], projects: chunk }] }),
        }),
      ),
    );
    return new Set(answers.flatMap((answer) => answer.projectPermissions.filter((grant) => grant.permission === permission).flatMap((grant) => grant.projects.map(String))));
  }

  getIssue(issueKey: string, fields: readonly string[]): Promise<JiraIssue> {
    return this.json('GET /rest/api/3/issue/{key}', issueSchema, () =>
      this.product.requestJira(route`/rest/api/3/issue/${issueKey}?fields=${fields.join(',')}`),
    );
  }

  /** Display names of the given accounts (those Jira will show this user), one call per hundred. */
  async displayNames(accountIds: readonly string[]): Promise<Record<string, string>> {
    const unique = [...new Set(accountIds)];
    const names: Record<string, string> = {};
    for (let start = 0; start < unique.length; start += USERS_PER_CALL) {
      const query = new URLSearchParams({ maxResults: String(USERS_PER_CALL) });
      for (const accountId of unique.slice(start, start + USERS_PER_CALL)) query.append('accountId', accountId);
      const page = await this.json('GET /rest/api/3/user/bulk', usersPageSchema, () => this.product.requestJira(route`/rest/api/3/user/bulk?${query}`));
      for (const user of page.values) if (user.displayName) names[user.accountId] = user.displayName;
    }
    return names;
  }

  /** Sets an issue entity property (Jira indexes it for JQL as the manifest declares). */
  async setIssueProperty(issueKey: string, propertyKey: string, value: unknown): Promise<void> {
    await this.send(
      'PUT /rest/api/3/issue/{key}/properties/{property}',
      () =>
        this.product.requestJira(route`/rest/api/3/issue/${issueKey}/properties/${propertyKey}`, {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(value),
        }),
      issueKey,
    );
  }

  /**
   * Sets the values of fields this app declares (`jira:customField`) on issues: one request for several
   * values, each on its issues. Only the app that declares a field may (Jira answers 403 to anyone
   * else), so this goes through an `asApp` client. No changelog entry: the field mirrors the links,
   * whose history Outcomes keeps.
   */
  async setAppFieldValues(updates: ReadonlyArray<{ customField: string; issueIds: readonly string[]; value: unknown }>): Promise<void> {
    const body = { updates: updates.map(({ customField, issueIds, value }) => ({ customField, issueIds: issueIds.map(Number), value })) };
    await this.send('POST /rest/api/3/app/field/value', () =>
      this.product.requestJira(route`/rest/api/3/app/field/value?generateChangelog=false`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
  }

  /** The project a board is located in (its `location`), or null for a board located elsewhere (a user's). */
  async boardProjectKey(boardId: number): Promise<string | null> {
    const board = await this.json('GET /rest/agile/1.0/board/{boardId}', boardLocationSchema, () => this.product.requestJira(route`/rest/agile/1.0/board/${boardId}`));
    return board.location?.projectKey ?? null;
  }

  /** Scrum boards located in the project, every page. */
  async scrumBoardsOfProject(projectKey: string): Promise<JiraBoard[]> {
    const boards: JiraBoard[] = [];
    const pager = new Pager<number>(`The boards of ${projectKey}`, this.incomplete);
    for (let startAt: number | undefined = 0; startAt !== undefined; ) {
      const at: number = startAt;
      const page = await this.json('GET /rest/agile/1.0/board', agilePage(boardSchema), () =>
        this.product.requestJira(route`/rest/agile/1.0/board?projectKeyOrId=${projectKey}&type=scrum&startAt=${at}&maxResults=50`),
      );
      const fresh = page.values.filter((board) => !boards.some((known) => known.id === board.id));
      boards.push(...fresh);
      const next = page.isLast !== false || page.values.length === 0 ? undefined : at + page.values.length;
      startAt = pager.shouldFollow(next, fresh.length) ? next : undefined;
    }
    return boards;
  }

  /** Every sprint of a board (or those in the states named), in Jira's order (by sequence: closed, active, future). */
  async sprintsOfBoard(boardId: number, states?: ReadonlyArray<JiraSprint['state']>): Promise<JiraSprint[]> {
    const state = states ? states.join(',') : '';
    const sprints: JiraSprint[] = [];
    const known = new Set<number>();
    const pager = new Pager<number>(`The sprints of board ${boardId}`, this.incomplete);
    for (let startAt: number | undefined = 0; startAt !== undefined; ) {
      const at: number = startAt;
      const page = await this.json('GET /rest/agile/1.0/board/{id}/sprint', agilePage(sprintSchema), () =>
        state
          ? this.product.requestJira(route`/rest/agile/1.0/board/${boardId}/sprint?state=${state}&startAt=${at}&maxResults=${SPRINTS_PER_PAGE}`)
          : this.product.requestJira(route`/rest/agile/1.0/board/${boardId}/sprint?startAt=${at}&maxResults=${SPRINTS_PER_PAGE}`),
      );
      const fresh = page.values.filter((sprint) => !known.has(sprint.id));
      for (const sprint of fresh) known.add(sprint.id);
      sprints.push(...fresh);
      const next = page.isLast !== false || page.values.length === 0 ? undefined : at + page.values.length;
      startAt = pager.shouldFollow(next, fresh.length) ? next : undefined;
    }
    return sprints;
  }

  /** Every field of the site this user may see, with its type: where Jira Software's fields are found. */
  fieldList(): Promise<JiraField[]> {
    return this.json('GET /rest/api/3/field', fieldListSchema, () => this.product.requestJira(route`/rest/api/3/field`));
  }

  /** The field a board estimates with, or null when it counts issues (or estimates by time). */
  async boardEstimationField(boardId: number): Promise<string | null> {
    const configuration = await this.json('GET /rest/agile/1.0/board/{id}/configuration', boardConfigurationSchema, () => this.product.requestJira(route`/rest/agile/1.0/board/${boardId}/configuration`));
    return configuration.estimation?.type === 'field' ? (configuration.estimation.field?.fieldId ?? null) : null;
  }

  /**
   * Every status change of the given issues, oldest first, however long their history: `expand=changelog`
   * brings only the most recent histories. Up to a thousand issues a request, pages followed.
   */
  async statusHistories(issueIds: readonly string[]): Promise<Map<string, JiraHistory[]>> {
    const histories = new Map<string, JiraHistory[]>();
    const ids = [...new Set(issueIds)];
    const chunks: string[][] = [];
    for (let start = 0; start < ids.length; start += CHANGELOG_ISSUES_PER_CALL) chunks.push(ids.slice(start, start + CHANGELOG_ISSUES_PER_CALL));
    await mapConcurrently(chunks, SEARCH_CONCURRENCY, async (chunk) => {
      const pager = new Pager<string>('The history of the linked issues', this.incomplete);
      let nextPageToken: string | undefined;
      do {
        const body = JSON.stringify({ issueIdsOrKeys: chunk, fieldIds: ['status'], maxResults: CHANGELOG_HISTORIES_PER_PAGE, ...(nextPageToken ? { nextPageToken } : {}) });
        const page = await this.json('POST /rest/api/3/changelog/bulkfetch', bulkChangelogPageSchema, () =>
          this.product.requestJira(route`/rest/api/3/changelog/bulkfetch`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
            body,
          }),
        );
        for (const log of page.issueChangeLogs) histories.set(log.issueId, [...(histories.get(log.issueId) ?? []), ...log.changeHistories]);
        const fresh = page.issueChangeLogs.reduce((sum, log) => sum + log.changeHistories.length, 0);
        const next = page.nextPageToken ?? undefined;
        nextPageToken = pager.shouldFollow(next, fresh) ? next : undefined;
      } while (nextPageToken);
    });
    return histories;
  }

  /** Each status of the site and its category (`new`, `indeterminate`, `done`). */
  async statusCategories(): Promise<Map<string, z.infer<typeof statusCategoryKey>>> {
    const statuses = await this.json('GET /rest/api/3/status', statusListSchema, () => this.product.requestJira(route`/rest/api/3/status`));
    return new Map(statuses.map((status) => [status.id, status.statusCategory.key]));
  }

  getSprint(sprintId: number): Promise<JiraSprint> {
    return this.json('GET /rest/agile/1.0/sprint/{id}', sprintSchema, () => this.product.requestJira(route`/rest/agile/1.0/sprint/${sprintId}`));
  }

  /** Every issue the JQL finds, with only the fields asked for, following `nextPageToken`. */
  async searchIssues(jql: string, fields: readonly string[]): Promise<JiraIssue[]> {
    const issues: JiraIssue[] = [];
    const known = new Set<string>();
    const pager = new Pager<string>('A search of issues', this.incomplete);
    let nextPageToken: string | undefined;
    do {
      const body = JSON.stringify({
        jql,
        fields,
        maxResults: 100,
        ...(nextPageToken ? { nextPageToken } : {}),
      });
      const page = await this.json('POST /rest/api/3/search/jql', searchPageSchema, () =>
        this.product.requestJira(route`/rest/api/3/search/jql`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body,
        }),
      );
      const fresh = page.issues.filter((issue) => !known.has(issue.id));
      for (const issue of fresh) known.add(issue.id);
      issues.push(...fresh);
      const next = page.isLast === true ? undefined : (page.nextPageToken ?? undefined);
      nextPageToken = pager.shouldFollow(next, fresh.length) ? next : undefined;
    } while (nextPageToken);
    return issues;
  }

  /** How many issues the JQL finds that this caller may browse (Jira's estimate: recent changes may not show yet). */
  async approximateCount(jql: string): Promise<number> {
    const body = JSON.stringify({ jql });
    const answer = await this.json('POST /rest/api/3/search/approximate-count', z.object({ count: z.number().int().nonnegative() }), () =>
      this.product.requestJira(route`/rest/api/3/search/approximate-count`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body,
      }),
    );
    return answer.count;
  }

  /** One page of what the JQL finds (at most a hundred issues), and the token of the next page, if any: for work done a page at a time. */
  searchIssuesPage(jql: string, fields: readonly string[], nextPageToken?: string): Promise<{ issues: JiraIssue[]; nextPageToken?: string }> {
    return this.searchPage(jql, fields, ISSUES_PER_SEARCH, nextPageToken);
  }

  /**
   * The ids of every issue the JQL finds, in its order. Asking for ids only, Jira answers up to 5,000
   * a page, so a large backlog costs one or a few calls instead of one per hundred issues.
   */
  async searchIssueIds(jql: string): Promise<string[]> {
    const ids: string[] = [];
    const known = new Set<string>();
    const pager = new Pager<string>('A search of issues', this.incomplete);
    let nextPageToken: string | undefined;
    do {
      const body = JSON.stringify({ jql, fields: ['id'], maxResults: IDS_PER_SEARCH, ...(nextPageToken ? { nextPageToken } : {}) });
      const page = await this.json('POST /rest/api/3/search/jql', idsPageSchema, () =>
        this.product.requestJira(route`/rest/api/3/search/jql`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body,
        }),
      );
      const fresh = page.issues.map((issue) => issue.id).filter((id) => !known.has(id));
      for (const id of fresh) known.add(id);
      ids.push(...fresh);
      const next = page.isLast === true ? undefined : (page.nextPageToken ?? undefined);
      nextPageToken = pager.shouldFollow(next, fresh.length) ? next : undefined;
    } while (nextPageToken);
    return ids;
  }

  /** One page of the issues the JQL finds, in its order, with the fields asked for; `nextPageToken` is Jira's for the next page, absent on the last. */
  async searchPage(jql: string, fields: readonly string[], maxResults: number, pageToken?: string): Promise<{ issues: JiraIssue[]; nextPageToken?: string }> {
    const page = await this.searchPageOf(searchPageSchema, jql, fields, maxResults, pageToken);
    return { issues: page.issues, ...this.nextOf(page, pageToken) };
  }

  /** One page of the ids of the issues the JQL finds, in its order. */
  async searchIdsPage(jql: string, maxResults: number, pageToken?: string): Promise<{ ids: string[]; nextPageToken?: string }> {
    const page = await this.searchPageOf(idsPageSchema, jql, ['id'], maxResults, pageToken);
    return { ids: page.issues.map((issue) => issue.id), ...this.nextOf(page, pageToken) };
  }

  private searchPageOf<T>(schema: z.ZodType<T>, jql: string, fields: readonly string[], maxResults: number, pageToken?: string): Promise<T> {
    const body = JSON.stringify({ jql, fields, maxResults, ...(pageToken ? { nextPageToken: pageToken } : {}) });
    return this.json('POST /rest/api/3/search/jql', schema, () =>
      this.product.requestJira(route`/rest/api/3/search/jql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body,
      }),
    );
  }

  /** The next page's token, unless this page is the last (or Jira gave back the same token). */
  private nextOf(page: { issues: unknown[]; nextPageToken?: string | null; isLast?: boolean }, pageToken: string | undefined): { nextPageToken?: string } {
    const next = page.isLast === true || page.issues.length === 0 ? undefined : (page.nextPageToken ?? undefined);
    return next && next !== pageToken ? { nextPageToken: next } : {};
  }

  /**
   * The issues with the given ids that this user may see, with the fields asked for: one search per
   * hundred ids, several at once. Jira refuses a whole `id in (…)` search when one of its ids is
   * deleted or hidden from the user; such a search is split in halves until the ids it cannot give
   * are found and left out (a few more calls, only when there are such ids).
   */
  async issuesByIds(ids: readonly string[], fields: readonly string[]): Promise<JiraIssue[]> {
    const numeric = [...new Set(ids)].filter((id) => /^\d+$/.test(id));
    const chunks: string[][] = [];
    for (let start = 0; start < numeric.length; start += ISSUES_PER_SEARCH) chunks.push(numeric.slice(start, start + ISSUES_PER_SEARCH));
    const search = async (chunk: string[]): Promise<JiraIssue[]> => {
      try {
        return await this.searchIssues(`id in (${chunk.join(', ')})`, fields);
      } catch (error) {
        if (!(error instanceof JiraError) || error.status !== 400) throw error;
        if (chunk.length === 1) return [];
        const half = Math.ceil(chunk.length / 2);
        return [...(await search(chunk.slice(0, half))), ...(await search(chunk.slice(half)))];
      }
    };
    const pages = await mapConcurrently(chunks, SEARCH_CONCURRENCY, search);
    return pages.flat();
  }
}

/**
 * The most pages one answer is followed for: 200 pages are 20,000 issues with fields, a million ids,
 * 10,000 sprints; a Jira that keeps answering "not the last page" past that is not followed further.
 */
export const MAX_PAGES = 200;
/** A board's sprints per page: Jira's largest. */
export const SPRINTS_PER_PAGE = 50;
/** Issues per search when asking for only their ids: Jira's largest page. */
export const IDS_PER_SEARCH = 5000;
/** Issues per search with fields: Jira's page size. */
export const ISSUES_PER_SEARCH = 100;
/** Issues per bulk changelog request, and histories per page of it: Jira's largest. */
export const CHANGELOG_ISSUES_PER_CALL = 1000;
export const CHANGELOG_HISTORIES_PER_PAGE = 10000;
/** Searches by id run at once: enough to overlap Jira's latency, few enough to stay clear of its rate limits. */
export const SEARCH_CONCURRENCY = 16;

/** Runs `work` on each item, at most `limit` at a time, answering in the items' order. */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  // One queue shared by the workers: each takes the next item when it is free.
  const queue = items.entries();
  const worker = async () => {
    for (const [index, item] of queue) results[index] = await work(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The answer, or null when Jira says there is no such thing for this user (404: Jira does not tell the two apart). */
export async function orNullIfHidden<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof JiraError && error.status === 404) return null;
    throw error;
  }
}

/** Jira as the user who invoked the resolver: Jira's own permissions apply to every read. */
export const jiraAsUser = (retry?: RetryPolicy) => new JiraClient(api.asUser(), retry);

/** Jira as the app: only for triggers, and only after an explicit permission check. */
export const jiraAsApp = (retry?: RetryPolicy) => new JiraClient(api.asApp(), retry);

/** Quotes a value for JQL (project keys are safe, but this keeps every interpolation honest). */
export const jqlString = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
