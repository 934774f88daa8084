// How grades read on the page: "0.7", "Grade 0.65", "GYM Sprint 7: 0.6 · GYM Sprint 8: 0.7". Grades
// belong to Key Results and the team: nothing here is ever worded per person.
import type { KeyResultGrade } from '../../../../../src/contract';

/** The scale a Key Result is graded on: 0.0, 0.1, …, 1.0. */
export const GRADE_STEPS: readonly number[] = Array.from({ length: 11 }, (_, tenth) => tenth / 10);
/** The usual aim: an ambitious Key Result well reached scores about 0.7. */
export const SWEET_SPOT = 0.7;

const oneOrTwoDecimals = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 2 });

/** "0.7", "1.0", or "0.65" for an Objective's weighted mean. */
export function formatGrade(score: number): string {
  return oneOrTwoDecimals.format(score);
}

/** The test id and the key of a step on the scale: "0.7", "0.0", "1.0". */
export function stepId(score: number): string {
  return score.toFixed(1);
}

/** "Grade 0.7", or "Final grade 0.7" once the cycle is closed. */
export function gradeLabel(score: number, cycleClosed: boolean): string {
  return `${cycleClosed ? 'Final grade' : 'Grade'} ${formatGrade(score)}`;
}

/** "GYM Sprint 7: 0.6 · GYM Sprint 8: 0.7", oldest sprint first. */
export function gradeHistoryText(grades: readonly KeyResultGrade[]): string {
  return oldestFirst(grades)
    .map((grade) => `${grade.sprintName}: ${formatGrade(grade.score)}`)
    .join(' · ');
}

export function oldestFirst<T extends { closedAt: string }>(grades: readonly T[]): T[] {
  return [...grades].sort((a, b) => Date.parse(a.closedAt) - Date.parse(b.closedAt));
}

/** "1 Key Result", "3 Key Results". */
export function keyResultCount(count: number): string {
  return count === 1 ? '1 Key Result' : `${count} Key Results`;
}

/** "3 of 4 graded". */
export function gradedCountText(graded: number, total: number): string {
  return `${graded} of ${total} graded`;
}
