// The enhanced JQL search (GET/POST /rest/api/3/search/jql: nextPageToken paging, no total), and the
// old /rest/api/3/search, which Jira Cloud answers with 410 Gone.
import { compileJql, type JqlContext, type JqlIssue } from '../jql';
import { STATUS_CATEGORIES, type IssueRecord } from '../model';
import type { Viewer } from '../permissions';
import { selectFields } from '../render';
import { BadRequest, encodePageToken, hashString, jiraError, listParam, ok, pageTokenOffset } from '../responses';
import { route, type Call, type Emulated } from './route';

const SEARCH_MAX_WITH_FIELDS = 100;
const SEARCH_MAX_IDS_ONLY = 5000;

interface SearchParams {
  jql?: string;
  nextPageToken?: string | null;
  maxResults?: number;
  fields?: string[];
  expand?: string;
  properties: string[];
}

function searchParamsFromQuery(q: URLSearchParams): SearchParams {
  const raw = q.get('maxResults');
  let maxResults: number | undefined;
  if (raw !== null && raw !== '') {
    maxResults = Number(raw);
    if (!Number.isInteger(maxResults)) throw new BadRequest(400, `The value '${raw}' is not valid for maxResults.`);
  }
  const fieldsByKeys = q.get('fieldsByKeys');
  if (fieldsByKeys !== null && fieldsByKeys !== 'true' && fieldsByKeys !== 'false') throw new BadRequest(400, 'fieldsByKeys must be true or false.');
  const out: SearchParams = { properties: listParam(q, 'properties') ?? [] };
  const jql = q.get('jql');
  if (jql !== null) out.jql = jql;
  const token = q.get('nextPageToken');
  if (token !== null) out.nextPageToken = token;
  if (maxResults !== undefined) out.maxResults = maxResults;
  const fields = listParam(q, 'fields');
  if (fields) out.fields = fields;
  const expand = listParam(q, 'expand');
  if (expand) out.expand = expand.join(',');
  return out;
}

