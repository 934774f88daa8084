// Browser journey: the first view of a project says its figures are being gathered in the background
// (a calm notice, not a warning), and once that work is done, a reload shows the page without it and
// with the same figures.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { assertNoCrash, eventually, screenshot, startPreview, TEST_TIMEOUT_MS, visible, type Preview, openProjectPage as openPage } from './support';

let preview: Preview;

before(async () => {
  preview = await startPreview();
});

after(async () => {
  await preview?.close();
});

/** Opens the project page and waits until it has loaded. */
const openProjectPage = (page: Page): Promise<FrameLocator> => openPage(page, preview);

describe('figures gathered in the background', () => {
  test('the first view says so; a view after the background work does not', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ theme: 'light' });
    try {
      const app = await openProjectPage(page);
      const notice = app.getByTestId('figures-rebuilding');
      await visible(page, notice, 'the notice that the figures are being gathered');
      assert.match((await notice.textContent()) ?? '', /Gathering your figures.*in the background/s);
      assert.equal(await app.getByTestId('warnings').count(), 0, 'no warning beside the notice');
      await screenshot(page, 'kept-figures-gathering-light');
      // The background work takes moments here: a reload then answers from what it kept.
      await eventually(
        page,
        async () => {
          await openProjectPage(page);
          return (await app.getByTestId('figures-rebuilding').count()) === 0;
        },
        'a reload no longer says the figures are being gathered',
      );
      assertNoCrash(page);
    } finally {
      await context.close();
    }
  });
});
