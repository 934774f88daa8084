// Jira Software's fields (Sprint, Rank, story points) have ids that differ from site to site, and Jira
// ignores a field it does not know, so a hard-coded id fails silently. They are found by their type
// (`schema.custom`) in the site's field list and by the board's estimation setting, kept for a while
// (store/jira-fields.ts), and their values are read leniently: one issue with an odd value loses that
// value, never the page.
import { type JiraFieldIds, keepJiraFields, keptJiraFields } from '../store/jira-fields';
import type { JiraClient, JiraField, JiraIssue } from './client';

export type { JiraFieldIds } from '../store/jira-fields';

export const FIELD_TYPES = {
  sprint: 'com.pyxis.greenhopper.jira:gh-sprint',
  rank: 'com.pyxis.greenhopper.jira:gh-lexo-rank',
  /** "Story point estimate", which Jira Software creates on every site. */
  storyPoints: 'com.pyxis.greenhopper.jira:jsw-story-points',
  /** A plain number field: what a classic "Story Points" field is. */
  number: 'com.atlassian.jira.plugin.system.customfieldtypes:float',
} as const;

/** Names a site's own story-point number field usually has, when it lacks Jira Software's. */
const STORY_POINT_NAMES = /^story[ -]?points?( estimate)?$/i;

/**
 * The fields to read, from the site's field list and the field the board estimates with (if any).
 * Story points: the board's estimation field when it is a custom number field (a board estimating by
 * time or by issue count has none), else Jira Software's story-point field, else a number field named
 * like one. The first field of each type wins, so the answer does not depend on the list's order alone.
 */
export function fieldIdsFrom(fields: readonly JiraField[], boardEstimationFieldId: string | null): JiraFieldIds {
  const ofType = (type: string) => fields.find((field) => field.schema?.custom === type)?.id ?? null;
  const estimation = boardEstimationFieldId ? fields.find((field) => field.id === boardEstimationFieldId) : undefined;
  const estimatesWithNumber = estimation !== undefined && estimation.custom !== false && estimation.id.startsWith('customfield_') && estimation.schema?.type === 'number';
  const namedLikePoints = fields.find((field) => field.schema?.custom === FIELD_TYPES.number && STORY_POINT_NAMES.test(field.name ?? ''))?.id ?? null;
  return {
    sprint: ofType(FIELD_TYPES.sprint),
    rank: ofType(FIELD_TYPES.rank),
    storyPoints: estimatesWithNumber ? estimation.id : (ofType(FIELD_TYPES.storyPoints) ?? namedLikePoints),
  };
}

/**
 * The site's Jira Software fields as this board uses them (`boardId` null: the site's defaults), from
 * what was kept, or else read from Jira (2 calls at once) and kept. Reading a board's configuration
 * needs the board admin scope and, per Atlassian, project admin rights: when it fails for this user,
 * the estimation field last read (by someone who could) is kept, else the site's story-point field.
 */
export async function jiraFieldIds(jira: JiraClient, boardId: number | null, now: Date = new Date()): Promise<JiraFieldIds> {
  const kept = await keptJiraFields(boardId, now);
  if (kept?.fresh) return kept.fields;
  const [fields, estimation] = await Promise.all([
    jira.fieldList(),
    boardId === null ? Promise.resolve(null) : jira.boardEstimationField(boardId).then((fieldId) => ({ fieldId }), () => undefined),
  ]);
  const found = fieldIdsFrom(fields, estimation?.fieldId ?? null);
  const ids = estimation === undefined && kept?.fields.storyPoints ? { ...found, storyPoints: kept.fields.storyPoints } : found;
  // Keeping them is a cache write: a failure only means Jira is asked again next time.
  await keepJiraFields(boardId, ids, now).catch((error: unknown) => console.warn('Outcomes: could not keep the Jira fields found', error));
  return ids;
}

/** The fields to ask Jira for, of those found. */
export const customFieldsToRead = (ids: JiraFieldIds, which: ReadonlyArray<'sprint' | 'storyPoints'>): string[] =>
  which.flatMap((name) => (ids[name] ? [ids[name]] : []));

/** A finite, non-negative number, also when Jira (or another app) wrote it as text. */
function estimateOf(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(number) && number >= 0 ? number : undefined;
}

/** The issue's story points, or undefined when it has none (or none that reads as a number). */
export function storyPointsOf(issue: JiraIssue, ids: JiraFieldIds): number | undefined {
  return ids.storyPoints ? estimateOf(issue.fields[ids.storyPoints]) : undefined;
}

/** A sprint's id as one entry of the Sprint field gives it: an object, or the older `…Sprint@…[id=12,…]` text. */
function sprintIdOf(entry: unknown): number | undefined {
  if (typeof entry === 'string') {
    const match = /\[(?:.*,)?id=(\d+)[,\]]/.exec(entry);
    return match ? Number(match[1]) : undefined;
  }
  if (entry && typeof entry === 'object' && 'id' in entry) {
    const id = Number((entry as { id: unknown }).id);
    return Number.isSafeInteger(id) && id > 0 ? id : undefined;
  }
  return undefined;
}

/** The ids of every sprint the issue has been in; entries that do not read as a sprint are left out. */
export function sprintIdsOf(issue: JiraIssue, ids: JiraFieldIds): number[] {
  const value = ids.sprint ? issue.fields[ids.sprint] : undefined;
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const id = sprintIdOf(entry);
    return id === undefined ? [] : [id];
  });
}
