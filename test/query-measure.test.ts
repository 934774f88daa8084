// Key Results measured by Jira, through the real handlers: set up in the Key Result's save (the query
// tried once, as the person saving it), refreshed on demand, hourly (the scheduled trigger and its
// queue) and when a sprint closes; a broken query keeps the last value and shows its error; the query
// never counts more than its author may browse, whoever refreshes it.
import { createDemoData, DEMO_TODAY } from '../local/jira/demo-data';
import { demoOkrExport } from '../local/demo-okrs';
import type { Envelope, KeyResultView, ProjectOverviewData } from '../src/contract';
import { queryRefresher, sprintEventHandler } from '../src/index';
import { pinClock } from './support/fixture';
import { must } from './support/must';
import { dataOf, type DemoUser, startPlatform, type TestPlatform, USERS } from './support/platform';

beforeAll(() => pinClock(DEMO_TODAY));
afterAll(() => jest.useRealTimers());

const BOOKING_BUGS = 'project = GYM AND issuetype = Bug AND statusCategory != Done AND text ~ "booking"';
const metric = { direction: 'decrease', start: 6, target: 0, current: 6 } as const;

let platform: TestPlatform;
let objectiveId: string;

beforeAll(async () => {
  platform = startPlatform({ data: createDemoData({ today: DEMO_TODAY }) });
  dataOf(await platform.onProjectPage('priya', 'importData', { data: demoOkrExport(DEMO_TODAY) }));
  // Diego, a Product Owner named in settings, may browse GYM but not OPS.
  dataOf(await platform.onProjectPage('priya', 'saveSettings', { productOwnerAccountIds: [USERS.priya, USERS.diego] }));
  const overview = dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
  objectiveId = must(overview.objectives.find((objective) => objective.status === 'active' && objective.keyResults.length < 5), 'an active Objective').id;
});
afterAll(() => platform.close());

/** Jira's own count of the JQL for a user (the emulator's search, as that user). */
async function countAs(user: DemoUser, jql: string, on: TestPlatform = platform): Promise<number> {
  const answer = await on.jira.handle({ method: 'POST', path: '/rest/api/3/search/approximate-count', headers: { 'content-type': 'application/json' }, body: { jql }, accountId: USERS[user] } as never);
  return (answer.body as { count: number }).count;
}

function setUp(user: DemoUser, title: string, measure: Record<string, unknown>): Promise<Envelope<KeyResultView>> {
  return platform.onProjectPage(user, 'saveKeyResult', { keyResult: { objectiveId, title, metric, measure } });
}

async function keyResultNow(id: string, user: DemoUser = 'sofia'): Promise<KeyResultView> {
  const overview: ProjectOverviewData = dataOf(await platform.onProjectPage(user, 'getProjectOverview'));
  return must(overview.objectives.flatMap((objective) => objective.keyResults).find((keyResult) => keyResult.id === id), id);
}

function newBookingBug(summary: string): string {
  return platform.jira.createIssue({ projectKey: 'GYM', issueTypeId: '10004', summary });
}

async function runHourly(): Promise<void> {
  await platform.forge.deliverEvent({ moduleKey: 'query-refresh-hourly', handler: queryRefresher, event: {} });
  await platform.forge.queuesSettled();
}

