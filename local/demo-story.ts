// What a first look at the demo should show: a team already working with its OKRs. After the OKRs are
// imported (demo-okrs.ts), this plays a few weeks of the team's use of Outcomes through the app's own
// resolvers and triggers, as its people would, never by writing storage:
//   - about two thirds of the stories, tasks and bugs of the running sprint, the two sprints before it
//     and the next one linked to a current Key Result (on each issue's panel, as the Product Owner),
//     and half of the backlog, so some backlog items serve nothing;
//   - the Sprint Goals of those sprints tied to the Key Results their work serves most;
//   - Jira's sprint-closed event for the last closed sprint, which opens its review, then every Key
//     Result of that review graded.
// The flow figures and burn-ups follow: the links give each Key Result its work, and the imported
// check-ins (weekly over the elapsed part of the cycle) its burn-up.
// Deterministic: every choice follows from the Jira data (sprints by position on the board, issues by
// key), which the emulator builds around `today`, so two days give the same story relative to them.
import type { DataOf, Envelope, KeyResultView, Objective, ResolverKey } from '../src/contract';
import { quarterOf } from '../src/domain/cycles';
import type { IssueRecord, JiraData, SprintRecord } from './jira/model';
import type { LocalForge } from './runtime';

/** The demo's fiscal year starts in January (local/demo-okrs.ts). */
const FISCAL_YEAR_START_MONTH = 1;

/** Which Key Result (by title) each epic's work serves; work outside these epics (or labels below) takes the next in turn. */
const KEY_RESULT_OF_EPIC: Record<string, string> = {
  'Personal training plans': 'Members with an active training plan',
  'Progress tracking & goals': 'Members who complete 3+ planned workouts a week',
  'Personal trainer booking': 'Bookings made in the app rather than at the desk',
  'Class timetable & booking': 'Median time to book a class in the app',
  'Reminders & notifications': 'Monthly churn',
  'Club check-in': 'Members visiting 8+ times a month',
  'Member sign-in & profile': 'Monthly churn',
};

/** Payments work serves the checkout's Key Result, whichever epic it is in. */
const KEY_RESULT_OF_LABEL: Record<string, string> = { payments: 'Bookings abandoned before payment' };

/**
 * The Product Owner's grade of a Key Result at the last closed sprint's review: what it had reached
 * when the sprint closed, on the 0.1 steps (0.7 is the usual aim), with a note that says so.
 */
function gradeFor(progressAtClose: number): { score: number; confidence: number; note: string } {
  const score = Math.max(0, Math.min(1, Math.round(progressAtClose * 10) / 10));
  if (score >= 0.7) return { score, confidence: 8, note: 'Where we hoped to be: the sprint’s work moved the number.' };
  if (score >= 0.4) return { score, confidence: 6, note: 'Moving, more slowly than planned: one story slipped to the next sprint.' };
  return { score, confidence: 4, note: 'Barely moved this sprint: we need a different bet.' };
}

export interface DemoStoryOptions {
  forge: LocalForge;
  /** The emulator's data as it is now (read after each change). */
  data: () => JiraData;
  project: { id: string; key: string };
  /** The Product Owner, who links, ties and grades. */
  accountId: string;
  /** Delivers Jira's sprint-closed event for a sprint already closed in the emulator to the app's trigger. */
  deliverSprintClosed: (sprintId: number) => Promise<unknown>;
}

export interface DemoStory {
  linked: string[];
  tiedSprintIds: number[];
  reviewSprintId: number | null;
  graded: string[];
}

type Picked = { keyResult: KeyResultView; objective: Objective };

