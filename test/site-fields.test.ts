// Jira Software's fields on a site whose ids are not the usual ones: found through the real handler
// from the field list and the board's configuration, kept for their lifetime, then found again.
import { JIRA_FIELDS_LIFETIME_MS } from '../src/store/jira-fields';
import { fixture, NOW, pinClock } from './support/fixture';
import { dataOf, startPlatform, type TestPlatform } from './support/platform';

let platform: TestPlatform;
beforeAll(() => pinClock(NOW));
afterAll(() => jest.useRealTimers());
beforeEach(() => {
  platform = startPlatform({ data: fixture(NOW) });
});
afterEach(() => platform.close());

const page = async () => dataOf(await platform.onProjectPage('sam', 'getProjectOverview'));
const fieldReads = () => (platform.jira.calls.byRoute['GET /rest/api/3/field'] ?? 0) + (platform.jira.calls.byRoute['GET /rest/agile/1.0/board/{boardId}/configuration'] ?? 0);

describe("the site's fields", () => {
  it('are read once, kept for their lifetime, and read again after it', async () => {
    const first = await page();
    expect(fieldReads()).toBe(2);
    expect(first.sprints.find((sprint) => sprint.state === 'active')!.alignedPointShare).toBe(0);
    await page();
    jest.setSystemTime(NOW.getTime() + JIRA_FIELDS_LIFETIME_MS - 60_000);
    await page();
    expect(fieldReads()).toBe(2);
    jest.setSystemTime(NOW.getTime() + JIRA_FIELDS_LIFETIME_MS + 60_000);
    await page();
    expect(fieldReads()).toBe(4);
    jest.setSystemTime(NOW);
  });

  it("follow the board when its admin switches its estimation to another field, once what was kept expires", async () => {
    const before = (await page()).sprints.find((sprint) => sprint.state === 'active')!;
    expect(before.alignedPointShare).toBe(0); // 8 points in the sprint, none aligned yet
    // The board now estimates with the site's plain "Story Points" number field, which no issue fills in.
    platform.jira.data.boards[0]!.estimationFieldId = 'customfield_10090';
    expect((await page()).sprints.find((sprint) => sprint.state === 'active')!.alignedPointShare).toBe(0);
    jest.setSystemTime(NOW.getTime() + JIRA_FIELDS_LIFETIME_MS + 60_000);
    expect((await page()).sprints.find((sprint) => sprint.state === 'active')!.alignedPointShare).toBeNull();
    jest.setSystemTime(NOW);
  });

  it("fall back to the site's story-point field when the board's configuration is refused, or keep the one read before", async () => {
    platform.jira.faults.inject({ path: '/rest/agile/1.0/board/1/configuration', status: 403, times: 1 });
    const activeOf = async () => (await page()).sprints.find((sprint) => sprint.state === 'active')!;
    expect((await activeOf()).alignedPointShare).toBe(0); // the site's "Story point estimate": 8 points, none aligned
    // Someone who may read the board's configuration finds it estimates with "Story Points" (no values).
    platform.jira.data.boards[0]!.estimationFieldId = 'customfield_10090';
    jest.setSystemTime(NOW.getTime() + JIRA_FIELDS_LIFETIME_MS + 60_000);
    expect((await activeOf()).alignedPointShare).toBeNull();
    // Later the configuration is refused: the board's field read before is kept, not the site's.
    platform.jira.faults.inject({ path: '/rest/agile/1.0/board/1/configuration', status: 403, times: Infinity });
    jest.setSystemTime(NOW.getTime() + 2 * JIRA_FIELDS_LIFETIME_MS + 120_000);
    expect((await activeOf()).alignedPointShare).toBeNull();
    jest.setSystemTime(NOW);
  });

  it('say so on the page when the site has no Sprint field, instead of showing empty sprints silently', async () => {
    // A site without Jira Software's Sprint field (only a text field of that name).
    const listed = (await platform.jira.handle({ method: 'GET', path: '/rest/api/3/field', headers: {}, accountId: null })).body as Array<{ schema?: { custom?: string } }>;
    const withoutSprint = listed.filter((field) => field.schema?.custom !== 'com.pyxis.greenhopper.jira:gh-sprint');
    platform.jira.faults.inject({ path: '/rest/api/3/field', status: 200, times: Infinity, body: JSON.stringify(withoutSprint) });
    const overview = await page();
    expect(overview.warnings.map((warning) => warning.code)).toEqual(['SPRINT_FIELD_NOT_FOUND']);
    expect(overview.warnings[0]!.message).toContain('Sprint field was not found');
    expect(overview.sprints.every((sprint) => sprint.issueCount === 0)).toBe(true);
  });
});
