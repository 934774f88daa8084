// A project's whole OKR data as one versioned JSON document: export, and import (which validates the
// document completely before it changes anything, then replaces the project's data with it).
//
// Format (schemaVersion 1):
//   { format: 'outcomes-okr-export', schemaVersion: 1, projectKey: 'GYM', exportedAt: ISO date-time,
//     settings: { okrLimit, fiscalYearStartMonth, cycleLength, boardId?, productOwnerAccountIds?, version } | null,
//     objectives: Objective[]                       (by cycle, then id),
//     keyResults: (KeyResult & { projectKey, cycleId, checkIns: CheckIn[] })[]   (by cycle, then id),
//     changes: { id, projectKey, subject, objectiveId?, keyResultId?, at, accountId, what, before, after, reason? }[]  (oldest first),
//     sprintReviews?: { projectKey, sprintId, sprintName, boardId, cycleId, closedAt, openedAt, issues, keyResults, version }[]
//       (by close: each review's Key Results with their values at the close and their grades; `issues`, the
//       snapshot of the sprint's issues, is exported empty, as Jira's data is shown only to who may see it;
//       a file without reviews imports as having none) }
// Records keep their ids, versions and timestamps, so export → import → export gives the same data
// (but exportedAt). The record of an import itself is kept in the project's history but is not part
// of an export, and an import never deletes it.
//
// Bounds: an answer of Forge may carry 5 MB and a request 500 KB. An export is answered in pages
// (`exportPage`: at most MAX_EXPORT_PAGE_BYTES of records each, one record being at most 230 KiB); a
// file larger than one request is imported in parts (import-parts.ts) and applied here as a whole.
import { Filter, FilterConditions, kvs } from '@forge/kvs';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ImportFinished, Objective, OkrExport } from '../contract';
import { StoreImportRunningError, StoreProjectMismatchError, StoreValidationError } from './errors';
import { changeFromStored, changeRecord, commit, getMany, getRecords, inParallel, queryAll, readAfterWrite, sameJson, setChange, storedChange, type Transaction } from './io';
import { removeLinksOfKeyResults } from './links';
import { CURRENT_SCHEMA_VERSION, ensureSchema } from './migrations';
import {
  changeInputSchema,
  changeSchema,
  ENTITY,
  INDEX,
  jsonPath,
  keyResultSchema,
  MAX_KEY_RESULT_BYTES,
  MAX_KEY_RESULTS_PER_OBJECTIVE,
  MAX_REVIEW_BYTES,
  MAX_TRANSACTION_OPS,
  objectiveSchema,
  PAGE_SIZE,
  parseOrThrow,
  projectKeySchema,
  sprintReviewKey,
  sprintReviewSchema,
  storedSettingsSchema,
  type ChangeInput,
  type ChangeRecord,
  type ImportMarker,
  type LinkDigest,
  type SprintReviewRecord,
  type StoredKeyResult,
  type StoredSettings,
} from './model';
import { storedSettings } from './settings';

export const OKR_EXPORT_FORMAT = 'outcomes-okr-export';

/** The export document, typed. */
export interface OkrExportData extends OkrExport {
  format: typeof OKR_EXPORT_FORMAT;
  settings: StoredSettings | null;
  objectives: Objective[];
  keyResults: StoredKeyResult[];
  changes: ChangeRecord[];
  sprintReviews: SprintReviewRecord[];
}

/** Most objects one import may hold (a request from the UI is at most 500 KB anyway). */
const MAX_IMPORT = { objectives: 1_000, keyResults: 5_000, changes: 50_000, sprintReviews: 2_000 } as const;

