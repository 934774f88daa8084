// The benchmark's team at work (bench/changes.ts): issue changes made as Jira records them, the same
// every time, each event delivered to whatever triggers the manifest subscribes to issue updates.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { hourlyJobs, issueUpdateTriggers, TeamAtWork } from '../bench/changes';
import { generateTenant } from '../bench/generate';
import { startBenchPlatform, type BenchPlatform } from '../bench/platform';
import { must } from './support/must';

const tenant = generateTenant(500);
const manifest = parseYaml(readFileSync(join(__dirname, '..', 'manifest.yml'), 'utf8')) as {
  modules: { trigger?: Array<{ key: string; events: string[] }>; scheduledTrigger?: Array<{ key: string; interval: string }> };
};
const subscribedKeys = (manifest.modules.trigger ?? []).filter((trigger) => trigger.events.includes('avi:jira:updated:issue')).map((trigger) => trigger.key);

describe("the benchmark's team at work", () => {
  let platform: BenchPlatform;
  beforeEach(() => {
    platform = startBenchPlatform(structuredClone(tenant.data), tenant.subjects.projectKey);
  });
  afterEach(async () => {
    await platform.forge.queuesSettled();
    platform.close();
  });

  async function sixChanges(into: BenchPlatform) {
    const team = await TeamAtWork.start(into, tenant, 42);
    const at = (minute: number) => new Date(Date.parse(tenant.today) + minute * 60_000);
    const changes = [];
    for (let minute = 1; minute <= 6; minute++) changes.push(await team.change(at(minute)));
    return { team, changes };
  }

  it('moves statuses, sprints and story points in turn, each with its changelog entry and its updated time', async () => {
    const before = new Map(platform.jira.data.issues.map((issue) => [issue.key, structuredClone(issue)]));
    // (The generator dates a few issues' last update after its "today": those are found too.)
    const since = Date.parse(tenant.today) + 60_000;
    const updatedLater = platform.jira.data.issues.filter((issue) => Date.parse(issue.updated) >= since).map((issue) => issue.id);
    const { changes } = await sixChanges(platform);
    expect(changes.map((change) => change.kind)).toEqual(['status', 'sprint', 'points', 'status', 'sprint', 'points']);
    for (const [n, change] of changes.entries()) {
      const issue = must(platform.jira.data.issues.find((candidate) => candidate.key === change.issueKey), 'platform.jira.data.issues.find((candidate) => candidate.k…');
      const was = must(before.get(change.issueKey), 'before.get(change.issueKey)');
      const history = must(issue.changelog.find((entry) => entry.created === new Date(Date.parse(tenant.today) + (n + 1) * 60_000).toISOString()), 'issue.changelog.find((entry) => entry.created === new Dat…');
      expect(history).toBeDefined();
      if (change.kind === 'status') expect([must(history.items.at(-1), 'history.items.at(-1)').field, must(history.items.at(-1), 'history.items.at(-1)').from, must(history.items.at(-1), 'history.items.at(-1)').to]).toEqual(['status', was.statusId, issue.statusId]);
      if (change.kind === 'sprint') expect(issue.sprintIds.at(-1)).toBe(tenant.subjects.activeSprintId);
      if (change.kind === 'points') expect(must(history.items[0], 'history.items[0]').fieldId).toBe(platform.jira.data.customFields.storyPoints);
    }
    // Jira's search finds them as changed since the first one.
    const answer = await platform.jira.handle({
      method: 'POST',
      path: '/rest/api/3/search/jql',
      body: { jql: `project = BIG AND updated >= "2026-11-18 12:01"`, fields: ['id'], maxResults: 100 },
      accountId: null,
      headers: {},
    });
    const found = (answer.body as { issues: Array<{ id: string }> }).issues.map((issue) => issue.id).sort();
    const changed = changes.map((change) => must(platform.jira.data.issues.find((issue) => issue.key === change.issueKey), 'platform.jira.data.issues.find((issue) => issue.key === c…').id);
    expect(found).toEqual([...new Set([...updatedLater, ...changed])].sort());
  });

  it('makes the same changes every time', async () => {
    const first = (await sixChanges(platform)).changes;
    await platform.forge.queuesSettled();
    platform.close();
    platform = startBenchPlatform(structuredClone(tenant.data), tenant.subjects.projectKey);
    expect((await sixChanges(platform)).changes).toEqual(first);
  });

  it("delivers each change's event to every trigger the manifest subscribes to issue updates, and to nothing else", async () => {
    expect((await issueUpdateTriggers()).map((trigger) => trigger.moduleKey)).toEqual(subscribedKeys);
    const start = platform.forge.deliveries.length;
    const { team, changes } = await sixChanges(platform);
    expect(team.subscribed).toBe(subscribedKeys.length > 0);
    expect(changes.every((change) => change.events === subscribedKeys.length)).toBe(true);
    const delivered = platform.forge.deliveries.slice(start).filter((delivery) => subscribedKeys.includes(delivery.moduleKey));
    expect(delivered.length).toBeGreaterThanOrEqual(6 * subscribedKeys.length);
    expect((await hourlyJobs()).map((job) => job.moduleKey)).toEqual((manifest.modules.scheduledTrigger ?? []).filter((job) => job.interval === 'hour').map((job) => job.key));
  });
});
