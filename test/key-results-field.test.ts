// The read-only "Key Results" field (manifest `jira:customField`), through the real handlers and the
// emulated Jira: it follows every change of an issue's links and of its Key Results' titles, is set as
// the app under the id Jira gave it on this site, and heals when Jira refuses a write.
import { createDemoData, demoRestrictedIssueKeys } from '../local/jira/demo-data';
import type { KeyResultView, Objective } from '../src/contract';
import { FIELD_VALUE_MAX_CHARS, fieldTitle, fieldValueOf, isKeyResultsField, KEY_RESULTS_FIELD_MODULE } from '../src/jobs/key-results-field';
import { inconsistencies } from './support/consistency';
import { dataOf, startPlatform, type TestPlatform } from './support/platform';
import { must } from './support/must';

let platform: TestPlatform;
beforeEach(() => {
  platform = startPlatform();
});
afterEach(async () => {
  await platform.forge.queuesSettled();
  platform.close();
});

/** The field's value on the issue, as Jira holds it (undefined: none). */
const fieldOf = (issueKey: string) => platform.jira.appFieldValue(KEY_RESULTS_FIELD_MODULE, issueKey);
const fieldWrites = () => platform.jira.calls.byRoute['POST /rest/api/3/app/field/value'] ?? 0;

async function objectiveWith(...titles: string[]): Promise<{ objective: Objective; keyResults: KeyResultView[] }> {
  const overview = dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
  const objective = dataOf(
    await platform.onProjectPage('priya', 'saveObjective', {
      objective: { cycleId: overview.cycle.id, title: 'Make booking effortless', status: 'active' },
      overrideLimitReason: 'Work links only to active Objectives',
    }),
  );
  const keyResults: KeyResultView[] = [];
  for (const title of titles) {
    keyResults.push(
      dataOf(
        await platform.onProjectPage('priya', 'saveKeyResult', {
          keyResult: { objectiveId: objective.id, title, metric: { direction: 'increase', start: 41, target: 70, current: 41, unit: '%' } },
        }),
      ),
    );
  }
  return { objective, keyResults };
}

/** GYM stories and tasks anyone on the team may edit. */
function editableIssues(count: number): string[] {
  const restricted = new Set(demoRestrictedIssueKeys(platform.data));
  const subtaskTypes = new Set(platform.data.issueTypes.filter((type) => type.subtask).map((type) => type.id));
  return platform.data.issues
    .filter((issue) => issue.projectKey === 'GYM' && !restricted.has(issue.key) && !subtaskTypes.has(issue.issueTypeId))
    .slice(0, count)
    .map((issue) => issue.key);
}

