// Carrying OKRs over at a cycle's end, through the real handler: a Product Owner carries an Objective
// and its unfinished Key Results into the next cycle; the copies start where the old ones stand and
// name them, the old ones are graded, closed and name their copies; nothing is carried twice, a stale
// version or a refusal writes nothing, and an export and import keep the threads.
import { DEMO_TODAY } from '../local/jira/demo-data';
import type { KeyResultView, ObjectiveView, PayloadOf } from '../src/contract';
import { inconsistencies } from './support/consistency';
import { pinClock } from './support/fixture';
import { dataOf, type DemoUser, startPlatform, type TestPlatform, USERS } from './support/platform';
import { must } from './support/must';

// 2026-11-23: Q4 2026 runs; the next cycle is Q1 2027.
beforeAll(() => pinClock(DEMO_TODAY));
afterAll(() => jest.useRealTimers());

let platform: TestPlatform;
beforeEach(() => {
  platform = startPlatform();
});
afterEach(async () => {
  try {
    // Whatever was carried or refused, links, digests and Key Results agree afterwards.
    expect(await inconsistencies(platform)).toEqual([]);
  } finally {
    platform.close();
  }
});

const Q4 = '2026-Q4';
const Q1 = '2027-Q1';

async function objectiveWith(keyResults: Array<{ title: string; start: number; target: number; current: number; direction?: 'increase' | 'decrease' | 'stay-above' }>, status: 'active' | 'draft' = 'active', title = 'Members reach their goals') {
  const objective = dataOf(await platform.onProjectPage('priya', 'saveObjective', { objective: { cycleId: Q4, title, status, ownerAccountId: USERS.diego } }));
  const saved: KeyResultView[] = [];
  for (const { title: krTitle, start, target, current, direction = 'increase' } of keyResults) {
    saved.push(dataOf(await platform.onProjectPage('priya', 'saveKeyResult', { keyResult: { objectiveId: objective.id, title: krTitle, metric: { direction, start, target, current, unit: '%' }, weight: 2 } })));
  }
  return { objective, keyResults: saved };
}

const overviewOf = async (cycleId: string, as: DemoUser = 'priya') => dataOf(await platform.onProjectPage(as, 'getProjectOverview', { cycleId }));
const shown = (objectives: ObjectiveView[], title: string) => must(objectives.find((objective) => objective.title === title), title);
/** Key Results made at one pinned moment have no order of their own: by title. */
const byTitle = (keyResults: KeyResultView[]) => [...keyResults].sort((a, b) => a.title.localeCompare(b.title));
const named = (keyResults: KeyResultView[], title: string) => must(keyResults.find((keyResult) => keyResult.title === title), title);
const carry = (payload: PayloadOf<'carryOverObjective'>, as: DemoUser = 'priya') => platform.onProjectPage(as, 'carryOverObjective', payload);

