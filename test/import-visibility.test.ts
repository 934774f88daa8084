// All-or-nothing visibility of an import: while an import too large for one transaction is written,
// and after it stops part-way, every reader (the project page, the issue panel, history, export, the
// picker) sees the OKRs from before it, whole; from its last transaction on, the imported ones, whole.
import { type DataOf, type PayloadOf } from '../src/contract';
import { inconsistencies } from './support/consistency';
import { dataOf, startPlatform, type TestPlatform, warningsBesidesRebuilding } from './support/platform';
import { must } from './support/must';

let platform: TestPlatform;
beforeEach(() => {
  platform = startPlatform();
});
afterEach(async () => {
  await platform.forge.queuesSettled();
  platform.close();
});

type Document = DataOf<'exportData'> & Record<'objectives' | 'keyResults' | 'changes' | 'sprintReviews', Array<Record<string, unknown>>>;
const LISTS = ['objectives', 'keyResults', 'changes', 'sprintReviews'] as const;
const TRANSACTION = '/api/v1/transaction';

/** Every page of the export, joined. */
async function exportAll(): Promise<Document> {
  const pages: Document[] = [];
  let cursor: string | undefined;
  do {
    const page = dataOf(await platform.onProjectPage('sam', 'exportData', cursor ? { cursor } : {})) as Document;
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor);
  const { nextCursor: _last, exportedAt: _at, ...first } = must(pages[0], 'pages[0]');
  const document = { ...first } as Document;
  for (const list of LISTS) document[list] = pages.flatMap((page) => page[list]);
  return document;
}

/** A document's records, in one order, without when it was exported: two states compare equal only when every record does. */
const state = (document: Document) => ({
  settings: document.settings,
  ...Object.fromEntries(LISTS.map((list) => [list, [...document[list]].sort((a, b) => String(a.id ?? a.sprintId).localeCompare(String(b.id ?? b.sprintId)))])),
});

/** What the project page shows of the OKRs: each Objective's title and its Key Results' titles and values. */
async function pageShows(): Promise<string[]> {
  const overview = dataOf(await platform.onProjectPage('sam', 'getProjectOverview'));
  return overview.objectives.flatMap((objective) => [`${objective.id} ${objective.title}`, ...objective.keyResults.map((keyResult) => `${keyResult.id} ${keyResult.title} ${keyResult.metric.current}`)]).sort();
}

/** The first Objective's history, every page. */
async function historyOf(objectiveId: string): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = dataOf(await platform.onProjectPage('sam', 'getHistory', { objectiveId, ...(cursor ? { cursor } : {}) }));
    seen.push(...page.changes.map((change) => `${change.at} ${change.what}`));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

interface Seen {
  document: ReturnType<typeof state>;
  page: string[];
  history: string[];
}

async function look(objectiveId: string): Promise<Seen> {
  return { document: state(await exportAll()), page: await pageShows(), history: await historyOf(objectiveId) };
}

/**
 * A project with one Objective and two Key Results, and a file that changes all of it: the Objective
 * retitled, one Key Result's value moved, the other dropped, and 8 Objectives with 40 Key Results added
 * (about a hundred writes: several transactions).
 */
async function projectAndFile(): Promise<{ file: Document; objectiveId: string }> {
  const cycleId = dataOf(await platform.onProjectPage('priya', 'getProjectOverview')).cycle.id;
  const objective = dataOf(await platform.onProjectPage('priya', 'saveObjective', { objective: { cycleId, title: 'Members reach their goals', status: 'active' } }));
  const metric: PayloadOf<'saveKeyResult'>['keyResult']['metric'] = { direction: 'increase', start: 10, target: 40, current: 10 };
  for (const title of ['Members with a plan', 'Members training weekly']) {
    dataOf(await platform.onProjectPage('priya', 'saveKeyResult', { keyResult: { objectiveId: objective.id, title, metric } }));
  }
  const file = structuredClone(dataOf(await platform.onProjectPage('priya', 'exportData')) as Document);
  const [kept, dropped] = [must(file.keyResults[0], 'a Key Result'), must(file.keyResults[1], 'another Key Result')];
  Object.assign(must(file.objectives[0], 'the Objective'), { title: 'Members reach their goals, imported', version: 9 });
  Object.assign(kept, { metric: { ...(kept.metric as object), current: 33 }, version: 9 });
  file.keyResults = file.keyResults.filter((keyResult) => keyResult !== dropped);
  const at = '2026-10-01T09:00:00.000Z';
  for (let i = 0; i < 40; i++) {
    const id = `imported-o${Math.floor(i / 5)}`;
    if (i % 5 === 0) file.objectives.push({ id, projectKey: 'GYM', cycleId, title: `Imported Objective ${i / 5}`, status: 'draft', createdAt: at, updatedAt: at, version: 1 });
    file.keyResults.push({ id: `imported-k${i}`, objectiveId: id, projectKey: 'GYM', cycleId, title: `Imported Key Result ${i}`, metric: { direction: 'increase', start: 0, target: 100, current: i }, weight: 1, createdAt: at, updatedAt: at, version: 1, checkIns: [] });
  }
  return { file, objectiveId: objective.id };
}

