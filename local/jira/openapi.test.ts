// Checks every route the emulator serves against Atlassian's published OpenAPI definitions:
//  - platform routes (/rest/api/3/...): the response body is validated with ajv against the response schema
//    of that path + method + status in jira-platform.v3.json (the whole file is one schema document, so
//    `#/components/schemas/...` references resolve inside it; OpenAPI 3.0's `nullable` is translated first);
//    field values inside `fields` (free-form in IssueBean) are validated against their own schemas;
//    one deviation, as Jira itself deviates: changelog items may carry null from/to values (see below);
//  - agile routes (/rest/agile/1.0/...): jira-software.json gives examples, not schemas: every key of the
//    example exists in the emulator's answer with the same JSON type (recursively, first array element),
//    and where the file also has an inline schema, the answer is validated against it.
//
// The definitions are read from the trimmed copy in `openapi/` beside this file (scripts/trim-openapi.ts), or
// from $JIRA_OPENAPI_DIR (e.g. Atlassian's full files, to check that the copy gives the same results).

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { EmulatedResponse } from '../platform';
import { createDemoData, DEMO_ACCOUNT_IDS, demoRestrictedIssueKeys } from './demo-data';
import { JIRA_EMULATOR_ROUTES, JiraEmulator } from './emulator';
import { must } from '../../test/support/must';

type Json = unknown;
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CANDIDATE_DIRS = [process.env.JIRA_OPENAPI_DIR, path.resolve(__dirname, 'openapi')].filter((d): d is string => typeof d === 'string' && d !== '');
const OPENAPI_DIR = CANDIDATE_DIRS.find((d) => existsSync(path.join(d, 'jira-platform.v3.json')));
if (!OPENAPI_DIR) {
  throw new Error(`Atlassian's OpenAPI files not found; set JIRA_OPENAPI_DIR (looked in: ${CANDIDATE_DIRS.join(', ')})`);
}

// ---------------------------------------------------------------------------------------------
// Schema machinery

/** OpenAPI 3.0 → JSON Schema: `nullable: true` becomes a union with null. */
function translateNullable(node: Json): Json {
  if (Array.isArray(node)) return node.map(translateNullable);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(node)) out[k] = translateNullable(v);
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

function collectFormats(node: Json, into: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => collectFormats(n, into));
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'format' && typeof v === 'string') into.add(v);
      else collectFormats(v, into);
    }
  }
  return into;
}

const platformRaw = JSON.parse(readFileSync(path.join(OPENAPI_DIR, 'jira-platform.v3.json'), 'utf8')) as Body;
// The one documented deviation: Jira sends null `from`/`fromString`/`to`/`toString` in a changelog item
// when a field had or gets no value (e.g. `resolution` set on the way to Done), though ChangeDetails does
// not say nullable. The emulator sends what Jira sends; the schema is widened for those four properties.
for (const prop of ['from', 'fromString', 'to', 'toString']) platformRaw.components.schemas.ChangeDetails.properties[prop].nullable = true;
const platformDoc = translateNullable(platformRaw) as Body;
const softwareDoc = JSON.parse(readFileSync(path.join(OPENAPI_DIR, 'jira-software.json'), 'utf8')) as Body;

const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
ajv.addFormat('double', { type: 'number', validate: () => true });
for (const f of collectFormats(platformDoc, new Set())) {
  if (!ajv.formats[f]) ajv.addFormat(f, true);
}
ajv.addSchema(platformDoc, 'jira-platform');

const pointer = (...segments: string[]): string => segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

const validators = new Map<string, ValidateFunction>();
function validatorAt(ref: string): ValidateFunction {
  let v = validators.get(ref);
  if (!v) {
    v = ajv.compile({ $ref: ref });
    validators.set(ref, v);
  }
  return v;
}
const componentSchema = (name: string): ValidateFunction => validatorAt(`jira-platform#/components/schemas/${name}`);

function validationErrors(validate: ValidateFunction, value: unknown, what: string): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${what}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

function expectValid(validate: ValidateFunction, value: unknown, what: string): void {
  expect(validationErrors(validate, value, what)).toEqual([]);
}

/** What is wrong with a platform answer, against the documented response for that path, method and status. */
function platformErrors(method: string, template: string, r: EmulatedResponse): string[] {
  const op = platformDoc.paths?.[template]?.[method.toLowerCase()];
  if (!op) return [`${method} ${template} is not in the definitions`];
  if (!(String(r.status) in op.responses)) return [`${method} ${template}: status ${r.status} is not documented (${Object.keys(op.responses).join(', ')})`];
  const content = op.responses[String(r.status)]?.content;
  const what = `${method} ${template} ${r.status}`;
  if (content?.['application/json']?.schema) {
    const ref = `jira-platform#/${pointer('paths', template, method.toLowerCase(), 'responses', String(r.status), 'content', 'application/json', 'schema')}`;
    return validationErrors(validatorAt(ref), r.body, what);
  }
  // Errors without a documented body: Jira sends its ErrorCollection.
  if (r.status >= 400) return validationErrors(componentSchema('ErrorCollection'), r.body, what);
  return r.body === undefined ? [] : [`${what}: a body where none is documented`];
}

