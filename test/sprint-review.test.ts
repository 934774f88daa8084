// Sprint close and grading through the real handler and trigger: the snapshot Jira's sprint-closed
// event opens (once), the evidence it holds, and who may grade what, on the hand-worked fixture:
//   GYM-1 epic, linked to "Members with a trainer"; GYM-2 story under it (done before the close),
//   GYM-5 a sub-task of GYM-2; GYM-3 story linked to "Members with a plan" (not done); GYM-4 a bug
//   serving nothing; a third Key Result only tied to the Sprint Goal. Sprint 2 is the running sprint.
import { sprintEventHandler } from '../src/index';
import type { KeyResultView, ObjectiveView, ReviewedKeyResult } from '../src/contract';
import { sprintEventsOfBoard } from '../src/store/sprint-events';
import { fixture, NOW, pinClock } from './support/fixture';
import { dataOf, startPlatform, type TestPlatform, USERS, warningsBesidesRebuilding } from './support/platform';
import { must } from './support/must';

let platform: TestPlatform;
let objective: ObjectiveView | { id: string; version: number };
let keyResults: { viaEpic: KeyResultView; direct: KeyResultView; tiedOnly: KeyResultView };

beforeAll(() => pinClock(NOW));
afterAll(() => jest.useRealTimers());

const closeEvent = (sprint: unknown) => ({ eventType: 'avi:jira-software:closed:sprint', sprint, atlassianId: USERS.priya });
const deliver = (event: Record<string, unknown>) =>
  platform.forge.deliverEvent({ moduleKey: 'sprint-events', handler: sprintEventHandler, event }) as Promise<{ recorded: boolean; reviewsOpened?: string[] }>;
/** Closes the running sprint 2 in Jira; answers the closed sprint as Jira's event carries it. */
const closeSprint = () => platform.jira.closeSprint(2, { at: NOW });
const reviewOf = async (user: Parameters<TestPlatform['onProjectPage']>[0] = 'priya') => dataOf(await platform.onProjectPage(user, 'getSprintReview', { sprintId: 2 }));
const reviewedOf = (keyResults: ReviewedKeyResult[], id: string) => must(keyResults.find((keyResult) => keyResult.id === id), 'keyResults.find((keyResult) => keyResult.id === id)');
const kvsState = () => platform.kvs.snapshot();

beforeEach(async () => {
  platform = startPlatform({ data: fixture(NOW) });
  const cycleId = dataOf(await platform.onProjectPage('sam', 'getProjectOverview')).cycle.id;
  objective = dataOf(await platform.onProjectPage('priya', 'saveObjective', { objective: { cycleId, title: 'Members reach their goals', status: 'active', ownerAccountId: USERS.diego } }));
  const keyResult = async (title: string, weight: number) =>
    dataOf(
      await platform.onProjectPage('priya', 'saveKeyResult', {
        keyResult: { objectiveId: objective.id, title, weight, metric: { direction: 'increase', start: 10, target: 40, current: 19, unit: '%' } },
      }),
    );
  keyResults = { viaEpic: await keyResult('Members with a trainer', 2), direct: await keyResult('Members with a plan', 1), tiedOnly: await keyResult('Members who return weekly', 1) };
  dataOf(await platform.onIssuePanel('diego', 'linkIssue', 'GYM-1', { keyResultId: keyResults.viaEpic.id }));
  dataOf(await platform.onIssuePanel('diego', 'linkIssue', 'GYM-3', { keyResultId: keyResults.direct.id }));
  dataOf(await platform.onProjectPage('priya', 'setSprintKeyResults', { sprintId: 2, keyResultIds: [keyResults.tiedOnly.id] }));
  platform.jira.transitionIssue('GYM-2', 'Done', { at: NOW });
});
afterEach(() => platform.close());

