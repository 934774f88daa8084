// Jira's issue events.
// - Deleted: the deleted issue's links go too, so no record points at nothing; and it leaves the kept
//   issues of its project. No Jira API is called: only what the event names is removed.
// - Created and updated: the issue's kept facts (domain/kept.ts) follow it. An update's event tells
//   what changed (its changelog's items) and the issue's status and `updated` after it: where that says
//   all the kept facts need (see `keptAfterChange`), it is kept from the event with no Jira call. Else
//   (a created issue, a rank, an event without those fields, a category move the kept facts cannot
//   date) the issue is read again from Jira, as the app (its history only when it must be), so events
//   that come twice, late or out of order keep what Jira says now. Two events of one issue handled at
//   once may each start from the kept facts before the other: the later wins, and what the earlier
//   changed is then missing until the next view's search finds it (a different fact) and keeps it.
//   A project whose issues are not kept (no page view asked for them) or are being rebuilt costs one
//   storage read and no Jira call (a rebuild's reconciliation reads what changed meanwhile); a change
//   to a kept issue also changes its Key Results' flow tallies, in the same transaction
//   (jobs/kept-tallies.ts); the manifest's filters leave out the app's own changes and changes to
//   fields nothing here uses.
import type { InvocationError } from '@forge/events';
import { z } from 'zod';
import { type KeptIssue, keptAfterChange, nowAfterChange } from '../domain/kept';
import { JiraError, jiraAsApp, type JiraClient } from '../jira/client';
import type { JiraFieldIds } from '../jira/fields';
import { statusCategoryOfKey } from '../jira/issues';
import { dateOf, fieldsOfKey, issueChangeOf, keptFields, keptIssuesOf, keptOfNow } from '../jira/kept-work';
import { keptIssue, type KeptState, keptState } from '../store/kept-issues';
import { keepAndTally } from '../jobs/kept-tallies';
import { removeLinksOfIssue } from '../store/links';
import { retryLaterOrThrow } from './retry';

const projectOfEvent = z.object({ project: z.object({ key: z.string().regex(/^[A-Z][A-Z0-9_]{0,99}$/) }).optional().catch(undefined) }).optional().catch(undefined);

const issueDeletedSchema = z.object({
  eventType: z.literal('avi:jira:deleted:issue'),
  issue: z.object({ id: z.coerce.string().regex(/^\d+$/), fields: projectOfEvent }),
});

// What an issue-updated event may tell of the issue after the change (Atlassian documents `status`,
// `issuetype` and `updated` among the issue's fields, and the changelog's items): each read on its own,
// a field of another shape reads as absent, and the issue is then read from Jira instead.
const changedFields = z
  .object({
    project: z.object({ key: z.string().regex(/^[A-Z][A-Z0-9_]{0,99}$/) }).optional().catch(undefined),
    status: z.object({ id: z.coerce.string(), statusCategory: z.object({ key: z.string() }).optional().catch(undefined) }).optional().catch(undefined),
    issuetype: z.object({ subtask: z.boolean(), hierarchyLevel: z.number().int().optional().catch(undefined) }).optional().catch(undefined),
    updated: z.string().optional().catch(undefined),
  })
  .optional()
  .catch(undefined);
const changelogOfEvent = z
  .object({ items: z.array(z.object({ field: z.string().optional(), fieldId: z.string().nullish(), to: z.string().nullish() })).max(1000) })
  .optional()
  .catch(undefined);

const issueChangedSchema = z.object({
  eventType: z.enum(['avi:jira:created:issue', 'avi:jira:updated:issue']),
  issue: z.object({ id: z.coerce.string().regex(/^\d+$/), fields: changedFields }),
  changelog: changelogOfEvent,
});
type IssueChangedEvent = z.infer<typeof issueChangedSchema>;

