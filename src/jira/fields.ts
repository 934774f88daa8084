// Jira Software's fields (Sprint, Rank, story points) have ids that differ from site to site, and Jira
// ignores a field it does not know, so a hard-coded id fails silently. They are found by their type
// (`schema.custom`) in the site's field list and by the board's estimation setting, kept for a while
// (store/jira-fields.ts), and their values are read leniently: one issue with an odd value loses that
// value, never the page.
import type { SprintState } from '../contract';
import { type JiraFieldIds, keepJiraFields, keptFieldsOfAllBoards, keptJiraFields, keptSprintFieldId } from '../store/jira-fields';
import { type JiraClient, type JiraField, type JiraIssue, mapConcurrently, SEARCH_CONCURRENCY } from './client';

export type { JiraFieldIds } from '../store/jira-fields';

export const FIELD_TYPES = {
  sprint: 'com.pyxis.greenhopper.jira:gh-sprint',
  rank: 'com.pyxis.greenhopper.jira:gh-lexo-rank',
  /** "Story point estimate", which Jira Software creates on every site. */
  storyPoints: 'com.pyxis.greenhopper.jira:jsw-story-points',
  /** A plain number field: what a classic "Story Points" field is. */
  number: 'com.atlassian.jira.plugin.system.customfieldtypes:float',
} as const;

/** Boards whose fields one run of the hourly job reads again. */
export const MAX_BOARDS_PER_RUN = 200;

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
 * The site's Jira Software fields as this board uses them (`boardId` null: the site's defaults): those
 * kept for the board while within their lifetime, or else found in Jira now (2 calls at once) without
 * keeping them, since a read never writes; the triggers keep them (`keepFieldsOfBoards`).
 */
export async function jiraFieldIds(jira: JiraClient, boardId: number | null, now: Date = new Date()): Promise<JiraFieldIds> {
  const kept = boardId === null ? null : await keptJiraFields(boardId, now);
  if (kept?.fresh) return kept.fields;
  const found = (await findFields(jira, [boardId], kept ? new Map([[boardId, kept.fields]]) : new Map())).get(boardId);
  if (!found) throw new Error(`Finding the fields of board ${boardId} gave no answer for it.`);
  return found;
}

/**
 * Finds the fields of these boards in Jira: one field list, and each board's configuration. Reading a
 * board's configuration needs the board admin scope and, per Atlassian, project admin rights: when it
 * is refused, the estimation field found before (`before`) stays, else the site's story-point field.
 */
async function findFields(
  jira: JiraClient,
  boardIds: ReadonlyArray<number | null>,
  before: ReadonlyMap<number | null, JiraFieldIds>,
): Promise<Map<number | null, JiraFieldIds>> {
  const [fields, estimations] = await Promise.all([
    jira.fieldList(),
    mapConcurrently(boardIds, SEARCH_CONCURRENCY, (boardId) =>
      boardId === null ? Promise.resolve(null) : jira.boardEstimationField(boardId).then((fieldId) => ({ fieldId }), () => undefined),
    ),
  ]);
  return new Map(
    boardIds.map((boardId, index) => {
      const estimation = estimations[index];
      const found = fieldIdsFrom(fields, estimation?.fieldId ?? null);
      const earlier = before.get(boardId)?.storyPoints;
      return [boardId, estimation === undefined && earlier ? { ...found, storyPoints: earlier } : found];
    }),
  );
}

/**
 * Finds the fields of these boards (default: every board whose fields are kept) and keeps them: what a
 * sprint event does for its board, and the hourly job for all. Answers what it kept, per board.
 */
export async function keepFieldsOfBoards(jira: JiraClient, boardIds?: readonly number[], now: Date = new Date()): Promise<Map<number | null, JiraFieldIds>> {
  // What is kept comes with the work list (the hourly job's one query), or is read for the boards named.
  const before = new Map<number | null, JiraFieldIds>(boardIds ? [] : await keptFieldsOfAllBoards());
  if (boardIds) {
    for (const boardId of new Set(boardIds)) {
      const kept = await keptJiraFields(boardId, now);
      if (kept) before.set(boardId, kept.fields);
    }
  }
  // A run reads at most this many boards' configurations, well inside a trigger's 25 s.
  const boards = [...new Set(boardIds ?? [...before.keys()].filter((boardId): boardId is number => boardId !== null))].slice(0, MAX_BOARDS_PER_RUN);
  if (boards.length === 0) return new Map();
  const found = await findFields(jira, boards, before);
  for (const [boardId, fields] of found) if (boardId !== null) await keepJiraFields(boardId, fields, now);
  return found;
}

/**
 * The site's Sprint field for a read of one issue: as kept (no Jira call), or else found in the
 * site's field list (one call) until a sprint event or the hourly job keeps the fields.
 */
export async function sprintFieldId(jira: JiraClient): Promise<string | null> {
  const kept = await keptSprintFieldId();
  if (kept !== undefined) return kept;
  return fieldIdsFrom(await jira.fieldList(), null).sprint;
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

const SPRINT_STATES: Record<string, SprintState> = { active: 'active', future: 'future', closed: 'closed' };

/** A sprint's name and state as one entry of the Sprint field gives them (an object, or the older text); undefined when it does not say. */
function sprintOf(entry: unknown): { id: number; name: string; state: SprintState } | undefined {
  const id = sprintIdOf(entry);
  if (id === undefined) return undefined;
  const field = (name: string): unknown =>
    typeof entry === 'string' ? new RegExp(`[\\[,]${name}=([^,\\]]*)`).exec(entry)?.[1] : (entry as Record<string, unknown>)[name];
  const name = field('name');
  const state = SPRINT_STATES[String(field('state')).toLowerCase()];
  return typeof name === 'string' && name && state ? { id, name, state } : undefined;
}

/** Every sprint the issue has been in, with its name and state; entries that do not read as one are left out. */
export function sprintsOf(issue: JiraIssue, sprintField: string | null): Array<{ id: number; name: string; state: SprintState }> {
  const value = sprintField ? issue.fields[sprintField] : undefined;
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => sprintOf(entry) ?? []);
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
