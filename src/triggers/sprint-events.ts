// Jira Software's sprint events: each is recorded once; a closed sprint also opens its review (the
// snapshot of the Key Results it served, for grading). Triggers run without a user: the snapshot reads
// Jira as the app, and only the sprint's issues.
import { z } from 'zod';
import { jiraAsApp, type JiraClient } from '../jira/client';
import { isSprintEventRecorded, recordSprintEvent, type SprintEventRecord } from '../store/sprint-events';
import { openReviewsOfClosedSprint } from './sprint-close';

const KINDS = {
  'avi:jira-software:started:sprint': 'started',
  'avi:jira-software:closed:sprint': 'closed',
} as const;

const jiraDate = z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'must be a date');

const sprintEventSchema = z.object({
  eventType: z.enum(['avi:jira-software:started:sprint', 'avi:jira-software:closed:sprint']),
  sprint: z.object({
    id: z.coerce.number().int().positive(),
    name: z.string(),
    originBoardId: z.coerce.number().int().positive(),
    startDate: jiraDate.optional(),
    endDate: jiraDate.optional(),
    completeDate: jiraDate.optional(),
  }),
});

export async function handleSprintEvent(
  event: unknown,
  now: Date = new Date(),
  jira: () => JiraClient = () => jiraAsApp(),
): Promise<{ recorded: boolean; reviewsOpened?: string[] }> {
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
  if (kind !== 'closed') return { recorded: await recordSprintEvent(record) };
  // A repeated delivery stops here. The event is recorded only once the reviews are open, so a
  // delivery that failed half-way is completed by the next (opening a review twice is refused anyway).
  if (await isSprintEventRecorded(record)) return { recorded: false, reviewsOpened: [] };
  const reviewsOpened = await openReviewsOfClosedSprint(
    { id: sprint.id, name: sprint.name, boardId: sprint.originBoardId, completeDate: record.occurredAt, ...(sprint.endDate ? { endDate: sprint.endDate } : {}) },
    jira(),
    now,
  );
  return { recorded: await recordSprintEvent(record), reviewsOpened };
}
