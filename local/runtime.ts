// The local Forge runtime: installs the two globals through which the real @forge SDKs reach the
// platform (`__forge_runtime__`, `__forge_fetch__`) and invokes the app's handlers as Forge does.
// Each invocation runs in its own AsyncLocalStorage scope, so concurrent invocations for different
// users never see each other's account (on Forge every invocation is isolated).
// Events are delivered as Forge delivers Atlassian app events: a trigger that returns an
// InvocationError gets the event again (with `retryContext`), at most four times; one that throws is
// logged and not delivered again. Forge waits `retryAfter` seconds first; here time is compressed and
// the event comes back at once, the wait asked for being kept in `deliveries`.
// Async events (@forge/events `Queue`) are served as Forge serves them: `push` POSTs to the platform's
// queue endpoint, which answers 201 at once; each event then reaches the consumer function the
// manifest names for the queue, later and on its own (no user, 900 s to run), and again, with
// `retryContext`, when the consumer returns an InvocationError, as app events are.
// The platform's documented async events limits (developer.atlassian.com/platform/forge/limits-async-events)
// are enforced at the push as Forge answers them, so @forge/events throws what it would throw on Forge:
// at most 50 events a push and 200 KB of them together (the SDK checks both first; the platform again);
// 100 KB an event for a consumer whose function runs longer than 55 s (`timeoutSeconds`), answered 413
// (PayloadTooBigError); 1,000 push requests across every invocation descending from one initial
// invocation (a chain of consumers pushing on), the next answered 405 (InvocationLimitReachedError);
// `retryData` of at most 4 KB: a retry asking with more is not made (ECO-759: such an event is not
// retried; Forge does not document more, so the consumer is told nothing either way). Not enforced here:
// 500 events a minute (time is compressed: the bench reports how many events a job pushed and when).
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { AppInstall, EmulatedResponse, JiraBackend, KvsBackend } from './platform';
import { answerWebTriggerUrl, WEB_TRIGGER_MAX_REQUEST_BYTES, WEB_TRIGGER_PATH, webTriggerEvent, webTriggerId, webTriggerResponse, webTriggersOfManifest, type WebTriggerHttpRequest } from './webtriggers';

export type Surface =
  | 'jira:projectPage'
  | 'jira:issuePanel'
  | 'jira:dashboardGadget'
  | 'jira:sprintAction'
  | 'jira:projectSettingsPage'
  | 'jira:globalPage';

export const LOCAL_CLOUD_ID = '00000000-0000-4000-8000-00000000c10d';
export const LOCAL_APP_ID = 'ari:cloud:ecosystem::app/00000000-0000-4000-8000-0000000a990e';
/** The app's id alone, as Forge's runtime gives it (`getAppContext().appAri` adds the `ari:cloud:ecosystem::app/` prefix). */
export const LOCAL_APP_UUID = LOCAL_APP_ID.split('/').pop() ?? LOCAL_APP_ID;
/** The local environment's id: what `getAppContext().environmentAri.environmentId` answers. */
export const LOCAL_ENVIRONMENT_ID = 'local';
const INSTALL_CONTEXT = `ari:cloud:jira::site/${LOCAL_CLOUD_ID}`;
/** Forge stops a resolver after 25 s; the runtime reports the time left as Forge does. */
const INVOCATION_LIMIT_MS = 25_000;
/** Redeliveries of one app event a trigger may ask for (Forge's "Retry Atlassian app events"). */
export const MAX_EVENT_RETRIES = 4;
/** Forge's bounds on `retryAfter`, in seconds: the SDK raises ≤ 0 to 1, the platform lowers > 900 to 900. */
const RETRY_AFTER_BOUNDS = [1, 900] as const;
/** How long Forge lets an async event's consumer run (its function's `timeoutSeconds`, at most 900). */
const ASYNC_INVOCATION_LIMIT_MS = 900_000;
/** Forge's async events limits (limits-async-events). */
export const ASYNC_EVENT_LIMITS = {
  eventsPerPush: 50,
  /** The events of one push together, as JSON. */
  pushBytes: 200 * 1024,
  /** One event, for a consumer whose function's timeout is over 55 s. */
  longRunningEventBytes: 100 * 1024,
  longRunningAfterSeconds: 55,
  /** Push requests across all handlers descending from one initial invocation. */
  pushesPerChain: 1000,
  retryDataBytes: 4 * 1024,
} as const;
/** The path @forge/events' `Queue.push` POSTs to (placeholders filled in by Forge's proxy). */
const QUEUE_PUSH_PATH = /^\/webhook\/queue\/publish\//;

