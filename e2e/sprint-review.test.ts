// Browser journey through a sprint's close and its review, against the local preview with GymTonic's
// demo OKRs: a developer links two issues of the running sprint to Key Results of two active
// Objectives first; then (a) the Product Owner closes the sprint from the host page (the emulated Jira
// closes it and Forge's sprint-closed event reaches the app's trigger), sees the banner, grades both
// Key Results in the sprint review (one with a new value, one corrected) and finds the grades on the
// page; (b) the Scrum Master reads the grades and the review without a way to change them, and the
// server refuses a grade from them. They run in order and build on each other.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import type { DataOf, Envelope, IssuePanelData, KeyResultView, ProjectOverviewData, SprintReviewData, SprintView } from '../src/contract';
import { assertNoCrash, describePage, eventually, focused, keyResultRow, linkableIssues, objectiveCard, screenshot, settled, startPreview, TEST_TIMEOUT_MS, visible, type Preview, openProjectPage as openPage } from './support';
import { must } from '../test/support/must';

type SearchResult = DataOf<'searchKeyResults'>['results'][number];

let preview: Preview;
/** The running sprint before the Product Owner closes it. */
let sprint: SprintView;
/** The two issues of the running sprint linked first, and the Key Result each is linked to. */
let linked: Array<{ issueKey: string; keyResult: SearchResult }>;

const FIRST_GRADE = { score: '0.7', confidence: '7', note: 'Two of three plan screens shipped; members use them' };
const SECOND_GRADE = { first: '0.3', score: '0.4', confidence: '4', note: 'Booking got faster, not by as much as we hoped' };

async function overviewFor(accountId: string): Promise<ProjectOverviewData> {
  const answer = await preview.invokeAs<Envelope<ProjectOverviewData>>(accountId, 'getProjectOverview');
  assert.ok(answer.ok, `getProjectOverview failed: ${JSON.stringify(answer)}`);
  return answer.data;
}

function keyResultIn(overview: ProjectOverviewData, keyResultId: string): KeyResultView {
  const keyResult = overview.objectives.flatMap((objective) => objective.keyResults).find((kr) => kr.id === keyResultId);
  assert.ok(keyResult, `Key Result ${keyResultId} in the overview`);
  return keyResult;
}

before(async () => {
  preview = await startPreview();
  const priya = preview.defaultAccountId;
  const diego = preview.userNamed(/Diego Alvarez/).accountId;
  const sam = preview.userNamed(/Sam Okafor/).accountId;
  const overview = await overviewFor(priya);
  const active = overview.sprints.find((candidate) => candidate.state === 'active');
  assert.ok(active, `an active sprint in ${overview.cycle.name}`);
  sprint = active;
  assert.deepEqual(overview.reviews, [], 'no sprint review yet');
  assert.ok(overview.unaligned && overview.unaligned.issues.length >= 2, `the running sprint has unaligned work: ${JSON.stringify(overview.unaligned)}`);

  // Two issues Diego may link, each to a Key Result of a different active Objective that the Scrum
  // Master does not own (an Objective's owner may grade its Key Results).
  const candidates = await linkableIssues(preview, diego, overview.unaligned.issues, 2);
  const search = await preview.invokeOnIssue<Envelope<DataOf<'searchKeyResults'>>>(diego, must(candidates[0], 'candidates[0]'), 'searchKeyResults', {});
  assert.ok(search.ok, `searchKeyResults: ${JSON.stringify(search)}`);
  const activeResults = search.data.results.filter((result) => result.objective.status === 'active' && result.objective.ownerAccountId !== sam);
  const objectives = [...new Set(activeResults.map((result) => result.objective.id))];
  assert.ok(objectives.length >= 2, 'two active Objectives with Key Results, not owned by the Scrum Master');
  linked = objectives.slice(0, 2).map((objectiveId, index) => ({
    issueKey: must(candidates[index], 'candidates[index]'),
    keyResult: must(activeResults.find((result) => result.objective.id === objectiveId), 'activeResults.find((result) => result.objective.id === objectiveId)'),
  }));
  for (const { issueKey, keyResult } of linked) {
    const answer = await preview.invokeOnIssue<Envelope<IssuePanelData>>(diego, issueKey, 'linkIssue', { keyResultId: keyResult.keyResult.id });
    assert.ok(answer.ok, `linkIssue ${issueKey} → ${keyResult.keyResult.id}: ${JSON.stringify(answer)}`);
  }
});

