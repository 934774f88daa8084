// Who may do what on the organization's OKRs, decided on the server against Jira on every call:
//  - read: anyone Jira knows as a user of the site (an anonymous or deactivated caller is refused by
//    Jira itself); no project permission is needed, as the organization's OKRs belong to no project;
//  - write, check in, grade, import: whoever holds the app's "Manage organization OKRs" global
//    permission, which a Jira admin grants to groups (Settings → System → Global permissions).
import { getAppContext } from '@forge/api';
import { JiraError } from '../jira/client';
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
