// A Sprint Review as the UI shows it: each Key Result the sprint served, with the evidence of the
// sprint's issues (as snapshot when it closed, only those the caller may see now) and its grades.
// Pure: plain data in, the review out.
import type { Cycle, IssueSummary, Objective, ReviewedKeyResult, SprintReviewData } from '../contract';
import { sprintAlignment, type SprintIssue } from '../domain/alignment';
import { cycleById, quarterOf } from '../domain/cycles';
import type { StoredKeyResult } from '../store/model';
import type { ReviewIssueRecord, SprintReviewRecord } from '../store/sprint-reviews';
import { keyResultView } from './okrs';
import { type SprintFacts, sprintView } from './sprint';

export interface ReviewInput {
  review: SprintReviewRecord;
  sprint: SprintFacts;
  /** The review's issues the caller may see now, with their summaries and types as Jira shows them. */
  visible: ReadonlyMap<string, { summary: string; issueType: string }>;
  /** The reviewed Key Results and their Objectives that still exist in the project. */
  keyResults: ReadonlyMap<string, StoredKeyResult>;
  objectives: ReadonlyMap<string, Objective>;
  fiscalYearStartMonth: number;
  /** The project's setting: days without a check-in after which a Key Result is "to check in". */
  staleCheckInDays: number;
  canGrade: (objective: Objective) => boolean;
  now: Date;
}

/** The cycle a review belongs to: the quarter its sprint ended in. */
export function cycleOfReview(review: Pick<SprintReviewRecord, 'cycleId' | 'closedAt'>, fiscalYearStartMonth: number, now: Date): Cycle {
  return cycleById(review.cycleId, fiscalYearStartMonth, now) ?? quarterOf(new Date(review.closedAt), fiscalYearStartMonth, now);
}

export function sprintReviewView(input: ReviewInput): Omit<SprintReviewData, 'people'> {
  const { review, visible } = input;
  const issues = review.issues.filter((issue) => visible.has(issue.id));
  const reviewed = reviewedKeyResults(input, issues);
  const sprintIssues: SprintIssue[] = issues.map((issue) => ({
    id: issue.id,
    key: issue.key,
    summary: visible.get(issue.id)?.summary ?? '',
    subtask: issue.subtask,
    statusCategory: issue.statusCategory,
    ...(issue.parentId ? { parentId: issue.parentId } : {}),
    ...(issue.storyPoints !== undefined ? { storyPoints: issue.storyPoints } : {}),
  }));
  const servedBy = new Map(issues.map((issue) => [issue.id, issue.keyResultIds]));
  const alignment = sprintAlignment(sprintIssues, (id) => servedBy.get(id) ?? []);
  const sprint = sprintView(input.sprint, reviewed.map((keyResult) => keyResult.id), false, alignment);
  const toCheckIn = reviewed.filter((keyResult) => keyResult.stale).map((keyResult) => keyResult.id);
  return { sprint, closedAt: review.closedAt, keyResults: reviewed, toCheckIn, canGrade: reviewed.some((keyResult) => keyResult.canGrade) };
}

function reviewedKeyResults(input: ReviewInput, issues: readonly ReviewIssueRecord[]): ReviewedKeyResult[] {
  const { review, visible, fiscalYearStartMonth, now } = input;
  const inSprint = new Set(issues.map((issue) => issue.id));
  const summaryOf = (issue: ReviewIssueRecord): IssueSummary => {
    const seen = visible.get(issue.id);
    if (!seen) throw new Error(`Issue ${issue.key} is in the review but not among the issues shown.`);
    return { key: issue.key, summary: seen.summary, statusCategory: issue.statusCategory, issueType: seen.issueType };
  };
  // A sub-task whose story is listed counts with it, as on the project page.
  const units = issues.filter((issue) => !(issue.subtask && issue.parentId && inSprint.has(issue.parentId)));
  const cycle = cycleOfReview(review, fiscalYearStartMonth, now);
  return review.keyResults.flatMap((entry): ReviewedKeyResult[] => {
    const stored = input.keyResults.get(entry.keyResultId);
    const objective = input.objectives.get(entry.objectiveId);
    // A Key Result deleted since the sprint closed has nothing left to grade.
    if (!stored || !objective) return [];
    const serving = units.filter((issue) => issue.keyResultIds.includes(entry.keyResultId));
    // Shown against its own cycle: the quarter of the sprint, or the fiscal year above it.
    const view = keyResultView(stored, cycleById(stored.cycleId, fiscalYearStartMonth, now) ?? cycle, now, undefined, undefined, undefined, undefined, input.staleCheckInDays);
    return [
      {
        ...view,
        evidence: { done: serving.filter((issue) => issue.statusCategory === 'done').map(summaryOf), notDone: serving.filter((issue) => issue.statusCategory !== 'done').map(summaryOf) },
        atClose: { value: entry.valueAtClose, progress: entry.progressAtClose },
        ...(entry.grade ? { grade: entry.grade } : {}),
        corrections: entry.corrections,
        objective: { id: objective.id, title: objective.title, ...(objective.ownerAccountId ? { ownerAccountId: objective.ownerAccountId } : {}) },
        canGrade: input.canGrade(objective),
      },
    ];
  });
}

/** Everyone who graded or corrected a grade in the review, to name them. */
export const reviewGraders = (keyResults: readonly ReviewedKeyResult[]) =>
  keyResults.flatMap((keyResult) => [...(keyResult.grade ? [keyResult.grade] : []), ...keyResult.corrections].map((grade) => grade.accountId));
