// Jira's issues as Outcomes keeps them (domain/kept.ts): the fields read, an issue's facts now, and
// its history read only when the kept facts cannot say (see `needsHistory`): a done issue that stays
// done is never read again. Also the JQL of the searches that keep them: a project's issues, and what
// changed in it since a moment.
import type { StatusCategory } from '../contract';
import type { StatusChange } from '../domain/flow';
import { type IssueChange, type IssueNow, type KeptIssue, keptIssueOf, keptWithoutNewHistory, needsHistory } from '../domain/kept';
import type { JiraClient, JiraIssue } from './client';
import { jqlString } from './client';
import { type JiraFieldIds, sprintIdsOf, storyPointsOf } from './fields';
import { statusCategoryOf, statusChanges } from './issues';

/** Searches look back this far before the kept watermark: clocks differ, and Jira's index lags a little. */
export const RECONCILE_MARGIN_MINUTES = 10;

/** The fields a kept issue is read with. */
export const keptFields = (ids: JiraFieldIds): string[] => [
  'status',
  'issuetype',
  'parent',
  'updated',
  'resolutiondate',
  'statuscategorychangedate',
  'created',
  ...[ids.sprint, ids.storyPoints, ids.rank].filter((id): id is string => Boolean(id)),
];

/** Which fields the kept issues were read with: issues read with others must be read again. */
export const fieldsKeyOf = (ids: JiraFieldIds) => [ids.sprint ?? '', ids.rank ?? '', ids.storyPoints ?? ''].join('|');

/** The field ids a fields key names (the inverse of `fieldsKeyOf`). */
export function fieldsOfKey(key: string): JiraFieldIds {
  const [sprint, rank, storyPoints] = key.split('|');
  return { sprint: sprint || null, rank: rank || null, storyPoints: storyPoints || null };
}

/** Every issue that is or was in the sprint, in id order. */
export const sprintIssuesJql = (sprintId: number) => `sprint = ${sprintId} ORDER BY id ASC`;

/** Every issue of the project, in id order (what a rebuild pages through). */
export const projectIssuesJql = (projectKey: string) => `project = ${jqlString(projectKey)} ORDER BY id ASC`;

/**
 * What changed in the project since `since`, looking back the margin before it. A relative date
 * ("-N minutes") is used because JQL reads absolute dates in the searching user's time zone.
 */
export function changedSinceJql(projectKey: string, since: string, now: Date): string {
  const minutes = Math.max(0, Math.ceil((now.getTime() - Date.parse(since)) / 60_000)) + RECONCILE_MARGIN_MINUTES;
  return `project = ${jqlString(projectKey)} AND updated >= "-${minutes}m" ORDER BY updated ASC`;
}

export const dateOf = (value: unknown): string | undefined => (typeof value === 'string' && Number.isFinite(Date.parse(value)) ? new Date(Date.parse(value)).toISOString() : undefined);

/**
 * Whether an issue type is an epic or above: Jira's `hierarchyLevel` 1 or more (epics are 1; Premium
 * plans add levels above). A type without the level (Jira documents it, but a site may leave it out)
 * counts as below: its issues are then read from their buckets when a page needs them as parents.
 */
export const isUpper = (type: { subtask?: boolean | undefined; hierarchyLevel?: number | undefined } | undefined): boolean => type?.subtask !== true && (type?.hierarchyLevel ?? 0) >= 1;

/** What Jira says of the issue now. */
export function issueNowOf(issue: JiraIssue, ids: JiraFieldIds): IssueNow {
  const points = storyPointsOf(issue, ids);
  const rank = ids.rank ? issue.fields[ids.rank] : undefined;
  const resolved = dateOf(issue.fields.resolutiondate);
  const categoryChanged = dateOf(issue.fields.statuscategorychangedate);
  const created = dateOf(issue.fields.created);
  return {
    id: issue.id,
    key: issue.key,
    category: statusCategoryOf(issue),
    subtask: issue.fields.issuetype?.subtask === true,
    ...(isUpper(issue.fields.issuetype) ? { upper: true } : {}),
    sprintIds: sprintIdsOf(issue, ids),
    ...(issue.fields.parent?.id ? { parentId: issue.fields.parent.id } : {}),
    ...(points !== undefined ? { points } : {}),
    ...(typeof rank === 'string' && rank ? { rank } : {}),
    ...(resolved ? { resolved } : {}),
    ...(categoryChanged ? { categoryChanged } : {}),
    ...(created ? { created } : {}),
    updated: dateOf(issue.fields.updated) ?? new Date(0).toISOString(),
  };
}

/**
 * The issues as kept, from what was just read of them and what is kept: the status histories (with
 * the site's statuses) are read only for those whose kept facts cannot say. Two calls at most, both
 * of them only when some history is needed.
 */
