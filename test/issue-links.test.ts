// Linking issues to Key Results from the issue panel, through the real handler.
import { demoRestrictedIssueKeys } from '../local/jira/demo-data';
import { createDemoData } from '../local/jira/demo-data';
import type { KeyResultView, Objective } from '../src/contract';
import { inconsistencies } from './support/consistency';
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
    await platform.onProjectPage(user, 'saveObjective', { objective: { cycleId: cycleId ?? overview.cycle.id, title: 'Make booking effortless', status: 'active' }, overrideLimitReason: 'Work links only to active Objectives' }, projectKey),
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

  it('refuses a Key Result of a draft Objective, and the picker does not offer it', async () => {
    const { story } = chain();
    const { objective, keyResult } = await keyResultIn();
    dataOf(
      await platform.onProjectPage('priya', 'saveObjective', { objective: { id: objective.id, cycleId: objective.cycleId, title: objective.title, status: 'draft' }, expectedVersion: objective.version, reason: 'Not agreed yet' }),
    );
    const offered = dataOf(await platform.onIssuePanel('diego', 'searchKeyResults', story, {})).results;
    expect(offered.map((result) => result.keyResult.id)).not.toContain(keyResult.id);
    const before = platform.kvs.snapshot();
    expect(await platform.onIssuePanel('diego', 'linkIssue', story, { keyResultId: keyResult.id })).toEqual({
      ok: false,
      error: { code: 'VALIDATION', field: 'keyResultId', message: `“Make booking effortless” is still a draft: link ${story} once a Product Owner makes the Objective active.` },
    });
    expect(platform.kvs.snapshot()).toBe(before);
  });

  it('refuses a Key Result of a dropped Objective, and the picker does not offer it', async () => {
    const { story } = chain();
    const { objective, keyResult } = await keyResultIn();
    dataOf(
      await platform.onProjectPage('priya', 'saveObjective', { objective: { id: objective.id, cycleId: objective.cycleId, title: objective.title, status: 'dropped' }, expectedVersion: objective.version, reason: 'Members asked for something else' }),
    );
    const offered = dataOf(await platform.onIssuePanel('diego', 'searchKeyResults', story, {})).results;
    expect(offered.map((result) => result.keyResult.id)).not.toContain(keyResult.id);
    const before = platform.kvs.snapshot();
    expect(await platform.onIssuePanel('diego', 'linkIssue', story, { keyResultId: keyResult.id })).toEqual({
      ok: false,
      error: { code: 'VALIDATION', field: 'keyResultId', message: `“Make booking effortless” was dropped: link ${story} to a Key Result of an Objective the team still pursues.` },
    });
    expect(platform.kvs.snapshot()).toBe(before);
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
    const shown = must(after.objectives.flatMap((objective) => objective.keyResults).find((candidate) => candidate.id === keyResult.id), 'the Key Result on the page');
    expect(dataOf(await platform.onProjectPage('sam', 'getKeyResultIssues', { keyResultId: keyResult.id })).issues).toEqual([
      { key: backlogItem.key, summary: backlogItem.summary, statusCategory: backlogItem.statusCategory },
    ]);
    const category = backlogItem.statusCategory;
    expect(shown.linkedIssues).toEqual({ total: 1, todo: Number(category === 'todo'), inProgress: Number(category === 'inprogress'), done: Number(category === 'done') });
    expect(must(after.backlog.find((item) => item.key === backlogItem.key), 'after.backlog.find((item) => item.key === backlogItem.key)').keyResultIds).toEqual([keyResult.id]);
  });
});

/** The keys of the issues Jira's search finds for the JQL (as the app: every issue). */
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

