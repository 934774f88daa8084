// Export and import of a project's OKR data: the round trip, and every refusal leaving storage as it was.
import { kvs } from '@forge/kvs';
import {
  appendCheckIn,
  CURRENT_SCHEMA_VERSION,
  deleteKeyResult,
  exportProject,
  importProject,
  loadCycle,
  saveKeyResult,
  saveObjective,
  saveSettings,
  StoreProjectMismatchError,
  StoreValidationError,
} from '../../src/store/okrs';
import type { OkrExportData } from '../../src/store/transfer';
import { change, PRIYA, rejection, SAM, startStore, type StoreHarness } from './harness';
import { must } from '../support/must';

let store: StoreHarness;
beforeEach(() => {
  store = startStore();
});
afterEach(() => store.close());

const AT = '2026-11-20T10:00:00.000Z';

async function seedGym(): Promise<void> {
  await store.run(async () => {
    await saveSettings('GYM', { okrLimit: 3, productOwnerAccountIds: [PRIYA] }, change('settings.updated'), 0);
    await saveObjective({ id: 'o1', projectKey: 'GYM', cycleId: '2026-Q4', title: 'Members reach their goals', status: 'active', ownerAccountId: PRIYA }, change('objective.created'));
    await saveObjective({ id: 'o2', projectKey: 'GYM', cycleId: '2026-Q3', title: 'Members use the app weekly', status: 'done', description: 'Q3' }, change('objective.created'));
    await saveKeyResult(
      { id: 'k1', objectiveId: 'o1', projectKey: 'GYM', cycleId: '2026-Q4', title: 'Active plans', metric: { direction: 'increase', start: 18, target: 45, current: 18, unit: '%' }, weight: 2 },
      change('keyResult.created'),
    );
    await saveKeyResult(
      { id: 'k2', objectiveId: 'o1', projectKey: 'GYM', cycleId: '2026-Q4', title: 'Churn', metric: { direction: 'stay-below', start: 3.2, target: 3.5, current: 3.2, unit: '%' }, weight: 1 },
      change('keyResult.created'),
    );
    await saveKeyResult(
      { id: 'k3', objectiveId: 'o2', projectKey: 'GYM', cycleId: '2026-Q3', title: 'Weekly actives', metric: { direction: 'increase', start: 22, target: 40, current: 22 }, weight: 1 },
      change('keyResult.created'),
    );
    await appendCheckIn('k1', { at: '2026-10-12T15:00:00.000Z', accountId: SAM, value: 24, confidence: 7, note: 'Plan builder live' }, change('keyResult.checked-in', SAM));
    await appendCheckIn('k1', { at: '2026-10-19T15:00:00.000Z', accountId: PRIYA, value: 27.5, confidence: 6 }, change('keyResult.checked-in'));
    await saveObjective({ id: 'o1', projectKey: 'GYM', cycleId: '2026-Q4', title: 'More members reach their goals', status: 'active' }, change('objective.updated', PRIYA, 'Reworded'), 1);
    // Another project's data, which a GYM import must never touch.
    await saveObjective({ id: 'ops1', projectKey: 'OPS', cycleId: '2026-Q4', title: 'Clubs open on time', status: 'active' }, change('objective.created'));
  });
}

const exportOf = (projectKey = 'GYM', at = AT) => store.run(() => exportProject(projectKey, at));
const withoutExportedAt = ({ exportedAt: _ignored, ...rest }: OkrExportData) => rest;

describe('exportProject', () => {
  it('holds the settings, the Objectives, the Key Results with their check-ins, and the history', async () => {
    await seedGym();
    const data = await exportOf();
    expect(data).toMatchObject({ format: 'outcomes-okr-export', schemaVersion: CURRENT_SCHEMA_VERSION, projectKey: 'GYM', exportedAt: AT });
    expect(data.settings).toMatchObject({ okrLimit: 3, productOwnerAccountIds: [PRIYA], version: 1 });
    expect(data.objectives.map((o) => [o.id, o.version])).toEqual([
      ['o2', 1],
      ['o1', 2],
    ]);
    expect(data.keyResults.map((k) => k.id)).toEqual(['k3', 'k1', 'k2']);
    expect(data.keyResults.find((k) => k.id === 'k1')?.checkIns.map((c) => c.value)).toEqual([24, 27.5]);
    expect(data.changes).toHaveLength(1 + 2 + 3 + 2 + 1);
    expect(data.changes.every((c) => c.projectKey === 'GYM')).toBe(true);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });
});

