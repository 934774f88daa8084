// A team at work, for the benchmark's "after 50 changes" and "an hour of a busy team": issues change
// in the Jira emulator (status moves, sprint moves, story-point edits, each with its changelog entry,
// as Jira records them) and Jira's issue events reach the app as Forge would deliver them.
//
// Which events reach the app is read from the manifest, not assumed: every `trigger` module whose
// events include `avi:jira:updated:issue` gets each change's event, through the local runtime, with
// the handler its function names in src/index.ts. An app that declares no such trigger gets none and
// pays for nothing here. The manifest's hourly `scheduledTrigger`s are the app's own background work
// in an hour: `runHourlyJobs` runs each once. Background work any of them starts on Forge's async
// events queues is delivered by the runtime and waited for (`queuesSettled`) after each step, so its
// Jira calls count with the step that started it.
//
// Deterministic: the issues and the changes come from a seeded PRNG over the generated tenant.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ChangeItemRecord, IssueRecord } from '../local/jira/model';
import { prng, type Tenant } from './generate';
import { type BenchPlatform, USERS } from './platform';
import { must } from '../test/support/must';

const ROOT = join(__dirname, '..');

/** A handler as the local runtime delivers events to it. */
type ForgeHandler = (event: unknown, context: unknown) => Promise<unknown>;
const STATUS = { todo: '10000', prog: '3', review: '10002', done: '10001' } as const;
const NEXT_STATUS: Record<string, string> = { [STATUS.todo]: STATUS.prog, [STATUS.prog]: STATUS.review, [STATUS.review]: STATUS.done };
const POINTS = [1, 2, 3, 5, 8, 13];
const ISSUE_UPDATED = 'avi:jira:updated:issue';

interface ManifestFunction {
  key: string;
  handler: string;
}

interface Manifest {
  modules?: {
    trigger?: Array<{ key: string; function: string; events?: string[] }>;
    scheduledTrigger?: Array<{ key: string; function: string; interval?: string }>;
    function?: ManifestFunction[];
  };
}

export interface AppModule {
  moduleKey: string;
  handler: ForgeHandler;
}

function manifest(): Manifest {
  return parseYaml(readFileSync(join(ROOT, 'manifest.yml'), 'utf8')) as Manifest;
}

/** The export of src/index.ts a manifest function names (`index.sprintEventHandler`). */
async function handlerOf(functions: ManifestFunction[], functionKey: string): Promise<ForgeHandler> {
  const spec = functions.find((candidate) => candidate.key === functionKey);
  const [file, name] = spec?.handler.split('.') ?? [];
  if (file !== 'index' || !name) throw new Error(`manifest: function ${functionKey} has no handler in index`);
  const exported = ((await import('../src/index')) as Record<string, unknown>)[name];
  if (typeof exported !== 'function') throw new Error(`manifest: src/index.ts exports no ${name}`);
  return exported as ForgeHandler;
}

/** The trigger modules the manifest subscribes to Jira's issue-updated event, with their handlers. */
export async function issueUpdateTriggers(): Promise<AppModule[]> {
  const modules = manifest().modules ?? {};
  const triggers = (modules.trigger ?? []).filter((trigger) => trigger.events?.includes(ISSUE_UPDATED));
  return Promise.all(triggers.map(async (trigger) => ({ moduleKey: trigger.key, handler: await handlerOf(modules.function ?? [], trigger.function) })));
}

/** The manifest's hourly scheduled triggers, with their handlers. */
export async function hourlyJobs(): Promise<AppModule[]> {
  const modules = manifest().modules ?? {};
  const jobs = (modules.scheduledTrigger ?? []).filter((job) => job.interval === 'hour');
  return Promise.all(jobs.map(async (job) => ({ moduleKey: job.key, handler: await handlerOf(modules.function ?? [], job.function) })));
}

export type ChangeKind = 'status' | 'sprint' | 'points';