const exportSchema = z.strictObject({
  format: z.literal(OKR_EXPORT_FORMAT),
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  projectKey: projectKeySchema,
  exportedAt: z.iso.datetime({ offset: true, message: 'must be an ISO date-time' }),
  settings: storedSettingsSchema.nullable(),
  objectives: z.array(objectiveSchema).max(MAX_IMPORT.objectives, `must hold at most ${MAX_IMPORT.objectives} Objectives`),
  keyResults: z.array(keyResultSchema).max(MAX_IMPORT.keyResults, `must hold at most ${MAX_IMPORT.keyResults} Key Results`),
  changes: z.array(changeSchema).max(MAX_IMPORT.changes, `must hold at most ${MAX_IMPORT.changes} changes`),
  sprintReviews: z
    .array(sprintReviewSchema)
    .max(MAX_IMPORT.sprintReviews, `must hold at most ${MAX_IMPORT.sprintReviews} sprint reviews`)
    .default([]),
});

export interface ProjectData {
  settings: StoredSettings | null;
  objectives: Objective[];
  keyResults: StoredKeyResult[];
  /** Every change of the project, import records included. */
  changes: ChangeRecord[];
  sprintReviews: SprintReviewRecord[];
}

/** Everything stored for a project: one get and four index queries (paged by 100). */
export async function loadProject(projectKey: string): Promise<ProjectData> {
  const [settings, objectives, keyResults, changes, sprintReviews] = await Promise.all([
    storedSettings(projectKey),
    queryAll<Objective>(ENTITY.objective, INDEX.byProject, [projectKey]),
    queryAll<StoredKeyResult>(ENTITY.keyResult, INDEX.byProject, [projectKey]),
    queryAll<Record<string, unknown>>(ENTITY.change, INDEX.byProject, [projectKey]),
    queryAll<SprintReviewRecord>(ENTITY.sprintReview, INDEX.byProject, [projectKey]),
  ]);
  return { settings, objectives, keyResults, changes: changes.map(changeFromStored), sprintReviews };
}

const SECTIONS = ['objectives', 'keyResults', 'changes', 'sprintReviews'] as const;
type Section = (typeof SECTIONS)[number];
const SECTION_ENTITY: Record<Section, string> = { objectives: ENTITY.objective, keyResults: ENTITY.keyResult, changes: ENTITY.change, sprintReviews: ENTITY.sprintReview };

/** A stored record as the export has it, or null when it is not exported (the record of an import). */
function exported(section: Section, value: unknown): unknown {
  if (section === 'changes') {
    const change = changeFromStored(value as Record<string, unknown>);
    return change.subject === 'import' ? null : change;
  }
  // A review's snapshot of the sprint's issues was read as the app: it is shown to each person only
  // as far as Jira lets them see, so it does not leave in a file; the values at the close and the
  // grades do.
  if (section === 'sprintReviews') return { ...(value as SprintReviewRecord), issues: [] };
  return value;
}

function toExport(projectKey: string, at: string, data: ProjectData): OkrExportData {
  return {
    format: OKR_EXPORT_FORMAT,
    schemaVersion: CURRENT_SCHEMA_VERSION,
    projectKey,
    exportedAt: at,
    settings: data.settings,
    objectives: data.objectives,
    keyResults: data.keyResults,
    changes: data.changes.filter((change) => change.subject !== 'import'),
    sprintReviews: data.sprintReviews.map((review) => exported('sprintReviews', review) as SprintReviewRecord),
  };
}

/** The project's whole OKR data (settings, Objectives, Key Results with check-ins, history, sprint reviews). */
export async function exportProject(projectKey: string, at: string): Promise<OkrExportData> {
  return toExport(projectKey, at, await loadProject(projectKey));
}

/**
 * Records one export page holds at most, serialised (one record is at most 230 KiB, so a page stays
 * under 2.25 MiB with its header and settings: well inside the 5 MB an answer may carry).
 */
export const MAX_EXPORT_PAGE_BYTES = 2 * 1024 * 1024;

/** One page of an export: the document's header and settings, the records of this page, and where the next starts. */
export type OkrExportPage = OkrExportData & { nextCursor?: string };

const cursorSchema = z.strictObject({
  at: z.iso.datetime({ offset: true }),
  section: z.number().int().min(0).max(SECTIONS.length - 1),
  after: z.string().min(1).max(2000).optional(),
  skip: z.number().int().min(0).max(PAGE_SIZE),
});
type ExportCursor = z.infer<typeof cursorSchema>;