describe('importProject', () => {
  it('round-trips: export → import → export gives the same data, whatever was there before', async () => {
    await seedGym();
    const first = await exportOf();

    // Change everything after the export: new objects, a deletion, new settings.
    await store.run(async () => {
      await saveObjective({ id: 'o3', projectKey: 'GYM', cycleId: '2026-Q4', title: 'Added later', status: 'draft' }, change('objective.created'));
      await deleteKeyResult('k2', 1, change('keyResult.deleted'));
      await saveSettings('GYM', { okrLimit: 5 }, change('settings.updated'), 1);
    });
    const imported = await store.run(() => importProject('GYM', first, change('project.imported')));
    expect(withoutExportedAt(imported)).toEqual(withoutExportedAt(first));
    expect(withoutExportedAt(await exportOf('GYM', '2026-12-01T00:00:00.000Z'))).toEqual(withoutExportedAt(first));
    expect((await store.run(() => loadCycle('GYM', '2026-Q4'))).objectives.map((o) => o.id)).toEqual(['o1']);

    // The import is in the project's history (not in exports); the other project is untouched.
    const importRecords = await store.run(async () =>
      (await kvs.entity<{ subject: string }>('okr-change').query().index('by-project', { partition: ['GYM'] }).limit(100).getMany()).results.filter(
        (r) => r.value.subject === 'import',
      ),
    );
    expect(importRecords).toHaveLength(1);
    expect((await exportOf('OPS')).objectives.map((o) => o.id)).toEqual(['ops1']);

    // Into an empty store too, in transactions of at most 25 operations.
    store.kvs.clear();
    await store.run(() => importProject('GYM', JSON.parse(JSON.stringify(first)), change('project.imported')));
    expect(withoutExportedAt(await exportOf())).toEqual(withoutExportedAt(first));
  });

  describe('validates everything first and changes nothing when the file is wrong', () => {
    let good: OkrExportData;
    beforeEach(async () => {
      await seedGym();
      good = await exportOf();
    });

    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a copy of the export that each test bends into a shape its type forbids
    type Bent = Record<string, any>;
    async function refused(mutate: (data: Bent) => unknown, projectKey = 'GYM'): Promise<StoreValidationError> {
      const data = JSON.parse(JSON.stringify(good)) as Bent;
      const input = mutate(data) ?? data;
      const before = store.snapshot();
      const error = await rejection(store.run(() => importProject(projectKey, input, change('project.imported'))));
      expect(error).toBeInstanceOf(StoreValidationError);
      expect(store.snapshot()).toEqual(before);
      return error as StoreValidationError;
    }

    it('refuses another project’s file with a typed error saying so', async () => {
      const error = await refused(() => undefined, 'OPS');
      expect(error).toBeInstanceOf(StoreProjectMismatchError);
      expect(error.field).toBe('projectKey');
      expect(error.message).toMatch(/project GYM.*not into OPS/);
    });

    it('refuses another schema version, another format, and what is not an object', async () => {
      expect((await refused((d) => void (d.schemaVersion = CURRENT_SCHEMA_VERSION + 1))).field).toBe('schemaVersion');
      expect((await refused((d) => void delete d.schemaVersion)).field).toBe('schemaVersion');
      expect((await refused((d) => void (d.format = 'something-else'))).field).toBe('format');
      expect((await refused(() => [good])).field).toBeUndefined();
      expect((await refused(() => 'outcomes')).message).toMatch(/not an Outcomes OKR export/);
    });

    it('refuses a Key Result whose Objective is not in the file', async () => {
      const error = await refused((d) => void (d.keyResults[1].objectiveId = 'missing'));
      expect(error.field).toBe('keyResults[1].objectiveId');
      expect(error.message).toMatch(/missing/);
    });

    it('refuses a huge string, a non-finite number, a malformed cycle id, an unknown field', async () => {
      expect((await refused((d) => void (d.objectives[0].title = 'x'.repeat(1_000_000)))).field).toBe('objectives[0].title');
      expect((await refused((d) => void (d.keyResults[0].metric.target = Number.POSITIVE_INFINITY))).field).toBe('keyResults[0].metric.target');
      expect((await refused((d) => void (d.keyResults[1].checkIns[0].value = Number.NaN))).field).toBe('keyResults[1].checkIns[0].value');
      expect((await refused((d) => void (d.objectives[1].cycleId = '2026-Q5'))).field).toBe('objectives[1].cycleId');
      expect((await refused((d) => void (d.objectives[0].extra = true))).field).toBe('objectives[0].extra');
      expect((await refused((d) => void (d.changes[0].reason = 'y'.repeat(5000)))).field).toBe('changes[0].reason');
      expect((await refused((d) => void (d.changes[2].after = { deep: Number.NEGATIVE_INFINITY }))).field).toBe('changes[2].after');
    });

    it('refuses duplicate ids, records of another project, and a Key Result outside its Objective’s cycle', async () => {
      expect((await refused((d) => void (d.objectives[1].id = d.objectives[0].id))).field).toBe('objectives[1].id');
      expect((await refused((d) => void d.keyResults.push(d.keyResults[0]))).field).toBe('keyResults[3].id');
      expect((await refused((d) => void (d.changes[3].id = d.changes[0].id))).field).toBe('changes[3].id');
      expect((await refused((d) => void (d.objectives[0].projectKey = 'OPS'))).field).toBe('objectives[0].projectKey');
      expect((await refused((d) => void (d.keyResults[0].cycleId = '2026-Q4'))).field).toBe('keyResults[0].cycleId');
    });

    it('refuses ids that belong to another project, without naming it', async () => {
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      const error = await refused((d) => void d.objectives.push({ ...d.objectives[0], id: 'ops1' }));
      expect(error.field).toBe('objectives[2].id');
      expect(error.message).toBe('objectives[2].id: ops1 is already used; export again from this project or give it a new id.');
      expect(warn.mock.calls.flat().join(' ')).toMatch(/project OPS/);
      warn.mockRestore();
    });

    it('refuses a change or a sprint review naming another project’s Objective or Key Result, but keeps the history of deleted ones', async () => {
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      const error = await refused((d) => void (d.changes[0] = { ...d.changes[0], subject: 'objective', objectiveId: 'ops1' }));
      expect(error.field).toBe('changes[0].objectiveId');
      expect(error.message).not.toMatch(/OPS/);
      warn.mockRestore();
      // A change of a record no project holds (a deleted one's history) is imported as it is.
      const deleted = JSON.parse(JSON.stringify(good)) as OkrExportData;
      deleted.changes.push({ ...must(deleted.changes[0], 'deleted.changes[0]'), id: 'ch-of-a-deleted-one', subject: 'objective', objectiveId: 'long-gone', what: 'objective.deleted' });
      await store.run(() => importProject('GYM', deleted, change('project.imported')));
      expect((await exportOf()).changes.map((c) => c.id)).toContain('ch-of-a-deleted-one');
    });
  });
});
