// Linking issues to Key Results from the issue panel, through the real handler.
import { demoRestrictedIssueKeys } from '../local/jira/demo-data';
import type { KeyResultView, Objective } from '../src/contract';
import { dataOf, type DemoUser, startPlatform, type TestPlatform, USERS } from './support/platform';
import { must } from './support/must';

let platform: TestPlatform;
beforeEach(() => {
  platform = startPlatform();
});
afterEach(() => platform.close());

/** A sub-task, its story and the story's epic, from the demo data. */
function chain() {
  const byKey = new Map(platform.data.issues.map((issue) => [issue.key, issue]));
  const subtaskTypes = new Set(platform.data.issueTypes.filter((type) => type.subtask).map((type) => type.id));
  const subtask = must(platform.data.issues.find((issue) => {
    if (issue.projectKey !== 'GYM' || !subtaskTypes.has(issue.issueTypeId) || !issue.parentKey) return false;
    return Boolean(byKey.get(issue.parentKey)?.parentKey);
  }), 'platform.data.issues.find(…)');
  const story = must(byKey.get(must(subtask.parentKey, 'subtask.parentKey')), 'byKey.get(subtask.parentKey)');
  const epic = must(byKey.get(must(story.parentKey, 'story.parentKey')), 'byKey.get(story.parentKey)');
  return { subtask: subtask.key, story: story.key, epic: epic.key };
}

async function keyResultIn(
  projectPage: { user: DemoUser; projectKey: string } = { user: 'priya', projectKey: 'GYM' },
  cycleId?: string,
): Promise<{ objective: Objective; keyResult: KeyResultView }> {
  const { user, projectKey } = projectPage;
  const overview = dataOf(await platform.onProjectPage(user, 'getProjectOverview', {}, projectKey));
  const objective = dataOf(
    await platform.onProjectPage(user, 'saveObjective', { objective: { cycleId: cycleId ?? overview.cycle.id, title: 'Make booking effortless', status: 'draft' } }, projectKey),
  );
  const keyResult = dataOf(
    await platform.onProjectPage(
      user,
      'saveKeyResult',
      { keyResult: { objectiveId: objective.id, title: 'Bookings made in the app', metric: { direction: 'increase', start: 41, target: 70, current: 41, unit: '%' } } },
      projectKey,
    ),
  );
  return { objective, keyResult };
}

describe('linking an issue', () => {
  it('lists a developer’s link on the issue, and on its sub-tasks as inherited through the parent', async () => {
    const { subtask, story, epic } = chain();
    const { keyResult, objective } = await keyResultIn();
    const panel = dataOf(await platform.onIssuePanel('diego', 'linkIssue', story, { keyResultId: keyResult.id }));
    expect(panel.links).toEqual([
      expect.objectContaining({ keyResultId: keyResult.id, via: 'issue', keyResult: expect.objectContaining({ title: 'Bookings made in the app' }), objective: expect.objectContaining({ id: objective.id }) }),
    ]);
    expect(panel.warnings).toEqual([]);
    expect(dataOf(await platform.onIssuePanel('diego', 'getIssuePanel', subtask)).links).toEqual([
      expect.objectContaining({ keyResultId: keyResult.id, via: 'parent', fromIssueKey: story }),
    ]);
    expect(dataOf(await platform.onIssuePanel('diego', 'getIssuePanel', epic)).links).toEqual([]);
  });

  it('inherits through the whole chain: a link on the epic shows on the sub-task', async () => {
    const { subtask, epic } = chain();
    const { keyResult } = await keyResultIn();
    dataOf(await platform.onIssuePanel('sam', 'linkIssue', epic, { keyResultId: keyResult.id }));
    expect(dataOf(await platform.onIssuePanel('sofia', 'getIssuePanel', subtask)).links).toEqual([
      expect.objectContaining({ keyResultId: keyResult.id, via: 'parent', fromIssueKey: epic }),
    ]);
  });

  it('links once however often it is asked, and unlinks with one call', async () => {
    const { story } = chain();
    const { keyResult } = await keyResultIn();
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', story, { keyResultId: keyResult.id }));
    expect(dataOf(await platform.onIssuePanel('diego', 'linkIssue', story, { keyResultId: keyResult.id })).links).toHaveLength(1);
    expect(dataOf(await platform.onIssuePanel('diego', 'unlinkIssue', story, { keyResultId: keyResult.id })).links).toEqual([]);
  });

  it('says where an inherited link lives when asked to unlink it on the child', async () => {
    const { subtask, story } = chain();
    const { keyResult } = await keyResultIn();
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', story, { keyResultId: keyResult.id }));
    expect(await platform.onIssuePanel('diego', 'unlinkIssue', subtask, { keyResultId: keyResult.id })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'keyResultId', message: `${subtask} serves this Key Result through ${story}; unlink it there.` },
    });
  });

  it('mirrors the issue’s links into its outcomes property for Jira’s search', async () => {
    const { story } = chain();
    const { keyResult, objective } = await keyResultIn();
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', story, { keyResultId: keyResult.id }));
    const property = await platform.jira.handle({ method: 'GET', path: `/rest/api/3/issue/${story}/properties/outcomes`, headers: {}, accountId: null });
    expect(property.body).toMatchObject({ key: 'outcomes', value: { keyResultIds: [keyResult.id], objectiveIds: [objective.id] } });
  });
});

