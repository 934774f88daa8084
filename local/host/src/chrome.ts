// The page around the apps: the banner, the user switcher, the theme toggle, the avatar, the sidebar,
// and the sprint buttons that do what a team does on Jira's board.
import { applyHostTheme, reloadFrames, setColorMode } from './frames';
import { byId, el, getJson } from './dom';
import { showFlag } from './flags';
import { currentUser, homePath, isProxy, issuesPath, preview, projectPagePath, projectSettingsPath, rememberUser, sprintActionPath, state, userHeaders, type PreviewProject } from './state';

interface SprintRef {
  id: number;
  name: string;
}

/** GET /api/sprints: the project's running sprint and the next one to start. */
interface Sprints {
  active: SprintRef | null;
  next: SprintRef | null;
}

export function renderChrome(): void {
  const info = preview();
  const banner = document.querySelector('[data-testid="preview-banner"]');
  if (banner) {
    banner.textContent =
      info.mode === 'proxy'
        ? 'Local preview — proxied to ' + (info.site || 'a Jira Cloud site') + ' · the app runs on this machine'
        : 'Local preview — demo data · the app runs on this machine against an emulated Jira and Forge storage';
  }

  const select = byId<HTMLSelectElement>('user-switcher');
  select.textContent = '';
  if (info.mode === 'proxy') {
    // Basic auth acts as the token's owner for every call: there is nobody else to be.
    const why = 'Every call goes to ' + (info.site || 'the site') + ' as this account, the API token\u2019s owner: there is no one to switch to.';
    const label = select.closest('label');
    const labelText = label?.querySelector('.control-label');
    if (labelText) labelText.textContent = 'Jira account';
    select.disabled = true;
    select.setAttribute('aria-label', 'Jira account');
    select.setAttribute('title', why);
    label?.insertAdjacentElement('afterend', el('span', { className: 'control-note', 'data-testid': 'user-switcher-note', text: why }));
  }
  for (const user of info.users) {
    select.appendChild(el('option', { value: user.accountId, text: user.displayName + ' — ' + user.role, selected: user.accountId === state.accountId }));
  }
  select.value = state.accountId;
  select.addEventListener('change', () => setUser(select.value));

  byId('theme-toggle').addEventListener('click', () => setColorMode(state.colorMode === 'dark' ? 'light' : 'dark'));
  applyHostTheme();
  renderAvatar();

  byId('close-sprint').addEventListener('click', () => sprintAction('/api/close-sprint'));
  byId('start-sprint').addEventListener('click', () => sprintAction('/api/start-sprint'));
  if (info.mode === 'emulator') void refreshSprintButtons();
}

/** The sidebar names the page's project; without one (the projects page), it leads to the projects. */
export function renderSidebar(): void {
  const project = state.project;
  byId('project-name').textContent = project ? project.name : 'Projects';
  const type = document.querySelector('.project-type');
  if (type) type.textContent = project ? (project.type === 'software' ? 'Software project' : project.type + ' project') : state.preview?.site || 'Jira';
  byId('nav-outcomes').setAttribute('href', project ? projectPagePath('/') : homePath());
  byId('nav-issues').setAttribute('href', project ? issuesPath() : homePath());
  byId('nav-settings').setAttribute('href', project ? projectSettingsPath() : homePath());
  if (isProxy() && project) renderSiteBoardLink(project);
}

/** Proxy mode: sprints change on the site's board, not here (the site sends its events to the deployed app). */
function renderSiteBoardLink(project: PreviewProject): void {
  byId('close-sprint').hidden = true;
  byId('start-sprint').hidden = true;
  getJson<{ boardUrl: string | null }>('/api/sprints?project=' + encodeURIComponent(project.key), { headers: userHeaders() }).then(
    (body) => {
      if (!body.boardUrl || document.querySelector('[data-testid="host-site-board"]')) return;
      const link = el('a', {
        className: 'icon-button',
        'data-testid': 'host-site-board',
        href: body.boardUrl,
        target: '_blank',
        rel: 'noopener noreferrer',
        text: 'Close or start sprints on the board \u2197',
        title: 'Sprints close and start on ' + preview().site + '\u2019s board for ' + project.key + '; the preview does not change the site\u2019s sprints.',
      });
      byId('start-sprint').insertAdjacentElement('afterend', link);
    },
    () => {
      // No link: the page itself says what went wrong.
    },
  );
}