describe('an import too large for one transaction', () => {
  it('shows every reader the OKRs from before it, whole, between any two of its transactions, and the imported ones once it is done', async () => {
    const { file, objectiveId } = await projectAndFile();
    const before = await look(objectiveId);

    // Before each transaction of the import (one at a time), the readers look.
    const seen: Array<{ transaction: number; seen: Seen }> = [];
    const handle = platform.kvs.handle.bind(platform.kvs);
    let transactions = 0;
    let turn = Promise.resolve();
    const ofImport = (body: unknown) => /"(import-before|import-marker|objective|key-result|okr-change)"/.test(JSON.stringify(body));
    platform.kvs.handle = async (path, body) => {
      if (path === TRANSACTION && ofImport(body)) {
        const mine = turn.then(async () => {
          transactions += 1;
          seen.push({ transaction: transactions, seen: await look(objectiveId) });
        });
        turn = mine;
        await mine;
      }
      return handle(path, body);
    };
    dataOf(await platform.onProjectPage('priya', 'importData', { data: file }));
    platform.kvs.handle = handle;

    // The lock, the befores, the records (several transactions), then the one that makes it visible.
    expect(transactions).toBeGreaterThan(4);
    for (const { transaction, seen: now } of seen) expect([transaction, now]).toEqual([transaction, before]);
    const after = await look(objectiveId);
    expect(after.document).toEqual(state(file));
    expect(after.page).toContain(`${objectiveId} Members reach their goals, imported`);
    expect(after).not.toEqual(before);
    expect(warningsBesidesRebuilding(dataOf(await platform.onProjectPage('sam', 'getProjectOverview')))).toEqual([]);
    expect(await inconsistencies(platform)).toEqual([]);
  });

  it('leaves the OKRs from before it visible and whole when it stops part-way, and the next import of the file completes it', async () => {
    const { file, objectiveId } = await projectAndFile();
    const before = await look(objectiveId);

    // The second transaction that writes Key Results (not their befores) fails: some are written, not all.
    let recordTransactions = 0;
    const handle = platform.kvs.handle.bind(platform.kvs);
    platform.kvs.handle = async (path, body) => {
      const text = JSON.stringify(body);
      if (path === TRANSACTION && text.includes('"key-result"') && !text.includes('import-before') && ++recordTransactions === 2) {
        platform.kvs.failOnCall(1, 503, undefined, { path: TRANSACTION });
      }
      return handle(path, body);
    };
    const stopped = await platform.onProjectPage('priya', 'importData', { data: file }).catch((error: Error) => ({ ok: false, error }));
    expect(stopped.ok).toBe(false);
    platform.kvs.handle = handle;
    platform.kvs.clearFaults();
    expect(recordTransactions).toBeGreaterThan(2);
    // Some of the imported records are stored...
    expect(platform.kvs.snapshot()).toContain('Imported Key Result');
    // ...and yet every reader sees the OKRs from before the import, whole, and the page says it did not finish.
    expect(await look(objectiveId)).toEqual(before);
    const warnings = warningsBesidesRebuilding(dataOf(await platform.onProjectPage('sam', 'getProjectOverview')));
    expect(warnings).toEqual([expect.objectContaining({ code: 'IMPORT_INTERRUPTED', message: expect.stringContaining('what is shown is the OKRs from before it') })]);

    // The same file again finishes it: the imported OKRs, whole, and nothing lost.
    dataOf(await platform.onProjectPage('priya', 'importData', { data: file }));
    const after = await look(objectiveId);
    expect(after.document).toEqual(state(file));
    expect(warningsBesidesRebuilding(dataOf(await platform.onProjectPage('sam', 'getProjectOverview')))).toEqual([]);
    expect(await inconsistencies(platform)).toEqual([]);
    // What the import kept of the state before it goes once it is done.
    expect(platform.kvs.snapshot()).not.toContain('"entity:import-before":{"');
  });

  it('shows one call the OKRs from before an import that finishes between two of its reads, not some of each', async () => {
    const { file } = await projectAndFile();
    const shown = dataOf(await platform.onProjectPage('sam', 'getProjectOverview'));
    file.settings = { ...shown.settings, okrLimit: 7, version: shown.settings.version + 1 };

    // The page has read the settings; before its first query, the whole import runs and finishes.
    const handle = platform.kvs.handle.bind(platform.kvs);
    let imported = false;
    platform.kvs.handle = async (path, body) => {
      if (!imported && path === '/api/v1/entity/query') {
        imported = true;
        dataOf(await platform.onProjectPage('priya', 'importData', { data: file }));
      }
      return handle(path, body);
    };
    const during = dataOf(await platform.onProjectPage('sam', 'getProjectOverview'));
    platform.kvs.handle = handle;
    expect(imported).toBe(true);
    expect([during.settings.okrLimit, during.objectives.map((objective) => objective.title)]).toEqual([shown.settings.okrLimit, shown.objectives.map((objective) => objective.title)]);

    // The next view shows the import, whole.
    const after = dataOf(await platform.onProjectPage('sam', 'getProjectOverview'));
    expect(after.settings.okrLimit).toBe(7);
    expect(after.objectives.map((objective) => objective.title)).toContain('Members reach their goals, imported');
  });
});
