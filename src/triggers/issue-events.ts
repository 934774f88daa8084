// Jira's issue events.
// - Deleted: the deleted issue's links go too, so no record points at nothing; and it leaves the kept
//   issues of its project. No Jira API is called: only what the event names is removed.
// - Created and updated: the issue's kept facts (domain/kept.ts) follow it. The event only says which
//   issue changed: the issue is read again from Jira, as the app (its history only when its status
//   moved), so events that come twice, late or out of order keep what Jira says now. A project whose
//   issues are not kept (no page view asked for them) costs one storage read and no Jira call; the
//   manifest's filters leave out the app's own changes and changes to fields nothing here uses.
import type { InvocationError } from '@forge/events';
import { z } from 'zod';
import { JiraError, jiraAsApp, type JiraClient } from '../jira/client';
import { fieldsOfKey, keptFields, keptIssuesOf } from '../jira/kept-work';
import { applyToKept, keptIssue, keptState } from '../store/kept-issues';
import { removeLinksOfIssue } from '../store/links';
import { retryLaterOrThrow } from './retry';

const projectOfEvent = z.object({ project: z.object({ key: z.string().regex(/^[A-Z][A-Z0-9_]{0,99}$/) }).optional().catch(undefined) }).optional().catch(undefined);

const issueDeletedSchema = z.object({
  eventType: z.literal('avi:jira:deleted:issue'),
  issue: z.object({ id: z.coerce.string().regex(/^\d+$/), fields: projectOfEvent }),
});

const issueChangedSchema = z.object({
  eventType: z.enum(['avi:jira:created:issue', 'avi:jira:updated:issue']),
  issue: z.object({ id: z.coerce.string().regex(/^\d+$/), fields: projectOfEvent }),
});

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
    if (state) await applyToKept(state, { issues: [], deleted: [id] });
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
    if (!state) return { kept: 0 };
    const ids = fieldsOfKey(state.fieldsKey);
    const client = jira();
    const read = await client.getIssue(id, [...keptFields(ids), 'project']).catch((error: unknown) => {
      if (error instanceof JiraError && error.status === 404) return null;
      throw error;
    });
    // Gone, or moved to another project: it leaves this project's kept issues.
    if (!read || (read.fields.project as { key?: unknown } | undefined)?.key !== state.projectKey) return { kept: await applyToKept(state, { issues: [], deleted: [id] }) };
    const kept = await keptIssue(state, id);
    const issues = await keptIssuesOf(client, [read], ids, new Map(kept ? [[id, kept]] : []));
    return { kept: await applyToKept(state, { issues, deleted: [] }) };
  } catch (error) {
    return retryLaterOrThrow(error, event, `Keeping issue ${id}`);
  }
}
