// Jira's JSON shapes: how records appear in the platform API (`…+0000` dates, UserDetails, ADF
// descriptions, capped changelogs) and the agile API (sprints, boards), for the caller who asks.
import { STATUS_CATEGORIES, type BoardRecord, type ChangelogRecord, type IssueRecord, type ProjectRecord, type SprintRecord, type UserRecord } from './model';
import type { Permissions, Viewer } from './permissions';
import type { Records } from './records';

/** `2026-11-16T09:30:00.000Z` → `2026-11-16T09:30:00.000+0000`, as the platform API writes dates. */
export function jiraDateTime(iso: string): string {
  return new Date(iso).toISOString().replace('Z', '+0000');
}

/** Jira caps the changelog that `expand=changelog` brings to the most recent histories (full history: /changelog/bulkfetch). */
export const EXPANDED_CHANGELOG_MAX = 100;

/** The system fields the emulator answers; the site's custom fields (`data.customFields`) come after them. */
export const SYSTEM_FIELDS = [
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

export const FIELD_NAMES: Record<string, string> = {
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
export const CUSTOM_FIELD_TYPES = {
  storyPoints: { name: 'Story point estimate', schema: { type: 'number', custom: 'com.pyxis.greenhopper.jira:jsw-story-points' } },
  rank: { name: 'Rank', schema: { type: 'any', custom: 'com.pyxis.greenhopper.jira:gh-lexo-rank' } },
  sprint: { name: 'Sprint', schema: { type: 'array', items: 'json', custom: 'com.pyxis.greenhopper.jira:gh-sprint' } },
} as const;

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

/**
 * The fields to return. Search's default is `id` (no fields), issue GET's is `*all`. `*all` and
 * `*navigable` are every field, `-name` removes one; `id` and `key` are always at the top level; unknown
 * names are ignored, as Jira does.
 */
export function selectFields(requested: string[] | undefined, kind: 'search' | 'issue', all: readonly string[]): Set<string> {
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

function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => (w[0] as string).toUpperCase())
    .slice(0, 2)
    .join('');
}

export class Renderer {
  constructor(
    private readonly records: Records,
    private readonly permissions: Permissions,
  ) {}

  private get base(): string {
    return this.records.base;
  }

  avatarUrls(initials: string): Record<string, string> {
    const u = `https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/initials/${initials}-1.png`;
    return { '48x48': `${u}?size=48&s=48`, '24x24': `${u}?size=24&s=24`, '16x16': `${u}?size=16&s=16`, '32x32': `${u}?size=32&s=32` };
  }

  userAvatarUrls(u: UserRecord): Record<string, string> {
    return this.avatarUrls(initialsOf(u.displayName));
  }

  projectAvatarUrls(project: ProjectRecord): Record<string, string> {
    const u = `${this.base}/rest/api/3/universal_avatar/view/type/project/avatar/${10400 + Number(project.id) - 10000}`;
    return { '48x48': u, '24x24': `${u}?size=small`, '16x16': `${u}?size=xsmall`, '32x32': `${u}?size=medium` };
  }

  /** UserDetails: how users appear inside issues and changelogs. */
  userDetails(u: UserRecord): Record<string, unknown> {
    return {
      self: `${this.base}/rest/api/3/user?accountId=${u.accountId}`,
      accountId: u.accountId,
      emailAddress: u.emailAddress,
      avatarUrls: this.userAvatarUrls(u),
      displayName: u.displayName,
      active: u.active,
      timeZone: u.timeZone,
      accountType: 'atlassian',
    };
  }

  /** User: what /myself and /user return. */
  userFull(u: UserRecord, expanded: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = { ...this.userDetails(u), locale: u.locale };
    if (expanded) {
      out.groups = { size: 1, items: [] };
      out.applicationRoles = { size: 1, items: [] };
      out.expand = 'groups,applicationRoles';
    }
    return out;
  }

  appUser(): Record<string, unknown> {
    const { app } = this.records.data;
    return {
      self: `${this.base}/rest/api/3/user?accountId=${encodeURIComponent(app.accountId)}`,
      accountId: app.accountId,
      accountType: 'app',
      avatarUrls: this.avatarUrls('OU'),
      displayName: app.displayName,
      active: true,
      timeZone: 'UTC',
      locale: 'en_US',
    };
  }

  statusJson(id: string): Record<string, unknown> {
    const s = this.records.status(id);
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

  issueTypeJson(id: string): Record<string, unknown> {
    const t = this.records.data.issueTypes.find((x) => x.id === id);
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
    const p = this.records.data.priorities.find((x) => x.id === id);
    if (!p) throw new Error(`no priority ${id}`);
    return { self: `${this.base}/rest/api/3/priority/${p.id}`, iconUrl: `${this.base}/images/icons/priorities/${p.name.toLowerCase()}_new.svg`, name: p.name, id: p.id };
  }

  private projectRef(project: ProjectRecord): Record<string, unknown> {
    return {
      self: `${this.base}/rest/api/3/project/${project.id}`,
      id: project.id,
      key: project.key,
      name: project.name,
      projectTypeKey: project.projectTypeKey ?? 'software',
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
  sprintJson(sprint: SprintRecord): AgileSprint {
    const out: AgileSprint = { id: sprint.id, self: `${this.base}/rest/agile/1.0/sprint/${sprint.id}`, state: sprint.state, name: sprint.name, createdDate: sprint.createdDate, originBoardId: sprint.originBoardId, goal: sprint.goal };
    if (sprint.startDate) out.startDate = sprint.startDate;
    if (sprint.endDate) out.endDate = sprint.endDate;
    if (sprint.completeDate) out.completeDate = sprint.completeDate;
    // Key order as Jira writes it.
    const { id, self, state, name, startDate, endDate, completeDate, createdDate, originBoardId, goal } = out;
    return JSON.parse(JSON.stringify({ id, self, state, name, startDate, endDate, completeDate, createdDate, originBoardId, goal })) as AgileSprint;
  }

  boardJson(board: BoardRecord): Record<string, unknown> {
    const project = this.records.projectOf(board.projectKey);
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
        projectTypeKey: project.projectTypeKey ?? 'software',
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
  get allFields(): readonly string[] {
    const custom = this.records.data.customFields;
    return [...SYSTEM_FIELDS, custom.storyPoints, custom.rank, custom.sprint, ...(this.records.data.appFields ?? []).map((field) => field.id)];
  }

  fieldName(field: string): string {
    const custom = this.records.data.customFields;
    if (field === custom.storyPoints) return CUSTOM_FIELD_TYPES.storyPoints.name;
    if (field === custom.rank) return CUSTOM_FIELD_TYPES.rank.name;
    if (field === custom.sprint) return CUSTOM_FIELD_TYPES.sprint.name;
    const appField = this.records.data.appFields?.find((candidate) => candidate.id === field);
    if (appField) return appField.name;
    return FIELD_NAMES[field] ?? field;
  }

  private fieldValue(field: string, issue: IssueRecord, viewer: Viewer): unknown {
    const { data } = this.records;
    const custom = data.customFields;
    if (field === custom.storyPoints) return issue.storyPoints;
    if (field === custom.rank) return issue.rank;
    const appField = data.appFields?.find((candidate) => candidate.id === field);
    if (appField) return appField.values[issue.id] ?? null;
    if (field === custom.sprint) {
      const sprints = issue.sprintIds.map((id) => data.sprints.find((s) => s.id === id)).filter((s): s is SprintRecord => s !== undefined);
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
        const parent = issue.parentKey ? this.permissions.visibleIssue(viewer, issue.parentKey) : undefined;
        return parent ? this.linkedIssueJson(parent) : undefined;
      }
      case 'project':
        return this.projectRef(this.records.projectOf(issue.projectKey));
      case 'priority':
        return this.priorityJson(issue.priorityId);
      case 'labels':
        return [...issue.labels];
      case 'assignee': {
        const u = this.records.user(issue.assigneeAccountId);
        return u ? this.userDetails(u) : null;
      }
      case 'reporter': {
        const u = this.records.user(issue.reporterAccountId);
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
        return data.issues
          .filter((i) => i.parentKey !== null && i.parentKey.toUpperCase() === issue.key.toUpperCase() && this.records.isSubtask(i) && this.permissions.canBrowseIssue(viewer, i))
          .map((i) => this.linkedIssueJson(i));
      case 'statuscategorychangedate':
        return jiraDateTime(this.statusCategoryChangeDate(issue));
      default:
        return undefined;
    }
  }

  private statusCategoryChangeDate(issue: IssueRecord): string {
    const { statuses } = this.records.data;
    let at = issue.created;
    for (const h of issue.changelog) {
      for (const item of h.items) {
        if (item.field !== 'status' || item.from === null || item.to === null) continue;
        const from = statuses.find((s) => s.id === item.from)?.categoryKey;
        const to = statuses.find((s) => s.id === item.to)?.categoryKey;
        if (from !== to) at = h.created;
      }
    }
    return at;
  }

  historyJson(h: ChangelogRecord, fieldIds?: ReadonlySet<string>): Record<string, unknown> {
    const author = this.records.user(h.authorAccountId);
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

  issueJson(issue: IssueRecord, viewer: Viewer, fields: ReadonlySet<string>, expand: ReadonlySet<string>, properties: string[]): Record<string, unknown> {
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

  namesOf(fields: ReadonlySet<string>): Record<string, string> {
    return Object.fromEntries(this.allFields.filter((f) => fields.has(f)).map((f) => [f, this.fieldName(f)]));
  }
}
