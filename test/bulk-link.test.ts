// Sprint Planning's bulk link (linkIssues) and its undo (unlinkIssues), through the real handler: who
// may, which issues, how many, and that each issue is changed whole or not at all.
import { demoRestrictedIssueKeys } from '../local/jira/demo-data';
import { BULK_LINK_MAX_ISSUES, type KeyResultView, type Objective } from '../src/contract';
import { inconsistencies } from './support/consistency';
import { dataOf, startPlatform, type TestPlatform, USERS } from './support/platform';
import { must } from './support/must';

let platform: TestPlatform;
beforeEach(() => {
  platform = startPlatform();
});
afterEach(async () => {
  await platform.forge.queuesSettled();
  platform.close();
});

async function keyResultOf(status: Objective['status'] = 'active'): Promise<{ objective: Objective; keyResult: KeyResultView }> {
  const overview = dataOf(await platform.onProjectPage('priya', 'getProjectOverview'));
  const objective = dataOf(
    await platform.onProjectPage('priya', 'saveObjective', {
      objective: { cycleId: overview.cycle.id, title: status === 'draft' ? 'Grow the personal-training business' : 'Make booking effortless', status },
      ...(status === 'active' ? { overrideLimitReason: 'Planning needs an agreed Objective' } : {}),
    }),
  );
  const keyResult = dataOf(
    await platform.onProjectPage('priya', 'saveKeyResult', {
      keyResult: { objectiveId: objective.id, title: 'Bookings made in the app', metric: { direction: 'increase', start: 41, target: 70, current: 41, unit: '%' } },
    }),
  );
  return { objective, keyResult };
}

/** GYM issues anyone on the team may edit: stories and tasks of the backlog, not the payment ones. */
function editableIssues(count: number): string[] {
  const restricted = new Set(demoRestrictedIssueKeys(platform.data));
  const subtaskTypes = new Set(platform.data.issueTypes.filter((type) => type.subtask).map((type) => type.id));
  return platform.data.issues
    .filter((issue) => issue.projectKey === 'GYM' && !restricted.has(issue.key) && !subtaskTypes.has(issue.issueTypeId))
    .slice(0, count)
    .map((issue) => issue.key);
}

async function propertyOf(issueKey: string): Promise<unknown> {
  const answer = await platform.jira.handle({ method: 'GET', path: `/rest/api/3/issue/${issueKey}/properties/outcomes`, headers: {}, accountId: null });
  return answer.status === 200 ? (answer.body as { value: unknown }).value : null;
}

/** The Key Results the issue is linked to itself (not through a parent). */
const panelLinks = async (issueKey: string) => dataOf(await platform.onIssuePanel('diego', 'getIssuePanel', issueKey)).links.filter((link) => link.via === 'issue').map((link) => link.keyResultId);

