// The local preview in proxy mode, against a Jira site on the network (the emulator behind HTTP with
// Basic auth) whose projects, users and ids are not GymTonic's: what the dev server shows and which
// project or issue it tells the app it runs in, decided from the site's answers, never the browser's.
import { createPreview } from '../local/preview';
import { startServer, USER_HEADER, type RunningServer } from '../local/server';
import { ACME_ACCOUNT_IDS, ACME_LOGIN, ACME_SUMMARIES, startAcmeSite, type JiraSite } from './support/jira-site';
import { must } from './support/must';

interface Answer<T = any> { status: number; body: T } // eslint-disable-line @typescript-eslint/no-explicit-any

async function startProxied(site: JiraSite, login: { email: string; apiToken: string }, baseUrl = site.url): Promise<RunningServer & { get: (path: string, init?: RequestInit) => Promise<Answer> }> {
  const env = { JIRA_BASE_URL: baseUrl, JIRA_EMAIL: login.email, JIRA_API_TOKEN: login.apiToken };
  const preview = await createPreview({ dataDir: null, env });
  const server = await startServer({ port: 0, host: '127.0.0.1', preview });
  const get = async (path: string, init?: RequestInit): Promise<Answer> => {
    const response = await fetch(server.url + path, init);
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  return {
    ...server,
    get,
    async close() {
      await server.close();
      await preview.close();
    },
  };
}

const robin = { [USER_HEADER]: ACME_ACCOUNT_IDS.robin };
const invoke = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...robin }, body: JSON.stringify(body) });

