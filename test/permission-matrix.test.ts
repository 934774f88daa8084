// Issue #8, permissions: every demo user × every resolver key, through the real handler, checked
// against DESIGN.md's "Who may do what" — not against what the code happens to do:
//   view a project's OKRs: BROWSE_PROJECTS on it · link/unlink: EDIT_ISSUES on the issue ·
//   write OKRs, settings, limit overrides, import: ADMINISTER_PROJECTS, or a Product Owner named in
//   settings (default: the project lead) · grade and check in: a Product Owner or the Objective's owner.
// The expected answer of each cell comes from `expected()` below, which applies those rules to the
// demo site's grants (restated in `SITE`, and checked against local/jira/demo-data.ts), to the demo
// OKRs' owners and to who the settings name (`World`). Each cell runs with a valid payload on seeded
// data (the demo OKRs imported by Priya, links on two issues, GYM Sprint 8 closed with its review
// open), so permission is the only reason to refuse. A refusal must be FORBIDDEN with a sentence
// naming the permission or role that would do, and leave storage (and the issue's Jira property)
// exactly as it was; so must every read. Rows beyond the six users change the settings first (a
// developer named Product Owner, then named out; an admin named out; a lead as the default Product
// Owner). A fresh site is seeded per row, in well under a second: the emulator cannot load a
// snapshot, and a row's successful writes are ordered so none disturbs a later cell (deletes and the
// import last). The last section invokes keys from a project that is not the OKRs' own.
import { createDemoData, DEMO_TODAY, demoRestrictedIssueKeys, GYM_BOARD_ID, OPS_BOARD_ID } from '../local/jira/demo-data';
import { demoOkrExport } from '../local/demo-okrs';
import { sprintEventHandler } from '../src/index';
import { type Envelope, type ErrorCode, payloadSchemas, type ResolverKey } from '../src/contract';
import type { SchemeHolder } from '../local/jira/model';
import { LOCAL_APP_UUID, LOCAL_ENVIRONMENT_ID } from '../local/runtime';
import { pinClock } from './support/fixture';
import { dataOf, type DemoUser, startPlatform, type TestPlatform, USERS } from './support/platform';
import { must } from './support/must';

beforeAll(() => pinClock(DEMO_TODAY));
afterAll(() => jest.useRealTimers());

// ---------------------------------------------------------------------------------------------
// The rules: the demo site's grants, restated from local/jira/demo-data.ts, and DESIGN's table.

const ALL_USERS: DemoUser[] = ['priya', 'sam', 'diego', 'mei', 'sofia', 'oscar', 'elena', 'kofi'];

/** Who holds what on each project (Jira's permission scheme of the demo site). */
const SITE = {
  GYM: {
    browse: ['priya', 'sam', 'diego', 'mei', 'sofia', 'elena', 'kofi'],
    editIssues: ['priya', 'sam', 'diego', 'mei'],
    administer: ['priya'],
    lead: 'priya',
  },
  OPS: {
    browse: ['priya', 'sam', 'sofia', 'oscar', 'elena', 'kofi'],
    editIssues: ['oscar'],
    administer: ['oscar'],
    lead: 'oscar',
  },
} satisfies Record<string, { browse: DemoUser[]; editIssues: DemoUser[]; administer: DemoUser[]; lead: DemoUser }>;
/** Who holds the app's Manage organization OKRs global permission: the group gymtonic-leadership (Elena). */
const ORG_MANAGERS: DemoUser[] = ['elena'];
/** Issue-level restrictions: Mei may browse the two payment issues but not edit them. */
const EDIT_DENIED_ON_RESTRICTED: DemoUser[] = ['mei'];

/** Who owns each current-quarter demo Objective (local/demo-okrs.ts): Priya o1 and o4, Sam o2, nobody o3. */
type ObjectiveSlug = 'o1' | 'o2' | 'o3';
const OWNER: Record<ObjectiveSlug, DemoUser | undefined> = { o1: 'priya', o2: 'sam', o3: undefined };

/**
 * What the settings say: the Product Owners named (by default the project lead); and who the
 * project's permission scheme grants the app's permissions to, when it grants them to anyone (then
 * the settings' Product Owners no longer count).
 */
interface World {
  productOwners: DemoUser[];
  scheme?: { write: DemoUser[]; grade: DemoUser[] };
}
const DEFAULT_WORLD: World = { productOwners: [SITE.GYM.lead] };

type Rule =
  | { kind: 'signedIn' }
  /** The organization's OKRs: written, checked in on and graded by holders of Manage organization OKRs only. */
  | { kind: 'manageOrganization' }
  | { kind: 'view' }
  | { kind: 'editIssue'; issue: 'open' | 'restricted' }
  | { kind: 'write' }
  | { kind: 'checkIn'; objective: ObjectiveSlug }
  /** Carrying an Objective over: it writes OKRs (the copies) and grades the Objective's Key Results (the old ones). */
  | { kind: 'writeAndGrade'; objective: ObjectiveSlug };

type Outcome = 'ok' | 'FORBIDDEN';

const has = (list: readonly string[], user: DemoUser) => list.includes(user);
const mayBrowse = (user: DemoUser) => has(SITE.GYM.browse, user);
const mayEditIssue = (user: DemoUser, issue: 'open' | 'restricted') =>
  mayBrowse(user) && has(SITE.GYM.editIssues, user) && !(issue === 'restricted' && has(EDIT_DENIED_ON_RESTRICTED, user));
const mayWrite = (user: DemoUser, world: World) =>
  mayBrowse(user) && (has(SITE.GYM.administer, user) || (world.scheme ? has(world.scheme.write, user) : has(world.productOwners, user)));
/** Grades and checks in on every Key Result: Grade Key Results, or (the scheme grants neither) a Product Owner named or a project admin. */
const mayGradeAll = (user: DemoUser, world: World) =>
  mayBrowse(user) && (world.scheme ? has(world.scheme.grade, user) : has(world.productOwners, user) || has(SITE.GYM.administer, user));
const mayCheckIn = (user: DemoUser, objective: ObjectiveSlug, world: World) => mayGradeAll(user, world) || (mayBrowse(user) && OWNER[objective] === user);

function allowed(user: DemoUser, rule: Rule, world: World): boolean {
  switch (rule.kind) {
    case 'signedIn':
      return true;
    case 'manageOrganization':
      return has(ORG_MANAGERS, user);
    case 'view':
      return mayBrowse(user);
    case 'editIssue':
      return mayEditIssue(user, rule.issue);
    case 'write':
      return mayWrite(user, world);
    case 'checkIn':
      return mayCheckIn(user, rule.objective, world);
    case 'writeAndGrade':
      return mayWrite(user, world) && mayCheckIn(user, rule.objective, world);
  }
}

function expected(user: DemoUser, column: Column, world: World): Outcome {
  return allowed(user, column.rule, world) ? 'ok' : 'FORBIDDEN';
}

/** A refusal is a sentence a person can act on: it names the permission or the role that would do. */
function refusalSays(user: DemoUser, rule: Rule, world: World): RegExp {
  if (rule.kind === 'manageOrganization') return /Only someone with the Manage organization OKRs global permission can .+ A Jira admin grants it to groups/;
  if (!mayBrowse(user)) return /Browse projects permission on GYM/;
  switch (rule.kind) {
    case 'signedIn':
    case 'view':
      return /Browse projects/;
    case 'editIssue':
      return /Edit issues permission on GYM-\d+/;
    case 'write':
      return /Only (a Product Owner of GYM|someone with the Write OKRs permission on GYM) or a project admin can /;
    case 'checkIn':
      return /Only (a Product Owner of GYM|someone with the Grade Key Results permission on GYM) or the owner of “.+” can (check in on|grade) its Key Results\./;
    case 'writeAndGrade':
      // The right to write is asked first, then the right to grade.
      return refusalSays(user, mayWrite(user, world) ? { kind: 'checkIn', objective: rule.objective } : { kind: 'write' }, world);
  }
}

