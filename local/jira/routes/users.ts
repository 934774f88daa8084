// The caller (/myself) and other users, one or in bulk.
import type { UserRecord } from '../model';
import { BadRequest, intParam, jiraError, ok } from '../responses';
import { route, type Call, type Emulated } from './route';

function myself({ render }: Emulated, call: Call) {
  return ok(call.viewer.kind === 'app' ? render.appUser() : render.userFull(call.viewer.user, true));
}

function getUser({ records, render }: Emulated, call: Call) {
  const accountId = call.query.get('accountId');
  if (!accountId) throw new BadRequest(400, 'The accountId query parameter needs to be provided.');
  if (accountId === records.data.app.accountId) return ok(render.appUser());
  const u = records.user(accountId);
  if (!u) return jiraError(404, `Specified user does not exist or you do not have required permissions`);
  return ok(render.userFull(u, false));
}

function getUsersBulk({ records, render }: Emulated, call: Call) {
  const ids = call.query.getAll('accountId').flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
  if (ids.length === 0) throw new BadRequest(400, 'The accountId query parameter needs to be provided.');
  const startAt = intParam(call.query, 'startAt', 0);
  const maxResults = intParam(call.query, 'maxResults', 10);
  if (maxResults < 1) throw new BadRequest(400, 'maxResults must be greater than 0.');
  const users = [...new Set(ids)].map((id) => records.user(id)).filter((u): u is UserRecord => u !== undefined);
  const page = users.slice(startAt, startAt + maxResults);
  const isLast = startAt + page.length >= users.length;
  const self = `${records.base}/rest/api/3/user/bulk?${call.query.toString()}`;
  const out: Record<string, unknown> = { self, maxResults, startAt, total: users.length, isLast, values: page.map((u) => render.userFull(u, false)) };
  if (!isLast) {
    const next = new URLSearchParams(call.query);
    next.set('startAt', String(startAt + page.length));
    out.nextPage = `${records.base}/rest/api/3/user/bulk?${next.toString()}`;
  }
  return ok(out);
}

/**
 * Users whose name or email starts a word with the query (`query`, `maxResults` ≤ 100), active ones
 * only, as Jira's user search; it needs the Browse users and groups global permission.
 */
function searchUsers({ records, render }: Emulated, call: Call) {
  if (call.viewer.kind === 'user' && !call.viewer.user.globalPermissions.includes('USER_PICKER')) {
    return jiraError(403, 'You do not have the Browse users and groups permission.');
  }
  const query = (call.query.get('query') ?? '').trim().toLowerCase();
  if (!query && !call.query.get('accountId')) throw new BadRequest(400, 'One of the query or accountId query parameters must be provided.');
  const startAt = intParam(call.query, 'startAt', 0);
  const maxResults = Math.min(intParam(call.query, 'maxResults', 50), 100);
  const words = (user: UserRecord) => [...user.displayName.toLowerCase().split(/\s+/), user.emailAddress.toLowerCase()];
  const found = records.data.users.filter((user) => user.active && (call.query.get('accountId') === user.accountId || (query !== '' && words(user).some((word) => word.startsWith(query)))));
  return ok(found.slice(startAt, startAt + maxResults).map((user) => render.userFull(user, false)));
}

export const USER_ROUTES = [
  route('GET', '/rest/api/3/user/search', searchUsers),
  route('GET', '/rest/api/3/myself', myself),
  route('GET', '/rest/api/3/user', getUser),
  route('GET', '/rest/api/3/user/bulk', getUsersBulk),
];
