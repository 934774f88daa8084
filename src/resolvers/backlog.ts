// The project page's lists that load on demand: the backlog page by page (filtered by Key Result on
// Jira's side), and a Key Result's linked work when its row opens. Both read Jira as the user.
import type Resolver from '@forge/resolver';
import { BACKLOG_PAGE_SIZE, type BacklogPage, KEY_RESULT_ISSUES_PAGE_SIZE, type KeyResultIssuesPage, type ValidPayload, type Warning } from '../contract';
import { backlogIssues, readBacklogCursor } from '../jira/backlog';
import { jiraFieldIds } from '../jira/fields';
import { ISSUE_FIELDS, issueFacts } from '../jira/issues';
import { orWarning } from '../jira/project-work';
import { requireBrowse } from '../invocation/access';
import { defineResolvers, type Invocation } from '../invocation/define';
import { AppError } from '../invocation/errors';
import { keyResultInProject } from '../invocation/lookups';
import { linkedIssueIds, MAX_LINKS_PER_KEY_RESULT } from '../store/links';
import { linksOfIssuesInProject } from '../store/read-models';
import { loadSettings } from '../store/settings';
import { backlogItems, linkedIssueItems } from '../views/backlog';

async function getBacklogPage({ cursor, filter }: ValidPayload<'getBacklogPage'>, invocation: Invocation): Promise<BacklogPage> {
  const { jira, projectKey } = invocation;
  const page = cursor === undefined ? undefined : readBacklogCursor(cursor, filter);
  if (page === null) throw new AppError('VALIDATION', 'This cursor does not continue this list: start again from its first page.', 'cursor');
  const boards = jira.scrumBoardsOfProject(projectKey).catch(() => []);
  await requireBrowse(invocation);
  if (filter !== undefined && filter !== 'unaligned') await keyResultInProject(filter.keyResultId, projectKey, 'filter.keyResultId');
  const boardId = (await loadSettings(projectKey, undefined)).boardId ?? (await boards)[0]?.id ?? null;
  const warnings: Warning[] = [];
  const fieldIds = await orWarning(jiraFieldIds(jira, boardId, invocation.now), { sprint: null, rank: null, storyPoints: null }, warnings, 'FIELDS_UNAVAILABLE', 'Story points could not be read just now.');
  const read = await backlogIssues(jira, { projectKey, filter, ...(page ? { page } : {}), pageSize: BACKLOG_PAGE_SIZE }, fieldIds);
  const links = await linksOfIssuesInProject(projectKey, read.issues.flatMap((issue) => [issue.id, ...(issue.parentId ? [issue.parentId] : [])]));
  const items = backlogItems(read.issues, read.before, links);
  return { items, ...(read.nextCursor ? { nextCursor: read.nextCursor } : {}) };
}

async function getKeyResultIssues({ keyResultId, cursor }: ValidPayload<'getKeyResultIssues'>, invocation: Invocation): Promise<KeyResultIssuesPage> {
  const { jira, projectKey } = invocation;
  const start = cursor === undefined ? 0 : Number(cursor);
  if (!/^\d+$/.test(cursor ?? '0') || start > MAX_LINKS_PER_KEY_RESULT) throw new AppError('VALIDATION', 'This cursor does not continue this list: start again from its first page.', 'cursor');
  await requireBrowse(invocation);
  await keyResultInProject(keyResultId, projectKey, 'keyResultId');
  const ids = (await linkedIssueIds(projectKey, [keyResultId])).get(keyResultId) ?? [];
  const pageIds = ids.slice(start, start + KEY_RESULT_ISSUES_PAGE_SIZE);
  const found = await jira.issuesByIds(pageIds, ISSUE_FIELDS);
  const issues = linkedIssueItems(pageIds, new Map(found.map((issue) => [issue.id, issueFacts(issue)])));
  const next = start + pageIds.length;
  return { keyResultId, issues, ...(next < ids.length ? { nextCursor: String(next) } : {}) };
}

export function registerBacklog(resolver: Resolver): void {
  defineResolvers(resolver, { getBacklogPage, getKeyResultIssues });
}
