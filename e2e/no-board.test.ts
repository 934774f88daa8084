// A project with no Scrum board: the project page says what it needs, and its button opens the
// Outcomes settings page, where the board is chosen (Forge documents that page's address, not a
// NavigationLocation for it: the app builds the address, the host follows it).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JiraData } from '../local/jira/model';
import { appFrame, assertNoCrash, eventually, screenshot, startPreview, TEST_TIMEOUT_MS, visible, type Preview, type Theme } from './support';

let preview: Preview;

/** GYM's Scrum board is gone (the team has not made one yet). */
const NO_GYM_BOARD = (data: JiraData) => {
  data.boards = data.boards.filter((board) => board.projectKey !== 'GYM');
};

before(async () => {
  preview = await startPreview({ adjustData: NO_GYM_BOARD });
});

after(async () => {
  await preview?.close();
});

describe('a project with no Scrum board', () => {
  for (const theme of ['light', 'dark'] as Theme[]) {
    test(`(${theme}) the page says a board is needed, and its button opens the Outcomes settings`, { timeout: TEST_TIMEOUT_MS }, async () => {
      const { context, page } = await preview.newPage({ theme, accountId: preview.userNamed(/Priya/).accountId });
      try {
        assert.equal((await page.goto(`${preview.url}/`))?.status(), 200);
        const app = appFrame(page);
        const empty = app.getByTestId('no-board').first();
        await visible(page, empty, 'the page saying the project has no Scrum board');
        assert.match((await empty.textContent()) ?? '', /has no Scrum board/);
        await app.getByTestId('open-settings').first().click();
        await eventually(page, async () => /\/jira\/software\/projects\/GYM\/settings\/apps\/[^/]+\/[^/]+$/.test(page.url()), 'the settings page address');
        await visible(page, appFrame(page).getByTestId('settings-form'), 'the settings form');
        assertNoCrash(page);
        await screenshot(page, `no-board-settings-${theme}`);
      } finally {
        await context.close();
      }
    });
  }
});
