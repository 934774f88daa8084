// Sprint reviews: when a sprint closes, a snapshot of each Key Result it served (its value then, and
// the sprint's issues serving it, done and not done) and the grades the Product Owner gives them.
// One record per project and sprint (entity `sprint-review`, key `GYM-8`), indexed by cycle so the
// project page reads a cycle's reviews in one query. The snapshot holds issue ids, keys and status
// categories only: summaries are read again, as the viewing user, when the review is shown.
import { kvs } from '@forge/kvs';
import type { CheckIn, Grade } from '../contract';
import { StoreConflictError, StoreNotFoundError, StoreValidationError } from './errors';
import { changeRecord, commit, queryAll, retryOnConflict, setChange, versionIs } from './io';
import { ensureSchema } from './migrations';
import {
  ENTITY,
  gradeSchema,
  INDEX,
  MAX_GRADE_CORRECTIONS,
  MAX_REVIEW_BYTES,
  parseOrThrow,
  sprintReviewKey,
  sprintReviewSchema,
  withoutUndefined,
  type ChangeInput,
  type ReviewKeyResultRecord,
  type SprintReviewRecord,
  type StoredKeyResult,
} from './model';
import { getKeyResult, setKeyResult, validChange, withCheckIn } from './okrs';

export { MAX_REVIEW_ISSUES, sprintReviewKey, type ReviewIssueRecord, type SprintReviewRecord } from './model';

/** How often a grade re-reads and retries after losing a race with another write. */
const GRADE_ATTEMPTS = 12;


const reviews = () => kvs.entity<SprintReviewRecord>(ENTITY.sprintReview);

function checkSize(review: SprintReviewRecord): void {
  const bytes = Buffer.byteLength(JSON.stringify(review), 'utf8');
  if (bytes > MAX_REVIEW_BYTES) {
    throw new StoreValidationError(`The review of sprint ${review.sprintId} would take ${Math.ceil(bytes / 1024)} KiB, over the ${MAX_REVIEW_BYTES / 1024} KiB it may take; shorten the notes.`, 'note');
  }
}

export async function getSprintReviewRecord(projectKey: string, sprintId: number): Promise<SprintReviewRecord | null> {
  return (await reviews().get(sprintReviewKey(projectKey, sprintId))) ?? null;
}

/** The cycle's reviews, in the order their sprints closed (one query per hundred). */
export function reviewsOfCycle(projectKey: string, cycleId: string): Promise<SprintReviewRecord[]> {
  return queryAll<SprintReviewRecord>(ENTITY.sprintReview, INDEX.byCycle, [projectKey, cycleId]);
}

/**
 * Opens the review of a closed sprint unless it is open already: the write is conditioned on no
 * review existing, so two deliveries of the same event, even at once, make one snapshot. Answers
 * whether this call opened it.
 */
export async function openSprintReview(review: Omit<SprintReviewRecord, 'version'>): Promise<boolean> {
  await ensureSchema();
  const record = parseOrThrow(sprintReviewSchema, { ...review, version: 1 }, 'review') as SprintReviewRecord;
  checkSize(record);
  try {
    await commit(
      (tx) => {
        tx.set<SprintReviewRecord>(sprintReviewKey(record.projectKey, record.sprintId), record, {
          entityName: ENTITY.sprintReview,
          conditions: versionIs<SprintReviewRecord>(undefined),
        });
        return 1;
      },
      async () => new StoreConflictError(`The review of sprint ${record.sprintId}`, undefined, 1),
    );
    return true;
  } catch (error) {
    if (error instanceof StoreConflictError) return false;
    throw error;
  }
}

export interface GradeInput {
  projectKey: string;
  sprintId: number;
  keyResultId: string;
  grade: Omit<Grade, 'value'>;
  /** A new value recorded as a check-in with the grade. */
  checkIn?: CheckIn;
  change: Omit<ChangeInput, 'what'>;
}

