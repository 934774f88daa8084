// getProjectOverview through the real handler, the real Forge SDKs and the emulated platform.
import { demoOkrExport } from '../local/demo-okrs';
import type { ProjectOverviewData } from '../src/contract';
import { createDemoData } from '../local/jira/demo-data';
import type { JiraData } from '../local/jira/model';
import { dataOf, startPlatform, type TestPlatform, warningsBesidesRebuilding } from './support/platform';
import { must } from './support/must';

/** What the page should list, worked out from the raw Jira data independently of the app's code. */
function expectedFromData(data: JiraData, cycle: { startDate: string; endDate: string; state: string }) {
  const sprintById = new Map(data.sprints.map((sprint) => [sprint.id, sprint]));
  const statusCategory = new Map(data.statuses.map((status) => [status.id, status.categoryKey]));
  const subtaskTypes = new Set(data.issueTypes.filter((type) => type.subtask).map((type) => type.id));
  // A sprint belongs to the cycle it ends in; one not yet scheduled belongs to the current cycle.
  const sprints = data.sprints.filter(
    (sprint) =>
      sprint.originBoardId === 1 &&
      (sprint.endDate
        ? sprint.endDate.slice(0, 10) >= cycle.startDate && sprint.endDate.slice(0, 10) <= cycle.endDate
        : cycle.state === 'active'),
  );
  const backlog = data.issues
    .filter((issue) => issue.projectKey === 'GYM')
    .filter((issue) => statusCategory.get(issue.statusId) !== 'done')
    .filter((issue) => !subtaskTypes.has(issue.issueTypeId))
    .filter((issue) => !issue.sprintIds.some((id) => sprintById.get(id)?.state === 'active'))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
  return { sprints, backlog };
}