after(async () => {
  await preview?.close();
});

/** Opens the project page and waits until it has loaded. */
const openProjectPage = (page: Page): Promise<FrameLocator> => openPage(page, preview, [['okr-section', 'the OKR section of the project page']]);

/** Chooses a confidence in a review card's select. */
async function chooseConfidence(card: Locator, confidence: string): Promise<void> {
  await card.getByLabel('Confidence (optional)').click();
  await card.getByRole('option', { name: confidence, exact: true }).click();
}

async function scrollToTop(page: Page): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await new Promise((resolve) => setTimeout(resolve, 200));
}

describe('Sprint close and grading', () => {
  test('(a) the Product Owner closes the sprint, grades both Key Results in its review and sees the grades on the page', { timeout: TEST_TIMEOUT_MS }, async () => {
    const [first, second] = linked.map((entry) => entry.keyResult);
    const before = await overviewFor(preview.defaultAccountId);
    const secondBefore = keyResultIn(before, must(second, 'second').keyResult.id);
    // A new value halfway to the target, recorded as a check-in with the grade.
    const newValue = Math.round((secondBefore.metric.current + (secondBefore.metric.target - secondBefore.metric.current) / 2) * 10) / 10;

    const { context, page } = await preview.newPage({ theme: 'light' });
    try {
      const app = await openProjectPage(page);
      assert.equal(await app.getByTestId('review-banner').count(), 0, 'no review banner before the sprint closes');

      // Close the sprint as a team does in Jira: the host page's button, not the app's.
      await visible(page, page.getByTestId('host-close-sprint'), "the host page's Close sprint button");
      await page.getByTestId('host-close-sprint').click();
      const banner = app.getByTestId('review-banner');
      const bannerTitle = `${sprint.name} closed: 2 Key Results to grade`;
      await visible(page, banner.filter({ hasText: bannerTitle }), `the banner "${bannerTitle}"`);
      await eventually(page, async () => (await app.getByTestId('loading').count()) === 0, 'the project page finished loading');

      const closed = await overviewFor(preview.defaultAccountId);
      assert.equal(closed.reviews.length, 1, `one review: ${JSON.stringify(closed.reviews)}`);
      assert.deepEqual(
        { sprintId: must(closed.reviews[0], 'closed.reviews[0]').sprintId, keyResultCount: must(closed.reviews[0], 'closed.reviews[0]').keyResultCount, gradedCount: must(closed.reviews[0], 'closed.reviews[0]').gradedCount },
        { sprintId: sprint.id, keyResultCount: 2, gradedCount: 0 },
      );
      await visible(page, app.getByTestId(`open-review-${sprint.id}`).filter({ hasText: '0 of 2 graded' }), 'the review in the sprint timeline');
      await scrollToTop(page);
      await screenshot(page, 'sprint-review-a-banner-light');

      await banner.getByTestId('open-sprint-review').click();
      const dialog = app.getByTestId('sprint-review');
      await visible(page, dialog, 'the sprint review');
      await visible(page, dialog.getByRole('heading', { name: `Sprint review: ${sprint.name}` }), 'its title');
      const review = await preview.invokeAs<Envelope<SprintReviewData>>(preview.defaultAccountId, 'getSprintReview', { sprintId: sprint.id });
      assert.ok(review.ok, `getSprintReview: ${JSON.stringify(review)}`);
      assert.deepEqual(review.data.keyResults.map((kr) => kr.id).sort(), [must(first, 'first').keyResult.id, must(second, 'second').keyResult.id].sort(), 'the review holds the two Key Results');

      const firstCard = dialog.getByTestId(`review-kr-${must(first, 'first').keyResult.id}`);
      const secondCard = dialog.getByTestId(`review-kr-${must(second, 'second').keyResult.id}`);
      await visible(page, firstCard, 'the first Key Result in the review');
      await settled(dialog);
      for (const [index, card] of [firstCard, secondCard].entries()) {
        const { issueKey, keyResult } = must(linked[index], 'linked[index]');
        assert.equal(await card.getAttribute('data-graded'), 'false');
        await visible(page, card.getByText(keyResult.keyResult.title, { exact: true }), `"${keyResult.keyResult.title}"`);
        await visible(page, card.getByTestId('review-kr-objective').filter({ hasText: keyResult.objective.title }), 'its Objective');
        await visible(page, card.getByTestId('review-kr-values').filter({ hasText: /Value at close .+ → now / }), 'its value at close and now');
        await visible(page, card.locator(`[data-testid="evidence-issue"][data-issue-key="${issueKey}"]`), `${issueKey} as evidence`);
        assert.equal(await card.getByTestId('grade-scale').getByRole('button').count(), 11, 'a scale of 11 steps');
        assert.equal(await card.getByTestId('grade-0.7').getAttribute('aria-pressed'), 'false');
      }
      await visible(page, dialog.getByTestId('grade-legend').filter({ hasText: '0.7 is the sweet spot' }), 'the legend of the scale');
      await screenshot(page, 'sprint-review-a-review-light', { viewport: true });

      // The first: 0.7 with a confidence and a note.
      await firstCard.getByTestId(`grade-${FIRST_GRADE.score}`).click();
      assert.equal(await firstCard.getByTestId(`grade-${FIRST_GRADE.score}`).getAttribute('aria-pressed'), 'true');
      await chooseConfidence(firstCard, FIRST_GRADE.confidence);
      await firstCard.getByTestId('grade-note').fill(FIRST_GRADE.note);
      await firstCard.getByTestId('save-grade').click();
      await visible(page, firstCard.getByTestId('current-grade').filter({ hasText: FIRST_GRADE.score }), `the first graded ${FIRST_GRADE.score}`);
      await focused(page, firstCard.getByTestId('change-grade'), '"Change grade", in place of the form just saved,');
      assert.equal(await firstCard.getAttribute('data-graded'), 'true');
      await visible(page, dialog.getByTestId('review-progress').filter({ hasText: '1 of 2 graded' }), '"1 of 2 graded"');

      // The second: a new value needs a confidence (the browser says so before the server would).
      await secondCard.getByTestId(`grade-${SECOND_GRADE.first}`).click();
      await secondCard.getByTestId('grade-value').fill(String(newValue));
      await secondCard.getByTestId('save-grade').click();
      await visible(page, secondCard.getByTestId('grade-confidence-error'), 'the message that a new value needs a confidence');
      await chooseConfidence(secondCard, SECOND_GRADE.confidence);
      await secondCard.getByTestId('grade-note').fill(SECOND_GRADE.note);
      await secondCard.getByTestId('save-grade').click();
      await visible(page, secondCard.getByTestId('current-grade').filter({ hasText: SECOND_GRADE.first }), `the second graded ${SECOND_GRADE.first}`);

      // A correction: the earlier grade is kept.
      await secondCard.getByTestId('change-grade').click();
      await focused(page, secondCard.getByTestId(`grade-${SECOND_GRADE.first}`), 'the grade being corrected');
      await secondCard.getByTestId(`grade-${SECOND_GRADE.score}`).click();
      await secondCard.getByTestId('save-grade').click();
      await visible(page, secondCard.getByTestId('current-grade').filter({ hasText: SECOND_GRADE.score }), `the second corrected to ${SECOND_GRADE.score}`);
      await visible(page, secondCard.getByTestId('earlier-grade').filter({ hasText: SECOND_GRADE.first }), `the earlier ${SECOND_GRADE.first} kept`);
      await visible(page, dialog.getByTestId('review-progress').filter({ hasText: '2 of 2 graded' }), '"2 of 2 graded"');
      await visible(page, secondCard.getByTestId('grade-summary').filter({ hasText: 'Priya Natarajan' }), "the grader's name");
      await settled(dialog);
      await screenshot(page, 'sprint-review-a-graded-light', { viewport: true });

      await dialog.getByTestId('close-review').click();
      await eventually(page, async () => (await dialog.count()) === 0, 'the review closed');

      // The page: no banner, the grades on the Key Results, their Objectives and the burn-up.
      await eventually(page, async () => (await app.getByTestId('review-banner').count()) === 0, 'the banner went away');
      for (const [keyResult, score] of [
        [must(first, 'first'), FIRST_GRADE.score],
        [must(second, 'second'), SECOND_GRADE.score],
      ] as const) {
        const row = keyResultRow(app, keyResult.keyResult.title);
        await visible(page, row.getByTestId('kr-grade').filter({ hasText: `Grade ${score}` }), `"Grade ${score}" on "${keyResult.keyResult.title}"`);
        await visible(page, row.getByTestId('grade-history').filter({ hasText: `${sprint.name}: ${score}` }), `the grade history of "${keyResult.keyResult.title}"`);
        const marker = row.getByTestId('burn-up-grade');
        assert.equal(await marker.count(), 1, 'a grade marker on the burn-up');
        assert.equal(await marker.locator('title').textContent(), `${sprint.name} graded ${score}`);
        assert.match((await row.getByTestId('burn-up').getAttribute('aria-label')) ?? '', new RegExp(`Graded ${score.replace('.', '\\.')} at ${sprint.name}\\.`));
        // An Objective is graded once all its Key Results are; until then it says how many are.
        const objective = must((await overviewFor(preview.defaultAccountId)).objectives.find((candidate) => candidate.id === keyResult.objective.id), 'the graded Key Result\'s Objective');
        const card = objectiveCard(app, keyResult.objective.title);
        if (objective.graded.count < objective.graded.of) {
          assert.equal(objective.grade, null, 'no Objective grade while some of its Key Results are ungraded');
          await visible(page, card.getByTestId('objective-graded').filter({ hasText: `${objective.graded.count} of ${objective.graded.of} graded` }), 'how many of its Key Results are graded');
          assert.equal(await card.getByTestId('objective-grade').count(), 0, 'no Objective grade shown yet');
        } else {
          await visible(page, card.getByTestId('objective-grade'), 'the Objective\'s grade');
        }
      }
      await visible(page, app.getByTestId(`open-review-${sprint.id}`).filter({ hasText: '2 of 2 graded' }), '"2 of 2 graded" in the sprint timeline');

      // The server has them: the grades, the check-in recorded with the second, the corrected grade's history.
      const graded = await overviewFor(preview.defaultAccountId);
      assert.equal(must(graded.reviews[0], 'graded.reviews[0]').gradedCount, 2);
      assert.equal(keyResultIn(graded, must(first, 'first').keyResult.id).lastGrade, Number(FIRST_GRADE.score));
      const secondAfter = keyResultIn(graded, must(second, 'second').keyResult.id);
      assert.equal(secondAfter.lastGrade, Number(SECOND_GRADE.score));
      assert.equal(secondAfter.metric.current, newValue, 'the new value was recorded');
      assert.equal(secondAfter.lastCheckIn?.confidence, Number(SECOND_GRADE.confidence));
      assert.deepEqual(secondAfter.grades?.map((grade) => [grade.sprintId, grade.score]), [[sprint.id, Number(SECOND_GRADE.score)]]);
      assert.equal(graded.grading.count, 2);
      assert.equal(graded.grading.targetsMayBeTooLow, false);
      assert.equal(await app.getByTestId('grading-hint').count(), 0, 'no "targets too low" hint for grades of 0.7 and 0.4');

      // The history of the corrected Key Result tells the story.
      await keyResultRow(app, must(second, 'second').keyResult.title).getByTestId('history').click();
      const history = app.getByTestId('history-dialog');
      await visible(page, history.locator('[data-testid="history-change"][data-what="keyResult.grade-corrected"]').filter({ hasText: `Grade: ${SECOND_GRADE.first} → ${SECOND_GRADE.score}` }), 'the correction in the history');
      await visible(page, history.locator('[data-testid="history-change"][data-what="keyResult.graded"]').filter({ hasText: 'Graded the Key Result' }), 'the first grade in the history');
      await history.getByRole('button', { name: 'Close', exact: true }).click();
      await eventually(page, async () => (await history.count()) === 0, 'the history closed');

      assertNoCrash(page);
      await scrollToTop(page);
      await screenshot(page, 'sprint-review-a-page-light');

      await page.reload();
      const again = await openProjectPage(page);
      await visible(page, keyResultRow(again, must(first, 'first').keyResult.title).getByTestId('kr-grade').filter({ hasText: `Grade ${FIRST_GRADE.score}` }), 'the grade after a reload');
      assert.equal(await again.getByTestId('review-banner').count(), 0, 'no banner after a reload');
      assertNoCrash(page);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${await describePage(page)}`, { cause: error });
    } finally {
      await context.close();
    }
  });

  test('(b) the Scrum Master reads the grades and the review and cannot grade', { timeout: TEST_TIMEOUT_MS }, async () => {
    const sam = preview.userNamed(/Sam Okafor/);
    const [first, second] = linked.map((entry) => entry.keyResult);
    const { context, page } = await preview.newPage({ theme: 'dark' });
    try {
      const app = await openProjectPage(page);
      await page.getByTestId('user-switcher').selectOption(sam.accountId);
      await visible(page, app.getByTestId('read-only-note'), `the page as ${sam.displayName}, who may only read the OKRs`);
      await eventually(page, async () => (await app.getByTestId('loading').count()) === 0, 'the project page finished loading');
      await visible(page, keyResultRow(app, must(first, 'first').keyResult.title).getByTestId('kr-grade').filter({ hasText: `Grade ${FIRST_GRADE.score}` }), 'the first grade');
      await visible(page, keyResultRow(app, must(second, 'second').keyResult.title).getByTestId('grade-history').filter({ hasText: `${sprint.name}: ${SECOND_GRADE.score}` }), 'the second grade history');

      await app.getByTestId(`open-review-${sprint.id}`).click();
      const dialog = app.getByTestId('sprint-review');
      const firstCard = dialog.getByTestId(`review-kr-${must(first, 'first').keyResult.id}`);
      await visible(page, firstCard.getByTestId('current-grade').filter({ hasText: FIRST_GRADE.score }), 'the grade, read-only');
      await visible(page, firstCard.getByTestId('cannot-grade').filter({ hasText: `Only a Product Owner or the owner of “${must(first, 'first').objective.title}” can grade this Key Result` }), 'who may grade it');
      await visible(page, dialog.getByTestId(`review-kr-${must(second, 'second').keyResult.id}`).getByTestId('earlier-grade').filter({ hasText: SECOND_GRADE.first }), 'the earlier grade');
      for (const testId of ['save-grade', 'change-grade', 'grade-scale', 'grade-0.7', 'grade-legend']) {
        assert.equal(await dialog.getByTestId(testId).count(), 0, `no ${testId} for ${sam.displayName}`);
      }
      await eventually(page, async () => (await app.locator('html').getAttribute('data-color-mode')) === 'dark', 'the app is in the dark theme');
      await settled(dialog);
      await screenshot(page, 'sprint-review-b-read-only-dark', { viewport: true });
      await dialog.getByTestId('close-review').click();
      await eventually(page, async () => (await dialog.count()) === 0, 'the review closed');
      assertNoCrash(page);

      // The server decides, not the buttons.
      const refused = await preview.invokeAs<Envelope<unknown>>(sam.accountId, 'gradeKeyResult', { sprintId: sprint.id, keyResultId: must(first, 'first').keyResult.id, score: 1 });
      assert.equal(refused.ok, false, `a grade from ${sam.displayName} is refused: ${JSON.stringify(refused)}`);
      assert.equal(!refused.ok && refused.error.code, 'FORBIDDEN');
      const still = await overviewFor(sam.accountId);
      assert.equal(keyResultIn(still, must(first, 'first').keyResult.id).lastGrade, Number(FIRST_GRADE.score), 'the grade is unchanged');
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${await describePage(page)}`, { cause: error });
    } finally {
      await context.close();
    }
  });
});
