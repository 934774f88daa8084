// Bad input, through the real handler (issue #8): every resolver key refuses malformed payloads with the
// code a person can act on, a sentence, and (for VALIDATION) the payload field at fault, and stores
// nothing; markup in titles and notes is kept as the text it is; and a fuzz of every key's payload.
//
// Seeded as a team would have it: GymTonic's demo OKRs in GYM (plus a Key Result whose notes fill it to
// the platform's size limit and one holding the most check-ins it may), a closed sprint with its review,
// and OKRs that Oscar (admin of OPS, no access to GYM) keeps in OPS, with a review of their own.
// The payloads reach the handler in-process, so NaN, Infinity and `__proto__` keys arrive as sent.
import fc from 'fast-check';
import { demoOkrExport } from '../local/demo-okrs';
import { DEMO_TODAY } from '../local/jira/demo-data';
import { sprintEventHandler } from '../src/index';
import { type CheckIn, type DataOf, ERROR_CODES, type ErrorCode, type Envelope, type ResolverKey, payloadSchemas } from '../src/contract';
import { MAX_CHECK_INS_PER_KEY_RESULT, MAX_KEY_RESULT_BYTES } from '../src/store/model';
import type { OkrExportData, StoredKeyResult } from '../src/store/okrs';
import { pinClock } from './support/fixture';
import { dataOf, type DemoUser, startPlatform, type TestPlatform, USERS } from './support/platform';
import { must } from './support/must';

const RESOLVER_KEYS = Object.keys(payloadSchemas) as ResolverKey[];
/** A story of GYM, shown in its issue panel; and an OPS task, where Priya may only browse. */
const GYM_ISSUE = 'GYM-3';
const OPS_ISSUE = 'OPS-1';
const ISSUE_PANEL_KEYS: ReadonlySet<ResolverKey> = new Set(['getIssuePanel', 'linkIssue', 'unlinkIssue']);

// The demo's ids, with the clock pinned to the demo's "today" (2026-11-23, in Q4 2026).
const GYM = {
  o1: 'gym-2026-q4-o1',
  o2: 'gym-2026-q4-o2',
  /** The draft Objective: making it active would be a fourth OKR in process (the limit is 3). */
  o4: 'gym-2026-q4-o4',
  o1kr1: 'gym-2026-q4-o1-kr1',
  o2kr1: 'gym-2026-q4-o2-kr1',
  /** A Key Result of the closed previous quarter. */
  closedKr: 'gym-2026-q3-o1-kr1',
  /** A Key Result whose notes fill it: one more long note would take it over the 230 KiB it may take. */
  heavyKr: 'gym-2026-q4-o4-notes',
  /** A Key Result holding the most check-ins it may. */
  fullKr: 'gym-2026-q4-o4-full',
  /** The closed sprint whose review grades o1-kr1, heavyKr and fullKr. */
  reviewedSprint: 8,
} as const;
const OPS_SPRINT = 13;
const OPS_BOARD = 2;

/** What the seeding made that the payloads refer to. */
interface Seeded {
  ops: { objectiveId: string; keyResultId: string };
  /** An organization Objective of FY 2026 with one Key Result, set by Elena (who holds Manage organization OKRs). */
  org: { objectiveId: string; keyResultId: string; objectiveVersion: number; keyResultVersion: number };
  versions: Record<string, number>;
  gymExport: OkrExportData;
  opsExport: OkrExportData;
  /** The organization's export (its Objective and Key Result above). */
  orgExport: Record<string, unknown>;
}

// ─── Seeding ──────────────────────────────────────────────────────────────────────────────────────

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** A Key Result of the draft Objective with the given check-ins (oldest first, a minute apart from the quarter's start). */
function storedKeyResult(id: string, title: string, makeCheckIn: (i: number) => CheckIn, fill: (keyResult: StoredKeyResult, next: CheckIn) => boolean): StoredKeyResult {
  const at = '2026-10-01T09:00:00.000Z';
  const keyResult: StoredKeyResult = {
    id,
    objectiveId: GYM.o4,
    projectKey: 'GYM',
    cycleId: '2026-Q4',
    title,
    metric: { direction: 'increase', start: 0, target: 9, current: 1 },
    weight: 1,
    createdAt: at,
    updatedAt: at,
    version: 1,
    checkIns: [],
  };
  for (let i = 0; ; i++) {
    const next = makeCheckIn(i);
    if (!fill(keyResult, next)) break;
    keyResult.checkIns.push(next);
  }
  return keyResult;
}

const checkInAt = (i: number, note?: string): CheckIn => ({
  at: new Date(Date.parse('2026-10-01T10:00:00.000Z') + i * 60_000).toISOString(),
  accountId: USERS.priya,
  value: 1,
  confidence: 5,
  ...(note !== undefined ? { note } : {}),
});
const LONG_NOTE = 'n'.repeat(2000);

/** The demo OKRs, with a Key Result full of long notes and one full of check-ins. */
function gymOkrs(): OkrExportData {
  const data = demoOkrExport(new Date());
  // Filled while one more check-in of the same size (a 2000-character note, as the check-in below sends) still fits.
  const heavy = storedKeyResult(GYM.heavyKr, 'Members who log a note with every workout', (i) => checkInAt(i, LONG_NOTE), (kr, next) => bytes({ ...kr, checkIns: [...kr.checkIns, next] }) <= MAX_KEY_RESULT_BYTES);
  const full = storedKeyResult(GYM.fullKr, 'Members who check in weekly', (i) => checkInAt(i), (kr) => kr.checkIns.length < MAX_CHECK_INS_PER_KEY_RESULT);
  return { ...data, keyResults: [...data.keyResults, heavy, full] };
}

async function seed(platform: TestPlatform): Promise<Seeded> {
  dataOf(await platform.onProjectPage('priya', 'importData', { data: gymOkrs() }));
  dataOf(await platform.onProjectPage('priya', 'setSprintKeyResults', { sprintId: GYM.reviewedSprint, keyResultIds: [GYM.o1kr1, GYM.heavyKr, GYM.fullKr] }));

  const objective = dataOf(await platform.onProjectPage('oscar', 'saveObjective', { objective: { cycleId: '2026-Q4', title: 'Fix what breaks before members notice', status: 'active' } }, 'OPS'));
  const keyResult = dataOf(
    await platform.onProjectPage('oscar', 'saveKeyResult', { keyResult: { objectiveId: objective.id, title: 'Median hours to fix a broken machine', metric: { direction: 'decrease', start: 72, target: 24, current: 60, unit: 'h' } } }, 'OPS'),
  );
  dataOf(await platform.onProjectPage('oscar', 'setSprintKeyResults', { sprintId: OPS_SPRINT, keyResultIds: [keyResult.id] }, 'OPS'));

  for (const sprintId of [GYM.reviewedSprint, OPS_SPRINT]) {
    const closed = platform.jira.closeSprint(sprintId, { at: new Date() });
    await platform.forge.deliverEvent({ moduleKey: 'sprint-events', handler: sprintEventHandler, event: { eventType: 'avi:jira-software:closed:sprint', sprint: closed, atlassianId: USERS.priya } });
  }
  const review = dataOf(await platform.onProjectPage('priya', 'getSprintReview', { sprintId: GYM.reviewedSprint }));
  expect(review.keyResults.map((entry) => entry.id).sort()).toEqual([GYM.o1kr1, GYM.fullKr, GYM.heavyKr].sort());
  dataOf(await platform.onProjectPage('oscar', 'getSprintReview', { sprintId: OPS_SPRINT }, 'OPS'));

  const orgObjective = dataOf(await platform.onProjectPage('elena', 'saveOrganizationObjective', { objective: { cycleId: '2026', title: 'Become the club members recommend', status: 'active' } }));
  const orgKeyResult = dataOf(
    await platform.onProjectPage('elena', 'saveOrganizationKeyResult', { keyResult: { objectiveId: orgObjective.id, title: 'Net Promoter Score', metric: { direction: 'increase', start: 21, target: 45, current: 21 } } }),
  );

  const overview = dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
  const versions: Record<string, number> = {};
  for (const shown of overview.objectives) {
    versions[shown.id] = shown.version;
    for (const kr of shown.keyResults) versions[kr.id] = kr.version;
  }
  return {
    ops: { objectiveId: objective.id, keyResultId: keyResult.id },
    org: { objectiveId: orgObjective.id, keyResultId: orgKeyResult.id, objectiveVersion: orgObjective.version, keyResultVersion: orgKeyResult.version },
    versions,
    gymExport: dataOf(await platform.onProjectPage('priya', 'exportData')) as OkrExportData,
    opsExport: dataOf(await platform.onProjectPage('oscar', 'exportData', {}, 'OPS')) as OkrExportData,
    orgExport: dataOf(await platform.onOrganizationPage('elena', 'exportOrganization')),
  };
}

// ─── Calls and checks ─────────────────────────────────────────────────────────────────────────────

interface Where {
  as?: DemoUser;
  /** The project page of this project (default GYM), or the issue panel of this issue. */
  project?: string;
  issue?: string;
}

function call<K extends ResolverKey>(platform: TestPlatform, key: K, payload: unknown, where: Where = {}): Promise<Envelope<DataOf<K>>> {
  const user = where.as ?? 'priya';
  const issue = where.issue ?? (ISSUE_PANEL_KEYS.has(key) ? GYM_ISSUE : undefined);
  return issue ? platform.onIssuePanel(user, key, issue, payload) : platform.onProjectPage(user, key, payload, where.project ?? 'GYM');
}

/** The stored records that differ between two snapshots, for a readable failure (the check itself is byte for byte). */
function changedRecords(before: string, after: string): string[] {
  const tables = (snapshot: string) => (JSON.parse(snapshot) as { tables: Record<string, Record<string, unknown>> }).tables;
  const [a, b] = [tables(before), tables(after)];
  const changed: string[] = [];
  for (const ns of new Set([...Object.keys(a), ...Object.keys(b)])) {
    for (const key of new Set([...Object.keys(a[ns] ?? {}), ...Object.keys(b[ns] ?? {})])) {
      if (JSON.stringify(a[ns]?.[key]) !== JSON.stringify(b[ns]?.[key])) changed.push(`${ns}/${key}`);
    }
  }
  return changed;
}

function expectUnchanged(platform: TestPlatform, before: string): void {
  const after = platform.kvs.snapshot();
  if (after !== before) expect(changedRecords(before, after)).toEqual([]);
  expect(after === before).toBe(true);
}

const pollutionProbe = () => Object.getOwnPropertyNames(Object.prototype).sort().join(',');

// ─── The table ────────────────────────────────────────────────────────────────────────────────────

type Payload = unknown | ((seeded: Seeded) => unknown);

interface Case extends Where {
  key: ResolverKey;
  what: string;
  payload: Payload;
  code: ErrorCode;
  /** The field the answer names; `null` when the payload as a whole is at fault (it is not an object). */
  field?: string | null;
}

/** A payload with a `__proto__` or `constructor` key of its own, as JSON.parse makes it (a literal would set the prototype). */
const withOwnKey = (base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> => {
  const copy: Record<string, unknown> = JSON.parse(JSON.stringify(base));
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
};
const POLLUTER = { polluted: 'yes', isAdmin: true };

const HUGE_TITLE = '<b>'.repeat(100_000); // 300 KB
const TEN_MB_NOTE = 'x'.repeat(10 * 1024 * 1024);
const newObjective = (objective: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  objective: { cycleId: '2026-Q4', title: 'Members feel at home in every club', status: 'draft', ...objective },
  ...extra,
});
const metric = { direction: 'increase', start: 10, target: 40, current: 12, unit: '%' };
const newKeyResult = (keyResult: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  keyResult: { objectiveId: GYM.o1, title: 'Members who book a class in their first week', metric, ...keyResult },
  ...extra,
});
const withMetric = (change: Record<string, unknown>) => newKeyResult({ metric: { ...metric, ...change } });
const checkIn = (change: Record<string, unknown>) => ({ keyResultId: GYM.o1kr1, value: 27, confidence: 7, ...change });
/** Carrying GYM's first Objective over, as seeded (with its first Key Result unless told otherwise). */
const carry = (change: Record<string, unknown>, s?: Seeded) => ({
  objectiveId: GYM.o1,
  expectedVersion: s?.versions[GYM.o1] ?? 1,
  keyResults: [{ id: GYM.o1kr1, expectedVersion: s?.versions[GYM.o1kr1] ?? 1 }],
  ...change,
});
const grade = (change: Record<string, unknown>) => ({ sprintId: GYM.reviewedSprint, keyResultId: GYM.o1kr1, score: 0.7, ...change });
/** The demo export of GYM with one Key Result changed. */
const gymExportWith = (seeded: Seeded, change: (keyResult: Record<string, unknown>) => Record<string, unknown>) => {
  const [first, ...rest] = seeded.gymExport.keyResults as unknown as Array<Record<string, unknown>>;
  return { data: { ...seeded.gymExport, keyResults: [change(must(first, 'first')), ...rest] } };
};