// ---------------------------------------------------------------------------------------------
// The seeded site.

interface Seed {
  platform: TestPlatform;
  objective: Record<'o1' | 'o2' | 'o3' | 'o4', { id: string; version: number }>;
  keyResult: (slug: ObjectiveSlug, n: number) => { id: string; version: number };
  /** Two GYM stories anyone on the team may edit: one to link, one linked already (to unlink). */
  openIssue: string;
  openLinkedIssue: string;
  /** The two payment issues Mei may not edit: one to link, one linked already (to unlink). */
  restrictedIssue: string;
  restrictedLinkedIssue: string;
  cycleId: string;
  reviewSprintId: number;
  futureSprintId: number;
  /** The demo OKRs as imported (for the import cell). */
  export: ReturnType<typeof demoOkrExport>;
  /** Organization OKRs of FY 2026 set by Elena: one Objective to change (with a Key Result), one to delete (with its Key Result). */
  org: { kept: { id: string; version: number }; keptKeyResult: string; doomed: { id: string; version: number }; doomedKeyResult: { id: string; version: number } };
  /** The organization's export once those are set (for the organization's import cells). */
  orgExport: unknown;
}

const REVIEW_SPRINT = 8;
const FUTURE_SPRINT = 9;

const closeEvent = (sprint: unknown) => ({ eventType: 'avi:jira-software:closed:sprint', sprint, atlassianId: USERS.priya });

/** How a row's site differs from the demo: another project lead, no settings in the file, settings Priya then saves. */
interface Setup {
  lead?: DemoUser;
  /** The app permissions GYM's permission scheme grants, and the groups and project roles it names. */
  grants?: Array<{ permission: 'write-okrs' | 'grade-key-results'; holder: SchemeHolder }>;
  groups?: Array<{ groupId: string; name: string; members: DemoUser[] }>;
  roles?: Array<{ roleId: number; name: string; members: DemoUser[] }>;
  settingsInFile?: false;
  settings?: Array<{ productOwners?: DemoUser[]; boardId?: number }>;
}

async function seed(setup: Setup = {}): Promise<Seed> {
  const data = createDemoData({ today: DEMO_TODAY });
  if (setup.lead) must(data.projects.find((project) => project.key === 'GYM'), "data.projects.find((project) => project.key === 'GYM')").leadAccountId = USERS[setup.lead];
  if (setup.grants) {
    const appKey = (key: string) => `ari:cloud:ecosystem::extension/${LOCAL_APP_UUID}/${LOCAL_ENVIRONMENT_ID}/static/${key}`;
    data.permissionSchemes = [{ id: 10100, name: 'GYM scheme', grants: setup.grants.map((grant, i) => ({ id: 20000 + i, permission: appKey(grant.permission), holder: grant.holder })) }];
    must(data.projects.find((project) => project.key === 'GYM'), 'GYM').permissionSchemeId = 10100;
    // The site's own groups (gymtonic-leadership holds Manage organization OKRs) stay.
    data.groups = [...(data.groups ?? []), ...(setup.groups ?? []).map((group) => ({ groupId: group.groupId, name: group.name, accountIds: group.members.map((member) => USERS[member]) }))];
    data.projectRoles = (setup.roles ?? []).map((role) => ({ projectKey: 'GYM', roleId: role.roleId, name: role.name, accountIds: role.members.map((member) => USERS[member]) }));
  }
  const platform = startPlatform({ data });
  const exported = { ...demoOkrExport(DEMO_TODAY), ...(setup.settingsInFile === false ? { settings: null } : {}) };
  dataOf(await platform.onProjectPage('priya', 'importData', { data: exported }));
  const objectives = exported.objectives as Array<{ id: string; version: number; cycleId: string; status: string }>;
  const keyResults = exported.keyResults as Array<{ id: string; version: number }>;
  const current = objectives.filter((objective) => objective.status !== 'done');
  const cycleId = must(current[0], 'current[0]').cycleId;
  const objectiveOf = (slug: string) => {
    const found = current.find((objective) => objective.id.endsWith(`-${slug}`));
    if (!found) throw new Error(`demo OKRs: no Objective ${slug}`);
    return { id: found.id, version: found.version };
  };
  const objective = { o1: objectiveOf('o1'), o2: objectiveOf('o2'), o3: objectiveOf('o3'), o4: objectiveOf('o4') };
  const keyResult = (slug: ObjectiveSlug, n: number) => {
    const found = keyResults.find((candidate) => candidate.id === `${objective[slug].id}-kr${n}`);
    if (!found) throw new Error(`demo OKRs: no Key Result ${n} of ${slug}`);
    return { id: found.id, version: found.version };
  };
  // The owners the rule table assumes are the demo's.
  for (const slug of ['o1', 'o2', 'o3'] as const) {
    const owner = (objectives.find((candidate) => candidate.id === objective[slug].id) as { ownerAccountId?: string }).ownerAccountId;
    expect({ slug, owner }).toEqual({ slug, owner: OWNER[slug] ? USERS[OWNER[slug]] : undefined });
  }

  const storyIn = (summary: string) => {
    const issue = platform.data.issues.find((candidate) => candidate.projectKey === 'GYM' && candidate.summary === summary);
    if (!issue) throw new Error(`demo data: no issue "${summary}"`);
    return issue.key;
  };
  const [restrictedIssue, restrictedLinkedIssue] = demoRestrictedIssueKeys(platform.data) as [string, string];
  const orgObjective = async (title: string) => dataOf(await platform.onProjectPage('elena', 'saveOrganizationObjective', { objective: { cycleId: '2026', title, status: 'active' } }));
  const orgKeyResult = async (objectiveId: string, title: string) =>
    dataOf(await platform.onProjectPage('elena', 'saveOrganizationKeyResult', { keyResult: { objectiveId, title, metric: { direction: 'increase', start: 21, target: 45, current: 21 } } }));
  const kept = await orgObjective('Become the club members recommend');
  const keptKeyResult = await orgKeyResult(kept.id, 'Net Promoter Score');
  const doomed = await orgObjective('Open two clubs a year');
  const doomedKeyResult = await orgKeyResult(doomed.id, 'Clubs opened');
  const orgExport = dataOf(await platform.onOrganizationPage('elena', 'exportOrganization'));
  const seeded: Seed = {
    platform,
    orgExport,
    org: {
      kept: { id: kept.id, version: kept.version },
      keptKeyResult: keptKeyResult.id,
      doomed: { id: doomed.id, version: doomed.version },
      doomedKeyResult: { id: doomedKeyResult.id, version: doomedKeyResult.version },
    },
    objective,
    keyResult,
    openIssue: storyIn('Cancel or reschedule a PT session'),
    openLinkedIssue: storyIn('Trainer is notified of new bookings'),
    restrictedIssue,
    restrictedLinkedIssue,
    cycleId,
    reviewSprintId: REVIEW_SPRINT,
    futureSprintId: FUTURE_SPRINT,
    export: exported,
  };
  for (const issueKey of [seeded.openLinkedIssue, seeded.restrictedLinkedIssue]) {
    dataOf(await platform.onIssuePanel('priya', 'linkIssue', issueKey, { keyResultId: keyResult('o1', 2).id }));
  }
  // The running sprint served a Key Result of each Objective; Jira closes it and its review opens.
  const served = [keyResult('o1', 1).id, keyResult('o2', 1).id, keyResult('o3', 1).id];
  dataOf(await platform.onProjectPage('priya', 'setSprintKeyResults', { sprintId: REVIEW_SPRINT, keyResultIds: served }));
  const closed = platform.jira.closeSprint(REVIEW_SPRINT, { at: DEMO_TODAY });
  const opened = (await platform.forge.deliverEvent({ moduleKey: 'sprint-events', handler: sprintEventHandler, event: closeEvent(closed) })) as {
    reviewsOpened?: string[];
  };
  expect(opened.reviewsOpened).toEqual(['GYM']);
  // The first overview builds each imported Key Result's link digest (a cache the store fills on
  // first read); from then on a read must leave storage exactly as it was.
  dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
  for (const { productOwners, boardId } of setup.settings ?? []) {
    const payload = { ...(productOwners ? { productOwnerAccountIds: productOwners.map((user) => USERS[user]) } : {}), ...(boardId ? { boardId } : {}) };
    dataOf(await platform.onProjectPage('priya', 'saveSettings', payload));
  }
  return seeded;
}

