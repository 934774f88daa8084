// The digest of each Key Result's linked issues, which lets the project page read a cycle's links in
// one batch per 25 Key Results: it costs the same however many issues are linked, and it follows every
// link and unlink, even concurrent ones, written by them alone (reading never writes one).
import { addLink, linkedIssueIds, type IssueLinkRecord, type LinkDigest } from '../src/store/links';
import type { KeyResultView } from '../src/contract';
import { dataOf, startPlatform, type TestPlatform, USERS } from './support/platform';
import { must } from './support/must';

let platform: TestPlatform;
let keyResult: KeyResultView;
let cycleId: string;

/** Runs store code inside a Forge-like invocation, as a trigger would. */
const run = <T>(fn: () => Promise<T>) => platform.forge.deliverEvent({ moduleKey: 'test', handler: () => fn(), event: {} }) as Promise<T>;
const gymIssues = () => platform.data.issues.filter((issue) => issue.projectKey === 'GYM');
const record = (issue: { id: string; key: string }): IssueLinkRecord => ({
  projectKey: 'GYM',
  issueId: issue.id,
  issueKey: issue.key,
  keyResultId: keyResult.id,
  objectiveId: keyResult.objectiveId,
  cycleId,
  linkedAt: '2026-11-02T10:00:00.000Z',
  accountId: USERS.diego,
});
const overviewLinks = async () => {
  const page = dataOf(await platform.onProjectPage('sam', 'getProjectOverview'));
  return must(page.objectives.flatMap((objective) => objective.keyResults).find((candidate) => candidate.id === keyResult.id), 'page.objectives.flatMap(…).find((candidate) => candidate.id === keyResult.id)').linkedIssues.total;
};

beforeEach(async () => {
  platform = startPlatform();
  cycleId = dataOf(await platform.onProjectPage('priya', 'getProjectOverview')).cycle.id;
  const objective = dataOf(await platform.onProjectPage('priya', 'saveObjective', { objective: { cycleId, title: 'Members train more', status: 'active' } }));
  keyResult = dataOf(
    await platform.onProjectPage('priya', 'saveKeyResult', {
      keyResult: { objectiveId: objective.id, title: 'Weekly active members', metric: { direction: 'increase', start: 40, target: 60, current: 40, unit: '%' } },
    }),
  );
});
afterEach(() => platform.close());

it('lets the project page read the links with the same storage calls for 2 linked issues as for 150', async () => {
  const issues = gymIssues();
  await run(async () => {
    for (const issue of issues.slice(0, 2)) await addLink(record(issue));
  });
  platform.forge.resetCalls();
  expect(await overviewLinks()).toBe(2);
  const few = platform.forge.calls.kvs;

  await run(async () => {
    for (const issue of issues.slice(2, 150)) await addLink(record(issue));
  });
  platform.forge.resetCalls();
  expect(await overviewLinks()).toBe(150);
  // 150 link records would be two pages of a query; the digest is one read either way.
  expect(platform.forge.calls.kvs).toBe(few);
});

it('keeps every link when many issues are linked to one Key Result at once', async () => {
  const issues = gymIssues().slice(0, 30);
  const answers = await Promise.all(issues.map((issue) => platform.onIssuePanel('diego', 'linkIssue', issue.key, { keyResultId: keyResult.id })));
  expect(answers.filter((answer) => !answer.ok)).toEqual([]);
  const digest = await run(() => linkedIssueIds('GYM', [keyResult.id]));
  expect([...must(digest.get(keyResult.id), 'digest.get(keyResult.id)')].sort()).toEqual(issues.map((issue) => issue.id).sort());

  // Unlinking half of them at once leaves exactly the other half.
  const unlinked = issues.slice(0, 15);
  await Promise.all(unlinked.map((issue) => platform.onIssuePanel('diego', 'unlinkIssue', issue.key, { keyResultId: keyResult.id })));
  const after = await run(() => linkedIssueIds('GYM', [keyResult.id]));
  expect([...must(after.get(keyResult.id), 'after.get(keyResult.id)')].sort()).toEqual(issues.slice(15).map((issue) => issue.id).sort());
  expect(await overviewLinks()).toBe(15);
});