const CASES: Case[] = [
  // The organization's OKRs: validated before anything else, then only Manage organization OKRs may write.
  { key: 'getOrganizationOkrs', what: 'a cycle that is no cycle', payload: { cycleId: 'FY2026' }, code: 'VALIDATION', field: 'cycleId' },
  { key: 'getOrganizationOkrs', what: 'a project key in the payload', payload: { projectKey: 'GYM' }, code: 'VALIDATION', field: 'projectKey' },
  { key: 'getOrganizationHistory', what: 'neither an Objective nor a Key Result', payload: {}, code: 'VALIDATION', field: 'objectiveId' },
  { key: 'getOrganizationHistory', what: 'both an Objective and a Key Result', payload: (s: Seeded) => ({ objectiveId: s.org.objectiveId, keyResultId: s.org.keyResultId }), code: 'VALIDATION', field: 'keyResultId' },
  { key: 'getOrganizationHistory', what: 'a team’s Objective', payload: { objectiveId: GYM.o1 }, code: 'NOT_FOUND', field: 'objectiveId' },
  { key: 'saveOrganizationObjective', what: 'no title', as: 'elena', payload: { objective: { cycleId: '2026', status: 'active' } }, code: 'VALIDATION', field: 'objective.title' },
  { key: 'saveOrganizationObjective', what: 'a blank title', as: 'elena', payload: { objective: { cycleId: '2026', title: '   ', status: 'active' } }, code: 'VALIDATION', field: 'objective.title' },
  { key: 'saveOrganizationObjective', what: 'a limit override (a team’s matter)', as: 'elena', payload: { objective: { cycleId: '2026', title: 'Grow', status: 'active' }, overrideLimitReason: 'Because' }, code: 'VALIDATION', field: 'overrideLimitReason' },
  { key: 'saveOrganizationObjective', what: 'a change with no version', as: 'elena', payload: (s: Seeded) => ({ objective: { id: s.org.objectiveId, cycleId: '2026', title: 'Grow', status: 'active' } }), code: 'VALIDATION', field: 'expectedVersion' },
  { key: 'saveOrganizationObjective', what: 'a move to another cycle', as: 'elena', payload: (s: Seeded) => ({ objective: { id: s.org.objectiveId, cycleId: '2026-Q4', title: 'Grow', status: 'active' }, expectedVersion: s.org.objectiveVersion }), code: 'VALIDATION', field: 'objective.cycleId' },
  { key: 'saveOrganizationObjective', what: 'a stale version', as: 'elena', payload: (s: Seeded) => ({ objective: { id: s.org.objectiveId, cycleId: '2026', title: 'Grow', status: 'active' }, expectedVersion: s.org.objectiveVersion + 5 }), code: 'CONFLICT' },
  { key: 'saveOrganizationObjective', what: 'a new Objective from the Product Owner, who lacks the global permission', payload: { objective: { cycleId: '2026', title: 'Grow', status: 'active' } }, code: 'FORBIDDEN' },
  { key: 'saveOrganizationObjective', what: 'a new Objective from the agile coach', as: 'kofi', payload: { objective: { cycleId: '2026', title: 'Grow', status: 'active' } }, code: 'FORBIDDEN' },
  { key: 'deleteOrganizationObjective', what: 'no version', as: 'elena', payload: (s: Seeded) => ({ id: s.org.objectiveId }), code: 'VALIDATION', field: 'expectedVersion' },
  { key: 'deleteOrganizationObjective', what: 'a team’s Objective', as: 'elena', payload: { id: GYM.o1, expectedVersion: 1 }, code: 'NOT_FOUND', field: 'id' },
  { key: 'deleteOrganizationObjective', what: 'by the Scrum Master', as: 'sam', payload: (s: Seeded) => ({ id: s.org.objectiveId, expectedVersion: s.org.objectiveVersion }), code: 'FORBIDDEN' },
  { key: 'saveOrganizationKeyResult', what: 'NaN for the target', as: 'elena', payload: (s: Seeded) => ({ keyResult: { objectiveId: s.org.objectiveId, title: 'NPS', metric: { ...metric, target: Number.NaN } } }), code: 'VALIDATION', field: 'keyResult.metric.target' },
  { key: 'saveOrganizationKeyResult', what: 'a team’s Objective', as: 'elena', payload: { keyResult: { objectiveId: GYM.o1, title: 'NPS', metric } }, code: 'NOT_FOUND', field: 'keyResult.objectiveId' },
  { key: 'saveOrganizationKeyResult', what: 'by the Product Owner', payload: (s: Seeded) => ({ keyResult: { objectiveId: s.org.objectiveId, title: 'NPS', metric } }), code: 'FORBIDDEN' },
  { key: 'deleteOrganizationKeyResult', what: 'a stale version', as: 'elena', payload: (s: Seeded) => ({ id: s.org.keyResultId, expectedVersion: s.org.keyResultVersion + 3 }), code: 'CONFLICT' },
  { key: 'deleteOrganizationKeyResult', what: 'by the agile coach', as: 'kofi', payload: (s: Seeded) => ({ id: s.org.keyResultId, expectedVersion: s.org.keyResultVersion }), code: 'FORBIDDEN' },
  { key: 'checkInOrganizationKeyResult', what: 'a confidence of 11', as: 'elena', payload: (s: Seeded) => ({ keyResultId: s.org.keyResultId, value: 30, confidence: 11 }), code: 'VALIDATION', field: 'confidence' },
  { key: 'checkInOrganizationKeyResult', what: 'a team’s Key Result', as: 'elena', payload: { keyResultId: GYM.o1kr1, value: 30, confidence: 7 }, code: 'NOT_FOUND', field: 'keyResultId' },
  { key: 'checkInOrganizationKeyResult', what: 'by the Product Owner', payload: (s: Seeded) => ({ keyResultId: s.org.keyResultId, value: 30, confidence: 7 }), code: 'FORBIDDEN' },
  { key: 'gradeOrganizationKeyResult', what: 'a score off the scale', as: 'elena', payload: (s: Seeded) => ({ keyResultId: s.org.keyResultId, score: 0.75 }), code: 'VALIDATION', field: 'score' },
  { key: 'gradeOrganizationKeyResult', what: 'by the agile coach', as: 'kofi', payload: (s: Seeded) => ({ keyResultId: s.org.keyResultId, score: 0.7 }), code: 'FORBIDDEN' },
  { key: 'saveOrganizationSettings', what: 'month 13', as: 'elena', payload: { fiscalYearStartMonth: 13, expectedVersion: 0 }, code: 'VALIDATION', field: 'fiscalYearStartMonth' },
  { key: 'saveOrganizationSettings', what: 'a spread threshold of 1', as: 'elena', payload: { fiscalYearStartMonth: 1, spreadThreshold: 1, expectedVersion: 0 }, code: 'VALIDATION', field: 'spreadThreshold' },
  { key: 'saveOrganizationSettings', what: 'a spread threshold of 2.5', as: 'elena', payload: { fiscalYearStartMonth: 1, spreadThreshold: 2.5, expectedVersion: 0 }, code: 'VALIDATION', field: 'spreadThreshold' },
  { key: 'saveOrganizationSettings', what: 'a stale version', as: 'elena', payload: { fiscalYearStartMonth: 4, expectedVersion: 7 }, code: 'CONFLICT' },
  { key: 'saveOrganizationSettings', what: 'by the Product Owner', payload: { fiscalYearStartMonth: 4, expectedVersion: 0 }, code: 'FORBIDDEN' },

  // Alignment: a team's records may name only organization OKRs that exist; the Product Goal is bounded.
  { key: 'saveObjective', what: 'an organization Objective that does not exist', payload: newObjective({ servesOrgObjectiveId: 'no-such-org-objective' }), code: 'VALIDATION', field: 'objective.servesOrgObjectiveId' },
  { key: 'saveObjective', what: 'a team’s Objective as the organization Objective it serves', payload: newObjective({ servesOrgObjectiveId: GYM.o1 }), code: 'VALIDATION', field: 'objective.servesOrgObjectiveId' },
  { key: 'saveKeyResult', what: 'a contribution to an organization Key Result that does not exist', payload: newKeyResult({ contributesTo: { orgKeyResultId: 'no-such-org-kr' } }), code: 'VALIDATION', field: 'keyResult.contributesTo.orgKeyResultId' },
  { key: 'saveKeyResult', what: 'a contribution with a weight of 0', payload: (s: Seeded) => newKeyResult({ contributesTo: { orgKeyResultId: s.org.keyResultId, weight: 0 } }), code: 'VALIDATION', field: 'keyResult.contributesTo.weight' },
  { key: 'saveSettings', what: 'a Product Goal of 501 characters', payload: { productGoal: { text: 'x'.repeat(501) } }, code: 'VALIDATION', field: 'productGoal.text' },
  { key: 'saveSettings', what: 'a blank Product Goal', payload: { productGoal: { text: '   ' } }, code: 'VALIDATION', field: 'productGoal.text' },
  { key: 'saveSettings', what: 'a Product Goal serving an organization Objective that does not exist', payload: { productGoal: { text: 'Members love the app', servesOrgObjectiveId: 'gone' } }, code: 'VALIDATION', field: 'productGoal.servesOrgObjectiveId' },
  { key: 'saveOrganizationKeyResult', what: 'progress from somewhere else', as: 'elena', payload: (s: Seeded) => ({ keyResult: { objectiveId: s.org.objectiveId, title: 'NPS', metric, progressFrom: 'issues' } }), code: 'VALIDATION', field: 'keyResult.progressFrom' },
  { key: 'getAlignmentChoices', what: 'a project key in the payload', payload: { projectKey: 'OPS' }, code: 'VALIDATION', field: 'projectKey' },

  // getIssuePanel: the issue comes from the context, never from the payload.
  { key: 'getIssuePanel', what: 'an issue key in the payload', payload: { issueKey: OPS_ISSUE }, code: 'VALIDATION', field: 'issueKey' },
  { key: 'getIssuePanel', what: 'an array for a payload', payload: [GYM_ISSUE], code: 'VALIDATION', field: null },
  { key: 'getIssuePanel', what: 'a string for a payload', payload: 'GYM-3', code: 'VALIDATION', field: null },
  { key: 'getIssuePanel', what: 'a __proto__ key', payload: withOwnKey({}, '__proto__', POLLUTER), code: 'VALIDATION', field: '__proto__' },
  { key: 'getIssuePanel', what: 'a GYM issue for Oscar, who may not browse GYM', as: 'oscar', payload: {}, code: 'FORBIDDEN' },

  // searchKeyResults
  { key: 'searchKeyResults', what: 'a 300 KB query', payload: { query: HUGE_TITLE }, code: 'VALIDATION', field: 'query' },
  { key: 'searchKeyResults', what: 'a number for the query', payload: { query: 42 }, code: 'VALIDATION', field: 'query' },
  { key: 'searchKeyResults', what: 'a fifth quarter', payload: { cycleId: '2026-Q5' }, code: 'VALIDATION', field: 'cycleId' },
  { key: 'searchKeyResults', what: 'a cycle of the year 50 (no such cycle)', payload: { cycleId: '0050-Q1' }, code: 'NOT_FOUND', field: 'cycleId' },
  { key: 'searchKeyResults', what: 'a constructor key', payload: withOwnKey({ query: 'plan' }, 'constructor', { prototype: POLLUTER }), code: 'VALIDATION', field: 'constructor' },
  { key: 'searchKeyResults', what: 'a project key in the payload', payload: { query: 'plan', projectKey: 'OPS' }, code: 'VALIDATION', field: 'projectKey' },

  // linkIssue
  { key: 'linkIssue', what: 'a null payload (Forge passes it on as {})', payload: null, code: 'VALIDATION', field: 'keyResultId' },
  { key: 'linkIssue', what: 'an id with a slash and spaces', payload: { keyResultId: '../key-result/ x' }, code: 'VALIDATION', field: 'keyResultId' },
  { key: 'linkIssue', what: 'an id of 65 characters', payload: { keyResultId: 'k'.repeat(65) }, code: 'VALIDATION', field: 'keyResultId' },
  { key: 'linkIssue', what: 'an array of ids', payload: { keyResultId: [GYM.o1kr1] }, code: 'VALIDATION', field: 'keyResultId' },
  { key: 'linkIssue', what: 'an unknown Key Result', payload: { keyResultId: 'no-such-key-result' }, code: 'NOT_FOUND', field: 'keyResultId' },
  { key: 'linkIssue', what: 'a Key Result of OPS on a GYM issue', payload: (s: Seeded) => ({ keyResultId: s.ops.keyResultId }), code: 'VALIDATION', field: 'keyResultId' },
  { key: 'linkIssue', what: 'a Key Result of a closed cycle', payload: { keyResultId: GYM.closedKr }, code: 'VALIDATION', field: 'keyResultId' },
  { key: 'linkIssue', what: 'a GYM Key Result on an OPS issue Priya may only browse', issue: OPS_ISSUE, payload: { keyResultId: GYM.o1kr1 }, code: 'FORBIDDEN' },
  { key: 'linkIssue', what: 'a GYM Key Result by Sofia, who may not edit issues', as: 'sofia', payload: { keyResultId: GYM.o1kr1 }, code: 'FORBIDDEN' },

  // linkIssues / unlinkIssues (the project page's bulk link and its undo)
  { key: 'linkIssues', what: 'no issues', payload: { keyResultId: GYM.o1kr1, issueKeys: [] }, code: 'VALIDATION', field: 'issueKeys' },
  { key: 'linkIssues', what: '51 issues', payload: { keyResultId: GYM.o1kr1, issueKeys: Array.from({ length: 51 }, (_, i) => `GYM-${i + 1}`) }, code: 'VALIDATION', field: 'issueKeys' },
  { key: 'linkIssues', what: 'a JQL fragment for an issue key', payload: { keyResultId: GYM.o1kr1, issueKeys: ['GYM-1) OR project = OPS'] }, code: 'VALIDATION', field: 'issueKeys.0' },
  { key: 'linkIssues', what: 'an issue key in lower case', payload: { keyResultId: GYM.o1kr1, issueKeys: ['gym-3'] }, code: 'VALIDATION', field: 'issueKeys.0' },
  { key: 'linkIssues', what: 'an unknown Key Result', payload: { keyResultId: 'no-such-key-result', issueKeys: [GYM_ISSUE] }, code: 'NOT_FOUND', field: 'keyResultId' },
  { key: 'linkIssues', what: 'a Key Result of OPS', payload: (s: Seeded) => ({ keyResultId: s.ops.keyResultId, issueKeys: [GYM_ISSUE] }), code: 'VALIDATION', field: 'keyResultId' },
  { key: 'linkIssues', what: 'a Key Result of a closed cycle', payload: { keyResultId: GYM.closedKr, issueKeys: [GYM_ISSUE] }, code: 'VALIDATION', field: 'keyResultId' },
  { key: 'linkIssues', what: 'only an OPS issue Priya may only browse, from GYM’s page', payload: { keyResultId: GYM.o1kr1, issueKeys: [OPS_ISSUE] }, code: 'FORBIDDEN' },
  { key: 'linkIssues', what: 'by Sofia, who may not edit issues', as: 'sofia', payload: { keyResultId: GYM.o1kr1, issueKeys: [GYM_ISSUE] }, code: 'FORBIDDEN' },
  { key: 'unlinkIssues', what: 'a single key, not a list', payload: { keyResultId: GYM.o1kr1, issueKeys: GYM_ISSUE }, code: 'VALIDATION', field: 'issueKeys' },
  { key: 'unlinkIssues', what: 'a project key in the payload', payload: { keyResultId: GYM.o1kr1, issueKeys: [GYM_ISSUE], projectKey: 'OPS' }, code: 'VALIDATION', field: 'projectKey' },

  // unlinkIssue
  { key: 'unlinkIssue', what: 'a number for the id', payload: { keyResultId: 5 }, code: 'VALIDATION', field: 'keyResultId' },
  { key: 'unlinkIssue', what: 'a Key Result the issue is not linked to', payload: { keyResultId: GYM.o2kr1 }, code: 'NOT_FOUND', field: 'keyResultId' },
  { key: 'unlinkIssue', what: 'a Key Result of OPS', payload: (s: Seeded) => ({ keyResultId: s.ops.keyResultId }), code: 'NOT_FOUND', field: 'keyResultId' },
  { key: 'unlinkIssue', what: 'an issue key beside the id', payload: { keyResultId: GYM.o1kr1, issueKey: 'GYM-4' }, code: 'VALIDATION', field: 'issueKey' },

  // getProjectOverview
  { key: 'getProjectOverview', what: 'a number for the cycle', payload: { cycleId: 2026 }, code: 'VALIDATION', field: 'cycleId' },
  { key: 'getProjectOverview', what: 'the year 99, which dates read as 1999', payload: { cycleId: '0099-Q4' }, code: 'NOT_FOUND', field: 'cycleId' },
  { key: 'getProjectOverview', what: 'another project in the payload', payload: { projectKey: 'OPS' }, code: 'VALIDATION', field: 'projectKey' },
  { key: 'getProjectOverview', what: 'GYM for Oscar, who may not browse it', as: 'oscar', payload: {}, code: 'FORBIDDEN' },

  // getBacklogPage
  { key: 'getBacklogPage', what: 'a number for the cursor', payload: { cursor: 5 }, code: 'VALIDATION', field: 'cursor' },
  { key: 'getBacklogPage', what: 'a cursor Jira never gave', payload: { cursor: 'not-a-cursor' }, code: 'VALIDATION', field: 'cursor' },
  { key: 'getBacklogPage', what: 'a cursor of 5,000 characters', payload: { cursor: 'c'.repeat(5000) }, code: 'VALIDATION', field: 'cursor' },
  { key: 'getBacklogPage', what: 'an unknown filter word', payload: { filter: 'everything' }, code: 'VALIDATION', field: 'filter' },
  { key: 'getBacklogPage', what: 'JQL in the Key Result id', payload: { filter: { keyResultId: 'x" OR project = OPS' } }, code: 'VALIDATION', field: 'filter.keyResultId' },
  { key: 'getBacklogPage', what: 'an unknown Key Result', payload: { filter: { keyResultId: 'no-such-key-result' } }, code: 'NOT_FOUND', field: 'filter.keyResultId' },
  { key: 'getBacklogPage', what: 'a Key Result of OPS', payload: (s: Seeded) => ({ filter: { keyResultId: s.ops.keyResultId } }), code: 'NOT_FOUND', field: 'filter.keyResultId' },
  { key: 'getBacklogPage', what: 'the backlog of GYM for Oscar, who may not browse it', as: 'oscar', payload: {}, code: 'FORBIDDEN' },

  // getKeyResultIssues
  { key: 'getKeyResultIssues', what: 'no Key Result', payload: {}, code: 'VALIDATION', field: 'keyResultId' },
  { key: 'getKeyResultIssues', what: 'a negative cursor', payload: { keyResultId: GYM.o1kr1, cursor: '-50' }, code: 'VALIDATION', field: 'cursor' },
  { key: 'getKeyResultIssues', what: 'a cursor that is not a position', payload: { keyResultId: GYM.o1kr1, cursor: 'abc' }, code: 'VALIDATION', field: 'cursor' },
  { key: 'getKeyResultIssues', what: 'an unknown Key Result', payload: { keyResultId: 'no-such-key-result' }, code: 'NOT_FOUND', field: 'keyResultId' },
  { key: 'getKeyResultIssues', what: 'a Key Result of OPS', payload: (s: Seeded) => ({ keyResultId: s.ops.keyResultId }), code: 'NOT_FOUND', field: 'keyResultId' },
  { key: 'getKeyResultIssues', what: 'a GYM Key Result for Oscar, who may not browse GYM', as: 'oscar', payload: { keyResultId: GYM.o1kr1 }, code: 'FORBIDDEN' },

  // saveObjective
  { key: 'saveObjective', what: 'a null payload', payload: null, code: 'VALIDATION', field: 'objective' },
  { key: 'saveObjective', what: 'an array for the Objective', payload: { objective: [{ cycleId: '2026-Q4', title: 'x', status: 'draft' }] }, code: 'VALIDATION', field: 'objective' },
  { key: 'saveObjective', what: 'a 300 KB title', payload: newObjective({ title: HUGE_TITLE }), code: 'VALIDATION', field: 'objective.title' },
  { key: 'saveObjective', what: 'a title of 256 characters', payload: newObjective({ title: 't'.repeat(256) }), code: 'VALIDATION', field: 'objective.title' },
  { key: 'saveObjective', what: 'a blank title', payload: newObjective({ title: ' \n\t ' }), code: 'VALIDATION', field: 'objective.title' },
  { key: 'saveObjective', what: 'a number for the title', payload: newObjective({ title: 42 }), code: 'VALIDATION', field: 'objective.title' },
  { key: 'saveObjective', what: 'a description of 5001 characters', payload: newObjective({ description: 'd'.repeat(5001) }), code: 'VALIDATION', field: 'objective.description' },
  { key: 'saveObjective', what: 'an unknown status', payload: newObjective({ status: 'archived' }), code: 'VALIDATION', field: 'objective.status' },
  { key: 'saveObjective', what: 'a malformed cycle', payload: newObjective({ cycleId: '2026-Q0' }), code: 'VALIDATION', field: 'objective.cycleId' },
  { key: 'saveObjective', what: 'a cycle of the year 50', payload: newObjective({ cycleId: '0050-Q1' }), code: 'VALIDATION', field: 'objective.cycleId' },
  { key: 'saveObjective', what: 'an empty owner', payload: newObjective({ ownerAccountId: '' }), code: 'VALIDATION', field: 'objective.ownerAccountId' },
  { key: 'saveObjective', what: 'a project key inside the Objective', payload: newObjective({ projectKey: 'OPS' }), code: 'VALIDATION', field: 'objective.projectKey' },
  { key: 'saveObjective', what: 'a version inside the Objective', payload: newObjective({ version: 99 }), code: 'VALIDATION', field: 'objective.version' },
  { key: 'saveObjective', what: 'a __proto__ key inside the Objective', payload: { objective: withOwnKey(newObjective({}).objective, '__proto__', POLLUTER) }, code: 'VALIDATION', field: 'objective.__proto__' },
  { key: 'saveObjective', what: 'a constructor key beside the Objective', payload: withOwnKey(newObjective({}), 'constructor', { prototype: POLLUTER }), code: 'VALIDATION', field: 'constructor' },
  { key: 'saveObjective', what: 'a negative expected version', payload: newObjective({}, { expectedVersion: -1 }), code: 'VALIDATION', field: 'expectedVersion' },
  { key: 'saveObjective', what: 'NaN for the expected version', payload: newObjective({}, { expectedVersion: Number.NaN }), code: 'VALIDATION', field: 'expectedVersion' },
  { key: 'saveObjective', what: 'a blank limit-override reason', payload: newObjective({ status: 'active' }, { overrideLimitReason: '   ' }), code: 'VALIDATION', field: 'overrideLimitReason' },
  { key: 'saveObjective', what: 'a change without its expected version', payload: newObjective({ id: GYM.o1, status: 'active' }, { reason: 'Reworded' }), code: 'VALIDATION', field: 'expectedVersion' },
  { key: 'saveObjective', what: 'a change of an active Objective without a reason', payload: (s: Seeded) => newObjective({ id: GYM.o1, status: 'active' }, { expectedVersion: s.versions[GYM.o1] }), code: 'VALIDATION', field: 'reason' },
  { key: 'saveObjective', what: 'a move to another cycle', payload: (s: Seeded) => newObjective({ id: GYM.o1, cycleId: '2027-Q1', status: 'active' }, { expectedVersion: s.versions[GYM.o1], reason: 'Later' }), code: 'VALIDATION', field: 'objective.cycleId' },
  { key: 'saveObjective', what: 'a stale expected version', payload: (s: Seeded) => newObjective({ id: GYM.o1, status: 'active' }, { expectedVersion: must(s.versions[GYM.o1], 's.versions[GYM.o1]') + 1, reason: 'Reworded' }), code: 'CONFLICT' },
  { key: 'saveObjective', what: 'a fourth OKR in process without an override', payload: (s: Seeded) => newObjective({ id: GYM.o4, status: 'active' }, { expectedVersion: s.versions[GYM.o4] }), code: 'LIMIT', field: 'objective.status' },
  { key: 'saveObjective', what: 'the id of an OPS Objective, from GYM', payload: (s: Seeded) => newObjective({ id: s.ops.objectiveId }, { expectedVersion: 1 }), code: 'NOT_FOUND', field: 'objective.id' },
  { key: 'saveObjective', what: 'the id of a GYM Objective, by Oscar from OPS', as: 'oscar', project: 'OPS', payload: (s: Seeded) => newObjective({ id: GYM.o1 }, { expectedVersion: s.versions[GYM.o1] }), code: 'NOT_FOUND', field: 'objective.id' },
  { key: 'saveObjective', what: 'a new Objective by Sam, who is not a Product Owner', as: 'sam', payload: newObjective({}), code: 'FORBIDDEN' },
  { key: 'saveObjective', what: 'a new Objective in GYM by Oscar, who may not browse it', as: 'oscar', payload: newObjective({}), code: 'FORBIDDEN' },

  // deleteObjective
  { key: 'deleteObjective', what: 'no expected version', payload: { id: GYM.o1 }, code: 'VALIDATION', field: 'expectedVersion' },
  { key: 'deleteObjective', what: 'a string for the expected version', payload: { id: GYM.o1, expectedVersion: '1' }, code: 'VALIDATION', field: 'expectedVersion' },
  { key: 'deleteObjective', what: 'an id with a path in it', payload: { id: 'objective/../settings', expectedVersion: 1 }, code: 'VALIDATION', field: 'id' },
  { key: 'deleteObjective', what: 'an object for the id', payload: { id: { $ne: null }, expectedVersion: 1 }, code: 'VALIDATION', field: 'id' },
  { key: 'deleteObjective', what: 'an unknown Objective', payload: { id: 'no-such-objective', expectedVersion: 1 }, code: 'NOT_FOUND', field: 'id' },
  { key: 'deleteObjective', what: 'an OPS Objective, from GYM', payload: (s: Seeded) => ({ id: s.ops.objectiveId, expectedVersion: 1 }), code: 'NOT_FOUND', field: 'id' },
  { key: 'deleteObjective', what: 'a GYM Objective, by Oscar from OPS', as: 'oscar', project: 'OPS', payload: (s: Seeded) => ({ id: GYM.o1, expectedVersion: s.versions[GYM.o1] }), code: 'NOT_FOUND', field: 'id' },
  { key: 'deleteObjective', what: 'a stale expected version', payload: (s: Seeded) => ({ id: GYM.o2, expectedVersion: must(s.versions[GYM.o2], 's.versions[GYM.o2]') + 3 }), code: 'CONFLICT' },
  { key: 'deleteObjective', what: 'a delete by Sofia, a stakeholder', as: 'sofia', payload: (s: Seeded) => ({ id: GYM.o2, expectedVersion: s.versions[GYM.o2] }), code: 'FORBIDDEN' },

  // saveKeyResult
  { key: 'saveKeyResult', what: 'NaN for the target', payload: withMetric({ target: Number.NaN }), code: 'VALIDATION', field: 'keyResult.metric.target' },
  { key: 'saveKeyResult', what: 'Infinity for the start', payload: withMetric({ start: Number.POSITIVE_INFINITY }), code: 'VALIDATION', field: 'keyResult.metric.start' },
  { key: 'saveKeyResult', what: '-Infinity for the current value', payload: withMetric({ current: Number.NEGATIVE_INFINITY }), code: 'VALIDATION', field: 'keyResult.metric.current' },
  { key: 'saveKeyResult', what: 'a string for the target', payload: withMetric({ target: '40' }), code: 'VALIDATION', field: 'keyResult.metric.target' },
  { key: 'saveKeyResult', what: 'an unknown direction', payload: withMetric({ direction: 'sideways' }), code: 'VALIDATION', field: 'keyResult.metric.direction' },
  { key: 'saveKeyResult', what: 'a unit of 33 characters', payload: withMetric({ unit: 'u'.repeat(33) }), code: 'VALIDATION', field: 'keyResult.metric.unit' },
  { key: 'saveKeyResult', what: 'a progress field in the metric', payload: withMetric({ progress: 1 }), code: 'VALIDATION', field: 'keyResult.metric.progress' },
  { key: 'saveKeyResult', what: 'an array for the metric', payload: newKeyResult({ metric: [metric] }), code: 'VALIDATION', field: 'keyResult.metric' },
  { key: 'saveKeyResult', what: 'no metric', payload: newKeyResult({ metric: undefined }), code: 'VALIDATION', field: 'keyResult.metric' },
  { key: 'saveKeyResult', what: 'a weight of 0', payload: newKeyResult({ weight: 0 }), code: 'VALIDATION', field: 'keyResult.weight' },
  { key: 'saveKeyResult', what: 'a weight of a billion', payload: newKeyResult({ weight: 1e9 }), code: 'VALIDATION', field: 'keyResult.weight' },
  { key: 'saveKeyResult', what: 'a 300 KB title', payload: newKeyResult({ title: HUGE_TITLE }), code: 'VALIDATION', field: 'keyResult.title' },
  { key: 'saveKeyResult', what: 'check-ins smuggled in with the Key Result', payload: newKeyResult({ checkIns: [{ value: 99 }] }), code: 'VALIDATION', field: 'keyResult.checkIns' },
  { key: 'saveKeyResult', what: 'a __proto__ key inside the metric', payload: newKeyResult({ metric: withOwnKey(metric, '__proto__', POLLUTER) }), code: 'VALIDATION', field: 'keyResult.metric.__proto__' },
  { key: 'saveKeyResult', what: 'an unknown Objective', payload: newKeyResult({ objectiveId: 'no-such-objective' }), code: 'NOT_FOUND', field: 'keyResult.objectiveId' },
  { key: 'saveKeyResult', what: 'an OPS Objective, from GYM', payload: (s: Seeded) => newKeyResult({ objectiveId: s.ops.objectiveId }), code: 'NOT_FOUND', field: 'keyResult.objectiveId' },
  { key: 'saveKeyResult', what: 'an OPS Key Result under a GYM Objective', payload: (s: Seeded) => newKeyResult({ id: s.ops.keyResultId }, { expectedVersion: 1 }), code: 'NOT_FOUND', field: 'keyResult.id' },
  { key: 'saveKeyResult', what: 'a move to another Objective', payload: (s: Seeded) => newKeyResult({ id: GYM.o1kr1, objectiveId: GYM.o2 }, { expectedVersion: s.versions[GYM.o1kr1] }), code: 'VALIDATION', field: 'keyResult.objectiveId' },
  { key: 'saveKeyResult', what: 'a new Key Result by Sam', as: 'sam', payload: newKeyResult({}), code: 'FORBIDDEN' },

  // deleteKeyResult
  { key: 'deleteKeyResult', what: 'a fractional expected version', payload: { id: GYM.o1kr1, expectedVersion: 1.5 }, code: 'VALIDATION', field: 'expectedVersion' },
  { key: 'deleteKeyResult', what: 'an empty id', payload: { id: '', expectedVersion: 1 }, code: 'VALIDATION', field: 'id' },
  { key: 'deleteKeyResult', what: 'an unknown Key Result', payload: { id: 'no-such-key-result', expectedVersion: 1 }, code: 'NOT_FOUND', field: 'id' },
  { key: 'deleteKeyResult', what: 'an OPS Key Result, from GYM', payload: (s: Seeded) => ({ id: s.ops.keyResultId, expectedVersion: 1 }), code: 'NOT_FOUND', field: 'id' },
  { key: 'deleteKeyResult', what: 'a GYM Key Result, by Oscar from OPS', as: 'oscar', project: 'OPS', payload: (s: Seeded) => ({ id: GYM.o1kr1, expectedVersion: s.versions[GYM.o1kr1] }), code: 'NOT_FOUND', field: 'id' },
  { key: 'deleteKeyResult', what: 'a stale expected version', payload: (s: Seeded) => ({ id: GYM.o2kr1, expectedVersion: must(s.versions[GYM.o2kr1], 's.versions[GYM.o2kr1]') + 1 }), code: 'CONFLICT' },

  // checkIn
  { key: 'checkIn', what: 'NaN for the value', payload: checkIn({ value: Number.NaN }), code: 'VALIDATION', field: 'value' },
  { key: 'checkIn', what: 'Infinity for the value', payload: checkIn({ value: Number.POSITIVE_INFINITY }), code: 'VALIDATION', field: 'value' },
  { key: 'checkIn', what: 'a string for the value', payload: checkIn({ value: '27' }), code: 'VALIDATION', field: 'value' },
  { key: 'checkIn', what: 'a confidence of 0', payload: checkIn({ confidence: 0 }), code: 'VALIDATION', field: 'confidence' },
  { key: 'checkIn', what: 'a confidence of 11', payload: checkIn({ confidence: 11 }), code: 'VALIDATION', field: 'confidence' },
  { key: 'checkIn', what: 'a confidence of 7.5', payload: checkIn({ confidence: 7.5 }), code: 'VALIDATION', field: 'confidence' },
  { key: 'checkIn', what: 'a note of 2001 characters', payload: checkIn({ note: 'n'.repeat(2001) }), code: 'VALIDATION', field: 'note' },
  { key: 'checkIn', what: 'a 10 MB note', payload: checkIn({ note: TEN_MB_NOTE }), code: 'VALIDATION', field: 'note' },
  { key: 'checkIn', what: 'a note that would take its Key Result over the storage limit', payload: checkIn({ keyResultId: GYM.heavyKr, value: 1, confidence: 5, note: LONG_NOTE }), code: 'VALIDATION', field: 'note' },
  { key: 'checkIn', what: 'a check-in past the most a Key Result keeps', payload: checkIn({ keyResultId: GYM.fullKr }), code: 'VALIDATION', field: 'keyResultId' },
  { key: 'checkIn', what: 'a back-dated check-in', payload: checkIn({ at: '2026-10-01T00:00:00.000Z' }), code: 'VALIDATION', field: 'at' },
  { key: 'checkIn', what: 'a check-in in someone else’s name', payload: checkIn({ accountId: USERS.diego }), code: 'VALIDATION', field: 'accountId' },
  { key: 'checkIn', what: 'an unknown Key Result', payload: checkIn({ keyResultId: 'no-such-key-result' }), code: 'NOT_FOUND', field: 'keyResultId' },
  { key: 'checkIn', what: 'an OPS Key Result, from GYM', payload: (s: Seeded) => checkIn({ keyResultId: s.ops.keyResultId }), code: 'NOT_FOUND', field: 'keyResultId' },
  { key: 'checkIn', what: 'a GYM Key Result, by Oscar from OPS', as: 'oscar', project: 'OPS', payload: checkIn({}), code: 'NOT_FOUND', field: 'keyResultId' },
  { key: 'checkIn', what: 'a check-in by Mei, neither Product Owner nor owner', as: 'mei', payload: checkIn({}), code: 'FORBIDDEN' },

  // setSprintKeyResults
  { key: 'setSprintKeyResults', what: 'a string for the sprint', payload: { sprintId: '9', keyResultIds: [] }, code: 'VALIDATION', field: 'sprintId' },
  { key: 'setSprintKeyResults', what: 'sprint 0', payload: { sprintId: 0, keyResultIds: [] }, code: 'VALIDATION', field: 'sprintId' },
  { key: 'setSprintKeyResults', what: 'sprint 9.5', payload: { sprintId: 9.5, keyResultIds: [] }, code: 'VALIDATION', field: 'sprintId' },
  { key: 'setSprintKeyResults', what: 'one id instead of a list', payload: { sprintId: 9, keyResultIds: GYM.o1kr1 }, code: 'VALIDATION', field: 'keyResultIds' },
  { key: 'setSprintKeyResults', what: 'an object instead of a list', payload: { sprintId: 9, keyResultIds: { 0: GYM.o1kr1, length: 1 } }, code: 'VALIDATION', field: 'keyResultIds' },
  { key: 'setSprintKeyResults', what: '26 Key Results', payload: { sprintId: 9, keyResultIds: Array.from({ length: 26 }, (_, i) => `kr-${i}`) }, code: 'VALIDATION', field: 'keyResultIds' },
  { key: 'setSprintKeyResults', what: 'a number among the ids', payload: { sprintId: 9, keyResultIds: [GYM.o1kr1, 7] }, code: 'VALIDATION', field: 'keyResultIds.1' },
  { key: 'setSprintKeyResults', what: 'an OPS sprint, from GYM', payload: { sprintId: OPS_SPRINT + 1, keyResultIds: [GYM.o1kr1] }, code: 'NOT_FOUND', field: 'sprintId' },
  { key: 'setSprintKeyResults', what: 'an unknown sprint', payload: { sprintId: 99_999, keyResultIds: [] }, code: 'NOT_FOUND', field: 'sprintId' },
  { key: 'setSprintKeyResults', what: 'an OPS Key Result, from GYM', payload: (s: Seeded) => ({ sprintId: 9, keyResultIds: [GYM.o1kr1, s.ops.keyResultId] }), code: 'VALIDATION', field: 'keyResultIds' },
  { key: 'setSprintKeyResults', what: 'a tie by Sam', as: 'sam', payload: { sprintId: 9, keyResultIds: [GYM.o1kr1] }, code: 'FORBIDDEN' },

  // getSprintReview
  { key: 'getSprintReview', what: 'no sprint', payload: {}, code: 'VALIDATION', field: 'sprintId' },
  { key: 'getSprintReview', what: 'a negative sprint', payload: { sprintId: -8 }, code: 'VALIDATION', field: 'sprintId' },
  { key: 'getSprintReview', what: 'NaN for the sprint', payload: { sprintId: Number.NaN }, code: 'VALIDATION', field: 'sprintId' },
  { key: 'getSprintReview', what: 'an array of sprints', payload: { sprintId: [8] }, code: 'VALIDATION', field: 'sprintId' },
  { key: 'getSprintReview', what: 'the OPS sprint’s review, from GYM', payload: { sprintId: OPS_SPRINT }, code: 'NOT_FOUND', field: 'sprintId' },
  { key: 'getSprintReview', what: 'an unknown sprint', payload: { sprintId: 99_999 }, code: 'NOT_FOUND', field: 'sprintId' },
  { key: 'getSprintReview', what: 'GYM’s review for Oscar', as: 'oscar', payload: { sprintId: GYM.reviewedSprint }, code: 'FORBIDDEN' },

  // carryOverObjective
  { key: 'carryOverObjective', what: 'no expected version', payload: carry({ expectedVersion: undefined }), code: 'VALIDATION', field: 'expectedVersion' },
  { key: 'carryOverObjective', what: 'a grade off the 0.1 steps', payload: (s: Seeded) => carry({ keyResults: [{ id: GYM.o1kr1, expectedVersion: s.versions[GYM.o1kr1], score: 0.65 }] }, s), code: 'VALIDATION', field: 'keyResults.0.score' },
  { key: 'carryOverObjective', what: 'the same Key Result twice', payload: (s: Seeded) => carry({ keyResults: [{ id: GYM.o1kr1, expectedVersion: 1 }, { id: GYM.o1kr1, expectedVersion: 1 }] }, s), code: 'VALIDATION', field: 'keyResults' },
  { key: 'carryOverObjective', what: 'six Key Results at once', payload: (s: Seeded) => carry({ keyResults: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id, expectedVersion: 1 })) }, s), code: 'VALIDATION', field: 'keyResults' },
  { key: 'carryOverObjective', what: 'a blank note', payload: (s: Seeded) => carry({ note: '  ' }, s), code: 'VALIDATION', field: 'note' },
  { key: 'carryOverObjective', what: 'a Key Result of another Objective', payload: (s: Seeded) => carry({ keyResults: [{ id: GYM.o2kr1, expectedVersion: s.versions[GYM.o2kr1] }] }, s), code: 'NOT_FOUND', field: 'keyResults.0.id' },
  { key: 'carryOverObjective', what: 'a stale version of the Objective', payload: (s: Seeded) => carry({ expectedVersion: must(s.versions[GYM.o1], 'o1') + 1 }, s), code: 'CONFLICT' },
  { key: 'carryOverObjective', what: 'the id of an OPS Objective, from GYM', payload: (s: Seeded) => carry({ objectiveId: s.ops.objectiveId, expectedVersion: 1 }, s), code: 'NOT_FOUND', field: 'objectiveId' },
  { key: 'carryOverObjective', what: 'a carry-over by Sam, who is not a Product Owner', as: 'sam', payload: (s: Seeded) => carry({}, s), code: 'FORBIDDEN' },

  // gradeKeyResult
  { key: 'gradeKeyResult', what: 'a score off the 0.1 steps', payload: grade({ score: 0.75 }), code: 'VALIDATION', field: 'score' },
  { key: 'gradeKeyResult', what: 'NaN for the score', payload: grade({ score: Number.NaN }), code: 'VALIDATION', field: 'score' },
  { key: 'gradeKeyResult', what: 'Infinity for the score', payload: grade({ score: Number.POSITIVE_INFINITY }), code: 'VALIDATION', field: 'score' },
  { key: 'gradeKeyResult', what: 'a string for the score', payload: grade({ score: '0.7' }), code: 'VALIDATION', field: 'score' },
  { key: 'gradeKeyResult', what: 'a confidence of 0', payload: grade({ confidence: 0 }), code: 'VALIDATION', field: 'confidence' },
  { key: 'gradeKeyResult', what: 'NaN for the new value', payload: grade({ confidence: 6, value: Number.NaN }), code: 'VALIDATION', field: 'value' },
  { key: 'gradeKeyResult', what: 'a new value without a confidence', payload: grade({ value: 30 }), code: 'VALIDATION', field: 'confidence' },
  { key: 'gradeKeyResult', what: 'a 10 MB note', payload: grade({ note: TEN_MB_NOTE }), code: 'VALIDATION', field: 'note' },
  { key: 'gradeKeyResult', what: 'a new value with a note its Key Result has no room for', payload: grade({ keyResultId: GYM.heavyKr, confidence: 5, value: 1, note: LONG_NOTE }), code: 'VALIDATION', field: 'note' },
  { key: 'gradeKeyResult', what: 'a new value for a Key Result that keeps no more check-ins', payload: grade({ keyResultId: GYM.fullKr, confidence: 5, value: 2 }), code: 'VALIDATION', field: 'value' },
  { key: 'gradeKeyResult', what: 'a Key Result the sprint did not serve', payload: grade({ keyResultId: GYM.o2kr1 }), code: 'VALIDATION', field: 'keyResultId' },
  { key: 'gradeKeyResult', what: 'an OPS Key Result in GYM’s review', payload: (s: Seeded) => grade({ keyResultId: s.ops.keyResultId }), code: 'VALIDATION', field: 'keyResultId' },
  { key: 'gradeKeyResult', what: 'the OPS review, from GYM', payload: (s: Seeded) => grade({ sprintId: OPS_SPRINT, keyResultId: s.ops.keyResultId }), code: 'NOT_FOUND', field: 'sprintId' },
  { key: 'gradeKeyResult', what: 'a grade of GYM’s review by Oscar from OPS', as: 'oscar', project: 'OPS', payload: grade({}), code: 'NOT_FOUND', field: 'sprintId' },
  { key: 'gradeKeyResult', what: 'a grade by Sofia, a stakeholder', as: 'sofia', payload: grade({}), code: 'FORBIDDEN' },

  // getHistory
  { key: 'getHistory', what: 'both an Objective and a Key Result', payload: { objectiveId: GYM.o1, keyResultId: GYM.o1kr1 }, code: 'VALIDATION', field: 'keyResultId' },
  { key: 'getHistory', what: 'neither', payload: {}, code: 'VALIDATION', field: 'objectiveId' },
  { key: 'getHistory', what: 'null for the Objective', payload: { objectiveId: null }, code: 'VALIDATION', field: 'objectiveId' },
  { key: 'getHistory', what: 'an OPS Objective, from GYM', payload: (s: Seeded) => ({ objectiveId: s.ops.objectiveId }), code: 'NOT_FOUND', field: 'objectiveId' },
  { key: 'getHistory', what: 'an unknown Key Result', payload: { keyResultId: 'no-such-key-result' }, code: 'NOT_FOUND', field: 'keyResultId' },
  { key: 'getHistory', what: 'GYM’s history for Oscar', as: 'oscar', payload: { objectiveId: GYM.o1 }, code: 'FORBIDDEN' },

  // saveSettings
  { key: 'saveSettings', what: 'an OKR limit of 0', payload: { okrLimit: 0 }, code: 'VALIDATION', field: 'okrLimit' },
  { key: 'saveSettings', what: 'an OKR limit of 21', payload: { okrLimit: 21 }, code: 'VALIDATION', field: 'okrLimit' },
  { key: 'saveSettings', what: 'NaN for the OKR limit', payload: { okrLimit: Number.NaN }, code: 'VALIDATION', field: 'okrLimit' },
  { key: 'saveSettings', what: 'month 13', payload: { fiscalYearStartMonth: 13 }, code: 'VALIDATION', field: 'fiscalYearStartMonth' },
  { key: 'saveSettings', what: 'yearly cycles', payload: { cycleLength: 'year' }, code: 'VALIDATION', field: 'cycleLength' },
  { key: 'saveSettings', what: 'a negative board', payload: { boardId: -1 }, code: 'VALIDATION', field: 'boardId' },
  { key: 'saveSettings', what: 'the OPS board, from GYM', payload: { boardId: OPS_BOARD }, code: 'VALIDATION', field: 'boardId' },
  { key: 'saveSettings', what: 'one Product Owner as a string', payload: { productOwnerAccountIds: USERS.sam }, code: 'VALIDATION', field: 'productOwnerAccountIds' },
  { key: 'saveSettings', what: 'an empty Product Owner id', payload: { productOwnerAccountIds: [USERS.priya, ''] }, code: 'VALIDATION', field: 'productOwnerAccountIds.1' },
  { key: 'saveSettings', what: '21 Product Owners', payload: { productOwnerAccountIds: Array.from({ length: 21 }, (_, i) => `account-${i}`) }, code: 'VALIDATION', field: 'productOwnerAccountIds' },
  { key: 'saveSettings', what: '0 days before a Key Result is to check in', payload: { staleCheckInDays: 0 }, code: 'VALIDATION', field: 'staleCheckInDays' },
  { key: 'saveSettings', what: 'a negative version read', payload: { okrLimit: 4, expectedVersion: -1 }, code: 'VALIDATION', field: 'expectedVersion' },
  { key: 'saveSettings', what: '91 days before a Key Result is to check in', payload: { staleCheckInDays: 91 }, code: 'VALIDATION', field: 'staleCheckInDays' },
  { key: 'saveSettings', what: 'half a day before a Key Result is to check in', payload: { staleCheckInDays: 0.5 }, code: 'VALIDATION', field: 'staleCheckInDays' },
  { key: 'saveSettings', what: 'a version in the payload', payload: { okrLimit: 4, version: 7 }, code: 'VALIDATION', field: 'version' },
  { key: 'saveSettings', what: 'a __proto__ key', payload: withOwnKey({ okrLimit: 4 }, '__proto__', POLLUTER), code: 'VALIDATION', field: '__proto__' },
  { key: 'saveSettings', what: 'a change by Sam', as: 'sam', payload: { okrLimit: 5 }, code: 'FORBIDDEN' },

  // getGadgetOkrs (a dashboard gadget: the payload names the project)
  { key: 'getGadgetOkrs', what: 'no project', payload: {}, code: 'VALIDATION', field: 'projectKey' },
  { key: 'getGadgetOkrs', what: 'a project key in lower case', payload: { projectKey: 'gym' }, code: 'VALIDATION', field: 'projectKey' },
  { key: 'getGadgetOkrs', what: 'a project id instead of a key', payload: { projectKey: 10000 }, code: 'VALIDATION', field: 'projectKey' },
  { key: 'getGadgetOkrs', what: 'JQL for a project key', payload: { projectKey: 'GYM OR project = OPS' }, code: 'VALIDATION', field: 'projectKey' },
  { key: 'getGadgetOkrs', what: 'a 10 MB project key', payload: { projectKey: 'G'.repeat(10_000_000) }, code: 'VALIDATION', field: 'projectKey' },
  { key: 'getGadgetOkrs', what: 'a fifth quarter', payload: { projectKey: 'GYM', cycleId: '2026-Q5' }, code: 'VALIDATION', field: 'cycleId' },
  { key: 'getGadgetOkrs', what: 'a board beside the project', payload: { projectKey: 'GYM', boardId: 1 }, code: 'VALIDATION', field: 'boardId' },
  { key: 'getGadgetOkrs', what: 'a project that does not exist', payload: { projectKey: 'NOPE' }, code: 'FORBIDDEN' },
  { key: 'getGadgetOkrs', what: 'GYM’s OKRs for Oscar, from OPS', as: 'oscar', project: 'OPS', payload: { projectKey: 'GYM' }, code: 'FORBIDDEN' },

  // getGadgetProjects
  { key: 'getGadgetProjects', what: 'a number for the query', payload: { query: 7 }, code: 'VALIDATION', field: 'query' },
  { key: 'getGadgetProjects', what: 'a query of 101 characters', payload: { query: 'q'.repeat(101) }, code: 'VALIDATION', field: 'query' },
  { key: 'getGadgetProjects', what: 'a project key beside the query', payload: { projectKey: 'GYM' }, code: 'VALIDATION', field: 'projectKey' },

  // exportData
  { key: 'exportData', what: 'a format option', payload: { format: 'csv' }, code: 'VALIDATION', field: 'format' },
  { key: 'exportData', what: 'GYM’s OKRs for Oscar', as: 'oscar', payload: {}, code: 'FORBIDDEN' },
  { key: 'exportData', what: 'a cursor that is no export’s', payload: { cursor: 'eyJzZWN0aW9uIjo5fQ' }, code: 'VALIDATION', field: 'cursor' },
  { key: 'exportData', what: 'a 10 MB cursor', payload: { cursor: TEN_MB_NOTE }, code: 'VALIDATION', field: 'cursor' },

  // importData
  { key: 'importData', what: 'no data', payload: {}, code: 'VALIDATION', field: 'data' },
  { key: 'importData', what: 'null data', payload: { data: null }, code: 'VALIDATION', field: 'data' },
  { key: 'importData', what: 'an array of exports', payload: (s: Seeded) => ({ data: [s.gymExport] }), code: 'VALIDATION', field: 'data' },
  { key: 'importData', what: 'a 10 MB string', payload: { data: TEN_MB_NOTE }, code: 'VALIDATION', field: 'data' },
  { key: 'importData', what: 'another format', payload: (s: Seeded) => ({ data: { ...s.gymExport, format: 'jira-backup' } }), code: 'VALIDATION', field: 'data.format' },
  { key: 'importData', what: 'a schema version from the future', payload: (s: Seeded) => ({ data: { ...s.gymExport, schemaVersion: 99 } }), code: 'VALIDATION', field: 'data.schemaVersion' },
  { key: 'importData', what: 'OPS’s export into GYM', payload: (s: Seeded) => ({ data: s.opsExport }), code: 'VALIDATION', field: 'data.projectKey' },
  { key: 'importData', what: 'a 300 KB Key Result title', payload: (s: Seeded) => gymExportWith(s, (kr) => ({ ...kr, title: HUGE_TITLE })), code: 'VALIDATION', field: 'data.keyResults[0].title' },
  { key: 'importData', what: 'NaN for a target', payload: (s: Seeded) => gymExportWith(s, (kr) => ({ ...kr, metric: { ...(kr.metric as object), target: Number.NaN } })), code: 'VALIDATION', field: 'data.keyResults[0].metric.target' },
  {
    key: 'importData',
    what: 'a Key Result over the 230 KiB it may take',
    payload: (s: Seeded) => gymExportWith(s, (kr) => ({ ...kr, checkIns: Array.from({ length: 120 }, (_, i) => checkInAt(i, LONG_NOTE)) })),
    code: 'VALIDATION',
    field: 'data.keyResults[0].checkIns',
  },
  { key: 'importData', what: 'a __proto__ key in the export', payload: (s: Seeded) => ({ data: withOwnKey(s.gymExport, '__proto__', POLLUTER) }), code: 'VALIDATION', field: 'data.__proto__' },
  {
    key: 'importData',
    what: 'an OPS Objective’s id taken over',
    payload: (s: Seeded) => ({ data: { ...s.gymExport, objectives: [...s.gymExport.objectives, { ...must(s.gymExport.objectives[0], 's.gymExport.objectives[0]'), id: s.ops.objectiveId }] } }),
    code: 'VALIDATION',
    field: 'data.objectives[N].id',
  },
  {
    key: 'importData',
    what: 'history naming an OPS Objective',
    payload: (s: Seeded) => ({ data: { ...s.gymExport, changes: [...s.gymExport.changes, { ...must(s.gymExport.changes[0], 's.gymExport.changes[0]'), id: 'ch-forged', subject: 'objective', objectiveId: s.ops.objectiveId }] } }),
    code: 'VALIDATION',
    field: 'data.changes[N].objectiveId',
  },
  { key: 'importData', what: 'a project key beside the data', payload: (s: Seeded) => ({ data: s.gymExport, projectKey: 'OPS' }), code: 'VALIDATION', field: 'projectKey' },
  { key: 'importData', what: 'an import by Sam', as: 'sam', payload: (s: Seeded) => ({ data: s.gymExport }), code: 'FORBIDDEN' },

  // importInParts
  { key: 'importInParts', what: 'no phase', payload: { parts: 2 }, code: 'VALIDATION', field: 'phase' },
  { key: 'importInParts', what: 'an unknown phase', payload: { phase: 'apply' }, code: 'VALIDATION', field: 'phase' },
  { key: 'importInParts', what: 'no parts', payload: { phase: 'begin', parts: 0 }, code: 'VALIDATION', field: 'parts' },
  { key: 'importInParts', what: 'a thousand parts', payload: { phase: 'begin', parts: 1000 }, code: 'VALIDATION', field: 'parts' },
  { key: 'importInParts', what: 'a part over 400 KB', payload: { phase: 'part', importId: 'i-1', index: 0, text: TEN_MB_NOTE }, code: 'VALIDATION', field: 'text' },
  { key: 'importInParts', what: 'a part of quotes, 400 KB once escaped', payload: { phase: 'part', importId: 'i-1', index: 0, text: '"'.repeat(250_000) }, code: 'VALIDATION', field: 'text' },
  { key: 'importInParts', what: 'a part of an import never begun', payload: { phase: 'part', importId: 'i-1', index: 0, text: '{' }, code: 'NOT_FOUND', field: 'importId' },
  { key: 'importInParts', what: 'the finish of an import never begun', payload: { phase: 'finish', importId: 'i-1' }, code: 'NOT_FOUND', field: 'importId' },
  { key: 'importInParts', what: 'a begin by Sam', as: 'sam', payload: { phase: 'begin', parts: 2 }, code: 'FORBIDDEN' },

  // getSettingsPage
  { key: 'getSettingsPage', what: 'a project key in the payload', payload: { projectKey: 'OPS' }, code: 'VALIDATION', field: 'projectKey' },
  { key: 'getSettingsPage', what: 'GYM’s settings for Oscar', as: 'oscar', payload: {}, code: 'FORBIDDEN' },

  // searchPeople
  { key: 'searchPeople', what: 'no query', payload: {}, code: 'VALIDATION', field: 'query' },
  { key: 'searchPeople', what: 'a blank query', payload: { query: '   ' }, code: 'VALIDATION', field: 'query' },
  { key: 'searchPeople', what: 'a 10 MB query', payload: { query: TEN_MB_NOTE }, code: 'VALIDATION', field: 'query' },
  { key: 'searchPeople', what: 'people for Oscar, who may not browse GYM', as: 'oscar', payload: { query: 'sam' }, code: 'FORBIDDEN' },

  // previewImport
  { key: 'previewImport', what: 'neither data nor an import', payload: {}, code: 'VALIDATION', field: 'data' },
  { key: 'previewImport', what: 'both data and an import', payload: (s: Seeded) => ({ data: s.gymExport, importId: 'i-1' }), code: 'VALIDATION' },
  { key: 'previewImport', what: 'an import never begun', payload: { importId: 'i-1' }, code: 'NOT_FOUND', field: 'importId' },
  { key: 'previewImport', what: 'a bad import id', payload: { importId: '../x' }, code: 'VALIDATION' },
  { key: 'previewImport', what: 'a preview by Sam', as: 'sam', payload: (s: Seeded) => ({ data: s.gymExport }), code: 'FORBIDDEN' },

  // getPushEndpoint, createPushSecret, rotatePushSecret, revokePushSecret (the push secret)
  { key: 'getPushEndpoint', what: 'another project in the payload', payload: { projectKey: 'OPS' }, code: 'VALIDATION', field: 'projectKey' },
  { key: 'getPushEndpoint', what: 'the endpoint for Sam', as: 'sam', payload: {}, code: 'FORBIDDEN' },
  { key: 'createPushSecret', what: 'a secret of one’s own choosing', payload: { secret: 'password1' }, code: 'VALIDATION', field: 'secret' },
  { key: 'createPushSecret', what: 'a secret for Diego', as: 'diego', payload: {}, code: 'FORBIDDEN' },
  { key: 'createPushSecret', what: 'a secret for Oscar, who may not browse GYM', as: 'oscar', payload: {}, code: 'FORBIDDEN' },
  { key: 'rotatePushSecret', what: 'a rotation with no secret to rotate', payload: {}, code: 'NOT_FOUND' },
  { key: 'rotatePushSecret', what: 'a rotation by Sam', as: 'sam', payload: {}, code: 'FORBIDDEN' },
  { key: 'revokePushSecret', what: 'a revocation with no secret to revoke', payload: {}, code: 'NOT_FOUND' },
  { key: 'revokePushSecret', what: 'a secret named in the payload', payload: { secret: 'abcd' }, code: 'VALIDATION', field: 'secret' },

  // saveKeyResult's measure, refreshKeyResult (Key Results measured by Jira)
  { key: 'saveKeyResult', what: 'a measure with no JQL', payload: newKeyResult({ measure: { fn: 'count' } }), code: 'VALIDATION', field: 'keyResult.measure.jql' },
  { key: 'saveKeyResult', what: 'a JQL of 2,001 characters', payload: newKeyResult({ measure: { jql: `project = GYM AND summary ~ "${'x'.repeat(1971)}"`, fn: 'count' } }), code: 'VALIDATION', field: 'keyResult.measure.jql' },
  { key: 'saveKeyResult', what: 'an unknown function', payload: newKeyResult({ measure: { jql: 'project = GYM', fn: 'max' } }), code: 'VALIDATION', field: 'keyResult.measure.fn' },
  { key: 'saveKeyResult', what: 'a sum with no field', payload: newKeyResult({ measure: { jql: 'project = GYM', fn: 'sum' } }), code: 'VALIDATION', field: 'keyResult.measure.field' },
  { key: 'saveKeyResult', what: 'a field that is no field id', payload: newKeyResult({ measure: { jql: 'project = GYM', fn: 'sum', field: 'summary' } }), code: 'VALIDATION', field: 'keyResult.measure.field' },
  { key: 'saveKeyResult', what: 'whose rights the query runs with, in the payload', payload: newKeyResult({ measure: { jql: 'project = GYM', fn: 'count', accountId: 'someone-else' } }), code: 'VALIDATION', field: 'keyResult.measure.accountId' },
  { key: 'saveKeyResult', what: 'a JQL Jira refuses', payload: newKeyResult({ measure: { jql: 'project = NOPE AND', fn: 'count' } }), code: 'VALIDATION', field: 'keyResult.measure.jql' },
  { key: 'refreshKeyResult', what: 'no Key Result', payload: {}, code: 'VALIDATION', field: 'keyResultId' },
  { key: 'refreshKeyResult', what: 'a typed Key Result', payload: { keyResultId: GYM.o1kr1 }, code: 'VALIDATION', field: 'keyResultId' },
  { key: 'refreshKeyResult', what: 'a Key Result that does not exist', payload: { keyResultId: 'nope' }, code: 'NOT_FOUND', field: 'keyResultId' },
  { key: 'refreshKeyResult', what: 'a refresh by Sam', as: 'sam', payload: { keyResultId: GYM.o1kr1 }, code: 'FORBIDDEN' },

  // exportOrganization, previewOrganizationImport, importOrganization, importOrganizationInParts (the organization's file)
  { key: 'exportOrganization', what: 'a format option', payload: { format: 'csv' }, code: 'VALIDATION', field: 'format' },
  { key: 'exportOrganization', what: 'a cursor that is no export’s', payload: { cursor: 'eyJzZWN0aW9uIjo5fQ' }, code: 'VALIDATION', field: 'cursor' },
  { key: 'exportOrganization', what: 'a 10 MB cursor', payload: { cursor: TEN_MB_NOTE }, code: 'VALIDATION', field: 'cursor' },
  { key: 'previewOrganizationImport', what: 'neither data nor an import', as: 'elena', payload: {}, code: 'VALIDATION', field: 'data' },
  { key: 'previewOrganizationImport', what: 'an import never begun', as: 'elena', payload: { importId: 'i-1' }, code: 'NOT_FOUND', field: 'importId' },
  { key: 'previewOrganizationImport', what: 'a preview by the Product Owner, who lacks the global permission', payload: (s: Seeded) => ({ data: s.orgExport }), code: 'FORBIDDEN' },
  { key: 'importOrganization', what: 'no data', as: 'elena', payload: {}, code: 'VALIDATION', field: 'data' },
  { key: 'importOrganization', what: 'null data', as: 'elena', payload: { data: null }, code: 'VALIDATION', field: 'data' },
  { key: 'importOrganization', what: 'a 10 MB string', as: 'elena', payload: { data: TEN_MB_NOTE }, code: 'VALIDATION', field: 'data' },
  { key: 'importOrganization', what: 'GYM’s export', as: 'elena', payload: (s: Seeded) => ({ data: s.gymExport }), code: 'VALIDATION', field: 'data.format' },
  { key: 'importOrganization', what: 'a schema version from the future', as: 'elena', payload: (s: Seeded) => ({ data: { ...s.orgExport, schemaVersion: 99 } }), code: 'VALIDATION', field: 'data.schemaVersion' },
  { key: 'importOrganization', what: 'a 300 KB Objective title', as: 'elena', payload: (s: Seeded) => ({ data: { ...s.orgExport, objectives: (s.orgExport.objectives as object[]).map((o) => ({ ...o, title: HUGE_TITLE })) } }), code: 'VALIDATION', field: 'data.objectives[0].title' },
  { key: 'importOrganization', what: 'a __proto__ key in the file', as: 'elena', payload: (s: Seeded) => ({ data: withOwnKey(s.orgExport, '__proto__', POLLUTER) }), code: 'VALIDATION', field: 'data.__proto__' },
  { key: 'importOrganization', what: 'a basis that is no preview’s', as: 'elena', payload: (s: Seeded) => ({ data: s.orgExport, basis: 'yesterday' }), code: 'VALIDATION', field: 'basis' },
  { key: 'importOrganization', what: 'a basis of another state', as: 'elena', payload: (s: Seeded) => ({ data: s.orgExport, basis: '0'.repeat(64) }), code: 'CONFLICT' },
  { key: 'importOrganization', what: 'an import by the Product Owner', payload: (s: Seeded) => ({ data: s.orgExport }), code: 'FORBIDDEN' },
  { key: 'importOrganizationInParts', what: 'a thousand parts', as: 'elena', payload: { phase: 'begin', parts: 1000 }, code: 'VALIDATION', field: 'parts' },
  { key: 'importOrganizationInParts', what: 'a part over 400 KB', as: 'elena', payload: { phase: 'part', importId: 'i-1', index: 0, text: TEN_MB_NOTE }, code: 'VALIDATION', field: 'text' },
  { key: 'importOrganizationInParts', what: 'the finish of an import never begun', as: 'elena', payload: { phase: 'finish', importId: 'i-1' }, code: 'NOT_FOUND', field: 'importId' },
  { key: 'importOrganizationInParts', what: 'a begin by the agile coach', as: 'kofi', payload: { phase: 'begin', parts: 2 }, code: 'FORBIDDEN' },
];

