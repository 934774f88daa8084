// Jira's own search for a Key Result's work, and opening an issue: shared by the Key Result row and the
// issue panel. Only types come from the contract, so the panel's bundle stays free of zod.
import { router } from '@forge/bridge';
import type { KEY_RESULT_SEARCH_ALIAS } from '../../../../src/contract';

// Typed against the contract (which a test holds to the manifest's searchAlias), so renaming the alias breaks the build, not the search.
const KEY_RESULT_ALIAS: typeof KEY_RESULT_SEARCH_ALIAS = 'outcomesKeyResult';

/** `outcomesKeyResult = "kr-1"`: every issue linked directly to the Key Result, in the words Jira's search shows. */
export function keyResultJql(keyResultId: string): string {
  const quoted = keyResultId.replace(/[\\"]/g, (c) => `\\${c}`);
  return `${KEY_RESULT_ALIAS} = "${quoted}"`;
}

/** Jira's issue search for the JQL, as a site-relative path (Forge's router needs no prompt for those). */
export function jiraSearchPath(jql: string): string {
  return `/issues/?jql=${encodeURIComponent(jql)}`;
}

/** Opens Jira's search for the Key Result's work in a new tab, so the app stays where it is. */
export function openKeyResultSearch(keyResultId: string): void {
  router.open(jiraSearchPath(keyResultJql(keyResultId))).catch((error: unknown) => {
    console.warn('Outcomes: opening Jira search failed', error);
  });
}

/** Opens an issue: in this tab, or in a new one when the person asked for that (Ctrl/⌘/middle click). */
export function openIssue(issueKey: string, newTab: boolean): void {
  const opening = newTab ? router.open(`/browse/${encodeURIComponent(issueKey)}`) : router.navigate({ target: 'issue', issueKey });
  opening.catch((error: unknown) => {
    console.warn(`Outcomes: opening ${issueKey} failed`, error);
  });
}
