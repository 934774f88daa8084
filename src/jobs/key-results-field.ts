// The "Key Results" field (manifest `jira:customField`, read-only): on each issue, the titles of the Key
// Results it serves directly, as its `outcomes` property names their ids. It is what teams put on their
// board's cards and in the issue navigator's columns, and search with JQL (`"Key Results" = "…"`).
//
// Jira lets only the app set a read-only field, through its app field value API, as the app. The value
// follows every change of an issue's links (the issue panel, Sprint Planning, a deletion's clean-up) and
// every change of a linked Key Result's title (a rename, an import). Storage is written first: when Jira
// fails, the link stands and the field is set again through Forge's async events queue
// (`key-results-field`, manifest `consumer`), which asks Forge for an event again while Jira refuses.
import { getAppContext } from '@forge/api';
import { InvocationError, Queue } from '@forge/events';
import { z } from 'zod';
import type { Warning } from '../contract';
import { JiraError, jiraAsApp, type JiraClient, type JiraField } from '../jira/client';
import { getMany } from '../store/io';
import { keepAppFieldId, keptAppFieldId } from '../store/jira-fields';
import { type IssueLinkRecord, issuesLinkedTo, linkedIssuesOfProject, linksByIssue } from '../store/links';
import { ENTITY, type StoredKeyResult } from '../store/model';
import { retryLaterOrThrow } from '../triggers/retry';

/** The field's module key in the manifest (`jira:customField`). */
export const KEY_RESULTS_FIELD_MODULE = 'outcomes-key-results';
/** The queue's key, as the manifest's `consumer` module names it. */
export const KEY_RESULTS_FIELD_QUEUE = 'key-results-field';

/**
 * What one value of the field may hold: a board card has room for a short line, so a longer title is
 * cut at a word with "…" (JQL compares whole values: the navigator's autocomplete offers them as kept).
 */
export const FIELD_VALUE_MAX_CHARS = 80;
/** Values a Forge field's list may hold (Atlassian: "a collection of up to 100 values"). */
export const FIELD_MAX_VALUES = 100;
/**
 * Issues one request to Jira names, all its values together. Atlassian documents no bound on the app
 * field value API; this one keeps each request small, and a failed request costs only these issues.
 */
export const ISSUES_PER_REQUEST = 100;
/** Issues one event carries: one read of their links, one of their Key Results, one Jira call. */
export const ISSUES_PER_EVENT = ISSUES_PER_REQUEST;
/** Key Results one event names (those of an Objective: at most 20, with room). */
const MAX_KEY_RESULTS = 25;
/** Events one push may carry (the platform's maximum). */
const EVENTS_PER_PUSH = 50;

const issueIdSchema = z.string().regex(/^\d{1,18}$/);
const bodySchema = z.union([
  z.strictObject({ issueIds: z.array(issueIdSchema).min(1).max(ISSUES_PER_EVENT) }),
  z.strictObject({ keyResultIds: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)).min(1).max(MAX_KEY_RESULTS) }),
  z.strictObject({ projectKey: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/) }),
]);
/** What an event asks: set the field on these issues; on those linked to these Key Results; on every linked issue of a project. */
export type KeyResultsFieldWork = z.infer<typeof bodySchema>;

const queue = () => new Queue({ key: KEY_RESULTS_FIELD_QUEUE });

