// What a failed transaction means is judged by what storage holds afterwards, never by its error code
// (Forge documents none for a failed condition): a lost race is a CONFLICT whatever storage answers,
// a storage fault is a failure even when it looks like a conflict, and a write whose answer was lost
// on the way back is reported done, once.
import type { KeyResultView, Objective } from '../src/contract';
import { inconsistencies } from './support/consistency';
import { dataOf, startPlatform, type TestPlatform } from './support/platform';
import { must } from './support/must';

let platform: TestPlatform;
afterEach(async () => {
  try {
    expect(await inconsistencies(platform)).toEqual([]);
  } finally {
    platform.close();
  }
});

async function keyResultOnSite(options: Parameters<typeof startPlatform>[0] = {}): Promise<{ objective: Objective; keyResult: KeyResultView }> {
  platform = startPlatform(options);
  const cycleId = dataOf(await platform.onProjectPage('priya', 'getProjectOverview')).cycle.id;
  const objective = dataOf(await platform.onProjectPage('priya', 'saveObjective', { objective: { cycleId, title: 'Members train more', status: 'active' } }));
  const keyResult = dataOf(
    await platform.onProjectPage('priya', 'saveKeyResult', {
      keyResult: { objectiveId: objective.id, title: 'Weekly active members', metric: { direction: 'increase', start: 40, target: 60, current: 40, unit: '%' } },
    }),
  );
  return { objective, keyResult };
}

const edit = (objective: Objective, keyResult: KeyResultView, title: string) =>
  platform.onProjectPage('priya', 'saveKeyResult', {
    keyResult: { id: keyResult.id, objectiveId: objective.id, title, metric: keyResult.metric },
    expectedVersion: keyResult.version,
  });
const historyOf = async (keyResult: KeyResultView) => dataOf(await platform.onProjectPage('sam', 'getHistory', { keyResultId: keyResult.id })).changes.map((change) => change.what);

describe.each([
  [400, 'INVALID_REQUEST'],
  [500, 'INTERNAL_SERVER_ERROR'],
])('when storage answers a failed condition with %i %s', (status, code) => {
  it('still tells the writers who lost the race CONFLICT, and writes only the winner', async () => {
    const { objective, keyResult } = await keyResultOnSite({ kvs: { conditionFailure: { status, code } } });
    const answers = await Promise.all(Array.from({ length: 8 }, (_, n) => edit(objective, keyResult, `Weekly active members (${n})`)));
    expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
    expect(answers.filter((answer) => !answer.ok).map((answer) => !answer.ok && answer.error.code)).toEqual(Array(7).fill('CONFLICT'));
    expect(await historyOf(keyResult)).toEqual(['keyResult.updated', 'keyResult.created']);
  });

  it('keeps every one of several check-ins made at once', async () => {
    const { keyResult } = await keyResultOnSite({ kvs: { conditionFailure: { status, code } } });
    const answers = await Promise.all([41, 42, 43, 44].map((value) => platform.onProjectPage('priya', 'checkIn', { keyResultId: keyResult.id, value, confidence: 6 })));
    expect(answers.every((answer) => answer.ok)).toBe(true);
    const shown = must(must(dataOf(await platform.onProjectPage('sam', 'getProjectOverview')).objectives[0], 'dataOf(…).objectives[0]').keyResults[0], 'dataOf(…).objectives[0].keyResults[0]');
    expect(shown.checkIns.map((checkIn) => checkIn.value).sort()).toEqual([41, 42, 43, 44]);
  });
});

it('reports a storage fault on the write as a failure, not a CONFLICT, even when it reads like one, and writes nothing', async () => {
  const { objective, keyResult } = await keyResultOnSite();
  const before = platform.kvs.snapshot();
  platform.kvs.failOnCall(1, 409, { code: 'TRANSACTION_CONFLICT', message: 'Conflict' }, { path: '/api/v1/transaction' });
  const answer = await edit(objective, keyResult, 'Members training weekly').catch((error: Error) => ({ ok: false as const, error: { code: 'THROWN', message: error.message } }));
  expect(answer).toMatchObject({ ok: false, error: { code: 'THROWN' } });
  expect(platform.kvs.snapshot()).toBe(before);
  // Nothing had changed, so trying again with the same version succeeds.
  expect(dataOf(await edit(objective, keyResult, 'Members training weekly')).title).toBe('Members training weekly');
});

it('reports a write whose answer was lost after it was stored as done, and records it once', async () => {
  const { objective, keyResult } = await keyResultOnSite();
  platform.kvs.failOnCall(1, 504, undefined, { path: '/api/v1/transaction', afterServing: true });
  const answer = await edit(objective, keyResult, 'Members training weekly');
  expect(answer).toMatchObject({ ok: true, data: { title: 'Members training weekly', version: keyResult.version + 1 } });
  expect(await historyOf(keyResult)).toEqual(['keyResult.updated', 'keyResult.created']);

  platform.kvs.failOnCall(1, 504, undefined, { path: '/api/v1/transaction', afterServing: true });
  expect(await platform.onProjectPage('priya', 'checkIn', { keyResultId: keyResult.id, value: 47, confidence: 7 })).toMatchObject({ ok: true, data: { metric: { current: 47 } } });
  const shown = must(must(dataOf(await platform.onProjectPage('sam', 'getProjectOverview')).objectives[0], 'dataOf(…).objectives[0]').keyResults[0], 'dataOf(…).objectives[0].keyResults[0]');
  expect(shown.checkIns.map((checkIn) => checkIn.value)).toEqual([47]);
});
