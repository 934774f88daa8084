// The organization's OKR data as one versioned JSON document: export, preview and import. A team's
// export (transfer.ts) never holds any of it; this one holds nothing of a team's.
//
// Format (schemaVersion = the store's CURRENT_SCHEMA_VERSION, as a team's file):
//   { format: 'outcomes-org-okr-export', schemaVersion, scope: 'organization', exportedAt: ISO date-time,
//     settings: { fiscalYearStartMonth, spreadThreshold?, version } | null   (null: never saved, the defaults apply),
//     objectives: OrgObjective[]                                      (by id),
//     keyResults: (OrgKeyResult with checkIns and lastGrade)[]        (by id),
//     changes: { id, projectKey: 'organization', subject, objectiveId?, keyResultId?, at, accountId, what, before, after, reason? }[]  (by id),
//     nexuses?: { id, name, projectKeys, productGoal, version, createdAt, updatedAt }[]  (by name; absent in older files: then an import leaves the Nexuses as they are) }
// Records keep their ids, versions and timestamps: export → import → export gives the same document
// (but exportedAt). The record of an import is kept in the organization's history, never exported.
//
// Import replaces the organization's OKR data with the file's (replace-all by id, as a team's import):
// a record of the file with a stored record's id replaces it, a stored record the file lacks is removed.
// It is refused, with nothing changed, when the file has any problem (zod checks every record; ids
// unique; every Key Result's Objective present and in its cycle; sizes within bounds), when one of its
// ids is taken by a team's record (keys are unique across the site), when the organization's OKRs
// changed since the preview the person confirmed (`basis`), or while another organization import runs.
// Team records that name an organization record the file drops keep naming it, as after a delete: the
// team's page shows it as deleted, and importing a file that has it again joins them up.
//
// Atomic or resumable: an import takes the organization's import lock (entity import-marker, key
// `organization`, which no project key can be; a second import meanwhile is refused). One of at most
// 23 writes (and 3 MiB) is then one transaction with its history record and the lock's `done`. A larger
// one writes in transactions of at most 25 operations and 3 MiB (Forge takes 4 MB a transaction), then
// records itself and marks the lock done in one last transaction. One that stops part-way leaves the
// lock `stopped`; its preview says so, and importing the same file again finishes it (only what still
// differs is written). Unlike a team's import, readers may see the half-written state meanwhile.
import { createHash, randomUUID } from 'node:crypto';
import { Filter, FilterConditions, kvs } from '@forge/kvs';
import { z } from 'zod';
import type { OrgExport, OrgImportPreview } from '../contract';
import { StoreConflictError, StoreImportRunningError, StoreValidationError } from './errors';
import { changeFromStored, changeRecord, commit, getMany, inParallel, queryAll, sameJson, setChange, storedChange, type Transaction } from './io';
import { CURRENT_SCHEMA_VERSION, ensureSchema } from './migrations';
import {
  changeInputSchema,
  changeSchema,
  ENTITY,
  INDEX,
  MAX_KEY_RESULT_BYTES,
  MAX_KEY_RESULTS_PER_OBJECTIVE,
  MAX_TRANSACTION_OPS,
  ORG_SETTINGS_KEY,
  ORGANIZATION_SCOPE,
  orgKeyResultSchema,
  orgObjectiveSchema,
  orgSettingsSchema,
  PAGE_SIZE,
  parseOrThrow,
  type ChangeInput,
  type ChangeRecord,
  type ImportMarker,
  type StoredKeyResult,
} from './model';
import type { OrgObjective } from './org-okrs';
import { contributionsTo } from './alignment';
import { problemOf, type ImportProblem } from './transfer';
import { diff } from './import-preview';
import { listNexuses, nexusKey, storedNexusSchema, type StoredNexus } from './nexus';
import { NEXUS_MAX } from '../contract';

export const ORG_EXPORT_FORMAT = 'outcomes-org-okr-export';
/** A team's export names itself so; a file of it offered here is told apart. */
const TEAM_EXPORT_FORMAT = 'outcomes-okr-export';

