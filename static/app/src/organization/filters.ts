import type { ObjectiveStatus, ObjectiveView, OrganizationTopology } from '../../../../src/contract';

// What the organization page is narrowed to: one team (or all), one team of teams (or all), and
// Objectives of one status (or all). Pure, so the page and its tests read the same rule.

export interface TopologyFilter {
  projectKey: string | null;
  /** A Nexus: its teams only. */
  nexusId: string | null;
  status: ObjectiveStatus | null;
}

export const NO_FILTER: TopologyFilter = { projectKey: null, nexusId: null, status: null };

/** Whether a team is in what the filter keeps: the chosen team, and a team of the chosen Nexus. */
export function teamKept(filter: TopologyFilter, nexuses: ReadonlyArray<{ id: string; projects: ReadonlyArray<{ key: string }> }>): (projectKey: string) => boolean {
  const nexus = filter.nexusId === null ? null : nexuses.find((candidate) => candidate.id === filter.nexusId);
  const members = nexus ? new Set(nexus.projects.map((project) => project.key)) : null;
  return (projectKey) => (filter.projectKey === null || projectKey === filter.projectKey) && (filter.nexusId === null || (members?.has(projectKey) ?? false));
}

/** The Objectives of the status chosen that a team the filter keeps serves (every one, with no team or Nexus chosen). */
export function filteredObjectives(objectives: readonly ObjectiveView[], topology: OrganizationTopology, filter: TopologyFilter, kept: (projectKey: string) => boolean): ObjectiveView[] {
  const anyTeam = filter.projectKey === null && filter.nexusId === null;
  return objectives.filter((objective) => (filter.status === null || objective.status === filter.status) && (anyTeam || (topology.serving[objective.id] ?? []).some((serving) => kept(serving.projectKey))));
}
