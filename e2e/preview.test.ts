// Browser journeys through the local preview (`npm run test:e2e`): the dev server runs in-process
// on a free port with a fresh data dir, Debian's Chromium is driven by playwright-core, and every
// journey is screenshotted in the light and the dark theme under test-artifacts/screenshots/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { USER_HEADER } from '../local/server';
import {
  appFrame,
  assertNoCrash,
  eventually,
  screenshot,
  startPreview,
  TEST_TIMEOUT_MS,
  visible,
  type DemoUser,
  type Preview,
  type Theme,
} from './support';
import { must } from '../test/support/must';

const THEMES = ['light', 'dark'] as const satisfies readonly Theme[];

interface DemoIssue {
  id: string;
  key: string;
  summary: string;
  issueType: string;
}
interface SprintRow {
  id: number;
  name: string;
  state: string;
  goal: string;
}
interface BacklogRow {
  key: string;
  summary: string;
  rank: number;
}

let preview: Preview;
let issues: DemoIssue[] = [];

const baseUrl = (): string => preview.url;
const invokeAs = <T>(accountId: string, functionKey: string, payload: unknown = {}): Promise<T> => preview.invokeAs<T>(accountId, functionKey, payload);
const newPage = (options: { theme?: Theme; accountId?: string } = {}) => preview.newPage(options);
const userNamed = (pattern: RegExp): DemoUser => preview.userNamed(pattern);

async function getJson<T>(pathname: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const response = await fetch(baseUrl() + pathname, init);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body: body as T };
}

const ISSUE_KEY = /\b[A-Z][A-Z0-9_]+-\d+\b/;

function pickIssue(): DemoIssue {
  const preferred = issues.find((issue) => issue.key.endsWith('-10')) ?? issues[Math.min(9, issues.length - 1)];
  assert.ok(preferred, 'the preview has no issues');
  return preferred;
}


before(async () => {
  preview = await startPreview();
  const issuesAnswer = await getJson<{ issues: DemoIssue[] }>('/api/issues');
  assert.equal(issuesAnswer.status, 200);
  issues = issuesAnswer.body.issues;
});

after(async () => {
  await preview?.close();
});