/** Most records one organization file may hold: well past what an organization sets, and inside what an import writes. */
export const MAX_ORG_IMPORT = { objectives: 1_000, keyResults: 5_000, changes: 50_000 } as const;

/** The organization's settings as stored (the spread threshold only once someone set it). */
type StoredOrgSettings = z.infer<typeof orgSettingsSchema>;

export interface OrgExportData extends OrgExport {
  settings: StoredOrgSettings | null;
  objectives: OrgObjective[];
  keyResults: StoredKeyResult[];
  changes: ChangeRecord[];
  /** The Nexuses (teams of teams), in the header of every page; absent in files from before them. */
  nexuses?: StoredNexus[];
}

const orgExportSchema = z.strictObject({
  format: z.literal(ORG_EXPORT_FORMAT),
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  scope: z.literal(ORGANIZATION_SCOPE),
  exportedAt: z.iso.datetime({ offset: true, message: 'must be an ISO date-time' }),
  settings: orgSettingsSchema.nullable(),
  objectives: z.array(orgObjectiveSchema).max(MAX_ORG_IMPORT.objectives, `must hold at most ${MAX_ORG_IMPORT.objectives} Objectives`),
  keyResults: z.array(orgKeyResultSchema).max(MAX_ORG_IMPORT.keyResults, `must hold at most ${MAX_ORG_IMPORT.keyResults} Key Results`),
  changes: z
    .array(changeSchema.extend({ projectKey: z.literal(ORGANIZATION_SCOPE, { error: `must be "${ORGANIZATION_SCOPE}": a file of the organization holds its changes only` }) }))
    .max(MAX_ORG_IMPORT.changes, `must hold at most ${MAX_ORG_IMPORT.changes} changes`),
  nexuses: z.array(storedNexusSchema).max(NEXUS_MAX, `must hold at most ${NEXUS_MAX} Nexuses`).optional(),
});

// ─── Reading ───

export interface OrgData {
  settings: StoredOrgSettings | null;
  objectives: OrgObjective[];
  keyResults: StoredKeyResult[];
  /** Every change of the organization, import records included. */
  changes: ChangeRecord[];
  nexuses: StoredNexus[];
}

/** Every record of an entity, by key: the index every entity has on its key. */
async function allOf<T>(entityName: string): Promise<T[]> {
  const values: T[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs.entity<T>(entityName).query().index('by-key').limit(PAGE_SIZE);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany();
    for (const result of page.results) values.push(result.value);
    cursor = page.nextCursor;
  } while (cursor);
  return values;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Everything stored of the organization's OKRs, each list by id: a get, two key queries and one index query (paged by 100). */
export async function loadOrganization(): Promise<OrgData> {
  const [settings, objectives, keyResults, changes, nexuses] = await Promise.all([
    kvs.get(ORG_SETTINGS_KEY),
    allOf<OrgObjective>(ENTITY.orgObjective),
    allOf<StoredKeyResult>(ENTITY.orgKeyResult),
    queryAll<Record<string, unknown>>(ENTITY.change, INDEX.byProject, [ORGANIZATION_SCOPE]),
    listNexuses(),
  ]);
  const parsed = orgSettingsSchema.safeParse(settings);
  return {
    settings: parsed.success ? parsed.data : null,
    objectives: objectives.sort(byId),
    keyResults: keyResults.sort(byId),
    changes: changes.map(changeFromStored).sort(byId),
    nexuses,
  };
}

function toExport(at: string, data: OrgData): OrgExportData {
  return {
    format: ORG_EXPORT_FORMAT,
    schemaVersion: CURRENT_SCHEMA_VERSION,
    scope: ORGANIZATION_SCOPE,
    exportedAt: at,
    settings: data.settings,
    objectives: data.objectives,
    keyResults: data.keyResults,
    changes: data.changes.filter((change) => change.subject !== 'import'),
    nexuses: data.nexuses,
  };
}

/** The organization's whole OKR data as one document. */
export async function exportOrganization(at: string): Promise<OrgExportData> {
  return toExport(at, await loadOrganization());
}

/** Records one export page holds at most, serialised: inside the 5 MB an answer may carry (one record is at most 230 KiB). */
export const MAX_ORG_EXPORT_PAGE_BYTES = 2 * 1024 * 1024;

const SECTIONS = ['objectives', 'keyResults', 'changes'] as const;

const cursorSchema = z.strictObject({
  at: z.iso.datetime({ offset: true }),
  section: z.number().int().min(0).max(SECTIONS.length - 1),
  /** The id of the last record the previous page held in this section. */
  after: z.string().min(1).max(64).optional(),
});
type Cursor = z.infer<typeof cursorSchema>;

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');

function decodeCursor(text: string): Cursor {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // Not ours: answered below.
  }
  throw new StoreValidationError('cursor: is not the cursor of an organization export page; start the export again from its first page.', 'cursor');
}

