// The async events limits Forge documents (developer.atlassian.com/platform/forge/limits-async-events),
// as the local runtime enforces them: what the app's background work must stay inside to finish on Forge.
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
