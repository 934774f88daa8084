// The whole local platform in one place: Forge storage kept on disk, Jira (the GymTonic emulator or a
// real site through the proxy), and the runtime that runs the app's handlers against them.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoOkrExport } from './demo-okrs';
import { DEMO_PUSH_FILE, feedDemoPushedKeyResult } from './demo-push';
import { alignDemoTeam, seedDemoMarketingTeam, seedDemoNexus, seedDemoOperationsTeam, seedDemoOrganizationOkrs, seedDemoTrainerTeam } from './demo-organization';
import { tellDemoStory } from './demo-story';
import { addDemoBacklogIssues, createDemoData, DEMO_ACCOUNT_IDS, DEMO_DEFAULT_ACCOUNT_ID, demoUserSwitcher } from './jira/demo-data';
import { indexedPropertiesFromManifest, JiraEmulator } from './jira/emulator';
import { jiraBackendFromEnv, type JiraProxy } from './jira/proxy';
import type { JiraData } from './jira/model';
import { entitiesFromManifest, KvsEmulator } from './kvs/emulator';
import { installLocalForge, type LocalForge } from './runtime';
import { emulatorDirectory, proxyDirectory, type PreviewProject, type SiteDirectory } from './site';

export const ROOT = join(__dirname, '..');
export const DEFAULT_DATA_DIR = join(ROOT, '.local-data');

export type { PreviewIssue, PreviewProject, PreviewUser } from './site';

export interface Preview {
  forge: LocalForge;
  kvs: KvsEmulator;
  /** The emulator, or null when Jira calls go to a real site. */
  jira: JiraEmulator | null;
  /** The users, projects and issues around the app: the demo's, or the real site's in proxy mode. */
  site: SiteDirectory;
  /** The project the preview opens on: GYM with the emulator; null in proxy mode (it opens the site's project list). */
  homeProject: PreviewProject | null;
  mode: 'emulator' | 'proxy';
  /** The project's Scrum board's running sprint and the next one to start (emulator only). */
  sprints(): { active: SprintRef | null; next: SprintRef | null };
  /**
   * Closes the running sprint in the Jira emulator, as a team does in Jira (unfinished work moves to
   * the next sprint), and delivers Jira's sprint-closed event to the app's trigger, as Forge would.
   */
  closeActiveSprint(accountId: string): Promise<{ sprint: SprintRef; reviewsOpened: string[] }>;
  /** Starts the next future sprint for two weeks, delivering the sprint-started event. */
  startNextSprint(accountId: string): Promise<{ sprint: SprintRef }>;
  /** The real site's address in proxy mode. */
  siteUrl?: string;
  close(): Promise<void>;
}

export interface SprintRef {
  id: number;
  name: string;
}

export interface PreviewOptions {
  /** Where Forge storage is kept; null keeps it in memory only (tests). */
  dataDir?: string | null;
  /** The day the demo data is built around; today by default, so the active sprint is always running. */
  today?: Date;
  /** Give a fresh store GymTonic's OKRs on first start (default true; never in proxy mode). */
  seedOkrs?: boolean;
  /**
   * With the OKRs, play the team's use of Outcomes so far through the app (links, tied Sprint Goals, the
   * last closed sprint's review graded: local/demo-story.ts); default true. Only on a fresh store.
   */
  demoStory?: boolean;
  /** Stories added to GYM's backlog after the demo's own, for journeys that need more than a page of it. */
  extraBacklogIssues?: number;
  /** Changes the demo site before the preview starts (a browser journey's permission scheme, say). */
  adjustData?: (data: JiraData) => void;
  env?: NodeJS.ProcessEnv;
}

const manifestText = () => readFileSync(join(ROOT, 'manifest.yml'), 'utf8');

/** The storage entities the manifest declares, which the KVS emulator enforces. */
export function manifestEntities() {
  return entitiesFromManifest(manifestText());
}

/** The issue properties the manifest indexes for JQL, which the Jira emulator searches. */
export function manifestIssueProperties() {
  return indexedPropertiesFromManifest(manifestText());
}

