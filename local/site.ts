// What the preview shows around the app and builds each Forge `extension` from: the users who may act,
// the projects, their issues. With the emulator: GymTonic's project GYM and its demo users. In proxy
// mode: whatever the real site answers the API token's owner, asked afresh for every context, so the
// browser never decides which project or issue an invocation is for.
import type { JiraData } from './jira/model';
import type { JiraBackend } from './platform';

export interface PreviewUser {
  accountId: string;
  displayName: string;
  role: string;
}

export interface PreviewProject {
  id: string;
  key: string;
  name: string;
  /** Jira's project type key (`software`, `business`, `service_desk`), as Forge's `extension.project.type`. */
  type: string;
}

export interface PreviewIssue {
  id: string;
  key: string;
  summary: string;
  issueType: string;
  issueTypeId: string;
  projectKey: string;
}

export interface SiteDirectory {
  users(): Promise<{ users: PreviewUser[]; defaultAccountId: string }>;
  projects(): Promise<PreviewProject[]>;
  /** The project with this key (any case), or null when it does not exist or may not be browsed. */
  project(key: string): Promise<PreviewProject | null>;
  /** A project's issues for the host's pickers (bounded in proxy mode). */
  issues(projectKey: string): Promise<PreviewIssue[]>;
  issue(key: string): Promise<{ issue: PreviewIssue; project: PreviewProject } | null>;
  /** Where the project's sprints are closed and started on the real site (proxy mode), else null. */
  boardUrl(projectKey: string): Promise<string | null>;
}

/** The real site failed a call the preview needed: `title` and `message` are for the person at the host page. */
export class SiteError extends Error {
  constructor(
    readonly title: string,
    message: string,
    /** What the site answered (0: it could not be reached). */
    readonly siteStatus: number,
  ) {
    super(message);
  }
}

/** The issues the host's pickers list in proxy mode: the most recently updated ones (any other opens by its URL). */
export const PROXY_ISSUE_LIMIT = 200;
const PROJECT_PAGES_LIMIT = 20;

/** GymTonic's project `homeKey` and the demo users, read from the emulator's live data. */
export function emulatorDirectory(data: () => JiraData, homeKey: string, users: PreviewUser[], defaultAccountId: string): SiteDirectory {
  const home = (): PreviewProject => {
    const project = data().projects.find((candidate) => candidate.key === homeKey);
    if (!project) throw new Error(`The demo data has no project ${homeKey}.`);
    return { id: project.id, key: project.key, name: project.name, type: project.projectTypeKey ?? 'software' };
  };
  const all = (): PreviewIssue[] => {
    const current = data();
    const typeName = new Map(current.issueTypes.map((type) => [type.id, type.name]));
    return current.issues
      .filter((issue) => issue.projectKey === homeKey)
      .map((issue) => ({
        id: issue.id,
        key: issue.key,
        summary: issue.summary,
        issueType: typeName.get(issue.issueTypeId) ?? 'Issue',
        issueTypeId: issue.issueTypeId,
        projectKey: issue.projectKey,
      }));
  };
  const same = (a: string, b: string) => a.toUpperCase() === b.toUpperCase();
  return {
    users: async () => ({ users, defaultAccountId }),
    projects: async () => [home()],
    project: async (key) => (same(key, homeKey) ? home() : null),
    issues: async (projectKey) => (same(projectKey, homeKey) ? all() : []),
    async issue(key) {
      const issue = all().find((candidate) => same(candidate.key, key));
      return issue ? { issue, project: home() } : null;
    },
    boardUrl: async () => null,
  };
}

type Json = Record<string, unknown>;

/**
 * The real site behind the proxy, asked as the token's owner. Every failure becomes a SiteError saying
 * what to fix (the token, the address, the account's access), except "not found", which is null.
 */