describe('the dev server', () => {
  test('answers health, users and issues, and guards invocations and files', { timeout: TEST_TIMEOUT_MS }, async () => {
    const health = await getJson<{ ok: boolean; mode: string }>('/healthz');
    assert.equal(health.status, 200);
    assert.equal(health.body.ok, true);
    assert.equal(health.body.mode, 'emulator', 'the journeys run against the Jira emulator');

    assert.ok(preview.users.length >= 2, 'expected several demo users');
    assert.equal(preview.users[0]?.accountId, preview.defaultAccountId, 'the first demo user is the default');
    userNamed(/Oscar Lindqvist/);
    assert.ok(issues.length > 0, 'expected demo issues');

    const app = await fetch(`${baseUrl()}/apps/project-page/`);
    assert.equal(app.status, 200);
    assert.match(app.headers.get('content-type') ?? '', /^text\/html/);
    const html = await app.text();
    const firstScript = /<script\b[^>]*>/i.exec(html)?.[0] ?? '';
    assert.match(firstScript, /\/__local\/bridge\.js/, 'the bridge must be the first script of the app page');

    const bridge = await fetch(`${baseUrl()}/__local/bridge.js`);
    assert.equal(bridge.status, 200);
    assert.match(bridge.headers.get('content-type') ?? '', /javascript/);

    for (const probe of ['/apps/project-page/..%2F..%2F..%2Fpackage.json', '/apps/issue-panel/%2e%2e/%2e%2e/%2e%2e/package.json', '/apps/project-page/nope.js']) {
      const response = await fetch(baseUrl() + probe);
      assert.equal(response.status, 404, `${probe} must be a 404`);
    }

    const invoke = (headers: Record<string, string>, body: unknown) =>
      getJson('/api/invoke', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    assert.equal((await invoke({}, { surface: 'jira:projectPage', functionKey: 'getProjectOverview', payload: {} })).status, 401);
    assert.equal((await invoke({ [USER_HEADER]: 'not-a-demo-user' }, { surface: 'jira:projectPage', functionKey: 'getProjectOverview', payload: {} })).status, 403);
    assert.equal(
      (await invoke({ [USER_HEADER]: preview.defaultAccountId }, { surface: 'jira:issuePanel', issueKey: 'NOPE-404', functionKey: 'getIssuePanel', payload: {} })).status,
      404,
    );
    assert.equal((await invoke({ [USER_HEADER]: preview.defaultAccountId }, { surface: 'jira:somewhere', functionKey: 'x' })).status, 400);
  });
});

for (const theme of THEMES) {
  describe(`journeys in the ${theme} theme`, () => {
    test(`(a) the Product Owner sees the sprints with their goals and the backlog in rank order [${theme}]`, { timeout: TEST_TIMEOUT_MS }, async () => {
      const overview = await invokeAs<{ ok: boolean; data?: { sprints: SprintRow[]; backlog: BacklogRow[] } }>(preview.defaultAccountId, 'getProjectOverview');
      assert.ok(overview.ok && overview.data, `getProjectOverview failed for the default user: ${JSON.stringify(overview)}`);
      const { sprints, backlog } = overview.data;

      const { context, page } = await newPage({ theme });
      try {
        const response = await page.goto(`${baseUrl()}/`);
        assert.equal(response?.status(), 200);
        assert.match(page.url(), /\/jira\/software\/projects\/[^/]+\/apps\/outcomes$/, 'the root redirects to the project page');
        await visible(page, page.getByTestId('preview-banner').filter({ hasText: /Local preview/ }), 'the local preview banner');

        const app = appFrame(page);
        await visible(page, app.getByRole('heading', { name: 'Sprints' }), 'the "Sprints" heading in the project page');
        await visible(page, app.getByRole('heading', { name: 'Backlog' }), 'the "Backlog" heading in the project page');
        await visible(page, app.getByTestId('sprint-row'), 'at least one sprint row');
        await eventually(page, async () => (await app.getByTestId('loading').count()) === 0, 'the project page finished loading');

        const active = sprints.find((sprint) => sprint.state === 'active');
        if (active) {
          const row = app.getByTestId('sprint-row').filter({ hasText: active.name });
          await visible(page, row, `the active sprint "${active.name}"`);
          if (active.goal.trim()) {
            const firstLine = must(active.goal.trim().split('\n')[0], "active.goal.trim().split('\\n')[0]").trim();
            await visible(page, row.filter({ hasText: firstLine }), `the active sprint's goal "${firstLine}" in its row`);
          }
        }

        if (backlog.length > 0) {
          await visible(page, app.getByTestId('backlog-row'), 'at least one backlog row');
          const positions = new Map([...backlog].sort((x, y) => x.rank - y.rank).map((item, index) => [item.key, index]));
          const rowTexts = await app.getByTestId('backlog-row').allInnerTexts();
          const shownKeys = rowTexts.map((text) => ISSUE_KEY.exec(text)?.[0]);
          assert.ok(shownKeys.every(Boolean), `every backlog row shows its issue key: ${JSON.stringify(rowTexts)}`);
          const order = shownKeys.map((key) => positions.get(must(key, 'key')));
          assert.ok(order.every((index) => index !== undefined), `every backlog row is a backlog issue: ${shownKeys.join(', ')}`);
          for (let i = 1; i < order.length; i++) {
            assert.ok(must(order[i], 'order[i]') > must(order[i - 1], 'order[i - 1]'), `the backlog rows are in rank order: ${shownKeys.join(', ')}`);
          }
        }

        assert.equal(await page.locator('html').getAttribute('data-color-mode'), theme);
        await eventually(page, async () => (await app.locator('html').getAttribute('data-color-mode')) === theme, `the app iframe is in the ${theme} theme`);
        assertNoCrash(page);
        await screenshot(page, `a-project-page-${theme}`);
      } finally {
        await context.close();
      }
    });

    test(`(b) an issue shows the Outcomes issue panel with its key and summary [${theme}]`, { timeout: TEST_TIMEOUT_MS }, async () => {
      const issue = pickIssue();
      const { context, page } = await newPage({ theme });
      try {
        const response = await page.goto(`${baseUrl()}/browse/${issue.key}`);
        assert.equal(response?.status(), 200);
        await visible(page, page.getByTestId('issue-key').filter({ hasText: issue.key }), `the host's issue key ${issue.key}`);
        await visible(page, page.getByTestId('issue-summary').filter({ hasText: issue.summary }), 'the host issue summary');

        const panel = appFrame(page);
        await visible(page, panel.getByText(issue.key).first(), `${issue.key} in the issue panel`);
        await visible(page, panel.getByText(issue.summary).first(), `the summary "${issue.summary}" in the issue panel`);
        await eventually(page, async () => (await panel.locator('html').getAttribute('data-color-mode')) === theme, `the panel is in the ${theme} theme`);
        assertNoCrash(page);
        await screenshot(page, `b-issue-panel-${theme}`);

        // Navigate with the host's issue search to another issue: its panel follows.
        const other = issues.find((candidate) => candidate.key !== issue.key);
        if (other) {
          const search = page.getByTestId('issue-search');
          await search.fill(other.key);
          await search.press('Enter');
          await page.waitForURL(new RegExp(`/browse/${other.key}$`));
          await visible(page, appFrame(page).getByText(other.summary).first(), `the summary of ${other.key} in the issue panel after searching`);
        }

        const missing = await page.goto(`${baseUrl()}/browse/NOPE-999`);
        assert.equal(missing?.status(), 404);
        await visible(page, page.getByTestId('issue-not-found'), 'the "issue does not exist" page');
      } finally {
        await context.close();
      }
    });

    test(`(c) a user without access sees a clear permission message, not a crash [${theme}]`, { timeout: TEST_TIMEOUT_MS }, async () => {
      const oscar = userNamed(/Oscar Lindqvist/);
      const { context, page } = await newPage({ theme });
      try {
        await page.goto(`${baseUrl()}/`);
        const app = appFrame(page);
        await visible(page, app.getByTestId('sprint-row'), 'the project page as the default user');

        await page.getByTestId('user-switcher').selectOption(oscar.accountId);
        const error = app.getByTestId('error-message');
        await visible(page, error, `the error message for ${oscar.displayName}`);
        const text = await error.first().innerText();
        assert.match(text, /permission|access|allowed|forbidden|can.?t view|cannot view/i, `a permission message, got: ${text}`);
        assert.equal(await app.getByTestId('sprint-row').count(), 0, 'no sprints are shown to a user without access');
        assertNoCrash(page);
        await screenshot(page, `c-no-access-${theme}`);

        // The choice persists: after a reload the host still acts as Oscar.
        await page.reload();
        // The host fills the switcher once it has the users: wait for it rather than read it once.
        await eventually(page, async () => (await page.getByTestId('user-switcher').inputValue()) === oscar.accountId, `the switcher shows ${oscar.displayName} after a reload`);
        await visible(page, appFrame(page).getByTestId('error-message'), 'the error message after a reload');
      } finally {
        await context.close();
      }
    });
  });
}

test('(d) the theme toggle switches the host page and the app iframes, and persists', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { context, page } = await newPage({ theme: 'light' });
  try {
    await page.goto(`${baseUrl()}/`);
    const app = appFrame(page);
    await visible(page, app.getByTestId('sprint-row'), 'the project page');
    const hostMode = () => page.locator('html').getAttribute('data-color-mode');
    const appMode = () => app.locator('html').getAttribute('data-color-mode');
    await eventually(page, async () => (await appMode()) === 'light', 'the app iframe is light');
    assert.equal(await hostMode(), 'light');
    assert.match((await app.locator('html').getAttribute('data-theme')) ?? '', /\bdark:dark\b.*\blight:light\b/);

    await page.getByTestId('theme-toggle').click();
    await eventually(page, async () => (await hostMode()) === 'dark', 'the host page is dark');
    await eventually(page, async () => (await appMode()) === 'dark', 'the app iframe is dark without a reload');
    await screenshot(page, 'd-theme-toggled-dark');

    await page.reload();
    await visible(page, appFrame(page).getByTestId('sprint-row'), 'the project page after a reload');
    assert.equal(await hostMode(), 'dark');
    await eventually(page, async () => (await appMode()) === 'dark', 'the app iframe stays dark after a reload');

    const issue = pickIssue();
    await page.goto(`${baseUrl()}/browse/${issue.key}`);
    await visible(page, appFrame(page).getByText(issue.summary).first(), 'the issue panel');
    await eventually(page, async () => (await appFrame(page).locator('html').getAttribute('data-color-mode')) === 'dark', 'the issue panel is dark');
    await screenshot(page, 'd-issue-panel-dark');

    await page.getByTestId('theme-toggle').click();
    await eventually(page, async () => (await appFrame(page).locator('html').getAttribute('data-color-mode')) === 'light', 'the issue panel is light again');
    assert.equal(await hostMode(), 'light');
    await screenshot(page, 'd-theme-toggled-light');
    assertNoCrash(page);
  } finally {
    await context.close();
  }
});

