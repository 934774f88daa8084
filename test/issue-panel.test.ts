// getIssuePanel through the real handler, for every kind of demo user.
import { demoRestrictedIssueKeys } from '../local/jira/demo-data';
import { sprintEventHandler } from '../src/index';
import { dataOf, startPlatform, type TestPlatform } from './support/platform';
import { must } from './support/must';

describe('getIssuePanel', () => {
  let platform: TestPlatform;
  beforeEach(() => {
    platform = startPlatform();
  });
  afterEach(() => platform.close());

  const issueWhere = (predicate: (issue: TestPlatform['data']['issues'][number]) => boolean) => {
    const issue = platform.data.issues.find(predicate);
    if (!issue) throw new Error('the demo data has no such issue');
    return issue;
  };

  it('shows a developer the issue with its parent, and lets them link it', async () => {
    const subtaskTypes = new Set(platform.data.issueTypes.filter((type) => type.subtask).map((type) => type.id));
    const subtask = issueWhere((issue) => issue.projectKey === 'GYM' && subtaskTypes.has(issue.issueTypeId) && issue.parentKey !== null);
    const panel = dataOf(await platform.onIssuePanel('diego', 'getIssuePanel', subtask.key));
    expect(panel.issue).toMatchObject({ key: subtask.key, summary: subtask.summary, parentKey: subtask.parentKey, issueType: 'Sub-task' });
    expect(panel.canLink).toBe(true);
    expect(panel.links).toEqual([]);
    expect(panel.cycle.state).toBe('active');
  });

  it('shows a stakeholder the issue but does not let them link it', async () => {
    const story = issueWhere((issue) => issue.projectKey === 'GYM' && issue.parentKey !== null);
    const panel = dataOf(await platform.onIssuePanel('sofia', 'getIssuePanel', story.key));
    expect(panel.issue.key).toBe(story.key);
    expect(panel.canLink).toBe(false);
  });

  it('does not let a developer link an issue Jira keeps them from editing', async () => {
    const [restricted] = demoRestrictedIssueKeys(platform.data);
    expect(restricted).toBeDefined();
    expect(dataOf(await platform.onIssuePanel('mei', 'getIssuePanel', must(restricted, 'restricted'))).canLink).toBe(false);
    expect(dataOf(await platform.onIssuePanel('diego', 'getIssuePanel', must(restricted, 'restricted'))).canLink).toBe(true);
  });

  /** The demo's running sprint and an issue in it; Jira's sprint-started event for it keeps the site's fields, as on Forge. */
  const runningSprint = () => {
    const sprint = must(platform.data.sprints.find((candidate) => candidate.state === 'active'), 'the running sprint');
    const issue = issueWhere((candidate) => candidate.projectKey === 'GYM' && candidate.sprintIds.at(-1) === sprint.id);
    const started = () =>
      platform.forge.deliverEvent({
        moduleKey: 'sprint-events',
        handler: sprintEventHandler,
        event: { eventType: 'avi:jira-software:started:sprint', sprint: { id: String(sprint.id), name: sprint.name, originBoardId: String(sprint.originBoardId), startDate: sprint.startDate } },
      });
    return { sprint, issue, started };
  };

  it('says which sprint the issue is in, with its state, also before the site’s fields are kept', async () => {
    const { sprint, issue, started } = runningSprint();
    expect(dataOf(await platform.onIssuePanel('sofia', 'getIssuePanel', issue.key)).issue.sprint).toEqual({ name: sprint.name, state: 'active' });
    await started();
    platform.forge.resetCalls();
    expect(dataOf(await platform.onIssuePanel('sofia', 'getIssuePanel', issue.key)).issue.sprint).toEqual({ name: sprint.name, state: 'active' });
    // The issue is read with the site's own Sprint field (not a new site's usual id), found without a Jira call.
    expect(platform.forge.calls.jira).toBe(2);
    const planned = must(platform.data.sprints.find((candidate) => candidate.state === 'future'), 'a planned sprint');
    const waiting = issueWhere((candidate) => candidate.projectKey === 'GYM' && candidate.sprintIds.at(-1) === planned.id);
    expect(dataOf(await platform.onIssuePanel('diego', 'getIssuePanel', waiting.key)).issue.sprint).toEqual({ name: planned.name, state: 'future' });
  });

  it('shows no sprint for an issue that was never in one', async () => {
    const issue = issueWhere((candidate) => candidate.projectKey === 'GYM' && candidate.sprintIds.length === 0);
    expect(dataOf(await platform.onIssuePanel('diego', 'getIssuePanel', issue.key)).issue).not.toHaveProperty('sprint');
  });

  it('costs 2 Jira calls and 3 storage calls for a story under an epic, both linked, once the site’s fields are kept', async () => {
    await runningSprint().started();
    const demoOkrs = (await import('../local/demo-okrs')).demoOkrExport(new Date());
    dataOf(await platform.onProjectPage('priya', 'importData', { data: demoOkrs }));
    const story = issueWhere((issue) => issue.projectKey === 'GYM' && issue.parentKey !== null && issue.issueTypeId !== '10003');
    const keyResultIds = dataOf(await platform.onIssuePanel('diego', 'searchKeyResults', story.key)).results.map((result) => result.keyResult.id);
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', story.key, { keyResultId: keyResultIds[0] }));
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', must(story.parentKey, 'story.parentKey'), { keyResultId: keyResultIds[1] }));

    platform.forge.resetCalls();
    const panel = dataOf(await platform.onIssuePanel('diego', 'getIssuePanel', story.key));
    expect(panel.links.map((link) => [link.keyResultId, link.via])).toEqual([
      [keyResultIds[0], 'issue'],
      [keyResultIds[1], 'parent'],
    ]);
    // Jira: permissions and the issue (its parent and its sprints come with it). Storage: the site's
    // Sprint field as kept, the settings with the link digests of the story and its epic in one batch,
    // then the Key Results and Objectives in another.
    expect(platform.forge.calls).toEqual({ jira: 2, kvs: 3 });
  });

  it('refuses a user who cannot browse the project', async () => {
    const story = issueWhere((issue) => issue.projectKey === 'GYM');
    expect(await platform.onIssuePanel('oscar', 'getIssuePanel', story.key)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining(`Browse projects permission on GYM`) },
    });
  });

  it('refuses a payload it does not expect', async () => {
    const story = issueWhere((issue) => issue.projectKey === 'GYM');
    expect(await platform.onIssuePanel('diego', 'getIssuePanel', story.key, { issueKey: 'GYM-1' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'issueKey' },
    });
  });
});