function expectPlatformConformance(method: string, template: string, r: EmulatedResponse): void {
  expect(platformErrors(method, template, r)).toEqual([]);
}

/** The values inside `fields`, each against the platform's schema for what it is. */
function expectFieldsConformance(issue: Body): void {
  const f = issue.fields as Body;
  const check = (name: string, schema: string) => {
    if (f[name] !== undefined && f[name] !== null) expectValid(componentSchema(schema), f[name], `fields.${name}`);
  };
  check('status', 'StatusDetails');
  check('issuetype', 'IssueTypeDetails');
  check('priority', 'Priority');
  check('assignee', 'UserDetails');
  check('reporter', 'UserDetails');
  check('project', 'ProjectDetails');
  check('resolution', 'Resolution');
  check('parent', 'LinkedIssue');
  for (const s of (f.subtasks ?? []) as Body[]) expectValid(componentSchema('LinkedIssue'), s, 'fields.subtasks[]');
  for (const name of ['created', 'updated', 'statuscategorychangedate']) {
    if (f[name] !== undefined) expect(f[name]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}$/);
  }
  // Jira Software's fields, under the site's own ids.
  const { storyPoints, rank, sprint } = createDemoData().customFields;
  if (f[storyPoints] !== undefined) expect(f[storyPoints] === null || typeof f[storyPoints] === 'number').toBe(true);
  if (f[rank] !== undefined) expect(typeof f[rank]).toBe('string');
  if (f[sprint] !== undefined && f[sprint] !== null) {
    for (const s of f[sprint] as Body[]) {
      expect(s).toEqual(expect.objectContaining({ id: expect.any(Number), name: expect.any(String), state: expect.stringMatching(/^(closed|active|future)$/), boardId: expect.any(Number), goal: expect.any(String) }));
    }
  }
}

/** Every key of the example exists in the answer with the same JSON type (first elements of arrays). */
function shapeDifferences(example: Json, actual: Json, at: string, ignore: ReadonlySet<string>): string[] {
  if (ignore.has(at)) return [];
  if (example === null) return [];
  const kind = (v: Json) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (kind(example) !== kind(actual)) return [`${at || '(root)'}: example is ${kind(example)}, answer is ${kind(actual)}`];
  if (Array.isArray(example)) {
    const a = actual as Json[];
    if (example.length === 0) return [];
    if (a.length === 0) return [`${at}: the answer's array is empty, cannot compare with the example`];
    return shapeDifferences(example[0], a[0], `${at}[0]`, ignore);
  }
  if (typeof example === 'object') {
    const a = actual as Record<string, Json>;
    return Object.entries(example as Record<string, Json>).flatMap(([k, v]) => {
      const p = at ? `${at}.${k}` : k;
      if (ignore.has(p)) return [];
      return k in a ? shapeDifferences(v, a[k], p, ignore) : [`${p}: missing from the answer`];
    });
  }
  return [];
}

function agileOperation(template: string): Body {
  const op = softwareDoc.paths?.[template]?.get;
  expect(op).toBeDefined();
  return op;
}

function expectAgileConformance(template: string, r: EmulatedResponse, ignore: string[] = []): void {
  const op = agileOperation(template);
  expect(Object.keys(op.responses)).toContain(String(r.status));
  const media = op.responses[String(r.status)]?.content?.['application/json'];
  if (!media) {
    expectValid(componentSchema('ErrorCollection'), r.body, `GET ${template} ${r.status}`);
    return;
  }
  const example = typeof media.example === 'string' ? (JSON.parse(media.example) as Json) : (media.example as Json);
  expect(example).toBeDefined();
  expect(shapeDifferences(example, r.body, '', new Set(ignore))).toEqual([]);
}

function expectAgileSchema(template: string, r: EmulatedResponse): void {
  const schema = agileOperation(template).responses['200'].content['application/json'].schema;
  expect(schema).toBeDefined();
  expectValid(ajv.compile(translateNullable(schema) as object), r.body, `GET ${template}`);
}

// ---------------------------------------------------------------------------------------------
// The cases: at least one per route, keyed by `METHOD template`.

const { priya: PRIYA, sofia: SOFIA, oscar: OSCAR, mei: MEI } = DEMO_ACCOUNT_IDS;
const data = createDemoData();
const e = new JiraEmulator(data);
const story = must(data.issues.find((i) => i.summary === 'Sign in with membership number and date of birth'), "data.issues.find((i) => i.summary === 'Sign in with membership number and date of birth')");
const subtaskKey = must(data.issues.find((i) => i.parentKey === story.key), 'data.issues.find((i) => i.parentKey === story.key)').key;
const q = encodeURIComponent;

function req(method: string, p: string, accountId: string | null = PRIYA, body?: unknown): Promise<EmulatedResponse> {
  return e.handle({ method, path: p, headers: {}, accountId, ...(body === undefined ? {} : { body }) });
}

const covered = new Set<string>();
function cases(method: string, template: string, fn: () => Promise<void>): void {
  covered.add(`${method} ${template}`);
  it(`${method} ${template}`, fn);
}

