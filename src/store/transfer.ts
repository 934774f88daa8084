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
import { beforeKey, beforeRecord, newStageId, pinnedMarker, readVisible, stageKeys, stageOfMarker, unpinReads, visibleQuery, visibleRecords, type BeforeRecord } from './visibility';
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
import { parseStoredSettings, storedSettings } from './settings';

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
  // A team's file holds its own project's changes only, never the organization's.
  changes: z.array(changeSchema.extend({ projectKey: projectKeySchema })).max(MAX_IMPORT.changes, `must hold at most ${MAX_IMPORT.changes} changes`),
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

/**
 * The project as readers see it (visibility.ts): what is stored, with the befores of the import stage
 * `stageId` over it (the state from before that import), in the order loadProject answers.
 */
async function visibleProject(projectKey: string, stageId: string | null, live: ProjectData): Promise<ProjectData> {
  if (!stageId) return live;
  const over = <T>(entityName: string, range: string, records: T[], keyOf: (value: T) => string) =>
    visibleQuery(stageId, { entityName, index: INDEX.byProject, partition: [projectKey], range }, records, keyOf);
  const [settings, objectives, keyResults, changes, sprintReviews] = await Promise.all([
    visibleRecords(stageId, [{ entityName: ENTITY.settings, key: projectKey }]).then((read) => parseStoredSettings(read(ENTITY.settings, projectKey))),
    over(ENTITY.objective, 'cycleId', live.objectives, (objective) => objective.id),
    over(ENTITY.keyResult, 'cycleId', live.keyResults, (keyResult) => keyResult.id),
    over(ENTITY.change, 'at', live.changes.map(storedChange), (change) => String(change.id)),
    over(ENTITY.sprintReview, 'closedAt', live.sprintReviews, (review) => sprintReviewKey(projectKey, review.sprintId)),
  ]);
  return { settings, objectives, keyResults, changes: changes.map(changeFromStored), sprintReviews };
}

/** The project's whole OKR data as readers see it (settings, Objectives, Key Results with check-ins, history, sprint reviews). */
export async function exportProject(projectKey: string, at: string): Promise<OkrExportData> {
  return toExport(projectKey, at, (await loadVisibleProject(projectKey)).existing);
}

/** The project as stored (`live`) and as readers see it (`existing`: without a running or stopped import's writes). */
export async function loadVisibleProject(projectKey: string): Promise<{ live: ProjectData; existing: ProjectData }> {
  return readVisible(projectKey, async (stageId) => {
    const live = await loadProject(projectKey);
    return { live, existing: await visibleProject(projectKey, stageId, live) };
  });
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
  skip: z.number().int().min(0).max(1_000_000),
  /** While an import's stage is visible: its id (the pages are of the state from before it, `skip` counts records of the section). */
  stage: z.string().min(1).max(64).optional(),
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
  const cursor: ExportCursor = cursorText ? decodeCursor(cursorText) : { at, section: 0, skip: 0 };
  return readVisible(projectKey, (stageId) => (stageId || cursor.stage ? stagedExportPage(projectKey, stageId, cursor, cursorText !== undefined) : storedExportPage(projectKey, cursor)));
}

/**
 * A page of the export while an import's stage is visible: of the state from before the import (read
 * whole, then cut as storedExportPage cuts). A cursor of another state (an import began or finished
 * since the previous page) asks to start again.
 */
async function stagedExportPage(projectKey: string, stageId: string | null, cursor: ExportCursor, continued: boolean): Promise<OkrExportPage> {
  if (!stageId || (continued && cursor.stage !== stageId)) {
    throw new StoreValidationError('cursor: the OKRs changed while they were exported (an import began or finished); start the export again from its first page.', 'cursor');
  }
  const whole = toExport(projectKey, cursor.at, await visibleProject(projectKey, stageId, await loadProject(projectKey)));
  const page: OkrExportData = { ...whole, objectives: [], keyResults: [], changes: [], sprintReviews: [] };
  let bytes = 0;
  for (let section = cursor.section; section < SECTIONS.length; section++) {
    const name = SECTIONS[section] as Section;
    const records = whole[name] as unknown[];
    for (let i = section === cursor.section ? cursor.skip : 0; i < records.length; i++) {
      const size = Buffer.byteLength(JSON.stringify(records[i]), 'utf8');
      if (bytes > 0 && bytes + size > MAX_EXPORT_PAGE_BYTES) return { ...page, nextCursor: encodeCursor({ at: cursor.at, section, skip: i, stage: stageId }) };
      (page[name] as unknown[]).push(records[i]);
      bytes += size;
    }
  }
  return page;
}

