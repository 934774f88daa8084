// GymTonic's organization OKRs for the demo, written through the app's own resolvers from the
// organization page, as the executive would (she holds Manage organization OKRs through her group):
// two Objectives for the fiscal year, two for the running quarter and two for the quarter before it,
// each with Key Results measured from their cycle's start, a check-in on most of them, and the last
// quarter's graded.
// Deterministic: everything follows from `today`.
import type { DataOf, Envelope, KeyResult, Objective, ResolverKey } from '../src/contract';
import { cycleById, cycleIdsOf, quarterOf } from '../src/domain/cycles';
import type { LocalForge } from './runtime';

/** The demo's fiscal year starts in January, as GYM's does (local/demo-okrs.ts). */
const FISCAL_YEAR_START_MONTH = 1;

type Metric = { direction: 'increase' | 'decrease' | 'stay-above' | 'stay-below'; start: number; target: number; unit?: string };
interface DemoKeyResult {
  title: string;
  metric: Metric;
  /**
   * Where it stands at its check-in, as a share of where it should be by today (1: on pace, 0.5: half
   * way there), so the demo reads the same whichever day it starts on; `now`, a value, for a threshold.
   */
  pace?: number;
  now?: number;
  /** The grade given at the end of a closed quarter. */
  grade?: number;
  /** Its progress from the team Key Results contributing to it rather than its own check-ins. */
  progressFrom?: 'contributions';
}
interface DemoObjective {
  title: string;
  description: string;
  keyResults: DemoKeyResult[];
}

const YEAR: DemoObjective[] = [
  {
    title: 'Become the gym members recommend to their friends',
    description: 'Word of mouth brings our best members: we grow by being worth recommending.',
    keyResults: [
      { title: 'Net Promoter Score', metric: { direction: 'increase', start: 21, target: 45 }, pace: 1 },
      { title: 'New members who joined through a referral', metric: { direction: 'increase', start: 12, target: 30, unit: '%' }, pace: 0.85 },
      { title: 'Monthly churn', metric: { direction: 'decrease', start: 6.5, target: 4, unit: '%' }, pace: 0.55 },
    ],
  },
  {
    title: 'Run every club at a profit',
    description: 'Each club pays its way before we open the next one.',
    keyResults: [
      { title: 'Clubs with a positive monthly margin', metric: { direction: 'increase', start: 9, target: 14 }, pace: 0.85 },
      { title: 'Average member lifetime (months)', metric: { direction: 'increase', start: 14, target: 20 } },
      { title: 'Energy cost per member', metric: { direction: 'decrease', start: 4.2, target: 3.2, unit: '€' }, pace: 1.05 },
    ],
  },
];

const THIS_QUARTER: DemoObjective[] = [
  {
    title: 'Members train with a plan, wherever they are',
    description: 'The app and the clubs give every member a plan they follow.',
    keyResults: [
      { title: 'Members with an active training plan', metric: { direction: 'increase', start: 18, target: 45, unit: '%' }, pace: 1 },
      { title: 'Workouts logged per active member a week', metric: { direction: 'increase', start: 1.2, target: 2.5 }, pace: 0.5 },
    ],
  },
  {
    title: 'Front desks spend their time on members, not admin',
    description: 'Booking and payments move to the app so the desk can welcome people.',
    keyResults: [
      { title: 'Bookings made in the app rather than at the desk', metric: { direction: 'increase', start: 35, target: 70, unit: '%' }, pace: 0.8, progressFrom: 'contributions' },
      { title: 'Desk time spent on admin', metric: { direction: 'decrease', start: 40, target: 20, unit: '%' } },
    ],
  },
];

