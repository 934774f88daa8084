// The `outcomes` issue property as Jira stores and indexes it: the manifest's jira:entityProperty module
// read by indexedPropertiesFromManifest, the property routes per permission, and JQL on the property
// path and its search aliases, alone and with the rest of JQL.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EmulatedResponse } from '../platform';
import { createDemoData, DEMO_ACCOUNT_IDS, demoRestrictedIssueKeys } from './demo-data';
import { indexedPropertiesFromManifest, JiraEmulator } from './emulator';
import type { IssueRecord } from './model';
import { must } from '../../test/support/must';

const { priya: PRIYA, diego: DIEGO, mei: MEI, sofia: SOFIA, oscar: OSCAR } = DEMO_ACCOUNT_IDS;
const APP = null;
const DATA = createDemoData();

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The app's declaration, as the manifest carries it, among other modules. */
const MANIFEST = `
modules:
  jira:projectPage:
    - key: outcomes-project-page
      title: Outcomes
      resource: project-page
  jira:entityProperty:
    - key: outcomes-issue-links
      entityType: issue
      propertyKey: outcomes
      values:
        - path: keyResultIds
          type: string
          searchAlias: outcomesKeyResult
        - path: objectiveIds
          type: string
          searchAlias: outcomesObjective
app:
  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000
`;

const MANIFEST_WITHOUT_MODULE = `
modules:
  jira:projectPage:
    - key: outcomes-project-page
      title: Outcomes
      resource: project-page
app:
  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000
`;

async function call(e: JiraEmulator, method: string, p: string, accountId: string | null = PRIYA, body?: unknown): Promise<EmulatedResponse & { body: Body }> {
  const r = await e.handle({ method, path: p, headers: { accept: 'application/json' }, accountId, ...(body === undefined ? {} : { body }) });
  return r as EmulatedResponse & { body: Body };
}
const q = encodeURIComponent;
const propertyPath = (key: string) => `/rest/api/3/issue/${key}/properties/outcomes`;

/** Every issue key the JQL finds (GET, or POST), in Jira's order; fails on anything but 200. */
async function keys(e: JiraEmulator, jql: string, accountId: string | null = PRIYA, method: 'GET' | 'POST' = 'GET'): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < 100; page++) {
    const r =
      method === 'POST'
        ? await call(e, 'POST', '/rest/api/3/search/jql', accountId, { jql, maxResults: 100, ...(token ? { nextPageToken: token } : {}) })
        : await call(e, 'GET', `/rest/api/3/search/jql?jql=${q(jql)}&maxResults=100${token ? `&nextPageToken=${q(token)}` : ''}`, accountId);
    if (r.status !== 200) throw new Error(`${jql} → ${r.status} ${JSON.stringify(r.body)}`);
    out.push(...(r.body.issues as Body[]).map((i) => i.key as string));
    if (r.body.isLast) return out;
    token = r.body.nextPageToken;
  }
  throw new Error('paging does not end');
}
const sorted = (xs: string[]) => [...xs].sort();

async function searchError(e: JiraEmulator, jql: string, accountId: string | null = PRIYA): Promise<EmulatedResponse & { body: Body }> {
  return call(e, 'GET', `/rest/api/3/search/jql?jql=${q(jql)}`, accountId);
}

