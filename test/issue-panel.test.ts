// getIssuePanel through the real handler, for every kind of demo user.
import { demoRestrictedIssueKeys } from '../local/jira/demo-data';
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

  it('costs 2 Jira calls and 2 storage calls for a story under an epic, both linked', async () => {
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
    // Jira: permissions and the issue (its parent comes with it). Storage: the settings with the link
    // digests of the story and its epic in one batch, then the Key Results and Objectives in another.
    expect(platform.forge.calls).toEqual({ jira: 2, kvs: 2 });
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
