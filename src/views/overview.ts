// The project page as the UI shows it, assembled from what was read of Jira and the store: the
// cycle's OKRs with their linked work and flow, the sprints and how much of each serves a Key Result,
// the ranked backlog, the sprint reviews' grades. Pure: plain data in, the page out.
import { alignedTitles, alignmentIdsOf, productGoalView } from './alignment';
import { type BacklogItem, type Cycle, type KeyResultGrade, type KeyResultView, type Objective, type ProjectOverviewData, type Settings, type SprintReviewSummary, type SprintView, UNALIGNED_LISTED, type Warning } from '../contract';
import { keyResultsServed, sprintAlignment, suggestedKeyResults } from '../domain/alignment';
import { cyclesAround } from '../domain/cycles';
import { flowMetrics, type StatusChange } from '../domain/flow';
import { countsOfTally, emptyTally, flowOfTally, type FlowTally } from '../domain/flow-tally';
import { type CountedIssue, sprintIssueOfKept } from '../domain/kept';
import { gradingSummary } from '../domain/grading';
import { okrsInProcess } from '../domain/limit';
import type { IssueFacts } from '../jira/issues';
import type { StoredKeyResult } from '../store/model';
import type { SprintReviewRecord } from '../store/sprint-reviews';
import { latestCheckIns } from './burn-up';
import { cycleViews, type LinkedIssue } from './okrs';
import { type SprintFacts, sprintInFocus, sprintView } from './sprint';

/** Everything the page is made of, as loaded. */
export interface OverviewInput {
  project: { key: string; name: string };
  cycle: Cycle;
  today: Date;
  settings: Settings;
  access: { canEdit: boolean; isProductOwner: boolean; canCheckIn: (objective: Objective) => boolean; canLinkWork: boolean };
  okrs: { objectives: Objective[]; keyResults: StoredKeyResult[] };
  /** Each Key Result's linked issues, by id. */
  links: ReadonlyArray<{ issueId: string; keyResultId: string }>;
  /** Every issue read, by id (hidden and deleted ones are missing), and each linked issue's status changes. */
  issues: ReadonlyMap<string, IssueFacts>;
  changes: ReadonlyMap<string, StatusChange[]>;
  /**
   * What the app keeps of the project's issues (read as the app), reconciled with what changed: each
   * Key Result's flow tally, and the kept facts of the sprints' issues and of the parents of the issues
   * the page counts. When present, the figures (linked issues by status, flow, sprint alignment) come from
   * them, and `changes` is not needed. Lists of issues (their keys and summaries) still come from
   * `issues`, read as the viewer.
   */
  kept?: { tallies: ReadonlyMap<string, FlowTally>; issues: ReadonlyMap<string, CountedIssue> };
  /** The backlog's first page: issue ids in rank order, and the cursor of the next page while more remain. */
  backlogIds: readonly string[];
  backlogNextCursor?: string;
  sprintIssueIds: readonly string[];
  board: { id: number; name: string } | null;
  sprints: readonly SprintFacts[];
  sprintGoals: ReadonlyMap<number, { keyResultIds: string[] }>;
  reviews: readonly SprintReviewRecord[];
  people: Record<string, string>;
  /** Titles of the organization Objectives and Key Results the team's records name (deleted ones absent). */
  orgTitles: ReadonlyMap<string, string>;
  warnings: Warning[];
}

/** Every account the page names: Product Owners, Objective owners, those who overrode the limit or checked in. */
export function accountsMentioned(settings: Settings, okrs: { objectives: Objective[]; keyResults: StoredKeyResult[] }): string[] {
  return [
    ...settings.productOwnerAccountIds,
    ...okrs.objectives.flatMap((objective) => (objective.ownerAccountId ? [objective.ownerAccountId] : [])),
    ...limitOverrides(okrs.objectives).map((override) => override.accountId),
    ...okrs.keyResults.flatMap((keyResult) => latestCheckIns(keyResult.checkIns).map((checkIn) => checkIn.accountId)),
  ];
}