describe('the sprint-closed trigger', () => {
  it('opens one review however often the event comes, even twice at once', async () => {
    const closed = closeSprint();
    const [first, second] = await Promise.all([deliver(closeEvent(closed)), deliver(closeEvent(closed))]);
    expect([...(first.reviewsOpened ?? []), ...(second.reviewsOpened ?? [])]).toEqual(['GYM']);
    const before = kvsState();
    platform.jira.calls.reset();
    expect(await deliver(closeEvent(closed))).toEqual({ recorded: false, reviewsOpened: [] });
    // A third delivery changes nothing and asks Jira nothing.
    expect(kvsState()).toBe(before);
    expect(platform.jira.calls.total).toBe(0);
    const review = await reviewOf();
    expect(review.keyResults).toHaveLength(3);
  });

  it('snapshots each Key Result the sprint served, with the issues done and not done when it closed', async () => {
    dataOf(await platform.onProjectPage('priya', 'checkIn', { keyResultId: keyResults.direct.id, value: 25, confidence: 6 }));
    await deliver(closeEvent(closeSprint()));
    // After the close, the Key Result moves on and an issue changes: the snapshot keeps the close.
    dataOf(await platform.onProjectPage('priya', 'checkIn', { keyResultId: keyResults.direct.id, value: 31, confidence: 7 }));
    platform.jira.transitionIssue('GYM-3', 'Done', { at: NOW });

    const review = await reviewOf();
    expect(review.sprint).toMatchObject({ id: 2, state: 'closed', issueCount: 3 });
    // GYM-2 (through its epic) and GYM-3 serve a Key Result; GYM-4 does not; the sub-task GYM-5 counts with GYM-2.
    expect(review.sprint.alignedShare).toBeCloseTo(2 / 3);
    // By story points, read from the site's own story-point field at the close: GYM-2 (5) and GYM-3 (3) of 8.
    expect(review.sprint.alignedPointShare).toBe(1);
    // (Created in one pinned instant, so their order is not asserted.)
    expect(review.keyResults.map((keyResult) => keyResult.title).sort()).toEqual(['Members who return weekly', 'Members with a plan', 'Members with a trainer']);

    const viaEpic = reviewedOf(review.keyResults, keyResults.viaEpic.id);
    expect(viaEpic.evidence.done.map((issue) => issue.key)).toEqual(['GYM-2']);
    expect(viaEpic.evidence.notDone).toEqual([]);
    const direct = reviewedOf(review.keyResults, keyResults.direct.id);
    expect(direct.evidence).toEqual({ done: [], notDone: [{ key: 'GYM-3', summary: 'Issue 3', statusCategory: 'todo', issueType: 'Story' }] });
    // The value then (25, 50 %) and now (31).
    expect(direct.atClose).toEqual({ value: 25, progress: 0.5 });
    expect(direct.metric.current).toBe(31);
    // Tied to the Sprint Goal without linked work: graded all the same, with no evidence.
    expect(reviewedOf(review.keyResults, keyResults.tiedOnly.id).evidence).toEqual({ done: [], notDone: [] });
    expect(review.keyResults.every((keyResult) => keyResult.grade === undefined && keyResult.canGrade)).toBe(true);
  });

  it('lists the Key Results nobody checked in on for longer than the setting as "to check in", on the review and the page', async () => {
    dataOf(await platform.onProjectPage('priya', 'checkIn', { keyResultId: keyResults.direct.id, value: 25, confidence: 6 }));
    await deliver(closeEvent(closeSprint()));
    // 16 days on, the epic's Key Result is checked in; the others last moved at NOW (the default allows 14 days).
    jest.setSystemTime(new Date(NOW.getTime() + 16 * 86_400_000));
    try {
      dataOf(await platform.onProjectPage('diego', 'checkIn', { keyResultId: keyResults.viaEpic.id, value: 22, confidence: 7 }));
      const review = await reviewOf('sam');
      expect([...review.toCheckIn].sort()).toEqual([keyResults.direct.id, keyResults.tiedOnly.id].sort());
      expect(reviewedOf(review.keyResults, keyResults.direct.id)).toMatchObject({ stale: true, daysWithoutCheckIn: 16 });
      expect(reviewedOf(review.keyResults, keyResults.viaEpic.id)).toMatchObject({ stale: false, daysWithoutCheckIn: 0 });
      const page = dataOf(await platform.onProjectPage('sofia', 'getProjectOverview'));
      const staleOnPage = (page.objectives[0]?.keyResults ?? []).filter((keyResult) => keyResult.stale).map((keyResult) => keyResult.id);
      expect(staleOnPage.sort()).toEqual([keyResults.direct.id, keyResults.tiedOnly.id].sort());
      // A team that allows three weeks sees none to check in yet.
      expect(dataOf(await platform.onProjectPage('priya', 'saveSettings', { staleCheckInDays: 21 })).staleCheckInDays).toBe(21);
      expect((await reviewOf('sam')).toCheckIn).toEqual([]);
    } finally {
      jest.setSystemTime(NOW);
    }
  });

  it('still shows the review, and the project page, when an issue of the sprint was deleted in Jira since', async () => {
    await deliver(closeEvent(closeSprint()));
    // Jira deleted GYM-4 (the event for it is not delivered, as when it is lost).
    platform.jira.data.issues.splice(platform.jira.data.issues.findIndex((issue) => issue.key === 'GYM-4'), 1);
    const review = await reviewOf('sam');
    expect(reviewedOf(review.keyResults, keyResults.direct.id).evidence.notDone.map((issue) => issue.key)).toEqual(['GYM-3']);
    // GYM-2 and GYM-3 remain, both serving a Key Result.
    expect([review.sprint.issueCount, review.sprint.alignedShare]).toEqual([2, 1]);
    const page = dataOf(await platform.onProjectPage('sam', 'getProjectOverview'));
    expect(warningsBesidesRebuilding(page)).toEqual([]);
    expect(must(must(page.objectives[0], 'the first Objective').keyResults.find((keyResult) => keyResult.id === keyResults.direct.id), 'the directly linked Key Result').linkedIssues.total).toBe(1);
  });

  it('reviews the fiscal year’s Key Results the sprint served too, and shows their grades on the year’s page', async () => {
    const yearly = dataOf(await platform.onProjectPage('priya', 'saveObjective', { objective: { cycleId: '2026', title: 'Become the members’ favourite gym app', status: 'active' } }));
    const yearlyKeyResult = dataOf(
      await platform.onProjectPage('priya', 'saveKeyResult', {
        keyResult: { objectiveId: yearly.id, title: 'App store rating', metric: { direction: 'increase', start: 3.9, target: 4.6, current: 4.1 } },
      }),
    );
    dataOf(await platform.onIssuePanel('diego', 'linkIssue', 'GYM-4', { keyResultId: yearlyKeyResult.id }));
    await deliver(closeEvent(closeSprint()));

    const review = await reviewOf();
    expect(reviewedOf(review.keyResults, yearlyKeyResult.id).evidence.notDone.map((issue) => issue.key)).toEqual(['GYM-4']);
    dataOf(await platform.onProjectPage('priya', 'gradeKeyResult', { sprintId: 2, keyResultId: yearlyKeyResult.id, score: 0.5 }));
    const year = dataOf(await platform.onProjectPage('sam', 'getProjectOverview', { cycleId: '2026' }));
    expect(year.reviews).toEqual([expect.objectContaining({ sprintId: 2, keyResultCount: 1, gradedCount: 1 })]);
    expect(must(must(year.objectives[0], 'year.objectives[0]').keyResults[0], 'year.objectives[0].keyResults[0]').grades?.map((grade) => grade.score)).toEqual([0.5]);
  });

  it('opens no review when the sprint served no Key Result', async () => {
    dataOf(await platform.onIssuePanel('diego', 'unlinkIssue', 'GYM-1', { keyResultId: keyResults.viaEpic.id }));
    dataOf(await platform.onIssuePanel('diego', 'unlinkIssue', 'GYM-3', { keyResultId: keyResults.direct.id }));
    dataOf(await platform.onProjectPage('priya', 'setSprintKeyResults', { sprintId: 2, keyResultIds: [] }));
    expect(await deliver(closeEvent(closeSprint()))).toEqual({ recorded: true, reviewsOpened: [] });
    expect(dataOf(await platform.onProjectPage('sam', 'getProjectOverview')).reviews).toEqual([]);
  });

  it('opens no review for a project without OKRs in the cycle, and ignores a started sprint', async () => {
    const closed = closeSprint();
    dataOf(await platform.onProjectPage('priya', 'deleteObjective', { id: objective.id, expectedVersion: objective.version }));
    expect(await deliver(closeEvent(closed))).toEqual({ recorded: true, reviewsOpened: [] });
    expect(await platform.onProjectPage('priya', 'getSprintReview', { sprintId: 2 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'sprintId' } });
  });
});

