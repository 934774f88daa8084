// The resolver API: every key the UI may invoke, its payload and its data, and the response envelope.
// Payload schemas are zod, so the server validates exactly what the types promise; the UI imports
// only types from here (`import type`), so zod never reaches its bundles.
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Envelope and errors

/**
 * `UNAVAILABLE`: storage failed and nothing was changed, so the same action can simply be made again.
 * A write that was saved is never answered with an error: when only work after it failed, the answer
 * is `ok` with a warning.
 */
export const ERROR_CODES = ['VALIDATION', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'LIMIT', 'JIRA', 'UNAVAILABLE'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ResolverError {
  code: ErrorCode;
  /** A sentence a person can act on. */
  message: string;
  /** The payload field at fault, dotted (`keyResult.metric.target`), for VALIDATION. */
  field?: string;
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ResolverError };

// ---------------------------------------------------------------------------------------------
// Shared shapes

export type StatusCategory = 'todo' | 'inprogress' | 'done';
export type SprintState = 'future' | 'active' | 'closed';
export type CycleState = 'draft' | 'active' | 'closed';
export type ObjectiveStatus = 'draft' | 'active' | 'done' | 'dropped';
export type MetricDirection = 'increase' | 'decrease' | 'stay-above' | 'stay-below';
/** `not-measurable`: an increase or decrease whose start equals its target (no status to give). */
export type KeyResultStatus = 'on-track' | 'behind' | 'at-risk' | 'done' | 'not-measurable';

export interface Cycle {
  /** e.g. `2026-Q4` or `2026` for an annual cycle. */
  id: string;
  name: string;
  kind: 'quarter' | 'year';
  /** ISO dates (yyyy-MM-dd), inclusive. */
  startDate: string;
  endDate: string;
  state: CycleState;
}

export interface ProjectRef {
  key: string;
  name: string;
}

export interface Settings {
  okrLimit: number;
  /** 1 = January. */
  fiscalYearStartMonth: number;
  cycleLength: 'quarter';
  boardId?: number;
  productOwnerAccountIds: string[];
  /** Days without a check-in after which a Key Result is marked "to check in" (14 unless set). */
  staleCheckInDays: number;
  /** The team's Product Goal, set by its Product Owner (absent until set). */
  productGoal?: ProductGoal;
  version: number;
}

/** Most characters a Product Goal's text may have. */
export const PRODUCT_GOAL_MAX_LENGTH = 500;

/** Projects a Nexus groups, at least and at most. */
export const NEXUS_MIN_PROJECTS = 2;
export const NEXUS_MAX_PROJECTS = 12;
/** Nexuses a site may have, at most. */
export const NEXUS_MAX = 50;
export const NEXUS_NAME_MAX_LENGTH = 80;


/** The goal a team (project) rallies around, and the organization Objective it serves, if any. */
export interface ProductGoal {
  text: string;
  servesOrgObjectiveId?: string;
}

/** Where an organization Key Result's progress comes from: its own check-ins, or its contributing team Key Results. */
export type ProgressFrom = 'check-ins' | 'contributions';

export interface Metric {
  direction: MetricDirection;
  start: number;
  target: number;
  current: number;
  unit?: string;
}

export interface LimitOverride {
  objectiveId: string;
  accountId: string;
  at: string;
  reason: string;
}

/**
 * The thread between an OKR carried over at a cycle's end and its copy in the next cycle (README:
 * "Carrying OKRs over"): on the old one `carriedTo`, on the copy `carriedFrom`, each naming the other.
 */
export interface CarryLink {
  /** The other one's cycle (`2026-Q3`). */
  cycleId: string;
  /** The other Objective (for a Key Result: the other Key Result's Objective). */
  objectiveId: string;
  /** On a Key Result's link: the other Key Result. */
  keyResultId?: string;
  /** When it was carried over. */
  at: string;
}

export interface Objective {
  id: string;
  projectKey: string;
  cycleId: string;
  title: string;
  description?: string;
  ownerAccountId?: string;
  status: ObjectiveStatus;
  /** Set when the Objective was made active past the OKR-in-process limit. */
  limitOverride?: LimitOverride;
  /** A team Objective's alignment: the organization Objective it serves (an option, never required). */
  servesOrgObjectiveId?: string;
  /** The Objective of the previous cycle this one continues (carried over). */
  carriedFrom?: CarryLink;
  /** The Objective of the next cycle this one continues in: this one is closed (done). */
  carriedTo?: CarryLink;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/**
 * Where a check-in's value came from: typed by a person, read by a query, or pushed to the project's
 * endpoint by another system. Absent means typed (every check-in stored before sources existed).
 */
export type CheckInSource = 'typed' | 'query' | 'pushed';

export interface CheckIn {
  at: string;
  /** Who checked in; for an automatic value, the person whose secret or query brought it. */
  accountId: string;
  value: number;
  /**
   * 1–10: how sure the team is of reaching the target, a person's judgement. An automatic value
   * carries the last person's confidence (none before anyone checked in) and never changes it.
   */
  confidence?: number;
  note?: string;
  source?: CheckInSource;
}

export interface LintFinding {
  rule: 'kr-count' | 'output-not-outcome' | 'not-measurable' | 'title-too-long';
  message: string;
}

/** How a query-measured Key Result turns the issues its JQL finds into a value (README: "Key Results measured by Jira"). */
export type MeasureFunction = 'count' | 'sum' | 'average' | 'median-age';

/** What a person sets up: the JQL, the function, and for a sum or an average the number field (`story-points`: the site's own). */
export interface QueryMeasureInput {
  jql: string;
  fn: MeasureFunction;
  field?: string;
}

/**
 * A Key Result whose value a JQL query reads. The query runs with the rights of the person who set it
 * up (`accountId`), never more; `problem` is the last refresh's error (the value stays the last good one).
 */
export interface QueryMeasure extends QueryMeasureInput {
  accountId: string;
  setAt: string;
  problem?: { message: string; at: string };
}

export interface KeyResult {
  id: string;
  objectiveId: string;
  title: string;
  metric: Metric;
  weight: number;
  /** Absent: typed by people (check-ins, pushes). */
  measure?: QueryMeasure;
  /** The day (yyyy-MM-dd) its clock starts, when not the day it was created: expected progress counts from it. */
  startDate?: string;
  /** A team Key Result's contribution to an organization Key Result (an option), with its weight there (1 unless set). */
  contributesTo?: { orgKeyResultId: string; weight: number };
  /** An organization Key Result's: where its progress comes from ('check-ins' unless set). */
  progressFrom?: ProgressFrom;
  /** The Key Result of the previous cycle this one continues: its start is that one's value when it was carried. */
  carriedFrom?: CarryLink;
  /** Its copy in the next cycle: this one was graded then and takes no more check-ins. */
  carriedTo?: CarryLink;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Whether a score lies on the grading scale (0–1 in steps of 0.1, allowing for floating-point noise): the payload check and the domain share it. */
export function isGradeStep(score: number): boolean {
  if (!Number.isFinite(score) || score < 0 || score > 1) return false;
  return Math.abs(score * 10 - Math.round(score * 10)) < 1e-9;
}

/** A Product Owner's grade of a Key Result at a Sprint Review: 0.0–1.0 in steps of 0.1 (0.7 is the usual aim). */
export interface Grade {
  score: number;
  /** 1–10, as at a check-in. */
  confidence?: number;
  note?: string;
  /** The Key Result's value the grade was given with (the check-in value, or the current one). */
  value: number;
  at: string;
  accountId: string;
}

/** A grade with the sprint it was given at. */
export interface KeyResultGrade extends Grade {
  sprintId: number;
  sprintName: string;
  /** When the sprint closed. */
  closedAt: string;
}

export interface KeyResultView extends KeyResult {
  progress: number;
  /** The day its clock started (its start date, else its creation, within the cycle): expected progress and the burn-up count from it. */
  startedOn: string;
  expectedProgress: number;
  status: KeyResultStatus;
  /** The value a straight line through the check-ins reaches at the cycle's end; null with fewer than two. */
  forecast: number | null;
  confidence: number | null;
  /** The grade of the latest sprint review that graded it; at the cycle's end, its final grade. */
  lastGrade: number | null;
  /** Its grades in this cycle, one per sprint review, oldest sprint first (on the project page only). */
  grades?: KeyResultGrade[];
  lastCheckIn: CheckIn | null;
  /** The latest check-ins (at most 20), oldest first; `checkInCount` counts them all. */
  checkIns: CheckIn[];
  checkInCount: number;
  /**
   * Every check-in's value over time for the burn-up, oldest first: all of them up to 120, beyond that
   * thinned to the first, lowest, highest and last of each of 30 stretches of time (so the chart's
   * range and shape stay those of the full list).
   */
  burnUp: Array<{ at: string; value: number; source?: Exclude<CheckInSource, 'typed'> }>;
  /** The issues linked directly that the caller may see, by status category; the issues themselves come from `getKeyResultIssues`. */
  linkedIssues: { total: number; todo: number; inProgress: number; done: number };
  flow: {
    /** Linked issues in progress now. */
    wip: number;
    /** Linked issues done per sprint, over the cycle's sprints that have ended (0 before the first ends). */
    throughputPerSprint: number;
    /** Median days from an issue's first move to an in-progress status until it was done; null with none done. */
    medianCycleTimeDays: number | null;
    /** Days the oldest in-progress linked issue has been in progress; null with none in progress. */
    oldestWipAgeDays: number | null;
  };
  lint: LintFinding[];
  /** Whole days since its last check-in, or since it started with none. */
  daysWithoutCheckIn: number;
  /**
   * "To check in": more than the project's `staleCheckInDays` without a check-in while its cycle runs
   * (never once done or when not measurable; see domain/staleness.ts).
   */
  stale: boolean;
}

export interface ObjectiveView extends Objective {
  keyResults: KeyResultView[];
  /** Weighted mean of its Key Results' progress. */
  progress: number;
  expectedProgress: number;
  /** How the Objective's progress stands against the time elapsed (its own `status` is its lifecycle). */
  health: KeyResultStatus;
  /**
   * Weighted mean of its Key Results' latest grades, once every one is graded or the cycle is closed
   * (then of those graded); null before that. At the cycle's end, its final grade.
   */
  grade: number | null;
  /** How many of its Key Results have a grade, of how many: "1 of 3 graded" until all are. */
  graded: { count: number; of: number };
  lint: LintFinding[];
  /** Whether the caller may check in on this Objective's Key Results (a Product Owner or its owner). */
  canCheckIn: boolean;
}

export interface Person {
  accountId: string;
  displayName: string;
}

export interface SprintView {
  id: number;
  name: string;
  state: SprintState;
  startDate?: string;
  endDate?: string;
  completeDate?: string;
  /** The Sprint Goal as written in Jira; empty when the team set none. */
  goal: string;
  /** The Key Results the Sprint Goal serves: set by a Product Owner, or else suggested from the sprint's linked issues. */
  keyResultIds: string[];
  /** True while `keyResultIds` is only a suggestion (no Product Owner has tied the Sprint Goal yet). */
  keyResultsSuggested: boolean;
  /** Share (0–1) of the sprint's issues serving at least one Key Result (directly or through a parent); null for an empty sprint. */
  alignedShare: number | null;
  /** The same share by story points, where the team estimates; null when the sprint's issues carry no points. */
  alignedPointShare: number | null;
  issueCount: number;
}

export interface BacklogItem {
  key: string;
  summary: string;
  statusCategory: StatusCategory;
  issueType: string;
  storyPoints?: number;
  /** 1-based position in Jira's rank order (within the filter, when the list is filtered). */
  rank: number;
  keyResultIds: string[];
}

/** Backlog issues a page holds: the overview carries the first page, `getBacklogPage` the next ones. */
export const BACKLOG_PAGE_SIZE = 50;
/** The running sprint's unaligned issues the project page lists (the first in rank order); the rest are counted. */
export const UNALIGNED_LISTED = 50;
/** A Key Result's linked issues a page holds (`getKeyResultIssues`). */
export const KEY_RESULT_ISSUES_PAGE_SIZE = 50;

/** Which backlog issues to list: all of them, those linked to a Key Result, or those linked to none. */
export type BacklogFilter = { keyResultId: string } | 'unaligned';

/** A page of the backlog in Jira's rank order; `nextCursor` (pass it back as `cursor`) while more remain. */
export interface BacklogPage {
  items: BacklogItem[];
  nextCursor?: string;
}

/** A linked issue as a Key Result's row lists it. */
export interface LinkedIssueItem {
  key: string;
  summary: string;
  statusCategory: StatusCategory;
}

/** A page of a Key Result's linked issues the caller may see; `nextCursor` while more remain. */
export interface KeyResultIssuesPage {
  keyResultId: string;
  issues: LinkedIssueItem[];
  nextCursor?: string;
}

export interface IssueSummary {
  key: string;
  summary: string;
  statusCategory: StatusCategory;
  issueType: string;
  parentKey?: string;
  /** On the issue panel: the sprint the issue is in (running or planned), else the last it was in. */
  sprint?: { name: string; state: SprintState };
}

export interface IssueLink {
  keyResultId: string;
  via: 'issue' | 'parent';
  fromIssueKey?: string;
  keyResult: KeyResultView;
  objective: Objective;
}

export interface HistoryChange {
  at: string;
  accountId: string;
  what: string;
  before: unknown;
  after: unknown;
  reason?: string;
  /** The Key Result the change is about, when it is about one (its title is in the page's `keyResults`). */
  keyResultId?: string;
  /** Set when before or after was too large to answer whole: long texts are cut (with "…"), or a side is left out. */
  shortened?: true;
}

export type Warning = { code: string; message: string };

// ---------------------------------------------------------------------------------------------
// Payload schemas (validated on the server) and the data each key returns

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an id made of letters, digits, _ or -');
const finite = z.number().finite();
const title = z.string().trim().min(1, 'is required').max(255, 'must be at most 255 characters');
const note = z.string().max(2000, 'must be at most 2000 characters');
const reason = z.string().trim().min(1).max(1000);
const isoDate = z.iso.date('must be a date such as 2026-11-15');
const cycleId = z.string().regex(/^\d{4}(-Q[1-4])?$/, 'must be a cycle id such as 2026-Q4 or 2026');

/** Longest JQL a measure may hold: Jira's own queries are far shorter; this keeps a Key Result small. */
export const MEASURE_JQL_MAX_LENGTH = 2000;
/** The site's story-point field, whatever its id there, or a custom field by id. */
export const MEASURE_FIELD_PATTERN = /^(story-points|customfield_\d{1,12})$/;
/** The measure a person sets up; the server checks it again and tries the query once on save. */
export const queryMeasureInputSchema = z
  .strictObject({
    jql: z.string().trim().min(1, 'is required').max(MEASURE_JQL_MAX_LENGTH, `must be at most ${MEASURE_JQL_MAX_LENGTH} characters`),
    fn: z.enum(['count', 'sum', 'average', 'median-age'], { error: 'must be count, sum, average or median-age' }),
    field: z.string().regex(MEASURE_FIELD_PATTERN, 'must be story-points or a custom field id (customfield_ and its number, as Jira lists its fields)').optional(),
  })
  .refine((measure) => (measure.fn === 'sum' || measure.fn === 'average') === (measure.field !== undefined), {
    message: 'is needed for a sum or an average, and only for them',
    path: ['field'],
  });

/** Bytes a part of an import may take in its request (as JSON text, quotes escaped): well inside the 500 KB Forge allows. */
export const IMPORT_PART_MAX_BYTES = 400_000;
/** Parts one import may have (about 25 MB in all). */
export const IMPORT_MAX_PARTS = 64;
const jsonBytes = (text: string) => new TextEncoder().encode(JSON.stringify(text)).length;
/** What the organization's OKRs were when an import was previewed (a SHA-256, in hex). */
const orgImportBasis = z.string().regex(/^[0-9a-f]{64}$/, 'must be the basis a preview answered');

/** A Jira project key as Jira makes them: an uppercase letter, then uppercase letters, digits or _. */
const projectKey = z.string().max(255).regex(/^[A-Z][A-Z0-9_]*$/, 'must be a Jira project key such as GYM');
/** Issues one bulk link or unlink may name: each costs a few Jira calls, well inside the invocation's 25 s. */
export const BULK_LINK_MAX_ISSUES = 50;
const issueKey = z.string().max(64).regex(/^[A-Z][A-Z0-9_]*-[1-9]\d*$/, 'must be an issue key such as GYM-12');
const bulkLink = z.strictObject({ keyResultId: id, issueKeys: z.array(issueKey).min(1).max(BULK_LINK_MAX_ISSUES) });

/** Days without a check-in after which a Key Result is "to check in", when the project set none. */
export const DEFAULT_STALE_CHECK_IN_DAYS = 14;
/** The setting's bounds: at least a day; at most a cycle (a quarter). */
export const MIN_STALE_CHECK_IN_DAYS = 1;
export const MAX_STALE_CHECK_IN_DAYS = 90;
const staleDaysRange = `must be between ${MIN_STALE_CHECK_IN_DAYS} and ${MAX_STALE_CHECK_IN_DAYS} days`;
export const staleCheckInDaysSchema = z.number().int('must be a whole number of days').min(MIN_STALE_CHECK_IN_DAYS, staleDaysRange).max(MAX_STALE_CHECK_IN_DAYS, staleDaysRange);

/** What a person writes of an Objective, a Key Result, a check-in or a grade: the same for a team's and the organization's. */
const objectiveInput = z.strictObject({
  id: id.optional(),
  cycleId,
  title,
  description: z.string().max(5000).optional(),
  ownerAccountId: z.string().min(1).max(128).optional(),
  status: z.enum(['draft', 'active', 'done', 'dropped']),
});
/** A team Objective's alignment: an organization Objective's id, or null to clear it (absent: unchanged). */
const teamObjectiveInput = objectiveInput.extend({ servesOrgObjectiveId: id.nullable().optional() });
const contributionInput = z.strictObject({ orgKeyResultId: id, weight: z.number().finite().positive().max(100).optional() });
const keyResultInput = z.strictObject({
  id: id.optional(),
  objectiveId: id,
  title,
  metric: z.strictObject({
    direction: z.enum(['increase', 'decrease', 'stay-above', 'stay-below']),
    start: finite,
    target: finite,
    current: finite,
    unit: z.string().max(32).optional(),
  }),
  weight: z.number().finite().positive().max(100).optional(),
  startDate: isoDate.optional(),
});
/** A team Key Result's contribution to an organization Key Result, or null to clear it (absent: unchanged). */
const teamKeyResultInput = keyResultInput.extend({ contributesTo: contributionInput.nullable().optional() });
const orgKeyResultInput = keyResultInput.extend({ progressFrom: z.enum(['check-ins', 'contributions']).optional() });
const checkInInput = z.strictObject({
  keyResultId: id,
  value: finite,
  confidence: z.number().int().min(1).max(10),
  note: note.optional(),
});
const gradeScore = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').refine(isGradeStep, 'must be in steps of 0.1 (0.0, 0.1, … 1.0)');
const deleteInput = z.strictObject({ id, expectedVersion: z.number().int().nonnegative() });

/**
 * Key Results one carry-over takes along: all it writes is one transaction (25 operations). An
 * Objective with more unfinished ones is carried in turns: the later ones join the copy.
 */
export const MAX_CARRIED_KEY_RESULTS = 5;

/** The first two phases of an import sent in parts (a team's or the organization's): how many parts, then each. */
const importBegin = z.strictObject({ phase: z.literal('begin'), parts: z.number().int().min(1).max(IMPORT_MAX_PARTS) });
const importPart = z.strictObject({
  phase: z.literal('part'),
  importId: id,
  index: z.number().int().min(0).max(IMPORT_MAX_PARTS - 1),
  text: z
    .string()
    .min(1)
    .max(IMPORT_PART_MAX_BYTES)
    .refine((text) => jsonBytes(text) <= IMPORT_PART_MAX_BYTES, `must take at most ${IMPORT_PART_MAX_BYTES} bytes as JSON; cut the file into more parts`),
});

export const payloadSchemas = {
  getIssuePanel: z.strictObject({}),
  searchKeyResults: z.strictObject({ query: z.string().max(200).optional(), cycleId: cycleId.optional() }),
  linkIssue: z.strictObject({ keyResultId: id }),
  unlinkIssue: z.strictObject({ keyResultId: id }),
  linkIssues: bulkLink,
  unlinkIssues: bulkLink,
  getProjectOverview: z.strictObject({ cycleId: cycleId.optional() }),
  getBacklogPage: z.strictObject({
    cursor: z.string().min(1).max(4000).optional(),
    filter: z.union([z.strictObject({ keyResultId: id }), z.literal('unaligned')], { error: 'must be { keyResultId } or "unaligned"' }).optional(),
  }),
  getKeyResultIssues: z.strictObject({ keyResultId: id, cursor: z.string().regex(/^\d{1,5}$/, 'must be a cursor this list gave').optional() }),
  saveObjective: z.strictObject({
    objective: teamObjectiveInput,
    expectedVersion: z.number().int().nonnegative().optional(),
    reason: reason.optional(),
    overrideLimitReason: reason.optional(),
  }),
  deleteObjective: z.strictObject({ id, expectedVersion: z.number().int().nonnegative() }),
  saveKeyResult: z.strictObject({
    /** `measure` absent: typed. Given: the value comes from this Jira query, with the saver's rights. */
    keyResult: teamKeyResultInput.extend({ measure: queryMeasureInputSchema.optional() }),
    expectedVersion: z.number().int().nonnegative().optional(),
    reason: reason.optional(),
  }),
  /** Runs a query-measured Key Result's query now (with the rights of whoever set it up). */
  refreshKeyResult: z.strictObject({ keyResultId: id }),
  deleteKeyResult: z.strictObject({ id, expectedVersion: z.number().int().nonnegative() }),
  checkIn: checkInInput,
  setSprintKeyResults: z.strictObject({ sprintId: z.number().int().positive(), keyResultIds: z.array(id).max(25) }),
  getSprintReview: z.strictObject({ sprintId: z.number().int().positive() }),
  gradeKeyResult: z.strictObject({
    sprintId: z.number().int().positive(),
    keyResultId: id,
    score: gradeScore,
    confidence: z.number().int().min(1).max(10).optional(),
    note: note.optional(),
    /** The Key Result's new value, recorded as a check-in with the grade (needs a confidence). */
    value: finite.optional(),
  }),
  /**
   * At a cycle's end: the Objective (once) and the chosen unfinished Key Results continue in the next
   * cycle. Each Key Result is graded (its `score`, else its progress on the scale) and its copy starts
   * from its current value; the Objective is closed. Carried already, the Objective takes only Key
   * Results not carried yet, which join its copy.
   */
  carryOverObjective: z.strictObject({
    objectiveId: id,
    expectedVersion: z.number().int().nonnegative(),
    keyResults: z
      .array(z.strictObject({ id, expectedVersion: z.number().int().nonnegative(), score: gradeScore.optional() }))
      .max(MAX_CARRIED_KEY_RESULTS, `must name at most ${MAX_CARRIED_KEY_RESULTS} Key Results; carry the others in a second turn`)
      .refine((keyResults) => new Set(keyResults.map((keyResult) => keyResult.id)).size === keyResults.length, 'must name each Key Result once'),
    /** Why, or what the team learned: kept with the change, in the history. */
    note: reason.optional(),
    /** For a copy that would be one OKR in process too many in the next cycle. */
    overrideLimitReason: reason.optional(),
  }),
  getHistory: z.strictObject({ objectiveId: id.optional(), keyResultId: id.optional(), cursor: z.string().min(1).max(1000).optional() }),
  saveSettings: z.strictObject({
    okrLimit: z.number().int().min(1).max(20).optional(),
    fiscalYearStartMonth: z.number().int().min(1).max(12).optional(),
    cycleLength: z.literal('quarter').optional(),
    boardId: z.number().int().positive().optional(),
    productOwnerAccountIds: z.array(z.string().min(1).max(128)).max(20).optional(),
    staleCheckInDays: staleCheckInDaysSchema.optional(),
    /** The team's Product Goal; null clears it. */
    productGoal: z
      .strictObject({ text: z.string().trim().min(1, 'must not be empty').max(PRODUCT_GOAL_MAX_LENGTH, `must be at most ${PRODUCT_GOAL_MAX_LENGTH} characters`), servesOrgObjectiveId: id.optional() })
      .nullable()
      .optional(),
    /** The settings' version the change was made on (from getSettingsPage): a save over a newer one is refused. */
    expectedVersion: z.number().int().min(0).optional(),
  }),
  /** A dashboard gadget has no project of its own: the payload names the one its configuration chose. */
  getGadgetOkrs: z.strictObject({ projectKey, cycleId: cycleId.optional() }),
  getGadgetProjects: z.strictObject({ query: z.string().trim().max(100).optional() }),
  exportData: z.strictObject({ cursor: z.string().min(1).max(2000).optional() }),
  getSettingsPage: z.strictObject({}),
  /** People to pick (an Objective's owner, the Product Owners): Jira's user search, as the caller. */
  searchPeople: z.strictObject({ query: z.string().trim().min(1, 'is required').max(100) }),
  /** What an import would change, written nowhere: a file of one request (`data`), or one sent in parts and not yet finished (`importId`). */
  previewImport: z.union([z.strictObject({ data: z.unknown().refine((data) => data !== undefined, 'is required') }), z.strictObject({ importId: id })], { error: 'must be { data } or { importId }' }),
  importData: z.strictObject({ data: z.unknown() }),
  /** The project's push endpoint (where other systems post Key Result values) and whether it has a secret. */
  getPushEndpoint: z.strictObject({}),
  /** Makes the project's push secret (refused when it has one: rotate it), shown in the answer once. */
  createPushSecret: z.strictObject({}),
  /** Replaces the project's push secret: the old one stops working at once; the new one is shown once. */
  rotatePushSecret: z.strictObject({}),
  /** Revokes the project's push secret: every push is refused until a new one is made. */
  revokePushSecret: z.strictObject({}),
  importInParts: z.discriminatedUnion('phase', [
    importBegin,
    importPart,
    z.strictObject({ phase: z.literal('finish'), importId: id }),
  ], { error: 'must be "begin", "part" or "finish"' }),
  // The organization's OKRs (the organization page: no project in its context).
  getOrganizationOkrs: z.strictObject({ cycleId: cycleId.optional() }),
  getOrganizationHistory: z.strictObject({ objectiveId: id.optional(), keyResultId: id.optional(), cursor: z.string().min(1).max(1000).optional() }),
  saveOrganizationObjective: z.strictObject({ objective: objectiveInput, expectedVersion: z.number().int().nonnegative().optional(), reason: reason.optional() }),
  deleteOrganizationObjective: deleteInput,
  saveOrganizationKeyResult: z.strictObject({ keyResult: orgKeyResultInput, expectedVersion: z.number().int().nonnegative().optional(), reason: reason.optional() }),
  deleteOrganizationKeyResult: deleteInput,
  checkInOrganizationKeyResult: checkInInput,
  gradeOrganizationKeyResult: z.strictObject({ keyResultId: id, score: gradeScore, note: note.optional() }),
  saveOrganizationSettings: z.strictObject({ fiscalYearStartMonth: z.number().int().min(1).max(12), spreadThreshold: z.number().int().min(2).max(20).optional(), expectedVersion: z.number().int().min(0) }),
  /** Creates (no `nexus.id`) or changes a Nexus: a named group of projects sharing one Product Goal. Managers of the organization's OKRs only. */
  saveNexus: z.strictObject({
    nexus: z.strictObject({
      id: id.optional(),
      name: z.string().trim().min(1, 'must not be empty').max(NEXUS_NAME_MAX_LENGTH, `must be at most ${NEXUS_NAME_MAX_LENGTH} characters`),
      projectKeys: z
        .array(projectKey)
        .min(NEXUS_MIN_PROJECTS, `must name at least ${NEXUS_MIN_PROJECTS} projects`)
        .max(NEXUS_MAX_PROJECTS, `must name at most ${NEXUS_MAX_PROJECTS} projects`)
        .refine((keys) => new Set(keys).size === keys.length, 'must not name a project twice'),
      productGoal: z.strictObject({ text: z.string().trim().min(1, 'must not be empty').max(PRODUCT_GOAL_MAX_LENGTH, `must be at most ${PRODUCT_GOAL_MAX_LENGTH} characters`), servesOrgObjectiveId: id.optional() }),
    }),
    /** Required to change one: the version read. */
    expectedVersion: z.number().int().nonnegative().optional(),
  }),
  deleteNexus: deleteInput,
  /** A Nexus's rollup: its Key Results, its teams' sprints side by side, and their running sprints' alignment (by default this quarter). */
  getNexus: z.strictObject({ id, cycleId: cycleId.optional() }),
  /** What a team may align to (project page): the organization's Objectives and Key Results of this fiscal year and quarter. */
  getAlignmentChoices: z.strictObject({}),
  /** One page of the organization's export (its OKRs, check-ins, grades, history and settings): read by everyone who reads them. */
  exportOrganization: z.strictObject({ cursor: z.string().min(1).max(2000).optional() }),
  /** What importing an organization file would change, written nowhere: a file of one request, or one sent in parts. */
  previewOrganizationImport: z.union([z.strictObject({ data: z.unknown().refine((data) => data !== undefined, 'is required') }), z.strictObject({ importId: id })], { error: 'must be { data } or { importId }' }),
  /** Replaces the organization's OKR data with the file's; `basis` (from the preview) refuses it if they changed since. */
  importOrganization: z.strictObject({ data: z.unknown().refine((data) => data !== undefined, 'is required'), basis: orgImportBasis.optional() }),
  /** An organization file larger than one request: `begin`, each `part`, then `finish` (with the preview's basis). */
  importOrganizationInParts: z.discriminatedUnion('phase', [
    importBegin,
    importPart,
    z.strictObject({ phase: z.literal('finish'), importId: id, basis: orgImportBasis.optional() }),
  ], { error: 'must be "begin", "part" or "finish"' }),
} as const;

export type ResolverKey = keyof typeof payloadSchemas;
/** What the UI sends for a key. */
export type PayloadOf<K extends ResolverKey> = z.input<(typeof payloadSchemas)[K]>;
/** What a resolver receives for a key, once validated (strings trimmed). */
export type ValidPayload<K extends ResolverKey> = z.output<(typeof payloadSchemas)[K]>;

export interface IssuePanelData {
  issue: IssueSummary;
  links: IssueLink[];
  canLink: boolean;
  cycle: Cycle;
  /** Something that did not fully work but lost nothing (e.g. Jira's search index not yet updated). */
  warnings: Warning[];
}

/**
 * What a bulk link or unlink did, issue by issue, in the order asked: each issue is changed whole or
 * not at all, and one refused issue leaves the others changed. Undo unlinks those answered `linked`.
 */
export interface BulkLinkData {
  keyResultId: string;
  results: BulkLinkResult[];
  /** Something that did not fully work but lost nothing (e.g. Jira's search not yet updated for an issue). */
  warnings: Warning[];
}

export interface BulkLinkResult {
  issueKey: string;
  /** `linked` / `unlinked`: changed now; `already-linked` / `not-linked`: nothing to do; `refused`: see `error`. */
  outcome: 'linked' | 'already-linked' | 'unlinked' | 'not-linked' | 'refused';
  error?: ResolverError;
}

/** The issue entity property that mirrors an issue's links, for Jira's own search (JQL). */
export const ISSUE_PROPERTY_KEY = 'outcomes';
export interface IssueLinksProperty {
  keyResultIds: string[];
  objectiveIds: string[];
}
/** The JQL alias the manifest (`jira:entityProperty`) gives `keyResultIds`: `outcomesKeyResult = "<id>"` reads better than the property path. */
export const KEY_RESULT_SEARCH_ALIAS = 'outcomesKeyResult';

export interface ProjectOverviewData {
  project: ProjectRef;
  cycle: Cycle;
  cycles: Cycle[];
  settings: Settings;
  okrLimit: { limit: number; inProcess: number; overrides: LimitOverride[] };
  objectives: ObjectiveView[];
  /** What the caller may do here, and who may write OKRs (for the read-only line). */
  access: { canEdit: boolean; canCheckIn: boolean; productOwners: Person[]; /** Edit issues on the project: may pick issues and link them at once. */ canLinkWork: boolean };
  /** Display names of every account the page mentions (owners, check-ins, overrides). */
  people: Record<string, string>;
  /** The board the sprints come from, or null when the project has no Scrum board. */
  board: { id: number; name: string } | null;
  sprints: SprintView[];
  /** The backlog's first page (at most BACKLOG_PAGE_SIZE issues) in Jira's rank order. */
  backlog: BacklogItem[];
  /** While more of the backlog remains: pass it to `getBacklogPage` as `cursor` for the next page. */
  backlogNextCursor?: string;
  /**
   * The issues that serve no Key Result in the sprint in focus (the running sprint, else the next
   * planned one, for Sprint Planning): `count` of them in all, the first UNALIGNED_LISTED in rank order
   * listed (those the viewer may see); null when the board has neither in the cycle, or it is not computed.
   */
  unaligned: { sprintId: number; issues: Array<{ key: string; summary: string }>; count: number; share: number } | null;
  /** The cycle's sprint reviews (one per closed sprint that served Key Results), latest first. */
  reviews: SprintReviewSummary[];
  /** The team's grades across the cycle: guidance, never a per-person figure. */
  grading: GradingSummary;
  /** The team's Product Goal; null until its Product Owner sets one. */
  productGoal: ProductGoalView | null;
  /** Titles of the organization Objectives and Key Results this page's OKRs align to, by id; null for one since deleted. */
  alignedTo: Record<string, string | null>;
  warnings: Warning[];
}

export interface SprintReviewSummary {
  sprintId: number;
  sprintName: string;
  closedAt: string;
  /** Key Results the sprint served (that still exist). */
  keyResultCount: number;
  gradedCount: number;
}

export interface GradingSummary {
  /** Mean of every grade given in the cycle (each sprint's latest per Key Result); null with none. */
  average: number | null;
  count: number;
  /** Grades average 0.95 or more over at least 3 grades: the targets may be too low. */
  targetsMayBeTooLow: boolean;
}

export interface ReviewedKeyResult extends KeyResultView {
  /** The sprint's issues serving it (directly or through a parent), by their status when the sprint closed; only issues the caller may see. */
  evidence: { done: IssueSummary[]; notDone: IssueSummary[] };
  /** Its value and progress when the sprint closed (`value`/`progress` of the view are today's). */
  atClose: { value: number; progress: number };
  grade?: Grade;
  /** Earlier grades of this sprint that a correction replaced, oldest first. */
  corrections: Grade[];
  /** The Objective it serves, for the heading, and its owner (who may grade it too). */
  objective: Pick<Objective, 'id' | 'title' | 'ownerAccountId'>;
  /** Whether the caller may grade it (a Product Owner or the Objective's owner). */
  canGrade: boolean;
}

export interface SprintReviewData {
  sprint: SprintView;
  closedAt: string;
  keyResults: ReviewedKeyResult[];
  /** The reviewed Key Results that are "to check in" (`stale`), in the order of `keyResults`. */
  toCheckIn: string[];
  /** Whether the caller may grade any of them. */
  canGrade: boolean;
  /** Display names of the graders. */
  people: Record<string, string>;
}

/** What a carry-over did: the Objective as closed (or as it was, when it was carried before), its copy, and each Key Result's copy. */
export interface CarryOverData {
  from: Objective;
  to: Objective;
  keyResults: Array<{ from: string; to: string; score: number }>;
}

/** A delete is done when it answers; a warning says what was left to tidy up (links that still name it). */
export interface DeleteData {
  warnings: Warning[];
}

export type OkrExport = {
  format: 'outcomes-okr-export';
  schemaVersion: number;
  projectKey: string;
  exportedAt: string;
  [section: string]: unknown;
};

export interface ResolverData {
  getIssuePanel: IssuePanelData;
  searchKeyResults: { results: Array<{ keyResult: KeyResultView; objective: Objective }> };
  linkIssue: IssuePanelData;
  unlinkIssue: IssuePanelData;
  linkIssues: BulkLinkData;
  unlinkIssues: BulkLinkData;
  getProjectOverview: ProjectOverviewData;
  getBacklogPage: BacklogPage;
  getKeyResultIssues: KeyResultIssuesPage;
  saveObjective: Objective;
  deleteObjective: DeleteData;
  saveKeyResult: KeyResultView;
  refreshKeyResult: KeyResultView;
  deleteKeyResult: DeleteData;
  checkIn: KeyResultView;
  setSprintKeyResults: { sprintId: number; keyResultIds: string[] };
  getSprintReview: SprintReviewData;
  gradeKeyResult: KeyResultView;
  carryOverObjective: CarryOverData;
  /** A page of changes, newest first; `nextCursor` (pass it back as `cursor`) while older ones remain. */
  /** `keyResults`: the title of each Key Result the page's changes name (a deleted one's as it was). */
  getHistory: { changes: HistoryChange[]; people: Record<string, string>; keyResults: Record<string, string>; nextCursor?: string };
  saveSettings: Settings;
  getGadgetOkrs: GadgetData;
  getGadgetProjects: { projects: ProjectRef[] };
  getSettingsPage: SettingsPageData;
  /** At most PEOPLE_SEARCH_LIMIT people, as Jira's user search answers the caller. */
  searchPeople: { people: Person[] };
  previewImport: ImportPreview;
  /** One page of the export: join the pages' lists while `nextCursor` is given. */
  exportData: OkrExport & { nextCursor?: string };
  importData: OkrExport;
  importInParts: ImportBegun | ImportPartReceived | ImportFinished;
  getPushEndpoint: PushEndpoint;
  createPushSecret: PushSecretMade;
  rotatePushSecret: PushSecretMade;
  revokePushSecret: PushEndpoint;
  getOrganizationOkrs: OrganizationOkrsData;
  /** As getHistory, for an organization Objective or Key Result. */
  getOrganizationHistory: ResolverData['getHistory'];
  saveOrganizationObjective: Objective;
  deleteOrganizationObjective: DeleteData;
  saveOrganizationKeyResult: KeyResultView;
  deleteOrganizationKeyResult: DeleteData;
  checkInOrganizationKeyResult: KeyResultView;
  gradeOrganizationKeyResult: KeyResultView;
  saveOrganizationSettings: OrganizationSettings;
  getAlignmentChoices: AlignmentChoices;
  saveNexus: NexusView;
  deleteNexus: DeleteData;
  getNexus: NexusRollup;
  /** One page of the organization's export: join the pages' lists while `nextCursor` is given. */
  exportOrganization: OrgExport & { nextCursor?: string };
  previewOrganizationImport: OrgImportPreview;
  importOrganization: OrgImportFinished;
  importOrganizationInParts: ImportBegun | ImportPartReceived | OrgImportFinished;
}

/** The organization's export (format outcomes-org-okr-export): its header, settings and lists. */
export type OrgExport = {
  format: 'outcomes-org-okr-export';
  schemaVersion: number;
  scope: 'organization';
  exportedAt: string;
  [section: string]: unknown;
};

/** What importing an organization file would change, or every problem (with its field) that stops it; nothing is written. */
export interface OrgImportPreview {
  valid: boolean;
  problems: Array<{ field: string; message: string }>;
  problemCount: number;
  exportedAt?: string;
  /** What the organization's OKRs are now: pass it back with the import, which is refused if they changed meanwhile. */
  basis?: string;
  /** Present when valid. */
  changes?: {
    settings: 'added' | 'changed' | 'removed' | 'unchanged';
    objectives: ImportDiff;
    keyResults: ImportDiff;
    checkIns: ImportDiff;
    history: ImportDiff;
    /** Team Key Results contributing to an organization Key Result the file drops (they keep naming it, shown as deleted); null when not counted. */
    teamContributionsLeft: number | null;
  };
  /** An earlier organization import that stopped part-way (or runs now): importing finishes it. */
  unfinished?: { startedAt: string; exportedAt: string; running: boolean };
}

/** An organization import done: what the organization now holds, and how many records were written (the rest were unchanged). */
export interface OrgImportFinished {
  objectives: number;
  keyResults: number;
  changes: number;
  written: number;
  unchanged: number;
}

/** The organization's Objectives (with their Key Results) a team may align to: those of the current fiscal year and quarter. */
export interface AlignmentChoices {
  cycles: Cycle[];
  objectives: Array<{ id: string; title: string; cycleId: string; keyResults: Array<{ id: string; title: string }> }>;
}

/** An organization Key Result's contributing team Key Results, as the viewer may see them. */
export interface OrgKeyResultContributions {
  /** The contributing team Key Results of projects the viewer may browse: the others are neither counted nor named. */
  count: number;
  /** The weighted progress of every contributing team Key Result (0–1: the organization Key Result's own figure), null with none. */
  progress: number | null;
  /** Those of projects the viewer may browse (at most ORG_CONTRIBUTORS_LISTED). */
  listed: Array<{ projectKey: string; keyResultId: string; title: string; progress: number; weight: number }>;
}

/** Contributors an organization Key Result lists, at most. */
export const ORG_CONTRIBUTORS_LISTED = 20;

/** A team's Product Goal as the project page shows it. */
export interface ProductGoalView extends ProductGoal {
  /** The served organization Objective's title; null when none is named or it was deleted. */
  servesTitle: string | null;
  /** Whether the named organization Objective no longer exists. */
  servesDeleted: boolean;
  /** A dedicated team: its Product Goal serves that one Objective and every active Objective of the cycle aligns to it. */
  dedicated: boolean;
}

/** Organization Objectives one cycle's page lists, at most; `moreObjectives` counts the rest. */
export const ORG_MAX_OBJECTIVES = 50;

/** Where the organization's cycles start: its own fiscal year, set once for the whole site. */
export interface OrganizationSettings {
  /** 1 = January (the default, as for a project). */
  fiscalYearStartMonth: number;
  /** From how many teams serving one Objective, none dedicated to it, the page flags it as spread (3 unless set). */
  spreadThreshold: number;
  /** 0 until someone saves them; pass it back as expectedVersion. */
  version: number;
}

/** How a team serves an organization Objective: `nexus`, as a team of a Nexus whose Product Goal serves it. */
export type OrgServingWay = 'dedicated' | 'nexus' | 'key-result' | 'aligned-objective';
/** The rules the organization page flags by (README: "Teams and flags"). */
export type OrgFlagRule = 'unserved' | 'spread' | 'over-limit' | 'sprint-unaligned' | 'objectives-unaligned';

/** A team (a project) on the organization page: only those the viewer may browse are ever listed. */
export interface OrgTeamView {
  projectKey: string;
  name: string;
  /** The most active Objectives it has in one cycle of the period, against its OKR-in-process limit. */
  okrsInProcess: number;
  okrLimit: number;
  /** The organization Objective it is dedicated to, or null. */
  dedicatedTo: string | null;
  /** Its active Objectives that serve no organization Objective, directly or through a Key Result. */
  unalignedObjectives: number;
  /** Its running sprint, or null with none (or none read: see `sprintsNotRead`). */
  sprint: {
    id: number;
    name: string;
    goal: string | null;
    /** Share of the sprint's work serving a Key Result (0–1), from what the app keeps; null while not gathered. */
    alignedShare: number | null;
    /** The team Key Results its Sprint Goal is tied to (absent when untied). */
    servesKeyResults: Array<{ id: string; title: string }>;
    /** The organization Objectives those serve (through their Objective or their contribution). */
    servesOrgObjectiveIds: string[];
  } | null;
}

/** The organization's teams for a cycle: who serves what, and the flags, for the teams the viewer may see. */
export interface OrganizationTopology {
  teams: OrgTeamView[];
  /** By organization Objective: the visible teams serving it and how (a Nexus's visible teams as `nexus`). */
  serving: Record<string, Array<{ projectKey: string; ways: OrgServingWay[] }>>;
  /** Each with its rule in a sentence (`why`); about an organization Objective or a team. */
  flags: Array<{ rule: OrgFlagRule; orgObjectiveId?: string; projectKey?: string; why: string }>;
  /** Visible teams whose running sprint was not read (past ORG_TEAM_SPRINTS_READ). */
  sprintsNotRead: number;
  /** Visible teams past ORG_TEAMS_LISTED (by project key): neither listed, nor under an Objective, nor flagged here. */
  moreTeams: number;
  /** The topology view: the cycle's organization Objectives × the listed teams, and the problems in a sentence each. */
  matrix: OrgTopologyMatrix;
}

/** How much one team serves one organization Objective (a cell of the topology view). */
export interface OrgMatrixCell {
  orgObjectiveId: string;
  projectKey: string;
  /** How the team serves it (empty when only its sprint's issues do). */
  ways: OrgServingWay[];
  /** Units of work of its running sprint serving the Objective (domain/org-matrix.ts), of `sprintIssues`; null with no running sprint known. */
  issues: number | null;
  sprintIssues: number | null;
  /** issues / sprintIssues (0–1), null with no running sprint known or an empty one. */
  share: number | null;
}

/** The organization Objectives × teams matrix (only teams listed on the page: those the viewer may browse). */
export interface OrgTopologyMatrix {
  /** Rows: the cycle's organization Objectives, in the page's order. */
  orgObjectiveIds: string[];
  /** Columns: the listed teams' project keys. */
  projectKeys: string[];
  /** The cells where the team serves the Objective in some way or through its sprint; absent ones are empty. */
  cells: OrgMatrixCell[];
  /** One sentence per problem (a flag), the Objectives' first. */
  problems: Array<{ rule: OrgFlagRule; orgObjectiveId?: string; projectKey?: string; sentence: string }>;
}

/** Teams one organization page lists, at most (the first by project key, of those the viewer may browse). */
export const ORG_TEAMS_LISTED = 100;

/** Teams whose running sprint one organization page reads from Jira, at most (Jira answers one board a call). */
export const ORG_TEAM_SPRINTS_READ = 20;

/** The organization's OKRs of one cycle (a fiscal year or a quarter), for the organization page. */
export interface OrganizationOkrsData {
  cycle: Cycle;
  /** The cycles to switch between: this and last fiscal year, and their quarters. */
  cycles: Cycle[];
  settings: OrganizationSettings;
  objectives: ObjectiveView[];
  /** Objectives past ORG_MAX_OBJECTIVES, not listed. */
  moreObjectives: number;
  /** Whether the caller holds the Manage organization OKRs global permission: writes, checks in and grades. */
  canManage: boolean;
  /** By organization Key Result id: its contributing team Key Results (for every Key Result that has any, or takes its progress from them). */
  contributions: Record<string, OrgKeyResultContributions>;
  /** The teams serving the cycle's Objectives and the flags: visible teams only. */
  topology: OrganizationTopology;
  /** The Nexuses with a project the viewer may browse (those projects only). */
  nexuses: NexusView[];
}

/**
 * A Nexus ("team of teams"): projects that share one Product Goal, as the viewer may see it. Only the
 * projects the viewer may browse are named (the others are neither named nor counted); a Nexus with
 * none the viewer may browse is not shown at all.
 */
export interface NexusView {
  id: string;
  name: string;
  projects: ProjectRef[];
  productGoal: ProductGoal;
  /** The served organization Objective's title; null when none is named or it was deleted. */
  servesTitle: string | null;
  version: number;
}

/** A sprint of a team of a Nexus, for its rollup. */
export interface NexusSprint {
  id: number;
  name: string;
  state: SprintState;
  startDate: string | null;
  endDate: string | null;
  goal: string | null;
}

/** A Nexus's rollup for one cycle: the group's Key Results, each team's sprints side by side, and their running sprints' alignment. */
export interface NexusRollup {
  nexus: NexusView;
  cycle: Cycle;
  /** The quarters to switch between (the organization's calendar). */
  cycles: Cycle[];
  /** The organization Objective its Product Goal serves, with its Key Results; null when none (or deleted). */
  serves: { id: string; title: string; status: ObjectiveStatus; keyResults: Array<{ id: string; title: string; progress: number; status: KeyResultStatus }> } | null;
  /** The visible teams, in the Nexus's order. */
  teams: Array<{
    projectKey: string;
    name: string;
    /** The team's Key Results of the cycle (not of dropped Objectives). */
    keyResults: Array<{ id: string; title: string; objectiveId: string; objectiveTitle: string; progress: number; status: KeyResultStatus; contributesToOrgKeyResultId: string | null }>;
    /** Its last closed sprints (at most NEXUS_CLOSED_SPRINTS), the running one and the next planned ones, in order; empty with no Scrum board. */
    sprints: NexusSprint[];
    /** Its running sprint's share of work serving a Key Result (0–1), from what the app keeps; null while not gathered or with no running sprint. */
    runningAlignedShare: number | null;
    /** The sprints could not be read from Jira just now. */
    sprintsUnavailable: boolean;
  }>;
  canManage: boolean;
}

/** Closed sprints a Nexus's rollup shows per team, at most. */
export const NEXUS_CLOSED_SPRINTS = 3;
/** Planned sprints a Nexus's rollup shows per team, at most. */
export const NEXUS_FUTURE_SPRINTS = 2;

/** A project's push endpoint: where other systems post values (README: "Pushed values"). */
export interface PushEndpoint {
  /** The URL to post to, naming the project (`?project=KEY`). */
  url: string;
  /** The secret in force (never its value: only its first characters), or null when none is. */
  secret: { createdAt: string; createdBy: string; prefix: string } | null;
}

/** A secret just made: `secretValue` is in this answer only, and can never be read again. */
export interface PushSecretMade extends PushEndpoint {
  secretValue: string;
}

/** Objectives a gadget lists, at most; `moreObjectives` counts the rest. */
export const GADGET_MAX_OBJECTIVES = 25;
/** Projects the gadget's configuration offers, at most (a query narrows them). */
export const GADGET_MAX_PROJECTS = 50;

/** A Key Result as a dashboard gadget shows it. */
export interface GadgetKeyResult {
  id: string;
  title: string;
  metric: Metric;
  progress: number;
  status: KeyResultStatus;
  /** The value a straight line through the check-ins reaches at the cycle's end; null with fewer than two. */
  forecast: number | null;
  /** Its latest grade; null until a Sprint Review grades it. */
  grade: number | null;
  /** Whole days since its last check-in (or since it started, with none), as on the project page. */
  daysWithoutCheckIn: number;
  /** "To check in": longer than the project's `staleCheckInDays` without a check-in while its cycle runs. */
  stale: boolean;
}

/** An agreed Objective (active or done) as a dashboard gadget shows it. */
export interface GadgetObjective {
  id: string;
  title: string;
  status: ObjectiveStatus;
  progress: number;
  health: KeyResultStatus;
  grade: number | null;
  graded: { count: number; of: number };
  keyResults: GadgetKeyResult[];
}

/** A project's OKRs of one cycle for a dashboard gadget: agreed Objectives only (no drafts, nothing dropped). */
export interface GadgetData {
  project: ProjectRef;
  cycle: Cycle;
  /** The cycles the configuration may choose from. */
  cycles: Cycle[];
  objectives: GadgetObjective[];
  /** Agreed Objectives past GADGET_MAX_OBJECTIVES, not listed. */
  moreObjectives: number;
}

/** The project settings page: the settings, what may be chosen for them, and who holds each right. */
export interface SettingsPageData {
  project: ProjectRef;
  settings: Settings;
  /** The project's Scrum boards, as the caller may see them (at most 50). */
  boards: Array<{ id: number; name: string }>;
  /** The board the project page reads when none is chosen (the first Scrum board), or null. */
  defaultBoardId: number | null;
  /** Whether the caller may change the settings and import. */
  canEdit: boolean;
  /** Who holds each right, as a sentence and the people named (at most 20). */
  rights: { write: RightHolders; grade: RightHolders };
  /** Display names of the accounts named in the settings. */
  people: Record<string, string>;
  warnings: Warning[];
}

export interface RightHolders {
  /** `scheme`: the project's permission scheme grants the app's permission; `settings`: the Product Owners named here; `default`: the project lead and project admins. */
  source: 'scheme' | 'settings' | 'default';
  /** Who holds it, in words (e.g. "the project role Administrators, the group okr-writers"). */
  description: string;
  /** Whether the caller holds it. */
  youHoldIt: boolean;
}

/** Counts of what an import would do to one kind of record. */
export interface ImportDiff {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
}

/** Most people a people search answers. */
export const PEOPLE_SEARCH_LIMIT = 20;

/** Most problems a preview lists; `problemCount` counts them all. */
export const IMPORT_PREVIEW_MAX_PROBLEMS = 50;

/** What an import of the file would change, or every problem (with its field) that stops it; nothing is written. */
export interface ImportPreview {
  valid: boolean;
  /** The file's problems, each with the JSON path of its field, at most IMPORT_PREVIEW_MAX_PROBLEMS. */
  problems: Array<{ field: string; message: string }>;
  problemCount: number;
  /** Present when valid. */
  changes?: {
    settings: 'added' | 'changed' | 'removed' | 'unchanged';
    objectives: ImportDiff;
    keyResults: ImportDiff;
    checkIns: ImportDiff;
    history: ImportDiff;
    sprintReviews: ImportDiff;
    /** Issue links removed with the Key Results the file drops (links are not part of a file). */
    links: { removed: number };
  };
  exportedAt?: string;
}

/** `begin`: send parts 0 … parts−1 with this id before `expiresAt`, then `finish`. */
export interface ImportBegun {
  importId: string;
  parts: number;
  expiresAt: string;
}
export interface ImportPartReceived {
  importId: string;
  index: number;
}
/** `finish`: what the project now holds, and how many records were written (the rest were unchanged). */
export interface ImportFinished {
  objectives: number;
  keyResults: number;
  changes: number;
  sprintReviews: number;
  written: number;
  unchanged: number;
}

export type DataOf<K extends ResolverKey> = ResolverData[K];
