// The Jira pages the preview has: the project page and an issue with the apps in their frames, the
// issue list, the JQL search, the projects; and the page it shows for anything else.
import { frames, locationFromAppPath, postToFrame, registerFrame, type AppLocation, type GadgetFrame } from './frames';
import { setCurrentNav } from './chrome';
import { byId, el, getJson } from './dom';
import { APP_TITLE, currentUser, DASHBOARD_ID, findIssue, GADGET_ID, homePath, isProxy, issuePath, issuesPath, preview, project, projectPagePath, SPRINT_ACTIONS, state, SURFACE, userHeaders, type PreviewIssue, type Route, type Surface } from './state';

const MODULE_KEYS: Record<Surface, string> = {
  'jira:projectPage': 'outcomes-project-page',
  'jira:issuePanel': 'outcomes-issue-panel',
  'jira:dashboardGadget': 'outcomes-dashboard-gadget',
  'jira:sprintAction': 'outcomes-sprint-goal',
  'jira:projectSettingsPage': 'outcomes-project-settings',
  'jira:globalPage': 'outcomes-organization',
};

export function parseRoute(pathname: string): Route {
  let match = /^\/jira\/software\/projects\/([^/]+)\/apps\/outcomes(\/.*)?$/.exec(pathname);
  if (match) return { name: 'project', projectKey: decodeURIComponent(match[1] as string), appPath: match[2] || '/' };
  match = /^\/jira\/software\/projects\/([^/]+)\/sprints\/(\d+)\/([a-z-]+)\/?$/.exec(pathname);
  if (match && SPRINT_ACTIONS[match[3] as string]) {
    return { name: 'sprintAction', projectKey: decodeURIComponent(match[1] as string), sprintId: Number(match[2]), moduleKey: match[3] as string };
  }
  match = /^\/jira\/software\/projects\/([^/]+)\/settings\/apps\/[^/]+\/[^/]+\/?$/.exec(pathname);
  if (match) return { name: 'settings', projectKey: decodeURIComponent(match[1] as string) };
  match = /^\/jira\/software\/projects\/([^/]+)\/issues\/?$/.exec(pathname);
  if (match) return { name: 'issues', projectKey: decodeURIComponent(match[1] as string) };
  match = /^\/browse\/([^/]+)\/?$/.exec(pathname);
  if (match) return { name: 'issue', issueKey: decodeURIComponent(match[1] as string).toUpperCase() };
  if (/^\/issues\/?$/.test(pathname)) return { name: 'search', jql: new URLSearchParams(window.location.search).get('jql') || '' };
  if (/^\/jira\/projects\/?$/.test(pathname)) return { name: 'projects' };
  if (/^\/jira\/apps\/[^/]+\/[^/]+\/?$/.test(pathname)) return { name: 'organization' };
  match = /^\/jira\/dashboards\/(\d+)\/?$/.exec(pathname);
  if (match) return { name: 'dashboard', dashboardId: match[1] as string };
  return { name: 'unknown' };
}

export function render(): void {
  frames.clear();
  const main = byId('main');
  main.textContent = '';
  const route = (state.route = parseRoute(window.location.pathname));
  const projectKnown = route.projectKey === undefined || (state.project && route.projectKey.toUpperCase() === state.project.key.toUpperCase());
  if (!projectKnown) return renderNotFound(main, state.missing || 'Project ' + route.projectKey + ' does not exist in the local preview.');
  switch (route.name) {
    case 'projects':
      return renderProjects(main);
    case 'project':
      return renderProjectPage(main, route.appPath);
    case 'sprintAction':
      return renderSprintAction(main, route.sprintId, route.moduleKey);
    case 'settings':
      return renderSettingsPage(main);
    case 'issues':
      return renderIssues(main);
    case 'issue':
      return renderIssue(main, route.issueKey);
    case 'search':
      return renderSearch(main, route.jql);
    case 'dashboard':
      return renderDashboard(main, route.dashboardId);
    case 'organization':
      return renderOrganizationPage(main);
    default:
      return renderNotFound(main, 'This Jira page is not part of the local preview of Outcomes.');
  }
}

/** Back/forward inside the project page app tells its history; anywhere else the page renders again. */
export function followHistory(): void {
  window.addEventListener('popstate', () => {
    const route = parseRoute(window.location.pathname);
    if (state.route?.name === 'project' && route.name === 'project') {
      frames.forEach((frame) => {
        if (frame.surface !== SURFACE.project) return;
        frame.appPath = route.appPath;
        const location = locationFromAppPath(route.appPath + window.location.search + window.location.hash);
        const saved = window.history.state as { outcomesApp?: AppLocation } | null;
        if (saved?.outcomesApp) location.state = saved.outcomesApp.state;
        postToFrame(frame, { kind: 'historyPop', location });
      });
      state.route = route;
      return;
    }
    render();
  });
}

