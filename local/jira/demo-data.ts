// GymTonic: the demo Jira Cloud site the local runtime serves. A fictional gym chain, an organization of
// four teams, not all of them software teams: it builds its member app in Scrum (project GYM, board 1);
// its operations team runs the clubs in project OPS (boards 2 and 3); its trainer platform team builds
// the trainers' tools in Scrum (project TRN, board 4); its marketing team works on a Kanban board with no
// sprints (project MKT, a business project, board 5).
//
// Deterministic: no Math.random and no clock. Every date derives from `today` (default DEMO_TODAY) and
// every choice from a fixed-seed PRNG, so two calls with the same `today` give deep-equal data.
//
// The shape of the site (for `today` = 2026-11-23):
//   GYM board (id 1, scrum): sprints 1–11 (ids 1–11), two weeks each, Monday 09:30 UTC → Monday 09:00 UTC.
//     1–7 closed, 8 active (2026-11-16 → 2026-11-30, contains today), 9–11 future (11 has no dates, 10–11 no goal).
//   OPS board (id 2, scrum): sprints 12 (closed), 13 (active), 14 (future). OPS requests (id 3, kanban): no sprints.
//   TRN board (id 4, scrum): sprints 15 (closed), 16 (active), 17 (future), alongside GYM sprints 7, 8, 9.
//   MKT board (id 5, kanban): no sprints; its tasks are to do, in progress or done.
//   Users (see DEMO_USERS): Priya (Product Owner, GYM lead and admin), Sam (Scrum Master), Diego and Mei
//   (developers), Sofia (stakeholder, browse only, of GYM and OPS only), Oscar (operations lead: no access
//   to GYM, admin of OPS), Elena (executive: in gymtonic-leadership, which holds "Manage organization
//   OKRs") and Kofi (agile coach: reads everything, writes no organization OKR), who both browse all four
//   projects; Tomás (Product Owner of the trainer platform, TRN lead and admin) and Nadia (marketing lead,
//   MKT lead and admin), who see only their own project.
//   GYM's and OPS's issues, ids, keys, ranks and changelog ids do not depend on TRN's and MKT's: those are
//   generated after them, numbered after them, ranked after them.
//   Issue restrictions: Mei Chen may see but not edit/transition/assign the two payment issues
//   ("Pay for a PT session with a saved card", in the active sprint, and "Buy a pack of 5 PT sessions at a
//   discount", in the backlog); see `demoRestrictedIssueKeys()`.

import {
  DEFAULT_ISSUE_TYPES,
  DEFAULT_PRIORITIES,
  DEFAULT_STATUSES,
  rankAt,
  type BoardRecord,
  type CustomFieldIds,
  type ChangelogRecord,
  type IssueRecord,
  type JiraData,
  type PermissionGrant,
  type ProjectPermissionKey,
  type SprintRecord,
  type UserRecord,
} from './model';

/** "Today" for the demo when none is given: 2026-11-23, midday UTC. */
export const DEMO_TODAY = new Date('2026-11-23T12:00:00.000Z');

export const DEMO_BASE_URL = 'https://gymtonic.atlassian.net';

export const DEMO_ACCOUNT_IDS = {
  priya: '5d6f2b8e4c1a90006e3f7a21',
  sam: '5e9a41c7b3d2f80069b0c4d2',
  diego: '60b3e7a2c91d4f006a8e15f3',
  mei: '61c5d9f0a2b84e0070d3a6b4',
  sofia: '5c2e8f7a3b19d6006f41e9c5',
  oscar: '62a4b1d8e6c3f70068c2d7e6',
  elena: '63d7e2a9b4f1c80071a5e3f8',
  kofi: '64e8f3b0c5a2d90072b6f4a9',
  tomas: '65f9a4c1d6b3e00073c7a5b0',
  nadia: '660ab5d2e7c4f10074d8b6c1',
} as const;

export const DEMO_APP_ACCOUNT_ID = '557058:4f1c2a9e-7b3d-4e6a-9c8f-2d5b1a0e7c34';

export const GYM_BOARD_ID = 1;
export const OPS_BOARD_ID = 2;
export const OPS_KANBAN_BOARD_ID = 3;
export const TRN_BOARD_ID = 4;
export const MKT_BOARD_ID = 5;

export const DEMO_USERS: ReadonlyArray<UserRecord> = [
  user(DEMO_ACCOUNT_IDS.priya, 'Priya Natarajan', 'priya.natarajan@gymtonic.example', 'Europe/London', 'Product Owner'),
  user(DEMO_ACCOUNT_IDS.sam, 'Sam Okafor', 'sam.okafor@gymtonic.example', 'Europe/London', 'Scrum Master'),
  user(DEMO_ACCOUNT_IDS.diego, 'Diego Alvarez', 'diego.alvarez@gymtonic.example', 'Europe/Madrid', 'Developer'),
  user(DEMO_ACCOUNT_IDS.mei, 'Mei Chen', 'mei.chen@gymtonic.example', 'Europe/Amsterdam', 'Developer'),
  user(DEMO_ACCOUNT_IDS.sofia, 'Sofia Rossi', 'sofia.rossi@gymtonic.example', 'Europe/Rome', 'Stakeholder (browse only)'),
  user(DEMO_ACCOUNT_IDS.oscar, 'Oscar Lindqvist', 'oscar.lindqvist@gymtonic.example', 'Europe/Stockholm', 'Operations lead (no access to GYM)'),
  user(DEMO_ACCOUNT_IDS.elena, 'Elena Varga', 'elena.varga@gymtonic.example', 'Europe/Budapest', 'Executive (sets organization OKRs)'),
  user(DEMO_ACCOUNT_IDS.kofi, 'Kofi Mensah', 'kofi.mensah@gymtonic.example', 'Europe/London', 'Agile coach'),
  user(DEMO_ACCOUNT_IDS.tomas, 'Tomás Herrera', 'tomas.herrera@gymtonic.example', 'Europe/Madrid', 'Product Owner, trainer platform (TRN only)'),
  user(DEMO_ACCOUNT_IDS.nadia, 'Nadia Karimi', 'nadia.karimi@gymtonic.example', 'Europe/London', 'Marketing lead (MKT only)'),
];

/** The group GymTonic's Jira admin granted the app's "Manage organization OKRs" global permission to. */
export const DEMO_LEADERSHIP_GROUP = { groupId: '7f3e9a1c-2b4d-4e8f-9a6c-1d5b3e7f9a20', name: 'gymtonic-leadership', accountIds: [DEMO_ACCOUNT_IDS.elena] } as const;
/** The app's global permission, by its module key in the manifest. */
export const DEMO_ORG_PERMISSION = 'manage-organization-okrs';

