// What a project page view costs in Jira calls once its figures are kept (issue 15): the same at any
// size of project, because only what the page lists is read as the viewer (the backlog's first page
// and the running sprint), and the figures come from the kept issues reconciled with one search.
import { BENCH_TODAY, generateTenant } from '../bench/generate';
import { startBenchPlatform } from '../bench/platform';
import { seedTenant } from '../bench/seed';
import { pinClock } from './support/fixture';

beforeAll(() => pinClock(BENCH_TODAY));
afterAll(() => jest.useRealTimers());

/** A generated project's page viewed once (which asks for its issues to be kept), then again once that work is done: the second view's Jira calls. */
async function settledViewCalls(size: number): Promise<{ calls: number; storageCalls: number; warnings: string[] }> {
  const tenant = generateTenant(size);
  const platform = startBenchPlatform(tenant.data, tenant.subjects.projectKey);
  try {
    await seedTenant(platform, tenant);
    await platform.onProjectPage('sam', 'getProjectOverview');
    await platform.forge.queuesSettled();
    platform.resetCounts();
    const answer = await platform.onProjectPage('sam', 'getProjectOverview');
    if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
    return { calls: platform.forge.calls.jira, storageCalls: platform.forge.calls.kvs, warnings: answer.data.warnings.map((warning) => warning.code) };
  } finally {
    await platform.forge.queuesSettled();
    platform.close();
  }
}

it('costs the same Jira calls for 500 issues as for 3,000 once the figures are kept, none of them a read of the linked issues, and at most 10 storage calls', async () => {
  const small = await settledViewCalls(500);
  const large = await settledViewCalls(3_000);
  expect(small.warnings).toEqual([]);
  expect(large.warnings).toEqual([]);
  expect(large.calls).toBe(small.calls);
  expect(small.calls).toBeLessThanOrEqual(15);
  // And its storage reads: the import marker with the settings, the cycle with its reviews, the kept
  // state with the board's kept fields and sprints, each in one call; the kept issues; the links; the Sprint Goals.
  expect(small.storageCalls).toBeLessThanOrEqual(10);
  expect(large.storageCalls).toBeLessThanOrEqual(10);
}, 300_000);
