// The dashboard gadget (issue #16, point 6): a stakeholder's view of a project's OKRs on a Jira
// dashboard. The Product Owner adds it: it opens in its edit mode, she picks GYM and saves; the gadget
// then shows GYM's agreed Objectives with each Key Result's progress, status, forecast and grade, and
// "No check-in for N days" on those nobody has checked in on lately, as the server answers them, in
// both themes. A stakeholder sees the same; someone who may not browse GYM
// is told so; switching the gadget to last quarter shows last quarter.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import type { Envelope, GadgetData } from '../src/contract';
import { appFrame, assertNoCrash, describePage, eventually, screenshot, startPreview, TEST_TIMEOUT_MS, visible, type Preview, type Theme } from './support';

let preview: Preview;
let priya: string;
let sofia: string;
let oscar: string;

before(async () => {
  // The demo as `npm start` shows it: the last sprint's review graded, so Key Results have grades.
  preview = await startPreview({ demoStory: true });
  priya = preview.userNamed(/Priya/).accountId;
  sofia = preview.userNamed(/Sofia/).accountId;
  oscar = preview.userNamed(/Oscar/).accountId;
});

after(async () => {
  await preview?.close();
});

const STATUS_LABELS: Record<string, string> = { 'on-track': 'On track', behind: 'Behind', 'at-risk': 'At risk', done: 'Done', 'not-measurable': 'Not measurable' };

async function openDashboard(page: Page): Promise<FrameLocator> {
  assert.equal((await page.goto(`${preview.url}/jira/dashboards/10000`))?.status(), 200);
  await visible(page, page.getByTestId('gadget'), 'the Outcomes gadget on the dashboard');
  return appFrame(page);
}

/** What the server answers for GYM's gadget, as this user. */
async function gadgetData(accountId: string, payload: { projectKey: string; cycleId?: string }): Promise<GadgetData> {
  const answer = await preview.invokeAs<Envelope<GadgetData>>(accountId, 'getGadgetOkrs', payload);
  assert.ok(answer.ok, `getGadgetOkrs: ${JSON.stringify(answer)}`);
  return answer.data;
}

/** The gadget shows exactly the server's Objectives and, per Key Result, its status, forecast, grade and whether it is to check in. */
async function assertShows(page: Page, app: FrameLocator, data: GadgetData): Promise<void> {
  const okrs = app.getByTestId('gadget-okrs');
  await visible(page, okrs, 'the gadget’s OKRs');
  assert.equal(await okrs.getAttribute('data-project-key'), data.project.key);
  assert.equal(await okrs.getAttribute('data-cycle-id'), data.cycle.id);
  const objectives = app.getByTestId('gadget-objective');
  await eventually(page, async () => (await objectives.count()) === data.objectives.length, `${data.objectives.length} Objectives in the gadget`);
  for (const objective of data.objectives) {
    const item = app.locator(`[data-testid="gadget-objective"][data-objective-id="${objective.id}"]`);
    await visible(page, item.getByRole('heading', { name: objective.title }), `“${objective.title}”`);
    for (const keyResult of objective.keyResults) {
      const row = item.locator(`[data-testid="gadget-key-result"][data-key-result-id="${keyResult.id}"]`);
      await visible(page, row.getByText(keyResult.title, { exact: true }), `the Key Result “${keyResult.title}”`);
      assert.equal(await row.getByTestId('gadget-key-result-status').textContent(), STATUS_LABELS[keyResult.status], `${keyResult.title}: its status`);
      assert.equal(await row.getByTestId('gadget-key-result-forecast').count(), keyResult.forecast === null ? 0 : 1, `${keyResult.title}: a forecast only with one`);
      const grade = row.getByTestId('gadget-key-result-grade');
      if (keyResult.grade === null) assert.equal(await grade.count(), 0, `${keyResult.title}: no grade yet`);
      else assert.equal(await grade.textContent(), `Grade ${keyResult.grade.toFixed(1)}`);
      const nudge = row.getByTestId('gadget-key-result-stale');
      if (!keyResult.stale) assert.equal(await nudge.count(), 0, `${keyResult.title}: checked in lately, not marked`);
      else assert.equal(await nudge.textContent(), `No check-in for ${keyResult.daysWithoutCheckIn} days`, `${keyResult.title}: marked to check in`);
    }
  }
}

async function assertTheme(page: Page, app: FrameLocator, theme: Theme): Promise<void> {
  assert.equal(await page.locator('html').getAttribute('data-color-mode'), theme);
  await eventually(page, async () => (await app.locator('html').getAttribute('data-color-mode')) === theme, `the gadget is in the ${theme} theme`);
}