const limitOverrides = (objectives: readonly Objective[]) =>
  objectives.flatMap((objective) => (objective.status === 'active' && objective.limitOverride ? [objective.limitOverride] : []));

/**
 * The notice of an import that is being written (`running`) or stopped part-way. Readers see the OKRs
 * from before it until it finishes (`before`); an import begun before that was so (its marker has no
 * stage) may have left a mix.
 */
export function importInterruptedWarning(projectKey: string, startedAt: string, running = false, before = true): Warning {
  const when = `${startedAt.slice(0, 16).replace('T', ' ')} UTC`;
  const shown = before ? 'what is shown is the OKRs from before it' : 'what is shown may mix the OKRs from before it with the imported ones';
  if (running) {
    return {
      code: 'IMPORT_RUNNING',
      message: before
        ? `An import of OKRs into ${projectKey} started ${when} is being written: until it finishes, ${shown}. Reload in a minute to see the imported OKRs.`
        : `An import of OKRs into ${projectKey} started ${when} is being written, so ${shown}. Reload in a minute.`,
    };
  }
  return { code: 'IMPORT_INTERRUPTED', message: `An import of OKRs into ${projectKey} started ${when} did not finish, so ${shown}. Import the same file again to finish it.` };
}

export function projectOverview(input: OverviewInput): ProjectOverviewData {
  const { settings, okrs, cycle, today, access } = input;
  const keyResultIds = new Set(okrs.keyResults.map((keyResult) => keyResult.id));
  const servedBy = servedByOf(input);
  const grading = cycleGrading(input.reviews, keyResultIds);
  const { sprints, unaligned } = sprintsOf(input, servedBy, keyResultIds);
  return {
    project: input.project,
    cycle,
    cycles: cyclesAround(today, settings.fiscalYearStartMonth),
    settings,
    okrLimit: { limit: settings.okrLimit, inProcess: okrsInProcess(okrs.objectives, cycle.id), overrides: limitOverrides(okrs.objectives) },
    objectives: objectivesOf(input, grading.gradesOf),
    access: {
      canEdit: access.canEdit,
      canCheckIn: access.isProductOwner || okrs.objectives.some(access.canCheckIn),
      productOwners: settings.productOwnerAccountIds.map((id) => ({ accountId: id, displayName: input.people[id] ?? 'a Product Owner' })),
      canLinkWork: access.canLinkWork,
    },
    people: input.people,
    board: input.board,
    sprints,
    backlog: inOrder(input.backlogIds, input.issues).map((issue, index) => backlogItem(issue, index, servedBy(issue.id).filter((id) => keyResultIds.has(id)))),
    ...(input.backlogNextCursor ? { backlogNextCursor: input.backlogNextCursor } : {}),
    unaligned,
    reviews: grading.summaries,
    grading: grading.summary,
    productGoal: productGoalView(settings.productGoal, okrs.objectives, input.orgTitles),
    alignedTo: alignedTitles(alignmentIdsOf(settings.productGoal, okrs.objectives, okrs.keyResults), input.orgTitles),
    warnings: input.warnings,
  };
}

const inOrder = (ids: readonly string[], issues: ReadonlyMap<string, IssueFacts>) => ids.flatMap((id) => issues.get(id) ?? []);

/** The Key Results each issue is linked to, by issue id: worked out once for the page's links (tens of thousands on a large project), which two steps ask for. */
const directLinksByList = new WeakMap<OverviewInput['links'], ReadonlyMap<string, readonly string[]>>();
function directLinksOf(links: OverviewInput['links']): ReadonlyMap<string, readonly string[]> {
  const known = directLinksByList.get(links);
  if (known) return known;
  const directLinks = new Map<string, string[]>();
  for (const link of links) {
    const served = directLinks.get(link.issueId);
    if (served) served.push(link.keyResultId);
    else directLinks.set(link.issueId, [link.keyResultId]);
  }
  directLinksByList.set(links, directLinks);
  return directLinks;
}

