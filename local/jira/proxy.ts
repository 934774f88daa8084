// Proxy mode: the local runtime forwards the app's Jira calls to a real Jira Cloud site instead of the
// emulator, authenticated with an Atlassian account's email and API token (basic auth).
//
// LIMITATION: basic auth always acts as that one account. `asUser()` calls for any demo user and `asApp()`
// calls alike run with the token owner's permissions: the request's `accountId` is ignored. Permission
// differences between users (Sofia browse-only, Oscar without access, …) can only be tried with the
// emulator. Forge's real `asApp()` identity (the app's own account) is not available to a token either.
//
//   JIRA_BASE_URL=https://your-site.atlassian.net JIRA_EMAIL=you@example.com JIRA_API_TOKEN=… npm start

import type { EmulatedResponse, JiraBackend, JiraRequest } from '../platform';

export interface JiraProxyOptions {
  /** The site, e.g. https://your-site.atlassian.net */
  baseUrl: string;
  email: string;
  apiToken: string;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Abort a call after this long (default 30 s). */
  timeoutMs?: number;
}

/** Headers passed back to the runtime when the site sends them. */
const PASSED_HEADERS = ['content-type', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-ratelimit-reason'];

export class JiraProxy implements JiraBackend {
  readonly baseUrl: string;
  private readonly authorization: string;
  private readonly doFetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(options: JiraProxyOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new Error(`JIRA_BASE_URL is not a URL: ${options.baseUrl}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`JIRA_BASE_URL must be http(s): ${options.baseUrl}`);
    if (!options.email || !options.apiToken) throw new Error('JiraProxy needs an email and an API token');
    this.baseUrl = url.origin + url.pathname.replace(/\/+$/, '');
    this.authorization = `Basic ${Buffer.from(`${options.email}:${options.apiToken}`, 'utf8').toString('base64')}`;
    this.doFetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Forwards the call as the token's owner, whatever `request.accountId` says (see the limitation above). */
  async handle(request: JiraRequest): Promise<EmulatedResponse> {
    if (!request.path.startsWith('/') || request.path.startsWith('//')) {
      return { status: 400, body: { errorMessages: [`The path must start with a single '/': ${request.path}`], errors: {} } };
    }
    const method = request.method.toUpperCase();
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: this.authorization };
    let body: string | undefined;
    if (request.body !== undefined && method !== 'GET' && method !== 'HEAD') {
      body = JSON.stringify(request.body);
      headers['Content-Type'] = 'application/json';
    }
    let res: Response;
    try {
      res = await this.doFetch(this.baseUrl + request.path, { method, headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      return { status: 502, headers: { 'content-type': 'application/json' }, body: { errorMessages: [`The Jira proxy could not reach ${this.baseUrl}: ${reason}`], errors: {} } };
    }

    const out: Record<string, string> = {};
    for (const name of PASSED_HEADERS) {
      const value = res.headers.get(name);
      if (value !== null) out[name] = value;
    }
    const text = await res.text();
    if (text === '') return { status: res.status, headers: out };
    const type = out['content-type'] ?? '';
    if (/json/i.test(type)) {
      try {
        return { status: res.status, headers: out, body: JSON.parse(text) as unknown };
      } catch {
        // Malformed JSON: hand it on as it is, the app's client must cope, as with the real thing.
      }
    }
    return { status: res.status, headers: out, body: text };
  }
}

/** A JiraProxy when JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN are all set, else null (use the emulator). */
export function jiraBackendFromEnv(env: Record<string, string | undefined> = process.env): JiraProxy | null {
  const baseUrl = env.JIRA_BASE_URL?.trim();
  const email = env.JIRA_EMAIL?.trim();
  const apiToken = env.JIRA_API_TOKEN?.trim();
  if (!baseUrl || !email || !apiToken) return null;
  return new JiraProxy({ baseUrl, email, apiToken });
}