// ─── Tests ────────────────────────────────────────────────────────────────────────────────────────

beforeAll(() => pinClock(DEMO_TODAY));
afterAll(() => jest.useRealTimers());

// One seeded site for the table and the markup checks (the fuzz seeds its own, one per key).
let platform: TestPlatform;
let seeded: Seeded;
const sharedSite = () => {
  beforeAll(async () => {
    platform = startPlatform();
    seeded = await seed(platform);
  });
  afterAll(() => platform.close());
};

describe(`${CASES.length} malformed payloads across all ${RESOLVER_KEYS.length} resolver keys`, () => {
  sharedSite();
  const prototypeBefore = pollutionProbe();

  it('cover every resolver key', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    expect([...new Set(CASES.map((entry) => entry.key))].sort()).toEqual([...RESOLVER_KEYS].sort());
  });

  it.each(CASES.map((entry) => [`${entry.key}: ${entry.what} → ${entry.code}`, entry] as const))('%s', async (_name, entry) => {
    const payload = typeof entry.payload === 'function' ? (entry.payload as (s: Seeded) => unknown)(seeded) : entry.payload;
    const before = platform.kvs.snapshot();
    const answer = await call(platform, entry.key, payload, entry);
    expect(answer).toMatchObject({ ok: false, error: { code: entry.code } });
    if (answer.ok) return;
    expect(answer.error.message.trim().length).toBeGreaterThan(10);
    expect(answer.error.message).not.toMatch(/undefined|\[object|NaN/);
    if (entry.field === null) {
      // A payload that is not an object at all has no field at fault.
      expect(answer.error).not.toHaveProperty('field');
    } else if (entry.field?.includes('[N]')) {
      expect(answer.error.field).toMatch(new RegExp(`^${entry.field.replace(/[.[\]]/g, '\\$&').replace('N', '\\d+')}$`));
    } else if (entry.field !== undefined) {
      expect(answer.error.field).toBe(entry.field);
    } else {
      // FORBIDDEN and CONFLICT are about the caller or the moment, not a field.
      expect(answer.error.field).toBeUndefined();
    }
    expectUnchanged(platform, before);
  });

  it('leave Object.prototype as it was', () => {
    expect(pollutionProbe()).toBe(prototypeBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});

describe('the answer to a malformed payload', () => {
  sharedSite();

  it.each<[string, ResolverKey, unknown, string]>([
    ['an array where an object belongs', 'saveObjective', { objective: [] }, 'Objective must be an object.'],
    ['a payload that is not an object', 'exportData', ['all'], 'The request must be an object.'],
    ['Infinity', 'saveKeyResult', withMetric({ target: Number.POSITIVE_INFINITY }), 'Target must be a finite number.'],
    ['an empty id', 'deleteKeyResult', { id: '', expectedVersion: 1 }, 'Id must not be empty.'],
    ['an empty id named in camel case', 'getHistory', { keyResultId: '' }, 'Key result id must not be empty.'],
    ['a weight of 0 (more than 0 is needed)', 'saveKeyResult', newKeyResult({ weight: 0 }), 'Weight must be more than 0.'],
    ['sprint 0', 'getSprintReview', { sprintId: 0 }, 'Sprint id must be more than 0.'],
    ['a blank reason', 'saveObjective', newObjective({}, { reason: ' ' }), 'Reason must not be empty.'],
    ['a fractional version', 'deleteObjective', { id: GYM.o1, expectedVersion: 0.5 }, 'Expected version must be a whole number.'],
    ['an OKR limit of 0', 'saveSettings', { okrLimit: 0 }, 'OKR limit must be at least 1.'],
    ['a check-in nudge after 0 days', 'saveSettings', { staleCheckInDays: 0 }, 'The check-in reminder must be between 1 and 90 days.'],
    ['26 Key Results for a sprint', 'setSprintKeyResults', { sprintId: 9, keyResultIds: Array.from({ length: 26 }, (_, i) => `kr-${i}`) }, 'Key result ids must hold at most 25.'],
    ['one id for a list', 'setSprintKeyResults', { sprintId: 9, keyResultIds: 'kr-1' }, 'Key result ids must be a list.'],
    ['a cycle of the year 50', 'saveObjective', newObjective({ cycleId: '0050-Q1' }), 'There is no OKR cycle 0050-Q1.'],
  ])('says what is wrong in plain words: %s', async (_what, key, payload, message) => {
    expect(await call(platform, key, payload)).toMatchObject({ ok: false, error: { code: 'VALIDATION', message } });
  });
});

describe('a null payload', () => {
  sharedSite();

  it('is an empty one, as Forge passes it on: reads answer, a write names its first missing field', async () => {
    const before = platform.kvs.snapshot();
    expect(dataOf(await call(platform, 'exportData', null))).toMatchObject({ projectKey: 'GYM' });
    expect(dataOf(await call(platform, 'getIssuePanel', null))).toMatchObject({ issue: { key: GYM_ISSUE } });
    expect(await call(platform, 'checkIn', null)).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'keyResultId', message: 'Key result id is required.' } });
    expectUnchanged(platform, before);
  });
});

