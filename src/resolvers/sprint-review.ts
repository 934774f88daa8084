// The Sprint Review: what a closed sprint did for each Key Result it served, and the Product Owner's
// grades. The snapshot was taken when the sprint closed; what this user is shown of its issues is read
// again as this user, so an issue they may not see is neither listed nor counted.
import type Resolver from '@forge/resolver';
import type { Cycle, IssueSummary, KeyResultView, Objective, ReviewedKeyResult, SprintReviewData, ValidPayload } from '../contract';
import { sprintAlignment, type SprintIssue } from '../domain/alignment';
import { cycleById, quarterOf } from '../domain/cycles';
import { onStep } from '../domain/grading';
import { jiraAsUser, type JiraClient, type JiraIssue, orNullIfHidden } from '../jira/client';
import { getMany } from '../store/io';
import { ENTITY, type StoredKeyResult } from '../store/model';
import { getSprintReviewRecord, recordGrade, type ReviewIssueRecord, type SprintReviewRecord } from '../store/sprint-reviews';
import { mayCheckIn, projectAccess, type ProjectAccess } from './access';
import { defineResolver, type InvocationContext } from './define';
import { AppError } from './errors';
import { callOf, type Call, keyResultInProject, objectiveInProject } from './okrs';
import { sprintView } from './project-page';
import { keyResultView } from './views';

