// Grading Key Results at Sprint Reviews: the scale, a Key Result's and an Objective's grade, and the
// guidance the team gets from its grades across a cycle. Pure: no storage, no Jira.

/** The usual aim: an ambitious Key Result well reached scores about 0.7. */
export const GRADE_SWEET_SPOT = 0.7;
/** Grades averaging this much or more suggest the targets were set too low. */
export const TOO_EASY_AVERAGE = 0.95;
/** Fewer grades than this say too little to judge the targets by. */
export const MIN_GRADES_FOR_HINT = 3;

/** The scale's steps: 0.0, 0.1, …, 1.0. */
export const GRADE_STEPS: readonly number[] = Array.from({ length: 11 }, (_, tenth) => tenth / 10);

// The scale's rule lives in the contract, which validates payloads with it and must not import the domain.
export { isGradeStep } from '../contract';

/** A score snapped onto its step, so 0.30000000000000004 is kept as 0.3. */
export const onStep = (score: number): number => Math.round(score * 10) / 10;

/** The latest of a Key Result's grades, by when their sprints closed; null with none. */
export function latestGrade<T extends { closedAt: string; score: number }>(grades: readonly T[]): T | null {
  let latest: T | null = null;
  for (const grade of grades) if (!latest || grade.closedAt >= latest.closedAt) latest = grade;
  return latest;
}

/**
 * An Objective's grade: the weighted mean of its graded Key Results' grades (those not graded yet
 * do not count as zero); null when none is graded. Rounded to two decimals, as it is shown.
 */
export function objectiveGrade(keyResults: ReadonlyArray<{ weight: number; grade: number | null }>): number | null {
  let weighted = 0;
  let weights = 0;
  for (const { weight, grade } of keyResults) {
    if (grade === null || !(weight > 0)) continue;
    weighted += weight * grade;
    weights += weight;
  }
  if (weights === 0) return null;
  return Math.round((weighted / weights) * 100) / 100;
}

/**
 * What an Objective shows of its grade: how many of its Key Results are graded, and the grade itself
 * only once every one is (or the cycle is closed). A grade of one Key Result out of three is not the
 * Objective's grade, and shown alone it reads as if it were.
 */
export function objectiveGradeShown(
  keyResults: ReadonlyArray<{ weight: number; grade: number | null }>,
  cycleClosed: boolean,
): { grade: number | null; graded: { count: number; of: number } } {
  const graded = { count: keyResults.filter(({ grade }) => grade !== null).length, of: keyResults.length };
  const complete = graded.count > 0 && (graded.count === graded.of || cycleClosed);
  return { grade: complete ? objectiveGrade(keyResults) : null, graded };
}

/** The team's grades across a cycle: their mean, and whether they hint that the targets were too low. */
export function gradingSummary(scores: readonly number[]): { average: number | null; count: number; targetsMayBeTooLow: boolean } {
  if (scores.length === 0) return { average: null, count: 0, targetsMayBeTooLow: false };
  const mean = scores.reduce((sum, score) => sum + score, 0) / scores.length;
  // Judged on the mean itself (with room for floating-point noise), not on its rounded display.
  const targetsMayBeTooLow = scores.length >= MIN_GRADES_FOR_HINT && mean >= TOO_EASY_AVERAGE - 1e-9;
  return { average: Math.round(mean * 100) / 100, count: scores.length, targetsMayBeTooLow };
}
