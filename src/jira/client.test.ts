import type { RequestInit, Response as ForgeResponse } from '@forge/api';
import { JiraClient, JiraError, type JiraRequester, type RetryPolicy } from './client';
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