test('(e) the bridge answers @forge/bridge calls the way Forge does', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { context, page } = await newPage({ theme: 'light' });
  try {
    await page.goto(`${baseUrl()}/`);
    await visible(page, appFrame(page).getByTestId('sprint-row'), 'the project page');
    const frame = page.frame({ url: /\/apps\/project-page\// });
    assert.ok(frame, 'the project page iframe');

    const out = await frame.evaluate<Record<string, unknown>>(`(async () => {
      const call = (name, payload) => globalThis.__bridge.callBridge(name, payload);
      const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
      const rejection = (promise) => promise.then(() => 'resolved', (error) => error.message);
      const out = {};
      out.context = await call('getContext');
      out.url = await call('getUrl', { target: 'issue', issueKey: 'GYM-1' });
      out.refresh = await call('refresh');
      out.close = await call('close');
      const received = [];
      const subscription = await call('on', { event: 'ping', callback: (payload) => received.push(payload) });
      await call('emit', { event: 'ping', payload: { n: 1 } });
      await settle();
      subscription.unsubscribe();
      await call('emit', { event: 'ping', payload: { n: 2 } });
      await settle();
      out.received = received;
      out.withMetadata = await call('invoke', { functionKey: 'getProjectOverview', payload: {}, metadata: { rateLimitProperties: true } });
      out.unsupported = await rejection(call('fetchProduct', { restPath: '/rest/api/3/myself' }));
      out.unknown = await rejection(call('noSuchCall'));
      out.badPayload = await rejection(call('emit', { event: 'x', payload: { fn: () => 1 } }));
      const history = await call('createHistory');
      globalThis.__e2eHistory = history;
      history.push('/objectives/42?tab=history');
      out.historyPath = history.location.pathname + history.location.search;
      await call('showFlag', { id: 'e2e-flag', title: 'Saved', description: 'The objective was saved.', type: 'success', actions: [{ text: 'Undo', onClick: () => { globalThis.__e2eUndo = true; } }] });
      return out;
    })()`);

    const ctx = out.context as Record<string, unknown> & { extension: Record<string, unknown>; theme: Record<string, unknown> };
    assert.equal(ctx.moduleKey, 'outcomes-project-page');
    assert.equal(ctx.accountId, preview.defaultAccountId);
    assert.equal(ctx.environmentType, 'DEVELOPMENT');
    assert.equal(ctx.siteUrl, baseUrl());
    for (const key of ['cloudId', 'localId', 'locale', 'timezone']) assert.equal(typeof ctx[key], 'string', `context.${key}`);
    assert.deepEqual(ctx.extension.type, 'jira:projectPage');
    assert.equal((ctx.extension.project as { key: string; type: string }).key, 'GYM');
    assert.equal((ctx.extension.project as { key: string; type: string }).type, 'software');
    assert.equal(ctx.theme.colorMode, 'light');
    assert.equal(out.url, `${baseUrl()}/browse/GYM-1`);
    assert.equal(out.refresh, false, 'a project page is not refreshable');
    assert.equal(out.close, false, 'a project page is not closable');
    assert.deepEqual(out.received, [{ n: 1 }], 'events reach subscribers until they unsubscribe');
    assert.ok(out.withMetadata && typeof out.withMetadata === 'object' && 'body' in out.withMetadata, 'invoke with metadata answers { body, metadata }');
    assert.match(String(out.unsupported), /not supported/);
    assert.match(String(out.unknown), /unknown @forge\/bridge call "noSuchCall"/);
    assert.match(String(out.badPayload), /plain data/);
    assert.equal(out.historyPath, '/objectives/42?tab=history');
    await page.waitForURL(/\/apps\/outcomes\/objectives\/42\?tab=history$/);

    // Back in the browser: the app's history hears the POP.
    await page.goBack();
    await eventually(page, async () => (await frame.evaluate<string>('globalThis.__e2eHistory.location.pathname')) === '/', 'the app history follows the browser back button');

    // The flag shows on the host page; its action runs in the app.
    const flag = page.getByTestId('flag').filter({ hasText: 'Saved' });
    await visible(page, flag, 'the flag shown by the app');
    await flag.getByRole('button', { name: 'Undo' }).click();
    await eventually(page, async () => (await frame.evaluate<boolean>('globalThis.__e2eUndo === true')) === true, 'the flag action ran in the app');

    // The issue panel's context names the issue; it has no history of its own.
    const issue = pickIssue();
    await page.goto(`${baseUrl()}/browse/${issue.key}`);
    await visible(page, appFrame(page).getByText(issue.summary).first(), 'the issue panel');
    const panel = page.frame({ url: /\/apps\/issue-panel\// });
    assert.ok(panel, 'the issue panel iframe');
    const panelOut = await panel.evaluate<Record<string, unknown>>(`(async () => {
      const call = (name, payload) => globalThis.__bridge.callBridge(name, payload);
      return {
        context: await call('getContext'),
        history: await call('createHistory').then(() => 'resolved', (error) => error.message),
      };
    })()`);
    const panelCtx = panelOut.context as { moduleKey: string; extension: { type: string; issue: Record<string, unknown>; project: { key: string }; isNewToIssue: boolean } };
    assert.equal(panelCtx.moduleKey, 'outcomes-issue-panel');
    assert.equal(panelCtx.extension.type, 'jira:issuePanel');
    assert.equal(panelCtx.extension.issue.key, issue.key);
    assert.equal(panelCtx.extension.issue.id, issue.id);
    assert.equal(panelCtx.extension.issue.type, issue.issueType);
    assert.equal(typeof panelCtx.extension.issue.typeId, 'string');
    assert.equal(panelCtx.extension.project.key, 'GYM');
    assert.equal(panelCtx.extension.isNewToIssue, false);
    assert.match(String(panelOut.history), /only available in full-page modules/);
    assertNoCrash(page);
  } finally {
    await context.close();
  }
});