describe('titles and notes with markup', () => {
  sharedSite();
  const objectiveTitle = '<img src=x onerror="window.__pwned=1">Grow <b>retention</b>';
  const description = '</textarea><script>alert("description")</script> & &amp; &lt;b&gt;';
  const keyResultTitle = `<script>window.__pwned=2</script> Members with a plan ≥ 45 % — "quoted" & 'single'`;
  const unit = '<b>%</b>';
  const note = '<iframe src="javascript:alert(1)"></iframe>{{constructor.constructor("alert(1)")()}}';

  it('are stored as the text they are, and come back exactly so everywhere', async () => {
    const objective = dataOf(
      await call(platform, 'saveObjective', { objective: { cycleId: '2026-Q4', title: objectiveTitle, description, status: 'active', ownerAccountId: USERS.priya }, overrideLimitReason: 'Work links only to active Objectives' }),
    );
    expect([objective.title, objective.description]).toEqual([objectiveTitle, description]);
    const keyResult = dataOf(await call(platform, 'saveKeyResult', { keyResult: { objectiveId: objective.id, title: keyResultTitle, metric: { ...metric, unit } } }));
    expect([keyResult.title, keyResult.metric.unit]).toEqual([keyResultTitle, unit]);
    const checkedIn = dataOf(await call(platform, 'checkIn', { keyResultId: keyResult.id, value: 20, confidence: 6, note }));
    expect(checkedIn.lastCheckIn?.note).toBe(note);

    const shown = must(dataOf(await call(platform, 'getProjectOverview', {})).objectives.find((candidate) => candidate.id === objective.id), 'dataOf(…).objectives.find((candidate) => candidate.id === objective.id)');
    expect([shown.title, shown.description, must(shown.keyResults[0], 'shown.keyResults[0]').title, must(shown.keyResults[0], 'shown.keyResults[0]').metric.unit, must(shown.keyResults[0], 'shown.keyResults[0]').lastCheckIn?.note]).toEqual([
      objectiveTitle,
      description,
      keyResultTitle,
      unit,
      note,
    ]);
    const found = dataOf(await call(platform, 'searchKeyResults', { query: '<script>' })).results;
    expect(found.map((result) => [result.keyResult.title, result.objective.title])).toEqual([[keyResultTitle, objectiveTitle]]);
    const panel = dataOf(await call(platform, 'linkIssue', { keyResultId: keyResult.id }));
    expect(panel.links.map((link) => [link.keyResult.title, link.objective.title])).toContainEqual([keyResultTitle, objectiveTitle]);
    const history = dataOf(await call(platform, 'getHistory', { objectiveId: objective.id })).changes;
    expect(must(history.at(-1), 'history.at(…)').after).toMatchObject({ title: objectiveTitle, description });
    const exported = dataOf(await call(platform, 'exportData', {}));
    expect(exported.objectives).toContainEqual(expect.objectContaining({ id: objective.id, title: objectiveTitle, description }));
    expect(platform.kvs.snapshot()).toContain(JSON.stringify(objectiveTitle).slice(1, -1));
  });

  it('keeps any title, trimmed, character for character (property)', async () => {
    const objective = dataOf(await call(platform, 'saveObjective', { objective: { cycleId: '2026-Q4', title: 'Titles survive storage', status: 'draft' } }));
    let version = objective.version;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 255 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }), fc.constantFrom(objectiveTitle, keyResultTitle, '<<>>&#0;', '\u0000\u2028\u2029\uFEFF<x>')),
        async (title) => {
          const before = platform.kvs.snapshot();
          const answer = await call(platform, 'saveObjective', { objective: { id: objective.id, cycleId: '2026-Q4', title, status: 'draft' }, expectedVersion: version });
          const expected = title.trim();
          if (expected.length === 0 || expected.length > 255) {
            expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'objective.title' } });
            expectUnchanged(platform, before);
            return;
          }
          const saved = dataOf(answer);
          version = saved.version;
          expect(saved.title).toBe(expected);
          const changes = dataOf(await call(platform, 'getHistory', { objectiveId: objective.id })).changes;
          const change = changes.find((candidate) => (candidate.after as { version?: number } | null)?.version === saved.version);
          expect((change?.after as { title: string }).title).toBe(expected);
        },
      ),
      { numRuns: 30 },
    );
  });
});

