// A Jira Cloud site on the network, for the preview's proxy mode: the Jira emulator behind a real HTTP
// server on 127.0.0.1, checking Basic auth as Jira does for API tokens, serving "Acme Rockets", a tenant
// that shares no key or id with GymTonic (projects, users, boards, sprints, statuses, issue types).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JiraEmulator } from '../../local/jira/emulator';
import { DEFAULT_PRIORITIES, rankAt, type IssueRecord, type IssueTypeRecord, type JiraData, type ProjectPermissionKey, type SprintRecord, type StatusRecord, type UserRecord } from '../../local/jira/model';
import { manifestIssueProperties } from '../../local/preview';
import { must } from './must';

export const ACME_ACCOUNT_IDS = {
  /** The API token's owner: ACME's lead and admin, browses ROAD, cannot see LAB. */
  robin: '7c0ffee1a2b3c4d5e6f70811',
  kim: '7c0ffee1a2b3c4d5e6f70822',
} as const;

/** Robin's login: the email and API token the preview is given. */
export const ACME_LOGIN = { email: 'robin@acme-rockets.test', apiToken: 'acme-test-api-token' } as const;

export const ACME_BOARD_ID = 71;

/**
 * The custom-field ids ACME's site would have (another site, other ids than GymTonic's). The emulator
 * does not take a field-id map yet: once it does, hand this to it in `acmeTenant` (one line).
 */
export const ACME_FIELD_IDS = { storyPoints: 'customfield_10426', rank: 'customfield_10419', sprint: 'customfield_10407' } as const;

const DAY = 86_400_000;

const STATUSES: StatusRecord[] = [
  { id: '20501', name: 'Queued', description: '', categoryKey: 'new' },
  { id: '20502', name: 'Building', description: '', categoryKey: 'indeterminate' },
  { id: '20503', name: 'Launched', description: '', categoryKey: 'done' },
];
const STATUS = { todo: '20501', doing: '20502', done: '20503' } as const;

const ISSUE_TYPES: IssueTypeRecord[] = [
  { id: '20600', name: 'Epic', description: 'A big user story that needs to be broken down.', subtask: false, hierarchyLevel: 1, avatarId: 10307 },
  { id: '20601', name: 'Story', description: 'Functionality or a feature expressed as a user goal.', subtask: false, hierarchyLevel: 0, avatarId: 10315 },
  { id: '20602', name: 'Bug', description: 'A problem or error.', subtask: false, hierarchyLevel: 0, avatarId: 10303 },
  { id: '20603', name: 'Sub-task', description: 'A small piece of work that is part of a larger task.', subtask: true, hierarchyLevel: -1, avatarId: 10316 },
];
const TYPE = { epic: '20600', story: '20601', bug: '20602' } as const;

/** The ACME issues, by summary: the tests look them up here rather than hard-coding keys. */
export const ACME_SUMMARIES = {
  epic: 'Reusable booster',
  landing: 'Land the booster on the barge',
  telemetry: 'Stream telemetry to mission control',
  legs: 'Deploy the landing legs at 2 km',
  fuel: 'Fuel margin warning fires too late',
  backlog: 'Night launches',
} as const;

export interface AcmeOptions {
  /** The day the sprints are built around (default: now, so the active sprint is running). */
  today?: Date;
}