const encodeCursor = (cursor: ExportCursor) => Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');

function decodeCursor(text: string): ExportCursor {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // Not ours: answered below.
  }
  throw new StoreValidationError('cursor: is not the cursor of an export page; start the export again from its first page.', 'cursor');
}

/**
 * One page of the project's export, in the order of `exportProject`. Without a cursor, the first; each
 * page holds whole records up to MAX_EXPORT_PAGE_BYTES and `nextCursor` while more follow. Joining the
 * pages' lists gives the document (each page repeats the header and the settings). Pages are read one
 * by one: a change made between two pages shows in the later page or not at all.
 */
export async function exportPage(projectKey: string, at: string, cursorText?: string): Promise<OkrExportPage> {
  let cursor: ExportCursor = cursorText ? decodeCursor(cursorText) : { at, section: 0, skip: 0 };
  const page: OkrExportData = { ...toExport(projectKey, cursor.at, { settings: await storedSettings(projectKey), objectives: [], keyResults: [], changes: [], sprintReviews: [] }) };
  let bytes = 0;
  for (;;) {
    const section = SECTIONS[cursor.section];
    // The cursor's schema keeps its section within SECTIONS.
    if (!section) throw new StoreValidationError('cursor: is not the cursor of an export page; start the export again from its first page.', 'cursor');
    let query = kvs.entity<unknown>(SECTION_ENTITY[section]).query().index(INDEX.byProject, { partition: [projectKey] }).limit(PAGE_SIZE);
    if (cursor.after) query = query.cursor(cursor.after);
    const result = await query.getMany();
    for (const [i, item] of result.results.entries()) {
      if (i < cursor.skip) continue;
      const record = exported(section, item.value);
      if (record === null) continue;
      const size = Buffer.byteLength(JSON.stringify(record), 'utf8');
      if (bytes > 0 && bytes + size > MAX_EXPORT_PAGE_BYTES) return { ...page, nextCursor: encodeCursor({ ...cursor, skip: i }) };
      (page[section] as unknown[]).push(record);
      bytes += size;
    }
    if (result.nextCursor) cursor = { at: cursor.at, section: cursor.section, after: result.nextCursor, skip: 0 };
    else if (cursor.section + 1 < SECTIONS.length) cursor = { at: cursor.at, section: cursor.section + 1, skip: 0 };
    else return page;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value at a schema issue's path in the document, or undefined where there is none. */
function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = data;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A schema issue as a problem: its field, and "is required" only where the document has nothing. */
function problemOf(issue: z.core.$ZodIssue, data: unknown): ImportProblem {
  const unknownKeys = issue.code === 'unrecognized_keys';
  const field = jsonPath(unknownKeys ? [...issue.path, ...issue.keys.slice(0, 1)] : issue.path);
  const message = unknownKeys
    ? `is not a field this format knows (${issue.keys.join(', ')})`
    : issue.code === 'invalid_type' && valueAt(data, issue.path) === undefined
      ? 'is required'
      : issue.message;
  return { field, message: `${field || 'The data'}: ${message}.` };
}

/** Checks the whole document; throws StoreValidationError (field = JSON path) at the first problem. */
export function validateImport(projectKey: string, data: unknown): OkrExportData {
  return checkImport(projectKey, data, null) as OkrExportData;
}

/** One problem of a file, with the JSON path of the field at fault (empty for the document itself). */
export interface ImportProblem {
  field: string;
  message: string;
}

/**
 * Every problem of the document (what validateImport would refuse it for, each with its field), and
 * the document when it has none. The header's problems (not an export, another version or project)
 * come alone: the records of such a file are not worth listing.
 */
export function importProblems(projectKey: string, data: unknown): { file: OkrExportData | null; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  try {
    const file = checkImport(projectKey, data, problems);
    return { file: problems.length === 0 ? file : null, problems };
  } catch (error) {
    if (error instanceof StoreValidationError || error instanceof StoreProjectMismatchError) {
      return { file: null, problems: [{ field: (error as { field?: string }).field ?? '', message: error.message }] };
    }
    throw error;
  }
}

/** The checks of an import: thrown at the first problem, or (given `problems`) each one collected. */
function checkImport(projectKey: string, data: unknown, problems: ImportProblem[] | null): OkrExportData | null {
  if (!isRecord(data)) throw new StoreValidationError('This is not an Outcomes OKR export: expected a JSON object.');
  if (data.format !== OKR_EXPORT_FORMAT) {
    throw new StoreValidationError(`This is not an Outcomes OKR export: format must be "${OKR_EXPORT_FORMAT}".`, 'format');
  }
  if (data.schemaVersion !== CURRENT_SCHEMA_VERSION) {
    throw new StoreValidationError(
      `This export has schema version ${JSON.stringify(data.schemaVersion)}; this version of Outcomes imports schema version ${CURRENT_SCHEMA_VERSION} only.`,
      'schemaVersion',
    );
  }
  if (typeof data.projectKey !== 'string') throw new StoreValidationError('projectKey: is required.', 'projectKey');
  if (data.projectKey !== projectKey) throw new StoreProjectMismatchError(data.projectKey, projectKey);
  if (problems) {
    const parsed = exportSchema.safeParse(data);
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((issue) => problemOf(issue, data)));
      return null;
    }
  }
  const file = parseOrThrow(exportSchema, data) as unknown as OkrExportData;

  const fail = (field: string, message: string): void => {
    if (problems) problems.push({ field, message: `${field}: ${message}` });
    else throw new StoreValidationError(`${field}: ${message}`, field);
  };
  const sameProject = (field: string, key: string) => {
    if (key !== projectKey) fail(field, `must be ${projectKey}, the project of this export.`);
  };

  const objectivesById = new Map<string, Objective>();
  file.objectives.forEach((objective, i) => {
    sameProject(`objectives[${i}].projectKey`, objective.projectKey);
    if (objectivesById.has(objective.id)) fail(`objectives[${i}].id`, `${objective.id} appears twice.`);
    if (objective.limitOverride && objective.limitOverride.objectiveId !== objective.id) {
      fail(`objectives[${i}].limitOverride.objectiveId`, `must be the Objective's own id, ${objective.id}.`);
    }
    objectivesById.set(objective.id, objective);
  });

  const keyResultIds = new Set<string>();
  const perObjective = new Map<string, number>();
  file.keyResults.forEach((keyResult, i) => {
    sameProject(`keyResults[${i}].projectKey`, keyResult.projectKey);
    if (keyResultIds.has(keyResult.id)) fail(`keyResults[${i}].id`, `${keyResult.id} appears twice.`);
    keyResultIds.add(keyResult.id);
    const objective = objectivesById.get(keyResult.objectiveId);
    if (!objective) fail(`keyResults[${i}].objectiveId`, `names Objective ${keyResult.objectiveId}, which is not in this export.`);
    if (objective && keyResult.cycleId !== objective.cycleId) {
      fail(`keyResults[${i}].cycleId`, `must be ${objective.cycleId}, the cycle of its Objective.`);
    }
    const count = (perObjective.get(keyResult.objectiveId) ?? 0) + 1;
    if (count > MAX_KEY_RESULTS_PER_OBJECTIVE) {
      fail(`keyResults[${i}].objectiveId`, `Objective ${keyResult.objectiveId} has more than ${MAX_KEY_RESULTS_PER_OBJECTIVE} Key Results.`);
    }
    perObjective.set(keyResult.objectiveId, count);
    if (Buffer.byteLength(JSON.stringify(keyResult), 'utf8') > MAX_KEY_RESULT_BYTES) {
      fail(`keyResults[${i}].checkIns`, `make the Key Result larger than the ${MAX_KEY_RESULT_BYTES / 1024} KiB it may take.`);
    }
  });

  const changeIds = new Set<string>();
  file.changes.forEach((change, i) => {
    sameProject(`changes[${i}].projectKey`, change.projectKey);
    if (changeIds.has(change.id)) fail(`changes[${i}].id`, `${change.id} appears twice.`);
    changeIds.add(change.id);
    if (change.subject === 'import') fail(`changes[${i}].subject`, 'import records are not part of an export.');
    if ((change.subject === 'objective' || change.subject === 'key-result') && !change.objectiveId) {
      fail(`changes[${i}].objectiveId`, `is required for a change of subject ${change.subject}.`);
    }
    if (change.subject === 'key-result' && !change.keyResultId) fail(`changes[${i}].keyResultId`, 'is required for a change of a Key Result.');
  });

  const sprintIds = new Set<number>();
  file.sprintReviews.forEach((review, i) => {
    sameProject(`sprintReviews[${i}].projectKey`, review.projectKey);
    if (sprintIds.has(review.sprintId)) fail(`sprintReviews[${i}].sprintId`, `sprint ${review.sprintId} has two reviews.`);
    sprintIds.add(review.sprintId);
    if (Buffer.byteLength(JSON.stringify(review), 'utf8') > MAX_REVIEW_BYTES) {
      fail(`sprintReviews[${i}]`, `is larger than the ${MAX_REVIEW_BYTES / 1024} KiB a review may take.`);
    }
  });
  return file;
}

