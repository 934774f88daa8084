// The organization's OKRs: Objectives and Key Results that belong to no project, on yearly and
// quarterly cycles. The same records, schemas, check-ins and history as a team's (okrs.ts), kept in
// their own entities (org-objective, org-key-result), indexed by cycle alone; their changes go to the
// same history with the organization as their scope, so no project's export or history reaches them.
// Every write is one transaction conditioned on the version read, as a team's.
import { Filter, FilterConditions, kvs } from '@forge/kvs';
import { type CheckIn, type Objective, ORG_MAX_OBJECTIVES } from '../contract';
import { StoreConflictError, StoreKeyResultCapRaceError, StoreNotFoundError, StoreValidationError } from './errors';
import { changeRecord, commit, putValue, queryAll, retryOnConflict, setChange, versionIs } from './io';
import { ensureSchema } from './migrations';
import {
  checkInSchema,
  ENTITY,
  INDEX,
  MAX_KEY_RESULTS_PER_OBJECTIVE,
  ORG_SETTINGS_KEY,
  ORGANIZATION_SCOPE,
  orgKeyResultSchema,
  orgObjectiveSchema,
  orgSettingsSchema,
  parseOrThrow,
  withoutUndefined,
  type ChangeInput,
  type KeyResultGuard,
  type StoredKeyResult,
} from './model';
import { checkStoredSize, historyPage, keyResultGuardVersion, keyResultSnapshot, validChange, withCheckIn } from './okrs';
import { DEFAULT_FISCAL_YEAR_START_MONTH } from './settings';
import { DEFAULT_SPREAD_THRESHOLD } from '../domain/org-topology';

const CHECK_IN_ATTEMPTS = 12;
const CAP_ATTEMPTS = 8;

export type OrgObjective = Objective & { projectKey: typeof ORGANIZATION_SCOPE };

const objectives = () => kvs.entity<Objective>(ENTITY.orgObjective);
const keyResults = () => kvs.entity<StoredKeyResult>(ENTITY.orgKeyResult);
const about = (objectiveId: string, keyResultId?: string) =>
  ({ projectKey: ORGANIZATION_SCOPE, subject: keyResultId ? 'key-result' : 'objective', objectiveId, ...(keyResultId ? { keyResultId } : {}) }) as const;

// ─── Settings ───

export interface OrgSettings {
  fiscalYearStartMonth: number;
  /** From how many teams serving one Objective, none dedicated, it is flagged as spread. */
  spreadThreshold: number;
  /** 0 until someone saves them. */
  version: number;
}

/** The organization's settings, with the same default fiscal year as a project's (one KVS get). */
export async function loadOrgSettings(): Promise<OrgSettings> {
  const parsed = orgSettingsSchema.safeParse(await kvs.get(ORG_SETTINGS_KEY));
  if (!parsed.success) return { fiscalYearStartMonth: DEFAULT_FISCAL_YEAR_START_MONTH, spreadThreshold: DEFAULT_SPREAD_THRESHOLD, version: 0 };
  return { fiscalYearStartMonth: parsed.data.fiscalYearStartMonth, spreadThreshold: parsed.data.spreadThreshold ?? DEFAULT_SPREAD_THRESHOLD, version: parsed.data.version };
}

/**
 * Saves the organization's settings (the spread threshold kept unless given), refused when someone
 * saved since `expectedVersion`. A plain key takes no write condition: the check is a read just before
 * (settings change once a year).
 */
export async function saveOrgSettings(change: { fiscalYearStartMonth: number; spreadThreshold?: number }, expectedVersion: number): Promise<OrgSettings> {
  const current = await loadOrgSettings();
  if (current.version !== expectedVersion) throw new StoreConflictError('The organization settings', expectedVersion, current.version);
  const next = parseOrThrow(orgSettingsSchema, { fiscalYearStartMonth: change.fiscalYearStartMonth, spreadThreshold: change.spreadThreshold ?? current.spreadThreshold, version: current.version + 1 }, 'settings');
  await putValue(ORG_SETTINGS_KEY, next);
  return { ...next, spreadThreshold: next.spreadThreshold ?? DEFAULT_SPREAD_THRESHOLD };
}