/** The review of a sprint in this project, or NOT_FOUND saying why there is none. */
async function reviewOf(jira: JiraClient, projectKey: string, sprintId: number): Promise<SprintReviewRecord> {
  const review = await getSprintReviewRecord(projectKey, sprintId);
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

function cycleOfReview(review: SprintReviewRecord, access: ProjectAccess, now: Date): Cycle {
  return cycleById(review.cycleId, access.settings.fiscalYearStartMonth, now) ?? quarterOf(new Date(review.closedAt), access.settings.fiscalYearStartMonth, now);
}

/** The review's issues this user may see now (deleted and hidden ones left out), with their summaries and types as Jira shows them. */
async function visibleIssues(jira: JiraClient, issues: readonly ReviewIssueRecord[]): Promise<Map<string, JiraIssue>> {
  const found = await jira.issuesByIds(issues.map((issue) => issue.id), ['summary', 'issuetype']);
  return new Map(found.map((issue) => [issue.id, issue]));
}

export async function getSprintReview(payload: ValidPayload<'getSprintReview'>, call: Call): Promise<SprintReviewData> {
  const { jira, projectKey, now } = call;
  const access = await projectAccess(jira, projectKey, call.accountId);
  const review = await reviewOf(jira, projectKey, payload.sprintId);
  const cycle = cycleOfReview(review, access, now);
  const keyResultIds = review.keyResults.map((entry) => entry.keyResultId);
  const [sprint, seen, keyResults, objectives] = await Promise.all([
    orNullIfHidden(jira.getSprint(review.sprintId)),
    visibleIssues(jira, review.issues),
    getMany<StoredKeyResult>(ENTITY.keyResult, keyResultIds),
    getMany<Objective>(ENTITY.objective, [...new Set(review.keyResults.map((entry) => entry.objectiveId))]),
  ]);
  if (!sprint) throw new AppError('NOT_FOUND', `Sprint ${review.sprintId} is not a sprint you can see.`, 'sprintId');

  const issues = review.issues.filter((issue) => seen.has(issue.id));
  const inSprint = new Set(issues.map((issue) => issue.id));
  const summaryOf = (issue: ReviewIssueRecord): IssueSummary => {
    const fields = seen.get(issue.id)!.fields;
    return { key: issue.key, summary: fields.summary ?? '', statusCategory: issue.statusCategory, issueType: fields.issuetype?.name ?? 'Issue' };
  };
  // A sub-task whose story is listed counts with it, as on the project page.
  const units = issues.filter((issue) => !(issue.subtask && issue.parentId && inSprint.has(issue.parentId)));

  const reviewed: ReviewedKeyResult[] = [];
  for (const entry of review.keyResults) {
    const stored = keyResults.get(entry.keyResultId);
    const objective = objectives.get(entry.objectiveId);
    // A Key Result deleted since the sprint closed has nothing left to grade.
    if (!stored || stored.projectKey !== projectKey || !objective) continue;
    const serving = units.filter((issue) => issue.keyResultIds.includes(entry.keyResultId));
    // Shown against its own cycle: the quarter of the sprint, or the fiscal year above it.
    const view: KeyResultView = keyResultView(stored, cycleById(stored.cycleId, access.settings.fiscalYearStartMonth, now) ?? cycle, now);
    reviewed.push({
      ...view,
      evidence: {
        done: serving.filter((issue) => issue.statusCategory === 'done').map(summaryOf),
        notDone: serving.filter((issue) => issue.statusCategory !== 'done').map(summaryOf),
      },
      atClose: { value: entry.valueAtClose, progress: entry.progressAtClose },
      ...(entry.grade ? { grade: entry.grade } : {}),
      corrections: entry.corrections,
      objective: { id: objective.id, title: objective.title, ...(objective.ownerAccountId ? { ownerAccountId: objective.ownerAccountId } : {}) },
      canGrade: mayCheckIn(access, objective),
    });
  }

  const sprintIssues: SprintIssue[] = issues.map((issue) => ({
    id: issue.id,
    key: issue.key,
    summary: seen.get(issue.id)?.fields.summary ?? '',
    subtask: issue.subtask,
    statusCategory: issue.statusCategory,
    ...(issue.parentId ? { parentId: issue.parentId } : {}),
    ...(issue.storyPoints !== undefined ? { storyPoints: issue.storyPoints } : {}),
  }));
  const servedBy = new Map(issues.map((issue) => [issue.id, issue.keyResultIds]));
  const alignment = sprintAlignment(sprintIssues, (id) => servedBy.get(id) ?? []);
  const shown = sprintView(sprint, reviewed.map((keyResult) => keyResult.id), false, alignment);

  const graders = reviewed.flatMap((keyResult) => [...(keyResult.grade ? [keyResult.grade] : []), ...keyResult.corrections].map((grade) => grade.accountId));
  const people = graders.length > 0 ? await jira.displayNames(graders) : {};
  return { sprint: shown, closedAt: review.closedAt, keyResults: reviewed, canGrade: reviewed.some((keyResult) => keyResult.canGrade), people };
}

export async function gradeKeyResult(payload: ValidPayload<'gradeKeyResult'>, call: Call): Promise<KeyResultView> {
  const { jira, projectKey, accountId, now } = call;
  const access = await projectAccess(jira, projectKey, accountId);
  const review = await getSprintReviewRecord(projectKey, payload.sprintId);
  if (!review) throw new AppError('NOT_FOUND', `Sprint ${payload.sprintId} has no review in ${projectKey} to grade.`, 'sprintId');
  if (!review.keyResults.some((entry) => entry.keyResultId === payload.keyResultId)) {
    throw new AppError('VALIDATION', `${review.sprintName} did not serve this Key Result, so its review does not grade it.`, 'keyResultId');
  }
  const keyResult = await keyResultInProject(payload.keyResultId, projectKey, 'keyResultId');
  const objective = await objectiveInProject(keyResult.objectiveId, projectKey, 'keyResultId');
  if (!mayCheckIn(access, objective)) {
    throw new AppError('FORBIDDEN', `Only a Product Owner of ${projectKey} or the owner of “${objective.title}” can grade its Key Results.`);
  }
  if (payload.value !== undefined && payload.confidence === undefined) {
    throw new AppError('VALIDATION', 'Give a confidence (1–10) with the new value: the value is recorded as a check-in.', 'confidence');
  }
  const at = now.toISOString();
  const note = payload.note?.trim() ? payload.note : undefined;
  const { keyResult: saved } = await recordGrade({
    projectKey,
    sprintId: review.sprintId,
    keyResultId: keyResult.id,
    grade: { score: onStep(payload.score), at, accountId, ...(payload.confidence !== undefined ? { confidence: payload.confidence } : {}), ...(note ? { note } : {}) },
    ...(payload.value !== undefined ? { checkIn: { at, accountId, value: payload.value, confidence: payload.confidence!, ...(note ? { note } : {}) } } : {}),
    change: { accountId, at },
  });
  return keyResultView(saved, cycleById(saved.cycleId, access.settings.fiscalYearStartMonth, now) ?? cycleOfReview(review, access, now), now);
}

export function registerSprintReview(resolver: Resolver): void {
  defineResolver(resolver, 'getSprintReview', (payload, context: InvocationContext) => getSprintReview(payload, callOf(context)));
  defineResolver(resolver, 'gradeKeyResult', (payload, context: InvocationContext) => gradeKeyResult(payload, callOf(context)));
}