describe('setting a query up', () => {
  it('tries the query once and takes its value, as a check-in whose source is query', async () => {
    const saved = dataOf(await setUp('priya', 'Open bugs about booking', { jql: BOOKING_BUGS, fn: 'count' }));
    const expected = await countAs('priya', BOOKING_BUGS);
    expect(saved.metric.current).toBe(expected);
    expect(saved.measure).toMatchObject({ jql: BOOKING_BUGS, fn: 'count', accountId: USERS.priya });
    expect(saved.measure?.problem).toBeUndefined();
    expect(saved.lastCheckIn).toMatchObject({ source: 'query', value: expected, accountId: USERS.priya });
    expect(saved.burnUp.at(-1)).toMatchObject({ source: 'query', value: expected });
    // Viewers see the value and where it comes from.
    expect((await keyResultNow(saved.id)).measure).toMatchObject({ fn: 'count' });
  });

  it('sums the site’s story points (the field found on the site, not assumed) and a custom number field by id', async () => {
    const jql = 'project = GYM AND issuetype = Bug';
    const points = platform.data.issues.filter((issue) => issue.projectKey === 'GYM' && issue.issueTypeId === '10004').reduce((sum, issue) => sum + (issue.storyPoints ?? 0), 0);
    expect(points).toBeGreaterThan(0);
    const bySite = dataOf(await setUp('priya', 'Bug points', { jql, fn: 'sum', field: 'story-points' }));
    expect(bySite.metric.current).toBe(points);
    const byId = dataOf(await setUp('priya', 'Bug points by id', { jql, fn: 'sum', field: platform.data.customFields.storyPoints }));
    expect(byId.metric.current).toBe(points);
    const average = dataOf(await setUp('priya', 'Average bug points', { jql, fn: 'average', field: 'story-points' }));
    expect(average.metric.current).toBeGreaterThan(0);
  });

  it('takes the median age in days of the issues found', async () => {
    const jql = 'project = GYM AND issuetype = Bug';
    const ages = platform.data.issues
      .filter((issue) => issue.projectKey === 'GYM' && issue.issueTypeId === '10004')
      .map((issue) => (DEMO_TODAY.getTime() - Date.parse(issue.created)) / 86_400_000)
      .sort((a, b) => a - b);
    const middle = Math.floor(ages.length / 2);
    const median = ages.length % 2 ? (ages[middle] as number) : ((ages[middle - 1] as number) + (ages[middle] as number)) / 2;
    const saved = dataOf(await setUp('priya', 'Age of open bugs', { jql, fn: 'median-age' }));
    expect(saved.metric.current).toBeCloseTo(median, 1);
  });

  it('refuses a JQL Jira refuses, on the jql field, with Jira’s words, and writes nothing', async () => {
    const before = platform.kvs.snapshot();
    const answer = await setUp('priya', 'Broken', { jql: 'project = NOPE AND', fn: 'count' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'keyResult.measure.jql' } });
    expect(!answer.ok && answer.error.message).toMatch(/Jira refused the query/);
    expect(platform.kvs.snapshot()).toBe(before);
  });

  it('refuses a sum over a field that is not a number, or no field, or an over-long JQL', async () => {
    expect(await setUp('priya', 'Text sum', { jql: 'project = GYM', fn: 'sum', field: 'customfield_10091' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'keyResult.measure.field' } });
    expect(await setUp('priya', 'No field', { jql: 'project = GYM', fn: 'sum' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await setUp('priya', 'Long', { jql: `project = GYM${' '.repeat(1990)}AND issuetype = Bug`, fn: 'count' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('is refused to a developer', async () => {
    const before = platform.kvs.snapshot();
    expect(await setUp('mei', 'Open bugs', { jql: BOOKING_BUGS, fn: 'count' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(platform.kvs.snapshot()).toBe(before);
  });
});

describe('refreshing', () => {
  let keyResult: KeyResultView;
  beforeAll(async () => {
    // A person's check-in first: the query's values carry its confidence.
    keyResult = dataOf(await setUp('priya', 'Open booking bugs (refreshed)', { jql: BOOKING_BUGS, fn: 'count' }));
    keyResult = dataOf(await platform.onProjectPage('priya', 'checkIn', { keyResultId: keyResult.id, value: keyResult.metric.current, confidence: 4 }));
  });

  it('on demand: a changed value is a query check-in with the last typed confidence; the Key Result’s confidence stays', async () => {
    newBookingBug('Booking confirmation email never arrives');
    const refreshed = dataOf(await platform.onProjectPage('priya', 'refreshKeyResult', { keyResultId: keyResult.id }));
    expect(refreshed.metric.current).toBe(keyResult.metric.current + 1);
    expect(refreshed.lastCheckIn).toMatchObject({ source: 'query', confidence: 4, value: keyResult.metric.current + 1 });
    expect(refreshed.confidence).toBe(4);
    // The same value again writes nothing.
    const again = dataOf(await platform.onProjectPage('priya', 'refreshKeyResult', { keyResultId: keyResult.id }));
    expect([again.version, again.checkInCount]).toEqual([refreshed.version, refreshed.checkInCount]);
    keyResult = refreshed;
  });

  it('on demand is refused to a developer, and to a Key Result no query measures', async () => {
    expect(await platform.onProjectPage('mei', 'refreshKeyResult', { keyResultId: keyResult.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const typed = must((await keyResultNow(keyResult.id)) && dataOf(await platform.onProjectPage('priya', 'getProjectOverview')).objectives.flatMap((o) => o.keyResults).find((kr) => !kr.measure), 'a typed Key Result');
    expect(await platform.onProjectPage('priya', 'refreshKeyResult', { keyResultId: typed.id })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'keyResultId' } });
  });

  it('hourly: the scheduled trigger queues every query-measured Key Result and the queue refreshes them', async () => {
    newBookingBug('Booking button greyed out for guests');
    await runHourly();
    const after = await keyResultNow(keyResult.id);
    expect(after.metric.current).toBe(keyResult.metric.current + 1);
    expect(after.lastCheckIn?.source).toBe('query');
    expect(platform.forge.deliveries.filter((delivery) => delivery.moduleKey === 'query-refresh').every((delivery) => delivery.outcome === 'done')).toBe(true);
    keyResult = after;
  });

  it('when a sprint closes: the project’s query-measured Key Results are refreshed', async () => {
    newBookingBug('Booking a trainer double-charges');
    const active = must(platform.data.sprints.find((sprint) => sprint.state === 'active'), 'the running sprint');
    const closed = platform.jira.closeSprint(active.id, { at: DEMO_TODAY });
    // No Key Result served this sprint, so no review opens: the board's project is refreshed all the same.
    await platform.forge.deliverEvent({ moduleKey: 'sprint-events', handler: sprintEventHandler, event: { eventType: 'avi:jira-software:closed:sprint', sprint: closed } });
    await platform.forge.queuesSettled();
    expect((await keyResultNow(keyResult.id)).metric.current).toBe(keyResult.metric.current + 1);
  });
});

describe('a query that breaks', () => {
  it('shows Jira’s error on the Key Result and keeps the last good value, until it works again', async () => {
    // Priya may browse OPS when she sets it up; then she loses it.
    const jql = 'project = OPS AND statusCategory != Done';
    const saved = dataOf(await setUp('priya', 'Open OPS work', { jql, fn: 'count' }));
    expect(saved.metric.current).toBeGreaterThan(0);
    const grants = platform.jira.data.permissions.filter((grant) => grant.accountId === USERS.priya && grant.projectKey === 'OPS');
    const kept = grants.map((grant) => [...grant.permissions]);
    for (const grant of grants) grant.permissions = [];
    const refreshed = dataOf(await platform.onProjectPage('priya', 'refreshKeyResult', { keyResultId: saved.id }));
    expect(refreshed.metric.current).toBe(saved.metric.current);
    expect(refreshed.measure?.problem?.message).toMatch(/Jira refused the query: .*OPS/);
    expect((await keyResultNow(saved.id)).measure?.problem).toBeDefined();
    // The hourly run finds the same problem and writes nothing more.
    const version = (await keyResultNow(saved.id)).version;
    await runHourly();
    expect((await keyResultNow(saved.id)).version).toBe(version);
    grants.forEach((grant, i) => (grant.permissions = must(kept[i], 'grant')));
    const healed = dataOf(await platform.onProjectPage('priya', 'refreshKeyResult', { keyResultId: saved.id }));
    expect(healed.measure?.problem).toBeUndefined();
  });
});

describe('whose rights a query runs with', () => {
  it('counts only what its author may browse, also when someone who sees more refreshes it', async () => {
    const jql = 'statusCategory != Done';
    const [asDiego, asPriya] = [await countAs('diego', jql), await countAs('priya', jql)];
    expect(asPriya).toBeGreaterThan(asDiego);
    const saved = dataOf(await setUp('diego', 'Open work anywhere', { jql, fn: 'count' }));
    expect(saved.metric.current).toBe(asDiego);
    // Priya sees OPS too; the refresh she asks for still runs as Diego (impersonated), not as her.
    newBookingBug('Booking list empty after an update');
    const refreshed = dataOf(await platform.onProjectPage('priya', 'refreshKeyResult', { keyResultId: saved.id }));
    expect(refreshed.metric.current).toBe(asDiego + 1);
    // And so does the hourly run, which has no user of its own (never the app's rights).
    newBookingBug('Booking times shown in the wrong time zone');
    await runHourly();
    expect((await keyResultNow(saved.id)).metric.current).toBe(asDiego + 2);
  });
});

describe('where the platform will not act as the author', () => {
  it('records that as the problem, keeps the value, and never falls back to the app’s rights', async () => {
    const saved = dataOf(await setUp('diego', 'Open work Diego sees', { jql: 'statusCategory != Done', fn: 'count' }));
    platform.forge.allowImpersonation(false);
    try {
      newBookingBug('Booking spinner never stops');
      await runHourly();
      const after = await keyResultNow(saved.id);
      expect(after.metric.current).toBe(saved.metric.current);
      expect(after.measure?.problem?.message).toMatch(/could not run the query with the rights of the person who set it up/);
      // Diego's own "Refresh now" is his session: it works.
      const refreshed = dataOf(await platform.onProjectPage('diego', 'refreshKeyResult', { keyResultId: saved.id }));
      expect([refreshed.metric.current, refreshed.measure?.problem]).toEqual([saved.metric.current + 1, undefined]);
    } finally {
      platform.forge.allowImpersonation(true);
    }
  });
});

describe('export and import', () => {
  it('carry the measure, and the imported Key Result joins the hourly refresh', async () => {
    const exported = dataOf(await platform.onProjectPage('priya', 'exportData'));
    const measured = (exported.keyResults as Array<{ id: string; measure?: { jql: string } }>).filter((keyResult) => keyResult.measure);
    expect(measured.length).toBeGreaterThan(0);
    // One runtime per process: the site the export goes to replaces this one.
    platform.close();
    const other = startPlatform({ data: createDemoData({ today: DEMO_TODAY }) });
    platform = other;
    {
      dataOf(await other.onProjectPage('priya', 'importData', { data: exported }));
      const id = must(measured.find((keyResult) => keyResult.measure?.jql === BOOKING_BUGS), 'the booking bugs Key Result').id;
      const before = must(dataOf(await other.onProjectPage('priya', 'getProjectOverview')).objectives.flatMap((o) => o.keyResults).find((kr) => kr.id === id), id);
      expect(before.measure?.jql).toBe(BOOKING_BUGS);
      other.jira.createIssue({ projectKey: 'GYM', issueTypeId: '10004', summary: 'Booking reminder goes to the wrong member' });
      await other.forge.deliverEvent({ moduleKey: 'query-refresh-hourly', handler: queryRefresher, event: {} });
      await other.forge.queuesSettled();
      const after = must(dataOf(await other.onProjectPage('priya', 'getProjectOverview')).objectives.flatMap((o) => o.keyResults).find((kr) => kr.id === id), id);
      expect(after.lastCheckIn?.source).toBe('query');
      expect(after.metric.current).toBe(await countAs('priya', BOOKING_BUGS, other));
    }
  });
});