function searchParamsFromBody(body: unknown): SearchParams {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadRequest(400, 'The request body must be a JSON object.');
  const b = body as Record<string, unknown>;
  const known = new Set(['jql', 'nextPageToken', 'maxResults', 'fields', 'expand', 'properties', 'fieldsByKeys', 'failFast', 'reconcileIssues']);
  for (const k of Object.keys(b)) if (!known.has(k)) throw new BadRequest(400, `Unrecognized field "${k}".`);
  const str = (k: string): string | undefined => {
    const v = b[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw new BadRequest(400, `${k} must be a string.`);
    return v;
  };
  const strList = (k: string): string[] | undefined => {
    const v = b[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v.split(',').map((x) => x.trim()).filter(Boolean);
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new BadRequest(400, `${k} must be an array of strings.`);
    return (v as string[]).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
  };
  if (b.maxResults !== undefined && b.maxResults !== null && !Number.isInteger(b.maxResults)) throw new BadRequest(400, 'maxResults must be an integer.');
  if (b.fieldsByKeys !== undefined && typeof b.fieldsByKeys !== 'boolean') throw new BadRequest(400, 'fieldsByKeys must be a boolean.');
  const out: SearchParams = { properties: strList('properties') ?? [] };
  const jql = str('jql');
  if (jql !== undefined) out.jql = jql;
  const token = str('nextPageToken');
  if (token !== undefined) out.nextPageToken = token;
  if (typeof b.maxResults === 'number') out.maxResults = b.maxResults;
  const fields = strList('fields');
  if (fields) out.fields = fields;
  const expand = str('expand');
  if (expand !== undefined) out.expand = expand;
  return out;
}

/** What JQL may name for this caller: only what they can browse, so naming anything else is a 400. */
function jqlContext({ records, permissions }: Emulated, viewer: Viewer): JqlContext {
  const { data } = records;
  return {
    projects: data.projects.filter((p) => permissions.canBrowseProject(viewer, p.key)),
    sprints: permissions.visibleSprints(viewer),
    issueTypes: data.issueTypes,
    statuses: data.statuses,
    statusCategories: STATUS_CATEGORIES,
    priorities: data.priorities,
    users: data.users,
    findIssue: (keyOrId) => permissions.visibleIssue(viewer, keyOrId),
    currentAccountId: viewer.kind === 'user' ? viewer.user.accountId : null,
    now: records.clock(),
    indexedProperties: records.indexedProperties,
    storyPointsFieldId: data.customFields.storyPoints,
    appStringFields: (data.appFields ?? [])
      .filter((field) => field.dataType === 'string')
      .map((field) => ({
        id: field.id,
        name: field.name,
        valuesOf: (issueId: string) => {
          const value = field.values[issueId];
          return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : typeof value === 'string' ? [value] : [];
        },
      })),
  };
}

function search(jira: Emulated, call: Call) {
  const { records, permissions, render } = jira;
  const p = call.method === 'POST' ? searchParamsFromBody(call.body) : searchParamsFromQuery(call.query);
  const jql = p.jql ?? '';
  const compiled = compileJql(jql, jqlContext(jira, call.viewer));
  if (!compiled.bounded) throw new BadRequest(400, 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.');

  const fields = selectFields(p.fields, 'search', render.allFields);
  const expand = new Set((p.expand ?? '').split(',').map((e) => e.trim()).filter(Boolean));
  const cap = fields.size === 0 && expand.size === 0 ? SEARCH_MAX_IDS_ONLY : SEARCH_MAX_WITH_FIELDS;
  const maxResults = Math.min(p.maxResults ?? 50, cap);
  if (!Number.isInteger(maxResults) || maxResults < 0) throw new BadRequest(400, 'The maxResults parameter must be a non-negative integer.');

  const fingerprint = hashString(jql);
  const offset = pageTokenOffset(p.nextPageToken, fingerprint);
  // Every page evaluates the JQL over every issue again, as the token holds only an offset: per-call
  // lookups (which projects the caller may browse, each project's id) and a view that reads through to
  // the record instead of copying it keep that linear pass cheap on large tenants (100,000 issues).
  const canBrowse = permissions.browseFilter(call.viewer);
  const projectIds = new Map(records.data.projects.map((project) => [project.key, project.id]));
  const jqlView = (issue: IssueRecord): JqlIssue => {
    const view = Object.create(issue) as IssueRecord & { projectId: string };
    view.projectId = projectIds.get(issue.projectKey) ?? records.projectOf(issue.projectKey).id;
    return view;
  };
  const matched: Array<{ record: IssueRecord; view: JqlIssue }> = [];
  for (const record of records.data.issues) {
    if (!canBrowse(record)) continue;
    const view = jqlView(record);
    if (compiled.matches(view)) matched.push({ record, view });
  }
  matched.sort((a, b) => compiled.compare(a.view, b.view));
  const page = matched.slice(offset, offset + maxResults);
  const end = offset + page.length;
  const isLast = end >= matched.length;

  const out: Record<string, unknown> = {
    issues: page.map((x) => render.issueJson(x.record, call.viewer, fields, expand, p.properties)),
  };
  if (!isLast) out.nextPageToken = encodePageToken(end, fingerprint);
  out.isLast = isLast;
  if (expand.has('names')) out.names = render.namesOf(fields);
  return ok(out);
}

/** POST /rest/api/3/search/approximate-count: how many issues the caller may browse match bounded JQL (exact here). */
function approximateCount(jira: Emulated, call: Call) {
  const { records, permissions } = jira;
  const body = call.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadRequest(400, 'The request body must be a JSON object.');
  for (const key of Object.keys(body)) if (key !== 'jql') throw new BadRequest(400, `Unrecognized field "${key}".`);
  const jql = (body as { jql?: unknown }).jql;
  if (typeof jql !== 'string') throw new BadRequest(400, 'jql must be a string.');
  const compiled = compileJql(jql, jqlContext(jira, call.viewer));
  if (!compiled.bounded) throw new BadRequest(400, 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.');
  const canBrowse = permissions.browseFilter(call.viewer);
  const projectIds = new Map(records.data.projects.map((project) => [project.key, project.id]));
  let count = 0;
  for (const record of records.data.issues) {
    if (!canBrowse(record)) continue;
    const view = Object.create(record) as IssueRecord & { projectId: string };
    view.projectId = projectIds.get(record.projectKey) ?? records.projectOf(record.projectKey).id;
    if (compiled.matches(view)) count += 1;
  }
  return ok({ count });
}

function gone() {
  return jiraError(
    410,
    'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
  );
}

export const SEARCH_ROUTES = [
  route('GET', '/rest/api/3/search/jql', search),
  route('POST', '/rest/api/3/search/jql', search),
  route('POST', '/rest/api/3/search/approximate-count', approximateCount),
  route('GET', '/rest/api/3/search', gone),
  route('POST', '/rest/api/3/search', gone),
];
