// The project page sends the browser what it shows (issue 15): the backlog a page at a time in
// Jira's rank order, filtered by Key Result on the server; a Key Result's linked issues when its row
// opens; and an overview that stays small however large the project grows. On generated tenants
// (bench/generate.ts), seeded through the app's own code, against the local Jira and storage.
import { BENCH_TODAY, generateTenant, type Tenant } from '../bench/generate';
import { type BenchPlatform, startBenchPlatform } from '../bench/platform';
import { seedTenant } from '../bench/seed';
import type { BacklogFilter, BacklogItem, DataOf, Envelope, LinkedIssueItem, ResolverKey } from '../src/contract';
import { backlogJql } from '../src/jira/issues';
import { pinClock } from './support/fixture';
import { must } from './support/must';

beforeAll(() => pinClock(BENCH_TODAY));
afterAll(() => jest.useRealTimers());

function dataOf<T>(envelope: Envelope<T>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.data;
}

async function seeded(size: number): Promise<{ tenant: Tenant; platform: BenchPlatform }> {
  const tenant = generateTenant(size);
  const platform = startBenchPlatform(tenant.data, tenant.subjects.projectKey);
  await seedTenant(platform, tenant);
  return { tenant, platform };
}

/** What Jira's own search finds, every page, as Sam (keys in Jira's order). */
async function jiraSearch(platform: BenchPlatform, jql: string): Promise<string[]> {
  const keys: string[] = [];
  let nextPageToken: string | undefined;
  do {
    const answer = await platform.jira.handle({
      method: 'POST',
      path: '/rest/api/3/search/jql',
      headers: { 'content-type': 'application/json' },
      body: { jql, fields: ['summary'], maxResults: 100, ...(nextPageToken ? { nextPageToken } : {}) },
      accountId: null,
    });
    expect(answer.status).toBe(200);
    const body = answer.body as { issues: Array<{ key: string }>; nextPageToken?: string; isLast?: boolean };
    keys.push(...body.issues.map((issue) => issue.key));
    nextPageToken = body.isLast ? undefined : body.nextPageToken;
  } while (nextPageToken);
  return keys;
}

const call = <K extends ResolverKey>(platform: BenchPlatform, key: K, payload: unknown = {}): Promise<DataOf<K>> =>
  platform.onProjectPage('sam', key, payload).then(dataOf);

/** Every page of the backlog, "Show more" after "Show more". */
async function wholeBacklog(platform: BenchPlatform, filter?: BacklogFilter): Promise<BacklogItem[][]> {
  const pages: BacklogItem[][] = [];
  let cursor: string | undefined;
  do {
    const page = await call(platform, 'getBacklogPage', { ...(cursor ? { cursor } : {}), ...(filter ? { filter } : {}) });
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 200);
  return pages;
}

