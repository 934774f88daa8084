// Titles and notes are text, never markup (issue #8): an Objective and a Key Result whose titles hold
// HTML and script, and a check-in note with an iframe, show on the project page and in the issue panel
// exactly as typed; no element they describe exists, and no script they carry ran.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import type { Envelope, IssuePanelData, KeyResultView, Objective, ProjectOverviewData } from '../src/contract';
import { appFrame, assertNoCrash, describePage, eventually, screenshot, startPreview, TEST_TIMEOUT_MS, visible, type Preview } from './support';

const OBJECTIVE_TITLE = '<img src=x onerror="window.__pwned=1">Grow <b>retention</b>';
const KEY_RESULT_TITLE = '<script>window.__pwned=2</script>Members who renew <i>early</i>';
const NOTE = '<iframe src="javascript:window.top.__pwned=3"></iframe> & <u>underlined</u>';
/** A story of GYM to link the Key Result to, so the issue panel shows it too. */
const ISSUE_KEY = 'GYM-3';

let preview: Preview;
let priya: string;

before(async () => {
  preview = await startPreview();
  priya = preview.userNamed(/Priya/).accountId;
  const call = async <T>(key: string, payload: unknown) => {
    const answer = await preview.invokeAs<Envelope<T>>(priya, key, payload);
    assert.ok(answer.ok, `${key}: ${JSON.stringify(answer)}`);
    return answer.data;
  };
  const { cycle } = await call<ProjectOverviewData>('getProjectOverview', {});
  // Active, as work links only to agreed Objectives; past the team's OKR-in-process limit, with a reason.
  const objective = await call<Objective>('saveObjective', { objective: { cycleId: cycle.id, title: OBJECTIVE_TITLE, status: 'active' }, overrideLimitReason: 'Markup in titles is tried on a live Objective' });
  const keyResult = await call<KeyResultView>('saveKeyResult', {
    keyResult: { objectiveId: objective.id, title: KEY_RESULT_TITLE, metric: { direction: 'increase', start: 40, target: 60, current: 40, unit: '%' } },
  });
  await call<KeyResultView>('checkIn', { keyResultId: keyResult.id, value: 44, confidence: 6, note: NOTE });
  const linked = await preview.invokeOnIssue<Envelope<IssuePanelData>>(priya, ISSUE_KEY, 'linkIssue', { keyResultId: keyResult.id });
  assert.ok(linked.ok, `linkIssue: ${JSON.stringify(linked)}`);
});

after(async () => {
  await preview?.close();
});

/** The frame the app runs in (the host page embeds it), to read its globals. */
async function appWindow(page: Page): Promise<Frame> {
  const handle = await page.locator('iframe[title="Outcomes"]').first().elementHandle();
  const frame = await handle?.contentFrame();
  assert.ok(frame, `the app frame\n${await describePage(page)}`);
  return frame;
}

async function assertNothingRan(page: Page): Promise<void> {
  // Strings, as the e2e tsconfig has no DOM types: they run in the page.
  assert.equal(await (await appWindow(page)).evaluate('typeof window.__pwned'), 'undefined', 'a script from a title ran in the app frame');
  assert.equal(await page.evaluate('typeof window.__pwned'), 'undefined', 'a script from a title ran in the host page');
}

describe('markup in titles and notes', () => {
  test('shows as the literal text on the project page, and nothing it describes exists', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ accountId: priya });
    try {
      assert.equal((await page.goto(`${preview.url}/`))?.status(), 200);
      const app = appFrame(page);
      const card = app.getByTestId('objective').filter({ hasText: 'Grow <b>retention</b>' });
      await visible(page, card, 'the Objective whose title holds markup');
      await visible(page, card.getByText(OBJECTIVE_TITLE, { exact: true }), 'its title as typed, tags and all');
      const keyResult = card.getByTestId('key-result');
      await visible(page, keyResult.getByText(KEY_RESULT_TITLE, { exact: true }), 'the Key Result title as typed, script tag and all');
      await visible(page, keyResult.getByTestId('key-result-last-check-in').filter({ hasText: NOTE }), 'the check-in note as typed');

      for (const selector of ['img[src="x"]', 'img[onerror]', 'b', 'i', 'u', 'script', 'iframe']) {
        assert.equal(await card.locator(selector).count(), 0, `the card holds a ${selector} element made from a title or note`);
      }
      await assertNothingRan(page);
      await screenshot(page, 'markup-project-page');
      assertNoCrash(page);
    } finally {
      await context.close();
    }
  });

  test('shows as the literal text in the issue panel', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ accountId: priya });
    try {
      assert.equal((await page.goto(`${preview.url}/browse/${ISSUE_KEY}`))?.status(), 200);
      const app = appFrame(page);
      await visible(page, app.getByText(KEY_RESULT_TITLE, { exact: true }), 'the linked Key Result’s title as typed');
      await eventually(page, async () => (await app.getByText(OBJECTIVE_TITLE).count()) > 0, 'the Objective’s title shows as typed');
      for (const selector of ['img[src="x"]', 'script', 'iframe', 'b', 'i']) {
        assert.equal(await app.locator(`body ${selector}`).count(), 0, `the panel holds a ${selector} element made from a title`);
      }
      await assertNothingRan(page);
      await screenshot(page, 'markup-issue-panel');
      assertNoCrash(page);
    } finally {
      await context.close();
    }
  });
});