/** The user the local host page starts as. */
export const DEMO_DEFAULT_ACCOUNT_ID = DEMO_ACCOUNT_IDS.priya;

function user(accountId: string, displayName: string, emailAddress: string, timeZone: string, role: string): UserRecord {
  return { accountId, displayName, emailAddress, timeZone, locale: 'en_GB', active: true, role, globalPermissions: ['USER_PICKER'] };
}

const BROWSE: ProjectPermissionKey[] = ['BROWSE_PROJECTS'];
const TEAM: ProjectPermissionKey[] = [
  'BROWSE_PROJECTS',
  'CREATE_ISSUES',
  'EDIT_ISSUES',
  'ASSIGN_ISSUES',
  'ASSIGNABLE_USER',
  'RESOLVE_ISSUES',
  'TRANSITION_ISSUES',
  'SCHEDULE_ISSUES',
  'ADD_COMMENTS',
  'LINK_ISSUES',
];
const ADMIN: ProjectPermissionKey[] = [...TEAM, 'DELETE_ISSUES', 'ADMINISTER_PROJECTS'];

const DEMO_PERMISSIONS: PermissionGrant[] = [
  { accountId: DEMO_ACCOUNT_IDS.priya, projectKey: 'GYM', permissions: ADMIN },
  { accountId: DEMO_ACCOUNT_IDS.priya, projectKey: 'OPS', permissions: BROWSE },
  { accountId: DEMO_ACCOUNT_IDS.sam, projectKey: 'GYM', permissions: TEAM },
  { accountId: DEMO_ACCOUNT_IDS.sam, projectKey: 'OPS', permissions: BROWSE },
  { accountId: DEMO_ACCOUNT_IDS.diego, projectKey: 'GYM', permissions: TEAM },
  { accountId: DEMO_ACCOUNT_IDS.mei, projectKey: 'GYM', permissions: TEAM },
  { accountId: DEMO_ACCOUNT_IDS.sofia, projectKey: 'GYM', permissions: BROWSE },
  { accountId: DEMO_ACCOUNT_IDS.sofia, projectKey: 'OPS', permissions: BROWSE },
  { accountId: DEMO_ACCOUNT_IDS.oscar, projectKey: 'OPS', permissions: ADMIN },
  // The executive and the agile coach read every team's OKRs; neither works in their projects.
  { accountId: DEMO_ACCOUNT_IDS.elena, projectKey: 'GYM', permissions: BROWSE },
  { accountId: DEMO_ACCOUNT_IDS.elena, projectKey: 'OPS', permissions: BROWSE },
  { accountId: DEMO_ACCOUNT_IDS.kofi, projectKey: 'GYM', permissions: BROWSE },
  { accountId: DEMO_ACCOUNT_IDS.kofi, projectKey: 'OPS', permissions: BROWSE },
  { accountId: DEMO_ACCOUNT_IDS.elena, projectKey: 'TRN', permissions: BROWSE },
  { accountId: DEMO_ACCOUNT_IDS.elena, projectKey: 'MKT', permissions: BROWSE },
  { accountId: DEMO_ACCOUNT_IDS.kofi, projectKey: 'TRN', permissions: BROWSE },
  { accountId: DEMO_ACCOUNT_IDS.kofi, projectKey: 'MKT', permissions: BROWSE },
  // Each lead administers their own project and sees no other (Sofia browses GYM and OPS only).
  { accountId: DEMO_ACCOUNT_IDS.tomas, projectKey: 'TRN', permissions: ADMIN },
  { accountId: DEMO_ACCOUNT_IDS.nadia, projectKey: 'MKT', permissions: ADMIN },
];

/** Summaries of the GYM issues Mei Chen may browse but not edit (payments code needs PCI training). */
export const DEMO_RESTRICTED_SUMMARIES = [
  'Pay for a PT session with a saved card',
  'Buy a pack of 5 PT sessions at a discount',
] as const;

// ---------------------------------------------------------------------------------------------

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SPRINT_LENGTH = 14 * DAY;

/** mulberry32: a small, fast, deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Status = 'todo' | 'prog' | 'review' | 'done';
type TypeName = 'Story' | 'Bug' | 'Task';
type Who = keyof typeof DEMO_ACCOUNT_IDS;

interface ItemSpec {
  summary: string;
  type: TypeName;
  /** Sprint numbers (1-based position on the board), oldest first; empty = backlog. */
  sprints: number[];
  status?: Status;
  points?: number | null;
  subtasks?: number;
  labels?: string[];
  assignee?: Who;
  /** Work off any sprint (a Kanban board's): the GYM time slot (sprint number) it happened in. */
  slot?: number;
}

interface EpicSpec {
  summary: string;
  items: ItemSpec[];
}

interface ProjectSpec {
  key: string;
  epics: EpicSpec[];
  loose: ItemSpec[];
  /** Sprint number in the spec → sprint id. */
  sprintIdOf: (n: number) => number;
  /** Sprint number in the spec → the GYM sprint running at the same time (the demo's time slots). */
  slotOf: (n: number) => number;
  /** Who reports, and works on, everything the team has started (else GYM's developers work on it). */
  worker?: Who;
  /** Whom its epics are for ("members" unless told). */
  audience?: string;
}

function st(summary: string, sprints: number[], points: number | null, subtasks = 0, status?: Status, extra: Partial<ItemSpec> = {}): ItemSpec {
  return { summary, type: 'Story', sprints, points, subtasks, ...(status ? { status } : {}), ...extra };
}
function bug(summary: string, sprints: number[], status?: Status, extra: Partial<ItemSpec> = {}): ItemSpec {
  return { summary, type: 'Bug', sprints, ...(status ? { status } : {}), ...extra };
}
function task(summary: string, sprints: number[], status?: Status, extra: Partial<ItemSpec> = {}): ItemSpec {
  return { summary, type: 'Task', sprints, points: null, ...(status ? { status } : {}), ...extra };
}

const GYM_SPRINT_GOALS: string[] = [
  'Members can sign in with their membership number',
  "Members can see their club's class timetable in the app",
  'Members can book and cancel a group class from the app',
  'Members get a reminder before every class they booked',
  'Members check in at the front desk with a QR code from the app',
  'New members pick a fitness goal and know how busy their club is',
  'Members can follow a personalised weekly training plan',
  'Members can book a personal trainer from the app',
  'Members can log a workout and see progress against their goal',
  '',
  '',
];

