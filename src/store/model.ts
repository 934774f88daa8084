// What the OKR store keeps, and the checks every stored record passes: entity names (declared in
// manifest.yml under app.storage.entities), record types, and the zod schemas shared by the write
// paths and by import. Nothing here talks to storage.
import { z } from 'zod';
import { type CheckIn, type Grade, type HistoryChange, type KeyResult, MEASURE_FIELD_PATTERN, MEASURE_JQL_MAX_LENGTH, type Objective, PRODUCT_GOAL_MAX_LENGTH, type Settings, staleCheckInDaysSchema, type StatusCategory } from '../contract';
import { StoreValidationError } from './errors';

// ─── Entities and keys ───

/** Custom entities (manifest.yml `app.storage.entities`); each record's key is its `id` (settings: the project key). */
export const ENTITY = {
  objective: 'objective',
  keyResult: 'key-result',
  change: 'okr-change',
  settings: 'project-settings',
  issueLink: 'issue-link',
  sprintGoal: 'sprint-goal',
  sprintReview: 'sprint-review',
  linkDigest: 'key-result-links',
  limitGuard: 'okr-limit-guard',
  keyResultGuard: 'key-result-guard',
  importMarker: 'import-marker',
  /** What an import's records were before it wrote them, so readers see the state from before it whole (visibility.ts). */
  importBefore: 'import-before',
  issueDigest: 'issue-links',
  importPart: 'import-part',
  keptIssues: 'kept-issues',
  keptState: 'kept-issues-state',
  /** A Key Result's flow tally of one generation of kept issues (store/kept-flow.ts). */
  keptFlow: 'key-result-flow',
  /** The organization's Objectives and Key Results (key = id): the level above every team, by cycle only. */
  orgObjective: 'org-objective',
  orgKeyResult: 'org-key-result',
} as const;

/**
 * Where an OKR belongs: a Jira project (its key), or the organization. Records of the organization
 * carry this in their `projectKey`: Jira project keys are upper case, so it can never name a project,
 * and a project's queries (by project key) never reach the organization's records.
 */
export const ORGANIZATION_SCOPE = 'organization';

/** Index names, per entity. Every query of the store goes through one of these. */
export const INDEX = {
  /**
   * objective, key-result (range createdAt), issue-link (linkedAt), sprint-review (closedAt): partition
   * [projectKey, cycleId] — one cycle's screen; org-objective, org-key-result: partition [cycleId].
   */
  byCycle: 'by-cycle',
  /** objective, key-result, okr-change, sprint-review: partition [projectKey] — export, import. */
  byProject: 'by-project',
  /** key-result, org-key-result, okr-change: partition [objectiveId]. */
  byObjective: 'by-objective',
  /** okr-change, issue-link: partition [keyResultId]. */
  byKeyResult: 'by-key-result',
  /** issue-link: partition [issueId]. */
  byIssue: 'by-issue',
  /** kept-issues, key-result-flow: partition [projectKey, generation] — one generation of a project's kept issues, or their tallies. */
  byGeneration: 'by-generation',
  /** import-before: partition [stageId] — one import's kept befores (its other indexes mirror the entities'). */
  byStage: 'by-stage',
  /** key-result: partition [contributesToOrgKeyResultId] — the team Key Results contributing to an organization Key Result. */
  byContribution: 'by-contribution',
  /** objective: partition [cycleId], range projectKey — every team's Objectives of a cycle (the organization page). */
  acrossProjects: 'across-projects',
} as const;

/** A query page: the platform's maximum. */
export const PAGE_SIZE = 100;
/** Operations in one `transact()`: the platform's maximum. */
export const MAX_TRANSACTION_OPS = 25;
/** Keys in one batch call: the platform's maximum. */
export const MAX_BATCH_KEYS = 25;

/**
 * At most this many Key Results per Objective (the quality rules already warn past 5): deleting an
 * Objective with its Key Results, or moving it to another cycle, is one transaction of N + 2 ≤ 25 ops.
 */
