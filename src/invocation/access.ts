// Who may do what on a project's OKRs, decided on the server against Jira on every call:
//  - view: Browse projects;
//  - write OKRs, settings, overrides, import: a project admin, or whoever holds the app's "Write OKRs"
//    project permission (granted in the project's permission scheme to roles, groups or users);
//  - check in and grade: whoever holds "Grade Key Results", and each Objective's owner for its own;
//  - when the scheme grants neither permission to anyone, both go to the project admins and the
//    Product Owners named in the settings (by default the project lead): projects that never granted
//    them keep working as before.
import { getAppContext } from '@forge/api';
import type { Objective, RightHolders, Settings } from '../contract';
import { type JiraClient, JiraError, type JiraProject, jiraAsApp, orNullIfHidden, type PermissionSchemeGrant } from '../jira/client';
import { loadSettings } from '../store/settings';
import type { Invocation, SiteInvocation } from './define';
import { AppError } from './errors';

/** The app's project permissions, by the key the manifest gives each (`jira:projectPermission`). */
export const APP_PERMISSIONS = { write: 'write-okrs', grade: 'grade-key-results' } as const;
type Right = keyof typeof APP_PERMISSIONS;
const RIGHT_NAMES: Record<Right, string> = { write: 'Write OKRs', grade: 'Grade Key Results' };

/** The full key Jira knows an app permission by: ari:cloud:ecosystem::extension/{appId}/{envId}/static/{key} (Forge's module docs). */
export function appPermissionKey(right: Right): string {
  const { appAri, environmentAri } = getAppContext();
  return `ari:cloud:ecosystem::extension/${appAri.appId}/${environmentAri.environmentId}/static/${APP_PERMISSIONS[right]}`;
}

export interface ProjectAccess {
  project: JiraProject;
  settings: Settings;
  accountId: string;
  isAdmin: boolean;
  /** May grade and check in on every Key Result of the project (holds Grade Key Results, or by the fallback). */
  isProductOwner: boolean;
  canEdit: boolean;
  /** Edit issues on the project: who may link its work to Key Results (each issue is checked again when linked). */
  canLinkWork: boolean;
  /** Where the rights come from: the permission scheme, or (it grants neither) the fallback. */
  source: 'scheme' | 'fallback';
  /** The scheme's grants of the app's permissions, when they were read (the settings page, or to decide the fallback). */
  grants?: PermissionSchemeGrant[] | null;
}

export async function projectAccess({ jira, projectKey, accountId }: Pick<Invocation, 'jira' | 'projectKey' | 'accountId'>, { readGrants = false } = {}): Promise<ProjectAccess> {
  const keys = { write: appPermissionKey('write'), grade: appPermissionKey('grade') };
  const [permissions, project] = await Promise.all([jira.myProjectPermissions(projectKey, [keys.write, keys.grade]), orNullIfHidden(jira.getProject(projectKey))]);
  if (!permissions.jira.BROWSE_PROJECTS || !project) {
    throw new AppError('FORBIDDEN', `You need the Browse projects permission on ${projectKey} to see its OKRs.`);
  }
  const settings = await loadSettings(projectKey, project.lead?.accountId);
  const isAdmin = permissions.jira.ADMINISTER_PROJECTS;
  const holds = { write: permissions.app?.[keys.write] === true, grade: permissions.app?.[keys.grade] === true };
  const named = settings.productOwnerAccountIds.includes(accountId);
  // The scheme is read when the caller holds neither permission (whether the fallback applies, and
  // whom a refusal names, depend on it) or the page shows who holds them.
  const grants = readGrants || (!holds.write && !holds.grade) ? await appGrants(projectKey, keys) : undefined;
  // Someone holds a right, so the scheme grants it; else, when its grants could not be read, the fallback applies (no team is locked out).
  const schemeGrants = holds.write || holds.grade || (grants ?? []).length > 0;
  const fallback = !schemeGrants && (isAdmin || named);
  return {
    project,
    settings,
    accountId,
    isAdmin,
    isProductOwner: holds.grade || fallback,
    canEdit: isAdmin || holds.write || fallback,
    canLinkWork: permissions.jira.EDIT_ISSUES,
    source: schemeGrants ? 'scheme' : 'fallback',
    ...(grants !== undefined ? { grants } : {}),
  };
}

/**
 * The project's scheme grants of the app's two permissions, read as the app (Jira lets only admins
 * read a scheme); null when Jira would not give them (then nobody is known to hold them).
 */