export type OrgExportPage = OrgExportData & { nextCursor?: string };

/**
 * One page of the organization's export: the header and settings, whole records up to
 * MAX_ORG_EXPORT_PAGE_BYTES, and `nextCursor` while more follow. Joining the pages' lists gives the
 * document. A page goes on after the last id the previous one held, so a record added or removed
 * between two pages neither repeats nor shifts another out.
 */
export async function exportOrganizationPage(at: string, cursorText?: string): Promise<OrgExportPage> {
  const cursor: Cursor = cursorText ? decodeCursor(cursorText) : { at, section: 0 };
  const whole = toExport(cursor.at, await loadOrganization());
  const page: OrgExportData = { ...whole, objectives: [], keyResults: [], changes: [] };
  let bytes = 0;
  for (let section = cursor.section; section < SECTIONS.length; section++) {
    const name = SECTIONS[section] as (typeof SECTIONS)[number];
    const records = (whole[name] as Array<{ id: string }>).filter((record) => section !== cursor.section || cursor.after === undefined || record.id > cursor.after);
    for (const [i, record] of records.entries()) {
      const size = Buffer.byteLength(JSON.stringify(record), 'utf8');
      if (bytes > 0 && bytes + size > MAX_ORG_EXPORT_PAGE_BYTES) {
        const last = i > 0 ? records[i - 1]?.id : section === cursor.section ? cursor.after : undefined;
        return { ...page, nextCursor: encodeCursor({ at: cursor.at, section, ...(last ? { after: last } : {}) }) };
      }
      (page[name] as unknown[]).push(record);
      bytes += size;
    }
  }
  return page;
}

// ─── Checking a file ───

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks the whole document; throws StoreValidationError (field = JSON path) at the first problem. */
export function validateOrgImport(data: unknown): OrgExportData {
  return checkOrgImport(data, null) as OrgExportData;
}

/** Every problem of the document, each with its field, and the document when it has none. */
export function orgImportProblems(data: unknown): { file: OrgExportData | null; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  try {
    const file = checkOrgImport(data, problems);
    return { file: problems.length === 0 ? file : null, problems };
  } catch (error) {
    if (error instanceof StoreValidationError) return { file: null, problems: [{ field: error.field ?? '', message: error.message }] };
    throw error;
  }
}

