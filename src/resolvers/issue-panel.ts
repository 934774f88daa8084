// The issue panel: the issue in front of the person and the Key Results it serves, directly or
// through its parent chain (sub-task → story → epic); linking and unlinking it; and the picker's search.
import type Resolver from '@forge/resolver';
import {
  type Cycle,
  ISSUE_PROPERTY_KEY,
  type IssueLink,
  type IssueLinksProperty,
  type IssuePanelData,
  type KeyResultView,
  type Objective,
  type ValidPayload,
  type Warning,
} from '../contract';
import { cycleById, quarterOf } from '../domain/cycles';
import { type JiraClient, type JiraIssue, jiraAsUser, orNullIfHidden } from '../jira/client';
import { getRecords } from '../store/io';
import { addLink, type IssueLinkRecord, issueDigestKeys, linksFromDigests, linksOfIssues, removeLink } from '../store/links';
import { ENTITY } from '../store/model';
import { getKeyResult, getObjective, loadCycle, type StoredKeyResult } from '../store/okrs';
import { loadSettings, settingsFromRecord } from '../store/settings';
import { defineResolver, type InvocationContext, requireIssue, requireProject } from './define';
import { AppError } from './errors';
import { statusCategoryOf } from './project-page';
import { keyResultView } from './views';

const PANEL_FIELDS = ['summary', 'status', 'issuetype', 'parent'] as const;

interface PanelCall {
  projectKey: string;
  issueKey: string;
  accountId: string;
  jira: JiraClient;
  now: Date;
}

const panelCallOf = (context: InvocationContext): PanelCall => ({
  projectKey: requireProject(context),
  issueKey: requireIssue(context),
  accountId: context.accountId,
  jira: jiraAsUser(),
  now: new Date(),
});

/**
 * The issue and its ancestors (sub-task → story → epic), as `{ id, key }`. The issue's own `parent`
 * field names its parent; only a sub-task needs its parent read too, to find the epic above.
 */
async function issueChain(jira: JiraClient, issueKey: string, read?: JiraIssue): Promise<{ issue: JiraIssue | null; chain: Array<{ id: string; key: string }> }> {
  const issue = read ?? (await orNullIfHidden(jira.getIssue(issueKey, PANEL_FIELDS)));
  if (!issue) return { issue: null, chain: [] };
  const chain = [{ id: issue.id, key: issue.key }];
  const parent = issue.fields.parent;
  if (parent) {
    chain.push({ id: parent.id, key: parent.key });
    if (issue.fields.issuetype?.subtask) {
      const grandparent = (await orNullIfHidden(jira.getIssue(parent.key, ['parent'])))?.fields.parent;
      if (grandparent) chain.push({ id: grandparent.id, key: grandparent.key });
    }
  }
  return { issue, chain };
}

function currentCycle(fiscalYearStartMonth: number, now: Date): Cycle {
  return quarterOf(now, fiscalYearStartMonth, now);
}

/**
 * The links of the issue and its parents, and the project's settings, in one batch read (the issues'
 * link digests); then each link's Key Result and Objective as they are now, in another (a link names
 * both; a Key Result never changes Objective).
 */
async function panelRecords(projectKey: string, chain: ReadonlyArray<{ id: string }>) {
  const issueIds = chain.map((link) => link.id);
  const first = await getRecords([{ entityName: ENTITY.settings, key: projectKey }, ...issueDigestKeys(projectKey, issueIds)]);
  const records = await linksFromDigests(projectKey, issueIds, first);
  const read = await getRecords(
    records.flatMap((link) => [
      { entityName: ENTITY.keyResult, key: link.keyResultId },
      { entityName: ENTITY.objective, key: link.objectiveId },
    ]),
  );
  const keyResults = new Map<string, StoredKeyResult>();
  const objectives = new Map<string, Objective>();
  for (const link of records) {
    const keyResult = read(ENTITY.keyResult, link.keyResultId) as StoredKeyResult | undefined;
    const objective = read(ENTITY.objective, link.objectiveId) as Objective | undefined;
    if (keyResult) keyResults.set(keyResult.id, keyResult);
    if (objective) objectives.set(objective.id, objective);
  }
  return { records, settings: settingsFromRecord(first(ENTITY.settings, projectKey), undefined), keyResults, objectives };
}

