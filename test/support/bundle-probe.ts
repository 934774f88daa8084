// Loads the backend bundles (.cjs) after the local Forge runtime's globals, as Forge loads them, and
// delivers a closed-sprint event to the bundled sprint trigger. test/bundle.test.ts runs it in its own
// process and, as a script, under the Node of the manifest's runtime; the script prints one JSON line.
import { startPlatform } from './platform';
import { must } from './must';

export interface BundleProbe {
  major: number;
  /** `[handler, typeof export]` for each handler of the manifest. */
  handlers: Array<[string, string]>;
  /** Storage calls the bundled sprint trigger made for one closed sprint. */
  kvsCalls: number;
}

const closedSprintEvent = {
  eventType: 'avi:jira-software:closed:sprint',
  sprint: {
    id: 7,
    state: 'closed',
    name: 'GYM Sprint 7',
    startDate: '2026-10-26T09:00:00.000Z',
    endDate: '2026-11-06T17:00:00.000Z',
    completeDate: '2026-11-06T16:30:00.000Z',
    originBoardId: 1,
    goal: '',
  },
};

export async function probeBundles(
  files: Array<{ module: string; path: string }>,
  handlers: Array<{ handler: string; module: string; func: string }>,
): Promise<BundleProbe> {
  const platform = startPlatform();
  try {
    const loaded = new Map<string, Record<string, unknown>>();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const file of files) loaded.set(file.module, require(file.path) as Record<string, unknown>);
    const types = handlers.map((h): [string, string] => [h.handler, typeof loaded.get(h.module)?.[h.func]]);
    const trigger = handlers.find((h) => h.handler === 'index.sprintEventHandler');
    let kvsCalls = 0;
    const handler = trigger && loaded.get(trigger.module)?.[trigger.func];
    if (typeof handler === 'function') {
      platform.kvs.resetCallCount();
      await platform.forge.deliverEvent({ moduleKey: 'sprint-events', handler: handler as (event: unknown) => Promise<unknown>, event: closedSprintEvent });
      kvsCalls = platform.kvs.callCount;
    }
    return { major: Number(process.versions.node.split('.')[0]), handlers: types, kvsCalls };
  } finally {
    platform.close();
  }
}

if (require.main === module) {
  probeBundles(JSON.parse(must(process.argv[2], 'process.argv[2]')), JSON.parse(must(process.argv[3], 'process.argv[3]')))
    .then((result) => console.log(JSON.stringify(result)))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
