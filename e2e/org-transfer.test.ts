// Export and import on the organization page: the agile coach downloads the organization's OKRs and is
// told only managers import; the executive downloads them, is shown every problem of a broken file
// with nothing changed, then imports a file with a yearly Objective renamed after seeing what it
// would change, and the page shows the new title.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { FrameLocator, Page } from 'playwright-core';
import type { OrgExport } from '../src/contract';
import { assertNoCrash, eventually, screenshot, startPreview, TEST_TIMEOUT_MS, openOrganizationPage as openFromTopBar, visible, type Preview } from './support';

let preview: Preview;

before(async () => {
  preview = await startPreview();
});

after(async () => {
  await preview?.close();
});

const YEARLY = 'Become the gym members recommend to their friends';

/** Opens the organization page from the top bar, and waits for the yearly Objective. */
const openOrganizationPage = (page: Page): Promise<FrameLocator> =>
  openFromTopBar(page, preview, { locate: (app) => app.locator(`[data-testid="objective"][data-objective-title="${YEARLY}"]`), what: 'the yearly Objective' });

/** Opens the dialog and downloads the export from it. */
async function download(page: Page, app: FrameLocator): Promise<OrgExport & Record<'objectives' | 'keyResults' | 'changes', Array<Record<string, unknown>>>> {
  await app.getByTestId('org-transfer').click();
  await visible(page, app.getByTestId('org-transfer-dialog'), 'the export and import dialog');
  const [file] = await Promise.all([page.waitForEvent('download'), app.getByTestId('org-export-button').click()]);
  assert.match(file.suggestedFilename(), /^outcomes-organization-\d{4}-\d{2}-\d{2}\.json$/);
  return JSON.parse(await readFile(await file.path(), 'utf8')) as never;
}

describe('the organization’s file', () => {
  test('the agile coach downloads the organization’s OKRs, and may not import', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ theme: 'light', accountId: preview.userNamed(/Kofi/).accountId });
    try {
      const app = await openOrganizationPage(page);
      await visible(page, app.getByTestId('org-transfer').filter({ hasText: /^Export$/ }), 'the Export button');
      const file = await download(page, app);
      assert.equal(file.format, 'outcomes-org-okr-export');
      assert.ok(file.objectives.some((objective) => objective.title === YEARLY), 'the yearly Objective is in the file');
      assert.ok(!JSON.stringify(file).includes('"projectKey":"GYM"'), 'no team’s record is in it');
      await visible(page, app.getByTestId('org-import-not-allowed'), 'that only managers import');
      assert.equal(await app.getByTestId('org-import-file').count(), 0, 'no file to pick');
      assertNoCrash(page);
    } finally {
      await context.close();
    }
  });

  test('the executive is shown every problem of a broken file, then imports one with a yearly Objective renamed', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await preview.newPage({ theme: 'light', accountId: preview.userNamed(/Elena/).accountId });
    try {
      const app = await openOrganizationPage(page);
      const file = await download(page, app);
      const dialog = app.getByTestId('org-transfer-dialog');

      const broken = { ...file, objectives: file.objectives.map((objective, i) => (i === 0 ? { ...objective, title: ' ', status: 'someday' } : objective)) };
      await dialog.getByTestId('org-import-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
      const problems = dialog.getByTestId('org-import-problems');
      await visible(page, problems, 'the problems of the broken file');
      await eventually(page, async () => (await problems.getByTestId('org-import-problem').count()) === 2, 'both problems listed');
      assert.equal(await dialog.getByTestId('org-confirm-import').count(), 0, 'a broken file cannot be imported');

      const renamed = { ...file, objectives: file.objectives.map((objective) => (objective.title === YEARLY ? { ...objective, title: 'Members recommend us to their friends' } : objective)) };
      await dialog.getByTestId('org-import-file').setInputFiles({ name: 'organization.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(renamed)) });
      const previewBox = dialog.getByTestId('org-import-preview');
      await visible(page, previewBox, 'what the import would change');
      await visible(page, previewBox.getByTestId('org-preview-objectives').filter({ hasText: '0 added, 1 changed, 0 removed' }), 'one Objective changed');
      await screenshot(page, 'organization-import-preview');
      await previewBox.getByTestId('org-confirm-import').click();
      await visible(page, dialog.getByTestId('org-import-done'), 'the import done');
      await dialog.getByTestId('org-transfer-close').click();
      await eventually(page, async () => (await dialog.count()) === 0, 'the dialog closed');
      await visible(page, app.locator('[data-testid="objective"][data-objective-title="Members recommend us to their friends"]'), 'the renamed Objective on the page');
      assertNoCrash(page);
    } finally {
      await context.close();
    }
  });
});