/**
 * Refuses ids that are new to this project but taken by another project's records (keys are global),
 * and ids that name another project's Objective or Key Result from a change or a sprint review (a
 * change of a deleted record names an id no record has: that is kept). The answer names only this
 * file's field; which project holds the id is logged, as the user may not see that project.
 */
export async function refuseForeignIds(projectKey: string, file: OkrExportData, existing: ProjectData): Promise<void> {
  const refuse = (field: string, id: string, message: string, owner: string | undefined): never => {
    console.warn(`Outcomes: an import into ${projectKey} was refused: ${field} ${id} belongs to ${owner ? `project ${owner}` : 'another project'}.`);
    throw new StoreValidationError(`${field}: ${id} ${message}`, field);
  };
  const sections = [
    { name: 'objectives', entity: ENTITY.objective, items: file.objectives, own: new Set(existing.objectives.map((o) => o.id)) },
    { name: 'keyResults', entity: ENTITY.keyResult, items: file.keyResults, own: new Set(existing.keyResults.map((k) => k.id)) },
    { name: 'changes', entity: ENTITY.change, items: file.changes, own: new Set(existing.changes.map((c) => c.id)) },
  ] as const;
  for (const section of sections) {
    const ids: string[] = section.items.map((item) => item.id).filter((id) => !section.own.has(id));
    if (ids.length === 0) continue;
    const taken = await getMany<{ projectKey?: string }>(section.entity, ids);
    const index = section.items.findIndex((item) => taken.has(item.id));
    const clash = section.items[index];
    if (clash) {
      const id = clash.id;
      refuse(`${section.name}[${index}].id`, id, 'is already used; export again from this project or give it a new id.', taken.get(id)?.projectKey);
    }
  }

  // Every Objective or Key Result id a change or a review names, with where it is named.
  const ours = new Set([...file.objectives, ...file.keyResults, ...existing.objectives, ...existing.keyResults].map((record) => record.id));
  const references: Array<{ field: string; id: string }> = [];
  const named = (field: string, id: string | undefined) => {
    if (id !== undefined && !ours.has(id)) references.push({ field, id });
  };
  file.changes.forEach((change, i) => {
    named(`changes[${i}].objectiveId`, change.objectiveId);
    named(`changes[${i}].keyResultId`, change.keyResultId);
  });
  file.sprintReviews.forEach((review, i) => {
    review.keyResults.forEach((reviewed, j) => {
      named(`sprintReviews[${i}].keyResults[${j}].keyResultId`, reviewed.keyResultId);
      named(`sprintReviews[${i}].keyResults[${j}].objectiveId`, reviewed.objectiveId);
    });
    review.issues.forEach((issue, j) => issue.keyResultIds.forEach((id, k) => named(`sprintReviews[${i}].issues[${j}].keyResultIds[${k}]`, id)));
  });
  if (references.length === 0) return;
  const unknown = [...new Set(references.map((reference) => reference.id))];
  const read = await getRecords(unknown.flatMap((key) => [ENTITY.objective, ENTITY.keyResult].map((entityName) => ({ entityName, key }))));
  for (const { field, id } of references) {
    const other = (read(ENTITY.objective, id) ?? read(ENTITY.keyResult, id)) as { projectKey?: string } | undefined;
    if (other) refuse(field, id, `is not an Objective or Key Result of ${projectKey}; export again from this project.`, other.projectKey);
  }
}

