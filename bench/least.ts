// The least number of Jira calls each screen needs, given the tenant's actual numbers and Jira's
// page sizes. Computed from the generated data itself (not from the app's answers), so the ratio
// "our calls / least" says how far the app is from what Jira's APIs allow.
//
// Jira's limits used (Jira Cloud REST, Nov 2026):
//   - search `/rest/api/3/search/jql`: at most 100 issues a page when fields are asked for; pages are
//     token-paged (`nextPageToken`), so one search's pages are sequential. `expand=changelog` brings
//     only an issue's most recent histories, so it cannot give a long-lived issue's cycle time.
//   - bulk changelog `/rest/api/3/changelog/bulkfetch`: the whole history of up to 1,000 issues a
//     request, filtered to status changes, up to 10,000 histories a page.
//   - agile `/rest/agile/1.0/board/{id}/sprint`: at most 50 sprints a page (`startAt` paging), and no
//     filter by date: a board's sprints are read in full to find a cycle's.
//   - users `/rest/api/3/user/bulk`: at most 100 accounts a call.
//   - `/rest/api/3/mypermissions`, `/rest/api/3/project/{key}`, `/rest/api/3/issue/{key}`,
//     `/rest/agile/1.0/sprint/{id}`, `/rest/api/3/status`: one call each.
// What each screen needs is read off its resolver (src/resolvers/*.ts); every term is explained below.
import type { Cycle } from '../src/contract';
import { quarterOf, sprintInCycle } from '../src/domain/cycles';
import { MAX_REVIEW_ISSUES } from '../src/store/model';
import type { Tenant } from './generate';

export const PAGE = { search: 100, sprints: 50, users: 100, changelogIssues: 1000, changelogHistories: 10000 } as const;

export interface Least {
  calls: number;
  /** The formula with the tenant's numbers in it, e.g. `1 + 1 + 1 + ⌈60/50⌉ + ⌈2,412/100⌉ + 1 + ⌈4/100⌉ = 32`. */
  worked: string;
  /** The numbers the formula uses. */
  terms: Record<string, number>;
}

const ceil = (n: number, page: number) => Math.ceil(n / page);
const fmt = (n: number) => n.toLocaleString('en-US');

function doneStatusIds(tenant: Tenant): Set<string> {
  return new Set(tenant.data.statuses.filter((status) => status.categoryKey === 'done').map((status) => status.id));
}

function subtaskTypeIds(tenant: Tenant): Set<string> {
  return new Set(tenant.data.issueTypes.filter((type) => type.subtask).map((type) => type.id));
}

/** The current cycle and the board's sprints in it, as the project page sees them. */
export function cycleSprintIds(tenant: Tenant): number[] {
  const today = new Date(tenant.today);
  const cycle: Cycle = quarterOf(today, tenant.okrs.settings?.fiscalYearStartMonth ?? 1, today);
  return tenant.data.sprints
    .filter((sprint) => sprint.originBoardId === tenant.subjects.boardId)
    .filter((sprint) => sprintInCycle(sprint, cycle, cycle))
    .map((sprint) => sprint.id);
}

/** The Product Backlog as the project page defines it: not done, in no open sprint, not a sub-task. */
export function backlogIssueIds(tenant: Tenant): Set<string> {
  const done = doneStatusIds(tenant);
  const subtask = subtaskTypeIds(tenant);
  const open = new Set(tenant.data.sprints.filter((sprint) => sprint.state === 'active').map((sprint) => sprint.id));
  return new Set(
    tenant.data.issues
      .filter((issue) => issue.projectKey === tenant.subjects.projectKey)
      .filter((issue) => !done.has(issue.statusId) && !subtask.has(issue.issueTypeId) && !issue.sprintIds.some((id) => open.has(id)))
      .map((issue) => issue.id),
  );
}

/**
 * The project page (getProjectOverview), as the Product Owner, for the current cycle:
 *   1                 mypermissions on the project (Browse to see it; Administer decides who may edit)
 * + 1                 the project (its name, and its lead: the default Product Owner)
 * + 1                 the project's Scrum boards (which board; its name)
 * + ⌈S/50⌉            the board's sprints, S = every sprint of the board (no date filter in the API)
 * + ⌈U/100⌉           issue search pages, U = |backlog ∪ the cycle's sprint issues ∪ the cycle's linked
 *                     issues|: one JQL can OR the three sets (the linked ones by the indexed `outcomes`
 *                     property or by id)
 * + C if links        the linked issues' whole status history: per 1,000 of them, one bulk changelog
 *                     request of ⌈its status changes/10,000⌉ pages (at least 1)
 * + 1 if links        the status list, to turn the changelog's status ids into categories
 * + 0                 the site's fields (Sprint, story points): kept, read again (2 calls) once an hour
 * + ⌈P/100⌉ if P > 0  display names, P = distinct people named (Product Owners, Objective owners,
 *                     limit overrides, check-in authors)
 */