// ---------------------------------------------------------------------------------------------
// The columns: every resolver key, with a valid payload; a key whose rule depends on the issue or
// the Objective has a column per case. Reads first, then writes; deletes and the import last.

type Surface = { page: 'project' } | { page: 'issue'; issue: (seed: Seed) => string } | { page: 'gadget' } | { page: 'organization' };
interface Column {
  name: string;
  key: ResolverKey;
  rule: Rule;
  surface: Surface;
  payload: (seed: Seed) => unknown;
  /** For an answered cell: what the data must say about the caller's rights. */
  check?: (data: never, user: DemoUser, world: World, seed: Seed) => void;
}

const PROJECT: Surface = { page: 'project' };
/** A dashboard gadget: no project in its context, the payload names one. */
const GADGET: Surface = { page: 'gadget' };
/** The organization page (a global page): no project in its context. */
const ORGANIZATION: Surface = { page: 'organization' };
const onIssue = (issue: (seed: Seed) => string): Surface => ({ page: 'issue', issue });

const metric = { direction: 'increase', start: 10, target: 40, current: 12, unit: '%' } as const;

const COLUMNS: Column[] = [
  {
    name: 'getIssuePanel (an issue the team may edit)',
    key: 'getIssuePanel',
    rule: { kind: 'view' },
    surface: onIssue((seed) => seed.openLinkedIssue),
    payload: () => ({}),
    check: (data: { canLink: boolean; links: unknown[] }, user) => {
      expect({ canLink: data.canLink, links: data.links.length }).toEqual({ canLink: mayEditIssue(user, 'open'), links: 1 });
    },
  },
  {
    name: 'getIssuePanel (a payment issue Mei may not edit)',
    key: 'getIssuePanel',
    rule: { kind: 'view' },
    surface: onIssue((seed) => seed.restrictedLinkedIssue),
    payload: () => ({}),
    check: (data: { canLink: boolean }, user) => expect(data.canLink).toBe(mayEditIssue(user, 'restricted')),
  },
  {
    name: 'searchKeyResults',
    key: 'searchKeyResults',
    rule: { kind: 'view' },
    surface: onIssue((seed) => seed.openIssue),
    payload: () => ({}),
    check: (data: { results: unknown[] }) => expect(data.results.length).toBeGreaterThan(0),
  },
  {
    name: 'getProjectOverview',
    key: 'getProjectOverview',
    rule: { kind: 'view' },
    surface: PROJECT,
    payload: () => ({}),
    check: (data: { access: { canEdit: boolean; canLinkWork: boolean }; objectives: Array<{ id: string; canCheckIn: boolean }> }, user, world, seed) => {
      expect(data.access.canEdit).toBe(mayWrite(user, world));
      expect(data.access.canLinkWork).toBe(mayEditIssue(user, 'open'));
      const shown = Object.fromEntries(data.objectives.map((objective) => [objective.id, objective.canCheckIn]));
      const slugs = ['o1', 'o2', 'o3'] as const;
      expect(Object.fromEntries(slugs.map((slug) => [slug, shown[seed.objective[slug].id]]))).toEqual(
        Object.fromEntries(slugs.map((slug) => [slug, mayCheckIn(user, slug, world)])),
      );
    },
  },
  {
    name: 'getSprintReview',
    key: 'getSprintReview',
    rule: { kind: 'view' },
    surface: PROJECT,
    payload: (seed) => ({ sprintId: seed.reviewSprintId }),
    check: (data: { canGrade: boolean; keyResults: Array<{ objective: { id: string }; canGrade: boolean }> }, user, world, seed) => {
      const slugOf = (id: string) => must((['o1', 'o2', 'o3'] as const).find((slug) => seed.objective[slug].id === id), "(['o1', 'o2', 'o3'] as const).find((slug) => seed.objective[slug].id === id)");
      const rows = data.keyResults.map((keyResult) => [slugOf(keyResult.objective.id), keyResult.canGrade]);
      expect(rows.length).toBeGreaterThanOrEqual(3);
      expect(rows).toEqual(rows.map(([slug]) => [slug, mayCheckIn(user, slug as ObjectiveSlug, world)]));
      expect(data.canGrade).toBe(rows.some(([, canGrade]) => canGrade));
    },
  },
  {
    name: 'getHistory',
    key: 'getHistory',
    rule: { kind: 'view' },
    surface: PROJECT,
    payload: (seed) => ({ keyResultId: seed.keyResult('o1', 1).id }),
  },
  {
    name: 'getBacklogPage',
    key: 'getBacklogPage',
    rule: { kind: 'view' },
    surface: PROJECT,
    payload: () => ({}),
    check: (data: { items: unknown[] }) => expect(data.items.length).toBeGreaterThan(0),
  },
  {
    name: 'getBacklogPage (filtered by a Key Result)',
    key: 'getBacklogPage',
    rule: { kind: 'view' },
    surface: PROJECT,
    payload: (seed) => ({ filter: { keyResultId: seed.keyResult('o1', 2).id } }),
  },
  {
    name: 'getKeyResultIssues',
    key: 'getKeyResultIssues',
    rule: { kind: 'view' },
    surface: PROJECT,
    payload: (seed) => ({ keyResultId: seed.keyResult('o1', 2).id }),
    check: (data: { issues: Array<{ key: string }> }, _user, _world, seed) => expect(data.issues.map((issue) => issue.key)).toContain(seed.openLinkedIssue),
  },
  { name: 'exportData', key: 'exportData', rule: { kind: 'view' }, surface: PROJECT, payload: () => ({}) },
  {
    name: 'getGadgetOkrs (a gadget configured for GYM)',
    key: 'getGadgetOkrs',
    rule: { kind: 'view' },
    surface: GADGET,
    payload: () => ({ projectKey: 'GYM' }),
    check: (data: { project: { key: string }; objectives: unknown[] }) => expect({ project: data.project.key, objectives: data.objectives.length }).toEqual({ project: 'GYM', objectives: 3 }),
  },
  {
    name: 'getGadgetProjects (a gadget’s configuration)',
    key: 'getGadgetProjects',
    rule: { kind: 'signedIn' },
    surface: GADGET,
    payload: () => ({}),
    check: (data: { projects: Array<{ key: string }> }, user) => expect(data.projects.some((project) => project.key === 'GYM')).toBe(mayBrowse(user)),
  },
  {
    name: 'getSettingsPage',
    key: 'getSettingsPage',
    rule: { kind: 'view' },
    surface: PROJECT,
    payload: () => ({}),
    check: (data: { canEdit: boolean; rights: { write: { youHoldIt: boolean; source: string }; grade: { youHoldIt: boolean } } }, user, world) => {
      expect({ canEdit: data.canEdit, write: data.rights.write.youHoldIt, grade: data.rights.grade.youHoldIt, source: data.rights.write.source }).toEqual({
        canEdit: mayWrite(user, world),
        write: mayWrite(user, world),
        grade: mayGradeAll(user, world),
        source: world.scheme ? 'scheme' : 'default',
      });
    },
  },
  {
    name: 'searchPeople',
    key: 'searchPeople',
    rule: { kind: 'view' },
    surface: PROJECT,
    payload: () => ({ query: 'sam' }),
    check: (data: { people: Array<{ displayName: string }> }) => expect(data.people.map((person) => person.displayName)).toContain('Sam Okafor'),
  },
  // What a team may align to: the organization's current OKRs, read from the project by anyone who may browse it.
  {
    name: 'getAlignmentChoices',
    key: 'getAlignmentChoices',
    rule: { kind: 'view' },
    surface: PROJECT,
    payload: () => ({}),
    check: (data: { objectives: unknown[] }) => expect(Array.isArray(data.objectives)).toBe(true),
  },
  // A preview writes nothing, but shows what a file would do to the project: only for those who may import.
  { name: 'previewImport', key: 'previewImport', rule: { kind: 'write' }, surface: PROJECT, payload: (seed) => ({ data: seed.export }) },
  {
    name: 'linkIssue (an issue the team may edit)',
    key: 'linkIssue',
    rule: { kind: 'editIssue', issue: 'open' },
    surface: onIssue((seed) => seed.openIssue),
    payload: (seed) => ({ keyResultId: seed.keyResult('o1', 1).id }),
  },
  {
    name: 'linkIssue (a payment issue Mei may not edit)',
    key: 'linkIssue',
    rule: { kind: 'editIssue', issue: 'restricted' },
    surface: onIssue((seed) => seed.restrictedIssue),
    payload: (seed) => ({ keyResultId: seed.keyResult('o1', 1).id }),
  },
  {
    name: 'unlinkIssue (an issue the team may edit)',
    key: 'unlinkIssue',
    rule: { kind: 'editIssue', issue: 'open' },
    surface: onIssue((seed) => seed.openLinkedIssue),
    payload: (seed) => ({ keyResultId: seed.keyResult('o1', 2).id }),
  },
  {
    name: 'unlinkIssue (a payment issue Mei may not edit)',
    key: 'unlinkIssue',
    rule: { kind: 'editIssue', issue: 'restricted' },
    surface: onIssue((seed) => seed.restrictedLinkedIssue),
    payload: (seed) => ({ keyResultId: seed.keyResult('o1', 2).id }),
  },
  {
    name: 'linkIssues (from the project page, an issue the team may edit)',
    key: 'linkIssues',
    rule: { kind: 'editIssue', issue: 'open' },
    surface: PROJECT,
    payload: (seed) => ({ keyResultId: seed.keyResult('o1', 3).id, issueKeys: [seed.openIssue] }),
    check: (data: { results: Array<{ outcome: string }> }) => expect(data.results.map((result) => result.outcome)).toEqual([expect.stringMatching(/^(already-)?linked$/)]),
  },
  {
    name: 'linkIssues (from the project page, a payment issue Mei may not edit)',
    key: 'linkIssues',
    rule: { kind: 'editIssue', issue: 'restricted' },
    surface: PROJECT,
    payload: (seed) => ({ keyResultId: seed.keyResult('o1', 3).id, issueKeys: [seed.restrictedIssue] }),
  },
  {
    name: 'unlinkIssues (the undo, an issue the team may edit)',
    key: 'unlinkIssues',
    rule: { kind: 'editIssue', issue: 'open' },
    surface: PROJECT,
    payload: (seed) => ({ keyResultId: seed.keyResult('o1', 3).id, issueKeys: [seed.openIssue] }),
  },
  {
    name: 'unlinkIssues (the undo, a payment issue Mei may not edit)',
    key: 'unlinkIssues',
    rule: { kind: 'editIssue', issue: 'restricted' },
    surface: PROJECT,
    payload: (seed) => ({ keyResultId: seed.keyResult('o1', 3).id, issueKeys: [seed.restrictedLinkedIssue] }),
  },
  ...(['o1', 'o2', 'o3'] as const).map(
    (slug): Column => ({
      name: `checkIn (${ownerLabel(slug)})`,
      key: 'checkIn',
      rule: { kind: 'checkIn', objective: slug },
      surface: PROJECT,
      payload: (seed) => ({ keyResultId: seed.keyResult(slug, 2).id, value: 20, confidence: 6, note: 'Matrix check-in' }),
    }),
  ),
  ...(['o1', 'o2', 'o3'] as const).map(
    (slug): Column => ({
      name: `gradeKeyResult (${ownerLabel(slug)})`,
      key: 'gradeKeyResult',
      rule: { kind: 'checkIn', objective: slug },
      surface: PROJECT,
      payload: (seed) => ({ sprintId: seed.reviewSprintId, keyResultId: seed.keyResult(slug, 1).id, score: 0.7, confidence: 7 }),
    }),
  ),
  {
    name: 'saveObjective',
    key: 'saveObjective',
    rule: { kind: 'write' },
    surface: PROJECT,
    payload: (seed) => ({ objective: { cycleId: seed.cycleId, title: 'Members feel welcome on their first visit', status: 'draft' } }),
  },
  {
    // GYM already has 3 of its 3 OKRs in process: a fourth active one needs the limit overridden.
    name: 'saveObjective (active past the OKR limit, overridden)',
    key: 'saveObjective',
    rule: { kind: 'write' },
    surface: PROJECT,
    payload: (seed) => ({
      objective: { cycleId: seed.cycleId, title: 'Members can pay for everything in the app', status: 'active' },
      overrideLimitReason: 'The board asked for payments this quarter',
    }),
    check: (data: { limitOverride?: unknown }) => expect(data.limitOverride).toEqual(expect.objectContaining({ reason: 'The board asked for payments this quarter' })),
  },
  {
    name: 'saveKeyResult',
    key: 'saveKeyResult',
    rule: { kind: 'write' },
    surface: PROJECT,
    payload: (seed) => ({ keyResult: { objectiveId: seed.objective.o3.id, title: 'Members who return within a week', metric } }),
  },
  {
    name: 'saveKeyResult (measured by a Jira query)',
    key: 'saveKeyResult',
    rule: { kind: 'write' },
    surface: PROJECT,
    payload: (seed) => ({ keyResult: { objectiveId: seed.objective.o3.id, title: 'Open bugs in GYM', metric, measure: { jql: 'project = GYM AND issuetype = Bug', fn: 'count' } } }),
  },
  // The demo's query-measured Key Result (local/demo-okrs.ts), its query run again.
  { name: 'refreshKeyResult', key: 'refreshKeyResult', rule: { kind: 'write' }, surface: PROJECT, payload: (seed) => ({ keyResultId: seed.keyResult('o2', 4).id }) },
  {
    name: 'setSprintKeyResults',
    key: 'setSprintKeyResults',
    rule: { kind: 'write' },
    surface: PROJECT,
    payload: (seed) => ({ sprintId: seed.futureSprintId, keyResultIds: [seed.keyResult('o1', 1).id] }),
  },
  { name: 'saveSettings', key: 'saveSettings', rule: { kind: 'write' }, surface: PROJECT, payload: () => ({ okrLimit: 4 }) },
  // The push secret, in the order a Product Owner meets it: seen, made, rotated, revoked.
  { name: 'getPushEndpoint', key: 'getPushEndpoint', rule: { kind: 'write' }, surface: PROJECT, payload: () => ({}) },
  { name: 'createPushSecret', key: 'createPushSecret', rule: { kind: 'write' }, surface: PROJECT, payload: () => ({}) },
  { name: 'rotatePushSecret', key: 'rotatePushSecret', rule: { kind: 'write' }, surface: PROJECT, payload: () => ({}) },
  { name: 'revokePushSecret', key: 'revokePushSecret', rule: { kind: 'write' }, surface: PROJECT, payload: () => ({}) },
  {
    name: 'deleteKeyResult',
    key: 'deleteKeyResult',
    rule: { kind: 'write' },
    surface: PROJECT,
    payload: (seed) => ({ id: seed.keyResult('o2', 3).id, expectedVersion: seed.keyResult('o2', 3).version }),
  },
  {
    name: 'deleteObjective',
    key: 'deleteObjective',
    rule: { kind: 'write' },
    surface: PROJECT,
    payload: (seed) => ({ id: seed.objective.o4.id, expectedVersion: seed.objective.o4.version }),
  },
  // At the cycle's end, each Objective carried into the next cycle (its Key Results stay: only the right is checked here).
  ...(['o1', 'o2', 'o3'] as const).map(
    (slug): Column => ({
      name: `carryOverObjective (${ownerLabel(slug)})`,
      key: 'carryOverObjective',
      rule: { kind: 'writeAndGrade', objective: slug },
      surface: PROJECT,
      payload: (seed) => ({ objectiveId: seed.objective[slug].id, expectedVersion: seed.objective[slug].version, keyResults: [] }),
    }),
  ),
  { name: 'importInParts (begin)', key: 'importInParts', rule: { kind: 'write' }, surface: PROJECT, payload: () => ({ phase: 'begin', parts: 2 }) },
  { name: 'importData', key: 'importData', rule: { kind: 'write' }, surface: PROJECT, payload: (seed) => ({ data: seed.export }) },
  // The organization's OKRs, from the organization page: read by everyone Jira knows, whatever their projects.
  {
    name: 'getOrganizationOkrs',
    key: 'getOrganizationOkrs',
    rule: { kind: 'signedIn' },
    surface: ORGANIZATION,
    payload: () => ({}),
    check: (data: { cycle: { id: string }; objectives: Array<{ title: string }>; canManage: boolean }, user) =>
      expect({ cycle: data.cycle.id, objectives: data.objectives.length, canManage: data.canManage }).toEqual({ cycle: '2026', objectives: 2, canManage: has(ORG_MANAGERS, user) }),
  },
  {
    name: 'getOrganizationHistory',
    key: 'getOrganizationHistory',
    rule: { kind: 'signedIn' },
    surface: ORGANIZATION,
    payload: (seed) => ({ objectiveId: seed.org.kept.id }),
    check: (data: { changes: unknown[] }) => expect(data.changes.length).toBeGreaterThan(0),
  },
  {
    name: 'saveOrganizationObjective',
    key: 'saveOrganizationObjective',
    rule: { kind: 'manageOrganization' },
    surface: ORGANIZATION,
    payload: (seed) => ({ objective: { id: seed.org.kept.id, cycleId: '2026', title: 'Become the gym members recommend', status: 'active' }, expectedVersion: seed.org.kept.version }),
  },
  {
    name: 'saveOrganizationKeyResult',
    key: 'saveOrganizationKeyResult',
    rule: { kind: 'manageOrganization' },
    surface: ORGANIZATION,
    payload: (seed) => ({ keyResult: { objectiveId: seed.org.kept.id, title: 'Members who renew', metric } }),
  },
  { name: 'checkInOrganizationKeyResult', key: 'checkInOrganizationKeyResult', rule: { kind: 'manageOrganization' }, surface: ORGANIZATION, payload: (seed) => ({ keyResultId: seed.org.keptKeyResult, value: 30, confidence: 6 }) },
  { name: 'gradeOrganizationKeyResult', key: 'gradeOrganizationKeyResult', rule: { kind: 'manageOrganization' }, surface: ORGANIZATION, payload: (seed) => ({ keyResultId: seed.org.keptKeyResult, score: 0.6 }) },
  { name: 'saveOrganizationSettings', key: 'saveOrganizationSettings', rule: { kind: 'manageOrganization' }, surface: ORGANIZATION, payload: () => ({ fiscalYearStartMonth: 1, expectedVersion: 0 }) },
  {
    name: 'deleteOrganizationKeyResult',
    key: 'deleteOrganizationKeyResult',
    rule: { kind: 'manageOrganization' },
    surface: ORGANIZATION,
    payload: (seed) => ({ id: seed.org.doomedKeyResult.id, expectedVersion: seed.org.doomedKeyResult.version }),
  },
  { name: 'deleteOrganizationObjective', key: 'deleteOrganizationObjective', rule: { kind: 'manageOrganization' }, surface: ORGANIZATION, payload: (seed) => ({ id: seed.org.doomed.id, expectedVersion: seed.org.doomed.version }) },
  // The organization's file: exported by everyone who reads its OKRs; previewed and imported by holders of Manage organization OKRs.
  {
    name: 'exportOrganization',
    key: 'exportOrganization',
    rule: { kind: 'signedIn' },
    surface: ORGANIZATION,
    payload: () => ({}),
    check: (data: { format: string; objectives: unknown[] }) => expect({ format: data.format, objectives: data.objectives.length }).toEqual({ format: 'outcomes-org-okr-export', objectives: expect.any(Number) }),
  },
  {
    name: 'previewOrganizationImport',
    key: 'previewOrganizationImport',
    rule: { kind: 'manageOrganization' },
    surface: ORGANIZATION,
    payload: (seed) => ({ data: seed.orgExport }),
    check: (data: { valid: boolean }) => expect(data.valid).toBe(true),
  },
  { name: 'importOrganizationInParts (begin)', key: 'importOrganizationInParts', rule: { kind: 'manageOrganization' }, surface: ORGANIZATION, payload: () => ({ phase: 'begin', parts: 2 }) },
  // Last: it puts the organization's OKRs back as they were seeded.
  { name: 'importOrganization', key: 'importOrganization', rule: { kind: 'manageOrganization' }, surface: ORGANIZATION, payload: (seed) => ({ data: seed.orgExport }) },
];

