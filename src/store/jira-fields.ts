// What the app learned of a site's Jira Software fields (their ids differ from site to site), kept so
// that a page view does not ask Jira again: one plain key per board. It is a cache of Jira's
// configuration, not app data, and only triggers write it (a read never writes): the sprint events
// keep their board's, and an hourly job reads every kept board's again.
import { kvs, WhereConditions } from '@forge/kvs';
import { z } from 'zod';
import { getGathered } from './io';

export interface JiraFieldIds {
  /** Jira Software's Sprint field, or null when the site has none (no Jira Software). */
  sprint: string | null;
  /** Jira Software's Rank field. */
  rank: string | null;
  /** The number field the board estimates with, or the site's story-point field; null when neither. */
  storyPoints: string | null;
}

/**
 * How long what was found is trusted. The hourly job reads them again well within it; past it (the
 * job stopped), a page finds them itself. A board's admin may switch its estimation to another field:
 * within the hour the page shows points from the new one.
 */
export const JIRA_FIELDS_LIFETIME_MS = 2 * 60 * 60 * 1000;

const PREFIX = 'jira-fields:board:';

const keptSchema = z.object({
  sprint: z.string().nullable(),
  rank: z.string().nullable(),
  storyPoints: z.string().nullable(),
  readAt: z.string(),
});

/** The fields kept for this board, with whether they are still within their lifetime; null when none are kept. */
export async function keptJiraFields(boardId: number, now: Date): Promise<{ fields: JiraFieldIds; fresh: boolean } | null> {
  const parsed = keptSchema.safeParse(await getGathered({ key: `${PREFIX}${boardId}` }));
  if (!parsed.success) return null;
  const age = now.getTime() - Date.parse(parsed.data.readAt);
  const { readAt: _readAt, ...fields } = parsed.data;
  return { fields, fresh: age >= 0 && age < JIRA_FIELDS_LIFETIME_MS };
}

export async function keepJiraFields(boardId: number, fields: JiraFieldIds, now: Date): Promise<void> {
  await kvs.set(`${PREFIX}${boardId}`, { ...fields, readAt: now.toISOString() });
}

/**
 * The site's Sprint field as any board's kept fields name it (one Sprint field serves every board of
 * a site), or undefined when no board's fields are kept yet: one storage read, for the issue panel.
 */
export async function keptSprintFieldId(): Promise<string | null | undefined> {
  const page = await kvs.query().where('key', WhereConditions.beginsWith(PREFIX)).limit(1).getMany();
  const parsed = keptSchema.safeParse(page.results[0]?.value);
  return parsed.success ? parsed.data.sprint : undefined;
}

/** Every board whose fields are kept, with what is kept (the hourly job's work list), a page of a hundred at a time. */
export async function keptFieldsOfAllBoards(): Promise<Map<number, JiraFieldIds>> {
  const boards = new Map<number, JiraFieldIds>();
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(PREFIX)).limit(100);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany();
    for (const { key, value } of page.results) {
      const boardId = Number(key.slice(PREFIX.length));
      const parsed = keptSchema.safeParse(value);
      if (Number.isSafeInteger(boardId) && boardId > 0 && parsed.success) {
        const { readAt: _readAt, ...fields } = parsed.data;
        boards.set(boardId, fields);
      }
    }
    cursor = page.nextCursor;
  } while (cursor);
  return boards;
}

/**
 * The id (`customfield_…`) Jira gave a field this app declares (`jira:customField`), by the field's
 * module key: kept once found (it stays while the app is installed), forgotten when Jira no longer
 * knows it. Undefined when none is kept.
 */
const APP_FIELD_PREFIX = 'jira-fields:app:';
const keptAppFieldSchema = z.object({ id: z.string().regex(/^customfield_\d+$/), readAt: z.string() });

export async function keptAppFieldId(moduleKey: string): Promise<string | undefined> {
  const parsed = keptAppFieldSchema.safeParse(await getGathered({ key: `${APP_FIELD_PREFIX}${moduleKey}` }));
  return parsed.success ? parsed.data.id : undefined;
}

export async function keepAppFieldId(moduleKey: string, id: string | null, now: Date = new Date()): Promise<void> {
  if (id === null) await kvs.delete(`${APP_FIELD_PREFIX}${moduleKey}`);
  else await kvs.set(`${APP_FIELD_PREFIX}${moduleKey}`, { id, readAt: now.toISOString() });
}
