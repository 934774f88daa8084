// The local preview's dev server (`npm start`): a Jira look-alike host page that embeds the app's
// Custom UI builds in iframes, with the @forge/bridge script injected first, and an invocation
// endpoint that runs the real resolver through the local Forge runtime.
//
//   GET  /                                      → redirect to the project page (proxy mode: the project list)
//   GET  /jira/projects, /jira/dashboards/10000, /jira/software/projects/KEY/apps/outcomes[/…], /jira/software/projects/KEY/issues,
//        /jira/software/projects/KEY/settings/apps/APP/ENV (the project settings page), /jira/apps/APP/ENV (the organization page),
//        /jira/software/projects/KEY/sprints/ID/outcomes-sprint-goal|outcomes-sprint-review (the sprint actions),
//        /browse/KEY                            → the host page (local/host/)
//   GET  /apps/project-page/*, /apps/issue-panel/*, /apps/dashboard-gadget/*, /apps/project-settings/*, /apps/organization/*  → static/app/build/<surface>/ (bridge injected), each
//                                               file under the Content-Security-Policy Forge computes
//   GET  /apps/icons/*                          → static/icons/ (the issue panel's icon)
//   GET  /__local/bridge.js, /__local/host/host.js (local/host/src, bundled), /__local/host/*.css, /__local/tokens/<theme>.css
//   GET  /api/preview, /api/users, /api/projects[/KEY], /api/issues?project=KEY, /api/issues/KEY,
//        /api/sprints?project=KEY, /api/context?surface=&projectKey=&issueKey=
//   POST /api/invoke {surface, projectKey?, issueKey?, gadgetId?, functionKey, payload}   (user: x-outcomes-account-id header)
//   GET|PUT /api/gadgets/ID/configuration       → a dashboard gadget's configuration (what its edit mode submits)
//   POST /__local/csp-report                    ← the browser's CSP violation reports (logged)
//   GET  /healthz
//
// Never trusted from the browser: the project and the issue. The server builds the Forge `extension`
// from the surface and the project or issue key, with what the emulator or the real site answers for it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { promises as fs, existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { CSP_REPORT_PATH, describeCspReport, manifestPermissions, resourcePolicy } from './csp';
import { buildHostScript } from './host-script';
import { createPreview, type Preview } from './preview';
import { LOCAL_APP_UUID, LOCAL_CLOUD_ID, type Surface } from './runtime';
import { PROXY_ISSUE_LIMIT, SiteError } from './site';
import { WEB_TRIGGER_MAX_REQUEST_BYTES, WEB_TRIGGER_PATH } from './webtriggers';

const REPO_ROOT = path.resolve(__dirname, '..');
const UI_BUILD_DIR = path.join(REPO_ROOT, 'static', 'app', 'build');
const ICONS_DIR = path.join(REPO_ROOT, 'static', 'icons');
const HOST_DIR = path.join(__dirname, 'host');
const BRIDGE_FILE = path.join(__dirname, 'bridge', 'bridge.js');
const TOKENS_THEMES_DIR = path.join(path.dirname(require.resolve('@atlaskit/tokens/package.json')), 'dist', 'cjs', 'artifacts', 'themes');

/** The header (or, failing that, cookie) naming the demo user the host page acts as. */
export const USER_HEADER = 'x-outcomes-account-id';
const USER_COOKIE = 'outcomes-account-id';

/** Forge's limits on a Custom UI invocation: request from the UI 500 KB, response to the UI 5 MB. */
const MAX_REQUEST_BYTES = 500 * 1024;
const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