// ─── Fuzz ─────────────────────────────────────────────────────────────────────────────────────────

/** A valid payload for each key, against the seeded data (it may or may not succeed: a stale version, the limit…). */
const VALID: Record<ResolverKey, (s: Seeded) => Record<string, unknown>> = {
  getIssuePanel: () => ({}),
  searchKeyResults: () => ({ query: 'members', cycleId: '2026-Q4' }),
  linkIssue: () => ({ keyResultId: GYM.o1kr1 }),
  unlinkIssue: () => ({ keyResultId: GYM.o1kr1 }),
  linkIssues: () => ({ keyResultId: GYM.o1kr1, issueKeys: [GYM_ISSUE] }),
  unlinkIssues: () => ({ keyResultId: GYM.o1kr1, issueKeys: [GYM_ISSUE] }),
  getProjectOverview: () => ({ cycleId: '2026-Q4' }),
  getBacklogPage: () => ({ filter: { keyResultId: GYM.o1kr1 } }),
  getKeyResultIssues: () => ({ keyResultId: GYM.o1kr1 }),
  saveObjective: (s) => newObjective({ id: GYM.o2, status: 'active', description: 'Why it matters', ownerAccountId: USERS.diego }, { expectedVersion: s.versions[GYM.o2], reason: 'Sharper wording' }),
  deleteObjective: (s) => ({ id: GYM.o4, expectedVersion: s.versions[GYM.o4] }),
  saveKeyResult: (s) => newKeyResult({ id: GYM.o2kr1, objectiveId: GYM.o2, weight: 2 }, { expectedVersion: s.versions[GYM.o2kr1], reason: 'New baseline' }),
  refreshKeyResult: () => ({ keyResultId: GYM.o1kr1 }),
  deleteKeyResult: (s) => ({ id: GYM.o2kr1, expectedVersion: s.versions[GYM.o2kr1] }),
  checkIn: () => checkIn({ note: 'Steady week' }),
  setSprintKeyResults: () => ({ sprintId: 9, keyResultIds: [GYM.o1kr1, GYM.o2kr1] }),
  getSprintReview: () => ({ sprintId: GYM.reviewedSprint }),
  gradeKeyResult: () => grade({ confidence: 6, value: 30, note: 'Good sprint' }),
  carryOverObjective: (s) => carry({ keyResults: [{ id: GYM.o1kr1, expectedVersion: s.versions[GYM.o1kr1], score: 0.4 }], note: 'Next quarter' }, s),
  getHistory: () => ({ objectiveId: GYM.o1 }),
  saveSettings: () => ({ okrLimit: 4, fiscalYearStartMonth: 1, cycleLength: 'quarter', boardId: 1, productOwnerAccountIds: [USERS.priya, USERS.sam] }),
  getGadgetOkrs: () => ({ projectKey: 'GYM', cycleId: '2026-Q4' }),
  getGadgetProjects: () => ({ query: 'gym' }),
  exportData: () => ({}),
  importData: (s) => ({ data: s.gymExport }),
  importInParts: () => ({ phase: 'begin', parts: 2 }),
  getSettingsPage: () => ({}),
  getPushEndpoint: () => ({}),
  createPushSecret: () => ({}),
  rotatePushSecret: () => ({}),
  revokePushSecret: () => ({}),
  searchPeople: () => ({ query: 'sam' }),
  previewImport: (s) => ({ data: s.gymExport }),
  getOrganizationOkrs: () => ({ cycleId: '2026' }),
  getOrganizationHistory: (s) => ({ objectiveId: s.org.objectiveId }),
  saveOrganizationObjective: (s) => ({ objective: { id: s.org.objectiveId, cycleId: '2026', title: 'Become the club members recommend', status: 'active' }, expectedVersion: s.org.objectiveVersion, reason: 'Sharper' }),
  deleteOrganizationObjective: (s) => ({ id: s.org.objectiveId, expectedVersion: s.org.objectiveVersion }),
  saveOrganizationKeyResult: (s) => ({ keyResult: { objectiveId: s.org.objectiveId, title: 'Members who renew', metric }, reason: 'Added' }),
  deleteOrganizationKeyResult: (s) => ({ id: s.org.keyResultId, expectedVersion: s.org.keyResultVersion }),
  checkInOrganizationKeyResult: (s) => ({ keyResultId: s.org.keyResultId, value: 30, confidence: 7, note: 'Survey in' }),
  gradeOrganizationKeyResult: (s) => ({ keyResultId: s.org.keyResultId, score: 0.7, note: 'Good year' }),
  saveOrganizationSettings: () => ({ fiscalYearStartMonth: 4, expectedVersion: 0 }),
  getAlignmentChoices: () => ({}),
  exportOrganization: () => ({}),
  previewOrganizationImport: (s) => ({ data: s.orgExport }),
  importOrganization: (s) => ({ data: s.orgExport }),
  importOrganizationInParts: () => ({ phase: 'begin', parts: 2 }),
};

