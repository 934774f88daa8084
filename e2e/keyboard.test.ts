// Browser journeys through the keyboard and the dialogs, and the page's summary, against the local
// preview with GymTonic's demo OKRs: the Key Result picker used by keyboard alone; Esc closing a menu
// but not the form (and asking before it drops typing); the tie dialog readable whole; Jira's flags
// leaving the page's last rows visible; the summary at the top and Objectives that stay folded; a long
// Key Result chosen in the tie dialog read whole in its tag.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import type { DataOf, Envelope, IssuePanelData, ProjectOverviewData } from '../src/contract';
import { appFrame, assertNoCrash, describePage, eventually, focused, openProjectPage, screenshot, settled, startPreview, TEST_TIMEOUT_MS, visible, type Preview } from './support';

interface DemoIssue {
  key: string;
  issueType: string;
}

/** Long enough to wrap in a dialog of medium width: it must read whole, not end in an ellipsis. */
const LONG_TITLE = 'Members who booked a personal trainer session in their first two weeks come back for a second session within thirty days';

let preview: Preview;
let story: string;

async function overviewFor(accountId: string): Promise<ProjectOverviewData> {
  const answer = await preview.invokeAs<Envelope<ProjectOverviewData>>(accountId, 'getProjectOverview');
  assert.ok(answer.ok, `getProjectOverview failed: ${JSON.stringify(answer)}`);
  return answer.data;
}

before(async () => {
  preview = await startPreview();
  const diego = preview.userNamed(/Diego Alvarez/);
  const issues = ((await (await fetch(`${preview.url}/api/issues`)).json()) as { issues: DemoIssue[] }).issues;
  for (const issue of issues.filter((candidate) => candidate.issueType === 'Story')) {
    const panel = await preview.invokeOnIssue<Envelope<IssuePanelData>>(diego.accountId, issue.key, 'getIssuePanel');
    if (panel.ok && panel.data.canLink && panel.data.links.length === 0) {
      story = issue.key;
      break;
    }
  }
  assert.ok(story, 'a GymTonic story Diego may link, linked to nothing yet');
  // A Key Result with a long name on an active Objective, for the tie dialog.
  const active = (await overviewFor(preview.defaultAccountId)).objectives.find((objective) => objective.status === 'active');
  assert.ok(active, 'an active Objective in the current cycle');
  const saved = await preview.invokeAs<Envelope<DataOf<'saveKeyResult'>>>(preview.defaultAccountId, 'saveKeyResult', {
    keyResult: { objectiveId: active.id, title: LONG_TITLE, metric: { direction: 'increase', start: 10, target: 30, current: 12, unit: '%' } },
  });
  assert.ok(saved.ok, `saveKeyResult: ${JSON.stringify(saved)}`);
});

after(async () => {
  await preview?.close();
});

async function openIssuePanel(page: Page, issueKey: string): Promise<FrameLocator> {
  const response = await page.goto(`${preview.url}/browse/${issueKey}`);
  assert.equal(response?.status(), 200);
  const panel = appFrame(page);
  await visible(page, panel.getByTestId('issue-header').filter({ hasText: issueKey }), `the issue panel of ${issueKey}`);
  await eventually(page, async () => (await panel.getByTestId('loading').count()) === 0, 'the issue panel finished loading');
  return panel;
}

/** The test id and title of the element that has the focus in the frame. */
async function focusIn(panel: FrameLocator): Promise<string> {
  return panel.locator('body').evaluate((body) => {
    const active = (body as unknown as { ownerDocument: { activeElement: { getAttribute(name: string): string | null } | null } }).ownerDocument.activeElement;
    return `${active?.getAttribute('data-testid') ?? ''}|${active?.getAttribute('data-key-result-title') ?? ''}`;
  });
}

/** The element's box in the top page's viewport (Playwright gives a frame's boxes in the page's coordinates). */
async function box(locator: Locator, what: string) {
  const found = await locator.boundingBox();
  assert.ok(found, `${what} has a box on the page`);
  return found;
}


