// Drives the emulator through the real `@forge/kvs` SDK, so every test also checks that the
// emulator answers in the shape the SDK parses. Only malformed-request checks call `handle` directly.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kvs, Filter, FilterConditions, WhereConditions, Sort, MetadataField, ForgeKvsAPIError } from '@forge/kvs';
import type { AndFilter, OrFilter } from '@forge/kvs';
import { KvsEmulator, entitiesFromManifest, KVS_ERROR_CODES, type EntityDefinitions } from './emulator';
import { must } from '../../test/support/must';

// The SDK picks its fetch client when it loads, but looks `__forge_fetch__` up on every call, and
// without `__forge_runtime__.kvs` it uses the plain `{ type: 'kvs' }` target — so installing the
// global here, after the import, is enough. Each test points it at a fresh emulator.
let emulator: KvsEmulator;
(globalThis as Record<string, unknown>).__forge_fetch__ = async (target: { type: string }, requestPath: string, init?: RequestInit) => {
  if (target.type !== 'kvs') throw new Error(`unexpected target ${JSON.stringify(target)}`);
  const raw = init?.body;
  const r = await emulator.handle(requestPath, typeof raw === 'string' && raw !== '' ? JSON.parse(raw) : undefined);
  const body = r.status === 204 || r.body === undefined ? null : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  return new Response(body, { status: r.status, headers: { 'content-type': 'application/json', ...r.headers } });
};

type Goal = Record<string, unknown>;

const ENTITIES: EntityDefinitions = {
  goal: {
    attributes: {
      teamId: { type: 'string' },
      sprint: { type: 'integer' },
      title: { type: 'string' },
      score: { type: 'float' },
      done: { type: 'boolean' },
      tags: { type: 'any' },
    },
    indexes: ['title', { name: 'by-team-sprint', partition: ['teamId'], range: ['sprint'] }],
  },
};

beforeEach(() => {
  emulator = new KvsEmulator({ entities: ENTITIES });
});