// ─── Reads ───

/**
 * A cycle's organization Objectives (the first ORG_MAX_OBJECTIVES by creation, `more`
 * counts the rest) and their Key Results: two queries, one more per 100 records beyond.
 */
export async function loadOrgCycle(cycleId: string): Promise<{ objectives: OrgObjective[]; keyResults: StoredKeyResult[]; more: number }> {
  const [objectiveList, keyResultList] = await Promise.all([
    queryAll<OrgObjective>(ENTITY.orgObjective, INDEX.byCycle, [cycleId]),
    queryAll<StoredKeyResult>(ENTITY.orgKeyResult, INDEX.byCycle, [cycleId]),
  ]);
  const listed = objectiveList.slice(0, ORG_MAX_OBJECTIVES);
  const ids = new Set(listed.map((objective) => objective.id));
  return { objectives: listed, keyResults: keyResultList.filter((keyResult) => ids.has(keyResult.objectiveId)), more: objectiveList.length - listed.length };
}

export async function getOrgObjective(id: string): Promise<OrgObjective | null> {
  return ((await objectives().get(id)) as OrgObjective | undefined) ?? null;
}

export async function getOrgKeyResult(id: string): Promise<StoredKeyResult | null> {
  return (await keyResults().get(id)) ?? null;
}

export function orgKeyResultsOfObjective(objectiveId: string): Promise<StoredKeyResult[]> {
  return queryAll<StoredKeyResult>(ENTITY.orgKeyResult, INDEX.byObjective, [objectiveId]);
}

/** A page of an organization Objective's (its Key Results' included) or Key Result's changes, newest first, as a team's history is paged. */
export function orgHistoryPage(subject: { objectiveId: string } | { keyResultId: string }, cursor?: string) {
  return historyPage(ORGANIZATION_SCOPE, subject, cursor);
}

// ─── Objectives ───

/** Creates (no `expectedVersion`) or updates an organization Objective; it stays in its cycle. */
export async function saveOrgObjective(
  next: Omit<OrgObjective, 'version' | 'createdAt' | 'updatedAt' | 'projectKey'>,
  change: ChangeInput,
  expectedVersion?: number,
): Promise<OrgObjective> {
  await ensureSchema();
  const input = validChange(change);
  const current = await getOrgObjective(next.id);
  if (!current && expectedVersion !== undefined && expectedVersion !== 0) throw new StoreNotFoundError(`Objective ${next.id} does not exist (it may have been deleted).`);
  if (current && expectedVersion !== undefined && expectedVersion !== current.version) throw new StoreConflictError(`Objective ${current.id}`, expectedVersion, current.version);
  if (current && current.cycleId !== next.cycleId) {
    throw new StoreValidationError(`An Objective stays in its cycle (${current.cycleId}); create a new one in ${next.cycleId} instead.`, 'objective.cycleId');
  }
  const saved = parseOrThrow(
    orgObjectiveSchema,
    withoutUndefined({ ...next, projectKey: ORGANIZATION_SCOPE, createdAt: current?.createdAt ?? input.at, updatedAt: input.at, version: (current?.version ?? 0) + 1 }),
    'objective',
  ) as OrgObjective;
  const record = changeRecord(input, about(saved.id), current, saved);
  await commit(
    (tx) => {
      tx.set<Objective>(saved.id, saved, { entityName: ENTITY.orgObjective, conditions: versionIs<Objective>(current?.version) });
      setChange(tx, record);
      return 2;
    },
    async () => new StoreConflictError(`Objective ${saved.id}`, expectedVersion ?? current?.version, (await getOrgObjective(saved.id))?.version),
  );
  return saved;
}