const LAST_QUARTER: DemoObjective[] = [
  {
    title: 'Open the Leeds club to a full house',
    description: 'Leeds opens with members who already trust us.',
    keyResults: [
      { title: 'Members at opening', metric: { direction: 'increase', start: 0, target: 800 }, pace: 0.8, grade: 0.8 },
      { title: 'Classes fully booked in the first month', metric: { direction: 'increase', start: 0, target: 60, unit: '%' }, pace: 0.6, grade: 0.6 },
    ],
  },
  {
    title: 'Keep every machine working when members need it',
    description: 'Broken equipment is the first thing members complain about.',
    keyResults: [
      { title: 'Machines out of order at opening', metric: { direction: 'stay-below', start: 6, target: 3 }, now: 2, grade: 1 },
      { title: 'Median hours to fix a broken machine', metric: { direction: 'decrease', start: 72, target: 24, unit: 'h' }, pace: 0.7, grade: 0.7 },
    ],
  },
];

/** The value `share` of the way from start to target, to one decimal. */
function valueAt(metric: Metric, share: number): number {
  return Math.round((metric.start + (metric.target - metric.start) * share) * 10) / 10;
}

/** How much of the cycle has gone by `today`, 0–1. */
function elapsedShare(cycleId: string, today: Date): number {
  const cycle = cycleById(cycleId, FISCAL_YEAR_START_MONTH, today);
  if (!cycle) return 0;
  const start = Date.parse(`${cycle.startDate}T00:00:00.000Z`);
  const end = Date.parse(`${cycle.endDate}T23:59:59.999Z`);
  return Math.max(0, Math.min(1, (today.getTime() - start) / (end - start)));
}

export interface DemoOrganization {
  objectives: number;
  keyResults: number;
  checkIns: number;
  /** The ids of this quarter's and this year's Objectives and Key Results, by title. */
  ids: Map<string, string>;
}

/** Writes the demo's organization OKRs as `accountId` (who must hold Manage organization OKRs). */
export async function seedDemoOrganizationOkrs(forge: LocalForge, accountId: string, today: Date): Promise<DemoOrganization> {
  const ask = async <K extends ResolverKey>(functionKey: K, payload: unknown): Promise<DataOf<K>> => {
    const answer = (await forge.invoke({ accountId, moduleKey: 'outcomes-organization', extension: { type: 'jira:globalPage' }, functionKey, payload })) as Envelope<DataOf<K>>;
    if (!answer.ok) throw new Error(`The demo's organization OKRs could not be written (${functionKey}): ${answer.error.code}: ${answer.error.message}`);
    return answer.data;
  };
  const quarter = quarterOf(today, FISCAL_YEAR_START_MONTH, today);
  const previousQuarter = quarterOf(new Date(Date.parse(`${quarter.startDate}T00:00:00.000Z`) - 86_400_000), FISCAL_YEAR_START_MONTH, today);
  const [, year] = cycleIdsOf(quarter);
  const written: DemoOrganization = { objectives: 0, keyResults: 0, checkIns: 0, ids: new Map() };
  const cycles = [
    [year, `${year}-${String(FISCAL_YEAR_START_MONTH).padStart(2, '0')}-01`, YEAR],
    [quarter.id, quarter.startDate, THIS_QUARTER],
    [previousQuarter.id, previousQuarter.startDate, LAST_QUARTER],
  ] as const;
  for (const [cycleId, startDate, objectives] of cycles) {
    const elapsed = elapsedShare(cycleId, today);
    for (const { title, description, keyResults } of objectives) {
      const objective = await ask('saveOrganizationObjective', { objective: { cycleId, title, description, status: cycleId === previousQuarter.id ? 'done' : 'active' } });
      written.objectives += 1;
      if (cycleId !== previousQuarter.id) written.ids.set(title, objective.id);
      for (const keyResult of keyResults) {
        const saved = await ask('saveOrganizationKeyResult', {
          keyResult: { objectiveId: objective.id, title: keyResult.title, metric: { ...keyResult.metric, current: keyResult.metric.start }, startDate, ...(keyResult.progressFrom ? { progressFrom: keyResult.progressFrom } : {}) },
        });
        written.keyResults += 1;
        if (cycleId !== previousQuarter.id) written.ids.set(keyResult.title, saved.id);
        const now = keyResult.now ?? (keyResult.pace === undefined ? undefined : valueAt(keyResult.metric, Math.min(1, elapsed * keyResult.pace)));
        if (now !== undefined) {
          await ask('checkInOrganizationKeyResult', { keyResultId: saved.id, value: now, confidence: 7 });
          written.checkIns += 1;
        }
        if (keyResult.grade !== undefined) await ask('gradeOrganizationKeyResult', { keyResultId: saved.id, score: keyResult.grade });
      }
    }
  }
  return written;
}

