// Errors a resolver answers with: each carries a code from the contract and a sentence a person can act on.
import type { ZodError } from 'zod';
import type { ErrorCode, ResolverError, ResolverKey } from '../contract';
import { JiraError, JiraRateLimitError } from '../jira/client';
import { isStorageOutage, StoreConflictError, StoreImportRunningError, StoreNotFoundError, StoreValidationError } from '../store/okrs';

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

/** Fields a person knows by another name than their key: the name the settings page gives them. */
const FIELD_LABELS: Record<string, string> = { staleCheckInDays: 'The check-in reminder' };

/** "keyResult.metric.target" → "Target", "expectedVersion" → "Expected version": how a person names the field. */
function fieldLabel(path: string): string {
  const last = path.split('.').filter((part) => !/^\d+$/.test(part)).at(-1) ?? 'The request';
  const known = FIELD_LABELS[last];
  if (known) return known;
  const words = last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().replace(/\bokr\b/g, 'OKR');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** How a person names the type zod expected ("must be an object", not "must be a object"). */
const TYPE_NAMES: Record<string, string> = { object: 'an object', array: 'a list', int: 'a whole number', number: 'a number', string: 'text', boolean: 'true or false' };

/** zod's wording, turned into the end of a sentence that starts with the field's name. */
function plainMessage(issue: ZodError['issues'][number] | undefined): string {
  if (!issue) return 'is not valid';
  // The contract's own messages are written to follow the field's name ("must be in steps of 0.1").
  if (!/^(Invalid|Too (big|small))\b/.test(issue.message)) return issue.message;
  if (issue.code === 'invalid_type') {
    if (/received undefined$/.test(issue.message)) return 'is required';
    if (issue.expected === 'number' && /received (NaN|-?Infinity)$/.test(issue.message)) return 'must be a finite number';
    return `must be ${TYPE_NAMES[issue.expected] ?? `a ${issue.expected}`}`;
  }
  if (issue.code === 'too_big') {
    if (issue.origin === 'array') return `must hold at most ${String(issue.maximum)}`;
    return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : ''}`;
  }
  if (issue.code === 'too_small') {
    if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
    if (issue.origin === 'array') return `must hold at least ${String(issue.minimum)}`;
    return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : ''}`;
  }
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
  return issue.message.replace(/^Invalid input: /, '');
}

export function validationError(error: ZodError): AppError {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  if (issue?.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    return new AppError(
      'VALIDATION',
      `${field ? fieldLabel(field) : 'The request'} has ${issue.keys.length > 1 ? 'fields' : 'a field'} Outcomes does not know: ${keys}.`,
      field ? `${field}.${issue.keys[0]}` : issue.keys[0],
    );
  }
  const label = field ? fieldLabel(field) : 'The request';
  return new AppError('VALIDATION', `${label} ${plainMessage(issue)}.`, field);
}

/**
 * The payload field a store refusal is about: the store names fields in its own terms (`checkIn.note`,
 * an export's `keyResults[2].title`); the answer names them as the key's payload does.
 */
function payloadFieldOf(key: ResolverKey | undefined, storeField: string | undefined): string | undefined {
  if (key === 'importData' || key === 'importOrganization') return storeField ? `data.${storeField}` : 'data';
  if (key === 'checkIn' || key === 'gradeKeyResult' || key === 'checkInOrganizationKeyResult') {
    // A check-in too large for its Key Result is refused for its note; a full Key Result, for the value to record.
    if (storeField === 'checkIn.note') return 'note';
    if (storeField === 'checkIn') return key === 'gradeKeyResult' ? 'value' : 'keyResultId';
  }
  return storeField;
}

/**
 * Turns a known failure into the contract's error shape. Anything else is a defect: it is rethrown,
 * so Forge logs it and the UI's invoke fails, rather than being passed off as a Jira or input error.
 */
export function toResolverError(error: unknown, key?: ResolverKey): ResolverError {
  if (error instanceof AppError) {
    return { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) };
  }
  if (error instanceof StoreImportRunningError) return { code: 'CONFLICT', message: error.message };
  if (error instanceof StoreConflictError) {
    return { code: 'CONFLICT', message: 'Someone changed this since you opened it. Reload to see their change, then make yours again.' };
  }
  if (error instanceof StoreNotFoundError) {
    // An import's parts are looked up by the id the import was given: the store says which and what to do.
    if (key === 'importInParts' || key === 'previewImport' || key === 'importOrganizationInParts' || key === 'previewOrganizationImport') return { code: 'NOT_FOUND', message: error.message, field: 'importId' };
    return { code: 'NOT_FOUND', message: 'This no longer exists (it may have been deleted). Reload to see the current OKRs.' };
  }
  if (error instanceof StoreValidationError) {
    const field = payloadFieldOf(key, error.field);
    return { code: 'VALIDATION', message: error.message, ...(field ? { field } : {}) };
  }
  if (isStorageOutage(error)) {
    // Only reached when nothing was written (see defineResolvers): making the same change again is safe.
    console.warn(`Outcomes: storage was unavailable for ${key ?? 'a call'}; nothing was changed`, error);
    return { code: 'UNAVAILABLE', message: 'Storage is briefly unavailable; nothing was changed. Try again.' };
  }
  if (error instanceof JiraError) {
    // Jira's own words may name fields, ids and internals the person cannot act on: they go to the
    // log, and the answer says what to do.
    console.warn(`Outcomes: Jira answered ${error.status || 'nothing'} to ${key ?? 'a call'}: ${error.message}`);
    // Jira rate-limiting Outcomes: the person is told it is Jira asking, and when to come back.
    if (error instanceof JiraRateLimitError) return { code: 'JIRA', message: error.message };
    return jiraErrorOf(error.status);
  }
  throw error;
}

/** What a person can do about a Jira failure, by Jira's status (0: no usable answer came). */
function jiraErrorOf(status: number): ResolverError {
  if (status === 401 || status === 403) {
    return { code: 'FORBIDDEN', message: 'Jira did not allow this for your account. Check that you can open this project and its issues in Jira.' };
  }
  if (status === 404) {
    return { code: 'JIRA', message: 'Jira could not find what this needs; it may have been moved or deleted. Reload the page and try again.' };
  }
  if (status === 429) {
    return { code: 'JIRA', message: 'Jira is rate-limiting requests right now. Try again in a minute.' };
  }
  if (status >= 400 && status < 500) {
    return { code: 'JIRA', message: 'Jira refused the request. Reload the page and try again; if it keeps failing, ask your Jira admin to check the Outcomes app.' };
  }
  return { code: 'JIRA', message: 'Jira could not answer just now. Try again in a minute.' };
}
