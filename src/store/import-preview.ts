// What an import would change, worked out without writing anything: the file is checked as an import
// checks it (every problem listed, each with its field), then compared with what the project holds.
import { IMPORT_PREVIEW_MAX_PROBLEMS, type CheckIn, type ImportDiff, type ImportPreview } from '../contract';
import { sameJson, storedChange } from './io';
import { stagedDocument } from './import-parts';
import { linkedIssueIds } from './links';
import type { ChangeRecord, StoredKeyResult } from './model';
import { StoreValidationError } from './errors';
import { importProblems, loadVisibleProject, refuseForeignIds, type ImportProblem } from './transfer';

/** A preview of the file in `source`: the document itself, or the parts of an import begun in this project. */
export async function previewImport(projectKey: string, source: { data: unknown } | { importId: string }): Promise<ImportPreview> {
  const data = 'importId' in source ? (await stagedDocument(projectKey, source.importId)).data : source.data;
  const { file, problems } = importProblems(projectKey, data);
  // Compared with what readers see: an import that stopped part-way is not counted as done.
  const { live, existing } = await loadVisibleProject(projectKey);
  if (file) {
    try {
      await refuseForeignIds(projectKey, file, existing, live);
    } catch (error) {
      if (!(error instanceof StoreValidationError)) throw error;
      problems.push({ field: error.field ?? '', message: error.message });
    }
  }
  if (!file || problems.length > 0) return refused(problems);
  const keep = new Set(file.keyResults.map((keyResult) => keyResult.id));
  const stored = new Set(existing.keyResults.map((keyResult) => keyResult.id));
  const unlink = [...existing.keyResults.filter((keyResult) => !keep.has(keyResult.id)).map((keyResult) => keyResult.id), ...[...keep].filter((id) => !stored.has(id))];
  const linked = await linkedIssueIds(projectKey, unlink);
  const storedChanges = existing.changes.filter((change) => change.subject !== 'import');
  return {
    valid: true,
    problems: [],
    problemCount: 0,
    exportedAt: file.exportedAt,
    changes: {
      settings: file.settings ? (existing.settings ? (sameJson(file.settings, existing.settings) ? 'unchanged' : 'changed') : 'added') : existing.settings ? 'removed' : 'unchanged',
      objectives: diff(existing.objectives, file.objectives, (objective) => objective.id),
      keyResults: diff(existing.keyResults, file.keyResults, (keyResult) => keyResult.id, withoutCheckIns),
      checkIns: diff(existing.keyResults.flatMap(checkInsOf), file.keyResults.flatMap(checkInsOf), (entry) => entry.key, (entry) => entry.checkIn),
      history: diff(storedChanges, file.changes, (change) => change.id, (change: ChangeRecord) => storedChange(change)),
      sprintReviews: diff(existing.sprintReviews, file.sprintReviews, (review) => String(review.sprintId), ({ issues: _issues, ...review }) => review),
      links: { removed: [...linked.values()].reduce((sum, issueIds) => sum + issueIds.length, 0) },
    },
  };
}

function refused(problems: ImportProblem[]): ImportPreview {
  return { valid: false, problems: problems.slice(0, IMPORT_PREVIEW_MAX_PROBLEMS), problemCount: problems.length };
}

/** Records of `after` not in `before` (added), in both but different (changed), only in `before` (removed). */
export function diff<T>(before: readonly T[], after: readonly T[], keyOf: (record: T) => string, valueOf: (record: T) => unknown = (record) => record): ImportDiff {
  const old = new Map(before.map((record) => [keyOf(record), valueOf(record)]));
  const counts: ImportDiff = { added: 0, changed: 0, removed: 0, unchanged: 0 };
  const seen = new Set<string>();
  for (const record of after) {
    const key = keyOf(record);
    seen.add(key);
    if (!old.has(key)) counts.added += 1;
    else if (sameJson(old.get(key), valueOf(record))) counts.unchanged += 1;
    else counts.changed += 1;
  }
  counts.removed = [...old.keys()].filter((key) => !seen.has(key)).length;
  return counts;
}

const withoutCheckIns = ({ checkIns: _checkIns, ...keyResult }: StoredKeyResult) => keyResult;

/** A Key Result's check-ins, each known by its Key Result, when and by whom. */
const checkInsOf = (keyResult: StoredKeyResult): Array<{ key: string; checkIn: CheckIn }> =>
  keyResult.checkIns.map((checkIn) => ({ key: `${keyResult.id}|${checkIn.at}|${checkIn.accountId}`, checkIn }));