function breadcrumbs(items: Array<{ text: string; href?: string | null }>): HTMLElement {
  const children: HTMLElement[] = [];
  items.forEach((item, index) => {
    if (index > 0) children.push(el('span', { 'aria-hidden': 'true', text: '/' }));
    children.push(item.href ? el('a', { href: item.href, text: item.text }) : el('span', { text: item.text }));
  });
  return el('nav', { className: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, children);
}

/**
 * The sandbox and feature policy Forge applies to every Custom UI iframe, which apps cannot change
 * (developer.atlassian.com/platform/forge/custom-ui/iframe): no pop-ups, no top navigation (the app
 * goes through @forge/bridge's router), downloads and modals allowed.
 */
const FORGE_IFRAME_SANDBOX = 'allow-downloads allow-forms allow-modals allow-pointer-lock allow-same-origin allow-scripts';
const FORGE_IFRAME_ALLOW = 'camera; clipboard-write; display-capture; fullscreen; microphone';

/** The app's iframe; `register` once it is in the document (its window exists from then on). */
function appFrame(surface: Surface, src: string, className: string, extra: { issueKey?: string; appPath?: string; gadget?: GadgetFrame; action?: { sprintId: number; moduleKey: string } }) {
  const iframe = el('iframe', {
    className: 'app-frame ' + className,
    title: APP_TITLE,
    src,
    'data-testid': 'app-frame',
    'data-surface': surface,
    'data-module-key': extra.action?.moduleKey ?? MODULE_KEYS[surface],
    sandbox: FORGE_IFRAME_SANDBOX,
    allow: FORGE_IFRAME_ALLOW,
  });
  return { iframe, register: () => registerFrame(iframe, surface, extra) };
}

function projectsCrumb(): { text: string; href: string | null } {
  return { text: 'Projects', href: isProxy() ? '/jira/projects' : null };
}

function renderProjectPage(main: HTMLElement, appPath: string): void {
  setCurrentNav('nav-outcomes');
  document.title = APP_TITLE + ' - ' + project().name + ' - Jira';
  main.appendChild(breadcrumbs([projectsCrumb(), { text: project().name, href: issuesPath() }, { text: 'Apps' }]));
  const frame = appFrame(SURFACE.project, '/apps/project-page/', 'project-page', { appPath });
  main.appendChild(frame.iframe);
  frame.register();
}

/** A sprint action as Jira opens it from a sprint's ••• menu: the app's frame on the sprint, under the action's title. */
function renderSprintAction(main: HTMLElement, sprintId: number, moduleKey: string): void {
  setCurrentNav('nav-outcomes');
  const title = SPRINT_ACTIONS[moduleKey] ?? moduleKey;
  document.title = title + ' - ' + project().name + ' - Jira';
  main.appendChild(breadcrumbs([projectsCrumb(), { text: project().name, href: issuesPath() }, { text: 'Backlog' }, { text: title }]));
  main.appendChild(el('h1', { className: 'page-title', text: title, 'data-testid': 'sprint-action-title' }));
  const frame = appFrame(SURFACE.sprintAction, '/apps/project-page/', 'project-page', { action: { sprintId, moduleKey } });
  main.appendChild(frame.iframe);
  frame.register();
}

/** Project settings › Apps › Outcomes: the app's `jira:projectSettingsPage` in its frame. */
function renderSettingsPage(main: HTMLElement): void {
  setCurrentNav('nav-settings');
  document.title = APP_TITLE + ' settings - ' + project().name + ' - Jira';
  main.appendChild(breadcrumbs([projectsCrumb(), { text: project().name, href: issuesPath() }, { text: 'Project settings' }, { text: 'Apps' }]));
  const frame = appFrame(SURFACE.settings, '/apps/project-settings/', 'project-settings', {});
  main.appendChild(frame.iframe);
  frame.register();
}

/** Apps › Outcomes: organization — the app's `jira:globalPage`, in its frame, outside any project. */
function renderOrganizationPage(main: HTMLElement): void {
  setCurrentNav('nav-organization');
  document.title = APP_TITLE + ': organization - Jira';
  main.appendChild(breadcrumbs([{ text: 'Apps' }, { text: APP_TITLE + ': organization' }]));
  const frame = appFrame(SURFACE.organization, '/apps/organization/', 'organization', {});
  main.appendChild(frame.iframe);
  frame.register();
}

function typeIcon(issueType: string): HTMLElement {
  return el('span', { className: 'type-icon', 'data-type': String(issueType || '').toLowerCase(), title: issueType, 'aria-hidden': 'true' });
}

function matches(issue: PreviewIssue, query: string): boolean {
  if (!query) return true;
  const q = query.toLowerCase();
  return issue.key.toLowerCase().includes(q) || String(issue.summary).toLowerCase().includes(q);
}

function issueSearch(): HTMLInputElement {
  return el('input', { type: 'search', placeholder: 'Search issues', 'aria-label': 'Search issues', 'data-testid': 'issue-search' });
}

function table(headings: string[], tbody: HTMLElement): HTMLElement {
  return el('table', { className: 'issue-table' }, [el('thead', {}, [el('tr', {}, headings.map((text) => el('th', { text })))]), tbody]);
}

function renderIssues(main: HTMLElement): void {
  setCurrentNav('nav-issues');
  document.title = 'Issues - ' + project().name + ' - Jira';
  main.appendChild(breadcrumbs([projectsCrumb(), { text: project().name }]));
  main.appendChild(el('h1', { className: 'page-title', text: 'Issues' }));
  const tbody = el('tbody');
  const search = issueSearch();
  const fill = () => {
    tbody.textContent = '';
    for (const issue of state.issues.filter((issue) => matches(issue, search.value.trim()))) {
      tbody.appendChild(
        el('tr', { 'data-testid': 'issue-row' }, [
          el('td', {}, [el('span', { className: 'issue-type' }, [typeIcon(issue.issueType), issue.issueType])]),
          el('td', { className: 'issue-key-cell' }, [el('a', { href: issuePath(issue.key), text: issue.key })]),
          el('td', {}, [el('a', { href: issuePath(issue.key), text: issue.summary })]),
        ]),
      );
    }
  };
  search.addEventListener('input', fill);
  let count = state.issues.length + ' issues';
  // The site's list is bounded for the picker: say so rather than pretend it is all.
  const limit = preview().issueLimit;
  if (isProxy() && limit !== null && state.issues.length >= limit) count = 'the ' + state.issues.length + ' most recently updated issues';
  main.appendChild(el('div', { className: 'issues-toolbar' }, [search, el('span', { text: count })]));
  main.appendChild(table(['Type', 'Key', 'Summary'], tbody));
  fill();
}

/** One issue of Jira's search answer, with the fields the search asked for. */
interface FoundIssue {
  key: string;
  fields?: { summary?: string; status?: { name: string } } & Record<string, unknown>;
}

/** The search's answer: the issues, and the id of the app's Key Results field among their fields (when the site has it). */
interface SearchAnswer {
  issues?: FoundIssue[];
  keyResultsField?: string;
}

/** The Key Results field's value as a card or a column shows it: the titles, comma-separated. */
function keyResultsText(issue: FoundIssue, field: string | undefined): string {
  const value = field ? issue.fields?.[field] : undefined;
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string').join(', ') : '';
}

/** Jira's issue search, answered by the emulator as the selected user: where "Find in Jira" lands. */
function renderSearch(main: HTMLElement, jql: string): void {
  setCurrentNav('nav-issues');
  document.title = 'Search - Jira';
  main.appendChild(breadcrumbs([{ text: 'Filters' }, { text: 'Search' }]));
  main.appendChild(el('h1', { className: 'page-title', text: 'Search work' }));
  const input = el('input', { type: 'search', value: jql, 'aria-label': 'JQL', 'data-testid': 'jql', className: 'jql-input' });
  const status = el('p', { className: 'muted', 'data-testid': 'search-status' });
  const tbody = el('tbody');
  const run = () => {
    tbody.textContent = '';
    status.textContent = 'Searching…';
    getJson<SearchAnswer>('/api/search?jql=' + encodeURIComponent(input.value), { headers: userHeaders() })
      .then((body) => {
        const issues = body.issues || [];
        status.textContent = issues.length === 1 ? '1 issue' : issues.length + ' issues';
        for (const issue of issues) {
          const fields = issue.fields || {};
          tbody.appendChild(
            el('tr', { 'data-testid': 'search-result' }, [
              el('td', { className: 'issue-key-cell' }, [el('a', { href: issuePath(issue.key), text: issue.key })]),
              el('td', {}, [el('a', { href: issuePath(issue.key), text: fields.summary || '' })]),
              el('td', { text: fields.status ? fields.status.name : '' }),
              el('td', { 'data-testid': 'search-key-results', text: keyResultsText(issue, body.keyResultsField) }),
            ]),
          );
        }
      })
      .catch((error: Error) => {
        status.textContent = error.message;
      });
  };
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    history.replaceState(null, '', '/issues/?jql=' + encodeURIComponent(input.value));
    run();
  });
  main.appendChild(el('div', { className: 'issues-toolbar' }, [input]));
  main.appendChild(status);
  main.appendChild(table(['Key', 'Summary', 'Status', 'Key Results'], tbody));
  run();
}