describe('platform API answers match jira-platform.v3.json', () => {
  cases('GET', '/rest/api/3/search/jql', async () => {
    const T = '/rest/api/3/search/jql';
    const full = await req('GET', `${T}?jql=${q('project = GYM ORDER BY Rank')}&fields=*all&expand=changelog,names&properties=outcomes&maxResults=60`);
    expect(full.status).toBe(200);
    expectPlatformConformance('GET', T, full);
    const issues = (full.body as Body).issues as Body[];
    expect(issues).toHaveLength(60);
    issues.forEach(expectFieldsConformance);
    // ids only, the last page, another user, the app, OPS, an empty result.
    for (const [jql, who] of [
      ['project = GYM', PRIYA],
      [`key = ${subtaskKey}`, SOFIA],
      ['statusCategory = Done', OSCAR],
      ['project in (GYM, OPS) AND sprint in openSprints()', null],
      ['project = GYM AND labels = nothing-has-this', PRIYA],
    ] as const) {
      const r = await req('GET', `${T}?jql=${q(jql)}&fields=summary,status,parent,${data.customFields.sprint}`, who);
      expect(r.status).toBe(200);
      expectPlatformConformance('GET', T, r);
      ((r.body as Body).issues as Body[]).forEach(expectFieldsConformance);
    }
    const bad = await req('GET', `${T}?jql=${q('project = ')}`);
    expect(bad.status).toBe(400);
    expectPlatformConformance('GET', T, bad);
  });

  cases('POST', '/rest/api/3/search/approximate-count', async () => {
    const T = '/rest/api/3/search/approximate-count';
    const counted = await req('POST', T, PRIYA, { jql: 'project = GYM AND statusCategory != Done' });
    expect(counted.status).toBe(200);
    expect((counted.body as Body).count).toBeGreaterThan(0);
    expectPlatformConformance('POST', T, counted);
    // Oscar may not browse GYM: for him, as in Jira's search, the project does not exist.
    const hidden = await req('POST', T, OSCAR, { jql: 'project = GYM' });
    expect(hidden.status).toBe(400);
    expectPlatformConformance('POST', T, hidden);
    const bad = await req('POST', T, PRIYA, { jql: 'project = ' });
    expect(bad.status).toBe(400);
    expectPlatformConformance('POST', T, bad);
  });

  cases('POST', '/rest/api/3/search/jql', async () => {
    const T = '/rest/api/3/search/jql';
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await req('POST', T, PRIYA, { jql: 'project = GYM AND sprint is not EMPTY ORDER BY created DESC', fields: ['*navigable'], expand: 'changelog', maxResults: 40, ...(token ? { nextPageToken: token } : {}) });
      expect(r.status).toBe(200);
      expectPlatformConformance('POST', T, r);
      ((r.body as Body).issues as Body[]).forEach(expectFieldsConformance);
      token = (r.body as Body).nextPageToken;
      pages++;
    } while (token);
    expect(pages).toBeGreaterThan(1);
    const bad = await req('POST', T, PRIYA, { jql: 'ORDER BY rank' });
    expect(bad.status).toBe(400);
    expectPlatformConformance('POST', T, bad);
    // On a site indexing the outcomes property: the aliases, with the property in the answer; an unknown alias.
    const indexed = new JiraEmulator(data, {
      indexedIssueProperties: [
        { propertyKey: 'outcomes', path: 'keyResultIds', type: 'string', searchAlias: 'outcomesKeyResult' },
        { propertyKey: 'outcomes', path: 'objectiveIds', type: 'string', searchAlias: 'outcomesObjective' },
      ],
    });
    const post = (body: unknown) => indexed.handle({ method: 'POST', path: T, headers: {}, accountId: PRIYA, body });
    await indexed.handle({ method: 'PUT', path: `/rest/api/3/issue/${story.key}/properties/outcomes`, headers: {}, accountId: PRIYA, body: { keyResultIds: ['kr-1'], objectiveIds: ['o-1'] } });
    const linked = await post({ jql: 'project = GYM AND outcomesKeyResult = "kr-1" ORDER BY Rank ASC', fields: ['summary', 'status'], properties: ['outcomes'] });
    expect(linked.status).toBe(200);
    expect(((linked.body as Body).issues as Body[]).map((i) => i.key)).toEqual([story.key]);
    expectPlatformConformance('POST', T, linked);
    const unknown = await post({ jql: 'outcomesKeyResults = "kr-1"' });
    expect(unknown.status).toBe(400);
    expectPlatformConformance('POST', T, unknown);
  });

  cases('GET', '/rest/api/3/issue/{issueIdOrKey}', async () => {
    const T = '/rest/api/3/issue/{issueIdOrKey}';
    for (const key of [story.key, subtaskKey, must(data.issues.find((i) => i.issueTypeId === '10000'), "data.issues.find((i) => i.issueTypeId === '10000')").key, 'OPS-1']) {
      const r = await req('GET', `/rest/api/3/issue/${key}?expand=changelog,names&properties=*all`);
      expect(r.status).toBe(200);
      expectPlatformConformance('GET', T, r);
      expectFieldsConformance(r.body as Body);
    }
    const hidden = await req('GET', `/rest/api/3/issue/${story.key}`, OSCAR);
    expect(hidden.status).toBe(404);
    expectPlatformConformance('GET', T, hidden);
  });

  cases('GET', '/rest/api/3/issue/{issueIdOrKey}/properties', async () => {
    const T = '/rest/api/3/issue/{issueIdOrKey}/properties';
    await req('PUT', `/rest/api/3/issue/${story.key}/properties/outcomes`, PRIYA, { keyResultIds: ['kr-1'] });
    const r = await req('GET', `/rest/api/3/issue/${story.key}/properties`);
    expect(r.status).toBe(200);
    expectPlatformConformance('GET', T, r);
    const missing = await req('GET', '/rest/api/3/issue/GYM-99999/properties');
    expectPlatformConformance('GET', T, missing);
  });

  cases('GET', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', async () => {
    const T = '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}';
    await req('PUT', `/rest/api/3/issue/${story.key}/properties/outcomes`, PRIYA, { keyResultIds: ['kr-1'] });
    const r = await req('GET', `/rest/api/3/issue/${story.key}/properties/outcomes`, SOFIA);
    expect(r.status).toBe(200);
    expectPlatformConformance('GET', T, r);
    const missing = await req('GET', `/rest/api/3/issue/${story.key}/properties/nothing`);
    expect(missing.status).toBe(404);
    expectPlatformConformance('GET', T, missing);
  });

  cases('PUT', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', async () => {
    const T = '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}';
    const key = must(data.issues.find((i) => i.summary === 'Log a workout manually'), "data.issues.find((i) => i.summary === 'Log a workout manually')").key;
    const created = await req('PUT', `/rest/api/3/issue/${key}/properties/outcomes`, PRIYA, { keyResultIds: [] });
    const updated = await req('PUT', `/rest/api/3/issue/${key}/properties/outcomes`, PRIYA, { keyResultIds: ['x'] });
    expect([created.status, updated.status]).toEqual([201, 200]);
    const op = platformDoc.paths[T].put;
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '201']));
    const forbidden = await req('PUT', `/rest/api/3/issue/${demoRestrictedIssueKeys(data)[0]}/properties/outcomes`, MEI, { keyResultIds: [] });
    expect(forbidden.status).toBe(403);
    expectPlatformConformance('PUT', T, forbidden);
    const browseOnly = await req('PUT', `/rest/api/3/issue/${key}/properties/outcomes`, SOFIA, { keyResultIds: [] });
    expect(browseOnly.status).toBe(403);
    expectPlatformConformance('PUT', T, browseOnly);
    const hidden = await req('PUT', `/rest/api/3/issue/${key}/properties/outcomes`, OSCAR, { keyResultIds: [] });
    expect(hidden.status).toBe(404);
    expectPlatformConformance('PUT', T, hidden);
    const bad = await req('PUT', `/rest/api/3/issue/${key}/properties/outcomes`, PRIYA);
    expectPlatformConformance('PUT', T, bad);
  });

  cases('DELETE', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', async () => {
    const T = '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}';
    await req('PUT', `/rest/api/3/issue/${story.key}/properties/gone`, PRIYA, 1);
    const r = await req('DELETE', `/rest/api/3/issue/${story.key}/properties/gone`);
    expect(r.status).toBe(204);
    expectPlatformConformance('DELETE', T, r);
    const again = await req('DELETE', `/rest/api/3/issue/${story.key}/properties/gone`);
    expect(again.status).toBe(404);
    expectPlatformConformance('DELETE', T, again);
    // Without EDIT_ISSUES: the definitions document 404 ("… or the user does not have permission to edit the issue").
    await req('PUT', `/rest/api/3/issue/${story.key}/properties/kept`, PRIYA, { keyResultIds: ['kr-1'] });
    const browseOnly = await req('DELETE', `/rest/api/3/issue/${story.key}/properties/kept`, SOFIA);
    expect(browseOnly.status).toBe(404);
    expectPlatformConformance('DELETE', T, browseOnly);
  });

  cases('GET', '/rest/api/3/project/{projectIdOrKey}', async () => {
    const T = '/rest/api/3/project/{projectIdOrKey}';
    for (const [p, who] of [
      ['GYM', PRIYA],
      ['10001', OSCAR],
    ] as const) {
      const r = await req('GET', `/rest/api/3/project/${p}`, who);
      expect(r.status).toBe(200);
      expectPlatformConformance('GET', T, r);
    }
    const hidden = await req('GET', '/rest/api/3/project/GYM', OSCAR);
    expect(hidden.status).toBe(404);
    expectPlatformConformance('GET', T, hidden);
  });

  cases('GET', '/rest/api/3/mypermissions', async () => {
    const T = '/rest/api/3/mypermissions';
    const all = 'BROWSE_PROJECTS,EDIT_ISSUES,ADMINISTER_PROJECTS,CREATE_ISSUES,TRANSITION_ISSUES,ASSIGN_ISSUES,USER_PICKER,ADMINISTER';
    for (const ctx of ['projectKey=GYM', `issueKey=${story.key}`, 'projectId=10001', '']) {
      const r = await req('GET', `${T}?${ctx}&permissions=${all}`, MEI);
      expect(r.status).toBe(200);
      expectPlatformConformance('GET', T, r);
    }
    for (const path of [`${T}?projectKey=GYM`, `${T}?projectKey=NOPE&permissions=EDIT_ISSUES`]) {
      const r = await req('GET', path);
      expect(r.status).toBeGreaterThanOrEqual(400);
      expectPlatformConformance('GET', T, r);
    }
  });

  cases('GET', '/rest/api/3/project/{projectKeyOrId}/permissionscheme', async () => {
    const T = '/rest/api/3/project/{projectKeyOrId}/permissionscheme';
    const site = createDemoData();
    const appKey = 'ari:cloud:ecosystem::extension/00000000-0000-4000-8000-0000000a990e/local/static/write-okrs';
    site.permissionSchemes = [
      {
        id: 10100,
        name: 'GYM scheme',
        grants: [
          { id: 1, permission: appKey, holder: { type: 'group', groupId: 'g1' } },
          { id: 2, permission: appKey, holder: { type: 'projectRole', roleId: 10010 } },
          { id: 3, permission: appKey, holder: { type: 'user', accountId: MEI } },
          { id: 4, permission: appKey, holder: { type: 'projectLead' } },
        ],
      },
    ];
    site.groups = [{ groupId: 'g1', name: 'okr-writers', accountIds: [MEI] }];
    must(site.projects.find((project) => project.key === 'GYM'), 'GYM').permissionSchemeId = 10100;
    const withScheme = new JiraEmulator(site);
    for (const [path, who] of [['/rest/api/3/project/GYM/permissionscheme?expand=permissions', PRIYA], ['/rest/api/3/project/GYM/permissionscheme', null], ['/rest/api/3/project/GYM/permissionscheme?expand=all', MEI]] as const) {
      const r = await withScheme.handle({ method: 'GET', path, headers: {}, accountId: who });
      expectPlatformConformance('GET', T, r);
    }
  });

  cases('GET', '/rest/api/3/user/search', async () => {
    const T = '/rest/api/3/user/search';
    const found = await req('GET', `${T}?query=sa&maxResults=5`, MEI);
    expect(found.status).toBe(200);
    expect((found.body as Body[]).length).toBeGreaterThan(0);
    expectPlatformConformance('GET', T, found);
    const none = await req('GET', T, MEI);
    expect(none.status).toBe(400);
    expectPlatformConformance('GET', T, none);
  });

  cases('GET', '/rest/api/3/project/search', async () => {
    const T = '/rest/api/3/project/search';
    const first = await req('GET', `${T}?maxResults=1`, SOFIA);
    expect(first.status).toBe(200);
    expectPlatformConformance('GET', T, first);
    expect(first.body).toMatchObject({ isLast: false, total: 2, values: [{ key: 'GYM' }] });
    const next = await req('GET', `${T}?startAt=1&maxResults=1`, SOFIA);
    expectPlatformConformance('GET', T, next);
    expect(next.body).toMatchObject({ isLast: true, values: [{ key: 'OPS' }] });
    const oscar = await req('GET', T, OSCAR);
    expectPlatformConformance('GET', T, oscar);
    expect((oscar.body as Body).values.map((p: Body) => p.key)).toEqual(['OPS']);
    // By key: only those named (the app sees every project; Oscar still only OPS).
    const named = await req('GET', `${T}?keys=GYM&keys=OPS`, null);
    expectPlatformConformance('GET', T, named);
    expect((named.body as Body).values.map((p: Body) => [p.id, p.key])).toEqual([['10000', 'GYM'], ['10001', 'OPS']]);
    expect((await req('GET', `${T}?keys=GYM&keys=OPS`, OSCAR)).body).toMatchObject({ total: 1, values: [{ key: 'OPS' }] });
  });

  cases('POST', '/rest/api/3/permissions/check', async () => {
    const T = '/rest/api/3/permissions/check';
    // Oscar may browse OPS (10001) and not GYM (10000); an id Jira does not know is ignored.
    const mine = await req('POST', T, OSCAR, { projectPermissions: [{ permissions: ['BROWSE_PROJECTS'], projects: [10000, 10001, 99999] }] });
    expect(mine.status).toBe(200);
    expectPlatformConformance('POST', T, mine);
    expect(mine.body).toEqual({ globalPermissions: [], projectPermissions: [{ permission: 'BROWSE_PROJECTS', projects: [10001], issues: [] }] });
    const sofia = await req('POST', T, SOFIA, { projectPermissions: [{ permissions: ['BROWSE_PROJECTS', 'EDIT_ISSUES'], projects: [10000, 10001] }] });
    expectPlatformConformance('POST', T, sofia);
    expect((sofia.body as Body).projectPermissions).toEqual([
      { permission: 'BROWSE_PROJECTS', projects: [10000, 10001], issues: [] },
      { permission: 'EDIT_ISSUES', projects: [], issues: [] },
    ]);
    // Another user's: the app may ask, a user who is not a Jira administrator may not.
    const asApp = await req('POST', T, null, { accountId: OSCAR, projectPermissions: [{ permissions: ['BROWSE_PROJECTS'], projects: [10000, 10001] }] });
    expectPlatformConformance('POST', T, asApp);
    expect((asApp.body as Body).projectPermissions[0].projects).toEqual([10001]);
    const refused = await req('POST', T, SOFIA, { accountId: OSCAR, projectPermissions: [{ permissions: ['BROWSE_PROJECTS'], projects: [10001] }] });
    expect(refused.status).toBe(403);
    expectPlatformConformance('POST', T, refused);
    for (const body of [{ projectPermissions: [{ permissions: [], projects: [10000] }] }, { projectPermissions: [{ permissions: ['NOT_A_PERMISSION'], projects: [10000] }] }]) {
      const bad = await req('POST', T, SOFIA, body);
      expect(bad.status).toBe(400);
      expectPlatformConformance('POST', T, bad);
    }
  });

  cases('GET', '/rest/api/3/myself', async () => {
    for (const who of [PRIYA, null]) {
      const r = await req('GET', '/rest/api/3/myself', who);
      expect(r.status).toBe(200);
      expectPlatformConformance('GET', '/rest/api/3/myself', r);
    }
  });

  cases('GET', '/rest/api/3/status', async () => {
    for (const who of [PRIYA, SOFIA, null]) {
      const r = await req('GET', '/rest/api/3/status', who);
      expect(r.status).toBe(200);
      expect((r.body as Array<{ statusCategory: { key: string } }>).map((status) => status.statusCategory.key).sort()).toEqual(['done', 'indeterminate', 'indeterminate', 'new']);
      expectPlatformConformance('GET', '/rest/api/3/status', r);
    }
  });

  cases('GET', '/rest/api/3/field', async () => {
    for (const who of [PRIYA, OSCAR, null]) {
      const r = await req('GET', '/rest/api/3/field', who);
      expect(r.status).toBe(200);
      expectPlatformConformance('GET', '/rest/api/3/field', r);
    }
    const { call } = withAppField();
    const listed = await call('GET', '/rest/api/3/field', undefined, PRIYA);
    expectPlatformConformance('GET', '/rest/api/3/field', listed);
    expect(listed.body).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Key Results', key: 'app-1__DEVELOPMENT__outcomes-key-results' })]));
  });

  // An app's field (jira:customField), declared as the local runtime declares the manifest's on install.
  const withAppField = () => {
    const site = new JiraEmulator(createDemoData());
    const type = 'ari:cloud:ecosystem::extension/app-1/env-1/static/outcomes-key-results';
    site.installApp({ projectPermissions: [], customFields: [{ key: 'app-1__DEVELOPMENT__outcomes-key-results', type, name: 'Key Results', description: 'd', dataType: 'string', collection: 'list', readOnly: true }] });
    const field = must(site.data.appFields?.[0], 'the app field');
    const call = (method: string, path: string, body: unknown, accountId: string | null = null) => site.handle({ method, path, headers: {}, accountId, body });
    return { site, field, call };
  };
  const requestSchemaOf = (method: string, template: string) => {
    const ref = `jira-platform#/${pointer('paths', template, method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema')}`;
    return validatorAt(ref);
  };

  cases('POST', '/rest/api/3/app/field/value', async () => {
    const T = '/rest/api/3/app/field/value';
    const { site, field, call } = withAppField();
    const [a, b] = data.issues.filter((i) => i.projectKey === 'GYM');
    const body = { updates: [{ customField: field.id, issueIds: [Number(must(a, 'a').id)], value: ['Bookings made in the app'] }, { customField: field.key, issueIds: [Number(must(b, 'b').id)], value: null }] };
    expectValid(requestSchemaOf('POST', T), body, `POST ${T} request`);
    const done = await call('POST', `${T}?generateChangelog=false`, body);
    expect(done.status).toBe(204);
    expectPlatformConformance('POST', T, done);
    expect(site.appFieldValue('outcomes-key-results', must(a, 'a').key)).toEqual(['Bookings made in the app']);
    // Not the app: 403; a field Jira does not have: 404; Jira Software's own field: 403; a bad body, an issue Jira does not have, a value too long or too many: 400.
    const byUser = await call('POST', T, body, PRIYA);
    expect(byUser.status).toBe(403);
    expectPlatformConformance('POST', T, byUser);
    for (const [customField, status] of [['customfield_99999', 404], [site.data.customFields.sprint, 403]] as const) {
      const r = await call('POST', T, { updates: [{ customField, issueIds: [Number(must(a, 'a').id)], value: ['x'] }] });
      expect(r.status).toBe(status);
      expectPlatformConformance('POST', T, r);
    }
    for (const bad of [
      { updates: 'x' },
      { updates: [{ customField: field.id, issueIds: [999999999], value: ['x'] }] },
      { updates: [{ customField: field.id, issueIds: [Number(must(a, 'a').id)], value: ['x'.repeat(256)] }] },
      { updates: [{ customField: field.id, issueIds: [Number(must(a, 'a').id)], value: Array.from({ length: 101 }, (_, i) => `v${i}`) }] },
      { updates: [{ customField: field.id, issueIds: [Number(must(a, 'a').id)], value: 'not a list' }] },
      { updates: [{ customField: field.id, issueIds: [Number(must(a, 'a').id)], value: ['x'] }, { customField: field.key, issueIds: [Number(must(a, 'a').id)], value: ['y'] }] },
    ]) {
      const r = await call('POST', T, bad);
      expect([JSON.stringify(bad).slice(0, 80), r.status]).toEqual([JSON.stringify(bad).slice(0, 80), 400]);
      expectPlatformConformance('POST', T, r);
    }
    // Nothing of a refused request is stored.
    expect(site.appFieldValue('outcomes-key-results', must(a, 'a').key)).toEqual(['Bookings made in the app']);
  });

  cases('PUT', '/rest/api/3/app/field/{fieldIdOrKey}/value', async () => {
    const T = '/rest/api/3/app/field/{fieldIdOrKey}/value';
    const { site, field, call } = withAppField();
    const a = must(data.issues.find((i) => i.projectKey === 'GYM'), 'a');
    const body = { updates: [{ issueIds: [Number(a.id)], value: ['Trainer sessions booked'] }] };
    expectValid(requestSchemaOf('PUT', T), body, `PUT ${T} request`);
    for (const idOrKey of [field.id, field.key]) {
      const r = await call('PUT', `/rest/api/3/app/field/${encodeURIComponent(idOrKey)}/value`, body);
      expect(r.status).toBe(204);
      expectPlatformConformance('PUT', T, r);
    }
    expect(site.appFieldValue('outcomes-key-results', a.key)).toEqual(['Trainer sessions booked']);
    const missing = await call('PUT', '/rest/api/3/app/field/customfield_99999/value', body);
    expect(missing.status).toBe(404);
    expectPlatformConformance('PUT', T, missing);
    const byUser = await call('PUT', `/rest/api/3/app/field/${field.id}/value`, body, SOFIA);
    expect(byUser.status).toBe(403);
    expectPlatformConformance('PUT', T, byUser);
    const cleared = await call('PUT', `/rest/api/3/app/field/${field.id}/value`, { updates: [{ issueIds: [Number(a.id)], value: null }] });
    expect(cleared.status).toBe(204);
    expect(site.appFieldValue('outcomes-key-results', a.key)).toBeUndefined();
  });

  cases('POST', '/rest/api/3/changelog/bulkfetch', async () => {
    const T = '/rest/api/3/changelog/bulkfetch';
    const ids = data.issues.filter((i) => i.projectKey === 'GYM' && i.changelog.length > 0).slice(0, 40).map((i) => i.id);
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await req('POST', T, PRIYA, { issueIdsOrKeys: ids, fieldIds: ['status'], maxResults: 25, ...(token ? { nextPageToken: token } : {}) });
      expect(r.status).toBe(200);
      expectPlatformConformance('POST', T, r);
      token = (r.body as Body).nextPageToken;
      pages++;
    } while (token);
    expect(pages).toBeGreaterThan(1);
    const bad = await req('POST', T, PRIYA, { issueIdsOrKeys: [] });
    expect(bad.status).toBe(400);
    expectPlatformConformance('POST', T, bad);
  });

  cases('GET', '/rest/api/3/user', async () => {
    const r = await req('GET', `/rest/api/3/user?accountId=${SOFIA}`);
    expect(r.status).toBe(200);
    expectPlatformConformance('GET', '/rest/api/3/user', r);
    const missing = await req('GET', '/rest/api/3/user?accountId=0123');
    expect(missing.status).toBe(404);
    expectPlatformConformance('GET', '/rest/api/3/user', missing);
  });

  cases('GET', '/rest/api/3/user/bulk', async () => {
    const ids = Object.values(DEMO_ACCOUNT_IDS).map((id) => `accountId=${id}`).join('&');
    for (const extra of ['', '&maxResults=2&startAt=2']) {
      const r = await req('GET', `/rest/api/3/user/bulk?${ids}${extra}`);
      expect(r.status).toBe(200);
      expectPlatformConformance('GET', '/rest/api/3/user/bulk', r);
    }
    const bad = await req('GET', '/rest/api/3/user/bulk');
    expect(bad.status).toBe(400);
    expectPlatformConformance('GET', '/rest/api/3/user/bulk', bad);
  });

  // Removed from Jira Cloud (410), though the definitions still list them: only the error body is checked.
  for (const method of ['GET', 'POST']) {
    cases(method, '/rest/api/3/search', async () => {
      const r = await req(method, `/rest/api/3/search?jql=${q('project = GYM')}`, PRIYA, method === 'POST' ? { jql: 'project = GYM' } : undefined);
      expect(r.status).toBe(410);
      expect(platformDoc.paths['/rest/api/3/search'][method.toLowerCase()]).toBeDefined();
      expectValid(componentSchema('ErrorCollection'), r.body, `${method} /rest/api/3/search`);
    });
  }
});