/** Deletes an organization Objective with its Key Results, in one transaction. */
export async function deleteOrgObjective(id: string, expectedVersion: number, change: ChangeInput): Promise<void> {
  await ensureSchema();
  const input = validChange(change);
  const [current, children] = await Promise.all([getOrgObjective(id), orgKeyResultsOfObjective(id)]);
  if (!current) throw new StoreNotFoundError(`Objective ${id} does not exist (it may have been deleted already).`);
  if (expectedVersion !== current.version) throw new StoreConflictError(`Objective ${id}`, expectedVersion, current.version);
  const record = changeRecord(input, about(id), { ...current, keyResults: children.map(keyResultSnapshot) }, null);
  await commit(
    (tx) => {
      tx.delete<Objective>(id, { entityName: ENTITY.orgObjective, conditions: versionIs<Objective>(current.version) });
      for (const child of children) tx.delete<StoredKeyResult>(child.id, { entityName: ENTITY.orgKeyResult, conditions: versionIs<StoredKeyResult>(child.version) });
      setChange(tx, record);
      return 2 + children.length;
    },
    async () => new StoreConflictError(`Objective ${id} or one of its Key Results`, expectedVersion, (await getOrgObjective(id))?.version),
  );
}

// ─── Key Results ───

type OrgKeyResultInput = Omit<StoredKeyResult, 'version' | 'createdAt' | 'updatedAt' | 'checkIns' | 'projectKey' | 'cycleId' | 'lastGrade'>;

/**
 * Creates or updates an organization Key Result (its cycle is its Objective's), keeping its check-ins
 * and grade. A new one is counted against the cap under the Objective's Key Result guard, as a team's.
 */
export async function saveOrgKeyResult(next: OrgKeyResultInput, change: ChangeInput, expectedVersion?: number): Promise<StoredKeyResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await saveOrgKeyResultOnce(next, change, expectedVersion);
    } catch (error) {
      if (error instanceof StoreKeyResultCapRaceError && attempt < CAP_ATTEMPTS) continue;
      throw error;
    }
  }
}

async function saveOrgKeyResultOnce(next: OrgKeyResultInput, change: ChangeInput, expectedVersion?: number): Promise<StoredKeyResult> {
  await ensureSchema();
  const input = validChange(change);
  const [objective, current] = await Promise.all([getOrgObjective(next.objectiveId), getOrgKeyResult(next.id)]);
  if (!objective) throw new StoreNotFoundError(`Objective ${next.objectiveId} does not exist (it may have been deleted).`);
  if (!current && expectedVersion !== undefined && expectedVersion !== 0) throw new StoreNotFoundError(`Key Result ${next.id} does not exist (it may have been deleted).`);
  if (current && expectedVersion !== undefined && expectedVersion !== current.version) throw new StoreConflictError(`Key Result ${current.id}`, expectedVersion, current.version);
  if (current && current.objectiveId !== objective.id) {
    throw new StoreValidationError('A Key Result stays with its Objective; create a new one under the other Objective instead.', 'keyResult.objectiveId');
  }
  const guardVersion = current ? undefined : await keyResultGuardVersion(objective.id);
  if (!current && (await orgKeyResultsOfObjective(objective.id)).length >= MAX_KEY_RESULTS_PER_OBJECTIVE) {
    throw new StoreValidationError(`An Objective can have at most ${MAX_KEY_RESULTS_PER_OBJECTIVE} Key Results (3–5 is the recommended range).`, 'keyResult.objectiveId');
  }
  const saved = parseOrThrow(
    orgKeyResultSchema,
    withoutUndefined({
      ...next,
      projectKey: ORGANIZATION_SCOPE,
      cycleId: objective.cycleId,
      createdAt: current?.createdAt ?? input.at,
      updatedAt: input.at,
      version: (current?.version ?? 0) + 1,
      checkIns: current?.checkIns ?? [],
      lastGrade: current?.lastGrade,
    }),
    'keyResult',
  ) as StoredKeyResult;
  checkStoredSize(saved);
  const record = changeRecord(input, about(objective.id, saved.id), current ? keyResultSnapshot(current) : null, keyResultSnapshot(saved));
  await commit(
    (tx) => {
      tx.set<StoredKeyResult>(saved.id, saved, { entityName: ENTITY.orgKeyResult, conditions: versionIs<StoredKeyResult>(current?.version) });
      tx.check<Objective>(objective.id, { entityName: ENTITY.orgObjective, conditions: new Filter<Objective>().and('cycleId', FilterConditions.equalTo(objective.cycleId)) });
      setChange(tx, record);
      if (current) return 3;
      tx.set<KeyResultGuard>(objective.id, { objectiveId: objective.id, version: (guardVersion ?? 0) + 1 }, { entityName: ENTITY.keyResultGuard, conditions: versionIs<KeyResultGuard>(guardVersion) });
      return 4;
    },
    async () => {
      const [objectiveNow, keyResultNow, guardNow] = await Promise.all([getOrgObjective(objective.id), getOrgKeyResult(saved.id), current ? undefined : keyResultGuardVersion(objective.id)]);
      if (!objectiveNow) return new StoreNotFoundError(`Objective ${objective.id} was deleted meanwhile.`);
      if (!current && !keyResultNow && guardNow !== guardVersion) return new StoreKeyResultCapRaceError(objective.id);
      return new StoreConflictError(`Key Result ${saved.id}`, expectedVersion ?? current?.version, keyResultNow?.version);
    },
  );
  return saved;
}

