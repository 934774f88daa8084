// Teams of teams on the organization page: the executive (holding Manage organization OKRs) replaces
// the demo's Nexus with one of her own, grouping GYM and OPS around one Product Goal that serves an
// organization Objective; the agile coach, who may change nothing, opens its rollup: the Objective it
// serves with its Key Results, and each team's sprints and Key Results side by side.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { quarterOf } from '../src/domain/cycles';
import { assertNoCrash, eventually, screenshot, settled, startPreview, TEST_TIMEOUT_MS, openOrganizationPage as openFromTopBar, visible, type Preview } from './support';

let preview: Preview;

before(async () => {
  preview = await startPreview();
});

after(async () => {
  await preview?.close();
});

const SERVED = 'Members train with a plan, wherever they are';

/** Opens the organization page from the top bar, and waits for its Teams of teams section. */
const openOrganizationPage = (page: Page): Promise<FrameLocator> => openFromTopBar(page, preview, { locate: (app) => app.getByTestId('nexuses'), what: 'the Teams of teams section' });

/** A dialog opens at the top of the app's frame, which the preview sizes to its content: the host page scrolls back up to it. */
async function scrollToTop(page: Page): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
}

/** Switches the page to the running quarter (its Objectives are those a Nexus's Product Goal serves in the demo). */
async function toQuarter(page: Page, app: FrameLocator): Promise<void> {
  const { name } = quarterOf(new Date(), 1);
  await app.getByTestId('cycle-switcher').click();
  await app.getByRole('option', { name: new RegExp(`^${name}`) }).click();
  await eventually(page, async () => (await app.getByTestId('cycle-switcher').textContent())?.includes(name) === true, `the switcher on ${name}`);
}

describe('teams of teams', () => {
  test('the executive creates a Nexus of GYM and OPS, and the agile coach opens its rollup', { timeout: TEST_TIMEOUT_MS }, async () => {
    const executive = preview.userNamed(/Elena/);
    {
      const { context, page } = await preview.newPage({ theme: 'light', accountId: executive.accountId });
      try {
        const app = await openOrganizationPage(page);
        await toQuarter(page, app);
        // The demo's Nexus holds GYM and OPS already: a project is in at most one, so she deletes it first.
        const demo = app.getByTestId('nexus').filter({ hasText: 'Member experience' });
        await visible(page, demo, 'the demo’s Nexus');
        await demo.getByTestId('delete-nexus').click();
        const confirm = app.getByTestId('delete-nexus-dialog');
        await visible(page, confirm, 'the delete dialog');
        await scrollToTop(page);
        await confirm.getByTestId('confirm-delete-nexus').click();
        await eventually(page, async () => (await app.getByTestId('nexus').count()) === 0, 'the demo’s Nexus deleted');

        await app.getByTestId('create-nexus').click();
        const form = app.getByTestId('nexus-form');
        await visible(page, form, 'the Nexus form');
        await scrollToTop(page);
        await form.getByTestId('nexus-name').fill('Club experience');
        const projects = form.getByRole('combobox', { name: /Teams/ });
        for (const name of ['GymTonic Member App (GYM)', 'GymTonic Operations (OPS)']) {
          await projects.click();
          await app.getByRole('option', { name, exact: true }).click();
        }
        await form.getByTestId('nexus-goal').fill('Members love every visit, in the app and in the club');
        await form.getByRole('combobox', { name: /Organization Objective/ }).click();
        await app.getByRole('option', { name: SERVED, exact: true }).click();
        await form.getByTestId('save-nexus').click();
        await eventually(page, async () => (await form.count()) === 0, 'the form closed');
        const nexus = app.getByTestId('nexus').filter({ hasText: 'Club experience' });
        await visible(page, nexus, 'the new Nexus');
        assert.match((await nexus.getByTestId('nexus-teams').textContent()) ?? '', /GYM.*OPS/);
        await visible(page, nexus.getByTestId('nexus-serves').filter({ hasText: SERVED }), 'the Objective it serves');
        // Under the Objective it serves, both teams serve it as a Nexus.
        await visible(page, app.locator('[data-testid="serving-team"][data-project-key="OPS"]').getByText('in a Nexus serving it').first(), 'OPS serving it as a Nexus');
        await settled(app.getByTestId('nexuses'));
        await screenshot(page, 'nexus-created-light');
        assertNoCrash(page);
      } finally {
        await context.close();
      }
    }

    const coach = preview.userNamed(/Kofi/);
    const { context, page } = await preview.newPage({ theme: 'dark', accountId: coach.accountId });
    try {
      const app = await openOrganizationPage(page);
      const nexus = app.getByTestId('nexus').filter({ hasText: 'Club experience' });
      await visible(page, nexus, 'the Nexus, to the coach');
      assert.equal(await app.getByTestId('create-nexus').count(), 0, 'no New Nexus button for the coach');
      assert.equal(await nexus.getByTestId('edit-nexus').count(), 0, 'no Edit button for the coach');
      await nexus.getByTestId('open-nexus').click();
      const rollup = app.getByTestId('nexus-rollup');
      await visible(page, rollup, 'the rollup');
      await scrollToTop(page);
      await visible(page, rollup.getByTestId('nexus-rollup-goal').filter({ hasText: 'Members love every visit' }), 'its Product Goal');
      await visible(page, rollup.getByTestId('nexus-rollup-serves').getByText(SERVED), 'the Objective it serves');
      await eventually(page, async () => (await rollup.getByTestId('nexus-team').count()) === 2, 'its two teams side by side');
      for (const key of ['GYM', 'OPS']) {
        const team = rollup.locator(`[data-testid="nexus-team"][data-project-key="${key}"]`);
        await visible(page, team.locator('[data-testid="nexus-sprint"][data-sprint-state="active"]'), `${key}’s running sprint`);
        await visible(page, team.getByTestId('nexus-team-aligned'), `${key}’s running sprint’s alignment`);
      }
      await visible(page, rollup.locator('[data-testid="nexus-team"][data-project-key="GYM"]').getByTestId('nexus-key-result').first(), 'GYM’s Key Results');
      await settled(rollup);
      await screenshot(page, 'nexus-rollup-dark');
      await page.keyboard.press('Escape');
      await eventually(page, async () => (await rollup.count()) === 0, 'the rollup closed');
      assertNoCrash(page);
    } finally {
      await context.close();
    }
  });
});
