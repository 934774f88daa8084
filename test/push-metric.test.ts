// The push endpoint, driven as Forge drives it: an HTTP request to the web trigger URL the app got
// from `webTrigger.getUrl`, served by the local runtime, which invokes the manifest's function with
// the request as JSON and answers its { statusCode, headers, body }. The secret comes from the
// settings page's resolvers, as a Product Owner makes it.
import { createDemoData, DEMO_TODAY } from '../local/jira/demo-data';
import { demoOkrExport } from '../local/demo-okrs';
import type { KeyResultView, PushEndpoint } from '../src/contract';
import { PUSH_RATE } from '../src/store/push-secrets';
import { pinClock } from './support/fixture';
import { must } from './support/must';
import { dataOf, startPlatform, type TestPlatform } from './support/platform';

beforeAll(() => pinClock(DEMO_TODAY));
afterAll(() => jest.useRealTimers());

let platform: TestPlatform;
let endpoint: PushEndpoint;
let secret: string;
let keyResult: KeyResultView;

// One platform for the file (the demo's import is the slow part): each test pushes at times of its own.
beforeAll(async () => {
  platform = startPlatform({ data: createDemoData({ today: DEMO_TODAY }) });
  dataOf(await platform.onProjectPage('priya', 'importData', { data: demoOkrExport(DEMO_TODAY) }));
  const made = dataOf(await platform.onProjectPage('priya', 'createPushSecret', {}));
  endpoint = made;
  secret = made.secretValue;
  const overview = dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
  keyResult = must(overview.objectives.flatMap((objective) => objective.keyResults).find((kr) => kr.confidence !== null), 'a Key Result with a confidence');
});
afterAll(() => platform.close());

/** POSTs (or another method) to the endpoint's URL, as a job would. */
async function push(body: unknown, options: { method?: string; secret?: string | null; url?: string; raw?: boolean } = {}) {
  const url = new URL(options.url ?? endpoint.url);
  const token = options.secret === undefined ? secret : options.secret;
  const response = await platform.forge.invokeWebTrigger({
    method: options.method ?? 'POST',
    url: `${url.pathname}${url.search}`,
    headers: { 'content-type': 'application/json', ...(token !== null ? { authorization: `Bearer ${token}` } : {}) },
    body: options.raw ? String(body) : JSON.stringify(body),
  });
  return { ...response, json: response.body ? (JSON.parse(response.body) as { ok: boolean; replayed?: boolean; error?: { code: string; message: string; field?: string } }) : null };
}

const keyResultNow = async (id: string) =>
  must(
    dataOf(await platform.onProjectPage('priya', 'getProjectOverview'))
      .objectives.flatMap((objective) => objective.keyResults)
      .find((kr) => kr.id === id),
    id,
  );

