// The project page's lists that load on demand: the backlog page by page (filtered by Key Result on
// Jira's side), and a Key Result's linked work when its row opens. Both read Jira as the user.
import type Resolver from '@forge/resolver';
import { BACKLOG_PAGE_SIZE, type BacklogPage, KEY_RESULT_ISSUES_PAGE_SIZE, type KeyResultIssuesPage, type ValidPayload } from '../contract';
import { backlogFieldIds, backlogIssues, readBacklogCursor } from '../jira/backlog';
import { issueFacts } from '../jira/issues';
import { requireBrowse } from '../invocation/access';
import { defineResolvers, type Invocation } from '../invocation/define';
import { AppError } from '../invocation/errors';
import { keyResultInProject } from '../invocation/lookups';
import { linkedIssueIds } from '../store/links';
import { linksOfIssuesInProject } from '../store/read-models';
import { loadSettings } from '../store/settings';
import { backlogItems, linkedIssueItems, servingNone } from '../views/backlog';

async function getBacklogPage({ cursor, filter }: ValidPayload<'getBacklogPage'>, invocation: Invocation): Promise<BacklogPage> {
  const { jira, projectKey } = invocation;
  const page = cursor === undefined ? undefined : readBacklogCursor(cursor, filter);
  if (page === null) throw new AppError('VALIDATION', 'This cursor does not continue this list: start again from its first page.', 'cursor');
  const [, settings] = await Promise.all([requireBrowse(invocation), loadSettings(projectKey, undefined)]);
  if (filter !== undefined && filter !== 'unaligned') await keyResultInProject(filter.keyResultId, projectKey, 'filter.keyResultId');
  const fieldIds = await backlogFieldIds(jira, projectKey, settings.boardId, invocation.now);
  const read = await backlogIssues(jira, { projectKey, filter, ...(page ? { page } : {}), pageSize: BACKLOG_PAGE_SIZE }, fieldIds);
  const links = await linksOfIssuesInProject(projectKey, read.issues.flatMap((issue) => [issue.id, ...(issue.parentId ? [issue.parentId] : [])]));
  const all = backlogItems(read.issues, read.before, links);
  const items = filter === 'unaligned' ? servingNone(all) : all;
  return { items, ...(read.nextCursor ? { nextCursor: read.nextCursor } : {}) };
}

async function getKeyResultIssues({ keyResultId, cursor }: ValidPayload<'getKeyResultIssues'>, invocation: Invocation): Promise<KeyResultIssuesPage> {
  const { jira, projectKey } = invocation;
  const start = cursor === undefined ? 0 : Number(cursor);
  await requireBrowse(invocation);
  await keyResultInProject(keyResultId, projectKey, 'keyResultId');
  const ids = (await linkedIssueIds(projectKey, [keyResultId])).get(keyResultId) ?? [];
  const pageIds = ids.slice(start, start + KEY_RESULT_ISSUES_PAGE_SIZE);
  const found = await jira.issuesByIds(pageIds, ['summary', 'status']);
  const issues = linkedIssueItems(pageIds, new Map(found.map((issue) => [issue.id, issueFacts(issue)])));
  const next = start + pageIds.length;
  return { keyResultId, issues, ...(next < ids.length ? { nextCursor: String(next) } : {}) };
}

export function registerBacklog(resolver: Resolver): void {
  defineResolvers(resolver, { getBacklogPage, getKeyResultIssues });
}
