// One config, one mode per surface (`--mode project-page`, `--mode issue-panel`, …) builds that surface's HTML entry
// into its own folder under build/, the folder the manifest's resource points at.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const SURFACES = [
  'project-page',
  'issue-panel',
  'dashboard-gadget',
  'project-settings',
  'organization',
] as const;
type Surface = (typeof SURFACES)[number];

const appDir = path.dirname(fileURLToPath(import.meta.url));
const repoSrcDir = path.resolve(appDir, '../../src') + path.sep;

function isSurface(mode: string): mode is Surface {
  return (SURFACES as readonly string[]).includes(mode);
}

// The UI may import only types from the backend's src/ (the contract), plus the pure modules listed
// here: a value import of anything else would pull the server's code, zod or the Forge backend SDKs
// into the bundle. Fail the build instead of shipping that.
const SHARED_PURE_MODULES = [path.join(repoSrcDir, 'domain', 'quality.ts')];
/** Server-only packages, by the folder they live in under node_modules. */
const SERVER_ONLY_PACKAGES: Array<[name: string, folder: RegExp]> = [
  ['zod', /[\\/]node_modules[\\/]zod[\\/]/],
  ['@forge/api', /[\\/]node_modules[\\/]@forge[\\/]api[\\/]/],
  ['@forge/kvs', /[\\/]node_modules[\\/]@forge[\\/]kvs[\\/]/],
  ['@forge/resolver', /[\\/]node_modules[\\/]@forge[\\/]resolver[\\/]/],
];

function typesOnlyFromBackend(): Plugin {
  return {
    name: 'outcomes:types-only-from-backend',
    apply: 'build',
    buildEnd() {
      const ids = [...this.getModuleIds()];
      const leaked = ids
        .filter((id) => id.startsWith(repoSrcDir) && !SHARED_PURE_MODULES.includes(path.normalize(id)))
        .map((id) => path.relative(appDir, id));
      for (const [name, folder] of SERVER_ONLY_PACKAGES) {
        if (ids.some((id) => folder.test(id))) leaked.push(name);
      }
      if (leaked.length > 0) {
        const allowed = SHARED_PURE_MODULES.map((file) => path.relative(appDir, file)).join(', ');
        this.error(
          `The UI may import only types from src/ (use \`import type\`) and the pure modules ${allowed}, but the bundle holds: ${leaked.join(', ')}`,
        );
      }
    },
  };
}

export default defineConfig(({ mode }) => {
  if (!isSurface(mode)) {
    throw new Error(`Unknown surface "${mode}": run vite with --mode ${SURFACES.join(' or --mode ')}`);
  }
  return {
    root: path.join(appDir, 'src', mode),
    // Forge serves a resource under its own path, so every asset URL must be relative.
    base: './',
    publicDir: false,
    plugins: [react(), typesOnlyFromBackend()],
    build: {
      outDir: path.join(appDir, 'build', mode),
      // The outDir lies outside root, so Vite empties it only when told; this mode owns this folder alone.
      emptyOutDir: true,
      target: 'es2020',
      sourcemap: false,
      chunkSizeWarningLimit: 1024,
      // Every browser Jira Cloud supports preloads modules itself: the polyfill only weighs on the first load.
      modulePreload: { polyfill: false },
    },
  };
});
