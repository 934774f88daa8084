// A project's Outcomes settings: one `project-settings` entity per project (key = project key),
// versioned, each write recorded as a change in the same transaction.
import { kvs } from '@forge/kvs';
import type { ProductGoal, Settings } from '../contract';
import { StoreConflictError } from './errors';
import { changeRecord, commit, getMany, setChange, versionIs } from './io';
import { DEFAULT_STALE_CHECK_IN_DAYS } from '../domain/staleness';
import { ensureSchema } from './migrations';
import { visibleBatch } from './visibility';
import { changeInputSchema, ENTITY, parseOrThrow, settingsValuesSchema, storedSettingsSchema, withoutUndefined, type ChangeInput, type StoredSettings } from './model';

export const DEFAULT_OKR_LIMIT = 3;
export const DEFAULT_FISCAL_YEAR_START_MONTH = 1;

type SettingsRecord = StoredSettings & { projectKey: string };

const entity = () => kvs.entity<SettingsRecord>(ENTITY.settings);

/** The stored settings of a project, or null when nobody has saved any (one KVS get). */
export async function storedSettings(projectKey: string): Promise<StoredSettings | null> {
  return parseStoredSettings(await entity().get(projectKey));
}

/** A `project-settings` record as read (by a batch read, say), or null when absent or not valid. */
export function parseStoredSettings(stored: unknown): StoredSettings | null {
  if (!stored || typeof stored !== 'object') return null;
  const { projectKey: _ignored, ...settings } = stored as SettingsRecord;
  const parsed = storedSettingsSchema.safeParse(settings);
  return parsed.success ? withoutUndefined(parsed.data) : null;
}

/** The settings of a `project-settings` record read in a batch, with defaults (see loadSettings). */
export function settingsFromRecord(stored: unknown, projectLeadAccountId: string | undefined): Settings {
  return withDefaults(parseStoredSettings(stored), projectLeadAccountId);
}

function withDefaults(stored: StoredSettings | null, projectLeadAccountId: string | undefined): Settings {
  return {
    okrLimit: stored?.okrLimit ?? DEFAULT_OKR_LIMIT,
    fiscalYearStartMonth: stored?.fiscalYearStartMonth ?? DEFAULT_FISCAL_YEAR_START_MONTH,
    cycleLength: 'quarter',
    ...(stored?.boardId !== undefined ? { boardId: stored.boardId } : {}),
    productOwnerAccountIds: stored?.productOwnerAccountIds ?? (projectLeadAccountId ? [projectLeadAccountId] : []),
    staleCheckInDays: stored?.staleCheckInDays ?? DEFAULT_STALE_CHECK_IN_DAYS,
    ...(stored?.productGoal ? { productGoal: stored.productGoal } : {}),
    version: stored?.version ?? 0,
  };
}

/** The settings of each project named, with defaults (their Product Owners unknown): one batch read per 25 projects. */
export async function settingsOfProjects(projectKeys: readonly string[]): Promise<Map<string, Settings>> {
  const keys = [...new Set(projectKeys)];
  const found = keys.length > 0 ? await getMany<SettingsRecord>(ENTITY.settings, keys) : new Map<string, SettingsRecord>();
  return new Map(keys.map((key) => [key, settingsFromRecord(found.get(key), undefined)]));
}

/**
 * The project's settings, with defaults for what was never set (version 0 when never saved). The
 * Product Owners default to the project lead, so a new project has someone who may write its OKRs.
 */
export async function loadSettings(projectKey: string, projectLeadAccountId: string | undefined): Promise<Settings> {
  // As readers see them while an import is written: those from before it (visibility.ts).
  const { read } = await visibleBatch(projectKey, [{ entityName: ENTITY.settings, key: projectKey }]);
  return settingsFromRecord(read(ENTITY.settings, projectKey), projectLeadAccountId);
}

/**
 * Changes some settings: the others keep their stored (or default) values. `expectedVersion` is the
 * version the caller read (0 for never saved); a stale one, or a concurrent save, throws
 * StoreConflictError and writes nothing. The Product Owners are stored only once given, so until
 * then they keep following the project lead (pass it to get it in the answer, as loadSettings does).
 */
export async function saveSettings(
  projectKey: string,
  /** `productGoal: null` clears the Product Goal. */
  values: Partial<Omit<Settings, 'version' | 'productGoal'>> & { productGoal?: ProductGoal | null },
  change: ChangeInput,
  expectedVersion?: number,
  projectLeadAccountId?: string,
): Promise<Settings> {
  await ensureSchema();
  const input = parseOrThrow(changeInputSchema, change, 'change');
  const before = await storedSettings(projectKey);
  const actual = before?.version ?? 0;
  if (expectedVersion !== undefined && expectedVersion !== actual) {
    throw new StoreConflictError(`The settings of ${projectKey}`, expectedVersion, actual);
  }
  const merged = parseOrThrow(
    settingsValuesSchema,
    withoutUndefined({
      okrLimit: values.okrLimit ?? before?.okrLimit ?? DEFAULT_OKR_LIMIT,
      fiscalYearStartMonth: values.fiscalYearStartMonth ?? before?.fiscalYearStartMonth ?? DEFAULT_FISCAL_YEAR_START_MONTH,
      cycleLength: 'quarter' as const,
      boardId: values.boardId ?? before?.boardId,
      productOwnerAccountIds: values.productOwnerAccountIds ?? before?.productOwnerAccountIds,
      staleCheckInDays: values.staleCheckInDays ?? before?.staleCheckInDays,
      productGoal: values.productGoal === null ? undefined : (values.productGoal ?? before?.productGoal),
    }),
    'settings',
  );
  const after: StoredSettings = { ...merged, version: actual + 1 };
  const record = changeRecord(input, { projectKey, subject: 'settings' }, before, after);
  await commit(
    (tx) => {
      tx.set<SettingsRecord>(projectKey, { ...after, projectKey }, { entityName: ENTITY.settings, conditions: versionIs<SettingsRecord>(before?.version) });
      setChange(tx, record);
      return 2;
    },
    async () => new StoreConflictError(`The settings of ${projectKey}`, expectedVersion ?? actual, (await storedSettings(projectKey))?.version ?? 0),
  );
  return withDefaults(after, projectLeadAccountId);
}