/** One value of the field: the Key Result's title on one line, at most FIELD_VALUE_MAX_CHARS. */
export function fieldTitle(title: string): string {
  const line = title.replace(/\s+/g, ' ').trim();
  if (line.length <= FIELD_VALUE_MAX_CHARS) return line;
  const cut = line.slice(0, FIELD_VALUE_MAX_CHARS - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord >= FIELD_VALUE_MAX_CHARS / 2 ? cut.slice(0, atWord) : cut).trimEnd()}…`;
}

/**
 * The field's value for an issue with these links: the titles of its Key Results in the order they were
 * linked, each once, at most FIELD_MAX_VALUES; null (no value) when it serves none. A Key Result not
 * found (deleted meanwhile) is left out: its links are being cleared.
 */
export function fieldValueOf(links: readonly IssueLinkRecord[], titles: ReadonlyMap<string, string>): string[] | null {
  const ordered = [...links].sort((a, b) => a.linkedAt.localeCompare(b.linkedAt) || a.keyResultId.localeCompare(b.keyResultId));
  const values = [
    ...new Set(
      ordered.flatMap((link) => {
        const title = titles.get(link.keyResultId);
        return title === undefined ? [] : [fieldTitle(title)];
      }),
    ),
  ].slice(0, FIELD_MAX_VALUES);
  return values.length > 0 ? values : null;
}

/**
 * Whether a field of Jira's field list is this app's field. Atlassian documents its type
 * (`schema.custom`) as `ari:cloud:ecosystem::extension/{app-id}/{environment-id}/static/{module-key}`,
 * the ids being those of the app's context; its `key` appears in Atlassian's examples as
 * `{app-id}__{environment}__{module-key}`, a form it does not define. Either matches: the type when the
 * app's context is known, else a type or a key that ends with the module key.
 */
export function isKeyResultsField(field: Pick<JiraField, 'id' | 'key' | 'schema'>, context: { appId: string; environmentId: string } | null): boolean {
  if (!field.id.startsWith('customfield_')) return false;
  const type = field.schema?.custom ?? '';
  if (context) return type === `ari:cloud:ecosystem::extension/${context.appId}/${context.environmentId}/static/${KEY_RESULTS_FIELD_MODULE}`;
  return (type.startsWith('ari:cloud:ecosystem::extension/') && type.endsWith(`/static/${KEY_RESULTS_FIELD_MODULE}`)) || (field.key ?? '').endsWith(`__${KEY_RESULTS_FIELD_MODULE}`);
}

function appContextOrNull(): { appId: string; environmentId: string } | null {
  try {
    const { appAri, environmentAri } = getAppContext();
    return { appId: appAri.appId, environmentId: environmentAri.environmentId };
  } catch {
    return null;
  }
}

/**
 * The field's id on this site, as kept, or else found in Jira's field list (one call) and kept; null
 * while Jira lists no such field (it is created when the app is deployed; a site may lag).
 */
export async function keyResultsFieldId(jira: JiraClient): Promise<string | null> {
  const kept = await keptAppFieldId(KEY_RESULTS_FIELD_MODULE);
  if (kept) return kept;
  const context = appContextOrNull();
  const matching = (await jira.fieldList()).filter((field) => isKeyResultsField(field, context));
  // Without the app's context, only a field that is unmistakably the one is taken.
  const found = matching.length === 1 ? (matching[0]?.id ?? null) : null;
  if (found) await keepAppFieldId(KEY_RESULTS_FIELD_MODULE, found);
  return found;
}

/**
 * Sets the field on these issues from their links as stored now, as the app: one read of their links,
 * one of their Key Results, one Jira call per ISSUES_PER_REQUEST issues. Answers how many issues were
 * set. An issue Jira no longer has is skipped; a failure that may pass (Jira rate-limiting or failing)
 * is thrown, for the caller to try again later.
 */
export async function writeKeyResultsField(jira: JiraClient, issueIds: readonly string[]): Promise<{ issues: number }> {
  const unique = [...new Set(issueIds)];
  if (unique.length === 0) return { issues: 0 };
  const fieldId = await keyResultsFieldId(jira);
  if (!fieldId) {
    console.warn(`Outcomes: Jira lists no ${KEY_RESULTS_FIELD_MODULE} field yet; the Key Results field of ${unique.length} issue(s) is set at their next change.`);
    return { issues: 0 };
  }
  const links = await linksByIssue(unique);
  const keyResultIds = [...new Set([...links.values()].flat().map((link) => link.keyResultId))];
  const keyResults = await getMany<StoredKeyResult>(ENTITY.keyResult, keyResultIds);
  const titles = new Map([...keyResults].map(([id, keyResult]) => [id, keyResult.title]));
  let written = 0;
  let field = fieldId;
  for (let start = 0; start < unique.length; start += ISSUES_PER_REQUEST) {
    const chunk = unique.slice(start, start + ISSUES_PER_REQUEST);
    const result = await writeChunk(jira, field, chunk.map((issueId) => ({ issueId, value: fieldValueOf(links.get(issueId) ?? [], titles) })));
    written += result.written;
    field = result.fieldId;
  }
  return { issues: written };
}

/** The issues grouped by value, one update each. */
function updatesOf(fieldId: string, values: ReadonlyArray<{ issueId: string; value: string[] | null }>) {
  const byValue = new Map<string, { value: string[] | null; issueIds: string[] }>();
  for (const { issueId, value } of values) {
    const key = JSON.stringify(value);
    const group = byValue.get(key) ?? { value, issueIds: [] };
    group.issueIds.push(issueId);
    byValue.set(key, group);
  }
  return [...byValue.values()].map(({ value, issueIds }) => ({ customField: fieldId, issueIds, value }));
}

/**
 * One request for the issues. When Jira refuses it whole: on a 404 the field may be gone from under
 * its kept id (Atlassian's 404 is "a field not found"), so the id is found again and, when it changed,
 * the request is sent once more with it; otherwise (an issue gone, a value refused) each issue is tried
 * on its own. Answers how many were set, and the field's id as it now is.
 */
async function writeChunk(jira: JiraClient, fieldId: string, values: ReadonlyArray<{ issueId: string; value: string[] | null }>): Promise<{ written: number; fieldId: string }> {
  let field = fieldId;
  for (let attempt = 0; ; attempt += 1) {
    try {
      await jira.setAppFieldValues(updatesOf(field, values));
      return { written: values.length, fieldId: field };
    } catch (error) {
      if (!refusal(error)) throw error;
      console.warn(`Outcomes: Jira refused the Key Results field (${field}) of ${values.length} issue(s): ${error.message}`);
      if (error.status !== 404 || attempt > 0) break;
      await keepAppFieldId(KEY_RESULTS_FIELD_MODULE, null);
      const found = await keyResultsFieldId(jira);
      if (!found) return { written: 0, fieldId: field };
      if (found === field) break;
      field = found;
    }
  }
  // Each issue on its own (one sent alone already is not sent again as it was).
  let written = 0;
  for (const { issueId, value } of values) if (await setOne(jira, field, issueId, value, values.length === 1)) written += 1;
  return { written, fieldId: field };
}

/**
 * One issue's value, on its own: an issue Jira no longer has, or whose value it refuses, is skipped
 * (logged). Atlassian documents no way to clear a value: null is sent, and when Jira refuses it, an
 * empty list.
 */
async function setOne(jira: JiraClient, fieldId: string, issueId: string, value: string[] | null, sentAlready: boolean): Promise<boolean> {
  const tries: Array<string[] | null> = value === null ? (sentAlready ? [[]] : [null, []]) : sentAlready ? [] : [value];
  for (const attempt of tries) {
    try {
      await jira.setAppFieldValues([{ customField: fieldId, issueIds: [issueId], value: attempt }]);
      return true;
    } catch (error) {
      if (!refusal(error)) throw error;
      console.warn(`Outcomes: Jira refused the Key Results field (${fieldId}) of issue ${issueId}: ${error.message}`);
    }
  }
  return false;
}

/**
 * Jira refused the request as it is: 400 (a value or an issue it does not take) or 404 (a field, or,
 * Atlassian does not say, an issue it does not know). Either is handled without relying on which.
 */
const refusal = (error: unknown): error is JiraError => error instanceof JiraError && (error.status === 400 || error.status === 404);

/** Pushes the work in events of at most ISSUES_PER_EVENT issues, at most 50 events a push. */
async function push(bodies: KeyResultsFieldWork[]): Promise<void> {
  for (let start = 0; start < bodies.length; start += EVENTS_PER_PUSH) {
    await queue().push(bodies.slice(start, start + EVENTS_PER_PUSH).map((body) => ({ body })));
  }
}

const issueBatches = (issueIds: readonly string[]): KeyResultsFieldWork[] => {
  const unique = [...new Set(issueIds)];
  const bodies: KeyResultsFieldWork[] = [];
  for (let start = 0; start < unique.length; start += ISSUES_PER_EVENT) bodies.push({ issueIds: unique.slice(start, start + ISSUES_PER_EVENT) });
  return bodies;
};

/**
 * Queues setting the field: on issues, on the issues linked to Key Results (renamed ones), or on every
 * linked issue of a project (after an import). Answers false when the queue refused it (logged): the
 * links stand, and each issue's field is set again at its next link or unlink.
 */
export async function queueKeyResultsField(work: { issueIds: readonly string[] } | { keyResultIds: readonly string[] } | { projectKey: string }): Promise<boolean> {
  let bodies: KeyResultsFieldWork[];
  if ('issueIds' in work) bodies = issueBatches(work.issueIds);
  else if ('keyResultIds' in work) {
    bodies = [];
    for (let start = 0; start < work.keyResultIds.length; start += MAX_KEY_RESULTS) bodies.push({ keyResultIds: work.keyResultIds.slice(start, start + MAX_KEY_RESULTS) });
  } else bodies = [{ projectKey: work.projectKey }];
  if (bodies.length === 0) return true;
  try {
    await push(bodies);
    return true;
  } catch (error) {
    console.warn("Outcomes: the Key Results field could not be queued for update; it is set at the issues' next change", error);
    return false;
  }
}

/**
 * After a link or unlink, as the caller waits: sets the field on the issues now, or, when Jira fails,
 * queues it (a warning only when neither worked: the link is saved either way).
 */
export async function keepKeyResultsField(issueIds: readonly string[], jira: JiraClient = jiraAsApp()): Promise<Warning[]> {
  if (issueIds.length === 0) return [];
  try {
    await writeKeyResultsField(jira, issueIds);
    return [];
  } catch (error) {
    console.warn('Outcomes: the Key Results field was not set just now; queued to be set again', error);
    if (await queueKeyResultsField({ issueIds })) return [];
    return [{ code: 'FIELD_NOT_UPDATED', message: "The link is saved, but the issue's Key Results field in Jira could not be updated just now; it will be with the next change." }];
  }
}

/** The consumer of the queue: sets the field on one batch of issues, or finds the batches of a rename or an import and pushes them. */
export async function handleKeyResultsField(event: unknown, jira: () => JiraClient = () => jiraAsApp()): Promise<{ issues: number } | InvocationError> {
  const parsed = bodySchema.safeParse((event as { body?: unknown } | null)?.body);
  if (!parsed.success) {
    console.warn('Outcomes: ignoring a key-results-field event of an unexpected shape', parsed.error.issues[0]);
    return { issues: 0 };
  }
  const work = parsed.data;
  try {
    if ('issueIds' in work) return await writeKeyResultsField(jira(), work.issueIds);
    const issueIds = 'keyResultIds' in work ? await issuesLinkedTo(work.keyResultIds) : [...new Set([...(await linkedIssuesOfProject(work.projectKey)).values()].flat())];
    if (issueIds.length <= ISSUES_PER_EVENT) return await writeKeyResultsField(jira(), issueIds);
    await push(issueBatches(issueIds));
    return { issues: 0 };
  } catch (error) {
    return retryLaterOrThrow(error, event, `Setting the Key Results field (${JSON.stringify(work).slice(0, 200)})`);
  }
}
