// The issue panel: the issue in front of the person and the Key Results it serves, directly or
// through its parent chain (sub-task → story → epic); linking and unlinking it; and the picker's search.
import type Resolver from '@forge/resolver';
import { ISSUE_PROPERTY_KEY, type IssueLinksProperty, type IssuePanelData, type ValidPayload, type Warning } from '../contract';
import { cycleById } from '../domain/cycles';
import { type JiraClient, type JiraIssue, orNullIfHidden } from '../jira/client';
import { ISSUE_FIELDS, issueChain, issueFacts } from '../jira/issues';
import { defineResolvers, type Invocation, issueKeyOf } from '../invocation/define';
import { AppError } from '../invocation/errors';
import { addLink, linksOfIssues, removeLink } from '../store/links';
import { getKeyResult, getObjective, loadCycle, loadSettings, readAfterWrite } from '../store/okrs';
import { panelReadModel } from '../store/read-models';
import { currentCycle, issuePanelView, keyResultMatches } from '../views/panel';

/** What a link or unlink already read of the issue and the caller's permissions on it, so the panel it answers with does not read them again. */
interface Preread {
  permissions: Awaited<ReturnType<JiraClient['myPermissions']>>;
  issue: JiraIssue;
}

async function getIssuePanel(_payload: ValidPayload<'getIssuePanel'>, invocation: Invocation): Promise<IssuePanelData> {
  return panelOf(invocation, issueKeyOf(invocation));
}

async function panelOf({ jira, projectKey, now }: Invocation, issueKey: string, warnings: Warning[] = [], preread?: Preread): Promise<IssuePanelData> {
  const [permissions, { issue, chain }] = await Promise.all([preread?.permissions ?? jira.myPermissions({ issueKey }), issueChain(jira, issueKey, preread?.issue)]);
  if (!permissions.BROWSE_PROJECTS || !issue) {
    throw new AppError('FORBIDDEN', `You need the Browse projects permission on ${projectKey} to see which Key Results ${issueKey} serves.`);
  }
  const model = await panelReadModel(projectKey, chain.map((link) => link.id));
  return issuePanelView({ ...model, issue: issueFacts(issue), canLink: permissions.EDIT_ISSUES, now, warnings });
}

async function linkIssue(payload: ValidPayload<'linkIssue'>, invocation: Invocation): Promise<IssuePanelData> {
  const issueKey = issueKeyOf(invocation);
  const preread = await requireEditIssue(invocation, issueKey);
  const { keyResult, objective } = await keyResultToLink(invocation, issueKey, payload.keyResultId);
  const { issue } = preread;
  await addLink({
    projectKey: invocation.projectKey,
    issueId: issue.id,
    issueKey: issue.key,
    keyResultId: keyResult.id,
    objectiveId: objective.id,
    cycleId: keyResult.cycleId,
    linkedAt: invocation.now.toISOString(),
    accountId: invocation.accountId,
  });
  return panelAfterChange(invocation, issueKey, preread);
}

async function unlinkIssue(payload: ValidPayload<'unlinkIssue'>, invocation: Invocation): Promise<IssuePanelData> {
  const issueKey = issueKeyOf(invocation);
  const preread = await requireEditIssue(invocation, issueKey);
  if (!(await removeLink(preread.issue.id, payload.keyResultId, invocation.projectKey))) {
    const inherited = (await panelOf(invocation, issueKey, [], preread)).links.find((link) => link.keyResultId === payload.keyResultId);
    throw new AppError(
      'NOT_FOUND',
      inherited?.fromIssueKey ? `${issueKey} serves this Key Result through ${inherited.fromIssueKey}; unlink it there.` : `${issueKey} is not linked to this Key Result.`,
      'keyResultId',
    );
  }
  return panelAfterChange(invocation, issueKey, preread);
}

/** The panel once a link or unlink is saved: its answer reports the change as made, whatever fails after it. */
async function panelAfterChange(invocation: Invocation, issueKey: string, preread: Preread): Promise<IssuePanelData> {
  const warnings = await mirrorLinks(invocation, issueKey, preread.issue.id);
  return readAfterWrite(() => panelOf(invocation, issueKey, warnings, preread));
}

