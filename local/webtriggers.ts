// Forge's web triggers, emulated: the URL `webTrigger.getUrl` gets (through the platform's GraphQL
// mutation createWebTriggerUrl, which @forge/api POSTs to `/graphql` as the app), and an HTTP request
// to that URL turned into the invocation Forge makes: the request serialized as JSON
// ({ method, headers: { name: [values] }, body, path, userPath, queryParameters, context }), the
// function's answer ({ statusCode, headers, body }) turned back into the HTTP response, and an answer
// of any other shape into a 500, as Forge sends it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { EmulatedResponse } from './platform';

/** The request size Forge accepts for one invocation (its payload limit), here for a web trigger's body. */
export const WEB_TRIGGER_MAX_REQUEST_BYTES = 5 * 1024 * 1024;

/** The manifest's web triggers: module key → the handler's export in src/index. */
export function webTriggersOfManifest(): Map<string, string> {
  const manifest = parse(readFileSync(join(__dirname, '..', 'manifest.yml'), 'utf8')) as {
    modules?: { webtrigger?: Array<{ key: string; function: string }>; function?: Array<{ key: string; handler: string }> };
  };
  const functions = new Map((manifest.modules?.function ?? []).map((fn) => [fn.key, fn.handler]));
  return new Map(
    (manifest.modules?.webtrigger ?? []).map((trigger) => {
      const handler = functions.get(trigger.function);
      if (!handler) throw new Error(`manifest.yml: webtrigger ${trigger.key} names function ${trigger.function}, which the manifest does not declare.`);
      return [trigger.key, handler.split('.').pop() ?? handler];
    }),
  );
}

/** The id of a module's web trigger URL: one per installation and module, stable across restarts. */
export const webTriggerId = (moduleKey: string) => `local-${moduleKey}`;

/** Where a web trigger's URL points: /x1/<id>, the path Forge's URLs have, on the preview's origin. */
export const WEB_TRIGGER_PATH = /^\/x1\/([A-Za-z0-9_-]+)(\/[^?#]*)?$/;

/** The platform's side of `webTrigger.getUrl`: answers the createWebTriggerUrl mutation for a module the manifest declares. */
export function answerWebTriggerUrl(request: unknown, origin: string): EmulatedResponse {
  const { query, variables } = (request ?? {}) as { query?: unknown; variables?: { input?: { triggerKey?: unknown } } };
  const triggerKey = variables?.input?.triggerKey;
  if (typeof query !== 'string' || !query.includes('createWebTriggerUrl') || typeof triggerKey !== 'string') {
    return { status: 400, body: { errors: [{ message: 'The local Forge runtime answers only the createWebTriggerUrl mutation.' }] } };
  }
  if (!webTriggersOfManifest().has(triggerKey)) {
    return { status: 200, body: { errors: [{ message: `No webtrigger module ${triggerKey} in the manifest.` }], data: { createWebTriggerUrl: null } } };
  }
  return { status: 200, body: { data: { createWebTriggerUrl: { url: `${origin}/x1/${webTriggerId(triggerKey)}` } } } };
}

/** An HTTP request as it reaches a web trigger URL. */
export interface WebTriggerHttpRequest {
  method: string;
  /** The path after the origin, with its query string. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The request object Forge passes the web trigger's function. */
export function webTriggerEvent(request: WebTriggerHttpRequest, context: Record<string, unknown>): Record<string, unknown> {
  const url = new URL(request.url, 'http://local');
  const userPath = WEB_TRIGGER_PATH.exec(url.pathname)?.[2] ?? '';
  const queryParameters: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) (queryParameters[name] ??= []).push(value);
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value : [value];
  }
  return {
    method: request.method.toUpperCase(),
    headers,
    ...(request.body !== '' ? { body: request.body } : {}),
    path: url.pathname,
    userPath,
    queryParameters,
    context,
  };
}

/** The HTTP response Forge makes of the function's answer: a 500 when the answer is not of the documented shape. */
export function webTriggerResponse(answer: unknown): { status: number; headers: Record<string, string>; body: string } {
  const { statusCode, headers, body } = (answer ?? {}) as { statusCode?: unknown; headers?: unknown; body?: unknown };
  const headersOk = headers === undefined || (typeof headers === 'object' && headers !== null && Object.values(headers).every((values) => Array.isArray(values) && values.every((value) => typeof value === 'string')));
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599 || !headersOk || (body !== undefined && typeof body !== 'string')) {
    return { status: 500, headers: { 'content-type': 'text/plain' }, body: 'The web trigger function did not answer { statusCode, headers, body }.' };
  }
  const flat = Object.fromEntries(Object.entries((headers ?? {}) as Record<string, string[]>).map(([name, values]) => [name, values.join(', ')]));
  return { status: statusCode, headers: flat, body: (body as string | undefined) ?? '' };
}
