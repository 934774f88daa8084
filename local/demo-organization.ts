// GymTonic's organization OKRs for the demo, written through the app's own resolvers from the
// organization page, as the executive would (she holds Manage organization OKRs through her group):
// two Objectives for the fiscal year, two for the running quarter and two for the quarter before it,
// each with Key Results measured from their cycle's start, a check-in on most of them, and the last
// quarter's graded. Then the four teams align to them through their own pages, as their leads would, so
// that the organization page shows, on first look (this fiscal year), every kind of team and flag:
//   - GYM (member app): its Product Goal and Objectives serve three of the organization's Objectives;
//   - OPS (operations): three active Objectives over its OKR-in-process limit of 2, one serving nothing;
//   - TRN (trainer platform): a dedicated team (Product Goal and every active Objective serve one
//     Objective of the quarter); one of its Key Results and one of GYM's split an organization Key
//     Result between them, with weights (GYM's 2, TRN's 1); its running sprint mostly serves nothing
//     (flagged once its issues are kept: its project page opened once);
//   - MKT (marketing, no sprints): with GYM and OPS, the third team serving the yearly "Become the gym
//     members recommend to their friends", to which nobody is dedicated (spread);
//   - nobody serves the yearly "Run every club at a profit".
// Deterministic: everything follows from `today`.
import type { DataOf, Envelope, KeyResult, Objective, ResolverKey } from '../src/contract';
import { cycleById, cycleIdsOf, quarterOf } from '../src/domain/cycles';
import type { JiraData } from './jira/model';
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

/**
 * GYM's alignment in the demo: what its Product Goal and OKRs serve of the organization's (titles on
 * both sides). Its booking Key Result counts twice the trainer platform's in the organization's (the
 * Key Result split across teams); keeping members coming back serves the yearly Objective OPS and MKT
 * serve too (spread over three teams, none dedicated to it).
 */
