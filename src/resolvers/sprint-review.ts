// The Sprint Review: what a closed sprint did for each Key Result it served, and the Product Owner's
// grades. The snapshot was taken when the sprint closed; what this user is shown of its issues is read
// again as this user, so an issue they may not see is neither listed nor counted.
import type Resolver from '@forge/resolver';
import type { KeyResultView, SprintReviewData, ValidPayload } from '../contract';
import { cycleById } from '../domain/cycles';
import { onStep } from '../domain/grading';
import { orNullIfHidden } from '../jira/client';
import { issueFacts } from '../jira/issues';
import { mayCheckIn, projectAccess, requireCheckIn } from '../invocation/access';
import { defineResolvers, type Invocation } from '../invocation/define';
import { AppError } from '../invocation/errors';
import { keyResultInProject, objectiveInProject } from '../invocation/lookups';
import { keyResultsOfProject, objectivesOfProject, sprintReviewAsSeen } from '../store/read-models';
import { type GradeInput, getSprintReviewRecord, recordGrade, type SprintReviewRecord } from '../store/sprint-reviews';
import { keyResultView } from '../views/okrs';
import { cycleOfReview, reviewGraders, sprintReviewView } from '../views/review';

async function getSprintReview(payload: ValidPayload<'getSprintReview'>, invocation: Invocation): Promise<SprintReviewData> {
  const { jira, projectKey, now } = invocation;
  const access = await projectAccess(invocation);
  const review = await reviewOf(invocation, payload.sprintId);
  const [sprint, visible, keyResults, objectives] = await Promise.all([
    orNullIfHidden(jira.getSprint(review.sprintId)),
    // The review's issues this user may see now (deleted and hidden ones left out), as Jira shows them.
    jira.issuesByIds(review.issues.map((issue) => issue.id), ['summary', 'issuetype']).then((found) => new Map(found.map((issue) => [issue.id, issueFacts(issue)]))),
    keyResultsOfProject(projectKey, review.keyResults.map((entry) => entry.keyResultId)),
    objectivesOfProject(projectKey, [...new Set(review.keyResults.map((entry) => entry.objectiveId))]),
  ]);
  if (!sprint) throw new AppError('NOT_FOUND', `Sprint ${review.sprintId} is not a sprint you can see.`, 'sprintId');
  const { fiscalYearStartMonth, staleCheckInDays } = access.settings;
  const shown = sprintReviewView({ review, sprint, visible, keyResults, objectives, fiscalYearStartMonth, staleCheckInDays, canGrade: (objective) => mayCheckIn(access, objective), now });
  const graders = reviewGraders(shown.keyResults);
  return { ...shown, people: graders.length > 0 ? await jira.displayNames(graders) : {} };
}

/** The review of a sprint in this project, or NOT_FOUND saying why there is none. */
async function reviewOf({ jira, projectKey }: Invocation, sprintId: number): Promise<SprintReviewRecord> {
  const review = await sprintReviewAsSeen(projectKey, sprintId);
  if (review) return review;
  const sprint = await orNullIfHidden(jira.getSprint(sprintId));
  if (!sprint) throw new AppError('NOT_FOUND', `Sprint ${sprintId} is not a sprint you can see.`, 'sprintId');
  if (sprint.state !== 'closed') {
    throw new AppError('NOT_FOUND', `${sprint.name} is ${sprint.state === 'active' ? 'still running' : 'not started yet'}: its review opens when Jira closes it.`, 'sprintId');
  }
  throw new AppError(
    'NOT_FOUND',
    `${sprint.name} has no review in ${projectKey}: Outcomes opens one when Jira closes a sprint with ${projectKey}'s issues while the app is installed.`,
    'sprintId',
  );
}

async function gradeKeyResult(payload: ValidPayload<'gradeKeyResult'>, invocation: Invocation): Promise<KeyResultView> {
  const { projectKey, now } = invocation;
  const access = await projectAccess(invocation);
  const review = await getSprintReviewRecord(projectKey, payload.sprintId);
  if (!review) throw new AppError('NOT_FOUND', `Sprint ${payload.sprintId} has no review in ${projectKey} to grade.`, 'sprintId');
  if (!review.keyResults.some((entry) => entry.keyResultId === payload.keyResultId)) {
    throw new AppError('VALIDATION', `${review.sprintName} did not serve this Key Result, so its review does not grade it.`, 'keyResultId');
  }
  const keyResult = await keyResultInProject(payload.keyResultId, projectKey, 'keyResultId');
  const objective = await objectiveInProject(keyResult.objectiveId, projectKey, 'keyResultId');
  requireCheckIn(access, objective, 'grade');
  if (payload.value !== undefined && payload.confidence === undefined) {
    throw new AppError('VALIDATION', 'Give a confidence (1–10) with the new value: the value is recorded as a check-in.', 'confidence');
  }
  const { keyResult: saved } = await recordGrade(gradeOf(payload, review, invocation));
  const { fiscalYearStartMonth, staleCheckInDays } = access.settings;
  const cycle = cycleById(saved.cycleId, fiscalYearStartMonth, now) ?? cycleOfReview(review, fiscalYearStartMonth, now);
  return keyResultView(saved, cycle, now, undefined, undefined, undefined, undefined, staleCheckInDays);
}

/** The grade to record, with the Key Result's new value as a check-in when one is given. */
function gradeOf(payload: ValidPayload<'gradeKeyResult'>, review: SprintReviewRecord, { projectKey, accountId, now }: Invocation): GradeInput {
  const at = now.toISOString();
  const note = payload.note?.trim() ? payload.note : undefined;
  return {
    projectKey,
    sprintId: review.sprintId,
    keyResultId: payload.keyResultId,
    grade: { score: onStep(payload.score), at, accountId, ...(payload.confidence !== undefined ? { confidence: payload.confidence } : {}), ...(note ? { note } : {}) },
    ...(payload.value !== undefined && payload.confidence !== undefined ? { checkIn: { at, accountId, value: payload.value, confidence: payload.confidence, ...(note ? { note } : {}) } } : {}),
    change: { accountId, at },
  };
}

export function registerSprintReview(resolver: Resolver): void {
  defineResolvers(resolver, { getSprintReview, gradeKeyResult });
}
