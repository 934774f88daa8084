// Browser journey through the Sprint Review as Jira opens it from a closed sprint's ••• menu (the
// `jira:sprintAction` "Sprint Review"), against the local preview with GymTonic's demo OKRs: a
// developer links an issue of the running sprint to a Key Result and the team closes the sprint first;
// then (a) the Product Owner opens the review from the action, grades the Key Result, and Esc in its
// open Confidence menu closes only the menu (what was chosen and typed stays); closing the review
// leaves the project page; (b) with a grade chosen or a note typed, Esc asks before dropping them.
// They run in order.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DataOf, Envelope, IssuePanelData, ProjectOverviewData, SprintView } from '../src/contract';
import { USER_HEADER } from '../local/server';
import { appFrame, assertNoCrash, describePage, eventually, focused, keyResultRow, linkableIssues, screenshot, settled, startPreview, TEST_TIMEOUT_MS, visible, type Preview } from './support';
import { must } from '../test/support/must';

type SearchResult = DataOf<'searchKeyResults'>['results'][number];

let preview: Preview;
/** The sprint the team closed. */
let closed: SprintView;
/** The Key Result its work served. */
let served: SearchResult;

const NOTE = 'Booking a trainer works end to end; too few members found it yet';

async function overviewFor(accountId: string): Promise<ProjectOverviewData> {
  const answer = await preview.invokeAs<Envelope<ProjectOverviewData>>(accountId, 'getProjectOverview');
  assert.ok(answer.ok, `getProjectOverview failed: ${JSON.stringify(answer)}`);
  return answer.data;
}

before(async () => {
  preview = await startPreview();
  const diego = preview.userNamed(/Diego Alvarez/).accountId;
  const overview = await overviewFor(preview.defaultAccountId);
  closed = must(overview.sprints.find((sprint) => sprint.state === 'active'), 'a running sprint');
  const [issueKey] = await linkableIssues(preview, diego, must(overview.unaligned, 'the running sprint’s unaligned work').issues, 1);
  const search = await preview.invokeOnIssue<Envelope<DataOf<'searchKeyResults'>>>(diego, must(issueKey, 'an issue'), 'searchKeyResults', {});
  assert.ok(search.ok, `searchKeyResults: ${JSON.stringify(search)}`);
  served = must(search.data.results.find((result) => result.objective.status === 'active'), 'a Key Result of an active Objective');
  const linked = await preview.invokeOnIssue<Envelope<IssuePanelData>>(diego, must(issueKey, 'an issue'), 'linkIssue', { keyResultId: served.keyResult.id });
  assert.ok(linked.ok, `linkIssue: ${JSON.stringify(linked)}`);
  const closing = await fetch(`${preview.url}/api/close-sprint`, { method: 'POST', headers: { [USER_HEADER]: preview.defaultAccountId } });
  assert.equal(closing.status, 200, `closing the running sprint: ${await closing.text()}`);
  const reviews = (await overviewFor(preview.defaultAccountId)).reviews;
  assert.deepEqual(
    reviews.map((review) => [review.sprintId, review.keyResultCount, review.gradedCount]),
    [[closed.id, 1, 0]],
    'the closed sprint has a review of one Key Result, ungraded',
  );
});

after(async () => {
  await preview?.close();
});