// Issues to link: two in the active sprint, one in the GYM backlog, one in OPS, one linked to nothing.
const restricted = new Set(demoRestrictedIssueKeys(DATA));
const gymIssues = DATA.issues.filter((i) => i.projectKey === 'GYM' && !restricted.has(i.key));
const standard = (i: IssueRecord) => DATA.issueTypes.find((t) => t.id === i.issueTypeId)?.subtask === false;
const inActiveSprint = gymIssues.filter((i) => i.sprintIds.includes(8) && standard(i));
const A = must(inActiveSprint[0], 'inActiveSprint[0]');
const B = must(inActiveSprint[1], 'inActiveSprint[1]');
const C = must(gymIssues.find((i) => i.sprintIds.length === 0 && standard(i) && i.parentKey !== null), 'gymIssues.find((i) => i.sprintIds.length === 0 && standard(i) && i.parentKey !== null)');
const D = must(DATA.issues.find((i) => i.projectKey === 'OPS'), "DATA.issues.find((i) => i.projectKey === 'OPS')");
const E = must(gymIssues.find((i) => i.sprintIds.includes(1)), 'gymIssues.find((i) => i.sprintIds.includes(1))');
const LINKS: Array<[IssueRecord, { keyResultIds: string[]; objectiveIds: string[] }]> = [
  [A, { keyResultIds: ['kr-a', 'kr-b'], objectiveIds: ['obj-1'] }],
  [B, { keyResultIds: ['kr-b'], objectiveIds: ['obj-1'] }],
  [C, { keyResultIds: ['kr-a'], objectiveIds: ['obj-2'] }],
  [D, { keyResultIds: ['kr-a'], objectiveIds: ['obj-3'] }],
  [E, { keyResultIds: [], objectiveIds: [] }],
];

/** A fresh emulator indexing what MANIFEST declares, with LINKS written through the PUT route (as the app does). */
async function linkedSite(manifest = MANIFEST): Promise<JiraEmulator> {
  const e = new JiraEmulator(DATA, { indexedIssueProperties: indexedPropertiesFromManifest(manifest) });
  for (const [issue, value] of LINKS) {
    const r = await call(e, 'PUT', propertyPath(issue.key), issue.projectKey === 'GYM' ? PRIYA : OSCAR, value);
    expect(r.status).toBe(201);
  }
  return e;
}

// ---------------------------------------------------------------------------------------------

describe('indexedPropertiesFromManifest', () => {
  const OUTCOMES = [
    { propertyKey: 'outcomes', path: 'keyResultIds', type: 'string', searchAlias: 'outcomesKeyResult' },
    { propertyKey: 'outcomes', path: 'objectiveIds', type: 'string', searchAlias: 'outcomesObjective' },
  ];

  it('reads the jira:entityProperty module into the emulator option, from text or readFileSync bytes', () => {
    expect(indexedPropertiesFromManifest(MANIFEST)).toEqual(OUTCOMES);
    expect(indexedPropertiesFromManifest(Buffer.from(MANIFEST, 'utf8'))).toEqual(OUTCOMES);
  });

  it('returns nothing for a manifest without the module (or without modules)', () => {
    expect(indexedPropertiesFromManifest(MANIFEST_WITHOUT_MODULE)).toEqual([]);
    expect(indexedPropertiesFromManifest('app:\n  id: x\n')).toEqual([]);
  });

  it('defaults entityType to issue, leaves project and user properties out, reads jira:entityPropertySet too', () => {
    const manifest = `
modules:
  jira:entityProperty:
    - key: plain
      propertyKey: stats
      values:
        - path: points
          type: number
        - path: owner.accountId
          type: user
          searchAlias: statsOwner
    - key: on-projects
      entityType: project
      propertyKey: settings
      values:
        - path: colour
          type: string
          searchAlias: projectColour
  jira:entityPropertySet:
    - key: bundle
      properties:
        - propertyKey: review
          values:
            - path: due
              type: date
              searchAlias: reviewDue
        - propertyKey: who
          entityType: user
          values:
            - path: team
              type: text
`;
    expect(indexedPropertiesFromManifest(manifest)).toEqual([
      { propertyKey: 'stats', path: 'points', type: 'number' },
      { propertyKey: 'stats', path: 'owner.accountId', type: 'user', searchAlias: 'statsOwner' },
      { propertyKey: 'review', path: 'due', type: 'date', searchAlias: 'reviewDue' },
    ]);
  });

  it('refuses what the manifest schema refuses, and aliases the emulator could not tell apart', () => {
    const withValue = (value: string, extra = '') =>
      `modules:\n  jira:entityProperty:\n    - key: k\n      propertyKey: outcomes\n${extra}      values:\n        - ${value}\n`;
    expect(() => indexedPropertiesFromManifest(withValue('path: a\n          type: boolean'))).toThrow("type 'boolean'");
    expect(() => indexedPropertiesFromManifest(withValue('path: a\n          type: string\n          searchAlias: "kr id"'))).toThrow('must match');
    expect(() => indexedPropertiesFromManifest(withValue('path: a\n          type: string\n          searchAlias: Status'))).toThrow('system field');
    expect(() => indexedPropertiesFromManifest(withValue('type: string'))).toThrow('needs a path');
    expect(() => indexedPropertiesFromManifest(withValue('path: a\n          type: string', '      entityType: board\n'))).toThrow("entityType 'board'");
    expect(() => indexedPropertiesFromManifest('modules:\n  jira:entityProperty:\n    - key: k\n      values: []\n')).toThrow('propertyKey');
    expect(() => indexedPropertiesFromManifest('modules:\n  jira:entityProperty:\n    key: k\n')).toThrow('must be a list');
    const twice = `
modules:
  jira:entityProperty:
    - key: one
      propertyKey: a
      values:
        - path: x
          type: string
          searchAlias: sameName
    - key: two
      propertyKey: b
      values:
        - path: y
          type: string
          searchAlias: SAMENAME
`;
    expect(() => indexedPropertiesFromManifest(twice)).toThrow("already used by jira:entityProperty 'one'");
  });

  it("reads the repository's manifest.yml (whatever it declares today) into well-formed declarations", () => {
    const declared = indexedPropertiesFromManifest(readFileSync(path.resolve(__dirname, '../../manifest.yml')));
    for (const d of declared) expect(d).toEqual(expect.objectContaining({ propertyKey: expect.any(String), path: expect.any(String), type: expect.any(String) }));
  });
});