export const MAX_KEY_RESULTS_PER_OBJECTIVE = 20;
/**
 * Check-ins are kept inside their Key Result (oldest first), so a Key Result's whole history is one
 * read. A quarter has tens of check-ins; 500 leaves a wide margin and keeps the value well under
 * the platform's 240 KiB, which is checked as well (long notes).
 */
export const MAX_CHECK_INS_PER_KEY_RESULT = 500;
/** Serialised size a Key Result may reach (the platform refuses values over 240 KiB). */
export const MAX_KEY_RESULT_BYTES = 230 * 1024;

// ─── Records ───

/** The grade of the latest sprint review that graded a Key Result, kept on it so every view has it. */
export interface StoredLastGrade {
  score: number;
  /** The sprint whose review graded it; absent on an organization Key Result, graded on its own, and on a grade given when it was carried over. */
  sprintId?: number;
  /** When that sprint closed (for an organization Key Result, when it was graded): a correction of an earlier sprint's grade does not replace a later one. */
  closedAt: string;
  /** Who graded an organization Key Result, and why. */
  accountId?: string;
  note?: string;
}

/** A Key Result as stored: the contract's shape, where it lives, its check-ins (oldest first) and its latest grade. */
export type StoredKeyResult = KeyResult & { projectKey: string; cycleId: string; checkIns: CheckIn[]; lastGrade?: StoredLastGrade; contributesToOrgKeyResultId?: string };

/** The ids of the issues linked to a Key Result (entity `key-result-links`, key = its id): see links.ts. */
export interface LinkDigest {
  keyResultId: string;
  projectKey: string;
  issueIds: string[];
  version: number;
}

/**
 * A marker per project and cycle that every activation of an Objective rewrites, conditioned on the
 * version it read, so two activations checked against the limit at once cannot both pass.
 */
export interface LimitGuard {
  projectKey: string;
  cycleId: string;
  version: number;
}

/**
 * One per Objective (key = its id): every transaction that adds a Key Result to the Objective moves it
 * on from the version it read before counting, so two additions counted at once cannot both pass the cap.
 */
export interface KeyResultGuard {
  objectiveId: string;
  version: number;
}

/**
 * The project's import lock (key = project key), created only where none is (or the one there is
 * stale or stopped), and deleted by the import's last transaction. While it is there the project page
 * says an import is running or did not finish, and readers see the project as it was before it (its
 * stage, visibility.ts); one that stops part-way leaves it `stopped` until the next import completes it.
 */
export interface ImportMarker {
  projectKey: string;
  startedAt: string;
  accountId: string;
  /** When the file being imported was exported. */
  exportedAt: string;
  /** Which run of an import holds the lock (absent on markers written before the lock). */
  importId?: string;
  /**
   * `applying` while its invocation writes; `stopped` once it failed part-way (the lock is free again);
   * `done` once its last transaction made it visible (the marker stays, so a reader can tell that an
   * import began or ended while it read).
   */
  state?: 'applying' | 'stopped' | 'done';
  /**
   * The import's stage of befores (visibility.ts): while it is set, readers see the project as it was
   * before the import. Absent on markers written before stages (readers then see storage as it is).
   */
  stageId?: string;
  /** Key Results whose links an import that finished still had to remove when it stopped: the next import removes them. */
  unlinkPending?: string[];
}

/**
 * A part of an import sent in parts, kept until the import is finished (entity `import-part`):
 * the import's header (key = import id: its project and number of parts) and each part's text in
 * pieces small enough for one value (key = `importId:part:piece`). Every record expires on its own.
 */
export interface ImportPartRecord {
  projectKey: string;
  importId: string;
  accountId: string;
  createdAt: string;
  /** Header: how many parts the import has. */
  parts?: number;
  /** A piece: its part, its place in the part, how many pieces the part has, and its text. */
  part?: number;
  piece?: number;
  pieces?: number;
  text?: string;
}

export const limitGuardKey = (projectKey: string, cycleId: string) => `${projectKey}-${cycleId}`;