const GYM_ALIGNMENT = {
  productGoal: { text: 'Every member trains with a plan they follow, in the app and in the club.', serves: 'Members train with a plan, wherever they are' },
  objectives: [
    { title: 'Help more members reach their fitness goals through personalized training plans', serves: 'Members train with a plan, wherever they are' },
    { title: 'Make booking a class or a trainer effortless', serves: 'Front desks spend their time on members, not admin' },
    { title: 'Keep members coming back', serves: 'Become the gym members recommend to their friends' },
  ],
  keyResults: [{ title: 'Bookings made in the app rather than at the desk', contributesTo: 'Bookings made in the app rather than at the desk', weight: 2 }],
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
  for (const { title, contributesTo, weight: contributionWeight } of GYM_ALIGNMENT.keyResults) {
    const keyResult = keyResults.find((candidate) => candidate.title === title);
    if (!keyResult) continue;
    const { id, objectiveId, metric, weight, startDate } = keyResult;
    await ask('saveKeyResult', {
      keyResult: { id, objectiveId, title, metric, weight, ...(startDate ? { startDate } : {}), contributesTo: { orgKeyResultId: idOf(contributesTo), weight: contributionWeight } },
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

/** A team's project page (or, with `issue`, one of its issues' panel), as `accountId`: the resolvers the team's people use. */
function teamResolvers(forge: LocalForge, project: DemoProject, accountId: string, what: string) {
  const unwrap = <T>(answer: unknown, functionKey: string): T => {
    const envelope = answer as Envelope<T>;
    if (!envelope.ok) throw new Error(`The demo's ${what} could not be written (${functionKey}): ${envelope.error.code}: ${envelope.error.message}`);
    return envelope.data;
  };
  const type = project.projectTypeKey ?? 'software';
  return {
    onPage: async <K extends ResolverKey>(functionKey: K, payload: unknown): Promise<DataOf<K>> =>
      unwrap<DataOf<K>>(await forge.invoke({ accountId, moduleKey: 'outcomes-project-page', extension: { type: 'jira:projectPage', project: { id: project.id, key: project.key, type } }, functionKey, payload }), functionKey),
    onIssue: async <K extends ResolverKey>(issue: { id: string; key: string; issueTypeId: string }, functionKey: K, payload: unknown): Promise<DataOf<K>> =>
      unwrap<DataOf<K>>(
        await forge.invoke({
          accountId,
          moduleKey: 'outcomes-issue-panel',
          extension: { type: 'jira:issuePanel', issue: { id: issue.id, key: issue.key, type: 'Story', typeId: issue.issueTypeId }, project: { id: project.id, key: project.key, type }, isNewToIssue: false },
          functionKey,
          payload,
        }),
        functionKey,
      ),
  };
}

type DemoProject = { id: string; key: string; projectTypeKey?: string };

interface TeamKeyResultSpec {
  title: string;
  metric: Metric;
  /** Where it stands at its check-in, as a share of where it should be by today; none: no check-in yet. */
  pace?: number;
  /** The organization Key Result (by title) it contributes to, with its weight there. */
  contributesTo?: { title: string; weight: number };
}
interface TeamObjectiveSpec {
  title: string;
  /** The organization Objective (by title) it serves. */
  serves?: string;
  keyResults: TeamKeyResultSpec[];
}

/**
 * TRN, the trainer platform team: a dedicated team. Its Product Goal serves this quarter's "Members
 * train with a plan, wherever they are" and both its active Objectives serve it; one of its Key Results
 * also contributes (weight 1, GYM's weighs 2) to the organization's "Bookings made in the app rather
 * than at the desk", the Key Result split across teams.
 */
const TRN_TEAM = {
  productGoal: { text: 'Every personal trainer plans, runs and follows up their clients’ training in one place.', serves: 'Members train with a plan, wherever they are' },
  objectives: [
    {
      title: 'Every personal training client follows a plan from their trainer',
      serves: 'Members train with a plan, wherever they are',
      keyResults: [
        { title: 'Personal training clients with a plan in the app', metric: { direction: 'increase', start: 20, target: 80, unit: '%' }, pace: 0.9 },
        { title: 'Plans adjusted after a session within a day', metric: { direction: 'increase', start: 10, target: 60, unit: '%' }, pace: 0.6 },
      ],
    },
    {
      title: 'Trainers run their week from the platform',
      serves: 'Members train with a plan, wherever they are',
      keyResults: [
        {
          title: 'Personal training sessions booked in the app, not at the desk',
          metric: { direction: 'increase', start: 25, target: 75, unit: '%' },
          pace: 1,
          contributesTo: { title: 'Bookings made in the app rather than at the desk', weight: 1 },
        },
        { title: 'Trainers who publish their availability every week', metric: { direction: 'increase', start: 30, target: 90, unit: '%' }, pace: 1.1 },
      ],
    },
  ] satisfies TeamObjectiveSpec[],
  /** Of its running sprint, only these serve a Key Result (the rest serves nothing yet): under half. */
  sprintLinks: [
    { summary: 'Build a training plan from a template', keyResult: 'Personal training clients with a plan in the app' },
    { summary: 'Assign a plan to a client', keyResult: 'Personal training clients with a plan in the app' },
  ],
};

/** MKT, the marketing team (a business project: no sprints): its one Objective serves the yearly "Become the gym members recommend to their friends". */
const MKT_OBJECTIVES: TeamObjectiveSpec[] = [
  {
    title: 'Members bring their friends',
    serves: 'Become the gym members recommend to their friends',
    keyResults: [
      { title: 'Trial visits from a member’s invitation a month', metric: { direction: 'increase', start: 120, target: 300 }, pace: 0.8 },
      { title: 'Members who shared a referral link', metric: { direction: 'increase', start: 4, target: 12, unit: '%' }, pace: 0.5 },
    ],
  },
];

/** Writes a team's Objectives of the quarter and their Key Results (a check-in where paced), as its lead; answers the Key Results' ids by title. */
async function writeTeamOkrs(team: ReturnType<typeof teamResolvers>, objectives: readonly TeamObjectiveSpec[], organization: DemoOrganization, today: Date): Promise<Map<string, string>> {
  const quarter = quarterOf(today, FISCAL_YEAR_START_MONTH, today);
  const elapsed = elapsedShare(quarter.id, today);
  const idOf = (title: string) => {
    const id = organization.ids.get(title);
    if (!id) throw new Error(`The demo's organization has no "${title}".`);
    return id;
  };
  const keyResultIds = new Map<string, string>();
  for (const { title, serves, keyResults } of objectives) {
    const objective = await team.onPage('saveObjective', { objective: { cycleId: quarter.id, title, status: 'active', ...(serves ? { servesOrgObjectiveId: idOf(serves) } : {}) } });
    for (const keyResult of keyResults) {
      const saved = await team.onPage('saveKeyResult', {
        keyResult: {
          objectiveId: objective.id,
          title: keyResult.title,
          metric: { ...keyResult.metric, current: keyResult.metric.start },
          startDate: quarter.startDate,
          ...(keyResult.contributesTo ? { contributesTo: { orgKeyResultId: idOf(keyResult.contributesTo.title), weight: keyResult.contributesTo.weight } } : {}),
        },
      });
      keyResultIds.set(keyResult.title, saved.id);
      if (keyResult.pace !== undefined) await team.onPage('checkIn', { keyResultId: saved.id, value: valueAt(keyResult.metric, Math.min(1, elapsed * keyResult.pace)), confidence: 7 });
    }
  }
  return keyResultIds;
}

/**
 * TRN in the demo (TRN_TEAM), written as its Product Owner (`accountId`) through the project page's and
 * issue panel's resolvers, never a page view: its OKRs and Product Goal, two stories of its running
 * sprint linked to a Key Result and its Sprint Goal tied to it. Once its issues are kept (its page
 * opened once), the organization page flags its running sprint as mostly serving nothing.
 */
export async function seedDemoTrainerTeam(forge: LocalForge, data: JiraData, project: DemoProject, accountId: string, organization: DemoOrganization, today: Date): Promise<void> {
  const team = teamResolvers(forge, project, accountId, 'trainer platform team');
  const keyResultIds = await writeTeamOkrs(team, TRN_TEAM.objectives, organization, today);
  const serves = organization.ids.get(TRN_TEAM.productGoal.serves);
  await team.onPage('saveSettings', { productGoal: { text: TRN_TEAM.productGoal.text, ...(serves ? { servesOrgObjectiveId: serves } : {}) } });
  const board = data.boards.find((candidate) => candidate.projectKey === project.key && candidate.type === 'scrum');
  const running = data.sprints.find((sprint) => sprint.originBoardId === board?.id && sprint.state === 'active');
  if (!running) return;
  const tied = new Set<string>();
  for (const { summary, keyResult } of TRN_TEAM.sprintLinks) {
    const issue = data.issues.find((candidate) => candidate.projectKey === project.key && candidate.summary === summary && candidate.sprintIds.includes(running.id));
    const keyResultId = keyResultIds.get(keyResult);
    if (!issue || !keyResultId) throw new Error(`The demo's trainer platform team has no "${summary}" in its running sprint, or no Key Result "${keyResult}".`);
    await team.onIssue(issue, 'linkIssue', { keyResultId });
    tied.add(keyResultId);
  }
  await team.onPage('setSprintKeyResults', { sprintId: running.id, keyResultIds: [...tied] });
  // Its lead has opened its project page once, so its issues are kept (the background work that view
  // asks for is waited for) and the organization page knows its running sprint's aligned share: the
  // flag of a sprint that mostly serves nothing shows on first look. GYM's page is not opened: the
  // demo shows it gathering its figures on its first view.
  await team.onPage('getProjectOverview', {});
  await forge.queuesSettled();
}

/** MKT in the demo (MKT_OBJECTIVES), written as its lead (`accountId`) through the project page's resolvers. */
export async function seedDemoMarketingTeam(forge: LocalForge, project: DemoProject, accountId: string, organization: DemoOrganization, today: Date): Promise<void> {
  await writeTeamOkrs(teamResolvers(forge, project, accountId, 'marketing team'), MKT_OBJECTIVES, organization, today);
}
