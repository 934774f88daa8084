// The organization's OKRs, on the organization page (a global page: no project in its context). The
// organization sets yearly Objectives and quarterly ones on its own fiscal calendar; teams align their
// quarterly OKRs to them as they see fit. Each resolver: validate (defineSiteResolvers) → authorize
// against Jira → load → domain → store, as a team's.
import { randomUUID } from 'node:crypto';
import type Resolver from '@forge/resolver';
import type { Cycle, DataOf, DeleteData, KeyResultView, Objective, OrganizationOkrsData, OrganizationSettings, OrgKeyResultContributions, ValidPayload } from '../contract';
import { contributionsTo } from '../store/alignment';
import { contributionsView, withContributedProgress } from '../views/alignment';
import { cycleById, cyclesAround } from '../domain/cycles';
import { changeBy, defineSiteResolvers, type SiteInvocation } from '../invocation/define';
import { AppError } from '../invocation/errors';
import { historySubjectOf } from '../invocation/lookups';
import { organizationAccess, requireOrgManager, type VisibleTeams, visibleTeams } from '../invocation/org-access';
import {
  appendOrgCheckIn,
  deleteOrgKeyResult,
  deleteOrgObjective,
  getOrgKeyResult,
  getOrgObjective,
  gradeOrgKeyResult,
  loadOrgCycle,
  loadOrgSettings,
  orgHistoryPage,
  orgKeyResultsOfObjective,
  saveOrgKeyResult,
  saveOrgObjective,
  saveOrgSettings,
  type OrgObjective,
} from '../store/org-okrs';
import type { StoredKeyResult } from '../store/okrs';
import { boundedChange, keyResultTitles } from '../views/history';
import { cycleViews, keyResultView } from '../views/okrs';

const asChange = changeBy;

async function orgCycle(cycleId: string, now: Date, field: string): Promise<Cycle> {
  const { fiscalYearStartMonth } = await loadOrgSettings();
  const cycle = cycleById(cycleId, fiscalYearStartMonth, now);
  if (!cycle) throw new AppError('VALIDATION', `There is no OKR cycle ${cycleId}.`, field);
  return cycle;
}

async function orgObjective(id: string, field: string): Promise<OrgObjective> {
  const objective = await getOrgObjective(id);
  if (!objective) throw new AppError('NOT_FOUND', 'This organization Objective does not exist (it may have been deleted). Reload to see the current OKRs.', field);
  return objective;
}

async function orgKeyResult(id: string, field: string): Promise<StoredKeyResult> {
  const keyResult = await getOrgKeyResult(id);
  if (!keyResult) throw new AppError('NOT_FOUND', 'This organization Key Result does not exist (it may have been deleted). Reload to see the current OKRs.', field);
  return keyResult;
}


async function getOrganizationOkrs(payload: ValidPayload<'getOrganizationOkrs'>, invocation: SiteInvocation): Promise<OrganizationOkrsData> {
  const { now } = invocation;
  const [access, settings] = await Promise.all([organizationAccess(invocation), loadOrgSettings()]);
  const cycles = cyclesAround(now, settings.fiscalYearStartMonth);
  // By default the fiscal year running now: the organization's OKRs are set for the year.
  const cycle = payload.cycleId ? cycleById(payload.cycleId, settings.fiscalYearStartMonth, now) : cycles.find((candidate) => candidate.kind === 'year' && candidate.state === 'active');
  if (!cycle) throw new AppError('NOT_FOUND', `There is no OKR cycle ${payload.cycleId ?? ''}.`, 'cycleId');
  const { objectives, keyResults, more } = await loadOrgCycle(cycle.id);
  const byKeyResult = await contributionsTo(keyResults.map((keyResult) => keyResult.id));
  const visible = await visibleTeams(invocation, [...byKeyResult.values()].flat().map((keyResult) => keyResult.projectKey));
  const contributions = contributionsSeenBy(byKeyResult, visible);
  const noIssues = () => [];
  const noFlow = () => ({ wip: 0, throughputPerSprint: 0, medianCycleTimeDays: null, oldestWipAgeDays: null });
  const canCheckIn = () => access.canManage;
  return {
    cycle,
    cycles,
    settings,
    objectives: withContributedProgress(cycleViews(objectives, keyResults, cycle, now, noIssues, canCheckIn, noFlow), contributions, cycle, now, canCheckIn),
    moreObjectives: more,
    canManage: access.canManage,
    contributions,
  };
}