export async function createPreview(options: PreviewOptions = {}): Promise<Preview> {
  const dataDir = options.dataDir === undefined ? DEFAULT_DATA_DIR : options.dataDir;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const env = options.env ?? process.env;
  const proxy = jiraBackendFromEnv(env);
  // Proxy mode keeps its storage apart from the demo's, one file per site, so no GymTonic OKR shows there.
  const kvsFile = proxy ? `kvs-${new URL(proxy.baseUrl).host.replace(/[^a-zA-Z0-9.-]/g, '_')}.json` : 'kvs.json';
  const kvs = new KvsEmulator({
    entities: manifestEntities(),
    ...(dataDir ? { file: join(dataDir, kvsFile) } : {}),
  });
  if (proxy) return proxyPreview(kvs, proxy, env.JIRA_EMAIL?.trim() ?? '');

  const data = createDemoData({ today: options.today ?? new Date() });
  if (options.extraBacklogIssues) addDemoBacklogIssues(data, options.extraBacklogIssues);
  options.adjustData?.(data);
  const emulator = new JiraEmulator(data, { indexedIssueProperties: manifestIssueProperties() });
  const forge = installLocalForge({ kvs, jira: emulator });

  const gym = data.projects.find((project) => project.key === 'GYM');
  if (!gym) throw new Error('The demo data has no GYM project.');
  const boardSprints = () => {
    const current = emulator.data;
    const board = current.boards.find((candidate) => candidate.projectKey === gym.key && candidate.type === 'scrum');
    return board ? current.sprints.filter((sprint) => sprint.originBoardId === board.id) : [];
  };
  const ref = (sprint: { id: number; name: string } | undefined): SprintRef | null => (sprint ? { id: sprint.id, name: sprint.name } : null);
  // The trigger's handler, loaded as Forge loads it (after the runtime is installed).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sprintEventHandler = () => (require('../src/index') as { sprintEventHandler: (event: unknown) => Promise<unknown> }).sprintEventHandler;
  const deliverSprintEvent = (eventType: string, sprint: unknown, accountId: string) =>
    forge.deliverEvent({ moduleKey: 'sprint-events', handler: sprintEventHandler(), event: { eventType, sprint, atlassianId: accountId } });
  // Jira sends the app an event for every change to an issue; the triggers keep the page's figures with them.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const issueHandlers = () => require('../src/index') as Record<'issueChangedHandler' | 'issueDeletedHandler', (event: unknown) => Promise<unknown>>;
  emulator.onIssueEvent((event) => {
    const deleted = event.eventType === 'avi:jira:deleted:issue';
    const handler = deleted ? issueHandlers().issueDeletedHandler : issueHandlers().issueChangedHandler;
    forge.deliverEvent({ moduleKey: deleted ? 'issue-deleted' : 'issue-changed', handler, event: { ...event } }).catch(() => undefined);
  });
  if ((options.seedOkrs ?? true) && storeIsEmpty(kvs)) {
    await seedDemoOkrs(forge, gym, options.today ?? new Date());
    if (options.demoStory ?? true) {
      await tellDemoStory({
        forge,
        data: () => emulator.data,
        project: gym,
        accountId: DEMO_DEFAULT_ACCOUNT_ID,
        deliverSprintClosed: (sprintId) => deliverSprintEvent('avi:jira-software:closed:sprint', emulator.sprintJson(sprintId), DEMO_DEFAULT_ACCOUNT_ID),
      });
      const pushed = await feedDemoPushedKeyResult(forge, gym, DEMO_DEFAULT_ACCOUNT_ID, options.today ?? new Date());
      // The demo's query-measured Key Result reads Jira now, as the hourly refresh would.
      await refreshQueryKeyResults(forge);
      // Kept beside the preview's storage for `npm run push-metric`: the demo's secret only (a real one is shown once, never kept).
      if (dataDir) writeFileSync(join(dataDir, DEMO_PUSH_FILE), `${JSON.stringify({ secret: pushed.secret.secretValue, keyResultId: pushed.keyResultId }, null, 2)}\n`);
    }
    // The level above the team: GymTonic's organization OKRs, set by its executive.
    const organization = await seedDemoOrganizationOkrs(forge, DEMO_ACCOUNT_IDS.elena, options.today ?? new Date());
    // GYM's Product Goal and two of its Objectives serve the organization's; one Key Result contributes to one of its Key Results.
    await alignDemoTeam(forge, gym, DEMO_DEFAULT_ACCOUNT_ID, organization);
    // OPS aligns too, over its OKR-in-process limit and with an Objective serving nothing: the organization page's flags.
    const ops = data.projects.find((project) => project.key === 'OPS');
    if (ops) await seedDemoOperationsTeam(forge, ops, DEMO_ACCOUNT_IDS.oscar, organization, options.today ?? new Date());
    // TRN, the trainer platform, is a team dedicated to one Objective; one of its Key Results and one of
    // GYM's split an organization Key Result between them. MKT, marketing (no sprints), is the third team
    // serving a yearly Objective nobody is dedicated to (spread).
    const trn = data.projects.find((project) => project.key === 'TRN');
    if (trn) await seedDemoTrainerTeam(forge, emulator.data, trn, DEMO_ACCOUNT_IDS.tomas, organization, options.today ?? new Date());
    const mkt = data.projects.find((project) => project.key === 'MKT');
    if (mkt) await seedDemoMarketingTeam(forge, mkt, DEMO_ACCOUNT_IDS.nadia, organization, options.today ?? new Date());
    // A team of teams: GYM and OPS share one Product Goal as a Nexus.
    if (ops) await seedDemoNexus(forge, DEMO_ACCOUNT_IDS.elena, organization);
  }
  const stopSchedule = runScheduledTriggers(forge);
  const users = demoUserSwitcher(data).map(({ accountId, displayName, role }) => ({ accountId, displayName, role }));
  return {
    forge,
    kvs,
    jira: emulator,
    site: emulatorDirectory(() => emulator.data, gym.key, users, DEMO_DEFAULT_ACCOUNT_ID),
    homeProject: { id: gym.id, key: gym.key, name: gym.name, type: 'software' },
    mode: 'emulator',
    sprints: () => {
      const sprints = boardSprints();
      return { active: ref(sprints.find((sprint) => sprint.state === 'active')), next: ref(sprints.find((sprint) => sprint.state === 'future')) };
    },
    async closeActiveSprint(accountId) {
      const active = boardSprints().find((sprint) => sprint.state === 'active');
      if (!active) throw new Error(`${gym.key} has no running sprint to close.`);
      const closed = emulator.closeSprint(active.id);
      const answer = (await deliverSprintEvent('avi:jira-software:closed:sprint', closed, accountId)) as { reviewsOpened?: string[] } | undefined;
      return { sprint: { id: closed.id, name: closed.name }, reviewsOpened: answer?.reviewsOpened ?? [] };
    },
    async startNextSprint(accountId) {
      const next = boardSprints().find((sprint) => sprint.state === 'future');
      if (!next) throw new Error(`${gym.key} has no future sprint to start.`);
      const started = emulator.startSprint(next.id);
      await deliverSprintEvent('avi:jira-software:started:sprint', started, accountId);
      return { sprint: { id: started.id, name: started.name } };
    },
    async close() {
      stopSchedule();
      // Background work already queued (a delete's search clean-up) finishes first.
      await forge.queuesSettled();
      forge.uninstall();
    },
  };
}