describe('agile API answers match jira-software.json', () => {
  cases('GET', '/rest/agile/1.0/board', async () => {
    const T = '/rest/agile/1.0/board';
    for (const [p, who] of [
      ['?projectKeyOrId=GYM&type=scrum', PRIYA],
      ['?startAt=1&maxResults=1', null],
      ['', OSCAR],
    ] as const) {
      const r = await req('GET', `${T}${p}`, who);
      expect(r.status).toBe(200);
      expectAgileConformance(T, r);
      expectAgileSchema(T, r);
    }
    const bad = await req('GET', `${T}?projectKeyOrId=GYM`, OSCAR);
    expect(bad.status).toBe(400);
    expectAgileConformance(T, bad);
  });

  cases('GET', '/rest/agile/1.0/board/{boardId}', async () => {
    const T = '/rest/agile/1.0/board/{boardId}';
    const r = await req('GET', '/rest/agile/1.0/board/1');
    expect(r.status).toBe(200);
    // The example's location is a user's board (userId, userAccountId); project boards have neither.
    expectAgileConformance(T, r, ['location.userId', 'location.userAccountId']);
    expectAgileSchema(T, r);
    const hidden = await req('GET', '/rest/agile/1.0/board/1', OSCAR);
    expect(hidden.status).toBe(404);
    expectAgileConformance(T, hidden);
  });

  cases('GET', '/rest/agile/1.0/board/{boardId}/configuration', async () => {
    const T = '/rest/agile/1.0/board/{boardId}/configuration';
    const r = await req('GET', '/rest/agile/1.0/board/1/configuration');
    expect(r.status).toBe(200);
    // The example (not the schema, which disagrees with it on `location`) is what Jira answers.
    expectAgileConformance(T, r);
    expectAgileConformance(T, await req('GET', '/rest/agile/1.0/board/3/configuration', OSCAR), ['estimation.field']);
  });

  cases('GET', '/rest/agile/1.0/board/{boardId}/sprint', async () => {
    const T = '/rest/agile/1.0/board/{boardId}/sprint';
    for (const p of ['', '?startAt=3&maxResults=5', '?state=closed']) {
      const r = await req('GET', `/rest/agile/1.0/board/1/sprint${p}`, SOFIA);
      expect(r.status).toBe(200);
      expectAgileConformance(T, r);
    }
    // Active and future sprints have no completeDate (and an unplanned future sprint has no dates).
    const open = await req('GET', '/rest/agile/1.0/board/1/sprint?state=active,future');
    expectAgileConformance(T, open, ['values[0].completeDate']);
    const bad = await req('GET', '/rest/agile/1.0/board/3/sprint', OSCAR);
    expect(bad.status).toBe(400);
    expectAgileConformance(T, bad);
  });

  cases('GET', '/rest/agile/1.0/sprint/{sprintId}', async () => {
    const T = '/rest/agile/1.0/sprint/{sprintId}';
    expectAgileConformance(T, await req('GET', '/rest/agile/1.0/sprint/1'));
    expectAgileConformance(T, await req('GET', '/rest/agile/1.0/sprint/8', SOFIA), ['completeDate']);
    expectAgileConformance(T, await req('GET', '/rest/agile/1.0/sprint/12', OSCAR));
    const hidden = await req('GET', '/rest/agile/1.0/sprint/8', OSCAR);
    expect(hidden.status).toBe(404);
    expectAgileConformance(T, hidden);
  });
});