describe('the sprint-closed trigger on the events a real site sends', () => {
  /** The event as Atlassian documents it: ids as strings, and here no `originBoardId` (it is optional). */
  const documentedEvent = (closed: { id: number; originBoardId?: number }) => {
    const { originBoardId: _board, ...sprint } = closed;
    return closeEvent({ ...sprint, id: String(closed.id) });
  };
  const deliveriesFrom = (start: number) => platform.forge.deliveries.slice(start).map((delivery) => [delivery.retryCount, delivery.outcome]);
  const noReview = { ok: false, error: { code: 'NOT_FOUND' } };

  it('opens the review of a sprint whose event names no board, filing the event under the board Jira names', async () => {
    const closed = closeSprint();
    platform.jira.calls.reset();
    expect(await deliver(documentedEvent(closed))).toEqual({ recorded: true, reviewsOpened: ['GYM'] });
    expect(platform.jira.calls.byRoute['GET /rest/agile/1.0/sprint/{sprintId}']).toBe(1);
    const events = await platform.forge.deliverEvent({ moduleKey: 'test', handler: () => sprintEventsOfBoard(1), event: {} });
    expect(events).toEqual([expect.objectContaining({ kind: 'closed', sprintId: 2, boardId: 1 })]);
    // Delivered again (Forge delivers at least once): still the one review.
    expect(await deliver(documentedEvent(closed))).toEqual({ recorded: false, reviewsOpened: [] });
    expect((await reviewOf()).keyResults).toHaveLength(3);
  });

  it('opens the review even when Jira does not name the board either', async () => {
    const closed = closeSprint();
    platform.jira.faults.inject({ path: '/rest/agile/1.0/sprint/2', status: 404 });
    expect(await deliver(documentedEvent(closed))).toEqual({ recorded: true, reviewsOpened: ['GYM'] });
    expect((await reviewOf()).keyResults).toHaveLength(3);
  });

  it('reads a board id it cannot use as none, rather than dropping the event', async () => {
    const closed = closeSprint();
    expect(await deliver(closeEvent({ ...closed, id: String(closed.id), originBoardId: '' }))).toEqual({ recorded: true, reviewsOpened: ['GYM'] });
  });

  it('asks Forge for the event again while Jira is rate-limiting, and the redelivery opens exactly one review', async () => {
    const closed = closeSprint();
    platform.jira.faults.inject({ path: '/rest/api/3/search/jql', status: 429, retryAfterSeconds: 60 });
    const answers: unknown[] = [];
    const handler = async (event: unknown) => {
      const answer = await sprintEventHandler(event);
      answers.push(answer);
      return answer;
    };
    const start = platform.forge.deliveries.length;
    expect(await platform.forge.deliverEvent({ moduleKey: 'sprint-events', handler, event: documentedEvent(closed) })).toEqual({ recorded: true, reviewsOpened: ['GYM'] });
    // The first delivery returned an InvocationError of @forge/events (as Forge reads it), not an exception.
    expect(answers[0]).toMatchObject({ _retry: true, retryOptions: { retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED' } });
    const { retryAfter } = (answers[0] as { retryOptions: { retryAfter: number } }).retryOptions;
    // Not sooner than the minute Jira's Retry-After asked for.
    expect(retryAfter).toBe(60);
    expect(deliveriesFrom(start)).toEqual([
      [0, 'retry'],
      [1, 'done'],
    ]);
    expect((await reviewOf()).keyResults).toHaveLength(3);
    expect(await deliver(closeEvent(closed))).toEqual({ recorded: false, reviewsOpened: [] });
  });

  it('does not have an event delivered again when the trigger fails for good, and a later delivery of it still opens the review', async () => {
    const closed = closeSprint();
    // A refusal is no passing failure: the trigger throws, which Forge logs without delivering the event again.
    platform.jira.faults.inject({ path: '/rest/api/3/search/jql', status: 400 });
    const start = platform.forge.deliveries.length;
    await expect(deliver(closeEvent(closed))).rejects.toThrow();
    expect(deliveriesFrom(start)).toEqual([[0, 'threw']]);
    expect(await platform.onProjectPage('priya', 'getSprintReview', { sprintId: 2 })).toMatchObject(noReview);
    expect(await deliver(closeEvent(closed))).toEqual({ recorded: true, reviewsOpened: ['GYM'] });
  });

  it('opens one review when Jira sends the same event twice at once, one of them redelivered after a failure', async () => {
    const closed = closeSprint();
    platform.jira.faults.inject({ path: '/rest/api/3/search/jql', status: 429, retryAfterSeconds: 60 });
    const start = platform.forge.deliveries.length;
    const [first, second] = await Promise.all([deliver(documentedEvent(closed)), deliver(documentedEvent(closed))]);
    expect([...(first.reviewsOpened ?? []), ...(second.reviewsOpened ?? [])]).toEqual(['GYM']);
    expect(deliveriesFrom(start)).toContainEqual([0, 'retry']);
    expect((await reviewOf()).keyResults).toHaveLength(3);
  });
});

describe('grading', () => {
  beforeEach(async () => {
    await deliver(closeEvent(closeSprint()));
  });

  it('lets the Product Owner and the Objective’s owner grade, and nobody else', async () => {
    const grade = (score: number) => ({ sprintId: 2, keyResultId: keyResults.viaEpic.id, score, confidence: 7, note: 'Bookings went live mid-sprint' });
    const before = kvsState();
    for (const user of ['sam', 'sofia', 'mei', 'oscar'] as const) {
      expect(await platform.onProjectPage(user, 'gradeKeyResult', grade(0.7))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(kvsState()).toBe(before);
    expect(dataOf(await platform.onProjectPage('priya', 'gradeKeyResult', grade(0.7))).lastGrade).toBe(0.7);
    // Diego owns the Objective.
    expect(dataOf(await platform.onProjectPage('diego', 'gradeKeyResult', { ...grade(0.6), keyResultId: keyResults.direct.id })).lastGrade).toBe(0.6);

    const asSam = await reviewOf('sam');
    expect([asSam.canGrade, asSam.keyResults.some((keyResult) => keyResult.canGrade)]).toEqual([false, false]);
    expect(reviewedOf(asSam.keyResults, keyResults.viaEpic.id).grade).toMatchObject({ score: 0.7, confidence: 7, note: 'Bookings went live mid-sprint', value: 19, accountId: USERS.priya });
    expect(asSam.people[USERS.priya]).toBe('Priya Natarajan');
  });

  it.each([
    ['above 1', 1.1],
    ['below 0', -0.1],
    ['off the 0.1 steps', 0.75],
    ['not a number', Number.NaN],
    ['infinite', Number.POSITIVE_INFINITY],
    ['a string', '0.7'],
    ['missing', undefined],
  ])('refuses a score %s with VALIDATION on the score, changing nothing', async (_what, score) => {
    const before = kvsState();
    const answer = await platform.onProjectPage('priya', 'gradeKeyResult', { sprintId: 2, keyResultId: keyResults.viaEpic.id, score });
    expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'score' } });
    expect(kvsState()).toBe(before);
  });

  it('refuses what the review does not hold', async () => {
    const before = kvsState();
    const other = must(dataOf(await platform.onProjectPage('priya', 'getProjectOverview')).objectives[0], 'dataOf(…).objectives[0]');
    expect(other.id).toBe(objective.id);
    const cases: Array<[unknown, string, string]> = [
      [{ sprintId: 1, keyResultId: keyResults.direct.id, score: 0.5 }, 'NOT_FOUND', 'sprintId'],
      [{ sprintId: 2, keyResultId: 'no-such-key-result', score: 0.5 }, 'VALIDATION', 'keyResultId'],
      [{ sprintId: 2, keyResultId: keyResults.direct.id, score: 0.5, value: 30 }, 'VALIDATION', 'confidence'],
      [{ sprintId: 2, keyResultId: keyResults.direct.id, score: 0.5, confidence: 11 }, 'VALIDATION', 'confidence'],
      [{ sprintId: 2, keyResultId: keyResults.direct.id, score: 0.5, grade: 1 }, 'VALIDATION', 'grade'],
    ];
    const changed = kvsState();
    for (const [payload, code, field] of cases) {
      expect(await platform.onProjectPage('priya', 'gradeKeyResult', payload)).toMatchObject({ ok: false, error: { code, field } });
    }
    expect(kvsState()).toBe(changed);
    expect(changed).toBe(before);
    // A running sprint has no review yet, and says so.
    const running = await platform.onProjectPage('priya', 'getSprintReview', { sprintId: 99 });
    expect(running).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('records a new value with the grade as a check-in, and keeps a corrected grade in the history', async () => {
    const base = { sprintId: 2, keyResultId: keyResults.direct.id };
    const first = dataOf(await platform.onProjectPage('priya', 'gradeKeyResult', { ...base, score: 0.5, confidence: 6, value: 28, note: 'Halfway' }));
    expect([first.metric.current, first.checkIns.length, first.lastCheckIn?.value, first.lastGrade]).toEqual([28, 1, 28, 0.5]);
    dataOf(await platform.onProjectPage('priya', 'gradeKeyResult', { ...base, score: 0.6 }));

    const entry = reviewedOf((await reviewOf()).keyResults, keyResults.direct.id);
    expect(entry.grade).toMatchObject({ score: 0.6, value: 28 });
    expect(entry.corrections).toEqual([expect.objectContaining({ score: 0.5, confidence: 6, note: 'Halfway', value: 28 })]);
    const history = dataOf(await platform.onProjectPage('sam', 'getHistory', { keyResultId: keyResults.direct.id })).changes;
    expect(history.slice(0, 2).map((change) => change.what)).toEqual(['keyResult.grade-corrected', 'keyResult.graded']);
    expect(history[0]).toMatchObject({ before: { sprintName: 'GYM Sprint 2', grade: { score: 0.5 } }, after: { grade: { score: 0.6 } }, accountId: USERS.priya });
  });

  it('shows the grades on the project page: per Key Result, per Objective weighted, and the review still to finish', async () => {
    const page = async () => dataOf(await platform.onProjectPage('sam', 'getProjectOverview'));
    expect((await page()).reviews).toEqual([{ sprintId: 2, sprintName: 'GYM Sprint 2', closedAt: NOW.toISOString(), keyResultCount: 3, gradedCount: 0 }]);
    dataOf(await platform.onProjectPage('priya', 'gradeKeyResult', { sprintId: 2, keyResultId: keyResults.viaEpic.id, score: 0.8 }));
    dataOf(await platform.onProjectPage('priya', 'gradeKeyResult', { sprintId: 2, keyResultId: keyResults.direct.id, score: 0.5 }));

    const after = await page();
    expect(after.reviews[0]).toMatchObject({ keyResultCount: 3, gradedCount: 2 });
    const shown = must(after.objectives[0], 'after.objectives[0]');
    // Two of three graded is not the Objective's grade yet: it says how many are graded.
    expect([shown.grade, shown.graded]).toEqual([null, { count: 2, of: 3 }]);
    const viaEpic = must(shown.keyResults.find((keyResult) => keyResult.id === keyResults.viaEpic.id), 'shown.keyResults.find((keyResult) => keyResult.id === keyResults.viaEpic.id)');
    expect([viaEpic.lastGrade, viaEpic.grades?.map((grade) => [grade.sprintName, grade.score])]).toEqual([0.8, [['GYM Sprint 2', 0.8]]]);
    expect(after.grading).toEqual({ average: 0.65, count: 2, targetsMayBeTooLow: false });

    dataOf(await platform.onProjectPage('priya', 'gradeKeyResult', { sprintId: 2, keyResultId: keyResults.tiedOnly.id, score: 0.3 }));
    const graded = must((await page()).objectives[0], 'graded objective');
    // All graded: (2 × 0.8 + 1 × 0.5 + 1 × 0.3) / 4 = 0.6.
    expect([graded.grade, graded.graded]).toEqual([0.6, { count: 3, of: 3 }]);
  });

  it('tells a team whose grades average 0.95 or more that its targets may be too low', async () => {
    for (const keyResult of Object.values(keyResults)) {
      dataOf(await platform.onProjectPage('priya', 'gradeKeyResult', { sprintId: 2, keyResultId: keyResult.id, score: 1 }));
    }
    expect(dataOf(await platform.onProjectPage('sofia', 'getProjectOverview')).grading).toEqual({ average: 1, count: 3, targetsMayBeTooLow: true });
  });

  it('keeps every grade when several are given at once', async () => {
    const answers = await Promise.all(
      Object.values(keyResults).map((keyResult, index) =>
        platform.onProjectPage('priya', 'gradeKeyResult', { sprintId: 2, keyResultId: keyResult.id, score: (index + 5) / 10, confidence: 5, value: 20 + index }),
      ),
    );
    expect(answers.every((answer) => answer.ok)).toBe(true);
    const review = await reviewOf();
    const shown = Object.values(keyResults).map((keyResult) => reviewedOf(review.keyResults, keyResult.id));
    expect(shown.map((keyResult) => keyResult.grade?.score)).toEqual([0.5, 0.6, 0.7]);
    expect(shown.map((keyResult) => keyResult.metric.current)).toEqual([20, 21, 22]);
  });

  it('exports the reviews with their grades, and imports them back unchanged', async () => {
    dataOf(await platform.onProjectPage('priya', 'gradeKeyResult', { sprintId: 2, keyResultId: keyResults.direct.id, score: 0.4, confidence: 4, value: 22 }));
    const exported = dataOf(await platform.onProjectPage('priya', 'exportData'));
    expect(exported.sprintReviews).toEqual([expect.objectContaining({ sprintId: 2, sprintName: 'GYM Sprint 2' })]);
    expect((exported.keyResults as Array<{ id: string; lastGrade?: unknown }>).find((keyResult) => keyResult.id === keyResults.direct.id)?.lastGrade).toEqual({
      score: 0.4,
      sprintId: 2,
      closedAt: NOW.toISOString(),
    });
    // The snapshot of the sprint's issues (read as the app) does not leave in the file…
    expect(must((exported.sprintReviews as Array<{ issues: unknown[] }>)[0], '(exported.sprintReviews as Array<{ issues: unknown[] }>)[0]').issues).toEqual([]);
    const reimported = dataOf(await platform.onProjectPage('priya', 'importData', { data: exported }));
    expect({ ...reimported, exportedAt: 'x' }).toEqual({ ...exported, exportedAt: 'x' });
    // …and importing the file back keeps the one stored.
    expect(reviewedOf((await reviewOf()).keyResults, keyResults.direct.id).evidence.notDone.map((issue) => issue.key)).toEqual(['GYM-3']);

    // A file whose review belongs to another project changes nothing.
    const before = kvsState();
    const foreign = { ...exported, sprintReviews: [{ ...(exported.sprintReviews as object[])[0], projectKey: 'OPS' }] };
    expect(await platform.onProjectPage('priya', 'importData', { data: foreign })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'data.sprintReviews[0].projectKey' },
    });
    expect(kvsState()).toBe(before);
  });
});
