// Jira's permission model for the caller: project grants, minus the issue restrictions that stand in
// for issue security levels; the app (`asApp()`, accountId null) sees and may do everything.
import { BadRequest } from './responses';
import { PROJECT_PERMISSIONS, type BoardRecord, type IssueRecord, type PermissionSchemeRecord, type ProjectPermissionKey, type SchemeHolder, type SprintRecord, type UserRecord } from './model';
import type { Records } from './records';

export type Viewer = { kind: 'app' } | { kind: 'user'; user: UserRecord };

export class Permissions {
  constructor(private readonly records: Records) {}

  /** The caller, or undefined when no active user has this account id. */
  viewerOf(accountId: string | null): Viewer | undefined {
    if (accountId === null) return { kind: 'app' };
    const user = this.records.data.users.find((u) => u.accountId === accountId && u.active);
    return user ? { kind: 'user', user } : undefined;
  }

  projectGrants(viewer: Viewer, projectKey: string): Set<ProjectPermissionKey> {
    if (viewer.kind === 'app') return new Set(Object.keys(PROJECT_PERMISSIONS) as ProjectPermissionKey[]);
    const grants = this.records.data.permissions.filter((g) => g.accountId === viewer.user.accountId && g.projectKey === projectKey);
    return new Set(grants.flatMap((g) => g.permissions));
  }

  private issueDenies(viewer: Viewer, issue: IssueRecord): Set<ProjectPermissionKey> {
    if (viewer.kind === 'app') return new Set();
    return new Set(
      this.records.data.issueRestrictions
        .filter((r) => r.issueKey.toUpperCase() === issue.key.toUpperCase() && r.accountId === viewer.user.accountId)
        .flatMap((r) => r.deny),
    );
  }

  /** The project's permission scheme, or undefined when it has none recorded (it grants no app permission). */
  schemeOf(projectKey: string): PermissionSchemeRecord | undefined {
    const id = this.records.project(projectKey)?.permissionSchemeId;
    return id === undefined ? undefined : this.records.data.permissionSchemes?.find((scheme) => scheme.id === id);
  }

  /** Whether the user is one the holder names in the project. */
  holds(accountId: string, projectKey: string, holder: SchemeHolder): boolean {
    switch (holder.type) {
      case 'user':
        return holder.accountId === accountId;
      case 'group':
        return (this.records.data.groups ?? []).some((group) => group.groupId === holder.groupId && group.accountIds.includes(accountId));
      case 'projectRole':
        return (this.records.data.projectRoles ?? []).some((role) => role.projectKey === projectKey && role.roleId === holder.roleId && role.accountIds.includes(accountId));
      case 'projectLead':
        return this.records.project(projectKey)?.leadAccountId === accountId;
    }
  }

  /** An app's project permission in the project: granted by the project's scheme (the app itself holds every one). */
  hasAppPermission(viewer: Viewer, projectKey: string, key: string): boolean {
    if (viewer.kind === 'app') return true;
    const scheme = this.schemeOf(projectKey);
    return (scheme?.grants ?? []).some((grant) => grant.permission === key && this.holds(viewer.user.accountId, projectKey, grant.holder));
  }

  /** An app's global permission: granted to groups by a Jira admin (the app itself holds every one). */
  hasAppGlobalPermission(viewer: Viewer, key: string): boolean {
    if (viewer.kind === 'app') return true;
    const groups = this.records.data.groups ?? [];
    return (this.records.data.globalPermissionGrants ?? []).some(
      (grant) => key.endsWith(`/static/${grant.appPermission}`) && groups.some((group) => group.groupId === grant.groupId && group.accountIds.includes(viewer.user.accountId)),
    );
  }

  canBrowseProject(viewer: Viewer, projectKey: string): boolean {
    return this.projectGrants(viewer, projectKey).has('BROWSE_PROJECTS');
  }

  canBrowseIssue(viewer: Viewer, issue: IssueRecord): boolean {
    return this.canBrowseProject(viewer, issue.projectKey) && !this.issueDenies(viewer, issue).has('BROWSE_PROJECTS');
  }

  /**
   * `canBrowseIssue` for many issues of one call: the caller's projects and restrictions are looked up
   * once, not once per issue (a search passes over every issue of the site).
   */
  browseFilter(viewer: Viewer): (issue: IssueRecord) => boolean {
    if (viewer.kind === 'app') return () => true;
    const projects = new Map<string, boolean>();
    const denied = new Set(
      this.records.data.issueRestrictions
        .filter((r) => r.accountId === viewer.user.accountId && r.deny.includes('BROWSE_PROJECTS'))
        .map((r) => r.issueKey.toUpperCase()),
    );
    return (issue) => {
      let browsable = projects.get(issue.projectKey);
      if (browsable === undefined) {
        browsable = this.canBrowseProject(viewer, issue.projectKey);
        projects.set(issue.projectKey, browsable);
      }
      return browsable && (denied.size === 0 || !denied.has(issue.key.toUpperCase()));
    };
  }

  issuePermission(viewer: Viewer, issue: IssueRecord, permission: ProjectPermissionKey): boolean {
    if (!this.canBrowseIssue(viewer, issue)) return false;
    return this.projectGrants(viewer, issue.projectKey).has(permission) && !this.issueDenies(viewer, issue).has(permission);
  }

  visibleIssue(viewer: Viewer, keyOrId: string): IssueRecord | undefined {
    const issue = this.records.issue(keyOrId);
    return issue && this.canBrowseIssue(viewer, issue) ? issue : undefined;
  }

  /** The board, or a 404 as Jira answers for a board that is missing or in a project the caller cannot browse. */
  visibleBoard(viewer: Viewer, idParam: string): BoardRecord {
    const id = Number(idParam);
    const board = Number.isInteger(id) ? this.records.data.boards.find((b) => b.id === id) : undefined;
    if (!board || !this.canBrowseProject(viewer, board.projectKey)) {
      throw new BadRequest(404, 'Board does not exist or you do not have permission to see it.');
    }
    return board;
  }

  visibleSprints(viewer: Viewer): SprintRecord[] {
    return this.records.data.sprints.filter((s) => {
      const board = this.records.data.boards.find((b) => b.id === s.originBoardId);
      return board !== undefined && this.canBrowseProject(viewer, board.projectKey);
    });
  }
}