type Operation = (tx: Transaction) => void;

/**
 * An import of the project that is running (`running`: its lock is held and not stale at `at`) or
 * stopped part-way: either way the project's data may be a mix of before and after. Null when none.
 */
export async function interruptedImport(projectKey: string, at?: string): Promise<(ImportMarker & { running: boolean }) | null> {
  const marker = await kvs.entity<ImportMarker>(ENTITY.importMarker).get(projectKey);
  if (!marker) return null;
  const running = marker.state === 'applying' && at !== undefined && Date.parse(marker.startedAt) > Date.parse(at) - STALE_IMPORT_LOCK_MS;
  return { ...marker, running };
}

/**
 * After how long an import lock still `applying` is taken to be left by an import that was stopped
 * (its invocation ended: Forge ends a resolver after 25 s), so another import may take it.
 */
export const STALE_IMPORT_LOCK_MS = 5 * 60_000;
/** Transactions an import keeps in flight at once. */
export const IMPORT_PARALLELISM = 4;

/**
 * Takes the project's import lock: creates the marker where there is none, or where the one there is
 * stopped or stale, in one conditioned write. Throws StoreImportRunningError when another import holds it.
 */
async function lockImport(marker: Required<ImportMarker>): Promise<void> {
  const staleBefore = new Date(Date.parse(marker.startedAt) - STALE_IMPORT_LOCK_MS).toISOString();
  const free = new Filter<ImportMarker>()
    .or('startedAt', FilterConditions.notExists())
    .or('state', FilterConditions.equalTo('stopped'))
    .or('startedAt', FilterConditions.lessThan(staleBefore));
  try {
    await kvs.transact().set(marker.projectKey, marker, { entityName: ENTITY.importMarker, conditions: free }).execute();
  } catch (error) {
    // A refused condition and a lost answer look alike: what is stored tells them apart.
    const held = await interruptedImport(marker.projectKey);
    if (held?.importId === marker.importId) return;
    if (held && held.state !== 'stopped' && held.startedAt >= staleBefore) throw new StoreImportRunningError(held.startedAt);
    throw error;
  }
}