function ownerLabel(slug: ObjectiveSlug): string {
  const owner = OWNER[slug];
  return owner ? `Objective ${owner} owns` : 'Objective nobody owns';
}

const READ_KEYS = new Set<ResolverKey>(['getIssuePanel', 'searchKeyResults', 'getProjectOverview', 'getSprintReview', 'getHistory', 'exportData', 'getGadgetOkrs', 'getGadgetProjects', 'getSettingsPage', 'previewImport', 'searchPeople', 'getPushEndpoint', 'getOrganizationOkrs', 'getOrganizationHistory', 'getAlignmentChoices', 'exportOrganization', 'previewOrganizationImport']);

function invoke(seed: Seed, user: DemoUser, column: Column): Promise<Envelope<unknown>> {
  const payload = column.payload(seed);
  if (column.surface.page === 'gadget') return seed.platform.onGadget(user, column.key, payload);
  if (column.surface.page === 'organization') return seed.platform.onOrganizationPage(user, column.key, payload);
  return column.surface.page === 'project'
    ? seed.platform.onProjectPage(user, column.key, payload)
    : seed.platform.onIssuePanel(user, column.key, column.surface.issue(seed), payload);
}

/** The Jira side a refused link or unlink must not touch either: the issue's `outcomes` property. */
function issueProperties(seed: Seed, column: Column): string {
  if (column.surface.page !== 'issue') return '';
  const key = column.surface.issue(seed);
  return JSON.stringify(seed.platform.data.issues.find((issue) => issue.key === key)?.properties ?? null);
}

