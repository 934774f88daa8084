// Jira's issues as Outcomes keeps them (domain/kept.ts): the fields read, an issue's facts now, and
// its history read only when the kept facts cannot say (see `needsHistory`): a done issue that stays
// done is never read again. Also the JQL of the searches that keep them: a project's issues, and what
// changed in it since a moment.
import type { StatusChange } from '../domain/flow';
import { type IssueNow, type KeptIssue, keptIssueOf, keptWithoutNewHistory, needsHistory } from '../domain/kept';
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

const dateOf = (value: unknown): string | undefined => (typeof value === 'string' && Number.isFinite(Date.parse(value)) ? new Date(Date.parse(value)).toISOString() : undefined);

/** What Jira says of the issue now. */
export function issueNowOf(issue: JiraIssue, ids: JiraFieldIds): IssueNow {
  const points = storyPointsOf(issue, ids);
  const rank = ids.rank ? issue.fields[ids.rank] : undefined;
  const resolved = dateOf(issue.fields.resolutiondate);
  return {
    id: issue.id,
    key: issue.key,
    category: statusCategoryOf(issue),
    subtask: issue.fields.issuetype?.subtask === true,
    sprintIds: sprintIdsOf(issue, ids),
    ...(issue.fields.parent?.id ? { parentId: issue.fields.parent.id } : {}),
    ...(points !== undefined ? { points } : {}),
    ...(typeof rank === 'string' && rank ? { rank } : {}),
    ...(resolved ? { resolved } : {}),
    updated: dateOf(issue.fields.updated) ?? new Date(0).toISOString(),
  };
}

/**
 * The issues as kept, from what was just read of them and what is kept: the status histories (with
 * the site's statuses) are read only for those whose kept facts cannot say. Two calls at most, both
 * of them only when some history is needed.
 */
export async function keptIssuesOf(jira: JiraClient, read: readonly JiraIssue[], ids: JiraFieldIds, kept: ReadonlyMap<string, KeptIssue>): Promise<KeptIssue[]> {
  const now = read.map((issue) => issueNowOf(issue, ids));
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

/** What changed in the project since the watermark, as kept issues, with the instant the search started. */
export async function changesSince(
  jira: JiraClient,
  at: { projectKey: string; since: string; now: Date; ids: JiraFieldIds; kept: ReadonlyMap<string, KeptIssue> },
): Promise<{ issues: KeptIssue[]; searchedAt: string; found: number }> {
  const searchedAt = at.now.toISOString();
  const read = await jira.searchIssues(changedSinceJql(at.projectKey, at.since, at.now), keptFields(at.ids));
  return { issues: await keptIssuesOf(jira, read, at.ids, at.kept), searchedAt, found: read.length };
}
