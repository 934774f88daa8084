// The host side of the Custom UI bridge: the app frames, the postMessage protocol that
// local/bridge/bridge.js speaks from inside each frame, and every `callBridge` the host answers.
import { getJson, storageSet } from './dom';
import { closeFlag, showFlag, type FlagOptions } from './flags';
import { issuePath, preview, projectPagePath, state, SURFACE, THEME_KEY, userHeaders, type ColorMode, type PreviewIssue, type Surface } from './state';

const PROTOCOL = 'outcomes-local-forge/1';

/** A dashboard gadget's frame: which gadget, in which mode, and what ends its edit mode. */
export interface GadgetFrame {
  id: string;
  edit: boolean;
  /** The edit mode submitted or closed: the host shows the gadget again. */
  onDone: () => void;
}

export interface Frame {
  id: string;
  iframe: HTMLIFrameElement;
  surface: Surface;
  issueKey: string | null;
  gadget: GadgetFrame | null;
  /** The project page app's own route, below the page's URL. */
  appPath: string;
  /** A sprint action's sprint and module key. */
  action: { sprintId: number; moduleKey: string } | null;
  themingEnabled: boolean;
  /** When the frame last grew, to stop a resize feedback loop. */
  resizes: number[];
}

/** The app's history location (`view.createHistory()`). */
export interface AppLocation {
  pathname: string;
  search: string;
  hash: string;
  state: unknown;
  key: string;
}

/** What a frame's bridge sends. */
type FrameMessage =
  | { protocol: typeof PROTOCOL; kind: 'hello' }
  | { protocol: typeof PROTOCOL; kind: 'resize'; height: unknown }
  | { protocol: typeof PROTOCOL; kind: 'call'; id: unknown; name: string; payload: unknown };

/** What the host sends a frame. */
type HostMessage =
  | { kind: 'theme'; theme: ThemeState }
  | { kind: 'result'; id: unknown; ok: true; value: unknown }
  | { kind: 'result'; id: unknown; ok: false; error: { message: string } }
  | { kind: 'event'; scope: 'app' | 'public'; event: unknown; payload: unknown }
  | { kind: 'flagAction'; id: string; index: number }
  | { kind: 'historyPop'; location: AppLocation };

/** A Forge NavigationLocation (`router.navigate`, `router.open`, `view.getUrl`), or a URL. */
interface NavigationLocation {
  url?: string;
  target?: string;
  type?: string;
  projectKey?: string;
  issueKey?: string;
  moduleKey?: string;
  path?: string;
  dashboardId?: string;
  accountId?: string;
}

interface InvokeRequest {
  functionKey?: unknown;
  payload?: unknown;
  invokeType?: string;
  metadata?: unknown;
}

/** contentWindow → frame record; the WindowProxy of an iframe survives its reloads. */
export const frames = new Map<Window, Frame>();
let nextFrameId = 1;

// ---- theme ---------------------------------------------------------------------------------------

type ThemeState = ReturnType<typeof themeState>;

/** The Forge context's `theme` (an @atlaskit/tokens ThemeState) for the current colour mode. */
function themeState() {
  return { colorMode: state.colorMode, dark: 'dark', light: 'light', motion: 'motion', shape: 'shape', spacing: 'spacing', typography: 'typography' };
}

export function applyHostTheme(): void {
  const root = document.documentElement;
  root.setAttribute('data-theme', 'dark:dark light:light motion:motion shape:shape spacing:spacing typography:typography');
  root.setAttribute('data-color-mode', state.colorMode);
  const toggle = document.getElementById('theme-toggle');
  if (toggle) {
    const dark = state.colorMode === 'dark';
    toggle.textContent = dark ? 'Light theme' : 'Dark theme';
    toggle.setAttribute('aria-pressed', String(dark));
    toggle.setAttribute('title', dark ? 'Switch to the light theme' : 'Switch to the dark theme');
  }
}

export function setColorMode(mode: ColorMode): void {
  state.colorMode = mode === 'dark' ? 'dark' : 'light';
  storageSet(THEME_KEY, state.colorMode);
  applyHostTheme();
  // Forge pushes the product's theme to every Custom UI frame; the bridge applies it if the app called view.theme.enable().
  frames.forEach((frame) => postToFrame(frame, { kind: 'theme', theme: themeState() }));
}