describe('getProjectOverview', () => {
  let platform: TestPlatform;
  beforeEach(() => {
    platform = startPlatform();
  });
  afterEach(() => platform.close());

  it('shows the Product Owner the current cycle’s sprints with their Sprint Goals, and the ranked backlog', async () => {
    const overview = dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
    expect(overview.project).toEqual({ key: 'GYM', name: 'GymTonic Member App' });
    expect(overview.cycle.state).toBe('active');
    expect(overview.cycle.kind).toBe('quarter');
    const today = new Date().toISOString().slice(0, 10);
    expect(overview.cycle.startDate <= today && today <= overview.cycle.endDate).toBe(true);
    expect(overview.cycles.map((cycle) => cycle.id)).toContain(overview.cycle.id);
    expect(overview.board).toEqual({ id: 1, name: expect.any(String) });

    const expected = expectedFromData(platform.data, overview.cycle);
    expect(overview.sprints.map((sprint) => [sprint.id, sprint.name, sprint.state, sprint.goal])).toEqual(
      expected.sprints.map((sprint) => [sprint.id, sprint.name, sprint.state, sprint.goal]),
    );
    const active = overview.sprints.filter((sprint) => sprint.state === 'active');
    expect(active).toHaveLength(1);
    expect(must(active[0], 'active[0]').goal.length).toBeGreaterThan(10);
    expect(overview.sprints.some((sprint) => sprint.state === 'future' && !sprint.endDate)).toBe(true);

    expect(overview.backlog.map((item) => item.key)).toEqual(expected.backlog.map((issue) => issue.key));
    expect(overview.backlog.map((item) => item.rank)).toEqual(overview.backlog.map((_, index) => index + 1));
    expect(overview.backlog.length).toBeGreaterThan(20);
    expect(overview.backlog.some((item) => item.storyPoints !== undefined)).toBe(true);
    // GymTonic's story-point and Sprint fields have ids of their own: the page finds them.
    expect(overview.backlog.map((item) => item.storyPoints ?? null)).toEqual(expected.backlog.map((issue) => issue.storyPoints));
    const subtaskTypes = new Set(platform.data.issueTypes.filter((type) => type.subtask).map((type) => type.id));
    for (const sprint of overview.sprints) {
      // Units of work: stories, tasks and bugs, and sub-tasks whose parent is not in the sprint.
      const inSprint = platform.data.issues.filter((issue) => issue.projectKey === 'GYM' && issue.sprintIds.includes(sprint.id));
      const keys = new Set(inSprint.map((issue) => issue.key));
      const units = inSprint.filter((issue) => !subtaskTypes.has(issue.issueTypeId) || !keys.has(issue.parentKey ?? ''));
      expect([sprint.name, sprint.issueCount]).toEqual([sprint.name, units.length]);
    }
    expect(overview.sprints.some((sprint) => sprint.issueCount > 0)).toBe(true);
    expect(new Set(overview.backlog.map((item) => item.statusCategory))).not.toContain('done');
  });

  it('lets a stakeholder who may only browse see the same page', async () => {
    const asPo = dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
    const asStakeholder = dataOf(await platform.onProjectPage('sofia', 'getProjectOverview'));
    expect(asStakeholder.sprints).toEqual(asPo.sprints);
    expect(asStakeholder.backlog).toEqual(asPo.backlog);
  });

  it('refuses a user without access to the project with a message saying what is missing, and shows nothing', async () => {
    const answer = await platform.onProjectPage('oscar', 'getProjectOverview');
    expect(answer).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('Browse projects permission on GYM') },
    });
  });

  it('shows an earlier cycle’s sprints when asked for that cycle', async () => {
    const current = dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
    const previousId = must(current.cycles.find((cycle) => cycle.kind === 'quarter' && cycle.endDate < current.cycle.startDate), "current.cycles.find((cycle) => cycle.kind === 'quarter' && cycle.endDate < current.cycle.startDate)").id;
    const previous = dataOf(await platform.onProjectPage('priya', 'getProjectOverview', { cycleId: previousId }));
    expect(previous.cycle.id).toBe(previousId);
    expect(previous.cycle.state).toBe('closed');
    const expected = expectedFromData(platform.data, previous.cycle);
    expect(previous.sprints.map((sprint) => sprint.id)).toEqual(expected.sprints.map((sprint) => sprint.id));
    expect(previous.sprints.every((sprint) => sprint.state === 'closed')).toBe(true);
  });

  it('answers VALIDATION with the field for a malformed payload', async () => {
    expect(await platform.onProjectPage('priya', 'getProjectOverview', { cycleId: '2026-Q9' })).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('cycle id'), field: 'cycleId' },
    });
    expect(await platform.onProjectPage('priya', 'getProjectOverview', { cycleId: 2026 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'cycleId' },
    });
    expect(await platform.onProjectPage('priya', 'getProjectOverview', { projectKey: 'OPS' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'projectKey' },
    });
  });

  it('reads the project from the invocation context, never from the payload', async () => {
    const ops = dataOf(await platform.onProjectPage('oscar', 'getProjectOverview', {}, 'OPS'));
    expect(ops.project.key).toBe('OPS');
    expect(await platform.onProjectPage('oscar', 'getProjectOverview', {}, 'GYM')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('keeps concurrent invocations of different users apart', async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, index) => platform.onProjectPage(index % 2 === 0 ? 'priya' : 'oscar', 'getProjectOverview')),
    );
    expect(answers.map((answer) => answer.ok)).toEqual([true, false, true, false, true, false]);
  });

  it('reads Jira with a handful of calls: permissions, project, board, sprints, names, two id searches, each issue once', async () => {
    platform.forge.resetCalls();
    const overview = dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
    const sprintIds = new Set(overview.sprints.map((sprint) => sprint.id));
    const backlogKeys = new Set(overview.backlog.map((item) => item.key));
    // Every issue the page needs, read once: the backlog and the cycle's sprint issues, overlapping or not.
    const needed = platform.data.issues.filter(
      (issue) => issue.projectKey === 'GYM' && (backlogKeys.has(issue.key) || issue.sprintIds.some((id) => sprintIds.has(id))),
    ).length;
    // No Key Result is linked yet: no history, no status list. The ids of the backlog and of the
    // sprints' issues take one search each; the issues themselves one search per hundred.
    // No sprint event has kept the site's fields yet: the view finds them (the field list, the board's configuration).
    // Priya holds neither of the app's permissions, so the project's permission scheme is read (1) to
    // know whether the fallback (project admins, named Product Owners) applies.
    expect(platform.forge.calls.jira).toBe(5 + 2 + Math.ceil(needed / 100) + 2 + 1);
  });
});

describe('getProjectOverview when Jira has less to offer', () => {
  function withoutScrumBoard(): JiraData {
    const data = createDemoData({ today: new Date() });
    return { ...data, boards: data.boards.filter((board) => board.projectKey !== 'GYM') };
  }

  it('says there is no board, and still shows the backlog, when the project has no Scrum board', async () => {
    const platform = startPlatform({ data: withoutScrumBoard() });
    try {
      const overview: ProjectOverviewData = dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
      expect(overview.board).toBeNull();
      expect(overview.sprints).toEqual([]);
      expect(overview.backlog.length).toBeGreaterThan(0);
    } finally {
      platform.close();
    }
  });
});

