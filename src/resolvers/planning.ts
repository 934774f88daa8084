// Sprint Planning on the project page: linking several issues (from the sprint's unaligned work and
// the backlog) to one Key Result at once, and undoing it. Each issue is checked as the issue panel
// checks one (Edit issues on it, in this project) and changed in its own transaction: a refused issue
// is reported and leaves the others changed; when every issue is refused, so is the call.
import type Resolver from '@forge/resolver';
import type { BulkLinkData, BulkLinkResult, ValidPayload, Warning } from '../contract';
import { mapConcurrently } from '../jira/client';
import { ISSUE_FIELDS } from '../jira/issues';
import { defineResolvers, type Invocation } from '../invocation/define';
import { AppError, toResolverError } from '../invocation/errors';
import { keyResultToLink, linkToKeyResult, mirrorLinks, type Preread, requireEditIssue } from '../invocation/linking';
import { keepKeyResultsField } from '../jobs/key-results-field';
import { removeLink } from '../store/links';

/** Issues checked and changed at once: the client keeps each Jira endpoint to a few calls at a time anyway. */
const ISSUES_AT_ONCE = 5;

async function linkIssues(payload: ValidPayload<'linkIssues'>, invocation: Invocation): Promise<BulkLinkData> {
  const target = await keyResultToLink(invocation, 'these issues', payload.keyResultId);
  return eachIssue(invocation, payload, async ({ issue }) => {
    const added = await linkToKeyResult(invocation, target, issue);
    return added ? 'linked' : 'already-linked';
  });
}

/** The undo of a bulk link: unlinks exactly the issues named (those the link answered `linked`). */
async function unlinkIssues(payload: ValidPayload<'unlinkIssues'>, invocation: Invocation): Promise<BulkLinkData> {
  return eachIssue(invocation, payload, async ({ issue }) => ((await removeLink(issue.id, payload.keyResultId, invocation.projectKey)) ? 'unlinked' : 'not-linked'));
}

/** Checks and changes each issue on its own, a few at a time; answers each issue's outcome and the warnings of the changes made. */
async function eachIssue(
  invocation: Invocation,
  { keyResultId, issueKeys }: { keyResultId: string; issueKeys: string[] },
  change: (preread: Preread) => Promise<BulkLinkResult['outcome']>,
): Promise<BulkLinkData> {
  const warnings: Warning[] = [];
  const changed: string[] = [];
  const results = await mapConcurrently([...new Set(issueKeys)], ISSUES_AT_ONCE, async (issueKey): Promise<BulkLinkResult> => {
    try {
      const preread = await issueOfProject(invocation, issueKey);
      const outcome = await change(preread);
      if (outcome === 'linked' || outcome === 'unlinked') {
        warnings.push(...(await mirrorLinks(invocation, issueKey, preread.issue.id)));
        changed.push(preread.issue.id);
      }
      return { issueKey, outcome };
    } catch (error) {
      return { issueKey, outcome: 'refused', error: toResolverError(error, 'linkIssues') };
    }
  });
  // Nothing changed and nothing to report but refusals: the call itself is refused, with the first reason.
  const refusal = results.every((result) => result.outcome === 'refused') ? results[0]?.error : undefined;
  if (refusal) throw new AppError(refusal.code, refusal.message, refusal.field);
  // The changed issues' Key Results field, in one request for them all (as the app: only it may set it).
  warnings.push(...(await keepKeyResultsField(changed)));
  return { keyResultId, results, warnings };
}

/** The issue, which the caller may edit and which belongs to the page's project (a key names its project only until the issue moves). */
async function issueOfProject(invocation: Invocation, issueKey: string): Promise<Preread> {
  const preread = await requireEditIssue(invocation, issueKey, [...ISSUE_FIELDS, 'project']);
  if (preread.issue.fields.project?.key !== invocation.projectKey) {
    throw new AppError('VALIDATION', `${issueKey} is not an issue of ${invocation.projectKey}: link it from its own project.`, 'issueKeys');
  }
  return preread;
}

export function registerPlanning(resolver: Resolver): void {
  defineResolvers(resolver, { linkIssues, unlinkIssues });
}
