// The issue panel: the issue in front of the person and the Key Results it serves, directly or
// through its parent chain (sub-task → story → epic); linking and unlinking it; and the picker's search.
import type Resolver from '@forge/resolver';
import type { IssuePanelData, ValidPayload, Warning } from '../contract';
import { cycleById } from '../domain/cycles';
import { sprintFieldId, sprintsOf } from '../jira/fields';
import { ISSUE_FIELDS, issueChain, issueFacts } from '../jira/issues';
import { defineResolvers, type Invocation, issueKeyOf } from '../invocation/define';
import { AppError } from '../invocation/errors';
import { keepKeyResultsField } from '../jobs/key-results-field';
import { keyResultToLink, linkToKeyResult, mirrorLinks, type Preread, requireEditIssue } from '../invocation/linking';
import { removeLink } from '../store/links';
import { loadCycle, loadSettings, readAfterWrite } from '../store/okrs';
import { panelReadModel } from '../store/read-models';
import { currentCycle, issuePanelView, keyResultMatches } from '../views/panel';

async function getIssuePanel(_payload: ValidPayload<'getIssuePanel'>, invocation: Invocation): Promise<IssuePanelData> {
  return panelOf(invocation, issueKeyOf(invocation));
}

/** What a link or unlink read before the change, with the Sprint field it read the issue with. */
type PanelPreread = Preread & { sprintField: string | null };

async function panelOf({ jira, projectKey, now }: Invocation, issueKey: string, warnings: Warning[] = [], preread?: PanelPreread): Promise<IssuePanelData> {
  const sprintField = preread ? Promise.resolve(preread.sprintField) : sprintFieldOrNull(jira);
  const [permissions, { issue, chain }, field] = await Promise.all([
    preread?.permissions ?? jira.myPermissions({ issueKey }),
    sprintField.then((found) => issueChain(jira, issueKey, preread?.issue, fieldsWith(found))),
    sprintField,
  ]);
  if (!permissions.BROWSE_PROJECTS || !issue) {
    throw new AppError('FORBIDDEN', `You need the Browse projects permission on ${projectKey} to see which Key Results ${issueKey} serves.`);
  }
  const model = await panelReadModel(projectKey, chain.map((link) => link.id));
  return issuePanelView({ ...model, issue: issueFacts(issue), sprints: sprintsOf(issue, field), canLink: permissions.EDIT_ISSUES, now, warnings });
}

/** The site's Sprint field; when it cannot be found just now, the panel shows no sprint rather than fail. */
const sprintFieldOrNull = (jira: Invocation['jira']) =>
  sprintFieldId(jira).catch((error: unknown) => {
    console.warn("Outcomes: the site's Sprint field could not be found; the panel shows no sprint", error);
    return null;
  });

const fieldsWith = (sprintField: string | null) => [...ISSUE_FIELDS, ...(sprintField ? [sprintField] : [])];

/** requireEditIssue, reading the issue with the Sprint field, so the panel answered after a change shows the sprint too. */
async function requireEditForPanel(invocation: Invocation, issueKey: string): Promise<PanelPreread> {
  const sprintField = await sprintFieldOrNull(invocation.jira);
  return { ...(await requireEditIssue(invocation, issueKey, fieldsWith(sprintField))), sprintField };
}

async function linkIssue(payload: ValidPayload<'linkIssue'>, invocation: Invocation): Promise<IssuePanelData> {
  const issueKey = issueKeyOf(invocation);
  const preread = await requireEditForPanel(invocation, issueKey);
  const target = await keyResultToLink(invocation, issueKey, payload.keyResultId);
  const { issue } = preread;
  await linkToKeyResult(invocation, target, issue);
  return panelAfterChange(invocation, issueKey, preread);
}

async function unlinkIssue(payload: ValidPayload<'unlinkIssue'>, invocation: Invocation): Promise<IssuePanelData> {
  const issueKey = issueKeyOf(invocation);
  const preread = await requireEditForPanel(invocation, issueKey);
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
async function panelAfterChange(invocation: Invocation, issueKey: string, preread: PanelPreread): Promise<IssuePanelData> {
  // Jira's search (the property, as the caller) and the Key Results field (as the app), at once.
  const [search, field] = await Promise.all([mirrorLinks(invocation, issueKey, preread.issue.id), keepKeyResultsField([preread.issue.id])]);
  const warnings = [...search, ...field];
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

export function registerIssuePanel(resolver: Resolver): void {
  defineResolvers(resolver, { getIssuePanel, linkIssue, unlinkIssue, searchKeyResults });
}
