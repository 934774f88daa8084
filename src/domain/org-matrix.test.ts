import fc from 'fast-check';
import type { OrgTeamView } from '../contract';
import { keyResultsServed, type SprintIssue } from './alignment';
import { problemSentences, sprintServing, topologyCells } from './org-matrix';

const issue = (id: string, facts: Partial<SprintIssue> = {}): SprintIssue => ({ id, key: `GYM-${id}`, summary: id, subtask: false, statusCategory: 'inprogress', ...facts });

describe('how a running sprint serves the organization’s Objectives', () => {
  // Key Results: kr-plan serves "plan"; kr-both serves "plan" (its Objective) and "smooth" (its contribution); kr-team serves none.
  const orgObjectivesOf = (keyResultId: string) => ({ 'kr-plan': ['plan'], 'kr-both': ['plan', 'smooth'] })[keyResultId] ?? [];

  it('counts each unit of work once per organization Objective it serves, through its own, its parent’s and its grandparent’s links', () => {
    const issues = [issue('1', { parentId: 'epic' }), issue('2'), issue('3'), issue('4'), issue('5', { subtask: true, parentId: '4' })];
    const links = new Map([['epic', ['kr-plan']], ['2', ['kr-both']], ['3', ['kr-team']], ['5', ['kr-both']]]);
    const serving = sprintServing(issues, (id) => keyResultsServed(id, links, new Map([['1', 'epic']])), orgObjectivesOf);
    // Units: 1 (via its epic), 2, 3 (a team Key Result only), 4 (with its sub-task 5 folded in): four, all aligned, three serving the organization.
    expect(serving).toEqual({ issueCount: 4, aligned: 4, servingAny: 3, byOrgObjective: new Map([['plan', 3], ['smooth', 2]]) });
  });

  it('is empty for an empty sprint', () => {
    expect(sprintServing([], () => [], orgObjectivesOf)).toEqual({ issueCount: 0, aligned: 0, servingAny: 0, byOrgObjective: new Map() });
  });

  it('never counts a cell past the units serving any organization Objective, nor those past the aligned units (property)', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const keyResults = ['k1', 'k2', 'k3', 'k4'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.constantFrom(...ids), subtask: fc.boolean(), parentId: fc.option(fc.constantFrom(...ids), { nil: undefined }) }), { maxLength: 8 }),
        fc.dictionary(fc.constantFrom(...ids), fc.subarray(keyResults)),
        fc.dictionary(fc.constantFrom(...keyResults), fc.subarray(['plan', 'smooth', 'grow'])),
        (raw, links, orgOf) => {
          const issues = raw.map((one) => issue(one.id, { subtask: one.subtask, ...(one.parentId ? { parentId: one.parentId } : {}) }));
          const serving = sprintServing(issues, (id) => links[id] ?? [], (keyResultId) => orgOf[keyResultId] ?? []);
          const cells = [...serving.byOrgObjective.values()];
          expect(serving.servingAny).toBeLessThanOrEqual(serving.aligned);
          expect(serving.aligned).toBeLessThanOrEqual(serving.issueCount);
          for (const units of cells) expect(units).toBeLessThanOrEqual(serving.servingAny);
          // Every unit serving some organization Objective is in at least one cell.
          expect(cells.reduce((total, units) => total + units, 0)).toBeGreaterThanOrEqual(serving.servingAny);
        },
      ),
    );
  });
});