/** Runs one cell and asserts it against the rule table. */
async function checkCell(seed: Seed, user: DemoUser, column: Column, world: World): Promise<void> {
  const want = expected(user, column, world);
  const before = { kvs: seed.platform.kvs.snapshot(), jira: issueProperties(seed, column) };
  const answer = await invoke(seed, user, column);
  const got: Outcome | ErrorCode = answer.ok ? 'ok' : answer.error.code;
  // The cell in the comparison, so a failure names it; the message, so a wrong refusal says why.
  expect({ cell: `${user} × ${column.name}`, outcome: got, ...(answer.ok ? {} : { message: answer.error.message }) }).toEqual({
    cell: `${user} × ${column.name}`,
    outcome: want,
    ...(want === 'ok' ? {} : { message: expect.stringMatching(refusalSays(user, column.rule, world)) }),
  });
  if (answer.ok) {
    column.check?.(answer.data as never, user, world, seed);
  }
  if (!answer.ok || READ_KEYS.has(column.key)) {
    const after = { storage: seed.platform.kvs.snapshot() === before.kvs ? 'unchanged' : 'CHANGED', jira: issueProperties(seed, column) };
    expect({ cell: `${user} × ${column.name}`, ...after }).toEqual({ cell: `${user} × ${column.name}`, storage: 'unchanged', jira: before.jira });
  }
}

