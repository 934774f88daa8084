/*
 * Outcomes local preview: the host page, a Jira Cloud look-alike that embeds the app's Custom UI
 * resources in iframes the way Forge does and answers their bridge calls
 * (local/bridge/bridge.js forwards every `@forge/bridge` call here with postMessage).
 *
 * Routes (all served as local/host/index.html by local/server.ts):
 *   /jira/projects                                                the projects (proxy mode opens here)
 *   /jira/software/projects/<KEY>/apps/outcomes[/<app route>]   the project page (jira:projectPage)
 *   /jira/software/projects/<KEY>/issues                         the issue list
 *   /browse/<ISSUE-KEY>                                           an issue, with the issue panel (jira:issuePanel)
 *
 * Who the caller is: the demo user chosen in the top bar (persisted in localStorage), sent to the
 * dev server with every invocation in the `x-outcomes-account-id` header; in proxy mode, the API
 * token's owner alone. The server builds the Forge context (project, issue) itself from the surface
 * and the project or issue key, with what Jira answers for them.
 *
 * Plain browser JavaScript, no build step. Never uses innerHTML with data.
 */
(function () {
  'use strict';

  var PROTOCOL = 'outcomes-local-forge/1';
  var USER_KEY = 'outcomes.localPreview.accountId';
  var THEME_KEY = 'outcomes.localPreview.colorMode';
  var USER_HEADER = 'x-outcomes-account-id';
  var USER_COOKIE = 'outcomes-account-id';
  var SURFACE = { project: 'jira:projectPage', panel: 'jira:issuePanel' };
  var APP_TITLE = 'Outcomes';

  var state = {
    preview: null, // GET /api/preview
    project: null, // the project of the page: GET /api/projects/<KEY>, or the issue's
    issue: null, // the issue of an issue page: GET /api/issues/<KEY>
    issues: [], // the project's issues, for the pickers
    projects: [], // the projects page: GET /api/projects
    missing: null, // why the page's project or issue was not found
    accountId: null,
    colorMode: 'light',
    route: null,
  };
  /** contentWindow -> frame record; the WindowProxy of an iframe survives its reloads. */
  var frames = new Map();
  var nextFrameId = 1;

  // ---- small helpers ---------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        var value = attrs[name];
        if (value === undefined || value === null || value === false) return;
        if (name === 'text') node.textContent = String(value);
        else if (name === 'className') node.className = value;
        else if (name.slice(0, 2) === 'on' && typeof value === 'function') node.addEventListener(name.slice(2), value);
        else node.setAttribute(name, value === true ? '' : String(value));
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function getJson(url, init) {
    return fetch(url, init).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (body) {
          if (!response.ok) {
            var message = (body && body.error && body.error.message) || (body && body.errorMessages && body.errorMessages.join(' ')) || response.status + ' ' + response.statusText;
            var error = new Error(message);
            error.status = response.status;
            error.title = body && body.error && body.error.title;
            throw error;
          }
          return body;
        });
    });
  }

  function userHeaders(extra) {
    var headers = {};
    headers[USER_HEADER] = state.accountId;
    Object.keys(extra || {}).forEach(function (key) {
      headers[key] = extra[key];
    });
    return headers;
  }

  function storageGet(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function storageSet(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (e) {
      /* private mode: keep the choice for this page only */
    }
  }

  function projectPagePath(appPath, projectKey) {
    var base = '/jira/software/projects/' + encodeURIComponent(projectKey || state.project.key) + '/apps/outcomes';
    if (!appPath || appPath === '/') return base;
    return base + (appPath.charAt(0) === '/' ? appPath : '/' + appPath);
  }

  function issuesPath() {
    return '/jira/software/projects/' + encodeURIComponent(state.project.key) + '/issues';
  }

  /** Where "home" is: the demo's project page, or in proxy mode the site's projects. */
  function homePath() {
    return state.preview && state.preview.project ? projectPagePath('/', state.preview.project.key) : '/jira/projects';
  }

  function isProxy() {
    return !!state.preview && state.preview.mode === 'proxy';
  }

  function issuePath(key) {
    return '/browse/' + encodeURIComponent(key);
  }

  function findIssue(key) {
    var upper = String(key || '').toUpperCase();
    for (var i = 0; i < state.issues.length; i++) {
      if (state.issues[i].key.toUpperCase() === upper) return state.issues[i];
    }
    return null;
  }

  function initials(name) {
    return String(name || '?')
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map(function (part) {
        return part.charAt(0).toUpperCase();
      })
      .join('');
  }

  function currentUser() {
    var users = state.preview.users;
    for (var i = 0; i < users.length; i++) if (users[i].accountId === state.accountId) return users[i];
    return users[0];
  }

  // ---- theme -----------------------------------------------------------------------------------

  /** The Forge context's `theme` (an @atlaskit/tokens ThemeState) for the current colour mode. */
  function themeState() {
    return {
      colorMode: state.colorMode,
      dark: 'dark',
      light: 'light',
      motion: 'motion',
      shape: 'shape',
      spacing: 'spacing',
      typography: 'typography',
    };
  }

  function applyHostTheme() {
    var root = document.documentElement;
    root.setAttribute('data-theme', 'dark:dark light:light motion:motion shape:shape spacing:spacing typography:typography');
    root.setAttribute('data-color-mode', state.colorMode);
    var toggle = document.getElementById('theme-toggle');
    if (toggle) {
      var dark = state.colorMode === 'dark';
      toggle.textContent = dark ? 'Light theme' : 'Dark theme';
      toggle.setAttribute('aria-pressed', String(dark));
      toggle.setAttribute('title', dark ? 'Switch to the light theme' : 'Switch to the dark theme');
    }
  }

  function setColorMode(mode) {
    state.colorMode = mode === 'dark' ? 'dark' : 'light';
    storageSet(THEME_KEY, state.colorMode);
    applyHostTheme();
    // Forge pushes the product's theme to every Custom UI frame; the bridge applies it if the
    // app called view.theme.enable().
    frames.forEach(function (frame) {
      postToFrame(frame, { kind: 'theme', theme: themeState() });
    });
  }

  // ---- frames and the bridge protocol ----------------------------------------------------------

  function registerFrame(iframe, surface, extra) {
    var frame = {
      id: 'frame-' + nextFrameId++,
      iframe: iframe,
      surface: surface,
      issueKey: extra.issueKey || null,
      appPath: extra.appPath || '/',
      themingEnabled: false,
      resizes: [],
    };
    frames.set(iframe.contentWindow, frame);
    return frame;
  }

  function postToFrame(frame, message) {
    var target = frame.iframe.contentWindow;
    if (!target) return;
    message.protocol = PROTOCOL;
    target.postMessage(message, window.location.origin);
  }

  function reloadFrames() {
    frames.forEach(function (frame) {
      frame.themingEnabled = false;
      frame.resizes = [];
      try {
        frame.iframe.contentWindow.location.reload();
      } catch (e) {
        frame.iframe.src = frame.iframe.src;
      }
    });
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== window.location.origin) return;
    var message = event.data;
    if (!message || message.protocol !== PROTOCOL) return;
    var frame = frames.get(event.source);
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
          .then(function () {
            return handleCall(frame, message.name, message.payload);
          })
          .then(
            function (value) {
              postToFrame(frame, { kind: 'result', id: message.id, ok: true, value: value === undefined ? null : value });
            },
            function (error) {
              postToFrame(frame, {
                kind: 'result',
                id: message.id,
                ok: false,
                error: { message: error && error.message ? error.message : String(error) },
              });
            },
          );
        return;
      default:
        return;
    }
  });

  function resizeFrame(frame, height) {
    if (typeof height !== 'number' || !isFinite(height) || height < 0) return;
    // Guard against a feedback loop (content that grows with its frame): stop after 30 growths in 2 s.
    var now = Date.now();
    var current = frame.iframe.getBoundingClientRect().height;
    if (height > current) {
      frame.resizes = frame.resizes.filter(function (t) {
        return now - t < 2000;
      });
      frame.resizes.push(now);
      if (frame.resizes.length > 30) return;
    }
    frame.iframe.style.height = Math.min(Math.ceil(height), 50000) + 'px';
  }

  /** Every `callBridge` name the bridge forwards (see local/bridge/bridge.js). */
  function handleCall(frame, name, payload) {
    switch (name) {
      case 'invoke':
        return invoke(frame, payload || {});
      case 'getContext':
        return getContext(frame);
      case 'enableTheming':
        frame.themingEnabled = true;
        return themeState();
      case 'getUrl':
        return resolveLocation(payload).href;
      case 'navigate':
        return navigate(payload || {});
      case 'reload':
        window.setTimeout(function () {
          window.location.reload();
        }, 0);
        return true;
      case 'refresh':
        // On Jira, view.refresh() from an issue panel refreshes the issue view; other modules are not refreshable.
        if (frame.surface !== SURFACE.panel) return false;
        return refreshIssueView().then(function () {
          return true;
        });
      case 'close':
      case 'submit':
      case 'open':
      case 'onClose':
        // Only modal/dialog-like modules can be closed or submitted; project pages and issue panels cannot.
        return false;
      case 'changeWindowTitle':
        if (typeof payload === 'string' && payload) document.title = payload;
        return true;
      case 'showFlag':
        return showFlag(frame, payload || {});
      case 'closeFlag':
        return closeFlag(payload && payload.id);
      case 'emit':
      case 'emitPublic':
        broadcastEvent(name === 'emitPublic' ? 'public' : 'app', payload || {});
        return null;
      case 'getFrameId':
        return frame.id;
      case 'emitReadyEvent':
        return true;
      case 'getCookieConsentPreferences':
        return null;
      case 'emitFrontendCustomMetric':
        if (window.console && console.debug) console.debug('[Outcomes local preview] custom metric', payload);
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
        var location = (payload && payload.location) || {};
        var appPath = (location.pathname || '/') + (location.search || '') + (location.hash || '');
        frame.appPath = appPath;
        var url = projectPagePath(appPath);
        if (name === 'historyPush') window.history.pushState({ outcomesApp: location }, '', url);
        else window.history.replaceState({ outcomesApp: location }, '', url);
        return true;
      }
      case 'historyGo':
        window.history.go(Number(payload && payload.delta) || 0);
        return true;
      default:
        throw new Error('Outcomes local preview: the host page does not implement the bridge call "' + name + '".');
    }
  }

  function invoke(frame, request) {
    if (request.invokeType) {
      throw new Error('Outcomes local preview: ' + request.invokeType + ' (Forge remotes/containers) is not emulated; only resolver functions are.');
    }
    if (typeof request.functionKey !== 'string') throw new Error('functionKey must be a string!');
    var body = {
      surface: frame.surface,
      functionKey: request.functionKey,
      payload: request.payload === undefined ? {} : request.payload,
    };
    if (frame.issueKey) body.issueKey = frame.issueKey;
    else if (frame.surface === SURFACE.project && state.project) body.projectKey = state.project.key;
    return getJson('/api/invoke', {
      method: 'POST',
      headers: userHeaders({ 'content-type': 'application/json' }),
      body: JSON.stringify(body),
    }).then(
      function (answer) {
        var result = answer.result === undefined ? null : answer.result;
        // With metadata requested, Forge answers { body, metadata }.
        return request.metadata ? { body: result, metadata: {} } : result;
      },
      function (error) {
        throw new Error('There was an error invoking the function - ' + error.message);
      },
    );
  }

  function getContext(frame) {
    var query = '?surface=' + encodeURIComponent(frame.surface);
    if (frame.issueKey) query += '&issueKey=' + encodeURIComponent(frame.issueKey);
    else if (frame.surface === SURFACE.project && state.project) query += '&projectKey=' + encodeURIComponent(state.project.key);
    return getJson('/api/context' + query, { headers: userHeaders() }).then(function (answer) {
      var context = answer.context;
      context.theme = themeState();
      return context;
    });
  }

  function locationFromAppPath(appPath) {
    var url = new URL(appPath || '/', 'http://app.invalid');
    return { pathname: url.pathname, search: url.search, hash: url.hash, state: null, key: 'initial' };
  }

  /** router.navigate / router.open / router.getUrl: a URL or a NavigationLocation to a URL. */
  function resolveLocation(location) {
    if (!location) throw new Error('A location is required.');
    if (typeof location.url === 'string') return new URL(location.url, window.location.origin);
    var current = state.project || state.preview.project;
    var projectKey = location.projectKey || (current && current.key);
    if (!projectKey && (location.target === 'module' || location.target === 'projectSettingsDetails')) throw new Error('projectKey is required here');
    switch (location.target) {
      case 'issue':
        if (!location.issueKey) throw new Error('issueKey is required for the issue target');
        return new URL(issuePath(location.issueKey), window.location.origin);
      case 'module':
        if (location.moduleKey === 'outcomes-project-page') {
          if (!current || String(projectKey).toUpperCase() !== current.key.toUpperCase()) {
            return new URL(projectPagePath('/', projectKey), window.location.origin);
          }
          return new URL(projectPagePath(location.path || '/', current.key), window.location.origin);
        }
        throw new Error('Module "' + location.moduleKey + '" has no page of its own to navigate to.');
      case 'projectSettingsDetails':
        return new URL('/jira/software/projects/' + encodeURIComponent(projectKey) + '/settings/details', window.location.origin);
      case 'dashboard':
        return new URL('/jira/dashboards/' + encodeURIComponent(location.dashboardId), window.location.origin);
      case 'userProfile':
        return new URL('/jira/people/' + encodeURIComponent(location.accountId), window.location.origin);
      case 'contentView':
      case 'contentEdit':
      case 'contentList':
      case 'spaceView':
        throw new Error('The navigation target "' + location.target + '" belongs to Confluence; this is Jira.');
      default:
        throw new Error('Unknown navigation target "' + location.target + '".');
    }
  }

  function navigate(location) {
    var url = resolveLocation(location);
    var internal = url.origin === window.location.origin;
    if (location.type === 'new-tab') {
      window.open(url.href, '_blank', 'noopener,noreferrer');
      return true;
    }
    if (internal) {
      window.setTimeout(function () {
        window.location.assign(url.href);
      }, 0);
      return true;
    }
    // Jira asks before leaving the product for an external site.
    if (window.confirm('The app wants to open ' + url.href + ' — leave the local preview?')) {
      window.setTimeout(function () {
        window.location.assign(url.href);
      }, 0);
      return true;
    }
    return false;
  }

  function broadcastEvent(scope, payload) {
    frames.forEach(function (frame) {
      postToFrame(frame, { kind: 'event', scope: scope, event: payload.event, payload: payload.payload });
    });
  }

  // ---- flags -----------------------------------------------------------------------------------

  var flagTimers = new Map();

  function showFlag(frame, options) {
    var id = String(options.id);
    closeFlag(id);
    var appearance = options.appearance || options.type || 'info';
    var node = el('div', { className: 'flag', role: 'alert', 'data-testid': 'flag', 'data-flag-id': id, 'data-appearance': appearance }, [
      el('div', { className: 'flag-title' }, [
        el('span', { text: options.title || '' }),
        el('button', { type: 'button', 'aria-label': 'Dismiss', text: '×', onclick: function () { closeFlag(id); } }),
      ]),
      options.description ? el('div', { className: 'flag-description', text: options.description }) : null,
      (options.actions || []).length
        ? el(
            'div',
            { className: 'flag-actions' },
            options.actions.map(function (action, index) {
              return el('button', {
                type: 'button',
                text: action.text,
                onclick: function () {
                  postToFrame(frame, { kind: 'flagAction', id: id, index: index });
                },
              });
            }),
          )
        : null,
    ]);
    document.getElementById('flags').appendChild(node);
    if (options.isAutoDismiss) {
      flagTimers.set(
        id,
        window.setTimeout(function () {
          closeFlag(id);
        }, 8000),
      );
    }
    return true;
  }

  function closeFlag(id) {
    var key = String(id);
    var timer = flagTimers.get(key);
    if (timer) window.clearTimeout(timer);
    flagTimers.delete(key);
    var nodes = document.querySelectorAll('.flag');
    var closed = false;
    Array.prototype.forEach.call(nodes, function (node) {
      if (node.getAttribute('data-flag-id') === key) {
        node.remove();
        closed = true;
      }
    });
    return closed;
  }

  // ---- chrome: banner, user switcher, theme toggle, sidebar ------------------------------------

  function renderChrome() {
    var preview = state.preview;
    var banner = document.querySelector('[data-testid="preview-banner"]');
    banner.textContent =
      preview.mode === 'proxy'
        ? 'Local preview — proxied to ' + (preview.site || 'a Jira Cloud site') + ' · the app runs on this machine'
        : 'Local preview — demo data · the app runs on this machine against an emulated Jira and Forge storage';

    var select = document.getElementById('user-switcher');
    select.textContent = '';
    if (preview.mode === 'proxy') {
      // Basic auth acts as the token's owner for every call: there is nobody else to be.
      var why = 'Every call goes to ' + (preview.site || 'the site') + ' as this account, the API token\u2019s owner: there is no one to switch to.';
      var label = select.closest('label');
      var labelText = label && label.querySelector('.control-label');
      if (labelText) labelText.textContent = 'Jira account';
      select.disabled = true;
      select.setAttribute('aria-label', 'Jira account');
      select.setAttribute('title', why);
      if (label) label.insertAdjacentElement('afterend', el('span', { className: 'control-note', 'data-testid': 'user-switcher-note', text: why }));
    }
    preview.users.forEach(function (user) {
      select.appendChild(
        el('option', { value: user.accountId, text: user.displayName + ' — ' + user.role, selected: user.accountId === state.accountId }),
      );
    });
    select.value = state.accountId;
    select.addEventListener('change', function () {
      setUser(select.value);
    });

    var toggle = document.getElementById('theme-toggle');
    toggle.addEventListener('click', function () {
      setColorMode(state.colorMode === 'dark' ? 'light' : 'dark');
    });
    applyHostTheme();
    renderAvatar();

    document.getElementById('close-sprint').addEventListener('click', function () {
      sprintAction('/api/close-sprint');
    });
    document.getElementById('start-sprint').addEventListener('click', function () {
      sprintAction('/api/start-sprint');
    });
    if (preview.mode === 'emulator') refreshSprintButtons();
  }

  /** The sidebar names the page's project; without one (the projects page), it leads to the projects. */
  function renderSidebar() {
    var project = state.project;
    document.getElementById('project-name').textContent = project ? project.name : 'Projects';
    var type = document.querySelector('.project-type');
    if (type) type.textContent = project ? (project.type === 'software' ? 'Software project' : project.type + ' project') : (state.preview && state.preview.site) || 'Jira';
    document.getElementById('nav-outcomes').setAttribute('href', project ? projectPagePath('/') : homePath());
    document.getElementById('nav-issues').setAttribute('href', project ? issuesPath() : homePath());
    if (isProxy() && project) renderSiteBoardLink(project);
  }

  /** Proxy mode: sprints change on the site's board, not here (the site sends its events to the deployed app). */
  function renderSiteBoardLink(project) {
    document.getElementById('close-sprint').hidden = true;
    document.getElementById('start-sprint').hidden = true;
    getJson('/api/sprints?project=' + encodeURIComponent(project.key), { headers: userHeaders() }).then(
      function (body) {
        if (!body.boardUrl || document.querySelector('[data-testid="host-site-board"]')) return;
        var link = el('a', {
          className: 'icon-button',
          'data-testid': 'host-site-board',
          href: body.boardUrl,
          target: '_blank',
          rel: 'noopener noreferrer',
          text: 'Close or start sprints on the board \u2197',
          title: 'Sprints close and start on ' + state.preview.site + '\u2019s board for ' + project.key + '; the preview does not change the site\u2019s sprints.',
        });
        document.getElementById('start-sprint').insertAdjacentElement('afterend', link);
      },
      function () {
        /* no link: the page itself says what went wrong */
      },
    );
  }

  // ---- sprints: what the team would do on Jira's board -----------------------------------------

  function renderSprintButtons(sprints) {
    var close = document.getElementById('close-sprint');
    var start = document.getElementById('start-sprint');
    close.hidden = !sprints.active;
    start.hidden = !!sprints.active || !sprints.next;
    if (sprints.active) close.setAttribute('title', 'Close ' + sprints.active.name + ' in the emulated Jira; Forge then sends the app the sprint-closed event');
    if (sprints.next) start.setAttribute('title', 'Start ' + sprints.next.name + ' for two weeks');
  }

  function refreshSprintButtons() {
    return getJson('/api/sprints', { headers: userHeaders() }).then(
      function (body) {
        renderSprintButtons(body.sprints);
      },
      function () {
        /* the buttons stay hidden */
      },
    );
  }

  function sprintAction(url) {
    var buttons = [document.getElementById('close-sprint'), document.getElementById('start-sprint')];
    buttons.forEach(function (button) {
      button.disabled = true;
    });
    getJson(url, { method: 'POST', headers: userHeaders() })
      .then(
        function (body) {
          var closing = url === '/api/close-sprint';
          showFlag(null, {
            id: 'host-sprint-' + Date.now(),
            appearance: 'success',
            title: closing ? body.sprint.name + ' closed' : body.sprint.name + ' started',
            description: closing
              ? 'Unfinished work moved to the next sprint, and the app received the sprint-closed event.'
              : 'The app received the sprint-started event.',
            isAutoDismiss: true,
          });
          renderSprintButtons(body.sprints);
          reloadFrames();
        },
        function (error) {
          showFlag(null, { id: 'host-sprint-error', appearance: 'error', title: 'The sprint could not change', description: error.message });
        },
      )
      .then(function () {
        buttons.forEach(function (button) {
          button.disabled = false;
        });
      });
  }

  function renderAvatar() {
    var user = currentUser();
    var avatar = document.getElementById('avatar');
    avatar.textContent = initials(user.displayName);
    avatar.setAttribute('title', user.displayName + ' (' + user.role + ')');
  }

  function setUser(accountId) {
    var known = state.preview.users.some(function (user) {
      return user.accountId === accountId;
    });
    if (!known) return;
    state.accountId = accountId;
    storageSet(USER_KEY, accountId);
    document.cookie = USER_COOKIE + '=' + encodeURIComponent(accountId) + '; path=/; samesite=strict';
    renderAvatar();
    // As after logging in as someone else: the apps load again, as the new user.
    reloadFrames();
  }

  function setCurrentNav(which) {
    ['nav-outcomes', 'nav-issues'].forEach(function (id) {
      var link = document.getElementById(id);
      if (id === which) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    });
  }

  // ---- routes ----------------------------------------------------------------------------------

  function parseRoute(pathname) {
    var match = /^\/jira\/software\/projects\/([^/]+)\/apps\/outcomes(\/.*)?$/.exec(pathname);
    if (match) return { name: 'project', projectKey: decodeURIComponent(match[1]), appPath: match[2] || '/' };
    match = /^\/jira\/software\/projects\/([^/]+)\/issues\/?$/.exec(pathname);
    if (match) return { name: 'issues', projectKey: decodeURIComponent(match[1]) };
    match = /^\/browse\/([^/]+)\/?$/.exec(pathname);
    if (match) return { name: 'issue', issueKey: decodeURIComponent(match[1]).toUpperCase() };
    if (/^\/issues\/?$/.test(pathname)) return { name: 'search', jql: new URLSearchParams(window.location.search).get('jql') || '' };
    if (/^\/jira\/projects\/?$/.test(pathname)) return { name: 'projects' };
    return { name: 'unknown' };
  }

  function render() {
    frames.clear();
    var main = document.getElementById('main');
    main.textContent = '';
    var route = (state.route = parseRoute(window.location.pathname));
    var projectKnown = route.projectKey === undefined || (state.project && route.projectKey.toUpperCase() === state.project.key.toUpperCase());
    if (!projectKnown) return renderNotFound(main, state.missing || 'Project ' + route.projectKey + ' does not exist in the local preview.');
    switch (route.name) {
      case 'projects':
        return renderProjects(main);
      case 'project':
        return renderProjectPage(main, route);
      case 'issues':
        return renderIssues(main);
      case 'issue':
        return renderIssue(main, route);
      case 'search':
        return renderSearch(main, route);
      default:
        return renderNotFound(main, 'This Jira page is not part of the local preview of Outcomes.');
    }
  }

  function breadcrumbs(items) {
    var children = [];
    items.forEach(function (item, index) {
      if (index > 0) children.push(el('span', { 'aria-hidden': 'true', text: '/' }));
      children.push(item.href ? el('a', { href: item.href, text: item.text }) : el('span', { text: item.text }));
    });
    return el('nav', { className: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, children);
  }

  function appFrame(surface, src, className, extra) {
    var iframe = el('iframe', {
      className: 'app-frame ' + className,
      title: APP_TITLE,
      src: src,
      'data-testid': 'app-frame',
      'data-surface': surface,
      'data-module-key': surface === SURFACE.project ? 'outcomes-project-page' : 'outcomes-issue-panel',
    });
    return { iframe: iframe, register: function () { return registerFrame(iframe, surface, extra); } };
  }

  function renderProjectPage(main, route) {
    setCurrentNav('nav-outcomes');
    document.title = APP_TITLE + ' - ' + state.project.name + ' - Jira';
    main.appendChild(
      breadcrumbs([
        { text: 'Projects', href: isProxy() ? '/jira/projects' : null },
        { text: state.project.name, href: issuesPath() },
        { text: 'Apps' },
      ]),
    );
    var frame = appFrame(SURFACE.project, '/apps/project-page/', 'project-page', { appPath: route.appPath });
    main.appendChild(frame.iframe);
    frame.register();
  }

  function typeIcon(issueType) {
    return el('span', { className: 'type-icon', 'data-type': String(issueType || '').toLowerCase(), title: issueType, 'aria-hidden': 'true' });
  }

  function matches(issue, query) {
    if (!query) return true;
    var q = query.toLowerCase();
    return issue.key.toLowerCase().indexOf(q) !== -1 || String(issue.summary).toLowerCase().indexOf(q) !== -1;
  }

  function renderIssues(main) {
    setCurrentNav('nav-issues');
    document.title = 'Issues - ' + state.project.name + ' - Jira';
    main.appendChild(breadcrumbs([{ text: 'Projects', href: isProxy() ? '/jira/projects' : null }, { text: state.project.name }]));
    main.appendChild(el('h1', { className: 'page-title', text: 'Issues' }));
    var tbody = el('tbody');
    var search = el('input', { type: 'search', placeholder: 'Search issues', 'aria-label': 'Search issues', 'data-testid': 'issue-search' });
    function fill() {
      tbody.textContent = '';
      state.issues
        .filter(function (issue) {
          return matches(issue, search.value.trim());
        })
        .forEach(function (issue) {
          tbody.appendChild(
            el('tr', { 'data-testid': 'issue-row' }, [
              el('td', {}, [el('span', { className: 'issue-type' }, [typeIcon(issue.issueType), issue.issueType])]),
              el('td', { className: 'issue-key-cell' }, [el('a', { href: issuePath(issue.key), text: issue.key })]),
              el('td', {}, [el('a', { href: issuePath(issue.key), text: issue.summary })]),
            ]),
          );
        });
    }
    search.addEventListener('input', fill);
    var count = state.issues.length + ' issues';
    // The site's list is bounded for the picker: say so rather than pretend it is all.
    if (isProxy() && state.issues.length >= state.preview.issueLimit) count = 'the ' + state.issues.length + ' most recently updated issues';
    main.appendChild(el('div', { className: 'issues-toolbar' }, [search, el('span', { text: count })]));
    main.appendChild(
      el('table', { className: 'issue-table' }, [
        el('thead', {}, [el('tr', {}, [el('th', { text: 'Type' }), el('th', { text: 'Key' }), el('th', { text: 'Summary' })])]),
        tbody,
      ]),
    );
    fill();
  }

  /** Jira's issue search, answered by the emulator as the selected user: where "Find in Jira" lands. */
  function renderSearch(main, route) {
    setCurrentNav('nav-issues');
    document.title = 'Search - Jira';
    main.appendChild(breadcrumbs([{ text: 'Filters' }, { text: 'Search' }]));
    main.appendChild(el('h1', { className: 'page-title', text: 'Search work' }));
    var input = el('input', { type: 'search', value: route.jql, 'aria-label': 'JQL', 'data-testid': 'jql', className: 'jql-input' });
    var status = el('p', { className: 'muted', 'data-testid': 'search-status' });
    var tbody = el('tbody');
    function run() {
      tbody.textContent = '';
      status.textContent = 'Searching…';
      getJson('/api/search?jql=' + encodeURIComponent(input.value), { headers: userHeaders() })
        .then(function (body) {
          var issues = body.issues || [];
          status.textContent = issues.length === 1 ? '1 issue' : issues.length + ' issues';
          issues.forEach(function (issue) {
            var fields = issue.fields || {};
            tbody.appendChild(
              el('tr', { 'data-testid': 'search-result' }, [
                el('td', { className: 'issue-key-cell' }, [el('a', { href: issuePath(issue.key), text: issue.key })]),
                el('td', {}, [el('a', { href: issuePath(issue.key), text: fields.summary || '' })]),
                el('td', { text: fields.status ? fields.status.name : '' }),
              ]),
            );
          });
        })
        .catch(function (error) {
          status.textContent = error.message;
        });
    }
    input.addEventListener('keydown', function (event) {
      if (event.key !== 'Enter') return;
      history.replaceState(null, '', '/issues/?jql=' + encodeURIComponent(input.value));
      run();
    });
    main.appendChild(el('div', { className: 'issues-toolbar' }, [input]));
    main.appendChild(status);
    main.appendChild(
      el('table', { className: 'issue-table' }, [
        el('thead', {}, [el('tr', {}, [el('th', { text: 'Key' }), el('th', { text: 'Summary' }), el('th', { text: 'Status' })])]),
        tbody,
      ]),
    );
    run();
  }

  function issueNav(currentKey) {
    var list = el('ul', { 'aria-label': 'Issues' });
    var search = el('input', { type: 'search', placeholder: 'Search issues', 'aria-label': 'Search issues', 'data-testid': 'issue-search' });
    function fill() {
      list.textContent = '';
      var shown = state.issues.filter(function (issue) {
        return matches(issue, search.value.trim());
      });
      if (!shown.length) list.appendChild(el('li', { className: 'empty', text: 'No issues match.' }));
      shown.forEach(function (issue) {
        list.appendChild(
          el('li', {}, [
            el('a', { href: issuePath(issue.key), 'data-testid': 'issue-link', 'aria-current': issue.key === currentKey ? 'page' : null }, [
              el('span', { className: 'nav-key', text: issue.key }),
              el('span', { className: 'nav-summary', text: issue.summary }),
            ]),
          ]),
        );
      });
    }
    search.addEventListener('input', fill);
    search.addEventListener('keydown', function (event) {
      if (event.key !== 'Enter') return;
      var exact = findIssue(search.value.trim());
      var first = exact || state.issues.filter(function (issue) {
        return matches(issue, search.value.trim());
      })[0];
      if (first) window.location.assign(issuePath(first.key));
    });
    fill();
    return el('aside', { className: 'issue-nav' }, [search, list]);
  }

  /** The projects the account may browse: in proxy mode, the site's. */
  function renderProjects(main) {
    setCurrentNav(null);
    document.title = 'Projects - Jira';
    main.appendChild(breadcrumbs([{ text: 'Projects' }]));
    main.appendChild(el('h1', { className: 'page-title', text: 'Projects' }));
    if (!state.projects.length) {
      var who = currentUser();
      main.appendChild(el('p', { className: 'muted', 'data-testid': 'no-projects', text: (state.preview.site || 'The site') + ' lets ' + (who ? who.displayName : 'this account') + ' browse no project.' }));
      return;
    }
    var tbody = el('tbody');
    state.projects.forEach(function (project) {
      tbody.appendChild(
        el('tr', { 'data-testid': 'project-row', 'data-project-key': project.key }, [
          el('td', {}, [el('a', { href: projectPagePath('/', project.key), text: project.name })]),
          el('td', { className: 'issue-key-cell', text: project.key }),
          el('td', {}, [el('a', { href: '/jira/software/projects/' + encodeURIComponent(project.key) + '/issues', text: 'Issues' })]),
        ]),
      );
    });
    main.appendChild(
      el('table', { className: 'issue-table' }, [
        el('thead', {}, [el('tr', {}, [el('th', { text: 'Name' }), el('th', { text: 'Key' }), el('th', { text: 'Issues' })])]),
        tbody,
      ]),
    );
  }

  function renderIssue(main, route) {
    setCurrentNav('nav-issues');
    var issue = state.issue;
    if (!issue) {
      document.title = 'Issue does not exist - Jira';
      var missing = el('div', { className: 'issue-view' }, [
        issueNav(null),
        el('div', { className: 'host-error', 'data-testid': 'issue-not-found' }, [
          el('h1', { text: 'Issue does not exist' }),
          el('p', { text: state.missing || 'There is no issue ' + route.issueKey + ' in the local preview.' }),
        ]),
      ]);
      main.appendChild(missing);
      return;
    }
    document.title = '[' + issue.key + '] ' + issue.summary + ' - Jira';
    var frame = appFrame(SURFACE.panel, '/apps/issue-panel/', 'issue-panel', { issueKey: issue.key });
    var view = el('div', { className: 'issue-view' }, [
      issueNav(issue.key),
      el('article', { className: 'issue-main' }, [
        breadcrumbs([
          { text: 'Projects', href: isProxy() ? '/jira/projects' : null },
          { text: state.project.name, href: issuesPath() },
          { text: issue.key, href: issuePath(issue.key) },
        ]),
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
          el('dd', { text: state.project.name + ' (' + state.project.key + ')' }),
        ]),
      ]),
    ]);
    main.appendChild(view);
    frame.register();
  }

  function refreshIssueView() {
    var route = state.route;
    if (!route || route.name !== 'issue') return Promise.resolve();
    return getJson('/api/issues/' + encodeURIComponent(route.issueKey)).then(function (answer) {
      state.issue = answer.issue;
      var summary = document.getElementById('issue-summary');
      if (summary) summary.textContent = answer.issue.summary;
    });
  }

  function renderNotFound(main, message) {
    document.title = 'Page not found - Jira';
    main.appendChild(
      el('div', { className: 'host-error', 'data-testid': 'host-not-found' }, [
        el('h1', { text: "We can't find this page" }),
        el('p', { text: message }),
        el('p', {}, [el('a', { href: homePath(), text: isProxy() ? 'Go to the projects' : 'Go to Outcomes' })]),
      ]),
    );
  }

  window.addEventListener('popstate', function () {
    var route = parseRoute(window.location.pathname);
    // Back/forward inside the project page app: tell its history, don't reload the page.
    if (state.route && state.route.name === 'project' && route.name === 'project') {
      frames.forEach(function (frame) {
        if (frame.surface !== SURFACE.project) return;
        frame.appPath = route.appPath;
        var location = locationFromAppPath(route.appPath + window.location.search + window.location.hash);
        if (window.history.state && window.history.state.outcomesApp) location.state = window.history.state.outcomesApp.state;
        postToFrame(frame, { kind: 'historyPop', location: location });
      });
      state.route = route;
      return;
    }
    render();
  });

  // ---- start -----------------------------------------------------------------------------------

  function loadIssues() {
    return getJson('/api/issues?project=' + encodeURIComponent(state.project.key)).then(function (answer) {
      state.issues = answer.issues;
    });
  }

  /** What the page needs from Jira before it renders: its project (and issue), or the projects. */
  function loadRoute() {
    var route = parseRoute(window.location.pathname);
    var notFound = function (error) {
      if (error.status !== 404) throw error;
      state.missing = error.message;
      return null;
    };
    if (route.projectKey !== undefined) {
      return getJson('/api/projects/' + encodeURIComponent(route.projectKey)).then(function (answer) {
        state.project = answer.project;
        return loadIssues();
      }, notFound);
    }
    if (route.name === 'issue') {
      return getJson('/api/issues/' + encodeURIComponent(route.issueKey)).then(
        function (answer) {
          state.issue = answer.issue;
          state.project = answer.project;
          return loadIssues();
        },
        function (error) {
          notFound(error);
          state.project = state.preview.project;
          return state.project ? loadIssues() : null;
        },
      );
    }
    if (route.name === 'projects') {
      return getJson('/api/projects').then(function (answer) {
        state.projects = answer.projects;
      });
    }
    state.project = state.preview.project;
    return state.project ? loadIssues() : null;
  }

  function renderHostError(error) {
    // Before the preview answered, the switcher has no one to show.
    var switcher = document.getElementById('user-switcher').closest('label');
    if (switcher && !state.preview) switcher.hidden = true;
    var main = document.getElementById('main');
    main.textContent = '';
    main.appendChild(
      el('div', { className: 'host-error', 'data-testid': 'host-error' }, [
        el('h1', { text: error.title || 'The local preview could not start' }),
        el('p', { text: error.message }),
      ]),
    );
  }

  function start() {
    state.colorMode = storageGet(THEME_KEY) === 'dark' ? 'dark' : 'light';
    applyHostTheme();
    getJson('/api/preview')
      .then(function (preview) {
        state.preview = preview;
        var saved = storageGet(USER_KEY);
        var known = state.preview.users.some(function (user) {
          return user.accountId === saved;
        });
        state.accountId = known ? saved : state.preview.defaultAccountId;
        storageSet(USER_KEY, state.accountId);
        document.cookie = USER_COOKIE + '=' + encodeURIComponent(state.accountId) + '; path=/; samesite=strict';
        renderChrome();
        return loadRoute();
      })
      .then(function () {
        renderSidebar();
        render();
      })
      .catch(renderHostError);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
