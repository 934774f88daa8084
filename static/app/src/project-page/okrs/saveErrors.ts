// A failed save, sorted into what the form does with it: a message under one field, the limit
// override dialog, a "someone else changed it" banner, or a general message above the fields.
import type { ResolverCallError } from '../../shared/api';

export type SaveProblem =
  | { kind: 'field'; name: string; message: string }
  | { kind: 'limit'; message: string }
  | { kind: 'conflict'; message: string }
  | { kind: 'general'; error: ResolverCallError };

/**
 * @param prefix the payload object the form edits (`objective`, `keyResult`), stripped from dotted fields
 * @param names the form's fields by the server's name for them; only these can hold a message
 */
export function sortSaveError(error: ResolverCallError, prefix: string, names: Record<string, string>): SaveProblem {
  if (error.code === 'LIMIT') return { kind: 'limit', message: error.message };
  if (error.code === 'CONFLICT') return { kind: 'conflict', message: error.message };
  if (error.code === 'VALIDATION' && error.field) {
    const name = formFieldName(error.field, prefix);
    // A list's item (`keyResultIds.3`) is shown under the list's field.
    const field = names[name] ?? names[name.split('.')[0] ?? name];
    // The server's message is a sentence that already names the field ("Target must be a number.").
    if (field) return { kind: 'field', name: field, message: error.message };
  }
  return { kind: 'general', error };
}

/** `keyResult.metric.target` → `target`; `objective.title` → `title`; `reason` stays. */
export function formFieldName(field: string, prefix: string): string {
  let name = field.startsWith(`${prefix}.`) ? field.slice(prefix.length + 1) : field;
  if (name.startsWith('metric.')) name = name.slice('metric.'.length);
  return name;
}

/** Builds the submit errors final-form expects: nested objects for dotted names. */
export function submitErrors(name: string, message: string): Record<string, unknown> {
  const parts = name.split('.');
  const errors: Record<string, unknown> = {};
  let cursor = errors;
  parts.forEach((part, index) => {
    if (index === parts.length - 1) cursor[part] = message;
    else cursor = (cursor[part] = {}) as Record<string, unknown>;
  });
  return errors;
}