describe('The Sprint Review from the sprint’s menu', () => {
  test('(a) the Product Owner opens a closed sprint’s review from the action, grades its Key Result, and Esc in the menu keeps the review open', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ theme: 'light' });
    try {
      // As Jira opens the action from the sprint's ••• menu on the board.
      const response = await page.goto(`${preview.url}/jira/software/projects/GYM/sprints/${closed.id}/outcomes-sprint-review`);
      assert.equal(response?.status(), 200);
      await visible(page, page.getByTestId('sprint-action-title').filter({ hasText: 'Sprint Review' }), 'the sprint action');
      const app = appFrame(page);
      const dialog = app.getByTestId('sprint-review');
      await visible(page, dialog.getByRole('heading', { name: `Sprint review: ${closed.name}` }), `the review of ${closed.name}, opened at once`);
      const card = dialog.getByTestId(`review-kr-${served.keyResult.id}`);
      await visible(page, card.getByText(served.keyResult.title, { exact: true }), 'the Key Result its work served');
      await settled(dialog);

      // A grade chosen and a note typed, then the Confidence menu opened and closed with Esc.
      await card.getByTestId('grade-0.6').click();
      await card.getByTestId('grade-note').fill(NOTE);
      const confidence = card.getByRole('combobox', { name: 'Confidence (optional)' });
      await confidence.focus();
      await page.keyboard.press('ArrowDown');
      await eventually(page, async () => (await confidence.getAttribute('aria-expanded')) === 'true', 'the Confidence menu opened');
      await visible(page, app.getByRole('option', { name: '7', exact: true }), 'the confidences');
      await screenshot(page, 'sprint-review-action-a-menu-light', { viewport: true });
      await page.keyboard.press('Escape');
      await eventually(page, async () => (await confidence.getAttribute('aria-expanded')) === 'false', 'Esc closed the Confidence menu');
      await focused(page, confidence, 'the Confidence field, still');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(await dialog.count(), 1, 'the review is still open');
      assert.equal(await dialog.getByTestId('discard-question').count(), 0, 'an Esc that closed a menu asks nothing');
      assert.equal(await card.getByTestId('grade-0.6').getAttribute('aria-pressed'), 'true', 'the grade chosen stays');
      assert.equal(await card.getByTestId('grade-note').inputValue(), NOTE, 'the note typed stays');

      // The confidence chosen by keyboard, and the grade saved.
      await page.keyboard.press('ArrowDown');
      await app.getByRole('option', { name: '7', exact: true }).click();
      await card.getByTestId('save-grade').click();
      await visible(page, card.getByTestId('current-grade').filter({ hasText: '0.6' }), 'the Key Result graded 0.6');
      await visible(page, dialog.getByTestId('review-progress').filter({ hasText: '1 of 1 graded' }), '"1 of 1 graded"');
      const review = (await overviewFor(preview.defaultAccountId)).reviews.find((candidate) => candidate.sprintId === closed.id);
      assert.equal(review?.gradedCount, 1, 'the server has the grade');
      await screenshot(page, 'sprint-review-action-a-graded-light', { viewport: true });

      // Closing the review leaves the project page, with the grade on the Key Result.
      await dialog.getByTestId('close-review').click();
      await eventually(page, async () => (await dialog.count()) === 0, 'the review closed');
      await visible(page, app.getByTestId('okr-section'), 'the project page under it');
      await visible(page, keyResultRow(app, served.keyResult.title).getByTestId('kr-grade').filter({ hasText: 'Grade 0.6' }), '"Grade 0.6" on the Key Result');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(await dialog.count(), 0, 'the review does not open again');
      await screenshot(page, 'sprint-review-action-a-page-light', { viewport: true });
      assertNoCrash(page);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${await describePage(page)}`, { cause: error });
    } finally {
      await context.close();
    }
  });

  test('(b) Esc in the review with a grade chosen or a note typed asks before dropping them; Keep editing keeps them, Discard saves nothing', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ theme: 'dark' });
    try {
      await page.goto(`${preview.url}/jira/software/projects/GYM/sprints/${closed.id}/outcomes-sprint-review`);
      const app = appFrame(page);
      const dialog = app.getByTestId('sprint-review');
      const card = dialog.getByTestId(`review-kr-${served.keyResult.id}`);
      await visible(page, card.getByTestId('current-grade').filter({ hasText: '0.6' }), 'the grade given in (a)');
      await settled(dialog);

      // A correction begun with a click on the scale alone: Esc asks before dropping it.
      await card.getByTestId('change-grade').click();
      await focused(page, card.getByTestId('grade-0.6'), 'the grade being corrected');
      // Chosen by keyboard, the focus stays on the grade chosen.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await focused(page, card.getByTestId('grade-0.8'), '0.8, two steps on');
      await page.keyboard.press('Enter');
      await eventually(page, async () => (await card.getByTestId('grade-0.8').getAttribute('aria-pressed')) === 'true', '0.8 chosen');
      await focused(page, card.getByTestId('grade-0.8'), '0.8, still');
      await page.keyboard.press('Escape');
      await visible(page, dialog.getByTestId('discard-question'), 'the question whether to discard the grade chosen');
      await focused(page, dialog.getByTestId('keep-editing'), 'Keep editing');
      await page.keyboard.press('Enter');
      await eventually(page, async () => (await dialog.getByTestId('discard-question').count()) === 0, 'the question went away');
      assert.equal(await card.getByTestId('grade-0.8').getAttribute('aria-pressed'), 'true', 'the grade chosen is kept');

      // A note typed too: asked again, Keep editing keeps both.
      await card.getByTestId('grade-note').fill(NOTE);
      await page.keyboard.press('Escape');
      await visible(page, dialog.getByTestId('discard-question'), 'the question again');
      await screenshot(page, 'sprint-review-action-b-discard-question-dark', { viewport: true });
      await dialog.getByTestId('keep-editing').click();
      assert.equal(await card.getByTestId('grade-note').inputValue(), NOTE, 'the note typed is kept');
      assert.equal(await card.getByTestId('grade-0.8').getAttribute('aria-pressed'), 'true', 'and the grade chosen');

      // Discard closes the review, and the grade stays what it was.
      await card.getByTestId('grade-note').focus();
      await page.keyboard.press('Escape');
      await dialog.getByTestId('discard-changes').click();
      await eventually(page, async () => (await dialog.count()) === 0, 'the review closed');
      await visible(page, app.getByTestId('okr-section'), 'the project page under it');
      const keyResult = (await overviewFor(preview.defaultAccountId)).objectives.flatMap((objective) => objective.keyResults).find((candidate) => candidate.id === served.keyResult.id);
      assert.equal(keyResult?.lastGrade, 0.6, 'nothing was saved');
      assertNoCrash(page);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${await describePage(page)}`, { cause: error });
    } finally {
      await context.close();
    }
  });
});
