// Jira Software's sprint events: each is recorded once; a closed sprint also opens its review (the
// snapshot of the Key Results it served, for grading). Triggers run without a user: the snapshot reads
// Jira as the app, and only the sprint's issues.
import type { InvocationError } from '@forge/events';
import { z } from 'zod';
import { JiraError, jiraAsApp, type JiraClient } from '../jira/client';
import { keepFieldsOfBoards } from '../jira/fields';
import { keepSprintsOfBoard, requestSprintIssues } from '../jobs/kept-issues';
import { queueProjectRefresh } from '../jobs/query-refresh';
import { isSprintEventRecorded, recordSprintEvent, type SprintEventRecord } from '../store/sprint-events';
import { retryLaterOrThrow } from './retry';
import { openReviewsOfClosedSprint } from './sprint-close';

const KINDS = {
  'avi:jira-software:started:sprint': 'started',
  'avi:jira-software:closed:sprint': 'closed',
} as const;

const jiraDate = z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'must be a date');

// Atlassian documents the payload's ids as strings and `originBoardId` as optional; numbers are read too.
const sprintEventSchema = z.object({
  eventType: z.enum(['avi:jira-software:started:sprint', 'avi:jira-software:closed:sprint']),
  sprint: z.object({
    id: z.coerce.number().int().positive(),
    name: z.string(),
    // A board id that is missing or unreadable is learnt from Jira instead: it never drops the event.
    originBoardId: z.unknown().optional().transform((value) => {
      const id = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof id === 'number' && Number.isInteger(id) && id > 0 ? id : undefined;
    }),
    startDate: jiraDate.optional(),
    endDate: jiraDate.optional(),
    completeDate: jiraDate.optional(),
  }),
});

export type SprintEventAnswer = { recorded: boolean; reviewsOpened?: string[] };

export async function handleSprintEvent(
  event: unknown,
  now: Date = new Date(),
  jira: () => JiraClient = () => jiraAsApp(),
): Promise<SprintEventAnswer | InvocationError> {
  const parsed = sprintEventSchema.safeParse(event);
  if (!parsed.success) {
    // A malformed or unexpected event is logged and dropped: retrying it would fail the same way.
    console.warn('Ignoring a sprint event of an unexpected shape', parsed.error.issues[0]);
    return { recorded: false };
  }
  try {
    return await handleParsed(parsed.data, now, jira);
  } catch (error) {
    return retryLaterOrThrow(error, event, `The ${KINDS[parsed.data.eventType]} event of sprint ${parsed.data.sprint.id}`);
  }
}

async function handleParsed(data: z.infer<typeof sprintEventSchema>, now: Date, jira: () => JiraClient): Promise<SprintEventAnswer> {
  const { eventType, sprint } = data;
  const kind = KINDS[eventType];
  const receivedAt = now.toISOString();
  const base = { kind, sprintId: sprint.id, sprintName: sprint.name, occurredAt: (kind === 'closed' ? sprint.completeDate : sprint.startDate) ?? receivedAt, receivedAt };
  // A repeated delivery stops here, before asking Jira anything.
  if (await isSprintEventRecorded(base)) return kind === 'closed' ? { recorded: false, reviewsOpened: [] } : { recorded: false };
  let client: JiraClient | undefined;
  const jiraClient = () => (client ??= jira());
  // The sprint's issues changed sprint (closing moves unfinished work on): the kept issues read them again, in the background.
  await requestSprintIssues(sprint.id);
  const boardId = sprint.originBoardId ?? (await boardOfSprint(jiraClient(), sprint.id));
  const record: SprintEventRecord = { ...base, ...(boardId !== undefined ? { boardId } : {}) };
  // The board's sprints changed state: what page views keep of them is read again.
  if (boardId !== undefined) await keepSprintsOfBoard(jiraClient(), boardId, now);
  if (kind !== 'closed') {
    // A started sprint keeps its board's fields for the page views of the sprint.
    if (boardId !== undefined) await keepFieldsOfBoards(jiraClient(), [boardId], now);
    return { recorded: await recordSprintEvent(record) };
  }
  // The event is recorded only once the reviews are open, so a delivery that failed half-way is
  // completed by the next (opening a review twice is refused anyway).
  const reviewsOpened = await openReviewsOfClosedSprint(
    { id: sprint.id, name: sprint.name, ...(boardId !== undefined ? { boardId } : {}), completeDate: record.occurredAt, ...(sprint.endDate ? { endDate: sprint.endDate } : {}) },
    jiraClient(),
    now,
  );
  // The query-measured Key Results of the board's project and of each project reviewed read their value again.
  const boardProject = boardId !== undefined ? await jiraClient().boardProjectKey(boardId).catch(() => null) : null;
  await queueProjectRefresh([...new Set([...reviewsOpened, ...(boardProject ? [boardProject] : [])])]);
  return { recorded: await recordSprintEvent(record), reviewsOpened };
}

/**
 * The sprint's board, from Jira, for an event that does not name it; undefined when Jira does not say
 * either (a sprint the app may not see, or gone). The board only files the event: reviews need none.
 */
async function boardOfSprint(jira: JiraClient, sprintId: number): Promise<number | undefined> {
  try {
    return (await jira.getSprint(sprintId)).originBoardId;
  } catch (error) {
    if (error instanceof JiraError && (error.status === 403 || error.status === 404)) return undefined;
    throw error;
  }
}
