// The push endpoint (the `push-metric` web trigger): an analytics job, a support desk or CI posts a
// Key Result's value, and it is recorded as a check-in whose source is `pushed`.
//   POST <the app's web trigger URL>?project=GYM
//   Authorization: Bearer <the project's push secret>
//   { "keyResultId": "…", "value": 42.5, "at": "2026-11-18T09:00:00Z", "note": "nightly export" }
// Forge hands the request over as JSON ({ method, headers: { name: [values] }, queryParameters, body })
// and sends back what the function answers ({ statusCode, headers, body }).
import { z } from 'zod';
import { isStorageOutage } from '../store/errors';
import { appendPushedCheckIn, getKeyResult, StorePushedValueConflictError, StoreValidationError } from '../store/okrs';
import { matchingPushSecret, takePushToken } from '../store/push-secrets';

/** The largest body the endpoint reads: a value with a note fits in far less. */
export const PUSH_MAX_BODY_BYTES = 8 * 1024;
/** How far ahead of the server's clock `at` may be (clocks drift), in ms. */
const FUTURE_SLACK_MS = 5 * 60_000;

const requestSchema = z.object({
  method: z.string(),
  headers: z.record(z.string(), z.array(z.string())).optional(),
  queryParameters: z.record(z.string(), z.array(z.string())).optional(),
  body: z.string().optional(),
});

const pushSchema = z.strictObject({
  keyResultId: z.string({ error: 'is required: the id of a Key Result of the project' }).min(1, 'is required').max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be a Key Result id'),
  value: z.number({ error: 'must be a number' }).finite('must be a finite number'),
  at: z.iso.datetime({ offset: true, message: 'must be an ISO date-time such as 2026-11-18T09:00:00Z' }).optional(),
  note: z.string().max(2000, 'must be at most 2000 characters').optional(),
});

export interface WebTriggerResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: string;
}

function answer(statusCode: number, body: Record<string, unknown>, headers: Record<string, string> = {}): WebTriggerResponse {
  return {
    statusCode,
    headers: { 'Content-Type': ['application/json'], ...Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])) },
    body: JSON.stringify(body),
  };
}

const refuse = (statusCode: number, code: string, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  answer(statusCode, { ok: false, error: { code, message, ...extra } }, headers);

/** A header's first value, whatever its case. */
function header(headers: Record<string, string[]> | undefined, name: string): string | undefined {
  const found = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return found?.[1][0];
}

export async function handlePushMetric(raw: unknown): Promise<WebTriggerResponse> {
  const request = requestSchema.safeParse(raw);
  if (!request.success) return refuse(400, 'BAD_REQUEST', 'The request could not be read.');
  const { method, headers, queryParameters, body = '' } = request.data;
  if (method.toUpperCase() !== 'POST') return refuse(405, 'METHOD_NOT_ALLOWED', `Values are pushed with POST, not ${method.toUpperCase()}.`, {}, { Allow: 'POST' });
  if (Buffer.byteLength(body, 'utf8') > PUSH_MAX_BODY_BYTES) {
    return refuse(413, 'TOO_LARGE', `The body may be at most ${PUSH_MAX_BODY_BYTES} bytes: one value a request.`);
  }
  const projectKey = queryParameters?.project?.[0] ?? '';
  if (!/^[A-Z][A-Z0-9_]{0,63}$/.test(projectKey)) {
    return refuse(400, 'VALIDATION', 'Name the project in the URL: ?project=GYM (its Jira key).', { field: 'project' });
  }
  const secret = /^Bearer\s+(\S+)$/i.exec(header(headers, 'authorization') ?? '')?.[1];
  if (!secret) {
    return refuse(401, 'UNAUTHORIZED', 'Send the project’s push secret as "Authorization: Bearer <secret>".', {}, { 'WWW-Authenticate': 'Bearer' });
  }
  try {
    // One answer for a wrong, replaced or revoked secret, and for a project with none: it tells nothing about which.
    const holder = await matchingPushSecret(projectKey, secret);
    if (!holder) {
      return refuse(401, 'UNAUTHORIZED', `This secret is not ${projectKey}’s push secret (it may have been rotated or revoked).`, {}, { 'WWW-Authenticate': 'Bearer' });
    }
    const now = new Date();
    const waitSeconds = await takePushToken(projectKey, now);
    if (waitSeconds !== null) {
      return refuse(429, 'RATE_LIMITED', `Too many values pushed to ${projectKey}; try again in ${waitSeconds} s.`, { retryAfterSeconds: waitSeconds }, { 'Retry-After': String(waitSeconds) });
    }
    const parsed = parseBody(body);
    if (!parsed.ok) return refuse(400, 'VALIDATION', parsed.message, parsed.field ? { field: parsed.field } : {});
    const push = parsed.push;
    const at = push.at ? new Date(push.at) : now;
    if (at.getTime() > now.getTime() + FUTURE_SLACK_MS) return refuse(400, 'VALIDATION', 'at must not be in the future.', { field: 'at' });
    const keyResult = await getKeyResult(push.keyResultId, projectKey);
    // Another project's Key Result gets the same answer as one that does not exist.
    if (!keyResult || keyResult.projectKey !== projectKey) {
      return refuse(404, 'NOT_FOUND', `${projectKey} has no Key Result ${push.keyResultId}.`, { field: 'keyResultId' });
    }
    const entry = { at: at.toISOString(), accountId: holder.createdBy, value: push.value, ...(push.note ? { note: push.note } : {}) };
    const { saved, replayed } = await appendPushedCheckIn(keyResult.id, entry, { accountId: holder.createdBy, at: now.toISOString(), what: 'keyResult.checked-in' });
    return answer(replayed ? 200 : 201, { ok: true, replayed, keyResultId: saved.id, at: entry.at, value: push.value, current: saved.metric.current });
  } catch (error) {
    if (error instanceof StorePushedValueConflictError) return refuse(409, 'CONFLICT', error.message, { field: 'at' });
    if (error instanceof StoreValidationError) return refuse(409, 'LIMIT', error.message);
    if (isStorageOutage(error)) return refuse(503, 'UNAVAILABLE', 'Outcomes’ storage did not answer; nothing was recorded. Push again shortly.', {}, { 'Retry-After': '30' });
    console.error('Outcomes: a pushed value failed.', error);
    return refuse(500, 'INTERNAL', 'The value could not be recorded; nothing was changed.');
  }
}

function parseBody(body: string): { ok: true; push: z.infer<typeof pushSchema> } | { ok: false; message: string; field?: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, message: 'The body must be JSON: {"keyResultId": "…", "value": 42, "at"?: "…", "note"?: "…"}.' };
  }
  const parsed = pushSchema.safeParse(json);
  if (parsed.success) return { ok: true, push: parsed.data };
  const issue = parsed.error.issues[0];
  if (!issue) return { ok: false, message: 'The body is not a pushed value.' };
  const field = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.join('.');
  if (issue.code === 'unrecognized_keys') return { ok: false, message: `${field} is not a field of a pushed value (keyResultId, value, at, note).`, ...(field ? { field } : {}) };
  if (issue.path.length === 0) return { ok: false, message: 'The body must be a JSON object: {"keyResultId": "…", "value": 42}.' };
  return { ok: false, message: `${field} ${issue.message}.`, field };
}
