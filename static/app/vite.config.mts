// One config, two surfaces: `--mode project-page` or `--mode issue-panel` builds that surface's HTML entry
// into its own folder under build/, the folder the manifest's resource points at.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const SURFACES = ['project-page', 'issue-panel'] as const;
type Surface = (typeof SURFACES)[number];

const appDir = path.dirname(fileURLToPath(import.meta.url));
const repoSrcDir = path.resolve(appDir, '../../src') + path.sep;

function isSurface(mode: string): mode is Surface {
  return (SURFACES as readonly string[]).includes(mode);
}

// The UI may import only types from the backend's src/ (the contract): a value import would pull
// the server's code and zod into the bundle. Fail the build instead of shipping that.
function typesOnlyFromBackend(): Plugin {
  return {
    name: 'outcomes:types-only-from-backend',
    apply: 'build',
    buildEnd() {
      const ids = [...this.getModuleIds()];
      const leaked = ids.filter((id) => id.startsWith(repoSrcDir)).map((id) => path.relative(appDir, id));
      if (ids.some((id) => /[\\/]node_modules[\\/]zod[\\/]/.test(id))) leaked.push('zod');
      if (leaked.length > 0) {
        this.error(`The UI must import only types from src/ (use \`import type\`), but the bundle holds: ${leaked.join(', ')}`);
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
    },
  };
});