function checkOrgImport(data: unknown, problems: ImportProblem[] | null): OrgExportData | null {
  if (!isRecord(data)) throw new StoreValidationError('This is not an Outcomes organization export: expected a JSON object.');
  if (data.format === TEAM_EXPORT_FORMAT) {
    const project = typeof data.projectKey === 'string' ? ` of project ${data.projectKey}` : '';
    throw new StoreValidationError(`This is a team’s export${project}, not the organization’s: import it in that project’s OKR settings.`, 'format');
  }
  if (data.format !== ORG_EXPORT_FORMAT) throw new StoreValidationError(`This is not an Outcomes organization export: format must be "${ORG_EXPORT_FORMAT}".`, 'format');
  if (data.schemaVersion !== CURRENT_SCHEMA_VERSION) {
    throw new StoreValidationError(
      `This export has schema version ${JSON.stringify(data.schemaVersion)}; this version of Outcomes imports schema version ${CURRENT_SCHEMA_VERSION} only.`,
      'schemaVersion',
    );
  }
  if (problems) {
    const parsed = orgExportSchema.safeParse(data);
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((issue) => problemOf(issue, data)));
      return null;
    }
  }
  const file = parseOrThrow(orgExportSchema, data) as unknown as OrgExportData;
  const fail = (field: string, message: string): void => {
    if (problems) problems.push({ field, message: `${field}: ${message}` });
    else throw new StoreValidationError(`${field}: ${message}`, field);
  };

  const objectives = new Map<string, OrgObjective>();
  file.objectives.forEach((objective, i) => {
    if (objectives.has(objective.id)) fail(`objectives[${i}].id`, `${objective.id} appears twice.`);
    objectives.set(objective.id, objective);
  });
  const keyResultIds = new Set<string>();
  const perObjective = new Map<string, number>();
  file.keyResults.forEach((keyResult, i) => {
    if (keyResultIds.has(keyResult.id)) fail(`keyResults[${i}].id`, `${keyResult.id} appears twice.`);
    if (objectives.has(keyResult.id)) fail(`keyResults[${i}].id`, `${keyResult.id} is also an Objective’s id.`);
    keyResultIds.add(keyResult.id);
    const objective = objectives.get(keyResult.objectiveId);
    if (!objective) fail(`keyResults[${i}].objectiveId`, `names Objective ${keyResult.objectiveId}, which is not in this export.`);
    if (objective && keyResult.cycleId !== objective.cycleId) fail(`keyResults[${i}].cycleId`, `must be ${objective.cycleId}, the cycle of its Objective.`);
    const count = (perObjective.get(keyResult.objectiveId) ?? 0) + 1;
    if (count > MAX_KEY_RESULTS_PER_OBJECTIVE) fail(`keyResults[${i}].objectiveId`, `Objective ${keyResult.objectiveId} has more than ${MAX_KEY_RESULTS_PER_OBJECTIVE} Key Results.`);
    perObjective.set(keyResult.objectiveId, count);
    if (Buffer.byteLength(JSON.stringify(keyResult), 'utf8') > MAX_KEY_RESULT_BYTES) {
      fail(`keyResults[${i}].checkIns`, `make the Key Result larger than the ${MAX_KEY_RESULT_BYTES / 1024} KiB it may take.`);
    }
  });
  const changeIds = new Set<string>();
  file.changes.forEach((change, i) => {
    if (changeIds.has(change.id)) fail(`changes[${i}].id`, `${change.id} appears twice.`);
    changeIds.add(change.id);
    if (change.subject === 'import') fail(`changes[${i}].subject`, 'import records are not part of an export.');
    if ((change.subject === 'objective' || change.subject === 'key-result') && !change.objectiveId) fail(`changes[${i}].objectiveId`, `is required for a change of subject ${change.subject}.`);
    if (change.subject === 'key-result' && !change.keyResultId) fail(`changes[${i}].keyResultId`, 'is required for a change of a Key Result.');
  });
  const nexusIds = new Set<string>();
  const inNexus = new Map<string, string>();
  (file.nexuses ?? []).forEach((nexus, i) => {
    if (nexusIds.has(nexus.id)) fail(`nexuses[${i}].id`, `${nexus.id} appears twice.`);
    nexusIds.add(nexus.id);
    for (const projectKey of nexus.projectKeys) {
      const other = inNexus.get(projectKey);
      if (other !== undefined) fail(`nexuses[${i}].projectKeys`, `${projectKey} is also in the Nexus “${other}”: a project is in at most one Nexus.`);
      inNexus.set(projectKey, nexus.name);
    }
  });
  return file;
}

