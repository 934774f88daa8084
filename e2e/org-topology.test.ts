// The organization page's topology view, at a portfolio review: the agile coach opens it, reads the
// sentence saying which Objective no team serves, and reads the matrix of Objectives × teams, each cell
// in words (not by its shade alone), in both themes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { assertNoCrash, eventually, screenshot, settled, startPreview, TEST_TIMEOUT_MS, openOrganizationPage as openFromTopBar, visible, type Preview, type Theme } from './support';

let preview: Preview;

before(async () => {
  preview = await startPreview();
});

after(async () => {
  await preview?.close();
});

const YEARLY = 'Become the gym members recommend to their friends';

/** Opens the organization page from the top bar, and waits for the yearly Objective. */
const openOrganizationPage = (page: Page): Promise<FrameLocator> =>
  openFromTopBar(page, preview, { locate: (app) => app.locator(`[data-testid="objective"][data-objective-title="${YEARLY}"]`), what: 'the yearly Objective' });

describe('the topology view', () => {
  for (const theme of ['light', 'dark'] as Theme[]) {
    test(`(${theme}) the agile coach opens the topology view, reads its sentences and the Objectives × teams matrix`, { timeout: TEST_TIMEOUT_MS }, async () => {
      const coach = preview.userNamed(/Kofi/);
      const { context, page } = await preview.newPage({ theme, accountId: coach.accountId });
      try {
        const app = await openOrganizationPage(page);
        const view = app.getByTestId('topology-view');
        await visible(page, view, 'the topology view’s toggle');
        const toggle = view.getByTestId('topology-toggle');
        assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
        await toggle.click();
        await visible(page, view.getByTestId('topology-matrix'), 'the topology view');
        assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
        // One sentence per problem: nobody serves the other yearly Objective.
        await visible(page, view.getByTestId('topology-problem').filter({ hasText: 'Objective “Run every club at a profit” is served by no team' }), 'the unserved Objective’s sentence');
        // The matrix: a row per Objective, a column per team the coach may browse, each cell in words.
        await eventually(page, async () => (await view.getByTestId('topology-row').count()) === 2, 'a row per yearly Objective');
        await visible(page, view.locator('[data-testid="topology-team"][data-project-key="OPS"]').filter({ hasText: 'GymTonic Operations' }), 'OPS’s column');
        const row = view.locator(`[data-testid="topology-row"][data-objective-title="${YEARLY}"]`);
        const opsCell = row.locator('[data-testid="topology-cell"][data-project-key="OPS"]');
        await visible(page, opsCell.filter({ hasText: /aligned Objective/ }), 'how OPS serves the yearly Objective, in words');
        const unserved = view.locator('[data-testid="topology-row"][data-objective-title="Run every club at a profit"] [data-testid="topology-cell"]');
        for (const text of await unserved.allTextContents()) assert.match(text, /does not serve it/);
        // A header cell per column and per row, for a screen reader.
        assert.ok((await view.locator('th[scope="col"]').count()) >= 2);
        assert.equal(await view.locator('th[scope="row"]').count(), 2);
        await settled(app.getByTestId('organization-page'));
        await screenshot(page, `organization-topology-${theme}`);
        await toggle.click();
        await eventually(page, async () => (await view.getByTestId('topology-matrix').count()) === 0, 'the topology view closed');
        assertNoCrash(page);
      } finally {
        await context.close();
      }
    });
  }
});
