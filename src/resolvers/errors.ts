// Errors a resolver answers with: each carries a code from the contract and a sentence a person can act on.
import type { ZodError } from 'zod';
import type { ErrorCode, ResolverError } from '../contract';
import { JiraError } from '../jira/client';
import { StoreConflictError, StoreNotFoundError, StoreValidationError } from '../store/okrs';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function validationError(error: ZodError, root = 'payload'): AppError {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  const field = path || undefined;
  const where = field ? `${field}` : root;
  if (issue?.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    return new AppError('VALIDATION', `${where} has unexpected field${issue.keys.length > 1 ? 's' : ''}: ${keys}.`, field ? `${field}.${issue.keys[0]}` : issue.keys[0]);
  }
  return new AppError('VALIDATION', `${where}: ${issue?.message ?? 'is not valid'}.`, field);
}

/**
 * Turns a known failure into the contract's error shape. Anything else is a defect: it is rethrown,
 * so Forge logs it and the UI's invoke fails, rather than being passed off as a Jira or input error.
 */
export function toResolverError(error: unknown): ResolverError {
  if (error instanceof AppError) {
    return { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) };
  }
  if (error instanceof StoreConflictError) {
    return { code: 'CONFLICT', message: 'Someone changed this since you opened it. Reload to see their change, then make yours again.' };
  }
  if (error instanceof StoreNotFoundError) {
    return { code: 'NOT_FOUND', message: 'This no longer exists (it may have been deleted). Reload to see the current OKRs.' };
  }
  if (error instanceof StoreValidationError) {
    return { code: 'VALIDATION', message: error.message, ...(error.field ? { field: `data.${error.field}` } : { field: 'data' }) };
  }
  if (error instanceof JiraError) {
    if (error.status === 401 || error.status === 403) {
      return { code: 'FORBIDDEN', message: `Jira refused the request: ${error.message}` };
    }
    if (error.status === 429) {
      return { code: 'JIRA', message: 'Jira is rate-limiting requests right now. Try again in a minute.' };
    }
    return { code: 'JIRA', message: `Jira could not answer: ${error.message}` };
  }
  throw error;
}