/** What a change is about: history views select on objectiveId / keyResultId, export on projectKey. */
export type ChangeSubject = 'objective' | 'key-result' | 'settings' | 'import';

/**
 * One recorded change: the contract's who, when, what and why (`before` null for a creation, `after`
 * null for a deletion), and what it is about.
 */
export interface ChangeRecord extends HistoryChange {
  id: string;
  projectKey: string;
  subject: ChangeSubject;
  /** Set for Objective and Key Result changes (a Key Result's changes show in its Objective's history too). */
  objectiveId?: string;
  keyResultId?: string;
}

/** Who makes a change, when, and why; the store adds before/after. */
export interface ChangeInput {
  accountId: string;
  at: string;
  what: string;
  reason?: string;
}

/**
 * A project's settings as stored (entity `project-settings`, key = project key). The Product Owners
 * are stored only once someone sets them; until then they default to the project lead (loadSettings).
 */
export type StoredSettings = Omit<Settings, 'productOwnerAccountIds' | 'staleCheckInDays'> & {
  productOwnerAccountIds?: string[];
  /** Absent on records saved before the setting existed: they read as DEFAULT_STALE_CHECK_IN_DAYS. */
  staleCheckInDays?: number;
};

export type { CheckIn, KeyResult, Objective, Settings };

// ─── Schemas (what any stored record must satisfy) ───

const INT32_MAX = 2_147_483_647;

/** Ids of Objectives, Key Results and changes: the contract's id, also a valid KVS key. */
export const idSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'must be an id made of letters, digits, _ or -');
export const projectKeySchema = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Z][A-Z0-9_]*$/, 'must be a Jira project key such as GYM');
export const cycleIdSchema = z.string().regex(/^\d{4}(-Q[1-4])?$/, 'must be a cycle id such as 2026-Q4 or 2026');
export const dateTimeSchema = z.iso.datetime({ offset: true, message: 'must be an ISO date-time such as 2026-10-01T09:00:00.000Z' });
export const accountIdSchema = z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters');
const nonBlank = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((text) => text.trim().length > 0, 'must not be empty');
const finite = z.number().finite('must be a finite number');
const version = z.number().int('must be a whole number').min(1, 'must be at least 1').max(INT32_MAX, 'is too large');

export const checkInSchema = z
  .strictObject({
    at: dateTimeSchema,
    accountId: accountIdSchema,
    value: finite,
    confidence: z.number().int('must be a whole number').min(1, 'must be between 1 and 10').max(10, 'must be between 1 and 10').optional(),
    note: z.string().max(2000, 'must be at most 2000 characters').optional(),
    // Absent = typed: check-ins stored before sources existed stay valid as they are.
    source: z.enum(['typed', 'query', 'pushed']).optional(),
  })
  .refine((checkIn) => checkIn.confidence !== undefined || (checkIn.source !== undefined && checkIn.source !== 'typed'), {
    message: 'is required on a check-in a person typed (1–10)',
    path: ['confidence'],
  });

export const metricSchema = z.strictObject({
  direction: z.enum(['increase', 'decrease', 'stay-above', 'stay-below']),
  start: finite,
  target: finite,
  current: finite,
  unit: z.string().max(32, 'must be at most 32 characters').optional(),
});

export const limitOverrideSchema = z.strictObject({
  objectiveId: idSchema,
  accountId: accountIdSchema,
  at: dateTimeSchema,
  reason: nonBlank(1000),
});

/** The thread between a carried-over OKR and its copy (contract `CarryLink`): added with carry-overs, absent on every record before. */
export const carryLinkSchema = z.strictObject({
  cycleId: cycleIdSchema,
  objectiveId: idSchema,
  keyResultId: idSchema.optional(),
  at: dateTimeSchema,
});