/** Runs the operations in transactions of at most 25, IMPORT_PARALLELISM at once (no conditions: the import replaces). */
async function runInTransactions(operations: Operation[]): Promise<void> {
  const batches: Operation[][] = [];
  for (let i = 0; i < operations.length; i += MAX_TRANSACTION_OPS) batches.push(operations.slice(i, i + MAX_TRANSACTION_OPS));
  // A failed one is judged by reading storage again (see commit): an answer lost after it was saved is no failure.
  await inParallel(batches, IMPORT_PARALLELISM, (batch) =>
    commit(
      (tx) => {
        for (const operation of batch) operation(tx);
        return batch.length;
      },
      async () => new Error('An import transaction without conditions was refused as a conflict.'),
    ),
  );
}

/** What an import did (see ImportFinished), and the Key Results whose links it removed with the issues that were linked to them (for Jira's search). */
export interface ImportSummary extends ImportFinished {
  unlinked: { keyResultIds: string[]; linkedIssueIds: string[] };
}

/**
 * Replaces the project's OKR data with an export's. The document is validated completely first
 * (format, schemaVersion = current, projectKey = the target project, every record, ids unique, every
 * Key Result's Objective present, cycles well-formed, sizes within limits, no id of another project);
 * any problem throws StoreValidationError (StoreProjectMismatchError for another project's file) and
 * nothing changes. The import then takes the project's import lock (StoreImportRunningError while
 * another import runs), removes the links of the Key Results the file drops (and any left to Key
 * Results it brings back), writes every record of the file that differs from what is stored and
 * deletes every record the file does not hold, in transactions of ≤ 25 operations, IMPORT_PARALLELISM
 * at once; its last transaction records the import in the history and frees the lock. An import that
 * stops part-way leaves the lock `stopped`, so the project page says so (`interruptedImport`), and
 * importing the same file again completes it.
 */
