// Every resolver key goes through the same steps: validate the payload against the contract, build
// the one Invocation (who, where, Jira as them, when, and the time budget), run the resolver with
// both, answer with the envelope.
import type Resolver from '@forge/resolver';
import { z } from 'zod';
import { payloadSchemas, type DataOf, type Envelope, type ResolverKey, type ValidPayload } from '../contract';
import { type JiraClient, jiraAsUser, orNullIfHidden } from '../jira/client';
import type { ChangeInput } from '../store/model';
import { isStorageOutage, withReadPin, withWriteLog, type WriteLog } from '../store/okrs';
import { AppError, toResolverError, validationError } from './errors';

/** What Forge passes a resolver about where it was invoked; only the parts the app reads. */
const contextSchema = z.object({
  accountId: z.string().min(1).optional(),
  extension: z
    .object({
      type: z.string().optional(),
      project: z.object({ key: z.string().min(1), id: z.union([z.string(), z.number()]).optional() }).optional(),
      issue: z.object({ key: z.string().min(1), id: z.union([z.string(), z.number()]).optional() }).optional(),
      // Sprint and backlog actions (jira:sprintAction, jira:backlogAction) name the board they were opened on.
      board: z.object({ id: z.coerce.number().int().positive() }).optional(),
    })
    .optional(),
});

/** The facts of one invocation, built once and handed to its resolver. */
export interface Invocation {
  accountId: string;
  /** The project the surface was opened in (every key needs one). */
  projectKey: string;
  /** The issue, on the issue panel. */
  issue?: { key: string };
  /** Jira as the caller, for this invocation only. */
  jira: JiraClient;
  now: Date;
  /** When the invocation's time budget for Jira runs out (ms since the epoch): the client stops retrying then. */
  deadline: number;
}

export type ResolverFunction<K extends ResolverKey> = (payload: ValidPayload<K>, invocation: Invocation) => Promise<DataOf<K>>;

export type ResolverDefinitions = { [K in ResolverKey]?: ResolverFunction<K> };

/**
 * An invocation from a surface with no project of its own (a dashboard gadget): who, Jira as them,
 * when. It names no project until `inNamedProject` has checked the caller may browse the one asked for.
 */
export type SiteInvocation = Omit<Invocation, 'projectKey' | 'issue'>;

export type SiteResolverFunction<K extends ResolverKey> = (payload: ValidPayload<K>, invocation: SiteInvocation) => Promise<DataOf<K>>;

export type SiteResolverDefinitions = { [K in ResolverKey]?: SiteResolverFunction<K> };

function siteInvocationOf(raw: unknown): SiteInvocation & { extension: z.infer<typeof contextSchema>['extension'] } {
  const parsed = contextSchema.safeParse(raw);
  if (!parsed.success || !parsed.data.accountId) {
    throw new AppError('FORBIDDEN', 'Sign in to Jira to use Outcomes.');
  }
  const jira = jiraAsUser();
  return { accountId: parsed.data.accountId, jira, now: new Date(), deadline: jira.deadline, extension: parsed.data.extension };
}

async function invocationOf(raw: unknown): Promise<Invocation> {
  const { extension, ...site } = siteInvocationOf(raw);
  const projectKey = extension?.project?.key ?? (await boardProject(site.jira, extension?.board?.id));
  return {
    ...site,
    projectKey,
    ...(extension?.issue?.key ? { issue: { key: extension.issue.key } } : {}),
  };
}

/**
 * The project of the board a sprint or backlog action was opened on. Atlassian does not document
 * whether those actions' context names the project: when it does, it is used; when only the board is
 * named, the board's location says (read as the user, so a board they may not see gives nothing).
 */
async function boardProject(jira: JiraClient, boardId: number | undefined): Promise<string> {
  const projectKey = boardId === undefined ? null : await orNullIfHidden(jira.boardProjectKey(boardId));
  if (!projectKey) throw new AppError('VALIDATION', 'Open Outcomes from a Jira project or its board to use this.');
  return projectKey;
}

/** The issue the panel was opened on. */
export function issueKeyOf(invocation: Invocation): string {
  if (!invocation.issue) throw new AppError('VALIDATION', 'Open Outcomes from a Jira issue to use this.');
  return invocation.issue.key;
}

/** Who makes a change and when, for its history entry. */
export function changeBy(invocation: Pick<Invocation, 'accountId' | 'now'>, what: string, reason?: string): ChangeInput {
  return { accountId: invocation.accountId, at: invocation.now.toISOString(), what, ...(reason ? { reason } : {}) };
}

export function defineResolvers(resolver: Resolver, definitions: ResolverDefinitions): void {
  defineWith(resolver, definitions as Record<ResolverKey, ResolverFunction<ResolverKey>>, invocationOf);
}

/** Resolvers of a surface with no project of its own: each reaches a project only through `inNamedProject`. */
export function defineSiteResolvers(resolver: Resolver, definitions: SiteResolverDefinitions): void {
  defineWith(resolver, definitions as Record<ResolverKey, SiteResolverFunction<ResolverKey>>, (raw) => {
    const { extension: _extension, ...site } = siteInvocationOf(raw);
    return site;
  });
}

function defineWith<I>(resolver: Resolver, definitions: Partial<Record<ResolverKey, (payload: ValidPayload<ResolverKey>, invocation: I) => Promise<DataOf<ResolverKey>>>>, invocationFrom: (raw: unknown) => I | Promise<I>): void {
  for (const [key, run] of Object.entries(definitions) as Array<[ResolverKey, (payload: ValidPayload<ResolverKey>, invocation: I) => Promise<DataOf<ResolverKey>>]>) {
    resolver.define(key, async ({ payload, context }): Promise<Envelope<DataOf<ResolverKey>>> => {
      const writes: WriteLog = { committed: false };
      try {
        const parsed = payloadSchemas[key].safeParse(payload ?? {});
        if (!parsed.success) throw validationError(parsed.error);
        const invocation = await invocationFrom(context);
        // Every read of the call sees one state of the project's OKRs, even when an import finishes meanwhile.
        return { ok: true, data: await withWriteLog(writes, () => withReadPin(() => run(parsed.data as ValidPayload<ResolverKey>, invocation))) };
      } catch (error) {
        // A storage failure after a write committed must not be answered "nothing was changed": a
        // resolver answers those itself (ok, with a warning); one that did not is a defect.
        if (writes.committed && isStorageOutage(error)) throw error;
        return { ok: false, error: toResolverError(error, key) };
      }
    });
  }
}