export interface AppliedChange {
  kind: ChangeKind;
  issueKey: string;
  /** Events delivered to the app for it (one per subscribed trigger). */
  events: number;
}

/**
 * Changes issues of the tenant's project one at a time, as its team would during a sprint: a third
 * move an issue of the running sprint one status on, a third pull a backlog item into the running
 * sprint, a third re-estimate an item of the running sprint or the backlog.
 */
export class TeamAtWork {
  private readonly rnd: () => number;
  private readonly openSprintIds: Set<number>;
  private changelogId: number;
  private changes = 0;

  private constructor(
    private readonly platform: BenchPlatform,
    private readonly tenant: Tenant,
    private readonly triggers: AppModule[],
    seed: number,
  ) {
    this.rnd = prng(seed);
    this.openSprintIds = new Set(platform.jira.data.sprints.filter((sprint) => sprint.state === 'active').map((sprint) => sprint.id));
    let highest = 10_000;
    for (const issue of platform.jira.data.issues) for (const history of issue.changelog) highest = Math.max(highest, Number(history.id) || 0);
    this.changelogId = highest;
  }

  static async start(platform: BenchPlatform, tenant: Tenant, seed: number): Promise<TeamAtWork> {
    return new TeamAtWork(platform, tenant, await issueUpdateTriggers(), seed);
  }

  /** Whether the app subscribes to issue updates at all (else changes reach it only through its reads). */
  get subscribed(): boolean {
    return this.triggers.length > 0;
  }

  private workItems(where: 'sprint' | 'backlog'): IssueRecord[] {
    const { data } = this.platform.jira;
    const subtask = new Set(data.issueTypes.filter((type) => type.subtask).map((type) => type.id));
    const epic = new Set(data.issueTypes.filter((type) => type.name === 'Epic').map((type) => type.id));
    return data.issues.filter((issue) => {
      if (issue.projectKey !== this.tenant.subjects.projectKey || subtask.has(issue.issueTypeId) || epic.has(issue.issueTypeId)) return false;
      if (issue.statusId === STATUS.done) return false;
      const current = issue.sprintIds.at(-1);
      const inOpenSprint = current !== undefined && this.openSprintIds.has(current);
      return where === 'sprint' ? inOpenSprint : !inOpenSprint;
    });
  }

  private pick<T>(list: readonly T[]): T | undefined {
    return list.length === 0 ? undefined : list[Math.floor(this.rnd() * list.length)];
  }