/** The picker: the Key Results of a cycle (the current one by default), matching the query. */
async function searchKeyResults(payload: ValidPayload<'searchKeyResults'>, { jira, projectKey, now }: Invocation) {
  const [permissions, settings] = await Promise.all([jira.myPermissions({ projectKey }), loadSettings(projectKey, undefined)]);
  if (!permissions.BROWSE_PROJECTS) {
    throw new AppError('FORBIDDEN', `You need the Browse projects permission on ${projectKey} to see its Key Results.`);
  }
  const cycle = payload.cycleId ? cycleById(payload.cycleId, settings.fiscalYearStartMonth, now) : currentCycle(settings.fiscalYearStartMonth, now);
  if (!cycle) throw new AppError('NOT_FOUND', `There is no OKR cycle ${payload.cycleId}.`, 'cycleId');
  return { results: keyResultMatches(await loadCycle(projectKey, cycle.id), payload.query, cycle, now, settings.staleCheckInDays) };
}

/** Only people who may edit the issue in Jira may change what it serves. */
async function requireEditIssue({ jira, projectKey }: Invocation, issueKey: string): Promise<Preread> {
  const [permissions, issue] = await Promise.all([jira.myPermissions({ issueKey }), orNullIfHidden(jira.getIssue(issueKey, ISSUE_FIELDS))]);
  if (!permissions.BROWSE_PROJECTS || !issue) {
    throw new AppError('FORBIDDEN', `You need the Browse projects permission on ${projectKey} to see ${issueKey}.`);
  }
  if (!permissions.EDIT_ISSUES) {
    throw new AppError('FORBIDDEN', `You need the Edit issues permission on ${issueKey} to change the Key Results it serves.`);
  }
  return { permissions, issue };
}

/** The Key Result to link the issue to, and its Objective: one of this project's, in a cycle not closed. */
async function keyResultToLink({ jira, projectKey, now }: Invocation, issueKey: string, keyResultId: string) {
  const keyResult = await getKeyResult(keyResultId);
  const missing = new AppError('NOT_FOUND', 'This Key Result no longer exists. Pick another.', 'keyResultId');
  if (!keyResult) throw missing;
  if (keyResult.projectKey !== projectKey) {
    // Another project's Key Result exists only for those who may browse that project: to anyone
    // else, it is answered as an id that never existed (naming its project would tell them otherwise).
    const theirs = await jira.myPermissions({ projectKey: keyResult.projectKey });
    if (!theirs.BROWSE_PROJECTS) throw missing;
    throw new AppError('VALIDATION', `This Key Result belongs to project ${keyResult.projectKey}; ${issueKey} can only serve Key Results of ${projectKey}.`, 'keyResultId');
  }
  const settings = await loadSettings(projectKey, undefined);
  const cycle = cycleById(keyResult.cycleId, settings.fiscalYearStartMonth, now);
  if (cycle?.state === 'closed') {
    throw new AppError('VALIDATION', `${cycle.name} is closed: link ${issueKey} to a Key Result of a current cycle.`, 'keyResultId');
  }
  const objective = await getObjective(keyResult.objectiveId);
  if (!objective) throw new AppError('NOT_FOUND', 'This Key Result no longer exists. Pick another.', 'keyResultId');
  if (objective.status === 'draft') {
    throw new AppError('VALIDATION', `“${objective.title}” is still a draft: link ${issueKey} once a Product Owner makes the Objective active.`, 'keyResultId');
  }
  return { keyResult, objective };
}

/**
 * Mirrors the issue's direct links into its `outcomes` property, so Jira's search finds the issue by
 * Key Result or Objective. Storage is written first: if Jira fails here, the link stands and the
 * next change to the issue's links writes the property again.
 */
async function mirrorLinks({ jira }: Invocation, issueKey: string, issueId: string): Promise<Warning[]> {
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

export function registerIssuePanel(resolver: Resolver): void {
  defineResolvers(resolver, { getIssuePanel, linkIssue, unlinkIssue, searchKeyResults });
}
