// A read never writes: whatever storage holds, the screens' reads leave it byte for byte as it was.
// Link digests are written by links, unlinks, deletions and imports only, in their own transactions.
import type { DataOf, KeyResultView } from '../src/contract';
import { linkKey, type IssueLinkRecord } from '../src/store/links';
import { dataOf, startPlatform, type TestPlatform, USERS, warningsBesidesRebuilding } from './support/platform';
import { must } from './support/must';

let platform: TestPlatform;
beforeEach(() => {
  platform = startPlatform();
});
afterEach(() => platform.close());

const run = <T>(fn: () => Promise<T>) => platform.forge.deliverEvent({ moduleKey: 'test', handler: () => fn(), event: {} }) as Promise<T>;

/** A sub-task, its story and the story's epic, from the demo data. */
function chain() {
  const byKey = new Map(platform.data.issues.map((issue) => [issue.key, issue]));
  const subtaskTypes = new Set(platform.data.issueTypes.filter((type) => type.subtask).map((type) => type.id));
  const subtask = must(platform.data.issues.find(
    (issue) => issue.projectKey === 'GYM' && subtaskTypes.has(issue.issueTypeId) && issue.parentKey && byKey.get(issue.parentKey)?.parentKey,
  ), 'platform.data.issues.find(…)');
  const story = must(byKey.get(must(subtask.parentKey, 'subtask.parentKey')), 'byKey.get(subtask.parentKey)');
  const epic = must(byKey.get(must(story.parentKey, 'story.parentKey')), 'byKey.get(story.parentKey)');
  return { subtask, story, epic };
}

async function keyResults(titles: string[]): Promise<KeyResultView[]> {
  const cycleId = dataOf(await platform.onProjectPage('priya', 'getProjectOverview')).cycle.id;
  const objective = dataOf(await platform.onProjectPage('priya', 'saveObjective', { objective: { cycleId, title: 'Members train more', status: 'active' } }));
  const made: KeyResultView[] = [];
  for (const title of titles) {
    made.push(
      dataOf(
        await platform.onProjectPage('priya', 'saveKeyResult', {
          keyResult: { objectiveId: objective.id, title, metric: { direction: 'increase', start: 40, target: 60, current: 40, unit: '%' } },
        }),
      ),
    );
  }
  return made;
}

/** Every read the project page and the issue panel make, as three people; answers how many links they saw. */
async function readEverything(): Promise<number> {
  const { subtask, story, epic } = chain();
  let seen = 0;
  for (const user of ['priya', 'sam', 'sofia'] as const) {
    const overview = dataOf(await platform.onProjectPage(user, 'getProjectOverview'));
    seen += overview.objectives.flatMap((objective) => objective.keyResults).reduce((total, keyResult) => total + keyResult.linkedIssues.total, 0);
    for (const cycle of overview.cycles.slice(0, 3)) dataOf(await platform.onProjectPage(user, 'getProjectOverview', { cycleId: cycle.id }));
    const firstKeyResult = overview.objectives.flatMap((objective) => objective.keyResults)[0];
    if (firstKeyResult) dataOf(await platform.onProjectPage(user, 'getHistory', { keyResultId: firstKeyResult.id }));
    if (firstKeyResult) dataOf(await platform.onProjectPage(user, 'getKeyResultIssues', { keyResultId: firstKeyResult.id }));
    for (const filter of [undefined, 'unaligned', ...(firstKeyResult ? [{ keyResultId: firstKeyResult.id }] : [])]) {
      dataOf(await platform.onProjectPage(user, 'getBacklogPage', filter ? { filter } : {}));
    }
    for (const issue of [subtask, story, epic]) {
      seen += dataOf(await platform.onIssuePanel(user, 'getIssuePanel', issue.key)).links.length;
      dataOf(await platform.onIssuePanel(user, 'searchKeyResults', issue.key, {}));
      dataOf(await platform.onIssuePanel(user, 'searchKeyResults', issue.key, { query: 'weekly' }));
    }
  }
  dataOf(await platform.onProjectPage('priya', 'exportData'));
  // The organization page, as the executive, the Product Owner and Oscar (who may not browse GYM), in every cycle it offers.
  for (const user of ['elena', 'priya', 'oscar'] as const) {
    const organization = dataOf(await platform.onOrganizationPage(user, 'getOrganizationOkrs'));
    for (const cycle of organization.cycles) dataOf(await platform.onOrganizationPage(user, 'getOrganizationOkrs', { cycleId: cycle.id }));
    for (const objective of organization.objectives) {
      dataOf(await platform.onOrganizationPage(user, 'getOrganizationHistory', { objectiveId: objective.id }));
      for (const keyResult of objective.keyResults) dataOf(await platform.onOrganizationPage(user, 'getOrganizationHistory', { keyResultId: keyResult.id }));
    }
    // The organization's file, and what importing it would change (a preview writes nothing).
    const file = dataOf(await platform.onOrganizationPage(user, 'exportOrganization'));
    if (user === 'elena') dataOf(await platform.onOrganizationPage(user, 'previewOrganizationImport', { data: file }));
  }
  return seen;
}

/** The records (table and key) that differ between two snapshots, so a failure names what a read wrote. */
function changedRecords(before: string, after: string): string[] {
  const tables = (snapshot: string) => (JSON.parse(snapshot) as { tables: Record<string, Record<string, unknown>> }).tables;
  const [was, is] = [tables(before), tables(after)];
  const names = new Set([...Object.keys(was), ...Object.keys(is)]);
  return [...names].flatMap((table) => {
    const keys = new Set([...Object.keys(was[table] ?? {}), ...Object.keys(is[table] ?? {})]);
    return [...keys].filter((key) => JSON.stringify(was[table]?.[key]) !== JSON.stringify(is[table]?.[key])).map((key) => `${table} ${key}`);
  });
}