const SURFACES: Record<string, { surface: Surface; moduleKey: string; dir: string }> = {
  'project-page': { surface: 'jira:projectPage', moduleKey: 'outcomes-project-page', dir: 'project-page' },
  'issue-panel': { surface: 'jira:issuePanel', moduleKey: 'outcomes-issue-panel', dir: 'issue-panel' },
  'dashboard-gadget': { surface: 'jira:dashboardGadget', moduleKey: 'outcomes-dashboard-gadget', dir: 'dashboard-gadget' },
  'project-settings': { surface: 'jira:projectSettingsPage', moduleKey: 'outcomes-project-settings', dir: 'project-settings' },
  organization: { surface: 'jira:globalPage', moduleKey: 'outcomes-organization', dir: 'organization' },
};
const MODULE_KEYS: Record<Surface, string> = {
  'jira:projectPage': 'outcomes-project-page',
  'jira:issuePanel': 'outcomes-issue-panel',
  'jira:dashboardGadget': 'outcomes-dashboard-gadget',
  'jira:sprintAction': 'outcomes-sprint-goal',
  'jira:projectSettingsPage': 'outcomes-project-settings',
  'jira:globalPage': 'outcomes-organization',
};
/** The manifest's sprint actions: each opens the project page's bundle on a sprint. */
const SPRINT_ACTION_KEYS = ['outcomes-sprint-goal', 'outcomes-sprint-review'] as const;
type SprintActionKey = (typeof SPRINT_ACTION_KEYS)[number];

/** Token themes the host page and the bridge may load, as in @atlaskit/tokens' theme import map. */
const TOKEN_THEMES: Record<string, string> = {
  light: 'atlassian-light',
  dark: 'atlassian-dark',
  spacing: 'atlassian-spacing',
  typography: 'atlassian-typography',
  shape: 'atlassian-shape',
  motion: 'atlassian-motion',
};

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
} satisfies Record<string, string>;
const CONTENT_TYPE_BY_EXTENSION = new Map<string, string>(Object.entries(CONTENT_TYPES));

const SURFACE_NAMES = [
  'jira:projectPage',
  'jira:issuePanel',
  'jira:dashboardGadget',
  'jira:sprintAction',
  'jira:projectSettingsPage',
  'jira:globalPage',
] as const satisfies readonly Surface[];

/** What a dashboard gadget's configuration holds (Jira keeps it per gadget; here the server does, in memory). */
const gadgetConfigurationSchema = z.record(z.string().max(64), z.union([z.string().max(255), z.number(), z.boolean()]));
const gadgetId = z.string().regex(/^\d{1,12}$/);

const invokeBody = z.strictObject({
  surface: z.enum(SURFACE_NAMES),
  projectKey: z.string().min(1).max(255).optional(),
  issueKey: z.string().min(1).max(255).optional(),
  gadgetId: gadgetId.optional(),
  sprintId: z.number().int().positive().optional(),
  moduleKey: z.enum(SPRINT_ACTION_KEYS).optional(),
  functionKey: z.string().min(1).max(255),
  payload: z.unknown().optional(),
});

export interface StartServerOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  /** Whether a fresh store gets the demo's story (local/demo-story.ts) besides its OKRs; default true. */
  demoStory?: boolean;
  /** A preview built elsewhere (tests); by default the server builds one with `createPreview`. */
  preview?: Preview;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string, extra: Record<string, unknown> = {}): void {
  sendJson(res, status, { error: { status, message, ...extra } });
}

function sendText(res: ServerResponse, status: number, contentType: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    ...extra,
  });
  res.end(body);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'cache-control': 'no-store' });
  res.end();
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'Send the request body as application/json.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_REQUEST_BYTES) {
      throw new HttpError(413, `The request is larger than Forge's ${MAX_REQUEST_BYTES / 1024} KB limit for a Custom UI invocation.`);
    }
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
}

/** A web trigger's body as sent (Forge passes it to the function as a string), up to what one invocation takes. */
async function readRawBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > WEB_TRIGGER_MAX_REQUEST_BYTES) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * Resolves `relative` inside `root`, or null when it escapes it (`..`, absolute paths, NUL, bad
 * escapes). `relative` is the still-URL-encoded path after the route prefix.
 */
function safeJoin(root: string, relative: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..')) return null;
  const resolved = path.resolve(root, ...segments);
  if (resolved !== root && !resolved.startsWith(root + path.sep)) return null;
  return resolved;
}

async function readFileOrNull(file: string): Promise<Buffer | null> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return null;
    return await fs.readFile(file);
  } catch {
    return null;
  }
}

