// When Jira closes a sprint: snapshot each Key Result the sprint served and open its review, for
// every project whose issues were in the sprint and that has OKRs in the sprint's cycle. Runs as the
// app (triggers have no user), so it reads only the sprint's issues (status, type, parent, points)
// and stores ids, keys and status categories: what a user then sees of them is read again as that
// user when the review is shown.
import type { StatusCategory } from '../contract';
import { keyResultsServed } from '../domain/alignment';
import { quarterOf } from '../domain/cycles';
import { keyResultProgress } from '../domain/progress';
import { type JiraClient, type JiraIssue, STORY_POINTS_FIELD } from '../jira/client';
import { linksOfCycle } from '../store/links';
import { loadCycle } from '../store/okrs';
import { loadSettings } from '../store/settings';
import { sprintGoalsOf } from '../store/sprint-goals';
import { getSprintReviewRecord, MAX_REVIEW_ISSUES, openSprintReview, type ReviewIssueRecord } from '../store/sprint-reviews';

export interface ClosedSprint {
  id: number;
  name: string;
  boardId: number;
  endDate?: string;
  completeDate: string;
}

/** The fields a snapshot reads of each issue of the sprint. */
export const SNAPSHOT_FIELDS = ['status', 'issuetype', 'parent', STORY_POINTS_FIELD] as const;

const projectKeyOf = (issueKey: string) => issueKey.slice(0, issueKey.lastIndexOf('-'));

function categoryOf(issue: JiraIssue): StatusCategory {
  const key = issue.fields.status?.statusCategory.key;
  return key === 'done' ? 'done' : key === 'indeterminate' ? 'inprogress' : 'todo';
}

/**
 * Opens the review of the closed sprint in each project concerned; answers the projects whose review
 * this call opened (none when every review was open already: the event came twice).
 */
export async function openReviewsOfClosedSprint(sprint: ClosedSprint, jira: JiraClient, now: Date): Promise<string[]> {
  // Jira's `sprint = n` finds every issue that was in the sprint, those moved on to the next sprint included.
  const issues = await jira.searchIssues(`sprint = ${sprint.id}`, SNAPSHOT_FIELDS);
  const byProject = new Map<string, JiraIssue[]>();
  for (const issue of issues) byProject.set(projectKeyOf(issue.key), [...(byProject.get(projectKeyOf(issue.key)) ?? []), issue]);
  const parentOf = new Map<string, string>();
  for (const issue of issues) if (issue.fields.parent?.id) parentOf.set(issue.id, issue.fields.parent.id);

  const opened: string[] = [];
  for (const [projectKey, projectIssues] of byProject) {
    if (await getSprintReviewRecord(projectKey, sprint.id)) continue;
    const settings = await loadSettings(projectKey, undefined);
    // A sprint belongs to the cycle in which it ends (as planned; its close date when it had none).
    const cycle = quarterOf(new Date(sprint.endDate ?? sprint.completeDate), settings.fiscalYearStartMonth, now);
    const [okrs, links, goals] = await Promise.all([
      loadCycle(projectKey, cycle.id),
      linksOfCycle(projectKey, cycle.id),
      sprintGoalsOf(projectKey, [sprint.id]),
    ]);
    if (okrs.keyResults.length === 0) continue;

    const existing = new Set(okrs.keyResults.map((keyResult) => keyResult.id));
    const directLinks = new Map<string, string[]>();
    for (const link of links) {
      if (existing.has(link.keyResultId)) directLinks.set(link.issueId, [...(directLinks.get(link.issueId) ?? []), link.keyResultId]);
    }
    const reviewIssues: ReviewIssueRecord[] = projectIssues.slice(0, MAX_REVIEW_ISSUES).map((issue) => {
      const storyPoints = issue.fields[STORY_POINTS_FIELD];
      return {
        id: issue.id,
        key: issue.key,
        statusCategory: categoryOf(issue),
        keyResultIds: keyResultsServed(issue.id, directLinks, parentOf),
        subtask: issue.fields.issuetype?.subtask === true,
        ...(issue.fields.parent?.id ? { parentId: issue.fields.parent.id } : {}),
        ...(typeof storyPoints === 'number' && Number.isFinite(storyPoints) ? { storyPoints } : {}),
      };
    });
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
    const wasOpened = await openSprintReview({
      projectKey,
      sprintId: sprint.id,
      sprintName: sprint.name.slice(0, 255),
      boardId: sprint.boardId,
      cycleId: cycle.id,
      closedAt: new Date(sprint.completeDate).toISOString(),
      openedAt: now.toISOString(),
      issues: reviewIssues,
      keyResults,
    });
    if (wasOpened) opened.push(projectKey);
  }
  return opened;
}
