// Forge's async events as the local runtime serves them: @forge/events' Queue reaches the platform
// through the runtime's fetch, the push is answered at once, and the manifest's consumer gets each
// event later, on its own, with 900 s to run; a push to a queue the manifest has no consumer for fails.
import { Queue } from '@forge/events';
import { startPlatform, type TestPlatform } from './support/platform';

let platform: TestPlatform;
beforeEach(() => {
  platform = startPlatform();
});
afterEach(() => {
  jest.restoreAllMocks();
  platform.close();
});

/** Runs code inside a Forge-like invocation, as a resolver or a trigger would. */
const run = <T>(fn: () => Promise<T>) => platform.forge.deliverEvent({ moduleKey: 'test', handler: () => fn(), event: {} }) as Promise<T>;

it('answers a push at once and delivers each event to the queue’s consumer afterwards', async () => {
  const consumer = () => platform.forge.deliveries.filter((delivery) => delivery.moduleKey === 'deleted-links');
  const pushed = await run(() => new Queue({ key: 'deleted-links' }).push([{ body: { keyResultIds: ['gone-1'] } }, { body: { keyResultIds: ['gone-2'] } }]));
  expect(pushed.jobId).toEqual(expect.any(String));
  expect(consumer()).toEqual([]);
  await platform.forge.queuesSettled();
  expect(consumer().map((delivery) => delivery.outcome)).toEqual(['done', 'done']);
});

it('gives a consumer the 900 s of an async event, not a resolver’s 25 s', async () => {
  const { __getRuntime } = await import('@forge/api');
  let left = 0;
  const index = await import('../src/index');
  const original = index.deletedLinksConsumer;
  const spy = jest.spyOn(index, 'deletedLinksConsumer').mockImplementation(async (event) => {
    left = __getRuntime().lambdaContext.getRemainingTimeInMillis();
    return original(event);
  });
  try {
    await run(() => new Queue({ key: 'deleted-links' }).push({ body: { keyResultIds: ['gone'] } }));
    await platform.forge.queuesSettled();
  } finally {
    spy.mockRestore();
  }
  expect(left).toBeGreaterThan(25_000);
  expect(left).toBeLessThanOrEqual(900_000);
});

it('refuses a push to a queue no consumer reads', async () => {
  jest.spyOn(console, 'error').mockImplementation(() => {});
  await expect(run(() => new Queue({ key: 'no-such-queue' }).push({ body: {} }))).rejects.toThrow(/No consumer for queue no-such-queue/);
});
