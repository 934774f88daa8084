// The organization page (Apps › Outcomes: organization), opened from the preview's top bar: the
// agile coach reads GymTonic's organization OKRs and a Key Result's history in both themes and may
// change nothing; the executive (in the group a Jira admin granted Manage organization OKRs) adds a
// Key Result to a yearly Objective, checks in on it and grades it; the coach sees which teams serve each
// Objective and the flags with their rules, and narrows them by team and status; GymTonic's four teams
// show, and a stakeholder who browses only two of their projects is told nothing of the other two.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { quarterOf } from '../src/domain/cycles';
import { assertNoCrash, eventually, focused, screenshot, settled, startPreview, TEST_TIMEOUT_MS, openOrganizationPage as openFromTopBar, visible, type Preview, type Theme } from './support';

let preview: Preview;

before(async () => {
  preview = await startPreview();
});

after(async () => {
  await preview?.close();
});

const YEARLY = 'Become the gym members recommend to their friends';

/** Opens the organization page from the top bar, as a person would, and waits for its Objectives. */
async function openOrganizationPage(page: Page): Promise<FrameLocator> {
  const app = await openFromTopBar(page, preview, { locate: (frame) => frame.locator(`[data-testid="objective"][data-objective-title="${YEARLY}"]`), what: 'the yearly Objective' });
  await eventually(page, async () => (await app.getByTestId('loading').count()) === 0, 'the organization page finished loading');
  return app;
}

/** The demo's fiscal year starts in January; the demo is laid out around today. */
const DAY = 86_400_000;
const thisQuarter = () => quarterOf(new Date(), 1);
const lastQuarter = () => quarterOf(new Date(Date.parse(`${thisQuarter().startDate}T00:00:00.000Z`) - DAY), 1);
const nextQuarter = () => quarterOf(new Date(Date.parse(`${thisQuarter().endDate}T00:00:00.000Z`) + DAY), 1);

async function switchCycle(page: Page, app: FrameLocator, name: string): Promise<void> {
  await app.getByTestId('cycle-switcher').click();
  await app.getByRole('option', { name: new RegExp(`^${name}`) }).click();
  await eventually(page, async () => (await app.getByTestId('cycle-switcher').textContent())?.includes(name) === true, `the switcher on ${name}`);
}

const objectiveCard = (app: FrameLocator, title: string): Locator => app.locator(`[data-testid="objective"][data-objective-title="${title}"]`);