// ---------------------------------------------------------------------------------------------
// The matrices.

const KEYS = Object.keys(payloadSchemas) as ResolverKey[];
function row(title: string, user: DemoUser, productOwners: DemoUser[], setup?: Setup, scheme?: World['scheme']) {
  return { title, user, world: { productOwners, ...(scheme ? { scheme } : {}) }, ...(setup ? { setup } : {}) };
}
/** GYM's scheme in the rows below: Write OKRs to the group okr-writers (Diego), Grade Key Results to the project role Product Owner (Priya). */
const GYM_SCHEME: Setup = {
  grants: [
    { permission: 'write-okrs', holder: { type: 'group', groupId: 'g-okr-writers' } },
    { permission: 'grade-key-results', holder: { type: 'projectRole', roleId: 10010 } },
  ],
  groups: [{ groupId: 'g-okr-writers', name: 'okr-writers', members: ['diego'] }],
  roles: [{ roleId: 10010, name: 'Product Owner', members: ['priya'] }],
};
const ROWS: Array<{ title: string; user: DemoUser; world: World; setup?: Setup }> = [
  ...ALL_USERS.map((user) => ({ title: `${user}`, user, world: DEFAULT_WORLD })),
  // A Product Owner named in settings who is not a project admin: may write and grade…
  row('diego, named a Product Owner in settings (not an admin)', 'diego', ['priya', 'diego'], { settings: [{ productOwners: ['priya', 'diego'] }] }),
  // …until he is named out again.
  row('diego, named a Product Owner and then removed', 'diego', ['priya'], { settings: [{ productOwners: ['priya', 'diego'] }, { productOwners: ['priya'] }] }),
  // A project admin who is no longer named a Product Owner: still writes, grades only what she owns.
  row('priya, admin but no longer named a Product Owner', 'priya', ['diego'], { settings: [{ productOwners: ['diego'] }] }),
  // Named a Product Owner of a project he cannot browse: the name alone gives nothing.
  row('oscar, named a Product Owner of GYM without Browse projects on it', 'oscar', ['priya', 'oscar'], { settings: [{ productOwners: ['priya', 'oscar'] }] }),
  // With no Product Owner ever named, the project lead is one: here Sam leads GYM (and is no admin)…
  row('sam, GYM’s project lead (not an admin), no Product Owner named', 'sam', ['sam'], { lead: 'sam', settingsInFile: false }),
  // …and stays one when an admin saves other settings, until someone is named.
  row('sam, GYM’s project lead, after an admin saved only the board', 'sam', ['sam'], { lead: 'sam', settingsInFile: false, settings: [{ boardId: GYM_BOARD_ID }] }),
  row('sam, GYM’s project lead, once Priya is named Product Owner', 'sam', ['priya'], { lead: 'sam', settingsInFile: false, settings: [{ productOwners: ['priya'] }] }),
  // The permission scheme grants the app's permissions: it decides, and naming Product Owners gives nothing.
  row('diego, in a group the scheme grants Write OKRs', 'diego', ['priya'], GYM_SCHEME, { write: ['diego'], grade: ['priya'] }),
  row('priya, admin and in the role the scheme grants Grade Key Results', 'priya', ['priya'], GYM_SCHEME, { write: ['diego'], grade: ['priya'] }),
  row('sam, Scrum Master, holding neither permission of the scheme', 'sam', ['priya'], GYM_SCHEME, { write: ['diego'], grade: ['priya'] }),
  row('mei, named a Product Owner in settings, when the scheme grants both to others', 'mei', ['priya', 'mei'], { ...GYM_SCHEME, settings: [{ productOwners: ['priya', 'mei'] }] }, { write: ['diego'], grade: ['priya'] }),
  // Only Grade Key Results is granted (to Mei, by name): a project admin still writes, and grades only what she owns.
  row('priya, admin, when the scheme grants only Grade Key Results, to Mei', 'priya', ['priya'], { grants: [{ permission: 'grade-key-results', holder: { type: 'user', accountId: USERS.mei } }] }, { write: [], grade: ['mei'] }),
  row('mei, granted Grade Key Results by name', 'mei', ['priya'], { grants: [{ permission: 'grade-key-results', holder: { type: 'user', accountId: USERS.mei } }] }, { write: [], grade: ['mei'] }),
  // Granted to the project lead: Sam leads GYM.
  row('sam, GYM’s project lead, granted Write OKRs as the project lead', 'sam', ['sam'], { lead: 'sam', grants: [{ permission: 'write-okrs', holder: { type: 'projectLead' } }] }, { write: ['sam'], grade: [] }),
];
const MATRIX_CELLS = ROWS.length * COLUMNS.length;

describe('the rule table', () => {
  it('covers every resolver key of the contract', () => {
    expect([...new Set(COLUMNS.map((column) => column.key))].sort()).toEqual([...KEYS].sort());
  });

  it('restates the demo site’s grants and restrictions as local/jira/demo-data.ts has them', () => {
    const data = createDemoData({ today: DEMO_TODAY });
    const holders = (projectKey: string, permission: string) =>
      ALL_USERS.filter((user) => data.permissions.some((grant) => grant.accountId === USERS[user] && grant.projectKey === projectKey && grant.permissions.includes(permission as never)));
    for (const projectKey of ['GYM', 'OPS'] as const) {
      expect({
        projectKey,
        browse: holders(projectKey, 'BROWSE_PROJECTS'),
        editIssues: holders(projectKey, 'EDIT_ISSUES'),
        administer: holders(projectKey, 'ADMINISTER_PROJECTS'),
        lead: ALL_USERS.find((user) => USERS[user] === data.projects.find((project) => project.key === projectKey)?.leadAccountId),
      }).toEqual({ projectKey, ...SITE[projectKey] });
    }
    const denied = ALL_USERS.filter((user) => data.issueRestrictions.some((restriction) => restriction.accountId === USERS[user] && restriction.deny.includes('EDIT_ISSUES')));
    expect(denied).toEqual(EDIT_DENIED_ON_RESTRICTED);
    expect(demoRestrictedIssueKeys(data)).toHaveLength(2);
  });
});