/**
 * Grades a Key Result at a sprint's review, or corrects its grade (the grade it replaces is kept).
 * One transaction: the review, the Key Result (its latest grade, and the check-in when a value comes
 * with the grade) and the change record, each conditioned on the version read; on losing a race it
 * re-reads and tries again, so no grade or check-in is lost.
 */
export async function recordGrade(input: GradeInput): Promise<{ review: SprintReviewRecord; keyResult: StoredKeyResult }> {
  await ensureSchema();
  const change = validChange({ ...input.change, what: 'keyResult.graded' });
  return retryOnConflict(GRADE_ATTEMPTS, async () => {
    const [review, keyResult] = await Promise.all([getSprintReviewRecord(input.projectKey, input.sprintId), getKeyResult(input.keyResultId)]);
    if (!review) throw new StoreNotFoundError(`Sprint ${input.sprintId} has no review in ${input.projectKey}.`);
    const entry = review.keyResults.find((candidate) => candidate.keyResultId === input.keyResultId);
    if (!entry) throw new StoreValidationError(`${review.sprintName} did not serve this Key Result, so its review does not grade it.`, 'keyResultId');
    if (!keyResult || keyResult.projectKey !== input.projectKey) {
      throw new StoreNotFoundError(`Key Result ${input.keyResultId} does not exist (it may have been deleted).`);
    }
    if (entry.grade && entry.corrections.length >= MAX_GRADE_CORRECTIONS) {
      throw new StoreValidationError(`This grade was corrected ${MAX_GRADE_CORRECTIONS} times already; it is settled.`, 'score');
    }

    let nextKeyResult = input.checkIn ? withCheckIn(keyResult, input.checkIn, change.at) : keyResult;
    const grade = parseOrThrow(gradeSchema, withoutUndefined({ ...input.grade, value: nextKeyResult.metric.current }), 'grade') as Grade;
    const nextEntry: ReviewKeyResultRecord = { ...entry, grade, corrections: entry.grade ? [...entry.corrections, entry.grade] : entry.corrections };
    const nextReview: SprintReviewRecord = {
      ...review,
      keyResults: review.keyResults.map((candidate) => (candidate === entry ? nextEntry : candidate)),
      version: review.version + 1,
    };
    checkSize(nextReview);
    // The Key Result shows the grade of the latest sprint graded; correcting an earlier one leaves it.
    const latest = !keyResult.lastGrade || keyResult.lastGrade.sprintId === review.sprintId || review.closedAt >= keyResult.lastGrade.closedAt;
    if (latest) {
      nextKeyResult = {
        ...nextKeyResult,
        lastGrade: { score: grade.score, sprintId: review.sprintId, closedAt: review.closedAt },
        updatedAt: change.at,
        version: keyResult.version + 1,
      };
    }
    const keyResultChanged = nextKeyResult !== keyResult;
    const record = changeRecord(
      { ...change, what: entry.grade ? 'keyResult.grade-corrected' : 'keyResult.graded' },
      { projectKey: input.projectKey, subject: 'key-result', objectiveId: keyResult.objectiveId, keyResultId: keyResult.id },
      { sprintId: review.sprintId, sprintName: review.sprintName, grade: entry.grade ?? null },
      withoutUndefined({
        sprintId: review.sprintId,
        sprintName: review.sprintName,
        grade,
        // The grade holds the value, confidence and note; a new value also became the current one.
        ...(input.checkIn ? { current: nextKeyResult.metric.current } : {}),
      }),
    );
    await commit(
      (tx) => {
        tx.set<SprintReviewRecord>(sprintReviewKey(review.projectKey, review.sprintId), nextReview, {
          entityName: ENTITY.sprintReview,
          conditions: versionIs<SprintReviewRecord>(review.version),
        });
        if (keyResultChanged) setKeyResult(tx, nextKeyResult, keyResult.version);
        setChange(tx, record);
        return keyResultChanged ? 3 : 2;
      },
      async () => new StoreConflictError(`The review of ${review.sprintName}`, review.version, undefined),
    );
    return { review: nextReview, keyResult: nextKeyResult };
  });
}
