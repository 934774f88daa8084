// What the app reads of Jira issues, in the domain's words: an issue's status category, its moves
// between categories, its sprints and points, the issue chain above it; and the JQL that finds them.
import { type BacklogFilter, ISSUE_PROPERTY_KEY, type StatusCategory } from '../contract';
import type { SprintIssue } from '../domain/alignment';
import type { StatusChange } from '../domain/flow';
import { type JiraClient, type JiraHistory, type JiraIssue, jqlString, orNullIfHidden } from './client';
import { type JiraFieldIds, sprintIdsOf, storyPointsOf } from './fields';

/** What the app shows of every issue it reads (with the site's Sprint and story-point fields where needed). */
export const ISSUE_FIELDS = ['summary', 'status', 'issuetype', 'parent'] as const;

/** When the site's fields are unknown or cannot be read: nothing of sprints or points can be read either. */
export const NO_FIELDS: JiraFieldIds = { sprint: null, rank: null, storyPoints: null };

/**
 * The Product Backlog: work not done and not in the running sprint (planned future sprints included,
 * as in Jira's backlog view), sub-tasks left with their parents.
 */
export const backlogJql = (projectKey: string, filter?: BacklogFilter) =>
  `project = ${jqlString(projectKey)} AND statusCategory != Done AND (sprint is EMPTY OR sprint not in openSprints()) AND issuetype not in subTaskIssueTypes()${filterClause(filter)} ORDER BY Rank ASC`;

/**
 * The backlog filter as JQL on the issue property the app mirrors each issue's links into (indexed by
 * Jira, see the manifest's `jira:entityProperty`): linked to the Key Result, or linked to none.
 */
function filterClause(filter: BacklogFilter | undefined): string {
  const field = `issue.property[${ISSUE_PROPERTY_KEY}].keyResultIds`;
  if (filter === undefined) return '';
  if (filter === 'unaligned') return ` AND ${field} is EMPTY`;
  return ` AND ${field} = ${jqlString(filter.keyResultId)}`;
}

/** The issues of the page with the given ids, in rank order (those hidden from the user or deleted drop out). */
export const issuesByIdJql = (issueIds: readonly string[]) => `id in (${issueIds.join(', ')}) ORDER BY Rank ASC`;

/** Every issue of the cycle's sprints, in rank order. */
export const sprintIssuesJql = (projectKey: string, sprintIds: readonly number[]) =>
  `project = ${jqlString(projectKey)} AND sprint in (${sprintIds.join(', ')}) ORDER BY Rank ASC`;

/** Every issue that was in the sprint, those moved on to the next sprint included. */
export const everIssueOfSprintJql = (sprintId: number) => `sprint = ${sprintId}`;

/** Jira's status category key (`new`, `indeterminate`, `done`) as the domain names it; undefined for any other. */
export function statusCategoryOfKey(key: string | undefined): StatusCategory | undefined {
  if (key === 'new') return 'todo';
  if (key === 'indeterminate') return 'inprogress';
  if (key === 'done') return 'done';
  return undefined;
}

/** The issue's status category; an issue whose status has no known category counts as to do. */
export const statusCategoryOf = (issue: JiraIssue): StatusCategory => statusCategoryOfKey(issue.fields.status?.statusCategory.key) ?? 'todo';

/** The issue's status changes, oldest first, as moves between status categories. */
export function statusChanges(histories: readonly JiraHistory[], categories: ReadonlyMap<string, string>): StatusChange[] {
  return histories
    .flatMap((history) =>
      history.items
        .flatMap((item) => ((item.fieldId ?? item.field) === 'status' && item.to ? [{ at: history.created, toCategory: statusCategoryOfKey(categories.get(item.to)) }] : []))
        .filter((change): change is StatusChange => change.toCategory !== undefined),
    )
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** An issue as the app uses it: what alignment needs, with its type, its parent's key and its sprints. */
export interface IssueFacts extends SprintIssue {
  issueType: string;
  parentKey?: string;
  sprintIds: number[];
}

export function issueFacts(issue: JiraIssue, fieldIds: JiraFieldIds = NO_FIELDS): IssueFacts {
  const storyPoints = storyPointsOf(issue, fieldIds);
  const parent = issue.fields.parent;
  return {
    id: issue.id,
    key: issue.key,
    summary: issue.fields.summary ?? '',
    subtask: issue.fields.issuetype?.subtask === true,
    statusCategory: statusCategoryOf(issue),
    issueType: issue.fields.issuetype?.name ?? 'Issue',
    ...(parent?.id ? { parentId: parent.id } : {}),
    ...(parent?.key ? { parentKey: parent.key } : {}),
    ...(storyPoints !== undefined ? { storyPoints } : {}),
    sprintIds: sprintIdsOf(issue, fieldIds),
  };
}

/**
 * The issue and its ancestors (sub-task → story → epic), as `{ id, key }`. The issue's own `parent`
 * field names its parent; only a sub-task needs its parent read too, to find the epic above.
 */
export async function issueChain(
  jira: JiraClient,
  issueKey: string,
  read?: JiraIssue,
  fields: readonly string[] = ISSUE_FIELDS,
): Promise<{ issue: JiraIssue | null; chain: Array<{ id: string; key: string }> }> {
  const issue = read ?? (await orNullIfHidden(jira.getIssue(issueKey, fields)));
  if (!issue) return { issue: null, chain: [] };
  const chain = [{ id: issue.id, key: issue.key }];
  const parent = issue.fields.parent;
  if (parent) {
    chain.push({ id: parent.id, key: parent.key });
    if (issue.fields.issuetype?.subtask) {
      const grandparent = (await orNullIfHidden(jira.getIssue(parent.key, ['parent'])))?.fields.parent;
      if (grandparent) chain.push({ id: grandparent.id, key: grandparent.key });
    }
  }
  return { issue, chain };
}
