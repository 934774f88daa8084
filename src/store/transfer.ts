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
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import type { Objective, OkrExport } from '../contract';
import { StoreProjectMismatchError, StoreValidationError } from './errors';
import { changeFromStored, changeRecord, getMany, queryAll, setChange, storedChange, type Transaction } from './io';
import { CURRENT_SCHEMA_VERSION, ensureSchema } from './migrations';
import {
  changeInputSchema,
  changeSchema,
  ENTITY,
  INDEX,
  keyResultSchema,
  MAX_KEY_RESULT_BYTES,
  MAX_KEY_RESULTS_PER_OBJECTIVE,
  MAX_REVIEW_BYTES,
  MAX_TRANSACTION_OPS,
  objectiveSchema,
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

interface ProjectData {
  settings: StoredSettings | null;
  objectives: Objective[];
  keyResults: StoredKeyResult[];
  /** Every change of the project, import records included. */
  changes: ChangeRecord[];
  sprintReviews: SprintReviewRecord[];
}

/** Everything stored for a project: one get and four index queries (paged by 100). */
async function loadProject(projectKey: string): Promise<ProjectData> {
  const [settings, objectives, keyResults, changes, sprintReviews] = await Promise.all([
    storedSettings(projectKey),
    queryAll<Objective>(ENTITY.objective, INDEX.byProject, [projectKey]),
    queryAll<StoredKeyResult>(ENTITY.keyResult, INDEX.byProject, [projectKey]),
    queryAll<Record<string, unknown>>(ENTITY.change, INDEX.byProject, [projectKey]),
    queryAll<SprintReviewRecord>(ENTITY.sprintReview, INDEX.byProject, [projectKey]),
  ]);
  return { settings, objectives, keyResults, changes: changes.map(changeFromStored), sprintReviews };
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
    // A review's snapshot of the sprint's issues was read as the app: it is shown to each person only
    // as far as Jira lets them see, so it does not leave in a file; the values at the close and the
    // grades do.
    sprintReviews: data.sprintReviews.map((review) => ({ ...review, issues: [] })),
  };
}