describe('carrying an Objective over', () => {
  it('copies it and the chosen Key Results into the next cycle, starting from where they stand, and grades and closes the old ones', async () => {
    const { objective, keyResults } = await objectiveWith([
      { title: 'Members with a training plan', start: 20, target: 60, current: 44 },
      { title: 'Members who return weekly', start: 10, target: 40, current: 16 },
      { title: 'Members who book a class', start: 0, target: 10, current: 3 },
    ]);
    const [plan, weekly, classes] = keyResults as [KeyResultView, KeyResultView, KeyResultView];
    const carried = dataOf(
      await carry({
        objectiveId: objective.id,
        expectedVersion: objective.version,
        keyResults: [
          { id: plan.id, expectedVersion: plan.version, score: 0.5 },
          // No score: graded by its progress, 6 of 30 = 0.2.
          { id: weekly.id, expectedVersion: weekly.version },
        ],
        note: 'Plans took longer to roll out than we thought',
      }),
    );
    expect(carried.from).toMatchObject({ id: objective.id, status: 'done', carriedTo: { cycleId: Q1, objectiveId: carried.to.id }, version: objective.version + 1 });
    expect(carried.to).toMatchObject({ cycleId: Q1, title: objective.title, status: 'active', ownerAccountId: USERS.diego, carriedFrom: { cycleId: Q4, objectiveId: objective.id }, version: 1 });
    expect(carried.keyResults.map(({ from, score }) => [from, score])).toEqual([
      [plan.id, 0.5],
      [weekly.id, 0.2],
    ]);

    // The next cycle: the copy, its Key Results starting from the old values, each naming the one it continues.
    const next = shown((await overviewOf(Q1)).objectives, objective.title);
    expect(next).toMatchObject({ id: carried.to.id, status: 'active', carriedFrom: { cycleId: Q4, objectiveId: objective.id } });
    expect(next.keyResults.map((keyResult) => [keyResult.title, keyResult.metric, keyResult.weight, keyResult.progress, keyResult.checkInCount, keyResult.carriedFrom?.keyResultId])).toEqual([
      ['Members with a training plan', { direction: 'increase', start: 44, target: 60, current: 44, unit: '%' }, 2, 0, 0, plan.id],
      ['Members who return weekly', { direction: 'increase', start: 16, target: 40, current: 16, unit: '%' }, 2, 0, 0, weekly.id],
    ]);

    // This cycle: the old Objective is done (no longer in process), its carried Key Results graded and naming their copies.
    const overview = await overviewOf(Q4);
    expect(overview.okrLimit.inProcess).toBe(0);
    const old = shown(overview.objectives, objective.title);
    expect(old).toMatchObject({ status: 'done', carriedTo: { cycleId: Q1, objectiveId: carried.to.id } });
    const copies = new Map(carried.keyResults.map(({ from, to }) => [from, to]));
    expect(byTitle(old.keyResults).map((keyResult) => [keyResult.title, keyResult.lastGrade, keyResult.carriedTo?.keyResultId, keyResult.stale])).toEqual([
      // Not chosen: left as it was.
      ['Members who book a class', null, undefined, classes.stale],
      ['Members who return weekly', 0.2, copies.get(weekly.id), false],
      ['Members with a training plan', 0.5, copies.get(plan.id), false],
    ]);

    // Each history says so, with the note.
    const history = dataOf(await platform.onProjectPage('sofia', 'getHistory', { keyResultId: plan.id }));
    expect(history.changes[0]).toMatchObject({ what: 'keyResult.carried-over', reason: 'Plans took longer to roll out than we thought', before: { grade: null }, after: { grade: 0.5, value: 44, carriedTo: Q1 } });
    const copyHistory = dataOf(await platform.onProjectPage('sofia', 'getHistory', { objectiveId: carried.to.id }));
    expect(copyHistory.changes.map((change) => change.what)).toEqual(['objective.carried-in']);
  });

  it('takes no more check-ins on a Key Result carried over, keeps the threads through edits, and checks in on the copy', async () => {
    const { objective, keyResults } = await objectiveWith([{ title: 'Members with a training plan', start: 20, target: 60, current: 44 }]);
    const kr = must(keyResults[0], 'kr');
    const carried = dataOf(await carry({ objectiveId: objective.id, expectedVersion: objective.version, keyResults: [{ id: kr.id, expectedVersion: kr.version }] }));
    expect(await platform.onProjectPage('priya', 'checkIn', { keyResultId: kr.id, value: 50, confidence: 7 })).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: `This Key Result was carried over to ${Q1}, where its copy takes the check-ins now.`, field: 'keyResultId' },
    });
    // Nor does a value another system pushes land on it.
    const { url, secretValue } = dataOf(await platform.onProjectPage('priya', 'createPushSecret', {}));
    const where = new URL(url);
    const pushed = await platform.forge.invokeWebTrigger({
      method: 'POST',
      url: `${where.pathname}${where.search}`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secretValue}` },
      body: JSON.stringify({ keyResultId: kr.id, value: 51 }),
    });
    expect([pushed.status, JSON.parse(pushed.body)]).toEqual([409, { ok: false, error: { code: 'LIMIT', message: `This Key Result was carried over to ${Q1}, where its copy takes the check-ins now.` } }]);
    const copyId = must(carried.keyResults[0], 'copy').to;
    expect(dataOf(await platform.onProjectPage('priya', 'checkIn', { keyResultId: copyId, value: 50, confidence: 7 })).metric).toMatchObject({ start: 44, current: 50 });

    // An edit of either keeps the threads.
    const old = must(shown((await overviewOf(Q4)).objectives, objective.title).keyResults[0], 'old');
    const edited = dataOf(
      await platform.onProjectPage('priya', 'saveKeyResult', { keyResult: { id: old.id, objectiveId: objective.id, title: 'Members on a plan', metric: old.metric }, expectedVersion: old.version, reason: 'Shorter' }),
    );
    expect(edited).toMatchObject({ title: 'Members on a plan', carriedTo: { keyResultId: copyId }, lastGrade: 0.6 });
    const copyObjective = dataOf(
      await platform.onProjectPage('priya', 'saveObjective', { objective: { id: carried.to.id, cycleId: Q1, title: 'Members reach their goals, again', status: 'active' }, expectedVersion: carried.to.version, reason: 'Reworded' }),
    );
    expect(copyObjective.carriedFrom).toEqual(carried.to.carriedFrom);
  });

  it('carries nothing twice: the same carry-over again is refused and writes nothing; a Key Result left behind joins the copy later', async () => {
    const { objective, keyResults } = await objectiveWith([
      { title: 'Members with a training plan', start: 20, target: 60, current: 44 },
      { title: 'Members who return weekly', start: 10, target: 40, current: 16 },
    ]);
    const [plan, weekly] = keyResults as [KeyResultView, KeyResultView];
    const payload = { objectiveId: objective.id, expectedVersion: objective.version, keyResults: [{ id: plan.id, expectedVersion: plan.version }] };
    const first = dataOf(await carry(payload));

    const before = platform.kvs.snapshot();
    // The same request again (a double click, a retry): its versions are stale now.
    expect(await carry(payload)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // Made again on what is stored now: refused, saying where it went.
    const closed = first.from;
    const closedPlan = named(shown((await overviewOf(Q4)).objectives, objective.title).keyResults, plan.title);
    expect(await carry({ objectiveId: objective.id, expectedVersion: closed.version, keyResults: [{ id: plan.id, expectedVersion: closedPlan.version }] })).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: `“Members with a training plan” was carried over to ${Q1} already; it goes on there.`, field: 'keyResults.0.id' },
    });
    expect(await carry({ objectiveId: objective.id, expectedVersion: closed.version, keyResults: [] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining(`was carried over to ${Q1} already`), field: 'keyResults' },
    });
    expect(platform.kvs.snapshot()).toBe(before);
    expect(shown((await overviewOf(Q1)).objectives, objective.title).keyResults).toHaveLength(1);

    // The Key Result left behind joins the same copy; the Objective stays as it was.
    const second = dataOf(await carry({ objectiveId: objective.id, expectedVersion: closed.version, keyResults: [{ id: weekly.id, expectedVersion: weekly.version, score: 0.3 }] }));
    expect(second.to.id).toBe(first.to.id);
    expect(second.from.version).toBe(closed.version);
    const next = (await overviewOf(Q1)).objectives.filter((shownObjective) => shownObjective.title === objective.title);
    expect(next).toHaveLength(1);
    expect(byTitle(must(next[0], 'copy').keyResults).map((keyResult) => [keyResult.title, keyResult.metric.start])).toEqual([
      ['Members who return weekly', 16],
      ['Members with a training plan', 44],
    ]);
  });

  it('refuses what is not to be carried, saying why, and writes nothing', async () => {
    const { objective, keyResults } = await objectiveWith([
      { title: 'Members with a training plan', start: 20, target: 60, current: 60 },
      { title: 'NPS stays above 40', start: 45, target: 40, current: 45, direction: 'stay-above' },
    ]);
    const [reachedKr, floor] = keyResults as [KeyResultView, KeyResultView];
    const before = platform.kvs.snapshot();
    expect(await carry({ objectiveId: objective.id, expectedVersion: objective.version, keyResults: [{ id: reachedKr.id, expectedVersion: reachedKr.version }] })).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: '“Members with a training plan” reached its target: it is finished, not carried over.', field: 'keyResults.0.id' },
    });
    // A stale version of a Key Result: nothing at all is written.
    expect(await carry({ objectiveId: objective.id, expectedVersion: objective.version, keyResults: [{ id: floor.id, expectedVersion: floor.version + 1 }] })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await carry({ objectiveId: objective.id, expectedVersion: objective.version + 1, keyResults: [] })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // Neither the Scrum Master (no right to write OKRs) nor the Objective's owner (who may grade, not write) carries it.
    expect(await carry({ objectiveId: objective.id, expectedVersion: objective.version, keyResults: [] }, 'sam')).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Only a Product Owner of GYM or a project admin can carry OKRs over.' },
    });
    expect(await carry({ objectiveId: objective.id, expectedVersion: objective.version, keyResults: [] }, 'diego')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // A dropped Objective, and one of a cycle that has not begun.
    const dropped = dataOf(await platform.onProjectPage('priya', 'saveObjective', { objective: { cycleId: Q4, title: 'Open a third club', status: 'dropped' } }));
    const later = dataOf(await platform.onProjectPage('priya', 'saveObjective', { objective: { cycleId: Q1, title: 'Members feel at home', status: 'draft' } }));
    const afterSetup = platform.kvs.snapshot();
    expect(await carry({ objectiveId: dropped.id, expectedVersion: dropped.version, keyResults: [] })).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: '“Open a third club” is dropped: only an Objective in draft or in process is carried over.', field: 'objectiveId' },
    });
    expect(await carry({ objectiveId: later.id, expectedVersion: later.version, keyResults: [] })).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'Q1 2027 has not begun: its OKRs are carried over at its end, not before.', field: 'objectiveId' },
    });
    expect(platform.kvs.snapshot()).toBe(afterSetup);
    expect(before).not.toBe(afterSetup);

    // A floor to hold goes on being held: it may be carried.
    expect(dataOf(await carry({ objectiveId: objective.id, expectedVersion: objective.version, keyResults: [{ id: floor.id, expectedVersion: floor.version }] })).keyResults).toHaveLength(1);
  });

  it('counts the copy against the next cycle’s OKR limit, unless a reason to go past it is given', async () => {
    for (const title of ['One', 'Two', 'Three']) dataOf(await platform.onProjectPage('priya', 'saveObjective', { objective: { cycleId: Q1, title, status: 'active' } }));
    const { objective } = await objectiveWith([]);
    const before = platform.kvs.snapshot();
    expect(await carry({ objectiveId: objective.id, expectedVersion: objective.version, keyResults: [] })).toEqual({
      ok: false,
      error: {
        code: 'LIMIT',
        message: 'GYM already has 3 of 3 OKRs in process in Q1 2027: “Members reach their goals” would be one more there. Finish or drop one of them first, or go past the limit with a written reason.',
        field: 'overrideLimitReason',
      },
    });
    expect(platform.kvs.snapshot()).toBe(before);
    const carried = dataOf(await carry({ objectiveId: objective.id, expectedVersion: objective.version, keyResults: [], overrideLimitReason: 'Members come first this quarter' }));
    expect(carried.to.limitOverride).toMatchObject({ objectiveId: carried.to.id, reason: 'Members come first this quarter', accountId: USERS.priya });
    expect((await overviewOf(Q1)).okrLimit.inProcess).toBe(4);
    // A draft is carried as a draft: no limit to count against.
    const draft = await objectiveWith([], 'draft', 'Members bring a friend');
    expect(dataOf(await carry({ objectiveId: draft.objective.id, expectedVersion: draft.objective.version, keyResults: [] })).to.status).toBe('draft');
  });

  it('keeps the threads through an export and an import', async () => {
    const { objective, keyResults } = await objectiveWith([{ title: 'Members with a training plan', start: 20, target: 60, current: 44 }]);
    const kr = must(keyResults[0], 'kr');
    const carried = dataOf(await carry({ objectiveId: objective.id, expectedVersion: objective.version, keyResults: [{ id: kr.id, expectedVersion: kr.version, score: 0.4 }] }));
    const exported = dataOf(await platform.onProjectPage('priya', 'exportData'));
    const objectives = exported.objectives as Array<Record<string, unknown>>;
    const krs = exported.keyResults as Array<Record<string, unknown>>;
    expect(objectives.find((candidate) => candidate.id === objective.id)).toMatchObject({ carriedTo: { cycleId: Q1, objectiveId: carried.to.id } });
    expect(krs.find((candidate) => candidate.id === kr.id)).toMatchObject({ carriedTo: { keyResultId: must(carried.keyResults[0], 'pair').to }, lastGrade: { score: 0.4, accountId: USERS.priya } });

    // The project emptied, then imported back: every record as it was.
    dataOf(await platform.onProjectPage('priya', 'importData', { data: { ...exported, objectives: [], keyResults: [], changes: [] } }));
    expect((await overviewOf(Q1)).objectives).toEqual([]);
    dataOf(await platform.onProjectPage('priya', 'importData', { data: exported }));
    const again = dataOf(await platform.onProjectPage('priya', 'exportData'));
    const byId = (list: unknown) => Object.fromEntries((list as Array<{ id: string }>).map((record) => [record.id, record]));
    for (const section of ['objectives', 'keyResults'] as const) expect(byId(again[section])).toEqual(byId(exported[section]));
    const next = shown((await overviewOf(Q1)).objectives, objective.title);
    expect(must(next.keyResults[0], 'copy').carriedFrom).toMatchObject({ cycleId: Q4, objectiveId: objective.id, keyResultId: kr.id });
  });

  it('carries once when ten ask at once, and makes one copy', async () => {
    const { objective, keyResults } = await objectiveWith([{ title: 'Members with a training plan', start: 20, target: 60, current: 44 }]);
    const kr = must(keyResults[0], 'kr');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => carry({ objectiveId: objective.id, expectedVersion: objective.version, keyResults: [{ id: kr.id, expectedVersion: kr.version }] })),
    );
    expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
    expect(answers.filter((answer) => !answer.ok).map((answer) => !answer.ok && answer.error.code)).toEqual(Array(9).fill('CONFLICT'));
    const copies = (await overviewOf(Q1)).objectives.filter((shownObjective) => shownObjective.title === objective.title);
    expect(copies.map((copy) => copy.keyResults.length)).toEqual([1]);
  });

  it('loses nothing to a check-in made while it is carried: either the carry-over or the check-in happens first, whole', async () => {
    const { objective, keyResults } = await objectiveWith([{ title: 'Members with a training plan', start: 20, target: 60, current: 44 }]);
    const kr = must(keyResults[0], 'kr');
    const [carried, checkedIn] = await Promise.all([
      carry({ objectiveId: objective.id, expectedVersion: objective.version, keyResults: [{ id: kr.id, expectedVersion: kr.version }] }),
      platform.onProjectPage('priya', 'checkIn', { keyResultId: kr.id, value: 50, confidence: 7 }),
    ]);
    const old = named(shown((await overviewOf(Q4)).objectives, objective.title).keyResults, kr.title);
    const copies = (await overviewOf(Q1)).objectives.filter((shownObjective) => shownObjective.title === objective.title);
    if (carried.ok) {
      // Carried first: the check-in is refused, and the copy starts from the value the old one closed with.
      expect(checkedIn).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'keyResultId' } });
      expect([old.metric.current, old.carriedTo?.keyResultId, copies.map((copy) => must(copy.keyResults[0], 'copy').metric.start)]).toEqual([44, must(carried.data.keyResults[0], 'pair').to, [44]]);
    } else {
      // Checked in first: the carry-over was made on a Key Result that changed, and wrote nothing.
      expect([carried.error.code, checkedIn.ok, old.metric.current, old.carriedTo, copies]).toEqual(['CONFLICT', true, 50, undefined, []]);
    }
  });
});
