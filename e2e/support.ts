// Shared by the browser journeys: the dev server in-process on a free port with a fresh data dir,
// Debian's Chromium through playwright-core, and waits that fail with what the page actually shows.
import assert from 'node:assert/strict';
import { afterEach } from 'node:test';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { createPreview, type Preview as LocalPreview } from '../local/preview';
import { startServer, USER_HEADER, type RunningServer } from '../local/server';
import type { JiraData } from '../local/jira/model';

export const ROOT = path.resolve(__dirname, '..');
export const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');
export const WAIT_MS = 20_000;
export const TEST_TIMEOUT_MS = 120_000;

export type Theme = 'light' | 'dark';
const THEME_KEY = 'outcomes.localPreview.colorMode';
const USER_KEY = 'outcomes.localPreview.accountId';

export interface DemoUser {
  accountId: string;
  displayName: string;
  role: string;
}

export interface Preview {
  url: string;
  users: DemoUser[];
  defaultAccountId: string;
  userNamed(pattern: RegExp): DemoUser;
  /** What a resolver answers this user on the project page, straight from the dev server. */
  invokeAs<T>(accountId: string, functionKey: string, payload?: unknown): Promise<T>;
  /** What a resolver answers this user on an issue's panel, straight from the dev server. */
  invokeOnIssue<T>(accountId: string, issueKey: string, functionKey: string, payload?: unknown): Promise<T>;
  newPage(options?: { theme?: Theme; accountId?: string }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** Per page: what went wrong in the browser, for failure messages and the no-crash checks. */
const problems = new WeakMap<Page, string[]>();

/** Content-Security-Policy violations seen in any frame of any page since the last test ended. */
const cspViolations: string[] = [];
const CSP_MESSAGE = /Content Security Policy/i;
/** Chrome's warning on Forge's own `sandbox … allow-same-origin allow-scripts` directive: every Custom UI frame gets it. */
const FORGE_SANDBOX_WARNING = 'An iframe which has both allow-scripts and allow-same-origin for its sandbox attribute can escape its sandboxing.';

// Forge blocks what its policy blocks: a violation is a defect even when nothing else fails, so it
// fails the test in which it happened (node:test runs the tests of a file one after another).
afterEach(() => {
  const seen = cspViolations.splice(0);
  assert.deepEqual(seen, [], `Content Security Policy violations:\n${seen.join('\n')}`);
});

/**
 * Reports each `securitypolicyviolation` of every frame (a string: the e2e tsconfig has no DOM types).
 * On the window, not the document: an iframe's first document is replaced but its window kept.
 */
const REPORT_VIOLATIONS = `window.addEventListener('securitypolicyviolation', (event) => {
  window.__outcomesCspViolation(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') + ' in ' + event.documentURI +
    (event.sourceFile ? ' (' + event.sourceFile + ':' + event.lineNumber + ')' : '') + (event.sample ? ': ' + event.sample : ''));
}, true);`;

export interface StartOptions {
  /** Proxy mode: every Jira call goes to this site (a loopback stand-in in the tests) as the token's owner. */
  jira?: { baseUrl: string; email: string; apiToken: string };
  /** Stories added to the demo's GYM backlog, after its own (the demo's backlog is shorter than a page). */
  extraBacklogIssues?: number;
  /**
   * Start on the demo's story (local/demo-story.ts: recent work linked, Sprint Goals tied, the last
   * review graded), as `npm start` does. Off by default: most journeys link, tie and grade themselves
   * from a blank slate.
   */
  demoStory?: boolean;
  /** Changes the demo site before the preview starts. */
  adjustData?: (data: JiraData) => void;
}

export async function startPreview(options: StartOptions = {}): Promise<Preview> {
  const missing = ['project-page', 'issue-panel', 'dashboard-gadget', 'project-settings', 'organization']
    .map((surface) => path.join(ROOT, 'static', 'app', 'build', surface, 'index.html'))
    .filter((file) => !existsSync(file));
  if (missing.length) {
    throw new Error(`The UI build is missing (${missing.map((f) => path.relative(ROOT, f)).join(', ')}): run \`npm run build:ui\` first.`);
  }
  await mkdir(SCREENSHOTS, { recursive: true });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'outcomes-e2e-'));
  // The journeys need the GymTonic demo data: never send them to a real site the shell points at.
  for (const name of ['JIRA_BASE_URL', 'JIRA_EMAIL', 'JIRA_API_TOKEN']) Reflect.deleteProperty(process.env, name);
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let proxied: LocalPreview | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    await proxied?.close().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
  };
  try {
    if (options.jira) {
      const { baseUrl, email, apiToken } = options.jira;
      proxied = await createPreview({ dataDir, env: { JIRA_BASE_URL: baseUrl, JIRA_EMAIL: email, JIRA_API_TOKEN: apiToken } });
    } else if (options.extraBacklogIssues || options.adjustData) {
      proxied = await createPreview({ dataDir, ...(options.extraBacklogIssues ? { extraBacklogIssues: options.extraBacklogIssues } : {}), ...(options.adjustData ? { adjustData: options.adjustData } : {}), demoStory: options.demoStory ?? false });
    }
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, demoStory: options.demoStory ?? false, ...(proxied ? { preview: proxied } : {}) });
    const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    if (!existsSync(executablePath)) throw new Error(`No Chromium at ${executablePath}: install it or set CHROMIUM_PATH.`);
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
  } catch (error) {
    await close();
    throw error;
  }
  const url = server.url;
  const launched = browser;

  const getJson = async <T>(pathname: string, init?: RequestInit): Promise<{ status: number; body: T }> => {
    const response = await fetch(url + pathname, init);
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: response.status, body: body as T };
  };

  const invoke = async <T>(accountId: string, request: { surface: string; issueKey?: string; functionKey: string; payload: unknown }): Promise<T> => {
    const { status, body } = await getJson<{ result: T }>('/api/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json', [USER_HEADER]: accountId },
      body: JSON.stringify(request),
    });
    const where = request.issueKey ? ` on ${request.issueKey}` : '';
    assert.equal(status, 200, `POST /api/invoke ${request.functionKey}${where} answered ${status}: ${JSON.stringify(body)}`);
    return body.result;
  };

  const usersAnswer = await getJson<{ users: DemoUser[]; defaultAccountId: string }>('/api/users');
  // A site that refuses the token has no users: the journey then checks what the page says.
  if (!options.jira) assert.equal(usersAnswer.status, 200);
  const { users, defaultAccountId } = usersAnswer.status === 200 ? usersAnswer.body : { users: [], defaultAccountId: '' };

  return {
    url,
    users,
    defaultAccountId,
    close,
    userNamed(pattern) {
      const user = users.find((u) => pattern.test(u.displayName));
      assert.ok(user, `no demo user matches ${pattern}: ${users.map((u) => u.displayName).join(', ')}`);
      return user;
    },
    invokeAs<T>(accountId: string, functionKey: string, payload: unknown = {}) {
      return invoke<T>(accountId, { surface: 'jira:projectPage', functionKey, payload });
    },
    invokeOnIssue<T>(accountId: string, issueKey: string, functionKey: string, payload: unknown = {}) {
      return invoke<T>(accountId, { surface: 'jira:issuePanel', issueKey, functionKey, payload });
    },
    async newPage(options = {}) {
      const localStorage = [];
      if (options.theme) localStorage.push({ name: THEME_KEY, value: options.theme });
      if (options.accountId) localStorage.push({ name: USER_KEY, value: options.accountId });
      const context = await launched.newContext({
        viewport: { width: 1440, height: 960 },
        storageState: { cookies: [], origins: [{ origin: url, localStorage }] },
      });
      context.setDefaultTimeout(WAIT_MS);
      const seen: string[] = [];
      const violation = (text: string) => {
        cspViolations.push(text);
        seen.push(`CSP violation: ${text}`);
      };
      await context.exposeBinding('__outcomesCspViolation', ({ frame }, text: unknown) => violation(`securitypolicyviolation in ${frame.url()}: ${String(text)}`));
      await context.addInitScript(REPORT_VIOLATIONS);
      const page = await context.newPage();
      problems.set(page, seen);
      page.on('pageerror', (error) => seen.push(`page error: ${error.message}`));
      // The console of every frame of the page, the app's iframes included.
      page.on('console', (message) => {
        if (CSP_MESSAGE.test(message.text())) violation(`console ${message.type()} (${message.location().url}): ${message.text()}`);
        else if ((message.type() === 'error' || message.type() === 'warning') && message.text() !== FORGE_SANDBOX_WARNING) {
          seen.push(`console ${message.type()} (${message.location().url}): ${message.text()}`);
        }
      });
      page.on('requestfailed', (request) => seen.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
      return { context, page };
    },
  };
}

