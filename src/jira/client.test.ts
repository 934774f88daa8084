import type { RequestInit, Response as ForgeResponse } from '@forge/api';
import { type ClientClock, JiraClient, JiraError, JiraRateLimitError, type JiraRequester, type RetryPolicy } from './client';
import { must } from '../../test/support/must';

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

/** A Jira that answers from a script, recording each request the client makes. */
function scriptedJira(answer: (path: string, init: RequestInit | undefined, call: number) => Answer) {
  const requests: Array<{ path: string; init?: RequestInit; at: number }> = [];
  const requester: JiraRequester = {
    async requestJira(path, init) {
      const text = (path as unknown as { value: string }).value;
      requests.push({ path: text, init, at: Date.now() });
      const { status, body, headers } = answer(text, init, requests.length);
      const payload = body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body);
      return new Response(payload, { status, headers: { 'content-type': 'application/json', ...headers } }) as unknown as ForgeResponse;
    },
  };
  return { requester, requests };
}

const fast: RetryPolicy = { attempts: 4, baseDelayMs: 5, maxDelayMs: 2_000, timeoutMs: 2_000, budgetMs: 10_000 };
const project = { id: '10000', key: 'GYM', name: 'GymTonic Member App', lead: { accountId: 'lead' } };

describe('retry', () => {
  it('retries a 429, waiting as long as Retry-After says', async () => {
    const jira = scriptedJira((_path, _init, call) =>
      call === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: { errorMessages: ['Rate limited'] } } : { status: 200, body: project },
    );
    const client = new JiraClient(jira.requester, fast);
    await expect(client.getProject('GYM')).resolves.toMatchObject({ key: 'GYM' });
    expect(jira.requests).toHaveLength(2);
    expect(must(jira.requests[1], 'jira.requests[1]').at - must(jira.requests[0], 'jira.requests[0]').at).toBeGreaterThanOrEqual(950);
  });

  it('retries 5xx with backoff, then gives up with a JiraError carrying Jira’s message', async () => {
    const jira = scriptedJira(() => ({ status: 503, body: { errorMessages: ['Jira is down for maintenance'] } }));
    const client = new JiraClient(jira.requester, fast);
    const failure = client.getProject('GYM');
    await expect(failure).rejects.toBeInstanceOf(JiraError);
    await expect(failure).rejects.toMatchObject({ status: 503, message: 'Jira is down for maintenance' });
    expect(jira.requests).toHaveLength(fast.attempts);
  });

  it('does not retry a 4xx other than 429', async () => {
    const jira = scriptedJira(() => ({ status: 404, body: { errorMessages: ['No project could be found with key ‘NOPE’.'] } }));
    const client = new JiraClient(jira.requester, fast);
    await expect(client.getProject('NOPE')).rejects.toMatchObject({ status: 404 });
    expect(jira.requests).toHaveLength(1);
  });

  it('fails at once, rather than retrying early, when Retry-After asks for longer than a resolver can wait', async () => {
    const jira = scriptedJira((_path, _init, call) =>
      call === 1 ? { status: 429, headers: { 'retry-after': '600' }, body: { errorMessages: ['Rate limited'] } } : { status: 200, body: project },
    );
    const client = new JiraClient(jira.requester, { ...fast, attempts: 2, maxDelayMs: 50 });
    const started = Date.now();
    await expect(client.getProject('GYM')).rejects.toMatchObject({ status: 429 });
    expect(jira.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('gives up on a call Jira does not answer, retrying it while the time allows', async () => {
    let calls = 0;
    const silent: JiraRequester = {
      requestJira: () => {
        calls += 1;
        return new Promise(() => undefined);
      },
    };
    const client = new JiraClient(silent, { ...fast, timeoutMs: 100, attempts: 3 });
    const started = Date.now();
    await expect(client.getProject('GYM')).rejects.toMatchObject({ status: 0, message: 'Jira did not answer in time.' });
    expect(calls).toBe(3);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('stops retrying and sending once the invocation’s time budget is spent, so the resolver can still answer', async () => {
    const jira = scriptedJira(() => ({ status: 503, headers: { 'retry-after': '1' }, body: { errorMessages: ['Busy'] } }));
    const client = new JiraClient(jira.requester, { ...fast, attempts: 10, budgetMs: 1_500 });
    const started = Date.now();
    await expect(client.getProject('GYM')).rejects.toMatchObject({ status: 503 });
    // 1 s waits: the first retry fits in 1.5 s, the second would not.
    expect(jira.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(1_400);
    // Once the budget is spent, nothing more is sent.
    await new Promise((resolve) => setTimeout(resolve, 1_500 - (Date.now() - started) + 50));
    await expect(client.getProject('GYM')).rejects.toMatchObject({ status: 0, message: expect.stringContaining('too slowly') });
    expect(jira.requests).toHaveLength(2);
  });

  it('turns a body that is not JSON, or not of the expected shape, into a clear JiraError', async () => {
    const garbled = new JiraClient(scriptedJira(() => ({ status: 200, body: '{"id": "1", "ke' })).requester, fast);
    await expect(garbled.getProject('GYM')).rejects.toThrow('Jira sent an answer that is not JSON.');
    const misshapen = new JiraClient(scriptedJira(() => ({ status: 200, body: { id: 1 } })).requester, fast);
    await expect(misshapen.getProject('GYM')).rejects.toThrow('Jira sent an answer of an unexpected shape.');
  });
});

describe('paging', () => {
  it('follows nextPageToken until isLast, asking only for the fields given', async () => {
    const pages = [
      { issues: [{ id: '1', key: 'GYM-1', fields: { summary: 'a' } }], nextPageToken: 'p2', isLast: false },
      { issues: [{ id: '2', key: 'GYM-2', fields: { summary: 'b' } }], nextPageToken: 'p3', isLast: false },
      { issues: [{ id: '3', key: 'GYM-3', fields: { summary: 'c' } }], isLast: true },
    ];
    const jira = scriptedJira((_path, _init, call) => ({ status: 200, body: pages[call - 1] }));
    const client = new JiraClient(jira.requester, fast);
    const issues = await client.searchIssues('project = "GYM" ORDER BY Rank ASC', ['summary']);
    expect(issues.map((issue) => issue.key)).toEqual(['GYM-1', 'GYM-2', 'GYM-3']);
    const bodies = jira.requests.map((request) => JSON.parse(String(request.init?.body)));
    expect(bodies.map((body) => body.nextPageToken)).toEqual([undefined, 'p2', 'p3']);
    expect(bodies.every((body) => JSON.stringify(body.fields) === '["summary"]')).toBe(true);
    expect(jira.requests.every((request) => request.path === '/rest/api/3/search/jql' && request.init?.method === 'POST')).toBe(true);
  });

  it('pages sprints with startAt until isLast', async () => {
    const sprint = (id: number) => ({ id, name: `Sprint ${id}`, state: 'closed', goal: '' });
    const jira = scriptedJira((path) => {
      const startAt = Number(new URL(path, 'http://jira').searchParams.get('startAt'));
      const values = startAt === 0 ? [sprint(1), sprint(2)] : [sprint(3)];
      return { status: 200, body: { startAt, maxResults: 2, isLast: startAt !== 0, values } };
    });
    const client = new JiraClient(jira.requester, fast);
    expect((await client.sprintsOfBoard(7)).map((s) => s.id)).toEqual([1, 2, 3]);
    expect(jira.requests.map((request) => request.path)).toEqual([
      '/rest/agile/1.0/board/7/sprint?startAt=0&maxResults=50',
      '/rest/agile/1.0/board/7/sprint?startAt=2&maxResults=50',
    ]);
  });
});

describe('permissions', () => {
  it('reads the permissions Jira grants, and treats a 404 as none', async () => {
    const granted = scriptedJira(() => ({
      status: 200,
      body: { permissions: { BROWSE_PROJECTS: { havePermission: true }, EDIT_ISSUES: { havePermission: false }, ADMINISTER_PROJECTS: { havePermission: false } } },
    }));
    await expect(new JiraClient(granted.requester, fast).myPermissions({ issueKey: 'GYM-1' })).resolves.toEqual({
      BROWSE_PROJECTS: true,
      EDIT_ISSUES: false,
      ADMINISTER_PROJECTS: false,
    });
    expect(must(granted.requests[0], 'granted.requests[0]').path).toBe('/rest/api/3/mypermissions?issueKey=GYM-1&permissions=BROWSE_PROJECTS%2CEDIT_ISSUES%2CADMINISTER_PROJECTS');
    const hidden = scriptedJira(() => ({ status: 404, body: { errorMessages: ['No project could be found'] } }));
    await expect(new JiraClient(hidden.requester, fast).myPermissions({ projectKey: 'GYM' })).resolves.toEqual({
      BROWSE_PROJECTS: false,
      EDIT_ISSUES: false,
      ADMINISTER_PROJECTS: false,
    });
  });
});

describe('lenient reading of issues', () => {
  it('keeps every issue of a page when one has fields of an unexpected shape, reading those fields as absent', async () => {
    const page = {
      issues: [
        { id: '1', key: 'GYM-1', fields: { summary: 'Fine', status: { name: 'Done', statusCategory: { key: 'done' } }, customfield_10104: [{ id: 3 }] } },
        { id: '2', key: 'GYM-2', fields: { summary: 42, status: 'Done', issuetype: [], parent: { key: 'GYM-1' }, customfield_10104: 'odd' } },
      ],
      isLast: true,
    };
    const jira = scriptedJira(() => ({ status: 200, body: page }));
    const issues = await new JiraClient(jira.requester, fast).searchIssues('project = GYM', ['summary', 'status', 'customfield_10104']);
    expect(issues.map((issue) => issue.key)).toEqual(['GYM-1', 'GYM-2']);
    expect(must(issues[0], 'issues[0]').fields).toMatchObject({ summary: 'Fine', status: { statusCategory: { key: 'done' } }, customfield_10104: [{ id: 3 }] });
    expect([must(issues[1], 'issues[1]').fields.summary, must(issues[1], 'issues[1]').fields.status, must(issues[1], 'issues[1]').fields.issuetype, must(issues[1], 'issues[1]').fields.parent]).toEqual([undefined, undefined, undefined, undefined]);
    expect(must(issues[1], 'issues[1]').fields.customfield_10104).toBe('odd');
  });
});

describe('statusHistories', () => {
  it('asks for the status changes of up to a thousand issues a request and follows every page', async () => {
    const ids = Array.from({ length: 1500 }, (_, n) => String(10000 + n));
    const jira = scriptedJira((_path, init) => {
      const body = JSON.parse(String(init?.body)) as { issueIdsOrKeys: string[]; fieldIds: string[]; nextPageToken?: string };
      expect(body.fieldIds).toEqual(['status']);
      const first = must(body.issueIdsOrKeys[0], 'body.issueIdsOrKeys[0]');
      const history = (day: number) => ({ created: `2026-11-0${day}T10:00:00.000+0000`, items: [{ field: 'status', fieldId: 'status', to: '3' }] });
      return body.nextPageToken
        ? { status: 200, body: { issueChangeLogs: [{ issueId: first, changeHistories: [history(2)] }] } }
        : { status: 200, body: { issueChangeLogs: [{ issueId: first, changeHistories: [history(1)] }], nextPageToken: 'next' } };
    });
    const histories = await new JiraClient(jira.requester, fast).statusHistories(ids);
    expect(jira.requests.map((request) => JSON.parse(String(request.init?.body)).issueIdsOrKeys.length).sort()).toEqual([1000, 1000, 500, 500].sort());
    expect(must(histories.get('10000'), "histories.get('10000')").map((history) => history.created.slice(0, 10))).toEqual(['2026-11-01', '2026-11-02']);
    expect(histories.get('11000')).toHaveLength(2);
  });
});

describe('paging that never ends by itself', () => {
  const issuePage = (ids: string[], next?: string) => ({ issues: ids.map((id) => ({ id, key: `GYM-${id}`, fields: {} })), ...(next ? { nextPageToken: next, isLast: false } : { isLast: true }) });

  it('stops when Jira gives a page token it gave before, keeping what it read and noting the list may be cut short', async () => {
    const jira = scriptedJira((_path, _init, call) => ({ status: 200, body: issuePage([String(call * 2), String(call * 2 + 1)], call % 2 === 1 ? 'a' : 'b') }));
    const client = new JiraClient(jira.requester, fast);
    const issues = await client.searchIssues('project = GYM', ['summary']);
    // Tokens a, b, then a again: the third page is kept, the page after it not asked for.
    expect(issues.map((issue) => issue.id)).toEqual(['2', '3', '4', '5', '6', '7']);
    expect(jira.requests).toHaveLength(3);
    expect(client.incomplete).toEqual(['A search of issues: reading stopped because Jira gave the same page twice.']);
  });

  it('stops on a page with nothing new, and past a page cap when every token is new', async () => {
    const same = scriptedJira((_path, _init, call) => ({ status: 200, body: issuePage(['1', '2'], `t${call}`) }));
    const client = new JiraClient(same.requester, fast);
    expect(await client.searchIssueIds('project = GYM')).toEqual(['1', '2']);
    expect(same.requests).toHaveLength(2);
    expect(client.incomplete[0]).toMatch(/nothing new/);

    const endless = scriptedJira((_path, _init, call) => ({ status: 200, body: issuePage([String(call)], `t${call}`) }));
    const another = new JiraClient(endless.requester, fast);
    expect(await another.searchIssueIds('project = GYM')).toHaveLength(200);
    expect(endless.requests).toHaveLength(200);
    expect(another.incomplete[0]).toMatch(/past 200 pages/);
  });

  it('stops reading a board list whose pages never say they are the last', async () => {
    const jira = scriptedJira(() => ({ status: 200, body: { values: [{ id: 1, name: 'GYM board', type: 'scrum' }], startAt: 0, maxResults: 50, isLast: false } }));
    const client = new JiraClient(jira.requester, fast);
    expect(await client.scrumBoardsOfProject('GYM')).toEqual([{ id: 1, name: 'GYM board', type: 'scrum' }]);
    expect(jira.requests).toHaveLength(2);
    expect(client.incomplete).toHaveLength(1);
  });
});

/**
 * A clock whose time moves only when every waiting call is asleep: `run()` wakes the earliest sleeper,
 * so a test reads when (in this clock's time) each request went out, without waiting for real.
 */
function virtualClock(random = 0.5) {
  let now = 0;
  const sleepers: Array<{ at: number; wake: () => void }> = [];
  const sleeps: number[] = [];
  const settle = async () => {
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  const clock: ClientClock = {
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      return new Promise<void>((wake) => sleepers.push({ at: now + ms, wake }));
    },
    random: () => random,
  };
  return {
    clock,
    sleeps,
    now: () => now,
    settle,
    /** Lets every call run, moving time on to each sleeper's wake-up in turn, until all are done. */
    async run<T>(work: Promise<T>): Promise<T> {
      let done = false;
      const watched = work.finally(() => {
        done = true;
      });
      watched.catch(() => undefined);
      for (;;) {
        await settle();
        if (done || sleepers.length === 0) return watched;
        // Every sleeper due at the earliest wake-up time wakes together.
        now = Math.max(now, Math.min(...sleepers.map((sleeper) => sleeper.at)));
        for (const sleeper of sleepers.filter((candidate) => candidate.at <= now)) {
          sleepers.splice(sleepers.indexOf(sleeper), 1);
          sleeper.wake();
        }
      }
    },
  };
}

/** A Jira that answers from a script, noting each request's time on the virtual clock. */
function pacedJira(time: { now(): number }, answer: (path: string, init: RequestInit | undefined, call: number) => Answer) {
  const requests: Array<{ path: string; init?: RequestInit; at: number; concurrent: number }> = [];
  const inFlight: Record<string, number> = {};
  const peak: Record<string, number> = {};
  const requester: JiraRequester = {
    async requestJira(path, init) {
      const text = (path as unknown as { value: string }).value;
      const endpoint = `${init?.method ?? 'GET'} ${text.split('?')[0]}`;
      const concurrent = (inFlight[endpoint] ?? 0) + 1;
      inFlight[endpoint] = concurrent;
      requests.push({ path: text, init, at: time.now(), concurrent });
      peak[endpoint] = Math.max(peak[endpoint] ?? 0, concurrent);
      // Answers after a turn of the event loop, so that calls overlap as they would on a network.
      await new Promise((resolve) => setImmediate(resolve));
      inFlight[endpoint] = (inFlight[endpoint] ?? 1) - 1;
      const { status, body, headers } = answer(text, init, requests.length);
      const payload = body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body);
      return new Response(payload, { status, headers: { 'content-type': 'application/json', ...headers } }) as unknown as ForgeResponse;
    },
  };
  return { requester, requests, peak };
}

const lastPage = { issues: [{ id: '1', key: 'GYM-1', fields: {} }], isLast: true };
const roomy: RetryPolicy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 10_000, timeoutMs: 5_000, budgetMs: 20_000 };

describe('rate limits (RateLimit-Reason and Retry-After)', () => {
  it('slows down only the endpoint a burst limit names: its calls wait as long as Retry-After asks, other endpoints go on', async () => {
    const time = virtualClock(0);
    let searches = 0;
    const jira = pacedJira(time, (path) => {
      if (path !== '/rest/api/3/search/jql') return { status: 200, body: project };
      searches += 1;
      return searches === 1 ? { status: 429, headers: { 'ratelimit-reason': 'jira-burst-based', 'retry-after': '2' } } : { status: 200, body: lastPage };
    });
    const client = new JiraClient(jira.requester, roomy, time.clock);
    const first = client.searchIssues('project = GYM', ['summary']);
    first.catch(() => undefined);
    await time.settle();
    // Jira said 429 to the search; meanwhile the page asks for the project and for another search.
    const projectRead = client.getProject('GYM');
    const secondSearch = client.searchIssueIds('project = GYM');
    await time.settle();
    expect(jira.requests.map((request) => [request.path, request.at])).toEqual([
      ['/rest/api/3/search/jql', 0],
      ['/rest/api/3/project/GYM', 0],
    ]);
    await expect(time.run(Promise.all([first, projectRead, secondSearch]))).resolves.toHaveLength(3);
    const searchTimes = jira.requests.filter((request) => request.path === '/rest/api/3/search/jql').map((request) => request.at);
    expect(searchTimes).toHaveLength(3);
    expect(searchTimes.slice(1).every((at) => at >= 2_000)).toBe(true);
  });

  it('fails fast with RATE_LIMITED when the hourly quota is spent, saying when figures are back, and sends nothing more', async () => {
    const time = virtualClock();
    const jira = pacedJira(time, () => ({
      status: 429,
      headers: { 'ratelimit-reason': 'jira-quota-tenant-based', 'retry-after': '1740' },
      body: { errorMessages: ['Rate limit exceeded.'] },
    }));
    const client = new JiraClient(jira.requester, roomy, time.clock);
    const failure = time.run(client.searchIssues('project = GYM', ['summary']));
    await expect(failure).rejects.toBeInstanceOf(JiraRateLimitError);
    await expect(failure).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      kind: 'quota',
      status: 429,
      retryAfterSeconds: 1740,
      message: 'Jira asked Outcomes to slow down; figures will be back in 29 minutes.',
    });
    // The quota is the site's: no other endpoint is asked either, and nothing was waited for.
    await expect(time.run(client.getProject('GYM'))).rejects.toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('29 minutes') });
    expect(jira.requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it('never retries past the invocation’s budget: a Retry-After longer than what is left fails at once', async () => {
    const time = virtualClock();
    const jira = pacedJira(time, (_path, _init, call) =>
      call === 1 ? { status: 429, headers: { 'ratelimit-reason': 'jira-burst-based', 'retry-after': '5' } } : { status: 200, body: project },
    );
    // 5 s is within the longest single wait (10 s), but only 3 s are left of the invocation.
    const client = new JiraClient(jira.requester, { ...roomy, budgetMs: 3_000 }, time.clock);
    await expect(time.run(client.getProject('GYM'))).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      kind: 'burst',
      message: 'Jira asked Outcomes to slow down; figures will be back in a minute.',
    });
    expect(jira.requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it('reads the reason and the wait under the other names Jira is seen to use: X-/Beta- prefixes, an HTTP date, X-RateLimit-Reset', async () => {
    const time = virtualClock();
    const answers: Array<Record<string, string>> = [
      { 'x-beta-ratelimit-reason': 'jira-quota-global-based', 'beta-retry-after': '600' },
      { 'x-ratelimit-reason': 'jira-quota-tenant-based', 'retry-after': new Date(1_200_000).toUTCString() },
      { 'x-ratelimit-reason': 'jira-quota-tenant-based', 'x-ratelimit-reset': new Date(3_600_000).toISOString() },
    ];
    for (const headers of answers) {
      const jira = pacedJira(time, () => ({ status: 429, headers }));
      const client = new JiraClient(jira.requester, roomy, time.clock);
      await expect(time.run(client.getProject('GYM'))).rejects.toMatchObject({ kind: 'quota', retryAfterSeconds: expect.any(Number) });
    }
    const minutes = [];
    for (const headers of answers) {
      const client = new JiraClient(pacedJira(time, () => ({ status: 429, headers })).requester, roomy, time.clock);
      minutes.push(await time.run(client.getProject('GYM')).catch((error: JiraError) => error.message));
    }
    expect(minutes).toEqual([
      'Jira asked Outcomes to slow down; figures will be back in 10 minutes.',
      'Jira asked Outcomes to slow down; figures will be back in 20 minutes.',
      'Jira asked Outcomes to slow down; figures will be back in 60 minutes.',
    ]);
  });

  it('backs off with jitter when Jira gives no Retry-After, and waits a little more than Retry-After when it does', async () => {
    const waitsWith = async (random: number, headers: Record<string, string>) => {
      const time = virtualClock(random);
      const jira = pacedJira(time, (_path, _init, call) => (call < 3 ? { status: 429, headers } : { status: 200, body: project }));
      await time.run(new JiraClient(jira.requester, roomy, time.clock).getProject('GYM'));
      return time.sleeps;
    };
    // No Retry-After: a doubling backoff (100, 200 ms), each wait between half of it and all of it.
    expect(await waitsWith(0, { 'ratelimit-reason': 'jira-burst-based' })).toEqual([50, 100]);
    expect(await waitsWith(0.5, { 'ratelimit-reason': 'jira-burst-based' })).toEqual([75, 150]);
    // A Retry-After of nothing asks for no particular wait: the backoff decides, rather than trying again at once.
    expect(await waitsWith(0, { 'ratelimit-reason': 'jira-burst-based', 'retry-after': '0' })).toEqual([50, 100]);
    // Retry-After: never sooner than asked, up to a fifth later.
    expect(await waitsWith(0, { 'retry-after': '1' })).toEqual([1_000, 1_000]);
    expect(await waitsWith(0.5, { 'retry-after': '1' })).toEqual([1_100, 1_100]);
  });

  it('paces each endpoint: a page needing 30 searches sends a few at a time, and fewer after a burst limit', async () => {
    const time = virtualClock();
    let call = 0;
    const jira = pacedJira(time, (path, init) => {
      if (path !== '/rest/api/3/search/jql') return { status: 200, body: project };
      call += 1;
      if (call === 12) return { status: 429, headers: { 'ratelimit-reason': 'jira-burst-based', 'retry-after': '1' } };
      const ids = must(/id in \(([^)]*)\)/.exec(JSON.parse(String(init?.body)).jql)?.[1], 'the ids the JQL names').split(', ');
      return { status: 200, body: { issues: ids.map((id) => ({ id, key: `GYM-${id}`, fields: {} })), isLast: true } };
    });
    const client = new JiraClient(jira.requester, { ...roomy, concurrencyPerEndpoint: 4 }, time.clock);
    const ids = Array.from({ length: 3_000 }, (_, n) => String(10_000 + n));
    const [issues, projectRead] = await time.run(Promise.all([client.issuesByIds(ids, ['summary']), client.getProject('GYM')]));
    expect(issues).toHaveLength(3_000);
    expect(projectRead.key).toBe('GYM');
    expect(jira.peak['POST /rest/api/3/search/jql']).toBe(4);
    // After the 429 (Retry-After 1 s), the endpoint sends half as many at once.
    const afterPause = jira.requests.filter((request) => request.path === '/rest/api/3/search/jql' && request.at >= 1_000);
    expect(afterPause.length).toBeGreaterThan(10);
    expect(Math.max(...afterPause.map((request) => request.concurrent))).toBe(2);
  });

  it('sends fewer calls to an endpoint at once once Jira says its budget is nearly spent', async () => {
    const time = virtualClock();
    let call = 0;
    const jira = pacedJira(time, (_path, init) => {
      call += 1;
      const ids = must(/id in \(([^)]*)\)/.exec(JSON.parse(String(init?.body)).jql)?.[1], 'the ids the JQL names').split(', ');
      return { status: 200, headers: call === 8 ? { 'x-ratelimit-nearlimit': 'true' } : ({} as Record<string, string>), body: { issues: ids.map((id) => ({ id, key: `GYM-${id}`, fields: {} })), isLast: true } };
    });
    const client = new JiraClient(jira.requester, { ...roomy, concurrencyPerEndpoint: 8 }, time.clock);
    await time.run(client.issuesByIds(Array.from({ length: 4_000 }, (_, n) => String(10_000 + n)), ['summary']));
    const concurrent = jira.requests.map((request) => request.concurrent);
    expect(Math.max(...concurrent.slice(0, 8))).toBe(8);
    // Once the calls in flight when Jira said so are answered, at most 4 go at once.
    expect(Math.max(...concurrent.slice(16))).toBe(4);
  });

  it('fails the calls waiting for a place on an endpoint too, none left hanging, when Jira pauses it past the budget', async () => {
    const time = virtualClock();
    const jira = pacedJira(time, () => ({ status: 429, headers: { 'ratelimit-reason': 'jira-burst-based', 'retry-after': '60' } }));
    const client = new JiraClient(jira.requester, { ...roomy, concurrencyPerEndpoint: 1 }, time.clock);
    const calls = [client.getProject('GYM'), client.getProject('GYM'), client.getProject('GYM')];
    const outcomes = await time.run(Promise.allSettled(calls));
    expect(outcomes.map((outcome) => outcome.status === 'rejected' && (outcome.reason as JiraRateLimitError).code)).toEqual(['RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(jira.requests).toHaveLength(1);
  });

  it('spaces out only the writes to the issue Jira names on a per-issue write limit', async () => {
    const time = virtualClock(0);
    let first = true;
    const jira = pacedJira(time, (path) => {
      if (path.startsWith('/rest/api/3/issue/GYM-1/') && first) {
        first = false;
        return { status: 429, headers: { 'ratelimit-reason': 'jira-per-issue-on-write', 'retry-after': '3' } };
      }
      return { status: 200, body: {} };
    });
    const client = new JiraClient(jira.requester, roomy, time.clock);
    const one = client.setIssueProperty('GYM-1', 'outcomes', { keyResultIds: [] });
    await time.settle();
    const other = client.setIssueProperty('GYM-2', 'outcomes', { keyResultIds: [] });
    await time.run(Promise.all([one, other]));
    expect(jira.requests.map((request) => [request.path, request.at])).toEqual([
      ['/rest/api/3/issue/GYM-1/properties/outcomes', 0],
      ['/rest/api/3/issue/GYM-2/properties/outcomes', 0],
      ['/rest/api/3/issue/GYM-1/properties/outcomes', 3_000],
    ]);
  });
});