/** Each link with its Key Result and Objective as they are now; links to deleted Key Results are left out. */
function linkViews(
  records: IssueLinkRecord[],
  issueId: string,
  { keyResults, objectives }: { keyResults: Map<string, StoredKeyResult>; objectives: Map<string, Objective> },
  fiscalYearStartMonth: number,
  now: Date,
): IssueLink[] {
  const seen = new Set<string>();
  const views: IssueLink[] = [];
  // Direct links first, so a Key Result served both directly and through a parent shows as direct.
  const ordered = [...records].sort((a, b) => Number(b.issueId === issueId) - Number(a.issueId === issueId) || a.linkedAt.localeCompare(b.linkedAt));
  for (const link of ordered) {
    const keyResult = keyResults.get(link.keyResultId);
    const objective = keyResult ? objectives.get(keyResult.objectiveId) : undefined;
    if (!keyResult || !objective || seen.has(keyResult.id)) continue;
    seen.add(keyResult.id);
    const cycle = cycleById(keyResult.cycleId, fiscalYearStartMonth, now) ?? currentCycle(fiscalYearStartMonth, now);
    views.push({
      keyResultId: keyResult.id,
      via: link.issueId === issueId ? 'issue' : 'parent',
      ...(link.issueId === issueId ? {} : { fromIssueKey: link.issueKey }),
      keyResult: keyResultView(keyResult, cycle, now),
      objective,
    });
  }
  return views;
}

/** What a link or unlink already read of the issue and the caller's permissions on it, so the panel it answers with does not read them again. */
interface Preread {
  permissions: Awaited<ReturnType<JiraClient['myPermissions']>>;
  issue: JiraIssue;
}

export async function getIssuePanel(call: PanelCall, warnings: Warning[] = [], preread?: Preread): Promise<IssuePanelData> {
  const { projectKey, issueKey, jira, now } = call;
  const [permissions, { issue, chain }] = await Promise.all([
    preread?.permissions ?? jira.myPermissions({ issueKey }),
    issueChain(jira, issueKey, preread?.issue),
  ]);
  if (!permissions.BROWSE_PROJECTS || !issue) {
    throw new AppError('FORBIDDEN', `You need the Browse projects permission on ${projectKey} to see which Key Results ${issueKey} serves.`);
  }
  const read = await panelRecords(projectKey, chain);
  const { settings, records } = read;
  return {
    issue: {
      key: issue.key,
      summary: issue.fields.summary ?? '',
      statusCategory: statusCategoryOf(issue),
      issueType: issue.fields.issuetype?.name ?? 'Issue',
      ...(issue.fields.parent?.key ? { parentKey: issue.fields.parent.key } : {}),
    },
    links: linkViews(records, issue.id, read, settings.fiscalYearStartMonth, now),
    canLink: permissions.EDIT_ISSUES,
    cycle: currentCycle(settings.fiscalYearStartMonth, now),
    warnings,
  };
}

/** Only people who may edit the issue in Jira may change what it serves. */
async function requireEditIssue(call: PanelCall): Promise<Preread> {
  const [permissions, issue] = await Promise.all([
    call.jira.myPermissions({ issueKey: call.issueKey }),
    orNullIfHidden(call.jira.getIssue(call.issueKey, PANEL_FIELDS)),
  ]);
  if (!permissions.BROWSE_PROJECTS || !issue) {
    throw new AppError('FORBIDDEN', `You need the Browse projects permission on ${call.projectKey} to see ${call.issueKey}.`);
  }
  if (!permissions.EDIT_ISSUES) {
    throw new AppError('FORBIDDEN', `You need the Edit issues permission on ${call.issueKey} to change the Key Results it serves.`);
  }
  return { permissions, issue };
}

/**
 * Mirrors the issue's direct links into its `outcomes` property, so Jira's search finds the issue by
 * Key Result or Objective. Storage is written first: if Jira fails here, the link stands and the
 * next change to the issue's links writes the property again.
 */
async function mirrorLinks(call: PanelCall, issueId: string): Promise<Warning[]> {
  const records = await linksOfIssues([issueId]);
  const value: IssueLinksProperty = {
    keyResultIds: [...new Set(records.map((link) => link.keyResultId))],
    objectiveIds: [...new Set(records.map((link) => link.objectiveId))],
  };
  try {
    await call.jira.setIssueProperty(call.issueKey, ISSUE_PROPERTY_KEY, value);
    return [];
  } catch {
    return [
      {
        code: 'SEARCH_NOT_UPDATED',
        message: `The link is saved, but Jira's search could not be updated for ${call.issueKey} just now; it will be with the next change.`,
      },
    ];
  }
}

