// A sprint as the UI shows it, on the project page and in its Sprint Review.
import type { SprintView } from '../contract';

/** What a sprint is, as Jira tells it: the view's own facts, and the goal as written. */
export type SprintFacts = Pick<SprintView, 'id' | 'name' | 'state' | 'startDate' | 'endDate' | 'completeDate'> & { goal?: string | null };

/** A sprint as shown: Jira's dates and goal, the Key Results it serves and how much of it does. */
export function sprintView(
  sprint: SprintFacts,
  keyResultIds: string[],
  keyResultsSuggested: boolean,
  alignment: { share: number | null; pointShare: number | null; issueCount: number },
): SprintView {
  return {
    id: sprint.id,
    name: sprint.name,
    state: sprint.state,
    ...(sprint.startDate ? { startDate: sprint.startDate } : {}),
    ...(sprint.endDate ? { endDate: sprint.endDate } : {}),
    ...(sprint.completeDate ? { completeDate: sprint.completeDate } : {}),
    goal: sprint.goal?.trim() ?? '',
    keyResultIds,
    keyResultsSuggested,
    alignedShare: alignment.share,
    alignedPointShare: alignment.pointShare,
    issueCount: alignment.issueCount,
  };
}

/**
 * The sprint the team is working in or planning: the running one, else the next planned one (the
 * first future sprint in the board's order, which is the order Jira plans them in). Undefined when
 * neither exists.
 */
export function sprintInFocus<S extends { state: string }>(sprints: readonly S[]): S | undefined {
  return sprints.find((sprint) => sprint.state === 'active') ?? sprints.find((sprint) => sprint.state === 'future');
}