/** GYM's alignment in the demo: what its Product Goal and OKRs serve of the organization's (titles on both sides). */
const GYM_ALIGNMENT = {
  productGoal: { text: 'Every member trains with a plan they follow, in the app and in the club.', serves: 'Members train with a plan, wherever they are' },
  objectives: [
    { title: 'Help more members reach their fitness goals through personalized training plans', serves: 'Members train with a plan, wherever they are' },
    { title: 'Make booking a class or a trainer effortless', serves: 'Front desks spend their time on members, not admin' },
  ],
  keyResults: [{ title: 'Bookings made in the app rather than at the desk', contributesTo: 'Bookings made in the app rather than at the desk' }],
};

/**
 * Aligns a team's Product Goal and OKRs to the organization's, as its Product Owner (`accountId`)
 * does on the project page and settings: alignment, never a cascade. Run after both are written.
 */
export async function alignDemoTeam(forge: LocalForge, project: { id: string; key: string }, accountId: string, organization: DemoOrganization): Promise<void> {
  const ask = async <K extends ResolverKey>(functionKey: K, payload: unknown): Promise<DataOf<K>> => {
    const answer = (await forge.invoke({
      accountId,
      moduleKey: 'outcomes-project-page',
      extension: { type: 'jira:projectPage', project: { id: project.id, key: project.key, type: 'software' } },
      functionKey,
      payload,
    })) as Envelope<DataOf<K>>;
    if (!answer.ok) throw new Error(`The demo's alignment could not be written (${functionKey}): ${answer.error.code}: ${answer.error.message}`);
    return answer.data;
  };
  const idOf = (title: string) => {
    const id = organization.ids.get(title);
    if (!id) throw new Error(`The demo's organization has no "${title}".`);
    return id;
  };
  // The team's OKRs as its export lists them, not its page: a page view would ask for the project's
  // issues to be kept, and the preview's first look should be the visitor's.
  const exported = await ask('exportData', {});
  const objectives = exported.objectives as Array<Pick<Objective, 'id' | 'cycleId' | 'title' | 'status' | 'description' | 'ownerAccountId' | 'version'>>;
  const keyResults = exported.keyResults as Array<Pick<KeyResult, 'id' | 'objectiveId' | 'title' | 'metric' | 'weight' | 'startDate' | 'version'>>;
  const { settings } = await ask('getSettingsPage', {});
  for (const { title, serves } of GYM_ALIGNMENT.objectives) {
    const objective = objectives.find((candidate) => candidate.title === title);
    if (!objective) continue;
    const { id, cycleId, status, description, ownerAccountId } = objective;
    await ask('saveObjective', {
      objective: { id, cycleId, title, status, ...(description ? { description } : {}), ...(ownerAccountId ? { ownerAccountId } : {}), servesOrgObjectiveId: idOf(serves) },
      expectedVersion: objective.version,
      reason: 'Aligned to the organization’s Objective it serves',
    });
  }
  for (const { title, contributesTo } of GYM_ALIGNMENT.keyResults) {
    const keyResult = keyResults.find((candidate) => candidate.title === title);
    if (!keyResult) continue;
    const { id, objectiveId, metric, weight, startDate } = keyResult;
    await ask('saveKeyResult', {
      keyResult: { id, objectiveId, title, metric, weight, ...(startDate ? { startDate } : {}), contributesTo: { orgKeyResultId: idOf(contributesTo) } },
      expectedVersion: keyResult.version,
      reason: 'Contributes to the organization’s Key Result',
    });
  }
  await ask('saveSettings', { productGoal: { text: GYM_ALIGNMENT.productGoal.text, servesOrgObjectiveId: idOf(GYM_ALIGNMENT.productGoal.serves) }, expectedVersion: settings.version });
}

