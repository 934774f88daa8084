import fc from 'fast-check';
import { GRADE_STEPS, gradingSummary, isGradeStep, latestGrade, objectiveGrade, objectiveGradeShown, onStep } from './grading';
import { must } from '../../test/support/must';

describe('the grade scale', () => {
  it('has the eleven steps 0.0 to 1.0', () => {
    expect(GRADE_STEPS).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  });

  it('accepts the steps, with floating-point noise, and nothing else', () => {
    expect(isGradeStep(0.7)).toBe(true);
    expect(isGradeStep(0.1 + 0.2)).toBe(true);
    expect(onStep(0.1 + 0.2)).toBe(0.3);
    for (const bad of [0.75, 0.05, -0.1, 1.1, Number.NaN, Number.POSITIVE_INFINITY, 0.71]) expect(isGradeStep(bad)).toBe(false);
  });

  it('accepts exactly the tenths of [0, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50, max: 50 }), (tenths) => {
        expect(isGradeStep(tenths / 10)).toBe(tenths >= 0 && tenths <= 10);
      }),
    );
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (score) => {
        const onATenth = Math.abs(score * 10 - Math.round(score * 10)) < 1e-9;
        expect(isGradeStep(score)).toBe(onATenth);
      }),
    );
  });
});

describe('latestGrade', () => {
  it("takes the grade of the latest sprint to close, whatever order they were given in", () => {
    const grades = [
      { sprint: 8, closedAt: '2026-11-27T16:00:00.000Z', score: 0.7 },
      { sprint: 7, closedAt: '2026-11-13T16:00:00.000Z', score: 0.4 },
    ];
    expect(latestGrade(grades)?.sprint).toBe(8);
    expect(latestGrade([])).toBeNull();
  });
});

describe('objectiveGrade', () => {
  it('weights each graded Key Result and leaves ungraded ones out (not as zero)', () => {
    // (2 × 0.8 + 1 × 0.5) / 3 = 0.7
    expect(objectiveGrade([{ weight: 2, grade: 0.8 }, { weight: 1, grade: 0.5 }, { weight: 5, grade: null }])).toBe(0.7);
    expect(objectiveGrade([{ weight: 1, grade: null }])).toBeNull();
    expect(objectiveGrade([])).toBeNull();
  });

  it('lies between the lowest and the highest grade it averages', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ weight: fc.double({ min: 0.1, max: 100, noNaN: true }), grade: fc.integer({ min: 0, max: 10 }).map((t) => t / 10) }), { minLength: 1, maxLength: 20 }),
        (keyResults) => {
          const grade = must(objectiveGrade(keyResults), 'objectiveGrade(keyResults)');
          const grades = keyResults.map((keyResult) => must(keyResult.grade, 'keyResult.grade'));
          expect(grade).toBeGreaterThanOrEqual(Math.min(...grades) - 0.005);
          expect(grade).toBeLessThanOrEqual(Math.max(...grades) + 0.005);
        },
      ),
    );
  });
});

describe('gradingSummary', () => {
  it('hints that targets may be too low when three or more grades average 0.95 or more', () => {
    expect(gradingSummary([1, 1, 0.9, 0.9])).toEqual({ average: 0.95, count: 4, targetsMayBeTooLow: true });
    expect(gradingSummary([1, 0.9, 0.9, 0.9])).toEqual({ average: 0.93, count: 4, targetsMayBeTooLow: false });
    expect(gradingSummary([0.7, 0.6, 0.8])).toEqual({ average: 0.7, count: 3, targetsMayBeTooLow: false });
  });

  it('says nothing of targets on too few grades', () => {
    expect(gradingSummary([1, 1])).toEqual({ average: 1, count: 2, targetsMayBeTooLow: false });
    expect(gradingSummary([])).toEqual({ average: null, count: 0, targetsMayBeTooLow: false });
  });
});

describe('objectiveGradeShown', () => {
  const three = (grades: Array<number | null>) => grades.map((grade) => ({ weight: 1, grade }));

  it('says how many are graded, and gives no grade while some Key Results are not graded', () => {
    expect(objectiveGradeShown(three([0.4, null, null]), false)).toEqual({ grade: null, graded: { count: 1, of: 3 } });
    expect(objectiveGradeShown(three([null, null, null]), false)).toEqual({ grade: null, graded: { count: 0, of: 3 } });
  });

  it('grades the Objective once every Key Result is graded', () => {
    expect(objectiveGradeShown(three([0.4, 0.7, 1]), false)).toEqual({ grade: 0.7, graded: { count: 3, of: 3 } });
  });

  it('grades it on those graded once the cycle is closed', () => {
    expect(objectiveGradeShown(three([0.4, 0.6, null]), true)).toEqual({ grade: 0.5, graded: { count: 2, of: 3 } });
    expect(objectiveGradeShown(three([null, null, null]), true)).toEqual({ grade: null, graded: { count: 0, of: 3 } });
  });
});