  /** Makes the next change at `at`, by `accountId`, and delivers its event to every subscribed trigger. */
  async change(at: Date, accountId: string = USERS.diego): Promise<AppliedChange> {
    const { data } = this.platform.jira;
    const kinds: ChangeKind[] = ['status', 'sprint', 'points'];
    const kind = must(kinds[this.changes % kinds.length], 'kinds[this.changes % kinds.length]');
    this.changes += 1;
    const sprintItems = this.workItems('sprint');
    const issue = kind === 'sprint' ? this.pick(this.workItems('backlog')) : kind === 'status' ? this.pick(sprintItems) : this.pick([...sprintItems, ...this.workItems('backlog')]);
    if (!issue) throw new Error(`No issue left for a ${kind} change`);
    const items: ChangeItemRecord[] = [];
    const when = at.toISOString();
    if (kind === 'status') {
      const from = must(data.statuses.find((status) => status.id === issue.statusId), 'data.statuses.find((status) => status.id === issue.statusId)');
      const to = must(data.statuses.find((status) => status.id === NEXT_STATUS[issue.statusId]), 'data.statuses.find((status) => status.id === NEXT_STATUS[…');
      if (to.categoryKey === 'done') {
        items.push({ field: 'resolution', fieldtype: 'jira', fieldId: 'resolution', from: null, fromString: null, to: '10000', toString: 'Done' });
        issue.resolutiondate = when;
      }
      items.push({ field: 'status', fieldtype: 'jira', fieldId: 'status', from: from.id, fromString: from.name, to: to.id, toString: to.name });
      issue.statusId = to.id;
    } else if (kind === 'sprint') {
      const sprint = must(data.sprints.find((candidate) => this.openSprintIds.has(candidate.id)), 'data.sprints.find((candidate) => this.openSprintIds.has(c…');
      const before = [...issue.sprintIds];
      issue.sprintIds = [...issue.sprintIds.filter((id) => id !== sprint.id), sprint.id];
      const names = (ids: number[]) => ids.map((id) => data.sprints.find((candidate) => candidate.id === id)?.name ?? String(id)).join(', ');
      items.push({ field: 'Sprint', fieldtype: 'custom', fieldId: data.customFields.sprint, from: before.join(', ') || null, fromString: names(before) || null, to: issue.sprintIds.join(', '), toString: names(issue.sprintIds) });
    } else {
      const points = POINTS.filter((value) => value !== issue.storyPoints);
      const to = must(this.pick(points), 'this.pick(points)');
      items.push({ field: 'Story point estimate', fieldtype: 'custom', fieldId: data.customFields.storyPoints, from: issue.storyPoints === null ? null : String(issue.storyPoints), fromString: issue.storyPoints === null ? null : String(issue.storyPoints), to: String(to), toString: String(to) });
      issue.storyPoints = to;
    }
    this.changelogId += 1;
    const history = { id: String(this.changelogId), authorAccountId: accountId, created: when, items };
    issue.changelog.push(history);
    issue.updated = when;
    // The emulator's data changed behind its routes: no earlier answer may be replayed.
    this.platform.forgetAnswers();
    for (const trigger of this.triggers) {
      await this.platform.forge.deliverEvent({ moduleKey: trigger.moduleKey, handler: trigger.handler, event: this.updatedEvent(issue, history, accountId) });
    }
    await this.platform.forge.queuesSettled();
    return { kind, issueKey: issue.key, events: this.triggers.length };
  }

  /** Jira's issue-updated event as Forge delivers it: the issue's main fields, who changed it, and the changelog. */
  private updatedEvent(issue: IssueRecord, history: { id: string; items: ChangeItemRecord[] }, accountId: string): Record<string, unknown> {
    const { data } = this.platform.jira;
    const status = must(data.statuses.find((candidate) => candidate.id === issue.statusId), 'data.statuses.find((candidate) => candidate.id === issue.…');
    const type = must(data.issueTypes.find((candidate) => candidate.id === issue.issueTypeId), 'data.issueTypes.find((candidate) => candidate.id === issu…');
    const project = must(data.projects.find((candidate) => candidate.key === issue.projectKey), 'data.projects.find((candidate) => candidate.key === issue…');
    return {
      eventType: ISSUE_UPDATED,
      atlassianId: accountId,
      issue: {
        id: issue.id,
        key: issue.key,
        fields: {
          summary: issue.summary,
          issuetype: { id: type.id, name: type.name, subtask: type.subtask },
          project: { id: project.id, key: project.key, name: project.name },
          status: { id: status.id, name: status.name, statusCategory: { key: status.categoryKey } },
          ...(issue.parentKey ? { parent: { key: issue.parentKey } } : {}),
          created: issue.created,
          updated: issue.updated,
        },
      },
      changelog: { id: history.id, items: history.items },
      associatedUsers: [{ accountId }],
    };
  }
}

/** Runs each of the manifest's hourly jobs once, as Forge's scheduler would in an hour, and lets their background work finish. */
export async function runHourlyJobs(platform: BenchPlatform): Promise<number> {
  const jobs = await hourlyJobs();
  for (const job of jobs) await platform.forge.deliverEvent({ moduleKey: job.moduleKey, handler: job.handler, event: {} });
  await platform.forge.queuesSettled();
  return jobs.length;
}
