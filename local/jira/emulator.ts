// The Jira Cloud emulator: answers the REST routes the Outcomes app calls with Jira Cloud's response shapes
// (checked against Atlassian's OpenAPI definitions in openapi.test.ts), applying Jira's permissions for the
// calling user (`asUser`) or seeing everything (`asApp`, accountId null).
//
// Routes (see JIRA_EMULATOR_ROUTES): agile boards, board configuration, sprints; the enhanced JQL search
// (GET/POST /rest/api/3/search/jql, nextPageToken paging, no total); issues; issue properties; projects;
// /mypermissions; /myself; users. `/rest/api/3/search` answers 410 Gone, as on Jira Cloud. Anything else: 404.
//
// For tests and the local preview: fault injection (`faults.inject`), simulated latency (`latencyMs`),
// call counters (`calls`), and the sprint mutations the platform would emit events for (`closeSprint`,
// `startSprint`), plus `setSprintGoal` and `transitionIssue`.

import type { EmulatedResponse, JiraBackend, JiraRequest } from '../platform';
import { createDemoData } from './demo-data';
import { compileJql, JqlError, type IndexedProperty, type JqlContext, type JqlIssue } from './jql';
import {
  GLOBAL_PERMISSIONS,
  PROJECT_PERMISSIONS,
  STATUS_CATEGORIES,
  type BoardRecord,
  type ChangelogRecord,
  type GlobalPermissionKey,
  type IssueRecord,
  type JiraData,
  type ProjectPermissionKey,
  type ProjectRecord,
  type SprintRecord,
  type StatusRecord,
  type UserRecord,
} from './model';

export { indexedPropertiesFromManifest, type IndexedProperty, type IndexedPropertyType } from './properties';

// ---------------------------------------------------------------------------------------------
// Faults, counters

export interface FaultSpec {
  /** Which calls: a RegExp tested on the path with its query string, or a prefix of it. Default: every call. */
  path?: RegExp | string;
  /** Only this HTTP method (any case). */
  method?: string;
  /** Only calls whose JSON body, as text, contains this (e.g. a search's JQL). */
  bodyIncludes?: string;
  /** The status to answer instead of the real one. Omit to only delay the real answer (with delayMs). */
  status?: number;
  /** Sent as `Retry-After` (a 429 gets 1 s when not given). */
  retryAfterSeconds?: number;
  /** How many matching calls this fault hits (default 1; Infinity for all). */
  times?: number;
  /** The body to send as it is, e.g. malformed JSON. Default: Jira's error shape. */
  body?: string;
  /** Wait this long before answering. */
  delayMs?: number;
}

export class FaultInjector {
  private faults: Array<FaultSpec & { remaining: number }> = [];

  inject(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (!(times > 0)) throw new Error('faults.inject: times must be positive');
    this.faults.push({ ...spec, remaining: times });
  }

  clear(): void {
    this.faults = [];
  }

  /** Faults still armed. */
  get pending(): number {
    return this.faults.filter((f) => f.remaining > 0).length;
  }

  /** The fault for this call, if any (consumes one of its `times`). */
  take(method: string, path: string, body?: unknown): FaultSpec | undefined {
    for (const f of this.faults) {
      if (f.remaining <= 0) continue;
      if (f.method && f.method.toUpperCase() !== method.toUpperCase()) continue;
      if (f.bodyIncludes !== undefined && !(body !== undefined && JSON.stringify(body).includes(f.bodyIncludes))) continue;
      if (f.path !== undefined) {
        if (typeof f.path === 'string') {
          if (!path.startsWith(f.path)) continue;
        } else {
          f.path.lastIndex = 0;
          if (!f.path.test(path)) continue;
        }
      }
      f.remaining -= 1;
      return f;
    }
    return undefined;
  }
}

export class CallCounter {
  total = 0;
  /** Per route, e.g. `GET /rest/api/3/search/jql`; unmatched calls count under `GET (unmatched)`. */
  byRoute: Record<string, number> = {};

  record(route: string): void {
    this.total += 1;
    this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
  }

  reset(): void {
    this.total = 0;
    this.byRoute = {};
  }
}

// ---------------------------------------------------------------------------------------------
// Routes

type Viewer = { kind: 'app' } | { kind: 'user'; user: UserRecord };

interface Call {
  method: string;
  url: URL;
  query: URLSearchParams;
  body: unknown;
  viewer: Viewer;
}

type Handler = (call: Call, params: string[]) => EmulatedResponse;

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  handler: (self: JiraEmulator) => Handler;
}

const SEGMENT = '([^/]+)';

function route(method: string, template: string, handler: (self: JiraEmulator) => Handler): Route {
  const pattern = new RegExp('^' + template.replace(/\{[^}]+\}/g, SEGMENT) + '/?$');
  return { method, template, pattern, handler };
}

// The handlers are methods of the emulator; the table only maps paths to them.
const ROUTES: Route[] = [
  route('GET', '/rest/agile/1.0/board', (s) => (c) => s['getBoards'](c)),
  route('GET', '/rest/agile/1.0/board/{boardId}', (s) => (c, p) => s['getBoard'](c, p[0] as string)),
  route('GET', '/rest/agile/1.0/board/{boardId}/configuration', (s) => (c, p) => s['getBoardConfiguration'](c, p[0] as string)),
  route('GET', '/rest/agile/1.0/board/{boardId}/sprint', (s) => (c, p) => s['getBoardSprints'](c, p[0] as string)),
  route('GET', '/rest/agile/1.0/sprint/{sprintId}', (s) => (c, p) => s['getSprint'](c, p[0] as string)),
  route('GET', '/rest/api/3/search/jql', (s) => (c) => s['search'](c)),
  route('POST', '/rest/api/3/search/jql', (s) => (c) => s['search'](c)),
  route('GET', '/rest/api/3/search', () => () => gone()),
  route('POST', '/rest/api/3/search', () => () => gone()),
  route('GET', '/rest/api/3/issue/{issueIdOrKey}', (s) => (c, p) => s['getIssue'](c, p[0] as string)),
  route('GET', '/rest/api/3/issue/{issueIdOrKey}/properties', (s) => (c, p) => s['getIssuePropertyKeys'](c, p[0] as string)),
  route('GET', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (s) => (c, p) => s['getIssueProperty'](c, p[0] as string, p[1] as string)),
  route('PUT', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (s) => (c, p) => s['putIssueProperty'](c, p[0] as string, p[1] as string)),
  route('DELETE', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (s) => (c, p) => s['deleteIssueProperty'](c, p[0] as string, p[1] as string)),
  route('GET', '/rest/api/3/project/search', (s) => (c) => s['searchProjects'](c)),
  route('GET', '/rest/api/3/project/{projectIdOrKey}', (s) => (c, p) => s['getProject'](c, p[0] as string)),
  route('GET', '/rest/api/3/mypermissions', (s) => (c) => s['myPermissions'](c)),
  route('GET', '/rest/api/3/myself', (s) => (c) => s['myself'](c)),
  route('GET', '/rest/api/3/status', (s) => () => s['statuses']()),
  route('GET', '/rest/api/3/field', (s) => () => s['fieldList']()),
  route('POST', '/rest/api/3/changelog/bulkfetch', (s) => (c) => s['bulkChangelogs'](c)),
  route('GET', '/rest/api/3/user', (s) => (c) => s['getUser'](c)),
  route('GET', '/rest/api/3/user/bulk', (s) => (c) => s['getUsersBulk'](c)),
];

/** Every route the emulator serves: `{ method, template }` with `{param}` placeholders. */
export const JIRA_EMULATOR_ROUTES: ReadonlyArray<{ method: string; template: string }> = ROUTES.map(({ method, template }) => ({ method, template }));

// ---------------------------------------------------------------------------------------------
// Responses

