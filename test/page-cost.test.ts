// What a project page view costs in Jira calls once its figures are kept (issue 15): the same at any
// size of project, because only what the page lists is read as the viewer (the backlog's first page
// and the running sprint), and the figures come from the kept issues reconciled with one search.
import { BENCH_TODAY, generateTenant } from '../bench/generate';
import { startBenchPlatform } from '../bench/platform';
import { seedTenant } from '../bench/seed';
import { pinClock } from './support/fixture';

beforeAll(() => pinClock(BENCH_TODAY));
afterAll(() => jest.useRealTimers());

/**
 * A generated project's page viewed once (which asks for its issues to be kept), then again once that
 * work is done: the second view's Jira and storage calls, and how many kept issues its storage reads
 * carried (every query and batch read of the kept issues' records, counted by the issues they hold).
 */
async function settledViewCalls(size: number): Promise<{ calls: number; storageCalls: number; keptIssuesRead: number; keptRecordsRead: number; keptQueries: number; sprintIssues: number; warnings: string[] }> {
  const tenant = generateTenant(size);
  const platform = startBenchPlatform(tenant.data, tenant.subjects.projectKey);
  try {
    await seedTenant(platform, tenant);
    await platform.onProjectPage('sam', 'getProjectOverview');
    await platform.forge.queuesSettled();
    platform.resetCounts();
    const handle = platform.kvs.handle.bind(platform.kvs);
    let keptIssuesRead = 0;
    let keptRecordsRead = 0;
    let keptQueries = 0;
    platform.kvs.handle = async (path, body) => {
      const response = await handle(path, body);
      const entityOf = (item: unknown) => (item as { entityName?: string } | undefined)?.entityName;
      const issuesIn = (value: unknown) => ((value as { issues?: unknown[] } | undefined)?.issues ?? []).length;
      if (entityOf(body) === 'kept-issues' && path.includes('query')) keptQueries += 1;
      const answer = response.body as { data?: Array<{ value?: unknown }>; successfulKeys?: Array<{ entityName?: string; value?: unknown }> } | undefined;
      const read = (value: unknown) => {
        keptRecordsRead += 1;
        keptIssuesRead += issuesIn(value);
      };
      if (entityOf(body) === 'kept-issues') for (const item of answer?.data ?? []) read(item.value);
      for (const item of answer?.successfulKeys ?? []) if (item.entityName === 'kept-issues') read(item.value);
      return response;
    };
    const answer = await platform.onProjectPage('sam', 'getProjectOverview');
    if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
    const sprintIssues = answer.data.sprints.reduce((sum, sprint) => sum + sprint.issueCount, 0);
    return { calls: platform.forge.calls.jira, storageCalls: platform.forge.calls.kvs, keptIssuesRead, keptRecordsRead, keptQueries, sprintIssues, warnings: answer.data.warnings.map((warning) => warning.code) };
  } finally {
    await platform.forge.queuesSettled();
    platform.close();
  }
}

it('costs the same Jira calls for 500 issues as for 3,000 once the figures are kept, none of them a read of the linked issues, and at most 14 storage calls', async () => {
  const small = await settledViewCalls(500);
  const large = await settledViewCalls(3_000);
  expect(small.warnings).toEqual([]);
  expect(large.warnings).toEqual([]);
  expect(large.calls).toBe(small.calls);
  expect(small.calls).toBeLessThanOrEqual(15);
  // And its storage reads: the import marker with the settings; the cycle's Objectives, Key Results
  // and reviews; the import marker again; the links of its 49 Key Results (two batch reads) and their
  // flow tallies with the cycle's sprints' rosters (three); the kept state with the board's kept fields
  // and sprints; the kept issues the page counts (the sprints', the backlog's parents and theirs) and
  // those that changed since the last reconciliation (a batch read each); the Sprint Goals.
  expect(small.storageCalls).toBeLessThanOrEqual(14);
  expect(large.storageCalls).toBeLessThanOrEqual(14);
}, 300_000);

it('counts the sprints and the epics their issues serve through from their rosters: it reads no record of kept issues but the one holding what changed since the last reconciliation', async () => {
  const large = await settledViewCalls(3_000);
  expect(large.warnings).toEqual([]);
  expect(large.keptQueries).toBe(0);
  // The cycle's sprints hold a few hundred of the 3,000 issues, kept in several records with their
  // epics; the rosters carry what the page counts them with. What changed since the last
  // reconciliation (the seeding, within the search's margin) is read with what was kept of it.
  expect(large.sprintIssues).toBeGreaterThan(200);
  expect(large.keptRecordsRead).toBeLessThanOrEqual(1);
  expect(large.keptIssuesRead).toBeLessThan(large.sprintIssues);
}, 300_000);