describe('getProjectOverview when Jira fails', () => {
  let platform: TestPlatform;
  beforeEach(() => {
    platform = startPlatform();
  });
  afterEach(() => platform.close());

  it('rides out a 429 by waiting as Retry-After asks, then answers in full', async () => {
    platform.jira.faults.inject({ path: '/rest/api/3/search/jql', status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    const overview = dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(overview.backlog.length).toBeGreaterThan(0);
    expect(platform.jira.faults.pending).toBe(0);
  });

  it('answers what it could, with a warning, when one part of Jira keeps failing', async () => {
    platform.jira.faults.inject({ path: '/rest/agile/1.0/board', status: 503, times: Infinity });
    const overview = dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
    expect([overview.board, overview.sprints]).toEqual([null, []]);
    expect(overview.backlog.length).toBeGreaterThan(0);
    expect(warningsBesidesRebuilding(overview)).toEqual([{ code: 'BOARD_UNAVAILABLE', message: expect.stringContaining("The project's boards could not be read just now") }]);
  });

  it.each([
    // The search route serves several parts of the page: each fault names its part by the JQL it sends.
    ['the backlog', { path: '/rest/api/3/search/jql', bodyIncludes: 'sprint not in openSprints()' }, 'BACKLOG_UNAVAILABLE'],
    ["the sprints' issues", { path: '/rest/api/3/search/jql', bodyIncludes: 'sprint in (' }, 'SPRINT_ISSUES_UNAVAILABLE'],
    ['the issues themselves', { path: '/rest/api/3/search/jql', bodyIncludes: 'id in (' }, 'ISSUES_UNAVAILABLE'],
    ['the sprints', { path: '/rest/agile/1.0/board/1/sprint' }, 'SPRINTS_UNAVAILABLE'],
    ["people's names", { path: '/rest/api/3/user/bulk' }, 'NAMES_UNAVAILABLE'],
    ["the site's fields", { path: '/rest/api/3/field' }, 'FIELDS_UNAVAILABLE'],
  ] as const)('shows the rest of the page when %s cannot be read', async (_what, where, code) => {
    dataOf(await platform.onProjectPage('priya', 'importData', { data: demoOkrExport(new Date()) }));
    platform.jira.faults.inject({ ...where, status: 500, times: Infinity });
    const overview = dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
    expect(warningsBesidesRebuilding(overview).map((warning) => warning.code)).toEqual([code]);
    expect(must(warningsBesidesRebuilding(overview)[0], 'warningsBesidesRebuilding(overview)[0]').message).toMatch(/just now|could not be read/);
    expect(overview.objectives.length).toBeGreaterThan(0);
    if (code !== 'BACKLOG_UNAVAILABLE' && code !== 'ISSUES_UNAVAILABLE') expect(overview.backlog.length).toBeGreaterThan(0);
  });

  it('answers JIRA with a message when the permission check itself cannot be made', async () => {
    platform.jira.faults.inject({ path: '/rest/api/3/mypermissions', status: 503, times: Infinity });
    expect(await platform.onProjectPage('priya', 'getProjectOverview')).toEqual({
      ok: false,
      error: { code: 'JIRA', message: expect.stringMatching(/^Jira could not answer/) },
    });
  });

  it('says once that Jira asked Outcomes to slow down, and when figures are back, when the hourly quota is spent', async () => {
    dataOf(await platform.onProjectPage('priya', 'importData', { data: demoOkrExport(new Date()) }));
    platform.jira.faults.inject({ path: '/rest/api/3/search/jql', status: 429, rateLimitReason: 'jira-quota-tenant-based', retryAfterSeconds: 1740, times: Infinity });
    platform.jira.calls.reset();
    const overview = dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
    expect(overview.warnings.filter((warning) => warning.code === 'RATE_LIMITED')).toEqual([
      { code: 'RATE_LIMITED', message: 'Jira asked Outcomes to slow down; figures will be back in 29 minutes.' },
    ]);
    expect(overview.objectives.length).toBeGreaterThan(0);
    // Told the quota is spent, the page asks Jira for nothing more of it: one refused search, no retries.
    expect(platform.jira.calls.byRoute['POST /rest/api/3/search/jql']).toBe(1);
  });

  it('answers JIRA with when to come back when Jira rate-limits the permission check (under either header names)', async () => {
    for (const rateLimitHeaders of ['documented', 'prefixed'] as const) {
      platform.jira.faults.inject({ path: '/rest/api/3/mypermissions', status: 429, rateLimitReason: 'jira-quota-global-based', retryAfterSeconds: 600, rateLimitHeaders });
      expect(await platform.onProjectPage('priya', 'getProjectOverview')).toEqual({
        ok: false,
        error: { code: 'JIRA', message: 'Jira asked Outcomes to slow down; figures will be back in 10 minutes.' },
      });
    }
  });

  it('answers JIRA when Jira sends a body that is not JSON', async () => {
    platform.jira.faults.inject({ path: '/rest/api/3/project/GYM', status: 200, body: '{"key": "GYM", "na', times: Infinity });
    expect(await platform.onProjectPage('priya', 'getProjectOverview')).toEqual({
      ok: false,
      error: { code: 'JIRA', message: 'Jira could not answer just now. Try again in a minute.' },
    });
  });
});
