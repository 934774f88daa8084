// Every answer stays bounded however much has been recorded: the project page and the picker carry the
// latest check-ins of each Key Result (with the figures worked out from all of them), and the history
// comes a page at a time, each change kept to a bounded size. The README's "Bounds" table states them.
import { kvs } from '@forge/kvs';
import { DEMO_TODAY } from '../local/jira/demo-data';
import type { CheckIn, HistoryChange, KeyResultView } from '../src/contract';
import { forecastAtCycleEnd } from '../src/domain/forecast';
import { keyResultProgress } from '../src/domain/progress';
import { pinClock } from './support/fixture';
import { dataOf, startPlatform, type TestPlatform, USERS } from './support/platform';
import { must } from './support/must';

/** The most the project page, the picker and a history page may answer in these tests. */
const ANSWER_BOUND_BYTES = 1_000_000;
const HOUR = 3_600_000;

let platform: TestPlatform;
beforeAll(() => pinClock(DEMO_TODAY));
afterAll(() => jest.useRealTimers());
beforeEach(() => {
  jest.setSystemTime(DEMO_TODAY);
  platform = startPlatform();
});
afterEach(() => platform.close());

const bytes = (answer: unknown) => Buffer.byteLength(JSON.stringify(answer), 'utf8');

async function createObjective(description?: string) {
  const cycleId = dataOf(await platform.onProjectPage('priya', 'getProjectOverview')).cycle.id;
  return dataOf(
    await platform.onProjectPage('priya', 'saveObjective', {
      objective: { cycleId, title: 'Help more members reach their fitness goals', status: 'active', ...(description ? { description } : {}) },
    }),
  );
}

/** Runs `write` inside a Forge invocation, as the app's own code would (storage seeded directly). */
const inForge = (write: () => Promise<unknown>) => platform.forge.deliverEvent({ moduleKey: 'bounds-test', handler: () => write(), event: {} });

describe('the latest check-ins, with the figures of all of them', () => {
  const KEY_RESULTS = 5;
  const CHECK_INS_EACH = 100;

  /** Five Key Results with 100 check-ins each, every one with a 2,000-character note, twelve hours apart from 2 October. */
  async function seedLongCheckIns() {
    const objective = await createObjective();
    const sent = new Map<string, CheckIn[]>();
    for (let k = 0; k < KEY_RESULTS; k++) {
      const keyResult = dataOf(
        await platform.onProjectPage('priya', 'saveKeyResult', {
          keyResult: { objectiveId: objective.id, title: `Members on a training plan ${k + 1}`, metric: { direction: 'increase', start: 0, target: 2000, current: 0 } },
        }),
      );
      const checkIns: CheckIn[] = [];
      for (let i = 0; i < CHECK_INS_EACH; i++) {
        jest.setSystemTime(Date.parse('2026-10-02T09:00:00Z') + i * 12 * HOUR + k * 60_000);
        const note = `Week ${i} of ${k}: ${'what moved it, what is in the way. '.repeat(60)}`.slice(0, 2000);
        const answer = dataOf(await platform.onProjectPage('priya', 'checkIn', { keyResultId: keyResult.id, value: 12 * i + ((i * 7) % 11) + k, confidence: 1 + (i % 10), note }));
        checkIns.push(must(answer.lastCheckIn, 'answer.lastCheckIn'));
      }
      sent.set(keyResult.id, checkIns);
    }
    jest.setSystemTime(DEMO_TODAY);
    return sent;
  }

  function expectFiguresOfAll(view: KeyResultView, all: CheckIn[], cycle: { endDate: string }) {
    expect(view.checkInCount).toBe(all.length);
    expect(view.checkIns).toEqual(all.slice(-20));
    expect(view.lastCheckIn).toEqual(all.at(-1));
    expect(view.confidence).toBe(must(all.at(-1), 'all.at(-1)').confidence);
    expect(view.forecast).not.toBeNull();
    expect(view.forecast).toBe(forecastAtCycleEnd(all, cycle));
    expect(view.progress).toBe(keyResultProgress({ ...view.metric, current: must(all.at(-1), 'all.at(-1)').value }));
    // The burn-up draws every check-in's value (up to 120 of them), in time order.
    expect(view.burnUp).toEqual(all.map(({ at, value }) => ({ at, value })));
  }

  it('keeps the project page under 1 MB with 500 check-ins of 2,000-character notes, showing the forecast and progress of all of them', async () => {
    const sent = await seedLongCheckIns();
    const overview = dataOf(await platform.onProjectPage('sofia', 'getProjectOverview'));
    expect(bytes(overview)).toBeLessThan(ANSWER_BOUND_BYTES);
    const views = overview.objectives.flatMap((objective) => objective.keyResults);
    expect(views).toHaveLength(KEY_RESULTS);
    for (const view of views) expectFiguresOfAll(view, must(sent.get(view.id), 'sent.get(view.id)'), overview.cycle);

    // The issue panel's picker answers the same Key Results, as bounded.
    const picker = dataOf(await platform.onIssuePanel('diego', 'searchKeyResults', 'GYM-1', {}));
    expect(bytes(picker)).toBeLessThan(ANSWER_BOUND_BYTES);
    expect(picker.results).toHaveLength(KEY_RESULTS);
    for (const { keyResult } of picker.results) expectFiguresOfAll(keyResult, must(sent.get(keyResult.id), 'sent.get(keyResult.id)'), overview.cycle);
  });
});

