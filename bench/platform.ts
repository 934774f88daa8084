// The benchmark's platform: the app's real handler and the real Forge SDKs, with Jira and Forge
// storage emulated by `local/` (as in the resolver tests), plus what the benchmark reads: call
// counts, the emulators' own CPU time, and an optional trace of every call.
//
// Replay. The emulators answer by scanning their data in memory: at 5,000 issues one search page
// costs the emulator ~25 ms of CPU, in this process, on top of the simulated latency, which already
// stands for Jira's own time. So that wall times measure the app and the modelled latency, not the
// emulator, `replay` answers a read the emulator has already answered (same method, path, body and
// user, nothing written since) with that same answer after the same simulated latency, and counts it
// the same way. Any write (a Jira PUT/DELETE, a KVS set, delete or transaction) forgets every
// remembered answer of that service. The warm-up run of each screen fills the cache live.
import type { DataOf, Envelope, ResolverKey } from '../src/contract';
import { DEMO_ACCOUNT_IDS } from '../local/jira/demo-data';
import { JIRA_EMULATOR_ROUTES, JiraEmulator } from '../local/jira/emulator';
import type { JiraData } from '../local/jira/model';
import { KvsEmulator } from '../local/kvs/emulator';
import type { EmulatedResponse, JiraRequest } from '../local/platform';
import { manifestEntities, manifestIssueProperties } from '../local/preview';
import { installLocalForge, type LocalForge } from '../local/runtime';

export const USERS = DEMO_ACCOUNT_IDS;
export type User = keyof typeof USERS;

/** One platform call as the trace keeps it (times in ms from `performance.now()`). */
export interface TracedCall {
  service: 'jira' | 'kvs';
  /** `POST /rest/api/3/search/jql [backlog]`, `kvs /api/v1/entity/query [issue-link by-cycle]`… */
  label: string;
  start: number;
  end: number;
}

export interface BenchPlatform {
  forge: LocalForge;
  kvs: KvsEmulator;
  jira: JiraEmulator;
  /**
   * Time spent inside the emulators' request handlers, synchronously (ms). With latency 0 the whole
   * of each handler runs synchronously, so this is the emulators' own CPU time, which the real
   * platform spends on Atlassian's servers and not in the app's invocation.
   */
  emulatorCpuMs: number;
  /** While set, every call is appended to it. */
  trace: TracedCall[] | null;
  /** Answer repeated reads from what the emulator answered before (see above). */
  replay: boolean;
  /** KVS calls by endpoint since `resetCounts()` (replayed ones included). */
  kvsByPath: Record<string, number>;
  /** Forgets every remembered answer: for a change made to the emulators' data behind their routes. */
  forgetAnswers(): void;
  /** Resets the call counters: the runtime's totals, Jira's by route, KVS's by endpoint, the emulators' CPU. */
  resetCounts(): void;
  setLatency(jiraMs: number, kvsMs: number): void;
  onProjectPage<K extends ResolverKey>(user: User, key: K, payload?: unknown): Promise<Envelope<DataOf<K>>>;
  onIssuePanel<K extends ResolverKey>(user: User, key: K, issueKey: string, payload?: unknown): Promise<Envelope<DataOf<K>>>;
  close(): void;
}