describe('the Key Results field', () => {
  it('is one of the site’s fields, under an id of the site’s own, its type the module’s full key', async () => {
    const fields = (await platform.jira.handle({ method: 'GET', path: '/rest/api/3/field', headers: {}, accountId: null })).body as Array<{ id: string; key: string; name: string; schema: { type: string; items?: string; custom: string } }>;
    const field = must(fields.find((candidate) => candidate.name === 'Key Results'), 'the Key Results field');
    expect(field.id).toMatch(/^customfield_\d+$/);
    expect(Object.values(platform.data.customFields)).not.toContain(field.id);
    expect(field.schema).toMatchObject({ type: 'array', items: 'string', custom: expect.stringMatching(new RegExp(`^ari:cloud:ecosystem::extension/[^/]+/[^/]+/static/${KEY_RESULTS_FIELD_MODULE}$`)) });
  });

  it('shows the Key Result an issue is linked to from its panel, and nothing once unlinked', async () => {
    const { keyResults } = await objectiveWith('Bookings made in the app');
    const kr = must(keyResults[0], 'keyResults[0]');
    const [issue] = editableIssues(1);
    const key = must(issue, 'issue');
    const linked = dataOf(await platform.onIssuePanel('diego', 'linkIssue', key, { keyResultId: kr.id }));
    expect(linked.warnings).toEqual([]);
    expect(fieldOf(key)).toEqual(['Bookings made in the app']);
    // Jira's own issue answer carries it under the field's id.
    const fieldId = must(platform.jira.data.appFields?.[0], 'the app field').id;
    const shown = await platform.jira.handle({ method: 'GET', path: `/rest/api/3/issue/${key}?fields=${fieldId}`, headers: {}, accountId: null });
    expect((shown.body as { fields: Record<string, unknown> }).fields[fieldId]).toEqual(['Bookings made in the app']);

    dataOf(await platform.onIssuePanel('diego', 'unlinkIssue', key, { keyResultId: kr.id }));
    expect(fieldOf(key)).toBeUndefined();
  });

  it('is searchable in JQL by its name, a title compared whole', async () => {
    const { keyResults } = await objectiveWith('Bookings made in the app', 'Trainer sessions booked');
    const issues = editableIssues(3);
    dataOf(await platform.onProjectPage('diego', 'linkIssues', { keyResultId: must(keyResults[0], 'kr').id, issueKeys: issues.slice(0, 2) }));
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', must(issues[1], 'issues[1]'), { keyResultId: must(keyResults[1], 'kr').id }));
    const search = async (jql: string) => {
      const answer = await platform.jira.handle({ method: 'POST', path: '/rest/api/3/search/jql', headers: {}, body: { jql, fields: ['summary'], maxResults: 100 }, accountId: null });
      expect(answer.status).toBe(200);
      return (answer.body as { issues: Array<{ key: string }> }).issues.map((issue) => issue.key).sort();
    };
    expect(await search('"Key Results" = "Bookings made in the app"')).toEqual(issues.slice(0, 2).sort());
    expect(await search('"Key Results" = "Trainer sessions booked"')).toEqual([issues[1]]);
    expect(await search('"Key Results" = "Bookings"')).toEqual([]);
    expect(await search(`key in (${issues.join(', ')}) AND "Key Results" is EMPTY`)).toEqual([issues[2]]);
  });

  it('lists an issue’s Key Results in the order they were linked, each title on one short line', async () => {
    const long = `Members book a personal trainer session from the app without calling the front desk, ${'every week '.repeat(10)}`;
    const { keyResults } = await objectiveWith('Bookings made in the app', long);
    const [first, second] = keyResults.map((kr) => kr.id);
    const key = must(editableIssues(1)[0], 'issue');
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', key, { keyResultId: must(second, 'second') }));
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', key, { keyResultId: must(first, 'first') }));
    const value = fieldOf(key) as string[];
    expect(value).toHaveLength(2);
    expect(value[1]).toBe('Bookings made in the app');
    expect(value[0]?.length).toBeLessThanOrEqual(FIELD_VALUE_MAX_CHARS);
    expect(value[0]).toMatch(/^Members book a personal trainer session from the app without .*…$/);
  });

  it('follows Sprint Planning’s bulk link and its undo, one Jira request for all the issues', async () => {
    const { keyResults } = await objectiveWith('Bookings made in the app');
    const kr = must(keyResults[0], 'keyResults[0]');
    const issues = editableIssues(6);
    const before = fieldWrites();
    const answer = dataOf(await platform.onProjectPage('diego', 'linkIssues', { keyResultId: kr.id, issueKeys: issues }));
    expect(answer.warnings).toEqual([]);
    expect(fieldWrites() - before).toBe(1);
    for (const key of issues) expect(fieldOf(key)).toEqual(['Bookings made in the app']);
    dataOf(await platform.onProjectPage('diego', 'unlinkIssues', { keyResultId: kr.id, issueKeys: issues.slice(2) }));
    expect(issues.map(fieldOf)).toEqual([['Bookings made in the app'], ['Bookings made in the app'], undefined, undefined, undefined, undefined]);
  });

  it('takes a Key Result’s new title to every issue linked to it', async () => {
    const { objective, keyResults } = await objectiveWith('Bookings made in the app', 'Trainer sessions booked');
    const [renamed, other] = keyResults;
    const issues = editableIssues(3);
    dataOf(await platform.onProjectPage('diego', 'linkIssues', { keyResultId: must(renamed, 'renamed').id, issueKeys: issues }));
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', must(issues[0], 'issues[0]'), { keyResultId: must(other, 'other').id }));
    dataOf(
      await platform.onProjectPage('priya', 'saveKeyResult', {
        keyResult: { id: must(renamed, 'renamed').id, objectiveId: objective.id, title: 'In-app bookings', metric: { direction: 'increase', start: 41, target: 70, current: 41, unit: '%' } },
        expectedVersion: must(renamed, 'renamed').version,
      }),
    );
    await platform.forge.queuesSettled();
    expect(issues.map(fieldOf)).toEqual([['In-app bookings', 'Trainer sessions booked'], ['In-app bookings'], ['In-app bookings']]);
  });

  it('takes the titles an import gives its Key Results to their linked issues', async () => {
    const { keyResults } = await objectiveWith('Bookings made in the app');
    const kr = must(keyResults[0], 'keyResults[0]');
    const key = must(editableIssues(1)[0], 'issue');
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', key, { keyResultId: kr.id }));
    const exported = dataOf(await platform.onProjectPage('priya', 'exportData')) as unknown as { keyResults: Array<{ id: string; title: string }> };
    const file = { ...exported, keyResults: exported.keyResults.map((keyResult) => (keyResult.id === kr.id ? { ...keyResult, title: 'Bookings made in the app, per member' } : keyResult)) };
    dataOf(await platform.onProjectPage('priya', 'importData', { data: file }));
    await platform.forge.queuesSettled();
    expect(dataOf(await platform.onIssuePanel('diego', 'getIssuePanel', key)).links.map((link) => link.keyResult?.title)).toEqual(['Bookings made in the app, per member']);
    expect(fieldOf(key)).toEqual(['Bookings made in the app, per member']);
  });

  it('drops a deleted Key Result from its issues and keeps the others', async () => {
    const { keyResults } = await objectiveWith('Bookings made in the app', 'Trainer sessions booked');
    const [deleted, kept] = keyResults;
    const issues = editableIssues(3);
    dataOf(await platform.onProjectPage('diego', 'linkIssues', { keyResultId: must(deleted, 'deleted').id, issueKeys: issues }));
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', must(issues[1], 'issues[1]'), { keyResultId: must(kept, 'kept').id }));
    dataOf(await platform.onProjectPage('priya', 'deleteKeyResult', { id: must(deleted, 'deleted').id, expectedVersion: must(deleted, 'deleted').version }));
    expect(await inconsistencies(platform, { exactProperties: true, exactField: true })).toEqual([]);
    expect(issues.map(fieldOf)).toEqual([undefined, ['Trainer sessions booked'], undefined]);
  });

  it('is set again through the queue when Jira refuses the write: the link is saved and answered at once', async () => {
    const { keyResults } = await objectiveWith('Bookings made in the app');
    const kr = must(keyResults[0], 'keyResults[0]');
    const key = must(editableIssues(1)[0], 'issue');
    // Jira fails the write (each call's own retries too), and the first delivery's.
    platform.jira.faults.inject({ method: 'POST', path: /\/app\/field\/value/, status: 503, times: 8 });
    const panel = dataOf(await platform.onIssuePanel('diego', 'linkIssue', key, { keyResultId: kr.id }));
    expect(panel.links.map((link) => link.keyResultId)).toEqual([kr.id]);
    expect(panel.warnings).toEqual([]);
    await platform.forge.queuesSettled();
    expect(fieldOf(key)).toEqual(['Bookings made in the app']);
    const deliveries = platform.forge.deliveries.filter((delivery) => delivery.moduleKey === 'key-results-field');
    expect(deliveries.map((delivery) => delivery.outcome)).toContain('retry');
    expect(deliveries.at(-1)?.outcome).toBe('done');
  });

  it('says so when neither Jira nor the queue takes the write, and the next change heals it', async () => {
    const { keyResults } = await objectiveWith('Bookings made in the app', 'Trainer sessions booked');
    const [first, second] = keyResults;
    const key = must(editableIssues(1)[0], 'issue');
    platform.jira.faults.inject({ method: 'POST', path: /\/app\/field\/value/, status: 500, times: 10 });
    // Every push is refused while the link is made (the field's and any other).
    platform.forge.refuseQueuePushes(10);
    const panel = dataOf(await platform.onIssuePanel('diego', 'linkIssue', key, { keyResultId: must(first, 'first').id }));
    expect(panel.links).toHaveLength(1);
    expect(panel.warnings.map((warning) => warning.code)).toContain('FIELD_NOT_UPDATED');
    expect(fieldOf(key)).toBeUndefined();
    platform.jira.faults.clear();
    platform.forge.refuseQueuePushes(0);
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', key, { keyResultId: must(second, 'second').id }));
    expect(fieldOf(key)).toEqual(['Bookings made in the app', 'Trainer sessions booked']);
  });

  it('sets the others when one of a batch’s issues is gone from Jira', async () => {
    const { keyResults } = await objectiveWith('Bookings made in the app', 'Trainer sessions booked');
    const [deleted, kept] = keyResults;
    const issues = editableIssues(4);
    dataOf(await platform.onProjectPage('diego', 'linkIssues', { keyResultId: must(deleted, 'deleted').id, issueKeys: issues }));
    dataOf(await platform.onProjectPage('diego', 'linkIssues', { keyResultId: must(kept, 'kept').id, issueKeys: issues }));
    // Jira deletes one issue; its trigger has not run yet when the Key Result is deleted.
    platform.jira.deleteIssue(must(issues[0], 'issues[0]'));
    dataOf(await platform.onProjectPage('priya', 'deleteKeyResult', { id: must(deleted, 'deleted').id, expectedVersion: must(deleted, 'deleted').version }));
    await platform.forge.queuesSettled();
    expect(issues.slice(1).map(fieldOf)).toEqual([['Trainer sessions booked'], ['Trainer sessions booked'], ['Trainer sessions booked']]);
    expect(platform.forge.deliveries.filter((delivery) => delivery.moduleKey === 'deleted-links').map((delivery) => delivery.outcome)).toEqual(['done']);
  });

  it('clears the field with an empty list when Jira will not take null for no value', async () => {
    const { keyResults } = await objectiveWith('Bookings made in the app');
    const key = must(editableIssues(1)[0], 'issue');
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', key, { keyResultId: must(keyResults[0], 'kr').id }));
    platform.jira.faults.inject({ method: 'POST', path: /\/app\/field\/value/, bodyIncludes: '"value":null', status: 400, times: Infinity });
    const answer = dataOf(await platform.onIssuePanel('diego', 'unlinkIssue', key, { keyResultId: must(keyResults[0], 'kr').id }));
    expect(answer.warnings).toEqual([]);
    expect(fieldOf(key)).toBeUndefined();
  });

  it('finds the field again when Jira no longer knows the id it kept', async () => {
    const { keyResults } = await objectiveWith('Bookings made in the app');
    const [first, second] = editableIssues(2);
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', must(first, 'first'), { keyResultId: must(keyResults[0], 'kr').id }));
    // The site's field now has another id (as after the app was removed and its field made anew).
    const field = must(platform.jira.data.appFields?.[0], 'the app field');
    field.id = 'customfield_45678';
    const answer = dataOf(await platform.onIssuePanel('diego', 'linkIssue', must(second, 'second'), { keyResultId: must(keyResults[0], 'kr').id }));
    expect(answer.warnings).toEqual([]);
    expect(fieldOf(must(second, 'second'))).toEqual(['Bookings made in the app']);
  });

  it('finds the field under whatever id the site gave it', async () => {
    platform.close();
    const data = createDemoData({ today: new Date() });
    data.customFields = { storyPoints: 'customfield_31337', rank: 'customfield_20001', sprint: 'customfield_29999' };
    platform = startPlatform({ data });
    const { keyResults } = await objectiveWith('Bookings made in the app');
    const key = must(editableIssues(1)[0], 'issue');
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', key, { keyResultId: must(keyResults[0], 'kr').id }));
    expect(platform.jira.data.appFields?.[0]?.id).toBe('customfield_31338');
    expect(fieldOf(key)).toEqual(['Bookings made in the app']);
  });
});