export async function tellDemoStory(options: DemoStoryOptions): Promise<DemoStory> {
  const { forge, project, accountId } = options;
  const unwrap = <T>(answer: unknown, what: string): T => {
    const envelope = answer as Envelope<T>;
    if (!envelope.ok) throw new Error(`The demo story could not ${what}: ${envelope.error.code}: ${envelope.error.message}`);
    return envelope.data;
  };
  const onProjectPage = async <K extends ResolverKey>(functionKey: K, payload: unknown, what: string): Promise<DataOf<K>> =>
    unwrap<DataOf<K>>(
      await forge.invoke({
        accountId,
        moduleKey: 'outcomes-project-page',
        extension: { type: 'jira:projectPage', project: { id: project.id, key: project.key, type: 'software' } },
        functionKey,
        payload,
      }),
      what,
    );
  const onIssuePanel = async <K extends ResolverKey>(issue: IssueRecord, functionKey: K, payload: unknown, what: string): Promise<DataOf<K>> =>
    unwrap<DataOf<K>>(
      await forge.invoke({
        accountId,
        moduleKey: 'outcomes-issue-panel',
        extension: {
          type: 'jira:issuePanel',
          issue: { id: issue.id, key: issue.key, type: 'Story', typeId: issue.issueTypeId },
          project: { id: project.id, key: project.key, type: 'software' },
          isNewToIssue: false,
        },
        functionKey,
        payload,
      }),
      what,
    );

  const plan = storyPlan(options.data(), project.key);
  const first = plan.sprints[0]?.issues[0] ?? plan.backlog[0];
  if (!first) return { linked: [], tiedSprintIds: [], reviewSprintId: null, graded: [] };
  // The Key Results an issue may serve today: the picker's, which leaves drafts out.
  const { results } = await onIssuePanel(first, 'searchKeyResults', {}, 'list the Key Results');
  if (results.length === 0) return { linked: [], tiedSprintIds: [], reviewSprintId: null, graded: [] };
  let turn = 0;
  const keyResultFor = (issue: IssueRecord): Picked => {
    const label = issue.labels.find((candidate) => KEY_RESULT_OF_LABEL[candidate]);
    const title = (label ? KEY_RESULT_OF_LABEL[label] : undefined) ?? KEY_RESULT_OF_EPIC[plan.epicOf(issue) ?? ''];
    const byTitle = results.find((result) => result.keyResult.title === title);
    return byTitle ?? (results[turn++ % results.length] as Picked);
  };

  const linked: string[] = [];
  const link = async (issue: IssueRecord): Promise<string> => {
    const { keyResult } = keyResultFor(issue);
    await onIssuePanel(issue, 'linkIssue', { keyResultId: keyResult.id }, `link ${issue.key}`);
    linked.push(issue.key);
    return keyResult.id;
  };

  // The current quarter as the app reckons it: by the clock it runs on.
  const currentCycleId = quarterOf(new Date(), FISCAL_YEAR_START_MONTH).id;
  const tiedSprintIds: number[] = [];
  for (const sprint of plan.sprints) {
    const served = new Map<string, number>();
    for (const issue of twoThirds(sprint.issues)) {
      const keyResultId = await link(issue);
      served.set(keyResultId, (served.get(keyResultId) ?? 0) + 1);
    }
    // The Sprint Goal serves what most of the sprint's linked work serves (at most two Key Results).
    // A sprint that ended in the last quarter (early in a quarter) served that quarter's Key Results,
    // which take no new links once it is closed: its goal is tied to two of them, as the Product Owner
    // did then, so that its review grades them.
    const sprintCycleId = sprint.record.endDate ? quarterOf(new Date(sprint.record.endDate), FISCAL_YEAR_START_MONTH).id : currentCycleId;
    const goal =
      sprintCycleId === currentCycleId
        ? [...served].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 2).map(([id]) => id)
        : (await onIssuePanel(first, 'searchKeyResults', { cycleId: sprintCycleId }, `list ${sprintCycleId}'s Key Results`)).results.slice(0, 2).map((result) => result.keyResult.id);
    if (sprint.record.goal && goal.length > 0) {
      await onProjectPage('setSprintKeyResults', { sprintId: sprint.record.id, keyResultIds: goal }, `tie ${sprint.record.name}'s goal`);
      tiedSprintIds.push(sprint.record.id);
    }
  }
  for (const [index, issue] of plan.backlog.entries()) if (index % 2 === 0) await link(issue);

  // The last closed sprint, as Jira closed it: its review opens, and the Product Owner grades it.
  const graded: string[] = [];
  const reviewSprint = plan.lastClosed;
  if (reviewSprint) {
    await options.deliverSprintClosed(reviewSprint.id);
    const review = await onProjectPage('getSprintReview', { sprintId: reviewSprint.id }, `open ${reviewSprint.name}'s review`);
    for (const keyResult of review.keyResults) {
      const grade = gradeFor(keyResult.atClose.progress);
      await onProjectPage('gradeKeyResult', { sprintId: reviewSprint.id, keyResultId: keyResult.id, ...grade }, `grade ${keyResult.title}`);
      graded.push(keyResult.id);
    }
  }
  return { linked, tiedSprintIds, reviewSprintId: reviewSprint?.id ?? null, graded };
}

