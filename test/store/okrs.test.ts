// The OKR store through the real @forge/kvs SDK and the KVS emulator: versions, conflicts,
// transactions, history, and the number of KVS calls a screen costs.
import { kvs } from '@forge/kvs';
import type { Objective } from '../../src/contract';
import {
  appendCheckIn,
  deleteKeyResult,
  deleteObjective,
  exportProject,
  getKeyResult,
  getObjective,
  historyPage,
  keyResultsOfObjective,
  loadCycle,
  loadSettings,
  saveKeyResult,
  saveObjective,
  saveSettings,
  StoreConflictError,
  StoreNotFoundError,
  StoreValidationError,
  type StoredKeyResult,
} from '../../src/store/okrs';
import { change, PRIYA, rejection, SAM, startStore, type StoreHarness } from './harness';
import { must } from '../support/must';

const historyOf = async (filter: { objectiveId: string } | { keyResultId: string }) => (await historyPage('GYM', filter)).changes;

let store: StoreHarness;
beforeEach(() => {
  store = startStore();
});
afterEach(() => store.close());

const objectiveInput = (id: string, overrides: Partial<Objective> = {}) => ({
  id,
  projectKey: 'GYM',
  cycleId: '2026-Q4',
  title: `Objective ${id}`,
  status: 'active' as const,
  ...overrides,
});

const keyResultInput = (id: string, objectiveId: string, overrides: Partial<StoredKeyResult> = {}) => ({
  id,
  objectiveId,
  projectKey: 'GYM',
  cycleId: '2026-Q4',
  title: `Key Result ${id}`,
  metric: { direction: 'increase' as const, start: 10, target: 40, current: 10, unit: '%' },
  weight: 1,
  ...overrides,
});