describe('the history, a page at a time', () => {
  /** `count` changes of the GYM Objective written straight to storage, each with 60 KB before and after (as an import may bring). */
  async function seedLargeChanges(objectiveId: string, count: number) {
    await inForge(async () => {
      for (let i = 0; i < count; i++) {
        const at = new Date(Date.parse('2026-11-24T09:00:00Z') + i * HOUR).toISOString();
        const side = (label: string) => ({ description: `${label} ${i}: ${'a long imported description. '.repeat(2100)}`.slice(0, 60_000) });
        await kvs.entity('okr-change').set(`ch-large-${String(i).padStart(3, '0')}`, {
          id: `ch-large-${String(i).padStart(3, '0')}`,
          projectKey: 'GYM',
          subject: 'objective',
          objectiveId,
          at,
          accountId: USERS.priya,
          what: 'objective.updated',
          before: side('before'),
          after: side('after'),
          reason: 'Imported',
        });
      }
    });
  }

  it('answers 25 changes a page, newest first, each page under 1 MB, until every change has been shown once', async () => {
    const objective = await createObjective();
    await seedLargeChanges(objective.id, 40);
    const pages: Array<{ changes: HistoryChange[]; nextCursor?: string }> = [];
    let cursor: string | undefined;
    do {
      const page = dataOf(await platform.onProjectPage('sofia', 'getHistory', { objectiveId: objective.id, ...(cursor ? { cursor } : {}) }));
      expect(bytes(page)).toBeLessThan(ANSWER_BOUND_BYTES);
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor && pages.length < 10);

    expect(pages.map((page) => page.changes.length)).toEqual([25, 16]);
    const changes = pages.flatMap((page) => page.changes);
    const times = changes.map((change) => change.at);
    expect(times).toEqual([...times].sort().reverse());
    expect(new Set(times).size).toBe(41);
    expect(changes.at(-1)).toMatchObject({ what: 'objective.created' });
    // A change too large to answer whole is shortened, and says so.
    expect(changes[0]).toMatchObject({ shortened: true, before: { description: expect.stringMatching(/^before 39: a long imported description\..*…$/) } });
    expect(bytes(must(changes[0], 'changes[0]').after)).toBeLessThanOrEqual(16 * 1024);
    expect(changes.at(-1)).not.toHaveProperty('shortened');
  });

  it('does not show a change another project recorded naming this project’s Objective', async () => {
    const objective = await createObjective();
    await inForge(() =>
      kvs.entity('okr-change').set('ch-forged-by-ops', {
        id: 'ch-forged-by-ops',
        projectKey: 'OPS',
        subject: 'objective',
        objectiveId: objective.id,
        at: '2026-11-01T09:00:00.000Z',
        accountId: USERS.priya,
        what: 'objective.deleted',
        before: { title: objective.title },
        reason: 'Deleted by the OPS admin',
      }),
    );
    const { changes } = dataOf(await platform.onProjectPage('sofia', 'getHistory', { objectiveId: objective.id }));
    expect(changes.map((change) => change.what)).toEqual(['objective.created']);
    expect(JSON.stringify(changes)).not.toContain('OPS admin');
  });

  it('answers VALIDATION for a cursor it did not give', async () => {
    const objective = await createObjective();
    expect(await platform.onProjectPage('sofia', 'getHistory', { objectiveId: objective.id, cursor: 'not-a-cursor' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'cursor' },
    });
  });
});