/** About two thirds of the items, spread over the list: every third one (the third, sixth…) is left serving nothing. */
export function twoThirds<T>(items: readonly T[]): T[] {
  return items.filter((_, index) => index % 3 !== 2);
}

interface StoryPlan {
  /** The two sprints before the running one, the running one and the next, oldest first, each with its stories, tasks and bugs by key. */
  sprints: Array<{ record: SprintRecord; issues: IssueRecord[] }>;
  /** The backlog's stories, tasks and bugs, by key. */
  backlog: IssueRecord[];
  lastClosed: SprintRecord | null;
  epicOf: (issue: IssueRecord) => string | undefined;
}

/** What the story links, from the project's Scrum board and issues. */
function storyPlan(data: JiraData, projectKey: string): StoryPlan {
  const board = data.boards.find((candidate) => candidate.projectKey === projectKey && candidate.type === 'scrum');
  const boardSprints = board ? data.sprints.filter((sprint) => sprint.originBoardId === board.id) : [];
  const activeAt = boardSprints.findIndex((sprint) => sprint.state === 'active');
  const closed = boardSprints.filter((sprint) => sprint.state === 'closed');
  const lastClosed = closed[closed.length - 1] ?? null;
  const around = activeAt < 0 ? [...closed.slice(-2)] : boardSprints.slice(Math.max(0, activeAt - 2), activeAt + 2);

  const types = new Map(data.issueTypes.map((type) => [type.id, type]));
  const issues = data.issues.filter((issue) => issue.projectKey === projectKey);
  const byKey = new Map(issues.map((issue) => [issue.key, issue]));
  // The unit of work: not an epic (above stories) and not a sub-task (part of its parent's work).
  const isWorkItem = (issue: IssueRecord) => {
    const type = types.get(issue.issueTypeId);
    return type !== undefined && !type.subtask && type.hierarchyLevel === 0;
  };
  const keyNumber = (issue: IssueRecord) => Number(issue.key.slice(issue.key.lastIndexOf('-') + 1));
  const work = issues.filter(isWorkItem).sort((a, b) => keyNumber(a) - keyNumber(b));
  const currentSprint = (issue: IssueRecord) => issue.sprintIds[issue.sprintIds.length - 1];
  return {
    sprints: around.map((record) => ({ record, issues: work.filter((issue) => currentSprint(issue) === record.id) })),
    backlog: work.filter((issue) => issue.sprintIds.length === 0 && types.get(issue.issueTypeId)?.subtask === false),
    lastClosed,
    epicOf: (issue) => {
      const parent = issue.parentKey ? byKey.get(issue.parentKey) : undefined;
      return parent && (types.get(parent.issueTypeId)?.hierarchyLevel ?? 0) > 0 ? parent.summary : undefined;
    },
  };
}