/** Which Key Results each issue serves: its own links, or its parent's and grandparent's. */
function servedByOf({ links, issues, kept }: Pick<OverviewInput, 'links' | 'issues' | 'kept'>): (issueId: string) => readonly string[] {
  const directLinks = directLinksOf(links);
  const parentOf = new Map<string, string>();
  for (const issue of issues.values()) if (issue.parentId) parentOf.set(issue.id, issue.parentId);
  for (const issue of kept?.issues.values() ?? []) if (issue.parentId) parentOf.set(issue.id, issue.parentId);
  // Asked for each issue by the alignment of every sprint it is on, and again for the suggestions.
  const known = new Map<string, string[]>();
  return (issueId) => {
    let served = known.get(issueId);
    if (!served) known.set(issueId, (served = keyResultsServed(issueId, directLinks, parentOf)));
    return served;
  };
}

/** The cycle's Objectives with their Key Results, each with its linked issues, flow figures and grades. */
function objectivesOf(input: OverviewInput, gradesOf: ReadonlyMap<string, KeyResultGrade[]>) {
  const { cycle, today } = input;
  const linkedTo = new Map<string, IssueFacts[]>();
  for (const link of input.links) {
    const issue = input.issues.get(link.issueId);
    if (!issue) continue;
    const list = linkedTo.get(link.keyResultId);
    if (list) list.push(issue);
    else linkedTo.set(link.keyResultId, [issue]);
  }
  const issuesOfKeyResult = (keyResultId: string) => linkedTo.get(keyResultId) ?? [];
  const sprintsEnded = input.sprints.filter((sprint) => sprint.endDate && Date.parse(sprint.endDate) <= today.getTime()).length;
  const { kept } = input;
  const options = { now: today, cycle, sprintsEnded };
  const flowOf = (keyResultId: string): KeyResultView['flow'] =>
    kept
      ? flowOfTally(kept.tallies.get(keyResultId) ?? emptyTally(), options)
      : flowMetrics(
          issuesOfKeyResult(keyResultId).map((issue) => ({ key: issue.key, statusCategory: issue.statusCategory, changes: input.changes.get(issue.id) ?? [] })),
          options,
        );
  const countsOf = kept ? (keyResultId: string) => countsOfTally(kept.tallies.get(keyResultId) ?? emptyTally()) : undefined;
  const linkedIssue = (issue: IssueFacts): LinkedIssue => ({ statusCategory: issue.statusCategory });
  return cycleViews(
    input.okrs.objectives,
    input.okrs.keyResults,
    cycle,
    today,
    (keyResultId) => issuesOfKeyResult(keyResultId).map(linkedIssue),
    input.access.canCheckIn,
    flowOf,
    (keyResultId) => gradesOf.get(keyResultId) ?? [],
    countsOf,
    input.settings.staleCheckInDays,
  );
}

/** Each sprint of the cycle with the Key Results it serves, and the unaligned work of the sprint in focus (the running one, else the next planned). */
function sprintsOf(input: OverviewInput, servedBy: (issueId: string) => readonly string[], keyResultIds: ReadonlySet<string>) {
  const sprintIssues = inOrder(input.sprintIssueIds, input.issues);
  let unaligned: ProjectOverviewData['unaligned'] = null;
  const focus = sprintInFocus(input.sprints);
  const { kept } = input;
  const keptSprintIssues = kept ? keptInRankOrder(kept.issues, input.sprintIssueIds) : [];
  const sprints: SprintView[] = input.sprints.map((sprint) => {
    const issues = kept
      ? keptSprintIssues.filter((issue) => issue.sprintIds?.includes(sprint.id)).map((issue) => sprintIssueOfKept(issue, input.issues.get(issue.id)?.summary))
      : sprintIssues.filter((issue) => issue.sprintIds.includes(sprint.id));
    const alignment = sprintAlignment(issues, servedBy);
    if (sprint === focus) {
      unaligned = {
        sprintId: sprint.id,
        // Counted over every issue of the sprint; listed are only the first of those the viewer can see.
        issues: alignment.unaligned
          .filter((issue) => input.issues.has(issue.id))
          .slice(0, UNALIGNED_LISTED)
          .map((issue) => ({ key: issue.key, summary: input.issues.get(issue.id)?.summary ?? issue.summary })),
        count: alignment.unaligned.length,
        share: alignment.issueCount > 0 ? alignment.unaligned.length / alignment.issueCount : 0,
      };
    }
    const tied = input.sprintGoals.get(sprint.id);
    // A tie to Key Results since deleted keeps only those that still exist.
    const served = tied ? tied.keyResultIds : suggestedKeyResults(issues, servedBy);
    return sprintView(sprint, served.filter((id) => keyResultIds.has(id)), !tied, alignment);
  });
  return { sprints, unaligned: unaligned as ProjectOverviewData['unaligned'] };
}