/**
 * Refuses ids of the file that a team's records hold (an Objective's or Key Result's id names one
 * record across the site; a change's id is the key of one history entry), and a change naming a team's
 * Objective or Key Result. The answer names the file's field only; which project holds it is logged.
 */
export async function refuseTeamIds(file: OrgExportData, stored: OrgData): Promise<void> {
  const refuse = (field: string, id: string, owner: unknown): never => {
    console.warn(`Outcomes: an organization import was refused: ${field} ${id} belongs to ${typeof owner === 'string' ? `project ${owner}` : 'a team'}.`);
    throw new StoreValidationError(`${field}: ${id} is already used by a team’s OKRs; export the organization’s OKRs again or give it a new id.`, field);
  };
  const ownChanges = new Set(stored.changes.map((change) => change.id));
  const newChanges = file.changes.filter((change) => !ownChanges.has(change.id));
  const named = new Set<string>([...file.objectives.map((o) => o.id), ...file.keyResults.map((k) => k.id)]);
  for (const change of file.changes) {
    if (change.objectiveId) named.add(change.objectiveId);
    if (change.keyResultId) named.add(change.keyResultId);
  }
  const ids = [...named];
  const [teamObjectives, teamKeyResults, takenChanges] = await Promise.all([
    getMany<{ projectKey?: string }>(ENTITY.objective, ids),
    getMany<{ projectKey?: string }>(ENTITY.keyResult, ids),
    getMany<{ projectKey?: string }>(ENTITY.change, newChanges.map((change) => change.id)),
  ]);
  const team = (id: string) => teamObjectives.get(id) ?? teamKeyResults.get(id);
  file.objectives.forEach((objective, i) => {
    if (team(objective.id)) refuse(`objectives[${i}].id`, objective.id, team(objective.id)?.projectKey);
  });
  file.keyResults.forEach((keyResult, i) => {
    if (team(keyResult.id)) refuse(`keyResults[${i}].id`, keyResult.id, team(keyResult.id)?.projectKey);
  });
  file.changes.forEach((change, i) => {
    if (takenChanges.has(change.id)) refuse(`changes[${i}].id`, change.id, takenChanges.get(change.id)?.projectKey);
    if (change.objectiveId && team(change.objectiveId)) refuse(`changes[${i}].objectiveId`, change.objectiveId, team(change.objectiveId)?.projectKey);
    if (change.keyResultId && team(change.keyResultId)) refuse(`changes[${i}].keyResultId`, change.keyResultId, team(change.keyResultId)?.projectKey);
  });
}

/**
 * What the organization's OKRs are now, in one word: a hash of every record's id and version (each
 * change's id). A preview answers it; an import given it is refused if anything changed since.
 */
export function basisOf(data: OrgData): string {
  const hash = createHash('sha256');
  hash.update(`settings:${data.settings?.version ?? 0}\n`);
  for (const objective of data.objectives) hash.update(`o:${objective.id}:${objective.version}\n`);
  for (const keyResult of data.keyResults) hash.update(`k:${keyResult.id}:${keyResult.version}\n`);
  for (const change of data.changes) if (change.subject !== 'import') hash.update(`c:${change.id}\n`);
  for (const nexus of data.nexuses) hash.update(`n:${nexus.id}:${nexus.version}\n`);
  return hash.digest('hex');
}

// ─── Preview ───

/** The organization's import that did not finish, if one stopped part-way (or is running). */
export interface OrgImportState {
  startedAt: string;
  exportedAt: string;
  running: boolean;
}

/** After how long an import still `applying` is taken to have been stopped (Forge ends a resolver after 25 s). */
export const STALE_ORG_IMPORT_MS = 5 * 60_000;

const markers = () => kvs.entity<ImportMarker>(ENTITY.importMarker);

export async function unfinishedOrgImport(at: string): Promise<OrgImportState | null> {
  const marker = await markers().get(ORGANIZATION_SCOPE);
  if (!marker || marker.state === 'done') return null;
  return { startedAt: marker.startedAt, exportedAt: marker.exportedAt, running: marker.state === 'applying' && Date.parse(marker.startedAt) > Date.parse(at) - STALE_ORG_IMPORT_MS };
}

