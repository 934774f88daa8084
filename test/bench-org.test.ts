// The benchmark's organization generator (bench/org.ts): the teams it makes, seeded through the app's
// own resolvers and kept-issues queue, are what the organization page shows (the bench measures the
// page on them, and checks the same at each size).
import { BENCH_TODAY } from '../bench/generate';
import { checkOrganizationPage, generateOrganization, onOrganizationPage, ORG_OBJECTIVES, ORG_TEAM_SHAPE, seedOrganization } from '../bench/org';
import { startBenchPlatform } from '../bench/platform';
import { pinClock } from './support/fixture';

beforeAll(() => pinClock(BENCH_TODAY));
afterAll(() => jest.useRealTimers());

describe('the benchmark’s organization generator', () => {
  it('gives each team a project, a Scrum board, a running sprint with its stories, the same every time', () => {
    const organization = generateOrganization(3);
    expect(JSON.stringify(generateOrganization(3))).toBe(JSON.stringify(organization));
    const { data, teams } = organization;
    expect(teams.map((team) => team.projectKey)).toEqual(['T01', 'T02', 'T03']);
    for (const team of teams) {
      expect(data.boards.filter((board) => board.projectKey === team.projectKey)).toEqual([expect.objectContaining({ id: team.boardId, type: 'scrum' })]);
      const running = data.sprints.filter((sprint) => sprint.originBoardId === team.boardId && sprint.state === 'active');
      expect(running.map((sprint) => sprint.id)).toEqual([team.activeSprintId]);
      expect(Date.parse(running[0]?.startDate ?? '')).toBeLessThan(BENCH_TODAY.getTime());
      expect(data.issues.filter((issue) => issue.sprintIds.includes(team.activeSprintId) && issue.issueTypeId === '10001')).toHaveLength(ORG_TEAM_SHAPE.stories);
      expect(data.permissions.some((grant) => grant.projectKey === team.projectKey)).toBe(true);
    }
    expect(teams.map((team) => [team.alignedTo, team.contributesTo])).toEqual([[0, 1], [1, 2], [2, 3]]);
  });

  it('is what the organization page shows once seeded: each team serving two Objectives, its sprint’s shares in the matrix', async () => {
    const organization = generateOrganization(3);
    const platform = startBenchPlatform(organization.data, 'T01');
    try {
      await seedOrganization(platform, organization);
      const answer = await onOrganizationPage(platform, 'kofi', 'getOrganizationOkrs', {});
      if (!answer.ok) throw new Error(answer.error.message);
      expect(answer.data.objectives.map((objective) => objective.title).sort()).toEqual([...ORG_OBJECTIVES].sort());
      const checks = checkOrganizationPage(organization, answer.data);
      expect(checks).toHaveLength(5);
      for (const check of checks) expect(check).toMatch(/: yes$/);
      // T01's aligned Objective serves the first organization Objective: 4 of its 10 stories.
      const first = answer.data.objectives.find((objective) => objective.title === ORG_OBJECTIVES[0]);
      expect(answer.data.topology.matrix.cells.find((cell) => cell.orgObjectiveId === first?.id && cell.projectKey === 'T01')).toMatchObject({ ways: ['aligned-objective'], issues: 4, sprintIssues: 10, share: 0.4 });
    } finally {
      platform.close();
    }
  });
});
