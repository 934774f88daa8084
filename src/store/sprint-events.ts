// Sprint events as Jira delivered them, one record per sprint and kind of event.
import { kvs } from '@forge/kvs';

export const SPRINT_EVENT_ENTITY = 'sprint-event';

export interface SprintEventRecord {
  /** `started` or `closed`. */
  kind: 'started' | 'closed';
  sprintId: number;
  /** The sprint's board, when Jira names it (the event need not, nor the sprint the app may see). */
  boardId?: number;
  sprintName: string;
  /** When Jira says the sprint started or completed, else when the event arrived. */
  occurredAt: string;
  receivedAt: string;
}

/** One key per sprint and kind, so a repeated delivery of the same event writes the same record once. */
export const sprintEventKey = (kind: SprintEventRecord['kind'], sprintId: number) => `${kind}-${sprintId}`;

export async function isSprintEventRecorded(record: Pick<SprintEventRecord, 'kind' | 'sprintId'>): Promise<boolean> {
  return (await kvs.entity<SprintEventRecord>(SPRINT_EVENT_ENTITY).get(sprintEventKey(record.kind, record.sprintId))) !== undefined;
}

/** Records the event unless it was recorded already; answers whether this delivery was the first. */
export async function recordSprintEvent(record: SprintEventRecord): Promise<boolean> {
  const entity = kvs.entity<SprintEventRecord>(SPRINT_EVENT_ENTITY);
  const key = sprintEventKey(record.kind, record.sprintId);
  if (await entity.get(key)) return false;
  await entity.set(key, record);
  return true;
}

export async function sprintEventsOfBoard(boardId: number): Promise<SprintEventRecord[]> {
  const page = await kvs
    .entity<SprintEventRecord>(SPRINT_EVENT_ENTITY)
    .query()
    .index('by-board', { partition: [boardId] })
    .limit(100)
    .getMany();
  return page.results.map((result) => result.value);
}