type Path = Array<string | number>;

/** Every path into a value's objects and arrays, the value itself included (the empty path). */
function pathsOf(value: unknown, path: Path = [], depth = 0): Path[] {
  const paths: Path[] = [path];
  if (depth >= 4 || typeof value !== 'object' || value === null) return paths;
  const entries = Array.isArray(value) ? value.slice(0, 3).map((item, i) => [i, item] as const) : Object.entries(value);
  for (const [key, child] of entries) paths.push(...pathsOf(child, [...path, key], depth + 1));
  return paths;
}

/** A copy of the value (JSON-ish, so structuredClone keeps NaN) with `change` applied at the path's parent. */
function mutateAt(value: unknown, path: Path, change: (parent: Record<string | number, unknown>, last: string | number) => void): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const part of path.slice(0, -1)) parent = parent[part] as Record<string | number, unknown>;
  change(parent, must(path.at(-1), 'path.at(…)'));
  return copy;
}

const fuzzKey = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'id', 'projectKey', 'version', 'accountId', 'data'));
const fuzzValue = fc.oneof(
  fc.anything({ maxDepth: 2, maxKeys: 4, key: fuzzKey, withNullPrototype: true, withSparseArray: true }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 2 ** 53, -1, 0.1, '', ' ', '<script>x</script>', 'x'.repeat(300_000), [], {}, null),
);
const ownObject = (entries: Array<[string, unknown]>) => {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, configurable: true, writable: true });
  return object;
};

