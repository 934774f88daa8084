// What the UI is shown of stored OKRs: each Key Result with its progress, expected progress,
// status, forecast and quality findings computed by the domain, as of today; the forecast from
// every check-in, while the answer carries only the latest ones and a bounded burn-up series.
import type { CheckIn, Cycle, KeyResultGrade, KeyResultView, Objective, ObjectiveView, StatusCategory } from '../contract';
import { lastTypedCheckIn } from '../domain/check-ins';
import { forecastAtCycleEnd } from '../domain/forecast';
import { objectiveGradeShown } from '../domain/grading';
import { expectedProgress, keyResultProgress, keyResultStartDay, objectiveProgress } from '../domain/progress';
import { lintKeyResult, lintObjective } from '../domain/quality';
import { checkInStaleness, DEFAULT_STALE_CHECK_IN_DAYS } from '../domain/staleness';
import { keyResultStatus, objectiveHealth } from '../domain/status';
import type { StoredKeyResult } from '../store/okrs';
import { burnUpSeries, latestCheckIns } from './burn-up';

const NO_LINKED_ISSUES = { total: 0, todo: 0, inProgress: 0, done: 0 };
const NO_FLOW = { wip: 0, throughputPerSprint: 0, medianCycleTimeDays: null, oldestWipAgeDays: null };

export type LinkedIssue = { statusCategory: StatusCategory };

function linkedIssueCounts(issues: LinkedIssue[]): KeyResultView['linkedIssues'] {
  const count = (category: StatusCategory) => issues.filter((issue) => issue.statusCategory === category).length;
  return { total: issues.length, todo: count('todo'), inProgress: count('inprogress'), done: count('done') };
}

/**
 * The confidence the team gave last: at a check-in a person typed, or with a grade at a Sprint Review
 * (a grade may come with a confidence and no new value). It is what the next check-in starts from.
 */
export function lastConfidence(lastCheckIn: Pick<CheckIn, 'at' | 'confidence'> | null, grades: readonly KeyResultGrade[] = []): number | null {
  let latest: { at: string; confidence?: number } | null = lastCheckIn;
  for (const grade of grades) {
    if (grade.confidence !== undefined && (!latest || grade.at > latest.at)) latest = { at: grade.at, confidence: grade.confidence };
  }
  return latest?.confidence ?? null;
}

/**
 * The Key Result as shown; with `issues`, the counts of its linked issues (as Jira shows them now) by
 * status category, and with `grades`, its grades of the cycle's sprint reviews; "to check in" after
 * `staleCheckInDays` without a check-in (the project's setting).
 */
export function keyResultView(
  stored: StoredKeyResult,
  cycle: Cycle,
  today: Date,
  issues?: LinkedIssue[],
  flow: KeyResultView['flow'] = NO_FLOW,
  grades?: KeyResultGrade[],
  counts?: KeyResultView['linkedIssues'],
  staleCheckInDays: number = DEFAULT_STALE_CHECK_IN_DAYS,
): KeyResultView {
  const { projectKey: _projectKey, cycleId: _cycleId, checkIns, lastGrade, contributesToOrgKeyResultId: _indexed, ...keyResult } = stored;
  const progress = keyResultProgress(stored.metric);
  const startedOn = keyResultStartDay(stored, cycle);
  const expected = expectedProgress(cycle, today, startedOn);
  const lastCheckIn = checkIns.at(-1) ?? null;
  const status = keyResultStatus(stored.metric, progress, expected);
  return {
    ...keyResult,
    progress,
    startedOn,
    expectedProgress: expected,
    status,
    forecast: forecastAtCycleEnd(checkIns, cycle),
    confidence: lastConfidence(lastTypedCheckIn(checkIns), grades),
    lastGrade: lastGrade?.score ?? null,
    ...(grades ? { grades } : {}),
    lastCheckIn,
    checkIns: latestCheckIns(checkIns),
    checkInCount: checkIns.length,
    burnUp: burnUpSeries(checkIns),
    linkedIssues: counts ?? (issues ? linkedIssueCounts(issues) : NO_LINKED_ISSUES),
    flow,
    lint: lintKeyResult(stored),
    ...checkInStaleness({ lastCheckInAt: lastCheckIn?.at ?? null, startedOn, cycle, status, today, staleCheckInDays }),
    // Carried over, it takes no more check-ins: its copy is the one to check in on.
    ...(stored.carriedTo ? { stale: false } : {}),
  };
}

export function objectiveView(
  objective: Objective,
  keyResults: KeyResultView[],
  cycle: Cycle,
  today: Date,
  canCheckIn: (objective: Objective) => boolean,
): ObjectiveView {
  // A Key Result with nothing to measure neither helps nor drags its Objective.
  const measured = keyResults.filter((keyResult) => keyResult.status !== 'not-measurable');
  const progress = objectiveProgress(measured);
  // Each Key Result is expected from its own start: the Objective, at the weighted mean of theirs.
  const expected = measured.length > 0 ? objectiveProgress(measured.map(({ expectedProgress: share, weight }) => ({ progress: share, weight }))) : expectedProgress(cycle, today);
  const health = objectiveHealth(keyResults.map((keyResult) => keyResult.status), progress, expected);
  return {
    ...objective,
    keyResults,
    progress,
    expectedProgress: expected,
    health,
    ...objectiveGradeShown(keyResults.map((keyResult) => ({ weight: keyResult.weight, grade: keyResult.lastGrade })), cycle.state === 'closed'),
    lint: lintObjective(objective, keyResults),
    canCheckIn: canCheckIn(objective),
  };
}

/** Every Objective of the cycle with its Key Results, in the order they were created. */
export function cycleViews(
  objectives: Objective[],
  keyResults: StoredKeyResult[],
  cycle: Cycle,
  today: Date,
  issuesOf: (keyResultId: string) => LinkedIssue[],
  canCheckIn: (objective: Objective) => boolean,
  flowOf: (keyResultId: string) => KeyResultView['flow'],
  gradesOf?: (keyResultId: string) => KeyResultGrade[],
  countsOf?: (keyResultId: string) => KeyResultView['linkedIssues'],
  staleCheckInDays: number = DEFAULT_STALE_CHECK_IN_DAYS,
): ObjectiveView[] {
  const byObjective = new Map<string, KeyResultView[]>();
  for (const keyResult of [...keyResults].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    const views = byObjective.get(keyResult.objectiveId) ?? [];
    views.push(keyResultView(keyResult, cycle, today, issuesOf(keyResult.id), flowOf(keyResult.id), gradesOf?.(keyResult.id), countsOf?.(keyResult.id), staleCheckInDays));
    byObjective.set(keyResult.objectiveId, views);
  }
  return [...objectives]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((objective) => objectiveView(objective, byObjective.get(objective.id) ?? [], cycle, today, canCheckIn));
}
