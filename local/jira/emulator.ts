// The Jira Cloud emulator: answers the REST routes the Outcomes app calls with Jira Cloud's response shapes
// (checked against Atlassian's OpenAPI definitions in openapi.test.ts), applying Jira's permissions for the
// calling user (`asUser`) or seeing everything (`asApp`, accountId null).
//
// Routes (see JIRA_EMULATOR_ROUTES and routes/): agile boards, board configuration, sprints; the enhanced JQL
// search (GET/POST /rest/api/3/search/jql, nextPageToken paging, no total); issues; issue properties; projects;
// /mypermissions; /myself; users. `/rest/api/3/search` answers 410 Gone, as on Jira Cloud. Anything else: 404.
//
// For tests and the local preview: fault injection (`faults.inject`), simulated latency (`latencyMs`),
// call counters (`calls`), and the sprint mutations the platform would emit events for (`closeSprint`,
// `startSprint`), plus `setSprintGoal` and `transitionIssue`.

import type { AppInstall, EmulatedResponse, JiraBackend, JiraRequest } from '../platform';
import { createDemoData } from './demo-data';
import { CallCounter, faultResponse, FaultInjector } from './faults';
import { JqlError, type IndexedProperty } from './jql';
import type { AppFieldRecord, JiraData, ProjectPermissionKey, SprintRecord } from './model';
import { Permissions } from './permissions';
import { Records } from './records';
import { Renderer, type AgileSprint } from './render';
import { BadRequest, jiraError } from './responses';
import { ROUTES, type Emulated } from './routes';
import { LOOK_ALIKE_FIELDS } from './routes/fields';
import { type IssueChanges, type IssueEventListener, IssueEvents, type NewIssue } from './issue-events';
import * as sprints from './sprints';
import type { CloseSprintOptions, StartSprintOptions } from './sprints';

export { indexedPropertiesFromManifest, type IndexedProperty, type IndexedPropertyType } from './properties';
export { CallCounter, FaultInjector, type FaultSpec } from './faults';
export { EXPANDED_CHANGELOG_MAX, jiraDateTime, type AgileSprint } from './render';
export type { CloseSprintOptions, StartSprintOptions } from './sprints';
export type { IssueChanges, IssueEvent, IssueEventListener, IssueEventType, NewIssue } from './issue-events';

/** Every route the emulator serves: `{ method, template }` with `{param}` placeholders. */
export const JIRA_EMULATOR_ROUTES: ReadonlyArray<{ method: string; template: string }> = ROUTES.map(({ method, template }) => ({ method, template }));

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

export class JiraEmulator implements JiraBackend {
  /** The live data (a private copy of what the constructor was given; mutations change it). */
  readonly data: JiraData;
  readonly faults = new FaultInjector();
  readonly calls = new CallCounter();
  latencyMs: number;
  private readonly jira: Emulated;
  private readonly issueEvents: IssueEvents;

  constructor(data: JiraData = createDemoData(), options: JiraEmulatorOptions = {}) {
    this.data = structuredClone(data);
    this.latencyMs = options.latencyMs ?? 0;
    const records = new Records(this.data, options.clock ?? (() => new Date()), options.indexedIssueProperties ?? []);
    const permissions = new Permissions(records);
    this.jira = { records, permissions, render: new Renderer(records, permissions) };
    this.issueEvents = new IssueEvents(records);
  }

  /**
   * Calls `listener` with the event Jira sends apps for every change made to an issue here (created,
   * updated, deleted), as it happens. Answers how to stop listening.
   */
  onIssueEvent(listener: IssueEventListener): () => void {
    return this.issueEvents.listen(listener);
  }

  /** Edits an issue's fields (summary, story points, sprints, parent, rank): one changelog entry and one updated event. */
  /** The app is installed: its project and global permissions become ones Jira knows (each once, by its full key). */
  installApp(app: AppInstall): void {
    const known = (this.data.appPermissions ??= []);
    const declared = [...app.projectPermissions.map((permission) => ({ ...permission, type: 'PROJECT' as const })), ...(app.globalPermissions ?? []).map((permission) => ({ ...permission, type: 'GLOBAL' as const }))];
    for (const permission of declared) if (!known.some((candidate) => candidate.key === permission.key)) known.push(permission);
    // Its fields: each created once, with the next id of the site's own numbering (never a usual one).
    const fields = (this.data.appFields ??= []);
    for (const field of app.customFields ?? []) {
      if (fields.some((candidate) => candidate.type === field.type)) continue;
      const taken = [...Object.values(this.data.customFields), ...LOOK_ALIKE_FIELDS.map((f) => f.id), ...fields.map((f) => f.id)].map((id) => Number(id.replace('customfield_', '')));
      fields.push({
        id: `customfield_${Math.max(...taken) + 1}`,
        key: field.key,
        type: field.type,
        name: field.name,
        description: field.description,
        dataType: field.dataType as AppFieldRecord['dataType'],
        collection: field.collection === 'list' ? 'list' : 'none',
        readOnly: field.readOnly === true,
        values: {},
      });
    }
  }

