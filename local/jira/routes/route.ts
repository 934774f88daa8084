// What every route module shares: the call as a route sees it, the emulator's parts it may use, and
// `route()`, which turns a `{param}` template into the pattern the emulator matches paths with.
import type { EmulatedResponse } from '../../platform';
import type { Permissions, Viewer } from '../permissions';
import type { Records } from '../records';
import type { Renderer } from '../render';

export interface Call {
  method: string;
  url: URL;
  query: URLSearchParams;
  body: unknown;
  viewer: Viewer;
}

/** The emulator's parts a route answers with. */
export interface Emulated {
  records: Records;
  permissions: Permissions;
  render: Renderer;
}

export type Handler = (jira: Emulated, call: Call, params: string[]) => EmulatedResponse;

export interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  handler: Handler;
}

const SEGMENT = '([^/]+)';

export function route(method: string, template: string, handler: Handler): Route {
  const pattern = new RegExp('^' + template.replace(/\{[^}]+\}/g, SEGMENT) + '/?$');
  return { method, template, pattern, handler };
}

/** The n-th `{param}` of the matched path (always there: the pattern has a group for each). */
export function param(params: string[], n: number): string {
  return params[n] as string;
}