/** The project's whole OKR data (settings, Objectives, Key Results with check-ins, history, sprint reviews). */
export async function exportProject(projectKey: string, at: string): Promise<OkrExportData> {
  return toExport(projectKey, at, await loadProject(projectKey));
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks the whole document; throws StoreValidationError (field = JSON path) at the first problem. */
export function validateImport(projectKey: string, data: unknown): OkrExportData {
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
  const file = parseOrThrow(exportSchema, data) as unknown as OkrExportData;

  const fail = (field: string, message: string): never => {
    throw new StoreValidationError(`${field}: ${message}`, field);
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

/** Refuses ids that are new to this project but taken by another project's records (keys are global). */
async function refuseForeignIds(file: OkrExportData, existing: ProjectData): Promise<void> {
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
      const field = `${section.name}[${index}].id`;
      const owner = taken.get(clash.id)?.projectKey;
      throw new StoreValidationError(`${field}: ${clash.id} is already used by ${owner ? `project ${owner}` : 'another project'}.`, field);
    }
  }
}

type Operation = (tx: Transaction) => void;

/** An import of the project that stopped part-way (its data may be a mix of before and after), or null. */
export async function interruptedImport(projectKey: string): Promise<ImportMarker | null> {
  return (await kvs.entity<ImportMarker>(ENTITY.importMarker).get(projectKey)) ?? null;
}

/** Runs the operations in transactions of at most 25 (no conditions: the import replaces). */
async function runInTransactions(operations: Operation[]): Promise<void> {
  for (let i = 0; i < operations.length; i += MAX_TRANSACTION_OPS) {
    const tx = kvs.transact();
    for (const operation of operations.slice(i, i + MAX_TRANSACTION_OPS)) operation(tx);
    await tx.execute();
  }
}

/**
 * Replaces the project's OKR data with an export's. The document is validated completely first
 * (format, schemaVersion = current, projectKey = the target project, every record, ids unique, every
 * Key Result's Objective present, cycles well-formed, sizes within limits); any problem throws
 * StoreValidationError (StoreProjectMismatchError for another project's file) and nothing changes.
 * Then every record of the file is written and every record the file does not hold is deleted, in
 * transactions of ≤ 25 operations. An import that needs more than one transaction is not atomic: it
 * is marked first and unmarked by its last transaction, so one that stops part-way stays marked
 * (`interruptedImport`; the project page warns), and importing the same file again completes it.
 * The import is recorded in the history.
 * Returns the export of the result.
 */
export async function importProject(projectKey: string, data: unknown, change: ChangeInput): Promise<OkrExportData> {
  const input = parseOrThrow(changeInputSchema, change, 'change');
  const file = validateImport(projectKey, data);
  await ensureSchema();
  const existing = await loadProject(projectKey);
  await refuseForeignIds(file, existing);

  const keep = {
    objectives: new Set(file.objectives.map((o) => o.id)),
    keyResults: new Set(file.keyResults.map((k) => k.id)),
    changes: new Set(file.changes.map((c) => c.id)),
  };
  const operations: Operation[] = [];
  if (file.settings) {
    const settings = { ...file.settings, projectKey };
    operations.push((tx) => tx.set(projectKey, settings, { entityName: ENTITY.settings }));
  } else if (existing.settings) {
    operations.push((tx) => tx.delete(projectKey, { entityName: ENTITY.settings }));
  }
  for (const objective of file.objectives) operations.push((tx) => tx.set(objective.id, objective, { entityName: ENTITY.objective }));
  for (const keyResult of file.keyResults) operations.push((tx) => tx.set(keyResult.id, keyResult, { entityName: ENTITY.keyResult }));
  for (const record of file.changes) operations.push((tx) => tx.set(record.id, storedChange(record), { entityName: ENTITY.change }));
  const reviewKey = (review: SprintReviewRecord) => sprintReviewKey(projectKey, review.sprintId);
  // An exported review carries no snapshot of the sprint's issues: the one stored here, if any, stays.
  const storedIssues = new Map(existing.sprintReviews.map((review) => [review.sprintId, review.issues]));
  for (const review of file.sprintReviews) {
    const kept = review.issues.length === 0 ? (storedIssues.get(review.sprintId) ?? []) : review.issues;
    operations.push((tx) => tx.set(reviewKey(review), { ...review, issues: kept }, { entityName: ENTITY.sprintReview }));
  }
  const keptReviews = new Set(file.sprintReviews.map(reviewKey));
  for (const review of existing.sprintReviews) {
    if (!keptReviews.has(reviewKey(review))) operations.push((tx) => tx.delete(reviewKey(review), { entityName: ENTITY.sprintReview }));
  }
  for (const keyResult of existing.keyResults) {
    if (!keep.keyResults.has(keyResult.id)) operations.push((tx) => tx.delete(keyResult.id, { entityName: ENTITY.keyResult }));
  }
  for (const objective of existing.objectives) {
    if (!keep.objectives.has(objective.id)) operations.push((tx) => tx.delete(objective.id, { entityName: ENTITY.objective }));
  }
  for (const record of existing.changes) {
    if (record.subject !== 'import' && !keep.changes.has(record.id)) operations.push((tx) => tx.delete(record.id, { entityName: ENTITY.change }));
  }
  const counts = (d: { objectives: unknown[]; keyResults: unknown[]; changes: ChangeRecord[] }) => ({
    objectives: d.objectives.length,
    keyResults: d.keyResults.length,
    changes: d.changes.filter((c) => c.subject !== 'import').length,
  });
  // Each imported Key Result without a digest of its linked issues gets an empty one, as a new Key
  // Result does (links are not part of an export), so the project page's reads never write.
  const digests = await getMany<unknown>(ENTITY.linkDigest, file.keyResults.map((keyResult) => keyResult.id));
  for (const keyResult of file.keyResults) {
    if (digests.has(keyResult.id)) continue;
    const digest: LinkDigest = { keyResultId: keyResult.id, projectKey, issueIds: [], version: 1 };
    operations.push((tx) => tx.set(keyResult.id, digest, { entityName: ENTITY.linkDigest }));
  }
  const record = changeRecord(input, { projectKey, subject: 'import' }, counts(existing), { ...counts(file), exportedAt: file.exportedAt });
  operations.push((tx) => setChange(tx, record));
  // The marker of an import that stopped part-way goes with the last transaction of this one.
  operations.push((tx) => tx.delete(projectKey, { entityName: ENTITY.importMarker }));
  if (operations.length > MAX_TRANSACTION_OPS) {
    // Too large for one transaction: marked first, so that if it stops part-way the page says so.
    const marker: ImportMarker = { projectKey, startedAt: input.at, accountId: input.accountId, exportedAt: file.exportedAt };
    await kvs.entity<ImportMarker>(ENTITY.importMarker).set(projectKey, marker);
  }
  await runInTransactions(operations);
  return exportProject(projectKey, input.at);
}
