/*
 * Outcomes local preview: the host page, a Jira Cloud look-alike that embeds the app's Custom UI
 * resources in iframes the way Forge does and answers their bridge calls
 * (local/bridge/bridge.js forwards every `@forge/bridge` call here with postMessage).
 *
 * Routes (all served as local/host/index.html by local/server.ts, which builds this script):
 *   /jira/projects                                                the projects (proxy mode opens here)
 *   /jira/software/projects/<KEY>/apps/outcomes[/<app route>]   the project page (jira:projectPage)
 *   /jira/software/projects/<KEY>/issues                         the issue list
 *   /issues/?jql=…                                                Jira's issue search
 *   /browse/<ISSUE-KEY>                                           an issue, with the issue panel (jira:issuePanel)
 *
 * Who the caller is: the demo user chosen in the top bar (persisted in localStorage), sent to the
 * dev server with every invocation in the `x-outcomes-account-id` header; in proxy mode, the API
 * token's owner alone. The server builds the Forge context (project, issue) itself from the surface
 * and the project or issue key, with what Jira answers for them. Never uses innerHTML with data.
 */
import { applyHostTheme, listenToFrames } from './frames';
import { renderChrome, renderSidebar } from './chrome';
import { byId, el, getJson, RequestError, storageGet } from './dom';
import { followHistory, parseRoute, render } from './pages';
import { preview, rememberUser, state, THEME_KEY, USER_KEY, type PreviewInfo, type PreviewIssue, type PreviewProject } from './state';

async function loadIssues(): Promise<void> {
  const projectKey = state.project?.key ?? '';
  state.issues = (await getJson<{ issues: PreviewIssue[] }>('/api/issues?project=' + encodeURIComponent(projectKey))).issues;
}

/** A 404 is a page that says so; anything else stops the page. */
function notFound(error: unknown): null {
  if (!(error instanceof RequestError) || error.status !== 404) throw error;
  state.missing = error.message;
  return null;
}

/** What the page needs from Jira before it renders: its project (and issue), or the projects. */
async function loadRoute(): Promise<void> {
  const route = parseRoute(window.location.pathname);
  if (route.projectKey !== undefined) {
    const answer = await getJson<{ project: PreviewProject }>('/api/projects/' + encodeURIComponent(route.projectKey)).catch(notFound);
    if (!answer) return;
    state.project = answer.project;
    return loadIssues();
  }
  if (route.name === 'issue') {
    const answer = await getJson<{ issue: PreviewIssue; project: PreviewProject }>('/api/issues/' + encodeURIComponent(route.issueKey)).catch(notFound);
    if (answer) {
      state.issue = answer.issue;
      state.project = answer.project;
    } else {
      state.project = preview().project;
    }
    return state.project ? loadIssues() : undefined;
  }
  if (route.name === 'projects') {
    state.projects = (await getJson<{ projects: PreviewProject[] }>('/api/projects')).projects;
    return;
  }
  state.project = preview().project;
  return state.project ? loadIssues() : undefined;
}

function renderHostError(error: unknown): void {
  // Before the preview answered, the switcher has no one to show.
  const switcher = byId('user-switcher').closest('label');
  if (switcher && !state.preview) switcher.hidden = true;
  const main = byId('main');
  main.textContent = '';
  main.appendChild(
    el('div', { className: 'host-error', 'data-testid': 'host-error' }, [
      el('h1', { text: (error instanceof RequestError && error.title) || 'The local preview could not start' }),
      el('p', { text: error instanceof Error ? error.message : String(error) }),
    ]),
  );
}

async function start(): Promise<void> {
  state.colorMode = storageGet(THEME_KEY) === 'dark' ? 'dark' : 'light';
  applyHostTheme();
  try {
    const info = await getJson<PreviewInfo>('/api/preview');
    state.preview = info;
    const saved = storageGet(USER_KEY);
    rememberUser(info.users.some((user) => user.accountId === saved) && saved ? saved : info.defaultAccountId);
    renderChrome();
    await loadRoute();
    renderSidebar();
    render();
  } catch (error) {
    renderHostError(error);
  }
}

listenToFrames();
followHistory();
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void start());
else void start();