const JSON_TYPE = 'application/json;charset=UTF-8';

function ok(body: unknown, status = 200): EmulatedResponse {
  return { status, headers: { 'content-type': JSON_TYPE }, body };
}

function empty(status: number): EmulatedResponse {
  return { status };
}

/** Jira's error shape: `{ errorMessages, errors }`. */
function jiraError(status: number, ...errorMessages: string[]): EmulatedResponse {
  return { status, headers: { 'content-type': JSON_TYPE }, body: { errorMessages, errors: {} } };
}

function gone(): EmulatedResponse {
  return jiraError(
    410,
    'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
  );
}

class BadRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

/** `2026-11-16T09:30:00.000Z` → `2026-11-16T09:30:00.000+0000`, as the platform API writes dates. */
export function jiraDateTime(iso: string): string {
  return new Date(iso).toISOString().replace('Z', '+0000');
}

/** The system fields the emulator answers; the site's custom fields (`data.customFields`) come after them. */
const SYSTEM_FIELDS = [
  'summary',
  'status',
  'issuetype',
  'parent',
  'project',
  'priority',
  'labels',
  'assignee',
  'reporter',
  'created',
  'updated',
  'resolutiondate',
  'resolution',
  'description',
  'subtasks',
  'statuscategorychangedate',
] as const;

const FIELD_NAMES: Record<string, string> = {
  summary: 'Summary',
  status: 'Status',
  issuetype: 'Issue Type',
  parent: 'Parent',
  project: 'Project',
  priority: 'Priority',
  labels: 'Labels',
  assignee: 'Assignee',
  reporter: 'Reporter',
  created: 'Created',
  updated: 'Updated',
  resolutiondate: 'Resolved',
  resolution: 'Resolution',
  description: 'Description',
  subtasks: 'Sub-tasks',
  statuscategorychangedate: 'Status Category Changed',
};

/** What `schema.custom` says of each of Jira Software's fields in GET /rest/api/3/field. */
const CUSTOM_FIELD_TYPES = {
  storyPoints: { name: 'Story point estimate', schema: { type: 'number', custom: 'com.pyxis.greenhopper.jira:jsw-story-points' } },
  rank: { name: 'Rank', schema: { type: 'any', custom: 'com.pyxis.greenhopper.jira:gh-lexo-rank' } },
  sprint: { name: 'Sprint', schema: { type: 'array', items: 'json', custom: 'com.pyxis.greenhopper.jira:gh-sprint' } },
} as const;

/**
 * Fields a real site also has that look like Jira Software's by name but are not: an app that finds its
 * fields by name instead of by `schema.custom` (or takes the first match) picks one of these.
 */
