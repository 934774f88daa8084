// Jira Software's fields on a site whose ids are not the usual ones: found through the real handler
// from the field list and the board's configuration. A page view finds them itself and keeps nothing
// (a read never writes); the sprint events keep their board's, and the hourly job reads them again.
import { jiraFieldsRefresher, sprintEventHandler } from '../src/index';
import { JIRA_FIELDS_LIFETIME_MS } from '../src/store/jira-fields';
import { fixture, NOW, pinClock } from './support/fixture';
import { dataOf, startPlatform, type TestPlatform, warningsBesidesRebuilding } from './support/platform';
import { must } from './support/must';

let platform: TestPlatform;
beforeAll(() => pinClock(NOW));
afterAll(() => jest.useRealTimers());
beforeEach(() => {
  platform = startPlatform({ data: fixture(NOW) });
});
afterEach(() => {
  platform.close();
  jest.setSystemTime(NOW);
});

const page = async () => dataOf(await platform.onProjectPage('sam', 'getProjectOverview'));
const activeSprint = async () => must((await page()).sprints.find((sprint) => sprint.state === 'active'), "(await page()).sprints.find((sprint) => sprint.state === 'active')");
const fieldReads = () => (platform.jira.calls.byRoute['GET /rest/api/3/field'] ?? 0) + (platform.jira.calls.byRoute['GET /rest/agile/1.0/board/{boardId}/configuration'] ?? 0);
const later = (ms: number) => jest.setSystemTime(NOW.getTime() + ms);
/** Jira's sprint-started event for the fixture's running sprint 2 of board 1. */
const sprintStarted = () =>
  platform.forge.deliverEvent({
    moduleKey: 'sprint-events',
    handler: sprintEventHandler,
    event: { eventType: 'avi:jira-software:started:sprint', sprint: { id: '2', name: 'GYM Sprint 2', originBoardId: '1', startDate: new Date(NOW.getTime() - 86_400_000).toISOString() } },
  });
const hourlyJob = () => platform.forge.deliverEvent({ moduleKey: 'jira-fields-refresh', handler: jiraFieldsRefresher, event: {} });

describe("the site's fields", () => {
  it('are found by a page view without writing anything, and kept by a sprint event for the views after it', async () => {
    await page();
    const before = platform.kvs.snapshot();
    expect(fieldReads()).toBe(2);
    await page();
    expect(fieldReads()).toBe(4);
    expect(platform.kvs.snapshot()).toBe(before);

    await sprintStarted();
    expect(fieldReads()).toBe(6);
    const kept = platform.kvs.snapshot();
    await page();
    await page();
    expect(fieldReads()).toBe(6);
    expect(platform.kvs.snapshot()).toBe(kept);
  });

  it('are read again by the hourly job, and found by the page itself once what was kept is past its lifetime', async () => {
    await sprintStarted();
    later(JIRA_FIELDS_LIFETIME_MS + 60_000);
    const reads = fieldReads();
    await page();
    expect(fieldReads()).toBe(reads + 2);
    expect(await hourlyJob()).toEqual({ boards: 1 });
    await page();
    expect(fieldReads()).toBe(reads + 4);
  });

  it('follow the board when its admin switches its estimation to another field, at the next hourly run', async () => {
    await sprintStarted();
    expect((await activeSprint()).alignedPointShare).toBe(0); // 8 points in the sprint, none aligned yet
    // The board now estimates with the site's plain "Story Points" number field, which no issue fills in.
    must(platform.jira.data.boards[0], 'platform.jira.data.boards[0]').estimationFieldId = 'customfield_10090';
    expect((await activeSprint()).alignedPointShare).toBe(0);
    await hourlyJob();
    expect((await activeSprint()).alignedPointShare).toBeNull();
  });

  it("fall back to the site's story-point field when the board's configuration is refused, or keep the one found before", async () => {
    platform.jira.faults.inject({ path: '/rest/agile/1.0/board/1/configuration', status: 403, times: 1 });
    expect((await activeSprint()).alignedPointShare).toBe(0); // the site's "Story point estimate": 8 points, none aligned
    must(platform.jira.data.boards[0], 'platform.jira.data.boards[0]').estimationFieldId = 'customfield_10090';
    await sprintStarted();
    expect((await activeSprint()).alignedPointShare).toBeNull();
    // Later the configuration is refused: the board's field found before is kept, not the site's.
    platform.jira.faults.inject({ path: '/rest/agile/1.0/board/1/configuration', status: 403, times: Infinity });
    await hourlyJob();
    expect((await activeSprint()).alignedPointShare).toBeNull();
  });

  it('say so on the page when the site has no Sprint field, instead of showing empty sprints silently', async () => {
    // A site without Jira Software's Sprint field (only a text field of that name).
    const listed = (await platform.jira.handle({ method: 'GET', path: '/rest/api/3/field', headers: {}, accountId: null })).body as Array<{ schema?: { custom?: string } }>;
    const withoutSprint = listed.filter((field) => field.schema?.custom !== 'com.pyxis.greenhopper.jira:gh-sprint');
    platform.jira.faults.inject({ path: '/rest/api/3/field', status: 200, times: Infinity, body: JSON.stringify(withoutSprint) });
    const overview = await page();
    expect(warningsBesidesRebuilding(overview).map((warning) => warning.code)).toEqual(['SPRINT_FIELD_NOT_FOUND']);
    expect(must(warningsBesidesRebuilding(overview)[0], 'warningsBesidesRebuilding(overview)[0]').message).toContain('Sprint field was not found');
    expect(overview.sprints.every((sprint) => sprint.issueCount === 0)).toBe(true);
  });
});