describe('the backlog, a page at a time (500 issues)', () => {
  let tenant: Tenant;
  let platform: BenchPlatform;
  beforeAll(async () => {
    ({ tenant, platform } = await seeded(500));
  }, 120_000);
  // The background work the views asked for ends before the platform goes, so none of it outlives the test.
  afterAll(async () => {
    await platform.forge.queuesSettled();
    platform.close();
  });

  const directLinks = () => {
    const byIssue = new Map<string, string[]>();
    for (const link of tenant.links) byIssue.set(link.issueId, [...(byIssue.get(link.issueId) ?? []), link.keyResultId]);
    return byIssue;
  };
  const keyOf = (issueId: string) => must(tenant.data.issues.find((issue) => issue.id === issueId), 'tenant.data.issues.find((issue) => issue.id === issueId)').key;

  it('comes with the overview as its first 50 issues, and "Show more" brings the rest in rank order', async () => {
    const whole = await jiraSearch(platform, backlogJql('BIG'));
    expect(whole.length).toBeGreaterThan(120);
    const overview = await call(platform, 'getProjectOverview');
    expect(overview.backlog.map((item) => item.key)).toEqual(whole.slice(0, 50));
    expect(overview.backlogNextCursor).toEqual(expect.any(String));

    const second = await call(platform, 'getBacklogPage', { cursor: overview.backlogNextCursor });
    expect(second.items.map((item) => item.key)).toEqual(whole.slice(50, 100));
    expect(second.items.map((item) => item.rank)).toEqual(whole.slice(50, 100).map((_, index) => 51 + index));

    const pages = await wholeBacklog(platform);
    expect(pages.every((page) => page.length <= 50)).toBe(true);
    expect(pages.flat().map((item) => item.key)).toEqual(whole);
    expect(pages.flat().map((item) => item.rank)).toEqual(whole.map((_, index) => index + 1));
  });

  it('tags each issue with the Key Results it serves, its own links or its parent’s', async () => {
    const links = directLinks();
    const parentIdOf = new Map(tenant.data.issues.map((issue) => [issue.key, tenant.data.issues.find((parent) => parent.key === issue.parentKey)?.id]));
    const items = (await wholeBacklog(platform)).flat();
    expect(items.some((item) => item.keyResultIds.length > 0)).toBe(true);
    for (const item of items) {
      const issueId = must(tenant.data.issues.find((issue) => issue.key === item.key), 'tenant.data.issues.find((issue) => issue.key === item.key)').id;
      const parentId = parentIdOf.get(item.key);
      const expected = new Set([...(links.get(issueId) ?? []), ...(parentId ? (links.get(parentId) ?? []) : [])]);
      expect({ key: item.key, served: [...item.keyResultIds].sort() }).toEqual({ key: item.key, served: [...expected].sort() });
    }
  });

  it('filters by a Key Result on the server: exactly the backlog issues linked to it, in rank order', async () => {
    const whole = await jiraSearch(platform, backlogJql('BIG'));
    const links = directLinks();
    const counts = new Map<string, number>();
    for (const key of whole) {
      const issueId = must(tenant.data.issues.find((issue) => issue.key === key), 'tenant.data.issues.find((issue) => issue.key === key)').id;
      for (const keyResultId of links.get(issueId) ?? []) counts.set(keyResultId, (counts.get(keyResultId) ?? 0) + 1);
    }
    const [keyResultId] = must([...counts].sort((a, b) => b[1] - a[1])[0], '[...counts].sort((a, b) => b[1] - a[1])[0]');
    const expected = whole.filter((key) => (links.get(must(tenant.data.issues.find((issue) => issue.key === key), 'tenant.data.issues.find((issue) => issue.key === key)').id) ?? []).includes(keyResultId));
    expect(expected.length).toBeGreaterThan(0);
    const items = (await wholeBacklog(platform, { keyResultId })).flat();
    expect(items.map((item) => item.key)).toEqual(expected);
    expect(items.every((item) => item.keyResultIds.includes(keyResultId))).toBe(true);
  });

  it('filters the issues serving no Key Result, neither by their own links nor by their parent’s', async () => {
    const whole = await jiraSearch(platform, backlogJql('BIG'));
    const links = directLinks();
    const byKey = new Map(tenant.data.issues.map((issue) => [issue.key, issue]));
    const serves = (key: string) => {
      const issue = must(byKey.get(key), 'byKey.get(key)');
      const parent = issue.parentKey ? byKey.get(issue.parentKey) : undefined;
      return links.has(issue.id) || (parent !== undefined && links.has(parent.id));
    };
    const throughParent = whole.filter((key) => !links.has(must(byKey.get(key), 'byKey.get(key)').id) && serves(key));
    expect(throughParent.length).toBeGreaterThan(0);
    const expected = whole.filter((key) => !serves(key));
    expect(expected.length).toBeGreaterThan(0);
    const items = (await wholeBacklog(platform, 'unaligned')).flat();
    expect(items.map((item) => item.key)).toEqual(expected);
    expect(items.every((item) => item.keyResultIds.length === 0)).toBe(true);
  });

  it('refuses a cursor of another filter’s list', async () => {
    const overview = await call(platform, 'getProjectOverview');
    const answer = await platform.onProjectPage('sam', 'getBacklogPage', { cursor: overview.backlogNextCursor, filter: 'unaligned' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'cursor' } });
  });

  it('says to try again when Jira fails the search, and continues from the same cursor once it answers', async () => {
    const overview = await call(platform, 'getProjectOverview');
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      platform.jira.faults.inject({ path: '/rest/api/3/search/jql', status: 503, times: Infinity });
      const failed = await platform.onProjectPage('sam', 'getBacklogPage', { cursor: overview.backlogNextCursor });
      expect(failed).toEqual({ ok: false, error: { code: 'JIRA', message: expect.stringMatching(/Try again in a minute/) } });
    } finally {
      platform.jira.faults.clear();
      warn.mockRestore();
    }
    const again = await call(platform, 'getBacklogPage', { cursor: overview.backlogNextCursor });
    expect(must(again.items[0], 'again.items[0]').rank).toBe(51);
  });

  it('sends only counts of a Key Result’s linked work with the overview; its issues load when asked for, 50 a page, with their status', async () => {
    const overview = await call(platform, 'getProjectOverview');
    const keyResults = overview.objectives.flatMap((objective) => objective.keyResults);
    for (const keyResult of keyResults) expect(keyResult).not.toHaveProperty('issues');
    let biggest = must([...keyResults].sort((a, b) => b.linkedIssues.total - a.linkedIssues.total)[0], '[...keyResults].sort((a, b) => b.linkedIssues.total - a.l…');
    // More than a page of work: Diego links 40 more backlog issues to it from their panels.
    const linkedBefore = new Set(tenant.links.filter((link) => link.keyResultId === biggest.id).map((link) => keyOf(link.issueId)));
    const more = (await jiraSearch(platform, backlogJql('BIG'))).filter((key) => !linkedBefore.has(key)).slice(0, 40);
    for (const key of more) dataOf(await platform.onIssuePanel('diego', 'linkIssue', key, { keyResultId: biggest.id }));
    biggest = must((await call(platform, 'getProjectOverview')).objectives.flatMap((objective) => objective.keyResults).find((keyResult) => keyResult.id === biggest.id), '(await call(platform, \'getProjectOverview\')).objectives…');
    expect(biggest.linkedIssues.total).toBeGreaterThan(50);

    const shown: LinkedIssueItem[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(platform, 'getKeyResultIssues', { keyResultId: biggest.id, ...(cursor ? { cursor } : {}) });
      expect(page.issues.length).toBeLessThanOrEqual(50);
      shown.push(...page.issues);
      cursor = page.nextCursor;
    } while (cursor);
    expect(shown.map((issue) => issue.key).sort()).toEqual([...linkedBefore, ...more].sort());
    const category = (name: string) => shown.filter((issue) => issue.statusCategory === name).length;
    expect({ total: shown.length, todo: category('todo'), inProgress: category('inprogress'), done: category('done') }).toEqual(biggest.linkedIssues);
  });
});

describe('the overview at 20,000 issues', () => {
  it('stays under 300 KB', async () => {
    const { platform } = await seeded(20_000);
    try {
      const overview = await call(platform, 'getProjectOverview');
      const bytes = Buffer.byteLength(JSON.stringify({ ok: true, data: overview }), 'utf8');
      expect(bytes).toBeLessThan(300 * 1024);
      expect(overview.backlog).toHaveLength(50);
    } finally {
      await platform.forge.queuesSettled();
      platform.close();
    }
  }, 300_000);
});
