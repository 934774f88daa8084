// Who serves the organization's Objectives, and what looks wrong with the teams' topology ("OKR-driven
// team topology": a dedicated team organized around an Objective; an Objective spread over many teams
// with none dedicated to it; a team past its OKR-in-process limit; a sprint that mostly serves nothing;
// team Objectives aligned to nothing). Pure: data in, data out.
//
// Visibility: a team is named, counted or flagged only when `visible` says the viewer may browse its
// project. The one fact computed over every team is whether an organization Objective is served at
// all: "no team serves it" is a statement about the organization's Objective, and must not be made
// while a team the viewer cannot see serves it (nor does it name or count that team).
import type { ObjectiveStatus, OrgFlagRule, OrgServingWay } from '../contract';
import { isDedicatedTeam } from './org-alignment';
import { okrsInProcess } from './limit';

/** How a team serves an organization Objective: dedicated to it, in a Nexus (a named group of teams sharing one Product Goal) serving it, through a Key Result, or through an aligned Objective. */
export type ServingWay = OrgServingWay;

/** Below this share of its running sprint serving a Key Result, a team's sprint "mostly serves nothing". */
export const SPRINT_ALIGNED_AT_LEAST = 0.5;
/** Teams serving one Objective, with none dedicated to it, from which it counts as spread (the org settings may change it). */
export const DEFAULT_SPREAD_THRESHOLD = 3;

export interface OrgObjectiveFacts {
  id: string;
  status: ObjectiveStatus;
  /** Its Key Results' ids. */
  keyResultIds: readonly string[];
}

export interface TeamFacts {
  projectKey: string;
  /** Its OKR-in-process limit (project settings). */
  okrLimit: number;
  /** The organization Objective its Product Goal serves, if any. */
  productGoalServes?: string;
  /** The organization Objective the Product Goal of the Nexus it is in serves, if any. */
  nexusServes?: string;
  /** Its Objectives of the cycles considered. */
  objectives: ReadonlyArray<{ id: string; cycleId: string; status: ObjectiveStatus; servesOrgObjectiveId?: string }>;
  /** Its Key Results that contribute to an organization Key Result. */
  contributions: ReadonlyArray<{ objectiveId: string; orgKeyResultId: string }>;
  /** Its running sprint's aligned share (0–1; null: not known), or null with no running sprint. */
  sprintAlignedShare: number | null;
}

export interface ServingTeam {
  projectKey: string;
  ways: ServingWay[];
}

export type TopologyRule = OrgFlagRule;

export interface TopologyFlag {
  rule: TopologyRule;
  /** The organization Objective (unserved, spread) or the team (the others) it is about. */
  orgObjectiveId?: string;
  projectKey?: string;
  /** The rule behind it, in a sentence. */
  why: string;
}

export interface TeamTopology {
  projectKey: string;
  /** The most active Objectives it has in one cycle considered, against its limit. */
  okrsInProcess: number;
  okrLimit: number;
  /** The organization Objective it is dedicated to, if any. */
  dedicatedTo: string | null;
  /** Its active Objectives serving no organization Objective, directly or through a Key Result. */
  unalignedObjectives: number;
}

export interface Topology {
  /** By organization Objective: the visible teams serving it and how. */
  serving: Record<string, ServingTeam[]>;
  /** The visible teams. */
  teams: TeamTopology[];
  flags: TopologyFlag[];
}

const isActive = (objective: { status: ObjectiveStatus }) => objective.status === 'active';

/** The most Objectives in process the team has in any one of its cycles. */
function mostInProcess(team: TeamFacts): number {
  const cycleIds = new Set(team.objectives.map((objective) => objective.cycleId));
  return Math.max(0, ...[...cycleIds].map((cycleId) => okrsInProcess(team.objectives, cycleId)));
}

/** The organization Objective a team is dedicated to (its Product Goal's, all its active Objectives serving it), or null. */
function dedicationOf(team: TeamFacts): string | null {
  const dedicated = isDedicatedTeam({ ...(team.productGoalServes ? { productGoalServes: team.productGoalServes } : {}), objectives: team.objectives });
  return dedicated ? (team.productGoalServes ?? null) : null;
}

/** How the team serves each organization Objective it serves (ways in a fixed order). */
export function waysOfTeam(team: TeamFacts, orgObjectiveOfKeyResult: ReadonlyMap<string, string>): Map<string, ServingWay[]> {
  const ways = new Map<string, Set<ServingWay>>();
  const add = (orgObjectiveId: string, way: ServingWay) => {
    let set = ways.get(orgObjectiveId);
    if (!set) ways.set(orgObjectiveId, (set = new Set()));
    set.add(way);
  };
  const dedicatedTo = dedicationOf(team);
  if (dedicatedTo) add(dedicatedTo, 'dedicated');
  if (team.nexusServes) add(team.nexusServes, 'nexus');
  const dropped = new Set(team.objectives.filter((objective) => objective.status === 'dropped').map((objective) => objective.id));
  for (const contribution of team.contributions) {
    const orgObjectiveId = orgObjectiveOfKeyResult.get(contribution.orgKeyResultId);
    if (orgObjectiveId && !dropped.has(contribution.objectiveId)) add(orgObjectiveId, 'key-result');
  }
  for (const objective of team.objectives) if (objective.servesOrgObjectiveId && objective.status !== 'dropped') add(objective.servesOrgObjectiveId, 'aligned-objective');
  const order: ServingWay[] = ['dedicated', 'nexus', 'key-result', 'aligned-objective'];
  return new Map([...ways].map(([id, set]) => [id, order.filter((way) => set.has(way))]));
}

