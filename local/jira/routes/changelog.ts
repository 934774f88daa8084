// POST /rest/api/3/changelog/bulkfetch: an issue's full status history, which `expand=changelog` caps.
import { BadRequest, encodePageToken, hashString, ok, pageTokenOffset } from '../responses';
import { route, type Call, type Emulated } from './route';

/** Issues per request, field ids per request, histories per page. */
const BULK_CHANGELOG_MAX_ISSUES = 1000;
const BULK_CHANGELOG_MAX_FIELDS = 10;
const BULK_CHANGELOG_MAX_RESULTS = 10000;

/**
 * Every history of the given issues, oldest first (then by issue id), paged by `nextPageToken`,
 * optionally only the items of some fields. Whether Jira refuses or leaves out an issue the caller may
 * not see is not documented: this emulator leaves it out.
 */
function bulkChangelogs({ permissions, render }: Emulated, call: Call) {
  const body = (call.body ?? {}) as Record<string, unknown>;
  const known = new Set(['issueIdsOrKeys', 'fieldIds', 'maxResults', 'nextPageToken']);
  const unknown = Object.keys(body).find((k) => !known.has(k));
  if (unknown) throw new BadRequest(400, `Unrecognized field "${unknown}".`);
  const ids = body.issueIdsOrKeys;
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string')) throw new BadRequest(400, 'issueIdsOrKeys must be a non-empty list of issue ids or keys.');
  if (ids.length > BULK_CHANGELOG_MAX_ISSUES) throw new BadRequest(400, `You can request the changelogs of up to ${BULK_CHANGELOG_MAX_ISSUES} issues.`);
  const fieldIds = body.fieldIds;
  if (fieldIds !== undefined && (!Array.isArray(fieldIds) || fieldIds.some((f) => typeof f !== 'string') || fieldIds.length > BULK_CHANGELOG_MAX_FIELDS)) {
    throw new BadRequest(400, `fieldIds must be a list of up to ${BULK_CHANGELOG_MAX_FIELDS} field ids.`);
  }
  const maxResults = body.maxResults ?? 1000;
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > BULK_CHANGELOG_MAX_RESULTS) {
    throw new BadRequest(400, `maxResults must be between 1 and ${BULK_CHANGELOG_MAX_RESULTS}.`);
  }
  const only = fieldIds && fieldIds.length > 0 ? new Set(fieldIds as string[]) : undefined;
  const fingerprint = hashString(JSON.stringify([ids, fieldIds ?? []]));
  const offset = pageTokenOffset(typeof body.nextPageToken === 'string' ? body.nextPageToken : undefined, fingerprint);
  const issues = [
    ...new Map(
      (ids as string[]).flatMap((id) => {
        const issue = permissions.visibleIssue(call.viewer, id);
        return issue ? [[issue.id, issue] as const] : [];
      }),
    ).values(),
  ];
  const all = issues
    .flatMap((issue) => issue.changelog.map((history) => ({ issue, history, json: render.historyJson(history, only) })))
    .filter((entry) => (entry.json.items as unknown[]).length > 0)
    .sort((a, b) => Date.parse(a.history.created) - Date.parse(b.history.created) || Number(a.issue.id) - Number(b.issue.id));
  const page = all.slice(offset, offset + maxResults);
  const byIssue = new Map<string, Record<string, unknown>[]>();
  for (const entry of page) byIssue.set(entry.issue.id, [...(byIssue.get(entry.issue.id) ?? []), entry.json]);
  const out: Record<string, unknown> = { issueChangeLogs: [...byIssue].map(([issueId, changeHistories]) => ({ issueId, changeHistories })) };
  if (offset + page.length < all.length) out.nextPageToken = encodePageToken(offset + page.length, fingerprint);
  return ok(out);
}

export const CHANGELOG_ROUTES = [route('POST', '/rest/api/3/changelog/bulkfetch', bulkChangelogs)];
