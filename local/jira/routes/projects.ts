// Projects (one, or the caller's browsable ones a page at a time) and /mypermissions.
import { GLOBAL_PERMISSIONS, PROJECT_PERMISSIONS, type GlobalPermissionKey, type ProjectPermissionKey, type ProjectRecord, type SchemeHolder } from '../model';
import type { Renderer } from '../render';
import { BadRequest, intParam, ISSUE_NOT_FOUND, jiraError, ok } from '../responses';
import type { Viewer } from '../permissions';
import { param, route, type Call, type Emulated } from './route';

/** What both project answers end with: every project here is a company-managed software project. */
function projectTraits(render: Renderer, project: ProjectRecord): Record<string, unknown> {
  return { avatarUrls: render.projectAvatarUrls(project), projectTypeKey: project.projectTypeKey ?? 'software', simplified: false, style: 'classic', isPrivate: false, properties: {} };
}

function getProject({ records, permissions, render }: Emulated, call: Call, keyOrId: string) {
  const { base } = records;
  const project = records.project(keyOrId);
  if (!project || !permissions.canBrowseProject(call.viewer, project.key)) return jiraError(404, `No project could be found with key '${keyOrId}'.`);
  const lead = records.user(project.leadAccountId);
  const body: Record<string, unknown> = {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    self: `${base}/rest/api/3/project/${project.id}`,
    id: project.id,
    key: project.key,
    description: project.description,
    components: [],
    issueTypes: records.data.issueTypes.map((t) => render.issueTypeJson(t.id)),
    assigneeType: 'UNASSIGNED',
    versions: [],
    name: project.name,
    roles: rolesOf(records, project),
    ...projectTraits(render, project),
  };
  if (lead) {
    body['lead'] = {
      self: `${base}/rest/api/3/user?accountId=${lead.accountId}`,
      accountId: lead.accountId,
      avatarUrls: render.userAvatarUrls(lead),
      displayName: lead.displayName,
      active: lead.active,
    };
  }
  return ok(body);
}

/** The project's roles by name, each the address of its members in the project (its id last). */
function rolesOf(records: Emulated['records'], project: ProjectRecord): Record<string, string> {
  const recorded = (records.data.projectRoles ?? []).filter((role) => role.projectKey === project.key);
  const roles = recorded.length > 0 ? recorded.map((role) => [role.name, role.roleId] as const) : ([['Administrators', 10002], ['Member', 10003], ['Viewer', 10004]] as const);
  return Object.fromEntries(roles.map(([name, id]) => [name, `${records.base}/rest/api/3/project/${project.id}/role/${id}`]));
}

/**
 * The project's permission scheme, with its grants when any `expand` is given (Jira includes them then).
 * Jira asks for Administer Jira or Administer projects; the app (`asApp()`) may read it. Only the
 * grants of app permissions are kept here (Jira's own come from the per-user grants).
 */
function projectPermissionScheme({ records, permissions }: Emulated, call: Call, keyOrId: string) {
  const project = records.project(keyOrId);
  if (!project || !permissions.canBrowseProject(call.viewer, project.key)) return jiraError(404, `No project could be found with key '${keyOrId}'.`);
  const admin = call.viewer.kind === 'app' || call.viewer.user.globalPermissions.includes('ADMINISTER') || permissions.projectGrants(call.viewer, project.key).has('ADMINISTER_PROJECTS');
  if (!admin) return jiraError(403, 'You do not have permission to view the permission scheme of this project.');
  const scheme = permissions.schemeOf(project.key) ?? { id: 10000, name: 'Default software scheme', grants: [] };
  const self = `${records.base}/rest/api/3/permissionscheme/${scheme.id}`;
  const body: Record<string, unknown> = { expand: 'permissions,user,group,projectRole,field,all', id: scheme.id, self, name: scheme.name, description: '' };
  if (call.query.get('expand')) {
    body['permissions'] = scheme.grants.map((grant) => ({ id: grant.id, self: `${self}/permission/${grant.id}`, holder: holderJson(records, grant.holder), permission: grant.permission }));
  }
  return ok(body);
}

/** Jira's holder object: `type`, and for most types a `parameter` and `value` naming who. */
function holderJson(records: Emulated['records'], holder: SchemeHolder): Record<string, unknown> {
  switch (holder.type) {
    case 'user':
      return { type: 'user', parameter: holder.accountId, value: holder.accountId, expand: 'user' };
    case 'group': {
      const group = (records.data.groups ?? []).find((candidate) => candidate.groupId === holder.groupId);
      return { type: 'group', parameter: group?.name ?? holder.groupId, value: holder.groupId, expand: 'group' };
    }
    case 'projectRole':
      return { type: 'projectRole', parameter: String(holder.roleId), value: String(holder.roleId), expand: 'projectRole' };
    case 'projectLead':
      return { type: 'projectLead' };
  }
}