const LOOK_ALIKE_FIELDS = [
  { id: 'customfield_10090', name: 'Story Points', schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float' } },
  { id: 'customfield_10091', name: 'Sprint', schema: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield' } },
  { id: 'customfield_10092', name: 'Rank (legacy)', schema: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield' } },
] as const;

/** Jira caps the changelog that `expand=changelog` brings to the most recent histories (full history: /changelog/bulkfetch). */
export const EXPANDED_CHANGELOG_MAX = 100;
/** POST /rest/api/3/changelog/bulkfetch: issues per request, field ids per request, histories per page. */
const BULK_CHANGELOG_MAX_ISSUES = 1000;
const BULK_CHANGELOG_MAX_FIELDS = 10;
const BULK_CHANGELOG_MAX_RESULTS = 10000;

const SEARCH_MAX_WITH_FIELDS = 100;
const SEARCH_MAX_IDS_ONLY = 5000;
const AGILE_MAX_RESULTS = 50;
const PROPERTY_VALUE_MAX = 32_768;

// ---------------------------------------------------------------------------------------------

export interface JiraEmulatorOptions {
  /** Simulated latency of every call, in ms (default 0). Can be changed later through `latencyMs`. */
  latencyMs?: number;
  /** The emulator's clock, for sprint mutations and relative JQL dates (default: the real clock). */
  clock?: () => Date;
  /**
   * Issue property paths searchable in JQL as `issue.property[KEY].path` and under their search alias
   * (what an app's `jira:entityProperty` modules declare): `indexedPropertiesFromManifest(manifestText)`.
   * Default none: then both forms are unknown fields (400).
   */
  indexedIssueProperties?: IndexedProperty[];
}

export interface CloseSprintOptions {
  at?: Date;
  /** Where unfinished issues go: a future sprint's id, or 'backlog'. Default: the board's next future sprint, else the backlog. */
  moveTo?: number | 'backlog';
}

export interface StartSprintOptions {
  at?: Date;
  /** Default: two weeks after the start. */
  endDate?: Date;
  goal?: string;
}

/** The agile API's sprint shape. */
export interface AgileSprint {
  id: number;
  self: string;
  state: 'closed' | 'active' | 'future';
  name: string;
  startDate?: string;
  endDate?: string;
  completeDate?: string;
  createdDate: string;
  originBoardId: number;
  goal: string;
}

export class JiraEmulator implements JiraBackend {
  /** The live data (a private copy of what the constructor was given; mutations change it). */
  readonly data: JiraData;
  readonly faults = new FaultInjector();
  readonly calls = new CallCounter();
  latencyMs: number;
  private readonly clock: () => Date;
  private readonly indexedProperties: IndexedProperty[];
  private readonly issuesByKey = new Map<string, IssueRecord>();
  private readonly issuesById = new Map<string, IssueRecord>();

  constructor(data: JiraData = createDemoData(), options: JiraEmulatorOptions = {}) {
    this.data = structuredClone(data);
    this.latencyMs = options.latencyMs ?? 0;
    this.clock = options.clock ?? (() => new Date());
    this.indexedProperties = options.indexedIssueProperties ?? [];
    for (const issue of this.data.issues) {
      this.issuesByKey.set(issue.key.toUpperCase(), issue);
      this.issuesById.set(issue.id, issue);
    }
  }

  async handle(request: JiraRequest): Promise<EmulatedResponse> {
    const method = request.method.toUpperCase();
    const url = new URL(request.path, 'http://jira.invalid');
    const pathname = url.pathname;
    const matched = ROUTES.find((r) => r.method === method && r.pattern.test(pathname));
    this.calls.record(matched ? `${method} ${matched.template}` : `${method} (unmatched)`);

    if (this.latencyMs > 0) await sleep(this.latencyMs);
    const fault = this.faults.take(method, request.path, request.body);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.status !== undefined) return faultResponse(fault);

    try {
      const viewer = this.viewerOf(request.accountId);
      if (!viewer) return jiraError(401, 'Client must be authenticated to access this resource.');
      if (!matched) {
        const otherMethod = ROUTES.some((r) => r.pattern.test(pathname));
        return otherMethod ? jiraError(405, `Method ${method} is not allowed on ${pathname}.`) : jiraError(404, `null for uri: ${this.data.baseUrl}${request.path}`);
      }
      const params = (matched.pattern.exec(pathname) ?? []).slice(1).map((p) => decodeURIComponent(p));
      return matched.handler(this)({ method, url, query: url.searchParams, body: request.body, viewer }, params);
    } catch (e) {
      if (e instanceof BadRequest) return jiraError(e.status, e.message);
      if (e instanceof JqlError) return jiraError(400, e.message);
      return jiraError(500, `Internal server error: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Permissions

  private viewerOf(accountId: string | null): Viewer | undefined {
    if (accountId === null) return { kind: 'app' };
    const user = this.data.users.find((u) => u.accountId === accountId && u.active);
    return user ? { kind: 'user', user } : undefined;
  }

  private projectGrants(viewer: Viewer, projectKey: string): Set<ProjectPermissionKey> {
    if (viewer.kind === 'app') return new Set(Object.keys(PROJECT_PERMISSIONS) as ProjectPermissionKey[]);
    const grants = this.data.permissions.filter((g) => g.accountId === viewer.user.accountId && g.projectKey === projectKey);
    return new Set(grants.flatMap((g) => g.permissions));
  }

  private issueDenies(viewer: Viewer, issue: IssueRecord): Set<ProjectPermissionKey> {
    if (viewer.kind === 'app') return new Set();
    return new Set(
      this.data.issueRestrictions.filter((r) => r.issueKey.toUpperCase() === issue.key.toUpperCase() && r.accountId === viewer.user.accountId).flatMap((r) => r.deny),
    );
  }

  private canBrowseProject(viewer: Viewer, projectKey: string): boolean {
    return this.projectGrants(viewer, projectKey).has('BROWSE_PROJECTS');
  }

  private canBrowseIssue(viewer: Viewer, issue: IssueRecord): boolean {
    return this.canBrowseProject(viewer, issue.projectKey) && !this.issueDenies(viewer, issue).has('BROWSE_PROJECTS');
  }

  private issuePermission(viewer: Viewer, issue: IssueRecord, permission: ProjectPermissionKey): boolean {
    if (!this.canBrowseIssue(viewer, issue)) return false;
    return this.projectGrants(viewer, issue.projectKey).has(permission) && !this.issueDenies(viewer, issue).has(permission);
  }

  /** Whether `accountId` (null = the app) holds `permission` on a project (by key) or an issue (by key). */
  hasPermission(accountId: string | null, target: { projectKey: string } | { issueKey: string }, permission: ProjectPermissionKey): boolean {
    const viewer = this.viewerOf(accountId);
    if (!viewer) return false;
    if ('issueKey' in target) {
      const issue = this.issuesByKey.get(target.issueKey.toUpperCase());
      return issue ? this.issuePermission(viewer, issue, permission) : false;
    }
    return this.projectGrants(viewer, target.projectKey).has(permission);
  }

  // -------------------------------------------------------------------------------------------
  // Lookups

  private project(keyOrId: string): ProjectRecord | undefined {
    return this.data.projects.find((p) => p.key.toUpperCase() === keyOrId.toUpperCase() || p.id === keyOrId);
  }

  private projectOf(key: string): ProjectRecord {
    const p = this.project(key);
    if (!p) throw new Error(`no project ${key}`);
    return p;
  }

  private issue(keyOrId: string): IssueRecord | undefined {
    return this.issuesByKey.get(keyOrId.toUpperCase()) ?? this.issuesById.get(keyOrId);
  }

  private visibleIssue(viewer: Viewer, keyOrId: string): IssueRecord | undefined {
    const issue = this.issue(keyOrId);
    return issue && this.canBrowseIssue(viewer, issue) ? issue : undefined;
  }

  private status(id: string): StatusRecord {
    const s = this.data.statuses.find((x) => x.id === id);
    if (!s) throw new Error(`no status ${id}`);
    return s;
  }

  private user(accountId: string | null): UserRecord | undefined {
    return accountId === null ? undefined : this.data.users.find((u) => u.accountId === accountId);
  }

  private visibleBoard(viewer: Viewer, idParam: string): BoardRecord {
    const id = Number(idParam);
    const board = Number.isInteger(id) ? this.data.boards.find((b) => b.id === id) : undefined;
    if (!board || !this.canBrowseProject(viewer, board.projectKey)) {
      throw new BadRequest(404, 'Board does not exist or you do not have permission to see it.');
    }
    return board;
  }

  private visibleSprints(viewer: Viewer): SprintRecord[] {
    return this.data.sprints.filter((s) => {
      const board = this.data.boards.find((b) => b.id === s.originBoardId);
      return board !== undefined && this.canBrowseProject(viewer, board.projectKey);
    });
  }

  // -------------------------------------------------------------------------------------------
  // JSON shapes

  private get base(): string {
    return this.data.baseUrl.replace(/\/$/, '');
  }

  private avatarUrls(initials: string): Record<string, string> {
    const u = `https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/initials/${initials}-1.png`;
    return { '48x48': `${u}?size=48&s=48`, '24x24': `${u}?size=24&s=24`, '16x16': `${u}?size=16&s=16`, '32x32': `${u}?size=32&s=32` };
  }

  private projectAvatarUrls(project: ProjectRecord): Record<string, string> {
    const u = `${this.base}/rest/api/3/universal_avatar/view/type/project/avatar/${10400 + Number(project.id) - 10000}`;
    return { '48x48': u, '24x24': `${u}?size=small`, '16x16': `${u}?size=xsmall`, '32x32': `${u}?size=medium` };
  }

  /** UserDetails: how users appear inside issues and changelogs. */
  private userDetails(u: UserRecord): Record<string, unknown> {
    return {
      self: `${this.base}/rest/api/3/user?accountId=${u.accountId}`,
      accountId: u.accountId,
      emailAddress: u.emailAddress,
      avatarUrls: this.avatarUrls(initialsOf(u.displayName)),
      displayName: u.displayName,
      active: u.active,
      timeZone: u.timeZone,
      accountType: 'atlassian',
    };
  }

  /** User: what /myself and /user return. */
  private userFull(u: UserRecord, expanded: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = { ...this.userDetails(u), locale: u.locale };
    if (expanded) {
      out.groups = { size: 1, items: [] };
      out.applicationRoles = { size: 1, items: [] };
      out.expand = 'groups,applicationRoles';
    }
    return out;
  }

  private appUser(): Record<string, unknown> {
    return {
      self: `${this.base}/rest/api/3/user?accountId=${encodeURIComponent(this.data.app.accountId)}`,
      accountId: this.data.app.accountId,
      accountType: 'app',
      avatarUrls: this.avatarUrls('OU'),
      displayName: this.data.app.displayName,
      active: true,
      timeZone: 'UTC',
      locale: 'en_US',
    };
  }

  private statusJson(id: string): Record<string, unknown> {
    const s = this.status(id);
    const cat = STATUS_CATEGORIES.find((c) => c.key === s.categoryKey);
    if (!cat) throw new Error(`status ${id} has no category`);
    return {
      self: `${this.base}/rest/api/3/status/${s.id}`,
      description: s.description,
      iconUrl: `${this.base}/`,
      name: s.name,
      id: s.id,
      statusCategory: {
        self: `${this.base}/rest/api/3/statuscategory/${cat.id}`,
        id: cat.id,
        key: cat.key,
        colorName: cat.colorName,
        name: cat.name,
      },
    };
  }

  private issueTypeJson(id: string): Record<string, unknown> {
    const t = this.data.issueTypes.find((x) => x.id === id);
    if (!t) throw new Error(`no issue type ${id}`);
    return {
      self: `${this.base}/rest/api/3/issuetype/${t.id}`,
      id: t.id,
      description: t.description,
      iconUrl: `${this.base}/rest/api/2/universal_avatar/view/type/issuetype/avatar/${t.avatarId}?size=medium`,
      name: t.name,
      subtask: t.subtask,
      avatarId: t.avatarId,
      hierarchyLevel: t.hierarchyLevel,
    };
  }

  private priorityJson(id: string): Record<string, unknown> {
    const p = this.data.priorities.find((x) => x.id === id);
    if (!p) throw new Error(`no priority ${id}`);
    return { self: `${this.base}/rest/api/3/priority/${p.id}`, iconUrl: `${this.base}/images/icons/priorities/${p.name.toLowerCase()}_new.svg`, name: p.name, id: p.id };
  }

  private projectRef(project: ProjectRecord): Record<string, unknown> {
    return {
      self: `${this.base}/rest/api/3/project/${project.id}`,
      id: project.id,
      key: project.key,
      name: project.name,
      projectTypeKey: 'software',
      simplified: false,
      avatarUrls: this.projectAvatarUrls(project),
    };
  }

  private sprintFieldJson(sprint: SprintRecord): Record<string, unknown> {
    const out: Record<string, unknown> = { id: sprint.id, name: sprint.name, state: sprint.state, boardId: sprint.originBoardId, goal: sprint.goal };
    if (sprint.startDate) out.startDate = sprint.startDate;
    if (sprint.endDate) out.endDate = sprint.endDate;
    if (sprint.completeDate) out.completeDate = sprint.completeDate;
    return out;
  }

  /** The agile API's sprint (also the payload of Jira's sprint events). */
  sprintJson(sprintOrId: SprintRecord | number): AgileSprint {
    const sprint = typeof sprintOrId === 'number' ? this.sprintRecord(sprintOrId) : sprintOrId;
    const out: AgileSprint = { id: sprint.id, self: `${this.base}/rest/agile/1.0/sprint/${sprint.id}`, state: sprint.state, name: sprint.name, createdDate: sprint.createdDate, originBoardId: sprint.originBoardId, goal: sprint.goal };
    if (sprint.startDate) out.startDate = sprint.startDate;
    if (sprint.endDate) out.endDate = sprint.endDate;
    if (sprint.completeDate) out.completeDate = sprint.completeDate;
    // Key order as Jira writes it.
    const { id, self, state, name, startDate, endDate, completeDate, createdDate, originBoardId, goal } = out;
    return JSON.parse(JSON.stringify({ id, self, state, name, startDate, endDate, completeDate, createdDate, originBoardId, goal })) as AgileSprint;
  }

  private boardJson(board: BoardRecord): Record<string, unknown> {
    const project = this.projectOf(board.projectKey);
    return {
      id: board.id,
      self: `${this.base}/rest/agile/1.0/board/${board.id}`,
      name: board.name,
      type: board.type,
      location: {
        projectId: Number(project.id),
        displayName: `${project.name} (${project.key})`,
        projectName: project.name,
        projectKey: project.key,
        projectTypeKey: 'software',
        avatarURI: `${this.base}/rest/api/2/universal_avatar/view/type/project/avatar/${10400 + Number(project.id) - 10000}?size=small`,
        name: `${project.name} (${project.key})`,
      },
      isPrivate: false,
    };
  }

  private linkedIssueJson(issue: IssueRecord): Record<string, unknown> {
    return {
      id: issue.id,
      key: issue.key,
      self: `${this.base}/rest/api/3/issue/${issue.id}`,
      fields: {
        summary: issue.summary,
        status: this.statusJson(issue.statusId),
        priority: this.priorityJson(issue.priorityId),
        issuetype: this.issueTypeJson(issue.issueTypeId),
      },
    };
  }

  /** Every field an issue has here: the system fields, then the site's custom fields. */
  private get allFields(): readonly string[] {
    const custom = this.data.customFields;
    return [...SYSTEM_FIELDS, custom.storyPoints, custom.rank, custom.sprint];
  }

  private fieldName(field: string): string {
    const custom = this.data.customFields;
    if (field === custom.storyPoints) return CUSTOM_FIELD_TYPES.storyPoints.name;
    if (field === custom.rank) return CUSTOM_FIELD_TYPES.rank.name;
    if (field === custom.sprint) return CUSTOM_FIELD_TYPES.sprint.name;
    return FIELD_NAMES[field] ?? field;
  }

  private fieldValue(field: string, issue: IssueRecord, viewer: Viewer): unknown {
    const custom = this.data.customFields;
    if (field === custom.storyPoints) return issue.storyPoints;
    if (field === custom.rank) return issue.rank;
    if (field === custom.sprint) {
      const sprints = issue.sprintIds.map((id) => this.data.sprints.find((s) => s.id === id)).filter((s): s is SprintRecord => s !== undefined);
      return sprints.length === 0 ? null : sprints.map((s) => this.sprintFieldJson(s));
    }
    switch (field) {
      case 'summary':
        return issue.summary;
      case 'status':
        return this.statusJson(issue.statusId);
      case 'issuetype':
        return this.issueTypeJson(issue.issueTypeId);
      case 'parent': {
        const parent = issue.parentKey ? this.visibleIssue(viewer, issue.parentKey) : undefined;
        return parent ? this.linkedIssueJson(parent) : undefined;
      }
      case 'project':
        return this.projectRef(this.projectOf(issue.projectKey));
      case 'priority':
        return this.priorityJson(issue.priorityId);
      case 'labels':
        return [...issue.labels];
      case 'assignee': {
        const u = this.user(issue.assigneeAccountId);
        return u ? this.userDetails(u) : null;
      }
      case 'reporter': {
        const u = this.user(issue.reporterAccountId);
        return u ? this.userDetails(u) : null;
      }
      case 'created':
        return jiraDateTime(issue.created);
      case 'updated':
        return jiraDateTime(issue.updated);
      case 'resolutiondate':
        return issue.resolutiondate ? jiraDateTime(issue.resolutiondate) : null;
      case 'resolution':
        return issue.resolutiondate
          ? { self: `${this.base}/rest/api/3/resolution/10000`, id: '10000', description: 'Work has been completed on this issue.', name: 'Done' }
          : null;
      case 'description':
        return issue.description === null
          ? null
          : {
              type: 'doc',
              version: 1,
              content: issue.description.split(/\n\n+/).map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
            };
      case 'subtasks':
        return this.data.issues
          .filter((i) => i.parentKey !== null && i.parentKey.toUpperCase() === issue.key.toUpperCase() && this.isSubtask(i) && this.canBrowseIssue(viewer, i))
          .map((i) => this.linkedIssueJson(i));
      case 'statuscategorychangedate':
        return jiraDateTime(this.statusCategoryChangeDate(issue));
      default:
        return undefined;
    }
  }

  private isSubtask(issue: IssueRecord): boolean {
    return this.data.issueTypes.find((t) => t.id === issue.issueTypeId)?.subtask ?? false;
  }

  private statusCategoryChangeDate(issue: IssueRecord): string {
    let at = issue.created;
    for (const h of issue.changelog) {
      for (const item of h.items) {
        if (item.field !== 'status' || item.from === null || item.to === null) continue;
        const from = this.data.statuses.find((s) => s.id === item.from)?.categoryKey;
        const to = this.data.statuses.find((s) => s.id === item.to)?.categoryKey;
        if (from !== to) at = h.created;
      }
    }
    return at;
  }

  private historyJson(h: ChangelogRecord, fieldIds?: ReadonlySet<string>): Record<string, unknown> {
    const author = this.user(h.authorAccountId);
    const out: Record<string, unknown> = { id: h.id };
    if (author) out.author = this.userDetails(author);
    out.created = jiraDateTime(h.created);
    out.items = h.items
      .filter((item) => !fieldIds || fieldIds.has(item.fieldId ?? item.field))
      .map((item) => {
        const o: Record<string, unknown> = { field: item.field, fieldtype: item.fieldtype };
        if (item.fieldId) o['fieldId'] = item.fieldId;
        o['from'] = item.from;
        o['fromString'] = item.fromString;
        o['to'] = item.to;
        o['toString'] = item.toString;
        return o;
      });
    return out;
  }

  /**
   * The changelog `expand=changelog` brings: like Jira, only the most recent histories, newest first,
   * with `total` counting them all, so that a long-lived issue's first moves are not in it.
   */
  private changelogJson(issue: IssueRecord): Record<string, unknown> {
    const newestFirst = [...issue.changelog].reverse().slice(0, EXPANDED_CHANGELOG_MAX);
    const histories = newestFirst.map((h) => this.historyJson(h));
    return { startAt: 0, maxResults: EXPANDED_CHANGELOG_MAX, total: issue.changelog.length, histories };
  }

  private issueJson(issue: IssueRecord, viewer: Viewer, fields: ReadonlySet<string>, expand: ReadonlySet<string>, properties: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    out.expand = 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations';
    out.id = issue.id;
    out.self = `${this.base}/rest/api/3/issue/${issue.id}`;
    out.key = issue.key;
    const f: Record<string, unknown> = {};
    for (const name of this.allFields) {
      if (!fields.has(name)) continue;
      const v = this.fieldValue(name, issue, viewer);
      if (v !== undefined) f[name] = v;
    }
    out.fields = f;
    if (properties.length > 0) {
      const wanted = properties.includes('*all') ? Object.keys(issue.properties) : properties;
      out.properties = Object.fromEntries(wanted.filter((k) => k in issue.properties).map((k) => [k, issue.properties[k]]));
    }
    if (expand.has('changelog')) out.changelog = this.changelogJson(issue);
    return out;
  }

  private namesOf(fields: ReadonlySet<string>): Record<string, string> {
    return Object.fromEntries(this.allFields.filter((f) => fields.has(f)).map((f) => [f, this.fieldName(f)]));
  }

  // -------------------------------------------------------------------------------------------
  // Agile API

  private getBoards(call: Call): EmulatedResponse {
    const { startAt, maxResults } = agilePaging(call.query);
    let boards = this.data.boards.filter((b) => this.canBrowseProject(call.viewer, b.projectKey));
    const projectKeyOrId = call.query.get('projectKeyOrId');
    if (projectKeyOrId !== null) {
      const project = this.project(projectKeyOrId);
      if (!project || !this.canBrowseProject(call.viewer, project.key)) throw new BadRequest(400, `No project could be found with key '${projectKeyOrId}'.`);
      boards = boards.filter((b) => b.projectKey === project.key);
    }
    const types = call.query.getAll('type').flatMap((t) => t.split(',')).map((t) => t.trim().toLowerCase()).filter(Boolean);
    for (const t of types) if (!['scrum', 'kanban', 'simple'].includes(t)) throw new BadRequest(400, `The board type '${t}' is not valid.`);
    if (types.length > 0) boards = boards.filter((b) => types.includes(b.type));
    const name = call.query.get('name');
    if (name) boards = boards.filter((b) => b.name.toLowerCase().includes(name.toLowerCase()));
    return ok(agilePage(boards.map((b) => this.boardJson(b)), startAt, maxResults));
  }

  private getBoard(call: Call, boardId: string): EmulatedResponse {
    return ok(this.boardJson(this.visibleBoard(call.viewer, boardId)));
  }

  private getBoardConfiguration(call: Call, boardId: string): EmulatedResponse {
    const board = this.visibleBoard(call.viewer, boardId);
    const project = this.projectOf(board.projectKey);
    const statusRef = (s: StatusRecord): Record<string, string> => ({ id: s.id, self: `${this.base}/rest/api/2/status/${s.id}` });
    const columns = this.data.statuses.map((s) => ({ name: s.name, statuses: [statusRef(s)] }));
    const estimation = board.estimationFieldId !== undefined ? board.estimationFieldId : board.type === 'scrum' ? this.data.customFields.storyPoints : null;
    const out: Record<string, unknown> = {
      id: board.id,
      name: board.name,
      type: board.type,
      self: `${this.base}/rest/agile/1.0/board/${board.id}/configuration`,
      location: { type: 'project', key: project.key, id: project.id, self: `${this.base}/rest/api/2/project/${project.id}`, name: project.name },
      filter: { id: String(10000 + board.id), self: `${this.base}/rest/api/2/filter/${10000 + board.id}` },
      columnConfig: { columns, constraintType: 'issueCount' },
      estimation: estimation ? { type: 'field', field: { fieldId: estimation, displayName: this.fieldName(estimation) } } : { type: 'issueCount' },
      ranking: { rankCustomFieldId: Number(this.data.customFields.rank.replace('customfield_', '')) },
    };
    if (board.type === 'kanban') out.subQuery = { query: 'resolution = EMPTY OR resolution changed after -2w' };
    return ok(out);
  }

  private getBoardSprints(call: Call, boardId: string): EmulatedResponse {
    const board = this.visibleBoard(call.viewer, boardId);
    if (board.type !== 'scrum') throw new BadRequest(400, 'The board does not support sprints');
    const { startAt, maxResults } = agilePaging(call.query);
    const states = call.query.getAll('state').flatMap((s) => s.split(',')).map((s) => s.trim().toLowerCase()).filter(Boolean);
    for (const s of states) if (!['future', 'active', 'closed'].includes(s)) throw new BadRequest(400, `The sprint state '${s}' is not valid. Valid states are: future, active, closed.`);
    const order = { closed: 0, active: 1, future: 2 };
    const sprints = this.data.sprints
      .map((s, position) => ({ s, position }))
      .filter(({ s }) => s.originBoardId === board.id && (states.length === 0 || states.includes(s.state)))
      .sort((a, b) => order[a.s.state] - order[b.s.state] || a.position - b.position)
      .map(({ s }) => this.sprintJson(s));
    return ok(agilePage(sprints, startAt, maxResults));
  }

  private getSprint(call: Call, sprintId: string): EmulatedResponse {
    const id = Number(sprintId);
    const sprint = this.visibleSprints(call.viewer).find((s) => s.id === id);
    if (!sprint) return jiraError(404, `Sprint with id ${sprintId} does not exist or you do not have permission to see it.`);
    return ok(this.sprintJson(sprint));
  }

  // -------------------------------------------------------------------------------------------
  // Search

  private jqlContext(viewer: Viewer): JqlContext {
    return {
      projects: this.data.projects.filter((p) => this.canBrowseProject(viewer, p.key)),
      sprints: this.visibleSprints(viewer),
      issueTypes: this.data.issueTypes,
      statuses: this.data.statuses,
      statusCategories: STATUS_CATEGORIES,
      priorities: this.data.priorities,
      users: this.data.users,
      findIssue: (keyOrId) => this.visibleIssue(viewer, keyOrId),
      currentAccountId: viewer.kind === 'user' ? viewer.user.accountId : null,
      now: this.clock(),
      indexedProperties: this.indexedProperties,
      storyPointsFieldId: this.data.customFields.storyPoints,
    };
  }

  private jqlView(issue: IssueRecord): JqlIssue {
    return { ...issue, projectId: this.projectOf(issue.projectKey).id };
  }

  private search(call: Call): EmulatedResponse {
    const p = call.method === 'POST' ? searchParamsFromBody(call.body) : searchParamsFromQuery(call.query);
    const jql = p.jql ?? '';
    const compiled = compileJql(jql, this.jqlContext(call.viewer));
    if (!compiled.bounded) throw new BadRequest(400, 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.');

    const fields = selectFields(p.fields, 'search', this.allFields);
    const expand = new Set((p.expand ?? '').split(',').map((e) => e.trim()).filter(Boolean));
    const cap = fields.size === 0 && expand.size === 0 ? SEARCH_MAX_IDS_ONLY : SEARCH_MAX_WITH_FIELDS;
    const maxResults = Math.min(p.maxResults ?? 50, cap);
    if (!Number.isInteger(maxResults) || maxResults < 0) throw new BadRequest(400, 'The maxResults parameter must be a non-negative integer.');

    const fingerprint = hashString(jql);
    let offset = 0;
    if (p.nextPageToken !== undefined && p.nextPageToken !== null && p.nextPageToken !== '') {
      const decoded = decodePageToken(p.nextPageToken);
      if (!decoded || decoded.fingerprint !== fingerprint) throw new BadRequest(400, 'The provided next page token is invalid or expired.');
      offset = decoded.offset;
    }

    const matched = this.data.issues
      .filter((i) => this.canBrowseIssue(call.viewer, i))
      .map((i) => ({ record: i, view: this.jqlView(i) }))
      .filter((x) => compiled.matches(x.view))
      .sort((a, b) => compiled.compare(a.view, b.view));
    const page = matched.slice(offset, offset + maxResults);
    const end = offset + page.length;
    const isLast = end >= matched.length;

    const out: Record<string, unknown> = {
      issues: page.map((x) => this.issueJson(x.record, call.viewer, fields, expand, p.properties)),
    };
    if (!isLast) out.nextPageToken = encodePageToken(end, fingerprint);
    out.isLast = isLast;
    if (expand.has('names')) out.names = this.namesOf(fields);
    return ok(out);
  }

  // -------------------------------------------------------------------------------------------
  // Issues, properties

  private getIssue(call: Call, keyOrId: string): EmulatedResponse {
    const issue = this.visibleIssue(call.viewer, keyOrId);
    if (!issue) return jiraError(404, ISSUE_NOT_FOUND);
    const fields = selectFields(listParam(call.query, 'fields'), 'issue', this.allFields);
    const expand = new Set(listParam(call.query, 'expand') ?? []);
    const out = this.issueJson(issue, call.viewer, fields, expand, listParam(call.query, 'properties') ?? []);
    if (expand.has('names')) out.names = this.namesOf(fields);
    return ok(out);
  }

  /**
   * The issue, if the caller may browse (else 404) and edit it (else `deniedStatus`: the platform API
   * documents 403 for PUT …/properties/{key} but 404 for DELETE). Jira's message for a missing
   * EDIT_ISSUES (`editissue.error.no.edit.permission`).
   */
  private editableIssue(call: Call, keyOrId: string, deniedStatus: 403 | 404 = 403): IssueRecord {
    const issue = this.visibleIssue(call.viewer, keyOrId);
    if (!issue) throw new BadRequest(404, ISSUE_NOT_FOUND);
    if (!this.issuePermission(call.viewer, issue, 'EDIT_ISSUES')) throw new BadRequest(deniedStatus, 'You do not have permission to edit issues in this project.');
    return issue;
  }

  private getIssuePropertyKeys(call: Call, keyOrId: string): EmulatedResponse {
    const issue = this.visibleIssue(call.viewer, keyOrId);
    if (!issue) return jiraError(404, ISSUE_NOT_FOUND);
    return ok({
      keys: Object.keys(issue.properties).map((key) => ({ self: `${this.base}/rest/api/3/issue/${issue.id}/properties/${encodeURIComponent(key)}`, key })),
    });
  }

  private getIssueProperty(call: Call, keyOrId: string, propertyKey: string): EmulatedResponse {
    const issue = this.visibleIssue(call.viewer, keyOrId);
    if (!issue) return jiraError(404, ISSUE_NOT_FOUND);
    if (!(propertyKey in issue.properties)) return jiraError(404, `The property with key '${propertyKey}' does not exist.`);
    return ok({ key: propertyKey, value: structuredClone(issue.properties[propertyKey]) });
  }

  private putIssueProperty(call: Call, keyOrId: string, propertyKey: string): EmulatedResponse {
    const issue = this.editableIssue(call, keyOrId);
    if (propertyKey.length === 0 || propertyKey.length > 255) throw new BadRequest(400, 'The property key must be between 1 and 255 characters long.');
    if (call.body === undefined) throw new BadRequest(400, 'The property value must be valid JSON.');
    const text = JSON.stringify(call.body);
    if (text.length > PROPERTY_VALUE_MAX) throw new BadRequest(400, `The property value is too large. Maximum length is ${PROPERTY_VALUE_MAX} characters.`);
    const existed = propertyKey in issue.properties;
    issue.properties[propertyKey] = JSON.parse(text) as unknown;
    return empty(existed ? 200 : 201);
  }

  private deleteIssueProperty(call: Call, keyOrId: string, propertyKey: string): EmulatedResponse {
    const issue = this.editableIssue(call, keyOrId, 404);
    if (!(propertyKey in issue.properties)) return jiraError(404, `The property with key '${propertyKey}' does not exist.`);
    delete issue.properties[propertyKey];
    return empty(204);
  }

  // -------------------------------------------------------------------------------------------
  // Projects, permissions, users

  private getProject(call: Call, keyOrId: string): EmulatedResponse {
    const project = this.project(keyOrId);
    if (!project || !this.canBrowseProject(call.viewer, project.key)) return jiraError(404, `No project could be found with key '${keyOrId}'.`);
    const lead = this.user(project.leadAccountId);
    const body: Record<string, unknown> = {
      expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
      self: `${this.base}/rest/api/3/project/${project.id}`,
      id: project.id,
      key: project.key,
      description: project.description,
      components: [],
      issueTypes: this.data.issueTypes.map((t) => this.issueTypeJson(t.id)),
      assigneeType: 'UNASSIGNED',
      versions: [],
      name: project.name,
      roles: {
        Administrators: `${this.base}/rest/api/3/project/${project.id}/role/10002`,
        Member: `${this.base}/rest/api/3/project/${project.id}/role/10003`,
        Viewer: `${this.base}/rest/api/3/project/${project.id}/role/10004`,
      },
      avatarUrls: this.projectAvatarUrls(project),
      projectTypeKey: 'software',
      simplified: false,
      style: 'classic',
      isPrivate: false,
      properties: {},
    };
    if (lead) {
      body['lead'] = {
        self: `${this.base}/rest/api/3/user?accountId=${lead.accountId}`,
        accountId: lead.accountId,
        avatarUrls: this.avatarUrls(initialsOf(lead.displayName)),
        displayName: lead.displayName,
        active: lead.active,
      };
    }
    return ok(body);
  }

  /** The projects the caller may browse, a page at a time (`startAt`, `maxResults` ≤ 100, `query`), by key. */
  private searchProjects(call: Call): EmulatedResponse {
    const startAt = intParam(call.query, 'startAt', 0);
    const maxResults = Math.min(intParam(call.query, 'maxResults', 50), 100);
    const query = (call.query.get('query') ?? '').trim().toLowerCase();
    const all = this.data.projects
      .filter((p) => this.canBrowseProject(call.viewer, p.key))
      .filter((p) => !query || p.key.toLowerCase().includes(query) || p.name.toLowerCase().includes(query))
      .sort((a, b) => a.key.localeCompare(b.key));
    const values = all.slice(startAt, startAt + maxResults).map((project) => ({
      expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
      self: `${this.base}/rest/api/3/project/${project.id}`,
      id: project.id,
      key: project.key,
      name: project.name,
      avatarUrls: this.projectAvatarUrls(project),
      projectTypeKey: 'software',
      simplified: false,
      style: 'classic',
      isPrivate: false,
      properties: {},
    }));
    const page = (at: number) => {
      const q = new URLSearchParams(call.query);
      q.set('startAt', String(at));
      q.set('maxResults', String(maxResults));
      return `${this.base}/rest/api/3/project/search?${q.toString()}`;
    };
    const isLast = startAt + values.length >= all.length;
    return ok({ self: page(startAt), ...(isLast ? {} : { nextPage: page(startAt + values.length) }), maxResults, startAt, total: all.length, isLast, values });
  }

  private myPermissions(call: Call): EmulatedResponse {
    const raw = call.query.get('permissions');
    if (raw === null || raw.trim() === '') throw new BadRequest(400, 'The permissions query parameter is required.');
    const keys = [...new Set(raw.split(',').map((k) => k.trim()).filter(Boolean))];
    for (const k of keys) {
      if (!(k in PROJECT_PERMISSIONS) && !(k in GLOBAL_PERMISSIONS)) throw new BadRequest(400, `The permission key '${k}' is not valid.`);
    }

    const { viewer } = call;
    let decide: (k: ProjectPermissionKey) => boolean;
    const issueRef = call.query.get('issueKey') ?? call.query.get('issueId');
    const projectRef = call.query.get('projectKey') ?? call.query.get('projectId');
    if (issueRef !== null) {
      const issue = this.issue(issueRef);
      if (!issue) return jiraError(404, ISSUE_NOT_FOUND);
      decide = (k) => this.issuePermission(viewer, issue, k);
    } else if (projectRef !== null) {
      const project = this.project(projectRef);
      if (!project) return jiraError(404, `No project could be found with key '${projectRef}'.`);
      const grants = this.projectGrants(viewer, project.key);
      decide = (k) => grants.has(k);
    } else {
      // No context: a project permission counts if the user holds it in at least one project.
      decide = (k) => this.data.projects.some((p) => this.projectGrants(viewer, p.key).has(k));
    }

    const permissions: Record<string, unknown> = {};
    for (const k of keys) {
      if (k in PROJECT_PERMISSIONS) {
        const def = PROJECT_PERMISSIONS[k as ProjectPermissionKey];
        permissions[k] = { id: def.id, key: k, name: def.name, type: 'PROJECT', description: def.description, havePermission: decide(k as ProjectPermissionKey) };
      } else {
        const def = GLOBAL_PERMISSIONS[k as GlobalPermissionKey];
        const have = viewer.kind === 'app' || viewer.user.globalPermissions.includes(k as GlobalPermissionKey);
        permissions[k] = { id: def.id, key: k, name: def.name, type: 'GLOBAL', description: def.description, havePermission: have };
      }
    }
    return ok({ permissions });
  }

  /** Every status of the site with its category (Jira lists them for any signed-in user). */
  private statuses(): EmulatedResponse {
    return ok(this.data.statuses.map((status) => this.statusJson(status.id)));
  }

  /** GET /rest/api/3/field: the system fields, the site's Jira Software fields and a few look-alikes. */
  private fieldList(): EmulatedResponse {
    const system = SYSTEM_FIELDS.map((id) => ({
      id,
      key: id,
      name: FIELD_NAMES[id] ?? id,
      custom: false,
      orderable: id !== 'statuscategorychangedate' && id !== 'subtasks',
      navigable: true,
      searchable: true,
      clauseNames: [id],
      schema: { type: id === 'labels' || id === 'subtasks' ? 'array' : 'string', system: id },
    }));
    const custom = (Object.keys(CUSTOM_FIELD_TYPES) as Array<keyof typeof CUSTOM_FIELD_TYPES>).map((kind) => ({
      id: this.data.customFields[kind],
      name: CUSTOM_FIELD_TYPES[kind].name,
      schema: CUSTOM_FIELD_TYPES[kind].schema,
    }));
    const customJson = [...custom, ...LOOK_ALIKE_FIELDS]
      .filter((field, index, all) => all.findIndex((other) => other.id === field.id) === index)
      .map((field) => {
        const customId = Number(field.id.replace('customfield_', ''));
        return {
          id: field.id,
          key: field.id,
          name: field.name,
          custom: true,
          orderable: true,
          navigable: true,
          searchable: true,
          clauseNames: [`cf[${customId}]`, field.name],
          schema: { ...field.schema, customId },
        };
      });
    return ok([...system, ...customJson]);
  }

  /**
   * POST /rest/api/3/changelog/bulkfetch: every history of the given issues, oldest first (then by issue
   * id), paged by `nextPageToken`, optionally only the items of some fields. Whether Jira refuses or
   * leaves out an issue the caller may not see is not documented: this emulator leaves it out.
   */
  private bulkChangelogs(call: Call): EmulatedResponse {
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
    let offset = 0;
    if (typeof body.nextPageToken === 'string' && body.nextPageToken !== '') {
      const decoded = decodePageToken(body.nextPageToken);
      if (!decoded || decoded.fingerprint !== fingerprint) throw new BadRequest(400, 'The provided next page token is invalid or expired.');
      offset = decoded.offset;
    }
    const issues = [...new Map((ids as string[]).flatMap((id) => {
      const issue = this.visibleIssue(call.viewer, id);
      return issue ? [[issue.id, issue] as const] : [];
    })).values()];
    const all = issues
      .flatMap((issue) => issue.changelog.map((history) => ({ issue, history, json: this.historyJson(history, only) })))
      .filter((entry) => (entry.json.items as unknown[]).length > 0)
      .sort((a, b) => Date.parse(a.history.created) - Date.parse(b.history.created) || Number(a.issue.id) - Number(b.issue.id));
    const page = all.slice(offset, offset + maxResults);
    const byIssue = new Map<string, Record<string, unknown>[]>();
    for (const entry of page) byIssue.set(entry.issue.id, [...(byIssue.get(entry.issue.id) ?? []), entry.json]);
    const out: Record<string, unknown> = { issueChangeLogs: [...byIssue].map(([issueId, changeHistories]) => ({ issueId, changeHistories })) };
    if (offset + page.length < all.length) out.nextPageToken = encodePageToken(offset + page.length, fingerprint);
    return ok(out);
  }

  private myself(call: Call): EmulatedResponse {
    return ok(call.viewer.kind === 'app' ? this.appUser() : this.userFull(call.viewer.user, true));
  }

  private getUser(call: Call): EmulatedResponse {
    const accountId = call.query.get('accountId');
    if (!accountId) throw new BadRequest(400, 'The accountId query parameter needs to be provided.');
    if (accountId === this.data.app.accountId) return ok(this.appUser());
    const u = this.user(accountId);
    if (!u) return jiraError(404, `Specified user does not exist or you do not have required permissions`);
    return ok(this.userFull(u, false));
  }

  private getUsersBulk(call: Call): EmulatedResponse {
    const ids = call.query.getAll('accountId').flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
    if (ids.length === 0) throw new BadRequest(400, 'The accountId query parameter needs to be provided.');
    const startAt = intParam(call.query, 'startAt', 0);
    const maxResults = intParam(call.query, 'maxResults', 10);
    if (maxResults < 1) throw new BadRequest(400, 'maxResults must be greater than 0.');
    const users = [...new Set(ids)].map((id) => this.user(id)).filter((u): u is UserRecord => u !== undefined);
    const page = users.slice(startAt, startAt + maxResults);
    const isLast = startAt + page.length >= users.length;
    const self = `${this.base}/rest/api/3/user/bulk?${call.query.toString()}`;
    const out: Record<string, unknown> = { self, maxResults, startAt, total: users.length, isLast, values: page.map((u) => this.userFull(u, false)) };
    if (!isLast) {
      const next = new URLSearchParams(call.query);
      next.set('startAt', String(startAt + page.length));
      out.nextPage = `${this.base}/rest/api/3/user/bulk?${next.toString()}`;
    }
    return ok(out);
  }

  // -------------------------------------------------------------------------------------------
  // Mutations (what the local preview does in Jira's place; no REST route)

  private sprintRecord(id: number): SprintRecord {
    const s = this.data.sprints.find((x) => x.id === id);
    if (!s) throw new Error(`Sprint ${id} does not exist`);
    return s;
  }

  /**
   * Completes an active sprint as Jira does: state closed, completeDate set; every unfinished issue
   * (and its sub-tasks) moves to the board's next future sprint, or the backlog if there is none (the
   * closed sprint stays in its Sprint field). Returns the closed sprint in the agile API's shape.
   */
  closeSprint(sprintId: number, options: CloseSprintOptions = {}): AgileSprint {
    const sprint = this.sprintRecord(sprintId);
    if (sprint.state !== 'active') throw new Error(`Sprint ${sprintId} is ${sprint.state}, not active`);
    const at = (options.at ?? this.clock()).toISOString();
    let target: SprintRecord | undefined;
    if (typeof options.moveTo === 'number') {
      target = this.sprintRecord(options.moveTo);
      if (target.state !== 'future' || target.originBoardId !== sprint.originBoardId) throw new Error(`Sprint ${options.moveTo} is not a future sprint of the same board`);
    } else if (options.moveTo === undefined) {
      target = this.data.sprints.find((s) => s.originBoardId === sprint.originBoardId && s.state === 'future');
    }
    sprint.state = 'closed';
    sprint.completeDate = at;

    const unfinished = this.data.issues.filter(
      (i) => !this.isSubtask(i) && i.sprintIds[i.sprintIds.length - 1] === sprint.id && this.status(i.statusId).categoryKey !== 'done',
    );
    const moving = new Set(unfinished.map((i) => i.key.toUpperCase()));
    for (const i of this.data.issues) {
      const follows = this.isSubtask(i) && i.parentKey !== null && moving.has(i.parentKey.toUpperCase()) && i.sprintIds[i.sprintIds.length - 1] === sprint.id;
      if (!moving.has(i.key.toUpperCase()) && !follows) continue;
      if (target) i.sprintIds.push(target.id);
      i.updated = at;
    }
    return this.sprintJson(sprint);
  }

  /** Starts a future sprint (one active sprint per board, as Jira without parallel sprints). Returns it. */
  startSprint(sprintId: number, options: StartSprintOptions = {}): AgileSprint {
    const sprint = this.sprintRecord(sprintId);
    if (sprint.state !== 'future') throw new Error(`Sprint ${sprintId} is ${sprint.state}, not future`);
    const active = this.data.sprints.find((s) => s.originBoardId === sprint.originBoardId && s.state === 'active');
    if (active) throw new Error(`Sprint ${active.id} is already active on board ${sprint.originBoardId}`);
    const at = options.at ?? this.clock();
    const end = options.endDate ?? new Date(at.getTime() + 14 * 86_400_000);
    if (end.getTime() <= at.getTime()) throw new Error('The end date must be after the start date');
    sprint.state = 'active';
    sprint.startDate = at.toISOString();
    sprint.endDate = end.toISOString();
    if (options.goal !== undefined) sprint.goal = options.goal;
    return this.sprintJson(sprint);
  }

  /** Changes a sprint's goal. Returns the sprint. */
  setSprintGoal(sprintId: number, goal: string): AgileSprint {
    const sprint = this.sprintRecord(sprintId);
    sprint.goal = goal;
    return this.sprintJson(sprint);
  }

  /** Moves an issue to a status (by name or id), recording the change in its changelog. Returns the issue key. */
  transitionIssue(keyOrId: string, statusNameOrId: string, options: { at?: Date; accountId?: string } = {}): string {
    const issue = this.issue(keyOrId);
    if (!issue) throw new Error(`Issue ${keyOrId} does not exist`);
    const to = this.data.statuses.find((s) => s.id === statusNameOrId || s.name.toLowerCase() === statusNameOrId.toLowerCase());
    if (!to) throw new Error(`No status ${statusNameOrId}`);
    const from = this.status(issue.statusId);
    if (from.id === to.id) return issue.key;
    const at = (options.at ?? this.clock()).toISOString();
    const items: ChangelogRecord['items'] = [];
    if ((from.categoryKey === 'done') !== (to.categoryKey === 'done')) {
      const resolved = to.categoryKey === 'done';
      items.push({ field: 'resolution', fieldtype: 'jira', fieldId: 'resolution', from: resolved ? null : '10000', fromString: resolved ? null : 'Done', to: resolved ? '10000' : null, toString: resolved ? 'Done' : null });
      issue.resolutiondate = resolved ? at : null;
    }
    items.push({ field: 'status', fieldtype: 'jira', fieldId: 'status', from: from.id, fromString: from.name, to: to.id, toString: to.name });
    const nextId = Math.max(10000, ...this.data.issues.flatMap((i) => i.changelog.map((h) => Number(h.id)).filter(Number.isFinite))) + 1;
    issue.changelog.push({ id: String(nextId), authorAccountId: options.accountId ?? issue.assigneeAccountId ?? issue.reporterAccountId, created: at, items });
    issue.statusId = to.id;
    issue.updated = at;
    return issue.key;
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function faultResponse(fault: FaultSpec): EmulatedResponse {
  const status = fault.status as number;
  const headers: Record<string, string> = { 'content-type': JSON_TYPE };
  if (fault.retryAfterSeconds !== undefined || status === 429) headers['Retry-After'] = String(fault.retryAfterSeconds ?? 1);
  if (status === 429) {
    headers['X-RateLimit-Limit'] = '100';
    headers['X-RateLimit-Remaining'] = '0';
    headers['X-RateLimit-Reason'] = 'jira-quota-tenant-based';
  }
  if (fault.body !== undefined) return { status, headers, body: fault.body };
  const message =
    status === 429 ? 'Rate limit exceeded.' : status === 503 ? 'Service Unavailable' : status >= 500 ? 'Internal server error' : `Injected fault (${status})`;
  return { status, headers, body: { errorMessages: [message], errors: {} } };
}

function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => (w[0] as string).toUpperCase())
    .slice(0, 2)
    .join('');
}

function intParam(q: URLSearchParams, name: string, fallback: number): number {
  const raw = q.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new BadRequest(400, `The '${name}' parameter must be a non-negative integer.`);
  return n;
}

function agilePaging(q: URLSearchParams): { startAt: number; maxResults: number } {
  const startAt = intParam(q, 'startAt', 0);
  const requested = intParam(q, 'maxResults', AGILE_MAX_RESULTS);
  return { startAt, maxResults: Math.min(requested === 0 ? AGILE_MAX_RESULTS : requested, AGILE_MAX_RESULTS) };
}

function agilePage<T>(all: T[], startAt: number, maxResults: number): Record<string, unknown> {
  const values = all.slice(startAt, startAt + maxResults);
  return { maxResults, startAt, total: all.length, isLast: startAt + values.length >= all.length, values };
}

/** A list parameter given as repeated and/or comma-separated values; undefined when absent. */
function listParam(q: URLSearchParams, name: string): string[] | undefined {
  const all = q.getAll(name);
  if (all.length === 0) return undefined;
  return all.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/**
 * The fields to return. Search's default is `id` (no fields), issue GET's is `*all`. `*all` and
 * `*navigable` are every field, `-name` removes one; `id` and `key` are always at the top level; unknown
 * names are ignored, as Jira does.
 */
function selectFields(requested: string[] | undefined, kind: 'search' | 'issue', all: readonly string[]): Set<string> {
  const tokens = requested ?? (kind === 'issue' ? ['*all'] : ['id']);
  const include = new Set<string>();
  const exclude = new Set<string>();
  let sawInclude = false;
  for (const t of tokens) {
    if (t.startsWith('-')) exclude.add(t.slice(1));
    else {
      sawInclude = true;
      if (t === '*all' || t === '*navigable') all.forEach((f) => include.add(f));
      else include.add(t);
    }
  }
  // Only exclusions: start from the default set (all for an issue, none for search).
  if (!sawInclude && kind === 'issue') all.forEach((f) => include.add(f));
  return new Set(all.filter((f) => include.has(f) && !exclude.has(f)));
}

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

function hashString(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0).toString(36);
}

/** An opaque token: base64url of `offset:fingerprint-of-the-jql`. */
function encodePageToken(offset: number, fingerprint: string): string {
  return Buffer.from(`v1:${offset}:${fingerprint}`, 'utf8').toString('base64url');
}

function decodePageToken(token: string): { offset: number; fingerprint: string } | undefined {
  const parts = Buffer.from(token, 'base64url').toString('utf8').split(':');
  if (parts.length !== 3 || parts[0] !== 'v1') return undefined;
  const offset = Number(parts[1]);
  if (!Number.isInteger(offset) || offset < 0) return undefined;
  return { offset, fingerprint: parts[2] as string };
}