interface Invocation {
  accountId: string | null;
  moduleKey: string;
  invocationId: string;
  startedAt: number;
  /** How long this invocation may run. */
  limitMs: number;
  /** The initial invocation this one descends from through async events (itself when none): its pushes count together. */
  chain: Chain;
  /** Calls this invocation made to each platform service. */
  calls: { jira: number; kvs: number; pushes: number };
}

/** What Forge counts across an initial invocation and every async event descending from it. */
interface Chain {
  pushes: number;
}

type ForgeHandler = (event: unknown, context: unknown) => Promise<unknown>;

/** One delivery of an event to a trigger, and how it ended. */
export interface EventDelivery {
  moduleKey: string;
  /** 0 for the first delivery, then the `retryContext.retryCount` it carried. */
  retryCount: number;
  /**
   * `done`: the trigger returned; `retry`: it returned an InvocationError and the event comes again;
   * `dropped`: it asked again with no redelivery left; `threw`: it threw, and the event is not delivered again.
   */
  outcome: 'done' | 'retry' | 'dropped' | 'threw';
  /** For `retry`: the wait Forge would keep, in seconds, within its bounds. */
  retryAfter?: number;
  retryReason?: string;
  error?: string;
  /** For an async event: the event's size as pushed (its JSON), the calls its consumer made, and how long it ran. */
  payloadBytes?: number;
  calls?: { jira: number; kvs: number; pushes: number };
  ms?: number;
}

export interface LocalForge {
  /** Runs the resolver exactly as Forge would for a Custom UI `invoke`, as the given user. */
  invoke(args: {
    accountId: string;
    moduleKey: string;
    extension: Record<string, unknown>;
    functionKey: string;
    payload: unknown;
  }): Promise<unknown>;
  /**
   * Delivers a product event to a trigger handler as Forge does (no user: the trigger acts as the
   * app), again while it asks for redelivery; answers what the last delivery returned. A thrown error
   * is logged and rethrown to the caller, and the event is not delivered again.
   */
  deliverEvent(args: { moduleKey: string; handler: ForgeHandler; event: Record<string, unknown> }): Promise<unknown>;
  /** Every event delivery so far, redeliveries included, oldest first (async events' too, under their consumer's key). */
  readonly deliveries: EventDelivery[];
  /** Resolves once every async event pushed so far, and every one those pushed, has been delivered for the last time. */
  queuesSettled(): Promise<void>;
  /** Makes the next `count` pushes to any queue fail as a platform outage would (503), for fault tests. */
  refuseQueuePushes(count: number): void;
  /**
   * Whether `asUser(accountId)` for someone other than the invoker is served (offline user impersonation,
   * the default) or refused as Forge refuses a user call it cannot make (NEEDS_AUTHENTICATION_ERR): for
   * tests of a site where the app may not act as that person.
   */
  allowImpersonation(allowed: boolean): void;
  /**
   * Serves an HTTP request to a web trigger URL (`/x1/<id>…`) as Forge does: invokes the manifest's
   * function with the request as JSON, as the app with no user, and answers its response (404 for a
   * URL no module has).
   */
  invokeWebTrigger(request: WebTriggerHttpRequest): Promise<{ status: number; headers: Record<string, string>; body: string }>;
  /** The origin web trigger URLs are given on (the preview's; `http://127.0.0.1:8080` until set). */
  webTriggerOrigin: string;
  /** Calls made to each platform service since the last reset, for tests and the benchmark. */
  readonly calls: { jira: number; kvs: number };
  resetCalls(): void;
  uninstall(): void;
}

const invocations = new AsyncLocalStorage<Invocation>();

const noopMetric = { incr() {}, decr() {}, set() {}, measure: () => ({ stop() {} }), stop() {} };
const metrics = { counter: () => noopMetric, timing: () => noopMetric, gauge: () => noopMetric };