export async function linkIssue(payload: ValidPayload<'linkIssue'>, call: PanelCall): Promise<IssuePanelData> {
  const preread = await requireEditIssue(call);
  const { issue } = preread;
  const keyResult = await getKeyResult(payload.keyResultId);
  const missing = new AppError('NOT_FOUND', 'This Key Result no longer exists. Pick another.', 'keyResultId');
  if (!keyResult) throw missing;
  if (keyResult.projectKey !== call.projectKey) {
    // Another project's Key Result exists only for those who may browse that project: to anyone
    // else, it is answered as an id that never existed (naming its project would tell them otherwise).
    const theirs = await call.jira.myPermissions({ projectKey: keyResult.projectKey });
    if (!theirs.BROWSE_PROJECTS) throw missing;
    throw new AppError('VALIDATION', `This Key Result belongs to project ${keyResult.projectKey}; ${call.issueKey} can only serve Key Results of ${call.projectKey}.`, 'keyResultId');
  }
  const settings = await loadSettings(call.projectKey, undefined);
  const cycle = cycleById(keyResult.cycleId, settings.fiscalYearStartMonth, call.now);
  if (cycle?.state === 'closed') {
    throw new AppError('VALIDATION', `${cycle.name} is closed: link ${call.issueKey} to a Key Result of a current cycle.`, 'keyResultId');
  }
  const objective = await getObjective(keyResult.objectiveId);
  if (!objective) throw new AppError('NOT_FOUND', 'This Key Result no longer exists. Pick another.', 'keyResultId');
  await addLink({
    projectKey: call.projectKey,
    issueId: issue.id,
    issueKey: issue.key,
    keyResultId: keyResult.id,
    objectiveId: objective.id,
    cycleId: keyResult.cycleId,
    linkedAt: call.now.toISOString(),
    accountId: call.accountId,
  });
  return getIssuePanel(call, await mirrorLinks(call, issue.id), preread);
}

export async function unlinkIssue(payload: ValidPayload<'unlinkIssue'>, call: PanelCall): Promise<IssuePanelData> {
  const preread = await requireEditIssue(call);
  const { issue } = preread;
  if (!(await removeLink(issue.id, payload.keyResultId, call.projectKey))) {
    const inherited = (await getIssuePanel(call, [], preread)).links.find((link) => link.keyResultId === payload.keyResultId);
    throw new AppError(
      'NOT_FOUND',
      inherited?.fromIssueKey
        ? `${call.issueKey} serves this Key Result through ${inherited.fromIssueKey}; unlink it there.`
        : `${call.issueKey} is not linked to this Key Result.`,
      'keyResultId',
    );
  }
  return getIssuePanel(call, await mirrorLinks(call, issue.id), preread);
}

/** The picker: the Key Results of a cycle (the current one by default), matching the query. */
export async function searchKeyResults(
  payload: ValidPayload<'searchKeyResults'>,
  call: Omit<PanelCall, 'issueKey'>,
): Promise<{ results: Array<{ keyResult: KeyResultView; objective: Objective }> }> {
  const [permissions, settings] = await Promise.all([
    call.jira.myPermissions({ projectKey: call.projectKey }),
    loadSettings(call.projectKey, undefined),
  ]);
  if (!permissions.BROWSE_PROJECTS) {
    throw new AppError('FORBIDDEN', `You need the Browse projects permission on ${call.projectKey} to see its Key Results.`);
  }
  const cycle = payload.cycleId ? cycleById(payload.cycleId, settings.fiscalYearStartMonth, call.now) : currentCycle(settings.fiscalYearStartMonth, call.now);
  if (!cycle) throw new AppError('NOT_FOUND', `There is no OKR cycle ${payload.cycleId}.`, 'cycleId');
  const { objectives, keyResults } = await loadCycle(call.projectKey, cycle.id);
  const objectiveById = new Map(objectives.filter((objective) => objective.status !== 'dropped').map((objective) => [objective.id, objective]));
  const words = (payload.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const results = keyResults.flatMap((keyResult) => {
    const objective = objectiveById.get(keyResult.objectiveId);
    if (!objective) return [];
    const text = `${keyResult.title} ${objective.title}`.toLowerCase();
    return words.every((word) => text.includes(word)) ? [{ keyResult: keyResultView(keyResult, cycle, call.now), objective }] : [];
  });
  return { results };
}

export function registerIssuePanel(resolver: Resolver): void {
  defineResolver(resolver, 'getIssuePanel', (_payload, context) => getIssuePanel(panelCallOf(context)));
  defineResolver(resolver, 'linkIssue', (payload, context) => linkIssue(payload, panelCallOf(context)));
  defineResolver(resolver, 'unlinkIssue', (payload, context) => unlinkIssue(payload, panelCallOf(context)));
  defineResolver(resolver, 'searchKeyResults', (payload, context) =>
    searchKeyResults(payload, { projectKey: requireProject(context), accountId: context.accountId, jira: jiraAsUser(), now: new Date() }),
  );
}
