// Jira's issue-deleted event: the deleted issue's links go too, so no record points at nothing.
// The trigger runs without a user and calls no Jira API: it only removes what the event names.
import { z } from 'zod';
import { removeLinksOfIssue } from '../store/links';

const issueDeletedSchema = z.object({
  eventType: z.literal('avi:jira:deleted:issue'),
  issue: z.object({ id: z.coerce.string().regex(/^\d+$/) }),
});

export async function handleIssueDeleted(event: unknown): Promise<{ removedLinks: number }> {
  const parsed = issueDeletedSchema.safeParse(event);
  if (!parsed.success) {
    console.warn('Ignoring an issue event of an unexpected shape', parsed.error.issues[0]);
    return { removedLinks: 0 };
  }
  return { removedLinks: await removeLinksOfIssue(parsed.data.issue.id) };
}
