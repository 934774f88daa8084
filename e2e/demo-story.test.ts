// The preview as `npm start` opens it (issue #16, point 8): the demo tells its story at first look. The
// Scrum Master sees most of the running sprint serving a Key Result, its Sprint Goal tied by the
// Product Owner, what serves nothing, and grades from the last sprint's review, in both themes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appFrame, assertNoCrash, eventually, openProjectPage, screenshot, startPreview, TEST_TIMEOUT_MS, visible, type Preview, type Theme } from './support';

let preview: Preview;

before(async () => {
  preview = await startPreview({ demoStory: true });
});

after(async () => {
  await preview?.close();
});

describe('the demo at first look', () => {
  for (const theme of ['light', 'dark'] as const satisfies readonly Theme[]) {
    test(`the Scrum Master sees a team already working with its OKRs (${theme} theme)`, { timeout: TEST_TIMEOUT_MS }, async () => {
      const { context, page } = await preview.newPage({ theme, accountId: preview.userNamed(/Sam/).accountId });
      try {
        const app = await openProjectPage(page, preview, [['okr-limit', 'the OKR-in-process gauge'], ['active-sprint', 'the running sprint']]);
        const sentence = (await app.getByTestId('active-sprint-alignment').textContent()) ?? '';
        const share = Number(/^(\d+)% of /.exec(sentence)?.[1]);
        assert.ok(share >= 55 && share <= 80, `about two thirds of the running sprint serve a Key Result: “${sentence}”`);
        const goal = app.getByTestId('active-sprint').getByTestId('active-sprint-key-result');
        await visible(page, goal.first(), 'the Key Results its Sprint Goal serves');
        for (const tag of await goal.all()) assert.equal(await tag.getAttribute('data-suggested'), 'false', 'its Sprint Goal is tied, not merely suggested');
        await visible(page, app.getByTestId('unaligned-count'), 'the running sprint’s work that serves nothing');
        await visible(page, app.getByText(/Grades by sprint: GYM Sprint \d+: \d\.\d/).first(), 'a grade from the last closed sprint’s review');
        assert.equal(await app.getByTestId('review-banner').count(), 0, 'the last review is graded whole: nothing waits for a grade');
        await eventually(page, async () => (await appFrame(page).locator('html').getAttribute('data-color-mode')) === theme, `the page in the ${theme} theme`);
        await screenshot(page, `demo-first-look-${theme}`);
        assertNoCrash(page);
      } finally {
        await context.close();
      }
    });
  }
});
