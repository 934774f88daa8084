// Bundles the backend as `forge deploy` does: @forge/bundler's own Node bundler (its webpack config,
// ts-loader over the root tsconfig.json, `[name].cjs` output) over every handler module the manifest names.
// `npx tsx local/bundle.ts [outDir]` prints where the bundles went and their sizes.
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getEntryPoints, getNodeBundler } from '@forge/bundler';
import type { ManifestSchema } from '@forge/manifest';
import { parse } from 'yaml';

export interface BackendBundle {
  /** Where webpack wrote `<module>.cjs` (and its source map) for each handler module. */
  outputDir: string;
  /** `index.handler` → `{ module: 'index', func: 'handler' }`, in manifest order. */
  handlers: Array<{ handler: string; module: string; func: string }>;
  /** Each module's bundle and its size in bytes. */
  files: Array<{ module: string; path: string; bytes: number }>;
  warnings: string[];
}

/** The handlers of `modules.function[]`, split as Forge splits them: one file module, one export. */
export function manifestHandlers(manifest: ManifestSchema): BackendBundle['handlers'] {
  const handlers = [...new Set((manifest.modules?.function ?? []).map((f) => f.handler))];
  return handlers.map((handler) => {
    const [module, func, ...rest] = handler.split('.');
    if (!module || !func || rest.length > 0) throw new Error(`handler ${handler} is not <module>.<function>`);
    return { handler, module, func };
  });
}

// Forge's runtime wrapper and loader come from Atlassian's CDN at deploy time and wrap the bundle from
// outside; they are not part of the app's code, so offline they are left empty.
const offlineRuntime: Parameters<typeof getNodeBundler>[1] = {
  getNodeRuntimeWrapper: async () => ({ script: '', source: 'offline', version: 'offline' }),
  getNodeRuntimeLoader: async () => ({ script: '', source: 'offline', version: 'offline' }),
};

export async function bundleBackend(appDirectory: string): Promise<BackendBundle> {
  const root = resolve(appDirectory);
  const manifest = parse(readFileSync(join(root, 'manifest.yml'), 'utf8')) as ManifestSchema;
  const handlers = manifestHandlers(manifest);
  const warnings: string[] = [];
  const logger = {
    traceEnabled: false,
    debugEnabled: false,
    trace: () => {},
    debug: () => {},
    info: () => {},
    warn: (message: string) => void warnings.push(message),
    error: (error: Error) => void warnings.push(String(error)),
  };
  const bundler = getNodeBundler(logger, offlineRuntime, { readConfig: async () => manifest });
  // The Forge CLI runs in the app's folder: entry points (`src/<module>`) resolve against it.
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const entryPoints = getEntryPoints(handlers);
    const { outputDir } = await bundler.bundle({ appDirectory: root, entryPoints });
    const files = [...new Set(handlers.map((h) => h.module))].map((module) => {
      const path = join(outputDir, `${module}.cjs`);
      return { module, path, bytes: statSync(path).size };
    });
    return { outputDir, handlers, files, warnings };
  } finally {
    process.chdir(cwd);
  }
}

if (require.main === module) {
  const started = Date.now();
  bundleBackend(join(__dirname, '..'))
    .then((bundle) => {
      const target = process.argv[2];
      if (target) {
        mkdirSync(target, { recursive: true });
        for (const name of readdirSync(bundle.outputDir)) cpSync(join(bundle.outputDir, name), join(target, name), { recursive: true });
      }
      for (const w of bundle.warnings) console.warn(w);
      for (const f of bundle.files) console.log(`${f.module}.cjs ${(f.bytes / 1024).toFixed(0)} KiB`);
      console.log(`bundled in ${((Date.now() - started) / 1000).toFixed(1)} s into ${target ?? bundle.outputDir}`);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
