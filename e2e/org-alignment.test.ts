// Alignment, not cascade: the Product Owner (Priya) creates an Objective on GYM's project page that
// serves one of the organization's Objectives, picked from this year's and quarter's, and the page says
// "Serves: …" under it, beside the team's Product Goal; the agile coach (Kofi) reads on the organization
// page that an organization Key Result's progress comes from the team Key Result contributing to it.
import { after, before, describe, test } from 'node:test';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { quarterOf } from '../src/domain/cycles';
import { appFrame, assertNoCrash, eventually, objectiveCard, openProjectPage, screenshot, startPreview, TEST_TIMEOUT_MS, visible, type Preview } from './support';

let preview: Preview;

before(async () => {
  preview = await startPreview();
});

after(async () => {
  await preview?.close();
});

const OBJECTIVE = 'Members feel at home in every club';
const SERVED = 'Run every club at a profit';
const GOAL = 'Every member trains with a plan they love, in the app and in the club.';
const CONTRIBUTED = 'Bookings made in the app rather than at the desk';

/** Chooses an option of an Atlaskit Select by the select's label, typing to narrow it. */
async function choose(scope: Locator, label: string, option: string): Promise<void> {
  await scope.getByLabel(label).click();
  await scope.getByLabel(label).fill(option.slice(0, 12));
  await scope.page().keyboard.press('Enter');
}

async function openOrganizationQuarter(page: Page): Promise<FrameLocator> {
  await page.goto(`${preview.url}/`);
  await page.getByTestId('nav-organization').click();
  await eventually(page, async () => /\/jira\/apps\//.test(page.url()), 'the organization page address');
  const app = appFrame(page);
  await visible(page, app.getByTestId('organization-page'), 'the organization page');
  await eventually(page, async () => (await app.getByTestId('loading').count()) === 0, 'the organization page finished loading');
  const quarter = quarterOf(new Date(), 1).name;
  await app.getByTestId('cycle-switcher').click();
  await app.getByRole('option', { name: new RegExp(`^${quarter}`) }).click();
  await eventually(page, async () => (await app.getByTestId('cycle-switcher').textContent())?.includes(quarter) === true, `the switcher on ${quarter}`);
  return app;
}

describe('alignment between a team and the organization', () => {
  test('the Product Owner aligns a new Objective to an organization Objective and the project page says what it serves', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ theme: 'light' });
    try {
      const app = await openProjectPage(page, preview);
      // The team's Product Goal, above its OKRs, with the organization Objective it serves.
      await visible(page, app.getByTestId('product-goal').filter({ hasText: 'Serves: Members train with a plan, wherever they are' }), 'the Product Goal and what it serves');
      await visible(page, app.getByTestId('objective-serves').filter({ hasText: 'Serves: Front desks spend their time on members, not admin' }), 'an Objective the demo aligned');

      await app.getByTestId('create-objective').first().click();
      const form = app.getByRole('dialog', { name: /New Objective/ });
      await visible(page, form, 'the new Objective dialog');
      await form.getByLabel('Title').fill(OBJECTIVE);
      await choose(form, 'Serves (organization Objective)', SERVED);
      await visible(page, form.getByText(SERVED, { exact: true }), `"${SERVED}" picked`);
      await form.getByTestId('save-objective').click();
      await eventually(page, async () => (await form.count()) === 0, 'the new Objective dialog closed');

      const card = objectiveCard(app, OBJECTIVE);
      await visible(page, card.getByTestId('objective-serves').filter({ hasText: `Serves: ${SERVED}` }), `"Serves: ${SERVED}" on the new Objective`);
      await visible(page, app.getByTestId('key-result-contributes').filter({ hasText: `Contributes to: ${CONTRIBUTED}` }).first(), 'the Key Result that contributes upward');
      await screenshot(page, 'alignment-project-page');
      assertNoCrash(page);
    } finally {
      await context.close();
    }
  });

  test('the Product Owner rewrites the Product Goal in the settings, and the project page shows it above the OKRs', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ theme: 'light' });
    try {
      await page.goto(`${preview.url}/`);
      const link = page.getByTestId('nav-settings');
      await eventually(page, async () => /\/settings\/apps\//.test((await link.getAttribute('href')) ?? ''), 'the sidebar link to the settings');
      await link.click();
      const settings = appFrame(page);
      await visible(page, settings.getByTestId('settings-form'), 'the settings form');
      await screenshot(page, 'alignment-settings');
      await eventually(page, async () => (await settings.getByText('Members train with a plan, wherever they are').count()) > 0, 'the organization Objective the goal serves, by name');
      await settings.getByTestId('product-goal-text').fill(GOAL);
      await settings.getByTestId('save-settings').click();
      await visible(page, settings.getByTestId('settings-saved'), 'the settings saved');

      const app = await openProjectPage(page, preview);
      await visible(page, app.getByTestId('product-goal').filter({ hasText: GOAL }), 'the new Product Goal above the OKRs');
      await visible(page, app.getByTestId('product-goal-serves').filter({ hasText: 'Serves: Members train with a plan, wherever they are' }), 'what it still serves');
      assertNoCrash(page);
    } finally {
      await context.close();
    }
  });

  test('the organization page shows a Key Result whose progress comes from the team Key Result contributing to it', { timeout: TEST_TIMEOUT_MS }, async () => {
    const coach = preview.userNamed(/Kofi/);
    const { context, page } = await preview.newPage({ theme: 'light', accountId: coach.accountId });
    try {
      const app = await openOrganizationQuarter(page);
      const row = app.locator(`[data-testid="key-result"][data-key-result-title="${CONTRIBUTED}"]`);
      await visible(page, row.getByTestId('progress-from').filter({ hasText: 'Progress from the team Key Results contributing to it' }), 'where its progress comes from');
      await visible(page, row.getByTestId('contributor').filter({ hasText: `GYM · ${CONTRIBUTED}` }), 'the GYM Key Result contributing to it');
      await screenshot(page, 'alignment-organization-page');
      assertNoCrash(page);
    } finally {
      await context.close();
    }
  });
});