// ---- frames --------------------------------------------------------------------------------------

export function registerFrame(iframe: HTMLIFrameElement, surface: Surface, extra: { issueKey?: string; appPath?: string; gadget?: GadgetFrame; action?: { sprintId: number; moduleKey: string } }): Frame {
  const frame: Frame = {
    id: 'frame-' + nextFrameId++,
    iframe,
    surface,
    issueKey: extra.issueKey || null,
    gadget: extra.gadget ?? null,
    appPath: extra.appPath || '/',
    action: extra.action ?? null,
    themingEnabled: false,
    resizes: [],
  };
  if (iframe.contentWindow) frames.set(iframe.contentWindow, frame);
  return frame;
}

export function postToFrame(frame: Frame, message: HostMessage): void {
  const target = frame.iframe.contentWindow;
  if (!target) return;
  target.postMessage({ ...message, protocol: PROTOCOL }, window.location.origin);
}

export function reloadFrames(): void {
  frames.forEach((frame) => {
    frame.themingEnabled = false;
    frame.resizes = [];
    try {
      frame.iframe.contentWindow?.location.reload();
    } catch {
      // A frame whose location is out of reach reloads by being given its address again.
      frame.iframe.setAttribute('src', frame.iframe.src);
    }
  });
}

function resizeFrame(frame: Frame, height: unknown): void {
  if (typeof height !== 'number' || !isFinite(height) || height < 0) return;
  // Guard against a feedback loop (content that grows with its frame): stop after 30 growths in 2 s.
  const now = Date.now();
  const current = frame.iframe.getBoundingClientRect().height;
  if (height > current) {
    frame.resizes = frame.resizes.filter((t) => now - t < 2000);
    frame.resizes.push(now);
    if (frame.resizes.length > 30) return;
  }
  frame.iframe.style.height = Math.min(Math.ceil(height), 50000) + 'px';
}

export function locationFromAppPath(appPath: string): AppLocation {
  const url = new URL(appPath || '/', 'http://app.invalid');
  return { pathname: url.pathname, search: url.search, hash: url.hash, state: null, key: 'initial' };
}

/** Answers the frames' bridges; call once. */
export function listenToFrames(): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (event.origin !== window.location.origin) return;
    const message = event.data as FrameMessage | null;
    if (!message || message.protocol !== PROTOCOL) return;
    const frame = frames.get(event.source as Window);
    if (!frame) return;
    switch (message.kind) {
      case 'hello':
        // A new document loaded in the frame: forget what the previous one asked for.
        frame.themingEnabled = false;
        return;
      case 'resize':
        resizeFrame(frame, message.height);
        return;
      case 'call':
        Promise.resolve()
          .then(() => handleCall(frame, message.name, message.payload))
          .then(
            (value) => postToFrame(frame, { kind: 'result', id: message.id, ok: true, value: value === undefined ? null : value }),
            (error: unknown) =>
              postToFrame(frame, { kind: 'result', id: message.id, ok: false, error: { message: error instanceof Error && error.message ? error.message : String(error) } }),
          );
        return;
      default:
        return;
    }
  });
}

// ---- the calls -----------------------------------------------------------------------------------