function issueNav(currentKey: string | null): HTMLElement {
  const list = el('ul', { 'aria-label': 'Issues' });
  const search = issueSearch();
  const shown = () => state.issues.filter((issue) => matches(issue, search.value.trim()));
  const fill = () => {
    list.textContent = '';
    const issues = shown();
    if (!issues.length) list.appendChild(el('li', { className: 'empty', text: 'No issues match.' }));
    for (const issue of issues) {
      list.appendChild(
        el('li', {}, [
          el('a', { href: issuePath(issue.key), 'data-testid': 'issue-link', 'aria-current': issue.key === currentKey ? 'page' : null }, [
            el('span', { className: 'nav-key', text: issue.key }),
            el('span', { className: 'nav-summary', text: issue.summary }),
          ]),
        ]),
      );
    }
  };
  search.addEventListener('input', fill);
  search.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    const first = findIssue(search.value.trim()) || shown()[0];
    if (first) window.location.assign(issuePath(first.key));
  });
  fill();
  return el('aside', { className: 'issue-nav' }, [search, list]);
}

/** The projects the account may browse: in proxy mode, the site's. */
function renderProjects(main: HTMLElement): void {
  setCurrentNav(null);
  document.title = 'Projects - Jira';
  main.appendChild(breadcrumbs([{ text: 'Projects' }]));
  main.appendChild(el('h1', { className: 'page-title', text: 'Projects' }));
  if (!state.projects.length) {
    const who = currentUser();
    main.appendChild(el('p', { className: 'muted', 'data-testid': 'no-projects', text: (preview().site || 'The site') + ' lets ' + (who ? who.displayName : 'this account') + ' browse no project.' }));
    return;
  }
  const tbody = el('tbody');
  for (const each of state.projects) {
    tbody.appendChild(
      el('tr', { 'data-testid': 'project-row', 'data-project-key': each.key }, [
        el('td', {}, [el('a', { href: projectPagePath('/', each.key), text: each.name })]),
        el('td', { className: 'issue-key-cell', text: each.key }),
        el('td', {}, [el('a', { href: '/jira/software/projects/' + encodeURIComponent(each.key) + '/issues', text: 'Issues' })]),
      ]),
    );
  }
  main.appendChild(table(['Name', 'Key', 'Issues'], tbody));
}