/** Acme Rockets' site: ACME (scrum board 71, sprints 801–803), ROAD (browse only for Robin) and LAB (hidden from him). */
export function acmeTenant(options: AcmeOptions = {}): JiraData {
  const today = options.today ?? new Date();
  const at = (days: number) => new Date(today.getTime() + days * DAY).toISOString();
  const user = (accountId: string, displayName: string, emailAddress: string): UserRecord => ({
    accountId,
    displayName,
    emailAddress,
    timeZone: 'America/Denver',
    locale: 'en_US',
    active: true,
    role: '',
    globalPermissions: ['USER_PICKER'],
  });
  const sprint = (id: number, name: string, state: SprintRecord['state'], start: number | null, goal: string): SprintRecord => ({
    id,
    name,
    state,
    goal,
    originBoardId: ACME_BOARD_ID,
    createdDate: at((start ?? 0) - 3),
    ...(start === null ? {} : { startDate: at(start), endDate: at(start + 14) }),
    ...(state === 'closed' ? { completeDate: at((start ?? 0) + 14) } : {}),
  });
  let n = 0;
  const numbers = new Map<string, number>();
  const issue = (projectKey: string, fields: Partial<IssueRecord> & { summary: string }): IssueRecord => {
    n += 1;
    numbers.set(projectKey, (numbers.get(projectKey) ?? 0) + 1);
    return {
      id: String(40_000 + n),
      key: `${projectKey}-${numbers.get(projectKey)}`,
      projectKey,
      issueTypeId: TYPE.story,
      description: null,
      statusId: STATUS.todo,
      priorityId: '3',
      labels: [],
      storyPoints: null,
      rank: rankAt(n),
      sprintIds: [],
      parentKey: null,
      created: at(-30 + n),
      updated: at(-10 + n / 10),
      resolutiondate: null,
      assigneeAccountId: null,
      reporterAccountId: ACME_ACCOUNT_IDS.robin,
      changelog: [],
      properties: {},
      ...fields,
    };
  };
  const ALL: ProjectPermissionKey[] = ['BROWSE_PROJECTS', 'CREATE_ISSUES', 'EDIT_ISSUES', 'ASSIGN_ISSUES', 'ASSIGNABLE_USER', 'RESOLVE_ISSUES', 'TRANSITION_ISSUES', 'SCHEDULE_ISSUES', 'ADD_COMMENTS', 'LINK_ISSUES', 'DELETE_ISSUES', 'ADMINISTER_PROJECTS'];
  const S = ACME_SUMMARIES;
  const issues = [
    issue('ACME', { summary: S.epic, issueTypeId: TYPE.epic }),
    issue('ACME', { summary: S.landing, parentKey: 'ACME-1', sprintIds: [802], storyPoints: 8, statusId: STATUS.doing }),
    issue('ACME', { summary: S.telemetry, sprintIds: [802], storyPoints: 5 }),
    issue('ACME', { summary: S.legs, parentKey: 'ACME-1', sprintIds: [801], storyPoints: 3, statusId: STATUS.done, resolutiondate: at(-16) }),
    issue('ACME', { summary: S.fuel, issueTypeId: TYPE.bug, sprintIds: [802] }),
    issue('ACME', { summary: S.backlog }),
    issue('ROAD', { summary: 'Resurface the launch road' }),
    issue('LAB', { summary: 'Secret propellant' }),
  ];
  return {
    baseUrl: 'http://127.0.0.1',
    today: today.toISOString(),
    customFields: { ...ACME_FIELD_IDS },
    app: { accountId: '557058:acme0000-0000-4000-8000-00000000a991', displayName: 'Outcomes' },
    users: [user(ACME_ACCOUNT_IDS.robin, 'Robin Vega', ACME_LOGIN.email), user(ACME_ACCOUNT_IDS.kim, 'Kim Osei', 'kim@acme-rockets.test')],
    defaultAccountId: ACME_ACCOUNT_IDS.robin,
    projects: [
      { id: '30100', key: 'ACME', name: 'Acme Rockets', description: 'Reusable rockets', leadAccountId: ACME_ACCOUNT_IDS.robin },
      { id: '30101', key: 'ROAD', name: 'Acme Roads', description: '', leadAccountId: ACME_ACCOUNT_IDS.kim },
      { id: '30102', key: 'LAB', name: 'Acme Skunkworks', description: '', leadAccountId: ACME_ACCOUNT_IDS.kim },
    ],
    boards: [{ id: ACME_BOARD_ID, name: 'ACME board', type: 'scrum', projectKey: 'ACME' }],
    sprints: [
      sprint(801, 'Liftoff 1', 'closed', -17, 'Legs that deploy'),
      sprint(802, 'Liftoff 2', 'active', -3, 'Land a booster on the barge'),
      sprint(803, 'Liftoff 3', 'future', null, ''),
    ],
    statuses: STATUSES,
    issueTypes: ISSUE_TYPES,
    priorities: DEFAULT_PRIORITIES,
    issues,
    permissions: [
      { accountId: ACME_ACCOUNT_IDS.robin, projectKey: 'ACME', permissions: ALL },
      { accountId: ACME_ACCOUNT_IDS.robin, projectKey: 'ROAD', permissions: ['BROWSE_PROJECTS'] },
      { accountId: ACME_ACCOUNT_IDS.kim, projectKey: 'ACME', permissions: ALL },
      { accountId: ACME_ACCOUNT_IDS.kim, projectKey: 'LAB', permissions: ALL },
    ],
    issueRestrictions: [],
  };
}

export interface JiraSite {
  /** http://127.0.0.1:<port>: what JIRA_BASE_URL is set to. */
  url: string;
  emulator: JiraEmulator;
  /** `METHOD path` of every request that passed the login check. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves `data` over HTTP on a free loopback port; `logins` maps an email and API token to an account. */
export async function startJiraSite(data: JiraData, logins: Array<{ email: string; apiToken: string; accountId: string }>): Promise<JiraSite> {
  const requests: string[] = [];
  const accountOf = (req: IncomingMessage): string | undefined => {
    const match = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) return undefined;
    const [email, ...rest] = Buffer.from(must(match[1], 'match[1]'), 'base64').toString('utf8').split(':');
    return logins.find((login) => login.email === email && login.apiToken === rest.join(':'))?.accountId;
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const accountId = accountOf(req);
      if (!accountId) {
        // What Jira Cloud answers a wrong email or token.
        res.writeHead(401, { 'content-type': 'application/json;charset=UTF-8', 'www-authenticate': 'Basic realm="protected-area"' });
        res.end(JSON.stringify({ errorMessages: ['Client must be authenticated to access this resource.'], errors: {} }));
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push(`${req.method} ${req.url}`);
      const answer = await emulator.handle({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, String(value)])),
        ...(text ? { body: JSON.parse(text) as unknown } : {}),
        accountId,
      });
      const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, { ...(answer.headers ?? {}), 'content-length': Buffer.byteLength(body) });
      res.end(body);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errorMessages: [String(error)], errors: {} }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The site's own address in every `self` link, as a real site writes its own.
  const emulator = new JiraEmulator({ ...data, baseUrl: url }, { indexedIssueProperties: manifestIssueProperties() });
  return {
    url,
    emulator,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Acme Rockets on the network, with Robin's login. */
export function startAcmeSite(options: AcmeOptions = {}): Promise<JiraSite> {
  return startJiraSite(acmeTenant(options), [{ ...ACME_LOGIN, accountId: ACME_ACCOUNT_IDS.robin }]);
}