const GYM_EPICS: EpicSpec[] = [
  {
    summary: 'Member sign-in & profile',
    items: [
      st('Sign in with membership number and date of birth', [1], 5, 3, undefined, { labels: ['auth'] }),
      st('Reset password via email link', [1], 3, 2, undefined, { labels: ['auth'] }),
      st('Show digital membership card with barcode', [1, 2], 5, 2),
      st('Edit profile photo and contact details', [2], 3, 2),
      st('Unlock the app with Face ID or fingerprint', [2], 5, 2, undefined, { labels: ['auth', 'ios', 'android'] }),
      st('Show membership plan and renewal date', [3], 2, 1),
      st('Delete my account and personal data (GDPR)', [5], 3, 2, undefined, { labels: ['privacy'] }),
      st('Sign in with Apple and Google', [], 8, 0, undefined, { labels: ['auth'] }),
      st('Change my home club in the app', [], 3),
      st('Membership pass in Apple Wallet and Google Wallet', [], 8),
      bug('Login fails when membership number has leading zeros', [1], undefined, { points: 2 }),
      bug('Profile photo upload crashes on Android 12', [2], undefined, { points: 1, labels: ['android'] }),
      bug('Membership card barcode not accepted by Westside turnstiles', [3], undefined, { points: 3 }),
      bug('App crashes on sign-out when offline', [], undefined, { points: null }),
    ],
  },
  {
    summary: 'Class timetable & booking',
    items: [
      st("Show today's class timetable for my home club", [2], 5, 3),
      st('Filter classes by type, instructor and time of day', [3], 3, 2),
      st('Book a spot in a group class', [3], 8, 3),
      st('Cancel a class booking up to 2 hours before start', [3, 4], 3, 2),
      st('Join the waitlist when a class is full', [4], 5, 2),
      st('See remaining spots on each class', [4], 2, 1),
      st("Switch club to browse another club's timetable", [5], 3, 1),
      st('Add a booked class to my phone calendar', [], 3),
      st('Favourite instructors and see their new classes first', [], 5),
      bug('Timetable filter resets after booking a class', [], undefined, { points: null }),
      bug('Timetable shows class times in UTC instead of club time', [3], undefined, { points: 2 }),
      bug('Double booking possible when tapping Book twice', [4], undefined, { points: 3, labels: ['backend'] }),
      bug('Waitlist position not updated after a cancellation', [5], undefined, { points: 2 }),
      bug('Calendar export is one hour off in summer time', [], undefined, { points: null }),
      bug('App crashes when a class has no instructor assigned', [8], 'done', { points: 1 }),
    ],
  },
  {
    summary: 'Reminders & notifications',
    items: [
      st('Register devices for iOS and Android push notifications', [4], 5, 2, undefined, { labels: ['ios', 'android'] }),
      st('Push reminder 1 hour before a booked class', [4], 3, 2),
      st('Notify me when I get a spot from the waitlist', [5], 3, 2),
      st('Notification preferences screen', [5, 6], 3, 2, undefined, { labels: ['ux'] }),
      st('Weekly email summary of attended classes', [], 5),
      st('Nudge members who have not visited in 14 days', [9], 5),
      st('Quiet hours for notifications', [], null),
      st('Notify me when the club cancels a class I booked', [], 3),
      bug('Reminder arrives after the class has started', [6], undefined, { points: 2 }),
      bug('Notifications still sent after opting out', [8], 'prog', { points: 3, labels: ['privacy'] }),
    ],
  },
  {
    summary: 'Club check-in',
    items: [
      st('Show check-in QR code on the home screen', [5], 3, 2),
      st('Front-desk scanner validates member QR codes', [5], 5, 3, undefined, { labels: ['backend'] }),
      st('Offline QR code when the club Wi-Fi is down', [6], 5, 2),
      st('See current club occupancy before I go', [6], 8, 3),
      st('Check-in history on my profile', [7], 2, 1),
      bug('QR code too small to scan on iPhone SE', [6], undefined, { points: 1, labels: ['ios'] }),
    ],
  },
  {
    summary: 'Personal training plans',
    items: [
      st('Choose a fitness goal during onboarding', [6], 3, 2),
      st('Generate a weekly training plan from my goal and level', [6, 7], 13, 3),
      st('Exercise instructions with short videos', [7], 5, 2),
      st('Mark a workout in my plan as done', [7], 2, 1),
      st("Swap an exercise I can't do for an alternative", [7], 3, 2),
      st("Trainer can adjust a member's plan", [8], 5, 2, 'review'),
      st('Rest-day and recovery tips in my plan', [9], 2),
      st('Plan adapts when I miss a week', [], 8),
      st('Warm-up routine before each workout', [], 2),
      bug("Exercise videos don't play on mobile data", [7], undefined, { points: 2, labels: ['performance'] }),
      bug('Workout counted twice when marked done offline', [8], 'done', { points: 1 }),
      bug('Onboarding goal lost if the app is backgrounded', [7], undefined, { points: null }),
    ],
  },
  {
    summary: 'Personal trainer booking',
    items: [
      st('Browse personal trainers at my club by specialty', [8], 3, 2, 'done'),
      st("See a trainer's free slots for the next two weeks", [8], 5, 3, 'done'),
      st('Book a personal training session', [8], 8, 3, 'prog'),
      st('Pay for a PT session with a saved card', [8], 8, 3, 'prog', { labels: ['payments'], assignee: 'diego' }),
      st('Cancel or reschedule a PT session', [8], 5, 2, 'todo'),
      st('Trainer is notified of new bookings', [8], 3, 1, 'todo'),
      st('Rate a session after it ends', [9], 3),
      st('Buy a pack of 5 PT sessions at a discount', [], 5, 0, undefined, { labels: ['payments'] }),
      st('Book a small-group PT session with a friend', [], 5),
      bug('Trainer list empty for Riverside members', [8], 'prog', { points: 2 }),
      bug('Session price shown without VAT', [9], undefined, { points: 1, labels: ['payments'] }),
    ],
  },
  {
    summary: 'Progress tracking & goals',
    items: [
      st('Log a workout manually', [9], 3),
      st('Progress chart against my fitness goal', [9], 5),
      st('Import workouts from Apple Health', [10], 8, 0, undefined, { labels: ['ios'] }),
      st('Import workouts from Google Fit', [10], 8, 0, undefined, { labels: ['android'] }),
      st('Earn badges for training milestones', [], 5),
      st('Monthly progress report to share with my trainer', [], null),
      st('Log body measurements', [], null),
      st('Set a weekly visits target', [], 3),
      st('Share a milestone badge with friends', [], 2),
    ],
  },
];