/**
 * The team Key Results contributing to each organization Key Result that has any: all are counted,
 * and only those of projects the caller may browse (one bulk check with Jira, as the caller) are named.
 */
function contributionsSeenBy(byKeyResult: ReadonlyMap<string, readonly StoredKeyResult[]>, visible: VisibleTeams): Record<string, OrgKeyResultContributions> {
  const contributions: Record<string, OrgKeyResultContributions> = {};
  for (const [id, contributors] of byKeyResult) if (contributors.length > 0) contributions[id] = contributionsView(contributors, (projectKey) => visible.has(projectKey));
  return contributions;
}

/** A page of an organization Objective's or Key Result's history, newest first: read by everyone who reads them. */
async function getOrganizationHistory(payload: ValidPayload<'getOrganizationHistory'>, invocation: SiteInvocation): Promise<DataOf<'getOrganizationHistory'>> {
  const subject = historySubjectOf(payload);
  await organizationAccess(invocation);
  const keyResults = 'keyResultId' in subject ? [await orgKeyResult(subject.keyResultId, 'keyResultId')] : (await orgObjective(subject.objectiveId, 'objectiveId'), await orgKeyResultsOfObjective(subject.objectiveId));
  const page = await orgHistoryPage(subject, payload.cursor);
  const people = await invocation.jira.displayNames(page.changes.map((change) => change.accountId));
  return { changes: page.changes.map(boundedChange), people, keyResults: keyResultTitles(page.changes, keyResults), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

async function saveOrganizationObjective(payload: ValidPayload<'saveOrganizationObjective'>, invocation: SiteInvocation): Promise<Objective> {
  const input = payload.objective;
  requireOrgManager(await organizationAccess(invocation), input.id ? 'change the organization’s OKRs' : 'create organization OKRs');
  const cycle = await orgCycle(input.cycleId, invocation.now, 'objective.cycleId');
  const existing = input.id ? await orgObjective(input.id, 'objective.id') : null;
  if (existing && payload.expectedVersion === undefined) {
    throw new AppError('VALIDATION', 'expectedVersion is required to change an existing Objective, so that nobody’s change is overwritten.', 'expectedVersion');
  }
  return saveOrgObjective(
    {
      id: existing?.id ?? randomUUID(),
      cycleId: cycle.id,
      title: input.title,
      status: input.status,
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.ownerAccountId !== undefined ? { ownerAccountId: input.ownerAccountId } : {}),
    },
    asChange(invocation, existing ? 'objective.updated' : 'objective.created', payload.reason),
    existing ? payload.expectedVersion : undefined,
  );
}

async function deleteOrganizationObjective(payload: ValidPayload<'deleteOrganizationObjective'>, invocation: SiteInvocation): Promise<DeleteData> {
  requireOrgManager(await organizationAccess(invocation), 'delete organization OKRs');
  await orgObjective(payload.id, 'id');
  await deleteOrgObjective(payload.id, payload.expectedVersion, asChange(invocation, 'objective.deleted'));
  return { warnings: [] };
}

async function saveOrganizationKeyResult(payload: ValidPayload<'saveOrganizationKeyResult'>, invocation: SiteInvocation): Promise<KeyResultView> {
  const input = payload.keyResult;
  requireOrgManager(await organizationAccess(invocation), input.id ? 'change the organization’s OKRs' : 'create organization OKRs');
  const objective = await orgObjective(input.objectiveId, 'keyResult.objectiveId');
  // Read before the write: once it is saved, a failed read must not answer as if nothing was.
  const cycle = await orgCycle(objective.cycleId, invocation.now, 'keyResult.objectiveId');
  const existing = input.id ? await orgKeyResult(input.id, 'keyResult.id') : null;
  if (existing && payload.expectedVersion === undefined) {
    throw new AppError('VALIDATION', 'expectedVersion is required to change an existing Key Result, so that nobody’s change is overwritten.', 'expectedVersion');
  }
  const progressFrom = input.progressFrom ?? existing?.progressFrom;
  const saved = await saveOrgKeyResult(
    { id: existing?.id ?? randomUUID(), objectiveId: objective.id, title: input.title, metric: input.metric, weight: input.weight ?? existing?.weight ?? 1, startDate: input.startDate, ...(progressFrom ? { progressFrom } : {}) },
    asChange(invocation, existing ? 'keyResult.updated' : 'keyResult.created', payload.reason),
    existing ? payload.expectedVersion : undefined,
  );
  return keyResultView(saved, cycle, invocation.now);
}

async function deleteOrganizationKeyResult(payload: ValidPayload<'deleteOrganizationKeyResult'>, invocation: SiteInvocation): Promise<DeleteData> {
  requireOrgManager(await organizationAccess(invocation), 'delete organization OKRs');
  await orgKeyResult(payload.id, 'id');
  await deleteOrgKeyResult(payload.id, payload.expectedVersion, asChange(invocation, 'keyResult.deleted'));
  return { warnings: [] };
}

async function checkInOrganizationKeyResult(payload: ValidPayload<'checkInOrganizationKeyResult'>, invocation: SiteInvocation): Promise<KeyResultView> {
  requireOrgManager(await organizationAccess(invocation), 'check in on the organization’s Key Results');
  const { accountId, now } = invocation;
  const cycle = await orgCycle((await orgKeyResult(payload.keyResultId, 'keyResultId')).cycleId, now, 'keyResultId');
  const saved = await appendOrgCheckIn(
    payload.keyResultId,
    { at: now.toISOString(), accountId, value: payload.value, confidence: payload.confidence, ...(payload.note ? { note: payload.note } : {}) },
    asChange(invocation, 'keyResult.checked-in'),
  );
  return keyResultView(saved, cycle, now);
}

async function gradeOrganizationKeyResult(payload: ValidPayload<'gradeOrganizationKeyResult'>, invocation: SiteInvocation): Promise<KeyResultView> {
  requireOrgManager(await organizationAccess(invocation), 'grade the organization’s Key Results');
  const cycle = await orgCycle((await orgKeyResult(payload.keyResultId, 'keyResultId')).cycleId, invocation.now, 'keyResultId');
  const saved = await gradeOrgKeyResult(payload.keyResultId, { score: payload.score, ...(payload.note ? { note: payload.note } : {}) }, asChange(invocation, 'keyResult.graded'));
  return keyResultView(saved, cycle, invocation.now);
}

async function saveOrganizationSettings(payload: ValidPayload<'saveOrganizationSettings'>, invocation: SiteInvocation): Promise<OrganizationSettings> {
  requireOrgManager(await organizationAccess(invocation), 'change the organization’s fiscal year');
  return saveOrgSettings(payload.fiscalYearStartMonth, payload.expectedVersion);
}

export function registerOrganization(resolver: Resolver): void {
  defineSiteResolvers(resolver, {
    getOrganizationOkrs,
    getOrganizationHistory,
    saveOrganizationObjective,
    deleteOrganizationObjective,
    saveOrganizationKeyResult,
    deleteOrganizationKeyResult,
    checkInOrganizationKeyResult,
    gradeOrganizationKeyResult,
    saveOrganizationSettings,
  });
}
