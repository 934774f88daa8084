// What a dashboard gadget shows of a project's OKRs: its agreed Objectives of one cycle (active or
// done; drafts and dropped ones are not the team's commitments), each with its progress, health and
// grade, and per Key Result its progress, status, forecast, grade and whether it is to check in (the
// project's `staleCheckInDays`, as on the project page). No check-ins, burn-ups or issues:
// a stakeholder's summary, bounded by GADGET_MAX_OBJECTIVES Objectives of at most 20 Key Results.
import { type Cycle, GADGET_MAX_OBJECTIVES, type GadgetData, type GadgetObjective, type Objective, type ProjectRef } from '../contract';
import type { StoredKeyResult } from '../store/okrs';
import { cycleViews } from './okrs';

const NO_FLOW = { wip: 0, throughputPerSprint: 0, medianCycleTimeDays: null, oldestWipAgeDays: null };
const AGREED: ReadonlySet<Objective['status']> = new Set(['active', 'done']);

export interface GadgetInput {
  project: ProjectRef;
  cycle: Cycle;
  cycles: Cycle[];
  objectives: Objective[];
  keyResults: StoredKeyResult[];
  today: Date;
  /** The project's setting: days without a check-in before a Key Result is to check in. */
  staleCheckInDays: number;
}

export function gadgetView({ project, cycle, cycles, objectives, keyResults, today, staleCheckInDays }: GadgetInput): GadgetData {
  const agreed = objectives.filter((objective) => AGREED.has(objective.status));
  const views = cycleViews(agreed, keyResults, cycle, today, () => [], () => false, () => NO_FLOW, undefined, undefined, staleCheckInDays);
  const shown: GadgetObjective[] = views.slice(0, GADGET_MAX_OBJECTIVES).map((objective) => ({
    id: objective.id,
    title: objective.title,
    status: objective.status,
    progress: objective.progress,
    health: objective.health,
    grade: objective.grade,
    graded: objective.graded,
    keyResults: objective.keyResults.map((keyResult) => ({
      id: keyResult.id,
      title: keyResult.title,
      metric: keyResult.metric,
      progress: keyResult.progress,
      status: keyResult.status,
      forecast: keyResult.forecast,
      grade: keyResult.lastGrade,
      daysWithoutCheckIn: keyResult.daysWithoutCheckIn,
      stale: keyResult.stale,
    })),
  }));
  return { project, cycle, cycles, objectives: shown, moreObjectives: Math.max(0, views.length - shown.length) };
}