export const objectiveSchema = z.strictObject({
  id: idSchema,
  projectKey: projectKeySchema,
  cycleId: cycleIdSchema,
  title: nonBlank(255),
  description: z.string().max(5000, 'must be at most 5000 characters').optional(),
  ownerAccountId: accountIdSchema.optional(),
  status: z.enum(['draft', 'active', 'done', 'dropped']),
  limitOverride: limitOverrideSchema.optional(),
  // A team's alignment: the id of an organization Objective (kept when that one is deleted).
  servesOrgObjectiveId: idSchema.optional(),
  carriedFrom: carryLinkSchema.optional(),
  carriedTo: carryLinkSchema.optional(),
  createdAt: dateTimeSchema,
  updatedAt: dateTimeSchema,
  version,
});

export const queryMeasureSchema = z.strictObject({
  jql: z.string().min(1, 'must not be empty').max(MEASURE_JQL_MAX_LENGTH, `must be at most ${MEASURE_JQL_MAX_LENGTH} characters`),
  fn: z.enum(['count', 'sum', 'average', 'median-age']),
  field: z.string().regex(MEASURE_FIELD_PATTERN, 'must be story-points or a custom field id').optional(),
  accountId: accountIdSchema,
  setAt: dateTimeSchema,
  problem: z.strictObject({ message: z.string().max(2000, 'must be at most 2000 characters'), at: dateTimeSchema }).optional(),
});

export const keyResultSchema = z.strictObject({
  id: idSchema,
  objectiveId: idSchema,
  projectKey: projectKeySchema,
  cycleId: cycleIdSchema,
  title: nonBlank(255),
  metric: metricSchema,
  weight: finite.positive('must be positive').max(100, 'must be at most 100'),
  startDate: z.iso.date('must be a date such as 2026-11-15').optional(),
  // Added with query measures: absent = typed, so Key Results stored before stay valid.
  measure: queryMeasureSchema.optional(),
  // A team's contribution: the id of an organization Key Result (kept when that one is deleted), and its weight there.
  contributesTo: z.strictObject({ orgKeyResultId: idSchema, weight: finite.positive('must be positive').max(100, 'must be at most 100') }).optional(),
  // Top-level copy of contributesTo.orgKeyResultId, the partition of the key-result index `by-contribution`.
  contributesToOrgKeyResultId: idSchema.optional(),
  carriedFrom: carryLinkSchema.optional(),
  carriedTo: carryLinkSchema.optional(),
  createdAt: dateTimeSchema,
  updatedAt: dateTimeSchema,
  version,
  checkIns: z.array(checkInSchema).max(MAX_CHECK_INS_PER_KEY_RESULT, `must hold at most ${MAX_CHECK_INS_PER_KEY_RESULT} check-ins`),
  lastGrade: z
    .strictObject({
      score: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1'),
      // Absent on the grade given when the Key Result was carried over (by `accountId`), at no sprint's review.
      sprintId: z.number().int('must be a whole number').positive('must be positive').max(INT32_MAX, 'is too large').optional(),
      closedAt: dateTimeSchema,
      accountId: accountIdSchema.optional(),
    })
    .optional(),
});

/** An organization Objective: an Objective whose scope is the organization (no OKR-in-process limit: that is a team's). */
export const orgObjectiveSchema = objectiveSchema.omit({ limitOverride: true, servesOrgObjectiveId: true }).extend({ projectKey: z.literal(ORGANIZATION_SCOPE) });

/** An organization Key Result: graded on its own at its cycle's end (by whom, when, why), not at a Sprint Review. */
export const orgKeyResultSchema = keyResultSchema.omit({ contributesTo: true, contributesToOrgKeyResultId: true }).extend({
  projectKey: z.literal(ORGANIZATION_SCOPE),
  progressFrom: z.enum(['check-ins', 'contributions']).optional(),
  lastGrade: z
    .strictObject({
      score: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1'),
      closedAt: dateTimeSchema,
      accountId: accountIdSchema,
      note: z.string().max(2000, 'must be at most 2000 characters').optional(),
    })
    .optional(),
});

