// An issue, and its entity properties (what an app stores on an issue and indexes for JQL).
import type { IssueRecord } from '../model';
import { selectFields } from '../render';
import { BadRequest, empty, ISSUE_NOT_FOUND, jiraError, listParam, ok } from '../responses';
import { param, route, type Call, type Emulated } from './route';

const PROPERTY_VALUE_MAX = 32_768;

function getIssue({ permissions, render }: Emulated, call: Call, keyOrId: string) {
  const issue = permissions.visibleIssue(call.viewer, keyOrId);
  if (!issue) return jiraError(404, ISSUE_NOT_FOUND);
  const fields = selectFields(listParam(call.query, 'fields'), 'issue', render.allFields);
  const expand = new Set(listParam(call.query, 'expand') ?? []);
  const out = render.issueJson(issue, call.viewer, fields, expand, listParam(call.query, 'properties') ?? []);
  if (expand.has('names')) out.names = render.namesOf(fields);
  return ok(out);
}

/**
 * The issue, if the caller may browse (else 404) and edit it (else `deniedStatus`: the platform API
 * documents 403 for PUT …/properties/{key} but 404 for DELETE). Jira's message for a missing
 * EDIT_ISSUES (`editissue.error.no.edit.permission`).
 */
function editableIssue({ permissions }: Emulated, call: Call, keyOrId: string, deniedStatus: 403 | 404 = 403): IssueRecord {
  const issue = permissions.visibleIssue(call.viewer, keyOrId);
  if (!issue) throw new BadRequest(404, ISSUE_NOT_FOUND);
  if (!permissions.issuePermission(call.viewer, issue, 'EDIT_ISSUES')) throw new BadRequest(deniedStatus, 'You do not have permission to edit issues in this project.');
  return issue;
}

function getIssuePropertyKeys({ records, permissions }: Emulated, call: Call, keyOrId: string) {
  const issue = permissions.visibleIssue(call.viewer, keyOrId);
  if (!issue) return jiraError(404, ISSUE_NOT_FOUND);
  return ok({
    keys: Object.keys(issue.properties).map((key) => ({ self: `${records.base}/rest/api/3/issue/${issue.id}/properties/${encodeURIComponent(key)}`, key })),
  });
}

function getIssueProperty({ permissions }: Emulated, call: Call, keyOrId: string, propertyKey: string) {
  const issue = permissions.visibleIssue(call.viewer, keyOrId);
  if (!issue) return jiraError(404, ISSUE_NOT_FOUND);
  if (!(propertyKey in issue.properties)) return jiraError(404, `The property with key '${propertyKey}' does not exist.`);
  return ok({ key: propertyKey, value: structuredClone(issue.properties[propertyKey]) });
}

function putIssueProperty(jira: Emulated, call: Call, keyOrId: string, propertyKey: string) {
  const issue = editableIssue(jira, call, keyOrId);
  if (propertyKey.length === 0 || propertyKey.length > 255) throw new BadRequest(400, 'The property key must be between 1 and 255 characters long.');
  if (call.body === undefined) throw new BadRequest(400, 'The property value must be valid JSON.');
  const text = JSON.stringify(call.body);
  if (text.length > PROPERTY_VALUE_MAX) throw new BadRequest(400, `The property value is too large. Maximum length is ${PROPERTY_VALUE_MAX} characters.`);
  const existed = propertyKey in issue.properties;
  issue.properties[propertyKey] = JSON.parse(text) as unknown;
  return empty(existed ? 200 : 201);
}

function deleteIssueProperty(jira: Emulated, call: Call, keyOrId: string, propertyKey: string) {
  const issue = editableIssue(jira, call, keyOrId, 404);
  if (!(propertyKey in issue.properties)) return jiraError(404, `The property with key '${propertyKey}' does not exist.`);
  Reflect.deleteProperty(issue.properties, propertyKey);
  return empty(204);
}

export const ISSUE_ROUTES = [
  route('GET', '/rest/api/3/issue/{issueIdOrKey}', (jira, call, p) => getIssue(jira, call, param(p, 0))),
  route('GET', '/rest/api/3/issue/{issueIdOrKey}/properties', (jira, call, p) => getIssuePropertyKeys(jira, call, param(p, 0))),
  route('GET', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (jira, call, p) => getIssueProperty(jira, call, param(p, 0), param(p, 1))),
  route('PUT', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (jira, call, p) => putIssueProperty(jira, call, param(p, 0), param(p, 1))),
  route('DELETE', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (jira, call, p) => deleteIssueProperty(jira, call, param(p, 0), param(p, 1))),
];
