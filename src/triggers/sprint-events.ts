// Jira Software's sprint events. For now the app records each one, once; grading rounds hang off
// the closed-sprint record later. Triggers run without a user, so nothing here calls Jira.
import { z } from 'zod';
import { recordSprintEvent, type SprintEventRecord } from '../store/sprint-events';

const KINDS = {
  'avi:jira-software:started:sprint': 'started',
  'avi:jira-software:closed:sprint': 'closed',
} as const;

const sprintEventSchema = z.object({
  eventType: z.enum(['avi:jira-software:started:sprint', 'avi:jira-software:closed:sprint']),
  sprint: z.object({
    id: z.coerce.number().int().positive(),
    name: z.string(),
    originBoardId: z.coerce.number().int().positive(),
    startDate: z.string().optional(),
    completeDate: z.string().optional(),
  }),
});

export async function handleSprintEvent(event: unknown, now: Date = new Date()): Promise<{ recorded: boolean }> {
  const parsed = sprintEventSchema.safeParse(event);
  if (!parsed.success) {
    // A malformed or unexpected event is logged and dropped: retrying it would fail the same way.
    console.warn('Ignoring a sprint event of an unexpected shape', parsed.error.issues[0]);
    return { recorded: false };
  }
  const { eventType, sprint } = parsed.data;
  const kind = KINDS[eventType];
  const receivedAt = now.toISOString();
  const record: SprintEventRecord = {
    kind,
    sprintId: sprint.id,
    boardId: sprint.originBoardId,
    sprintName: sprint.name,
    occurredAt: (kind === 'closed' ? sprint.completeDate : sprint.startDate) ?? receivedAt,
    receivedAt,
  };
  return { recorded: await recordSprintEvent(record) };
}