describe(`permission matrix: ${ROWS.length} rows × ${COLUMNS.length} columns (all ${KEYS.length} resolver keys) = ${MATRIX_CELLS} cells`, () => {
  describe.each(ROWS)('$title', ({ user, world, setup }) => {
    let seeded: Seed;
    beforeAll(async () => {
      seeded = await seed(setup);
    });
    afterAll(() => seeded?.platform.close());

    it.each(COLUMNS.map((column) => [column.name, expected(user, column, world), column] as const))('%s → %s', async (_name, _want, column) => {
      await checkCell(seeded, user, column, world);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// A context whose project is not the one the OKRs belong to: another project's OKRs are invisible
// there (NOT_FOUND, as for an id that never existed) or the call is refused; never a success, never
// a change, and never a word about the other project to someone who may not browse it.

interface CrossCell {
  name: string;
  user: DemoUser;
  key: ResolverKey;
  /** The project page of a project, or the issue panel of an issue (of `issueProject`). */
  from: { project: 'GYM' | 'OPS' } | { issueProject: 'GYM' | 'OPS' };
  payload: (seed: Seed, ops: OpsOkrs) => unknown;
  /** The refusals that fit; NOT_FOUND or FORBIDDEN unless said otherwise. */
  codes?: ErrorCode[];
}

interface OpsOkrs {
  objective: { id: string; version: number; title: string };
  keyResult: { id: string; version: number; title: string };
  /** An OPS story Oscar may edit, and OPS's running sprint. */
  issue: string;
  sprintId: number;
}

const REFUSED: ErrorCode[] = ['NOT_FOUND', 'FORBIDDEN'];
/**
 * A list naming a Key Result of another project, or a review asked to grade one: VALIDATION fits too,
 * provided the answer is the one an id that never existed gets (checked below by the message).
 */
const REFUSED_OR_INVALID: ErrorCode[] = ['NOT_FOUND', 'FORBIDDEN', 'VALIDATION'];

const gymKr = (seed: Seed) => seed.keyResult('o1', 1);
/** Every id of GYM's current OKRs that a cell may name. */
const gymIds = (seed: Seed): string[] => [
  ...Object.values(seed.objective).map((objective) => objective.id),
  ...(['o1', 'o2', 'o3'] as const).flatMap((slug) => [1, 2].map((n) => seed.keyResult(slug, n).id)),
];
/** A cross-project cell: `user` invokes `key` from `from` (a project page, or an issue panel in a project). */
function cross(user: DemoUser, from: CrossCell['from'], key: ResolverKey, what: string, payload: CrossCell['payload'], codes?: ErrorCode[]): CrossCell {
  return { name: `${key} (${what})`, user, key, from, payload, ...(codes ? { codes } : {}) };
}
const OPS_PAGE = { project: 'OPS' } as const;
const GYM_PAGE = { project: 'GYM' } as const;
const OPS_ISSUE = { issueProject: 'OPS' } as const;
const GYM_ISSUE = { issueProject: 'GYM' } as const;
const opsMetric = { direction: 'decrease', start: 12, target: 3, current: 12 } as const;

const CROSS_CELLS: CrossCell[] = [
  // Oscar, admin of OPS (so OPS's editor and Product Owner), with GYM's ids from OPS's page and panel.
  cross('oscar', OPS_PAGE, 'saveObjective', 'update GYM’s Objective', (seed) => ({
    objective: { id: seed.objective.o1.id, cycleId: seed.cycleId, title: 'Taken over', status: 'active' },
    expectedVersion: seed.objective.o1.version,
    reason: 'Operations run it now',
  })),
  cross('oscar', OPS_PAGE, 'deleteObjective', 'GYM’s Objective', (seed) => ({ id: seed.objective.o1.id, expectedVersion: seed.objective.o1.version })),
  cross('oscar', OPS_PAGE, 'saveKeyResult', 'new, under GYM’s Objective', (seed) => ({ keyResult: { objectiveId: seed.objective.o1.id, title: 'Ops KR', metric } })),
  cross('oscar', OPS_PAGE, 'saveKeyResult', 'update GYM’s Key Result, moved under OPS’s Objective', (seed, ops) => ({
    keyResult: { id: gymKr(seed).id, objectiveId: ops.objective.id, title: 'Ops KR', metric },
    expectedVersion: gymKr(seed).version,
  })),
  cross('oscar', OPS_PAGE, 'deleteKeyResult', 'GYM’s Key Result', (seed) => ({ id: gymKr(seed).id, expectedVersion: gymKr(seed).version })),
  cross('oscar', OPS_PAGE, 'checkIn', 'GYM’s Key Result', (seed) => ({ keyResultId: gymKr(seed).id, value: 30, confidence: 5 })),
  cross('oscar', OPS_PAGE, 'gradeKeyResult', 'GYM’s review and Key Result', (seed) => ({ sprintId: seed.reviewSprintId, keyResultId: gymKr(seed).id, score: 0.5 })),
  cross('oscar', OPS_PAGE, 'carryOverObjective', 'GYM’s Objective', (seed) => ({ objectiveId: seed.objective.o1.id, expectedVersion: seed.objective.o1.version, keyResults: [{ id: gymKr(seed).id, expectedVersion: gymKr(seed).version }] })),
  cross('priya', GYM_PAGE, 'carryOverObjective', 'GYM’s Objective with OPS’s Key Result', (seed, ops) => ({ objectiveId: seed.objective.o1.id, expectedVersion: seed.objective.o1.version, keyResults: [{ id: ops.keyResult.id, expectedVersion: ops.keyResult.version }] })),
  cross('oscar', OPS_PAGE, 'getHistory', 'GYM’s Objective', (seed) => ({ objectiveId: seed.objective.o1.id })),
  cross('oscar', OPS_PAGE, 'getHistory', 'GYM’s Key Result', (seed) => ({ keyResultId: gymKr(seed).id })),
  cross('oscar', OPS_PAGE, 'getSprintReview', 'GYM’s sprint', (seed) => ({ sprintId: seed.reviewSprintId })),
  cross('oscar', OPS_PAGE, 'setSprintKeyResults', 'GYM’s sprint, OPS’s Key Result', (seed, ops) => ({ sprintId: seed.futureSprintId, keyResultIds: [ops.keyResult.id] })),
  cross('oscar', OPS_PAGE, 'setSprintKeyResults', 'OPS’s sprint, GYM’s Key Result', (seed, ops) => ({ sprintId: ops.sprintId, keyResultIds: [gymKr(seed).id] }), REFUSED_OR_INVALID),
  cross('oscar', OPS_ISSUE, 'linkIssue', 'an OPS issue, GYM’s Key Result', (seed) => ({ keyResultId: gymKr(seed).id }), REFUSED_OR_INVALID),
  cross('oscar', OPS_ISSUE, 'unlinkIssue', 'an OPS issue, GYM’s Key Result', (seed) => ({ keyResultId: gymKr(seed).id })),
  // Sam owns GYM's o2: the owner's right does not follow the Objective into OPS's page.
  cross('sam', OPS_PAGE, 'checkIn', 'GYM’s Key Result of the Objective he owns', (seed) => ({ keyResultId: seed.keyResult('o2', 2).id, value: 30, confidence: 5 })),
  cross('sam', OPS_PAGE, 'gradeKeyResult', 'GYM’s Key Result of the Objective he owns', (seed) => ({ sprintId: seed.reviewSprintId, keyResultId: seed.keyResult('o2', 1).id, score: 0.5 })),
  // Priya, GYM's Product Owner, may only browse OPS: from OPS's page, GYM's OKRs are not hers to touch.
  cross('priya', OPS_PAGE, 'checkIn', 'GYM’s Key Result', (seed) => ({ keyResultId: gymKr(seed).id, value: 30, confidence: 5 })),
  cross('priya', OPS_PAGE, 'gradeKeyResult', 'GYM’s Key Result', (seed) => ({ sprintId: seed.reviewSprintId, keyResultId: gymKr(seed).id, score: 0.5 })),
  cross('priya', OPS_PAGE, 'saveKeyResult', 'new, under GYM’s Objective', (seed) => ({ keyResult: { objectiveId: seed.objective.o1.id, title: 'Ops KR', metric } })),
  cross('priya', OPS_PAGE, 'deleteObjective', 'GYM’s Objective', (seed) => ({ id: seed.objective.o1.id, expectedVersion: seed.objective.o1.version })),
  cross('priya', OPS_PAGE, 'getHistory', 'GYM’s Key Result', (seed) => ({ keyResultId: gymKr(seed).id })),
  // …and from GYM's own page and panel, OPS's OKRs are not GYM's.
  cross('priya', GYM_ISSUE, 'linkIssue', 'a GYM issue, OPS’s Key Result', (_seed, ops) => ({ keyResultId: ops.keyResult.id }), ['VALIDATION', 'NOT_FOUND']),
  cross('priya', GYM_PAGE, 'checkIn', 'OPS’s Key Result', (_seed, ops) => ({ keyResultId: ops.keyResult.id, value: 30, confidence: 5 })),
  cross('priya', GYM_PAGE, 'deleteKeyResult', 'OPS’s Key Result', (_seed, ops) => ({ id: ops.keyResult.id, expectedVersion: ops.keyResult.version })),
  cross('priya', GYM_PAGE, 'saveKeyResult', 'new, under OPS’s Objective', (_seed, ops) => ({ keyResult: { objectiveId: ops.objective.id, title: 'Gym KR', metric } })),
  cross('priya', GYM_PAGE, 'deleteObjective', 'OPS’s Objective', (_seed, ops) => ({ id: ops.objective.id, expectedVersion: ops.objective.version })),
  cross('priya', GYM_PAGE, 'getHistory', 'OPS’s Objective', (_seed, ops) => ({ objectiveId: ops.objective.id })),
  cross('priya', GYM_PAGE, 'setSprintKeyResults', 'GYM’s sprint, OPS’s Key Result', (seed, ops) => ({ sprintId: seed.futureSprintId, keyResultIds: [ops.keyResult.id] }), REFUSED_OR_INVALID),
  cross('priya', GYM_PAGE, 'gradeKeyResult', 'GYM’s review, OPS’s Key Result', (seed, ops) => ({ sprintId: seed.reviewSprintId, keyResultId: ops.keyResult.id, score: 0.5 }), REFUSED_OR_INVALID),
  // Mei may not browse OPS: nothing she is told may say that OPS has such a Key Result.
  cross('mei', GYM_ISSUE, 'linkIssue', 'a GYM issue, OPS’s Key Result', (_seed, ops) => ({ keyResultId: ops.keyResult.id }), ['VALIDATION', 'NOT_FOUND']),
];

describe(`another project’s OKRs: ${CROSS_CELLS.length} cells`, () => {
  let seeded: Seed;
  let ops: OpsOkrs;
  beforeAll(async () => {
    seeded = await seed();
    const { platform } = seeded;
    const overview = dataOf(await platform.onProjectPage('oscar', 'getProjectOverview', {}, 'OPS'));
    const objective = dataOf(
      await platform.onProjectPage('oscar', 'saveObjective', { objective: { cycleId: overview.cycle.id, title: 'Every machine works when members need it', status: 'active' } }, 'OPS'),
    );
    const keyResult = dataOf(
      await platform.onProjectPage('oscar', 'saveKeyResult', { keyResult: { objectiveId: objective.id, title: 'Machines out of order at opening', metric: opsMetric } }, 'OPS'),
    );
    const opsStory = platform.data.issues.find((issue) => issue.projectKey === 'OPS' && issue.sprintIds.length > 0 && issue.parentKey !== null);
    const running = platform.data.sprints.find((sprint) => sprint.originBoardId === OPS_BOARD_ID && sprint.state === 'active');
    ops = {
      objective: { id: objective.id, version: objective.version, title: objective.title },
      keyResult: { id: keyResult.id, version: keyResult.version, title: keyResult.title },
      issue: must(opsStory, 'opsStory').key,
      sprintId: must(running, 'running').id,
    };
    dataOf(await platform.onProjectPage('oscar', 'getProjectOverview', {}, 'OPS'));
  });
  afterAll(() => seeded?.platform.close());

  /** What a caller who may not browse a project must not be told of it: its key and its OKRs' titles. */
  const secretsOf = (user: DemoUser, projectKey: 'GYM' | 'OPS'): string[] => {
    if (has(SITE[projectKey].browse, user)) return [];
    return projectKey === 'GYM' ? ['GYM', 'fitness goals', 'active training plan'] : ['OPS', ops.objective.title, ops.keyResult.title];
  };

  it.each(CROSS_CELLS.map((cell) => [cell.user, cell.name, 'project' in cell.from ? `${cell.from.project}’s page` : `an ${cell.from.issueProject} issue`, cell] as const))(
    '%s × %s from %s → refused, nothing changes',
    async (user, name, _from, cell) => {
      const { key } = cell;
      const { platform } = seeded;
      const from = cell.from;
      const issueKey = 'issueProject' in from ? (from.issueProject === 'OPS' ? ops.issue : seeded.openIssue) : undefined;
      const contextProject = 'project' in from ? from.project : from.issueProject;
      const before = platform.kvs.snapshot();
      const answer =
        issueKey === undefined
          ? await platform.onProjectPage(user, key, cell.payload(seeded, ops), contextProject)
          : await platform.onIssuePanel(user, key, issueKey, cell.payload(seeded, ops));
      const codes = cell.codes ?? REFUSED;
      const cellName = `${user} × ${name} from ${contextProject}`;
      const refused = `refused with ${codes.join(' or ')}`;
      const outcome = answer.ok ? 'ok' : codes.includes(answer.error.code) ? refused : answer.error.code;
      expect({ cell: cellName, outcome, storage: platform.kvs.snapshot() === before ? 'unchanged' : 'CHANGED' }).toEqual({ cell: cellName, outcome: refused, storage: 'unchanged' });
      const message = answer.ok ? '' : answer.error.message;
      const otherProject = contextProject === 'GYM' ? 'OPS' : 'GYM';
      const secrets = secretsOf(user, otherProject);
      for (const secret of secrets) expect({ cell: cellName, message }).not.toEqual({ cell: cellName, message: expect.stringContaining(secret) });
      if (secrets.length > 0 && !answer.ok) {
        // To someone who may not browse the other project, its OKRs are ids that never existed: the
        // same payload with every such id replaced by one nobody ever stored gets the same answer.
        const foreign = otherProject === 'GYM' ? gymIds(seeded) : [ops.objective.id, ops.keyResult.id];
        const longestFirst = [...foreign].sort((a, b) => b.length - a.length);
        const ghostOf = (text: string) => longestFirst.reduce((out, id, index) => out.split(id).join(`never-stored-${index}`), text);
        const ghostPayload: unknown = JSON.parse(ghostOf(JSON.stringify(cell.payload(seeded, ops))));
        const ghost =
          issueKey === undefined
            ? await platform.onProjectPage(user, key, ghostPayload, contextProject)
            : await platform.onIssuePanel(user, key, issueKey, ghostPayload);
        expect({ cell: cellName, answer: JSON.parse(ghostOf(JSON.stringify(answer))) as unknown }).toEqual({ cell: cellName, answer: ghost });
        expect(platform.kvs.snapshot()).toBe(before);
      }
    },
  );

  it('shows OPS’s page, picker and export without a trace of GYM’s OKRs, to OPS’s admin', async () => {
    const { platform } = seeded;
    const before = platform.kvs.snapshot();
    const overview = dataOf(await platform.onProjectPage('oscar', 'getProjectOverview', {}, 'OPS'));
    expect(overview.objectives.map((objective) => objective.id)).toEqual([ops.objective.id]);
    const picker = dataOf(await platform.onIssuePanel('oscar', 'searchKeyResults', ops.issue, {}));
    expect(picker.results.map((result) => result.keyResult.id)).toEqual([ops.keyResult.id]);
    const exported = JSON.stringify(dataOf(await platform.onProjectPage('oscar', 'exportData', {}, 'OPS')));
    for (const id of gymIds(seeded)) expect(exported).not.toContain(id);
    expect(platform.kvs.snapshot()).toBe(before);
  });
});