describe('the preview proxied to a Jira site', () => {
  let site: JiraSite;
  let preview: Awaited<ReturnType<typeof startProxied>>;

  beforeAll(async () => {
    site = await startAcmeSite();
    preview = await startProxied(site, ACME_LOGIN);
  });
  afterAll(async () => {
    await preview?.close();
    await site?.close();
  });

  it('offers the token owner alone, and the projects and issues the site lets him browse, none of the demo', async () => {
    const about = await preview.get('/api/preview');
    expect(about.status).toBe(200);
    expect(about.body).toMatchObject({ mode: 'proxy', site: site.url, project: null, defaultAccountId: ACME_ACCOUNT_IDS.robin });
    expect(about.body.users).toEqual([{ accountId: ACME_ACCOUNT_IDS.robin, displayName: 'Robin Vega', role: expect.stringMatching(/API token/) }]);

    const projects = await preview.get('/api/projects');
    expect(projects.body.projects.map((p: { key: string; name: string }) => `${p.key} ${p.name}`)).toEqual(['ACME Acme Rockets', 'ROAD Acme Roads']);

    const issues = await preview.get('/api/issues?project=ACME');
    expect(issues.status).toBe(200);
    const summaries = issues.body.issues.map((issue: { summary: string }) => issue.summary);
    expect(summaries).toEqual(expect.arrayContaining(Object.values(ACME_SUMMARIES)));
    expect(summaries).toHaveLength(Object.values(ACME_SUMMARIES).length);
    expect((await preview.get('/api/issues?project=GYM')).status).toBe(404);
    expect((await preview.get('/api/projects/GYM')).status).toBe(404);
    expect((await preview.get('/api/projects/LAB')).status).toBe(404);

    const root = await fetch(`${preview.url}/`, { redirect: 'manual' });
    expect(root.headers.get('location')).toBe('/jira/projects');
  });

  it('runs the app on a site project and issue with the ids the site gives them', async () => {
    const overview = await preview.get('/api/invoke', invoke({ surface: 'jira:projectPage', projectKey: 'acme', functionKey: 'getProjectOverview', payload: {} }));
    expect(overview.status).toBe(200);
    expect(overview.body.result).toMatchObject({ ok: true, data: { project: { key: 'ACME', name: 'Acme Rockets' } } });

    const landing = must(site.emulator.data.issues.find((issue) => issue.summary === ACME_SUMMARIES.landing), 'site.emulator.data.issues.find((issue) => issue.summary === ACME_SUMMARIES.landing)');
    const context = await preview.get(`/api/context?surface=jira:issuePanel&issueKey=${landing.key.toLowerCase()}`, { headers: robin });
    expect(context.body.context.extension).toEqual({
      type: 'jira:issuePanel',
      issue: { id: landing.id, key: landing.key, type: 'Story', typeId: '20601' },
      project: { id: '30100', key: 'ACME', type: 'software' },
      isNewToIssue: false,
    });
    const panel = await preview.get('/api/invoke', invoke({ surface: 'jira:issuePanel', issueKey: landing.key, functionKey: 'getIssuePanel', payload: {} }));
    expect(panel.body.result).toMatchObject({ ok: true, data: { issue: { key: landing.key, summary: ACME_SUMMARIES.landing } } });
  });

  it('never takes the project or the issue from the browser', async () => {
    // A project the owner may not browse, one that is not on the site, and an issue of neither.
    for (const projectKey of ['LAB', 'GYM']) {
      const answer = await preview.get('/api/invoke', invoke({ surface: 'jira:projectPage', projectKey, functionKey: 'getProjectOverview', payload: {} }));
      expect(answer.status).toBe(404);
    }
    const hidden = await preview.get('/api/invoke', invoke({ surface: 'jira:issuePanel', issueKey: 'LAB-1', functionKey: 'getIssuePanel', payload: {} }));
    expect(hidden.status).toBe(404);
    // The issue panel's project is the issue's on the site, whatever the browser names.
    const context = await preview.get('/api/context?surface=jira:issuePanel&issueKey=ACME-3&projectKey=ROAD', { headers: robin });
    expect(context.body.context.extension.project.key).toBe('ACME');
    const forged = await preview.get('/api/invoke', invoke({ surface: 'jira:projectPage', project: { key: 'LAB', id: '30102' }, functionKey: 'getProjectOverview', payload: {} }));
    expect(forged.status).toBe(400);
    const demoUser = await preview.get('/api/invoke', { ...invoke({ surface: 'jira:projectPage', projectKey: 'ACME', functionKey: 'getProjectOverview' }), headers: { 'content-type': 'application/json', [USER_HEADER]: '5d6f2b8e4c1a90006e3f7a21' } });
    expect(demoUser.status).toBe(403);
  });

  it('sends sprint changes to the project board on the site', async () => {
    const sprints = await preview.get('/api/sprints?project=ACME', { headers: robin });
    expect(sprints.body.boardUrl).toBe(`${site.url}/jira/software/c/projects/ACME/boards/71`);
    const close = await preview.get('/api/close-sprint', { method: 'POST', headers: robin });
    expect(close.status).toBe(501);
    expect(close.body.error.message).toMatch(/on the project's board/);
    expect(site.emulator.data.sprints.find((sprint) => sprint.id === 802)?.state).toBe('active');
  });
});

describe('the preview proxied to a site that fails', () => {
  let site: JiraSite;
  beforeAll(async () => {
    site = await startAcmeSite();
  });
  afterAll(async () => {
    await site?.close();
  });

  it('says the site refused a wrong API token', async () => {
    const preview = await startProxied(site, { ...ACME_LOGIN, apiToken: 'not-the-token' });
    try {
      const about = await preview.get('/api/preview');
      expect(about.status).toBe(502);
      expect(about.body.error).toMatchObject({ siteStatus: 401, title: `${site.url} refused the API token` });
      expect(about.body.error.message).toMatch(/JIRA_API_TOKEN/);
      // The host page still loads, to say so.
      expect((await fetch(`${preview.url}/jira/software/projects/ACME/apps/outcomes`)).status).toBe(200);
    } finally {
      await preview.close();
    }
  });

  it('says when the site cannot be reached', async () => {
    const closed = await startAcmeSite();
    const address = closed.url;
    await closed.close();
    const preview = await startProxied(site, ACME_LOGIN, address);
    try {
      const about = await preview.get('/api/preview');
      expect(about.status).toBe(502);
      expect(about.body.error).toMatchObject({ siteStatus: 0, title: `${address} could not be reached` });
    } finally {
      await preview.close();
    }
  });
});