function renderIssue(main: HTMLElement, issueKey: string): void {
  setCurrentNav('nav-issues');
  const issue = state.issue;
  if (!issue) {
    document.title = 'Issue does not exist - Jira';
    main.appendChild(
      el('div', { className: 'issue-view' }, [
        issueNav(null),
        el('div', { className: 'host-error', 'data-testid': 'issue-not-found' }, [
          el('h1', { text: 'Issue does not exist' }),
          el('p', { text: state.missing || 'There is no issue ' + issueKey + ' in the local preview.' }),
        ]),
      ]),
    );
    return;
  }
  document.title = '[' + issue.key + '] ' + issue.summary + ' - Jira';
  const frame = appFrame(SURFACE.panel, '/apps/issue-panel/', 'issue-panel', { issueKey: issue.key });
  // The app's read-only Key Results field, as Jira's issue view shows it once it is on the screen.
  const keyResultsDetail = el('dd', { 'data-testid': 'issue-key-results', text: '' });
  getJson<SearchAnswer>('/api/search?jql=' + encodeURIComponent('key = "' + issue.key + '"'), { headers: userHeaders() }).then(
    (body) => {
      const found = (body.issues ?? [])[0];
      keyResultsDetail.textContent = (found && keyResultsText(found, body.keyResultsField)) || 'None';
    },
    () => {
      keyResultsDetail.textContent = '';
    },
  );
  const view = el('div', { className: 'issue-view' }, [
    issueNav(issue.key),
    el('article', { className: 'issue-main' }, [
      breadcrumbs([projectsCrumb(), { text: project().name, href: issuesPath() }, { text: issue.key, href: issuePath(issue.key) }]),
      el('h1', { 'data-testid': 'issue-summary', id: 'issue-summary', text: issue.summary }),
      el('section', { className: 'issue-panel', 'aria-label': APP_TITLE + ' (issue panel)' }, [
        el('div', { className: 'issue-panel-header' }, [
          el('img', { className: 'panel-icon', src: '/apps/icons/outcomes.svg', alt: '', width: '16', height: '16' }),
          el('span', { text: APP_TITLE }),
        ]),
        el('div', { className: 'issue-panel-body' }, [frame.iframe]),
      ]),
    ]),
    el('aside', { className: 'issue-details' }, [
      el('h2', { text: 'Details' }),
      el('dl', {}, [
        el('dt', { text: 'Key' }),
        el('dd', { className: 'issue-key', 'data-testid': 'issue-key', id: 'issue-key', text: issue.key }),
        el('dt', { text: 'Type' }),
        el('dd', {}, [el('span', { className: 'issue-type' }, [typeIcon(issue.issueType), issue.issueType])]),
        el('dt', { text: 'Project' }),
        el('dd', { text: project().name + ' (' + project().key + ')' }),
        el('dt', { text: 'Key Results' }),
        keyResultsDetail,
      ]),
    ]),
  ]);
  main.appendChild(view);
  frame.register();
}