describe('who may link', () => {
  it('shows a stakeholder the links but refuses their link', async () => {
    const { story } = chain();
    const { keyResult } = await keyResultIn();
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', story, { keyResultId: keyResult.id }));
    const panel = dataOf(await platform.onIssuePanel('sofia', 'getIssuePanel', story));
    expect(panel.canLink).toBe(false);
    expect(panel.links).toHaveLength(1);
    const before = platform.kvs.snapshot();
    expect(await platform.onIssuePanel('sofia', 'unlinkIssue', story, { keyResultId: keyResult.id })).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: `You need the Edit issues permission on ${story} to change the Key Results it serves.` },
    });
    expect(platform.kvs.snapshot()).toBe(before);
  });

  it('refuses a developer on an issue Jira keeps them from editing, and lets their teammate', async () => {
    const [restricted] = demoRestrictedIssueKeys(platform.data);
    const { keyResult } = await keyResultIn();
    expect(await platform.onIssuePanel('mei', 'linkIssue', must(restricted, 'restricted'), { keyResultId: keyResult.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(dataOf(await platform.onIssuePanel('diego', 'linkIssue', must(restricted, 'restricted'), { keyResultId: keyResult.id })).links).toHaveLength(1);
  });

  it('refuses a user without access to the project', async () => {
    const { story } = chain();
    const { keyResult } = await keyResultIn();
    expect(await platform.onIssuePanel('oscar', 'linkIssue', story, { keyResultId: keyResult.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await platform.onIssuePanel('oscar', 'searchKeyResults', story, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('what may be linked', () => {
  it('refuses a Key Result of another project', async () => {
    const { story } = chain();
    const ops = await keyResultIn({ user: 'oscar', projectKey: 'OPS' });
    const before = platform.kvs.snapshot();
    expect(await platform.onIssuePanel('priya', 'linkIssue', story, { keyResultId: ops.keyResult.id })).toEqual({
      ok: false,
      error: { code: 'VALIDATION', field: 'keyResultId', message: `This Key Result belongs to project OPS; ${story} can only serve Key Results of GYM.` },
    });
    expect(platform.kvs.snapshot()).toBe(before);
  });

  it('refuses a Key Result of a closed cycle', async () => {
    const { story } = chain();
    const overview = dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
    const closed = must(overview.cycles.find((cycle) => cycle.kind === 'quarter' && cycle.state === 'closed'), "overview.cycles.find((cycle) => cycle.kind === 'quarter' && cycle.state === 'closed')");
    const { keyResult } = await keyResultIn(undefined, closed.id);
    expect(await platform.onIssuePanel('diego', 'linkIssue', story, { keyResultId: keyResult.id })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'keyResultId', message: expect.stringContaining(`${closed.name} is closed`) },
    });
  });

  it('leaves no link behind when the Key Result is deleted', async () => {
    const { story, subtask } = chain();
    const { keyResult } = await keyResultIn();
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', story, { keyResultId: keyResult.id }));
    dataOf(await platform.onProjectPage('priya', 'deleteKeyResult', { id: keyResult.id, expectedVersion: keyResult.version }));
    expect(dataOf(await platform.onIssuePanel('diego', 'getIssuePanel', story)).links).toEqual([]);
    expect(dataOf(await platform.onIssuePanel('diego', 'getIssuePanel', subtask)).links).toEqual([]);
    const stored = JSON.parse(platform.kvs.snapshot()) as { tables: Record<string, Record<string, unknown>> };
    expect(Object.keys(stored.tables['entity:issue-link'] ?? {})).toEqual([]);
  });
});

describe('the picker', () => {
  it('finds the current cycle’s Key Results by words of the Key Result or its Objective', async () => {
    const { story } = chain();
    const { keyResult } = await keyResultIn();
    expect(dataOf(await platform.onIssuePanel('diego', 'searchKeyResults', story, { query: 'booking app' })).results.map((result) => result.keyResult.id)).toEqual([keyResult.id]);
    expect(dataOf(await platform.onIssuePanel('diego', 'searchKeyResults', story, { query: 'churn' })).results).toEqual([]);
    expect(dataOf(await platform.onIssuePanel('sofia', 'searchKeyResults', story, {})).results).toHaveLength(1);
  });
});

describe('the project page', () => {
  it('lists the linked work under its Key Result, and tags the backlog item with the Key Result', async () => {
    const { keyResult } = await keyResultIn();
    const before = dataOf(await platform.onProjectPage('sam', 'getProjectOverview'));
    const backlogItem = must(before.backlog[0], 'before.backlog[0]');
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', backlogItem.key, { keyResultId: keyResult.id }));
    const after = dataOf(await platform.onProjectPage('sam', 'getProjectOverview'));
    const shown = must(after.objectives.flatMap((objective) => objective.keyResults).find((candidate) => candidate.id === keyResult.id), 'after.objectives.flatMap(…).find((candidate) => candidate.id === keyResult.id)');
    expect(shown.issues).toEqual([{ key: backlogItem.key, summary: backlogItem.summary, statusCategory: backlogItem.statusCategory }]);
    const category = backlogItem.statusCategory;
    expect(shown.linkedIssues).toEqual({ total: 1, todo: Number(category === 'todo'), inProgress: Number(category === 'inprogress'), done: Number(category === 'done') });
    expect(must(after.backlog.find((item) => item.key === backlogItem.key), 'after.backlog.find((item) => item.key === backlogItem.key)').keyResultIds).toEqual([keyResult.id]);
  });
});

describe('Jira search', () => {
  async function search(jql: string): Promise<string[]> {
    const answer = await platform.jira.handle({
      method: 'POST',
      path: '/rest/api/3/search/jql',
      headers: { 'content-type': 'application/json' },
      body: { jql, fields: ['summary'], maxResults: 100 },
      accountId: null,
    });
    expect(answer.status).toBe(200);
    return ((answer.body as { issues: Array<{ key: string }> }).issues).map((issue) => issue.key).sort();
  }

  it('finds exactly the issues linked to a Key Result, and to an Objective, by the documented JQL', async () => {
    const { story, epic } = chain();
    const first = await keyResultIn();
    const second = await keyResultIn();
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', story, { keyResultId: first.keyResult.id }));
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', epic, { keyResultId: first.keyResult.id }));
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', epic, { keyResultId: second.keyResult.id }));

    expect(await search(`issue.property[outcomes].keyResultIds = "${first.keyResult.id}"`)).toEqual([epic, story].sort());
    expect(await search(`outcomesKeyResult = "${second.keyResult.id}"`)).toEqual([epic]);
    expect(await search(`project = GYM AND outcomesObjective = "${first.objective.id}"`)).toEqual([epic, story].sort());

    dataOf(await platform.onIssuePanel('diego', 'unlinkIssue', epic, { keyResultId: first.keyResult.id }));
    expect(await search(`outcomesKeyResult = "${first.keyResult.id}"`)).toEqual([story]);
  });
});

describe('an issue deleted in Jira', () => {
  /** A story linked to a Key Result, and Jira's issue-deleted event for it. */
  async function linkedStoryDeleted() {
    const { story } = chain();
    const { keyResult } = await keyResultIn();
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', story, { keyResultId: keyResult.id }));
    const issueId = must(platform.data.issues.find((issue) => issue.key === story), 'platform.data.issues.find((issue) => issue.key === story)').id;
    const { issueDeletedHandler } = await import('../src/index');
    const event = { eventType: 'avi:jira:deleted:issue', issue: { id: issueId, key: story }, atlassianId: USERS.priya };
    return { story, issueDeletedHandler, event };
  }

  it('takes its links with it when Jira says so', async () => {
    const { issueDeletedHandler, event } = await linkedStoryDeleted();
    expect(await platform.forge.deliverEvent({ moduleKey: 'issue-deleted', handler: issueDeletedHandler, event })).toEqual({ removedLinks: 1 });
    const stored = JSON.parse(platform.kvs.snapshot()) as { tables: Record<string, Record<string, unknown>> };
    expect(Object.keys(stored.tables['entity:issue-link'] ?? {})).toEqual([]);
    expect(await platform.forge.deliverEvent({ moduleKey: 'issue-deleted', handler: issueDeletedHandler, event })).toEqual({ removedLinks: 0 });
  });

  it('takes its links with it through the redelivery Forge makes when storage fails on the first delivery', async () => {
    const { story, issueDeletedHandler, event } = await linkedStoryDeleted();
    const start = platform.forge.deliveries.length;
    platform.kvs.failOnCall(1, 503);
    expect(await platform.forge.deliverEvent({ moduleKey: 'issue-deleted', handler: issueDeletedHandler, event })).toEqual({ removedLinks: 1 });
    expect(platform.forge.deliveries.slice(start).map((delivery) => delivery.outcome)).toEqual(['retry', 'done']);
    const panel = dataOf(await platform.onIssuePanel('sam', 'getIssuePanel', story));
    expect(panel.links).toEqual([]);
  });
});