/** Payloads for a key: anything at all, objects of random keys, and a valid payload with a field dropped, retyped or added. */
function payloads(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const paths = pathsOf(valid);
  const inner = paths.filter((path) => path.length > 0);
  const objects = paths.filter((path) => {
    const at = path.reduce<unknown>((node, part) => (node as Record<string | number, unknown>)[part], valid);
    return typeof at === 'object' && at !== null && !Array.isArray(at);
  });
  const mutations = inner.length === 0 ? [] : [
    fc.constantFrom(...inner).map((path) => mutateAt(valid, path, (parent, last) => void Reflect.deleteProperty(parent, last))),
    fc.tuple(fc.constantFrom(...inner), fuzzValue).map(([path, value]) => mutateAt(valid, path, (parent, last) => void (parent[last] = value))),
  ];
  return fc.oneof(
    fuzzValue,
    fc.array(fc.tuple(fuzzKey, fuzzValue), { maxLength: 4 }).map(ownObject),
    ...mutations,
    fc
      .tuple(fc.constantFrom(...objects), fuzzKey, fuzzValue)
      .map(([path, key, value]) =>
        path.length === 0 ? ownObject([...Object.entries(valid), [key, value]]) : mutateAt(valid, [...path, key], (parent, last) => Object.defineProperty(parent, last, { value, enumerable: true, configurable: true, writable: true })),
      ),
  );
}