export async function applyImport(projectKey: string, data: unknown, change: ChangeInput): Promise<ImportSummary> {
  const input = parseOrThrow(changeInputSchema, change, 'change');
  const file = validateImport(projectKey, data);
  await ensureSchema();
  // Each run has a lock of its own, so that finishing one import twice at once is refused as well.
  const marker: Required<ImportMarker> = { projectKey, startedAt: input.at, accountId: input.accountId, exportedAt: file.exportedAt, importId: randomUUID(), state: 'applying' };
  await lockImport(marker);
  const markers = kvs.entity<ImportMarker>(ENTITY.importMarker);
  let writing = false;
  try {
    const existing = await loadProject(projectKey);
    await refuseForeignIds(projectKey, file, existing);
    const plan = importPlan(projectKey, file, existing, input);
    // Last: the record of the import, with the lock freed.
    const last: Operation[] = [(tx) => setChange(tx, plan.record), (tx) => tx.delete(projectKey, { entityName: ENTITY.importMarker })];
    let linkedIssueIds: string[] = [];
    if (plan.unlink.length > 0) {
      writing = true;
      // Before the Key Results go, so that a retry still finds what they were linked to.
      linkedIssueIds = await removeLinksOfKeyResults(plan.unlink);
    }
    const digests = await getMany<unknown>(ENTITY.linkDigest, file.keyResults.map((keyResult) => keyResult.id));
    for (const keyResult of file.keyResults) {
      if (digests.has(keyResult.id)) continue;
      // Each imported Key Result without a digest of its linked issues gets an empty one, as a new Key
      // Result does (links are not part of an export), so the project page's reads never write.
      const digest: LinkDigest = { keyResultId: keyResult.id, projectKey, issueIds: [], version: 1 };
      plan.operations.push((tx) => tx.set(keyResult.id, digest, { entityName: ENTITY.linkDigest }));
    }
    if (!writing && plan.operations.length + last.length <= MAX_TRANSACTION_OPS) {
      // Small enough for one transaction: all or nothing, as any other write.
      await runInTransactions([...plan.operations, ...last]);
    } else {
      writing = true;
      await runInTransactions(plan.operations);
      await runInTransactions(last);
    }
    return { ...plan.counts, written: plan.operations.length, unchanged: plan.unchanged, unlinked: { keyResultIds: plan.unlink, linkedIssueIds } };
  } catch (error) {
    try {
      // Nothing written yet: the lock goes as if never taken. Else it stays, stopped, for the page to say so.
      if (writing) await markers.set(projectKey, { ...marker, state: 'stopped' });
      else await markers.delete(projectKey);
    } catch (unmarked) {
      console.warn(`Outcomes: the import lock of ${projectKey} could not be updated after a failure (it goes stale in ${STALE_IMPORT_LOCK_MS / 60_000} minutes)`, unmarked);
    }
    throw error;
  }
}