describe('the dashboard gadget', () => {
  test('the Product Owner adds it: the edit mode lists her projects, she picks GYM and saves, and it shows GYM’s OKRs (light theme)', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ theme: 'light', accountId: priya });
    try {
      const app = await openDashboard(page);
      // Not configured yet: Jira opens the gadget in its edit mode.
      await visible(page, app.getByTestId('gadget-edit'), 'the gadget’s edit mode');
      assert.equal(await page.getByTestId('gadget').getAttribute('data-mode'), 'edit');
      const input = app.locator('#gadget-project-input');
      await visible(page, input, 'the project field');
      // Atlaskit's Select opens its menu from the keyboard as well as with a click.
      await input.focus();
      await input.press('ArrowDown');
      for (const name of ['GymTonic Member App (GYM)', 'GymTonic Operations (OPS)']) {
        await visible(page, app.getByText(name, { exact: true }), `${name} among the projects she may browse`);
      }
      await app.getByText('GymTonic Member App (GYM)', { exact: true }).click();
      await visible(page, app.locator('#gadget-cycle-input'), 'the cycle field, once a project is chosen');
      await visible(page, app.getByTestId('gadget-cycle').getByText('The current quarter (moves on by itself)'), 'the current quarter by default');
      await screenshot(page, 'gadget-edit-light');
      await app.getByTestId('gadget-save').click();

      await eventually(page, async () => (await page.getByTestId('gadget').getAttribute('data-mode')) === 'view', 'the gadget shown once saved');
      const data = await gadgetData(priya, { projectKey: 'GYM' });
      assert.equal(data.objectives.length, 3, 'GYM’s three active Objectives (its draft is not an agreed one)');
      assert.ok(data.objectives.some((objective) => objective.keyResults.some((keyResult) => keyResult.grade !== null)), 'the demo’s graded review gives some Key Results a grade');
      // The demo's quiet Key Result: nobody has checked in on it for 16 days, once the quarter is that old.
      const quarterDays = Math.floor((Date.now() - Date.parse(`${data.cycle.startDate}T00:00:00.000Z`)) / 86_400_000);
      const quiet = data.objectives.flatMap((objective) => objective.keyResults).find((keyResult) => keyResult.title === 'Plan satisfaction (1–5)');
      if (quarterDays >= 17) assert.deepEqual({ stale: quiet?.stale, days: quiet?.daysWithoutCheckIn }, { stale: true, days: 16 }, 'the demo’s quiet Key Result is to check in');
      await assertShows(page, app, data);
      assert.equal(await app.getByText('Trainers’ time is easy to find and book').count(), 0, 'the draft Objective is left out');
      await assertTheme(page, app, 'light');
      await screenshot(page, 'gadget-light');
      assertNoCrash(page);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${await describePage(page)}`, { cause: error });
    } finally {
      await context.close();
    }
  });

  test('a stakeholder sees the same OKRs in the dark theme; someone who may not browse GYM is told so', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ theme: 'dark', accountId: sofia });
    try {
      const app = await openDashboard(page);
      await assertShows(page, app, await gadgetData(sofia, { projectKey: 'GYM' }));
      await assertTheme(page, app, 'dark');
      await screenshot(page, 'gadget-dark');
      assertNoCrash(page);
    } finally {
      await context.close();
    }
    const other = await preview.newPage({ theme: 'dark', accountId: oscar });
    try {
      const app = await openDashboard(other.page);
      const message = app.getByTestId('error-message');
      await visible(other.page, message, 'the refusal');
      assert.equal(await message.getAttribute('data-error-code'), 'FORBIDDEN');
      await visible(other.page, message.getByText(/Browse projects permission on GYM/), 'which permission he lacks');
      assert.equal(await app.getByTestId('gadget-objective').count(), 0, 'none of GYM’s OKRs');
      assertNoCrash(other.page);
    } finally {
      await other.context.close();
    }
  });

  test('the Product Owner switches it to last quarter', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ theme: 'light', accountId: priya });
    try {
      const app = await openDashboard(page);
      await visible(page, app.getByTestId('gadget-okrs'), 'the configured gadget');
      const current = await gadgetData(priya, { projectKey: 'GYM' });
      const previous = current.cycles[current.cycles.findIndex((cycle) => cycle.id === current.cycle.id) + 1];
      assert.ok(previous, 'a quarter before the current one');
      await page.getByTestId('gadget-edit').click();
      await visible(page, app.getByTestId('gadget-edit'), 'the edit mode again');
      await app.locator('#gadget-cycle-input').focus();
      await app.locator('#gadget-cycle-input').press('ArrowDown');
      await app.getByText(`${previous.name} · closed`, { exact: true }).click();
      await app.getByTestId('gadget-save').click();
      await eventually(page, async () => (await page.getByTestId('gadget').getAttribute('data-mode')) === 'view', 'the gadget shown once saved');
      const data = await gadgetData(priya, { projectKey: 'GYM', cycleId: previous.id });
      assert.ok(data.objectives.length > 0 && data.objectives.every((objective) => objective.status === 'done'), 'last quarter’s Objectives, done');
      await assertShows(page, app, data);
      assertNoCrash(page);
    } finally {
      await context.close();
    }
  });
});
