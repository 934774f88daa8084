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

export const USER_ROUTES = [
  route('GET', '/rest/api/3/myself', myself),
  route('GET', '/rest/api/3/user', getUser),
  route('GET', '/rest/api/3/user/bulk', getUsersBulk),
];
