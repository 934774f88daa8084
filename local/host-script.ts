// The host page's script: local/host/src/*.ts, bundled by esbuild when the dev server first serves it,
// so `npm start` needs no build step of its own (the types are checked by `npm run typecheck`).
import path from 'node:path';
import { build } from 'esbuild';

const ENTRY = path.join(__dirname, 'host', 'src', 'main.ts');

/** The bundle, one classic script (the page loads it with `defer`), its source map inline for the browser's tools. */
export async function buildHostScript(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no host script.');
  return output.text;
}