/** The organization's settings (plain key ORG_SETTINGS_KEY): the fiscal calendar its cycles run on, and its topology flags' threshold. */
export const orgSettingsSchema = z.strictObject({
  fiscalYearStartMonth: z.number().int('must be a whole number').min(1, 'must be a month, 1–12').max(12, 'must be a month, 1–12'),
  /** From how many teams an Objective with no dedicated team is flagged as spread (absent: the default). */
  spreadThreshold: z.number().int('must be a whole number').min(2, 'must be between 2 and 20').max(20, 'must be between 2 and 20').optional(),
  version,
});
export const ORG_SETTINGS_KEY = 'organization-settings';

/** Largest before/after snapshot a change may carry, serialised. */
const MAX_SNAPSHOT_BYTES = 64 * 1024;
const MAX_SNAPSHOT_DEPTH = 12;

/** Why a value is not plain JSON the store can keep (finite numbers, bounded depth), or null. */
function jsonProblem(value: unknown, depth: number): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : 'must hold only finite numbers';
  if (typeof value !== 'object') return 'must be plain JSON';
  if (depth >= MAX_SNAPSHOT_DEPTH) return `must be nested at most ${MAX_SNAPSHOT_DEPTH} levels deep`;
  const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  for (const child of children) {
    const problem = jsonProblem(child, depth + 1);
    if (problem) return problem;
  }
  return null;
}