/** The platform error the SDK raised, so tests can assert on its status and code. */
async function apiError(promise: Promise<unknown>): Promise<ForgeKvsAPIError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ForgeKvsAPIError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('keys and secrets', () => {
  it('sets, overwrites, reads and deletes values of every JSON kind', async () => {
    await kvs.set('obj', { a: [1, { b: 'c' }] });
    await kvs.set('num', 42);
    await kvs.set('flag', false);
    await kvs.set('arr', ['x']);
    expect(await kvs.get('obj')).toEqual({ a: [1, { b: 'c' }] });
    expect(await kvs.get('num')).toBe(42);
    expect(await kvs.get('flag')).toBe(false);
    await kvs.set('num', 43);
    expect(await kvs.get('num')).toBe(43);
    await kvs.delete('num');
    expect(await kvs.get('num')).toBeUndefined();
    // The platform answers KEY_NOT_FOUND and the SDK turns it into success.
    await expect(kvs.delete('num')).resolves.toBeUndefined();
    expect(await kvs.get('never-set')).toBeUndefined();
  });

  it('keeps createdAt across updates and returns only the metadata asked for', async () => {
    let now = Date.parse('2025-01-01T00:00:00Z');
    emulator = new KvsEmulator({ now: () => now });
    await kvs.set('k', 'v1');
    now += 5_000;
    await kvs.set('k', 'v2');
    const result = await kvs.get('k', { metadataFields: [MetadataField.CREATED_AT, MetadataField.UPDATED_AT] });
    expect(result).toEqual({ key: 'k', value: 'v2', createdAt: 1735689600, updatedAt: 1735689605 });
    const raw = await emulator.handle('/api/v1/get', { key: 'k', options: { metadataFields: ['UPDATED_AT'] } });
    expect(raw.body).toEqual({ key: 'k', value: 'v2', updatedAt: 1735689605 });
  });

  it('honours keyPolicy FAIL_IF_EXISTS and returnValue PREVIOUS / LATEST', async () => {
    await kvs.set('k', 'first', { keyPolicy: 'FAIL_IF_EXISTS' });
    const err = await apiError(kvs.set('k', 'second', { keyPolicy: 'FAIL_IF_EXISTS' }));
    expect(err.responseDetails.status).toBe(409);
    expect(err.code).toBe(KVS_ERROR_CODES.KEY_ALREADY_EXISTS);
    expect(await kvs.get('k')).toBe('first');

    const previous = await kvs.set('k', 'third', { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' });
    expect(previous).toEqual({ key: 'k', value: 'first' });
    const latest = await kvs.set('k', 'fourth', { keyPolicy: 'OVERRIDE', returnValue: 'LATEST' });
    expect(latest).toEqual({ key: 'k', value: 'fourth' });
    // No previous value: the platform answers with no body and the SDK returns undefined.
    expect(await kvs.set('fresh', 1, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' })).toBeUndefined();
  });

  it('keeps secrets apart from plain keys and out of queries', async () => {
    await kvs.setSecret('token', { secret: 's3cr3t' });
    expect(await kvs.getSecret('token')).toEqual({ secret: 's3cr3t' });
    expect(await kvs.get('token')).toBeUndefined();
    expect((await kvs.query().getMany()).results).toEqual([]);
    await kvs.set('token', 'plain');
    expect(await kvs.getSecret('token')).toEqual({ secret: 's3cr3t' });
    await kvs.deleteSecret('token');
    expect(await kvs.getSecret('token')).toBeUndefined();
    expect(await kvs.get('token')).toBe('plain');
  });

  it('expires values after their TTL, in get and in query', async () => {
    let now = Date.parse('2025-03-01T12:00:00Z');
    emulator = new KvsEmulator({ now: () => now });
    await kvs.set('session:1', 'x', { ttl: { value: 2, unit: 'MINUTES' } });
    const withExpiry = await kvs.get('session:1', { metadataFields: [MetadataField.EXPIRE_TIME] });
    expect(withExpiry).toEqual({ key: 'session:1', value: 'x', expireTime: '2025-03-01T12:02:00.000Z' });
    now += 119_000;
    expect(await kvs.get('session:1')).toBe('x');
    now += 1_000;
    expect(await kvs.get('session:1')).toBeUndefined();
    expect((await kvs.query().where('key', WhereConditions.beginsWith('session:')).getMany()).results).toEqual([]);
  });
});

describe('key query', () => {
  it('pages through more than 100 keys in lexicographic order with beginsWith, limit and cursor', async () => {
    const keys = Array.from({ length: 230 }, (_, i) => `item:${String(i).padStart(3, '0')}`);
    // Written out of order, and with neighbours that must not match the prefix.
    for (const key of [...keys].reverse()) await kvs.set(key, { n: key });
    await kvs.set('itel', 1);
    await kvs.set('items', 2);
    await kvs.set('other:1', 3);

    const seen: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | undefined;
    do {
      let query = kvs.query().where('key', WhereConditions.beginsWith('item:')).limit(100);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany<{ n: string }>();
      pageSizes.push(page.results.length);
      for (const r of page.results) {
        expect(r.value).toEqual({ n: r.key });
        seen.push(r.key);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(pageSizes).toEqual([100, 100, 30]);
    expect(seen).toEqual(keys);
  });

  it('returns 10 results when no limit is given, and getOne the first key', async () => {
    for (let i = 0; i < 15; i++) await kvs.set(`k${String.fromCharCode(97 + i)}`, i);
    const page = await kvs.query().getMany();
    expect(page.results.map((r) => r.key)).toEqual(['ka', 'kb', 'kc', 'kd', 'ke', 'kf', 'kg', 'kh', 'ki', 'kj']);
    expect(page.nextCursor).toBeDefined();
    expect(await kvs.query().getOne()).toEqual({ key: 'ka', value: 0 });
  });

  it('rejects a limit above 100', async () => {
    const err = await apiError(kvs.query().limit(101).getMany());
    expect(err.responseDetails.status).toBe(400);
    expect(err.code).toBe(KVS_ERROR_CODES.LIST_QUERY_LIMIT_EXCEEDED);
    await expect(kvs.query().limit(100).getMany()).resolves.toEqual({ results: [] });
  });

  it('resumes after the cursor key even when that key was deleted meanwhile', async () => {
    for (const k of ['a1', 'a2', 'a3', 'a4']) await kvs.set(k, k);
    const first = await kvs.query().limit(2).getMany();
    expect(first.results.map((r) => r.key)).toEqual(['a1', 'a2']);
    await kvs.delete('a2');
    const second = await kvs.query().limit(2).cursor(must(first.nextCursor, 'first.nextCursor')).getMany();
    expect(second.results.map((r) => r.key)).toEqual(['a3', 'a4']);
    expect(second.nextCursor).toBeUndefined();
  });
});

describe('batch operations', () => {
  it('sets, gets and deletes plain keys and entities together', async () => {
    const set = await kvs.batchSet<unknown>([
      { key: 'a', value: 1 },
      { key: 'g1', value: { teamId: 'T', sprint: 1, title: 'Ship' }, entityName: 'goal' },
    ]);
    expect(set).toEqual({ successfulKeys: [{ key: 'a' }, { key: 'g1', entityName: 'goal' }], failedKeys: [] });
    expect(await kvs.entity('goal').get('g1')).toEqual({ teamId: 'T', sprint: 1, title: 'Ship' });

    const got = await kvs.batchGet([{ key: 'a' }, { key: 'g1', entityName: 'goal' }, { key: 'missing' }]);
    expect(got.successfulKeys).toEqual([
      { key: 'a', value: 1 },
      { key: 'g1', value: { teamId: 'T', sprint: 1, title: 'Ship' }, entityName: 'goal' },
    ]);
    expect(got.failedKeys).toEqual([{ key: 'missing', error: { code: 'KEY_NOT_FOUND', message: 'Key does not exist' } }]);

    const deleted = await kvs.batchDelete([{ key: 'a' }, { key: 'g1', entityName: 'goal' }]);
    expect(deleted.successfulKeys).toEqual([{ key: 'a' }, { key: 'g1', entityName: 'goal' }]);
    expect(await kvs.get('a')).toBeUndefined();
    expect(await kvs.entity('goal').get('g1')).toBeUndefined();
  });

  it('reports a bad item in failedKeys and still writes the others', async () => {
    const result = await kvs.batchSet<unknown>([
      { key: 'good', value: 1 },
      { key: 'bad/key', value: 2 },
      { key: 'g', value: { sprint: 'not a number' }, entityName: 'goal' },
    ]);
    expect(result.successfulKeys).toEqual([{ key: 'good' }]);
    expect(result.failedKeys.map((f) => [f.key, f.error.code])).toEqual([
      ['bad/key', 'INVALID_KEY'],
      ['g', 'INVALID_ENTITY_VALUE'],
    ]);
    expect(await kvs.get('good')).toBe(1);
  });

  it('accepts 25 items, rejects 26 and duplicate keys, writing nothing', async () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `b${i}`, value: i }));
    expect((await kvs.batchSet(items(25))).successfulKeys).toHaveLength(25);
    await kvs.batchDelete(items(25).map(({ key }) => ({ key })));

    const tooMany = await apiError(kvs.batchSet(items(26)));
    expect(tooMany.responseDetails.status).toBe(400);
    expect(tooMany.code).toBe(KVS_ERROR_CODES.BATCH_SIZE_EXCEEDED);
    expect(await kvs.get('b0')).toBeUndefined();
    expect((await apiError(kvs.batchGet(items(26)))).code).toBe(KVS_ERROR_CODES.BATCH_SIZE_EXCEEDED);
    expect((await apiError(kvs.batchDelete(items(26)))).code).toBe(KVS_ERROR_CODES.BATCH_SIZE_EXCEEDED);

    const duplicate = await apiError(kvs.batchSet<unknown>([{ key: 'd', value: 1 }, { key: 'd', value: 2 }]));
    expect(duplicate.code).toBe(KVS_ERROR_CODES.DUPLICATE_KEYS);
    expect(await kvs.get('d')).toBeUndefined();
  });
});

describe('custom entities', () => {
  const goals = () => kvs.entity<Goal>('goal');

  it('sets, gets and deletes entities, validating attribute types', async () => {
    await goals().set('g1', { teamId: 'T1', sprint: 3, title: 'Ship', score: 0.5, done: false, tags: ['x'], extra: 'kept' });
    expect(await goals().get('g1')).toEqual({ teamId: 'T1', sprint: 3, title: 'Ship', score: 0.5, done: false, tags: ['x'], extra: 'kept' });
    await goals().delete('g1');
    expect(await goals().get('g1')).toBeUndefined();

    for (const bad of [{ sprint: 1.5 }, { sprint: 2 ** 31 }, { title: 7 }, { done: 'yes' }, { score: Infinity }]) {
      const err = await apiError(goals().set('g2', { teamId: 'T', ...bad }));
      expect([err.responseDetails.status, err.code]).toEqual([400, 'INVALID_ENTITY_VALUE']);
    }
    expect(await goals().get('g2')).toBeUndefined();
    expect((await apiError(goals().set('g3', ['not', 'an', 'object'] as never))).code).toBe('INVALID_ENTITY_VALUE');
  });

  it('rejects entities the manifest does not declare', async () => {
    const err = await apiError(kvs.entity('undeclared').set('k', { a: 1 }));
    expect([err.responseDetails.status, err.code]).toEqual([400, 'INVALID_ENTITY_TYPE']);
    expect((await apiError(kvs.entity('ab').get('k'))).code).toBe('ENTITY_TYPE_TOO_SHORT');
    const query = kvs.entity('undeclared').query().index('by-key').getMany();
    expect((await apiError(query)).code).toBe('INVALID_ENTITY_TYPE');
  });

  describe('index queries', () => {
    beforeEach(async () => {
      const rows: Array<[string, Record<string, unknown>]> = [
        ['g01', { teamId: 'A', sprint: 3, title: 'Beta launch', score: 0.9, done: true, tags: ['ops', 'launch'] }],
        ['g02', { teamId: 'A', sprint: 1, title: 'Alpha', score: 0.2, done: false, tags: ['dev'] }],
        ['g03', { teamId: 'A', sprint: 2, title: 'Beta prep', score: 0.5, done: false }],
        ['g04', { teamId: 'A', sprint: 5, title: 'Gamma', score: 0.7, done: true, tags: ['launch'] }],
        ['g05', { teamId: 'A', sprint: 4, title: 'Delta', done: false }],
        ['g06', { teamId: 'B', sprint: 2, title: 'Other team', score: 1, done: true }],
        ['g07', { teamId: 'A', title: 'No sprint: not in the sprint index' }],
      ];
      for (const [key, value] of rows) await goals().set(key, value);
    });

    const sprintsOf = (results: Array<{ value: Record<string, unknown> }>) => results.map((r) => r.value.sprint);

    it('matches the partition exactly and sorts by the range attribute, ascending by default', async () => {
      const { results, nextCursor } = await goals().query().index('by-team-sprint', { partition: ['A'] }).getMany();
      expect(sprintsOf(results)).toEqual([1, 2, 3, 4, 5]);
      expect(results.map((r) => r.key)).toEqual(['g02', 'g03', 'g01', 'g05', 'g04']);
      expect(nextCursor).toBeUndefined();
      const b = await goals().query().index('by-team-sprint', { partition: ['B'] }).getMany();
      expect(b.results.map((r) => r.key)).toEqual(['g06']);
    });

    it('applies where conditions on the range attribute', async () => {
      const q = () => goals().query().index('by-team-sprint', { partition: ['A'] });
      expect(sprintsOf((await q().where(WhereConditions.between(2, 4)).getMany()).results)).toEqual([2, 3, 4]);
      expect(sprintsOf((await q().where(WhereConditions.greaterThan(3)).getMany()).results)).toEqual([4, 5]);
      expect(sprintsOf((await q().where(WhereConditions.greaterThanEqualTo(3)).getMany()).results)).toEqual([3, 4, 5]);
      expect(sprintsOf((await q().where(WhereConditions.lessThan(2)).getMany()).results)).toEqual([1]);
      expect(sprintsOf((await q().where(WhereConditions.lessThanEqualTo(2)).getMany()).results)).toEqual([1, 2]);
      expect(sprintsOf((await q().where(WhereConditions.equalTo(4)).getMany()).results)).toEqual([4]);
      const titles = await goals().query().index('title').where(WhereConditions.beginsWith('Beta')).getMany();
      expect(titles.results.map((r) => r.value.title)).toEqual(['Beta launch', 'Beta prep']);
      const byKey = await goals().query().index('by-key').where(WhereConditions.between('g02', 'g04')).getMany();
      expect(byKey.results.map((r) => r.key)).toEqual(['g02', 'g03', 'g04']);
    });

    it('sorts descending and pages with cursors in that order', async () => {
      const seen: string[] = [];
      const pages: number[] = [];
      let cursor: string | undefined;
      do {
        let q = goals().query().index('by-team-sprint', { partition: ['A'] }).sort(Sort.DESC).limit(2);
        if (cursor) q = q.cursor(cursor);
        const page = await q.getMany();
        pages.push(page.results.length);
        seen.push(...page.results.map((r) => r.key));
        cursor = page.nextCursor;
      } while (cursor);
      expect(pages).toEqual([2, 2, 1]);
      expect(seen).toEqual(['g04', 'g05', 'g01', 'g03', 'g02']);
      expect((await goals().query().index('title').sort(Sort.DESC).getOne())?.value.title).toBe('Other team');
    });

    it('filters with and / or over every filter condition', async () => {
      const keys = async (filter: AndFilter<Goal> | OrFilter<Goal>) =>
        (await goals().query().index('by-team-sprint', { partition: ['A'] }).filters(filter).getMany()).results.map((r) => r.key);
      expect(await keys(new Filter<Goal>().and('done', FilterConditions.equalTo(true)))).toEqual(['g01', 'g04']);
      expect(await keys(new Filter<Goal>().and('done', FilterConditions.notEqualTo(true)))).toEqual(['g02', 'g03', 'g05']);
      expect(await keys(new Filter<Goal>().and('tags', FilterConditions.contains('launch')))).toEqual(['g01', 'g04']);
      expect(await keys(new Filter<Goal>().and('title', FilterConditions.contains('eta')))).toEqual(['g03', 'g01']);
      expect(await keys(new Filter<Goal>().and('tags', FilterConditions.notContains('launch')))).toEqual(['g02', 'g03', 'g05']);
      expect(await keys(new Filter<Goal>().and('tags', FilterConditions.exists()))).toEqual(['g02', 'g01', 'g04']);
      expect(await keys(new Filter<Goal>().and('score', FilterConditions.notExists()))).toEqual(['g05']);
      expect(await keys(new Filter<Goal>().and('title', FilterConditions.beginsWith('Beta')))).toEqual(['g03', 'g01']);
      expect(await keys(new Filter<Goal>().and('score', FilterConditions.between(0.5, 0.8)))).toEqual(['g03', 'g04']);
      expect(await keys(new Filter<Goal>().and('score', FilterConditions.greaterThan(0.5)))).toEqual(['g01', 'g04']);
      expect(await keys(new Filter<Goal>().and('score', FilterConditions.greaterThanEqualTo(0.5)))).toEqual(['g03', 'g01', 'g04']);
      expect(await keys(new Filter<Goal>().and('score', FilterConditions.lessThan(0.5)))).toEqual(['g02']);
      expect(await keys(new Filter<Goal>().and('score', FilterConditions.lessThanEqualTo(0.5)))).toEqual(['g02', 'g03']);
      expect(
        await keys(new Filter<Goal>().and('done', FilterConditions.equalTo(false)).and('score', FilterConditions.exists())),
      ).toEqual(['g02', 'g03']);
      expect(
        await keys(new Filter<Goal>().or('score', FilterConditions.lessThan(0.3)).or('title', FilterConditions.equalTo('Gamma'))),
      ).toEqual(['g02', 'g04']);
    });

    it('counts the limit before filters, as the store behind Forge does: short pages still carry a cursor', async () => {
      const done = new Filter<Goal>().and('done', FilterConditions.equalTo(true));
      const first = await goals().query().index('by-team-sprint', { partition: ['A'] }).filters(done).limit(2).getMany();
      // Sprints 1 and 2 were read; neither is done.
      expect(first.results).toEqual([]);
      expect(first.nextCursor).toBeDefined();
      const rest: string[] = [];
      let cursor = first.nextCursor;
      while (cursor) {
        const page = await goals().query().index('by-team-sprint', { partition: ['A'] }).filters(done).limit(2).cursor(cursor).getMany();
        rest.push(...page.results.map((r) => r.key));
        cursor = page.nextCursor;
      }
      expect(rest).toEqual(['g01', 'g04']);
    });

    it('returns requested metadata with each row', async () => {
      const { results } = await goals()
        .query({ metadataFields: [MetadataField.CREATED_AT] })
        .index('by-team-sprint', { partition: ['B'] })
        .getMany();
      expect(results).toEqual([{ key: 'g06', value: expect.any(Object), createdAt: expect.any(Number) }]);
    });

    it('rejects undeclared indexes, missing partitions and limits outside 1..100', async () => {
      const undeclared = await apiError(goals().query().index('by-nothing').getMany());
      expect([undeclared.responseDetails.status, undeclared.code]).toEqual([400, 'INVALID_ENTITY_INDEX']);
      expect((await apiError(goals().query().index('by-team-sprint').getMany())).responseDetails.status).toBe(400);
      expect((await apiError(goals().query().index('title', { partition: ['A'] }).getMany())).responseDetails.status).toBe(400);
      expect((await apiError(goals().query().index('by-key').limit(101).getMany())).code).toBe('COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE');
      expect((await apiError(goals().query().index('by-key').limit(0).getMany())).code).toBe('COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE');
      expect((await goals().query().index('by-key').limit(100).getMany()).results).toHaveLength(7);
      // Without a limit the platform default of 10 applies: 7 rows fit in one page.
      expect((await goals().query().index('by-key').getMany()).nextCursor).toBeUndefined();
    });

    it('rejects malformed filters the way the platform documents', async () => {
      const send = (filters: unknown) =>
        emulator.handle('/api/v1/entity/query', { entityName: 'goal', indexName: 'by-key', filters });
      expect((await send({ and: [] })).body).toMatchObject({ code: 'EMPTY_FILTER_OPERATOR' });
      expect((await send({ and: [{ property: 'a', condition: 'EXISTS', values: [true] }], or: [] })).body).toMatchObject({
        code: 'INVALID_FILTER_OPERATORS_COMBINATION',
      });
      expect((await send({ and: [{ property: 'a', condition: 'BETWEEN', values: [1] }] })).body).toMatchObject({
        code: 'INSUFFICIENT_FILTER_VALUES',
      });
      expect((await send({ and: [{ property: 'a', condition: 'LIKE', values: [1] }] })).body).toMatchObject({
        code: 'INVALID_FILTER_CONDITION',
      });
    });
  });
});

describe('transactions', () => {
  const goals = () => kvs.entity<Goal>('goal');

  it('applies sets and deletes of keys and entities together', async () => {
    await kvs.set('old', 1);
    await goals().set('g-old', { teamId: 'A', sprint: 1 });
    await kvs
      .transact()
      .set('new', { v: 1 })
      .set('g-new', { teamId: 'A', sprint: 2 }, { entityName: 'goal' })
      .delete('old')
      .delete('g-old', { entityName: 'goal' })
      .delete('never-existed')
      .execute();
    expect(await kvs.get('new')).toEqual({ v: 1 });
    expect(await goals().get('g-new')).toEqual({ teamId: 'A', sprint: 2 });
    expect(await kvs.get('old')).toBeUndefined();
    expect(await goals().get('g-old')).toBeUndefined();
  });

  it('commits when every check and condition holds', async () => {
    await goals().set('g1', { teamId: 'A', sprint: 1, done: false });
    await kvs
      .transact()
      .check('g1', { entityName: 'goal', conditions: new Filter<Goal>().and('done', FilterConditions.equalTo(false)) })
      .set<Goal>('g2', { teamId: 'A', sprint: 2 }, { entityName: 'goal', conditions: new Filter<Goal>().and('sprint', FilterConditions.notExists()) })
      .execute();
    expect(await goals().get('g2')).toEqual({ teamId: 'A', sprint: 2 });
  });

  it('writes nothing when a check fails', async () => {
    await goals().set('g1', { teamId: 'A', sprint: 1, done: true });
    await kvs.set('counter', 1);
    const err = await apiError(
      kvs
        .transact()
        .set('counter', 2)
        .delete('g-other', { entityName: 'goal' })
        .set('g3', { teamId: 'A', sprint: 3 }, { entityName: 'goal' })
        .check('g1', { entityName: 'goal', conditions: new Filter<Goal>().and('done', FilterConditions.equalTo(false)) })
        .execute(),
    );
    expect([err.responseDetails.status, err.code]).toEqual([409, KVS_ERROR_CODES.TRANSACTION_FAILED]);
    expect(err.context).toMatchObject({ operation: 'check', key: 'g1', entityName: 'goal' });
    expect(await kvs.get('counter')).toBe(1);
    expect(await goals().get('g3')).toBeUndefined();
  });

  it('fails a check on a key that does not exist, and a conditional set whose condition fails', async () => {
    const missing = await apiError(
      kvs
        .transact()
        .set('x', 1)
        .check('ghost', { entityName: 'goal', conditions: new Filter<Goal>().and('sprint', FilterConditions.notExists()) })
        .execute(),
    );
    expect(missing.code).toBe(KVS_ERROR_CODES.TRANSACTION_FAILED);
    expect(await kvs.get('x')).toBeUndefined();

    await goals().set('g1', { teamId: 'A', sprint: 1 });
    const conditional = await apiError(
      kvs
        .transact()
        .set('x', 1)
        .set<Goal>('g1', { teamId: 'A', sprint: 9 }, { entityName: 'goal', conditions: new Filter<Goal>().and('sprint', FilterConditions.equalTo(2)) })
        .execute(),
    );
    expect(conditional.context).toMatchObject({ operation: 'set', key: 'g1' });
    expect(await goals().get('g1')).toEqual({ teamId: 'A', sprint: 1 });
    expect(await kvs.get('x')).toBeUndefined();
  });

  it('allows 25 operations, rejects 26 and a key used twice', async () => {
    const tx = (n: number) => {
      const t = kvs.transact();
      for (let i = 0; i < n; i++) t.set(`t${i}`, i);
      return t;
    };
    await tx(25).execute();
    expect(await kvs.get('t24')).toBe(24);
    await kvs.batchDelete(Array.from({ length: 25 }, (_, i) => ({ key: `t${i}` })));

    const tooMany = await apiError(tx(26).execute());
    expect([tooMany.responseDetails.status, tooMany.code]).toEqual([400, KVS_ERROR_CODES.TRANSACTION_SIZE_EXCEEDED]);
    expect(await kvs.get('t0')).toBeUndefined();

    const twice = await apiError(kvs.transact().set('same', 1).delete('same').execute());
    expect(twice.code).toBe(KVS_ERROR_CODES.DUPLICATE_KEYS);
    // The same key in different stores is two keys.
    await kvs.transact().set('same', 1).set('same', { teamId: 'A' }, { entityName: 'goal' }).execute();
  });

  it('rejects a transaction whose value breaks a limit, writing nothing', async () => {
    const err = await apiError(kvs.transact().set('ok', 1).set('bad key!', 2).execute());
    expect(err.code).toBe('INVALID_KEY');
    expect(await kvs.get('ok')).toBeUndefined();
  });
});

describe('limits', () => {
  it('enforces the key length and pattern', async () => {
    await kvs.set('a'.repeat(500), 1);
    expect(await kvs.get('a'.repeat(500))).toBe(1);
    await kvs.set('Aa0:._- #', 2);
    expect(await kvs.get('Aa0:._- #')).toBe(2);
    const cases: Array<[string, string]> = [
      ['a'.repeat(501), 'KEY_TOO_LONG'],
      ['', 'KEY_TOO_SHORT'],
      ['   ', 'INVALID_KEY'],
      ['a/b', 'INVALID_KEY'],
      ['ä', 'INVALID_KEY'],
      ['a?b', 'INVALID_KEY'],
    ];
    for (const [key, code] of cases) {
      const err = await apiError(kvs.set(key, 1));
      expect([key.slice(0, 10), err.responseDetails.status, err.code]).toEqual([key.slice(0, 10), 400, code]);
    }
    expect((await apiError(kvs.get('a/b'))).code).toBe('INVALID_KEY');
    expect((await apiError(kvs.entity('goal').set('', { teamId: 'A' }))).code).toBe('EMPTY_KEY');
  });

  it('accepts a value of exactly 240 KiB and rejects one byte more', async () => {
    const limit = 240 * 1024;
    const fits = 'x'.repeat(limit - 2); // the JSON string adds two quotes
    await kvs.set('big', fits);
    expect(((await kvs.get('big')) as string).length).toBe(limit - 2);
    const err = await apiError(kvs.set('big', fits + 'y'));
    expect([err.responseDetails.status, err.code]).toEqual([400, 'MAX_SIZE']);
    expect(((await kvs.get('big')) as string).length).toBe(limit - 2);
    // Size is counted in UTF-8 bytes, not characters.
    expect((await apiError(kvs.set('wide', 'é'.repeat(limit / 2)))).code).toBe('MAX_SIZE');
  });

  it('rejects values nested deeper than 32 levels', async () => {
    const nest = (depth: number): unknown => (depth === 0 ? 1 : { a: nest(depth - 1) });
    await kvs.set('deep', nest(32));
    expect((await apiError(kvs.set('deeper', nest(33)))).code).toBe('MAX_DEPTH');
  });
});

describe('persistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvs-emulator-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('survives a restart: a new emulator on the same file reads everything back', async () => {
    const file = path.join(dir, 'nested', 'store.json');
    emulator = new KvsEmulator({ file, entities: ENTITIES });
    await kvs.set('plain', { a: 1 });
    await kvs.setSecret('secret', 'shh');
    await kvs.entity('goal').set('g1', { teamId: 'A', sprint: 7 });
    await kvs.set('gone', 1);
    await kvs.delete('gone');

    emulator = new KvsEmulator({ file, entities: ENTITIES });
    expect(await kvs.get('plain')).toEqual({ a: 1 });
    expect(await kvs.getSecret('secret')).toBe('shh');
    expect(await kvs.get('gone')).toBeUndefined();
    const { results } = await kvs.entity('goal').query().index('by-team-sprint', { partition: ['A'] }).getMany();
    expect(results).toEqual([{ key: 'g1', value: { teamId: 'A', sprint: 7 } }]);
    // Only the store itself is left: the temp files were renamed over it.
    expect(fs.readdirSync(path.dirname(file))).toEqual(['store.json']);
  });

  it('does not touch the file on reads or on failed writes', async () => {
    const file = path.join(dir, 'store.json');
    emulator = new KvsEmulator({ file });
    await kvs.set('k', 'v');
    const before = fs.readFileSync(file, 'utf8');
    const stat = fs.statSync(file);
    await kvs.get('k');
    await kvs.query().getMany();
    await apiError(kvs.set('bad/key', 'x'));
    await apiError(kvs.set('k', 'w', { keyPolicy: 'FAIL_IF_EXISTS' }));
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(fs.statSync(file).mtimeMs).toBe(stat.mtimeMs);
  });

  it('refuses to start on a corrupt file instead of silently emptying the store', () => {
    const file = path.join(dir, 'store.json');
    fs.writeFileSync(file, '{"truncated":');
    expect(() => new KvsEmulator({ file })).toThrow();
    expect(fs.readFileSync(file, 'utf8')).toBe('{"truncated":');
  });
});

