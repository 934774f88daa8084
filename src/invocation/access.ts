// Who may do what on a project's OKRs, decided on the server against Jira on every call:
// view with Browse projects; write OKRs, settings and overrides as a project admin or a Product
// Owner named in settings (by default the project lead); check in as a Product Owner or the
// Objective's owner.
import type { Objective, RightHolders, Settings } from '../contract';
import { type JiraProject, orNullIfHidden } from '../jira/client';
import { loadSettings } from '../store/settings';
import type { Invocation } from './define';
import { AppError } from './errors';

export interface ProjectAccess {
  project: JiraProject;
  settings: Settings;
  accountId: string;
  isAdmin: boolean;
  isProductOwner: boolean;
  canEdit: boolean;
}

export async function projectAccess({ jira, projectKey, accountId }: Pick<Invocation, 'jira' | 'projectKey' | 'accountId'>): Promise<ProjectAccess> {
  const [permissions, project] = await Promise.all([
    jira.myPermissions({ projectKey }),
    orNullIfHidden(jira.getProject(projectKey)),
  ]);
  if (!permissions.BROWSE_PROJECTS || !project) {
    throw new AppError('FORBIDDEN', `You need the Browse projects permission on ${projectKey} to see its OKRs.`);
  }
  const settings = await loadSettings(projectKey, project.lead?.accountId);
  const isProductOwner = settings.productOwnerAccountIds.includes(accountId);
  const isAdmin = permissions.ADMINISTER_PROJECTS;
  return { project, settings, accountId, isAdmin, isProductOwner, canEdit: isAdmin || isProductOwner };
}

/** Refuses anyone who may not browse the project: for a read that needs nothing else of the project (one Jira call). */
export async function requireBrowse({ jira, projectKey }: Pick<Invocation, 'jira' | 'projectKey'>): Promise<void> {
  const permissions = await jira.myPermissions({ projectKey }, ['BROWSE_PROJECTS']);
  if (!permissions.BROWSE_PROJECTS) throw new AppError('FORBIDDEN', `You need the Browse projects permission on ${projectKey} to see its OKRs.`);
}

/** Refuses a write by someone who may only read, saying who may. */
export function requireEditor(access: ProjectAccess, action: string): void {
  if (!access.canEdit) {
    throw new AppError('FORBIDDEN', `Only a Product Owner of ${access.project.key} or a project admin can ${action}.`);
  }
}

export function mayCheckIn(access: ProjectAccess, objective: Pick<Objective, 'ownerAccountId'>): boolean {
  return access.isProductOwner || objective.ownerAccountId === access.accountId;
}

export function requireCheckIn(access: ProjectAccess, objective: Pick<Objective, 'ownerAccountId' | 'title'>): void {
  if (!mayCheckIn(access, objective)) {
    throw new AppError(
      'FORBIDDEN',
      `Only a Product Owner of ${access.project.key} or the owner of “${objective.title}” can check in on its Key Results.`,
    );
  }
}

/** Who holds each right on the project, in words, and whether the caller does: for the settings page. */
export function rightsOf(access: ProjectAccess): { write: RightHolders; grade: RightHolders } {
  const named = access.settings.productOwnerAccountIds.length !== 1 || access.settings.productOwnerAccountIds[0] !== access.project.lead?.accountId;
  const owners = named ? 'the Product Owners named below' : 'the project lead (the Product Owner until others are named)';
  return {
    write: { source: named ? 'settings' : 'default', description: `Project admins and ${owners}.`, youHoldIt: access.canEdit },
    grade: { source: named ? 'settings' : 'default', description: `${owners[0]?.toUpperCase() ?? ''}${owners.slice(1)}, and each Objective's owner for its own Key Results.`, youHoldIt: access.isProductOwner },
  };
}