/** What an import writes: each record of the file that differs from what is stored, and each deletion. */
function importPlan(projectKey: string, file: OkrExportData, existing: ProjectData, input: ChangeInput) {
  const operations: Operation[] = [];
  let unchanged = 0;
  const write = <T extends { id: string }>(entityName: string, records: T[], stored: Map<string, unknown>, value: (record: T) => unknown = (record) => record) => {
    for (const record of records) {
      const next = value(record);
      if (sameJson(stored.get(record.id), next)) unchanged += 1;
      else operations.push((tx) => tx.set(record.id, next, { entityName }));
    }
  };
  const byId = <T extends { id: string }>(records: T[], value: (record: T) => unknown = (record) => record) => new Map(records.map((record) => [record.id, value(record)]));
  if (file.settings) {
    const settings = { ...file.settings, projectKey };
    if (sameJson(file.settings, existing.settings)) unchanged += 1;
    else operations.push((tx) => tx.set(projectKey, settings, { entityName: ENTITY.settings }));
  } else if (existing.settings) {
    operations.push((tx) => tx.delete(projectKey, { entityName: ENTITY.settings }));
  }
  write(ENTITY.objective, file.objectives, byId(existing.objectives));
  write(ENTITY.keyResult, file.keyResults, byId(existing.keyResults));
  write(ENTITY.change, file.changes, byId(existing.changes, storedChange), storedChange);

  const reviewKey = (review: SprintReviewRecord) => sprintReviewKey(projectKey, review.sprintId);
  const storedReviews = new Map(existing.sprintReviews.map((review) => [review.sprintId, review]));
  for (const review of file.sprintReviews) {
    // An exported review carries no snapshot of the sprint's issues: the one stored here, if any, stays.
    const kept = review.issues.length === 0 ? (storedReviews.get(review.sprintId)?.issues ?? []) : review.issues;
    const next = { ...review, issues: kept };
    if (sameJson(storedReviews.get(review.sprintId), next)) unchanged += 1;
    else operations.push((tx) => tx.set(reviewKey(review), next, { entityName: ENTITY.sprintReview }));
  }
  const keptReviews = new Set(file.sprintReviews.map(reviewKey));
  for (const review of existing.sprintReviews) {
    if (!keptReviews.has(reviewKey(review))) operations.push((tx) => tx.delete(reviewKey(review), { entityName: ENTITY.sprintReview }));
  }

  const keep = {
    objectives: new Set(file.objectives.map((o) => o.id)),
    keyResults: new Set(file.keyResults.map((k) => k.id)),
    changes: new Set(file.changes.map((c) => c.id)),
  };
  const stored = new Set(existing.keyResults.map((k) => k.id));
  for (const keyResult of existing.keyResults) {
    if (!keep.keyResults.has(keyResult.id)) operations.push((tx) => tx.delete(keyResult.id, { entityName: ENTITY.keyResult }));
  }
  for (const objective of existing.objectives) {
    if (!keep.objectives.has(objective.id)) operations.push((tx) => tx.delete(objective.id, { entityName: ENTITY.objective }));
  }
  for (const record of existing.changes) {
    if (record.subject !== 'import' && !keep.changes.has(record.id)) operations.push((tx) => tx.delete(record.id, { entityName: ENTITY.change }));
  }
  const counts = (d: { objectives: unknown[]; keyResults: unknown[]; changes: ChangeRecord[]; sprintReviews: unknown[] }) => ({
    objectives: d.objectives.length,
    keyResults: d.keyResults.length,
    changes: d.changes.filter((c) => c.subject !== 'import').length,
    sprintReviews: d.sprintReviews.length,
  });
  const { sprintReviews: _before, ...before } = counts(existing);
  const { sprintReviews: _after, ...after } = counts(file);
  const record = changeRecord(input, { projectKey, subject: 'import' }, before, { ...after, exportedAt: file.exportedAt });
  return {
    operations,
    unchanged,
    record,
    counts: counts(file),
    // The links of Key Results the file drops, and any left to Key Results it brings back (a deleted one's).
    unlink: [...existing.keyResults.filter((keyResult) => !keep.keyResults.has(keyResult.id)).map((keyResult) => keyResult.id), ...[...keep.keyResults].filter((id) => !stored.has(id))],
  };
}

/** Replaces the project's OKR data with an export's (see applyImport); returns the export of the result. */
export async function importProject(projectKey: string, data: unknown, change: ChangeInput): Promise<OkrExportData> {
  await applyImport(projectKey, data, change);
  // The import is saved: the answer is read back, tried again if storage fails just then.
  return readAfterWrite(() => exportProject(projectKey, change.at));
}