const GYM_LOOSE: ItemSpec[] = [
  st('Guest pass: invite a friend for a free visit', [], 8),
  bug('Occupancy count goes negative after midnight', [7, 8], 'review', { points: 2, labels: ['backend'] }),
  task('Set up CI builds for iOS and Android', [1]),
  task('Add crash reporting to the app', [2]),
  task('Set up staging with anonymised club data', [3], undefined, { labels: ['backend'] }),
  task('Create analytics events for the booking funnel', [4]),
  task('Load-test the booking API for the Monday 6pm peak', [5], undefined, { labels: ['backend', 'performance'] }),
  task('Upgrade React Native to 0.76', [6, 7], undefined, { labels: ['tech-debt'] }),
  task('Spike: payment provider for PT sessions', [7], undefined, { labels: ['payments'] }),
  task('Spike: trainer calendar sync options', [7]),
  task('Accessibility audit of the booking flow (WCAG 2.2 AA)', [8], 'todo', { labels: ['accessibility'] }),
  task('Migrate push to Firebase Cloud Messaging HTTP v1', [8], 'review', { labels: ['tech-debt'] }),
  task('Prepare App Store screenshots and release notes', [9], undefined, { assignee: 'sam' }),
  task('Bug bash before the PT booking release', [9], undefined, { assignee: 'sam' }),
  task('Write privacy notice for health data import', [10], undefined, { labels: ['privacy'] }),
  task('Feature flags for gradual rollouts', []),
  task('Document the member API for the front-desk team', []),
  task('Remove legacy timetable endpoint', [], undefined, { labels: ['tech-debt'] }),
  task('Upgrade the booking API to Node.js 22 LTS', [], undefined, { labels: ['backend', 'tech-debt'] }),
];

const OPS_EPICS: EpicSpec[] = [
  {
    summary: 'Club check-in rollout',
    items: [
      task('Install new front-desk tablets at Westside', [12]),
      task('Train front-desk staff on QR check-in', [12, 13], 'prog'),
      task('Print QR check-in posters for all clubs', [13], 'done'),
      task('Configure occupancy sensors at Harbour club', [13], 'todo'),
    ],
  },
];

const OPS_LOOSE: ItemSpec[] = [
  task('Replace treadmill belts at Riverside club', [12]),
  task('Roll out door-access firmware update', [12]),
  task('Fix leaking shower in Riverside changing rooms', [13], 'done'),
  task('Order replacement pedals for spin bikes', [13], 'prog'),
  task('Review cleaning rota for 24h clubs', [13], 'todo'),
  task('Set up guest Wi-Fi at Harbour club', [14]),
  task('Update club opening hours for Christmas', [14]),
  task('Audit first-aid kits in all clubs', []),
  task('Negotiate new towel supplier contract', []),
  task('Schedule annual fire-safety inspection', []),
  task('Replace broken lockers at Westside', []),
  task('Onboard two new personal trainers at Riverside', [13], 'review'),
  task('Hire weekend receptionist for Harbour club', []),
  task('Calibrate rowing machines', [14]),
];

// The trainer platform team (TRN): sprints 15 (closed), 16 (active), 17 (future), alongside GYM's 7, 8, 9.
const TRN_SPRINT_GOALS = ['Trainers publish when they are free to train', 'Trainers build a plan for each of their clients', ''];

const TRN_EPICS: EpicSpec[] = [
  {
    summary: 'Trainer availability & sessions',
    items: [
      st('Trainers publish their weekly availability', [15], 5, 2),
      st('Block out holidays and sick days', [15], 3, 1),
      st("See today's sessions on one screen", [15, 16], 5, 2, 'prog'),
      st('Accept or decline a session request', [16], 3, 1, 'todo'),
      st('Sync availability with Google Calendar', [17], 8),
      bug('Availability shown in the wrong time zone for Madrid trainers', [15], undefined, { points: 2 }),
      bug('Session list empty after midnight', [16], 'done', { points: 1 }),
    ],
  },
  {
    summary: 'Client training plans',
    items: [
      st('Exercise library with videos for trainers', [15], 5, 2),
      st('Build a training plan from a template', [16], 8, 3, 'prog'),
      st('Assign a plan to a client', [16], 3, 1, 'done'),
      st("Adjust a client's plan after a session", [16], 5, 2, 'todo'),
      st('Share a plan with a client by QR code', [17], 3),
      st('Plan templates shared across clubs', [], 5),
      bug('Plan templates lose their exercise order when saved', [16], 'review', { points: 1 }),
    ],
  },
  {
    summary: 'Client progress',
    items: [
      st('Notes on a client after each session', [16], 2, 0, 'done'),
      st("See each client's logged workouts", [17], 5),
      st('Flag clients who have not trained for two weeks', [], 3),
      st('Monthly progress summary for each client', [], 5),
    ],
  },
];

const TRN_LOOSE: ItemSpec[] = [
  task('Set up builds for the trainer web app', [15]),
  task('Trainers sign in with their club account (SSO)', [15]),
  task('Write the trainer onboarding guide', [16], 'prog'),
  task('Pilot the plan builder with the Riverside trainers', [16], 'todo'),
  task('Interview five trainers about client check-ins', [17]),
  task('Performance budget for the plan builder', []),
];

// The marketing team (MKT): a business project on a Kanban board, no sprints; `slot` says when work happened.
const kanban = (summary: string, status: Status, slot?: number): ItemSpec => ({ ...task(summary, [], status), ...(slot === undefined ? {} : { slot }) });
const MKT_LOOSE: ItemSpec[] = [
  kanban('Spring membership campaign brief', 'done', 5),
  kanban('Refer-a-friend flyers for every club', 'done', 6),
  kanban('Leeds opening launch event', 'done', 6),
  kanban('Photo shoot at the Harbour club', 'done', 7),
  kanban('Newsletter: October member stories', 'done', 7),
  kanban('New Year offer landing page', 'done', 8),
  kanban('Bring-a-friend New Year campaign', 'prog', 8),
  kanban('Social posts for the personal trainer booking launch', 'prog', 8),
  kanban('Newsletter: November member stories', 'prog', 8),
  kanban('Agree the referral reward with finance', 'prog', 8),
  kanban('Press release for the trainer platform', 'todo'),
  kanban('Short videos with our trainers for Instagram', 'todo'),
  kanban('Survey members who left on why they did', 'todo'),
  kanban('Win-back emails for January', 'todo'),
  kanban('Partner offer with a local physiotherapist', 'todo'),
  kanban('Refresh club signage with the new brand', 'todo'),
];