export async function deleteOrgKeyResult(id: string, expectedVersion: number, change: ChangeInput): Promise<void> {
  await ensureSchema();
  const input = validChange(change);
  const current = await getOrgKeyResult(id);
  if (!current) throw new StoreNotFoundError(`Key Result ${id} does not exist (it may have been deleted already).`);
  if (expectedVersion !== current.version) throw new StoreConflictError(`Key Result ${id}`, expectedVersion, current.version);
  const record = changeRecord(input, about(current.objectiveId, id), keyResultSnapshot(current), null);
  await commit(
    (tx) => {
      tx.delete<StoredKeyResult>(id, { entityName: ENTITY.orgKeyResult, conditions: versionIs<StoredKeyResult>(current.version) });
      setChange(tx, record);
      return 2;
    },
    async () => new StoreConflictError(`Key Result ${id}`, expectedVersion, (await getOrgKeyResult(id))?.version),
  );
}

/** Rewrites a Key Result from its current version, re-reading on a lost race (a check-in or a grade is never lost). */
async function updateOrgKeyResult(id: string, change: ChangeInput, next: (current: StoredKeyResult) => { saved: StoredKeyResult; before: unknown; after: unknown }): Promise<StoredKeyResult> {
  await ensureSchema();
  const input = validChange(change);
  return retryOnConflict(CHECK_IN_ATTEMPTS, async () => {
    const current = await getOrgKeyResult(id);
    if (!current) throw new StoreNotFoundError(`Key Result ${id} does not exist (it may have been deleted).`);
    const { saved, before, after } = next(current);
    const valid = parseOrThrow(orgKeyResultSchema, withoutUndefined(saved), 'keyResult') as StoredKeyResult;
    const record = changeRecord(input, about(current.objectiveId, id), before, after);
    await commit(
      (tx) => {
        tx.set<StoredKeyResult>(id, valid, { entityName: ENTITY.orgKeyResult, conditions: versionIs<StoredKeyResult>(current.version) });
        setChange(tx, record);
        return 2;
      },
      async () => new StoreConflictError(`Key Result ${id}`, current.version, undefined),
    );
    return valid;
  });
}

/** Records a check-in on an organization Key Result, as a team's check-in is recorded (withCheckIn). */
export async function appendOrgCheckIn(keyResultId: string, checkIn: CheckIn, change: ChangeInput): Promise<StoredKeyResult> {
  const entry = parseOrThrow(checkInSchema, withoutUndefined(checkIn), 'checkIn') as CheckIn;
  return updateOrgKeyResult(keyResultId, change, (current) => {
    const saved = withCheckIn(current, entry, change.at);
    return { saved, before: { current: current.metric.current }, after: { current: saved.metric.current, checkIn: entry } };
  });
}

/** Grades an organization Key Result (0–1): its latest grade replaces the one before, which the history keeps. */
export async function gradeOrgKeyResult(keyResultId: string, grade: { score: number; note?: string }, change: ChangeInput): Promise<StoredKeyResult> {
  return updateOrgKeyResult(keyResultId, change, (current) => {
    const lastGrade = withoutUndefined({ score: grade.score, closedAt: change.at, accountId: change.accountId, note: grade.note });
    return { saved: { ...current, lastGrade, updatedAt: change.at, version: current.version + 1 }, before: { lastGrade: current.lastGrade ?? null }, after: { lastGrade } };
  });
}