/** What a search is for, from its JQL: the project page's searches are told apart in the trace. */
export function searchPurpose(jql: string): string {
  if (/sprint is EMPTY OR sprint not in openSprints\(\)/.test(jql)) return 'backlog';
  if (/sprint in \(/.test(jql)) return 'cycle sprint issues';
  if (/^id in \(/.test(jql)) return 'issues by id';
  if (/^sprint = \d+$/.test(jql)) return 'sprint snapshot';
  return 'other';
}

/** The emulator's routes, to label a call by its route template (`/rest/api/3/issue/{issueIdOrKey}`). */
const ROUTE_PATTERNS = JIRA_EMULATOR_ROUTES.map(({ method, template }) => ({
  method,
  template,
  pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
}));

/** The route as the Jira emulator counts it: `POST /rest/api/3/search/jql`. */
function jiraRoute(request: JiraRequest): string {
  const path = request.path.split('?')[0] ?? request.path;
  const method = request.method.toUpperCase();
  const template = ROUTE_PATTERNS.find((route) => route.method === method && route.pattern.test(path))?.template;
  return template ? `${method} ${template}` : `${method} (unmatched)`;
}

function jiraLabel(request: JiraRequest): string {
  const route = jiraRoute(request);
  const body = request.body as { jql?: string; expand?: string } | undefined;
  if (route.endsWith('/search/jql') && typeof body?.jql === 'string') {
    return `${route} [${searchPurpose(body.jql)}${body.expand ? ` +${body.expand}` : ''}]`;
  }
  return route;
}

const JIRA_READS = new Set(['GET', 'POST /rest/api/3/search/jql', 'POST /rest/api/3/changelog/bulkfetch']);
const isJiraRead = (request: JiraRequest) => JIRA_READS.has(request.method.toUpperCase()) || JIRA_READS.has(jiraRoute(request));
const KVS_READS = new Set(['/api/v1/get', '/api/v1/query', '/api/v1/secret/get', '/api/v1/entity/get', '/api/v1/entity/query', '/api/v1/batch/get']);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function kvsLabel(path: string, body: unknown): string {
  const b = (Array.isArray(body) ? body[0] : body) as { entityName?: string; indexName?: string } | undefined;
  const what = [b?.entityName, b?.indexName].filter(Boolean).join(' ');
  return `kvs ${path.replace('/api/v1/', '')}${what ? ` [${what}]` : ''}`;
}

/**
 * An answer to replay, its body already as the text sent: serialising it is the service's own work,
 * which the simulated latency stands for, so a replayed answer is not serialised again in the app's time.
 */
function serialised(response: EmulatedResponse): EmulatedResponse {
  return response.body === undefined || typeof response.body === 'string' ? response : { ...response, body: JSON.stringify(response.body) };
}

export function startBenchPlatform(data: JiraData, projectKey: string): BenchPlatform {
  const kvs = new KvsEmulator({ entities: manifestEntities() });
  const jira = new JiraEmulator(data, { indexedIssueProperties: manifestIssueProperties() });
  const forge = installLocalForge({ kvs, jira });
  const platform: BenchPlatform = {
    forge,
    kvs,
    jira,
    emulatorCpuMs: 0,
    trace: null,
    replay: false,
    kvsByPath: {},
    resetCounts() {
      forge.resetCalls();
      jira.calls.reset();
      kvs.resetCallCount();
      platform.kvsByPath = {};
      platform.emulatorCpuMs = 0;
    },
    forgetAnswers() {
      jiraAnswers.clear();
      kvsAnswers.clear();
    },
    setLatency(jiraMs, kvsMs) {
      jira.latencyMs = jiraMs;
      kvs.latencyMs = kvsMs;
    },
    onProjectPage(user, key, payload = {}) {
      return forge.invoke({
        accountId: USERS[user],
        moduleKey: 'outcomes-project-page',
        extension: { type: 'jira:projectPage', project: { id: projectOf(projectKey).id, key: projectKey, type: 'software' } },
        functionKey: key,
        payload,
      }) as never;
    },
    onIssuePanel(user, key, issueKey, payload = {}) {
      const issue = jira.data.issues.find((candidate) => candidate.key === issueKey);
      if (!issue) throw new Error(`No issue ${issueKey}`);
      return forge.invoke({
        accountId: USERS[user],
        moduleKey: 'outcomes-issue-panel',
        extension: {
          type: 'jira:issuePanel',
          issue: { id: issue.id, key: issueKey, type: 'Story', typeId: issue.issueTypeId },
          project: { id: projectOf(projectKey).id, key: projectKey, type: 'software' },
          isNewToIssue: false,
        },
        functionKey: key,
        payload,
      }) as never;
    },
    close() {
      forge.uninstall();
    },
  };
  const projectOf = (key: string) => {
    const project = data.projects.find((candidate) => candidate.key === key);
    if (!project) throw new Error(`No project ${key}`);
    return project;
  };

  // The runtime calls `backend.handle` on these very objects at each call: wrap them in place.
  const jiraHandle = jira.handle.bind(jira);
  const jiraAnswers = new Map<string, EmulatedResponse>();
  jira.handle = (request: JiraRequest): Promise<EmulatedResponse> => {
    const start = performance.now();
    const read = isJiraRead(request);
    if (!read) jiraAnswers.clear();
    const key = read ? JSON.stringify([request.method.toUpperCase(), request.path, request.body ?? null, request.accountId]) : '';
    const remembered = platform.replay && read ? jiraAnswers.get(key) : undefined;
    let answer: Promise<EmulatedResponse>;
    if (remembered) {
      jira.calls.record(jiraRoute(request));
      answer = sleep(jira.latencyMs).then(() => remembered);
    } else {
      answer = jiraHandle(request);
      platform.emulatorCpuMs += performance.now() - start;
      if (read) answer = answer.then((response) => (response.status < 300 && jiraAnswers.set(key, serialised(response)), response));
    }
    return traced(answer, 'jira', () => jiraLabel(request), start);
  };
  const kvsHandle = kvs.handle.bind(kvs);
  const kvsAnswers = new Map<string, EmulatedResponse>();
  kvs.handle = (path: string, body: unknown): Promise<EmulatedResponse> => {
    const start = performance.now();
    platform.kvsByPath[path] = (platform.kvsByPath[path] ?? 0) + 1;
    const read = KVS_READS.has(path);
    if (!read) kvsAnswers.clear();
    const key = read ? JSON.stringify([path, body ?? null]) : '';
    const remembered = platform.replay && read ? kvsAnswers.get(key) : undefined;
    let answer: Promise<EmulatedResponse>;
    if (remembered) {
      answer = sleep(kvs.latencyMs).then(() => remembered);
    } else {
      answer = kvsHandle(path, body);
      platform.emulatorCpuMs += performance.now() - start;
      // Only successes and "no such key" are remembered (a fault is never replayed).
      if (read) answer = answer.then((response) => ((response.status < 300 || response.status === 404) && kvsAnswers.set(key, serialised(response)), response));
    }
    return traced(answer, 'kvs', () => kvsLabel(path, body), start);
  };
  function traced(answer: Promise<EmulatedResponse>, service: TracedCall['service'], label: () => string, start: number): Promise<EmulatedResponse> {
    const trace = platform.trace;
    if (!trace) return answer;
    const call: TracedCall = { service, label: label(), start, end: start };
    trace.push(call);
    return answer.then((response) => {
      call.end = performance.now();
      return response;
    });
  }
  return platform;
}
