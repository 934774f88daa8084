import type { Objective } from '../contract';
import type { SprintReviewRecord } from '../store/model';
import { issue, keyResult, objective, Q4, SETTINGS, TODAY } from './__fixtures__/records';
import { accountsMentioned, cycleGrading, type OverviewInput, projectOverview } from './overview';
import { must } from '../../test/support/must';

function input(extra: Partial<OverviewInput> = {}): OverviewInput {
  return {
    project: { key: 'GYM', name: 'GymTonic' },
    cycle: Q4,
    today: TODAY,
    settings: SETTINGS,
    access: { canEdit: true, isProductOwner: false, canCheckIn: (candidate: Objective) => candidate.ownerAccountId === 'me', canLinkWork: true },
    okrs: { objectives: [objective('o1', { ownerAccountId: 'me' })], keyResults: [keyResult('k1', 'o1'), keyResult('k2', 'o1')] },
    links: [
      { issueId: '1', keyResultId: 'k1' },
      { issueId: '3', keyResultId: 'k2' },
    ],
    issues: new Map([
      ['1', issue('1', { statusCategory: 'done', sprintIds: [7], storyPoints: 3 })],
      ['2', issue('2', { sprintIds: [7], storyPoints: 5 })],
      ['3', issue('3', { summary: 'Epic' })],
      ['4', issue('4', { parentId: '3' })],
      ['5', issue('5', { statusCategory: 'inprogress' })],
    ]),
    changes: new Map(),
    orgTitles: new Map(),
    backlogIds: ['5', '4', '99'],
    sprintIssueIds: ['1', '2'],
    board: { id: 1, name: 'GYM board' },
    sprints: [{ id: 7, name: 'Sprint 7', state: 'active', startDate: '2026-11-10', endDate: '2026-11-24', goal: '  Onboard members  ' }],
    sprintGoals: new Map(),
    reviews: [],
    people: { po: 'Priya' },
    warnings: [],
    ...extra,
  };
}

describe('projectOverview', () => {
  it('ranks the backlog in the order searched, each item with the Key Results it serves through its parents, and skips issues not read', () => {
    const page = projectOverview(input());
    expect(page.backlog).toEqual([
      { key: 'GYM-5', summary: 'Issue 5', statusCategory: 'inprogress', issueType: 'Story', rank: 1, keyResultIds: [] },
      { key: 'GYM-4', summary: 'Issue 4', statusCategory: 'todo', issueType: 'Story', rank: 2, keyResultIds: ['k2'] },
    ]);
  });

  it('shows each sprint with its trimmed goal, suggested Key Results and aligned share, and the running sprint’s unaligned work', () => {
    const page = projectOverview(input());
    expect(page.sprints).toEqual([
      expect.objectContaining({ id: 7, goal: 'Onboard members', keyResultIds: ['k1'], keyResultsSuggested: true, alignedShare: 0.5, alignedPointShare: 3 / 8, issueCount: 2 }),
    ]);
    expect(page.unaligned).toEqual({ sprintId: 7, issues: [{ key: 'GYM-2', summary: 'Issue 2' }], count: 1, share: 0.5 });
  });

  it('with no sprint running, lists the next planned sprint’s unaligned work, as Sprint Planning needs', () => {
    const planned = { id: 8, name: 'Sprint 8', state: 'future' as const, goal: 'Members book trainers' };
    const later = { id: 9, name: 'Sprint 9', state: 'future' as const, goal: '' };
    const page = projectOverview(input({ sprints: [{ ...planned }, later], issues: new Map([...input().issues].map(([id, each]) => [id, { ...each, sprintIds: each.sprintIds.length ? [8] : [] }])) }));
    expect(page.unaligned).toEqual({ sprintId: 8, issues: [{ key: 'GYM-2', summary: 'Issue 2' }], count: 1, share: 0.5 });
    expect(page.sprints.map((sprint) => [sprint.id, sprint.alignedShare, sprint.keyResultIds])).toEqual([
      [8, 0.5, ['k1']],
      [9, null, []],
    ]);
  });

  it('lists the running sprint’s unaligned work, not the next one’s, while a sprint runs', () => {
    const page = projectOverview(input({ sprints: [{ id: 8, name: 'Sprint 8', state: 'future', goal: '' }, ...input().sprints] }));
    expect(page.unaligned?.sprintId).toBe(7);
  });

  it('keeps a Sprint Goal tied by a Product Owner, without Key Results deleted since', () => {
    const page = projectOverview(input({ sprintGoals: new Map([[7, { keyResultIds: ['k2', 'gone'] }]]) }));
    expect(page.sprints[0]).toMatchObject({ keyResultIds: ['k2'], keyResultsSuggested: false });
  });

  it('counts each Key Result’s linked issues by status and says who may check in', () => {
    const page = projectOverview(input());
    const [k1, k2] = must(page.objectives[0], 'page.objectives[0]').keyResults;
    expect(must(k1, 'k1').linkedIssues).toEqual({ total: 1, todo: 0, inProgress: 0, done: 1 });
    expect(must(k2, 'k2').linkedIssues).toEqual({ total: 1, todo: 1, inProgress: 0, done: 0 });
    // The issues themselves load when the row opens: the page carries only the counts.
    expect(k2).not.toHaveProperty('issues');
    expect(page.access).toEqual({ canEdit: true, canCheckIn: true, productOwners: [{ accountId: 'po', displayName: 'Priya' }], canLinkWork: true });
  });

  it('counts the OKRs in process against the limit, with the overrides of active Objectives', () => {
    const override = { objectiveId: 'o2', accountId: 'po', at: '2026-10-03T09:00:00.000Z', reason: 'Launch' };
    const objectives = [objective('o1'), objective('o2', { limitOverride: override }), objective('o3', { status: 'draft' })];
    const page = projectOverview(input({ okrs: { objectives, keyResults: [] } }));
    expect(page.okrLimit).toEqual({ limit: 3, inProcess: 2, overrides: [override] });
  });

  it('names a Product Owner it has no name for', () => {
    expect(projectOverview(input({ people: {} })).access.productOwners).toEqual([{ accountId: 'po', displayName: 'a Product Owner' }]);
  });
});

