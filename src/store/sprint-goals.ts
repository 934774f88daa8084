// Which Key Results each Sprint Goal serves, as a Product Owner tied them. The Sprint Goal's text
// stays in Jira; only the tie is kept here, one record per project and sprint.
import { getMany, putRecord } from './io';
import { ENTITY } from './model';

export interface SprintGoalRecord {
  projectKey: string;
  sprintId: number;
  keyResultIds: string[];
  updatedAt: string;
  accountId: string;
}

const sprintGoalKey = (projectKey: string, sprintId: number) => `${projectKey}-${sprintId}`;

/** The ties of the given sprints, by sprint id (sprints never tied are absent): one batch read per 25 sprints. */
export async function sprintGoalsOf(projectKey: string, sprintIds: readonly number[]): Promise<Map<number, SprintGoalRecord>> {
  const found = await getMany<SprintGoalRecord>(ENTITY.sprintGoal, sprintIds.map((id) => sprintGoalKey(projectKey, id)));
  return new Map([...found.values()].map((record) => [record.sprintId, record]));
}

export async function saveSprintGoal(record: SprintGoalRecord): Promise<SprintGoalRecord> {
  await putRecord(ENTITY.sprintGoal, sprintGoalKey(record.projectKey, record.sprintId), record);
  return record;
}
