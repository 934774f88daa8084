import { jiraBackendFromEnv, JiraProxy } from './proxy';
import { must } from '../../test/support/must';

type Seen = { url: string; init: RequestInit };

function fakeFetch(respond: (seen: Seen) => Response | Promise<Response>): { fetch: typeof fetch; calls: Seen[] } {
  const calls: Seen[] = [];
  const f = (async (input: string | URL | Request, init?: RequestInit) => {
    const seen = { url: String(input), init: init ?? {} };
    calls.push(seen);
    return respond(seen);
  }) as typeof fetch;
  return { fetch: f, calls };
}

const options = { baseUrl: 'https://example.atlassian.net/', email: 'me@example.com', apiToken: 'secret-token' };

describe('JiraProxy', () => {
  it('forwards the call with basic auth, whatever the accountId, and parses JSON', async () => {
    const { fetch, calls } = fakeFetch(() => new Response(JSON.stringify({ issues: [], isLast: true }), { status: 200, headers: { 'content-type': 'application/json;charset=UTF-8' } }));
    const proxy = new JiraProxy({ ...options, fetch });
    const r = await proxy.handle({ method: 'post', path: '/rest/api/3/search/jql', headers: {}, body: { jql: 'project = GYM' }, accountId: 'someone-else' });
    expect(r).toEqual({ status: 200, headers: { 'content-type': 'application/json;charset=UTF-8' }, body: { issues: [], isLast: true } });
    expect(calls).toHaveLength(1);
    expect(must(calls[0], 'calls[0]').url).toBe('https://example.atlassian.net/rest/api/3/search/jql');
    const headers = must(calls[0], 'calls[0]').init.headers as Record<string, string>;
    expect(headers.Authorization).toBe(`Basic ${Buffer.from('me@example.com:secret-token').toString('base64')}`);
    expect(headers['Content-Type']).toBe('application/json');
    expect(must(calls[0], 'calls[0]').init.method).toBe('POST');
    expect(must(calls[0], 'calls[0]').init.body).toBe('{"jql":"project = GYM"}');
  });

  it('passes Retry-After on, and text or malformed JSON bodies as text, empty bodies as none', async () => {
    const answers = [
      new Response('{"errorMessages":["Rate limit exceeded."]}', { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '5', 'x-ratelimit-reason': 'jira-quota-tenant-based' } }),
      new Response('{"broken": ', { status: 200, headers: { 'content-type': 'application/json' } }),
      new Response('<html>oops</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
      new Response(null, { status: 204 }),
    ];
    const { fetch, calls } = fakeFetch(() => must(answers.shift(), 'answers.shift()'));
    const proxy = new JiraProxy({ ...options, fetch });
    const call = () => proxy.handle({ method: 'GET', path: '/rest/api/3/myself', headers: {}, accountId: null });
    expect(await call()).toEqual({
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '5', 'x-ratelimit-reason': 'jira-quota-tenant-based' },
      body: { errorMessages: ['Rate limit exceeded.'] },
    });
    expect(await call()).toMatchObject({ status: 200, body: '{"broken": ' });
    expect(await call()).toMatchObject({ status: 502, body: '<html>oops</html>' });
    expect(await call()).toEqual({ status: 204, headers: {} });
    expect(must(calls[0], 'calls[0]').init.body).toBeUndefined();
  });

  it('answers 502 in Jira’s error shape when the site cannot be reached, and refuses odd paths', async () => {
    const { fetch } = fakeFetch(() => {
      throw new TypeError('fetch failed');
    });
    const proxy = new JiraProxy({ ...options, fetch });
    const r = await proxy.handle({ method: 'GET', path: '/rest/api/3/myself', headers: {}, accountId: null });
    expect(r).toMatchObject({ status: 502, body: { errorMessages: [expect.stringContaining('fetch failed')], errors: {} } });
    expect((await proxy.handle({ method: 'GET', path: '//evil.example/x', headers: {}, accountId: null })).status).toBe(400);
    expect((await proxy.handle({ method: 'GET', path: 'rest/api/3/myself', headers: {}, accountId: null })).status).toBe(400);
  });

  it('checks its configuration', () => {
    expect(() => new JiraProxy({ ...options, baseUrl: 'not a url' })).toThrow(/not a URL/);
    expect(() => new JiraProxy({ ...options, baseUrl: 'ftp://example.com' })).toThrow(/http/);
    expect(() => new JiraProxy({ ...options, apiToken: '' })).toThrow();
    expect(new JiraProxy(options).baseUrl).toBe('https://example.atlassian.net');
  });
});

describe('jiraBackendFromEnv', () => {
  it('returns a proxy only when all three variables are set', () => {
    const env = { JIRA_BASE_URL: 'https://example.atlassian.net', JIRA_EMAIL: 'me@example.com', JIRA_API_TOKEN: 't' };
    expect(jiraBackendFromEnv(env)).toBeInstanceOf(JiraProxy);
    expect(jiraBackendFromEnv({ ...env, JIRA_API_TOKEN: '' })).toBeNull();
    expect(jiraBackendFromEnv({ JIRA_BASE_URL: env.JIRA_BASE_URL })).toBeNull();
    expect(jiraBackendFromEnv({})).toBeNull();
  });
});
