// Jira's answers and request parameters as every route reads and writes them: JSON bodies, the
// `{ errorMessages, errors }` error shape, paging parameters and opaque page tokens.
import type { EmulatedResponse } from '../platform';

export const JSON_TYPE = 'application/json;charset=UTF-8';

export const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

const AGILE_MAX_RESULTS = 50;

export function ok(body: unknown, status = 200): EmulatedResponse {
  return { status, headers: { 'content-type': JSON_TYPE }, body };
}

export function empty(status: number): EmulatedResponse {
  return { status };
}

/** Jira's error shape: `{ errorMessages, errors }`. */
export function jiraError(status: number, ...errorMessages: string[]): EmulatedResponse {
  return { status, headers: { 'content-type': JSON_TYPE }, body: { errorMessages, errors: {} } };
}

/** Thrown by a route, answered as Jira's error shape with this status. */
export class BadRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function intParam(q: URLSearchParams, name: string, fallback: number): number {
  const raw = q.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new BadRequest(400, `The '${name}' parameter must be a non-negative integer.`);
  return n;
}

/** A list parameter given as repeated and/or comma-separated values; undefined when absent. */
export function listParam(q: URLSearchParams, name: string): string[] | undefined {
  const all = q.getAll(name);
  if (all.length === 0) return undefined;
  return all.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

export function agilePaging(q: URLSearchParams): { startAt: number; maxResults: number } {
  const startAt = intParam(q, 'startAt', 0);
  const requested = intParam(q, 'maxResults', AGILE_MAX_RESULTS);
  return { startAt, maxResults: Math.min(requested === 0 ? AGILE_MAX_RESULTS : requested, AGILE_MAX_RESULTS) };
}

export function agilePage<T>(all: T[], startAt: number, maxResults: number): Record<string, unknown> {
  const values = all.slice(startAt, startAt + maxResults);
  return { maxResults, startAt, total: all.length, isLast: startAt + values.length >= all.length, values };
}

export function hashString(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0).toString(36);
}

/** An opaque token: base64url of `offset:fingerprint-of-the-jql`. */
export function encodePageToken(offset: number, fingerprint: string): string {
  return Buffer.from(`v1:${offset}:${fingerprint}`, 'utf8').toString('base64url');
}

/** The offset a page token continues at; a token from another query (another fingerprint) is refused. */
export function pageTokenOffset(token: string | null | undefined, fingerprint: string): number {
  if (token === undefined || token === null || token === '') return 0;
  const decoded = decodePageToken(token);
  if (!decoded || decoded.fingerprint !== fingerprint) throw new BadRequest(400, 'The provided next page token is invalid or expired.');
  return decoded.offset;
}

function decodePageToken(token: string): { offset: number; fingerprint: string } | undefined {
  const parts = Buffer.from(token, 'base64url').toString('utf8').split(':');
  if (parts.length !== 3 || parts[0] !== 'v1') return undefined;
  const offset = Number(parts[1]);
  if (!Number.isInteger(offset) || offset < 0) return undefined;
  return { offset, fingerprint: parts[2] as string };
}
