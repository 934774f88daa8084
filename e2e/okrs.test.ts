// Browser journeys through the OKR part of the project page, against the local preview with
// GymTonic's demo OKRs (the current quarter starts with 3 active Objectives: the team's limit).
// They run in order and build on each other: (a) creates the draft that (d) activates.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import type { Envelope, ProjectOverviewData } from '../src/contract';
import {
  appFrame,
  assertNoCrash,
  browserProblems,
  describePage,
  eventually,
  focused,
  objectiveCard,
  screenshot,
  settled,
  startPreview,
  TEST_TIMEOUT_MS,
  visible,
  type Preview,
} from './support';

const OBJECTIVE = 'Members stay with us past their first quarter';
const KEY_RESULTS = [
  { title: 'Members still active after 90 days', start: '55', target: '70', unit: '%' },
  { title: 'Sessions per member per week', start: '1.4', target: '2', unit: 'sessions' },
  { title: 'Member NPS', start: '31', target: '45', unit: 'points' },
] as const;
const CHECK_IN = { value: '61', confidence: '7', note: 'Onboarding calls started in week 2' };
const OVERRIDE_REASON = 'The retention drop after the price change needs the whole team this quarter.';

let preview: Preview;

before(async () => {
  preview = await startPreview();
});

after(async () => {
  await preview?.close();
});

async function overviewFor(accountId: string): Promise<ProjectOverviewData> {
  const answer = await preview.invokeAs<Envelope<ProjectOverviewData>>(accountId, 'getProjectOverview');
  assert.ok(answer.ok, `getProjectOverview failed: ${JSON.stringify(answer)}`);
  return answer.data;
}

/** Opens the project page and waits until the OKRs have loaded. */
async function openOkrs(page: Page): Promise<FrameLocator> {
  const response = await page.goto(`${preview.url}/`);
  assert.equal(response?.status(), 200);
  const app = appFrame(page);
  await visible(page, app.getByTestId('okr-section'), 'the OKR section of the project page');
  await visible(page, app.getByTestId('okr-limit'), 'the OKR-in-process gauge');
  await eventually(page, async () => (await app.getByTestId('loading').count()) === 0, 'the project page finished loading');
  return app;
}

function dialogNamed(app: FrameLocator, name: string | RegExp): Locator {
  return app.getByRole('dialog', { name });
}

/** Chooses an option of an Atlaskit Select by the select's label. */
async function choose(scope: Locator, label: string, option: string): Promise<void> {
  await scope.getByLabel(label).click();
  await scope.getByRole('option', { name: option, exact: true }).click();
}

async function waitClosed(page: Page, dialog: Locator, what: string): Promise<void> {
  await eventually(page, async () => (await dialog.count()) === 0, `the ${what} dialog closed`);
}

function assertNoFeatureGateNoise(page: Page): void {
  const noise = browserProblems(page).filter((problem) => /feature.?gate|checkGate|platform-feature-flags/i.test(problem));
  assert.deepEqual(noise, [], "Atlaskit's feature-flag warnings are silenced");
}