export function leastOverview(tenant: Tenant): Least {
  const sprints = tenant.data.sprints.filter((sprint) => sprint.originBoardId === tenant.subjects.boardId).length;
  const inCycle = new Set(cycleSprintIds(tenant));
  const cycleId = tenant.subjects.cycleId;
  const currentKeyResults = new Set(tenant.okrs.keyResults.filter((kr) => kr.cycleId === cycleId).map((kr) => kr.id));
  const cycleLinks = tenant.links.filter((link) => link.cycleId === cycleId && currentKeyResults.has(link.keyResultId));
  const backlog = backlogIssueIds(tenant);
  const sprintIssues = tenant.data.issues.filter((issue) => issue.sprintIds.some((id) => inCycle.has(id))).map((issue) => issue.id);
  const existing = new Set(tenant.data.issues.map((issue) => issue.id));
  const linked = cycleLinks.map((link) => link.issueId).filter((id) => existing.has(id));
  const needed = new Set([...backlog, ...sprintIssues, ...linked]);
  const U = needed.size;
  const lead = tenant.data.projects.find((project) => project.key === tenant.subjects.projectKey)?.leadAccountId;
  const objectives = tenant.okrs.objectives.filter((objective) => objective.cycleId === cycleId);
  const people = new Set([
    ...(tenant.okrs.settings?.productOwnerAccountIds ?? (lead ? [lead] : [])),
    ...objectives.flatMap((objective) => (objective.ownerAccountId ? [objective.ownerAccountId] : [])),
    ...objectives.flatMap((objective) => (objective.status === 'active' && objective.limitOverride ? [objective.limitOverride.accountId] : [])),
    ...tenant.okrs.keyResults.filter((kr) => kr.cycleId === cycleId).flatMap((kr) => kr.checkIns.map((checkIn) => checkIn.accountId)),
  ]);
  const P = people.size;
  const status = cycleLinks.length > 0 ? 1 : 0;
  const users = P > 0 ? ceil(P, PAGE.users) : 0;
  const byId = new Map(tenant.data.issues.map((issue) => [issue.id, issue]));
  const linkedIds = [...new Set(linked)];
  let changelogs = 0;
  for (let start = 0; start < linkedIds.length; start += PAGE.changelogIssues) {
    const changes = linkedIds
      .slice(start, start + PAGE.changelogIssues)
      .reduce((sum, id) => sum + (byId.get(id)?.changelog.filter((history) => history.items.some((item) => item.field === 'status')).length ?? 0), 0);
    changelogs += Math.max(1, ceil(changes, PAGE.changelogHistories));
  }
  const calls = 3 + ceil(sprints, PAGE.sprints) + ceil(U, PAGE.search) + changelogs + status + users;
  return {
    calls,
    worked: `1 + 1 + 1 + ⌈${sprints}/50⌉ + ⌈${fmt(U)}/100⌉ + ${changelogs} + ${status} + ⌈${P}/100⌉ = ${calls}`,
    terms: { S: sprints, U, backlog: backlog.size, cycleSprintIssues: new Set(sprintIssues).size, cycleLinkedIssues: new Set(linked).size, cycleSprints: inCycle.size, P },
  };
}

/**
 * The issue panel (getIssuePanel):
 *   1       mypermissions on the issue (Browse; Edit decides canLink)
 * + 1       the issue, whose `parent` field names its parent (story → epic)
 * + 1       for a sub-task only: its parent, whose `parent` field names the epic above
 * No JQL can return an issue's grandparent without knowing the parent first.
 */
export function leastIssuePanel(kind: 'story' | 'subtask'): Least {
  const calls = kind === 'subtask' ? 3 : 2;
  return { calls, worked: kind === 'subtask' ? '1 + 1 + 1 = 3' : '1 + 1 = 2', terms: {} };
}

/** The Key Result picker (searchKeyResults): 1 mypermissions on the project (Browse); the rest is storage. */
export function leastSearchKeyResults(): Least {
  return { calls: 1, worked: '1', terms: {} };
}

/**
 * Linking an issue (linkIssue) answers the issue panel:
 *   1   mypermissions on the issue (Edit issues)
 * + 1   the issue (its id and key for the link; its parent for the answer)
 * + 1   the write of the issue's `outcomes` property (Jira's search by Key Result)
 * + 1   the write of the issue's Key Results field, as the app (its id is kept once found: the site's
 *       field list is read once, not at every link)
 * + 1   for a sub-task only: its parent, for the epic above (as the panel)
 * The permission and the issue read before the write serve the answer too: nothing is read twice.
 */
export function leastLinkIssue(kind: 'story' | 'subtask'): Least {
  const calls = kind === 'subtask' ? 5 : 4;
  return { calls, worked: kind === 'subtask' ? '1 + 1 + 1 + 1 + 1 = 5' : '1 + 1 + 1 + 1 = 4', terms: {} };
}

/**
 * A Sprint Review (getSprintReview) of a closed sprint:
 *   1                 mypermissions on the project (Browse)
 * + 1                 the project (its lead, the default Product Owner, decides who may grade)
 * + 1                 the sprint (name, dates, goal)
 * + ⌈I/100⌉           the snapshot's issues as this user may see them now (summaries, types),
 *                     I = issues in the snapshot (at most 1,000)
 * + ⌈G/100⌉ if G > 0  display names of the G distinct people who graded
 */
export function leastSprintReview(tenant: Tenant, graders: number): Least {
  const sprintId = tenant.subjects.reviewSprintId;
  const I = Math.min(MAX_REVIEW_ISSUES, tenant.data.issues.filter((issue) => issue.sprintIds.includes(sprintId)).length);
  const users = graders > 0 ? ceil(graders, PAGE.users) : 0;
  const calls = 3 + ceil(I, PAGE.search) + users;
  return { calls, worked: `1 + 1 + 1 + ⌈${I}/100⌉ + ⌈${graders}/100⌉ = ${calls}`, terms: { I, G: graders } };
}