export function keptIssuesOf(jira: JiraClient, read: readonly JiraIssue[], ids: JiraFieldIds, kept: ReadonlyMap<string, KeptIssue>): Promise<KeptIssue[]> {
  return keptOfNow(jira, read.map((issue) => issueNowOf(issue, ids)), kept);
}

/** The issues as kept, from what Jira says of them now (read, or told by an event) and what is kept. */
export async function keptOfNow(jira: JiraClient, now: readonly IssueNow[], kept: ReadonlyMap<string, KeptIssue>): Promise<KeptIssue[]> {
  const historyOf = now.filter((issue) => needsHistory(issue, kept.get(issue.id))).map((issue) => issue.id);
  let changes = new Map<string, StatusChange[]>();
  if (historyOf.length > 0) {
    const [histories, categories] = await Promise.all([jira.statusHistories(historyOf), jira.statusCategories()]);
    changes = new Map(historyOf.map((id) => [id, statusChanges(histories.get(id) ?? [], categories)]));
  }
  return now.map((issue) => {
    const history = changes.get(issue.id);
    return history ? keptIssueOf(issue, history) : keptWithoutNewHistory(issue, kept.get(issue.id));
  });
}

/** One item of an issue-updated event's changelog, as Jira documents it (`to`: the new value's id or raw value). */
export interface ChangeItem {
  field?: string;
  fieldId?: string | null;
  to?: string | null;
}

/** A LexoRank as Jira keeps it in the Rank field (`0|i0001b:`); Jira's changelog of Rank says "Ranked higher" instead. */
const LEXO_RANK = /^\d\|[0-9a-z]+:[0-9a-z]*$/i;

/**
 * The change an issue-updated event tells, from its changelog's items, with the site's field ids; null
 * when an item changes a kept fact in a way the event does not say (then the issue is read from Jira):
 * a rank (Jira's Rank item carries no rank), a parent named by key rather than id, the issue moved to
 * another project or given another key, a value of an unexpected shape. Items of fields nothing kept
 * uses are passed over. Which values Jira puts in `to` is documented only by example, so anything
 * else is read again rather than guessed.
 */
export function issueChangeOf(event: { updated: string; category: StatusCategory; subtask?: boolean; hierarchyLevel?: number; items: readonly ChangeItem[] }, ids: JiraFieldIds): IssueChange | null {
  const change: IssueChange = { updated: event.updated, category: event.category, statusMoved: false };
  for (const item of event.items) {
    const field = item.fieldId ?? item.field ?? '';
    const to = item.to ?? null;
    if (field === 'status') change.statusMoved = true;
    else if (field === 'resolution') change.resolved = to === null ? null : event.updated;
    else if (field === ids.sprint) {
      const sprintIds = to === null || to.trim() === '' ? [] : to.split(',').map((part) => part.trim());
      if (!sprintIds.every((id) => /^\d+$/.test(id))) return null;
      change.sprintIds = sprintIds.map(Number).sort((a, b) => a - b);
    } else if (field === ids.storyPoints) {
      if (to !== null && to.trim() !== '' && !Number.isFinite(Number(to))) return null;
      change.points = to === null || to.trim() === '' ? null : Number(to);
    } else if (field === ids.rank) {
      if (to === null || !LEXO_RANK.test(to)) return null;
      change.rank = to;
    } else if (field === 'parent' || field === 'IssueParentAssociation') {
      if (to !== null && !/^\d+$/.test(to)) return null;
      change.parentId = to;
    } else if (field === 'issuetype') {
      // A new type may make it a sub-task, or an epic: without both said, the issue is read again.
      if (event.subtask === undefined || event.hierarchyLevel === undefined) return null;
      change.subtask = event.subtask;
      change.upper = isUpper({ subtask: event.subtask, hierarchyLevel: event.hierarchyLevel });
    } else if (['project', 'Key', 'Epic Link', 'Parent Link'].includes(field)) return null;
  }
  return change;
}

/**
 * What changed in the project since the watermark, as kept issues, with what was kept of them before
 * (`keptOf` reads it: only the issues found) and the instant the search started.
 */
export async function changesSince(
  jira: JiraClient,
  at: { projectKey: string; since: string; now: Date; ids: JiraFieldIds; keptOf: (issueIds: string[]) => Promise<ReadonlyMap<string, KeptIssue>> },
): Promise<{ issues: KeptIssue[]; before: ReadonlyMap<string, KeptIssue>; searchedAt: string; found: number }> {
  const searchedAt = at.now.toISOString();
  const read = await jira.searchIssues(changedSinceJql(at.projectKey, at.since, at.now), keptFields(at.ids));
  const before = read.length > 0 ? await at.keptOf(read.map((issue) => issue.id)) : new Map<string, KeptIssue>();
  return { issues: await keptIssuesOf(jira, read, at.ids, before), before, searchedAt, found: read.length };
}
