// When Jira closes a sprint: snapshot each Key Result the sprint served and open its review, for
// every project whose issues were in the sprint and that has OKRs in the sprint's cycle. Runs as the
// app (triggers have no user), so it reads only the sprint's issues (status, type, parent, points)
// and stores ids, keys and status categories: what a user then sees of them is read again as that
// user when the review is shown.
import { keyResultsServed } from '../domain/alignment';
import { cycleIdsOf, quarterOf } from '../domain/cycles';
import { keyResultProgress } from '../domain/progress';
import type { JiraClient, JiraIssue } from '../jira/client';
import { customFieldsToRead, type JiraFieldIds, jiraFieldIds, keepFieldsOfBoards, storyPointsOf } from '../jira/fields';
import { everIssueOfSprintJql, statusCategoryOf } from '../jira/issues';
import { linkedIssueIds } from '../store/links';
import { loadCycle } from '../store/okrs';
import { loadSettings } from '../store/settings';
import { sprintGoalsOf } from '../store/sprint-goals';
import { getSprintReviewRecord, MAX_REVIEW_ISSUES, openSprintReview, type ReviewIssueRecord } from '../store/sprint-reviews';

/**
 * How much of a review the snapshot of the sprint's issues may take (about 140 bytes an issue, more
 * with several Key Results each), leaving the rest of the platform's 240 KiB for the Key Results'
 * values and grades. A sprint of more than about a thousand issues keeps its first ones by rank.
 */
const MAX_SNAPSHOT_BYTES = 150 * 1024;

export interface ClosedSprint {
  id: number;
  name: string;
  /** Unknown when neither the event nor Jira names it: the review is opened all the same. */
  boardId?: number;
  endDate?: string;
  completeDate: string;
}

/** The fields a snapshot reads of each issue of the sprint, with the story-point field its board estimates with. */
export const SNAPSHOT_FIELDS = ['status', 'issuetype', 'parent'] as const;

const projectKeyOf = (issueKey: string) => issueKey.slice(0, issueKey.lastIndexOf('-'));

/**
 * Opens the review of the closed sprint in each project concerned; answers the projects whose review
 * this call opened (none when every review was open already: the event came twice).
 */
export async function openReviewsOfClosedSprint(sprint: ClosedSprint, jira: JiraClient, now: Date): Promise<string[]> {
  // The close keeps its board's fields for the page views that follow (a read never writes them).
  const kept = sprint.boardId !== undefined ? (await keepFieldsOfBoards(jira, [sprint.boardId], now)).get(sprint.boardId) : undefined;
  const fieldIds = kept ?? (await jiraFieldIds(jira, null, now));
  const issues = await jira.searchIssues(everIssueOfSprintJql(sprint.id), [...SNAPSHOT_FIELDS, ...customFieldsToRead(fieldIds, ['storyPoints'])]);
  const byProject = new Map<string, JiraIssue[]>();
  for (const issue of issues) byProject.set(projectKeyOf(issue.key), [...(byProject.get(projectKeyOf(issue.key)) ?? []), issue]);
  const parentOf = new Map<string, string>();
  for (const issue of issues) if (issue.fields.parent?.id) parentOf.set(issue.id, issue.fields.parent.id);

  const opened: string[] = [];
  const failed: string[] = [];
  const errors: unknown[] = [];
  for (const [projectKey, projectIssues] of byProject) {
    // Each project on its own: one that fails does not keep the others from their review.
    try {
      if (await openReviewOfProject(sprint, projectKey, projectIssues, parentOf, fieldIds, now)) opened.push(projectKey);
    } catch (error) {
      console.error(`Outcomes: the review of sprint ${sprint.id} in ${projectKey} could not be opened`, error);
      failed.push(projectKey);
      errors.push(error);
    }
  }
  // Failing the delivery leaves the event unrecorded, so that a repeated delivery opens what is missing;
  // the causes go with it, so the trigger can tell a passing failure from one that would recur.
  if (failed.length > 0) {
    throw new AggregateError(errors, `The review of sprint ${sprint.id} could not be opened in ${failed.join(', ')} (opened in: ${opened.join(', ') || 'none'}).`);
  }
  return opened;
}