async function storedExportPage(projectKey: string, first: ExportCursor): Promise<OkrExportPage> {
  let cursor = first;
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
export function problemOf(issue: z.core.$ZodIssue, data: unknown): ImportProblem {
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
  if (data.format === 'outcomes-org-okr-export') {
    throw new StoreValidationError('This is the organization’s export, not a team’s: import it on the Organization OKRs page.', 'format');
  }
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
    // The index of contributions reads the top-level copy: both name the same organization Key Result, or neither is set.
    if ((keyResult.contributesTo?.orgKeyResultId ?? null) !== (keyResult.contributesToOrgKeyResultId ?? null)) {
      fail(`keyResults[${i}].contributesToOrgKeyResultId`, `must be ${keyResult.contributesTo?.orgKeyResultId ?? 'absent'}, the organization Key Result contributesTo names.`);
    }
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
export async function refuseForeignIds(projectKey: string, file: OkrExportData, existing: ProjectData, live: ProjectData = existing): Promise<void> {
  const refuse = (field: string, id: string, message: string, owner: string | undefined): never => {
    console.warn(`Outcomes: an import into ${projectKey} was refused: ${field} ${id} belongs to ${owner ? `project ${owner}` : 'another project'}.`);
    throw new StoreValidationError(`${field}: ${id} ${message}`, field);
  };
  const sections = [
    { name: 'objectives', entity: ENTITY.objective, items: file.objectives, own: new Set([...existing.objectives, ...live.objectives].map((o) => o.id)) },
    { name: 'keyResults', entity: ENTITY.keyResult, items: file.keyResults, own: new Set([...existing.keyResults, ...live.keyResults].map((k) => k.id)) },
    { name: 'changes', entity: ENTITY.change, items: file.changes, own: new Set([...existing.changes, ...live.changes].map((c) => c.id)) },
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
  const ours = new Set([...file.objectives, ...file.keyResults, ...existing.objectives, ...existing.keyResults, ...live.objectives, ...live.keyResults].map((record) => record.id));
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

/** One write of an import: a value to set, or (no value) a key to delete. */
interface Write {
  entityName: string;
  key: string;
  value?: unknown;
}
type Operation = (tx: Transaction) => void;

const operation =
  (write: Write): Operation =>
  (tx) => {
    if (write.value === undefined) tx.delete(write.key, { entityName: write.entityName });
    else tx.set(write.key, write.value, { entityName: write.entityName });
  };

/**
 * An import of the project that is running (`running`: its lock is held and not stale at `at`) or
 * stopped part-way. Null when none (a finished import's marker stays, `done`, and counts as none).
 * While one is running or stopped, readers see the project as it was before it (visibility.ts),
 * except under a marker written before stages (no `stageId`), whose data may be a mix.
 */
export async function interruptedImport(projectKey: string, at?: string): Promise<(ImportMarker & { running: boolean }) | null> {
  // In a call whose reads are pinned (a page's), the marker they saw: the warning then speaks of the state shown.
  const pinned = pinnedMarker(projectKey);
  const marker = pinned !== undefined ? pinned : await kvs.entity<ImportMarker>(ENTITY.importMarker).get(projectKey);
  if (!marker || marker.state === 'done') return null;
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

type LockedMarker = Required<Pick<ImportMarker, 'projectKey' | 'startedAt' | 'accountId' | 'exportedAt' | 'importId' | 'state' | 'stageId'>> & Pick<ImportMarker, 'unlinkPending'>;

/**
 * Takes the project's import lock in one write conditioned on the marker read just before: where there
 * is none, or the one there is done, stopped or stale. Throws StoreImportRunningError when another
 * import holds it. The import writes under the stage of a stopped (or stale) one, whose befores are
 * what readers see, or under a new stage; Key Results whose links a finished import left are carried.
 */
async function lockImport(base: Omit<LockedMarker, 'stageId'>): Promise<{ marker: LockedMarker; previous: ImportMarker | null }> {
  const markers = kvs.entity<ImportMarker>(ENTITY.importMarker);
  const staleBefore = new Date(Date.parse(base.startedAt) - STALE_IMPORT_LOCK_MS).toISOString();
  const previous = (await markers.get(base.projectKey)) ?? null;
  const held = (current: ImportMarker | null | undefined) => current && current.state !== 'stopped' && current.state !== 'done' && current.startedAt >= staleBefore;
  if (previous && held(previous)) throw new StoreImportRunningError(previous.startedAt);
  const pending = previous?.unlinkPending ?? [];
  const marker: LockedMarker = { ...base, stageId: stageOfMarker(previous) ?? newStageId(), ...(pending.length > 0 ? { unlinkPending: pending } : {}) };
  const same = !previous
    ? new Filter<ImportMarker>().and('startedAt', FilterConditions.notExists())
    : previous.importId
      ? new Filter<ImportMarker>().and('startedAt', FilterConditions.equalTo(previous.startedAt)).and('importId', FilterConditions.equalTo(previous.importId))
      : new Filter<ImportMarker>().and('startedAt', FilterConditions.equalTo(previous.startedAt));
  try {
    await kvs.transact().set(base.projectKey, marker, { entityName: ENTITY.importMarker, conditions: same }).execute();
  } catch (error) {
    // A refused condition and a lost answer look alike: what is stored tells them apart.
    const now = await markers.get(base.projectKey);
    if (now?.importId === marker.importId) return { marker, previous };
    if (held(now)) throw new StoreImportRunningError(now?.startedAt ?? base.startedAt);
    throw error;
  }
  return { marker, previous };
}

/** Runs the operations in transactions of at most 25, IMPORT_PARALLELISM at once (no conditions: the import replaces). */
async function runInTransactions(operations: Operation[], options: { unseen?: boolean } = {}): Promise<void> {
  const batches: Operation[][] = [];
  for (let i = 0; i < operations.length; i += MAX_TRANSACTION_OPS) batches.push(operations.slice(i, i + MAX_TRANSACTION_OPS));
  // A failed one is judged by reading storage again (see commit): an answer lost after it was saved is no failure.
  await inParallel(batches, IMPORT_PARALLELISM, (batch) =>
    commit(
      (tx) => {
        for (const run of batch) run(tx);
        return batch.length;
      },
      async () => new Error('An import transaction without conditions was refused as a conflict.'),
      options,
    ),
  );
}

/**
 * Keeps, in the stage, what each record the import is about to write is now, unless the stage holds
 * it already (a stopped import of the same stage kept it: that is what readers see). One batch read
 * per 25 writes, then transactions of 25.
 */
async function keepBefores(stageId: string, projectKey: string, writes: readonly Write[], stored: (entityName: string, key: string) => unknown, added: string[]): Promise<void> {
  const kept = await getMany<BeforeRecord>(ENTITY.importBefore, writes.map((write) => beforeKey(stageId, write.entityName, write.key)));
  const fresh = writes.filter((write) => !kept.has(beforeKey(stageId, write.entityName, write.key)));
  added.push(...fresh.map((write) => beforeKey(stageId, write.entityName, write.key)));
  const befores = fresh.map((write): Operation => (tx) => tx.set(beforeKey(stageId, write.entityName, write.key), beforeRecord(stageId, projectKey, write.entityName, write.key, stored(write.entityName, write.key)), { entityName: ENTITY.importBefore }));
  await runInTransactions(befores, { unseen: true });
}

/** Deletes befores this run kept, when it stops before writing a record (nothing of it then stays). Best effort: one left is never read. */
async function dropBefores(keys: readonly string[]): Promise<void> {
  try {
    await runInTransactions(keys.map((key): Operation => (tx) => tx.delete(key, { entityName: ENTITY.importBefore })), { unseen: true });
  } catch (error) {
    console.warn('Outcomes: befores of an import that stopped before writing could not be deleted (they are never read)', error);
  }
}

/** What is stored of each record an import may write, from what it loaded (a Key Result's link digest from `digests`). */
function storedLookup(projectKey: string, live: ProjectData, digests: Map<string, unknown>): (entityName: string, key: string) => unknown {
  const byKey = new Map<string, unknown>([
    ...(live.settings ? [[`${ENTITY.settings}:${projectKey}`, { ...live.settings, projectKey }] as const] : []),
    ...live.objectives.map((record) => [`${ENTITY.objective}:${record.id}`, record] as const),
    ...live.keyResults.map((record) => [`${ENTITY.keyResult}:${record.id}`, record] as const),
    ...live.changes.map((record) => [`${ENTITY.change}:${record.id}`, storedChange(record)] as const),
    ...live.sprintReviews.map((record) => [`${ENTITY.sprintReview}:${sprintReviewKey(projectKey, record.sprintId)}`, record] as const),
    ...[...digests].map(([key, record]) => [`${ENTITY.linkDigest}:${key}`, record] as const),
  ]);
  return (entityName, key) => byKey.get(`${entityName}:${key}`);
}

/** What an import did (see ImportFinished), the Key Results whose links it removed with the issues that were linked to them (for Jira's search), and its stage. */
export interface ImportSummary extends ImportFinished {
  unlinked: { keyResultIds: string[]; linkedIssueIds: string[] };
  /** The import's stage of befores, to drop once no reader may still read it. */
  stage: { projectKey: string; stageId: string };
}

/**
 * Replaces the project's OKR data with an export's. The document is validated completely first
 * (format, schemaVersion = current, projectKey = the target project, every record, ids unique, every
 * Key Result's Objective present, cycles well-formed, sizes within limits, no id of another project);
 * any problem throws StoreValidationError (StoreProjectMismatchError for another project's file) and
 * nothing changes. The import then takes the project's import lock (StoreImportRunningError while
 * another import runs) and works out every record of the file that differs from what is stored and
 * every record the file does not hold. Readers see none of it until its last transaction:
 *   - an import of at most 23 writes is one transaction, with its history record and the marker `done`;
 *   - a larger one first keeps each record it will write as it is (its before, in the import's stage:
 *     readers see those, visibility.ts), then writes in transactions of ≤ 25 operations,
 *     IMPORT_PARALLELISM at once, then, in one transaction, records the import in the history and
 *     marks it `done`: from that write on, readers see the imported state whole.
 * An import that stops part-way leaves its marker `stopped`: readers still see the state from before
 * it, the project page says it did not finish (`interruptedImport`), and the next import (the same
 * file again) completes it. Links left to Key Results it brings back (a deleted one's) are removed
 * before it writes (nobody sees those Key Results yet); once the imported state is visible, the links
 * of the Key Results it dropped are; if that stops, the next import removes them (the marker keeps
 * them as `unlinkPending`).
 */
export async function applyImport(projectKey: string, data: unknown, change: ChangeInput): Promise<ImportSummary> {
  const input = parseOrThrow(changeInputSchema, change, 'change');
  const file = validateImport(projectKey, data);
  await ensureSchema();
  // Each run has a lock of its own, so that finishing one import twice at once is refused as well.
  const { marker, previous } = await lockImport({ projectKey, startedAt: input.at, accountId: input.accountId, exportedAt: file.exportedAt, importId: randomUUID(), state: 'applying' });
  const markers = kvs.entity<ImportMarker>(ENTITY.importMarker);
  let writing = false;
  let visible = false;
  const added: string[] = [];
  try {
    const live = await loadProject(projectKey);
    const existing = await visibleProject(projectKey, marker.stageId, live);
    await refuseForeignIds(projectKey, file, existing, live);
    // Links left to Key Results the file brings back (a deleted one's) go first, with their digests (an
    // empty one is written below): readers see neither those Key Results nor, so, their links.
    const shown = new Set(existing.keyResults.map((keyResult) => keyResult.id));
    const broughtBack = file.keyResults.map((keyResult) => keyResult.id).filter((id) => !shown.has(id));
    const linkedIssueIds = broughtBack.length > 0 ? await removeLinksOfKeyResults(broughtBack) : [];
    const digests = await getMany<unknown>(ENTITY.linkDigest, file.keyResults.map((keyResult) => keyResult.id));
    const plan = importPlan(projectKey, file, { live, existing, digests }, input);
    const unlink = [...new Set([...plan.unlink, ...(marker.unlinkPending ?? [])])];
    const { unlinkPending: _carried, ...rest } = marker;
    const done: ImportMarker = { ...rest, state: 'done', ...(unlink.length > 0 ? { unlinkPending: unlink } : {}) };
    // Last: the record of the import and the marker `done`, in one transaction: readers see the import from then on.
    const last: Operation[] = [(tx) => setChange(tx, plan.record), (tx) => tx.set(projectKey, done, { entityName: ENTITY.importMarker })];
    // The befores even of an import small enough for one transaction: a call that read the project
    // before it and reads again after it still sees the state from before it (withReadPin).
    await keepBefores(marker.stageId, projectKey, plan.writes, storedLookup(projectKey, live, digests), added);
    if (plan.writes.length + last.length <= MAX_TRANSACTION_OPS) {
      // Small enough for one transaction: all or nothing, as any other write.
      await runInTransactions([...plan.writes.map(operation), ...last]);
    } else {
      writing = true;
      await runInTransactions(plan.writes.map(operation));
      await runInTransactions(last);
    }
    visible = true;
    // The call's own reads from now on show what it imported.
    unpinReads();
    // The links of the Key Results the file dropped, now that they are gone.
    if (unlink.length > 0) {
      linkedIssueIds.push(...(await removeLinksOfKeyResults(unlink)));
      await markers.set(projectKey, { ...rest, state: 'done' });
    }
    const unlinked = { keyResultIds: [...new Set([...broughtBack, ...unlink])], linkedIssueIds: [...new Set(linkedIssueIds)] };
    return { ...plan.counts, written: plan.writes.length, unchanged: plan.unchanged, unlinked, stage: { projectKey, stageId: marker.stageId } };
  } catch (error) {
    // Once the import is visible, the marker says what is left (links to remove): it stays as it is.
    if (!visible && !writing) await dropBefores(added);
    if (!visible) await releaseLock(projectKey, writing ? { ...marker, state: 'stopped' } : previous);
    throw error;
  }
}

/** After a failure: the lock as it was when nothing was written (none, or the stopped import taken over), else `stopped`. */
async function releaseLock(projectKey: string, next: ImportMarker | null): Promise<void> {
  const markers = kvs.entity<ImportMarker>(ENTITY.importMarker);
  try {
    if (next) await markers.set(projectKey, next);
    else await markers.delete(projectKey);
  } catch (unmarked) {
    console.warn(`Outcomes: the import lock of ${projectKey} could not be updated after a failure (it goes stale in ${STALE_IMPORT_LOCK_MS / 60_000} minutes)`, unmarked);
  }
}

/** How many befores one housekeeping pass deletes (four transactions). */
export const STAGE_DROP_LIMIT = 100;

/**
 * Deletes up to STAGE_DROP_LIMIT befores of an import's stage, unless readers still see it (its
 * marker is applying or stopped with this stage). Answers how many went and whether more are left.
 * Only for a stage whose import finished a while ago: a reader that read the marker just before the
 * import finished still reads the befores (the queue waits longer than a reader may run).
 */
export async function dropImportStage(projectKey: string, stageId: string): Promise<{ dropped: number; more: boolean }> {
  const marker = await kvs.entity<ImportMarker>(ENTITY.importMarker).get(projectKey);
  if (stageOfMarker(marker) === stageId) return { dropped: 0, more: false };
  const keys = await stageKeys(stageId, STAGE_DROP_LIMIT);
  await runInTransactions(keys.map((key): Operation => (tx) => tx.delete(key, { entityName: ENTITY.importBefore })));
  return { dropped: keys.length, more: keys.length === STAGE_DROP_LIMIT };
}

/**
 * What an import writes (each record of the file that differs from what is stored, and each deletion),
 * worked out against what is stored (`live`); what it removes links of and its history record, against
 * what readers saw before it (`existing`).
 */
function importPlan(projectKey: string, file: OkrExportData, stored: { live: ProjectData; existing: ProjectData; digests: Map<string, unknown> }, input: ChangeInput) {
  const { live, existing } = stored;
  const writes: Write[] = [];
  let unchanged = 0;
  const write = <T extends { id: string }>(entityName: string, records: T[], current: Map<string, unknown>, value: (record: T) => unknown = (record) => record) => {
    for (const record of records) {
      const next = value(record);
      if (sameJson(current.get(record.id), next)) unchanged += 1;
      else writes.push({ entityName, key: record.id, value: next });
    }
  };
  const byId = <T extends { id: string }>(records: T[], value: (record: T) => unknown = (record) => record) => new Map(records.map((record) => [record.id, value(record)]));
  if (file.settings) {
    if (sameJson(file.settings, live.settings)) unchanged += 1;
    else writes.push({ entityName: ENTITY.settings, key: projectKey, value: { ...file.settings, projectKey } });
  } else if (live.settings) {
    writes.push({ entityName: ENTITY.settings, key: projectKey });
  }
  write(ENTITY.objective, file.objectives, byId(live.objectives));
  write(ENTITY.keyResult, file.keyResults, byId(live.keyResults));
  write(ENTITY.change, file.changes, byId(live.changes, storedChange), storedChange);

  const reviewKey = (review: SprintReviewRecord) => sprintReviewKey(projectKey, review.sprintId);
  const storedReviews = new Map(live.sprintReviews.map((review) => [review.sprintId, review]));
  for (const review of file.sprintReviews) {
    // An exported review carries no snapshot of the sprint's issues: the one stored here, if any, stays.
    const kept = review.issues.length === 0 ? (storedReviews.get(review.sprintId)?.issues ?? []) : review.issues;
    const next = { ...review, issues: kept };
    if (sameJson(storedReviews.get(review.sprintId), next)) unchanged += 1;
    else writes.push({ entityName: ENTITY.sprintReview, key: reviewKey(review), value: next });
  }
  const keptReviews = new Set(file.sprintReviews.map(reviewKey));
  for (const review of live.sprintReviews) {
    if (!keptReviews.has(reviewKey(review))) writes.push({ entityName: ENTITY.sprintReview, key: reviewKey(review) });
  }

  const keep = {
    objectives: new Set(file.objectives.map((o) => o.id)),
    keyResults: new Set(file.keyResults.map((k) => k.id)),
    changes: new Set(file.changes.map((c) => c.id)),
  };
  for (const keyResult of live.keyResults) {
    if (!keep.keyResults.has(keyResult.id)) writes.push({ entityName: ENTITY.keyResult, key: keyResult.id });
  }
  for (const objective of live.objectives) {
    if (!keep.objectives.has(objective.id)) writes.push({ entityName: ENTITY.objective, key: objective.id });
  }
  for (const record of live.changes) {
    if (record.subject !== 'import' && !keep.changes.has(record.id)) writes.push({ entityName: ENTITY.change, key: record.id });
  }
  for (const keyResult of file.keyResults) {
    if (stored.digests.has(keyResult.id)) continue;
    // Each imported Key Result without a digest of its linked issues gets an empty one, as a new Key
    // Result does (links are not part of an export), so the project page's reads never write.
    writes.push({ entityName: ENTITY.linkDigest, key: keyResult.id, value: { keyResultId: keyResult.id, projectKey, issueIds: [], version: 1 } satisfies LinkDigest });
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
    writes,
    unchanged,
    record,
    counts: counts(file),
    // The Key Results the file drops, whose links go once the import is visible.
    unlink: existing.keyResults.filter((keyResult) => !keep.keyResults.has(keyResult.id)).map((keyResult) => keyResult.id),
  };
}

/** Replaces the project's OKR data with an export's (see applyImport); returns the export of the result. */
export async function importProject(projectKey: string, data: unknown, change: ChangeInput): Promise<OkrExportData> {
  await applyImport(projectKey, data, change);
  // The import is saved: the answer is read back, tried again if storage fails just then.
  return readAfterWrite(() => exportProject(projectKey, change.at));
}