async function appGrants(projectKey: string, keys: Record<Right, string>): Promise<PermissionSchemeGrant[] | null> {
  try {
    const grants = await jiraAsApp().projectPermissionGrants(projectKey);
    return grants.filter((grant) => grant.permission === keys.write || grant.permission === keys.grade);
  } catch (error) {
    if (!(error instanceof JiraError)) throw error;
    console.warn(`Outcomes: the permission scheme of ${projectKey} could not be read (${error.status}); the fallback rights apply.`);
    return null;
  }
}

/** Refuses anyone who may not browse the project: for a read that needs nothing else of the project (one Jira call). */
export async function requireBrowse({ jira, projectKey }: Pick<Invocation, 'jira' | 'projectKey'>): Promise<void> {
  const permissions = await jira.myPermissions({ projectKey }, ['BROWSE_PROJECTS']);
  if (!permissions.BROWSE_PROJECTS) throw new AppError('FORBIDDEN', `You need the Browse projects permission on ${projectKey} to see its OKRs.`);
}

/** Who holds a right, in the words of a refusal. */
const holderWords = (access: ProjectAccess, right: Right) =>
  access.source === 'scheme' ? `Only someone with the ${RIGHT_NAMES[right]} permission on ${access.project.key}` : `Only a Product Owner of ${access.project.key}`;

/** Refuses a write by someone who may only read, saying who may. */
export function requireEditor(access: ProjectAccess, action: string): void {
  if (!access.canEdit) {
    throw new AppError('FORBIDDEN', `${holderWords(access, 'write')} or a project admin can ${action}.`);
  }
}

export function mayCheckIn(access: ProjectAccess, objective: Pick<Objective, 'ownerAccountId'>): boolean {
  return access.isProductOwner || objective.ownerAccountId === access.accountId;
}

export function requireCheckIn(access: ProjectAccess, objective: Pick<Objective, 'ownerAccountId' | 'title'>, action: 'check in on' | 'grade' = 'check in on'): void {
  if (!mayCheckIn(access, objective)) {
    throw new AppError('FORBIDDEN', `${holderWords(access, 'grade')} or the owner of “${objective.title}” can ${action} its Key Results.`);
  }
}

/** Who holds each right on the project, in words, and whether the caller does: for the settings page. */
export async function rightsOf(access: ProjectAccess, jira: JiraClient): Promise<{ write: RightHolders; grade: RightHolders; accountIds: string[] }> {
  const grants = access.grants ?? [];
  const write = appPermissionKey('write');
  const accountIds = grants.filter((grant) => grant.holder.type === 'user').map((grant) => grant.holder.parameter ?? grant.holder.value ?? '');
  const names = accountIds.length > 0 ? await jira.displayNames(accountIds).catch(() => ({}) as Record<string, string>) : {};
  const roleNames = new Map(Object.entries(access.project.roles ?? {}).map(([name, address]) => [address.split('/').pop() ?? '', name]));
  const describe = (key: string) =>
    grants
      .filter((grant) => grant.permission === key)
      .map(({ holder }) => {
        const who = holder.parameter ?? holder.value ?? '';
        if (holder.type === 'projectRole') return `the project role ${roleNames.get(who) ?? who}`;
        if (holder.type === 'group') return `the group ${who}`;
        if (holder.type === 'user') return names[who] ?? 'a person Jira does not show you';
        if (holder.type === 'projectLead') return 'the project lead';
        return `${holder.type} ${who}`.trim();
      });
  const fallback = 'Project admins and the Product Owners named below (by default the project lead), as the permission scheme grants neither right to anyone.';
  const right = (key: string, extra: string, youHoldIt: boolean): RightHolders => {
    if (access.source === 'fallback') return { source: 'default', description: `${fallback}${extra}`, youHoldIt };
    const holders = describe(key);
    return { source: 'scheme', description: `${holders.length > 0 ? holders.join(', ') : 'nobody'}${extra}.`, youHoldIt };
  };
  return {
    write: right(write, access.source === 'scheme' ? ', and project admins' : '', access.canEdit),
    grade: right(appPermissionKey('grade'), access.source === 'scheme' ? ", and each Objective's owner for its own Key Results" : " Each Objective's owner also checks in on and grades its own Key Results.", access.isProductOwner),
    accountIds,
  };
}

/**
 * The project a payload names, on a surface that has none (a dashboard gadget): the invocation in
 * that project once Jira says the caller may browse it. A project that does not exist and one the
 * caller may not see get the same FORBIDDEN, so the answer tells nothing about other projects.
 */
export async function inNamedProject(invocation: SiteInvocation, projectKey: string): Promise<Invocation> {
  const named: Invocation = { ...invocation, projectKey };
  await requireBrowse(named);
  return named;
}
