// Alignment between a team's OKRs and the organization's: reads only. The links themselves live on
// the team's records (an Objective's `servesOrgObjectiveId`, a Key Result's `contributesTo`); the
// organization's records never name the teams, so no entity is added and no delete cascades.
import type { Objective } from '../contract';
import { ENTITY, INDEX, type StoredKeyResult } from './model';
import { getMany, inParallel, queryAll } from './io';
import type { OrgObjective } from './org-okrs';

/** Queries run at once while the organization page gathers contributions. */
const CONTRIBUTION_QUERIES_AT_ONCE = 4;

/** The team Key Results contributing to each organization Key Result named (one query each, every page). */
export async function contributionsTo(orgKeyResultIds: readonly string[]): Promise<Map<string, StoredKeyResult[]>> {
  const ids = [...new Set(orgKeyResultIds)];
  const lists = await inParallel(ids, CONTRIBUTION_QUERIES_AT_ONCE, (id) => queryAll<StoredKeyResult>(ENTITY.keyResult, INDEX.byContribution, [id]));
  return new Map(ids.map((id, i) => [id, lists[i] ?? []]));
}

/** The titles of the organization Objectives and Key Results named, by id; a deleted one is absent (batch reads, 25 keys a call). */
export async function orgTitles(objectiveIds: readonly string[], keyResultIds: readonly string[]): Promise<Map<string, string>> {
  const [objectives, keyResults] = await Promise.all([
    objectiveIds.length ? getMany<OrgObjective>(ENTITY.orgObjective, [...new Set(objectiveIds)]) : Promise.resolve(new Map<string, OrgObjective>()),
    keyResultIds.length ? getMany<StoredKeyResult>(ENTITY.orgKeyResult, [...new Set(keyResultIds)]) : Promise.resolve(new Map<string, StoredKeyResult>()),
  ]);
  const titles = new Map<string, string>();
  for (const [id, record] of [...objectives, ...keyResults]) titles.set(id, record.title);
  return titles;
}

/** Every team's Objectives of the cycles named, across projects: one query per cycle, one more per 100 Objectives beyond. */
export async function teamObjectivesOfCycles(cycleIds: readonly string[]): Promise<Objective[]> {
  const lists = await Promise.all([...new Set(cycleIds)].map((cycleId) => queryAll<Objective>(ENTITY.objective, INDEX.acrossProjects, [cycleId])));
  return lists.flat();
}

/** Team Key Results by id (batch reads, 25 keys a call); a deleted one is absent. */
export function teamKeyResults(ids: readonly string[]): Promise<Map<string, StoredKeyResult>> {
  return ids.length > 0 ? getMany<StoredKeyResult>(ENTITY.keyResult, [...new Set(ids)]) : Promise.resolve(new Map());
}