/** The app's HTML with the bridge as its first script, as Forge injects its own bridge. */
export function injectBridge(html: string): string {
  const tag = '<script src="/__local/bridge.js"></script>';
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (!head) return tag + html;
  const at = head.index + head[0].length;
  // Keep <meta charset> first in <head> if it is there.
  const charset = /^\s*<meta\s+charset=[^>]*>/i.exec(html.slice(at));
  const insertAt = charset ? at + charset[0].length : at;
  return html.slice(0, insertAt) + '\n    ' + tag + html.slice(insertAt);
}

function uiBuildMissing(): string | null {
  const missing = Object.values(SURFACES)
    .map((s) => path.join(UI_BUILD_DIR, s.dir, 'index.html'))
    .filter((file) => !existsSync(file));
  if (missing.length === 0) return null;
  return `The UI build is missing (${missing.map((f) => path.relative(REPO_ROOT, f)).join(', ')}). Run \`npm run build:ui\` (or \`npm start\`, which builds it first).`;
}

function missingBuildPage(message: string): string {
  const escaped = message.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>UI build missing</title></head><body style="font-family: sans-serif; padding: 16px"><h1 style="font-size: 18px">Outcomes UI not built</h1><p>${escaped}</p></body></html>`;
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts the dev server; resolves once it listens. Port 0 picks a free port. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const port = options.port ?? 8080;
  const host = options.host ?? '127.0.0.1';
  let preview = options.preview;
  const ownsPreview = !preview;
  if (!preview) {
    preview = await createPreview({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), ...(options.demoStory === undefined ? {} : { demoStory: options.demoStory }) });
  }
  const p: Preview = preview;
  const appUuid = LOCAL_APP_UUID;
  const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const hostHtmlPromise = fs.readFile(path.join(HOST_DIR, 'index.html'), 'utf8');
  const tokenCss = new Map<string, string>();
  let hostScript: Promise<string> | undefined;
  let baseUrl = '';

  const userFrom = async (req: IncomingMessage) => {
    const header = req.headers[USER_HEADER];
    const accountId = (Array.isArray(header) ? header[0] : header) ?? cookie(req, USER_COOKIE);
    if (!accountId) throw new HttpError(401, `No demo user: send the account id in the ${USER_HEADER} header.`);
    const { users } = await p.site.users();
    const user = users.find((u) => u.accountId === accountId);
    if (!user) throw new HttpError(403, `"${accountId}" is not one of the local preview's ${p.mode === 'proxy' ? 'accounts' : 'demo users'}.`);
    return user;
  };

  const where = p.siteUrl ?? 'the local preview';
  const noProject = (key: string) =>
    new HttpError(404, p.siteUrl ? `Project ${key} does not exist on ${p.siteUrl}, or the API token's owner may not browse it.` : `Project ${key} does not exist in the local preview.`);
  const noIssue = (key: string) =>
    new HttpError(404, p.siteUrl ? `Issue ${key} does not exist on ${p.siteUrl}, or the API token's owner may not browse it.` : `Issue ${key} does not exist in the local preview.`);
  const segment = (raw: string): string => {
    try {
      return decodeURIComponent(raw);
    } catch {
      throw new HttpError(400, `Not a key: ${raw}`);
    }
  };

  /**
   * The preview's dashboard gadgets' configurations, by gadget id, as Jira keeps them (for every viewer
   * of the dashboard) and hands them to the gadget in `extension.gadgetConfiguration`. Kept in memory.
   */
  const gadgetConfigurations = new Map<string, Record<string, unknown>>();
  /** The dashboard the preview's gadgets are on. */
  const DASHBOARD_ID = '10000';

  /** A dashboard gadget's `extension`: no project (the gadget may show any), its configuration, and `entryPoint: 'edit'` in edit mode. */
  const gadgetExtension = (gadget: { id: string | undefined; edit: boolean }): Record<string, unknown> => {
    if (!gadget.id) throw new HttpError(400, 'A dashboard gadget needs its gadget id.');
    return {
      type: 'jira:dashboardGadget',
      gadget: { id: gadget.id },
      dashboard: { id: DASHBOARD_ID },
      gadgetConfiguration: gadgetConfigurations.get(gadget.id) ?? {},
      ...(gadget.edit ? { entryPoint: 'edit' } : {}),
    };
  };

  /** The Forge `extension` for a surface, from what Jira (emulated or real) answers for the project or the issue. */
  const extensionFor = async (
    surface: Surface,
    projectKey: string | undefined,
    issueKey: string | undefined,
    at: { gadget?: { id: string | undefined; edit: boolean }; sprintId?: number } = {},
  ): Promise<Record<string, unknown>> => {
    if (surface === 'jira:dashboardGadget') return gadgetExtension(at.gadget ?? { id: undefined, edit: false });
    // A global page belongs to no project: its extension names only its type.
    if (surface === 'jira:globalPage') {
      if (projectKey !== undefined || issueKey !== undefined) throw new HttpError(400, 'A global page has no project or issue: leave them out.');
      return { type: 'jira:globalPage' };
    }
    if (surface === 'jira:sprintAction') {
      // Only the board and the sprint: Atlassian does not document that a sprint action's context names
      // the project, so the preview leaves it out and the app finds it through the board.
      const sprint = p.jira?.data.sprints.find((candidate) => candidate.id === at.sprintId);
      if (!sprint) throw new HttpError(p.jira ? 404 : 501, p.jira ? `Sprint ${String(at.sprintId)} does not exist in the local preview.` : `Open sprint actions on ${where} itself.`);
      return { type: 'jira:sprintAction', board: { id: sprint.originBoardId, type: 'scrum' }, sprint: { id: sprint.id } };
    }
    // A project settings page's extension has the project page's shape (Forge docs: `type` and `project`).
    if (surface === 'jira:projectPage' || surface === 'jira:projectSettingsPage') {
      if (issueKey !== undefined) throw new HttpError(400, 'A project page has no issue: leave issueKey out.');
      const key = projectKey ?? p.homeProject?.key;
      if (!key) throw new HttpError(400, 'A project page needs the project key.');
      const project = await p.site.project(key);
      if (!project) throw noProject(key);
      return { type: surface, project: { id: project.id, key: project.key, type: project.type } };
    }
    if (!issueKey) throw new HttpError(400, 'The issue panel needs the issue key.');
    const found = await p.site.issue(issueKey);
    if (!found) throw noIssue(issueKey);
    const { issue, project } = found;
    return {
      type: 'jira:issuePanel',
      issue: { id: issue.id, key: issue.key, type: issue.issueType, typeId: issue.issueTypeId },
      project: { id: project.id, key: project.key, type: project.type },
      isNewToIssue: false,
    };
  };

  /** The Forge Custom UI context (`view.getContext()`), without `theme`, which the host adds. */
  const contextFor = async (
    surface: Surface,
    projectKey: string | undefined,
    issueKey: string | undefined,
    accountId: string,
    at: { gadget?: { id: string | undefined; edit: boolean }; action?: { sprintId?: number; moduleKey?: SprintActionKey } } = {},
  ): Promise<Record<string, unknown>> => {
    const moduleKey = at.action?.moduleKey ?? MODULE_KEYS[surface];
    return {
      accountId,
      cloudId: LOCAL_CLOUD_ID,
      siteUrl: baseUrl,
      localId: `ari:cloud:ecosystem::extension/${appUuid}/local/static/${moduleKey}`,
      environmentId: 'local',
      environmentType: 'DEVELOPMENT',
      locale: 'en-US',
      timezone,
      moduleKey,
      extension: await extensionFor(surface, projectKey, issueKey, { ...(at.gadget ? { gadget: at.gadget } : {}), ...(at.action?.sprintId ? { sprintId: at.action.sprintId } : {}) }),
    };
  };

  const surfaceParam = (value: string | null): Surface => {
    const known = SURFACE_NAMES.find((name) => name === value);
    if (known) return known;
    throw new HttpError(400, `surface must be one of ${SURFACE_NAMES.join(', ')}.`);
  };

  const serveHostPage = async (res: ServerResponse, status = 200): Promise<void> => {
    sendText(res, status, CONTENT_TYPES['.html'], await hostHtmlPromise, { 'cache-control': 'no-store' });
  };

  const serveApp = async (res: ServerResponse, surfaceDir: string, rest: string): Promise<void> => {
    const missing = uiBuildMissing();
    if (missing) return sendText(res, 503, CONTENT_TYPES['.html'], missingBuildPage(missing));
    const root = path.join(UI_BUILD_DIR, surfaceDir);
    const file = safeJoin(root, rest === '' ? 'index.html' : rest);
    if (!file) return sendError(res, 404, 'Not found.');
    const target = file === root ? path.join(root, 'index.html') : file;
    const content = await readFileOrNull(target);
    if (!content) return sendError(res, 404, `No such file in the ${surfaceDir} build: ${rest}`);
    const ext = path.extname(target).toLowerCase();
    const type = CONTENT_TYPE_BY_EXTENSION.get(ext) ?? 'application/octet-stream';
    // Atlassian does not say which files of a resource carry the policy; every one does here, which
    // changes nothing for the ones that are not documents.
    const indexHtml = await readFileOrNull(path.join(root, 'index.html'));
    const csp = { 'content-security-policy': resourcePolicy({ html: indexHtml ?? '', permissions: manifestPermissions(), siteUrl: baseUrl, reportUri: CSP_REPORT_PATH }) };
    if (ext === '.html') return sendText(res, 200, type, injectBridge(content.toString('utf8')), { 'cache-control': 'no-store', ...csp });
    sendText(res, 200, type, content, csp);
  };

  const serveTokens = (res: ServerResponse, id: string): void => {
    const file = TOKEN_THEMES[id];
    if (!file) return sendError(res, 404, `Unknown theme "${id}".`);
    let css = tokenCss.get(id);
    if (css === undefined) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(path.join(TOKENS_THEMES_DIR, `${file}.js`)) as { default?: unknown };
      if (typeof mod.default !== 'string') return sendError(res, 500, `@atlaskit/tokens has no CSS for "${id}".`);
      css = mod.default;
      tokenCss.set(id, css);
    }
    sendText(res, 200, CONTENT_TYPES['.css'], css, { 'cache-control': 'public, max-age=3600' });
  };

  const homePath = p.homeProject ? `/jira/software/projects/${encodeURIComponent(p.homeProject.key)}/apps/outcomes` : '/jira/projects';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://local.invalid');
    const pathname = url.pathname;
    const method = req.method ?? 'GET';
    const isRead = method === 'GET' || method === 'HEAD';

    // A web trigger URL (webTrigger.getUrl gives this origin's): the request goes to the manifest's function as Forge sends it.
    if (WEB_TRIGGER_PATH.test(pathname)) {
      const body = await readRawBody(req);
      const answer =
        body === null
          ? { status: 413, headers: { 'content-type': 'text/plain' }, body: 'The request is larger than a Forge invocation takes.' }
          : await p.forge.invokeWebTrigger({ method, url: `${pathname}${url.search}`, headers: req.headers, body });
      res.writeHead(answer.status, { ...answer.headers, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(answer.body) });
      res.end(answer.body);
      return;
    }

    if (pathname === '/api/invoke') {
      if (method !== 'POST') throw new HttpError(405, 'Use POST.');
      const user = await userFrom(req);
      const parsed = invokeBody.safeParse(await readJsonBody(req));
      if (!parsed.success) {
        throw new HttpError(400, `Bad invocation: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
      }
      const { surface, projectKey, issueKey, gadgetId: gadget, sprintId, moduleKey, functionKey, payload } = parsed.data;
      const extension = await extensionFor(surface, projectKey, issueKey, { gadget: { id: gadget, edit: false }, ...(sprintId ? { sprintId } : {}) });
      let result: unknown;
      try {
        result = await p.forge.invoke({ accountId: user.accountId, moduleKey: moduleKey ?? MODULE_KEYS[surface], extension, functionKey, payload: payload ?? {} });
      } catch (error) {
        console.error(`[outcomes] ${functionKey} (${surface}${issueKey ? ` ${issueKey}` : ''}, ${user.displayName}) threw:`, error);
        throw new HttpError(500, error instanceof Error ? error.message : String(error));
      }
      const text = JSON.stringify({ result: result === undefined ? null : result });
      if (Buffer.byteLength(text) > MAX_RESPONSE_BYTES) {
        throw new HttpError(502, `${functionKey} answered more than Forge's 5 MB limit for a response to Custom UI.`);
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }

    // What a team does in Jira's own board, for trying the sprint review locally.
    if (pathname === '/api/close-sprint' || pathname === '/api/start-sprint') {
      if (method !== 'POST') throw new HttpError(405, 'Use POST.');
      const user = await userFrom(req);
      if (!p.jira) throw new HttpError(501, `Close and start sprints on ${where} itself, on the project's board: the site sends its events to the deployed app, not to this preview.`);
      try {
        const result = pathname === '/api/close-sprint' ? await p.closeActiveSprint(user.accountId) : await p.startNextSprint(user.accountId);
        return sendJson(res, 200, { ...result, sprints: p.sprints() });
      } catch (error) {
        throw new HttpError(409, error instanceof Error ? error.message : String(error));
      }
    }

    // What the gadget's edit mode submits (`view.submit`): Jira keeps it for the gadget, for everyone who sees it.
    const gadgetRoute = /^\/api\/gadgets\/([^/]+)\/configuration$/.exec(pathname);
    if (gadgetRoute) {
      await userFrom(req);
      const id = gadgetId.safeParse(gadgetRoute[1]);
      if (!id.success) throw new HttpError(404, 'No such gadget.');
      if (method === 'GET') return sendJson(res, 200, { configuration: gadgetConfigurations.get(id.data) ?? {} });
      if (method !== 'PUT') throw new HttpError(405, 'Use GET or PUT.');
      const parsed = gadgetConfigurationSchema.safeParse(await readJsonBody(req));
      if (!parsed.success) throw new HttpError(400, 'A gadget configuration is an object of short strings, numbers and booleans.');
      gadgetConfigurations.set(id.data, parsed.data);
      return sendJson(res, 200, { configuration: parsed.data });
    }
    if (pathname === CSP_REPORT_PATH && method === 'POST') {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > 64 * 1024) throw new HttpError(413, 'The report is too large.');
        chunks.push(chunk as Buffer);
      }
      console.warn(`[outcomes] Content Security Policy violation: ${describeCspReport(Buffer.concat(chunks).toString('utf8'))}`);
      res.writeHead(204);
      res.end();
      return;
    }

    if (!isRead) throw new HttpError(405, 'Method not allowed.');

    if (pathname === '/') return redirect(res, homePath);
    if (pathname === '/healthz') return sendJson(res, 200, { ok: true, mode: p.mode });
    if (pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }

    if (pathname === '/api/preview') {
      const { users, defaultAccountId } = await p.site.users();
      return sendJson(res, 200, {
        product: 'Jira',
        app: 'Outcomes',
        // Where Jira puts the app's project settings page: /jira/software/projects/KEY/settings/apps/{appId}/{envId}.
        appId: appUuid,
        environmentId: 'local',
        mode: p.mode,
        site: p.siteUrl ?? null,
        project: p.homeProject,
        users,
        defaultAccountId,
        issueLimit: p.mode === 'proxy' ? PROXY_ISSUE_LIMIT : null,
        uiBuildMissing: uiBuildMissing(),
      });
    }
    if (pathname === '/api/sprints') {
      if (p.jira) return sendJson(res, 200, { sprints: p.sprints() });
      const key = url.searchParams.get('project');
      return sendJson(res, 200, { sprints: p.sprints(), boardUrl: key ? await p.site.boardUrl(key) : null });
    }
    if (pathname === '/api/users') return sendJson(res, 200, await p.site.users());
    if (pathname === '/api/projects') return sendJson(res, 200, { projects: await p.site.projects() });
    const oneProject = /^\/api\/projects\/([^/]+)$/.exec(pathname);
    if (oneProject) {
      const key = segment(oneProject[1] ?? '');
      const project = await p.site.project(key);
      if (!project) throw noProject(key);
      return sendJson(res, 200, { project });
    }
    if (pathname === '/api/issues') {
      const projectKey = url.searchParams.get('project') ?? p.homeProject?.key;
      if (!projectKey) throw new HttpError(400, 'Name the project: /api/issues?project=KEY.');
      const project = await p.site.project(projectKey);
      if (!project) throw noProject(projectKey);
      const q = (url.searchParams.get('q') ?? '').trim().toLowerCase();
      const issues = (await p.site.issues(project.key)).filter((issue) => !q || issue.key.toLowerCase().includes(q) || issue.summary.toLowerCase().includes(q));
      return sendJson(res, 200, { issues });
    }
    const oneIssue = /^\/api\/issues\/([^/]+)$/.exec(pathname);
    if (oneIssue) {
      const key = segment(oneIssue[1] ?? '');
      const found = await p.site.issue(key);
      if (!found) throw noIssue(key);
      return sendJson(res, 200, found);
    }
    // Jira's issue search, as the selected user: where "Find in Jira" lands in the preview.
    if (pathname === '/api/search') {
      const user = await userFrom(req);
      if (!p.jira) throw new HttpError(501, `Search on your site itself: ${p.siteUrl ?? 'the Jira site'}/issues/?jql=…`);
      // The app's Key Results field, as a column of the navigator, under the id the emulated site gave it.
      const keyResultsField = p.jira.data.appFields?.find((field) => field.type.endsWith('/static/outcomes-key-results'))?.id;
      const answer = await p.jira.handle({
        method: 'POST',
        path: '/rest/api/3/search/jql',
        headers: { 'content-type': 'application/json' },
        body: { jql: url.searchParams.get('jql') ?? '', fields: ['summary', 'status', 'issuetype', ...(keyResultsField ? [keyResultsField] : [])], maxResults: 100 },
        accountId: user.accountId,
      });
      const found = answer.body !== null && typeof answer.body === 'object' && !Array.isArray(answer.body) ? answer.body : null;
      return sendJson(res, answer.status, found && keyResultsField ? { ...found, keyResultsField } : answer.body);
    }
    if (pathname === '/api/context') {
      const user = await userFrom(req);
      const surface = surfaceParam(url.searchParams.get('surface'));
      const projectKey = url.searchParams.get('projectKey') ?? undefined;
      const issueKey = url.searchParams.get('issueKey') ?? undefined;
      const gadget = { id: url.searchParams.get('gadgetId') ?? undefined, edit: url.searchParams.get('entryPoint') === 'edit' };
      const sprintId = Number(url.searchParams.get('sprintId'));
      const moduleKey = SPRINT_ACTION_KEYS.find((key) => key === url.searchParams.get('moduleKey'));
      const action = surface === 'jira:sprintAction' ? { ...(Number.isSafeInteger(sprintId) && sprintId > 0 ? { sprintId } : {}), ...(moduleKey ? { moduleKey } : {}) } : undefined;
      return sendJson(res, 200, { context: await contextFor(surface, projectKey, issueKey, user.accountId, { gadget, ...(action ? { action } : {}) }) });
    }
    if (pathname.startsWith('/api/')) throw new HttpError(404, `No API route ${pathname}.`);

    if (pathname === '/__local/bridge.js') {
      const content = await readFileOrNull(BRIDGE_FILE);
      if (!content) throw new HttpError(500, 'local/bridge/bridge.js is missing.');
      return sendText(res, 200, CONTENT_TYPES['.js'], content, { 'cache-control': 'no-store' });
    }
    const tokens = /^\/__local\/tokens\/([a-z-]+)\.css$/.exec(pathname);
    if (tokens) return serveTokens(res, tokens[1] ?? '');
    if (pathname === '/__local/host/host.js') {
      hostScript ??= buildHostScript();
      // A failed build is tried again on the next load, after the source is fixed.
      const script = await hostScript.catch((error: unknown) => {
        hostScript = undefined;
        console.error('[outcomes] the host page script does not build:', error);
        throw new HttpError(500, `The host page's script does not build: ${error instanceof Error ? error.message : String(error)}`);
      });
      return sendText(res, 200, CONTENT_TYPES['.js'], script, { 'cache-control': 'no-store' });
    }
    if (pathname.startsWith('/__local/host/')) {
      const file = safeJoin(HOST_DIR, pathname.slice('/__local/host/'.length));
      const content = file && path.extname(file) === '.css' ? await readFileOrNull(file) : null;
      if (!file || !content) throw new HttpError(404, 'Not found.');
      return sendText(res, 200, CONTENT_TYPES['.css'], content, { 'cache-control': 'no-store' });
    }

    // The manifest's `icons` resource (the issue panel's icon), as Forge serves a resource.
    if (pathname.startsWith('/apps/icons/')) {
      const file = safeJoin(ICONS_DIR, pathname.slice('/apps/icons/'.length));
      const content = file ? await readFileOrNull(file) : null;
      if (!file || !content) throw new HttpError(404, 'No such icon.');
      return sendText(res, 200, CONTENT_TYPE_BY_EXTENSION.get(path.extname(file).toLowerCase()) ?? 'application/octet-stream', content);
    }

    const app = /^\/apps\/([a-z-]+)(\/.*)?$/.exec(pathname);
    if (app) {
      const surface = SURFACES[app[1] ?? ''];
      if (!surface) throw new HttpError(404, 'No such app.');
      // Relative asset URLs (Vite's base './') need the trailing slash.
      if (app[2] === undefined) return redirect(res, `/apps/${app[1]}/${url.search}`);
      return serveApp(res, surface.dir, app[2].slice(1));
    }

    // Host pages. Unknown Jira pages get the host page too (it says the page is not in the preview), as a 404;
    // when the site fails, the page still loads and says why.
    const known = async (lookup: () => Promise<unknown>): Promise<number> => {
      try {
        return (await lookup()) ? 200 : 404;
      } catch (error) {
        if (error instanceof SiteError) return 200;
        throw error;
      }
    };
    if (pathname === '/jira/projects' || pathname === '/jira/projects/') return serveHostPage(res);
    if (pathname === `/jira/dashboards/${DASHBOARD_ID}`) return serveHostPage(res);
    // Jira opens an app's global page at /jira/apps/<app id>/<environment id>.
    if (/^\/jira\/apps\/[^/]+\/[^/]+\/?$/.test(pathname)) return serveHostPage(res);
    const projectRoute = /^\/jira\/software\/projects\/([^/]+)\/(apps\/outcomes(\/.*)?|issues\/?|settings\/apps\/[^/]+\/[^/]+\/?|sprints\/\d+\/outcomes-sprint-(goal|review)\/?)$/.exec(pathname);
    if (projectRoute) {
      let key: string;
      try {
        key = decodeURIComponent(projectRoute[1] ?? '');
      } catch {
        key = '';
      }
      return serveHostPage(res, key ? await known(() => p.site.project(key)) : 404);
    }
    if (pathname === '/issues' || pathname === '/issues/') return serveHostPage(res);
    const browse = /^\/browse\/([^/]+)\/?$/.exec(pathname);
    if (browse) {
      let key: string;
      try {
        key = decodeURIComponent(browse[1] ?? '');
      } catch {
        key = '';
      }
      return serveHostPage(res, key ? await known(() => p.site.issue(key)) : 404);
    }
    if (pathname.startsWith('/jira/')) return serveHostPage(res, 404);
    throw new HttpError(404, `Not found: ${pathname}`);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) return sendError(res, error.status, error.message);
      // The real site failed (proxy mode): a gateway error the host page shows as it is.
      if (error instanceof SiteError) return sendError(res, 502, error.message, { title: error.title, siteStatus: error.siteStatus });
      console.error('[outcomes] request failed:', error);
      sendError(res, 500, error instanceof Error ? error.message : String(error));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${displayHost(host)}:${address.port}`;
  // Web trigger URLs point at this server, as Forge's point at its own.
  p.forge.webTriggerOrigin = baseUrl;

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        if (ownsPreview) await p.close();
      })();
      return closing;
    },
  };
}

async function main(): Promise<void> {
  const port = process.env.PORT ? Number(process.env.PORT) : 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${process.env.PORT}".`);
  const missing = uiBuildMissing();
  if (missing) console.warn(`\n  ⚠ ${missing}\n`);
  const running = await startServer({ port, host: process.env.HOST || '127.0.0.1' });
  console.log(`\n  Outcomes local preview: ${running.url}/\n  (Ctrl+C to stop)\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.exit(1);
    }
    stopping = true;
    console.log(`\n  ${signal}: stopping the local preview…`);
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('The local preview could not start:', error);
    process.exit(1);
  });
}
