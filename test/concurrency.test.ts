// Concurrent writers through the real handler: the store's version conditions and the limit guard
// decide, so exactly the writes that should win do, and the history records exactly those.
import type { KeyResultView, Objective } from '../src/contract';
import { linkedIssueIds, linksOfIssues } from '../src/store/links';
import { inconsistencies } from './support/consistency';
import { dataOf, startPlatform, type TestPlatform } from './support/platform';
import { must } from './support/must';

let platform: TestPlatform;
let cycleId: string;

const run = <T>(fn: () => Promise<T>) => platform.forge.deliverEvent({ moduleKey: 'test', handler: () => fn(), event: {} }) as Promise<T>;
const objective = async (title: string, status: Objective['status']) =>
  dataOf(await platform.onProjectPage('priya', 'saveObjective', { objective: { cycleId, title, status } }));

beforeEach(async () => {
  platform = startPlatform();
  cycleId = dataOf(await platform.onProjectPage('priya', 'getProjectOverview')).cycle.id;
});
afterEach(async () => {
  try {
    // Whatever raced, links, their digests and the Key Results agree once the writes are over.
    expect(await inconsistencies(platform)).toEqual([]);
  } finally {
    platform.close();
  }
});

it('lets exactly one of 50 writers with the same expectedVersion change a Key Result, and records only that change', async () => {
  const parent = await objective('Members train more', 'active');
  const keyResult: KeyResultView = dataOf(
    await platform.onProjectPage('priya', 'saveKeyResult', {
      keyResult: { objectiveId: parent.id, title: 'Weekly active members', metric: { direction: 'increase', start: 40, target: 60, current: 40, unit: '%' } },
    }),
  );
  const writers = Array.from({ length: 50 }, (_, n) =>
    platform.onProjectPage('priya', 'saveKeyResult', {
      keyResult: { id: keyResult.id, objectiveId: parent.id, title: `Weekly active members (${n})`, metric: { ...keyResult.metric, target: 60 + n } },
      expectedVersion: keyResult.version,
      reason: `Writer ${n}`,
    }),
  );
  const answers = await Promise.all(writers);
  const winners = answers.filter((answer) => answer.ok);
  expect(winners).toHaveLength(1);
  expect(answers.filter((answer) => !answer.ok).map((answer) => !answer.ok && answer.error.code)).toEqual(Array(49).fill('CONFLICT'));

  const history = dataOf(await platform.onProjectPage('sam', 'getHistory', { keyResultId: keyResult.id })).changes;
  expect(history.map((change) => change.what)).toEqual(['keyResult.updated', 'keyResult.created']);
  const won = must(winners[0], 'winners[0]').ok ? must(winners[0], 'winners[0]').data : null;
  expect(must(history[0], 'history[0]').reason).toBe(`Writer ${must(won, 'won').metric.target - 60}`);
  const shown = must(must(dataOf(await platform.onProjectPage('sam', 'getProjectOverview')).objectives[0], 'dataOf(…).objectives[0]').keyResults[0], 'dataOf(…).objectives[0].keyResults[0]');
  expect([shown.title, shown.version]).toEqual([must(won, 'won').title, keyResult.version + 1]);
});

it('keeps an Objective within its 20 Key Results when 25 are added at once', async () => {
  const parent = await objective('Members train more', 'active');
  const answers = await Promise.all(
    Array.from({ length: 25 }, (_, n) =>
      platform.onProjectPage('priya', 'saveKeyResult', {
        keyResult: { objectiveId: parent.id, title: `Members in class ${n}`, metric: { direction: 'increase', start: 0, target: 100 + n, current: 0 } },
      }),
    ),
  );
  const kept = must(dataOf(await platform.onProjectPage('sam', 'getProjectOverview')).objectives.find((shown) => shown.id === parent.id), 'dataOf(…).objectives.find((shown) => shown.id === parent.id)').keyResults;
  expect(kept).toHaveLength(20);
  expect(answers.filter((answer) => answer.ok)).toHaveLength(20);
  // The rest are told the Objective is full, or, having lost every recount, to try again.
  for (const answer of answers.filter((candidate) => !candidate.ok)) {
    expect(!answer.ok && [answer.error.code, answer.error.code === 'VALIDATION' ? answer.error.message : 'try again']).toEqual([
      expect.stringMatching(/^(VALIDATION|CONFLICT)$/),
      expect.stringMatching(/at most 20 Key Results|try again/),
    ]);
  }
});

it('lets only as many concurrent activations through as the OKR-in-process limit has room for', async () => {
  await objective('Members train more', 'active');
  await objective('Booking is effortless', 'active');
  const drafts = await Promise.all(Array.from({ length: 8 }, (_, n) => objective(`Draft ${n}`, 'draft')));
  const answers = await Promise.all(
    drafts.map((draft) =>
      platform.onProjectPage('priya', 'saveObjective', {
        objective: { id: draft.id, cycleId, title: draft.title, status: 'active' },
        expectedVersion: draft.version,
      }),
    ),
  );
  expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
  expect(answers.filter((answer) => !answer.ok).map((answer) => !answer.ok && answer.error.code)).toEqual(Array(7).fill('LIMIT'));
  expect(dataOf(await platform.onProjectPage('sam', 'getProjectOverview')).okrLimit).toMatchObject({ limit: 3, inProcess: 3 });
});

it('ends concurrent links and unlinks of one issue consistent in both directions', async () => {
  const parent = await objective('Members train more', 'active');
  const keyResults = await Promise.all(
    ['Weekly active members', 'Workouts logged', 'Plans followed'].map(async (title) =>
      dataOf(
        await platform.onProjectPage('priya', 'saveKeyResult', {
          keyResult: { objectiveId: parent.id, title, metric: { direction: 'increase', start: 1, target: 2, current: 1 } },
        }),
      ),
    ),
  );
  const issue = must(platform.data.issues.find((candidate) => candidate.projectKey === 'GYM' && candidate.parentKey === null), "platform.data.issues.find((candidate) => candidate.projectKey === 'GYM' && candidate.parentKey === null)");
  const calls = keyResults.flatMap((keyResult) => [
    platform.onIssuePanel('diego', 'linkIssue', issue.key, { keyResultId: keyResult.id }),
    platform.onIssuePanel('mei', 'linkIssue', issue.key, { keyResultId: keyResult.id }),
    platform.onIssuePanel('diego', 'unlinkIssue', issue.key, { keyResultId: keyResult.id }),
  ]);
  await Promise.all(calls);

  const records = await run(() => linksOfIssues([issue.id]));
  const digests = await run(() => linkedIssueIds('GYM', keyResults.map((keyResult) => keyResult.id)));
  const byIssue = records.map((record) => record.keyResultId).sort();
  const byKeyResult = keyResults.filter((keyResult) => must(digests.get(keyResult.id), 'digests.get(keyResult.id)').includes(issue.id)).map((keyResult) => keyResult.id).sort();
  expect(byKeyResult).toEqual(byIssue);
  // The issue panel and Jira's search say the same.
  const panel = dataOf(await platform.onIssuePanel('sam', 'getIssuePanel', issue.key));
  expect(panel.links.map((link) => link.keyResultId).sort()).toEqual(byIssue);
  const property = must(platform.jira.data.issues.find((candidate) => candidate.id === issue.id), 'platform.jira.data.issues.find((candidate) => candidate.id === issue.id)').properties.outcomes as { keyResultIds: string[] };
  expect([...property.keyResultIds].sort()).toEqual(byIssue);
});