function runtimeFor(invocation: Invocation | undefined): Record<string, unknown> {
  return {
    aaid: invocation?.accountId ?? undefined,
    metrics,
    tracing: { traceId: invocation?.invocationId ?? 'local', spanId: 'local' },
    proxy: { token: 'local', url: 'http://local' },
    contextAri: INSTALL_CONTEXT,
    appContext: {
      appId: LOCAL_APP_UUID,
      appVersion: '0.0.0-local',
      environmentId: LOCAL_ENVIRONMENT_ID,
      environmentType: 'DEVELOPMENT',
      invocationId: invocation?.invocationId ?? 'local',
      installationId: LOCAL_CLOUD_ID,
      moduleKey: invocation?.moduleKey ?? 'local',
      permissions: { scopes: [], external: {} },
    },
    lambdaContext: {
      getRemainingTimeInMillis: () =>
        invocation ? Math.max(0, invocation.limitMs - (Date.now() - invocation.startedAt)) : INVOCATION_LIMIT_MS,
    },
  };
}

/**
 * A trigger's request to have the event again: what `new InvocationError(options)` of @forge/events
 * returns (its constructor answers the plain `{ _retry: true, retryOptions }` Forge reads), or null.
 */
function retryRequestOf(answer: unknown): { retryAfter: number; retryReason: string; retryData?: unknown } | null {
  if (answer === null || typeof answer !== 'object' || (answer as { _retry?: unknown })._retry !== true) return null;
  const options = ((answer as { retryOptions?: Record<string, unknown> }).retryOptions ?? {}) as Record<string, unknown>;
  return {
    retryAfter: typeof options.retryAfter === 'number' && Number.isFinite(options.retryAfter) ? options.retryAfter : RETRY_AFTER_BOUNDS[0],
    retryReason: typeof options.retryReason === 'string' ? options.retryReason : 'FUNCTION_RETRY_REQUEST',
    ...(options.retryData !== undefined ? { retryData: options.retryData } : {}),
  };
}