describe('accountsMentioned', () => {
  it('lists the Product Owners, Objective owners, limit overriders and everyone who checked in', () => {
    const okrs = {
      objectives: [objective('o1', { ownerAccountId: 'owner', limitOverride: { objectiveId: 'o1', accountId: 'overrider', at: '2026-10-03T09:00:00.000Z', reason: 'r' } })],
      keyResults: [keyResult('k1', 'o1', { checkIns: [{ at: '2026-10-05T09:00:00.000Z', accountId: 'checker', value: 6, confidence: 7 }] })],
    };
    expect(accountsMentioned(SETTINGS, okrs)).toEqual(['po', 'owner', 'overrider', 'checker']);
  });
});

describe('cycleGrading', () => {
  const grade = (score: number) => ({ score, value: 5, at: '2026-11-01T09:00:00.000Z', accountId: 'po' });
  const review = (sprintId: number, closedAt: string, entries: SprintReviewRecord['keyResults']): SprintReviewRecord => ({
    projectKey: 'GYM', sprintId, sprintName: `Sprint ${sprintId}`, cycleId: '2026-Q4', closedAt, openedAt: closedAt, issues: [], keyResults: entries, version: 1,
  });

  it('lists reviews latest first, counts only Key Results that still exist, and gathers each one’s grades oldest first', () => {
    const entry = (keyResultId: string, score?: number) => ({ keyResultId, objectiveId: 'o1', valueAtClose: 5, progressAtClose: 0.5, corrections: [], ...(score !== undefined ? { grade: grade(score) } : {}) });
    const { summaries, gradesOf, summary } = cycleGrading(
      [review(8, '2026-11-14T09:00:00.000Z', [entry('k1', 0.7), entry('gone', 1)]), review(7, '2026-10-31T09:00:00.000Z', [entry('k1', 0.5), entry('k2')])],
      new Set(['k1', 'k2']),
    );
    expect(summaries.map((s) => [s.sprintId, s.keyResultCount, s.gradedCount])).toEqual([[8, 1, 1], [7, 2, 1]]);
    expect(must(gradesOf.get('k1'), "gradesOf.get('k1')").map((g) => [g.sprintId, g.score])).toEqual([[7, 0.5], [8, 0.7]]);
    expect(summary).toEqual({ average: 0.6, count: 2, targetsMayBeTooLow: false });
  });
});