/** The kept facts of the issues given, in rank order. */
const keptInRankOrder = (kept: ReadonlyMap<string, CountedIssue>, issueIds: readonly string[]) => [...new Set(issueIds)].flatMap((id) => kept.get(id) ?? []).sort(byRank);

/**
 * The running sprints' issues that serve no Key Result, in rank order, counted from the kept facts of
 * the sprints' issues: the page reads (as the viewer) the first of them to list.
 */
export function keptUnalignedIds(kept: ReadonlyMap<string, CountedIssue>, links: OverviewInput['links'], sprintIssueIds: readonly string[], sprintIds: readonly number[]): string[] {
  const servedBy = servedByOf({ links, issues: new Map(), kept: { tallies: new Map(), issues: kept } });
  const running = new Set(sprintIds);
  const inRunning = sprintIssueIds.filter((id) => kept.get(id)?.sprintIds?.some((sprintId) => running.has(sprintId)));
  const issues = keptInRankOrder(kept, inRunning);
  return sprintAlignment(issues.map((issue) => sprintIssueOfKept(issue)), servedBy).unaligned.map((issue) => issue.id);
}

/** Jira's rank order (its Rank field compares as plain text), then by id. */
function byRank(a: CountedIssue, b: CountedIssue): number {
  const [x, y] = [a.rank ?? '\uffff', b.rank ?? '\uffff'];
  return x < y ? -1 : x > y ? 1 : Number(a.id) - Number(b.id);
}

function backlogItem(issue: IssueFacts, index: number, keyResultIds: string[]): BacklogItem {
  return {
    key: issue.key,
    summary: issue.summary,
    statusCategory: issue.statusCategory,
    issueType: issue.issueType,
    ...(issue.storyPoints !== undefined ? { storyPoints: issue.storyPoints } : {}),
    rank: index + 1,
    keyResultIds,
  };
}

/**
 * What the cycle's sprint reviews say on the project page: each review's count of Key Results to
 * grade (deleted ones left out), each Key Result's grades by sprint, and the team's grading summary.
 */
export function cycleGrading(reviews: readonly SprintReviewRecord[], keyResultIds: ReadonlySet<string>) {
  const gradesOf = new Map<string, KeyResultGrade[]>();
  const summaries: SprintReviewSummary[] = [];
  for (const review of [...reviews].sort((a, b) => a.closedAt.localeCompare(b.closedAt))) {
    const entries = review.keyResults.filter((entry) => keyResultIds.has(entry.keyResultId));
    for (const entry of entries) {
      if (!entry.grade) continue;
      const grade: KeyResultGrade = { ...entry.grade, sprintId: review.sprintId, sprintName: review.sprintName, closedAt: review.closedAt };
      gradesOf.set(entry.keyResultId, [...(gradesOf.get(entry.keyResultId) ?? []), grade]);
    }
    summaries.unshift({
      sprintId: review.sprintId,
      sprintName: review.sprintName,
      closedAt: review.closedAt,
      keyResultCount: entries.length,
      gradedCount: entries.filter((entry) => entry.grade).length,
    });
  }
  const summary = gradingSummary([...gradesOf.values()].flat().map((grade) => grade.score));
  return { gradesOf, summaries, summary };
}
