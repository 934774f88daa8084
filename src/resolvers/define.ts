// Every resolver key goes through the same steps: validate the payload against the contract, run
// the resolver with a typed payload and the invocation's Jira context, answer with the envelope.
import type Resolver from '@forge/resolver';
import { z } from 'zod';
import { payloadSchemas, type DataOf, type Envelope, type ResolverKey, type ValidPayload } from '../contract';
import { AppError, toResolverError, validationError } from './errors';

/** What Forge passes a resolver about where it was invoked; only the parts the app reads. */
const contextSchema = z.object({
  accountId: z.string().min(1).optional(),
  extension: z
    .object({
      type: z.string().optional(),
      project: z.object({ key: z.string().min(1), id: z.union([z.string(), z.number()]).optional() }).optional(),
      issue: z.object({ key: z.string().min(1), id: z.union([z.string(), z.number()]).optional() }).optional(),
    })
    .optional(),
});

export interface InvocationContext {
  accountId: string;
  projectKey?: string;
  issueKey?: string;
}

export type ResolverFunction<K extends ResolverKey> = (
  payload: ValidPayload<K>,
  context: InvocationContext,
) => Promise<DataOf<K>>;

export function readContext(raw: unknown): InvocationContext {
  const parsed = contextSchema.safeParse(raw);
  if (!parsed.success || !parsed.data.accountId) {
    throw new AppError('FORBIDDEN', 'Sign in to Jira to use Outcomes.');
  }
  const { accountId, extension } = parsed.data;
  return { accountId, projectKey: extension?.project?.key, issueKey: extension?.issue?.key };
}

export function requireProject(context: InvocationContext): string {
  if (!context.projectKey) throw new AppError('VALIDATION', 'Open Outcomes from a Jira project to use this.');
  return context.projectKey;
}

export function requireIssue(context: InvocationContext): string {
  if (!context.issueKey) throw new AppError('VALIDATION', 'Open Outcomes from a Jira issue to use this.');
  return context.issueKey;
}

export function defineResolver<K extends ResolverKey>(resolver: Resolver, key: K, run: ResolverFunction<K>): void {
  resolver.define(key, async ({ payload, context }): Promise<Envelope<DataOf<K>>> => {
    try {
      const parsed = payloadSchemas[key].safeParse(payload ?? {});
      if (!parsed.success) throw validationError(parsed.error);
      const data = await run(parsed.data as ValidPayload<K>, readContext(context));
      return { ok: true, data };
    } catch (error) {
      return { ok: false, error: toResolverError(error, key) };
    }
  });
}