describe('Objectives', () => {
  it('creates at version 1, updates to version 2 keeping createdAt, each write with its change record', async () => {
    const created = await store.run(() => saveObjective(objectiveInput('o1', { ownerAccountId: SAM }), change('objective.created')));
    expect(created).toMatchObject({ id: 'o1', version: 1, ownerAccountId: SAM, status: 'active' });
    expect(created.createdAt).toBe(created.updatedAt);

    const edit = change('objective.updated', SAM, 'Sharper wording after the review');
    const updated = await store.run(() => saveObjective(objectiveInput('o1', { title: 'Sharper' }), edit, 1));
    expect(updated).toMatchObject({ version: 2, title: 'Sharper', createdAt: created.createdAt, updatedAt: edit.at });
    expect(updated).not.toHaveProperty('ownerAccountId');
    expect(await store.run(() => getObjective('o1'))).toEqual(updated);

    const history = await store.run(() => historyOf({ objectiveId: 'o1' }));
    expect(history).toEqual([
      { at: edit.at, accountId: SAM, what: 'objective.updated', before: created, after: updated, reason: 'Sharper wording after the review' },
      { at: created.createdAt, accountId: PRIYA, what: 'objective.created', before: null, after: created },
    ]);
  });

  it('refuses a stale expectedVersion with StoreConflictError and leaves storage exactly as it was', async () => {
    await store.run(() => saveObjective(objectiveInput('o1'), change('objective.created')));
    await store.run(() => saveObjective(objectiveInput('o1', { title: 'Second' }), change('objective.updated'), 1));
    const before = store.snapshot();

    const error = await rejection(store.run(() => saveObjective(objectiveInput('o1', { title: 'Stale' }), change('objective.updated'), 1)));
    expect(error).toBeInstanceOf(StoreConflictError);
    expect(error).toMatchObject({ expected: 1, actual: 2 });
    expect(store.snapshot()).toEqual(before);

    // Creating over an existing id (expectedVersion 0) is a conflict too; an update of nothing is not found.
    expect(await rejection(store.run(() => saveObjective(objectiveInput('o1'), change('objective.created'), 0)))).toBeInstanceOf(StoreConflictError);
    expect(await rejection(store.run(() => saveObjective(objectiveInput('ghost'), change('objective.updated'), 3)))).toBeInstanceOf(StoreNotFoundError);
    expect(store.snapshot()).toEqual(before);
  });

  it('lets exactly one of two concurrent saves with the same expectedVersion win, with exactly one change record', async () => {
    await store.run(() => saveObjective(objectiveInput('o1'), change('objective.created')));
    store.kvs.resetCallCount();
    const results = await Promise.allSettled([
      store.run(() => saveObjective(objectiveInput('o1', { title: 'Mine' }), change('objective.updated', PRIYA), 1)),
      store.run(() => saveObjective(objectiveInput('o1', { title: 'Yours' }), change('objective.updated', SAM), 1)),
    ]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(must(rejected[0], 'rejected[0]').reason).toBeInstanceOf(StoreConflictError);
    // Both read version 1 and both sent their transaction: the transaction's condition decided.
    expect(store.kvs.callCountsByPath['/api/v1/transaction']).toBe(2);

    const stored = await store.run(() => getObjective('o1'));
    expect(stored?.version).toBe(2);
    const updates = (await store.run(() => historyOf({ objectiveId: 'o1' }))).filter((c) => c.what === 'objective.updated');
    expect(updates).toHaveLength(1);
    expect((must(updates[0], 'updates[0]').after as Objective).title).toBe(stored?.title);
  });

  it('refuses invalid data with a StoreValidationError naming the field', async () => {
    const error = await rejection(store.run(() => saveObjective(objectiveInput('o1', { title: 'x'.repeat(300) }), change('objective.created'))));
    expect(error).toBeInstanceOf(StoreValidationError);
    expect((error as StoreValidationError).field).toBe('objective.title');
    expect(await rejection(store.run(() => saveObjective(objectiveInput('o1', { cycleId: '2026-Q5' }), change('objective.created'))))).toBeInstanceOf(
      StoreValidationError,
    );
    expect(await store.run(() => getObjective('o1'))).toBeNull();
  });

  it('refuses to move an Objective to another project without naming the project it is in', async () => {
    await store.run(() => saveObjective(objectiveInput('o1', { projectKey: 'OPS' }), change('objective.created')));
    const error = await rejection(store.run(() => saveObjective(objectiveInput('o1'), change('objective.updated'), 1)));
    expect(error).toBeInstanceOf(StoreValidationError);
    expect(error.message).toBe('This Objective belongs to another project; it cannot move to GYM.');
  });

  it('moves its Key Results along when it moves to another cycle', async () => {
    await store.run(() => saveObjective(objectiveInput('o1'), change('objective.created')));
    await store.run(() => saveKeyResult(keyResultInput('k1', 'o1'), change('keyResult.created')));
    await store.run(() => saveObjective(objectiveInput('o1', { cycleId: '2027-Q1' }), change('objective.updated'), 1));
    const moved = await store.run(() => loadCycle('GYM', '2027-Q1'));
    expect(moved.objectives.map((o) => o.id)).toEqual(['o1']);
    expect(moved.keyResults.map((k) => [k.id, k.cycleId])).toEqual([['k1', '2027-Q1']]);
    expect((await store.run(() => loadCycle('GYM', '2026-Q4'))).keyResults).toEqual([]);
  });
});

describe('loadCycle', () => {
  async function seed(objectives: number, keyResultsEach: number) {
    for (let o = 1; o <= objectives; o++) {
      await store.run(() => saveObjective(objectiveInput(`o${o}`), change('objective.created')));
      for (let k = 1; k <= keyResultsEach; k++) {
        await store.run(() => saveKeyResult(keyResultInput(`o${o}-k${k}`, `o${o}`), change('keyResult.created')));
      }
    }
    // Noise the queries must not return: another cycle, another project.
    await store.run(() => saveObjective(objectiveInput('q3', { cycleId: '2026-Q3' }), change('objective.created')));
    await store.run(() => saveKeyResult(keyResultInput('q3-k1', 'q3'), change('keyResult.created')));
    await store.run(() => saveObjective(objectiveInput('ops', { projectKey: 'OPS' }), change('objective.created')));
    await store.run(() => saveKeyResult(keyResultInput('ops-k1', 'ops', { projectKey: 'OPS' }), change('keyResult.created')));
  }

  async function measure() {
    store.kvs.resetCallCount();
    const cycle = await store.run(() => loadCycle('GYM', '2026-Q4'));
    return { cycle, calls: store.kvs.callCount, byPath: store.kvs.callCountsByPath };
  }

  it('costs the same two queries for 3 Key Results and for 60 (and two reads of the import marker: an import would show as the state before it)', async () => {
    await seed(1, 3);
    const small = await measure();
    expect(small.cycle.objectives).toHaveLength(1);
    expect(small.cycle.keyResults).toHaveLength(3);
    expect(small.calls).toBe(4);
    expect(small.byPath).toEqual({ '/api/v1/entity/query': 2, '/api/v1/entity/get': 2 });

    store.kvs.clear();
    await seed(3, 20);
    const large = await measure();
    expect(large.cycle.objectives.map((o) => o.id)).toEqual(['o1', 'o2', 'o3']);
    expect(large.cycle.keyResults).toHaveLength(60);
    expect(large.cycle.keyResults.every((k) => k.projectKey === 'GYM' && k.cycleId === '2026-Q4')).toBe(true);
    expect(large.calls).toBe(small.calls);
  });

  it('pages past 100 Key Results with one more query per page', async () => {
    // Written directly (the store caps an Objective at 20 Key Results): 6 Objectives × 20 = 120.
    await store.run(async () => {
      for (let o = 1; o <= 6; o++) {
        await saveObjective(objectiveInput(`o${o}`), change('objective.created'));
        for (let start = 0; start < 20; start += 10) {
          const batch = Array.from({ length: 10 }, (_, i) => ({
            key: `o${o}-k${start + i}`,
            entityName: 'key-result',
            value: { ...keyResultInput(`o${o}-k${start + i}`, `o${o}`), createdAt: '2026-10-01T00:00:00.000Z', updatedAt: '2026-10-01T00:00:00.000Z', version: 1, checkIns: [] },
          }));
          await kvs.batchSet(batch);
        }
      }
    });
    const { cycle, calls } = await measure();
    expect(cycle.keyResults).toHaveLength(120);
    expect(calls).toBe(3 + 2);
  });
});

describe('Key Results', () => {
  beforeEach(async () => {
    await store.run(() => saveObjective(objectiveInput('o1'), change('objective.created')));
  });

  it('creates, updates with versions, keeps check-ins, and lists them by Objective', async () => {
    const created = await store.run(() => saveKeyResult(keyResultInput('k1', 'o1'), change('keyResult.created')));
    expect(created).toMatchObject({ version: 1, checkIns: [], cycleId: '2026-Q4' });
    await store.run(() => appendCheckIn('k1', { at: '2026-10-12T15:00:00.000Z', accountId: PRIYA, value: 14, confidence: 7 }, change('keyResult.checked-in')));
    const updated = await store.run(() =>
      saveKeyResult(keyResultInput('k1', 'o1', { title: 'Renamed', metric: { direction: 'increase', start: 10, target: 50, current: 14, unit: '%' } }), change('keyResult.updated'), 2),
    );
    expect(updated).toMatchObject({ version: 3, title: 'Renamed', createdAt: created.createdAt });
    expect(updated.checkIns).toHaveLength(1);
    expect(await store.run(() => getKeyResult('k1'))).toEqual(updated);

    await store.run(() => saveKeyResult(keyResultInput('k2', 'o1'), change('keyResult.created')));
    expect((await store.run(() => keyResultsOfObjective('o1'))).map((k) => k.id)).toEqual(['k1', 'k2']);

    const before = store.snapshot();
    expect(await rejection(store.run(() => saveKeyResult(keyResultInput('k1', 'o1'), change('keyResult.updated'), 2)))).toBeInstanceOf(StoreConflictError);
    expect(store.snapshot()).toEqual(before);
  });

  it('refuses a Key Result under an Objective that does not exist, and a 21st on one Objective', async () => {
    expect(await rejection(store.run(() => saveKeyResult(keyResultInput('k1', 'nope'), change('keyResult.created'))))).toBeInstanceOf(StoreNotFoundError);
    for (let k = 1; k <= 20; k++) await store.run(() => saveKeyResult(keyResultInput(`k${k}`, 'o1'), change('keyResult.created')));
    const error = await rejection(store.run(() => saveKeyResult(keyResultInput('k21', 'o1'), change('keyResult.created'))));
    expect(error).toBeInstanceOf(StoreValidationError);
    expect(error.message).toMatch(/at most 20 Key Results/);
  });

  it('deletes a Key Result with its version and records it', async () => {
    await store.run(() => saveKeyResult(keyResultInput('k1', 'o1'), change('keyResult.created')));
    expect(await rejection(store.run(() => deleteKeyResult('k1', 5, change('keyResult.deleted'))))).toBeInstanceOf(StoreConflictError);
    await store.run(() => deleteKeyResult('k1', 1, change('keyResult.deleted')));
    expect(await store.run(() => getKeyResult('k1'))).toBeNull();
    expect((await store.run(() => historyOf({ keyResultId: 'k1' }))).map((c) => c.what)).toEqual(['keyResult.deleted', 'keyResult.created']);
    expect(await rejection(store.run(() => deleteKeyResult('k1', 1, change('keyResult.deleted'))))).toBeInstanceOf(StoreNotFoundError);
  });
});

describe('deleteObjective', () => {
  it('removes the Objective and its Key Results in one transaction and records the change', async () => {
    await store.run(() => saveObjective(objectiveInput('o1'), change('objective.created')));
    await store.run(() => saveObjective(objectiveInput('o2'), change('objective.created')));
    for (const id of ['k1', 'k2', 'k3']) await store.run(() => saveKeyResult(keyResultInput(id, 'o1'), change('keyResult.created')));
    await store.run(() => saveKeyResult(keyResultInput('k4', 'o2'), change('keyResult.created')));

    const before = store.snapshot();
    expect(await rejection(store.run(() => deleteObjective('o1', 2, change('objective.deleted'))))).toBeInstanceOf(StoreConflictError);
    expect(store.snapshot()).toEqual(before);

    store.kvs.resetCallCount();
    await store.run(() => deleteObjective('o1', 1, change('objective.deleted', SAM)));
    expect(store.kvs.callCountsByPath['/api/v1/transaction']).toBe(1);
    expect(await store.run(() => getObjective('o1'))).toBeNull();
    expect(await store.run(() => keyResultsOfObjective('o1'))).toEqual([]);
    const cycle = await store.run(() => loadCycle('GYM', '2026-Q4'));
    expect(cycle.objectives.map((o) => o.id)).toEqual(['o2']);
    expect(cycle.keyResults.map((k) => k.id)).toEqual(['k4']);
    const [deletion] = await store.run(() => historyOf({ objectiveId: 'o1' }));
    expect(deletion).toMatchObject({ what: 'objective.deleted', accountId: SAM, after: null });
    expect((must(deletion, 'deletion').before as { keyResults: unknown[] }).keyResults).toHaveLength(3);
    expect(await rejection(store.run(() => deleteObjective('o1', 1, change('objective.deleted'))))).toBeInstanceOf(StoreNotFoundError);
  });

  it('refuses, clearly and without writing, an Objective that somehow has more than 20 Key Results', async () => {
    await store.run(() => saveObjective(objectiveInput('o1'), change('objective.created')));
    await store.run(async () => {
      for (let start = 0; start < 21; start += 7) {
        await kvs.batchSet(
          Array.from({ length: 7 }, (_, i) => ({
            key: `k${start + i}`,
            entityName: 'key-result',
            value: { ...keyResultInput(`k${start + i}`, 'o1'), createdAt: '2026-10-01T00:00:00.000Z', updatedAt: '2026-10-01T00:00:00.000Z', version: 1, checkIns: [] },
          })),
        );
      }
    });
    const before = store.snapshot();
    const error = await rejection(store.run(() => deleteObjective('o1', 1, change('objective.deleted'))));
    expect(error).toBeInstanceOf(StoreValidationError);
    expect(error.message).toMatch(/21 Key Results.*at most 20/);
    expect(store.snapshot()).toEqual(before);
  });
});

describe('appendCheckIn', () => {
  beforeEach(async () => {
    await store.run(() => saveObjective(objectiveInput('o1'), change('objective.created')));
    await store.run(() => saveKeyResult(keyResultInput('k1', 'o1'), change('keyResult.created')));
  });

  it('keeps every check-in when many arrive at once, oldest first, current = the latest value', async () => {
    const count = 8;
    const checkIns = Array.from({ length: count }, (_, i) => ({
      at: `2026-10-${String(10 + i).padStart(2, '0')}T15:00:00.000Z`,
      accountId: i % 2 ? SAM : PRIYA,
      value: 11 + i,
      confidence: 1 + i,
      note: `week ${i + 1}`,
    }));
    // Deliberately out of order, all at once.
    const results = await Promise.all([...checkIns].reverse().map((checkIn) => store.run(() => appendCheckIn('k1', checkIn, change('keyResult.checked-in')))));
    expect(results).toHaveLength(count);

    const stored = await store.run(() => getKeyResult('k1'));
    expect(stored?.checkIns).toEqual(checkIns);
    expect(stored?.version).toBe(1 + count);
    expect(stored?.metric.current).toBe(11 + count - 1);
    const history = await store.run(() => historyOf({ keyResultId: 'k1' }));
    expect(history.filter((c) => c.what === 'keyResult.checked-in')).toHaveLength(count);
  });

  it('refuses a malformed check-in and a missing Key Result', async () => {
    const bad = await rejection(store.run(() => appendCheckIn('k1', { at: '2026-10-10T15:00:00.000Z', accountId: PRIYA, value: Number.NaN, confidence: 5 }, change('keyResult.checked-in'))));
    expect(bad).toBeInstanceOf(StoreValidationError);
    expect((bad as StoreValidationError).field).toBe('checkIn.value');
    const conf = await rejection(store.run(() => appendCheckIn('k1', { at: '2026-10-10T15:00:00.000Z', accountId: PRIYA, value: 3, confidence: 11 }, change('keyResult.checked-in'))));
    expect((conf as StoreValidationError).field).toBe('checkIn.confidence');
    expect(
      await rejection(store.run(() => appendCheckIn('nope', { at: '2026-10-10T15:00:00.000Z', accountId: PRIYA, value: 3, confidence: 5 }, change('keyResult.checked-in')))),
    ).toBeInstanceOf(StoreNotFoundError);
  });
});

describe('historyOf', () => {
  it('lists an Objective’s changes (its Key Results’ included) and a Key Result’s, newest first', async () => {
    await store.run(() => saveObjective(objectiveInput('o1'), change('objective.created')));
    await store.run(() => saveKeyResult(keyResultInput('k1', 'o1'), change('keyResult.created')));
    await store.run(() => saveKeyResult(keyResultInput('k2', 'o1'), change('keyResult.created')));
    await store.run(() => appendCheckIn('k1', { at: '2026-10-12T15:00:00.000Z', accountId: SAM, value: 20, confidence: 6, note: 'good week' }, change('keyResult.checked-in', SAM)));
    await store.run(() => saveObjective(objectiveInput('o1', { title: 'Reworded' }), change('objective.updated', PRIYA, 'Clearer'), 1));

    store.kvs.resetCallCount();
    const ofObjective = await store.run(() => historyOf({ objectiveId: 'o1' }));
    // One query, and the import marker read before and after it.
    expect(store.kvs.callCount).toBe(3);
    expect(ofObjective.map((c) => c.what)).toEqual(['objective.updated', 'keyResult.checked-in', 'keyResult.created', 'keyResult.created', 'objective.created']);
    const times = ofObjective.map((c) => c.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(ofObjective[0]).toMatchObject({ reason: 'Clearer' });

    const ofKeyResult = await store.run(() => historyOf({ keyResultId: 'k1' }));
    expect(ofKeyResult.map((c) => c.what)).toEqual(['keyResult.checked-in', 'keyResult.created']);
    expect(ofKeyResult[0]).toMatchObject({ accountId: SAM, before: { current: 10 }, after: { current: 20 } });
  });
});

describe('settings', () => {
  it('saves with versions and a change record; a stale version is a conflict', async () => {
    expect(await store.run(() => loadSettings('GYM', PRIYA))).toEqual({
      okrLimit: 3,
      fiscalYearStartMonth: 1,
      cycleLength: 'quarter',
      productOwnerAccountIds: [PRIYA],
      staleCheckInDays: 14,
      version: 0,
    });
    const first = await store.run(() => saveSettings('GYM', { okrLimit: 4 }, change('settings.updated'), 0, PRIYA));
    expect(first).toEqual({ okrLimit: 4, fiscalYearStartMonth: 1, cycleLength: 'quarter', productOwnerAccountIds: [PRIYA], staleCheckInDays: 14, version: 1 });
    const second = await store.run(() => saveSettings('GYM', { productOwnerAccountIds: [SAM], boardId: 1 }, change('settings.updated', SAM), 1));
    expect(second).toEqual({ okrLimit: 4, fiscalYearStartMonth: 1, cycleLength: 'quarter', boardId: 1, productOwnerAccountIds: [SAM], staleCheckInDays: 14, version: 2 });
    expect(await store.run(() => loadSettings('GYM', PRIYA))).toEqual(second);

    const before = store.snapshot();
    expect(await rejection(store.run(() => saveSettings('GYM', { okrLimit: 5 }, change('settings.updated'), 1)))).toBeInstanceOf(StoreConflictError);
    expect(await rejection(store.run(() => saveSettings('GYM', { okrLimit: 50 }, change('settings.updated'), 2)))).toBeInstanceOf(StoreValidationError);
    expect(store.snapshot()).toEqual(before);

    const exported = await store.run(() => exportProject('GYM', '2026-11-01T00:00:00.000Z'));
    expect(exported.settings).toEqual({ okrLimit: 4, fiscalYearStartMonth: 1, cycleLength: 'quarter', boardId: 1, productOwnerAccountIds: [SAM], version: 2 });
    expect(exported.changes.filter((c) => c.subject === 'settings').map((c) => (c.after as { version: number }).version)).toEqual([1, 2]);
  });

  it('lets one of two concurrent first saves win', async () => {
    const results = await Promise.allSettled([
      store.run(() => saveSettings('GYM', { okrLimit: 4 }, change('settings.updated'), 0)),
      store.run(() => saveSettings('GYM', { okrLimit: 5 }, change('settings.updated'), 0)),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const exported = await store.run(() => exportProject('GYM', '2026-11-01T00:00:00.000Z'));
    expect(exported.changes).toHaveLength(1);
  });
});