/** Every `callBridge` name the bridge forwards (see local/bridge/bridge.js). */
function handleCall(frame: Frame, name: string, payload: unknown): unknown {
  const fields = (payload || {}) as Record<string, unknown>;
  switch (name) {
    case 'invoke':
      return invoke(frame, fields as InvokeRequest);
    case 'getContext':
      return getContext(frame);
    case 'enableTheming':
      frame.themingEnabled = true;
      return themeState();
    case 'getUrl':
      return resolveLocation(payload as NavigationLocation | undefined).href;
    case 'navigate':
      return navigate(fields as NavigationLocation);
    case 'reload':
      window.setTimeout(() => window.location.reload(), 0);
      return true;
    case 'refresh':
      // On Jira, view.refresh() from an issue panel refreshes the issue view; other modules are not refreshable.
      if (frame.surface !== SURFACE.panel) return false;
      return refreshIssueView().then(() => true);
    case 'submit':
      // A dashboard gadget's edit mode submits its configuration: Jira keeps it and shows the gadget.
      if (frame.gadget?.edit) return submitGadgetConfiguration(frame.gadget, payload);
      return false;
    case 'close':
      if (frame.gadget?.edit) {
        const done = frame.gadget.onDone;
        window.setTimeout(done, 0);
        return true;
      }
      return false;
    case 'open':
    case 'onClose':
      // Only modal/dialog-like modules can be closed or submitted; project pages and issue panels cannot.
      return false;
    case 'changeWindowTitle':
      if (typeof payload === 'string' && payload) document.title = payload;
      return true;
    case 'showFlag': {
      const options = fields as FlagOptions;
      return showFlag(options, (index) => postToFrame(frame, { kind: 'flagAction', id: String(options.id), index }));
    }
    case 'closeFlag':
      return closeFlag(fields.id);
    case 'emit':
    case 'emitPublic':
      broadcastEvent(name === 'emitPublic' ? 'public' : 'app', fields);
      return null;
    case 'getFrameId':
      return frame.id;
    case 'emitReadyEvent':
      return true;
    case 'getCookieConsentPreferences':
      return null;
    case 'emitFrontendCustomMetric':
      console.debug('[Outcomes local preview] custom metric', payload);
      return null;
    case 'isRovoEnabled':
      return false;
    case 'createHistory':
      if (frame.surface !== SURFACE.project) {
        throw new Error('view.createHistory() is only available in full-page modules (here: the project page), not in ' + frame.surface + '.');
      }
      return locationFromAppPath(frame.appPath);
    case 'historyPush':
    case 'historyReplace': {
      if (frame.surface !== SURFACE.project) throw new Error('history is only available in the project page.');
      const location = (fields.location ?? {}) as Partial<AppLocation>;
      const appPath = (location.pathname || '/') + (location.search || '') + (location.hash || '');
      frame.appPath = appPath;
      const url = projectPagePath(appPath);
      if (name === 'historyPush') window.history.pushState({ outcomesApp: location }, '', url);
      else window.history.replaceState({ outcomesApp: location }, '', url);
      return true;
    }
    case 'historyGo':
      window.history.go(Number(fields.delta) || 0);
      return true;
    default:
      throw new Error('Outcomes local preview: the host page does not implement the bridge call "' + name + '".');
  }
}

