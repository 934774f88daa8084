// How the organization's OKRs and a team's show their alignment: pure functions of loaded data.
import { type Cycle, type KeyResultView, type Objective, type ObjectiveView, ORG_CONTRIBUTORS_LISTED, type OrgKeyResultContributions, type ProductGoal, type ProductGoalView } from '../contract';
import { contributedProgress, isDedicatedTeam } from '../domain/org-alignment';
import { keyResultProgress } from '../domain/progress';
import { keyResultStatus } from '../domain/status';
import type { StoredKeyResult } from '../store/model';
import { objectiveView } from './okrs';

/**
 * An organization Key Result's contributors: its progress from all of them (the organization's own
 * figure), while only those of projects the viewer may browse are counted and named.
 */
export function contributionsView(contributors: readonly StoredKeyResult[], mayBrowse: (projectKey: string) => boolean): OrgKeyResultContributions {
  const measured = contributors.map((keyResult) => ({ keyResult, progress: keyResultProgress(keyResult.metric), weight: keyResult.contributesTo?.weight ?? 1 }));
  const seen = measured.filter(({ keyResult }) => mayBrowse(keyResult.projectKey));
  return {
    count: seen.length,
    progress: contributedProgress(measured),
    listed: seen.slice(0, ORG_CONTRIBUTORS_LISTED).map(({ keyResult, progress, weight }) => ({ projectKey: keyResult.projectKey, keyResultId: keyResult.id, title: keyResult.title, progress, weight })),
  };
}

/**
 * The organization's Objectives with each Key Result that takes its progress from contributions
 * showing theirs (its status against the time gone follows), and each Objective's progress and
 * health from its Key Results as shown. With no contributor yet, a Key Result keeps its check-ins'.
 */
export function withContributedProgress(objectives: readonly ObjectiveView[], contributions: Readonly<Record<string, OrgKeyResultContributions>>, cycle: Cycle, today: Date, canCheckIn: (objective: Objective) => boolean): ObjectiveView[] {
  return objectives.map((view) => {
    const progressed = view.keyResults.filter((keyResult) => keyResult.progressFrom === 'contributions' && contributions[keyResult.id]?.progress != null);
    if (progressed.length === 0) return view;
    const keyResults = view.keyResults.map((keyResult): KeyResultView => {
      const progress = keyResult.progressFrom === 'contributions' ? contributions[keyResult.id]?.progress : null;
      if (progress == null) return keyResult;
      return { ...keyResult, progress, status: keyResultStatus(keyResult.metric, progress, keyResult.expectedProgress) };
    });
    const { keyResults: _before, progress: _progress, expectedProgress: _expected, health: _health, lint: _lint, canCheckIn: _canCheckIn, grade: _grade, graded: _graded, ...objective } = view;
    return objectiveView(objective as Objective, keyResults, cycle, today, canCheckIn);
  });
}

/** A team's Product Goal as the project page shows it, with whether the team is dedicated to the Objective it serves. */
export function productGoalView(goal: ProductGoal | undefined, objectives: ReadonlyArray<Pick<Objective, 'status' | 'servesOrgObjectiveId'>>, titles: ReadonlyMap<string, string>): ProductGoalView | null {
  if (!goal) return null;
  const served = goal.servesOrgObjectiveId;
  return {
    ...goal,
    servesTitle: served ? (titles.get(served) ?? null) : null,
    servesDeleted: served !== undefined && !titles.has(served),
    dedicated: isDedicatedTeam({ ...(served ? { productGoalServes: served } : {}), objectives }),
  };
}

/** The organization Objectives and Key Results a team's records name (its Objectives', Key Results' and Product Goal's). */
export function alignmentIdsOf(goal: ProductGoal | undefined, objectives: readonly Objective[], keyResults: readonly StoredKeyResult[]): { objectiveIds: string[]; keyResultIds: string[] } {
  const objectiveIds = new Set<string>();
  if (goal?.servesOrgObjectiveId) objectiveIds.add(goal.servesOrgObjectiveId);
  for (const objective of objectives) if (objective.servesOrgObjectiveId) objectiveIds.add(objective.servesOrgObjectiveId);
  const keyResultIds = new Set(keyResults.flatMap((keyResult) => (keyResult.contributesTo ? [keyResult.contributesTo.orgKeyResultId] : [])));
  return { objectiveIds: [...objectiveIds], keyResultIds: [...keyResultIds] };
}

/** Titles by id for the page, null for each id whose organization record was deleted. */
export function alignedTitles(ids: { objectiveIds: readonly string[]; keyResultIds: readonly string[] }, titles: ReadonlyMap<string, string>): Record<string, string | null> {
  return Object.fromEntries([...ids.objectiveIds, ...ids.keyResultIds].map((id) => [id, titles.get(id) ?? null]));
}
