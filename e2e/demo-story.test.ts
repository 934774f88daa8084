// The preview as `npm start` opens it (issue #16, point 8): the demo tells its story at first look. The
// Scrum Master sees most of the running sprint serving a Key Result, its Sprint Goal tied by the
// Product Owner, what serves nothing, grades from the last sprint's review, and the Key Results nobody
// has checked in on lately, on the page and in that review, in both themes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Envelope, ProjectOverviewData, SprintReviewData } from '../src/contract';
import { appFrame, assertNoCrash, eventually, keyResultRow, openProjectPage, screenshot, startPreview, TEST_TIMEOUT_MS, visible, type Preview, type Theme } from './support';

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

        // The nudge: what the server says is to check in is marked on the page and listed in the open review.
        const answer = await preview.invokeAs<Envelope<ProjectOverviewData>>(preview.userNamed(/Sam/).accountId, 'getProjectOverview');
        assert.ok(answer.ok);
        const due = answer.data.objectives.flatMap((objective) => objective.keyResults).filter((keyResult) => keyResult.stale);
        // From a quarter's 21st day, both of the demo's quiet Key Results are (earlier, fewer or none).
        const quarterDays = Math.floor((Date.now() - Date.parse(`${answer.data.cycle.startDate}T00:00:00.000Z`)) / 86_400_000);
        if (quarterDays >= 20) {
          assert.deepEqual(
            due.map((keyResult) => `${keyResult.title}: ${keyResult.daysWithoutCheckIn}`),
            ['Plan satisfaction (1–5): 16', 'Members visiting 8+ times a month: 19'],
            'the demo’s two quiet Key Results are to check in',
          );
        }
        for (const keyResult of due) {
          await visible(page, keyResultRow(app, keyResult.title).getByTestId('key-result-stale').filter({ hasText: `To check in · ${keyResult.daysWithoutCheckIn} days` }), `“${keyResult.title}” marked to check in`);
        }
        assert.equal(await app.getByTestId('key-result-stale').count(), due.length, 'only those are marked');
        const review = answer.data.reviews[0];
        assert.ok(review, 'the last closed sprint’s review');
        await app.getByTestId(`open-review-${review.sprintId}`).click();
        await visible(page, app.getByTestId('review-intro'), 'the open review');
        const reviewed = await preview.invokeAs<Envelope<SprintReviewData>>(preview.userNamed(/Sam/).accountId, 'getSprintReview', { sprintId: review.sprintId });
        assert.ok(reviewed.ok);
        const toCheckIn = reviewed.data.keyResults.filter((keyResult) => keyResult.stale);
        if (quarterDays >= 20) assert.equal(toCheckIn.length, 2, 'the review covers both quiet Key Results');
        if (toCheckIn.length > 0) await visible(page, app.getByTestId('review-to-check-in'), 'the review’s list of Key Results to check in');
        const listed = (await app.getByTestId('review-to-check-in-item').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
        assert.deepEqual(listed, toCheckIn.map((keyResult) => `${keyResult.title} (${keyResult.daysWithoutCheckIn} days)`), 'the review lists the Key Results to check in');
        await screenshot(page, `demo-review-to-check-in-${theme}`);
        assertNoCrash(page);
      } finally {
        await context.close();
      }
    });
  }
});
