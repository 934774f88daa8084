/*
 * Outcomes local preview: the Custom UI bridge, iframe side.
 *
 * On Forge, the product page injects a script into every Custom UI iframe that defines
 * `globalThis.__bridge.callBridge(name, payload)`; `@forge/bridge` (invoke, view, router, events,
 * showFlag, …) reaches the product only through it, and reads it when its modules load. The local
 * dev server injects this file as the first script of each app page, so the app bundle finds it.
 *
 * Every call is forwarded to the host page (local/host/src/frames.ts) with `postMessage` and resolves
 * with the host's answer. A few calls need objects that cannot cross `postMessage` (callbacks,
 * a history object) or act on this document (theme): those are handled here, talking to the host
 * for the data they need. Names the local preview does not support reject with a clear error.
 *
 * Plain browser JavaScript, no build step.
 */
(function () {
  'use strict';

  if (globalThis.__bridge && globalThis.__bridge.__outcomesLocalPreview) return;

  var PROTOCOL = 'outcomes-local-forge/1';
  /** Calls the host page answers (see local/host/src/frames.ts, `handleCall`). */
  var HOST_CALLS = {
    invoke: true,
    getContext: true,
    getUrl: true,
    navigate: true,
    reload: true,
    refresh: true,
    close: true,
    submit: true,
    open: true,
    onClose: true,
    changeWindowTitle: true,
    closeFlag: true,
    emit: true,
    emitPublic: true,
    getFrameId: true,
    emitReadyEvent: true,
    getCookieConsentPreferences: true,
    emitFrontendCustomMetric: true,
    isRovoEnabled: true,
  };
  /** Calls a real product supports and this preview deliberately does not, with the reason. */
  var UNSUPPORTED = {
    fetchProduct:
      'requestJira/requestConfluence/requestBitbucket from Custom UI are not emulated: call a resolver with invoke() instead',
    fetchRemote: 'requestRemote (Forge remotes) is not emulated',
    openModal: 'Modal (opening another Custom UI resource in a modal) is not emulated',
    openRovo: 'Rovo is not available in the local preview',
    requestTeamworkGraph: 'the Teamwork Graph is not available in the local preview',
    publishRealtimeChannel: 'Forge Realtime is not emulated',
    subscribeRealtimeChannel: 'Forge Realtime is not emulated',
    trackObjectStoreAction: 'the Forge Object Store is not emulated',
    initFeatureFlags: 'Forge feature flags are not emulated',
    fetchUserRecommendations: 'user recommendations are not emulated',
    getFrameDispatch: 'frame dispatch (UI Kit Frame component) is not emulated',
  };
  var CALL_TIMEOUT_MS = 120000;

  function bridgeError(message) {
    var error = new Error(message);
    error.name = 'BridgeAPIError';
    return error;
  }

  var host = window.parent && window.parent !== window ? window.parent : null;
  if (!host) {
    globalThis.__bridge = {
      __outcomesLocalPreview: true,
      callBridge: function (name) {
        return Promise.reject(
          bridgeError(
            'Outcomes local preview: this app page must be opened inside the local Jira host page ' +
              '(start it with `npm start` and open the URL it prints), not on its own. Call: ' + name,
          ),
        );
      },
    };
    return;
  }

  var nextId = 1;
  var pending = new Map(); // id -> { resolve, reject, timer }
  var subscriptions = { app: new Map(), public: new Map() }; // event -> Set<callback>
  var flagActions = new Map(); // flag id -> [onClick]
  var themingEnabled = false;
  var appliedThemeKey = '';
  var localHistory = null;

  function post(message) {
    message.protocol = PROTOCOL;
    host.postMessage(message, window.location.origin);
  }

  function request(name, payload) {
    return new Promise(function (resolve, reject) {
      var id = nextId++;
      var timer = setTimeout(function () {
        pending.delete(id);
        reject(bridgeError('Outcomes local preview: the host page did not answer "' + name + '" in time.'));
      }, CALL_TIMEOUT_MS);
      pending.set(id, { resolve: resolve, reject: reject, timer: timer });
      try {
        post({ kind: 'call', id: id, name: name, payload: payload });
      } catch (err) {
        clearTimeout(timer);
        pending.delete(id);
        reject(
          bridgeError(
            'Outcomes local preview: the payload of "' + name + '" cannot be sent to the product ' +
              '(it must be plain data, no functions, DOM nodes or class instances): ' +
              (err && err.message ? err.message : String(err)),
          ),
        );
      }
    });
  }

  // ---- theme: what Forge does on view.theme.enable() -------------------------------------------
  // Like @atlaskit/tokens' setGlobalTheme: load each theme's token CSS, then set data-theme /
  // data-color-mode on <html>. As a same-origin <link>, not an inline <style>, so the resource's
  // Content-Security-Policy allows it whatever the app's manifest says ('self' is always in style-src).

  var themeCss = new Map(); // theme id -> Promise<void>

  function loadThemeCss(id) {
    if (!themeCss.has(id)) {
      themeCss.set(
        id,
        (function () {
          if (document.head.querySelector('[data-theme="' + id + '"]:not([data-custom-theme])')) {
            return Promise.resolve();
          }
          return new Promise(function (resolve, reject) {
            var link = document.createElement('link');
            link.rel = 'stylesheet';
            link.href = '/__local/tokens/' + encodeURIComponent(id) + '.css';
            link.dataset.theme = id;
            link.onload = function () {
              resolve();
            };
            link.onerror = function () {
              link.remove();
              reject(new Error('the stylesheet did not load'));
            };
            document.head.appendChild(link);
          }).catch(function (err) {
            themeCss.delete(id);
            throw bridgeError('Outcomes local preview: could not load design tokens "' + id + '": ' + err.message);
          });
        })(),
      );
    }
    return themeCss.get(id);
  }

  function themeAttributes(theme) {
    var kinds = ['dark', 'light', 'motion', 'shape', 'spacing', 'typography'];
    var parts = [];
    kinds.forEach(function (kind) {
      if (typeof theme[kind] === 'string' && theme[kind]) parts.push(kind + ':' + theme[kind]);
    });
    return { 'data-theme': parts.join(' '), 'data-color-mode': theme.colorMode === 'dark' ? 'dark' : 'light' };
  }

  function applyTheme(theme) {
    if (!theme || typeof theme !== 'object') return Promise.resolve();
    var key = JSON.stringify(theme);
    appliedThemeKey = key;
    var mode = theme.colorMode === 'dark' ? 'dark' : 'light';
    var ids = [theme[mode], theme.shape, theme.spacing, theme.typography, theme.motion].filter(function (id) {
      return typeof id === 'string' && id;
    });
    return Promise.all(ids.map(loadThemeCss)).then(function () {
      if (appliedThemeKey !== key) return; // a newer theme arrived meanwhile
      var attrs = themeAttributes(theme);
      Object.keys(attrs).forEach(function (name) {
        document.documentElement.setAttribute(name, attrs[name]);
      });
    });
  }

  // ---- events ----------------------------------------------------------------------------------

  function subscribe(scope, payload) {
    var event = payload && payload.event;
    var callback = payload && payload.callback;
    if (typeof event !== 'string' || typeof callback !== 'function') {
      return Promise.reject(bridgeError('events.on needs an event name and a callback'));
    }
    var listeners = subscriptions[scope].get(event);
    if (!listeners) {
      listeners = new Set();
      subscriptions[scope].set(event, listeners);
    }
    // One entry per subscription, so unsubscribe() removes only this one even for the same callback.
    var entry = { callback: callback };
    listeners.add(entry);
    return Promise.resolve({
      unsubscribe: function () {
        listeners.delete(entry);
      },
    });
  }

  function deliverEvent(scope, event, payload) {
    var listeners = subscriptions[scope === 'public' ? 'public' : 'app'].get(event);
    if (!listeners) return;
    Array.from(listeners).forEach(function (entry) {
      try {
        var result = entry.callback(payload);
        if (result && typeof result.catch === 'function') result.catch(reportListenerError);
      } catch (err) {
        reportListenerError(err);
      }
    });
  }

  function reportListenerError(err) {
    setTimeout(function () {
      throw err;
    });
  }

  // ---- flags: keep the action callbacks here, send the rest ------------------------------------

  function showFlag(options) {
    if (!options || options.id === undefined || options.id === null) {
      return Promise.reject(bridgeError('"id" must be defined in flag options'));
    }
    var actions = Array.isArray(options.actions) ? options.actions : [];
    flagActions.set(
      String(options.id),
      actions.map(function (action) {
        return action && action.onClick;
      }),
    );
    var plain = {};
    Object.keys(options).forEach(function (key) {
      if (key !== 'actions') plain[key] = options[key];
    });
    plain.actions = actions.map(function (action) {
      return { text: String((action && action.text) || '') };
    });
    return request('showFlag', plain);
  }

  // ---- history (full-page modules): app routes live in the host URL after the module's path ----

  function toLocation(path, state) {
    var location = typeof path === 'string' ? parsePath(path) : Object.assign({ pathname: '/', search: '', hash: '' }, path);
    if (state !== undefined) location.state = state;
    if (location.state === undefined) location.state = null;
    if (!location.key) location.key = Math.random().toString(36).slice(2, 10);
    return location;
  }

  function parsePath(path) {
    var url = new URL(path, 'http://app.invalid' + (localHistory ? localHistory.location.pathname : '/'));
    return { pathname: url.pathname, search: url.search, hash: url.hash };
  }

  function createLocalHistory(initial) {
    var listeners = [];
    var history = {
      length: 1,
      action: 'POP',
      location: toLocation(initial || '/'),
      createHref: function (location) {
        var l = typeof location === 'string' ? parsePath(location) : location;
        return (l.pathname || '/') + (l.search || '') + (l.hash || '');
      },
      push: function (path, state) {
        change('PUSH', toLocation(path, state));
      },
      replace: function (path, state) {
        change('REPLACE', toLocation(path, state));
      },
      go: function (delta) {
        request('historyGo', { delta: delta }).catch(reportListenerError);
      },
      goBack: function () {
        history.go(-1);
      },
      goForward: function () {
        history.go(1);
      },
      back: function () {
        history.go(-1);
      },
      forward: function () {
        history.go(1);
      },
      block: function () {
        return function () {};
      },
      listen: function (listener) {
        listeners.push(listener);
        return function () {
          listeners = listeners.filter(function (l) {
            return l !== listener;
          });
        };
      },
    };
    function notify(action, location) {
      history.action = action;
      history.location = location;
      listeners.slice().forEach(function (listener) {
        listener(location, action);
      });
    }
    function change(action, location) {
      if (action === 'PUSH') history.length += 1;
      notify(action, location);
      request(action === 'PUSH' ? 'historyPush' : 'historyReplace', {
        location: { pathname: location.pathname, search: location.search, hash: location.hash, state: location.state, key: location.key },
      }).catch(reportListenerError);
    }
    history.__pop = function (location) {
      notify('POP', toLocation(location, location && location.state));
    };
    return history;
  }

  // ---- resize: Forge sizes Custom UI iframes to their content (iframe-resizer) ------------------

  var lastHeight = -1;
  var resizeQueued = false;

  function contentHeight() {
    var body = document.body;
    if (!body) return 0;
    var style = getComputedStyle(body);
    var bottom = 0;
    for (var i = 0; i < body.children.length; i++) {
      var child = body.children[i];
      if (child.tagName === 'SCRIPT' || child.tagName === 'STYLE') continue;
      var rect = child.getBoundingClientRect();
      if (rect.height === 0 && rect.width === 0) continue;
      var childStyle = getComputedStyle(child);
      if (childStyle.position === 'fixed') continue;
      bottom = Math.max(bottom, rect.bottom + window.scrollY + (parseFloat(childStyle.marginBottom) || 0));
    }
    return Math.ceil(bottom + (parseFloat(style.paddingBottom) || 0) + (parseFloat(style.marginBottom) || 0));
  }

  function queueResize() {
    if (resizeQueued) return;
    resizeQueued = true;
    requestAnimationFrame(function () {
      resizeQueued = false;
      var height = contentHeight();
      if (Math.abs(height - lastHeight) < 1) return;
      lastHeight = height;
      post({ kind: 'resize', height: height });
    });
  }

  function startResizing() {
    if (typeof ResizeObserver === 'function') {
      var observer = new ResizeObserver(queueResize);
      observer.observe(document.documentElement);
      observer.observe(document.body);
      new MutationObserver(function () {
        Array.prototype.forEach.call(document.body.children, function (child) {
          observer.observe(child);
        });
        queueResize();
      }).observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
      Array.prototype.forEach.call(document.body.children, function (child) {
        observer.observe(child);
      });
    }
    window.addEventListener('load', queueResize);
    queueResize();
  }

  // ---- messages from the host ------------------------------------------------------------------

  window.addEventListener('message', function (event) {
    if (event.source !== host || event.origin !== window.location.origin) return;
    var message = event.data;
    if (!message || message.protocol !== PROTOCOL) return;
    switch (message.kind) {
      case 'result': {
        var call = pending.get(message.id);
        if (!call) return;
        pending.delete(message.id);
        clearTimeout(call.timer);
        if (message.ok) call.resolve(message.value);
        else call.reject(bridgeError((message.error && message.error.message) || 'The host page rejected the call.'));
        return;
      }
      case 'event':
        deliverEvent(message.scope, message.event, message.payload);
        return;
      case 'theme':
        if (themingEnabled) applyTheme(message.theme).catch(reportListenerError);
        return;
      case 'flagAction': {
        var handlers = flagActions.get(String(message.id)) || [];
        var handler = handlers[message.index];
        if (typeof handler === 'function') handler();
        return;
      }
      case 'historyPop':
        if (localHistory) localHistory.__pop(message.location);
        return;
      default:
        return;
    }
  });

  // ---- the bridge ------------------------------------------------------------------------------

  function callBridge(name, payload) {
    switch (name) {
      case 'enableTheming':
        themingEnabled = true;
        return request('enableTheming').then(function (theme) {
          return applyTheme(theme);
        });
      case 'on':
        return subscribe('app', payload);
      case 'onPublic':
        return subscribe('public', payload);
      case 'showFlag':
        return showFlag(payload);
      case 'createHistory':
        if (localHistory) return Promise.resolve(localHistory);
        return request('createHistory').then(function (initial) {
          localHistory = localHistory || createLocalHistory(initial);
          return localHistory;
        });
      default:
        if (HOST_CALLS[name]) return request(name, payload);
        if (Object.prototype.hasOwnProperty.call(UNSUPPORTED, name)) {
          return Promise.reject(bridgeError('Outcomes local preview: "' + name + '" is not supported: ' + UNSUPPORTED[name] + '.'));
        }
        return Promise.reject(
          bridgeError('Outcomes local preview: unknown @forge/bridge call "' + name + '"; the local host page does not implement it.'),
        );
    }
  }

  globalThis.__bridge = { __outcomesLocalPreview: true, callBridge: callBridge };

  post({ kind: 'hello' });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startResizing);
  else startResizing();
})();