// ---------------------------------------------------------------------------------------------

interface Proto {
  projectKey: string;
  type: 'Epic' | TypeName | 'Sub-task';
  summary: string;
  description: string | null;
  sprintIds: number[];
  status: Status;
  points: number | null;
  labels: string[];
  priority: string;
  assignee: string | null;
  reporter: string;
  created: number;
  /** [time, status] transitions, in order. */
  transitions: Array<[number, Status]>;
  parent: Proto | null;
  rankGroup: number;
  order: number;
  key?: string;
}

const STATUS_ID: Record<Status, string> = { todo: '10000', prog: '3', review: '10002', done: '10001' };
const STATUS_NAME: Record<Status, string> = { todo: 'To Do', prog: 'In Progress', review: 'In Review', done: 'Done' };
const TYPE_ID: Record<Proto['type'], string> = { Epic: '10000', Story: '10001', Task: '10002', Bug: '10004', 'Sub-task': '10003' };
const SUBTASK_PREFIXES = ['API', 'iOS', 'Android', 'QA', 'Design'];
/** The projects in the order their issues are generated, ranked and listed. */
const PROJECT_ORDER = ['GYM', 'OPS', 'TRN', 'MKT'];

export interface DemoDataOptions {
  /** The instant the demo sits around (default DEMO_TODAY). Sprint 8 of GYM is active and contains it. */
  today?: Date;
}

/** Builds the GymTonic site. Pure: the same `today` always gives deep-equal data. */
/**
 * GymTonic's Jira Software fields: ids other than a new site's usual 10016/10019/10020, as on a site
 * that had other custom fields first, so that nothing in the app can find them by coincidence.
 */
export const DEMO_CUSTOM_FIELDS: CustomFieldIds = { sprint: 'customfield_10104', rank: 'customfield_10105', storyPoints: 'customfield_10106' };