describe('the organization page', () => {
  for (const theme of ['light', 'dark'] as Theme[]) {
    test(`(${theme}) the agile coach reads the organization’s OKRs of the year and of a quarter, and may change nothing`, { timeout: TEST_TIMEOUT_MS }, async () => {
      const coach = preview.userNamed(/Kofi/);
      const { context, page } = await preview.newPage({ theme, accountId: coach.accountId });
      try {
        const app = await openOrganizationPage(page);
        await eventually(page, async () => (await app.getByTestId('objective').count()) === 2, 'two Objectives for the year');
        const card = objectiveCard(app, YEARLY);
        await eventually(page, async () => (await card.getByTestId('key-result').count()) === 3, 'its three Key Results');
        await visible(page, card.getByTestId('objective-progress'), 'the Objective’s progress');
        await visible(page, card.getByTestId('key-result').first().getByTestId('key-result-status'), 'a Key Result’s status');
        await visible(page, app.getByTestId('read-only-note'), 'that others write them');
        assert.equal(await app.getByTestId('check-in').count(), 0, 'no Check in button');
        assert.equal(await app.getByTestId('create-objective').count(), 0, 'no New Objective button');
        await settled(app.getByTestId('organization-page'));
        await screenshot(page, `organization-${theme}`);

        // Its history, as anyone may read it: who set it and who checked in.
        await card.locator('[data-testid="key-result"][data-key-result-title="Net Promoter Score"]').getByTestId('history').click();
        const history = app.getByTestId('history-dialog');
        await visible(page, history.locator('[data-testid="history-change"][data-what="keyResult.checked-in"]'), 'the check-in in its history');
        await visible(page, history.locator('[data-testid="history-change"][data-what="keyResult.created"]'), 'its creation in its history');
        await page.keyboard.press('Escape');
        await eventually(page, async () => (await history.count()) === 0, 'the history dialog closed');

        // The quarter before: its Objectives, graded; the next quarter: none yet.
        await switchCycle(page, app, lastQuarter().name);
        await visible(page, objectiveCard(app, 'Open the Leeds club to a full house'), 'last quarter’s Objective');
        await visible(page, objectiveCard(app, 'Open the Leeds club to a full house').getByTestId('objective-grade'), 'its grade');
        await switchCycle(page, app, nextQuarter().name);
        await visible(page, app.getByTestId('no-objectives').filter({ hasText: `No organization OKRs for ${nextQuarter().name} yet` }), 'the empty state of the next quarter');
        assertNoCrash(page);
      } finally {
        await context.close();
      }
    });
  }

  for (const theme of ['light', 'dark'] as Theme[]) {
    test(`(${theme}) the agile coach sees the teams serving each Objective, the flags with their rules, and narrows them by team and status`, { timeout: TEST_TIMEOUT_MS }, async () => {
      const coach = preview.userNamed(/Kofi/);
      const { context, page } = await preview.newPage({ theme, accountId: coach.accountId });
      try {
        const app = await openOrganizationPage(page);
        // OPS's Objective serves the yearly one: the team, and how.
        const served = objectiveCard(app, YEARLY).locator('[data-testid="serving-team"][data-project-key="OPS"]');
        await visible(page, served.filter({ hasText: 'GymTonic Operations' }), 'OPS under the yearly Objective');
        await visible(page, served.getByText('aligned Objective'), 'how it serves it');
        // Nobody serves the other yearly Objective: flagged, with the rule.
        const unserved = objectiveCard(app, 'Run every club at a profit').locator('[data-testid="flag"][data-flag-rule="unserved"]');
        await visible(page, unserved.getByTestId('flag-lozenge').filter({ hasText: 'No team serves it' }), 'the unserved flag');
        await visible(page, unserved.getByTestId('flag-rule').filter({ hasText: 'no team serves it' }), 'its rule');
        // The teams: OPS over its OKR-in-process limit.
        const ops = app.locator('[data-testid="team"][data-project-key="OPS"]');
        await visible(page, ops.getByTestId('team-limit').filter({ hasText: 'OKRs in process: 3 of a limit of 2' }), 'OPS against its limit');
        await visible(page, ops.locator('[data-testid="flag"][data-flag-rule="over-limit"]').getByTestId('flag-rule').filter({ hasText: 'limit of 2' }), 'the over-limit flag and its rule');
        await visible(page, app.locator('[data-testid="team"][data-project-key="GYM"]').getByTestId('team-sprint'), 'GYM’s running sprint');
        await settled(app.getByTestId('organization-page'));
        await screenshot(page, `organization-teams-${theme}`);

        // One team: only the Objectives it serves, and its own card.
        await app.getByTestId('team-filter').filter({ hasText: 'GymTonic Operations' }).click();
        await eventually(page, async () => (await app.getByTestId('objective').count()) === 1, 'only the Objective OPS serves');
        await visible(page, objectiveCard(app, YEARLY), 'the yearly Objective OPS serves');
        await eventually(page, async () => (await app.getByTestId('team').count()) === 1, 'only OPS among the teams');
        // A status no Objective has: said so.
        await app.getByTestId('status-filter-draft').click();
        await visible(page, app.getByTestId('no-objectives-filtered'), 'that nothing matches');
        await app.getByTestId('status-filter-all').click();
        await app.getByTestId('team-filter-all').click();
        await eventually(page, async () => (await app.getByTestId('objective').count()) === 2, 'both yearly Objectives again');
        assertNoCrash(page);
      } finally {
        await context.close();
      }
    });
  }

  test('the agile coach sees GymTonic’s four teams: the trainer platform dedicated, marketing with no sprint, a yearly Objective spread over three teams, every flag, and narrows the page to a team of teams', { timeout: TEST_TIMEOUT_MS }, async () => {
    const coach = preview.userNamed(/Kofi/);
    const { context, page } = await preview.newPage({ theme: 'light', accountId: coach.accountId });
    try {
      const app = await openOrganizationPage(page);
      const team = (projectKey: string) => app.locator(`[data-testid="team"][data-project-key="${projectKey}"]`);
      await eventually(page, async () => (await app.getByTestId('team').count()) === 4, 'four teams');
      for (const [projectKey, name] of [
        ['GYM', 'GymTonic Member App'],
        ['OPS', 'GymTonic Operations'],
        ['TRN', 'GymTonic Trainer Platform'],
        ['MKT', 'GymTonic Marketing'],
      ] as const) {
        await visible(page, team(projectKey).filter({ hasText: `${name} (${projectKey})` }), `${projectKey}, named`);
      }
      await visible(page, team('TRN').getByText('dedicated team'), 'TRN, a dedicated team');
      await visible(page, team('TRN').getByTestId('team-dedicated'), 'what TRN is dedicated to');
      await visible(page, team('MKT').getByTestId('team-sprint').filter({ hasText: 'No running sprint' }), 'MKT, with no sprint');
      // The yearly Objective GYM, OPS and MKT serve, none dedicated to it: spread.
      const yearly = objectiveCard(app, YEARLY);
      for (const projectKey of ['GYM', 'OPS', 'MKT']) await visible(page, yearly.locator(`[data-testid="serving-team"][data-project-key="${projectKey}"]`), `${projectKey} under the yearly Objective`);
      await visible(page, yearly.locator('[data-testid="flag"][data-flag-rule="spread"]').getByTestId('flag-lozenge').filter({ hasText: 'Spread, no dedicated team' }), 'the spread flag');
      await visible(page, objectiveCard(app, 'Run every club at a profit').locator('[data-testid="flag"][data-flag-rule="unserved"]'), 'the unserved flag');
      await visible(page, team('OPS').locator('[data-testid="flag"][data-flag-rule="over-limit"]'), 'OPS over its limit');
      await visible(page, team('OPS').locator('[data-testid="flag"][data-flag-rule="objectives-unaligned"]'), 'OPS with an Objective aligned to nothing');
      await visible(page, team('TRN').locator('[data-testid="flag"][data-flag-rule="sprint-unaligned"]'), 'TRN’s running sprint mostly serving nothing');
      await settled(app.getByTestId('organization-page'));
      await screenshot(page, 'organization-four-teams');
      // Narrowed to the team of teams: its two teams only, then every team again.
      await app.getByTestId('group-filter').filter({ hasText: 'Member experience' }).click();
      await eventually(page, async () => JSON.stringify(await app.getByTestId('team').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-project-key')))) === JSON.stringify(['GYM', 'OPS']), 'the Nexus’s two teams only');
      await app.getByTestId('group-filter-all').click();
      await eventually(page, async () => (await app.getByTestId('team').count()) === 4, 'four teams again');
      assertNoCrash(page);
    } finally {
      await context.close();
    }
  });

  test('a stakeholder who browses only GYM and OPS sees neither the trainer platform nor marketing named anywhere on the page', { timeout: TEST_TIMEOUT_MS }, async () => {
    const stakeholder = preview.userNamed(/Sofia/);
    const { context, page } = await preview.newPage({ theme: 'light', accountId: stakeholder.accountId });
    try {
      const app = await openOrganizationPage(page);
      await eventually(page, async () => (await app.getByTestId('team').count()) === 2, 'her two teams');
      for (const cycle of ['the year', thisQuarter().name]) {
        if (cycle !== 'the year') {
          await switchCycle(page, app, cycle);
          await eventually(page, async () => (await app.getByTestId('loading').count()) === 0, `${cycle} loaded`);
          await eventually(page, async () => (await app.getByTestId('team').count()) === 2, `her two teams in ${cycle}`);
        }
        const text = await app.locator('body').innerText();
        for (const hidden of ['TRN', 'MKT', 'Trainer Platform', 'Marketing']) assert.ok(!text.includes(hidden), `"${hidden}" is not on the page in ${cycle}`);
        assert.deepEqual(await app.getByTestId('team').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-project-key'))), ['GYM', 'OPS']);
      }
      assertNoCrash(page);
    } finally {
      await context.close();
    }
  });

  test('the executive deletes an organization Key Result and an Objective after confirming, and sets the organization’s spread threshold', { timeout: TEST_TIMEOUT_MS }, async () => {
    const executive = preview.userNamed(/Elena/);
    const year = thisQuarter().id.slice(0, 4);
    const written = await preview.invokeAs<{ ok: boolean; data: { id: string } }>(executive.accountId, 'saveOrganizationObjective', { objective: { cycleId: year, title: 'A test Objective to delete', status: 'draft' } });
    assert.ok(written.ok);
    const keyResult = await preview.invokeAs<{ ok: boolean }>(executive.accountId, 'saveOrganizationKeyResult', { keyResult: { objectiveId: written.data.id, title: 'A test Key Result to delete', metric: { direction: 'increase', start: 0, target: 10, current: 0 } } });
    assert.ok(keyResult.ok);
    const { context, page } = await preview.newPage({ theme: 'light', accountId: executive.accountId });
    try {
      const app = await openOrganizationPage(page);
      const card = objectiveCard(app, 'A test Objective to delete');
      await visible(page, card, 'the Objective to delete');
      // The Key Result first: asked, then gone.
      await card.locator('[data-testid="key-result"][data-key-result-title="A test Key Result to delete"]').getByTestId('delete-key-result').click();
      const confirmKeyResult = app.getByTestId('org-delete-dialog');
      await visible(page, confirmKeyResult.getByText('Delete this organization Key Result?'), 'the confirmation');
      await screenshot(page, 'organization-delete-key-result');
      await confirmKeyResult.getByTestId('confirm-org-delete').click();
      await eventually(page, async () => (await card.getByTestId('key-result').count()) === 0, 'the Key Result gone');
      // Then the Objective.
      await card.getByTestId('delete-objective').click();
      await visible(page, app.getByTestId('org-delete-dialog').getByText('Delete this organization Objective?'), 'the confirmation');
      await app.getByTestId('confirm-org-delete').click();
      await eventually(page, async () => (await card.count()) === 0, 'the Objective gone');

      // The spread threshold: from 4 teams, the yearly Objective three teams serve is no longer spread.
      const spread = objectiveCard(app, YEARLY).locator('[data-testid="flag"][data-flag-rule="spread"]');
      await visible(page, spread, 'the spread flag at 3');
      const setThreshold = async (value: string) => {
        await app.getByTestId('org-settings').click();
        const form = app.getByRole('dialog', { name: 'Organization settings' });
        await visible(page, form, 'the organization settings');
        await form.getByLabel('Spread from this many teams').fill(value);
        await form.getByTestId('save-org-settings').click();
        await eventually(page, async () => (await form.count()) === 0, 'the settings saved');
      };
      await setThreshold('4');
      await eventually(page, async () => (await spread.count()) === 0, 'no spread flag at 4');
      await setThreshold('3');
      await visible(page, spread, 'the spread flag at 3 again');
      assertNoCrash(page);
    } finally {
      await context.close();
    }
  });

  test('the executive adds a Key Result to a yearly Objective, checks in on it and grades it', { timeout: TEST_TIMEOUT_MS }, async () => {
    const executive = preview.userNamed(/Elena/);
    const { context, page } = await preview.newPage({ theme: 'light', accountId: executive.accountId });
    try {
      const app = await openOrganizationPage(page);
      const card = objectiveCard(app, YEARLY);
      await card.getByTestId('add-key-result').click();
      const form = app.getByRole('dialog', { name: 'New Key Result' });
      await visible(page, form, 'the new Key Result dialog');
      await focused(page, form.getByLabel('Title'), 'its Title');
      await form.getByLabel('Title').fill('Google review rating');
      await form.getByLabel('Start').fill('4.1');
      await form.getByLabel('Target').fill('4.6');
      await form.getByTestId('save-key-result').click();
      await eventually(page, async () => (await form.count()) === 0, 'the new Key Result dialog closed');
      const row = card.locator('[data-testid="key-result"][data-key-result-title="Google review rating"]');
      await visible(page, row, 'the new Key Result');

      await row.getByTestId('check-in').click();
      const checkIn = app.getByRole('dialog', { name: 'Check in' });
      await visible(page, checkIn, 'the check-in dialog');
      await checkIn.getByLabel('Value').fill('4.3');
      await checkIn.getByLabel('Confidence').fill('6');
      await checkIn.getByTestId('save-check-in').click();
      await eventually(page, async () => (await checkIn.count()) === 0, 'the check-in dialog closed');
      await visible(page, row.getByTestId('key-result-metric').filter({ hasText: 'now 4.3' }), 'the new current value');
      await visible(page, row.getByText('Confidence 6/10'), 'the confidence');
      await screenshot(page, 'organization-executive-check-in');

      // Graded on its own, not at a Sprint Review.
      await row.getByTestId('grade').click();
      const grade = app.getByRole('dialog', { name: 'Grade the Key Result' });
      await visible(page, grade, 'the grade dialog');
      await grade.getByLabel('Score').click();
      await app.getByRole('option', { name: /^0\.6/ }).click();
      await grade.getByTestId('save-grade').click();
      await eventually(page, async () => (await grade.count()) === 0, 'the grade dialog closed');
      await visible(page, row.getByTestId('kr-grade'), 'its grade');

      // As the server has it, for everyone.
      const answer = await preview.invokeAs<{ ok: boolean; data: { objectives: Array<{ title: string; keyResults: Array<{ title: string; metric: { current: number }; lastGrade: number | null }> }> } }>(
        preview.userNamed(/Oscar/).accountId,
        'getOrganizationOkrs',
      );
      assert.ok(answer.ok);
      const saved = answer.data.objectives.find((objective) => objective.title === YEARLY)?.keyResults.find((keyResult) => keyResult.title === 'Google review rating');
      assert.equal(saved?.metric.current, 4.3);
      assert.equal(saved?.lastGrade, 0.6);
      assertNoCrash(page);
    } finally {
      await context.close();
    }
  });
});
