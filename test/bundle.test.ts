// The backend as `forge deploy` builds it: @forge/bundler's own Node bundler over each handler module
// the manifest names, then the bundles loaded as Forge loads them (the .cjs files, not src/), both in
// this process and under the Node major of the manifest's runtime.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestSchema } from '@forge/manifest';
import { parse } from 'yaml';
import { bundleBackend, manifestHandlers, type BackendBundle } from '../local/bundle';
import { forgeNode, forgeNodeMajor } from '../scripts/forge-node';
import { probeBundles, type BundleProbe } from './support/bundle-probe';
import { must } from './support/must';

const root = join(__dirname, '..');
const manifest = parse(readFileSync(join(root, 'manifest.yml'), 'utf8')) as ManifestSchema;

// Webpack and ts-loader over the whole backend take a while on a small machine.
const BUNDLE_TIMEOUT_MS = 300_000;

describe('the backend bundle forge deploy uploads', () => {
  let bundle: BackendBundle;
  beforeAll(async () => {
    bundle = await bundleBackend(root);
  }, BUNDLE_TIMEOUT_MS);

  const everyHandlerAFunction = () => bundle.handlers.map((h) => [h.handler, 'function']);

  it('has one bundle per handler module of the manifest, and no bundler warnings', () => {
    expect(bundle.handlers.map((h) => h.handler)).toEqual(manifest.modules?.function?.map((f) => f.handler));
    expect(manifestHandlers(manifest)).toEqual(bundle.handlers);
    expect(bundle.files.map((f) => f.module).sort()).toEqual([...new Set(bundle.handlers.map((h) => h.module))].sort());
    for (const file of bundle.files) expect(file.bytes).toBeGreaterThan(0);
    expect(bundle.warnings).toEqual([]);
  });

  it('exports every handler of the manifest as a function; the bundled trigger writes through the platform', async () => {
    const probe = await probeBundles(bundle.files, bundle.handlers);
    expect(probe.handlers).toEqual(everyHandlerAFunction());
    expect(probe.kvsCalls).toBeGreaterThan(0);
  });

  it(`does the same under the Node major the manifest's runtime names`, () => {
    const node = forgeNode(root, { install: true });
    const out = execFileSync(node, ['--import', 'tsx', join(__dirname, 'support', 'bundle-probe.ts'), JSON.stringify(bundle.files), JSON.stringify(bundle.handlers)], {
      cwd: root,
      encoding: 'utf8',
    });
    const probe = JSON.parse(must(out.trim().split('\n').pop(), "out.trim().split('\\n').pop()")) as BundleProbe;
    expect(probe.major).toBe(forgeNodeMajor(root));
    expect(probe.handlers).toEqual(everyHandlerAFunction());
    expect(probe.kvsCalls).toBeGreaterThan(0);
  }, BUNDLE_TIMEOUT_MS);
});