/**
 * The projects the caller may browse, a page at a time (`startAt`, `maxResults` ≤ 100, `query`), by key;
 * `keys` and `id` (repeated, up to 50 each, as documented) keep only the projects named.
 */
function searchProjects({ records, permissions, render }: Emulated, call: Call) {
  const { base } = records;
  const startAt = intParam(call.query, 'startAt', 0);
  const maxResults = Math.min(intParam(call.query, 'maxResults', 50), 100);
  const query = (call.query.get('query') ?? '').trim().toLowerCase();
  const keys = call.query.getAll('keys');
  const ids = call.query.getAll('id');
  if (keys.length > 50 || ids.length > 50) throw new BadRequest(400, 'Up to 50 project keys and 50 project IDs can be provided.');
  const named = (p: { key: string; id: string }) => (keys.length === 0 && ids.length === 0) || keys.some((key) => key.toUpperCase() === p.key.toUpperCase()) || ids.includes(p.id);
  const all = records.data.projects
    .filter((p) => permissions.canBrowseProject(call.viewer, p.key))
    .filter(named)
    .filter((p) => !query || p.key.toLowerCase().includes(query) || p.name.toLowerCase().includes(query))
    .sort((a, b) => a.key.localeCompare(b.key));
  const values = all.slice(startAt, startAt + maxResults).map((project) => ({
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    self: `${base}/rest/api/3/project/${project.id}`,
    id: project.id,
    key: project.key,
    name: project.name,
    ...projectTraits(render, project),
  }));
  const page = (at: number) => {
    const q = new URLSearchParams(call.query);
    q.set('startAt', String(at));
    q.set('maxResults', String(maxResults));
    return `${base}/rest/api/3/project/search?${q.toString()}`;
  };
  const isLast = startAt + values.length >= all.length;
  return ok({ self: page(startAt), ...(isLast ? {} : { nextPage: page(startAt + values.length) }), maxResults, startAt, total: all.length, isLast, values });
}

function myPermissions({ records, permissions }: Emulated, call: Call) {
  const raw = call.query.get('permissions');
  if (raw === null || raw.trim() === '') throw new BadRequest(400, 'The permissions query parameter is required.');
  const keys = [...new Set(raw.split(',').map((k) => k.trim()).filter(Boolean))];
  // An installed app's project permission is asked for by its full key (ari:cloud:ecosystem::extension/…/static/<key>).
  const appPermissions = new Map((records.data.appPermissions ?? []).map((permission) => [permission.key, permission]));
  for (const k of keys) {
    if (!(k in PROJECT_PERMISSIONS) && !(k in GLOBAL_PERMISSIONS) && !appPermissions.has(k)) throw new BadRequest(400, `The permission key '${k}' is not valid.`);
  }

  const { viewer } = call;
  let decide: (k: ProjectPermissionKey) => boolean;
  let decideApp: (k: string) => boolean;
  const issueRef = call.query.get('issueKey') ?? call.query.get('issueId');
  const projectRef = call.query.get('projectKey') ?? call.query.get('projectId');
  if (issueRef !== null) {
    const issue = records.issue(issueRef);
    if (!issue) return jiraError(404, ISSUE_NOT_FOUND);
    decide = (k) => permissions.issuePermission(viewer, issue, k);
    decideApp = (k) => permissions.canBrowseIssue(viewer, issue) && permissions.hasAppPermission(viewer, issue.projectKey, k);
  } else if (projectRef !== null) {
    const project = records.project(projectRef);
    if (!project) return jiraError(404, `No project could be found with key '${projectRef}'.`);
    const grants = permissions.projectGrants(viewer, project.key);
    decide = (k) => grants.has(k);
    decideApp = (k) => permissions.hasAppPermission(viewer, project.key, k);
  } else {
    // No context: a project permission counts if the user holds it in at least one project.
    decide = (k) => records.data.projects.some((p) => permissions.projectGrants(viewer, p.key).has(k));
    decideApp = (k) => records.data.projects.some((p) => permissions.hasAppPermission(viewer, p.key, k));
  }

  const answer: Record<string, unknown> = {};
  for (const k of keys) {
    const app = appPermissions.get(k);
    if (app?.type === 'GLOBAL') {
      // A global permission holds whatever project or issue the call names (or none).
      answer[k] = { id: k, key: k, name: app.name, type: 'GLOBAL', description: app.description, havePermission: permissions.hasAppGlobalPermission(viewer, k) };
    } else if (app) {
      answer[k] = { id: k, key: k, name: app.name, type: 'PROJECT', description: app.description, havePermission: decideApp(k) };
    } else if (k in PROJECT_PERMISSIONS) {
      const def = PROJECT_PERMISSIONS[k as ProjectPermissionKey];
      answer[k] = { id: def.id, key: k, name: def.name, type: 'PROJECT', description: def.description, havePermission: decide(k as ProjectPermissionKey) };
    } else {
      const def = GLOBAL_PERMISSIONS[k as GlobalPermissionKey];
      const have = viewer.kind === 'app' || viewer.user.globalPermissions.includes(k as GlobalPermissionKey);
      answer[k] = { id: def.id, key: k, name: def.name, type: 'GLOBAL', description: def.description, havePermission: have };
    }
  }
  return ok({ permissions: answer });
}

