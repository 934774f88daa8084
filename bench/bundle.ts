// The first-load size of each Custom UI entry: the entry script its index.html loads and every
// script it preloads (`<link rel="modulepreload">`), each gzipped (zlib's default level, 6, as a CDN
// would serve it) and summed. Stylesheets are reported beside, not counted.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const ROOT = resolve(__dirname, '..');
export const UI_ENTRIES = ['project-page', 'issue-panel', 'organization'] as const;
export type UiEntry = (typeof UI_ENTRIES)[number];

export interface BundleSize {
  entry: UiEntry;
  scripts: string[];
  jsBytes: number;
  jsGzipBytes: number;
  cssGzipBytes: number;
  builtAt: string;
}

const buildDir = (entry: UiEntry) => join(ROOT, 'static', 'app', 'build', entry);

/** Builds the UI when an entry's build is missing (or always, with `force`). */
export function ensureUiBuild(force: boolean): boolean {
  if (!force && UI_ENTRIES.every((entry) => existsSync(join(buildDir(entry), 'index.html')))) return false;
  execSync('npm run build:ui', { cwd: ROOT, stdio: 'inherit' });
  return true;
}

const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

export function bundleSize(entry: UiEntry): BundleSize {
  const dir = buildDir(entry);
  const htmlPath = join(dir, 'index.html');
  const html = readFileSync(htmlPath, 'utf8');
  const scripts: string[] = [];
  const styles: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    if (tag.startsWith('<script') && attribute(tag, 'type') === 'module' && attribute(tag, 'src')) scripts.push(attribute(tag, 'src') as string);
    if (tag.startsWith('<link') && attribute(tag, 'rel') === 'modulepreload' && attribute(tag, 'href')) scripts.push(attribute(tag, 'href') as string);
    if (tag.startsWith('<link') && attribute(tag, 'rel') === 'stylesheet' && attribute(tag, 'href')) styles.push(attribute(tag, 'href') as string);
  }
  if (scripts.length === 0) throw new Error(`${htmlPath} loads no module script`);
  const read = (href: string) => readFileSync(join(dir, href));
  const unique = [...new Set(scripts)];
  const js = unique.map(read);
  return {
    entry,
    scripts: unique,
    jsBytes: js.reduce((sum, file) => sum + file.length, 0),
    jsGzipBytes: js.reduce((sum, file) => sum + gzipSync(file).length, 0),
    cssGzipBytes: [...new Set(styles)].map(read).reduce((sum, file) => sum + gzipSync(file).length, 0),
    builtAt: statSync(htmlPath).mtime.toISOString(),
  };
}