describe('the checks bite', () => {
  it('rejects answers that differ from the definitions', async () => {
    const T = '/rest/api/3/search/jql';
    const good = await req('GET', `${T}?jql=${q('project = GYM')}&fields=summary`);
    expect(platformErrors('GET', T, good)).toEqual([]);
    const withTotal = { ...good, body: { ...(good.body as Body), total: 166 } };
    expect(platformErrors('GET', T, withTotal).join()).toContain('must NOT have additional properties');
    const issue = await req('GET', `/rest/api/3/issue/${story.key}`);
    const stray = { ...issue, body: { ...(issue.body as Body), summary: 'top-level' } };
    expect(platformErrors('GET', '/rest/api/3/issue/{issueIdOrKey}', stray)).not.toEqual([]);
    expect(platformErrors('GET', '/rest/api/3/issue/{issueIdOrKey}', { status: 418, body: {} })).not.toEqual([]);
    const me = await req('GET', '/rest/api/3/myself');
    expect(platformErrors('GET', '/rest/api/3/myself', { ...me, body: { ...(me.body as Body), accountType: 'robot' } })).not.toEqual([]);
    const f = (issue.body as Body).fields as Body;
    expect(validationErrors(componentSchema('StatusDetails'), { ...f.status, statusCategory: { id: 'three' } }, 'status')).not.toEqual([]);
    const sprint = (await req('GET', '/rest/agile/1.0/sprint/1')).body as Body;
    const example = JSON.parse(agileOperation('/rest/agile/1.0/sprint/{sprintId}').responses['200'].content['application/json'].example as string);
    const { goal: _goal, ...noGoal } = sprint;
    expect(shapeDifferences(example, noGoal, '', new Set())).toEqual(['goal: missing from the answer']);
    expect(shapeDifferences(example, { ...sprint, id: '1' }, '', new Set())).toEqual(['id: example is number, answer is string']);
  });
});

describe('coverage', () => {
  it('checks every route the emulator serves', () => {
    const served = JIRA_EMULATOR_ROUTES.map((r) => `${r.method} ${r.template}`);
    expect(served.filter((r) => !covered.has(r))).toEqual([]);
  });
});
