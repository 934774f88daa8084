// Previewing against your own Jira site, as a new user does it: the preview proxied to a Jira site on the
// network (the emulator behind HTTP with Basic auth, Acme Rockets: other project keys, users and ids than
// the demo's). The journeys open the site's project page and an issue panel, and a wrong token.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { USER_HEADER } from '../local/server';
import { ACME_ACCOUNT_IDS, ACME_LOGIN, ACME_SUMMARIES, startAcmeSite, type JiraSite } from '../test/support/jira-site';
import { appFrame, assertNoCrash, eventually, objectiveCard, screenshot, startPreview, TEST_TIMEOUT_MS, visible, type Preview } from './support';
import { must } from '../test/support/must';

describe('preview against your own Jira site', () => {
  let site: JiraSite;
  let preview: Preview;

  before(async () => {
    site = await startAcmeSite();
    preview = await startPreview({ jira: { baseUrl: site.url, email: ACME_LOGIN.email, apiToken: ACME_LOGIN.apiToken } });
  });
  after(async () => {
    await preview?.close();
    await site?.close();
  });

  test('the site’s projects, its one account and a project page with its OKRs', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ theme: 'light' });
    try {
      await page.goto(`${preview.url}/`);
      await page.waitForURL(/\/jira\/projects$/);
      await visible(page, page.getByTestId('preview-banner').filter({ hasText: site.url }), 'the banner naming the site');
      await visible(page, page.getByTestId('project-row').filter({ hasText: 'Acme Rockets' }), 'the site’s project Acme Rockets');
      const rows = page.getByTestId('project-row');
      const keys = [];
      for (let i = 0; i < (await rows.count()); i++) keys.push(await rows.nth(i).getAttribute('data-project-key'));
      assert.deepEqual(keys, ['ACME', 'ROAD'], 'the projects the token’s owner may browse, and no other');
      assert.doesNotMatch(await page.locator('body').innerText(), /GYM|GymTonic|Priya/, 'nothing of the demo');

      // The switcher holds the token's owner alone, and says why.
      const switcher = page.getByTestId('user-switcher');
      assert.deepEqual(await switcher.locator('option').allInnerTexts(), [await switcher.locator('option').first().innerText()]);
      assert.match(await switcher.locator('option').first().innerText(), /Robin Vega/);
      assert.equal(await switcher.isDisabled(), true);
      await visible(page, page.getByTestId('user-switcher-note').filter({ hasText: /no one to switch to/ }), 'why there is no one to switch to');
      await screenshot(page, 'proxy-projects');

      await page.getByRole('link', { name: 'Acme Rockets' }).click();
      await page.waitForURL(/\/jira\/software\/projects\/ACME\/apps\/outcomes$/);
      const app = appFrame(page);
      await visible(page, app.getByTestId('no-objectives'), 'the empty OKR state of ACME');
      await visible(page, app.getByTestId('sprint-row').filter({ hasText: 'Liftoff 2' }).filter({ hasText: 'Land a booster on the barge' }).filter({ hasText: '3 issues' }), 'the running sprint of the site, with its goal and its issues, found through the site’s own Sprint field');
      await visible(page, app.getByTestId('backlog-row').filter({ hasText: ACME_SUMMARIES.backlog }), 'the site’s backlog');

      // Sprints change on the site's board, not here.
      const board = page.getByTestId('host-site-board');
      await visible(page, board, 'the link to the board on the site');
      assert.equal(await board.getAttribute('href'), `${site.url}/jira/software/c/projects/ACME/boards/71`);
      assert.equal(await page.getByTestId('host-close-sprint').isVisible(), false);
      assert.equal(await page.getByTestId('host-start-sprint').isVisible(), false);
      assertNoCrash(page);
      await screenshot(page, 'proxy-project-page-empty');

      // An Objective written as the token's owner (the project lead) shows on the page.
      const overview = await invoke<{ ok: boolean; data: { cycle: { id: string } } }>({ surface: 'jira:projectPage', projectKey: 'ACME', functionKey: 'getProjectOverview', payload: {} });
      const saved = await invoke<{ ok: boolean }>({
        surface: 'jira:projectPage',
        projectKey: 'ACME',
        functionKey: 'saveObjective',
        payload: { objective: { cycleId: overview.data.cycle.id, title: 'Boosters fly again', status: 'active' } },
      });
      assert.equal(saved.ok, true, JSON.stringify(saved));
      await page.reload();
      await visible(page, objectiveCard(appFrame(page), 'Boosters fly again'), 'the Objective on ACME’s page');
      await screenshot(page, 'proxy-project-page-okrs');
    } finally {
      await context.close();
    }
  });

  test('an issue of the site with its Outcomes panel', { timeout: TEST_TIMEOUT_MS }, async () => {
    const landing = must(site.emulator.data.issues.find((issue) => issue.summary === ACME_SUMMARIES.landing), 'site.emulator.data.issues.find((issue) => issue.summary === ACME_SUMMARIES.landing)');
    const { context, page } = await preview.newPage({ theme: 'dark' });
    try {
      await page.goto(`${preview.url}/jira/software/projects/ACME/issues`);
      await visible(page, page.getByTestId('issue-row').filter({ hasText: ACME_SUMMARIES.telemetry }), 'the site’s issues');
      assert.equal(await page.getByTestId('issue-row').count(), Object.keys(ACME_SUMMARIES).length);
      await page.getByRole('link', { name: ACME_SUMMARIES.landing }).click();
      await page.waitForURL(new RegExp(`/browse/${landing.key}$`));
      await visible(page, page.getByTestId('issue-key').filter({ hasText: landing.key }), `the host's issue key ${landing.key}`);
      await visible(page, page.getByText('Acme Rockets (ACME)'), 'the issue’s project');

      const panel = appFrame(page);
      await visible(page, panel.getByTestId('issue-key').filter({ hasText: landing.key }), `${landing.key} in the issue panel`);
      await visible(page, panel.getByTestId('issue-summary').filter({ hasText: ACME_SUMMARIES.landing }), 'the summary in the issue panel');
      await visible(page, panel.getByTestId('issue-parent'), 'the parent epic in the issue panel');
      await eventually(page, async () => (await panel.locator('html').getAttribute('data-color-mode')) === 'dark', 'the panel is dark');
      assertNoCrash(page);
      await screenshot(page, 'proxy-issue-panel-dark');

      const missing = await page.goto(`${preview.url}/browse/LAB-1`);
      assert.equal(missing?.status(), 404, 'an issue the account may not browse does not exist for the preview');
    } finally {
      await context.close();
    }
  });

  async function invoke<T>(body: unknown): Promise<T> {
    const response = await fetch(`${preview.url}/api/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [USER_HEADER]: ACME_ACCOUNT_IDS.robin },
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 200, await response.clone().text());
    return ((await response.json()) as { result: T }).result;
  }
});

describe('a site that refuses the token', () => {
  let site: JiraSite;
  let preview: Preview;

  before(async () => {
    site = await startAcmeSite();
    preview = await startPreview({ jira: { baseUrl: site.url, email: ACME_LOGIN.email, apiToken: 'a-revoked-token' } });
  });
  after(async () => {
    await preview?.close();
    await site?.close();
  });

  test('the host page says the site refused the token', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ theme: 'light' });
    try {
      await page.goto(`${preview.url}/jira/software/projects/ACME/apps/outcomes`);
      const error = page.getByTestId('host-error');
      await visible(page, error.getByRole('heading', { name: `${site.url} refused the API token` }), 'the refused-token heading');
      await visible(page, error.filter({ hasText: /JIRA_EMAIL and JIRA_API_TOKEN/ }), 'what to check');
      assert.equal(await page.locator('iframe').count(), 0, 'no app frame on a site that refused the token');
      assertNoCrash(page);
      await screenshot(page, 'proxy-refused-token');
    } finally {
      await context.close();
    }
  });
});
