// What the host page knows: the dev server's answers it rendered from, who the caller is, the colour
// mode and the route; and the page paths built from them.
import type { PreviewIssue, PreviewProject, PreviewUser } from '../../site';
import { storageSet } from './dom';

export type { PreviewIssue, PreviewProject, PreviewUser };

/** GET /api/preview. */
export interface PreviewInfo {
  product: string;
  app: string;
  /** The app's id and environment, which Jira's paths of the app's pages carry. */
  appId: string;
  environmentId: string;
  mode: 'emulator' | 'proxy';
  site: string | null;
  project: PreviewProject | null;
  users: PreviewUser[];
  defaultAccountId: string;
  issueLimit: number | null;
  uiBuildMissing: string | null;
}

export type Route =
  | { name: 'project'; projectKey: string; appPath: string }
  | { name: 'sprintAction'; projectKey: string; sprintId: number; moduleKey: string }
  | { name: 'issues'; projectKey: string }
  | { name: 'settings'; projectKey: string }
  | { name: 'issue'; issueKey: string; projectKey?: undefined }
  | { name: 'search'; jql: string; projectKey?: undefined }
  | { name: 'projects'; projectKey?: undefined }
  | { name: 'dashboard'; dashboardId: string; projectKey?: undefined }
  | { name: 'organization'; projectKey?: undefined }
  | { name: 'unknown'; projectKey?: undefined };

export type ColorMode = 'light' | 'dark';

export const USER_KEY = 'outcomes.localPreview.accountId';
export const THEME_KEY = 'outcomes.localPreview.colorMode';
export const USER_HEADER = 'x-outcomes-account-id';
export const USER_COOKIE = 'outcomes-account-id';
export const SURFACE = {
  project: 'jira:projectPage',
  panel: 'jira:issuePanel',
  gadget: 'jira:dashboardGadget',
  sprintAction: 'jira:sprintAction',
  settings: 'jira:projectSettingsPage',
  organization: 'jira:globalPage',
} as const;
/** The manifest's sprint actions (jira:sprintAction), by module key, with the title Jira's menu shows. */
export const SPRINT_ACTIONS: Record<string, string> = { 'outcomes-sprint-goal': 'Tie Sprint Goal to Key Results', 'outcomes-sprint-review': 'Sprint Review' };

/** Where the preview opens a sprint action, as Jira opens it from a sprint's ••• menu. */
export function sprintActionPath(sprintId: number, moduleKey: string, projectKey: string = project().key): string {
  return '/jira/software/projects/' + encodeURIComponent(projectKey) + '/sprints/' + String(sprintId) + '/' + moduleKey;
}
export type Surface = (typeof SURFACE)[keyof typeof SURFACE];
export const APP_TITLE = 'Outcomes';

export const state = {
  /** GET /api/preview; set before anything renders. */
  preview: null as PreviewInfo | null,
  /** The project of the page: GET /api/projects/<KEY>, or the issue's. */
  project: null as PreviewProject | null,
  /** The issue of an issue page: GET /api/issues/<KEY>. */
  issue: null as PreviewIssue | null,
  /** The project's issues, for the pickers. */
  issues: [] as PreviewIssue[],
  /** The projects page: GET /api/projects. */
  projects: [] as PreviewProject[],
  /** Why the page's project or issue was not found. */
  missing: null as string | null,
  accountId: '',
  colorMode: 'light' as ColorMode,
  route: null as Route | null,
};

/** The preview's answer, which every render after start has. */
export function preview(): PreviewInfo {
  if (!state.preview) throw new Error('The local preview has not answered yet.');
  return state.preview;
}

/** The page's project, which every project-scoped page has (render checks it first). */
export function project(): PreviewProject {
  if (!state.project) throw new Error('This page has no project.');
  return state.project;
}

export function userHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { [USER_HEADER]: state.accountId, ...extra };
}

export function projectPagePath(appPath: string, projectKey: string = project().key): string {
  const base = '/jira/software/projects/' + encodeURIComponent(projectKey) + '/apps/outcomes';
  if (!appPath || appPath === '/') return base;
  return base + (appPath.startsWith('/') ? appPath : '/' + appPath);
}

/** The app's project settings page, where Jira puts a `jira:projectSettingsPage`. */
export function projectSettingsPath(projectKey: string = project().key): string {
  const info = preview();
  return '/jira/software/projects/' + encodeURIComponent(projectKey) + '/settings/apps/' + encodeURIComponent(info.appId) + '/' + encodeURIComponent(info.environmentId);
}

export function issuesPath(): string {
  return '/jira/software/projects/' + encodeURIComponent(project().key) + '/issues';
}

/** The preview's one dashboard, holding the Outcomes gadget. */
export const DASHBOARD_ID = '10000';
/** The Outcomes gadget on it (Jira gives each gadget on a dashboard its own id). */
export const GADGET_ID = '10100';

export function dashboardPath(): string {
  return '/jira/dashboards/' + DASHBOARD_ID;
}

export function issuePath(key: string): string {
  return '/browse/' + encodeURIComponent(key);
}

/** Where "home" is: the demo's project page, or in proxy mode the site's projects. */
export function homePath(): string {
  return state.preview?.project ? projectPagePath('/', state.preview.project.key) : '/jira/projects';
}

export function isProxy(): boolean {
  return state.preview?.mode === 'proxy';
}

export function findIssue(key: string): PreviewIssue | null {
  const upper = key.toUpperCase();
  return state.issues.find((issue) => issue.key.toUpperCase() === upper) ?? null;
}

export function currentUser(): PreviewUser | undefined {
  const { users } = preview();
  return users.find((user) => user.accountId === state.accountId) ?? users[0];
}

/** Remembers the caller for the page and sends it with every later request (header, and cookie for page loads). */
export function rememberUser(accountId: string): void {
  state.accountId = accountId;
  storageSet(USER_KEY, accountId);
  document.cookie = USER_COOKIE + '=' + encodeURIComponent(accountId) + '; path=/; samesite=strict';
}