it('keeps the digest up to date through links and unlinks, which alone write it', async () => {
  const [first, second, third] = gymIssues();
  dataOf(await platform.onIssuePanel('diego', 'linkIssue', must(first, 'first').key, { keyResultId: keyResult.id }));
  dataOf(await platform.onIssuePanel('diego', 'linkIssue', must(second, 'second').key, { keyResultId: keyResult.id }));
  expect(await overviewLinks()).toBe(2);
  dataOf(await platform.onIssuePanel('diego', 'linkIssue', must(third, 'third').key, { keyResultId: keyResult.id }));
  dataOf(await platform.onIssuePanel('diego', 'unlinkIssue', must(first, 'first').key, { keyResultId: keyResult.id }));
  const digest = await run(() => linkedIssueIds('GYM', [keyResult.id]));
  expect([...must(digest.get(keyResult.id), 'digest.get(keyResult.id)')].sort()).toEqual([must(second, 'second').id, must(third, 'third').id].sort());
  expect(await overviewLinks()).toBe(2);
  // Created with the Key Result, then one version per link and unlink: the page's reads wrote none.
  const stored = await run(async () => (await import('@forge/kvs')).kvs.entity<LinkDigest>('key-result-links').get(keyResult.id));
  expect(stored).toEqual({ keyResultId: keyResult.id, projectKey: 'GYM', issueIds: [must(second, 'second').id, must(third, 'third').id], version: 5 });
});

it('drops the digest with its Key Result', async () => {
  const [issue] = gymIssues();
  dataOf(await platform.onIssuePanel('diego', 'linkIssue', must(issue, 'issue').key, { keyResultId: keyResult.id }));
  dataOf(await platform.onProjectPage('priya', 'deleteKeyResult', { id: keyResult.id, expectedVersion: keyResult.version }));
  expect(platform.kvs.snapshot()).not.toContain(`"${keyResult.id}":{"value":{"keyResultId"`);
});

it('gives an issue panel its links, its own and its parents’, in two storage reads beside its Sprint field', async () => {
  const byKey = new Map(platform.data.issues.map((issue) => [issue.key, issue]));
  const subtaskTypes = new Set(platform.data.issueTypes.filter((type) => type.subtask).map((type) => type.id));
  const subtask = must(platform.data.issues.find((issue) => subtaskTypes.has(issue.issueTypeId) && issue.parentKey && byKey.get(issue.parentKey)?.parentKey), 'platform.data.issues.find(…)');
  const story = must(byKey.get(must(subtask.parentKey, 'subtask.parentKey')), 'byKey.get(subtask.parentKey)');
  const epic = must(byKey.get(must(story.parentKey, 'story.parentKey')), 'byKey.get(story.parentKey)');
  const inherited = (panel: { links: Array<{ keyResultId: string; fromIssueKey?: string }> }) => panel.links.map((link) => [link.keyResultId, link.fromIssueKey]);
  expect(inherited(dataOf(await platform.onIssuePanel('sam', 'getIssuePanel', subtask.key)))).toEqual([]);

  dataOf(await platform.onIssuePanel('diego', 'linkIssue', story.key, { keyResultId: keyResult.id }));
  dataOf(await platform.onIssuePanel('diego', 'linkIssue', epic.key, { keyResultId: keyResult.id }));
  const other = dataOf(
    await platform.onProjectPage('priya', 'saveKeyResult', {
      keyResult: { objectiveId: keyResult.objectiveId, title: 'Workouts logged per member', metric: { direction: 'increase', start: 2, target: 4, current: 2 } },
    }),
  );
  dataOf(await platform.onIssuePanel('diego', 'linkIssue', subtask.key, { keyResultId: other.id }));
  platform.forge.resetCalls();
  const panel = dataOf(await platform.onIssuePanel('sam', 'getIssuePanel', subtask.key));
  expect(inherited(panel)).toEqual([
    [other.id, undefined],
    [keyResult.id, story.key],
  ]);
  // Storage: the site's Sprint field as kept (for the issue's sprint), the settings with the three
  // issues' link digests, then the Key Results and Objectives.
  expect(platform.forge.calls.kvs).toBe(3);
});
