// The preview serves every file of a Custom UI resource under the Content-Security-Policy that
// Atlassian's @forge/csp computes from the built index.html and the manifest's permissions, as Forge does.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CSPInjectionService, CSPProcessingService } from '@forge/csp';
import type { Permissions } from '@forge/manifest';
import { load } from 'cheerio';
import { parse } from 'yaml';
import { createPreview } from './preview';
import { startServer, type RunningServer } from './server';
import { must } from '../test/support/must';

const ROOT = path.join(__dirname, '..');
const SURFACES = ['project-page', 'issue-panel'] as const;
const indexHtml = (surface: string) => path.join(ROOT, 'static', 'app', 'build', surface, 'index.html');

/** What Forge computes for a resource, straight from @forge/csp (production, the site we run in). */
function forgePolicy(surface: string, siteUrl: string): string[] {
  const permissions = (parse(readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8')) as { permissions: Permissions }).permissions;
  const existingCSPDetails = new CSPProcessingService({ info: () => {} }, load).getCspDetails(readFileSync(indexHtml(surface)), permissions);
  return new CSPInjectionService().getInjectableCSP({ existingCSPDetails, microsEnv: 'prod', hostname: siteUrl });
}

/** The header's directives; `report-uri` apart, which the preview points at itself. */
function split(header: string | null): { enforced: string[]; reportUri: string | undefined } {
  const directives = (header ?? '').split(/;\s*/).filter(Boolean);
  return { enforced: directives.filter((d) => !d.startsWith('report-uri ')), reportUri: directives.find((d) => d.startsWith('report-uri ')) };
}

let server: RunningServer;

beforeAll(async () => {
  const missing = SURFACES.map(indexHtml).filter((file) => !existsSync(file));
  if (missing.length) throw new Error(`The UI build is missing (${missing.map((f) => path.relative(ROOT, f)).join(', ')}): run \`npm run build:ui\` first.`);
  server = await startServer({ port: 0, preview: await createPreview({ dataDir: null, seedOkrs: false, env: {} }) });
});

afterAll(async () => {
  await server?.close();
});

describe.each(SURFACES)('the %s resource', (surface) => {
  it('is served, HTML and assets alike, under the policy @forge/csp computes', async () => {
    const expected = forgePolicy(surface, server.url);
    const page = await fetch(`${server.url}/apps/${surface}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const assets = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="\.\/([^"]+)"/g)].map((match) => must(match[1], 'match[1]'));
    expect(assets.length).toBeGreaterThan(0);

    for (const response of [page, ...(await Promise.all(assets.map((asset) => fetch(`${server.url}/apps/${surface}/${asset}`))))]) {
      expect(response.status).toBe(200);
      const { enforced, reportUri } = split(response.headers.get('content-security-policy'));
      expect(enforced).toEqual(expected.filter((d) => !d.startsWith('report-uri ')));
      // Reports stay on this machine: never posted to Atlassian's collector from a preview.
      expect(reportUri).toBe('report-uri /__local/csp-report');
    }
  });

  it("lets Atlaskit's inline styles apply, as the manifest declares", async () => {
    const { enforced } = split((await fetch(`${server.url}/apps/${surface}/`)).headers.get('content-security-policy'));
    expect(enforced.find((d) => d.startsWith('style-src '))?.split(' ')).toContain("'unsafe-inline'");
  });

  it('loads the local bridge as a same-origin script, which the policy allows without loosening it', async () => {
    const html = await (await fetch(`${server.url}/apps/${surface}/`)).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts[0]?.[1]).toContain('src="/__local/bridge.js"');
    // No inline script: script-src holds no hash or 'unsafe-inline' for one.
    expect(scripts.filter(([, attributes, body]) => !/\bsrc=/.test(must(attributes, 'attributes')) && must(body, 'body').trim() !== '')).toEqual([]);
  });
});

it('takes the browser’s violation reports', async () => {
  const report = { 'csp-report': { 'document-uri': `${server.url}/apps/project-page/`, 'effective-directive': 'style-src-elem', 'blocked-uri': 'inline' } };
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  try {
    const response = await fetch(`${server.url}/__local/csp-report`, { method: 'POST', headers: { 'content-type': 'application/csp-report' }, body: JSON.stringify(report) });
    expect(response.status).toBe(204);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('style-src-elem blocked inline in'));
  } finally {
    warn.mockRestore();
  }
});
