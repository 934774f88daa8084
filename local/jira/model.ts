// The data the Jira emulator serves: plain JSON-serialisable records, close to what Jira stores.
// `demo-data.ts` builds the GymTonic site in this shape; tests may build small fixtures by hand.
// Every timestamp is an ISO-8601 UTC string (`2026-11-16T09:00:00.000Z`); the emulator renders them
// the way each Jira API does (`…+0000` on the platform API, `…Z` on the agile API).

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

/** Jira's three status categories, exactly as `/rest/api/3/statuscategory` returns them (minus `self`). */
export const STATUS_CATEGORIES: ReadonlyArray<{
  id: number;
  key: StatusCategoryKey;
  name: string;
  colorName: string;
}> = [
  { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' },
  { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' },
  { id: 3, key: 'done', name: 'Done', colorName: 'green' },
];

/** Project permissions the emulator knows, with Jira Cloud's ids, names and descriptions. */
export const PROJECT_PERMISSIONS = {
  ADMINISTER_PROJECTS: { id: '23', name: 'Administer Projects', description: 'Ability to administer a project in Jira.' },
  BROWSE_PROJECTS: { id: '10', name: 'Browse Projects', description: 'Ability to browse projects and the issues within them.' },
  CREATE_ISSUES: { id: '11', name: 'Create Issues', description: 'Ability to create issues.' },
  EDIT_ISSUES: { id: '12', name: 'Edit Issues', description: 'Ability to edit issues.' },
  ASSIGN_ISSUES: { id: '13', name: 'Assign Issues', description: 'Ability to assign issues to other people.' },
  RESOLVE_ISSUES: {
    id: '14',
    name: 'Resolve Issues',
    description: 'Ability to resolve and reopen issues. This includes the ability to set a fix version.',
  },
  ADD_COMMENTS: { id: '15', name: 'Add Comments', description: 'Ability to comment on issues.' },
  DELETE_ISSUES: { id: '16', name: 'Delete Issues', description: 'Ability to delete issues.' },
  ASSIGNABLE_USER: {
    id: '17',
    name: 'Assignable User',
    description: 'Users with this permission may be assigned to issues.',
  },
  LINK_ISSUES: {
    id: '21',
    name: 'Link Issues',
    description: 'Ability to link issues together and create linked issues. Only useful if issue linking is turned on.',
  },
  SCHEDULE_ISSUES: { id: '28', name: 'Schedule Issues', description: "Ability to view or edit an issue's due date." },
  TRANSITION_ISSUES: { id: '46', name: 'Transition Issues', description: 'Ability to transition issues.' },
} as const;

export type ProjectPermissionKey = keyof typeof PROJECT_PERMISSIONS;

/** Global permissions `/mypermissions` also answers for. */
export const GLOBAL_PERMISSIONS = {
  ADMINISTER: {
    id: '0',
    name: 'Administer Jira',
    description:
      'Create and administer projects, issue types, fields, workflows, and schemes for all projects. Users with this permission can perform most administration tasks, except: managing users, importing data, and editing system email settings.',
  },
  USER_PICKER: {
    id: '27',
    name: 'Browse users and groups',
    description:
      'View and select users or groups from the user picker, and share issues. Users with this permission can see the names of all users and groups on your site.',
  },
} as const;

export type GlobalPermissionKey = keyof typeof GLOBAL_PERMISSIONS;
export type PermissionKey = ProjectPermissionKey | GlobalPermissionKey;

export interface UserRecord {
  /** A 24-hex-digit Atlassian account id. */
  accountId: string;
  displayName: string;
  emailAddress: string;
  timeZone: string;
  locale: string;
  active: boolean;
  /** A label for the local host page's user switcher (not a Jira concept). */
  role: string;
  /** Global permissions this user holds. */
  globalPermissions: GlobalPermissionKey[];
}

export interface ProjectRecord {
  id: string;
  key: string;
  name: string;
  description: string;
  leadAccountId: string;
  /** Jira's `projectTypeKey`: a Jira Software project ('software', the default) or a Jira Work Management one ('business'). */
  projectTypeKey?: 'software' | 'business';
  /** The project's permission scheme (`permissionSchemes`); none: a scheme that grants no app permission. */
  permissionSchemeId?: number;
}

/**
 * Who a permission scheme grants a permission to, as Jira's holder object has it: one user, a group,
 * the members of a project role in the project, or the project lead.
 */
export type SchemeHolder =
  | { type: 'user'; accountId: string }
  | { type: 'group'; groupId: string }
  | { type: 'projectRole'; roleId: number }
  | { type: 'projectLead' };

/**
 * A permission scheme's grants of app permissions (its grants of Jira's own permissions are the
 * per-user `permissions` above). `permission` is the app permission's full key.
 */
export interface PermissionSchemeRecord {
  id: number;
  name: string;
  grants: Array<{ id: number; permission: string; holder: SchemeHolder }>;
}

export interface GroupRecord {
  groupId: string;
  name: string;
  accountIds: string[];
}

/** A project role's members in one project. */
export interface ProjectRoleRecord {
  projectKey: string;
  roleId: number;
  name: string;
  accountIds: string[];
}

/** A project permission an installed app declares (`jira:projectPermission`): its full key, name and description. */
/**
 * A field an installed app declares (`jira:customField`): Jira creates it on install with an id of the
 * site's own (`customfield_N`), a key of the app's (`{app-id}__{environment}__{module-key}`) and, as its
 * type, the module's full key (`ari:cloud:ecosystem::extension/{app-id}/{environment-id}/static/{module-key}`).
 */
export interface AppFieldRecord {
  id: string;
  key: string;
  /** The module's full key: the field's `schema.custom`. */
  type: string;
  name: string;
  description: string;
  dataType: 'string' | 'number' | 'user' | 'group' | 'date' | 'datetime' | 'object';
  collection: 'none' | 'list';
  readOnly: boolean;
  /** The field's value on each issue that has one, by issue id. */
  values: Record<string, unknown>;
}

export interface AppPermissionRecord {
  key: string;
  name: string;
  description: string;
  /** A project permission (jira:projectPermission, granted by permission schemes) unless GLOBAL (jira:globalPermission, granted to groups). */
  type?: 'PROJECT' | 'GLOBAL';
}

/**
 * A Jira admin's grant of an app's global permission to a group, as made in Jira's admin pages: to the
 * permission of the installed app, named here by its module key (the end of its full key).
 */
export interface GlobalPermissionGrant {
  appPermission: string;
  groupId: string;
}

export interface BoardRecord {
  id: number;
  name: string;
  type: 'scrum' | 'kanban';
  /** The project the board is located in (its filter is `project = KEY ORDER BY Rank ASC`). */
  projectKey: string;
  /**
   * What the board estimates with (its configuration's `estimation`): a number field's id, `null` for
   * issue count. By default a Scrum board estimates with the site's story-point field.
   */
  estimationFieldId?: string | null;
}

export type SprintState = 'closed' | 'active' | 'future';

export interface SprintRecord {
  id: number;
  name: string;
  state: SprintState;
  /** The Sprint Goal; '' when the team set none. */
  goal: string;
  originBoardId: number;
  createdDate: string;
  startDate?: string;
  endDate?: string;
  /** Set once the sprint is closed. */
  completeDate?: string;
}

export interface StatusRecord {
  id: string;
  name: string;
  description: string;
  categoryKey: StatusCategoryKey;
}

export interface IssueTypeRecord {
  id: string;
  name: string;
  description: string;
  subtask: boolean;
  /** 1 = epic, 0 = standard (story, task, bug), -1 = sub-task. */
  hierarchyLevel: number;
  avatarId: number;
}

export interface PriorityRecord {
  id: string;
  name: string;
  statusColor: string;
}

export interface ChangeItemRecord {
  field: string;
  fieldtype: string;
  fieldId?: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface ChangelogRecord {
  id: string;
  authorAccountId: string;
  created: string;
  items: ChangeItemRecord[];
}

export interface IssueRecord {
  id: string;
  key: string;
  projectKey: string;
  issueTypeId: string;
  summary: string;
  /** Plain text; rendered as an Atlassian Document Format paragraph. */
  description: string | null;
  statusId: string;
  priorityId: string;
  labels: string[];
  /** The site's story-point field (`customFields.storyPoints`, "Story point estimate"). */
  storyPoints: number | null;
  /** The site's Rank field (`customFields.rank`): LexoRank-like, compared as plain strings. */
  rank: string;
  /** The site's Sprint field (`customFields.sprint`): every sprint the issue has been in, oldest first; the last is its current one. */
  sprintIds: number[];
  parentKey: string | null;
  created: string;
  updated: string;
  resolutiondate: string | null;
  assigneeAccountId: string | null;
  reporterAccountId: string;
  /** Oldest first. */
  changelog: ChangelogRecord[];
  /** Issue entity properties: key → JSON value. */
  properties: Record<string, unknown>;
}

export interface PermissionGrant {
  accountId: string;
  projectKey: string;
  permissions: ProjectPermissionKey[];
}

/**
 * Takes permissions away from one user on one issue, whatever the project grants: how the emulator stands in
 * for Jira's issue security levels (deny BROWSE_PROJECTS: the issue is invisible to that user) and for
 * workflow-status edit restrictions (deny EDIT_ISSUES etc.: the user sees the issue but cannot change it).
 */
export interface IssueRestriction {
  issueKey: string;
  accountId: string;
  deny: ProjectPermissionKey[];
  reason: string;
}

export interface JiraData {
  /** The site, e.g. https://gymtonic.atlassian.net: used for every `self` link. */
  baseUrl: string;
  /** The instant the data was generated around (ISO). */
  today: string;
  /** The ids of Jira Software's custom fields on this site: they differ from site to site. */
  customFields: CustomFieldIds;
  /** The account `asApp()` calls run as (what `/myself` returns for the app). */
  app: { accountId: string; displayName: string };
  users: UserRecord[];
  /** The user the local host page starts as. */
  defaultAccountId: string;
  projects: ProjectRecord[];
  boards: BoardRecord[];
  /** In board order: per board, the order of the array is the sprints' position. */
  sprints: SprintRecord[];
  statuses: StatusRecord[];
  issueTypes: IssueTypeRecord[];
  priorities: PriorityRecord[];
  issues: IssueRecord[];
  permissions: PermissionGrant[];
  issueRestrictions: IssueRestriction[];
  /** Permission schemes (their app permission grants), groups and project roles; absent: none. */
  permissionSchemes?: PermissionSchemeRecord[];
  groups?: GroupRecord[];
  projectRoles?: ProjectRoleRecord[];
  /** The project and global permissions of the apps installed on the site (filled when the app is installed). */
  appPermissions?: AppPermissionRecord[];
  /** The fields of the apps installed on the site (filled when the app is installed). */
  appFields?: AppFieldRecord[];
  /** Grants of apps' global permissions to groups (Settings → System → Global permissions); absent: none. */
  globalPermissionGrants?: GlobalPermissionGrant[];
}

// ---------------------------------------------------------------------------------------------
// Jira's stock configuration for a company-managed Scrum project, reusable by fixtures.

export const DEFAULT_STATUSES: StatusRecord[] = [
  { id: '10000', name: 'To Do', description: '', categoryKey: 'new' },
  { id: '3', name: 'In Progress', description: 'This issue is being actively worked on at the moment by the assignee.', categoryKey: 'indeterminate' },
  { id: '10002', name: 'In Review', description: 'The work is done and is being reviewed.', categoryKey: 'indeterminate' },
  { id: '10001', name: 'Done', description: '', categoryKey: 'done' },
];

export const DEFAULT_ISSUE_TYPES: IssueTypeRecord[] = [
  { id: '10000', name: 'Epic', description: 'A big user story that needs to be broken down.', subtask: false, hierarchyLevel: 1, avatarId: 10307 },
  { id: '10001', name: 'Story', description: 'Functionality or a feature expressed as a user goal.', subtask: false, hierarchyLevel: 0, avatarId: 10315 },
  { id: '10002', name: 'Task', description: 'A small, distinct piece of work.', subtask: false, hierarchyLevel: 0, avatarId: 10318 },
  { id: '10004', name: 'Bug', description: 'A problem or error.', subtask: false, hierarchyLevel: 0, avatarId: 10303 },
  { id: '10003', name: 'Sub-task', description: 'A small piece of work that is part of a larger task.', subtask: true, hierarchyLevel: -1, avatarId: 10316 },
];

export const DEFAULT_PRIORITIES: PriorityRecord[] = [
  { id: '1', name: 'Highest', statusColor: '#d04437' },
  { id: '2', name: 'High', statusColor: '#f15C75' },
  { id: '3', name: 'Medium', statusColor: '#f79232' },
  { id: '4', name: 'Low', statusColor: '#707070' },
  { id: '5', name: 'Lowest', statusColor: '#999999' },
];

/** The n-th rank (n ≥ 0) of a LexoRank-like sequence: fixed width, so string order = numeric order. */
export function rankAt(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new Error(`rankAt: bad position ${n}`);
  return `0|i${(n * 8 + 8).toString(36).padStart(5, '0')}:`;
}

export interface CustomFieldIds {
  /** "Story point estimate" (`com.pyxis.greenhopper.jira:jsw-story-points`). */
  storyPoints: string;
  /** "Rank" (`com.pyxis.greenhopper.jira:gh-lexo-rank`). */
  rank: string;
  /** "Sprint" (`com.pyxis.greenhopper.jira:gh-sprint`). */
  sprint: string;
}

/**
 * The ids a new Jira Cloud site usually gives these fields. No tenant of the emulator uses them (the
 * demo and the test tenants pick others), so that an app that hard-codes them fails its tests.
 */
export const USUAL_CUSTOM_FIELD_IDS: CustomFieldIds = {
  storyPoints: 'customfield_10016',
  rank: 'customfield_10019',
  sprint: 'customfield_10020',
};