export async function handleIssueDeleted(event: unknown): Promise<{ removedLinks: number } | InvocationError> {
  const parsed = issueDeletedSchema.safeParse(event);
  if (!parsed.success) {
    console.warn('Ignoring an issue event of an unexpected shape', parsed.error.issues[0]);
    return { removedLinks: 0 };
  }
  const { id, fields } = parsed.data.issue;
  try {
    const removedLinks = await removeLinksOfIssue(id);
    const state = fields?.project ? await keptState(fields.project.key) : null;
    if (state?.status === 'ready') await keepAndTally(state, { issues: [], deleted: [id] });
    return { removedLinks };
  } catch (error) {
    // Storage busy or failing: asked again, the removal takes what is left (removing twice removes once).
    return retryLaterOrThrow(error, event, `Removing the links of deleted issue ${id}`);
  }
}

export async function handleIssueChanged(event: unknown, jira: () => JiraClient = () => jiraAsApp()): Promise<{ kept: number } | InvocationError> {
  const parsed = issueChangedSchema.safeParse(event);
  if (!parsed.success || !parsed.data.issue.fields?.project) {
    console.warn('Ignoring an issue event of an unexpected shape', parsed.success ? 'no project' : parsed.error.issues[0]);
    return { kept: 0 };
  }
  const { id } = parsed.data.issue;
  try {
    const state = await keptState(parsed.data.issue.fields.project.key);
    // A generation being rebuilt is written by its slices only: what changes meanwhile, the
    // reconciliation at its end reads (its watermark is when the rebuild started).
    if (state?.status !== 'ready') return { kept: 0 };
    const ids = fieldsOfKey(state.fieldsKey);
    const client = jira();
    const told = await keptFromEvent(client, state, parsed.data, ids);
    if (told !== undefined) return { kept: told ? await keepAndTally(state, { issues: [told], deleted: [] }) : 0 };
    const read = await client.getIssue(id, [...keptFields(ids), 'project']).catch((error: unknown) => {
      if (error instanceof JiraError && error.status === 404) return null;
      throw error;
    });
    // Gone, or moved to another project: it leaves this project's kept issues.
    if (!read || (read.fields.project as { key?: unknown } | undefined)?.key !== state.projectKey) return { kept: await keepAndTally(state, { issues: [], deleted: [id] }) };
    const kept = await keptIssue(state, id);
    const issues = await keptIssuesOf(client, [read], ids, new Map(kept ? [[id, kept]] : []));
    return { kept: await keepAndTally(state, { issues, deleted: [] }) };
  } catch (error) {
    return retryLaterOrThrow(error, event, `Keeping issue ${id}`);
  }
}

/**
 * The issue as kept after an update, from the event itself where it tells enough: undefined when the
 * issue must be read from Jira, null when the kept issue is newer (a late event). When only its dates
 * are unknown (it left to do with no start kept), just its history is read.
 */
async function keptFromEvent(jira: JiraClient, state: KeptState, event: IssueChangedEvent, ids: JiraFieldIds): Promise<KeptIssue | null | undefined> {
  const { issue, changelog } = event;
  const updated = dateOf(issue.fields?.updated);
  const status = issue.fields?.status;
  if (event.eventType !== 'avi:jira:updated:issue' || !changelog || !updated || !status) return undefined;
  const kept = await keptIssue(state, issue.id);
  if (!kept) return undefined;
  if (Date.parse(updated) < Date.parse(kept.updated)) return null;
  // Whether the status in the event carries its category is not documented: if not, the site's statuses say.
  const category = statusCategoryOfKey(status.statusCategory?.key) ?? statusCategoryOfKey((await jira.statusCategories()).get(status.id));
  const change = category ? issueChangeOf({ updated, category, subtask: issue.fields?.issuetype?.subtask, ...(issue.fields?.issuetype?.hierarchyLevel !== undefined ? { hierarchyLevel: issue.fields.issuetype.hierarchyLevel } : {}), items: changelog.items }, ids) : null;
  if (!change) return undefined;
  const after = keptAfterChange(kept, change);
  if (after || kept.categoryChanged === undefined) return after ?? undefined;
  return (await keptOfNow(jira, [nowAfterChange(kept, change)], new Map([[kept.id, kept]])))[0];
}