const snapshotSchema = z.unknown().superRefine((value, ctx) => {
  if (value === undefined) {
    ctx.addIssue({ code: 'custom', message: 'is required (null when there is none)' });
    return;
  }
  const problem = jsonProblem(value, 0);
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem });
    return;
  }
  if (Buffer.byteLength(JSON.stringify(value), 'utf8') > MAX_SNAPSHOT_BYTES) {
    ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_SNAPSHOT_BYTES / 1024} KiB` });
  }
});

/** A project's key, or the organization (ORGANIZATION_SCOPE). */
export const scopeSchema = z.union([projectKeySchema, z.literal(ORGANIZATION_SCOPE)], { error: 'must be a Jira project key such as GYM' });

export const changeSchema = z.strictObject({
  id: idSchema,
  projectKey: scopeSchema,
  subject: z.enum(['objective', 'key-result', 'settings', 'import']),
  objectiveId: idSchema.optional(),
  keyResultId: idSchema.optional(),
  at: dateTimeSchema,
  accountId: accountIdSchema,
  what: nonBlank(200),
  before: snapshotSchema,
  after: snapshotSchema,
  reason: nonBlank(1000).optional(),
});

export const changeInputSchema = z.strictObject({
  accountId: accountIdSchema,
  at: dateTimeSchema,
  what: nonBlank(200),
  reason: nonBlank(1000).optional(),
});

export const settingsValuesSchema = z.strictObject({
  okrLimit: z.number().int('must be a whole number').min(1, 'must be between 1 and 20').max(20, 'must be between 1 and 20'),
  fiscalYearStartMonth: z.number().int('must be a whole number').min(1, 'must be a month, 1–12').max(12, 'must be a month, 1–12'),
  cycleLength: z.literal('quarter'),
  boardId: z.number().int('must be a whole number').positive('must be positive').max(INT32_MAX, 'is too large').optional(),
  productOwnerAccountIds: z.array(accountIdSchema).max(20, 'must name at most 20 people').optional(),
  // Added after the first release: a record saved before has none and reads as the default (14).
  staleCheckInDays: staleCheckInDaysSchema.optional(),
  productGoal: z
    .strictObject({
      text: nonBlank(PRODUCT_GOAL_MAX_LENGTH),
      servesOrgObjectiveId: idSchema.optional(),
    })
    .optional(),
});

export const storedSettingsSchema = settingsValuesSchema.extend({ version });

// ─── Sprint reviews ───

/**
 * The sprint's issues a snapshot keeps (about 140 bytes each, so the review stays well inside the
 * platform's 240 KiB): Jira's sprints hold tens of issues, rarely a few hundred.
 */
export const MAX_REVIEW_ISSUES = 1000;
/** Corrections kept per Key Result and sprint: past this, a grade is settled. */
export const MAX_GRADE_CORRECTIONS = 20;
/** Serialised size a review may reach (the platform refuses values over 240 KiB). */
export const MAX_REVIEW_BYTES = 230 * 1024;

/** A review's key: one per project and sprint (`GYM-8`). */
export const sprintReviewKey = (projectKey: string, sprintId: number) => `${projectKey}-${sprintId}`;

export interface ReviewIssueRecord {
  id: string;
  key: string;
  /** Its status category when the sprint closed. */
  statusCategory: StatusCategory;
  /** The Key Results it served then, through its own links or its parent's. */
  keyResultIds: string[];
  subtask: boolean;
  parentId?: string;
  storyPoints?: number;
}

export interface ReviewKeyResultRecord {
  keyResultId: string;
  objectiveId: string;
  /** Its value and progress when the sprint closed. */
  valueAtClose: number;
  progressAtClose: number;
  grade?: Grade;
  /** Grades a correction replaced, oldest first. */
  corrections: Grade[];
}

export interface SprintReviewRecord {
  projectKey: string;
  sprintId: number;
  sprintName: string;
  /** The sprint's board, when known: kept for reference, no view depends on it. */
  boardId?: number;
  cycleId: string;
  closedAt: string;
  openedAt: string;
  issues: ReviewIssueRecord[];
  keyResults: ReviewKeyResultRecord[];
  version: number;
}

export const gradeSchema = z.strictObject({
  score: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1'),
  confidence: z.number().int('must be a whole number').min(1, 'must be between 1 and 10').max(10, 'must be between 1 and 10').optional(),
  note: z.string().max(2000, 'must be at most 2000 characters').optional(),
  value: finite,
  at: dateTimeSchema,
  accountId: accountIdSchema,
});

export const sprintReviewSchema = z.strictObject({
  projectKey: projectKeySchema,
  sprintId: z.number().int().positive(),
  sprintName: z.string().max(255, 'must be at most 255 characters'),
  boardId: z.number().int().positive().optional(),
  cycleId: cycleIdSchema,
  closedAt: dateTimeSchema,
  openedAt: dateTimeSchema,
  issues: z
    .array(
      z.strictObject({
        id: z.string().regex(/^\d+$/, 'must be a Jira issue id'),
        key: z.string().min(1).max(255),
        statusCategory: z.enum(['todo', 'inprogress', 'done']),
        keyResultIds: z.array(idSchema),
        subtask: z.boolean(),
        parentId: z.string().regex(/^\d+$/, 'must be a Jira issue id').optional(),
        storyPoints: finite.optional(),
      }),
    )
    .max(MAX_REVIEW_ISSUES, `must hold at most ${MAX_REVIEW_ISSUES} issues`),
  keyResults: z.array(
    z.strictObject({
      keyResultId: idSchema,
      objectiveId: idSchema,
      valueAtClose: finite,
      progressAtClose: z.number().min(0).max(1),
      grade: gradeSchema.optional(),
      corrections: z.array(gradeSchema).max(MAX_GRADE_CORRECTIONS, `must hold at most ${MAX_GRADE_CORRECTIONS} corrections`),
    }),
  ),
  version: z.number().int().min(1),
});


// ─── Validation helpers ───

/** `objectives[2].title` from zod's path. */
export function jsonPath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** Parses with the schema or throws a StoreValidationError naming the first field at fault. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new StoreValidationError(`${prefix || 'The data'}: is not valid.`, prefix || undefined);
  let field = jsonPath(issue.path, prefix);
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    field = jsonPath([...issue.path, ...issue.keys.slice(0, 1)], prefix);
    message = `is not a field this format knows (${issue.keys.join(', ')})`;
  } else if (issue.code === 'invalid_type' && issue.input === undefined) {
    message = 'is required';
  }
  throw new StoreValidationError(`${field || 'The data'}: ${message}.`, field || undefined);
}

/** Drops properties whose value is undefined, so stored values and exports compare equal. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