/** Opens the first Sprint Goal's tie dialog and waits until its Key Results field has the focus. */
async function openTieDialog(page: Page, app: FrameLocator): Promise<{ dialog: Locator; combobox: Locator }> {
  await app.getByTestId('tie-sprint-goal').first().click();
  const dialog = app.getByTestId('tie-sprint-goal-dialog');
  await visible(page, dialog, 'the tie dialog');
  await settled(dialog);
  const combobox = dialog.getByRole('combobox', { name: 'Key Results' });
  await focused(page, combobox, 'its Key Results');
  return { dialog, combobox };
}
describe('Keyboard and dialogs', () => {
  test('(a) a developer links an issue with the keyboard alone: arrows, Enter, and Tab reaching the results before Cancel', { timeout: TEST_TIMEOUT_MS }, async () => {
    const diego = preview.userNamed(/Diego Alvarez/);
    const { context, page } = await preview.newPage({ theme: 'light', accountId: diego.accountId });
    try {
      const panel = await openIssuePanel(page, story);
      await panel.getByTestId('link-picker-open').focus();
      await page.keyboard.press('Enter');
      const search = panel.getByTestId('link-search');
      await focused(page, search, 'the search box');
      await visible(page, panel.getByTestId('link-result').first(), 'the Key Results of the cycle');
      const titles = await panel.getByTestId('link-result').evaluateAll((results) => results.map((result) => result.getAttribute('data-key-result-title') ?? ''));
      assert.ok(titles.length >= 2, 'at least two Key Results to move between');

      // Tab goes from the search to the first result, not to Cancel.
      await page.keyboard.press('Tab');
      assert.equal(await focusIn(panel), `link-result|${titles[0]}`, 'Tab from the search reaches the first result');
      await page.keyboard.press('Shift+Tab');
      await focused(page, search, 'the search box again');

      // ↓ into the results, ↓ to the next, ↑ back, ↑ again to the search; End to the last.
      await page.keyboard.press('ArrowDown');
      assert.equal(await focusIn(panel), `link-result|${titles[0]}`);
      await page.keyboard.press('ArrowDown');
      assert.equal(await focusIn(panel), `link-result|${titles[1]}`);
      await page.keyboard.press('ArrowUp');
      assert.equal(await focusIn(panel), `link-result|${titles[0]}`);
      await page.keyboard.press('End');
      assert.equal(await focusIn(panel), `link-result|${titles.at(-1)}`);
      await page.keyboard.press('Home');
      await page.keyboard.press('ArrowUp');
      await focused(page, search, 'the search box, from the first result');
      // Cancel comes after every result in the Tab order.
      const order = await panel
        .getByTestId('link-picker')
        .locator('input, button:not([disabled])')
        .evaluateAll((elements) => elements.map((element) => element.getAttribute('data-testid')));
      assert.equal(order.at(-1), 'link-picker-close', 'Cancel is last in the Tab order');

      // Esc closes the picker; Enter opens it again, ↓ and Enter link the second result.
      await page.keyboard.press('Escape');
      await eventually(page, async () => (await panel.getByTestId('link-picker').count()) === 0, 'Esc closed the picker');
      await focused(page, panel.getByTestId('link-picker-open'), 'the button that opened it');
      await page.keyboard.press('Enter');
      await focused(page, search, 'the search box');
      await visible(page, panel.getByTestId('link-result').first(), 'the results again');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await screenshot(page, 'keyboard-a-picker-light');
      await page.keyboard.press('Enter');
      await visible(page, panel.locator(`[data-testid="issue-link"][data-key-result-title="${titles[1]}"]`), `the link to "${titles[1]}"`);
      assertNoCrash(page);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${await describePage(page)}`, { cause: error });
    } finally {
      await context.close();
    }
  });

  test('(b) Esc closes a menu and leaves the form; with something typed, Esc asks before discarding it', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ theme: 'dark' });
    try {
      const app = await openProjectPage(page, preview);
      await app.getByTestId('create-objective').first().click();
      const dialog = app.getByRole('dialog');
      await visible(page, dialog, 'the Objective form');
      await settled(dialog);

      // The Status menu opens and Esc closes only the menu.
      const status = dialog.getByRole('combobox', { name: 'Status' });
      await status.focus();
      await page.keyboard.press('ArrowDown');
      await eventually(page, async () => (await status.getAttribute('aria-expanded')) === 'true', 'the Status menu opened');
      await page.keyboard.press('Escape');
      await eventually(page, async () => (await status.getAttribute('aria-expanded')) === 'false', 'Esc closed the Status menu');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(await dialog.count(), 1, 'the form is still open');
      assert.equal(await dialog.getByTestId('discard-question').count(), 0, 'nothing typed: nothing to ask');

      // Typing, then Esc: the form asks, and keeps what was typed.
      const title = dialog.getByLabel('Title');
      await title.fill('Members feel at home in every club');
      await page.keyboard.press('Escape');
      await visible(page, dialog.getByTestId('discard-question'), 'the question whether to discard the typing');
      await focused(page, dialog.getByTestId('keep-editing'), 'Keep editing');
      await screenshot(page, 'keyboard-b-discard-question-dark', { viewport: true });
      await page.keyboard.press('Enter');
      await eventually(page, async () => (await dialog.getByTestId('discard-question').count()) === 0, 'the question went away');
      assert.equal(await title.inputValue(), 'Members feel at home in every club', 'the typing is kept');

      // Asked again, Discard closes the form and nothing is saved.
      await page.keyboard.press('Escape');
      await dialog.getByTestId('discard-changes').click();
      await eventually(page, async () => (await dialog.count()) === 0, 'the form closed');
      const titles = (await overviewFor(preview.defaultAccountId)).objectives.map((objective) => objective.title);
      assert.ok(!titles.includes('Members feel at home in every club'), 'nothing was saved');
      assertNoCrash(page);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${await describePage(page)}`, { cause: error });
    } finally {
      await context.close();
    }
  });

  test('(c) the tie dialog shows its whole menu inside the window, with long names wrapped, not cut', { timeout: TEST_TIMEOUT_MS }, async () => {
    for (const theme of ['light', 'dark'] as const) {
      const { context, page } = await preview.newPage({ theme });
      try {
        const app = await openProjectPage(page, preview);
        const { dialog, combobox } = await openTieDialog(page, app);
        await page.keyboard.press('ArrowDown');
        const menu = app.getByRole('listbox');
        await visible(page, menu, 'the menu of Key Results');
        const option = app.getByRole('option', { name: LONG_TITLE, exact: true });
        await option.scrollIntoViewIfNeeded();
        await visible(page, option, 'the Key Result with the long name');

        const viewport = page.viewportSize();
        assert.ok(viewport, 'the window has a size');
        const menuBox = await box(menu, 'the menu');
        assert.ok(menuBox.y >= 0 && menuBox.y + menuBox.height <= viewport.height + 1, `the menu (${JSON.stringify(menuBox)}) lies inside the window (${viewport.height}px tall)`);
        assert.ok(menuBox.x >= 0 && menuBox.x + menuBox.width <= viewport.width + 1, 'the menu lies inside the window across');
        // Not cut by the dialog: the menu's middle is the menu itself, not the dialog's content over it.
        const onTop = await menu.evaluate((element) => {
          interface Node {
            contains(other: unknown): boolean;
            getBoundingClientRect(): { left: number; top: number; width: number; height: number };
            ownerDocument: { elementFromPoint(x: number, y: number): unknown };
          }
          const node = element as unknown as Node;
          const rect = node.getBoundingClientRect();
          return node.contains(node.ownerDocument.elementFromPoint(rect.left + rect.width / 2, rect.top + Math.min(rect.height / 2, 20)));
        });
        assert.equal(onTop, true, 'the menu is drawn over the dialog, not under it');
        // Every option's text shows whole: nothing overflows its box, and the long name takes more than one line.
        const clipped = await menu.getByRole('option').evaluateAll((options) =>
          options.filter((element) => element.scrollWidth > element.clientWidth + 1).map((element) => element.textContent),
        );
        assert.deepEqual(clipped, [], 'no option is cut off');
        const optionBox = await box(option, 'the long option');
        assert.ok(optionBox.height > 30, `the long name wraps onto more lines (${optionBox.height}px tall)`);
        assert.ok(optionBox.x + optionBox.width <= viewport.width + 1, 'the long option lies inside the window');
        await screenshot(page, `keyboard-c-tie-menu-${theme}`, { viewport: true });

        // Esc closes the menu, not the dialog.
        await page.keyboard.press('Escape');
        await eventually(page, async () => (await combobox.getAttribute('aria-expanded')) === 'false', 'Esc closed the menu');
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.equal(await dialog.count(), 1, 'the tie dialog is still open');
        assertNoCrash(page);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${await describePage(page)}`, { cause: error });
      } finally {
        await context.close();
      }
    }
  });

  test("(d) Jira's flags leave the page's last rows in view", { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ theme: 'light' });
    try {
      const app = await openProjectPage(page, preview);
      // Saving the tie as it is shows a flag.
      await app.getByTestId('tie-sprint-goal').first().click();
      const dialog = app.getByTestId('tie-sprint-goal-dialog');
      await visible(page, dialog, 'the tie dialog');
      await dialog.getByTestId('save-sprint-key-results').click();
      const flag = page.getByTestId('flag').first();
      await visible(page, flag, 'a flag');
      await eventually(page, async () => (await dialog.count()) === 0, 'the dialog closed');
      await eventually(page, async () => (await app.getByTestId('loading').count()) === 0, 'the page refreshed');
      // Scrolled to the very end of the page, the last of its content ends above the flag.
      await app.getByTestId('flag-clearance').scrollIntoViewIfNeeded();
      const content = app.locator('main > div').first();
      const contentBox = await box(content, "the page's content");
      const flagBox = await box(flag, 'the flag');
      const bottom = contentBox.y + contentBox.height;
      assert.ok(bottom <= flagBox.y + 1, `the page's last row (ending at ${Math.round(bottom)}px) is above the flag (from ${Math.round(flagBox.y)}px)`);
      await screenshot(page, 'keyboard-d-flag-light', { viewport: true });
      assertNoCrash(page);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${await describePage(page)}`, { cause: error });
    } finally {
      await context.close();
    }
  });

  test('(e) a stakeholder reads the summary at the top, folds an Objective, and finds it folded after a reload', { timeout: TEST_TIMEOUT_MS }, async () => {
    const sofia = preview.userNamed(/Sofia Rossi/);
    const objectives = (await overviewFor(sofia.accountId)).objectives;
    for (const theme of ['light', 'dark'] as const) {
      const { context, page } = await preview.newPage({ theme, accountId: sofia.accountId });
      try {
        const app = await openProjectPage(page, preview);
        const summary = app.getByTestId('okr-summary');
        await visible(page, summary, 'the summary of the cycle');
        assert.equal(await summary.getByTestId('okr-summary-row').count(), objectives.length, 'a line per Objective');
        const first = objectives[0];
        assert.ok(first, 'an Objective');
        const row = summary.locator(`[data-testid="okr-summary-row"][data-objective-title="${first.title}"]`);
        await visible(page, row.getByTestId('okr-summary-key-results').filter({ hasText: String(first.keyResults.length) }), 'its count of Key Results');
        // The summary comes before the Objectives' cards.
        const [summaryBox, cardsBox] = [await box(summary, 'the summary'), await box(app.getByTestId('okr-section'), 'the OKR section')];
        assert.ok(summaryBox.y < cardsBox.y, 'the summary is above the OKRs');

        const card = app.locator(`[data-testid="objective"][data-objective-title="${first.title}"]`);
        await card.getByTestId('toggle-objective').click();
        await eventually(page, async () => (await card.getAttribute('data-collapsed')) === 'true', 'the Objective folded');
        assert.equal(await card.getByTestId('key-result').count(), 0, 'its Key Results are hidden');
        // Remembered for this person and project, across visits.
        await page.reload();
        const again = await openProjectPage(page, preview);
        const cardAgain = again.locator(`[data-testid="objective"][data-objective-title="${first.title}"]`);
        await eventually(page, async () => (await cardAgain.getAttribute('data-collapsed')) === 'true', 'the Objective is still folded after a reload');
        await screenshot(page, `keyboard-e-summary-${theme}`);
        // The summary's title opens it again.
        await again.locator(`[data-testid="okr-summary-row"][data-objective-title="${first.title}"]`).getByTestId('okr-summary-open').click();
        await eventually(page, async () => (await cardAgain.getAttribute('data-collapsed')) === 'false', 'the summary unfolded it');
        assert.equal(await cardAgain.getByTestId('key-result').count(), first.keyResults.length, 'its Key Results show again');
        assertNoCrash(page);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${await describePage(page)}`, { cause: error });
      } finally {
        await context.close();
      }
    }
  });

  test('(f) a long Key Result chosen in the tie dialog reads whole in its tag, and the keyboard still takes it off', { timeout: TEST_TIMEOUT_MS }, async () => {
    for (const theme of ['light', 'dark'] as const) {
      const { context, page } = await preview.newPage({ theme });
      try {
        const app = await openProjectPage(page, preview);
        const { dialog, combobox } = await openTieDialog(page, app);
        // Chosen by keyboard: type part of the name, Enter.
        await page.keyboard.type('personal trainer session');
        await visible(page, app.getByRole('option', { name: LONG_TITLE, exact: true }), 'the Key Result with the long name in the menu');
        await page.keyboard.press('Enter');
        const remove = dialog.getByRole('button', { name: `Remove ${LONG_TITLE}` });
        await visible(page, remove, 'the long Key Result chosen, with its Remove button');
        await settled(dialog);

        // Every box holding the name shows it whole: nothing cut across or below, no ellipsis.
        const holders = dialog.locator('*').filter({ hasText: LONG_TITLE });
        const cut = await holders.evaluateAll((elements, title) => {
          interface Shown {
            textContent: string | null;
            scrollWidth: number;
            clientWidth: number;
            scrollHeight: number;
            clientHeight: number;
            tagName: string;
            ownerDocument: { defaultView: { getComputedStyle(element: unknown): { textOverflow: string; overflowX: string } } };
          }
          return (elements as unknown as Shown[])
            .filter((element) => element.textContent?.trim() === title)
            .filter((element) => {
              const style = element.ownerDocument.defaultView.getComputedStyle(element);
              const clips = style.overflowX !== 'visible';
              return (clips && (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1)) || (clips && style.textOverflow === 'ellipsis' && element.scrollWidth > element.clientWidth);
            })
            .map((element) => `${element.tagName} ${element.scrollWidth}×${element.scrollHeight} in ${element.clientWidth}×${element.clientHeight}`);
        }, LONG_TITLE);
        assert.deepEqual(cut, [], 'the chosen Key Result\'s name is not cut off');
        // It wraps inside the field, which stays inside the dialog.
        const control = dialog.getByTestId('tie-key-results-select--control');
        const [controlBox, dialogBox] = [await box(control, 'the field'), await box(dialog, 'the dialog')];
        assert.ok(controlBox.x + controlBox.width <= dialogBox.x + dialogBox.width + 1, 'the field stays inside the dialog');
        assert.ok(controlBox.height > 50, `the long name takes more than one line in the field (${controlBox.height}px tall)`);
        await screenshot(page, `keyboard-f-tie-chosen-${theme}`, { viewport: true });

        // The keyboard still works the select: Shift+Tab reaches the chosen one's Remove button and
        // Enter takes it off; chosen again, Backspace takes the last chosen off.
        await page.keyboard.press('Shift+Tab');
        await focused(page, remove, `"Remove ${LONG_TITLE}"`);
        await page.keyboard.press('Enter');
        await eventually(page, async () => (await remove.count()) === 0, 'Enter on Remove took the long Key Result off');
        await focused(page, combobox, 'its Key Results again');
        await page.keyboard.type('personal trainer session');
        await visible(page, app.getByRole('option', { name: LONG_TITLE, exact: true }), 'the long Key Result in the menu again');
        await page.keyboard.press('Enter');
        await visible(page, remove, 'the long Key Result chosen again');
        await page.keyboard.press('Backspace');
        await eventually(page, async () => (await remove.count()) === 0, 'Backspace took the long Key Result off');
        assert.equal(await dialog.count(), 1, 'the tie dialog is still open');
        assertNoCrash(page);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${await describePage(page)}`, { cause: error });
      } finally {
        await context.close();
      }
    }
  });
});