/** Dropped organization Key Results whose team contributors a preview counts, at most (one query each). */
const MAX_COUNTED_DROPS = 100;

export async function previewOrgImport(data: unknown, at: string, maxProblems: number): Promise<OrgImportPreview> {
  const { file, problems } = orgImportProblems(data);
  const stored = await loadOrganization();
  if (file) {
    try {
      await refuseTeamIds(file, stored);
    } catch (error) {
      if (!(error instanceof StoreValidationError)) throw error;
      problems.push({ field: error.field ?? '', message: error.message });
    }
  }
  const unfinished = await unfinishedOrgImport(at);
  if (!file || problems.length > 0) return { valid: false, problems: problems.slice(0, maxProblems), problemCount: problems.length };
  const kept = new Set(file.keyResults.map((keyResult) => keyResult.id));
  const dropped = stored.keyResults.filter((keyResult) => !kept.has(keyResult.id)).map((keyResult) => keyResult.id);
  const contributors = dropped.length <= MAX_COUNTED_DROPS ? [...(await contributionsTo(dropped)).values()].reduce((sum, list) => sum + list.length, 0) : null;
  const checkInsOf = (keyResult: StoredKeyResult) => keyResult.checkIns.map((checkIn) => ({ key: `${keyResult.id}|${checkIn.at}|${checkIn.accountId}`, checkIn }));
  const withoutCheckIns = ({ checkIns: _checkIns, ...keyResult }: StoredKeyResult) => keyResult;
  return {
    valid: true,
    problems: [],
    problemCount: 0,
    exportedAt: file.exportedAt,
    basis: basisOf(stored),
    changes: {
      settings: file.settings ? (stored.settings ? (sameJson(file.settings, stored.settings) ? 'unchanged' : 'changed') : 'added') : stored.settings ? 'removed' : 'unchanged',
      objectives: diff(stored.objectives, file.objectives, (objective) => objective.id),
      keyResults: diff(stored.keyResults, file.keyResults, (keyResult) => keyResult.id, withoutCheckIns),
      checkIns: diff(stored.keyResults.flatMap(checkInsOf), file.keyResults.flatMap(checkInsOf), (entry) => entry.key, (entry) => entry.checkIn),
      history: diff(stored.changes.filter((change) => change.subject !== 'import'), file.changes, (change) => change.id, storedChange),
      teamContributionsLeft: contributors,
    },
    ...(unfinished ? { unfinished } : {}),
  };
}

// ─── Import ───

/** One write: a value to set, or (no value) a key to delete; no entity for the settings' plain key. */
interface Write {
  entityName?: string;
  key: string;
  value?: unknown;
}
/** An operation of a transaction, with about how many bytes it sends. */
type Operation = { run: (tx: Transaction) => void; bytes: number };

const operation = (write: Write): Operation => ({
  run: (tx) => {
    const entity = write.entityName ? { entityName: write.entityName } : undefined;
    if (write.value === undefined) tx.delete(write.key, entity as never);
    else tx.set(write.key, write.value, entity as never);
  },
  bytes: write.key.length + 64 + (write.value === undefined ? 0 : Buffer.byteLength(JSON.stringify(write.value), 'utf8')),
});

/** Transactions an import keeps in flight at once. */
const PARALLEL_TRANSACTIONS = 4;
/**
 * Bytes one transaction sends at most: Forge takes 4 MB a transaction, and 25 Key Results of up to
 * 230 KiB each would be more; this leaves room for the request's own encoding.
 */
export const MAX_TRANSACTION_BYTES = 3 * 1024 * 1024;

