// The store's failures, each a class the resolvers map to a contract error code:
// StoreConflictError → CONFLICT, StoreNotFoundError → NOT_FOUND, StoreValidationError → VALIDATION,
// StoreUnavailableError → UNAVAILABLE.
import { ForgeKvsAPIError } from '@forge/kvs';

/** A write lost a race or was based on a stale version; nothing was written. */
export class StoreConflictError extends Error {
  constructor(
    readonly what: string,
    readonly expected: number | undefined,
    readonly actual: number | undefined,
  ) {
    super(
      `${what} changed since it was read: expected version ${expected ?? 'none'}, found ${actual === undefined ? 'none (it no longer exists)' : `version ${actual}`}.`,
    );
    this.name = 'StoreConflictError';
  }
}

/** Another Objective was made active while this one was checked against the OKR-in-process limit. */
export class StoreLimitRaceError extends StoreConflictError {
  constructor() {
    super('The OKRs in process', undefined, undefined);
    this.name = 'StoreLimitRaceError';
  }
}

/** Another Key Result was added to the Objective while this one was counted against the cap. */
export class StoreKeyResultCapRaceError extends StoreConflictError {
  constructor(objectiveId: string) {
    super(`The Key Results of Objective ${objectiveId}`, undefined, undefined);
    this.name = 'StoreKeyResultCapRaceError';
  }
}

/** Another import of the project holds its import lock; nothing was written. */
export class StoreImportRunningError extends StoreConflictError {
  constructor(readonly startedAt: string) {
    super('The import lock', undefined, undefined);
    this.name = 'StoreImportRunningError';
    this.message = `Another import of this project is running (started ${startedAt.slice(0, 16).replace('T', ' ')} UTC). Wait until it has finished, then import again.`;
  }
}

/** Another value was already pushed for the same Key Result and time: a push is idempotent, never overwritten. */
export class StorePushedValueConflictError extends Error {
  constructor(readonly earlierValue: number, at: string) {
    super(`A different value (${earlierValue}) was already pushed for ${at}; push with another time to record a new value.`);
    this.name = 'StorePushedValueConflictError';
  }
}

/** The object a write or a delete names does not exist. */
export class StoreNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreNotFoundError';
  }
}

/** Data the store refuses to write; `field` is the JSON path at fault (`objectives[2].title`). */
export class StoreValidationError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'StoreValidationError';
  }
}

/** An import file made for another project than the one it is imported into. */
export class StoreProjectMismatchError extends StoreValidationError {
  constructor(
    readonly fileProjectKey: string,
    readonly targetProjectKey: string,
  ) {
    super(
      `This file holds the OKRs of project ${fileProjectKey}; it can only be imported into ${fileProjectKey}, not into ${targetProjectKey}.`,
      'projectKey',
    );
    this.name = 'StoreProjectMismatchError';
  }
}

/**
 * Storage failed (an outage, a rate limit, an answer lost on the way) and nothing this call asked to
 * write was written: checked by reading storage again after a failed write, and true of any read.
 */
export class StoreUnavailableError extends Error {
  constructor(override readonly cause: unknown) {
    super(`Storage is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * Whether an error is storage being briefly unavailable (a 5xx or a 429 from the platform), as opposed
 * to a request the platform refuses (a 4xx: a defect of the app, never retried or typed).
 */
export function isStorageOutage(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  if (!(error instanceof ForgeKvsAPIError)) return false;
  const status = error.responseDetails.status;
  return status >= 500 || status === 429;
}