describe('OKRs on the project page', () => {
  test('(a) the Product Owner creates a draft Objective with three Key Results and checks in on one', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ theme: 'light' });
    try {
      const app = await openOkrs(page);
      await app.getByTestId('create-objective').first().click();

      const objectiveForm = dialogNamed(app, /New Objective/);
      await visible(page, objectiveForm, 'the new Objective dialog');
      await focused(page, objectiveForm.getByLabel('Title'), 'its Title');
      await objectiveForm.getByLabel('Title').fill(OBJECTIVE);
      // A new Objective starts as a draft, which does not count toward the limit.
      await visible(page, objectiveForm.getByText('Draft', { exact: true }), 'the Draft status chosen by default');
      await objectiveForm.getByTestId('save-objective').click();
      await waitClosed(page, objectiveForm, 'new Objective');

      const card = objectiveCard(app, OBJECTIVE);
      await visible(page, card, `the new Objective "${OBJECTIVE}"`);
      await visible(page, card.getByTestId('objective-status').filter({ hasText: /draft/i }), 'its Draft lozenge');
      await visible(page, card.getByTestId('objective-lint').filter({ hasText: /no Key Results yet/ }), 'the quality hint that it has no Key Results');

      for (const [index, keyResult] of KEY_RESULTS.entries()) {
        await card.getByTestId('add-key-result').click();
        const form = dialogNamed(app, 'New Key Result');
        await visible(page, form, 'the new Key Result dialog');
        await focused(page, form.getByLabel('Title'), 'its Title');
        if (index === 0) {
          // The quality rules run as the person types: a task is not a Key Result.
          await form.getByLabel('Title').fill('Launch the referral programme');
          await visible(page, form.locator('[data-rule="output-not-outcome"]'), 'the live "reads like a task" hint');
          await settled(form);
          await screenshot(page, 'okrs-a-live-quality-hint', { viewport: true });
        }
        await form.getByLabel('Title').fill(keyResult.title);
        if (index === 0) {
          await eventually(page, async () => (await form.locator('[data-rule="output-not-outcome"]').count()) === 0, 'the task hint went away');
        }
        await form.getByLabel('Start').fill(keyResult.start);
        await form.getByLabel('Target').fill(keyResult.target);
        await form.getByLabel('Unit').fill(keyResult.unit);
        await form.getByTestId('save-key-result').click();
        await waitClosed(page, form, 'new Key Result');
        await visible(page, card.getByTestId('key-result').filter({ hasText: keyResult.title }), `the Key Result "${keyResult.title}"`);
      }
      await eventually(page, async () => (await card.getByTestId('key-result').count()) === 3, 'the Objective shows three Key Results');
      await eventually(page, async () => (await card.getByTestId('objective-lint').count()) === 0, 'the "no Key Results" hint is gone');

      const first = card.getByTestId('key-result').filter({ hasText: KEY_RESULTS[0].title });
      await visible(page, first.getByTestId('key-result-values').filter({ hasText: '55% → 70%, now 55%' }), 'start → target, current');
      await visible(page, first.getByTestId('expected-marker'), 'the expected-progress marker on the bar');
      // Written today: nothing is expected of it yet, so it is not at risk, whatever share of the cycle has passed.
      await visible(page, first.getByText('expected 0% by today'), 'expected 0% on the day it was written');
      await visible(page, first.getByTestId('key-result-status').filter({ hasText: 'On track' }), 'its On track status');
      await first.getByTestId('check-in').click();
      const checkIn = dialogNamed(app, 'Check in');
      await visible(page, checkIn, 'the check-in dialog');
      await focused(page, checkIn.getByLabel('Value'), 'its Value');
      await checkIn.getByLabel('Value').fill(CHECK_IN.value);
      await checkIn.getByLabel('Confidence').fill(CHECK_IN.confidence);
      await checkIn.getByLabel('Note').fill(CHECK_IN.note);
      await checkIn.getByTestId('save-check-in').click();
      await waitClosed(page, checkIn, 'check-in');

      await visible(page, first.getByTestId('key-result-values').filter({ hasText: 'now 61%' }), 'the new current value');
      await visible(page, first.getByTestId('key-result-confidence').filter({ hasText: '7/10' }), 'the confidence 7/10');
      // The next check-in starts from the confidence given last.
      await first.getByTestId('check-in').click();
      const again = dialogNamed(app, 'Check in');
      await visible(page, again, 'the check-in dialog again');
      assert.equal(await again.getByLabel('Confidence').inputValue(), CHECK_IN.confidence, 'the confidence given last');
      await again.getByRole('button', { name: 'Cancel', exact: true }).click();
      await waitClosed(page, again, 'second check-in');
      await visible(
        page,
        first.getByTestId('key-result-last-check-in').filter({ hasText: 'Priya Natarajan' }).filter({ hasText: CHECK_IN.note }),
        'the last check-in with who and the note',
      );

      // The history of the Key Result tells who checked in, and the check-in's value.
      await first.getByTestId('history').click();
      const history = dialogNamed(app, /History of/);
      await visible(page, history.getByTestId('history-change').filter({ hasText: `Checked in on “${KEY_RESULTS[0].title}”` }), 'the check-in, naming its Key Result');
      await visible(page, history.getByTestId('history-change').filter({ hasText: `Added the Key Result “${KEY_RESULTS[0].title}”` }), 'the creation, naming its Key Result');
      await settled(history);
      await screenshot(page, 'okrs-a-history', { viewport: true });
      await history.getByRole('button', { name: 'Close', exact: true }).click();
      await waitClosed(page, history, 'history');

      assertNoCrash(page);
      assertNoFeatureGateNoise(page);
      await screenshot(page, 'okrs-a-created-draft');
    } finally {
      await context.close();
    }
  });

  test('(b) the Scrum Master sees the team at its OKR-in-process limit', { timeout: TEST_TIMEOUT_MS }, async () => {
    const sam = preview.userNamed(/Sam Okafor/);
    const { context, page } = await preview.newPage({ theme: 'light', accountId: sam.accountId });
    try {
      const app = await openOkrs(page);
      const gauge = app.getByTestId('okr-limit');
      await visible(page, gauge.filter({ hasText: "3 of 3 OKRs in process — at the team's limit" }), 'the gauge at the limit');
      assert.equal(await gauge.getAttribute('data-level'), 'at');
      await visible(page, objectiveCard(app, OBJECTIVE), 'the draft Objective the Product Owner created');

      // A Scrum Master who owns an Objective checks in on its Key Results, and only on those.
      const overview = await overviewFor(sam.accountId);
      assert.equal(overview.access.canEdit, false, 'a Scrum Master does not write OKRs');
      for (const objective of overview.objectives) {
        const checkIns = objectiveCard(app, objective.title).getByTestId('check-in');
        const owned = objective.ownerAccountId === sam.accountId;
        if (owned) assert.equal(await checkIns.count(), objective.keyResults.length, `check-in on every Key Result of "${objective.title}", which Sam owns`);
        else assert.equal(await checkIns.count(), 0, `no check-in on "${objective.title}", which Sam does not own`);
      }
      assert.equal(await app.getByTestId('create-objective').count(), 0, 'no create button for a Scrum Master');
      assertNoCrash(page);
      await screenshot(page, 'okrs-b-scrum-master-at-limit');
    } finally {
      await context.close();
    }
  });

  test('(c) a stakeholder reads every Objective but gets no controls to change them', { timeout: TEST_TIMEOUT_MS }, async () => {
    const sofia = preview.userNamed(/Sofia Rossi/);
    const overview = await overviewFor(sofia.accountId);
    assert.equal(overview.access.canEdit, false, 'a stakeholder may not edit');
    const { context, page } = await preview.newPage({ theme: 'dark', accountId: sofia.accountId });
    try {
      const app = await openOkrs(page);
      await eventually(
        page,
        async () => (await app.getByTestId('objective').count()) === overview.objectives.length,
        `all ${overview.objectives.length} Objectives are shown`,
      );
      for (const objective of overview.objectives) {
        await visible(page, objectiveCard(app, objective.title), `the Objective "${objective.title}"`);
      }
      await visible(
        page,
        app.getByTestId('read-only-note').filter({ hasText: 'Only Priya Natarajan (Product Owner) or a project admin can change these OKRs.' }),
        'the read-only note naming the Product Owner',
      );
      for (const control of ['create-objective', 'add-key-result', 'check-in', 'edit-objective', 'edit-key-result', 'delete-objective', 'delete-key-result']) {
        assert.equal(await app.getByTestId(control).count(), 0, `no "${control}" control for a stakeholder\n${await describePage(page)}`);
      }
      // Reading the history is open to everyone who may read the OKRs.
      assert.ok((await app.getByTestId('history').count()) > 0, 'history stays readable');
      assertNoCrash(page);
      await screenshot(page, 'okrs-c-stakeholder-read-only-dark');
    } finally {
      await context.close();
    }
  });

  test('(d) making the draft active at the limit asks for a reason, and the override is shown', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ theme: 'light' });
    try {
      const app = await openOkrs(page);
      const card = objectiveCard(app, OBJECTIVE);
      await visible(page, card, 'the draft Objective');
      await card.getByTestId('edit-objective').click();
      const form = dialogNamed(app, 'Edit Objective');
      await visible(page, form, 'the edit Objective dialog');
      await choose(form, 'Status', 'Active');
      await form.getByLabel('Reason for the change').fill(OVERRIDE_REASON);
      await form.getByTestId('save-objective').click();

      const override = dialogNamed(app, 'Go past the OKR limit?');
      await visible(page, override, 'the limit override dialog');
      await focused(page, override.getByLabel('Reason'), 'its Reason');
      // One reason: the one written in the form is offered, not asked for again.
      assert.equal(await override.getByLabel('Reason').inputValue(), OVERRIDE_REASON, 'the reason given in the form');
      await override.getByLabel('Reason').fill('');
      await visible(page, override.getByText(/3 of 3/), "the server's explanation of the limit");
      await settled(override);
      await screenshot(page, 'okrs-d-override-dialog', { viewport: true });
      // No reason, no override.
      await override.getByTestId('confirm-override').click();
      await visible(page, override.getByText('Write why the team takes on one more.'), 'the missing-reason message');
      await override.getByLabel('Reason').fill(OVERRIDE_REASON);
      await override.getByTestId('confirm-override').click();
      await waitClosed(page, override, 'override');
      await waitClosed(page, form, 'edit Objective');

      await visible(page, card.getByTestId('objective-status').filter({ hasText: /active/i }), 'the Objective is active');
      const gauge = app.getByTestId('okr-limit');
      await visible(page, gauge.filter({ hasText: '4 of 3 OKRs in process' }), 'the gauge past the limit');
      assert.equal(await gauge.getAttribute('data-level'), 'over');
      await visible(
        page,
        gauge.getByTestId('okr-limit-override').filter({ hasText: 'Priya Natarajan' }).filter({ hasText: OVERRIDE_REASON }),
        'the recorded override with who and why',
      );

      await card.getByTestId('history').first().click();
      const history = dialogNamed(app, /History of/);
      await visible(
        page,
        history.getByTestId('history-change').filter({ hasText: 'past the OKR limit' }).filter({ hasText: OVERRIDE_REASON }),
        'the override in the Objective history',
      );
      await history.getByRole('button', { name: 'Close', exact: true }).click();
      await waitClosed(page, history, 'history');

      assertNoCrash(page);
      await screenshot(page, 'okrs-d-override-recorded');
    } finally {
      await context.close();
    }
  });

  test('(f) a refused save says why where the person can act: on the field, or as a conflict to reload; deleting asks first', { timeout: TEST_TIMEOUT_MS }, async () => {
    const overview = await overviewFor(preview.defaultAccountId);
    const objective = overview.objectives.find((candidate) => candidate.title === OBJECTIVE);
    assert.ok(objective, `the Objective "${OBJECTIVE}" from (a)`);
    const nps = objective.keyResults.find((keyResult) => keyResult.title === KEY_RESULTS[2].title);
    assert.ok(nps, `the Key Result "${KEY_RESULTS[2].title}" from (a)`);

    const { context, page } = await preview.newPage({ theme: 'light' });
    try {
      const app = await openOkrs(page);
      const row = () => objectiveCard(app, OBJECTIVE).getByTestId('key-result').filter({ hasText: KEY_RESULTS[2].title });

      // VALIDATION: the server's message goes under the field its dotted path names.
      await page.route('**/api/invoke', async (route) => {
        const body = route.request().postDataJSON() as { functionKey?: string };
        if (body.functionKey !== 'saveKeyResult') return route.continue();
        await route.fulfill({
          contentType: 'application/json',
          body: JSON.stringify({
            result: { ok: false, error: { code: 'VALIDATION', message: 'Target must differ from the start.', field: 'keyResult.metric.target' } },
          }),
        });
      });
      await row().getByTestId('edit-key-result').click();
      let form = dialogNamed(app, 'Edit Key Result');
      await visible(page, form, 'the edit Key Result dialog');
      await form.getByTestId('save-key-result').click();
      await visible(page, form.getByText('Target must differ from the start.'), 'the server message under the Target field');
      await page.unroute('**/api/invoke');
      await form.getByRole('button', { name: 'Cancel' }).click();
      await waitClosed(page, form, 'edit Key Result');

      // CONFLICT: someone else saves while the form is open; the form offers to reload.
      await row().getByTestId('edit-key-result').click();
      form = dialogNamed(app, 'Edit Key Result');
      await visible(page, form, 'the edit Key Result dialog again');
      const renamed = 'Member NPS among active members';
      const theirs = await preview.invokeAs<Envelope<unknown>>(preview.defaultAccountId, 'saveKeyResult', {
        keyResult: { id: nps.id, objectiveId: objective.id, title: renamed, metric: nps.metric },
        expectedVersion: nps.version,
        reason: 'Only active members answer the survey',
      });
      assert.ok(theirs.ok, `the concurrent save: ${JSON.stringify(theirs)}`);
      await form.getByLabel('Target').fill('50');
      await form.getByTestId('save-key-result').click();
      await visible(page, form.getByTestId('save-conflict'), 'the "someone else changed it" message');
      await settled(form);
      await screenshot(page, 'okrs-f-conflict', { viewport: true });
      await form.getByTestId('reload-after-conflict').click();
      await waitClosed(page, form, 'conflicted edit');
      const renamedRow = objectiveCard(app, OBJECTIVE).getByTestId('key-result').filter({ hasText: renamed });
      await visible(page, renamedRow, 'the other person\'s change after reloading');
      await visible(page, renamedRow.getByTestId('key-result-values').filter({ hasText: '31 points → 45 points' }), 'their values, not the lost edit');

      // Delete, after a confirmation.
      await renamedRow.getByTestId('delete-key-result').click();
      const confirm = dialogNamed(app, 'Delete this Key Result?');
      await visible(page, confirm, 'the delete confirmation');
      await confirm.getByTestId('confirm-delete').click();
      await waitClosed(page, confirm, 'delete confirmation');
      await eventually(page, async () => (await objectiveCard(app, OBJECTIVE).getByTestId('key-result').count()) === 2, 'the Key Result is gone');
      assertNoCrash(page);
    } finally {
      await context.close();
    }
  });

  test('(e) switching the cycle shows that cycle, and an empty one says so', { timeout: TEST_TIMEOUT_MS }, async () => {
    const overview = await overviewFor(preview.defaultAccountId);
    const other = overview.cycles.find((cycle) => cycle.id !== overview.cycle.id && cycle.startDate > overview.cycle.endDate);
    assert.ok(other, `a cycle after ${overview.cycle.id} to switch to: ${overview.cycles.map((cycle) => cycle.id).join(', ')}`);
    const { context, page } = await preview.newPage({ theme: 'light' });
    try {
      const app = await openOkrs(page);
      await app.getByTestId('cycle-switcher').click();
      await app.getByRole('option', { name: new RegExp(`^${other.name}`) }).click();
      await visible(page, app.getByTestId('no-objectives').filter({ hasText: `No OKRs for ${other.name} yet` }), `the empty state of ${other.name}`);
      await visible(page, app.getByTestId('create-objective'), 'the create button for the Product Owner');
      await visible(page, app.getByTestId('okr-limit').filter({ hasText: `0 of ${overview.okrLimit.limit} OKRs in process` }), 'an empty gauge');
      assertNoCrash(page);
      await screenshot(page, 'okrs-e-empty-cycle');
    } finally {
      await context.close();
    }
  });
});