describe('the organization Objectives × teams matrix', () => {
  const gymSprint = { issueCount: 10, aligned: 6, servingAny: 5, byOrgObjective: new Map([['plan', 5], ['smooth', 1]]) };

  it('has a cell where a team serves an Objective, with the share of its running sprint, or only the way when no sprint is known', () => {
    const cells = topologyCells(
      ['plan', 'smooth', 'nobody'],
      [
        { projectKey: 'GYM', ways: new Map([['plan', ['dedicated', 'aligned-objective'] as const]]), sprint: gymSprint },
        { projectKey: 'OPS', ways: new Map([['plan', ['aligned-objective'] as const], ['smooth', ['key-result'] as const]]), sprint: null },
      ],
    );
    expect(cells).toEqual([
      { orgObjectiveId: 'plan', projectKey: 'GYM', ways: ['dedicated', 'aligned-objective'], issues: 5, sprintIssues: 10, share: 0.5 },
      { orgObjectiveId: 'plan', projectKey: 'OPS', ways: ['aligned-objective'], issues: null, sprintIssues: null, share: null },
      // GYM serves "smooth" only through one issue of its sprint: a cell with no way.
      { orgObjectiveId: 'smooth', projectKey: 'GYM', ways: [], issues: 1, sprintIssues: 10, share: 0.1 },
      { orgObjectiveId: 'smooth', projectKey: 'OPS', ways: ['key-result'], issues: null, sprintIssues: null, share: null },
    ]);
  });

  it('has no share for an empty running sprint, and 0 where the team serves the Objective but none of its sprint does', () => {
    const cells = topologyCells(['plan'], [
      { projectKey: 'GYM', ways: new Map([['plan', ['dedicated'] as const]]), sprint: { issueCount: 0, aligned: 0, servingAny: 0, byOrgObjective: new Map() } },
      { projectKey: 'OPS', ways: new Map([['plan', ['key-result'] as const]]), sprint: { issueCount: 4, aligned: 0, servingAny: 0, byOrgObjective: new Map() } },
    ]);
    expect(cells.map((cell) => [cell.projectKey, cell.issues, cell.share])).toEqual([['GYM', 0, null], ['OPS', 0, 0]]);
  });
});

describe('one sentence per problem', () => {
  const team = (projectKey: string, facts: Partial<OrgTeamView> = {}): OrgTeamView => ({ projectKey, name: `Team ${projectKey}`, okrsInProcess: 1, okrLimit: 3, dedicatedTo: null, unalignedObjectives: 0, sprint: null, ...facts });
  const teams = new Map([
    ['OPS', team('OPS', { okrsInProcess: 4, okrLimit: 2, unalignedObjectives: 1 })],
    ['WEB', team('WEB', { sprint: { id: 1, name: 'S1', goal: null, alignedShare: 0.3, servesKeyResults: [], servesOrgObjectiveIds: [] } })],
  ]);
  const known = { titleOf: (id: string) => ({ grow: 'Grow', calm: 'Calm' })[id] ?? '?', servedBy: (id: string) => (id === 'grow' ? 5 : 0), team: (key: string) => teams.get(key) };

  it('says what is wrong and what to consider, for each flag', () => {
    const sentences = problemSentences(
      [
        { rule: 'spread', orgObjectiveId: 'grow' },
        { rule: 'unserved', orgObjectiveId: 'calm' },
        { rule: 'over-limit', projectKey: 'OPS' },
        { rule: 'sprint-unaligned', projectKey: 'WEB' },
        { rule: 'objectives-unaligned', projectKey: 'OPS' },
      ],
      known,
    );
    expect(sentences.map((one) => one.sentence)).toEqual([
      'Objective “Grow” is served by 5 teams, none dedicated: consider a Nexus or a dedicated team.',
      'Objective “Calm” is served by no team: give it a dedicated team, or ask teams to align their OKRs to it.',
      'Team OPS has 4 Objectives in process, over its limit of 2: finish some before starting more.',
      'Team WEB’s running sprint: 30% of its work serves a Key Result: tie the sprint to the team’s OKRs.',
      'Team OPS has 1 active Objective serving no organization Objective: align it, or ask why.',
    ]);
    expect(sentences[0]).toMatchObject({ rule: 'spread', orgObjectiveId: 'grow' });
  });

  it('says nothing of a team it is not given (not listed: not visible)', () => {
    expect(problemSentences([{ rule: 'over-limit', projectKey: 'GYM' }], known)).toEqual([]);
  });
});