function toResponse(answer: EmulatedResponse): Response {
  const headers = new Headers(answer.headers);
  // Statuses without a body (204, 304) must not be given one, or Response throws.
  const bodyless = answer.status === 204 || answer.status === 304 || answer.body === undefined;
  if (!bodyless && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const body = bodyless ? null : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  return new Response(body, { status: answer.status, headers });
}

async function readBody(init: RequestInit | undefined): Promise<unknown> {
  const raw = init?.body;
  if (raw === undefined || raw === null || raw === '') return undefined;
  const text = typeof raw === 'string' ? raw : await new Response(raw as ConstructorParameters<typeof Response>[0]).text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function headersOf(init: RequestInit | undefined): Record<string, string> {
  return Object.fromEntries(new Headers(init?.headers).entries());
}

/**
 * The project permissions the manifest declares (`jira:projectPermission`), by the full key Jira knows
 * them by once the app is installed: ari:cloud:ecosystem::extension/{appId}/{envId}/static/{key}.
 */
export function manifestProjectPermissions(): Array<{ key: string; name: string; description: string }> {
  return manifestAppPermissions('jira:projectPermission');
}

/** The manifest's global permissions (jira:globalPermission), by the full keys Jira knows them by. */
export function manifestGlobalPermissions(): Array<{ key: string; name: string; description: string }> {
  return manifestAppPermissions('jira:globalPermission');
}

function manifestAppPermissions(module: 'jira:projectPermission' | 'jira:globalPermission'): Array<{ key: string; name: string; description: string }> {
  const manifest = parse(readFileSync(join(__dirname, '..', 'manifest.yml'), 'utf8')) as {
    modules?: Record<string, Array<{ key: string; name: string; description: string }> | undefined>;
  };
  return (manifest.modules?.[module] ?? []).map((permission) => ({
    key: `ari:cloud:ecosystem::extension/${LOCAL_APP_UUID}/${LOCAL_ENVIRONMENT_ID}/static/${permission.key}`,
    name: permission.name,
    description: permission.description,
  }));
}

/**
 * The manifest's fields (jira:customField) as Jira forms them on install: the type is the module's full
 * key, the key `{app-id}__{environment type}__{module key}` (the form Atlassian's examples show).
 */
export function manifestCustomFields(): NonNullable<AppInstall['customFields']> {
  const manifest = parse(readFileSync(join(__dirname, '..', 'manifest.yml'), 'utf8')) as {
    modules?: { 'jira:customField'?: Array<{ key: string; name: string; description: string; type: string; collection?: string; readOnly?: boolean }> };
  };
  return (manifest.modules?.['jira:customField'] ?? []).map((field) => ({
    key: `${LOCAL_APP_UUID}__DEVELOPMENT__${field.key}`,
    type: `ari:cloud:ecosystem::extension/${LOCAL_APP_UUID}/${LOCAL_ENVIRONMENT_ID}/static/${field.key}`,
    name: field.name,
    description: field.description,
    dataType: field.type,
    ...(field.collection ? { collection: field.collection } : {}),
    ...(field.readOnly !== undefined ? { readOnly: field.readOnly } : {}),
  }));
}

/** The manifest's async event consumers: queue key → the consumer module's key and the handler's export in src/index. */
function consumersOfManifest(): Map<string, Consumer> {
  const manifest = parse(readFileSync(join(__dirname, '..', 'manifest.yml'), 'utf8')) as {
    modules?: { consumer?: Array<{ key: string; queue: string; function: string }>; function?: Array<{ key: string; handler: string; timeoutSeconds?: number }> };
  };
  const functions = new Map((manifest.modules?.function ?? []).map((fn) => [fn.key, fn]));
  return new Map(
    (manifest.modules?.consumer ?? []).map((consumer) => {
      const fn = functions.get(consumer.function);
      if (!fn) throw new Error(`manifest.yml: consumer ${consumer.key} names function ${consumer.function}, which the manifest does not declare.`);
      const timeoutSeconds = fn.timeoutSeconds ?? 55; // Forge's default for a consumer's function
      return [consumer.queue, { moduleKey: consumer.key, exportName: fn.handler.split('.').pop() ?? fn.handler, timeoutSeconds }];
    }),
  );
}

interface Consumer {
  moduleKey: string;
  exportName: string;
  /** The function's `timeoutSeconds`: past 55, each event may be at most 100 KB. */
  timeoutSeconds: number;
}

/** Installs the platform globals. Only one local runtime may be installed in a process at a time. */
export function installLocalForge(backends: { kvs: KvsBackend; jira: JiraBackend }): LocalForge {
  const globals = globalThis as Record<string, unknown>;
  if (globals.__forge_fetch__) throw new Error('A Forge runtime is already installed in this process.');
  const calls = { jira: 0, kvs: 0 };
  const deliveries: EventDelivery[] = [];
  const consumers = consumersOfManifest();
  /** Async event deliveries scheduled or running; the timers of those not yet started. */
  let pendingEvents = 0;
  /** Pushes still to refuse (refuseQueuePushes). */
  let refusedPushes = 0;
  let impersonationAllowed = true;
  const timers = new Set<NodeJS.Timeout>();
  let settledWaiters: Array<() => void> = [];
  let installed = true;
  // Installing the app declares its project permissions on the site, as Jira learns them on install.
  backends.jira.installApp?.({ projectPermissions: manifestProjectPermissions(), globalPermissions: manifestGlobalPermissions(), customFields: manifestCustomFields() });

  Object.defineProperty(globals, '__forge_runtime__', {
    configurable: true,
    get: () => runtimeFor(invocations.getStore()),
  });

  globals.__forge_fetch__ = async (target: Record<string, unknown>, path: string, init?: RequestInit) => {
    const invocation = invocations.getStore();
    if (target.type === 'kvs') {
      calls.kvs += 1;
      if (invocation) invocation.calls.kvs += 1;
      return toResponse(await backends.kvs.handle(path, await readBody(init)));
    }
    if (target.type === 'fpp' && (target.remote === undefined || target.remote === 'jira')) {
      calls.jira += 1;
      if (invocation) invocation.calls.jira += 1;
      const asUser = target.provider === 'user';
      // `asUser(accountId)` names the user (offline impersonation, from a trigger too); `asUser()` is the invoker.
      const userId = typeof target.accountId === 'string' && target.accountId !== '' ? target.accountId : (invocation?.accountId ?? null);
      const impersonating = asUser && userId !== (invocation?.accountId ?? null);
      if (asUser && (!userId || (impersonating && !impersonationAllowed))) {
        // Forge answers a user call with no user (a trigger, an anonymous viewer) this way.
        return new Response(null, { status: 401, headers: { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' } });
      }
      return toResponse(
        await backends.jira.handle({
          method: (init?.method ?? 'GET').toUpperCase(),
          path,
          headers: headersOf(init),
          body: await readBody(init),
          accountId: asUser ? userId : null,
        }),
      );
    }
    if (target.type === 'fpp' && target.remote === 'stargate' && target.provider === 'app' && path === '/graphql') {
      return toResponse(answerWebTriggerUrl(await readBody(init), forge.webTriggerOrigin));
    }
    if (target.type === 'fpp' && target.remote === 'stargate' && target.provider === 'app' && QUEUE_PUSH_PATH.test(path)) {
      if (invocation) invocation.calls.pushes += 1;
      return toResponse(pushEvents(await readBody(init), invocation?.chain ?? { pushes: 0 }));
    }
    throw new Error(`The local Forge runtime does not emulate ${JSON.stringify(target)} (${path}).`);
  };

  /** Runs `fn` as one invocation; `chain`: the initial invocation's, for an async event (else this one starts a chain). */
  function run<T>(accountId: string | null, moduleKey: string, fn: () => Promise<T>, limitMs = INVOCATION_LIMIT_MS, chain: Chain = { pushes: 0 }, counted?: Invocation['calls']): Promise<T> {
    return invocations.run({ accountId, moduleKey, invocationId: randomUUID(), startedAt: Date.now(), limitMs, chain, calls: counted ?? { jira: 0, kvs: 0, pushes: 0 } }, fn);
  }

  /** The platform's side of `Queue.push`: accepts the events of a queue the manifest has a consumer for, and schedules them. */
  function pushEvents(request: unknown, chain: Chain): EmulatedResponse {
    const { queueName, jobId, payload } = (request ?? {}) as { queueName?: unknown; jobId?: unknown; payload?: unknown };
    const consumer = typeof queueName === 'string' ? consumers.get(queueName) : undefined;
    if (refusedPushes > 0) {
      refusedPushes -= 1;
      return { status: 503, body: { message: 'The queue is unavailable (a fault the test asked for).' } };
    }
    if (!consumer || typeof jobId !== 'string' || !Array.isArray(payload) || payload.length === 0 || payload.length > ASYNC_EVENT_LIMITS.eventsPerPush) {
      return { status: 400, body: { message: `No consumer for queue ${String(queueName)}, or a malformed push.` } };
    }
    const events = payload as Array<{ body: Record<string, unknown>; delayInSeconds?: number }>;
    const sizes = events.map((event) => Buffer.byteLength(JSON.stringify(event), 'utf8'));
    if (Buffer.byteLength(JSON.stringify(events), 'utf8') > ASYNC_EVENT_LIMITS.pushBytes) {
      return { status: 413, body: { errorMessage: `The events of one push may be at most ${ASYNC_EVENT_LIMITS.pushBytes / 1024} KB together.` } };
    }
    if (consumer.timeoutSeconds > ASYNC_EVENT_LIMITS.longRunningAfterSeconds && sizes.some((size) => size > ASYNC_EVENT_LIMITS.longRunningEventBytes)) {
      return { status: 413, body: { errorMessage: `An event for a function running longer than ${ASYNC_EVENT_LIMITS.longRunningAfterSeconds} s may be at most ${ASYNC_EVENT_LIMITS.longRunningEventBytes / 1024} KB.` } };
    }
    // Forge counts the push requests of a chain (a refused one too, by its wording: "push requests that can be made").
    chain.pushes += 1;
    if (chain.pushes > ASYNC_EVENT_LIMITS.pushesPerChain) {
      return { status: 405, body: { message: `More than ${ASYNC_EVENT_LIMITS.pushesPerChain} pushes descend from one invocation.` } };
    }
    events.forEach((event, index) => {
      const asyncEvent = { queueName, jobId, eventId: randomUUID(), body: event.body, ...(event.delayInSeconds ? { delayInSeconds: event.delayInSeconds } : {}) };
      schedule(() => deliverAsyncEvent(consumer, asyncEvent, 0, undefined, chain, sizes[index] ?? 0));
    });
    return { status: 201, body: {} };
  }

  /** Runs `fn` later, on its own (time is compressed: a delay or a retryAfter is not waited for). */
  function schedule(fn: () => Promise<void>): void {
    if (!installed) return;
    pendingEvents += 1;
    const timer = setTimeout(() => {
      timers.delete(timer);
      void fn().finally(() => {
        pendingEvents -= 1;
        if (pendingEvents === 0) {
          const waiters = settledWaiters;
          settledWaiters = [];
          for (const resolve of waiters) resolve();
        }
      });
    }, 0);
    timers.add(timer);
  }

  async function deliverAsyncEvent(
    consumer: Consumer,
    event: Record<string, unknown>,
    retryCount: number,
    retryContext: Record<string, unknown> | undefined,
    chain: Chain,
    payloadBytes: number,
  ): Promise<void> {
    if (!installed) return;
    const { moduleKey } = consumer;
    const handler = (loadIndex()[consumer.exportName] as ForgeHandler | undefined) ?? (() => Promise.reject(new Error(`src/index exports no ${consumer.exportName}`)));
    const counted = { jira: 0, kvs: 0, pushes: 0 };
    const started = performance.now();
    const stats = () => ({ payloadBytes, calls: { ...counted }, ms: performance.now() - started });
    let answer: unknown;
    try {
      answer = await run(null, moduleKey, () => handler({ ...event, ...(retryContext ? { retryContext } : {}) }, { installContext: INSTALL_CONTEXT }), ASYNC_INVOCATION_LIMIT_MS, chain, counted);
    } catch (error) {
      deliveries.push({ moduleKey, retryCount, outcome: 'threw', error: (error as Error)?.message ?? String(error), ...stats() });
      if (installed) console.error(`Forge (local): the ${moduleKey} consumer failed; a thrown error is logged and the event is not delivered again.`, error);
      return;
    }
    const retry = retryRequestOf(answer);
    if (!retry) {
      deliveries.push({ moduleKey, retryCount, outcome: 'done', ...stats() });
      return;
    }
    if (retryCount >= MAX_EVENT_RETRIES) {
      deliveries.push({ moduleKey, retryCount, outcome: 'dropped', retryReason: retry.retryReason, ...stats() });
      console.error(`Forge (local): the ${moduleKey} consumer asked for the event again after ${MAX_EVENT_RETRIES} redeliveries; it is dropped.`);
      return;
    }
    const { retryData } = retry;
    if (retryData !== undefined && Buffer.byteLength(JSON.stringify(retryData) ?? '', 'utf8') > ASYNC_EVENT_LIMITS.retryDataBytes) {
      deliveries.push({ moduleKey, retryCount, outcome: 'dropped', retryReason: retry.retryReason, error: `retryData over ${ASYNC_EVENT_LIMITS.retryDataBytes / 1024} KB`, ...stats() });
      console.error(`Forge (local): the ${moduleKey} consumer asked for a retry with more than ${ASYNC_EVENT_LIMITS.retryDataBytes / 1024} KB of retryData; it is not retried.`);
      return;
    }
    const retryAfter = Math.min(RETRY_AFTER_BOUNDS[1], Math.max(RETRY_AFTER_BOUNDS[0], retry.retryAfter));
    deliveries.push({ moduleKey, retryCount, outcome: 'retry', retryAfter, retryReason: retry.retryReason, ...stats() });
    const next = {
      retryCount: retryCount + 1,
      retryReason: retry.retryReason,
      ...(retryData !== null && typeof retryData === 'object' && !Array.isArray(retryData) ? { retryData } : {}),
    };
    schedule(() => deliverAsyncEvent(consumer, event, retryCount + 1, next, chain, payloadBytes));
  }

  // Required lazily so the SDKs load after the globals are in place, as on Forge.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loadIndex = () => require('../src/index') as Record<string, unknown>;
  const loadResolver = (): ForgeHandler => loadIndex().handler as ForgeHandler;

  const forge: LocalForge = {
    webTriggerOrigin: 'http://127.0.0.1:8080',
    async invokeWebTrigger(request) {
      const id = WEB_TRIGGER_PATH.exec(new URL(request.url, 'http://local').pathname)?.[1];
      const moduleKey = [...webTriggersOfManifest().keys()].find((key) => webTriggerId(key) === id);
      const exportName = moduleKey ? webTriggersOfManifest().get(moduleKey) : undefined;
      if (!moduleKey || !exportName) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'No web trigger at this URL.' };
      if (Buffer.byteLength(request.body, 'utf8') > WEB_TRIGGER_MAX_REQUEST_BYTES) {
        return { status: 413, headers: { 'content-type': 'text/plain' }, body: 'The request is larger than a Forge invocation takes.' };
      }
      const handler = loadIndex()[exportName] as ForgeHandler | undefined;
      if (!handler) throw new Error(`src/index exports no ${exportName} (the ${moduleKey} web trigger's function).`);
      const event = webTriggerEvent(request, { cloudId: LOCAL_CLOUD_ID, moduleKey });
      try {
        return webTriggerResponse(await run(null, moduleKey, () => handler(event, { installContext: INSTALL_CONTEXT })));
      } catch (error) {
        console.error(`Forge (local): the ${moduleKey} web trigger failed.`, error);
        return { status: 500, headers: { 'content-type': 'text/plain' }, body: 'The web trigger function failed.' };
      }
    },
    calls,
    resetCalls() {
      calls.jira = 0;
      calls.kvs = 0;
    },
    invoke({ accountId, moduleKey, extension, functionKey, payload }) {
      const handler = loadResolver();
      const context = {
        localId: `ari:cloud:ecosystem::extension/${LOCAL_APP_ID.split('/')[1]}/local/static/${moduleKey}`,
        cloudId: LOCAL_CLOUD_ID,
        moduleKey,
        siteUrl: 'http://localhost',
        environmentType: 'DEVELOPMENT',
        extension,
      };
      return run(accountId, moduleKey, () =>
        handler(
          { call: { functionKey, payload }, context },
          { principal: { accountId }, installContext: INSTALL_CONTEXT, license: undefined, installation: undefined },
        ),
      );
    },
    deliveries,
    async deliverEvent({ moduleKey, handler, event }) {
      let retryContext: Record<string, unknown> | undefined;
      for (let retryCount = 0; ; retryCount += 1) {
        const payload = { ...event, ...(retryContext ? { retryContext } : {}), context: { cloudId: LOCAL_CLOUD_ID, moduleKey } };
        let answer: unknown;
        try {
          answer = await run(null, moduleKey, () => handler(payload, { installContext: INSTALL_CONTEXT }));
        } catch (error) {
          deliveries.push({ moduleKey, retryCount, outcome: 'threw', error: (error as Error)?.message ?? String(error) });
          console.error(`Forge (local): the ${moduleKey} trigger failed; a thrown error is logged and the event is not delivered again.`, error);
          throw error;
        }
        const retry = retryRequestOf(answer);
        if (!retry) {
          deliveries.push({ moduleKey, retryCount, outcome: 'done' });
          return answer;
        }
        if (retryCount >= MAX_EVENT_RETRIES) {
          deliveries.push({ moduleKey, retryCount, outcome: 'dropped', retryReason: retry.retryReason });
          console.error(`Forge (local): the ${moduleKey} trigger asked for the event again after ${MAX_EVENT_RETRIES} redeliveries; it is dropped.`);
          return answer;
        }
        const retryAfter = Math.min(RETRY_AFTER_BOUNDS[1], Math.max(RETRY_AFTER_BOUNDS[0], retry.retryAfter));
        deliveries.push({ moduleKey, retryCount, outcome: 'retry', retryAfter, retryReason: retry.retryReason });
        // Forge sends retryData back only when it is an object (ECO-734).
        const { retryData } = retry;
        retryContext = {
          retryCount: retryCount + 1,
          retryReason: retry.retryReason,
          ...(retryData !== null && typeof retryData === 'object' && !Array.isArray(retryData) ? { retryData } : {}),
        };
      }
    },
    allowImpersonation(allowed: boolean) {
      impersonationAllowed = allowed;
    },
    refuseQueuePushes(count: number) {
      refusedPushes = count;
    },
    queuesSettled() {
      return pendingEvents === 0 ? Promise.resolve() : new Promise<void>((resolve) => settledWaiters.push(resolve));
    },
    uninstall() {
      // Events not yet delivered are dropped with the platform.
      installed = false;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      delete globals.__forge_runtime__;
      delete globals.__forge_fetch__;
    },
  };
  return forge;
}
