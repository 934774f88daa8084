// Resolver tests run the app's real handler with the real Forge SDKs; only the platform is emulated:
// Jira by the GymTonic emulator (or a fixture of the same shape), Forge storage by the KVS emulator.
import type { DataOf, Envelope, ResolverKey } from '../../src/contract';
import { createDemoData, DEMO_ACCOUNT_IDS } from '../../local/jira/demo-data';
import { JiraEmulator } from '../../local/jira/emulator';
import type { JiraData } from '../../local/jira/model';
import { KvsEmulator, type KvsEmulatorOptions } from '../../local/kvs/emulator';
import { manifestEntities, manifestIssueProperties } from '../../local/preview';
import { installLocalForge, type LocalForge } from '../../local/runtime';
import { must } from './must';

export const USERS = DEMO_ACCOUNT_IDS;
export type DemoUser = keyof typeof USERS;

export interface TestPlatform {
  forge: LocalForge;
  kvs: KvsEmulator;
  jira: JiraEmulator;
  data: JiraData;
  /** Invokes a resolver key from the project page of `projectKey`, as `user`. */
  onProjectPage<K extends ResolverKey>(user: DemoUser, key: K, payload?: unknown, projectKey?: string): Promise<Envelope<DataOf<K>>>;
  /** Invokes a resolver key from the issue panel of `issueKey`, as `user`. */
  onIssuePanel<K extends ResolverKey>(user: DemoUser, key: K, issueKey: string, payload?: unknown): Promise<Envelope<DataOf<K>>>;
  /** Invokes a resolver key from a dashboard gadget (no project in its context), as `user`. */
  onGadget<K extends ResolverKey>(user: DemoUser, key: K, payload?: unknown): Promise<Envelope<DataOf<K>>>;
  /** Invokes a resolver key from the organization page (a global page: no project in its context), as `user`. */
  onOrganizationPage<K extends ResolverKey>(user: DemoUser, key: K, payload?: unknown): Promise<Envelope<DataOf<K>>>;
  close(): void;
}

export function startPlatform(options: { data?: JiraData; kvs?: Pick<KvsEmulatorOptions, 'conditionFailure'> } = {}): TestPlatform {
  // Demo data around the real today: the resolvers read the clock, as they do on Forge.
  const data = options.data ?? createDemoData({ today: new Date() });
  const kvs = new KvsEmulator({ entities: manifestEntities(), ...options.kvs });
  const jira = new JiraEmulator(data, { indexedIssueProperties: manifestIssueProperties() });
  const forge = installLocalForge({ kvs, jira });
  const projectOf = (key: string) => {
    const project = data.projects.find((candidate) => candidate.key === key);
    return { id: project?.id ?? '0', key, type: 'software' };
  };
  return {
    forge,
    kvs,
    jira,
    data,
    onProjectPage(user, key, payload = {}, projectKey = 'GYM') {
      return forge.invoke({
        accountId: USERS[user],
        moduleKey: 'outcomes-project-page',
        extension: { type: 'jira:projectPage', project: projectOf(projectKey) },
        functionKey: key,
        payload,
      }) as never;
    },
    onIssuePanel(user, key, issueKey, payload = {}) {
      const issue = data.issues.find((candidate) => candidate.key === issueKey);
      return forge.invoke({
        accountId: USERS[user],
        moduleKey: 'outcomes-issue-panel',
        extension: {
          type: 'jira:issuePanel',
          issue: { id: issue?.id ?? '0', key: issueKey, type: 'Story', typeId: issue?.issueTypeId ?? '0' },
          project: projectOf(must(issueKey.split('-')[0], "issueKey.split('-')[0]")),
          isNewToIssue: false,
        },
        functionKey: key,
        payload,
      }) as never;
    },
    onGadget(user, key, payload = {}) {
      return forge.invoke({
        accountId: USERS[user],
        moduleKey: 'outcomes-dashboard-gadget',
        extension: { type: 'jira:dashboardGadget', gadget: { id: '10100' }, dashboard: { id: '10000' }, gadgetConfiguration: {} },
        functionKey: key,
        payload,
      }) as never;
    },
    onOrganizationPage(user, key, payload = {}) {
      return forge.invoke({
        accountId: USERS[user],
        moduleKey: 'outcomes-organization',
        extension: { type: 'jira:globalPage' },
        functionKey: key,
        payload,
      }) as never;
    },
    close() {
      forge.uninstall();
    },
  };
}

/** The data of a successful envelope; fails the test with the error otherwise. */
export function dataOf<T>(envelope: Envelope<T>): T {
  if (!envelope.ok) throw new Error(`Expected success, got ${envelope.error.code}: ${envelope.error.message}`);
  return envelope.data;
}

/**
 * A page's warnings other than FIGURES_REBUILDING, which the first views of a project carry while its
 * issues' history is gathered in the background (its figures are worked out from Jira meanwhile).
 */
export function warningsBesidesRebuilding<T extends { warnings: Array<{ code: string }> }>(page: T): T['warnings'] {
  return page.warnings.filter((warning) => warning.code !== 'FIGURES_REBUILDING');
}