describe('faults and counters', () => {
  it('fails exactly the n-th call with a platform-shaped error, writing nothing', async () => {
    emulator.failOnCall(2);
    await kvs.set('a', 1);
    const err = await apiError(kvs.set('b', 2));
    expect([err.responseDetails.status, err.code, err.message]).toEqual([500, 'INTERNAL_SERVER_ERROR', 'An internal server error has occurred']);
    await kvs.set('c', 3);
    expect(await kvs.get('b')).toBeUndefined();
    expect(await kvs.get('c')).toBe(3);
  });

  it('can fail with 429 rate limiting, from a constructor option too', async () => {
    emulator = new KvsEmulator({ faults: [{ onCall: 1, status: 429 }] });
    const err = await apiError(kvs.get('k'));
    expect([err.responseDetails.status, err.code]).toEqual([429, 'RATE_LIMIT_EXCEEDED']);
    await expect(kvs.get('k')).resolves.toBeUndefined();
  });

  it('can aim a fault at one endpoint, and can serve the call before losing its answer', async () => {
    emulator.failOnCall(1, 504, undefined, { path: '/api/v1/transaction', afterServing: true });
    await kvs.set('a', 1);
    const err = await apiError(kvs.transact().set('b', 2).execute());
    expect(err.responseDetails.status).toBe(504);
    // The write was kept: only its answer was lost.
    expect(await kvs.get('b')).toBe(2);
  });

  it('answers a failed transaction condition with the status and code it is given', async () => {
    emulator = new KvsEmulator({ entities: ENTITIES, conditionFailure: { status: 400, code: 'SOMETHING_ELSE' } });
    const err = await apiError(
      kvs
        .transact()
        .set<Goal>('g1', { teamId: 'A', sprint: 1 }, { entityName: 'goal', conditions: new Filter<Goal>().and('sprint', FilterConditions.exists()) })
        .execute(),
    );
    expect([err.responseDetails.status, err.code]).toEqual([400, 'SOMETHING_ELSE']);
    expect(await kvs.entity<Goal>('goal').get('g1')).toBeUndefined();
  });

  it('can answer a malformed body, which the SDK reports as UNKNOWN_ERROR', async () => {
    emulator.failOnCall(1, 502, '<html>Bad gateway</html>');
    const err = await apiError(kvs.get('k'));
    expect([err.responseDetails.status, err.code]).toEqual([502, 'UNKNOWN_ERROR']);
  });

  it('counts every call, by path too, until reset', async () => {
    await kvs.set('a', 1);
    await kvs.get('a');
    await kvs.query().getMany();
    await apiError(kvs.set('bad/key', 1));
    expect(emulator.callCount).toBe(4);
    expect(emulator.callCountsByPath).toEqual({ '/api/v1/set': 2, '/api/v1/get': 1, '/api/v1/query': 1 });
    emulator.resetCallCount();
    expect(emulator.callCount).toBe(0);
    await kvs.batchGet([{ key: 'a' }]);
    expect(emulator.callCount).toBe(1);
  });

  it('waits the simulated latency before every call, from the option or set later', async () => {
    emulator = new KvsEmulator({ latencyMs: 40 });
    let started = performance.now();
    await kvs.set('a', 1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    emulator.latencyMs = 0;
    started = performance.now();
    expect(await kvs.get('a')).toBe(1);
    expect(performance.now() - started).toBeLessThan(35);
  });
});

describe('manifest entities', () => {
  const MANIFEST = `
modules:
  jira:projectPage:
    - key: outcomes
app:
  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000
  storage:
    entities:
      - name: key-result
        attributes:
          objectiveId: { type: string }
          order: { type: integer }
          progress: { type: float }
        indexes:
          - progress
          - name: by-objective
            partition: [objectiveId]
            range: [order]
`;

  it('parses app.storage.entities and enforces exactly those indexes', async () => {
    const entities = entitiesFromManifest(MANIFEST);
    expect(entities).toEqual({
      'key-result': {
        attributes: { objectiveId: { type: 'string' }, order: { type: 'integer' }, progress: { type: 'float' } },
        indexes: ['progress', { name: 'by-objective', partition: ['objectiveId'], range: ['order'] }],
      },
    });
    emulator = new KvsEmulator({ entities });
    const krs = kvs.entity<{ objectiveId: string; order: number; progress?: number }>('key-result');
    await krs.set('kr2', { objectiveId: 'o1', order: 2, progress: 0.4 });
    await krs.set('kr1', { objectiveId: 'o1', order: 1 });
    const page = await krs.query().index('by-objective', { partition: ['o1'] }).getMany();
    expect(page.results.map((r) => r.key)).toEqual(['kr1', 'kr2']);
    expect((await krs.query().index('progress').getMany()).results.map((r) => r.key)).toEqual(['kr2']);
    expect((await apiError(krs.query().index('by-order').getMany())).code).toBe('INVALID_ENTITY_INDEX');
    expect(entitiesFromManifest('app:\n  id: x\n')).toEqual({});
  });

  it('rejects a manifest whose index names an undeclared attribute', () => {
    const bad = MANIFEST.replace('range: [order]', 'range: [missing]');
    expect(() => entitiesFromManifest(bad)).toThrow(/missing/);
  });
});

describe('raw protocol', () => {
  it('answers unknown endpoints with 404 and malformed bodies with 400 BAD_REQUEST', async () => {
    expect(await emulator.handle('/api/v1/nope', {})).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await emulator.handle('/api/v1/get', undefined)).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect(await emulator.handle('/api/v1/set', { key: 'k' })).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect(await emulator.handle('/api/v1/batch/set', { key: 'k', value: 1 })).toMatchObject({ status: 400 });
    expect(await emulator.handle('/api/v1/transaction', {})).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect(await emulator.handle('/api/v1/query', { after: 'not-a-cursor' })).toMatchObject({ status: 400, body: { code: 'INVALID_CURSOR' } });
  });

  it('does not let a caller mutate stored values through a response', async () => {
    await emulator.handle('/api/v1/set', { key: 'k', value: { list: [1] } });
    const first = await emulator.handle('/api/v1/get', { key: 'k' });
    ((first.body as { value: { list: number[] } }).value.list as number[]).push(2);
    expect((await emulator.handle('/api/v1/get', { key: 'k' })).body).toEqual({ key: 'k', value: { list: [1] } });
  });
});