describe('what the field holds and which field it is', () => {
  const link = (keyResultId: string, linkedAt: string) => ({ projectKey: 'GYM', issueId: '1', issueKey: 'GYM-1', keyResultId, objectiveId: 'o', cycleId: '2026-Q4', linkedAt, accountId: 'a' });

  it('holds each title once, on one line, cut at a word, in link order; nothing for no link', () => {
    expect(fieldTitle('  Bookings   made\nin the app ')).toBe('Bookings made in the app');
    const long = fieldTitle(`${'word '.repeat(30)}end`);
    expect(long.length).toBeLessThanOrEqual(FIELD_VALUE_MAX_CHARS);
    expect(long).toMatch(/^word( word)*…$/);
    expect(fieldTitle('x'.repeat(200))).toBe(`${'x'.repeat(FIELD_VALUE_MAX_CHARS - 1)}…`);
    const titles = new Map([['a', 'Same'], ['b', 'Same'], ['c', 'Other']]);
    expect(fieldValueOf([link('c', '2026-11-02'), link('a', '2026-11-01'), link('b', '2026-11-03'), link('gone', '2026-11-04')], titles)).toEqual(['Same', 'Other']);
    expect(fieldValueOf([], titles)).toBeNull();
    expect(fieldValueOf([link('gone', '2026-11-04')], titles)).toBeNull();
  });

  it('knows the field by its documented type, or without the app’s context by its type or key ending in the module key', () => {
    const type = `ari:cloud:ecosystem::extension/app-9/env-9/static/${KEY_RESULTS_FIELD_MODULE}`;
    const context = { appId: 'app-9', environmentId: 'env-9' };
    expect(isKeyResultsField({ id: 'customfield_20001', schema: { custom: type } }, context)).toBe(true);
    expect(isKeyResultsField({ id: 'customfield_20001', schema: { custom: type.replace('env-9', 'env-8') } }, context)).toBe(false);
    expect(isKeyResultsField({ id: 'customfield_20001', schema: { custom: type } }, null)).toBe(true);
    expect(isKeyResultsField({ id: 'customfield_20002', key: `app-9__PRODUCTION__${KEY_RESULTS_FIELD_MODULE}` }, null)).toBe(true);
    expect(isKeyResultsField({ id: 'customfield_20003', key: 'customfield_20003', schema: { custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield' } }, null)).toBe(false);
    expect(isKeyResultsField({ id: 'summary', schema: { custom: type } }, null)).toBe(false);
  });
});