describe('the endpoint', () => {
  it('is the manifest web trigger’s URL, naming the project', () => {
    expect(endpoint.url).toMatch(/^http:\/\/127\.0\.0\.1:8080\/x1\/local-push-metric\?project=GYM$/);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('records a value as a pushed check-in, confidence carried from the last person’s, and answers 201', async () => {
    const answer = await push({ keyResultId: keyResult.id, value: 123.5, note: 'nightly export' });
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({ ok: true, replayed: false });
    const after = await keyResultNow(keyResult.id);
    const at = new Date().toISOString();
    const pushed = must(after.lastCheckIn, 'the pushed check-in');
    const lastTyped = must(keyResult.checkIns.filter((checkIn) => (checkIn.source ?? 'typed') === 'typed').at(-1), 'a typed check-in');
    expect(pushed).toMatchObject({ at, source: 'pushed', value: 123.5, note: 'nightly export', confidence: lastTyped.confidence });
    // The Key Result's confidence stays the team's (a typed check-in's, or a grade's): a pushed value never moves it.
    expect(after.confidence).toBe(keyResult.confidence);
    expect(after.metric.current).toBe(123.5);
    expect(after.burnUp.at(-1)).toEqual({ at, value: 123.5, source: 'pushed' });
  });

  it('is idempotent on (Key Result, at): the same value again is a 200 replay, another value a 409', async () => {
    const at = '2026-11-16T06:00:00Z';
    expect((await push({ keyResultId: keyResult.id, value: 7, at })).status).toBe(201);
    const before = (await keyResultNow(keyResult.id)).version;
    const replay = await push({ keyResultId: keyResult.id, value: 7, at: '2026-11-16T06:00:00.000Z' });
    expect([replay.status, replay.json?.replayed]).toEqual([200, true]);
    const other = await push({ keyResultId: keyResult.id, value: 8, at });
    expect([other.status, other.json?.error?.code]).toEqual([409, 'CONFLICT']);
    expect((await keyResultNow(keyResult.id)).checkIns.filter((checkIn) => checkIn.at === '2026-11-16T06:00:00.000Z')).toEqual([expect.objectContaining({ value: 7, source: 'pushed' })]);
    // A replay writes nothing to the Key Result.
    expect((await keyResultNow(keyResult.id)).version).toBe(before);
  });
});

describe('confidence and the stored data', () => {
  it('a value pushed before anyone checked in carries no confidence, and the Key Result has none', async () => {
    const objectiveId = must(dataOf(await platform.onProjectPage('priya', 'getProjectOverview')).objectives[0], 'an Objective').id;
    const fresh = dataOf(
      await platform.onProjectPage('priya', 'saveKeyResult', { keyResult: { objectiveId, title: 'Members who answer the survey', metric: { direction: 'increase', start: 0, target: 40, current: 0, unit: '%' } } }),
    );
    expect((await push({ keyResultId: fresh.id, value: 12, at: '2026-11-14T05:00:00Z' })).status).toBe(201);
    const after = await keyResultNow(fresh.id);
    expect(after.lastCheckIn).toEqual({ at: '2026-11-14T05:00:00.000Z', accountId: must(endpoint.secret, 'the secret').createdBy, value: 12, source: 'pushed' });
    expect([after.confidence, after.metric.current]).toEqual([null, 12]);
  });

  it('pushed check-ins export and import back as they are', async () => {
    const exported = dataOf(await platform.onProjectPage('priya', 'exportData'));
    expect(JSON.stringify(exported)).toContain('"source":"pushed"');
    const imported = dataOf(await platform.onProjectPage('priya', 'importData', { data: exported }));
    expect(imported.projectKey).toBe('GYM');
    expect((await keyResultNow(keyResult.id)).checkIns.some((checkIn) => checkIn.source === 'pushed')).toBe(true);
  });
});

describe('refusals, each with nothing recorded', () => {
  type Refusal = { what: string; send: () => Promise<{ status: number; json: { error?: { code: string; field?: string } } | null; headers: Record<string, string> }>; status: number; code: string; field?: string };
  const cases: Refusal[] = [
    { what: 'a wrong secret', send: () => push({ keyResultId: keyResult.id, value: 1 }, { secret: 'x'.repeat(43) }), status: 401, code: 'UNAUTHORIZED' },
    { what: 'no secret', send: () => push({ keyResultId: keyResult.id, value: 1 }, { secret: null }), status: 401, code: 'UNAUTHORIZED' },
    { what: 'GYM’s secret for OPS', send: () => push({ keyResultId: keyResult.id, value: 1 }, { url: endpoint.url.replace('GYM', 'OPS') }), status: 401, code: 'UNAUTHORIZED' },
    { what: 'no project in the URL', send: () => push({ keyResultId: keyResult.id, value: 1 }, { url: endpoint.url.split('?')[0] }), status: 400, code: 'VALIDATION', field: 'project' },
    { what: 'a GET', send: () => push({ keyResultId: keyResult.id, value: 1 }, { method: 'GET' }), status: 405, code: 'METHOD_NOT_ALLOWED' },
    { what: 'a string for the value', send: () => push({ keyResultId: keyResult.id, value: '12' }), status: 400, code: 'VALIDATION', field: 'value' },
    { what: 'NaN for the value', send: () => push(`{"keyResultId":"${keyResult.id}","value":NaN}`, { raw: true }), status: 400, code: 'VALIDATION' },
    { what: '"NaN" for the value', send: () => push({ keyResultId: keyResult.id, value: 'NaN' }), status: 400, code: 'VALIDATION', field: 'value' },
    { what: 'null for the value', send: () => push({ keyResultId: keyResult.id, value: null }), status: 400, code: 'VALIDATION', field: 'value' },
    { what: 'no Key Result', send: () => push({ value: 1 }), status: 400, code: 'VALIDATION', field: 'keyResultId' },
    { what: 'an unknown field', send: () => push({ keyResultId: keyResult.id, value: 1, confidence: 9 }), status: 400, code: 'VALIDATION', field: 'confidence' },
    { what: 'a time that is not a date', send: () => push({ keyResultId: keyResult.id, value: 1, at: 'yesterday' }), status: 400, code: 'VALIDATION', field: 'at' },
    { what: 'a time in the future', send: () => push({ keyResultId: keyResult.id, value: 1, at: '2030-01-01T00:00:00Z' }), status: 400, code: 'VALIDATION', field: 'at' },
    { what: 'an array', send: () => push([{ keyResultId: keyResult.id, value: 1 }]), status: 400, code: 'VALIDATION' },
    { what: 'a body that is not JSON', send: () => push('value=1', { raw: true }), status: 400, code: 'VALIDATION' },
    { what: 'a huge body', send: () => push({ keyResultId: keyResult.id, value: 1, note: 'n'.repeat(20_000) }), status: 413, code: 'TOO_LARGE' },
    { what: 'a Key Result that does not exist', send: () => push({ keyResultId: 'never-stored', value: 1 }), status: 404, code: 'NOT_FOUND', field: 'keyResultId' },
  ];
  it.each(cases)('$what', async ({ send, status, code, field }) => {
    const before = (await keyResultNow(keyResult.id)).checkInCount;
    const answer = await send();
    expect([answer.status, answer.json?.error?.code]).toEqual([status, code]);
    if (field) expect(answer.json?.error?.field).toBe(field);
    expect(answer.headers['Content-Type']).toBe('application/json');
    expect((await keyResultNow(keyResult.id)).checkInCount).toBe(before);
  });

  it('another project’s Key Result: 404, as one that does not exist', async () => {
    const objective = dataOf(await platform.onProjectPage('oscar', 'saveObjective', { objective: { cycleId: '2026-Q4', title: 'Fix what breaks before members notice', status: 'active' } }, 'OPS'));
    const ops = dataOf(await platform.onProjectPage('oscar', 'saveKeyResult', { keyResult: { objectiveId: objective.id, title: 'Median hours to fix a machine', metric: { direction: 'decrease', start: 72, target: 24, current: 60, unit: 'h' } } }, 'OPS'));
    const answer = await push({ keyResultId: ops.id, value: 30 });
    expect([answer.status, answer.json?.error?.code]).toEqual([404, 'NOT_FOUND']);
    expect(answer.json?.error?.message).toBe(`GYM has no Key Result ${ops.id}.`);
  });

  it('a revoked secret, and the old one after a rotation: 401', async () => {
    const rotated = dataOf(await platform.onProjectPage('priya', 'rotatePushSecret', {}));
    expect(rotated.secretValue).not.toBe(secret);
    expect((await push({ keyResultId: keyResult.id, value: 1 })).status).toBe(401);
    expect((await push({ keyResultId: keyResult.id, value: 1, at: '2026-11-15T00:00:00Z' }, { secret: rotated.secretValue })).status).toBe(201);
    expect(dataOf(await platform.onProjectPage('priya', 'revokePushSecret', {})).secret).toBeNull();
    const revoked = await push({ keyResultId: keyResult.id, value: 2, at: '2026-11-16T00:00:00Z' }, { secret: rotated.secretValue });
    expect([revoked.status, revoked.headers['WWW-Authenticate']]).toEqual([401, 'Bearer']);
  });

  it(`limits the rate: at most ${PUSH_RATE.burst} at once (the clock stands still here), then 429 with Retry-After`, async () => {
    secret = dataOf(await platform.onProjectPage('priya', 'createPushSecret', {})).secretValue;
    let accepted = 0;
    for (let i = 0; i <= PUSH_RATE.burst; i++) {
      const answer = await push({ keyResultId: keyResult.id, value: i, at: new Date(Date.UTC(2026, 10, 1, i)).toISOString() });
      if (answer.status !== 201) break;
      accepted += 1;
    }
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(PUSH_RATE.burst);
    const limited = await push({ keyResultId: keyResult.id, value: 99 });
    expect([limited.status, limited.json?.error?.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(limited.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
  });
});

describe('the secret', () => {
  it('is stored only as its hash', () => {
    const stored = platform.kvs.snapshot();
    expect(stored).not.toContain(secret);
    expect(stored).toMatch(/"hash":"[0-9a-f]{64}"/);
  });

  it('is shown once: the status never carries it, and a second one is refused until rotated', async () => {
    const status = dataOf(await platform.onProjectPage('priya', 'getPushEndpoint', {}));
    expect(JSON.stringify(status)).not.toContain(secret);
    expect(status.secret).toMatchObject({ prefix: secret.slice(0, 4) });
    expect(await platform.onProjectPage('priya', 'createPushSecret', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('is the Product Owners’ only: a developer may neither see nor make it', async () => {
    for (const key of ['getPushEndpoint', 'createPushSecret', 'rotatePushSecret', 'revokePushSecret'] as const) {
      expect(await platform.onProjectPage('diego', key, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });
});

it('a URL no web trigger has: 404', async () => {
  const answer = await platform.forge.invokeWebTrigger({ method: 'POST', url: '/x1/nothing-here', headers: {}, body: '' });
  expect(answer.status).toBe(404);
});