/**
 * Runs every read and checks storage is byte for byte as before; answers how many links the reads saw.
 * The project's kept issues are written by the background job a view hands its work to (a rebuild on
 * the first view, a reconciliation when Jira changed since): that work is let finish first, and on a
 * Jira that did not change, the reads and whatever they hand on write nothing at all.
 */
async function readsWriteNothing(): Promise<number> {
  await platform.forge.queuesSettled();
  const before = platform.kvs.snapshot();
  const seen = await readEverything();
  await platform.forge.queuesSettled();
  const after = platform.kvs.snapshot();
  expect(changedRecords(before, after)).toEqual([]);
  expect(after).toBe(before);
  return seen;
}

it('writes nothing on any read of a project whose issues were linked, unlinked and deleted', async () => {
  const { story, epic } = chain();
  const [first, second, third] = await keyResults(['Weekly active members', 'Workouts logged per member', 'Plans followed']);
  dataOf(await platform.onIssuePanel('diego', 'linkIssue', story.key, { keyResultId: must(first, 'first').id }));
  dataOf(await platform.onIssuePanel('diego', 'linkIssue', epic.key, { keyResultId: must(second, 'second').id }));
  dataOf(await platform.onIssuePanel('diego', 'linkIssue', epic.key, { keyResultId: must(third, 'third').id }));
  dataOf(await platform.onIssuePanel('diego', 'unlinkIssue', epic.key, { keyResultId: must(second, 'second').id }));
  dataOf(await platform.onProjectPage('priya', 'deleteKeyResult', { id: must(third, 'third').id, expectedVersion: must(third, 'third').version }));
  // The organization's OKRs, checked in on and graded, read by everyone on the organization page.
  const cycleId = String(new Date().getUTCFullYear());
  const orgObjective = dataOf(await platform.onOrganizationPage('elena', 'saveOrganizationObjective', { objective: { cycleId, title: 'Become the club members recommend', status: 'active' } }));
  const orgKeyResult = dataOf(
    await platform.onOrganizationPage('elena', 'saveOrganizationKeyResult', { keyResult: { objectiveId: orgObjective.id, title: 'Net Promoter Score', metric: { direction: 'increase', start: 21, target: 45, current: 21 } } }),
  );
  dataOf(await platform.onOrganizationPage('elena', 'checkInOrganizationKeyResult', { keyResultId: orgKeyResult.id, value: 30, confidence: 7 }));
  dataOf(await platform.onOrganizationPage('elena', 'gradeOrganizationKeyResult', { keyResultId: orgKeyResult.id, score: 0.4 }));
  // Each of the three people sees the story's link on the page, and on the story's and sub-task's panels.
  expect(await readsWriteNothing()).toBe(9);
});

it('writes nothing on any read of data as an import leaves it', async () => {
  const { story } = chain();
  const [linked, other] = await keyResults(['Weekly active members', 'Workouts logged per member']);
  dataOf(await platform.onIssuePanel('diego', 'linkIssue', story.key, { keyResultId: must(linked, 'linked').id }));
  const exported = dataOf(await platform.onProjectPage('priya', 'exportData')) as DataOf<'exportData'> & { keyResults: Array<{ id: string }> };
  // The file back with the unlinked Key Result under an id new to storage: one deleted, one created.
  const renamed = { ...exported, keyResults: exported.keyResults.map((keyResult) => (keyResult.id === must(other, 'other').id ? { ...keyResult, id: 'kr-imported' } : keyResult)) };
  dataOf(await platform.onProjectPage('priya', 'importData', { data: renamed }));
  expect(await readsWriteNothing()).toBe(9);
});

it('writes nothing on any read of an import that stopped part-way', async () => {
  const { demoOkrExport } = await import('../local/demo-okrs');
  const file = demoOkrExport(new Date());
  // Its second transaction writing records (not what it keeps of the state before it) fails: some are written, with the mark of an import under way.
  const handle = platform.kvs.handle.bind(platform.kvs);
  let records = 0;
  platform.kvs.handle = async (path, body) => {
    const text = JSON.stringify(body);
    if (path === '/api/v1/transaction' && !/import-before|import-marker/.test(text) && ++records === 2) platform.kvs.failOnCall(1, 503, undefined, { path });
    return handle(path, body);
  };
  expect((await platform.onProjectPage('priya', 'importData', { data: file }).catch((error: Error) => ({ ok: false, error }))).ok).toBe(false);
  platform.kvs.handle = handle;
  platform.kvs.clearFaults();
  expect(warningsBesidesRebuilding(dataOf(await platform.onProjectPage('sam', 'getProjectOverview'))).map((warning) => warning.code)).toEqual(['IMPORT_INTERRUPTED']);
  await readsWriteNothing();
});

it('writes nothing on a read of link records that have no digest, a shape no release writes', async () => {
  const { story } = chain();
  const [keyResult] = await keyResults(['Weekly active members']);
  const record: IssueLinkRecord = {
    projectKey: 'GYM',
    issueId: story.id,
    issueKey: story.key,
    keyResultId: must(keyResult, 'keyResult').id,
    objectiveId: must(keyResult, 'keyResult').objectiveId,
    cycleId: dataOf(await platform.onProjectPage('priya', 'getProjectOverview')).cycle.id,
    linkedAt: '2026-11-02T10:00:00.000Z',
    accountId: USERS.diego,
  };
  await run(async () => {
    const { kvs } = await import('@forge/kvs');
    await kvs.entity('key-result-links').delete(must(keyResult, 'keyResult').id);
    await kvs.entity<IssueLinkRecord>('issue-link').set(linkKey(story.id, must(keyResult, 'keyResult').id), record);
  });
  await readsWriteNothing();
});
