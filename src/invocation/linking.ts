// What linking an issue to a Key Result asks of the caller and of the Key Result, wherever it is
// asked (the issue panel, one issue; the project page, several at once): the same rules in one place.
import { ISSUE_PROPERTY_KEY, type IssueLinksProperty, type Warning } from '../contract';
import { cycleById } from '../domain/cycles';
import { type JiraClient, type JiraIssue, orNullIfHidden } from '../jira/client';
import { ISSUE_FIELDS } from '../jira/issues';
import { addLink, linksOfIssues } from '../store/links';
import { getKeyResult, getObjective, loadSettings, readAfterWrite } from '../store/okrs';
import type { Invocation } from './define';
import { AppError } from './errors';

/** What a link or unlink already read of the issue and the caller's permissions on it, so the answer does not read them again. */
export interface Preread {
  permissions: Awaited<ReturnType<JiraClient['myPermissions']>>;
  issue: JiraIssue;
}

/** Only people who may edit the issue in Jira may change what it serves. */
export async function requireEditIssue({ jira, projectKey }: Pick<Invocation, 'jira' | 'projectKey'>, issueKey: string, fields: readonly string[] = ISSUE_FIELDS): Promise<Preread> {
  const [permissions, issue] = await Promise.all([jira.myPermissions({ issueKey }), orNullIfHidden(jira.getIssue(issueKey, fields))]);
  if (!permissions.BROWSE_PROJECTS || !issue) {
    throw new AppError('FORBIDDEN', `You need the Browse projects permission on ${projectKey} to see ${issueKey}.`);
  }
  if (!permissions.EDIT_ISSUES) {
    throw new AppError('FORBIDDEN', `You need the Edit issues permission on ${issueKey} to change the Key Results it serves.`);
  }
  return { permissions, issue };
}

/** The Key Result to link the issue (or issues) to, and its Objective: one of this project's, in a cycle not closed, of an agreed Objective (active or done; not a draft, not dropped). */
export async function keyResultToLink({ jira, projectKey, now }: Pick<Invocation, 'jira' | 'projectKey' | 'now'>, what: string, keyResultId: string) {
  const keyResult = await getKeyResult(keyResultId);
  const missing = new AppError('NOT_FOUND', 'This Key Result no longer exists. Pick another.', 'keyResultId');
  if (!keyResult) throw missing;
  if (keyResult.projectKey !== projectKey) {
    // Another project's Key Result exists only for those who may browse that project: to anyone
    // else, it is answered as an id that never existed (naming its project would tell them otherwise).
    const theirs = await jira.myPermissions({ projectKey: keyResult.projectKey });
    if (!theirs.BROWSE_PROJECTS) throw missing;
    throw new AppError('VALIDATION', `This Key Result belongs to project ${keyResult.projectKey}; ${what} can only serve Key Results of ${projectKey}.`, 'keyResultId');
  }
  const settings = await loadSettings(projectKey, undefined);
  const cycle = cycleById(keyResult.cycleId, settings.fiscalYearStartMonth, now);
  if (cycle?.state === 'closed') {
    throw new AppError('VALIDATION', `${cycle.name} is closed: link ${what} to a Key Result of a current cycle.`, 'keyResultId');
  }
  const objective = await getObjective(keyResult.objectiveId);
  if (!objective) throw new AppError('NOT_FOUND', 'This Key Result no longer exists. Pick another.', 'keyResultId');
  if (objective.status === 'draft') {
    throw new AppError('VALIDATION', `“${objective.title}” is still a draft: link ${what} once a Product Owner makes the Objective active.`, 'keyResultId');
  }
  if (objective.status === 'dropped') {
    throw new AppError('VALIDATION', `“${objective.title}” was dropped: link ${what} to a Key Result of an Objective the team still pursues.`, 'keyResultId');
  }
  return { keyResult, objective };
}

/** Links the issue to the Key Result `keyResultToLink` found, as the caller, now; false when it was linked already. */
export function linkToKeyResult(
  { projectKey, now, accountId }: Pick<Invocation, 'projectKey' | 'now' | 'accountId'>,
  { keyResult, objective }: Awaited<ReturnType<typeof keyResultToLink>>,
  issue: { id: string; key: string },
): Promise<boolean> {
  return addLink({ projectKey, issueId: issue.id, issueKey: issue.key, keyResultId: keyResult.id, objectiveId: objective.id, cycleId: keyResult.cycleId, linkedAt: now.toISOString(), accountId });
}

/**
 * Mirrors the issue's direct links into its `outcomes` property, so Jira's search finds the issue by
 * Key Result or Objective. Storage is written first: if Jira fails here, the link stands and the
 * next change to the issue's links writes the property again.
 */
export async function mirrorLinks({ jira }: Pick<Invocation, 'jira'>, issueKey: string, issueId: string): Promise<Warning[]> {
  try {
    const records = await readAfterWrite(() => linksOfIssues([issueId]));
    const value: IssueLinksProperty = {
      keyResultIds: [...new Set(records.map((link) => link.keyResultId))],
      objectiveIds: [...new Set(records.map((link) => link.objectiveId))],
    };
    await jira.setIssueProperty(issueKey, ISSUE_PROPERTY_KEY, value);
    return [];
  } catch (error) {
    console.warn(`Outcomes: the ${ISSUE_PROPERTY_KEY} property of ${issueKey} was not updated`, error);
    return [{ code: 'SEARCH_NOT_UPDATED', message: `The link is saved, but Jira's search could not be updated for ${issueKey} just now; it will be with the next change.` }];
  }
}
