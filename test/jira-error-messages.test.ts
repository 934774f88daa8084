// What a person reads when Jira refuses or fails a request: a sentence that says what to do, never
// Jira's own error body (field ids, internals, other projects' names); that body goes to the log.
import { fixture, NOW, pinClock } from './support/fixture';
import { startPlatform, type TestPlatform, warningsBesidesRebuilding } from './support/platform';

beforeAll(() => pinClock(NOW));
afterAll(() => jest.useRealTimers());

/** A Jira error body full of what a user must not be shown and cannot act on. */
const INTERNAL = 'com.atlassian.jira.issue.fields.CustomFieldImpl customfield_10020 on node jira-prod-7 (tenant 3f1e9c) project SECRET-42';
const body = JSON.stringify({ errorMessages: [INTERNAL], errors: { customfield_10020: `${INTERNAL} is invalid` } });

let platform: TestPlatform;
let warn: jest.SpyInstance;
beforeEach(() => {
  platform = startPlatform({ data: fixture(NOW) });
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  warn.mockRestore();
  platform.close();
});

const logged = () => warn.mock.calls.map((args) => args.map(String).join(' ')).join('\n');

describe("a Jira error's body", () => {
  it.each([
    [400, 'JIRA', /Reload the page and try again/],
    [500, 'JIRA', /Try again in a minute/],
    [403, 'FORBIDDEN', /Check that you can open this project and its issues in Jira/],
  ])('%i: the answer says what to do, and only the log has what Jira said', async (status, code, advice) => {
    platform.jira.faults.inject({ path: '/rest/api/3/issue/GYM-1', status, body, times: Infinity });
    const answer = await platform.onIssuePanel('diego', 'getIssuePanel', 'GYM-1');
    expect(answer).toEqual({ ok: false, error: { code, message: expect.stringMatching(advice) } });
    expect(JSON.stringify(answer)).not.toMatch(/customfield|jira-prod|SECRET|com\.atlassian|tenant/);
    expect(logged()).toContain(INTERNAL);
  });
});

describe("a part of the project page Jira did not give", () => {
  it("is a warning that says what is missing and what to do, without Jira's words", async () => {
    platform.jira.faults.inject({ path: '/rest/api/3/search/jql', bodyIncludes: 'sprint not in openSprints()', status: 400, body, times: Infinity });
    const answer = await platform.onProjectPage('sam', 'getProjectOverview');
    expect(answer.ok && warningsBesidesRebuilding(answer.data)).toEqual([{ code: 'BACKLOG_UNAVAILABLE', message: 'The backlog could not be read just now. Reload the page in a minute to see it.' }]);
    expect(JSON.stringify(answer)).not.toMatch(/customfield|jira-prod|SECRET|com\.atlassian|tenant/);
    expect(logged()).toContain(INTERNAL);
  });
});
