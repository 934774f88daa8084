// Pushed values: the Product Owner makes the project's push secret on the settings page and sees it
// once; a job posts a Key Result's value with it to the endpoint the page shows (an HTTP request to the
// preview, which invokes the web trigger as Forge would); the project page shows the value as pushed.
// Then the secret is revoked, and the same request is refused.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Envelope, ProjectOverviewData } from '../src/contract';
import { must } from '../test/support/must';
import { appFrame, assertNoCrash, eventually, keyResultRow, openProjectPage, screenshot, startPreview, TEST_TIMEOUT_MS, visible, type Preview, type Theme } from './support';

let preview: Preview;

before(async () => {
  preview = await startPreview();
});

after(async () => {
  await preview?.close();
});

async function openSettings(page: Page) {
  await page.goto(`${preview.url}/`);
  const link = page.getByTestId('nav-settings');
  await eventually(page, async () => /\/settings\/apps\//.test((await link.getAttribute('href')) ?? ''), 'the sidebar link to the settings');
  await link.click();
  const app = appFrame(page);
  await visible(page, app.getByTestId('push'), 'the pushed values section');
  await visible(page, app.getByTestId('push-url'), 'the push endpoint');
  return app;
}

const post = (url: string, secret: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` }, body: JSON.stringify(body) });

describe('pushed values', () => {
  for (const theme of ['light', 'dark'] as Theme[]) {
    test(`(${theme}) a Product Owner makes a secret, sees it once, and a value posted with it shows on the Key Result as pushed`, { timeout: TEST_TIMEOUT_MS }, async () => {
      const owner = preview.userNamed(/Priya/);
      const overview = await preview.invokeAs<Envelope<ProjectOverviewData>>(owner.accountId, 'getProjectOverview');
      assert.ok(overview.ok);
      const keyResult = must(overview.data.objectives[0]?.keyResults[0], 'a Key Result of the cycle');
      const value = theme === 'light' ? 61 : 62;
      const { context, page } = await preview.newPage({ theme, accountId: owner.accountId });
      try {
        let app = await openSettings(page);
        await visible(page, app.getByTestId('push-secret-status').filter({ hasText: 'No secret yet' }), 'that no secret is in force');
        await app.getByTestId('push-create').click();
        await visible(page, app.getByTestId('push-secret-made'), 'the secret, shown once');
        const secret = (await app.getByTestId('push-secret-value').innerText()).trim();
        const url = (await app.getByTestId('push-url').innerText()).trim();
        assert.match(secret, /^[A-Za-z0-9_-]{43}$/);
        assert.match(url, /\/x1\/[^?]+\?project=GYM$/);
        await visible(page, app.getByTestId('push-secret-status').filter({ hasText: `starting “${secret.slice(0, 4)}…”` }), 'the secret in force');
        await screenshot(page, `push-secret-made-${theme}`);

        // Seen once: the page, read again, shows its first characters only.
        await page.reload();
        app = await openSettings(page);
        await visible(page, app.getByTestId('push-rotate'), 'the rotate button');
        assert.equal(await app.getByTestId('push-secret-made').count(), 0, 'the secret is not shown again');
        assert.ok(!(await app.getByTestId('push').innerText()).includes(secret), 'the secret is nowhere on the page');

        const answer = await post(url, secret, { keyResultId: keyResult.id, value, note: `Nightly export (${theme})` });
        assert.equal(answer.status, 201, await answer.text());

        const projectPage = await openProjectPage(page, preview);
        const row = keyResultRow(projectPage, keyResult.title);
        const last = row.getByTestId('key-result-last-check-in');
        await visible(page, last.filter({ hasText: /^Pushed: last value on/ }).filter({ hasText: `Nightly export (${theme})` }), 'the value shown as pushed');
        // The burn-up draws the pushed value apart from a person's check-ins, and its legend says so.
        await visible(page, row.getByTestId('burn-up-automatic'), 'the pushed value as a hollow dot on the burn-up');
        await visible(page, row.getByText('○ automatic'), 'the legend of the hollow dot');
        await row.scrollIntoViewIfNeeded();
        await screenshot(page, `push-value-shown-${theme}`);

        // Revoked: the same request is refused, and the page offers a new secret.
        app = await openSettings(page);
        await app.getByTestId('push-revoke').click();
        await visible(page, app.getByTestId('push-secret-status').filter({ hasText: 'No secret yet' }), 'the secret revoked');
        const refused = await post(url, secret, { keyResultId: keyResult.id, value: value + 10 });
        assert.equal(refused.status, 401);
        assertNoCrash(page);
      } finally {
        await context.close();
      }
    });
  }
});