  /** The value an app's field (by its module key) holds on an issue (by key or id), as stored; undefined when none. */
  appFieldValue(moduleKey: string, issueKeyOrId: string): unknown {
    const field = this.data.appFields?.find((candidate) => candidate.type.endsWith(`/static/${moduleKey}`));
    const issue = this.jira.records.issue(issueKeyOrId);
    return field && issue ? field.values[issue.id] : undefined;
  }

  updateIssue(keyOrId: string, changes: IssueChanges, options: { at?: Date; accountId?: string } = {}): void {
    this.issueEvents.update(keyOrId, changes, options);
  }

  /** Creates an issue; answers its key. */
  createIssue(fields: NewIssue, options: { at?: Date; accountId?: string } = {}): string {
    return this.issueEvents.create(fields, options);
  }

  /** Deletes an issue (its sub-tasks too; its children lose their parent). */
  deleteIssue(keyOrId: string, options: { at?: Date } = {}): void {
    this.issueEvents.delete(keyOrId, options);
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
    if (fault?.status !== undefined) return faultResponse({ ...fault, status: fault.status });

    try {
      const viewer = this.jira.permissions.viewerOf(request.accountId);
      if (!viewer) return jiraError(401, 'Client must be authenticated to access this resource.');
      if (!matched) {
        const otherMethod = ROUTES.some((r) => r.pattern.test(pathname));
        return otherMethod ? jiraError(405, `Method ${method} is not allowed on ${pathname}.`) : jiraError(404, `null for uri: ${this.data.baseUrl}${request.path}`);
      }
      const params = (matched.pattern.exec(pathname) ?? []).slice(1).map((p) => decodeURIComponent(p));
      return matched.handler(this.jira, { method, url, query: url.searchParams, body: request.body, viewer }, params);
    } catch (e) {
      if (e instanceof BadRequest) return jiraError(e.status, e.message);
      if (e instanceof JqlError) return jiraError(400, e.message);
      return jiraError(500, `Internal server error: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Whether `accountId` (null = the app) holds `permission` on a project (by key) or an issue (by key). */
  hasPermission(accountId: string | null, target: { projectKey: string } | { issueKey: string }, permission: ProjectPermissionKey): boolean {
    const { permissions, records } = this.jira;
    const viewer = permissions.viewerOf(accountId);
    if (!viewer) return false;
    if ('issueKey' in target) {
      const issue = records.issue(target.issueKey);
      return issue && issue.key.toUpperCase() === target.issueKey.toUpperCase() ? permissions.issuePermission(viewer, issue, permission) : false;
    }
    return permissions.projectGrants(viewer, target.projectKey).has(permission);
  }

  /** The agile API's sprint (also the payload of Jira's sprint events). */
  sprintJson(sprintOrId: SprintRecord | number): AgileSprint {
    return this.jira.render.sprintJson(typeof sprintOrId === 'number' ? this.jira.records.sprint(sprintOrId) : sprintOrId);
  }

  /** Closes an active sprint as Jira does (see `sprints.closeSprint`). Returns it in the agile API's shape. */
  closeSprint(sprintId: number, options: CloseSprintOptions = {}): AgileSprint {
    const before = new Map(this.data.issues.map((issue) => [issue, issue.sprintIds.join(',')]));
    const closed = sprints.closeSprint(this.jira.records, sprintId, options);
    for (const [issue, was] of before) {
      if (issue.sprintIds.join(',') !== was) {
        this.issueEvents.emit('avi:jira:updated:issue', issue, [
          { field: 'Sprint', fieldtype: 'custom', fieldId: this.data.customFields.sprint, from: was, fromString: null, to: issue.sprintIds.join(','), toString: null },
        ]);
      }
    }
    return this.sprintJson(closed);
  }

  /** Starts a future sprint (one active sprint per board, as Jira without parallel sprints). Returns it. */
  startSprint(sprintId: number, options: StartSprintOptions = {}): AgileSprint {
    return this.sprintJson(sprints.startSprint(this.jira.records, sprintId, options));
  }

  /** Changes a sprint's goal. Returns the sprint. */
  setSprintGoal(sprintId: number, goal: string): AgileSprint {
    const sprint = this.jira.records.sprint(sprintId);
    sprint.goal = goal;
    return this.sprintJson(sprint);
  }

  /** Moves an issue to a status (by name or id), recording the change in its changelog. Returns the issue key. */
  transitionIssue(keyOrId: string, statusNameOrId: string, options: { at?: Date; accountId?: string } = {}): string {
    const issue = this.jira.records.issue(keyOrId);
    const moves = issue?.changelog.length ?? 0;
    const key = sprints.transitionIssue(this.jira.records, keyOrId, statusNameOrId, options);
    const moved = issue?.changelog.at(-1);
    if (issue && moved && issue.changelog.length > moves) this.issueEvents.emit('avi:jira:updated:issue', issue, moved.items);
    return key;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
