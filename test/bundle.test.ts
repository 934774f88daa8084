// The backend as `forge deploy` builds it: @forge/bundler's own Node bundler over each handler module
// the manifest names, then the bundles loaded as Forge loads them (the .cjs files, not src/), both
// here and under the Node major of the manifest's runtime.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestSchema } from '@forge/manifest';
import { parse } from 'yaml';
import { bundleBackend, manifestHandlers, type BackendBundle } from '../local/bundle';
import { forgeNode, forgeNodeMajor } from '../scripts/forge-node';
import { startPlatform } from './support/platform';

const root = join(__dirname, '..');
const manifest = parse(readFileSync(join(root, 'manifest.yml'), 'utf8')) as ManifestSchema;

// Webpack and ts-loader over the whole backend take a while on a small machine.
const BUNDLE_TIMEOUT_MS = 300_000;

type Module = Record<string, unknown>;

describe('the backend bundle forge deploy uploads', () => {
  let bundle: BackendBundle;
  beforeAll(async () => {
    bundle = await bundleBackend(root);
  }, BUNDLE_TIMEOUT_MS);

  it('has one bundle per handler module and no bundler warnings', () => {
    expect(manifestHandlers(manifest).map((h) => h.handler)).toEqual(manifest.modules?.function?.map((f) => f.handler));
    expect(bundle.files.map((f) => f.module).sort()).toEqual([...new Set(bundle.handlers.map((h) => h.module))].sort());
    for (const file of bundle.files) expect(file.bytes).toBeGreaterThan(0);
    expect(bundle.warnings).toEqual([]);
  });

  it('exports every handler of the manifest as a function, and a bundled trigger runs on the platform', async () => {
    const platform = startPlatform();
    try {
      const loaded = new Map<string, Module>();
      for (const file of bundle.files) {
        // The SDKs inside the bundle find the platform globals the local runtime installed, as on Forge.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        loaded.set(file.module, require(file.path) as Module);
      }
      for (const { handler, module, func } of bundle.handlers) {
        expect([handler, typeof loaded.get(module)?.[func]]).toEqual([handler, 'function']);
      }
      // The bundled sprint trigger (its own copy of @forge/kvs) writes through the emulated storage.
      const trigger = bundle.handlers.find((h) => h.handler === 'index.sprintEventHandler');
      expect(trigger).toBeDefined();
      const handler = loaded.get(trigger!.module)![trigger!.func] as (event: unknown) => Promise<unknown>;
      platform.kvs.resetCallCount();
      await platform.forge.deliverEvent({
        moduleKey: 'sprint-events',
        handler,
        event: {
          eventType: 'avi:jira-software:closed:sprint',
          sprint: { id: 7, state: 'closed', name: 'GYM Sprint 7', startDate: '2026-10-26T09:00:00.000Z', endDate: '2026-11-06T17:00:00.000Z', completeDate: '2026-11-06T16:30:00.000Z', originBoardId: 1, goal: '' },
        },
      });
      expect(platform.kvs.callCount).toBeGreaterThan(0);
    } finally {
      platform.close();
    }
  });

  it(`loads under the Node major the manifest's runtime names`, () => {
    const major = forgeNodeMajor(root);
    const node = forgeNode(root, { install: true });
    const probe = `const m = {};
      for (const f of JSON.parse(process.argv[1])) m[f.module] = require(f.path);
      const h = JSON.parse(process.argv[2]).map((x) => [x.handler, typeof m[x.module][x.func]]);
      console.log(JSON.stringify({ major: Number(process.versions.node.split('.')[0]), handlers: h }));`;
    const out = execFileSync(node, ['-e', probe, JSON.stringify(bundle.files), JSON.stringify(bundle.handlers)], { encoding: 'utf8' });
    const { major: ran, handlers } = JSON.parse(out.trim().split('\n').pop()!) as { major: number; handlers: Array<[string, string]> };
    expect(ran).toBe(major);
    expect(handlers).toEqual(bundle.handlers.map((h) => [h.handler, 'function']));
  }, BUNDLE_TIMEOUT_MS);
});