describe('linking several issues at once', () => {
  it('links every issue a developer picked, and Jira’s search finds each by the Key Result', async () => {
    const { keyResult, objective } = await keyResultOf();
    const issues = editableIssues(3);
    const answer = dataOf(await platform.onProjectPage('diego', 'linkIssues', { keyResultId: keyResult.id, issueKeys: issues }));
    expect(answer.results).toEqual(issues.map((issueKey) => ({ issueKey, outcome: 'linked' })));
    expect(answer.warnings).toEqual([]);
    for (const issueKey of issues) {
      expect(await panelLinks(issueKey)).toEqual([keyResult.id]);
      expect(await propertyOf(issueKey)).toEqual({ keyResultIds: [keyResult.id], objectiveIds: [objective.id] });
    }
    expect(await inconsistencies(platform, { exactProperties: true, exactField: true })).toEqual([]);
  });

  it('says which issues were linked already, and the undo unlinks only those it linked', async () => {
    const { keyResult } = await keyResultOf();
    const [before, ...rest] = editableIssues(3);
    const linkedBefore = must(before, 'an issue');
    dataOf(await platform.onIssuePanel('sam', 'linkIssue', linkedBefore, { keyResultId: keyResult.id }));
    const answer = dataOf(await platform.onProjectPage('diego', 'linkIssues', { keyResultId: keyResult.id, issueKeys: [linkedBefore, ...rest] }));
    expect(answer.results).toEqual([{ issueKey: linkedBefore, outcome: 'already-linked' }, ...rest.map((issueKey) => ({ issueKey, outcome: 'linked' }))]);

    const newlyLinked = answer.results.filter((result) => result.outcome === 'linked').map((result) => result.issueKey);
    const undone = dataOf(await platform.onProjectPage('diego', 'unlinkIssues', { keyResultId: keyResult.id, issueKeys: newlyLinked }));
    expect(undone.results).toEqual(rest.map((issueKey) => ({ issueKey, outcome: 'unlinked' })));
    expect(await panelLinks(linkedBefore)).toEqual([keyResult.id]);
    for (const issueKey of rest) {
      expect(await panelLinks(issueKey)).toEqual([]);
      expect(await propertyOf(issueKey)).toEqual({ keyResultIds: [], objectiveIds: [] });
    }
    // An undo sent twice finds nothing more to do.
    expect(dataOf(await platform.onProjectPage('diego', 'unlinkIssues', { keyResultId: keyResult.id, issueKeys: newlyLinked })).results.map((result) => result.outcome)).toEqual(['not-linked', 'not-linked']);
    expect(await inconsistencies(platform, { exactProperties: true, exactField: true })).toEqual([]);
  });

  it('refuses, issue by issue, what Mei may not edit, and links the rest', async () => {
    const { keyResult } = await keyResultOf();
    const restricted = must(demoRestrictedIssueKeys(platform.data)[0], 'a payment issue');
    const [open] = editableIssues(1);
    const answer = dataOf(await platform.onProjectPage('mei', 'linkIssues', { keyResultId: keyResult.id, issueKeys: [restricted, must(open, 'an issue')] }));
    expect(answer.results).toEqual([
      { issueKey: restricted, outcome: 'refused', error: { code: 'FORBIDDEN', message: `You need the Edit issues permission on ${restricted} to change the Key Results it serves.` } },
      { issueKey: open, outcome: 'linked' },
    ]);
    expect(await panelLinks(restricted)).toEqual([]);
    expect(await propertyOf(restricted)).toBeNull();
  });

  it('refuses the whole call, changing nothing, when no issue may be linked', async () => {
    const { keyResult } = await keyResultOf();
    const issues = editableIssues(2);
    const before = platform.kvs.snapshot();
    const answer = await platform.onProjectPage('sofia', 'linkIssues', { keyResultId: keyResult.id, issueKeys: issues });
    expect(answer).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: `You need the Edit issues permission on ${issues[0]} to change the Key Results it serves.` } });
    expect(platform.kvs.snapshot()).toBe(before);
  });

  it('leaves out another project’s issue even for someone who may edit it there', async () => {
    const { keyResult } = await keyResultOf();
    platform.jira.data.permissions.push({ accountId: USERS.priya, projectKey: 'OPS', permissions: ['BROWSE_PROJECTS', 'EDIT_ISSUES'] });
    const [gymIssue] = editableIssues(1);
    const answer = dataOf(await platform.onProjectPage('priya', 'linkIssues', { keyResultId: keyResult.id, issueKeys: ['OPS-1', must(gymIssue, 'an issue')] }));
    expect(answer.results).toEqual([
      { issueKey: 'OPS-1', outcome: 'refused', error: { code: 'VALIDATION', message: 'OPS-1 is not an issue of GYM: link it from its own project.', field: 'issueKeys' } },
      { issueKey: gymIssue, outcome: 'linked' },
    ]);
    expect(await propertyOf('OPS-1')).toBeNull();
  });

  it('refuses a draft Objective’s Key Result as the issue panel does, changing nothing', async () => {
    const { keyResult } = await keyResultOf('draft');
    const before = platform.kvs.snapshot();
    const answer = await platform.onProjectPage('diego', 'linkIssues', { keyResultId: keyResult.id, issueKeys: editableIssues(2) });
    expect(answer).toEqual({
      ok: false,
      error: { code: 'VALIDATION', field: 'keyResultId', message: '“Grow the personal-training business” is still a draft: link these issues once a Product Owner makes the Objective active.' },
    });
    expect(platform.kvs.snapshot()).toBe(before);
  });

  it(`links ${BULK_LINK_MAX_ISSUES} issues in one call, and refuses one more`, async () => {
    const { keyResult } = await keyResultOf();
    const issues = editableIssues(BULK_LINK_MAX_ISSUES + 1);
    expect(issues).toHaveLength(BULK_LINK_MAX_ISSUES + 1);
    const tooMany = await platform.onProjectPage('diego', 'linkIssues', { keyResultId: keyResult.id, issueKeys: issues });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'issueKeys', message: `Issue keys must hold at most ${BULK_LINK_MAX_ISSUES}.` } });
    const answer = dataOf(await platform.onProjectPage('diego', 'linkIssues', { keyResultId: keyResult.id, issueKeys: issues.slice(0, BULK_LINK_MAX_ISSUES) }));
    expect(answer.results.filter((result) => result.outcome === 'linked')).toHaveLength(BULK_LINK_MAX_ISSUES);
    const overview = dataOf(await platform.onProjectPage('diego', 'getProjectOverview'));
    const linked = overview.objectives.flatMap((objective) => objective.keyResults).find((each) => each.id === keyResult.id);
    expect(linked?.linkedIssues.total).toBe(BULK_LINK_MAX_ISSUES);
  }, 60_000);
});
