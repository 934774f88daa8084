// The values of the fields an app declares (`jira:customField`), set by that app: Jira's "Issue custom
// field values (apps)" API. Read-only fields are set only this way; only the app that declares a field
// may set it (403 to anyone else). A request is checked whole before anything is stored: one bad update
// and nothing changes.
//
// What Atlassian documents: the body (`updates`: `customField`, `issueIds`, `value`), that combinations of
// field and issue should be unique within a request, a list field takes a list of values (a Forge field
// holds up to 100), 400 for an invalid request, 403 when not the app that provides the fields, 404 when a
// field is not found. What it does not, answered here as a strict Jira would: an issue id Jira does not
// have is a 400 naming it, and a request names at most MAX_ISSUE_IDS issues in all (the emulator's own
// bound, well above what the app sends).
import type { AppFieldRecord } from '../model';
import { BadRequest, empty } from '../responses';
import { param, route, type Call, type Emulated } from './route';

/** Values a Forge field's list may hold (Atlassian: "a collection of up to 100 values"). */
export const APP_FIELD_MAX_VALUES = 100;
/** The longest text a string value may be: Jira's single-line text limit. */
export const APP_FIELD_MAX_TEXT = 255;
/** Issue ids one request may name in all (the emulator's bound: Atlassian documents none). */
export const MAX_ISSUE_IDS = 1_000;

interface Update {
  field: AppFieldRecord;
  issueIds: string[];
  value: unknown;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The app's field by its id or key: 404 when Jira has no such field, 403 when it is not an app's (Jira's own, or a site's). */
function appField({ records }: Emulated, idOrKey: unknown): AppFieldRecord {
  if (typeof idOrKey !== 'string' || idOrKey === '') throw new BadRequest(400, 'customField is required.');
  const field = (records.data.appFields ?? []).find((candidate) => candidate.id === idOrKey || candidate.key === idOrKey);
  if (field) return field;
  const known = Object.values(records.data.customFields).includes(idOrKey) || /^[a-z]+$/.test(idOrKey);
  if (known) throw new BadRequest(403, `The app is not the provider of field ${idOrKey}.`);
  throw new BadRequest(404, `Field ${idOrKey} does not exist.`);
}

/** A value the field's data type takes: null clears it; a list field takes a list (at most 100 values). */
function checkValue(field: AppFieldRecord, value: unknown): void {
  if (value === null) return;
  const one = (item: unknown): boolean => {
    switch (field.dataType) {
      case 'string':
        return typeof item === 'string' && item.length <= APP_FIELD_MAX_TEXT;
      case 'number':
        return typeof item === 'number' && Number.isFinite(item);
      case 'object':
        return isPlainObject(item);
      default:
        return item !== undefined;
    }
  };
  if (field.collection === 'list') {
    if (!Array.isArray(value)) throw new BadRequest(400, `The value of ${field.name} must be a list.`);
    if (value.length > APP_FIELD_MAX_VALUES) throw new BadRequest(400, `${field.name} holds at most ${APP_FIELD_MAX_VALUES} values.`);
    if (!value.every(one)) throw new BadRequest(400, `A value of ${field.name} is not a valid ${field.dataType}${field.dataType === 'string' ? ` of at most ${APP_FIELD_MAX_TEXT} characters` : ''}.`);
    return;
  }
  if (!one(value)) throw new BadRequest(400, `The value of ${field.name} is not a valid ${field.dataType}.`);
}

/** The updates of a request, checked whole; `fieldIdOrKey` given by the path (PUT) or by each update (POST). */
function updatesOf(jira: Emulated, call: Call, fieldIdOrKey?: string): Update[] {
  if (call.viewer.kind !== 'app') throw new BadRequest(403, 'Only the app that provides the field can update its values.');
  const body = call.body;
  if (!isPlainObject(body) || !Array.isArray(body.updates) || Object.keys(body).some((key) => key !== 'updates')) throw new BadRequest(400, 'The request body must be { "updates": [...] }.');
  const allowed = fieldIdOrKey === undefined ? ['customField', 'issueIds', 'value'] : ['issueIds', 'value'];
  const fixed = fieldIdOrKey === undefined ? undefined : appField(jira, fieldIdOrKey);
  const updates = body.updates.map((update): Update => {
    if (!isPlainObject(update) || Object.keys(update).some((key) => !allowed.includes(key))) throw new BadRequest(400, `Each update has only ${allowed.join(', ')}.`);
    if (!('value' in update)) throw new BadRequest(400, 'value is required.');
    if (!Array.isArray(update.issueIds) || update.issueIds.length === 0 || !update.issueIds.every((id) => Number.isSafeInteger(id) && (id as number) > 0)) {
      throw new BadRequest(400, 'issueIds must be a list of issue ids (numbers).');
    }
    const field = fixed ?? appField(jira, update.customField);
    checkValue(field, update.value);
    return { field, issueIds: (update.issueIds as number[]).map(String), value: update.value };
  });
  const pairs = updates.flatMap((update) => update.issueIds.map((issueId) => `${update.field.id}:${issueId}`));
  if (pairs.length > MAX_ISSUE_IDS) throw new BadRequest(400, `A request may name at most ${MAX_ISSUE_IDS} issues.`);
  if (new Set(pairs).size !== pairs.length) throw new BadRequest(400, 'Each combination of field and issue may appear only once in a request.');
  const missing = [...new Set(updates.flatMap((update) => update.issueIds))].filter((issueId) => jira.records.issue(issueId)?.id !== issueId);
  if (missing.length > 0) throw new BadRequest(400, `These issues do not exist: ${missing.join(', ')}.`);
  return updates;
}

/** Stores the values; null (or an empty list) clears the field on its issues. */
function store(updates: Update[]) {
  for (const { field, issueIds, value } of updates) {
    const cleared = value === null || (Array.isArray(value) && value.length === 0);
    if (cleared) {
      const gone = new Set(issueIds);
      field.values = Object.fromEntries(Object.entries(field.values).filter(([issueId]) => !gone.has(issueId)));
    } else for (const issueId of issueIds) field.values[issueId] = structuredClone(value);
  }
  return empty(204);
}

export const APP_FIELD_ROUTES = [
  route('POST', '/rest/api/3/app/field/value', (jira, call) => store(updatesOf(jira, call))),
  route('PUT', '/rest/api/3/app/field/{fieldIdOrKey}/value', (jira, call, p) => store(updatesOf(jira, call, param(p, 0)))),
];
