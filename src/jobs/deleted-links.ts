// After Key Results are deleted: Jira's search must stop finding the issues that were linked to them.
// The deletion pushes the work onto Forge's async events queue (`deleted-links`, manifest `consumer`),
// a bounded batch of issues per event; the consumer clears the deleted Key Results from each issue's
// links in storage (again: clearing twice clears once) and rewrites the issue's `outcomes` property
// from what remains. A failure that may pass asks Forge for the event again (InvocationError).
import { InvocationError, Queue } from '@forge/events';
import { z } from 'zod';
import { ISSUE_PROPERTY_KEY, type IssueLinksProperty } from '../contract';
import { JiraError, jiraAsApp, type JiraClient } from '../jira/client';
import type { DeletedKeyResults } from '../store/deletions';
import { type IssueLinkRecord, issuesLinkedTo, missingKeyResults, removeDigests, removeKeyResultsFromIssues } from '../store/links';
import { retryLaterOrThrow } from '../triggers/retry';
import { writeKeyResultsField } from './key-results-field';

/** The queue's key, as the manifest's `consumer` module names it. */
export const DELETED_LINKS_QUEUE = 'deleted-links';
/** Issues one event carries: each costs a few storage calls and one Jira call, well inside the 900 s a consumer may run. */
export const ISSUES_PER_EVENT = 25;
/** Events one push may carry (the platform's maximum). */
const EVENTS_PER_PUSH = 50;
/** Key Results one event names: an Objective's, at most 20, with room. */
const MAX_KEY_RESULTS = 25;

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const bodySchema = z.object({
  keyResultIds: z.array(idSchema).min(1).max(MAX_KEY_RESULTS),
  /** The issues of this batch; absent: the consumer reads them and pushes their batches. */
  issueIds: z.array(z.string().regex(/^\d+$/)).max(ISSUES_PER_EVENT).optional(),
});
type Body = z.infer<typeof bodySchema>;

const queue = () => new Queue({ key: DELETED_LINKS_QUEUE });

/** Pushes the events of the work, at most 50 a push. */
async function push(bodies: Body[]): Promise<void> {
  for (let start = 0; start < bodies.length; start += EVENTS_PER_PUSH) {
    await queue().push(bodies.slice(start, start + EVENTS_PER_PUSH).map((body) => ({ body })));
  }
}

const batchesOf = (keyResultIds: string[], issueIds: readonly string[]): Body[] => {
  const bodies: Body[] = [];
  for (let start = 0; start < issueIds.length; start += ISSUES_PER_EVENT) bodies.push({ keyResultIds, issueIds: issueIds.slice(start, start + ISSUES_PER_EVENT) });
  return bodies;
};

/**
 * Queues the search clean-up of a deletion: one event per 25 linked issues, or one event that finds
 * them when the deletion could not read them. Answers false when the queue refused it (logged): the
 * deletion stands, and the issues' properties are rewritten at their next link or unlink.
 */
export async function queueDeletedLinks({ keyResultIds, linkedIssueIds }: Pick<DeletedKeyResults, 'keyResultIds' | 'linkedIssueIds'>): Promise<boolean> {
  if (keyResultIds.length === 0 || linkedIssueIds?.length === 0) return true;
  try {
    const bodies: Body[] = [];
    for (let start = 0; start < keyResultIds.length; start += MAX_KEY_RESULTS) {
      const ids = keyResultIds.slice(start, start + MAX_KEY_RESULTS);
      bodies.push(...(linkedIssueIds ? batchesOf(ids, linkedIssueIds) : [{ keyResultIds: ids }]));
    }
    await push(bodies);
    return true;
  } catch (error) {
    console.warn(`Outcomes: Jira's search could not be queued for update after deleting ${keyResultIds.join(', ')}`, error);
    return false;
  }
}

/** The consumer of the queue: one event, one batch. */
export async function handleDeletedLinks(event: unknown, jira: () => JiraClient = () => jiraAsApp()): Promise<{ issues: number } | InvocationError> {
  const parsed = bodySchema.safeParse((event as { body?: unknown } | null)?.body);
  if (!parsed.success) {
    console.warn('Outcomes: ignoring a deleted-links event of an unexpected shape', parsed.error.issues[0]);
    return { issues: 0 };
  }
  try {
    // Only Key Results that are gone lose their links, whatever an event says.
    const keyResultIds = await missingKeyResults(parsed.data.keyResultIds);
    if (keyResultIds.length === 0) return { issues: 0 };
    const issueIds = parsed.data.issueIds ?? (await issuesLinkedTo(keyResultIds));
    if (!parsed.data.issueIds && issueIds.length > ISSUES_PER_EVENT) {
      await push(batchesOf(keyResultIds, issueIds));
      return { issues: 0 };
    }
    const remaining = await removeKeyResultsFromIssues(issueIds, keyResultIds);
    await removeDigests(keyResultIds);
    const client = jira();
    await rewriteProperties(client, remaining);
    // Their Key Results field too, from what remains (a failure that may pass asks for the event again).
    await writeKeyResultsField(client, [...remaining.keys()]);
    return { issues: issueIds.length };
  } catch (error) {
    return retryLaterOrThrow(error, event, `Clearing deleted Key Results ${parsed.data.keyResultIds.join(', ')} from their issues`);
  }
}

/**
 * Rewrites each issue's `outcomes` property from its remaining links. As the app: the person who
 * deleted the Key Results was checked to be an editor of the project's OKRs before anything was
 * deleted, and the property only ever loses the ids of what they deleted. An issue Jira no longer has
 * needs nothing.
 */
async function rewriteProperties(jira: JiraClient, remaining: ReadonlyMap<string, IssueLinkRecord[]>): Promise<void> {
  for (const [issueId, records] of remaining) {
    const value: IssueLinksProperty = {
      keyResultIds: [...new Set(records.map((link) => link.keyResultId))],
      objectiveIds: [...new Set(records.map((link) => link.objectiveId))],
    };
    try {
      await jira.setIssueProperty(issueId, ISSUE_PROPERTY_KEY, value);
    } catch (error) {
      if (!(error instanceof JiraError && error.status === 404)) throw error;
    }
  }
}