async function invoke(frame: Frame, request: InvokeRequest): Promise<unknown> {
  if (request.invokeType) {
    throw new Error('Outcomes local preview: ' + request.invokeType + ' (Forge remotes/containers) is not emulated; only resolver functions are.');
  }
  if (typeof request.functionKey !== 'string') throw new Error('functionKey must be a string!');
  const body: Record<string, unknown> = {
    surface: frame.surface,
    functionKey: request.functionKey,
    payload: request.payload === undefined ? {} : request.payload,
  };
  if (frame.issueKey) body.issueKey = frame.issueKey;
  else if (frame.gadget) body.gadgetId = frame.gadget.id;
  else if ((frame.surface === SURFACE.project || frame.surface === SURFACE.settings) && state.project) body.projectKey = state.project.key;
  if (frame.action) Object.assign(body, frame.action);
  let answer: { result?: unknown };
  try {
    answer = await getJson<{ result?: unknown }>('/api/invoke', {
      method: 'POST',
      headers: userHeaders({ 'content-type': 'application/json' }),
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new Error('There was an error invoking the function - ' + (error as Error).message);
  }
  const result = answer.result === undefined ? null : answer.result;
  // With metadata requested, Forge answers { body, metadata }.
  return request.metadata ? { body: result, metadata: {} } : result;
}

async function getContext(frame: Frame): Promise<Record<string, unknown>> {
  let query = '?surface=' + encodeURIComponent(frame.surface);
  if (frame.issueKey) query += '&issueKey=' + encodeURIComponent(frame.issueKey);
  else if (frame.gadget) query += '&gadgetId=' + encodeURIComponent(frame.gadget.id) + (frame.gadget.edit ? '&entryPoint=edit' : '');
  else if ((frame.surface === SURFACE.project || frame.surface === SURFACE.settings) && state.project) query += '&projectKey=' + encodeURIComponent(state.project.key);
  if (frame.action) query += '&sprintId=' + String(frame.action.sprintId) + '&moduleKey=' + encodeURIComponent(frame.action.moduleKey);
  const answer = await getJson<{ context: Record<string, unknown> }>('/api/context' + query, { headers: userHeaders() });
  return { ...answer.context, theme: themeState() };
}

/** router.navigate / router.open / router.getUrl: a URL or a NavigationLocation to a URL. */
function resolveLocation(location: NavigationLocation | undefined): URL {
  if (!location) throw new Error('A location is required.');
  const origin = window.location.origin;
  if (typeof location.url === 'string') return new URL(location.url, origin);
  const current = state.project || preview().project;
  const projectKey = location.projectKey || current?.key;
  if (!projectKey && (location.target === 'module' || location.target === 'projectSettingsDetails')) throw new Error('projectKey is required here');
  switch (location.target) {
    case 'issue':
      if (!location.issueKey) throw new Error('issueKey is required for the issue target');
      return new URL(issuePath(location.issueKey), origin);
    case 'module':
      if (location.moduleKey === 'outcomes-project-page') {
        if (!current || String(projectKey).toUpperCase() !== current.key.toUpperCase()) {
          return new URL(projectPagePath('/', projectKey), origin);
        }
        return new URL(projectPagePath(location.path || '/', current.key), origin);
      }
      throw new Error('Module "' + location.moduleKey + '" has no page of its own to navigate to.');
    case 'projectSettingsDetails':
      return new URL('/jira/software/projects/' + encodeURIComponent(String(projectKey)) + '/settings/details', origin);
    case 'dashboard':
      return new URL('/jira/dashboards/' + encodeURIComponent(String(location.dashboardId)), origin);
    case 'userProfile':
      return new URL('/jira/people/' + encodeURIComponent(String(location.accountId)), origin);
    case 'contentView':
    case 'contentEdit':
    case 'contentList':
    case 'spaceView':
      throw new Error('The navigation target "' + location.target + '" belongs to Confluence; this is Jira.');
    default:
      throw new Error('Unknown navigation target "' + location.target + '".');
  }
}

function navigate(location: NavigationLocation): boolean {
  const url = resolveLocation(location);
  const internal = url.origin === window.location.origin;
  if (location.type === 'new-tab') {
    window.open(url.href, '_blank', 'noopener,noreferrer');
    return true;
  }
  // Jira asks before leaving the product for an external site.
  if (internal || window.confirm('The app wants to open ' + url.href + ' — leave the local preview?')) {
    window.setTimeout(() => window.location.assign(url.href), 0);
    return true;
  }
  return false;
}

function broadcastEvent(scope: 'app' | 'public', payload: Record<string, unknown>): void {
  frames.forEach((frame) => postToFrame(frame, { kind: 'event', scope, event: payload.event, payload: payload.payload }));
}

/** view.refresh() from the issue panel: the issue as Jira has it now. */
async function refreshIssueView(): Promise<void> {
  const route = state.route;
  if (!route || route.name !== 'issue') return;
  const answer = await getJson<{ issue: PreviewIssue }>('/api/issues/' + encodeURIComponent(route.issueKey));
  state.issue = answer.issue;
  const summary = document.getElementById('issue-summary');
  if (summary) summary.textContent = answer.issue.summary;
}


/** `view.submit(configuration)` from a gadget's edit mode: the configuration is kept for the gadget, which then shows. */
async function submitGadgetConfiguration(gadget: GadgetFrame, payload: unknown): Promise<boolean> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new Error('A gadget configuration must be an object.');
  await getJson('/api/gadgets/' + encodeURIComponent(gadget.id) + '/configuration', {
    method: 'PUT',
    headers: userHeaders({ 'content-type': 'application/json' }),
    body: JSON.stringify(payload),
  });
  window.setTimeout(gadget.onDone, 0);
  return true;
}