// ---------------------------------------------------------------------------------------------

describe('the outcomes issue property: PUT, GET, DELETE per permission', () => {
  const FORBIDDEN = { errorMessages: ['You do not have permission to edit issues in this project.'], errors: {} };
  const NOT_FOUND = { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} };

  it('stores the JSON as given: 201 when created, 200 when updated; GET answers { key, value }', async () => {
    const e = new JiraEmulator(DATA);
    const value = { keyResultIds: ['4f1c2a9e-7b3d-4e6a-9c8f-2d5b1a0e7c34'], objectiveIds: ['obj_1'] };
    const created = await call(e, 'PUT', propertyPath(A.key), PRIYA, value);
    expect(created.status).toBe(201);
    expect(created.body).toBeUndefined();
    value.keyResultIds.push('mutated-after-the-call');
    expect((await call(e, 'GET', propertyPath(A.key), SOFIA)).body).toEqual({
      key: 'outcomes',
      value: { keyResultIds: ['4f1c2a9e-7b3d-4e6a-9c8f-2d5b1a0e7c34'], objectiveIds: ['obj_1'] },
    });
    expect((await call(e, 'PUT', propertyPath(A.id), DIEGO, { keyResultIds: [], objectiveIds: [] })).status).toBe(200);
    expect((await call(e, 'GET', propertyPath(A.key.toLowerCase()), DIEGO)).body).toEqual({ key: 'outcomes', value: { keyResultIds: [], objectiveIds: [] } });
  });

  it('PUT needs EDIT_ISSUES: a stakeholder who may only browse gets 403 in Jira’s shape, and nothing changes', async () => {
    const e = new JiraEmulator(DATA);
    await call(e, 'PUT', propertyPath(A.key), PRIYA, { keyResultIds: ['kr-a'], objectiveIds: [] });
    const sofia = await call(e, 'PUT', propertyPath(A.key), SOFIA, { keyResultIds: ['kr-sofia'], objectiveIds: [] });
    expect(sofia).toMatchObject({ status: 403, body: FORBIDDEN });
    expect(sofia.headers?.['content-type']).toMatch(/^application\/json/);
    // Browse-only on a property not yet set: still 403 (permission is checked before anything else).
    expect(await call(e, 'PUT', propertyPath(B.key), SOFIA, { keyResultIds: [] })).toMatchObject({ status: 403, body: FORBIDDEN });
    expect(await call(e, 'PUT', propertyPath(B.key), SOFIA)).toMatchObject({ status: 403, body: FORBIDDEN });
    // Mei edits GYM, except the two restricted payment issues.
    const [restrictedKey] = demoRestrictedIssueKeys(DATA) as [string];
    expect(await call(e, 'PUT', propertyPath(restrictedKey), MEI, { keyResultIds: [] })).toMatchObject({ status: 403, body: FORBIDDEN });
    expect((await call(e, 'PUT', propertyPath(B.key), MEI, { keyResultIds: [] })).status).toBe(201);
    // Oscar cannot see GYM at all: 404, as for a missing issue.
    expect(await call(e, 'PUT', propertyPath(A.key), OSCAR, { keyResultIds: [] })).toMatchObject({ status: 404, body: NOT_FOUND });
    expect(await call(e, 'GET', propertyPath(A.key), OSCAR)).toMatchObject({ status: 404, body: NOT_FOUND });
    // The app may do everything.
    expect((await call(e, 'PUT', propertyPath(D.key), APP, { keyResultIds: ['kr-ops'] })).status).toBe(201);
    expect((await call(e, 'GET', propertyPath(A.key), SOFIA)).body.value).toEqual({ keyResultIds: ['kr-a'], objectiveIds: [] });
  });

  it('DELETE needs EDIT_ISSUES too (404 without it, as the platform API documents), 204, then 404', async () => {
    const e = new JiraEmulator(DATA);
    await call(e, 'PUT', propertyPath(A.key), PRIYA, { keyResultIds: ['kr-a'] });
    expect(await call(e, 'DELETE', propertyPath(A.key), SOFIA)).toMatchObject({ status: 404, body: FORBIDDEN });
    expect(await call(e, 'DELETE', propertyPath(A.key), OSCAR)).toMatchObject({ status: 404, body: NOT_FOUND });
    expect((await call(e, 'GET', propertyPath(A.key), SOFIA)).status).toBe(200);
    const deleted = await call(e, 'DELETE', propertyPath(A.key), DIEGO);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect(await call(e, 'GET', propertyPath(A.key), SOFIA)).toMatchObject({
      status: 404,
      body: { errorMessages: ["The property with key 'outcomes' does not exist."], errors: {} },
    });
    expect((await call(e, 'DELETE', propertyPath(A.key), DIEGO)).status).toBe(404);
  });
});