/** Every Jira call goes to the real site as the token's owner; nothing of the demo is built. */
function proxyPreview(kvs: KvsEmulator, proxy: JiraProxy, email: string): Preview {
  const forge = installLocalForge({ kvs, jira: proxy });
  const stopSchedule = runScheduledTriggers(forge);
  const onTheSite = (): never => {
    throw new Error(`Close and start sprints on ${proxy.baseUrl} itself: the site then sends its events to the deployed app, not to this preview.`);
  };
  return {
    forge,
    kvs,
    jira: null,
    site: proxyDirectory(proxy, { baseUrl: proxy.baseUrl, email }),
    homeProject: null,
    mode: 'proxy',
    sprints: () => ({ active: null, next: null }),
    closeActiveSprint: async () => onTheSite(),
    startNextSprint: async () => onTheSite(),
    siteUrl: proxy.baseUrl,
    async close() {
      stopSchedule();
      // Background work already queued (a delete's search clean-up) finishes first.
      await forge.queuesSettled();
      forge.uninstall();
    },
  };
}

/**
 * The manifest's hourly scheduled trigger (the site's fields of every kept board, read again), run
 * every hour while the preview runs, as Forge would. Answers how to stop it.
 */
function runScheduledTriggers(forge: LocalForge): () => void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const handler = () => (require('../src/index') as { jiraFieldsRefresher: () => Promise<unknown> }).jiraFieldsRefresher;
  const timer = setInterval(() => {
    forge.deliverEvent({ moduleKey: 'jira-fields-refresh', handler: handler(), event: {} }).catch(() => undefined);
    refreshQueryKeyResults(forge).catch(() => undefined);
  }, 60 * 60 * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

/** The manifest's hourly `query-refresh-hourly` trigger, once: it queues the refreshes; answers when they are done. */
async function refreshQueryKeyResults(forge: LocalForge): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { queryRefresher } = require('../src/index') as { queryRefresher: () => Promise<unknown> };
  await forge.deliverEvent({ moduleKey: 'query-refresh-hourly', handler: queryRefresher, event: {} });
  await forge.queuesSettled();
}

function storeIsEmpty(kvs: KvsEmulator): boolean {
  return Object.keys((JSON.parse(kvs.snapshot()) as { tables: object }).tables).length === 0;
}

/** The demo OKRs go in through the app's own import, as GymTonic's Product Owner would bring them. */
async function seedDemoOkrs(forge: LocalForge, gym: { id: string; key: string }, today: Date): Promise<void> {
  const answer = (await forge.invoke({
    accountId: DEMO_DEFAULT_ACCOUNT_ID,
    moduleKey: 'outcomes-project-page',
    extension: { type: 'jira:projectPage', project: { id: gym.id, key: gym.key, type: 'software' } },
    functionKey: 'importData',
    payload: { data: demoOkrExport(today) },
  })) as { ok: boolean; error?: { message: string } };
  if (!answer.ok) throw new Error(`Could not seed the demo OKRs: ${answer.error?.message}`);
}
