// The proxy-mode directory pages through the site's projects and bounds the issues it lists for a picker.
import { createDemoData } from './jira/demo-data';
import { JiraEmulator } from './jira/emulator';
import { PROXY_ISSUE_LIMIT, proxyDirectory, SiteError } from './site';
import { must } from '../test/support/must';

const site = { baseUrl: 'https://big.example.net', email: 'me@example.net' };

describe('proxyDirectory', () => {
  // A big site: 132 projects (the demo's four and 128 more), and GYM with more issues than a picker lists.
  const demo = createDemoData();
  const gym = must(demo.projects.find((project) => project.key === 'GYM'), "demo.projects.find((project) => project.key === 'GYM')");
  const extra = Array.from({ length: 128 }, (_, i) => ({ ...gym, id: String(50_000 + i), key: `P${String(i).padStart(3, '0')}`, name: `Project ${i}` }));
  const more = demo.issues
    .filter((issue) => issue.projectKey === 'GYM')
    .slice(0, 60)
    .map((issue, i) => ({ ...issue, id: String(90_000 + i), key: `GYM-${1000 + i}`, updated: new Date(Date.parse(demo.today) + i * 60_000).toISOString() }));
  const jira = new JiraEmulator({ ...demo, projects: [...demo.projects, ...extra], issues: [...demo.issues, ...more] });
  const directory = proxyDirectory(jira, site);

  it('lists every project, page after page', async () => {
    const projects = await directory.projects();
    expect(projects).toHaveLength(132);
    expect(projects.map((project) => project.key)).toEqual(expect.arrayContaining(['GYM', 'OPS', 'TRN', 'MKT', 'P000', 'P127']));
    expect(projects.find((project) => project.key === 'MKT')?.type).toBe('business');
    expect(jira.calls.byRoute['GET /rest/api/3/project/search']).toBe(3);
  });

  it('lists a project’s most recently updated issues, at most PROXY_ISSUE_LIMIT', async () => {
    expect(jira.data.issues.filter((issue) => issue.projectKey === 'GYM').length).toBeGreaterThan(PROXY_ISSUE_LIMIT);
    const issues = await directory.issues('GYM');
    expect(issues).toHaveLength(PROXY_ISSUE_LIMIT);
    expect(issues[0]).toMatchObject({ key: 'GYM-1059', summary: must(more[59], 'more[59]').summary, projectKey: 'GYM' });
    expect(jira.calls.byRoute['POST /rest/api/3/search/jql']).toBe(Math.ceil(PROXY_ISSUE_LIMIT / 100));
  });

  it('turns the site’s failures into messages, and a missing project or issue into null', async () => {
    expect(await directory.project('NOPE')).toBeNull();
    expect(await directory.issue('GYM-99999')).toBeNull();
    jira.faults.inject({ path: '/rest/api/3/myself', status: 401 });
    await expect(directory.users()).rejects.toThrow(SiteError);
    jira.faults.inject({ path: '/rest/api/3/project/GYM', status: 403 });
    await expect(directory.project('GYM')).rejects.toMatchObject({ siteStatus: 403, title: `${site.baseUrl} does not let ${site.email} in` });
  });
});
