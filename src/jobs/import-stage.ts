// After an import: what is left to do once its imported state is visible. Jira's search forgets the
// Key Results the file dropped (deleted-links.ts), and the import's befores (the state from before it,
// which readers saw while it was written: store/visibility.ts) are deleted on Forge's async events
// queue (`import-stage`, manifest `consumer`), STAGE_DROP_LIMIT records an event, each event asking
// for the next. The first waits a minute: a reader that read the import marker just before the import
// finished still reads those befores, and Forge stops a resolver after 25 s.
import { InvocationError, Queue } from '@forge/events';
import { z } from 'zod';
import { dropImportStage, type ImportSummary } from '../store/transfer';
import { retryLaterOrThrow } from '../triggers/retry';
import { queueDeletedLinks } from './deleted-links';
import { queueKeyResultsField } from './key-results-field';
import { requestTally } from './kept-issues';

/** The queue's key, as the manifest's `consumer` module names it. */
export const IMPORT_STAGE_QUEUE = 'import-stage';
/** How long the befores outlive their import: longer than any reader runs (25 s). */
export const STAGE_DROP_DELAY_SECONDS = 60;

const bodySchema = z.strictObject({
  projectKey: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/),
  stageId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
});
type Body = z.infer<typeof bodySchema>;

const queue = () => new Queue({ key: IMPORT_STAGE_QUEUE });

/**
 * Queues what follows a finished import: Jira's search clean-up of the Key Results it dropped, the
 * flow tallies of the links it wrote, and the deletion of its befores. A refused push is logged: the befores are then kept (nobody reads
 * them: their marker is done), which costs storage only.
 */
export async function queueImportCleanup({ unlinked, stage }: Pick<ImportSummary, 'unlinked' | 'stage'>): Promise<void> {
  await queueDeletedLinks(unlinked);
  // The Key Results it kept may have new titles: the Key Results field of every linked issue is set again.
  await queueKeyResultsField({ projectKey: stage.projectKey });
  await requestTally(stage.projectKey);
  try {
    await queue().push([{ body: stage satisfies Body, delayInSeconds: STAGE_DROP_DELAY_SECONDS }]);
  } catch (error) {
    console.warn(`Outcomes: the befores of an import into ${stage.projectKey} could not be queued for deletion; they stay, unread`, error);
  }
}

/** The consumer of the queue: one event deletes a slice of the befores, and asks for the next while more are left. */
export async function handleImportStage(event: unknown): Promise<{ dropped: number } | InvocationError> {
  const parsed = bodySchema.safeParse((event as { body?: unknown } | null)?.body);
  if (!parsed.success) {
    console.warn('Outcomes: ignoring an import-stage event of an unexpected shape', parsed.error.issues[0]);
    return { dropped: 0 };
  }
  try {
    const { dropped, more } = await dropImportStage(parsed.data.projectKey, parsed.data.stageId);
    if (more) await queue().push([{ body: parsed.data }]);
    return { dropped };
  } catch (error) {
    return retryLaterOrThrow(error, event, `Deleting the befores of an import into ${parsed.data.projectKey}`);
  }
}