function renderSprintButtons(sprints: Sprints): void {
  const close = byId('close-sprint');
  const start = byId('start-sprint');
  close.hidden = !sprints.active;
  start.hidden = !!sprints.active || !sprints.next;
  if (sprints.active) close.setAttribute('title', 'Close ' + sprints.active.name + ' in the emulated Jira; Forge then sends the app the sprint-closed event');
  if (sprints.next) start.setAttribute('title', 'Start ' + sprints.next.name + ' for two weeks');
  // The sprint's ••• menu on Jira's board: the running sprint's, else the next one's, Sprint Goal action.
  const action = byId<HTMLAnchorElement>('sprint-goal-action');
  const sprint = sprints.active ?? sprints.next;
  const projectKey = state.project?.key ?? preview().project?.key;
  action.hidden = !sprint || !projectKey;
  if (sprint && projectKey) {
    action.href = sprintActionPath(sprint.id, 'outcomes-sprint-goal', projectKey);
    action.setAttribute('title', 'Open the app\'s "Tie Sprint Goal to Key Results" action on ' + sprint.name + ', as from its menu on the board');
  }
}

async function refreshSprintButtons(): Promise<void> {
  try {
    renderSprintButtons((await getJson<{ sprints: Sprints }>('/api/sprints', { headers: userHeaders() })).sprints);
  } catch {
    // The buttons stay hidden.
  }
}

async function sprintAction(url: '/api/close-sprint' | '/api/start-sprint'): Promise<void> {
  const buttons = [byId<HTMLButtonElement>('close-sprint'), byId<HTMLButtonElement>('start-sprint')];
  buttons.forEach((button) => (button.disabled = true));
  try {
    const body = await getJson<{ sprint: SprintRef; sprints: Sprints }>(url, { method: 'POST', headers: userHeaders() });
    const closing = url === '/api/close-sprint';
    showFlag({
      id: 'host-sprint-' + Date.now(),
      appearance: 'success',
      title: closing ? body.sprint.name + ' closed' : body.sprint.name + ' started',
      description: closing ? 'Unfinished work moved to the next sprint, and the app received the sprint-closed event.' : 'The app received the sprint-started event.',
      isAutoDismiss: true,
    });
    renderSprintButtons(body.sprints);
    reloadFrames();
  } catch (error) {
    showFlag({ id: 'host-sprint-error', appearance: 'error', title: 'The sprint could not change', description: (error as Error).message });
  }
  buttons.forEach((button) => (button.disabled = false));
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part.charAt(0).toUpperCase())
    .join('');
}

function renderAvatar(): void {
  const user = currentUser();
  const avatar = byId('avatar');
  avatar.textContent = initials(user?.displayName || '?');
  avatar.setAttribute('title', (user?.displayName ?? '') + ' (' + (user?.role ?? '') + ')');
}

function setUser(accountId: string): void {
  if (!preview().users.some((user) => user.accountId === accountId)) return;
  rememberUser(accountId);
  renderAvatar();
  // As after logging in as someone else: the apps load again, as the new user.
  reloadFrames();
}

export function setCurrentNav(which: 'nav-outcomes' | 'nav-issues' | 'nav-dashboard' | 'nav-settings' | 'nav-organization' | null): void {
  for (const id of ['nav-outcomes', 'nav-issues', 'nav-dashboard', 'nav-settings', 'nav-organization']) {
    const link = byId(id);
    if (id === which) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}
