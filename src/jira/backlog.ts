// The backlog one page at a time, read as the user in Jira's rank order, the Key Result filter applied
// by Jira's search on the issue property the app mirrors links into. A cursor carries Jira's page
// token, how many issues came before the page (for their rank) and the filter it was made for.
import type { BacklogFilter, Warning } from '../contract';
import type { JiraClient } from './client';
import { customFieldsToRead, type JiraFieldIds, jiraFieldIds } from './fields';
import { backlogJql, ISSUE_FIELDS, type IssueFacts, issueFacts, NO_FIELDS } from './issues';
import { orWarning } from './warnings';

interface BacklogCursor {
  /** Jira's token for the page. */
  token: string;
  /** Issues listed before the page. */
  before: number;
  /** The filter the list was made with: a cursor goes on only the list it came from. */
  filter: string;
}

const filterKey = (filter: BacklogFilter | undefined) => (filter === undefined ? 'all' : filter === 'unaligned' ? 'unaligned' : `kr:${filter.keyResultId}`);

export function backlogCursor(token: string | undefined, before: number, filter: BacklogFilter | undefined): string | undefined {
  if (!token) return undefined;
  const cursor: BacklogCursor = { token, before, filter: filterKey(filter) };
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The cursor's page token and position, or null when it is not a cursor of this list (made for another filter, or not one at all). */
export function readBacklogCursor(cursor: string, filter: BacklogFilter | undefined): { token: string; before: number } | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<BacklogCursor>;
    const { token, before } = parsed;
    if (typeof token !== 'string' || token === '' || typeof before !== 'number' || !Number.isSafeInteger(before) || before < 0) return null;
    return parsed.filter === filterKey(filter) ? { token, before } : null;
  } catch {
    return null;
  }
}

/** The ids of the backlog's first page (the overview reads their fields with the rest of the page's issues). */
export async function firstBacklogIds(jira: JiraClient, projectKey: string, pageSize: number): Promise<{ ids: string[]; parentIds: string[]; nextCursor?: string }> {
  // With each issue's parent: what the issue serves through it is counted before the issues are read.
  const page = await jira.searchPage(backlogJql(projectKey), ['parent'], pageSize);
  const nextCursor = backlogCursor(page.nextPageToken, page.issues.length, undefined);
  const parentIds = page.issues.flatMap((issue) => {
    const parent = issue.fields.parent as { id?: unknown } | undefined;
    return typeof parent?.id === 'string' ? [parent.id] : [];
  });
  return { ids: page.issues.map((issue) => issue.id), parentIds: [...new Set(parentIds)], ...(nextCursor ? { nextCursor } : {}) };
}

/** A page of the backlog with what each issue shows (story points by the board's field). */
export async function backlogIssues(
  jira: JiraClient,
  at: { projectKey: string; filter: BacklogFilter | undefined; page?: { token: string; before: number }; pageSize: number },
  fieldIds: JiraFieldIds,
): Promise<{ issues: IssueFacts[]; before: number; nextCursor?: string }> {
  const fields = [...ISSUE_FIELDS, ...customFieldsToRead(fieldIds, ['storyPoints'])];
  const read = await jira.searchPage(backlogJql(at.projectKey, at.filter), fields, at.pageSize, at.page?.token);
  const before = at.page?.before ?? 0;
  const nextCursor = backlogCursor(read.nextPageToken, before + read.issues.length, at.filter);
  return { issues: read.issues.map((issue) => issueFacts(issue, fieldIds)), before, ...(nextCursor ? { nextCursor } : {}) };
}

/**
 * The site's fields a backlog page reads: story points by the field the board estimates with (the
 * board chosen in settings, else the project's first). When Jira cannot say just now, the page comes
 * without story points rather than not at all.
 */
export async function backlogFieldIds(jira: JiraClient, projectKey: string, boardId: number | undefined, now: Date): Promise<JiraFieldIds> {
  // A backlog page answers no warnings: what Jira did not give is logged, and the page goes without story points.
  const unsaid: Warning[] = [];
  const missing = 'A backlog page goes without story points.';
  const board = boardId ?? (await orWarning(jira.scrumBoardsOfProject(projectKey), [], unsaid, 'BOARD_UNAVAILABLE', missing))[0]?.id ?? null;
  return orWarning(jiraFieldIds(jira, board, now), NO_FIELDS, unsaid, 'FIELDS_UNAVAILABLE', missing);
}