// ---------------------------------------------------------------------------------------------

describe('JQL on the outcomes property and its search aliases', () => {
  let e: JiraEmulator;
  beforeAll(async () => {
    e = await linkedSite();
  });

  it('issue.property[outcomes].keyResultIds = id finds exactly the issues whose property holds it', async () => {
    expect(sorted(await keys(e, 'issue.property[outcomes].keyResultIds = "kr-a"'))).toEqual(sorted([A.key, C.key, D.key]));
    expect(sorted(await keys(e, 'issue.property[outcomes].keyResultIds = kr-b'))).toEqual(sorted([A.key, B.key]));
    expect(sorted(await keys(e, 'issue.property[outcomes].objectiveIds = "obj-1"', PRIYA, 'POST'))).toEqual(sorted([A.key, B.key]));
    expect(await keys(e, 'issue.property[outcomes].keyResultIds = "kr-none"')).toEqual([]);
  });

  it('the search aliases are the same fields, in any case, quoted or not', async () => {
    const krA = sorted([A.key, C.key, D.key]);
    for (const jql of ['outcomesKeyResult = "kr-a"', 'OUTCOMESKEYRESULT = kr-a', '"outcomesKeyResult" = \'kr-a\'', 'outcomeskeyresult in ("kr-a")']) {
      expect(sorted(await keys(e, jql))).toEqual(krA);
    }
    expect(sorted(await keys(e, 'outcomesObjective = "obj-1"'))).toEqual(sorted([A.key, B.key]));
    expect(await keys(e, 'outcomesObjective = "obj-3"')).toEqual([D.key]);
  });

  it('values are compared exactly, as Jira indexes a string value as is', async () => {
    expect(await keys(e, 'outcomesKeyResult = "KR-A"')).toEqual([]);
    expect(await keys(e, 'outcomesKeyResult = "kr"')).toEqual([]);
  });

  it('IN, != and NOT IN: an issue without the property matches neither = nor != (Jira’s semantics)', async () => {
    expect(sorted(await keys(e, 'outcomesKeyResult in ("kr-a", "kr-b")'))).toEqual(sorted([A.key, B.key, C.key, D.key]));
    expect(await keys(e, 'project = GYM AND outcomesKeyResult != "kr-a"')).toEqual([B.key]);
    expect(await keys(e, 'project = GYM AND issue.property[outcomes].keyResultIds not in ("kr-a")')).toEqual([B.key]);
    expect(await keys(e, 'outcomesObjective not in ("obj-1", "obj-2")')).toEqual([D.key]);
  });

  it('IS EMPTY covers issues without the property and with an empty list; IS NOT EMPTY the linked ones', async () => {
    const gym = DATA.issues.filter((i) => i.projectKey === 'GYM').map((i) => i.key);
    const empty = await keys(e, 'project = GYM AND issue.property[outcomes].keyResultIds is EMPTY');
    expect(sorted(empty)).toEqual(sorted(gym.filter((k) => ![A.key, B.key, C.key].includes(k))));
    expect(empty).toContain(E.key);
    expect(sorted(await keys(e, 'project = GYM AND outcomesKeyResult is not EMPTY'))).toEqual(sorted([A.key, B.key, C.key]));
    expect(sorted(await keys(e, 'outcomesKeyResult is not EMPTY'))).toEqual(sorted([A.key, B.key, C.key, D.key]));
    expect(sorted(await keys(e, 'outcomesObjective = "obj-2" OR outcomesObjective is EMPTY AND key = ' + E.key))).toEqual(sorted([C.key, E.key]));
  });

  it('combines with project, sprint and ORDER BY Rank', async () => {
    const byRank = (xs: IssueRecord[]) => [...xs].sort((x, y) => (x.rank < y.rank ? -1 : 1)).map((i) => i.key);
    expect(await keys(e, 'project = GYM AND outcomesKeyResult = "kr-a" ORDER BY Rank ASC')).toEqual(byRank([A, C]));
    expect(await keys(e, 'project = GYM AND outcomesKeyResult = "kr-a" ORDER BY Rank DESC')).toEqual(byRank([A, C]).reverse());
    expect(await keys(e, 'outcomesKeyResult in ("kr-a", "kr-b") ORDER BY Rank')).toEqual(byRank([A, B, C, D]));
    expect(await keys(e, 'project = GYM AND sprint in openSprints() AND outcomesKeyResult = "kr-a" ORDER BY Rank ASC')).toEqual([A.key]);
    expect(await keys(e, 'project = GYM AND (sprint is EMPTY OR sprint not in openSprints()) AND outcomesKeyResult = "kr-a"')).toEqual([C.key]);
    expect(await keys(e, 'project = GYM AND sprint = 8 AND outcomesObjective = "obj-1" ORDER BY Rank ASC')).toEqual(byRank([A, B]));
    expect(await keys(e, 'project = OPS AND outcomesKeyResult = "kr-a"')).toEqual([D.key]);
    expect(sorted(await keys(e, 'project in (GYM, OPS) AND NOT outcomesKeyResult = "kr-a" AND outcomesKeyResult is not EMPTY'))).toEqual([B.key]);
  });

  it('finds only what the caller may browse', async () => {
    expect(sorted(await keys(e, 'outcomesKeyResult = "kr-a"', SOFIA))).toEqual(sorted([A.key, C.key, D.key]));
    expect(sorted(await keys(e, 'outcomesKeyResult = "kr-a"', DIEGO))).toEqual(sorted([A.key, C.key]));
    expect(await keys(e, 'outcomesKeyResult = "kr-a"', OSCAR)).toEqual([D.key]);
    expect(sorted(await keys(e, 'outcomesKeyResult = "kr-a"', APP))).toEqual(sorted([A.key, C.key, D.key]));
  });

  it('returns the property itself with properties=outcomes', async () => {
    const r = await call(e, 'GET', `/rest/api/3/search/jql?jql=${q('outcomesObjective = "obj-2"')}&properties=outcomes`);
    expect(r.body.issues).toEqual([expect.objectContaining({ key: C.key, properties: { outcomes: { keyResultIds: ['kr-a'], objectiveIds: ['obj-2'] } } })]);
  });

  it('follows writes: an updated property is re-indexed, a deleted one is EMPTY', async () => {
    const f = await linkedSite();
    expect((await call(f, 'PUT', propertyPath(A.key), PRIYA, { keyResultIds: ['kr-b'], objectiveIds: ['obj-1'] })).status).toBe(200);
    expect(sorted(await keys(f, 'outcomesKeyResult = "kr-a"'))).toEqual(sorted([C.key, D.key]));
    expect((await call(f, 'DELETE', propertyPath(C.key), PRIYA)).status).toBe(204);
    expect(await keys(f, 'outcomesKeyResult = "kr-a"')).toEqual([D.key]);
    expect(await keys(f, `key = ${C.key} AND outcomesKeyResult is EMPTY AND outcomesObjective is EMPTY`)).toEqual([C.key]);
  });

  it('an unknown alias or path is a 400 for an unknown field, as Jira answers', async () => {
    expect(await searchError(e, 'outcomesKeyResults = "kr-a"')).toMatchObject({
      status: 400,
      body: { errorMessages: ["Field 'outcomesKeyResults' does not exist or you do not have permission to view it."], errors: {} },
    });
    expect(await searchError(e, 'project = GYM AND issue.property[outcomes].krIds = "kr-a"')).toMatchObject({
      status: 400,
      body: { errorMessages: ["Field 'issue.property[outcomes].krIds' does not exist or you do not have permission to view it."] },
    });
    expect((await searchError(e, 'issue.property[Outcomes].keyResultIds = "kr-a"')).status).toBe(400);
    expect(await searchError(e, 'outcomesKeyResult ~ "kr"')).toMatchObject({
      status: 400,
      body: { errorMessages: ["The operator '~' is not supported by the 'outcomesKeyResult' field."] },
    });
    expect((await searchError(e, 'outcomesKeyResult > "kr-a"')).status).toBe(400);
  });

  it('for a manifest without the module, the aliases and the property path are unknown fields', async () => {
    const bare = await linkedSite(MANIFEST_WITHOUT_MODULE);
    for (const field of ['outcomesKeyResult', 'outcomesObjective', 'issue.property[outcomes].keyResultIds']) {
      expect(await searchError(bare, `project = GYM AND ${field} = "kr-a"`)).toMatchObject({
        status: 400,
        body: { errorMessages: [`Field '${field}' does not exist or you do not have permission to view it.`], errors: {} },
      });
    }
    // The property is still stored and readable; only search does not know it.
    expect((await call(bare, 'GET', propertyPath(A.key))).body.value).toEqual({ keyResultIds: ['kr-a', 'kr-b'], objectiveIds: ['obj-1'] });
  });
});