/** What the browser reported on this page so far. */
export function browserProblems(page: Page): string[] {
  return [...(problems.get(page) ?? [])];
}

export async function describePage(page: Page): Promise<string> {
  const lines = [`URL: ${page.url()}`];
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    const text = await frame
      .locator('body')
      .innerText({ timeout: 2_000 })
      .catch((error: Error) => `<unreadable: ${error.message}>`);
    lines.push(`frame ${frame.url()}:\n  ${text.replace(/\s+/g, ' ').slice(0, 1500)}`);
  }
  const seen = problems.get(page) ?? [];
  if (seen.length) lines.push('browser problems:', ...seen.map((p) => `  ${p}`));
  return lines.join('\n');
}

/** Waits until the locator is visible; on timeout, fails with what the page and its frames show. */
export async function visible(page: Page, locator: Locator, what: string, timeout = WAIT_MS): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch (error) {
    assert.fail(`Expected to see ${what} within ${timeout} ms.\n${(error as Error).message.split('\n')[0]}\n${await describePage(page)}`);
  }
}

export async function eventually(page: Page, check: () => Promise<boolean>, what: string, timeout = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) assert.fail(`Timed out after ${timeout} ms waiting until ${what}.\n${await describePage(page)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Waits until the element has the keyboard focus in its document (a dialog's first field, say). */
export async function focused(page: Page, locator: Locator, what: string): Promise<void> {
  const hasFocus = () => locator.first().evaluate((element) => (element as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement === element);
  await eventually(page, hasFocus, `${what} has the focus`);
}

/** Waits until the element's document stopped moving (a dialog's entrance, say); spinners spin on. */
export async function settled(locator: Locator, timeout = 3_000): Promise<void> {
  // A string, as the e2e tsconfig has no DOM types: it runs in the page.
  const moving = `(element) => element.ownerDocument
    .getAnimations()
    .filter((animation) => animation.playState === 'running' && animation.effect && animation.effect.getComputedTiming().endTime !== Infinity)
    .length`;
  const deadline = Date.now() + timeout;
  let still = 0;
  // Motion may start a frame after the element appears: wait for two quiet looks in a row.
  while (still < 2 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    still = ((await locator.first().evaluate(moving)) as number) === 0 ? still + 1 : 0;
  }
}

/** The whole page, or with `viewport` only what the person sees (for an open dialog). */
export async function screenshot(page: Page, name: string, { viewport = false } = {}): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: !viewport });
}

export function appFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe[title="Outcomes"]');
}

/**
 * Opens the organization page from the preview's top bar, as a person would, and waits for it and for
 * what `ready` finds in its frame (an Objective, a section) to show.
 */
export async function openOrganizationPage(page: Page, preview: Preview, ready: { locate: (app: FrameLocator) => Locator; what: string }): Promise<FrameLocator> {
  await page.goto(`${preview.url}/`);
  await page.getByTestId('nav-organization').click();
  await eventually(page, async () => /\/jira\/apps\//.test(page.url()), 'the organization page address');
  const app = appFrame(page);
  await visible(page, app.getByTestId('organization-page'), 'the organization page');
  await visible(page, ready.locate(app), ready.what);
  return app;
}

/**
 * Opens the preview's project page and waits until it has loaded: each of `ready` shown (by test id,
 * with what it is for the failure message), then no loading spinner left.
 */
export async function openProjectPage(page: Page, preview: Preview, ready: ReadonlyArray<[testId: string, what: string]> = [['okr-limit', 'the OKR-in-process gauge']]): Promise<FrameLocator> {
  const response = await page.goto(`${preview.url}/`);
  assert.equal(response?.status(), 200);
  const app = appFrame(page);
  for (const [testId, what] of ready) await visible(page, app.getByTestId(testId), what);
  await eventually(page, async () => (await app.getByTestId('loading').count()) === 0, 'the project page finished loading');
  return app;
}

/** An Objective's card on the project page. */
export function objectiveCard(app: FrameLocator, title: string): Locator {
  return app.locator(`[data-testid="objective"][data-objective-title="${title}"]`);
}

/** A Key Result's row on the project page. */
export function keyResultRow(app: FrameLocator, title: string): Locator {
  return app.locator(`[data-testid="key-result"][data-key-result-title="${title}"]`);
}

/**
 * The first `count` of the given issues (the running sprint's unaligned ones) that the user may link
 * and that serve nothing yet, as their issue panels say.
 */
export async function linkableIssues(preview: Preview, accountId: string, issues: ReadonlyArray<{ key: string }>, count: number): Promise<string[]> {
  const found: string[] = [];
  for (const issue of issues) {
    const panel = await preview.invokeOnIssue<{ ok: boolean; data?: { canLink: boolean; links: unknown[] } }>(accountId, issue.key, 'getIssuePanel');
    if (panel.ok && panel.data?.canLink && panel.data.links.length === 0) found.push(issue.key);
    if (found.length === count) break;
  }
  assert.equal(found.length, count, `${count} issues of the running sprint the user may link`);
  return found;
}

export function assertNoCrash(page: Page): void {
  const crashes = (problems.get(page) ?? []).filter((p) => p.startsWith('page error'));
  assert.deepEqual(crashes, [], 'the page threw');
}
