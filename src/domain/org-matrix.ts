// The topology view: the organization's Objectives × its teams, each cell telling how much the team
// serves the Objective (the share of its running sprint's work serving it, or how it serves it when no
// sprint is known), and one sentence per problem above it. Pure: data in, data out.
//
// A unit of the sprint's work (a story, task or bug with its sub-tasks folded in: domain/alignment.ts)
// serves an organization Objective when one of the Key Results it serves (its own links, its parent's,
// its grandparent's) belongs to a team Objective aligned to that organization Objective, or contributes
// to one of its Key Results. A unit may serve two organization Objectives: it then counts in both cells,
// so a team's cells may add up past its share serving any organization Objective, never one cell past it.
import type { OrgFlagRule, OrgMatrixCell, OrgServingWay, OrgTeamView, OrgTopologyMatrix } from '../contract';
import { type SprintIssue, sprintAlignment } from './alignment';

/** How a team's running sprint serves the organization's Objectives. */
export interface SprintServing {
  /** Units of work counted. */
  issueCount: number;
  /** Units serving a Key Result, any. */
  aligned: number;
  /** Units serving at least one organization Objective. */
  servingAny: number;
  /** By organization Objective: units serving it (only those with at least one). */
  byOrgObjective: Map<string, number>;
}

/**
 * Counts the sprint's units of work serving each organization Objective. `served(issueId)` gives the
 * team Key Results the issue serves; `orgObjectivesOf(keyResultId)` the organization Objectives a team
 * Key Result serves (through its Objective's alignment or its contribution; none for a dropped Objective's).
 */
export function sprintServing(
  issues: readonly SprintIssue[],
  served: (issueId: string) => readonly string[],
  orgObjectivesOf: (keyResultId: string) => readonly string[],
): SprintServing {
  const all = sprintAlignment(issues, served);
  const unitsServing = (keeps: (keyResultId: string) => boolean) => {
    const narrowed = sprintAlignment(issues, (issueId) => served(issueId).filter(keeps));
    return narrowed.issueCount - narrowed.unaligned.length;
  };
  const orgObjectiveIds = new Set(issues.flatMap((issue) => served(issue.id).flatMap((keyResultId) => [...orgObjectivesOf(keyResultId)])));
  const byOrgObjective = new Map<string, number>();
  for (const orgObjectiveId of orgObjectiveIds) {
    const units = unitsServing((keyResultId) => orgObjectivesOf(keyResultId).includes(orgObjectiveId));
    if (units > 0) byOrgObjective.set(orgObjectiveId, units);
  }
  return {
    issueCount: all.issueCount,
    aligned: all.issueCount - all.unaligned.length,
    servingAny: unitsServing((keyResultId) => orgObjectivesOf(keyResultId).length > 0),
    byOrgObjective,
  };
}

export interface MatrixTeam {
  projectKey: string;
  /** How it serves each organization Objective it serves (domain/org-topology.ts waysOfTeam). */
  ways: ReadonlyMap<string, readonly OrgServingWay[]>;
  /** Its running sprint's serving, or null with no running sprint known (none, not read, not gathered). */
  sprint: SprintServing | null;
}

/**
 * The cells of the organization Objectives × teams matrix, row by row (Objectives in the order given,
 * teams in the order given): one where the team serves the Objective in some way or where a unit of its
 * running sprint serves it; none elsewhere. Only the teams given are columns: give only those the viewer sees.
 */
export function topologyCells(orgObjectiveIds: readonly string[], teams: readonly MatrixTeam[]): OrgMatrixCell[] {
  const cells: OrgMatrixCell[] = [];
  for (const orgObjectiveId of orgObjectiveIds) {
    for (const team of teams) {
      const ways = [...(team.ways.get(orgObjectiveId) ?? [])];
      const issues = team.sprint ? (team.sprint.byOrgObjective.get(orgObjectiveId) ?? 0) : null;
      if (ways.length === 0 && !issues) continue;
      const sprintIssues = team.sprint ? team.sprint.issueCount : null;
      cells.push({ orgObjectiveId, projectKey: team.projectKey, ways, issues, sprintIssues, share: issues !== null && sprintIssues ? issues / sprintIssues : null });
    }
  }
  return cells;
}

type Flag = { rule: OrgFlagRule; orgObjectiveId?: string; projectKey?: string };

const quoted = (title: string) => `“${title}”`;
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
const percent = (share: number) => `${Math.round(Math.max(0, Math.min(1, share)) * 100)}%`;

/**
 * One sentence per problem, for a portfolio review: what is wrong and what to consider. The flags come
 * from domain/org-topology.ts (only about teams the viewer sees); `servedBy` counts the visible teams
 * serving an organization Objective, and `team` gives a listed team's standing.
 */
export function problemSentences(
  flags: readonly Flag[],
  known: { titleOf: (orgObjectiveId: string) => string; servedBy: (orgObjectiveId: string) => number; team: (projectKey: string) => OrgTeamView | undefined },
): OrgTopologyMatrix['problems'] {
  const sentences: OrgTopologyMatrix['problems'] = [];
  for (const flag of flags) {
    const sentence = sentenceOf(flag, known);
    if (sentence) sentences.push({ ...flag, sentence });
  }
  return sentences;
}

function sentenceOf(flag: Flag, known: Parameters<typeof problemSentences>[1]): string | null {
  if (flag.orgObjectiveId !== undefined) {
    const title = quoted(known.titleOf(flag.orgObjectiveId));
    if (flag.rule === 'unserved') return `Objective ${title} is served by no team: give it a dedicated team, or ask teams to align their OKRs to it.`;
    if (flag.rule === 'spread') return `Objective ${title} is served by ${plural(known.servedBy(flag.orgObjectiveId), 'team')}, none dedicated: consider a Nexus or a dedicated team.`;
    return null;
  }
  const team = flag.projectKey !== undefined ? known.team(flag.projectKey) : undefined;
  if (!team) return null;
  if (flag.rule === 'over-limit') return `${team.name} has ${plural(team.okrsInProcess, 'Objective')} in process, over its limit of ${team.okrLimit}: finish some before starting more.`;
  if (flag.rule === 'sprint-unaligned') {
    const share = team.sprint?.alignedShare;
    return `${team.name}’s running sprint: ${share === null || share === undefined ? 'less than half' : percent(share)} of its work serves a Key Result: tie the sprint to the team’s OKRs.`;
  }
  if (flag.rule === 'objectives-unaligned') return `${team.name} has ${plural(team.unalignedObjectives, 'active Objective')} serving no organization Objective: align ${team.unalignedObjectives === 1 ? 'it' : 'them'}, or ask why.`;
  return null;
}
