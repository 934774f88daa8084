// How a team's OKRs relate to the organization's: alignment, never a cascade. A team Objective may
// serve an organization Objective, a team Key Result may contribute to an organization Key Result,
// and a team's Product Goal may serve one organization Objective. Pure: data in, data out.

/** A team Key Result's share in an organization Key Result's progress. */
export interface Contribution {
  /** The team Key Result's own progress, 0–1. */
  progress: number;
  /** Its weight among the contributors (1 unless set). */
  weight: number;
}

/**
 * The weighted mean progress of the contributing team Key Results (0–1), or null with none to
 * count. A weight that is not a positive finite number counts as nothing rather than skewing the rest.
 */
export function contributedProgress(contributions: readonly Contribution[]): number | null {
  let weighted = 0;
  let total = 0;
  for (const { progress, weight } of contributions) {
    if (!Number.isFinite(weight) || weight <= 0 || !Number.isFinite(progress)) continue;
    weighted += Math.min(1, Math.max(0, progress)) * weight;
    total += weight;
  }
  return total > 0 ? weighted / total : null;
}

export interface TeamAlignment {
  /** The organization Objective the team's Product Goal serves, if it names one. */
  productGoalServes?: string;
  /** The team's Objectives of the cycle with their status and alignment. */
  objectives: ReadonlyArray<{ status: string; servesOrgObjectiveId?: string }>;
}

/**
 * A dedicated team (the "OKR-driven team topology"): its Product Goal serves exactly one organization
 * Objective, and it has active Objectives, every one of which serves that same Objective. A team with
 * no active Objective is not dedicated to anything yet; drafts, finished and dropped ones do not count.
 */
export function isDedicatedTeam({ productGoalServes, objectives }: TeamAlignment): boolean {
  if (!productGoalServes) return false;
  const active = objectives.filter((objective) => objective.status === 'active');
  return active.length > 0 && active.every((objective) => objective.servesOrgObjectiveId === productGoalServes);
}