async function openReviewOfProject(
  sprint: ClosedSprint,
  projectKey: string,
  projectIssues: JiraIssue[],
  parentOf: ReadonlyMap<string, string>,
  fieldIds: JiraFieldIds,
  now: Date,
): Promise<boolean> {
  if (await getSprintReviewRecord(projectKey, sprint.id)) return false;
  const settings = await loadSettings(projectKey, undefined);
  // A sprint belongs to the cycle in which it ends (as planned; its close date when it had none).
  const cycle = quarterOf(new Date(sprint.endDate ?? sprint.completeDate), settings.fiscalYearStartMonth, now);
  // The quarter's OKRs and the fiscal year's: a sprint serves both.
  const [quarterId, yearId] = cycleIdsOf(cycle);
  const [quarterOkrs, yearOkrs, goals] = await Promise.all([loadCycle(projectKey, quarterId), loadCycle(projectKey, yearId), sprintGoalsOf(projectKey, [sprint.id])]);
  const okrs = { keyResults: [...quarterOkrs.keyResults, ...yearOkrs.keyResults] };
  if (okrs.keyResults.length === 0) return false;

  // The same links the project page reads: each Key Result's digest of its linked issues.
  const linked = await linkedIssueIds(projectKey, okrs.keyResults.map((keyResult) => keyResult.id));
  const directLinks = new Map<string, string[]>();
  for (const [keyResultId, issueIds] of linked) {
    for (const issueId of issueIds) directLinks.set(issueId, [...(directLinks.get(issueId) ?? []), keyResultId]);
  }
  const reviewIssues: ReviewIssueRecord[] = [];
  let bytes = 0;
  for (const issue of projectIssues) {
    const storyPoints = storyPointsOf(issue, fieldIds);
    const record: ReviewIssueRecord = {
      id: issue.id,
      key: issue.key,
      statusCategory: statusCategoryOf(issue),
      keyResultIds: keyResultsServed(issue.id, directLinks, parentOf),
      subtask: issue.fields.issuetype?.subtask === true,
      ...(issue.fields.parent?.id ? { parentId: issue.fields.parent.id } : {}),
      ...(storyPoints !== undefined ? { storyPoints } : {}),
    };
    bytes += Buffer.byteLength(JSON.stringify(record), 'utf8') + 1;
    if (bytes > MAX_SNAPSHOT_BYTES || reviewIssues.length >= MAX_REVIEW_ISSUES) break;
    reviewIssues.push(record);
  }
  // The Key Results the Sprint Goal was tied to, and every Key Result the sprint's work served.
  const served = new Set([...(goals.get(sprint.id)?.keyResultIds ?? []), ...reviewIssues.flatMap((issue) => issue.keyResultIds)]);
  const keyResults = okrs.keyResults
    .filter((keyResult) => served.has(keyResult.id))
    .map((keyResult) => ({
      keyResultId: keyResult.id,
      objectiveId: keyResult.objectiveId,
      valueAtClose: keyResult.metric.current,
      progressAtClose: keyResultProgress(keyResult.metric),
      corrections: [],
    }));
  // A sprint that served no Key Result has nothing to grade.
  if (keyResults.length === 0) return false;
  return openSprintReview({
    projectKey,
    sprintId: sprint.id,
    sprintName: sprint.name.slice(0, 255),
    ...(sprint.boardId !== undefined ? { boardId: sprint.boardId } : {}),
    cycleId: cycle.id,
    closedAt: new Date(sprint.completeDate).toISOString(),
    openedAt: now.toISOString(),
    issues: reviewIssues,
    keyResults,
  });
}