/** The operations cut, in order, into transactions of at most 25 operations and MAX_TRANSACTION_BYTES. */
function batchesOf(operations: readonly Operation[]): Operation[][] {
  const batches: Operation[][] = [];
  let current: Operation[] = [];
  let bytes = 0;
  for (const next of operations) {
    if (current.length > 0 && (current.length === MAX_TRANSACTION_OPS || bytes + next.bytes > MAX_TRANSACTION_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(next);
    bytes += next.bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

async function runInTransactions(operations: Operation[]): Promise<void> {
  await inParallel(batchesOf(operations), PARALLEL_TRANSACTIONS, (batch) =>
    commit(
      (tx) => {
        for (const { run } of batch) run(tx);
        return batch.length;
      },
      async () => new Error('An organization import transaction without conditions was refused as a conflict.'),
    ),
  );
}

/** What an import did: the records the organization now holds, how many were written, how many were already so. */
export interface OrgImportSummary {
  objectives: number;
  keyResults: number;
  changes: number;
  written: number;
  unchanged: number;
}

/** Every write that makes what is stored the file's (its import records stay), and how many records were already so. */
function importPlan(file: OrgExportData, stored: OrgData): { writes: Write[]; unchanged: number } {
  const writes: Write[] = [];
  let unchanged = 0;
  if (file.settings) {
    if (sameJson(file.settings, stored.settings)) unchanged += 1;
    else writes.push({ key: ORG_SETTINGS_KEY, value: file.settings });
  } else if (stored.settings) {
    writes.push({ key: ORG_SETTINGS_KEY });
  }
  const replace = <T extends { id: string }>(entityName: string, records: T[], current: T[], value: (record: T) => unknown = (record) => record, keep: (record: T) => boolean = () => false) => {
    const now = new Map(current.map((record) => [record.id, value(record)]));
    for (const record of records) {
      if (sameJson(now.get(record.id), value(record))) unchanged += 1;
      else writes.push({ entityName, key: record.id, value: value(record) });
    }
    const wanted = new Set(records.map((record) => record.id));
    for (const record of current) if (!wanted.has(record.id) && !keep(record)) writes.push({ entityName, key: record.id });
  };
  replace(ENTITY.orgObjective, file.objectives, stored.objectives);
  replace(ENTITY.orgKeyResult, file.keyResults, stored.keyResults);
  replace(ENTITY.change, file.changes, stored.changes, storedChange, (change) => change.subject === 'import');
  // A file from before Nexuses leaves them as they are.
  if (file.nexuses) {
    const now = new Map(stored.nexuses.map((nexus) => [nexus.id, nexus]));
    for (const nexus of file.nexuses) {
      if (sameJson(now.get(nexus.id), nexus)) unchanged += 1;
      else writes.push({ key: nexusKey(nexus.id), value: nexus });
    }
    const wanted = new Set(file.nexuses.map((nexus) => nexus.id));
    for (const nexus of stored.nexuses) if (!wanted.has(nexus.id)) writes.push({ key: nexusKey(nexus.id) });
  }
  return { writes, unchanged };
}

type Lock = ImportMarker & { importId: string; state: 'applying' };

/**
 * Takes the organization's import lock in one write conditioned on the marker read just before (none,
 * or one done, stopped or stale). Throws StoreImportRunningError while another import holds it.
 */
async function lockOrgImport(input: ChangeInput, exportedAt: string): Promise<{ lock: Lock; previous: ImportMarker | null }> {
  const previous = (await markers().get(ORGANIZATION_SCOPE)) ?? null;
  const staleBefore = new Date(Date.parse(input.at) - STALE_ORG_IMPORT_MS).toISOString();
  const held = (marker: ImportMarker | null | undefined) => marker && marker.state === 'applying' && marker.startedAt >= staleBefore;
  if (held(previous)) throw new StoreImportRunningError(previous?.startedAt ?? input.at);
  const lock: Lock = { projectKey: ORGANIZATION_SCOPE, startedAt: input.at, accountId: input.accountId, exportedAt, importId: randomUUID(), state: 'applying' };
  const same = previous?.importId
    ? new Filter<ImportMarker>().and('importId', FilterConditions.equalTo(previous.importId))
    : new Filter<ImportMarker>().and('startedAt', previous ? FilterConditions.equalTo(previous.startedAt) : FilterConditions.notExists());
  try {
    await kvs.transact().set(ORGANIZATION_SCOPE, lock, { entityName: ENTITY.importMarker, conditions: same }).execute();
  } catch (error) {
    // A refused condition and a lost answer look alike: what is stored tells them apart.
    const now = await markers().get(ORGANIZATION_SCOPE);
    if (now?.importId === lock.importId) return { lock, previous };
    if (held(now)) throw new StoreImportRunningError(now?.startedAt ?? input.at);
    throw error;
  }
  return { lock, previous };
}

async function releaseLock(next: ImportMarker | null): Promise<void> {
  try {
    if (next) await markers().set(ORGANIZATION_SCOPE, next);
    else await markers().delete(ORGANIZATION_SCOPE);
  } catch (error) {
    console.warn(`Outcomes: the organization's import lock could not be updated after a failure (it goes stale in ${STALE_ORG_IMPORT_MS / 60_000} minutes)`, error);
  }
}

/** Thrown when the organization's OKRs changed between the preview the person confirmed and the import. */
export class OrgImportBasisError extends StoreConflictError {
  constructor() {
    super('The organization’s OKRs', undefined, undefined);
    this.name = 'OrgImportBasisError';
  }
}

/** Thrown when an import wrote part of the file and then stopped: importing the same file again finishes it. */
export class OrgImportStoppedError extends Error {
  constructor(override readonly cause: unknown) {
    super('The import stopped part-way: the organization’s OKRs are partly the file’s. Import the same file again to finish it.');
    this.name = 'OrgImportStoppedError';
  }
}

/**
 * Replaces the organization's OKR data with the file's (see the top of this file). `basis`, from the
 * preview the person confirmed: refused (StoreConflictError) if the organization's OKRs changed since.
 */
export async function applyOrgImport(data: unknown, change: ChangeInput, basis?: string): Promise<OrgImportSummary> {
  const input = parseOrThrow(changeInputSchema, change, 'change');
  const file = validateOrgImport(data);
  await ensureSchema();
  const { lock, previous } = await lockOrgImport(input, file.exportedAt);
  let writing = false;
  try {
    const stored = await loadOrganization();
    // A stopped import's own writes are what a new basis would see: finishing it is not refused for them.
    if (basis !== undefined && basis !== basisOf(stored) && previous?.state !== 'stopped') {
      throw new OrgImportBasisError();
    }
    await refuseTeamIds(file, stored);
    const plan = importPlan(file, stored);
    const counts = { objectives: file.objectives.length, keyResults: file.keyResults.length, changes: file.changes.length };
    const before = { objectives: stored.objectives.length, keyResults: stored.keyResults.length, changes: stored.changes.filter((c) => c.subject !== 'import').length };
    const record = changeRecord(input, { projectKey: ORGANIZATION_SCOPE, subject: 'import' }, before, { ...counts, exportedAt: file.exportedAt });
    const last: Operation[] = [
      { run: (tx) => setChange(tx, record), bytes: Buffer.byteLength(JSON.stringify(record), 'utf8') },
      { run: (tx) => tx.set(ORGANIZATION_SCOPE, { ...lock, state: 'done' }, { entityName: ENTITY.importMarker }), bytes: 512 },
    ];
    const all = [...plan.writes.map(operation), ...last];
    if (batchesOf(all).length === 1) {
      // Small enough for one transaction: all or nothing.
      await runInTransactions(all);
    } else {
      writing = true;
      await runInTransactions(all.slice(0, -last.length));
      await runInTransactions(last);
    }
    return { ...counts, written: plan.writes.length, unchanged: plan.unchanged };
  } catch (error) {
    await releaseLock(writing ? { ...lock, state: 'stopped' } : previous);
    if (writing) throw new OrgImportStoppedError(error);
    throw error;
  }
}

