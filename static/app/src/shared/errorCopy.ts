import type { CallErrorCode } from './api';

const TITLES: Partial<Record<CallErrorCode, string>> = {
  FORBIDDEN: "You don't have permission to see this",
  NOT_FOUND: 'Not found',
  JIRA: 'Jira did not answer',
  UNAVAILABLE: 'Storage is briefly unavailable',
  UNREACHABLE: 'Outcomes is not reachable',
};

/** The title of a failed load; `what` names what failed: "the OKRs of GYM". */
export function errorTitle(code: CallErrorCode, what: string): string {
  return TITLES[code] ?? `Couldn't load ${what}`;
}

/** Shown under a FORBIDDEN message: the server says which permission; this says who can grant it. */
export const FORBIDDEN_HINT = 'A Jira admin or a project admin can give you access.';
