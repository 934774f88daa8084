// The host page's script is built from its TypeScript when the dev server serves it; the sources
// themselves are never served.
import { createPreview } from './preview';
import { startServer, type RunningServer } from './server';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ port: 0, preview: await createPreview({ dataDir: null, seedOkrs: false, env: {} }) });
});

afterAll(async () => {
  await server?.close();
});

it('serves the host script as one classic script, bundled from local/host/src', async () => {
  const response = await fetch(`${server.url}/__local/host/host.js`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
  const script = await response.text();
  // A classic script (the page loads it with `defer`, not as a module): no import or export left in it.
  expect(script).not.toMatch(/^\s*(import|export)\s/m);
  expect(script).toContain('outcomes-local-forge/1');
  expect(script).toContain('data-testid');
});

it('serves the stylesheet, and neither the sources nor the page itself under /__local/host/', async () => {
  expect((await fetch(`${server.url}/__local/host/host.css`)).status).toBe(200);
  for (const file of ['src/main.ts', 'tsconfig.json', 'index.html', '..%2Fserver.ts']) {
    expect((await fetch(`${server.url}/__local/host/${file}`)).status).toBe(404);
  }
});