export function createDemoData(options: DemoDataOptions = {}): JiraData {
  const today = (options.today ?? DEMO_TODAY).getTime();
  if (!Number.isFinite(today)) throw new Error('createDemoData: invalid today');
  const rnd = prng(0x6a7d0c);
  const between = (lo: number, hi: number): number => Math.round(lo + rnd() * Math.max(0, hi - lo));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const nowCap = today - HOUR;

  // Sprint n of GYM starts on a Monday 09:30 UTC; sprint 8 starts on the Monday of the week that
  // contains today − 7 days, so it is running today whatever weekday today is.
  const sevenDaysAgo = today - 7 * DAY;
  const dayStart = sevenDaysAgo - (sevenDaysAgo % DAY);
  const weekday = new Date(dayStart).getUTCDay(); // 0 = Sunday
  const activeStart = dayStart - ((weekday + 6) % 7) * DAY + 9.5 * HOUR;
  const startOf = (n: number): number => activeStart + (n - 8) * SPRINT_LENGTH;
  const endOf = (n: number): number => startOf(n) + SPRINT_LENGTH - 30 * 60_000;
  const projectStart = startOf(1) - 21 * DAY;

  const iso = (t: number): string => new Date(t).toISOString();

  const sprints: SprintRecord[] = [];
  for (let n = 1; n <= 11; n++) {
    const state = n < 8 ? 'closed' : n === 8 ? 'active' : 'future';
    const s: SprintRecord = {
      id: n,
      name: `GYM Sprint ${n}`,
      state,
      goal: GYM_SPRINT_GOALS[n - 1] ?? '',
      originBoardId: GYM_BOARD_ID,
      createdDate: iso(Math.min(startOf(n) - 12 * DAY, activeStart + 2 * DAY + n * HOUR)),
    };
    if (n <= 10) {
      s.startDate = iso(startOf(n));
      s.endDate = iso(endOf(n));
    }
    if (state === 'closed') s.completeDate = iso(endOf(n) + 20 * 60_000);
    sprints.push(s);
  }
  const opsGoals = ['Front desks ready for QR check-in', 'Every club shows live occupancy', ''];
  for (let i = 0; i < 3; i++) {
    const n = 7 + i; // aligned with GYM sprints 7, 8, 9
    const s: SprintRecord = {
      id: 12 + i,
      name: `OPS Sprint ${4 + i}`,
      state: i === 0 ? 'closed' : i === 1 ? 'active' : 'future',
      goal: opsGoals[i] ?? '',
      originBoardId: OPS_BOARD_ID,
      createdDate: iso(Math.min(startOf(n) - 10 * DAY, activeStart + 3 * DAY)),
      startDate: iso(startOf(n) + HOUR),
      endDate: iso(endOf(n)),
    };
    if (i === 0) s.completeDate = iso(endOf(n) + 45 * 60_000);
    sprints.push(s);
  }
  for (let i = 0; i < 3; i++) {
    const n = 7 + i; // aligned with GYM sprints 7, 8, 9
    const s: SprintRecord = {
      id: 15 + i,
      name: `TRN Sprint ${10 + i}`,
      state: i === 0 ? 'closed' : i === 1 ? 'active' : 'future',
      goal: TRN_SPRINT_GOALS[i] ?? '',
      originBoardId: TRN_BOARD_ID,
      createdDate: iso(Math.min(startOf(n) - 10 * DAY, activeStart + 3 * DAY + HOUR)),
      startDate: iso(startOf(n) + 30 * 60_000),
      endDate: iso(endOf(n)),
    };
    if (i === 0) s.completeDate = iso(endOf(n) + 30 * 60_000);
    sprints.push(s);
  }

  const protos: Proto[] = [];
  const dev = (): string => (rnd() < 0.5 ? DEMO_ACCOUNT_IDS.diego : DEMO_ACCOUNT_IDS.mei);

  /** Status transitions of an item that lives in sprints `nums` and ends in `status`. */
  const timeline = (nums: number[], status: Status): Array<[number, Status]> => {
    if (status === 'todo' || nums.length === 0) return [];
    const first = nums[0] as number;
    const last = nums[nums.length - 1] as number;
    const out: Array<[number, Status]> = [];
    const carried = nums.length > 1;
    const prog = carried
      ? between(startOf(first) + 5 * DAY, startOf(first) + 12 * DAY)
      : between(startOf(first) + 2 * HOUR, Math.min(startOf(first) + 7 * DAY, nowCap - 2 * DAY));
    out.push([prog, 'prog']);
    const lastEnd = Math.min(endOf(last) - 3 * HOUR, nowCap);
    const lo = Math.max(prog, startOf(last)) + 4 * HOUR;
    if (status === 'review' || (status === 'done' && rnd() < 0.5)) {
      out.push([between(lo, lo + (lastEnd - lo) * 0.6), 'review']);
    }
    if (status === 'done') {
      const prev = (out[out.length - 1] as [number, Status])[0];
      out.push([between(prev + 2 * HOUR, lastEnd), 'done']);
    }
    return clampTimes(out, nowCap);
  };

  function addItems(spec: ProjectSpec): void {
    const { sprintIdOf } = spec;

    const addItem = (item: ItemSpec, epic: Proto | null, order: number): void => {
      const nums = item.sprints.length > 0 || item.slot === undefined ? item.sprints.map(spec.slotOf) : [item.slot];
      const last = nums[nums.length - 1];
      const status: Status = item.status ?? (last !== undefined && last < 8 ? 'done' : 'todo');
      const first = nums[0];
      const created =
        first !== undefined && first <= 8
          ? between(Math.max(projectStart, startOf(first) - 35 * DAY), startOf(first) - DAY)
          : between(projectStart, today - 2 * DAY);
      const transitions = timeline(nums, status);
      const assignee =
        item.assignee !== undefined
          ? DEMO_ACCOUNT_IDS[item.assignee]
          : spec.worker !== undefined
            ? status === 'todo' && last === undefined
              ? null
              : DEMO_ACCOUNT_IDS[spec.worker]
            : status !== 'todo' || (last !== undefined && last <= 9 && rnd() < 0.7)
              ? dev()
              : null;
      const reporter =
        spec.worker !== undefined
          ? DEMO_ACCOUNT_IDS[spec.worker]
          : item.type === 'Story'
            ? DEMO_ACCOUNT_IDS.priya
            : item.type === 'Task'
              ? DEMO_ACCOUNT_IDS.sam
              : pick([DEMO_ACCOUNT_IDS.sofia, DEMO_ACCOUNT_IDS.sam, DEMO_ACCOUNT_IDS.diego, DEMO_ACCOUNT_IDS.mei, DEMO_ACCOUNT_IDS.priya]);
      const labels = item.labels ?? (item.type === 'Bug' && rnd() < 0.4 ? [pick(['ios', 'android', 'backend'])] : []);
      const priority =
        item.type === 'Bug' ? pick(['1', '2', '2', '3', '3']) : item.type === 'Task' ? pick(['3', '3', '4']) : pick(['2', '3', '3', '3', '4']);
      const points = item.points !== undefined ? item.points : null;
      const proto: Proto = {
        projectKey: spec.key,
        type: item.type,
        summary: item.summary,
        description: describe(item, epic),
        sprintIds: item.sprints.map(sprintIdOf),
        status,
        points: item.type === 'Task' ? null : points,
        labels,
        priority,
        assignee,
        reporter,
        created,
        transitions,
        parent: epic,
        rankGroup: rankGroupOf(last),
        order,
      };
      protos.push(proto);

      // Sub-tasks are created at sprint planning and follow their parent's sprints and progress.
      const n = item.subtasks ?? 0;
      const offset = Math.floor(rnd() * SUBTASK_PREFIXES.length);
      for (let i = 0; i < n; i++) {
        const prefix = n === 3 && i === 1 ? 'iOS' : n === 3 && i === 2 ? 'Android' : (SUBTASK_PREFIXES[(offset + i) % SUBTASK_PREFIXES.length] as string);
        const subCreated = Math.min(between(startOf(first ?? 8), startOf(first ?? 8) + 2 * HOUR), nowCap);
        let subStatus: Status = 'todo';
        let subTransitions: Array<[number, Status]> = [];
        const parentProg = transitions[0]?.[0];
        const parentDone = status === 'done' ? transitions[transitions.length - 1]?.[0] : undefined;
        if (parentProg !== undefined && parentDone !== undefined) {
          subStatus = 'done';
          const p = between(Math.max(parentProg, subCreated + HOUR), parentDone - 2 * HOUR);
          subTransitions = [[p, 'prog'], [between(p + HOUR, parentDone - HOUR), 'done']];
        } else if (parentProg !== undefined) {
          subStatus = i === 0 ? 'done' : i === 1 ? 'prog' : 'todo';
          const p = between(Math.max(parentProg, subCreated + HOUR), Math.max(parentProg, subCreated + HOUR) + DAY);
          if (subStatus === 'done') subTransitions = [[p, 'prog'], [between(p + HOUR, p + 2 * DAY), 'done']];
          if (subStatus === 'prog') subTransitions = [[p, 'prog']];
        }
        protos.push({
          projectKey: spec.key,
          type: 'Sub-task',
          summary: `${prefix}: ${item.summary}`,
          description: null,
          sprintIds: proto.sprintIds.slice(),
          status: subStatus,
          points: null,
          labels: [],
          priority: '3',
          assignee: subStatus === 'todo' && rnd() < 0.5 ? null : spec.worker !== undefined ? DEMO_ACCOUNT_IDS[spec.worker] : dev(),
          reporter: assignee ?? DEMO_ACCOUNT_IDS.sam,
          created: subCreated,
          transitions: clampTimes(subTransitions, nowCap),
          parent: proto,
          rankGroup: proto.rankGroup,
          order: proto.order + (i + 1) / 10,
        });
      }
    };

    let order = 0;
    for (const epicSpec of spec.epics) {
      const epic: Proto = {
        projectKey: spec.key,
        type: 'Epic',
        summary: epicSpec.summary,
        description: `Everything ${spec.audience ?? 'members'} need for “${epicSpec.summary.toLowerCase()}”.`,
        sprintIds: [],
        status: 'todo',
        points: null,
        labels: [],
        priority: '3',
        assignee: null,
        reporter: spec.worker !== undefined ? DEMO_ACCOUNT_IDS[spec.worker] : DEMO_ACCOUNT_IDS.priya,
        created: 0,
        transitions: [],
        parent: null,
        rankGroup: 9,
        order: order++,
      };
      protos.push(epic);
      const before = protos.length;
      for (const item of epicSpec.items) addItem(item, epic, order++);
      const children = protos.slice(before).filter((p) => p.parent === epic);
      epic.created = Math.max(projectStart - 10 * DAY, Math.min(...children.map((c) => c.created)) - between(DAY, 5 * DAY));
      const starts = children.map((c) => c.transitions[0]?.[0]).filter((t): t is number => t !== undefined);
      if (children.every((c) => c.status === 'done')) {
        const dones = children.map((c) => c.transitions[c.transitions.length - 1]?.[0] ?? 0);
        epic.status = 'done';
        epic.transitions = clampTimes([[Math.min(...starts), 'prog'], [Math.max(...dones) + 2 * HOUR, 'done']], nowCap);
      } else if (starts.length > 0) {
        epic.status = 'prog';
        epic.transitions = [[Math.min(...starts), 'prog']];
      }
      epic.assignee = spec.worker !== undefined ? DEMO_ACCOUNT_IDS[spec.worker] : DEMO_ACCOUNT_IDS.priya;
    }
    for (const item of spec.loose) addItem(item, null, order++);
  }

  addItems({ key: 'GYM', epics: GYM_EPICS, loose: GYM_LOOSE, sprintIdOf: (n) => n, slotOf: (n) => n });
  // OPS sprints 12, 13, 14 run alongside GYM sprints 7, 8, 9.
  addItems({ key: 'OPS', epics: OPS_EPICS, loose: OPS_LOOSE, sprintIdOf: (n) => n, slotOf: (n) => n - 5, worker: 'oscar' });
  // Appended after GYM's and OPS's, so nothing of theirs moves: TRN sprints 15, 16, 17 run alongside GYM
  // sprints 7, 8, 9; MKT has no sprints.
  addItems({ key: 'TRN', epics: TRN_EPICS, loose: TRN_LOOSE, sprintIdOf: (n) => n, slotOf: (n) => n - 8, worker: 'tomas', audience: 'trainers' });
  addItems({ key: 'MKT', epics: [], loose: MKT_LOOSE, sprintIdOf: (n) => n, slotOf: (n) => n, worker: 'nadia' });

  // Keys follow creation order, as Jira numbers them.
  const issues: IssueRecord[] = [];
  const byProject = new Map<string, Proto[]>();
  protos.forEach((p) => byProject.set(p.projectKey, [...(byProject.get(p.projectKey) ?? []), p]));
  const idBase: Record<string, number> = { GYM: 10000, OPS: 20000, TRN: 30000, MKT: 40000 };
  const protoOrder = new Map(protos.map((p, i) => [p, i]));
  const byKeyOrder: Proto[] = [];
  for (const [projectKey, list] of byProject) {
    const sorted = list.slice().sort((a, b) => a.created - b.created || (protoOrder.get(a) ?? 0) - (protoOrder.get(b) ?? 0));
    sorted.forEach((p, i) => {
      p.key = `${projectKey}-${i + 1}`;
      byKeyOrder.push(p);
    });
  }
  const idOf = new Map<Proto, string>();
  for (const p of byKeyOrder) {
    const n = Number((p.key as string).split('-')[1]);
    idOf.set(p, String((idBase[p.projectKey] ?? 30000) + n));
  }

  // Ranks: GYM's active sprint, then the future sprints, the backlog (shuffled once), closed sprints,
  // epics; OPS after GYM, then TRN, then MKT. Sub-tasks right after their parent.
  const ranked = protos.slice().sort((a, b) => {
    const pa = PROJECT_ORDER.indexOf(a.projectKey);
    const pb = PROJECT_ORDER.indexOf(b.projectKey);
    return pa - pb || a.rankGroup - b.rankGroup || shuffleKey(a) - shuffleKey(b) || a.order - b.order;
  });
  const rankOf = new Map(ranked.map((p, i) => [p, rankAt(i)]));

  // Changelog ids are global and grow with time: GYM's and OPS's first, then TRN's and MKT's (added to
  // the demo later, numbered after, so the first two projects' ids stay as they were).
  const later = (p: Proto) => (p.projectKey === 'TRN' || p.projectKey === 'MKT' ? 1 : 0);
  const entries: Array<{ proto: Proto; at: number; from: Status; to: Status }> = [];
  for (const p of protos) {
    let from: Status = 'todo';
    for (const [at, to] of p.transitions) {
      entries.push({ proto: p, at, from, to });
      from = to;
    }
  }
  entries.sort((a, b) => later(a.proto) - later(b.proto) || a.at - b.at || (protoOrder.get(a.proto) ?? 0) - (protoOrder.get(b.proto) ?? 0));
  const logs = new Map<Proto, ChangelogRecord[]>();
  entries.forEach((e, i) => {
    const record: ChangelogRecord = {
      id: String(10100 + i),
      authorAccountId: e.proto.assignee ?? e.proto.reporter,
      created: iso(e.at),
      items: [
        {
          field: 'status',
          fieldtype: 'jira',
          fieldId: 'status',
          from: STATUS_ID[e.from],
          fromString: STATUS_NAME[e.from],
          to: STATUS_ID[e.to],
          toString: STATUS_NAME[e.to],
        },
      ],
    };
    if (e.to === 'done' || e.from === 'done') {
      record.items.unshift({
        field: 'resolution',
        fieldtype: 'jira',
        fieldId: 'resolution',
        from: e.from === 'done' ? '10000' : null,
        fromString: e.from === 'done' ? 'Done' : null,
        to: e.to === 'done' ? '10000' : null,
        toString: e.to === 'done' ? 'Done' : null,
      });
    }
    logs.set(e.proto, [...(logs.get(e.proto) ?? []), record]);
  });

  for (const p of byKeyOrder) {
    const changelog = logs.get(p) ?? [];
    const lastChange = p.transitions.length > 0 ? (p.transitions[p.transitions.length - 1] as [number, Status])[0] : p.created;
    const doneAt = p.status === 'done' ? lastChange : null;
    issues.push({
      id: idOf.get(p) as string,
      key: p.key as string,
      projectKey: p.projectKey,
      issueTypeId: TYPE_ID[p.type],
      summary: p.summary,
      description: p.description,
      statusId: STATUS_ID[p.status],
      priorityId: p.priority,
      labels: p.labels,
      storyPoints: p.points,
      rank: rankOf.get(p) as string,
      sprintIds: p.sprintIds,
      parentKey: p.parent ? (p.parent.key as string) : null,
      created: iso(p.created),
      updated: iso(Math.max(p.created, lastChange)),
      resolutiondate: doneAt === null ? null : iso(doneAt),
      assigneeAccountId: p.assignee,
      reporterAccountId: p.reporter,
      changelog,
      properties: {},
    });
  }
  // Jira lists issues newest first by default; the emulator sorts anyway. Keep key order here.
  issues.sort((a, b) => PROJECT_ORDER.indexOf(a.projectKey) - PROJECT_ORDER.indexOf(b.projectKey) || Number(a.key.split('-')[1]) - Number(b.key.split('-')[1]));

  const issueRestrictions = DEMO_RESTRICTED_SUMMARIES.map((summary) => {
    const issue = issues.find((i) => i.projectKey === 'GYM' && i.summary === summary);
    if (!issue) throw new Error(`demo data: no issue "${summary}"`);
    return {
      issueKey: issue.key,
      accountId: DEMO_ACCOUNT_IDS.mei,
      deny: ['EDIT_ISSUES', 'TRANSITION_ISSUES', 'ASSIGN_ISSUES'] as ProjectPermissionKey[],
      reason: 'Payments code: only PCI-trained developers may change it',
    };
  });

  const boards: BoardRecord[] = [
    { id: GYM_BOARD_ID, name: 'GYM board', type: 'scrum', projectKey: 'GYM' },
    { id: OPS_BOARD_ID, name: 'OPS board', type: 'scrum', projectKey: 'OPS' },
    { id: OPS_KANBAN_BOARD_ID, name: 'OPS requests', type: 'kanban', projectKey: 'OPS' },
    { id: TRN_BOARD_ID, name: 'TRN board', type: 'scrum', projectKey: 'TRN' },
    { id: MKT_BOARD_ID, name: 'MKT board', type: 'kanban', projectKey: 'MKT' },
  ];

  return {
    baseUrl: DEMO_BASE_URL,
    today: iso(today),
    customFields: { ...DEMO_CUSTOM_FIELDS },
    app: { accountId: DEMO_APP_ACCOUNT_ID, displayName: 'Outcomes' },
    users: DEMO_USERS.map((u) => ({ ...u, globalPermissions: [...u.globalPermissions] })),
    defaultAccountId: DEMO_DEFAULT_ACCOUNT_ID,
    projects: [
      {
        id: '10000',
        key: 'GYM',
        name: 'GymTonic Member App',
        description: 'The GymTonic member app: booking, check-in, training plans and progress for every member.',
        leadAccountId: DEMO_ACCOUNT_IDS.priya,
      },
      {
        id: '10001',
        key: 'OPS',
        name: 'GymTonic Operations',
        description: 'Club operations: equipment, front desk, facilities and staffing.',
        leadAccountId: DEMO_ACCOUNT_IDS.oscar,
      },
      {
        id: '10002',
        key: 'TRN',
        name: 'GymTonic Trainer Platform',
        description: 'The personal trainers’ tools: availability, sessions, client plans and progress.',
        leadAccountId: DEMO_ACCOUNT_IDS.tomas,
        projectTypeKey: 'software',
      },
      {
        id: '10003',
        key: 'MKT',
        name: 'GymTonic Marketing',
        description: 'Campaigns, newsletters, events and the brand in every club.',
        leadAccountId: DEMO_ACCOUNT_IDS.nadia,
        projectTypeKey: 'business',
      },
    ],
    boards,
    sprints,
    statuses: DEFAULT_STATUSES.map((s) => ({ ...s })),
    issueTypes: DEFAULT_ISSUE_TYPES.map((t) => ({ ...t })),
    priorities: DEFAULT_PRIORITIES.map((p) => ({ ...p })),
    issues,
    permissions: DEMO_PERMISSIONS.map((g) => ({ ...g, permissions: [...g.permissions] })),
    issueRestrictions,
    groups: [{ ...DEMO_LEADERSHIP_GROUP, accountIds: [...DEMO_LEADERSHIP_GROUP.accountIds] }],
    globalPermissionGrants: [{ appPermission: DEMO_ORG_PERMISSION, groupId: DEMO_LEADERSHIP_GROUP.groupId }],
  };

  function rankGroupOf(lastSprintNumber: number | undefined): number {
    if (lastSprintNumber === undefined) return 5; // backlog
    if (lastSprintNumber === 8) return 1; // active
    if (lastSprintNumber > 8) return 1 + (lastSprintNumber - 8); // 2, 3, 4: future sprints
    return 6; // closed
  }

  function shuffleKey(p: Proto): number {
    // The backlog is ordered by the Product Owner, not by epic: a fixed pseudo-random interleaving.
    if (p.rankGroup !== 5) return 0;
    const root = p.type === 'Sub-task' && p.parent ? p.parent : p;
    return hash(root.summary);
  }
}

