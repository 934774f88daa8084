// The local Forge runtime: installs the two globals through which the real @forge SDKs reach the
// platform (`__forge_runtime__`, `__forge_fetch__`) and invokes the app's handlers as Forge does.
// Each invocation runs in its own AsyncLocalStorage scope, so concurrent invocations for different
// users never see each other's account (on Forge every invocation is isolated).
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { EmulatedResponse, JiraBackend, KvsBackend } from './platform';

export type Surface = 'jira:projectPage' | 'jira:issuePanel';

export const LOCAL_CLOUD_ID = '00000000-0000-4000-8000-00000000c10d';
export const LOCAL_APP_ID = 'ari:cloud:ecosystem::app/00000000-0000-4000-8000-0000000a990e';
const INSTALL_CONTEXT = `ari:cloud:jira::site/${LOCAL_CLOUD_ID}`;
/** Forge stops a resolver after 25 s; the runtime reports the time left as Forge does. */
const INVOCATION_LIMIT_MS = 25_000;

interface Invocation {
  accountId: string | null;
  moduleKey: string;
  invocationId: string;
  startedAt: number;
}

type ForgeHandler = (event: unknown, context: unknown) => Promise<unknown>;

export interface LocalForge {
  /** Runs the resolver exactly as Forge would for a Custom UI `invoke`, as the given user. */
  invoke(args: {
    accountId: string;
    moduleKey: string;
    extension: Record<string, unknown>;
    functionKey: string;
    payload: unknown;
  }): Promise<unknown>;
  /** Delivers a product event to a trigger handler as Forge does (no user: the trigger acts as the app). */
  deliverEvent(args: { moduleKey: string; handler: ForgeHandler; event: Record<string, unknown> }): Promise<unknown>;
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
      appId: LOCAL_APP_ID,
      appVersion: '0.0.0-local',
      environmentId: 'local',
      environmentType: 'DEVELOPMENT',
      invocationId: invocation?.invocationId ?? 'local',
      installationId: LOCAL_CLOUD_ID,
      moduleKey: invocation?.moduleKey ?? 'local',
      permissions: { scopes: [], external: {} },
    },
    lambdaContext: {
      getRemainingTimeInMillis: () =>
        invocation ? Math.max(0, INVOCATION_LIMIT_MS - (Date.now() - invocation.startedAt)) : INVOCATION_LIMIT_MS,
    },
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

/** Installs the platform globals. Only one local runtime may be installed in a process at a time. */
export function installLocalForge(backends: { kvs: KvsBackend; jira: JiraBackend }): LocalForge {
  const globals = globalThis as Record<string, unknown>;
  if (globals.__forge_fetch__) throw new Error('A Forge runtime is already installed in this process.');
  const calls = { jira: 0, kvs: 0 };

  Object.defineProperty(globals, '__forge_runtime__', {
    configurable: true,
    get: () => runtimeFor(invocations.getStore()),
  });

  globals.__forge_fetch__ = async (target: Record<string, unknown>, path: string, init?: RequestInit) => {
    const invocation = invocations.getStore();
    if (target.type === 'kvs') {
      calls.kvs += 1;
      return toResponse(await backends.kvs.handle(path, await readBody(init)));
    }
    if (target.type === 'fpp' && (target.remote === undefined || target.remote === 'jira')) {
      calls.jira += 1;
      const asUser = target.provider === 'user';
      if (asUser && !invocation?.accountId) {
        // Forge answers a user call with no user (a trigger, an anonymous viewer) this way.
        return new Response(null, { status: 401, headers: { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' } });
      }
      return toResponse(
        await backends.jira.handle({
          method: (init?.method ?? 'GET').toUpperCase(),
          path,
          headers: headersOf(init),
          body: await readBody(init),
          accountId: asUser ? (invocation?.accountId ?? null) : null,
        }),
      );
    }
    throw new Error(`The local Forge runtime does not emulate ${JSON.stringify(target)} (${path}).`);
  };

  function run<T>(accountId: string | null, moduleKey: string, fn: () => Promise<T>): Promise<T> {
    return invocations.run({ accountId, moduleKey, invocationId: randomUUID(), startedAt: Date.now() }, fn);
  }

  let resolverHandler: ForgeHandler | undefined;
  const loadResolver = (): ForgeHandler => {
    // Required lazily so the SDKs load after the globals are in place, as on Forge.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    resolverHandler ??= (require('../src/index') as { handler: ForgeHandler }).handler;
    return resolverHandler;
  };

  return {
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
    deliverEvent({ moduleKey, handler, event }) {
      return run(null, moduleKey, () =>
        handler({ ...event, context: { cloudId: LOCAL_CLOUD_ID, moduleKey } }, { installContext: INSTALL_CONTEXT }),
      );
    },
    uninstall() {
      delete globals.__forge_runtime__;
      delete globals.__forge_fetch__;
    },
  };
}
