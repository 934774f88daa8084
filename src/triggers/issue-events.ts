// Jira's issue-deleted event: the deleted issue's links go too, so no record points at nothing.
// The trigger runs without a user and calls no Jira API: it only removes what the event names.
import type { InvocationError } from '@forge/events';
import { z } from 'zod';
import { removeLinksOfIssue } from '../store/links';
import { retryLaterOrThrow } from './retry';

const issueDeletedSchema = z.object({
  eventType: z.literal('avi:jira:deleted:issue'),
  issue: z.object({ id: z.coerce.string().regex(/^\d+$/) }),
});

export async function handleIssueDeleted(event: unknown): Promise<{ removedLinks: number } | InvocationError> {
  const parsed = issueDeletedSchema.safeParse(event);
  if (!parsed.success) {
    console.warn('Ignoring an issue event of an unexpected shape', parsed.error.issues[0]);
    return { removedLinks: 0 };
  }
  try {
    return { removedLinks: await removeLinksOfIssue(parsed.data.issue.id) };
  } catch (error) {
    // Storage busy or failing: asked again, the removal takes what is left (removing twice removes once).
    return retryLaterOrThrow(error, event, `Removing the links of deleted issue ${parsed.data.issue.id}`);
  }
}