/** Active Objectives of the team that serve no organization Objective, neither directly nor through one of their Key Results. */
function unalignedObjectivesOf(team: TeamFacts): number {
  const contributing = new Set(team.contributions.map((contribution) => contribution.objectiveId));
  return team.objectives.filter((objective) => isActive(objective) && !objective.servesOrgObjectiveId && !contributing.has(objective.id)).length;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

/**
 * Who serves each organization Objective (a dedicated team, the teams of a Nexus serving it, teams
 * holding one of its Key Results, teams with aligned Objectives), each visible team's standing, and the
 * flags, each with its rule. An Objective a Nexus serves is organized around it: not flagged as spread.
 * Dropped team Objectives serve nothing. Teams are listed in the order given.
 */
export function organizationTopology(input: {
  objectives: readonly OrgObjectiveFacts[];
  teams: readonly TeamFacts[];
  visible: (projectKey: string) => boolean;
  spreadThreshold: number;
}): Topology {
  const { objectives, teams, visible, spreadThreshold } = input;
  const orgObjectiveOfKeyResult = new Map(objectives.flatMap((objective) => objective.keyResultIds.map((keyResultId) => [keyResultId, objective.id] as const)));
  const servedByAny = new Set<string>();
  const serving: Record<string, ServingTeam[]> = Object.fromEntries(objectives.map((objective) => [objective.id, []]));
  const shown: TeamTopology[] = [];
  const teamFlags: TopologyFlag[] = [];
  for (const team of teams) {
    const ways = waysOfTeam(team, orgObjectiveOfKeyResult);
    for (const orgObjectiveId of ways.keys()) servedByAny.add(orgObjectiveId);
    if (!visible(team.projectKey)) continue;
    for (const [orgObjectiveId, teamWays] of ways) serving[orgObjectiveId]?.push({ projectKey: team.projectKey, ways: teamWays });
    const standing: TeamTopology = { projectKey: team.projectKey, okrsInProcess: mostInProcess(team), okrLimit: team.okrLimit, dedicatedTo: dedicationOf(team), unalignedObjectives: unalignedObjectivesOf(team) };
    shown.push(standing);
    const about = { projectKey: team.projectKey };
    if (standing.okrsInProcess > team.okrLimit) {
      teamFlags.push({ rule: 'over-limit', ...about, why: `${standing.okrsInProcess} Objectives in process in one cycle, over the team's OKR-in-process limit of ${team.okrLimit}: finish before starting more.` });
    }
    if (team.sprintAlignedShare !== null && team.sprintAlignedShare < SPRINT_ALIGNED_AT_LEAST) {
      teamFlags.push({ rule: 'sprint-unaligned', ...about, why: `${percent(team.sprintAlignedShare)} of the running sprint's work serves a Key Result: less than half.` });
    }
    if (standing.unalignedObjectives > 0) {
      teamFlags.push({ rule: 'objectives-unaligned', ...about, why: `${standing.unalignedObjectives} active Objective${standing.unalignedObjectives === 1 ? '' : 's'} serving no organization Objective, directly or through a Key Result.` });
    }
  }
  const objectiveFlags: TopologyFlag[] = [];
  for (const objective of objectives) {
    if (!isActive(objective)) continue;
    // Over every team, seen or not: never "no team serves it" while a team the viewer cannot see does.
    if (!servedByAny.has(objective.id)) {
      objectiveFlags.push({ rule: 'unserved', orgObjectiveId: objective.id, why: 'Active, and no team serves it: no dedicated team, no team Key Result contributing to its Key Results, no team Objective aligned to it.' });
      continue;
    }
    // Over the teams the viewer sees only: a count of teams is not told of teams they cannot see. A
    // Nexus serving it (seen through one of its teams) organizes it as a dedicated team does.
    const seen = serving[objective.id] ?? [];
    if (seen.length >= spreadThreshold && !seen.some((team) => team.ways.includes('dedicated') || team.ways.includes('nexus'))) {
      objectiveFlags.push({ rule: 'spread', orgObjectiveId: objective.id, why: `Served by ${seen.length} teams and none is dedicated to it (flagged from ${spreadThreshold}): consider organizing a dedicated team around it.` });
    }
  }
  return { serving, teams: shown, flags: [...objectiveFlags, ...teamFlags] };
}
