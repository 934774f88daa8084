import type { SprintReviewRecord } from '../store/model';
import { keyResult, objective, SETTINGS, TODAY } from './__fixtures__/records';
import { cycleOfReview, reviewGraders, type ReviewInput, sprintReviewView } from './review';
import { must } from '../../test/support/must';

const grade = (accountId: string, score: number) => ({ score, value: 5, at: '2026-11-15T09:00:00.000Z', accountId });

const review: SprintReviewRecord = {
  projectKey: 'GYM',
  sprintId: 7,
  sprintName: 'Sprint 7',
  cycleId: '2026-Q4',
  closedAt: '2026-11-14T16:00:00.000Z',
  openedAt: '2026-11-14T16:00:01.000Z',
  issues: [
    { id: '1', key: 'GYM-1', statusCategory: 'done', keyResultIds: ['k1'], subtask: false, storyPoints: 3 },
    { id: '2', key: 'GYM-2', statusCategory: 'inprogress', keyResultIds: ['k1'], subtask: true, parentId: '1' },
    { id: '3', key: 'GYM-3', statusCategory: 'todo', keyResultIds: ['k1'], subtask: false },
    { id: '4', key: 'GYM-4', statusCategory: 'todo', keyResultIds: [], subtask: false, storyPoints: 5 },
  ],
  keyResults: [
    { keyResultId: 'k1', objectiveId: 'o1', valueAtClose: 4, progressAtClose: 0.4, grade: grade('po', 0.7), corrections: [grade('owner', 0.5)] },
    { keyResultId: 'gone', objectiveId: 'o1', valueAtClose: 1, progressAtClose: 0.1, corrections: [] },
  ],
  version: 1,
};

function input(extra: Partial<ReviewInput> = {}): ReviewInput {
  return {
    review,
    sprint: { id: 7, name: 'Sprint 7', state: 'closed', endDate: '2026-11-14T16:00:00.000Z', goal: 'Onboard' },
    // GYM-3 is hidden from this user.
    visible: new Map([
      ['1', { summary: 'Plans', issueType: 'Story' }],
      ['2', { summary: 'Plan screen', issueType: 'Sub-task' }],
      ['4', { summary: 'Bug', issueType: 'Bug' }],
    ]),
    keyResults: new Map([['k1', keyResult('k1', 'o1')]]),
    objectives: new Map([['o1', objective('o1', { ownerAccountId: 'owner' })]]),
    fiscalYearStartMonth: SETTINGS.fiscalYearStartMonth,
    staleCheckInDays: SETTINGS.staleCheckInDays,
    canGrade: () => true,
    now: TODAY,
    ...extra,
  };
}

describe('sprintReviewView', () => {
  it('shows each Key Result still there with the evidence this user may see, a sub-task counting with its story', () => {
    const shown = sprintReviewView(input());
    expect(shown.keyResults).toHaveLength(1);
    const [k1] = shown.keyResults;
    expect(must(k1, 'k1').evidence).toEqual({ done: [{ key: 'GYM-1', summary: 'Plans', statusCategory: 'done', issueType: 'Story' }], notDone: [] });
    expect(k1).toMatchObject({ atClose: { value: 4, progress: 0.4 }, grade: grade('po', 0.7), objective: { id: 'o1', title: 'Objective o1', ownerAccountId: 'owner' }, canGrade: true });
    expect(shown.canGrade).toBe(true);
  });

  it('shows the sprint with the reviewed Key Results and its alignment over the visible issues', () => {
    const shown = sprintReviewView(input());
    expect(shown.sprint).toMatchObject({ id: 7, goal: 'Onboard', keyResultIds: ['k1'], keyResultsSuggested: false, issueCount: 2, alignedShare: 0.5 });
    expect(shown.closedAt).toBe(review.closedAt);
  });

  it('lists the Key Results nobody checked in on for longer than the setting as "to check in"', () => {
    const checkIn = (at: string) => ({ at, accountId: 'po', value: 5, confidence: 7 });
    // k1 last checked in 20 days before 18 Nov; k2 a week before.
    const keyResults = new Map([
      ['k1', keyResult('k1', 'o1', { checkIns: [checkIn('2026-10-29T09:00:00.000Z')] })],
      ['k2', keyResult('k2', 'o1', { checkIns: [checkIn('2026-11-11T09:00:00.000Z')] })],
    ]);
    const both = { ...review, keyResults: [...review.keyResults, { keyResultId: 'k2', objectiveId: 'o1', valueAtClose: 5, progressAtClose: 0.5, corrections: [] }] };
    const shown = sprintReviewView(input({ review: both, keyResults }));
    expect(shown.toCheckIn).toEqual(['k1']);
    expect(shown.keyResults.map(({ id, stale, daysWithoutCheckIn }) => ({ id, stale, daysWithoutCheckIn }))).toEqual([
      { id: 'k1', stale: true, daysWithoutCheckIn: 20 },
      { id: 'k2', stale: false, daysWithoutCheckIn: 7 },
    ]);
    // A team that checks in every week marks both.
    expect(sprintReviewView(input({ review: both, keyResults, staleCheckInDays: 5 })).toCheckIn).toEqual(['k1', 'k2']);
  });

  it('lets nobody grade when the caller may grade none', () => {
    expect(sprintReviewView(input({ canGrade: () => false })).canGrade).toBe(false);
  });
});

describe('cycleOfReview and reviewGraders', () => {
  it('files a review under its cycle, or the quarter its sprint closed in', () => {
    expect(cycleOfReview(review, 1, TODAY).id).toBe('2026-Q4');
    expect(cycleOfReview({ cycleId: 'nonsense', closedAt: '2026-05-02T09:00:00.000Z' }, 1, TODAY).id).toBe('2026-Q2');
  });

  it('names everyone who graded or corrected a grade', () => {
    expect(reviewGraders(sprintReviewView(input()).keyResults)).toEqual(['po', 'owner']);
  });
});