export function proxyDirectory(jira: JiraBackend, site: { baseUrl: string; email: string }): SiteDirectory {
  const get = async (path: string, body?: unknown): Promise<Json | null> => {
    const answer = await jira.handle({
      method: body === undefined ? 'GET' : 'POST',
      path,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body }),
      accountId: null,
    });
    if (answer.status === 404) return null;
    if (answer.status >= 200 && answer.status < 300 && answer.body && typeof answer.body === 'object') return answer.body as Json;
    throw siteError(site, answer.status, answer.body, path);
  };

  let me: PreviewUser | undefined;
  const users = async () => {
    if (!me) {
      const myself = await get('/rest/api/3/myself');
      if (!myself || typeof myself.accountId !== 'string') throw siteError(site, 404, null, '/rest/api/3/myself');
      me = {
        accountId: myself.accountId,
        displayName: typeof myself.displayName === 'string' ? myself.displayName : site.email,
        role: 'Owner of the API token',
      };
    }
    return { users: [me], defaultAccountId: me.accountId };
  };

  const projectOf = (json: Json): PreviewProject => ({
    id: String(json.id),
    key: String(json.key),
    name: String(json.name ?? json.key),
    type: typeof json.projectTypeKey === 'string' ? json.projectTypeKey : 'software',
  });
  const issueOf = (json: Json, projectKey: string): PreviewIssue => {
    const fields = (json.fields ?? {}) as { summary?: string; issuetype?: { id?: string; name?: string } };
    return {
      id: String(json.id),
      key: String(json.key),
      summary: fields.summary ?? '',
      issueType: fields.issuetype?.name ?? 'Issue',
      issueTypeId: String(fields.issuetype?.id ?? ''),
      projectKey,
    };
  };
  const projectStyle = new Map<string, string>();

  return {
    users,
    async projects() {
      const out: PreviewProject[] = [];
      let startAt = 0;
      for (let page = 0; page < PROJECT_PAGES_LIMIT; page++) {
        const answer = await get(`/rest/api/3/project/search?startAt=${startAt}&maxResults=50&orderBy=key`);
        const values = (answer?.values ?? []) as Json[];
        for (const value of values) {
          out.push(projectOf(value));
          if (typeof value.style === 'string') projectStyle.set(String(value.key), value.style);
        }
        if (!answer || answer.isLast !== false || values.length === 0) break;
        startAt += values.length;
      }
      return out;
    },
    async project(key) {
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(key)) return null;
      const answer = await get(`/rest/api/3/project/${encodeURIComponent(key)}`);
      if (!answer) return null;
      if (typeof answer.style === 'string') projectStyle.set(String(answer.key), answer.style);
      return projectOf(answer);
    },
    async issues(projectKey) {
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(projectKey)) return [];
      const out: PreviewIssue[] = [];
      let nextPageToken: string | undefined;
      do {
        const answer = await get('/rest/api/3/search/jql', {
          jql: `project = "${projectKey}" ORDER BY updated DESC`,
          fields: ['summary', 'issuetype'],
          maxResults: Math.min(100, PROXY_ISSUE_LIMIT - out.length),
          ...(nextPageToken ? { nextPageToken } : {}),
        });
        // A project that vanished or may not be browsed any more: nothing to list.
        if (!answer) return [];
        for (const issue of (answer.issues ?? []) as Json[]) out.push(issueOf(issue, projectKey.toUpperCase()));
        nextPageToken = answer.isLast === false && typeof answer.nextPageToken === 'string' ? answer.nextPageToken : undefined;
      } while (nextPageToken && out.length < PROXY_ISSUE_LIMIT);
      return out;
    },
    async issue(key) {
      if (!/^[A-Za-z][A-Za-z0-9_]*-\d+$/.test(key)) return null;
      const answer = await get(`/rest/api/3/issue/${encodeURIComponent(key)}?fields=summary,issuetype,project`);
      if (!answer) return null;
      const project = projectOf(((answer.fields ?? {}) as { project?: Json }).project ?? {});
      return { issue: issueOf(answer, project.key), project };
    },
    async boardUrl(projectKey) {
      const project = await this.project(projectKey);
      if (!project) return null;
      const boards = await get(`/rest/agile/1.0/board?projectKeyOrId=${encodeURIComponent(project.key)}&type=scrum&maxResults=1`);
      const board = ((boards?.values ?? []) as Json[])[0];
      // Company-managed ("classic") projects live under /c/ in Jira Cloud's URLs, team-managed ones do not.
      const base = `${site.baseUrl}/jira/software/${projectStyle.get(project.key) === 'classic' ? 'c/' : ''}projects/${encodeURIComponent(project.key)}`;
      return board ? `${base}/boards/${encodeURIComponent(String(board.id))}` : `${base}/boards`;
    },
  };
}

function siteError(site: { baseUrl: string; email: string }, status: number, body: unknown, path: string): SiteError {
  const said = jiraMessages(body);
  if (status === 401) {
    return new SiteError(
      `${site.baseUrl} refused the API token`,
      `${site.baseUrl} refused the API token of ${site.email} (401 Unauthorized). Check JIRA_EMAIL and JIRA_API_TOKEN: the token must be an API token without scopes ("Create API token") that this Atlassian account created at https://id.atlassian.com/manage-profile/security/api-tokens, not revoked or expired; a password or a token with scopes does not work at the site's address.`,
      status,
    );
  }
  if (status === 403) {
    return new SiteError(
      `${site.baseUrl} does not let ${site.email} in`,
      `${site.baseUrl} answered 403 Forbidden to ${site.email}${said ? ` (${said})` : ''}. The account needs access to Jira on that site; after failed logins Jira may also ask for a CAPTCHA: sign in once in a browser, then restart the preview.`,
      status,
    );
  }
  if (status === 502 && said.includes('could not reach')) {
    return new SiteError(`${site.baseUrl} could not be reached`, `${said}. Check JIRA_BASE_URL and the network.`, 0);
  }
  if (status === 429) {
    return new SiteError(`${site.baseUrl} is rate limiting`, `${site.baseUrl} answered 429 Too Many Requests: wait a minute and reload.`, status);
  }
  return new SiteError(`${site.baseUrl} answered ${status}`, `${site.baseUrl} answered ${status} to ${path}${said ? `: ${said}` : ''}.`, status);
}

function jiraMessages(body: unknown): string {
  if (typeof body === 'string') return body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300);
  if (!body || typeof body !== 'object') return '';
  const { errorMessages, errors, message } = body as { errorMessages?: unknown; errors?: unknown; message?: unknown };
  const parts = [
    ...(Array.isArray(errorMessages) ? errorMessages.map(String) : []),
    ...(errors && typeof errors === 'object' ? Object.values(errors).map(String) : []),
    ...(typeof message === 'string' ? [message] : []),
  ];
  return parts.join(' ').slice(0, 300);
}
