// The app looks like Jira under the Content-Security-Policy Forge serves it with: Atlaskit's runtime
// styles (Emotion's inline <style> elements, behind every `xcss`) apply in both themes. Without
// `permissions.content.styles: unsafe-inline` the policy blocks them and an Objective is bare text.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { appFrame, assertNoCrash, screenshot, startPreview, TEST_TIMEOUT_MS, visible, type Preview, type Theme } from './support';

const THEMES = ['light', 'dark'] as const satisfies readonly Theme[];

let preview: Preview;

before(async () => {
  preview = await startPreview();
});

after(async () => {
  await preview?.close();
});

type Look = Record<string, string>;

/**
 * The element's computed look, and the same properties of a probe given the design tokens its
 * `xcss` names, resolved in the same frame and theme (set through the CSSOM, which no policy blocks).
 */
async function lookAndTokens(element: Locator, tokens: Look): Promise<{ actual: Look; expected: Look }> {
  // Runs in the app frame; the e2e tsconfig has no DOM types.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return element.evaluate((el: any, wanted: Look) => {
    const view = el.ownerDocument.defaultView;
    const probe = el.ownerDocument.createElement('div');
    for (const [property, value] of Object.entries(wanted)) probe.style[property] = value;
    el.ownerDocument.body.appendChild(probe);
    const actualStyle = view.getComputedStyle(el);
    const probeStyle = view.getComputedStyle(probe);
    const actual: Look = {};
    const expected: Look = {};
    for (const property of Object.keys(wanted)) {
      actual[property] = actualStyle[property];
      expected[property] = probeStyle[property];
    }
    probe.remove();
    return { actual, expected };
  }, tokens);
}

describe('Atlaskit styling under the policy Forge serves', () => {
  for (const theme of THEMES) {
    test(`an Objective is a card and the summary lays out in a row [${theme}]`, { timeout: TEST_TIMEOUT_MS }, async () => {
      const { context, page } = await preview.newPage({ theme });
      try {
        assert.equal((await page.goto(`${preview.url}/`))?.status(), 200);
        const app = appFrame(page);
        const card = app.getByTestId('objective').first();
        await visible(page, card, 'an Objective on the project page');
        assert.equal(await app.locator('html').getAttribute('data-color-mode'), theme, `the app is in the ${theme} theme`);

        // ObjectiveCard's xcss: the surface colour, a solid border, 16px padding, large radius.
        const { actual: cardLook, expected: cardTokens } = await lookAndTokens(card, {
          backgroundColor: 'var(--ds-surface)',
          borderTopColor: 'var(--ds-border)',
          borderTopStyle: 'solid',
          paddingTop: 'var(--ds-space-200)',
          borderTopLeftRadius: 'var(--ds-radius-large)',
        });
        assert.notEqual(cardLook.backgroundColor, 'rgba(0, 0, 0, 0)', 'the Objective card has a background');
        assert.notEqual(cardLook.paddingTop, '0px', 'the Objective card has padding');
        assert.deepEqual(cardLook, cardTokens, `the Objective card has its Atlaskit styling in the ${theme} theme`);

        // The summary under the title is an Inline: a wrapping flex row with a token gap.
        const glance = app.getByTestId('at-a-glance');
        const glanceLook = await glance.evaluate((el: { ownerDocument: { defaultView: { getComputedStyle(e: unknown): { display: string; columnGap: string } } } }) => {
          const style = el.ownerDocument.defaultView.getComputedStyle(el);
          return { display: style.display, columnGap: style.columnGap };
        });
        assert.deepEqual(glanceLook, { display: 'flex', columnGap: '16px' }, 'the at-a-glance summary is laid out in a row');

        assertNoCrash(page);
        await screenshot(page, `styles-project-page-${theme}`);
      } finally {
        await context.close();
      }
    });
  }
});

describe('the iframe Forge runs the app in', () => {
  // Forge's Custom UI iframe is sandboxed without pop-ups or top navigation, and apps cannot change
  // that: a pop-up the app opens itself works in a lenient preview and fails in Jira.
  test('refuses the app’s pop-ups, as Jira’s does', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ theme: 'light' });
    try {
      assert.equal((await page.goto(`${preview.url}/`))?.status(), 200);
      const app = appFrame(page);
      await visible(page, app.getByTestId('objective').first(), 'an Objective on the project page');
      const opened = await app.locator('body').evaluate((body: { ownerDocument: { defaultView: { open(url: string): unknown } } }) => body.ownerDocument.defaultView.open('about:blank') !== null);
      assert.equal(opened, false, 'the app cannot open a pop-up: it goes through @forge/bridge’s router');
      assert.equal(context.pages().length, 1, 'no window was opened');
    } finally {
      await context.close();
    }
  });
});
