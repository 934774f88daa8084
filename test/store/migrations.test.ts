// The schema version and its migrations.
import { kvs } from '@forge/kvs';
import { CURRENT_SCHEMA_VERSION, ensureSchema, MIGRATIONS, SCHEMA_VERSION_KEY, storedSchemaVersion } from '../../src/store/migrations';
import { loadSettings, saveObjective } from '../../src/store/okrs';
import { change, PRIYA, rejection, SAM, startStore, type StoreHarness } from './harness';
import { must } from '../support/must';

let store: StoreHarness;
beforeEach(() => {
  store = startStore();
});
afterEach(() => store.close());

it('numbers the migrations 1, 2, 3… in order, the last one being the current version', () => {
  expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  expect(CURRENT_SCHEMA_VERSION).toBe(must(MIGRATIONS[MIGRATIONS.length - 1], 'MIGRATIONS[MIGRATIONS.length - 1]').version);
});

it('brings a fresh store to the current version once, then costs a single get', async () => {
  expect(await store.run(() => storedSchemaVersion())).toBe(0);
  expect(await store.run(() => ensureSchema())).toBe(CURRENT_SCHEMA_VERSION);
  expect(await store.run(() => kvs.get(SCHEMA_VERSION_KEY))).toEqual({ version: CURRENT_SCHEMA_VERSION });
  store.kvs.resetCallCount();
  await store.run(() => ensureSchema());
  expect(store.kvs.callCountsByPath).toEqual({ '/api/v1/get': 1 });
});

it('runs on the first write: v1 moves settings kept under the legacy key into the settings entity', async () => {
  await store.run(() => kvs.set('settings:GYM', { okrLimit: 4, productOwnerAccountIds: [SAM] }));
  await store.run(() => saveObjective({ id: 'o1', projectKey: 'GYM', cycleId: '2026-Q4', title: 'Keep members coming back', status: 'active' }, change('objective.created')));
  expect(await store.run(() => kvs.get('settings:GYM'))).toBeUndefined();
  expect(await store.run(() => loadSettings('GYM', PRIYA))).toEqual({
    okrLimit: 4,
    fiscalYearStartMonth: 1,
    cycleLength: 'quarter',
    productOwnerAccountIds: [SAM],
    // Records from before the check-in nudge existed read as its default.
    staleCheckInDays: 14,
    version: 1,
  });
  expect(await store.run(() => storedSchemaVersion())).toBe(CURRENT_SCHEMA_VERSION);
});

it('refuses to touch data a newer build has migrated', async () => {
  await store.run(() => kvs.set(SCHEMA_VERSION_KEY, { version: CURRENT_SCHEMA_VERSION + 1 }));
  const before = store.snapshot();
  const error = await rejection(
    store.run(() => saveObjective({ id: 'o1', projectKey: 'GYM', cycleId: '2026-Q4', title: 'Keep members coming back', status: 'active' }, change('objective.created'))),
  );
  expect(error.message).toMatch(/newer than this build/);
  expect(store.snapshot()).toEqual(before);
});