/**
 * OPS, the operations team, in the demo: three active Objectives this quarter against an OKR-in-process
 * limit of 2, one serving a yearly organization Objective, one this quarter's, one nothing; so that the
 * organization page shows, on first look, teams serving Objectives and its flags. Written as its
 * Product Owner (`accountId`) does, through the project page's resolvers (no page view).
 */
export async function seedDemoOperationsTeam(forge: LocalForge, project: { id: string; key: string }, accountId: string, organization: DemoOrganization, today: Date): Promise<void> {
  const ask = async <K extends ResolverKey>(functionKey: K, payload: unknown): Promise<DataOf<K>> => {
    const answer = (await forge.invoke({
      accountId,
      moduleKey: 'outcomes-project-page',
      extension: { type: 'jira:projectPage', project: { id: project.id, key: project.key, type: 'software' } },
      functionKey,
      payload,
    })) as Envelope<DataOf<K>>;
    if (!answer.ok) throw new Error(`The demo's operations team could not be written (${functionKey}): ${answer.error.code}: ${answer.error.message}`);
    return answer.data;
  };
  const quarter = quarterOf(today, FISCAL_YEAR_START_MONTH, today);
  for (const { title, serves, keyResult } of OPS_OBJECTIVES) {
    const servesOrgObjectiveId = serves ? organization.ids.get(serves) : undefined;
    const objective = await ask('saveObjective', { objective: { cycleId: quarter.id, title, status: 'active', ...(servesOrgObjectiveId ? { servesOrgObjectiveId } : {}) } });
    await ask('saveKeyResult', { keyResult: { objectiveId: objective.id, title: keyResult.title, metric: { ...keyResult.metric, current: keyResult.metric.start }, startDate: quarter.startDate } });
  }
  // Lowered after the three were set: the team is now over its limit, and the page says so.
  await ask('saveSettings', { okrLimit: 2 });
}

const OPS_OBJECTIVES: Array<{ title: string; serves?: string; keyResult: { title: string; metric: Metric } }> = [
  { title: 'Members never meet a broken machine', serves: 'Become the gym members recommend to their friends', keyResult: { title: 'Machines out of order for more than a day', metric: { direction: 'decrease', start: 12, target: 2 } } },
  { title: 'The desk hands routine bookings to the app', serves: 'Front desks spend their time on members, not admin', keyResult: { title: 'Desk time spent on bookings', metric: { direction: 'decrease', start: 30, target: 10, unit: '%' } } },
  { title: 'A locker system members never have to think about', keyResult: { title: 'Locker complaints a month', metric: { direction: 'decrease', start: 40, target: 5 } } },
];

/** The demo's Nexus: GYM and OPS, one Product Goal serving one of the quarter's organization Objectives. */
export const DEMO_NEXUS = {
  name: 'Member experience',
  projectKeys: ['GYM', 'OPS'],
  productGoal: { text: 'Members train with a plan that the app and the club both keep to, every visit.', serves: 'Members train with a plan, wherever they are' },
} as const;

/** Groups GYM and OPS in a Nexus, as the executive (`accountId`, holding Manage organization OKRs) does on the organization page. */
export async function seedDemoNexus(forge: LocalForge, accountId: string, organization: DemoOrganization): Promise<void> {
  const servesOrgObjectiveId = organization.ids.get(DEMO_NEXUS.productGoal.serves);
  const answer = (await forge.invoke({
    accountId,
    moduleKey: 'outcomes-organization',
    extension: { type: 'jira:globalPage' },
    functionKey: 'saveNexus',
    payload: { nexus: { name: DEMO_NEXUS.name, projectKeys: [...DEMO_NEXUS.projectKeys], productGoal: { text: DEMO_NEXUS.productGoal.text, ...(servesOrgObjectiveId ? { servesOrgObjectiveId } : {}) } } },
  })) as Envelope<DataOf<'saveNexus'>>;
  if (!answer.ok) throw new Error(`The demo's Nexus could not be written: ${answer.error.code}: ${answer.error.message}`);
}