function renderNotFound(main: HTMLElement, message: string): void {
  document.title = 'Page not found - Jira';
  main.appendChild(
    el('div', { className: 'host-error', 'data-testid': 'host-not-found' }, [
      el('h1', { text: "We can't find this page" }),
      el('p', { text: message }),
      el('p', {}, [el('a', { href: homePath(), text: isProxy() ? 'Go to the projects' : 'Go to Outcomes' })]),
    ]),
  );
}

/**
 * A Jira dashboard with the Outcomes gadget. Like Jira, the gadget opens in its edit mode until it has
 * a configuration; "Edit" opens it again. The edit mode's `view.submit(configuration)` keeps the
 * configuration (for everyone who sees the dashboard) and shows the gadget; `view.close()` leaves
 * the edit mode unchanged.
 */
function renderDashboard(main: HTMLElement, dashboardId: string): void {
  setCurrentNav('nav-dashboard');
  document.title = 'Dashboard - Jira';
  main.appendChild(breadcrumbs([{ text: 'Dashboards' }, { text: 'Team dashboard' }]));
  main.appendChild(el('h1', { className: 'page-title', text: 'Team dashboard' }));
  if (dashboardId !== DASHBOARD_ID) {
    main.appendChild(el('p', { className: 'muted', text: 'The local preview has one dashboard: ' + DASHBOARD_ID + '.' }));
    return;
  }
  const body = el('div', { className: 'gadget-body' });
  const editButton = el('button', { type: 'button', className: 'icon-button', 'data-testid': 'gadget-edit', text: 'Edit' });
  const title = el('h2', { className: 'gadget-title', text: 'Outcomes OKRs' });
  const gadget = el('section', { className: 'gadget', 'data-testid': 'gadget', 'aria-label': 'Outcomes OKRs (gadget)' }, [
    el('header', { className: 'gadget-header' }, [
      el('img', { className: 'panel-icon', src: '/apps/icons/outcomes.svg', alt: '', width: '16', height: '16' }),
      title,
      editButton,
    ]),
    body,
  ]);
  main.appendChild(el('div', { className: 'dashboard-columns' }, [gadget]));

  const show = (edit: boolean) => {
    // One frame for the gadget: the previous mode's goes with its document.
    frames.forEach((frame, window) => {
      if (frame.surface === SURFACE.gadget) frames.delete(window);
    });
    body.textContent = '';
    gadget.setAttribute('data-mode', edit ? 'edit' : 'view');
    editButton.hidden = edit;
    const frame = appFrame(SURFACE.gadget, '/apps/dashboard-gadget/', 'dashboard-gadget', { gadget: { id: GADGET_ID, edit, onDone: () => show(false) } });
    body.appendChild(frame.iframe);
    frame.register();
  };
  editButton.addEventListener('click', () => show(true));
  getJson<{ configuration: Record<string, unknown> }>('/api/gadgets/' + GADGET_ID + '/configuration', { headers: userHeaders() }).then(
    (answer) => show(Object.keys(answer.configuration).length === 0),
    (error: Error) => body.appendChild(el('p', { className: 'muted', text: error.message })),
  );
}