function clampTimes(ts: Array<[number, Status]>, cap: number): Array<[number, Status]> {
  const out: Array<[number, Status]> = [];
  let prev = -Infinity;
  for (const [t, s] of ts) {
    const v = Math.min(Math.max(t, prev + 10 * 60_000), cap);
    out.push([v, s]);
    prev = v;
  }
  return out;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

function describe(item: ItemSpec, epic: Proto | null): string | null {
  switch (item.type) {
    case 'Story':
      return epic ? `${item.summary}.\n\nPart of “${epic.summary}”. Acceptance criteria agreed in refinement.` : `${item.summary}.`;
    case 'Bug':
      return `Steps to reproduce are in the support ticket. Expected: it works as designed. Actual: ${item.summary.toLowerCase()}.`;
    case 'Task':
      return null;
  }
}

/** The keys of the issues Mei Chen may browse but not edit, in the given data. */
export function demoRestrictedIssueKeys(data: JiraData): string[] {
  return data.issueRestrictions.filter((r) => r.accountId === DEMO_ACCOUNT_IDS.mei).map((r) => r.issueKey);
}

/** The users for the local host page's switcher: account id, name and role label, default first. */
export function demoUserSwitcher(data: JiraData = createDemoData()): Array<{ accountId: string; displayName: string; role: string; isDefault: boolean }> {
  return data.users.map((u) => ({ accountId: u.accountId, displayName: u.displayName, role: u.role, isDefault: u.accountId === data.defaultAccountId }));
}

/**
 * Adds `count` stories to GYM's backlog, ranked after every other issue (for journeys that need a
 * backlog longer than a page: the demo's own is shorter). Answers their keys, in rank order.
 */
export function addDemoBacklogIssues(data: JiraData, count: number): string[] {
  const gym = data.issues.filter((issue) => issue.projectKey === 'GYM');
  const template = gym.find((issue) => issue.sprintIds.length === 0 && issue.parentKey === null && issue.statusId === STATUS_ID.todo);
  if (!template) throw new Error('addDemoBacklogIssues: GYM has no backlog story to model the new ones on');
  const last = Math.max(...gym.map((issue) => Number(issue.key.split('-')[1])));
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = last + 1 + i;
    data.issues.push({
      ...structuredClone(template),
      id: String(10000 + n),
      key: `GYM-${n}`,
      summary: `Backlog idea ${i + 1}`,
      description: null,
      labels: [],
      storyPoints: null,
      rank: rankAt(data.issues.length + i + 1),
      changelog: [],
      properties: {},
    });
    keys.push(`GYM-${n}`);
  }
  return keys;
}
