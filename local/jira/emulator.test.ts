import type { EmulatedResponse } from '../platform';
import {
  createDemoData,
  DEMO_ACCOUNT_IDS,
  DEMO_DEFAULT_ACCOUNT_ID,
  DEMO_RESTRICTED_SUMMARIES,
  DEMO_TODAY,
  demoRestrictedIssueKeys,
  demoUserSwitcher,
  GYM_BOARD_ID,
} from './demo-data';
import { JiraEmulator } from './emulator';
import { DEFAULT_ISSUE_TYPES, DEFAULT_PRIORITIES, DEFAULT_STATUSES, rankAt, type IssueRecord, type JiraData } from './model';
import { must } from '../../test/support/must';

const { priya: PRIYA, sam: SAM, diego: DIEGO, mei: MEI, sofia: SOFIA, oscar: OSCAR } = DEMO_ACCOUNT_IDS;
const APP = null;
const DATA = createDemoData();
/** GymTonic's own ids for Jira Software's fields (not a new site's usual ones). */
const CF = DATA.customFields;

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(e: JiraEmulator, method: string, path: string, accountId: string | null = PRIYA, body?: unknown): Promise<EmulatedResponse & { body: Body }> {
  const r = await e.handle({ method, path, headers: { accept: 'application/json' }, accountId, ...(body === undefined ? {} : { body }) });
  return r as EmulatedResponse & { body: Body };
}
const get = (e: JiraEmulator, path: string, accountId: string | null = PRIYA) => call(e, 'GET', path, accountId);
const q = encodeURIComponent;

/** Pages through /search/jql (GET or POST) until isLast; returns every issue. */
async function searchAll(e: JiraEmulator, jql: string, opts: { accountId?: string | null; maxResults?: number; fields?: string; method?: 'GET' | 'POST' } = {}): Promise<{ issues: Body[]; pages: number }> {
  const issues: Body[] = [];
  let token: string | undefined;
  let pages = 0;
  for (;;) {
    let r: EmulatedResponse & { body: Body };
    const accountId = opts.accountId === undefined ? PRIYA : opts.accountId;
    if (opts.method === 'POST') {
      r = await call(e, 'POST', '/rest/api/3/search/jql', accountId, {
        jql,
        maxResults: opts.maxResults ?? 50,
        ...(opts.fields ? { fields: opts.fields.split(',') } : {}),
        ...(token ? { nextPageToken: token } : {}),
      });
    } else {
      const params = [`jql=${q(jql)}`, `maxResults=${opts.maxResults ?? 50}`];
      if (opts.fields) params.push(`fields=${q(opts.fields)}`);
      if (token) params.push(`nextPageToken=${q(token)}`);
      r = await get(e, `/rest/api/3/search/jql?${params.join('&')}`, accountId);
    }
    expect(r.status).toBe(200);
    expect(r.body).not.toHaveProperty('total');
    pages += 1;
    issues.push(...r.body.issues);
    if (r.body.isLast) {
      expect(r.body).not.toHaveProperty('nextPageToken');
      return { issues, pages };
    }
    expect(typeof r.body.nextPageToken).toBe('string');
    token = r.body.nextPageToken;
    if (pages > 1000) throw new Error('paging does not end');
  }
}

/** The story "Sign in with membership number and date of birth": done in sprint 1, three sub-tasks, under an epic. */
const SIGN_IN = must(DATA.issues.find((i) => i.summary === 'Sign in with membership number and date of birth'), "DATA.issues.find((i) => i.summary === 'Sign in with membership number and date of birth')");
const S = SIGN_IN.key;

const gymIssues = (d: JiraData) => d.issues.filter((i) => i.projectKey === 'GYM');
const categoryOf = (d: JiraData, i: IssueRecord) => d.statuses.find((s) => s.id === i.statusId)?.categoryKey;
const typeOf = (d: JiraData, i: IssueRecord) => d.issueTypes.find((t) => t.id === i.issueTypeId);

// ---------------------------------------------------------------------------------------------