describe('Jira search', () => {
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

describe('deleting OKRs with linked issues', () => {
  const gymIssues = (count: number) => platform.data.issues.filter((issue) => issue.projectKey === 'GYM').slice(0, count);
  const linkAll = async (keys: string[], keyResultId: string) => {
    for (const key of keys) dataOf(await platform.onIssuePanel('diego', 'linkIssue', key, { keyResultId }));
  };
  /** What storage keeps of links: the link records and both kinds of digest. */
  const storedText = () => {
    const { tables } = JSON.parse(platform.kvs.snapshot()) as { tables: Record<string, unknown> };
    return JSON.stringify(['issue-link', 'key-result-links', 'issue-links'].map((entity) => tables[`entity:${entity}`] ?? {}));
  };

  it('deleting a Key Result with 25 linked issues leaves no link, no digest entry and no search hit behind', async () => {
    const { keyResult } = await keyResultIn();
    const keys = gymIssues(25).map((issue) => issue.key);
    await linkAll(keys, keyResult.id);
    expect(await search(`outcomesKeyResult = "${keyResult.id}"`)).toEqual([...keys].sort());

    dataOf(await platform.onProjectPage('priya', 'deleteKeyResult', { id: keyResult.id, expectedVersion: keyResult.version }));
    expect(await inconsistencies(platform, { exactProperties: true, exactField: true })).toEqual([]);
    expect(await search(`outcomesKeyResult = "${keyResult.id}"`)).toEqual([]);
    expect(await search(`issue.property[outcomes].keyResultIds = "${keyResult.id}"`)).toEqual([]);
    expect(storedText()).not.toContain(keyResult.id);
  });

  it('deleting an Objective takes the links of all its Key Results, from storage and from Jira’s search', async () => {
    const { objective, keyResult } = await keyResultIn();
    const second = dataOf(
      await platform.onProjectPage('priya', 'saveKeyResult', {
        keyResult: { objectiveId: objective.id, title: 'Trainer sessions booked', metric: { direction: 'increase', start: 0, target: 500, current: 0 } },
      }),
    );
    const keys = gymIssues(25).map((issue) => issue.key);
    await linkAll(keys.slice(0, 13), keyResult.id);
    await linkAll(keys.slice(13), second.id);
    // One issue serves a Key Result of another Objective too: that link stays.
    const other = await keyResultIn();
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', must(keys[0], 'keys[0]'), { keyResultId: other.keyResult.id }));
    expect(await search(`outcomesObjective = "${objective.id}"`)).toEqual([...keys].sort());

    const current = must(dataOf(await platform.onProjectPage('priya', 'getProjectOverview')).objectives.find((shown) => shown.id === objective.id), 'dataOf(await platform.onProjectPage(\'priya\', \'getProjectOverview\')).objectives.find((shown) => shown.id === objective.id)');
    dataOf(await platform.onProjectPage('priya', 'deleteObjective', { id: objective.id, expectedVersion: current.version }));
    expect(await inconsistencies(platform, { exactProperties: true, exactField: true })).toEqual([]);
    expect(await search(`outcomesObjective = "${objective.id}"`)).toEqual([]);
    expect(await search(`outcomesKeyResult = "${other.keyResult.id}"`)).toEqual([keys[0]]);
    expect(storedText()).not.toContain(keyResult.id);
    expect(storedText()).not.toContain(second.id);
    expect(dataOf(await platform.onIssuePanel('sam', 'getIssuePanel', must(keys[0], 'keys[0]'))).links.map((link) => link.keyResultId)).toEqual([other.keyResult.id]);
  });

  it('updates Jira’s search through Forge’s redelivery when Jira refuses the first time', async () => {
    const { keyResult } = await keyResultIn();
    const keys = gymIssues(3).map((issue) => issue.key);
    await linkAll(keys, keyResult.id);
    // Jira asks the app to come back in 20 minutes: the consumer asks Forge for the event again, within its 900 s.
    platform.jira.faults.inject({ method: 'PUT', path: /\/properties\/outcomes$/, status: 429, retryAfterSeconds: 1200 });
    dataOf(await platform.onProjectPage('priya', 'deleteKeyResult', { id: keyResult.id, expectedVersion: keyResult.version }));
    expect(await inconsistencies(platform, { exactProperties: true, exactField: true })).toEqual([]);
    const consumer = platform.forge.deliveries.filter((delivery) => delivery.moduleKey === 'deleted-links');
    expect(consumer.map((delivery) => [delivery.outcome, delivery.retryAfter])).toEqual([
      ['retry', 900],
      ['done', undefined],
    ]);
    expect(await search(`outcomesKeyResult = "${keyResult.id}"`)).toEqual([]);
  });

  it('never leaves a link to a Key Result deleted while issues were being linked to it', async () => {
    const keys = gymIssues(5).map((issue) => issue.key);
    for (let run = 0; run < 20; run++) {
      const { keyResult } = await keyResultIn();
      const answers = await Promise.all([
        ...keys.map((key) => platform.onIssuePanel('diego', 'linkIssue', key, { keyResultId: keyResult.id })),
        platform.onProjectPage('priya', 'deleteKeyResult', { id: keyResult.id, expectedVersion: keyResult.version }),
      ]);
      expect(answers.at(-1)).toMatchObject({ ok: true });
      // A link that lost the race is told the Key Result is gone.
      for (const answer of answers.slice(0, -1)) if (!answer.ok) expect(answer.error.code).toBe('NOT_FOUND');
      expect([run, await inconsistencies(platform, { exactProperties: true, exactField: true })]).toEqual([run, []]);
      expect([run, storedText().includes(keyResult.id)]).toEqual([run, false]);
    }
  });
});

describe('an issue whose parent is in another project', () => {
  /** A GYM story whose parent is an OPS epic (Jira allows it in company-managed projects), with its sub-task. */
  function crossProjectPlatform() {
    const data = createDemoData({ today: new Date() });
    const types = new Map(data.issueTypes.map((type) => [type.id, type]));
    const opsEpic = must(data.issues.find((issue) => issue.projectKey === 'OPS' && types.get(issue.issueTypeId)?.name === 'Epic'), 'data.issues.find((issue) => issue.projectKey === \'OPS\' && types.get(issue.issueTypeId)?.name === \'Epic\')');
    const subtask = must(data.issues.find((issue) => issue.projectKey === 'GYM' && types.get(issue.issueTypeId)?.subtask && issue.parentKey), 'data.issues.find((issue) => issue.projectKey === \'GYM\' && types.get(issue.issueTypeId)?.subtask && issue.parentKey)');
    const story = must(data.issues.find((issue) => issue.key === subtask.parentKey), 'data.issues.find((issue) => issue.key === subtask.parentKey)');
    story.parentKey = opsEpic.key;
    return { platform: startPlatform({ data }), opsEpic: opsEpic.key, story: story.key, subtask: subtask.key };
  }

  it('shows only its own project’s Key Results, never the other project’s through the parent', async () => {
    platform.close();
    const site = crossProjectPlatform();
    platform = site.platform;
    const ops = dataOf(await platform.onProjectPage('oscar', 'getProjectOverview', {}, 'OPS'));
    const opsObjective = dataOf(
      await platform.onProjectPage('oscar', 'saveObjective', { objective: { cycleId: ops.cycle.id, title: 'Keep the gyms open', description: 'Confidential: two sites close in March', status: 'active' } }, 'OPS'),
    );
    const opsKeyResult = dataOf(
      await platform.onProjectPage('oscar', 'saveKeyResult', { keyResult: { objectiveId: opsObjective.id, title: 'Sites open every day', metric: { direction: 'increase', start: 90, target: 99, current: 90, unit: '%' } } }, 'OPS'),
    );
    dataOf(await platform.onProjectPage('oscar', 'checkIn', { keyResultId: opsKeyResult.id, value: 92, confidence: 4, note: 'Landlord talks stalled' }, 'OPS'));
    dataOf(await platform.onIssuePanel('oscar', 'linkIssue', site.opsEpic, { keyResultId: opsKeyResult.id }));
    const gym = await keyResultIn();
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', site.story, { keyResultId: gym.keyResult.id }));

    // Diego browses GYM only; Sam and Sofia browse OPS as well: on a GYM issue, nobody sees OPS's OKRs.
    for (const user of ['diego', 'sam', 'sofia'] as const) {
      for (const key of [site.story, site.subtask]) {
        const panel = dataOf(await platform.onIssuePanel(user, 'getIssuePanel', key));
        expect([user, key, panel.links.map((link) => link.keyResultId)]).toEqual([user, key, [gym.keyResult.id]]);
        const text = JSON.stringify(panel);
        for (const secret of [opsKeyResult.id, 'Sites open every day', 'Confidential', 'Landlord talks stalled']) expect([user, key, text.includes(secret)]).toEqual([user, key, false]);
      }
    }
  });
});