/** Jira's documented maximum of projects (and of issues) one bulk permission check takes. */
const BULK_CHECK_MAX = 1000;

/**
 * POST /permissions/check: for each project permission asked, the projects (and issues) of those named
 * in which the user holds it. Without `accountId`, the caller; with one, that user, which only the app
 * or a Jira administrator may ask. Ids Jira does not know are ignored, as are nulls; more than 1,000
 * known projects or issues, an unknown permission or a `projectPermissions` entry naming none is a 400.
 */
function checkPermissions({ records, permissions }: Emulated, call: Call) {
  const body = (call.body ?? {}) as { accountId?: unknown; globalPermissions?: unknown; projectPermissions?: unknown };
  let viewer: Viewer = call.viewer;
  if (typeof body.accountId === 'string') {
    const mayAskForOthers = call.viewer.kind === 'app' || call.viewer.user.globalPermissions.includes('ADMINISTER');
    if (!mayAskForOthers) return jiraError(403, 'Only Jira administrators can perform this operation.');
    const other = permissions.viewerOf(body.accountId);
    if (!other) throw new BadRequest(400, `The account ID '${body.accountId}' is not valid.`);
    viewer = other;
  }
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value.filter((item) => item !== null) : []);
  const globals = list(body.globalPermissions).map(String);
  for (const key of globals) if (!(key in GLOBAL_PERMISSIONS)) throw new BadRequest(400, `Unrecognized permission ${key}.`);
  const projectPermissions = list(body.projectPermissions).map((entry) => {
    const asked = (entry ?? {}) as { permissions?: unknown; projects?: unknown; issues?: unknown };
    const keys = list(asked.permissions).map(String).filter((key) => key !== '');
    if (keys.length === 0) throw new BadRequest(400, 'At least one project permission is required.');
    for (const key of keys) if (!(key in PROJECT_PERMISSIONS)) throw new BadRequest(400, `Unrecognized permission ${key}.`);
    const projects = list(asked.projects).map(Number).flatMap((id) => records.data.projects.filter((p) => Number(p.id) === id));
    const issues = list(asked.issues).map(Number).flatMap((id) => records.data.issues.filter((issue) => Number(issue.id) === id));
    if (projects.length > BULK_CHECK_MAX || issues.length > BULK_CHECK_MAX) throw new BadRequest(400, `At most ${BULK_CHECK_MAX} projects and ${BULK_CHECK_MAX} issues can be checked.`);
    return keys.map((key) => ({
      permission: key,
      projects: [...new Set(projects.filter((p) => permissions.projectGrants(viewer, p.key).has(key as ProjectPermissionKey)).map((p) => Number(p.id)))],
      issues: [...new Set(issues.filter((issue) => permissions.issuePermission(viewer, issue, key as ProjectPermissionKey)).map((issue) => Number(issue.id)))],
    }));
  });
  const globalPermissions = globals.filter((key) => viewer.kind === 'app' || viewer.user.globalPermissions.includes(key as GlobalPermissionKey));
  return ok({ globalPermissions: [...new Set(globalPermissions)], projectPermissions: projectPermissions.flat() });
}

// /project/search before /project/{projectIdOrKey}: the first route that matches a path answers it.
export const PROJECT_ROUTES = [
  route('GET', '/rest/api/3/project/search', searchProjects),
  route('GET', '/rest/api/3/project/{projectKeyOrId}/permissionscheme', (jira, call, p) => projectPermissionScheme(jira, call, param(p, 0))),
  route('GET', '/rest/api/3/project/{projectIdOrKey}', (jira, call, p) => getProject(jira, call, param(p, 0))),
  route('GET', '/rest/api/3/mypermissions', myPermissions),
  route('POST', '/rest/api/3/permissions/check', checkPermissions),
];
