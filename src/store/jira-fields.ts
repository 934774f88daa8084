// What the app learned of a site's Jira Software fields (their ids differ from site to site), kept so
// that a page view does not ask Jira again: one plain key per board (and one for the site when there is
// no board). It is a cache of Jira's configuration, not app data: it expires, and a bad record is
// simply read again from Jira.
import { kvs } from '@forge/kvs';
import { z } from 'zod';

export interface JiraFieldIds {
  /** Jira Software's Sprint field, or null when the site has none (no Jira Software). */
  sprint: string | null;
  /** Jira Software's Rank field. */
  rank: string | null;
  /** The number field the board estimates with, or the site's story-point field; null when neither. */
  storyPoints: string | null;
}

/**
 * How long what was found is trusted. Field ids never change once created, but a board's admin may
 * switch its estimation to another field, and a field that was missing may be created: an hour is the
 * longest a page shows points from the wrong field.
 */
export const JIRA_FIELDS_LIFETIME_MS = 60 * 60 * 1000;

const cachedSchema = z.object({
  sprint: z.string().nullable(),
  rank: z.string().nullable(),
  storyPoints: z.string().nullable(),
  readAt: z.string(),
});

const keyOf = (boardId: number | null) => (boardId === null ? 'jira-fields:site' : `jira-fields:board:${boardId}`);

/** The fields kept for this board (or the site), with whether they are still within their lifetime; null when none are kept. */
export async function keptJiraFields(boardId: number | null, now: Date): Promise<{ fields: JiraFieldIds; fresh: boolean } | null> {
  const parsed = cachedSchema.safeParse(await kvs.get(keyOf(boardId)));
  if (!parsed.success) return null;
  const age = now.getTime() - Date.parse(parsed.data.readAt);
  const { readAt: _readAt, ...fields } = parsed.data;
  return { fields, fresh: age >= 0 && age < JIRA_FIELDS_LIFETIME_MS };
}

export async function keepJiraFields(boardId: number | null, fields: JiraFieldIds, now: Date): Promise<void> {
  await kvs.set(keyOf(boardId), { ...fields, readAt: now.toISOString() });
}
