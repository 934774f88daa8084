// Forge's async events as the local runtime serves them: @forge/events' Queue reaches the platform
// through the runtime's fetch, the push is answered at once, and the manifest's consumer gets each
// event later, on its own, with 900 s to run; a push to a queue the manifest has no consumer for fails.
import { InvocationError, InvocationErrorCode, InvocationLimitReachedError, PayloadTooBigError, Queue } from '@forge/events';
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

// The limits Forge documents (developer.atlassian.com/platform/forge/limits-async-events), as the
// local runtime enforces them: what the app's background work must stay inside to finish on Forge.
describe('Forge’s async events limits', () => {
  it('stops a chain of consumers at 1,000 pushes descending from one invocation', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => {});
    const index = await import('../src/index');
    let delivered = 0;
    let refused: unknown = null;
    // A consumer that pushes the next event every time it runs, as a chained job does.
    jest.spyOn(index, 'deletedLinksConsumer').mockImplementation(async () => {
      delivered += 1;
      try {
        await new Queue({ key: 'deleted-links' }).push({ body: { keyResultIds: [`hop-${delivered}`] } });
      } catch (error) {
        refused = error;
      }
      return undefined as never;
    });
    await run(() => new Queue({ key: 'deleted-links' }).push({ body: { keyResultIds: ['hop-0'] } }));
    await platform.forge.queuesSettled();
    // The first push was the view's; its consumers pushed 999 more; the 1,001st is refused.
    expect(delivered).toBe(1000);
    expect(refused).toBeInstanceOf(InvocationLimitReachedError);

    // Another initial invocation starts a chain of its own.
    await expect(run(() => new Queue({ key: 'deleted-links' }).push({ body: { keyResultIds: ['again'] } }))).resolves.toEqual({ jobId: expect.any(String) });
  });

  it('refuses an event over 100 KB for a consumer that may run longer than 55 s', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => {});
    // kept-issues-consumer has timeoutSeconds 900: 150 KB is inside the 200 KB a push may carry, but over 100 KB an event.
    const big = { body: { kind: 'unknown', padding: 'x'.repeat(150 * 1024) } };
    await expect(run(() => new Queue({ key: 'kept-issues' }).push(big))).rejects.toBeInstanceOf(PayloadTooBigError);
    await platform.forge.queuesSettled();
    expect(platform.forge.deliveries.filter((delivery) => delivery.moduleKey === 'kept-issues')).toEqual([]);
    // Two events of 60 KB each are within both limits.
    const fair = { body: { kind: 'unknown', padding: 'x'.repeat(60 * 1024) } };
    await expect(run(() => new Queue({ key: 'kept-issues' }).push([fair, fair]))).resolves.toEqual({ jobId: expect.any(String) });
  });

  it('does not retry an event whose consumer asks again with more than 4 KB of retryData', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => {});
    const index = await import('../src/index');
    jest.spyOn(index, 'deletedLinksConsumer').mockImplementation(async () =>
      new InvocationError({ retryAfter: 1, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST, retryData: { failure: 'x'.repeat(5 * 1024) } }) as never,
    );
    await run(() => new Queue({ key: 'deleted-links' }).push({ body: { keyResultIds: ['gone'] } }));
    await platform.forge.queuesSettled();
    const consumer = platform.forge.deliveries.filter((delivery) => delivery.moduleKey === 'deleted-links');
    expect(consumer.map((delivery) => delivery.outcome)).toEqual(['dropped']);
  });
});
