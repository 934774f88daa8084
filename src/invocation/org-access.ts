// Who may do what on the organization's OKRs, decided on the server against Jira on every call:
//  - read: anyone Jira knows as a user of the site (an anonymous or deactivated caller is refused by
//    Jira itself); no project permission is needed, as the organization's OKRs belong to no project;
//  - write, check in, grade, import: whoever holds the app's "Manage organization OKRs" global
//    permission, which a Jira admin grants to groups (Settings → System → Global permissions).
import { getAppContext } from '@forge/api';
import { JiraError, jiraAsApp } from '../jira/client';
import type { SiteInvocation } from './define';
import { AppError } from './errors';

/** The app's global permission, by the key the manifest gives it (`jira:globalPermission`). */
export const ORG_PERMISSION = 'manage-organization-okrs';
const ORG_PERMISSION_NAME = 'Manage organization OKRs';

/** The full key Jira knows an app's global permission by (Forge's module docs). */
export function orgPermissionKey(): string {
  const { appAri, environmentAri } = getAppContext();
  return `ari:cloud:ecosystem::extension/${appAri.appId}/${environmentAri.environmentId}/static/${ORG_PERMISSION}`;
}

export interface OrgAccess {
  canManage: boolean;
}

/** One Jira call: whether the caller is a user Jira knows, and whether they hold the global permission. */
export async function organizationAccess({ jira }: Pick<SiteInvocation, 'jira'>): Promise<OrgAccess> {
  try {
    return { canManage: await jira.holdsGlobalPermission(orgPermissionKey(), ORG_PERMISSION) };
  } catch (error) {
    if (error instanceof JiraError && (error.status === 401 || error.status === 403)) {
      throw new AppError('FORBIDDEN', 'Sign in to Jira with an account that has access to it to see the organization’s OKRs.');
    }
    throw error;
  }
}

/** Refuses a write by someone without the global permission, saying who may. */
export function requireOrgManager(access: OrgAccess, action: string): void {
  if (!access.canManage) {
    throw new AppError('FORBIDDEN', `Only someone with the ${ORG_PERMISSION_NAME} global permission can ${action}. A Jira admin grants it to groups under Global permissions.`);
  }
}

/** The teams (projects, by key) the viewer may see on the organization page, with their names. */
export interface VisibleTeams {
  has(projectKey: string): boolean;
  nameOf(projectKey: string): string;
}

/**
 * Which of the projects named the caller may browse, in bulk: their ids and names read as the app
 * (Jira's project search, 50 keys a call), then one permission check as the caller for up to 1,000
 * of them (POST /rest/api/3/permissions/check). The number of calls grows with the number of teams
 * only by one per 50 (names) and per 1,000 (permissions); a project Jira no longer knows is not seen.
 */
export async function visibleTeams({ jira }: Pick<SiteInvocation, 'jira'>, projectKeys: readonly string[]): Promise<VisibleTeams> {
  const keys = [...new Set(projectKeys)];
  const projects = keys.length > 0 ? await jiraAsApp().projectsByKeys(keys) : [];
  const permitted = projects.length > 0 ? await jira.projectsPermitted(projects.map((project) => project.id)) : new Set<string>();
  const names = new Map(projects.filter((project) => permitted.has(project.id)).map((project) => [project.key, project.name]));
  return { has: (projectKey) => names.has(projectKey), nameOf: (projectKey) => names.get(projectKey) ?? projectKey };
}
