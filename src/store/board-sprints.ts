// A board's closed sprints, kept so that a page view reads only the board's running and planned ones
// from Jira (one call instead of one per 50 sprints a long-lived board has had). A closed sprint does
// not change, so what is kept stays true; what it may miss is a sprint closed since it was kept. So it
// also keeps which sprints were running or planned then: once one of them is neither now, it has been
// closed (or deleted) since, and the view reads every sprint again. It is a cache of Jira, not app data,
// and only triggers and background jobs write it (a read never writes): the sprint events keep their
// board's, and a view that found none (or an old one) asks the `kept-issues` queue for it.
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { getGathered } from './io';

/** Past this age what is kept is not used (a sprint both started and closed since would go unseen). */
export const BOARD_SPRINTS_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** Kept up to this size of JSON (a value may hold 240 KiB); a board with more closed sprints is read whole on each view. */
const MAX_KEPT_BYTES = 200_000;

const PREFIX = 'board-sprints:';

const sprintSchema = z.object({
  id: z.number(),
  name: z.string(),
  state: z.literal('closed'),
  startDate: z.string().optional(),
  endDate: z.string().optional(),
  completeDate: z.string().optional(),
  goal: z.string().optional().nullable(),
  originBoardId: z.number().optional(),
});
export type ClosedSprint = z.infer<typeof sprintSchema>;

const keptSchema = z.object({
  closed: z.array(sprintSchema),
  open: z.array(z.number()),
  readAt: z.string(),
});

export interface KeptBoardSprints {
  /** The board's closed sprints, in Jira's order. */
  closed: ClosedSprint[];
  /** The ids of the sprints running or planned when they were read. */
  open: number[];
  readAt: string;
}

/** What is kept of the board's sprints while within its lifetime, or null. */
export async function keptBoardSprints(boardId: number, now: Date): Promise<KeptBoardSprints | null> {
  const parsed = keptSchema.safeParse(await getGathered({ key: `${PREFIX}${boardId}` }));
  if (!parsed.success) return null;
  const age = now.getTime() - Date.parse(parsed.data.readAt);
  return age >= 0 && age < BOARD_SPRINTS_LIFETIME_MS ? parsed.data : null;
}

/** Keeps the board's sprints as just read from Jira (every one of them, in Jira's order). */
export async function keepBoardSprints(boardId: number, sprints: ReadonlyArray<{ id: number; state: string }>, now: Date): Promise<void> {
  const closed = sprints.flatMap((sprint) => {
    const parsed = sprintSchema.safeParse(sprint);
    return parsed.success ? [parsed.data] : [];
  });
  const open = sprints.filter((sprint) => sprint.state !== 'closed').map((sprint) => sprint.id);
  const value = { closed, open, readAt: now.toISOString() };
  if (new TextEncoder().encode(JSON.stringify(value)).length > MAX_KEPT_BYTES) await kvs.delete(`${PREFIX}${boardId}`);
  else await kvs.set(`${PREFIX}${boardId}`, value);
}