describe('demo data', () => {
  it('is deterministic', () => {
    expect(createDemoData()).toEqual(createDemoData());
    expect(createDemoData({ today: new Date('2027-02-03T08:00:00Z') })).toEqual(createDemoData({ today: new Date('2027-02-03T08:00:00Z') }));
    expect(createDemoData({ today: DEMO_TODAY })).toEqual(DATA);
  });

  it('has the GYM project, its scrum board, OPS with its own boards, TRN with a scrum board and MKT (a business project) with a kanban board', () => {
    expect(DATA.projects.map((p) => [p.key, p.name, p.projectTypeKey ?? 'software'])).toEqual([
      ['GYM', 'GymTonic Member App', 'software'],
      ['OPS', 'GymTonic Operations', 'software'],
      ['TRN', 'GymTonic Trainer Platform', 'software'],
      ['MKT', 'GymTonic Marketing', 'business'],
    ]);
    expect(DATA.boards.filter((b) => b.projectKey === 'TRN' || b.projectKey === 'MKT').map((b) => [b.projectKey, b.type])).toEqual([
      ['TRN', 'scrum'],
      ['MKT', 'kanban'],
    ]);
    expect(DATA.projects[0]?.leadAccountId).toBe(PRIYA);
    expect(DATA.boards[0]).toEqual({ id: 1, name: 'GYM board', type: 'scrum', projectKey: 'GYM' });
    expect(DATA.boards.filter((b) => b.projectKey === 'OPS').map((b) => b.type).sort()).toEqual(['kanban', 'scrum']);
  });

  it.each([
    ['2026-11-23 (the demo day)', DEMO_TODAY],
    ['a Sunday night', new Date('2026-11-29T23:30:00Z')],
    ['a Monday before the sprint starts', new Date('2026-11-30T08:00:00Z')],
    ['another season', new Date('2027-06-16T12:00:00Z')],
  ])('has ≥8 two-week GYM sprints around today, exactly one active containing it: %s', (_label, today) => {
    const d = createDemoData({ today });
    const sprints = d.sprints.filter((s) => s.originBoardId === GYM_BOARD_ID);
    expect(sprints.length).toBeGreaterThanOrEqual(8);
    const active = sprints.filter((s) => s.state === 'active');
    expect(active).toHaveLength(1);
    const a = must(active[0], 'active[0]');
    expect(Date.parse(must(a.startDate, 'a.startDate'))).toBeLessThanOrEqual(today.getTime());
    expect(Date.parse(must(a.endDate, 'a.endDate'))).toBeGreaterThan(today.getTime());
    expect(sprints.filter((s) => s.state === 'closed').length).toBeGreaterThanOrEqual(3);
    expect(sprints.filter((s) => s.state === 'future').length).toBeGreaterThanOrEqual(2);
    for (const s of sprints.filter((x) => x.startDate)) {
      expect(Date.parse(must(s.endDate, 's.endDate')) - Date.parse(must(s.startDate, 's.startDate'))).toBeLessThanOrEqual(14 * 86_400_000);
      expect(Date.parse(must(s.endDate, 's.endDate')) - Date.parse(must(s.startDate, 's.startDate'))).toBeGreaterThan(13 * 86_400_000);
    }
    for (const s of sprints.filter((x) => x.state === 'closed')) {
      expect(Date.parse(must(s.completeDate, 's.completeDate'))).toBeLessThanOrEqual(today.getTime());
      expect(s.goal.length).toBeGreaterThan(10);
    }
    expect(a.goal).toBe('Members can book a personal trainer from the app');
    // Nothing happened after today.
    for (const i of d.issues) {
      expect(Date.parse(i.created)).toBeLessThanOrEqual(today.getTime());
      expect(Date.parse(i.updated)).toBeLessThanOrEqual(today.getTime());
      for (const h of i.changelog) expect(Date.parse(h.created)).toBeLessThanOrEqual(today.getTime());
    }
  });

  it('has ≥150 GYM issues of every type and status category, with story points on many but not all', () => {
    const gym = gymIssues(DATA);
    expect(gym.length).toBeGreaterThanOrEqual(150);
    const byType = (name: string) => gym.filter((i) => typeOf(DATA, i)?.name === name);
    expect(byType('Epic').length).toBeGreaterThanOrEqual(5);
    expect(byType('Epic').length).toBeLessThanOrEqual(8);
    for (const t of ['Story', 'Bug', 'Task', 'Sub-task']) expect(byType(t).length).toBeGreaterThan(5);
    expect(new Set(gym.map((i) => categoryOf(DATA, i)))).toEqual(new Set(['new', 'indeterminate', 'done']));
    const estimable = [...byType('Story'), ...byType('Bug')];
    const estimated = estimable.filter((i) => i.storyPoints !== null);
    expect(estimated.length / estimable.length).toBeGreaterThan(0.6);
    expect(estimated.length).toBeLessThan(estimable.length);
    expect(gym.every((i) => /^GYM-\d+$/.test(i.key) && /^\d+$/.test(i.id))).toBe(true);
    expect(new Set(DATA.issues.map((i) => i.key)).size).toBe(DATA.issues.length);
    expect(new Set(DATA.issues.map((i) => i.id)).size).toBe(DATA.issues.length);
  });

  it('chains parents sub-task → story/bug/task → epic', () => {
    const byKey = new Map(DATA.issues.map((i) => [i.key, i]));
    for (const i of DATA.issues) {
      const level = must(typeOf(DATA, i), 'typeOf(DATA, i)').hierarchyLevel;
      if (level === 1) expect(i.parentKey).toBeNull();
      if (i.parentKey === null) {
        expect(level).not.toBe(-1);
        continue;
      }
      const parent = must(byKey.get(i.parentKey), `the parent of ${i.key}`);
      expect(parent.projectKey).toBe(i.projectKey);
      expect(typeOf(DATA, parent)?.hierarchyLevel).toBe(level + 1);
      if (level === -1) expect(i.sprintIds).toEqual(parent.sprintIds);
    }
    const subtask = must(DATA.issues.find((i) => typeOf(DATA, i)?.subtask && i.parentKey !== null && byKey.get(i.parentKey)?.parentKey), 'a sub-task whose parent has a parent');
    const story = must(byKey.get(must(subtask.parentKey, 'the sub-task\'s parent key')), 'the sub-task\'s parent');
    expect(typeOf(DATA, must(byKey.get(must(story.parentKey, 'the story\'s parent key')), 'the story\'s parent'))?.name).toBe('Epic');
  });

  it('gives every issue a unique rank, in a total order', () => {
    const ranks = DATA.issues.map((i) => i.rank);
    expect(new Set(ranks).size).toBe(ranks.length);
    expect(ranks.every((r) => /^0\|i[0-9a-z]{5}:$/.test(r))).toBe(true);
    expect(rankAt(9) < rankAt(10) && rankAt(35) < rankAt(36)).toBe(true);
  });

  it('puts work in sprints like a real team: closed sprints done, the active one mixed, future ones to do, and a backlog', () => {
    const gym = gymIssues(DATA).filter((i) => must(typeOf(DATA, i), 'typeOf(DATA, i)').hierarchyLevel === 0);
    const current = (i: IssueRecord) => i.sprintIds[i.sprintIds.length - 1];
    for (const s of DATA.sprints.filter((x) => x.originBoardId === GYM_BOARD_ID)) {
      const inIt = gym.filter((i) => current(i) === s.id);
      const cats = inIt.map((i) => categoryOf(DATA, i));
      if (s.state === 'closed') {
        expect(inIt.length).toBeGreaterThanOrEqual(3);
        expect(cats.every((c) => c === 'done')).toBe(true);
        for (const i of inIt) {
          expect(Date.parse(must(i.resolutiondate, 'i.resolutiondate'))).toBeLessThanOrEqual(Date.parse(must(s.endDate, 's.endDate')));
          const first = must(DATA.sprints.find((x) => x.id === i.sprintIds[0]), 'DATA.sprints.find((x) => x.id === i.sprintIds[0])');
          expect(Date.parse(must(i.changelog[0], 'i.changelog[0]').created)).toBeGreaterThanOrEqual(Date.parse(must(first.startDate, 'first.startDate')));
        }
      } else if (s.state === 'active') {
        expect(new Set(cats)).toEqual(new Set(['new', 'indeterminate', 'done']));
        expect(inIt.length).toBeGreaterThanOrEqual(8);
      } else {
        expect(cats.every((c) => c === 'new')).toBe(true);
      }
    }
    // Carried-over work keeps its earlier sprints.
    expect(gym.some((i) => i.sprintIds.length > 1 && DATA.sprints.find((s) => s.id === current(i))?.state === 'active')).toBe(true);
    expect(gym.filter((i) => i.sprintIds.length === 0).length).toBeGreaterThanOrEqual(20);
  });

  it('records status changes To Do → In Progress → … → Done, consistent with the current status', () => {
    for (const i of DATA.issues) {
      let status = '10000';
      let previous = Date.parse(i.created);
      for (const h of i.changelog) {
        const at = Date.parse(h.created);
        expect(at).toBeGreaterThanOrEqual(previous);
        previous = at;
        const item = must(h.items.find((x) => x.field === 'status'), "h.items.find((x) => x.field === 'status')");
        expect(item.fieldtype).toBe('jira');
        expect(item.from).toBe(status);
        expect(DEFAULT_STATUSES.find((s) => s.id === item.to)?.name).toBe(item.toString);
        status = must(item.to, 'item.to');
      }
      expect(status).toBe(i.statusId);
      expect(i.resolutiondate !== null).toBe(categoryOf(DATA, i) === 'done');
      expect(Date.parse(i.updated)).toBeGreaterThanOrEqual(Date.parse(i.created));
    }
    const ids = DATA.issues.flatMap((i) => i.changelog.map((h) => h.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has the ten demo users with roles, 24-hex account ids, and a default', () => {
    expect(DATA.users.map((u) => [u.displayName, u.role])).toEqual([
      ['Priya Natarajan', 'Product Owner'],
      ['Sam Okafor', 'Scrum Master'],
      ['Diego Alvarez', 'Developer'],
      ['Mei Chen', 'Developer'],
      ['Sofia Rossi', 'Stakeholder (browse only)'],
      ['Oscar Lindqvist', 'Operations lead (no access to GYM)'],
      ['Elena Varga', 'Executive (sets organization OKRs)'],
      ['Kofi Mensah', 'Agile coach'],
      ['Tomás Herrera', 'Product Owner, trainer platform (TRN only)'],
      ['Nadia Karimi', 'Marketing lead (MKT only)'],
    ]);
    for (const u of DATA.users) {
      expect(u.accountId).toMatch(/^[0-9a-f]{24}$/);
      expect(u.emailAddress).toMatch(/@/);
    }
    expect(DATA.defaultAccountId).toBe(DEMO_DEFAULT_ACCOUNT_ID);
    expect(demoUserSwitcher(DATA).filter((u) => u.isDefault)).toEqual([{ accountId: PRIYA, displayName: 'Priya Natarajan', role: 'Product Owner', isDefault: true }]);
  });

  it('restricts two payment issues for Mei', () => {
    const keys = demoRestrictedIssueKeys(DATA);
    expect(keys).toHaveLength(2);
    expect(keys.map((k) => DATA.issues.find((i) => i.key === k)?.summary)).toEqual([...DEMO_RESTRICTED_SUMMARIES]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('agile API', () => {
  const e = new JiraEmulator(DATA);

  it('lists the project’s scrum board with its location', async () => {
    const r = await get(e, '/rest/agile/1.0/board?projectKeyOrId=GYM&type=scrum');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ startAt: 0, maxResults: 50, total: 1, isLast: true });
    expect(r.body.values).toEqual([
      {
        id: 1,
        self: 'https://gymtonic.atlassian.net/rest/agile/1.0/board/1',
        name: 'GYM board',
        type: 'scrum',
        location: expect.objectContaining({ projectId: 10000, projectKey: 'GYM', projectName: 'GymTonic Member App', projectTypeKey: 'software' }),
        isPrivate: false,
      },
    ]);
    expect((await get(e, '/rest/agile/1.0/board?projectKeyOrId=10000')).body.values).toHaveLength(1);
    expect((await get(e, '/rest/agile/1.0/board?projectKeyOrId=OPS&type=kanban')).body.values.map((b: Body) => b.id)).toEqual([3]);
  });

  it('pages boards with startAt/maxResults', async () => {
    const seen: number[] = [];
    for (let startAt = 0; ; startAt += 1) {
      const r = await get(e, `/rest/agile/1.0/board?startAt=${startAt}&maxResults=1`, APP);
      expect(r.body).toMatchObject({ startAt, maxResults: 1, total: 5 });
      seen.push(...r.body.values.map((b: Body) => b.id));
      if (r.body.isLast) break;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('hides boards of projects the user cannot browse', async () => {
    expect((await get(e, '/rest/agile/1.0/board', OSCAR)).body.values.map((b: Body) => b.id)).toEqual([2, 3]);
    const r = await get(e, '/rest/agile/1.0/board?projectKeyOrId=GYM', OSCAR);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ errorMessages: ["No project could be found with key 'GYM'."], errors: {} });
    expect((await get(e, '/rest/agile/1.0/board/1', OSCAR)).status).toBe(404);
    expect((await get(e, '/rest/agile/1.0/board/1/sprint', OSCAR)).status).toBe(404);
    expect((await get(e, '/rest/agile/1.0/sprint/8', OSCAR)).status).toBe(404);
  });

  it('pages a board’s sprints in Jira’s order (closed, active, future) with no gaps or duplicates', async () => {
    const ids: number[] = [];
    for (let startAt = 0; ; ) {
      const r = await get(e, `/rest/agile/1.0/board/1/sprint?startAt=${startAt}&maxResults=4`);
      expect(r.status).toBe(200);
      ids.push(...r.body.values.map((s: Body) => s.id));
      startAt += r.body.values.length;
      if (r.body.isLast) break;
    }
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const all = (await get(e, '/rest/agile/1.0/board/1/sprint')).body;
    expect(all).toMatchObject({ startAt: 0, maxResults: 50, isLast: true });
    expect(all.values[0]).toEqual({
      id: 1,
      self: 'https://gymtonic.atlassian.net/rest/agile/1.0/sprint/1',
      state: 'closed',
      name: 'GYM Sprint 1',
      startDate: '2026-08-10T09:30:00.000Z',
      endDate: '2026-08-24T09:00:00.000Z',
      completeDate: '2026-08-24T09:20:00.000Z',
      createdDate: expect.any(String),
      originBoardId: 1,
      goal: 'Members can sign in with their membership number',
    });
    expect(all.values[10]).toEqual(expect.objectContaining({ id: 11, state: 'future', goal: '' }));
    expect(all.values[10]).not.toHaveProperty('startDate');
  });

  it('filters sprints by state and refuses sprints on a kanban board', async () => {
    const active = (await get(e, '/rest/agile/1.0/board/1/sprint?state=active')).body.values;
    expect(active.map((s: Body) => [s.id, s.state])).toEqual([[8, 'active']]);
    const open = (await get(e, '/rest/agile/1.0/board/1/sprint?state=active,future')).body.values;
    expect(open.map((s: Body) => s.id)).toEqual([8, 9, 10, 11]);
    expect((await get(e, '/rest/agile/1.0/board/1/sprint?state=open')).status).toBe(400);
    const kanban = await get(e, '/rest/agile/1.0/board/3/sprint');
    expect(kanban).toMatchObject({ status: 400, body: { errorMessages: ['The board does not support sprints'] } });
  });

  it('answers a single sprint and the board configuration', async () => {
    expect((await get(e, '/rest/agile/1.0/sprint/8', SOFIA)).body).toMatchObject({ id: 8, state: 'active', goal: 'Members can book a personal trainer from the app' });
    expect((await get(e, '/rest/agile/1.0/sprint/999')).status).toBe(404);
    const config = (await get(e, '/rest/agile/1.0/board/1/configuration')).body;
    expect(config).toMatchObject({ id: 1, type: 'scrum', ranking: { rankCustomFieldId: Number(CF.rank.replace('customfield_', '')) }, estimation: { type: 'field', field: { fieldId: CF.storyPoints } } });
  });
});

// ---------------------------------------------------------------------------------------------

describe('search', () => {
  const e = new JiraEmulator(DATA);
  const gymCount = gymIssues(DATA).length;

  it.each([
    ['GET', 25],
    ['POST', 40],
    ['GET', 100],
  ] as const)('%s pages with nextPageToken until isLast: every issue once, in rank order (maxResults %d)', async (method, maxResults) => {
    const { issues, pages } = await searchAll(e, 'project = GYM ORDER BY Rank ASC', { method, maxResults, fields: `summary,${CF.rank}` });
    expect(pages).toBe(Math.ceil(gymCount / maxResults));
    expect(issues).toHaveLength(gymCount);
    expect(new Set(issues.map((i) => i.key)).size).toBe(gymCount);
    const ranks = issues.map((i) => i.fields[CF.rank] as string);
    expect([...ranks].sort()).toEqual(ranks);
  });

  it('caps maxResults at 100 with fields and 5000 with ids only', async () => {
    const withFields = await get(e, `/rest/api/3/search/jql?jql=${q('project = GYM')}&maxResults=500&fields=summary`);
    expect(withFields.body.issues).toHaveLength(100);
    expect(withFields.body.isLast).toBe(false);
    const idsOnly = await get(e, `/rest/api/3/search/jql?jql=${q('project = GYM')}&maxResults=5000`);
    expect(idsOnly.body.issues).toHaveLength(gymCount);
    expect(idsOnly.body.isLast).toBe(true);
    expect(idsOnly.body.issues[0]).toEqual({ expand: expect.any(String), id: expect.any(String), self: expect.any(String), key: expect.any(String), fields: {} });
    const defaults = await get(e, `/rest/api/3/search/jql?jql=${q('project = GYM')}`);
    expect(defaults.body.issues).toHaveLength(50);
  });

  it('binds the page token to its query', async () => {
    const first = await get(e, `/rest/api/3/search/jql?jql=${q('project = GYM')}&maxResults=10`);
    const token = first.body.nextPageToken as string;
    const ok = await get(e, `/rest/api/3/search/jql?jql=${q('project = GYM')}&maxResults=10&nextPageToken=${q(token)}`);
    expect(ok.status).toBe(200);
    expect(ok.body.issues[0].key).not.toBe(first.body.issues[0].key);
    expect((await get(e, `/rest/api/3/search/jql?jql=${q('project = OPS')}&nextPageToken=${q(token)}`)).status).toBe(400);
    expect((await get(e, `/rest/api/3/search/jql?jql=${q('project = GYM')}&nextPageToken=garbage`)).status).toBe(400);
  });

  it('returns only the requested fields, with id and key always', async () => {
    const r = await get(e, `/rest/api/3/search/jql?jql=${q(`key = ${S}`)}&fields=summary,status&fields=${CF.sprint}`);
    const issue = r.body.issues[0];
    expect(Object.keys(issue.fields).sort()).toEqual([CF.sprint, 'status', 'summary'].sort());
    expect(issue).toMatchObject({ id: SIGN_IN.id, key: S, self: `https://gymtonic.atlassian.net/rest/api/3/issue/${SIGN_IN.id}` });
    expect(issue.fields.status.statusCategory).toEqual({ self: 'https://gymtonic.atlassian.net/rest/api/3/statuscategory/3', id: 3, key: 'done', colorName: 'green', name: 'Done' });
    expect(issue.fields[CF.sprint]).toEqual([expect.objectContaining({ id: 1, name: 'GYM Sprint 1', state: 'closed', boardId: 1, goal: expect.any(String), completeDate: expect.any(String) })]);

    const all = (await call(e, 'POST', '/rest/api/3/search/jql', PRIYA, { jql: `key = ${S}`, fields: ['*all', '-description', '-subtasks'] })).body.issues[0];
    expect(all.fields).not.toHaveProperty('description');
    expect(all.fields).not.toHaveProperty('subtasks');
    expect(all.fields).toMatchObject({
      summary: 'Sign in with membership number and date of birth',
      issuetype: { name: 'Story', subtask: false, hierarchyLevel: 0 },
      parent: { key: expect.stringMatching(/^GYM-/), fields: { summary: 'Member sign-in & profile', issuetype: { name: 'Epic' } } },
      [CF.storyPoints]: 5,
      [CF.rank]: expect.stringMatching(/^0\|/),
      project: { id: '10000', key: 'GYM', name: 'GymTonic Member App' },
      labels: ['auth'],
      priority: { name: expect.any(String) },
      created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/),
      resolutiondate: expect.stringMatching(/\+0000$/),
    });
    const navigable = (await get(e, `/rest/api/3/search/jql?jql=${q('key = GYM-1')}&fields=*navigable`)).body.issues[0];
    expect(navigable.fields).not.toHaveProperty('parent'); // an epic has none
    expect(navigable.fields.subtasks).toEqual([]);
    expect(navigable.fields[CF.sprint]).toBeNull();
  });

  it('expands the changelog and names', async () => {
    const r = await get(e, `/rest/api/3/search/jql?jql=${q(`key = ${S}`)}&fields=status&expand=changelog,names`);
    expect(r.body.names).toEqual({ status: 'Status' });
    const changelog = r.body.issues[0].changelog;
    expect(changelog).toMatchObject({ startAt: 0, total: changelog.histories.length, maxResults: 100 });
    // Newest first, as Jira gives the expanded changelog.
    const statuses = changelog.histories.map((h: Body) => h.items.find((i: Body) => i.field === 'status'));
    expect(statuses[statuses.length - 1]).toMatchObject({ field: 'status', fieldtype: 'jira', from: '10000', fromString: 'To Do', to: '3', toString: 'In Progress' });
    expect(statuses[0]).toMatchObject({ toString: 'Done' });
    expect(changelog.histories[0].author).toMatchObject({ accountId: expect.stringMatching(/^[0-9a-f]{24}$/), displayName: expect.any(String) });
    const sprint1 = must(DATA.sprints[0], 'DATA.sprints[0]');
    for (const h of changelog.histories) {
      const at = Date.parse(h.created.replace('+0000', 'Z'));
      expect(at).toBeGreaterThanOrEqual(Date.parse(must(sprint1.startDate, 'sprint1.startDate')));
      expect(at).toBeLessThanOrEqual(Date.parse(must(sprint1.endDate, 'sprint1.endDate')));
    }
  });

  it('expands only the latest 100 changes of a long history, as Jira does; the bulk changelog gives them all, oldest first, by page', async () => {
    const long = structuredClone(DATA);
    const issue = must(long.issues.find((i) => i.key === S), 'long.issues.find((i) => i.key === S)');
    const base = Date.parse(issue.created);
    issue.changelog = Array.from({ length: 230 }, (_, n) => ({
      id: String(90000 + n),
      authorAccountId: PRIYA,
      created: new Date(base + n * 60_000).toISOString(),
      items: [
        n % 3 === 2
          ? { field: 'labels', fieldtype: 'jira', fieldId: 'labels', from: null, fromString: '', to: null, toString: `l${n}` }
          : { field: 'status', fieldtype: 'jira', fieldId: 'status', from: n % 3 === 0 ? '10000' : '3', fromString: null, to: n % 3 === 0 ? '3' : '10000', toString: null },
      ],
    }));
    const le = new JiraEmulator(long);
    const expanded = (await get(le, `/rest/api/3/issue/${S}?fields=status&expand=changelog`)).body.changelog;
    expect([expanded.total, expanded.histories.length, expanded.histories[0].id, expanded.histories[99].id]).toEqual([230, 100, '90229', '90130']);

    const pages: Body[] = [];
    let nextPageToken: string | undefined;
    do {
      const page = await call(le, 'POST', '/rest/api/3/changelog/bulkfetch', PRIYA, { issueIdsOrKeys: [SIGN_IN.id, 'GYM-1'], fieldIds: ['status'], maxResults: 100, ...(nextPageToken ? { nextPageToken } : {}) });
      expect(page.status).toBe(200);
      pages.push(page.body);
      nextPageToken = page.body.nextPageToken;
    } while (nextPageToken);
    const ofSignIn = pages.flatMap((page) => page.issueChangeLogs.filter((log: Body) => log.issueId === SIGN_IN.id).flatMap((log: Body) => log.changeHistories));
    // Only the status changes (two in three), every one, oldest first.
    expect(ofSignIn.map((h: Body) => h.id)).toEqual(issue.changelog.filter((_, n) => n % 3 !== 2).map((h) => h.id));
    expect(ofSignIn.every((h: Body) => h.items.every((item: Body) => item.fieldId === 'status'))).toBe(true);
    expect(pages.length).toBeGreaterThan(1);

    const bad = async (body: unknown) => (await call(le, 'POST', '/rest/api/3/changelog/bulkfetch', PRIYA, body)).status;
    expect(await bad({ issueIdsOrKeys: [] })).toBe(400);
    expect(await bad({ issueIdsOrKeys: Array.from({ length: 1001 }, (_, n) => String(n)) })).toBe(400);
    expect(await bad({ issueIdsOrKeys: [S], maxResults: 10001 })).toBe(400);
    expect(await bad({ issueIdsOrKeys: [S], nextPageToken: 'garbage' })).toBe(400);
    // An issue the caller may not see is left out, not refused.
    const hidden = await call(le, 'POST', '/rest/api/3/changelog/bulkfetch', OSCAR, { issueIdsOrKeys: [S] });
    expect([hidden.status, hidden.body.issueChangeLogs]).toEqual([200, []]);
  });

  it("lists the site's fields, Jira Software's by their own ids and types beside look-alikes", async () => {
    const fields = (await get(e, '/rest/api/3/field')).body as Body[];
    const byType = (type: string) => fields.filter((f) => f.schema?.custom === type).map((f) => f.id);
    expect(byType('com.pyxis.greenhopper.jira:gh-sprint')).toEqual([CF.sprint]);
    expect(byType('com.pyxis.greenhopper.jira:gh-lexo-rank')).toEqual([CF.rank]);
    expect(byType('com.pyxis.greenhopper.jira:jsw-story-points')).toEqual([CF.storyPoints]);
    expect(fields.filter((f) => f.name === 'Sprint').map((f) => f.id)).toContain('customfield_10091');
    expect(fields.map((f) => f.id)).not.toEqual(expect.arrayContaining(['customfield_10016', 'customfield_10019', 'customfield_10020']));
    // JQL knows the story-point field by its id and as cf[N].
    const n = CF.storyPoints.replace('customfield_', '');
    const byName = (await searchAll(e, 'project = GYM AND "Story point estimate" >= 5', { fields: 'summary' })).issues.length;
    expect(byName).toBeGreaterThan(0);
    expect((await searchAll(e, `project = GYM AND cf[${n}] >= 5`, { fields: 'summary' })).issues).toHaveLength(byName);
    expect((await get(e, `/rest/api/3/search/jql?jql=${q('project = GYM AND cf[10016] >= 5')}`)).status).toBe(400);
  });

  it('evaluates the JQL the app uses', async () => {
    const keysOf = async (jql: string) => (await searchAll(e, jql, { fields: 'summary' })).issues.map((i) => i.key as string);
    const active = await keysOf('project = GYM AND sprint in openSprints() AND issuetype not in subTaskIssueTypes() ORDER BY Rank');
    const expected = gymIssues(DATA).filter((i) => i.sprintIds.includes(8) && !must(typeOf(DATA, i), 'typeOf(DATA, i)').subtask);
    expect(new Set(active)).toEqual(new Set(expected.map((i) => i.key)));
    const backlog = await keysOf('project = GYM AND sprint is EMPTY AND statusCategory != Done AND issuetype in standardIssueTypes() ORDER BY Rank ASC');
    expect(backlog.length).toBeGreaterThanOrEqual(20);
    expect(await keysOf(`parent = ${S}`)).toHaveLength(3);
    expect(await keysOf('project in (GYM, OPS) AND statusCategory = "In Progress"')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^GYM-/), expect.stringMatching(/^OPS-/)]),
    );
  });

  it('answers bad JQL with Jira’s 400 error shape', async () => {
    const r = await get(e, `/rest/api/3/search/jql?jql=${q('colour = red')}`);
    expect(r).toMatchObject({ status: 400, body: { errorMessages: ["Field 'colour' does not exist or you do not have permission to view it."], errors: {} } });
    const unbounded = await call(e, 'POST', '/rest/api/3/search/jql', PRIYA, { jql: 'ORDER BY created DESC' });
    expect(unbounded.status).toBe(400);
    expect(unbounded.body.errorMessages[0]).toMatch(/^Unbounded JQL queries are not allowed here/);
    expect((await call(e, 'POST', '/rest/api/3/search/jql', PRIYA, { jql: 'project = GYM', fields: 'summary', colour: 1 })).status).toBe(400);
    expect((await get(e, `/rest/api/3/search/jql?jql=${q('project = GYM')}&maxResults=ten`)).status).toBe(400);
  });

  it('answers the removed /rest/api/3/search with 410 Gone', async () => {
    const r = await get(e, `/rest/api/3/search?jql=${q('project = GYM')}`);
    expect(r.status).toBe(410);
    expect(r.body.errorMessages[0]).toContain('/rest/api/3/search/jql');
  });

  it('searches indexed issue properties when configured (the extension point)', async () => {
    const withIndex = new JiraEmulator(DATA, { indexedIssueProperties: [{ propertyKey: 'outcomes', path: 'keyResultIds', type: 'string' }] });
    expect((await call(withIndex, 'PUT', `/rest/api/3/issue/${S}/properties/outcomes`, PRIYA, { keyResultIds: ['kr-1'] })).status).toBe(201);
    const { issues } = await searchAll(withIndex, 'project = GYM AND issue.property[outcomes].keyResultIds = "kr-1"');
    expect(issues.map((i) => i.key)).toEqual([S]);
    const props = await get(withIndex, `/rest/api/3/search/jql?jql=${q(`key = ${S}`)}&properties=outcomes`);
    expect(props.body.issues[0].properties).toEqual({ outcomes: { keyResultIds: ['kr-1'] } });
    expect((await get(e, `/rest/api/3/search/jql?jql=${q('issue.property[outcomes].keyResultIds = "kr-1"')}`)).status).toBe(400);
  });
});

// ---------------------------------------------------------------------------------------------

describe('issues, projects, users', () => {
  const e = new JiraEmulator(DATA);

  it('GET issue returns every field by default, by key (any case) or id', async () => {
    const r = await get(e, `/rest/api/3/issue/${S.toLowerCase()}`);
    expect(r.status).toBe(200);
    expect(r.body.key).toBe(S);
    expect(Object.keys(r.body.fields)).toEqual(expect.arrayContaining(['summary', 'status', 'issuetype', 'parent', CF.storyPoints, CF.rank, CF.sprint, 'created', 'updated', 'resolutiondate', 'assignee', 'project', 'labels', 'priority']));
    expect(r.body.fields.subtasks).toHaveLength(3);
    expect((await get(e, `/rest/api/3/issue/${SIGN_IN.id}?fields=summary`)).body.fields).toEqual({ summary: 'Sign in with membership number and date of birth' });
    expect((await get(e, `/rest/api/3/issue/${S}?fields=-description,-subtasks`)).body.fields).not.toHaveProperty('subtasks');
    expect((await get(e, `/rest/api/3/issue/${S}?fields=status&expand=changelog`)).body.changelog.total).toBeGreaterThan(1);
  });

  it('GET issue: 404 with one message for missing and for hidden issues', async () => {
    const missing = await get(e, '/rest/api/3/issue/GYM-9999');
    const hidden = await get(e, `/rest/api/3/issue/${S}`, OSCAR);
    const message = { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} };
    expect(missing).toMatchObject({ status: 404, body: message });
    expect(hidden).toMatchObject({ status: 404, body: message });
  });

  it('GET project', async () => {
    const r = await get(e, '/rest/api/3/project/GYM', SOFIA);
    expect(r.body).toMatchObject({
      id: '10000',
      key: 'GYM',
      name: 'GymTonic Member App',
      self: 'https://gymtonic.atlassian.net/rest/api/3/project/10000',
      lead: { accountId: PRIYA, displayName: 'Priya Natarajan' },
      projectTypeKey: 'software',
      style: 'classic',
      simplified: false,
    });
    expect((await get(e, '/rest/api/3/project/10001', OSCAR)).body.key).toBe('OPS');
    expect(await get(e, '/rest/api/3/project/GYM', OSCAR)).toMatchObject({ status: 404, body: { errorMessages: ["No project could be found with key 'GYM'."], errors: {} } });
    expect((await get(e, '/rest/api/3/project/NOPE')).status).toBe(404);
  });

  it('/myself, /user, /user/bulk', async () => {
    expect((await get(e, '/rest/api/3/myself', SAM)).body).toMatchObject({ accountId: SAM, displayName: 'Sam Okafor', accountType: 'atlassian', active: true, timeZone: 'Europe/London' });
    expect((await get(e, '/rest/api/3/myself', APP)).body).toMatchObject({ accountType: 'app', displayName: 'Outcomes' });
    expect((await get(e, `/rest/api/3/user?accountId=${MEI}`)).body).toMatchObject({ accountId: MEI, displayName: 'Mei Chen', emailAddress: 'mei.chen@gymtonic.example' });
    expect((await get(e, '/rest/api/3/user?accountId=000000000000000000000000')).status).toBe(404);
    expect((await get(e, '/rest/api/3/user')).status).toBe(400);
    const bulk = await get(e, `/rest/api/3/user/bulk?accountId=${PRIYA}&accountId=${SAM}&accountId=${DIEGO}&accountId=nobody&maxResults=2`);
    expect(bulk.body).toMatchObject({ startAt: 0, maxResults: 2, total: 3, isLast: false });
    expect(bulk.body.values.map((u: Body) => u.displayName)).toEqual(['Priya Natarajan', 'Sam Okafor']);
    const next = await get(e, bulk.body.nextPage.replace('https://gymtonic.atlassian.net', ''));
    expect(next.body).toMatchObject({ startAt: 2, isLast: true, values: [expect.objectContaining({ accountId: DIEGO })] });
  });

  it('issue properties: PUT 201 then 200, GET, list, DELETE 204, then 404', async () => {
    const f = new JiraEmulator(DATA);
    const path = `/rest/api/3/issue/${S}/properties/outcomes`;
    expect((await call(f, 'PUT', path, DIEGO, { keyResultIds: ['a'] })).status).toBe(201);
    expect((await call(f, 'PUT', path, DIEGO, { keyResultIds: ['a', 'b'] })).status).toBe(200);
    expect((await get(f, path, SOFIA)).body).toEqual({ key: 'outcomes', value: { keyResultIds: ['a', 'b'] } });
    expect((await get(f, `/rest/api/3/issue/${S}/properties`, SOFIA)).body).toEqual({
      keys: [{ self: `https://gymtonic.atlassian.net/rest/api/3/issue/${SIGN_IN.id}/properties/outcomes`, key: 'outcomes' }],
    });
    expect((await call(f, 'PUT', path, SOFIA, { keyResultIds: [] })).status).toBe(403);
    expect((await call(f, 'PUT', path, OSCAR, { keyResultIds: [] })).status).toBe(404);
    expect((await call(f, 'PUT', path, APP, { keyResultIds: ['c'] })).status).toBe(200);
    expect((await call(f, 'PUT', path, DIEGO)).status).toBe(400);
    expect((await call(f, 'PUT', path, DIEGO, { big: 'x'.repeat(40_000) })).status).toBe(400);
    expect((await call(f, 'DELETE', path, DIEGO)).status).toBe(204);
    expect((await get(f, path)).status).toBe(404);
    expect((await call(f, 'DELETE', path, DIEGO)).status).toBe(404);
  });

  it('answers unknown routes, wrong methods and unknown users in Jira’s error shape', async () => {
    expect(await get(e, '/rest/api/3/dashboard')).toMatchObject({ status: 404, body: { errorMessages: [expect.any(String)], errors: {} } });
    expect((await call(e, 'DELETE', '/rest/api/3/myself')).status).toBe(405);
    expect((await get(e, '/rest/api/3/myself', 'ffffffffffffffffffffffff')).status).toBe(401);
  });
});

// ---------------------------------------------------------------------------------------------

describe('permissions', () => {
  const e = new JiraEmulator(DATA);
  const ALL = 'BROWSE_PROJECTS,EDIT_ISSUES,ADMINISTER_PROJECTS,CREATE_ISSUES,TRANSITION_ISSUES,ASSIGN_ISSUES';
  const perms = async (accountId: string | null, context: string) => {
    const r = await get(e, `/rest/api/3/mypermissions?${context}&permissions=${ALL}`, accountId);
    expect(r.status).toBe(200);
    return Object.fromEntries(Object.entries(r.body.permissions as Record<string, Body>).map(([k, v]) => [k, v.havePermission as boolean]));
  };

  it('answers mypermissions in Jira’s shape', async () => {
    const r = await get(e, '/rest/api/3/mypermissions?projectKey=GYM&permissions=EDIT_ISSUES', SOFIA);
    expect(r.body).toEqual({
      permissions: { EDIT_ISSUES: { id: '12', key: 'EDIT_ISSUES', name: 'Edit Issues', type: 'PROJECT', description: 'Ability to edit issues.', havePermission: false } },
    });
    expect((await get(e, '/rest/api/3/mypermissions?projectKey=GYM')).status).toBe(400);
    expect((await get(e, '/rest/api/3/mypermissions?projectKey=GYM&permissions=FLY')).status).toBe(400);
    expect((await get(e, '/rest/api/3/mypermissions?projectKey=NOPE&permissions=EDIT_ISSUES')).status).toBe(404);
  });

  it('answers an installed app’s global permission from the groups an admin granted it to, with or without a project', async () => {
    const app = new JiraEmulator(DATA);
    const key = 'ari:cloud:ecosystem::extension/app-1/env-1/static/manage-organization-okrs';
    // Before the app is installed, Jira does not know the key.
    expect((await get(app, `/rest/api/3/mypermissions?permissions=${q(key)}`, DEMO_ACCOUNT_IDS.elena)).status).toBe(400);
    app.installApp({ projectPermissions: [], globalPermissions: [{ key, name: 'Manage organization OKRs', description: 'Set the organization’s OKRs.' }] });
    const holds = async (accountId: string | null, context = '') => {
      const r = await get(app, `/rest/api/3/mypermissions?${context}permissions=${q(key)}`, accountId);
      expect(r.status).toBe(200);
      return (r.body.permissions as Record<string, Body>)[key];
    };
    expect(await holds(DEMO_ACCOUNT_IDS.elena)).toMatchObject({ key, type: 'GLOBAL', name: 'Manage organization OKRs', havePermission: true });
    expect(await holds(DEMO_ACCOUNT_IDS.elena, 'projectKey=OPS&')).toMatchObject({ havePermission: true });
    for (const accountId of [PRIYA, OSCAR, DEMO_ACCOUNT_IDS.kofi]) expect(await holds(accountId)).toMatchObject({ havePermission: false });
    expect(await holds(APP)).toMatchObject({ havePermission: true });
    // Nobody Jira knows: refused, as Jira refuses an anonymous caller.
    expect((await get(app, `/rest/api/3/mypermissions?permissions=${q(key)}`, 'ffffffffffffffffffffffff')).status).toBe(401);
  });

  it.each([
    ['Priya (Product Owner)', PRIYA, { BROWSE_PROJECTS: true, EDIT_ISSUES: true, ADMINISTER_PROJECTS: true, CREATE_ISSUES: true, TRANSITION_ISSUES: true, ASSIGN_ISSUES: true }],
    ['Sam (Scrum Master)', SAM, { BROWSE_PROJECTS: true, EDIT_ISSUES: true, ADMINISTER_PROJECTS: false, CREATE_ISSUES: true, TRANSITION_ISSUES: true, ASSIGN_ISSUES: true }],
    ['Diego (Developer)', DIEGO, { BROWSE_PROJECTS: true, EDIT_ISSUES: true, ADMINISTER_PROJECTS: false, CREATE_ISSUES: true, TRANSITION_ISSUES: true, ASSIGN_ISSUES: true }],
    ['Mei (Developer)', MEI, { BROWSE_PROJECTS: true, EDIT_ISSUES: true, ADMINISTER_PROJECTS: false, CREATE_ISSUES: true, TRANSITION_ISSUES: true, ASSIGN_ISSUES: true }],
    ['Sofia (stakeholder)', SOFIA, { BROWSE_PROJECTS: true, EDIT_ISSUES: false, ADMINISTER_PROJECTS: false, CREATE_ISSUES: false, TRANSITION_ISSUES: false, ASSIGN_ISSUES: false }],
    ['Oscar (no access)', OSCAR, { BROWSE_PROJECTS: false, EDIT_ISSUES: false, ADMINISTER_PROJECTS: false, CREATE_ISSUES: false, TRANSITION_ISSUES: false, ASSIGN_ISSUES: false }],
    ['the app', APP, { BROWSE_PROJECTS: true, EDIT_ISSUES: true, ADMINISTER_PROJECTS: true, CREATE_ISSUES: true, TRANSITION_ISSUES: true, ASSIGN_ISSUES: true }],
  ])('on GYM: %s', async (_who, accountId, expected) => {
    expect(await perms(accountId, 'projectKey=GYM')).toEqual(expected);
    expect(await perms(accountId, 'projectId=10000')).toEqual(expected);
  });

  it('Oscar sees nothing of GYM but works in OPS', async () => {
    const { issues } = await searchAll(e, 'statusCategory in ("To Do", "In Progress", Done)', { accountId: OSCAR, fields: 'project' });
    expect(issues.length).toBe(DATA.issues.filter((i) => i.projectKey === 'OPS').length);
    expect(issues.every((i) => i.fields.project.key === 'OPS')).toBe(true);
    const r = await get(e, `/rest/api/3/search/jql?jql=${q('project = GYM')}`, OSCAR);
    expect(r).toMatchObject({ status: 400, body: { errorMessages: ["The value 'GYM' does not exist for the field 'project'."] } });
    expect((await get(e, `/rest/api/3/search/jql?jql=${q(`key = ${S}`)}`, OSCAR)).status).toBe(400);
    expect(await perms(OSCAR, `issueKey=${S}`)).toEqual(Object.fromEntries(ALL.split(',').map((k) => [k, false])));
    expect((await perms(OSCAR, 'projectKey=OPS')).ADMINISTER_PROJECTS).toBe(true);
  });

  it('without a context, a project permission counts if held in any project', async () => {
    expect((await perms(SOFIA, 'x=1')).BROWSE_PROJECTS).toBe(true);
    expect((await perms(SOFIA, 'x=1')).EDIT_ISSUES).toBe(false);
    expect((await perms(OSCAR, 'x=1')).EDIT_ISSUES).toBe(true);
  });

  it('Mei can browse but not edit the two restricted payment issues; others are unaffected', async () => {
    const [restricted, other] = demoRestrictedIssueKeys(DATA) as [string, string];
    const mei = await perms(MEI, `issueKey=${restricted}`);
    expect(mei).toMatchObject({ BROWSE_PROJECTS: true, EDIT_ISSUES: false, TRANSITION_ISSUES: false, ASSIGN_ISSUES: false, CREATE_ISSUES: true });
    expect((await perms(MEI, `issueKey=${other}`)).EDIT_ISSUES).toBe(false);
    expect((await perms(MEI, `issueKey=${S}`)).EDIT_ISSUES).toBe(true);
    expect((await perms(DIEGO, `issueKey=${restricted}`)).EDIT_ISSUES).toBe(true);
    const id = must(DATA.issues.find((i) => i.key === restricted), 'DATA.issues.find((i) => i.key === restricted)').id;
    expect((await perms(MEI, `issueId=${id}`)).EDIT_ISSUES).toBe(false);
    expect((await get(e, `/rest/api/3/issue/${restricted}`, MEI)).status).toBe(200);
    expect((await call(e, 'PUT', `/rest/api/3/issue/${restricted}/properties/outcomes`, MEI, { keyResultIds: [] })).status).toBe(403);
    expect(e.hasPermission(MEI, { issueKey: restricted }, 'EDIT_ISSUES')).toBe(false);
    expect(e.hasPermission(MEI, { projectKey: 'GYM' }, 'EDIT_ISSUES')).toBe(true);
  });

  it('an issue-level browse restriction hides the issue everywhere (fixture)', async () => {
    const data = structuredClone(DATA);
    data.issueRestrictions.push({ issueKey: S, accountId: SOFIA, deny: ['BROWSE_PROJECTS'], reason: 'security level' });
    const f = new JiraEmulator(data);
    expect((await get(f, `/rest/api/3/issue/${S}`, SOFIA)).status).toBe(404);
    const { issues } = await searchAll(f, 'project = GYM', { accountId: SOFIA, maxResults: 5000 });
    expect(issues).toHaveLength(gymIssues(DATA).length - 1);
    const p = await get(f, `/rest/api/3/mypermissions?issueKey=${S}&permissions=BROWSE_PROJECTS`, SOFIA);
    expect(p.body.permissions.BROWSE_PROJECTS.havePermission).toBe(false);
    expect((await get(f, `/rest/api/3/issue/${S}`, PRIYA)).status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------

describe('faults, latency, counters', () => {
  it('injects a 429 with Retry-After, then answers normally', async () => {
    const e = new JiraEmulator(DATA);
    e.faults.inject({ path: '/rest/api/3/search/jql', status: 429, retryAfterSeconds: 7, times: 2 });
    const path = `/rest/api/3/search/jql?jql=${q('project = GYM')}`;
    const first = await get(e, path);
    expect(first.status).toBe(429);
    expect(first.headers?.['Retry-After']).toBe('7');
    expect(first.body).toEqual({ errorMessages: ['Rate limit exceeded.'], errors: {} });
    expect((await get(e, '/rest/api/3/myself')).status).toBe(200); // other paths unaffected
    expect((await get(e, path)).status).toBe(429);
    expect((await get(e, path)).status).toBe(200);
    expect(e.faults.pending).toBe(0);
  });

  it('answers a 429 with the rate-limit headers Atlassian documents, or the prefixed ones some sites send', async () => {
    const e = new JiraEmulator(DATA);
    e.faults.inject({ path: '/rest/api/3/search/jql', status: 429, rateLimitReason: 'jira-burst-based', retryAfterSeconds: 2 });
    e.faults.inject({ path: '/rest/api/3/search/jql', status: 429, rateLimitReason: 'jira-quota-global-based', retryAfterSeconds: 1800, rateLimitHeaders: 'prefixed' });
    e.faults.inject({ path: '/rest/api/3/search/jql', status: 429, rateLimitReason: null, retryAfterSeconds: null });
    const path = `/rest/api/3/search/jql?jql=${q('project = GYM')}`;
    const burst = (await get(e, path)).headers;
    expect([burst?.['RateLimit-Reason'], burst?.['Retry-After']]).toEqual(['jira-burst-based', '2']);
    expect(burst?.['X-RateLimit-Reset']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
    const quota = (await get(e, path)).headers;
    expect([quota?.['X-RateLimit-Reason'], quota?.['Beta-Retry-After'], quota?.['RateLimit-Reason'], quota?.['Retry-After']]).toEqual(['jira-quota-global-based', '1800', undefined, undefined]);
    const bare = (await get(e, path)).headers;
    expect([bare?.['RateLimit-Reason'], bare?.['Retry-After'], bare?.['X-RateLimit-Reset']]).toEqual([undefined, undefined, undefined]);
    expect((await get(e, path)).status).toBe(200);
  });

  it('injects 5xx, malformed bodies, delays and method filters; clear() disarms', async () => {
    const e = new JiraEmulator(DATA);
    e.faults.inject({ path: new RegExp(`/issue/${S}$`), status: 500, body: '{"errorMessages": [', times: Infinity });
    const bad = await get(e, `/rest/api/3/issue/${S}`);
    expect(bad.status).toBe(500);
    expect(bad.body).toBe('{"errorMessages": [');
    expect((await get(e, `/rest/api/3/issue/${S}`)).status).toBe(500);
    e.faults.clear();
    expect((await get(e, `/rest/api/3/issue/${S}`)).status).toBe(200);

    e.faults.inject({ method: 'POST', status: 503 });
    expect((await get(e, '/rest/api/3/myself')).status).toBe(200);
    expect((await call(e, 'POST', '/rest/api/3/search/jql', PRIYA, { jql: 'project = GYM' })).status).toBe(503);

    e.faults.inject({ delayMs: 40 });
    const t0 = performance.now();
    expect((await get(e, '/rest/api/3/myself')).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(35);
  });

  it('simulates latency and counts calls per route', async () => {
    const e = new JiraEmulator(DATA, { latencyMs: 20 });
    const t0 = performance.now();
    await get(e, '/rest/api/3/myself');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(15);
    e.latencyMs = 0;
    await get(e, '/rest/api/3/issue/GYM-1');
    await get(e, '/rest/api/3/issue/GYM-2');
    await get(e, '/nowhere');
    expect(e.calls.total).toBe(4);
    expect(e.calls.byRoute).toEqual({
      'GET /rest/api/3/myself': 1,
      'GET /rest/api/3/issue/{issueIdOrKey}': 2,
      'GET (unmatched)': 1,
    });
    e.calls.reset();
    expect(e.calls.total).toBe(0);
    expect(e.calls.byRoute).toEqual({});
  });
});

// ---------------------------------------------------------------------------------------------

describe('sprint mutations', () => {
  const at = new Date('2026-11-30T09:10:00.000Z');

  it('closeSprint closes the active sprint and moves unfinished work (with sub-tasks) to the next future sprint', async () => {
    const e = new JiraEmulator(DATA);
    const before = e.data.issues.filter((i) => i.sprintIds[i.sprintIds.length - 1] === 8);
    const unfinished = before.filter((i) => categoryOf(DATA, i) !== 'done' && !must(typeOf(DATA, i), 'typeOf(DATA, i)').subtask);
    const done = before.filter((i) => categoryOf(DATA, i) === 'done' && !must(typeOf(DATA, i), 'typeOf(DATA, i)').subtask);
    expect(unfinished.length).toBeGreaterThan(0);

    const sprint = e.closeSprint(8, { at });
    expect(sprint).toMatchObject({ id: 8, state: 'closed', completeDate: at.toISOString(), goal: 'Members can book a personal trainer from the app', originBoardId: 1 });
    for (const i of unfinished) expect(must(e.data.issues.find((x) => x.key === i.key), 'e.data.issues.find((x) => x.key === i.key)').sprintIds.slice(-2)).toEqual([8, 9]);
    for (const i of done) expect(must(e.data.issues.find((x) => x.key === i.key), 'e.data.issues.find((x) => x.key === i.key)').sprintIds.slice(-1)).toEqual([8]);
    const subtasks = e.data.issues.filter((i) => i.parentKey === must(unfinished[0], 'unfinished[0]').key && must(typeOf(DATA, i), 'typeOf(DATA, i)').subtask);
    for (const s of subtasks) expect(s.sprintIds.slice(-1)).toEqual([9]);

    expect((await get(e, '/rest/agile/1.0/sprint/8')).body.state).toBe('closed');
    expect((await searchAll(e, 'project = GYM AND sprint in openSprints()')).issues).toHaveLength(0);
    const nine = (await searchAll(e, 'sprint = 9 AND issuetype in standardIssueTypes()', { fields: CF.sprint })).issues;
    expect(nine.map((i) => i.key)).toEqual(expect.arrayContaining(unfinished.map((i) => i.key)));
    const moved = must(nine.find((i) => i.key === must(unfinished[0], 'unfinished[0]').key), 'nine.find((i) => i.key === unfinished[0].key)');
    expect(moved.fields[CF.sprint].map((s: Body) => [s.id, s.state])).toEqual(expect.arrayContaining([[8, 'closed'], [9, 'future']]));

    expect(() => e.closeSprint(8)).toThrow(/not active/);
    const started = e.startSprint(9, { at: new Date('2026-11-30T10:00:00.000Z') });
    expect(started).toMatchObject({ id: 9, state: 'active', startDate: '2026-11-30T10:00:00.000Z', endDate: '2026-12-14T10:00:00.000Z' });
    expect(() => e.startSprint(10)).toThrow(/already active/);
  });

  it('moves unfinished work to the backlog when there is no future sprint (or when asked)', () => {
    const e = new JiraEmulator(DATA);
    const unfinished = e.data.issues.filter((i) => i.sprintIds.at(-1) === 8 && categoryOf(DATA, i) !== 'done').map((i) => i.key);
    e.closeSprint(8, { at, moveTo: 'backlog' });
    for (const key of unfinished) expect(must(e.data.issues.find((i) => i.key === key), 'e.data.issues.find((i) => i.key === key)').sprintIds.at(-1)).toBe(8);

    const ops = new JiraEmulator(DATA);
    ops.closeSprint(13, { at, moveTo: 14 });
    const e2 = new JiraEmulator(DATA);
    for (const id of [9, 10, 11]) must(e2.data.sprints.find((s) => s.id === id), 'e2.data.sprints.find((s) => s.id === id)').state = 'closed';
    e2.closeSprint(8, { at });
    expect(e2.data.issues.some((i) => i.sprintIds.includes(9) && i.sprintIds.at(-1) === 8)).toBe(false);
    expect(() => e2.closeSprint(8, { moveTo: 12 })).toThrow();
  });

  it('setSprintGoal and transitionIssue change what the API answers, with a changelog entry', async () => {
    const e = new JiraEmulator(DATA);
    e.setSprintGoal(10, 'Members can import workouts from their phone');
    expect((await get(e, '/rest/agile/1.0/sprint/10')).body.goal).toBe('Members can import workouts from their phone');
    const todo = must(e.data.issues.find((i) => i.sprintIds.at(-1) === 8 && categoryOf(DATA, i) === 'new'), "e.data.issues.find((i) => i.sprintIds.at(-1) === 8 && categoryOf(DATA, i) === 'new')");
    e.transitionIssue(todo.key, 'Done', { at, accountId: DIEGO });
    const r = (await get(e, `/rest/api/3/issue/${todo.key}?fields=status,resolutiondate&expand=changelog`)).body;
    expect(r.fields.status.statusCategory.key).toBe('done');
    expect(r.fields.resolutiondate).toBe('2026-11-30T09:10:00.000+0000');
    expect(r.changelog.histories.at(-1)).toMatchObject({ author: { accountId: DIEGO }, items: expect.arrayContaining([expect.objectContaining({ field: 'status', toString: 'Done' })]) });
  });

  it('does not share state with the data it was built from, or between emulators', () => {
    const e = new JiraEmulator(DATA);
    e.closeSprint(8, { at });
    expect(must(DATA.sprints.find((s) => s.id === 8), 'DATA.sprints.find((s) => s.id === 8)').state).toBe('active');
    expect(must(new JiraEmulator(DATA).data.sprints.find((s) => s.id === 8), 'new JiraEmulator(DATA).data.sprints.find((s) => s.id === 8)').state).toBe('active');
  });
});

describe('small fixtures', () => {
  it('serve a hand-built site of the same shape', async () => {
    const user = { accountId: 'aaaaaaaaaaaaaaaaaaaaaaaa', displayName: 'Ann Example', emailAddress: 'ann@example.com', timeZone: 'UTC', locale: 'en_US', active: true, role: 'Tester', globalPermissions: [] };
    const issue = (n: number, extra: Partial<IssueRecord> = {}): IssueRecord => ({
      id: String(100 + n),
      key: `T-${n}`,
      projectKey: 'T',
      issueTypeId: '10001',
      summary: `Thing ${n}`,
      description: null,
      statusId: '10000',
      priorityId: '3',
      labels: [],
      storyPoints: null,
      rank: rankAt(n),
      sprintIds: [],
      parentKey: null,
      created: '2026-01-01T00:00:00.000Z',
      updated: '2026-01-01T00:00:00.000Z',
      resolutiondate: null,
      assigneeAccountId: null,
      reporterAccountId: user.accountId,
      changelog: [],
      properties: {},
      ...extra,
    });
    const data: JiraData = {
      baseUrl: 'https://example.atlassian.net',
      today: '2026-01-10T00:00:00.000Z',
      customFields: { sprint: 'customfield_12000', rank: 'customfield_12001', storyPoints: 'customfield_12002' },
      app: { accountId: 'app', displayName: 'App' },
      users: [user],
      defaultAccountId: user.accountId,
      projects: [{ id: '1', key: 'T', name: 'Tiny', description: '', leadAccountId: user.accountId }],
      boards: [{ id: 5, name: 'T board', type: 'scrum', projectKey: 'T' }],
      sprints: [{ id: 50, name: 'T Sprint 1', state: 'active', goal: 'Ship nothing', originBoardId: 5, createdDate: '2026-01-01T00:00:00.000Z', startDate: '2026-01-05T00:00:00.000Z', endDate: '2026-01-19T00:00:00.000Z' }],
      statuses: DEFAULT_STATUSES,
      issueTypes: DEFAULT_ISSUE_TYPES,
      priorities: DEFAULT_PRIORITIES,
      issues: [issue(1, { sprintIds: [50] }), issue(2)],
      permissions: [{ accountId: user.accountId, projectKey: 'T', permissions: ['BROWSE_PROJECTS'] }],
      issueRestrictions: [],
    };
    const e = new JiraEmulator(data);
    const r = await get(e, `/rest/api/3/search/jql?jql=${q('sprint in openSprints()')}&fields=summary`, user.accountId);
    expect(r.body.issues.map((i: Body) => i.key)).toEqual(['T-1']);
    expect((await get(e, '/rest/agile/1.0/board/5/sprint', user.accountId)).body.values[0].self).toBe('https://example.atlassian.net/rest/agile/1.0/sprint/50');
  });
});
