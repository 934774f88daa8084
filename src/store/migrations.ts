// The storage schema's version and the migrations that bring stored data up to it.
//
// The version lives under the plain key `schema-version` as `{ version: n }` (no key means 0: nothing
// was ever migrated). `ensureSchema()` reads it (one KVS get) and runs, in order, every migration
// whose version is above it, recording each one's version as soon as it has run. Every write path of
// the store calls it first; reads do not (they stay at a fixed number of queries).
//
// How to add a migration:
//   1. Append `{ version: <last + 1>, description, up }` to MIGRATIONS below; never edit or reorder
//      one that has shipped. CURRENT_SCHEMA_VERSION follows the last entry by itself.
//   2. `up()` must be idempotent and safe to run twice at once: two invocations may both find the old
//      version and run it concurrently, and a run cut short (the 25 s limit) is run again from the
//      start. Page through data (≤ 100 a query), write in transactions (≤ 25 ops) or batches
//      (≤ 25 keys), and skip records that are already in the new shape. Records derived from others
//      (a digest) that the new version needs are built here too, never on a first read: reads never write.
//   3. If the change alters a record's shape, update the schemas in model.ts and the manifest's
//      entities, and note that exports carry `schemaVersion`: import accepts only the current one,
//      so a file exported before the migration must be imported by a build of its own version (or
//      the import path taught to upgrade it).
//   4. Add a test under test/store/ that stores data in the old shape, runs ensureSchema(), and
//      checks the new shape.
import { kvs } from '@forge/kvs';
import { ENTITY, withoutUndefined, type StoredSettings } from './model';

export const SCHEMA_VERSION_KEY = 'schema-version';

export interface Migration {
  /** The schema version this migration brings the data to; 1, 2, 3… in order. */
  version: number;
  description: string;
  up(): Promise<void>;
}

/** Before the store existed, settings were kept as a plain value under this key (never written by a release). */
export const legacySettingsKey = (projectKey: string) => `settings:${projectKey}`;

/**
 * v1: the initial OKR store (entities objective, key-result, okr-change, project-settings). Settings
 * kept under `settings:<project>` by earlier builds move into the `project-settings` entity.
 */
async function moveLegacySettings(): Promise<void> {
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', { condition: 'BEGINS_WITH', values: ['settings:'] }).limit(100);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<Record<string, unknown>>();
    for (const { key, value } of page.results) {
      const projectKey = key.slice('settings:'.length);
      const settings = kvs.entity<StoredSettings & { projectKey: string }>(ENTITY.settings);
      if (projectKey && !(await settings.get(projectKey))) {
        const number = (field: string) => (typeof value?.[field] === 'number' ? (value[field] as number) : undefined);
        const owners = Array.isArray(value?.productOwnerAccountIds) ? (value.productOwnerAccountIds as unknown[]).filter((id): id is string => typeof id === 'string') : undefined;
        await settings.set(
          projectKey,
          withoutUndefined({
            projectKey,
            okrLimit: number('okrLimit') ?? 3,
            fiscalYearStartMonth: number('fiscalYearStartMonth') ?? 1,
            cycleLength: 'quarter' as const,
            boardId: number('boardId'),
            productOwnerAccountIds: owners,
            version: Math.max(1, number('version') ?? 1),
          }),
        );
      }
      await kvs.delete(key);
    }
    cursor = page.nextCursor;
  } while (cursor);
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'Initial OKR store; legacy settings keys move into the project-settings entity', up: moveLegacySettings },
];

export const CURRENT_SCHEMA_VERSION: number = MIGRATIONS.at(-1)?.version ?? 0;

/** The stored schema version (0 when nothing was ever migrated). */
export async function storedSchemaVersion(): Promise<number> {
  const stored = await kvs.get<{ version?: unknown }>(SCHEMA_VERSION_KEY);
  return typeof stored?.version === 'number' ? stored.version : 0;
}

/**
 * Brings stored data to CURRENT_SCHEMA_VERSION, running each pending migration once, in order.
 * Costs one get when nothing is pending. Refuses to touch data of a newer schema (an older build
 * running against data a newer one migrated). Returns the version the data is at.
 */
export async function ensureSchema(): Promise<number> {
  const stored = await storedSchemaVersion();
  if (stored === CURRENT_SCHEMA_VERSION) return stored;
  if (stored > CURRENT_SCHEMA_VERSION) {
    throw new Error(`Stored OKR data has schema version ${stored}, newer than this build's ${CURRENT_SCHEMA_VERSION}; deploy the newer build.`);
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= stored) continue;
    await migration.up();
    await kvs.set(SCHEMA_VERSION_KEY, { version: migration.version });
  }
  return CURRENT_SCHEMA_VERSION;
}