/** Modest, to keep the file quick; BAD_INPUT_FUZZ_RUNS=500 searches harder. */
const FUZZ_RUNS_PER_KEY = Number(process.env.BAD_INPUT_FUZZ_RUNS ?? 30);
const FAILURE_CODES: ErrorCode[] = ['VALIDATION', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'LIMIT'];

describe(`a fuzz of every payload (${FUZZ_RUNS_PER_KEY} runs per key, ${FUZZ_RUNS_PER_KEY * RESOLVER_KEYS.length} in all)`, () => {
  it.each(RESOLVER_KEYS)('%s answers every payload with an envelope, and stores nothing unless it succeeded', async (key) => {
    // A fresh site per key: what a successful call wrote does not steer the next key's runs.
    const site = startPlatform();
    const seededSite = await seed(site);
    const prototypeBefore = pollutionProbe();
    try {
      await fc.assert(
        fc.asyncProperty(payloads(VALID[key](seededSite)), fc.constantFrom<DemoUser>('priya', 'priya', 'priya', 'sam', 'oscar', 'elena'), async (payload, user) => {
          const before = site.kvs.snapshot();
          const answer = await call(site, key, payload, { as: user });
          expect(typeof answer.ok).toBe('boolean');
          if (answer.ok) {
            expect(answer).toHaveProperty('data');
            return;
          }
          expect(ERROR_CODES).toContain(answer.error.code);
          expect(FAILURE_CODES).toContain(answer.error.code);
          expect(typeof answer.error.message).toBe('string');
          expect(answer.error.message.trim()).not.toBe('');
          // The field at fault, as the payload names it (an unknown key may be named " ").
          if (answer.error.field !== undefined) expect(answer.error.field).toEqual(expect.stringMatching(/./));
          expectUnchanged(site, before);
          expect(pollutionProbe()).toBe(prototypeBefore);
        }),
        { numRuns: FUZZ_RUNS_PER_KEY },
      );
    } finally {
      site.close();
    }
  });
});
