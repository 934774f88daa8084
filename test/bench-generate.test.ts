// The benchmark's tenant generator (bench/generate.ts): deterministic, and the shape BENCHMARKS.md
// promises, checked on the smallest tenant.
import { BENCH_TODAY, generateTenant, OKR_SHAPE, SPRINT_COUNT } from '../bench/generate';
import { validateImport } from '../src/store/transfer';
import { must } from './support/must';

const tenant = generateTenant(500);

describe('the benchmark tenant generator', () => {
  it('gives the same tenant every time, and another one for another seed', () => {
    expect(JSON.stringify(generateTenant(500))).toBe(JSON.stringify(tenant));
    expect(JSON.stringify(generateTenant(500, { seed: 7 }))).not.toBe(JSON.stringify(tenant));
  });

  it('has the issues, sprints and board promised', () => {
    const { data } = tenant;
    expect(data.issues).toHaveLength(500);
    expect(new Set(data.issues.map((issue) => issue.key)).size).toBe(500);
    expect(data.boards).toEqual([expect.objectContaining({ type: 'scrum', projectKey: 'BIG' })]);
    expect(data.sprints).toHaveLength(60);
    const states = data.sprints.map((sprint) => sprint.state);
    expect(states.filter((state) => state === 'closed')).toHaveLength(SPRINT_COUNT.closed);
    expect(states.filter((state) => state === 'future')).toHaveLength(SPRINT_COUNT.future);
    const active = data.sprints.filter((sprint) => sprint.state === 'active');
    expect(active).toHaveLength(1);
    const today = BENCH_TODAY.getTime();
    expect(Date.parse(must(must(active[0], 'active[0]').startDate, 'active[0].startDate'))).toBeLessThanOrEqual(today);
    expect(Date.parse(must(must(active[0], 'active[0]').endDate, 'active[0].endDate'))).toBeGreaterThan(today);
    // Closed sprints ended within the last two years, every one with issues.
    const closed = data.sprints.filter((sprint) => sprint.state === 'closed');
    expect(today - Date.parse(must(must(closed[0], 'closed[0]').endDate, 'closed[0].endDate'))).toBeLessThanOrEqual(2 * 365 * 86_400_000);
    for (const sprint of closed) expect(data.issues.some((issue) => issue.sprintIds.includes(sprint.id))).toBe(true);
  });

  it('holds nothing that happens after today, as no Jira does: every issue created, updated, resolved and changed by then', () => {
    // On 20,000 issues: the backlog's done and in-progress work is where a date could run past today.
    const today = BENCH_TODAY.getTime();
    const after = generateTenant(20_000).data.issues.flatMap((issue) =>
      [issue.created, issue.updated, issue.resolutiondate, ...issue.changelog.map((change) => change.created)].filter((at): at is string => at !== null && Date.parse(at) > today).map((at) => `${issue.key} ${at}`),
    );
    expect(after).toEqual([]);
  });

  it('keeps statuses, parents, ranks and changelogs consistent', () => {
    const { data } = tenant;
    const byKey = new Map(data.issues.map((issue) => [issue.key, issue]));
    const category = new Map(data.statuses.map((status) => [status.id, status.categoryKey]));
    const closedIds = new Set(data.sprints.filter((sprint) => sprint.state === 'closed').map((sprint) => sprint.id));
    const endedInClosed = data.issues.filter((issue) => issue.issueTypeId !== '10003' && closedIds.has(issue.sprintIds.at(-1) ?? -1));
    const doneShare = endedInClosed.filter((issue) => category.get(issue.statusId) === 'done').length / endedInClosed.length;
    expect(doneShare).toBeGreaterThan(0.9);
    const backlog = data.issues.filter((issue) => issue.sprintIds.length === 0 && issue.issueTypeId !== '10000' && issue.issueTypeId !== '10003');
    expect(backlog.filter((issue) => category.get(issue.statusId) === 'new').length / backlog.length).toBeGreaterThan(0.8);
    for (const issue of data.issues) {
      if (issue.parentKey) expect(byKey.has(issue.parentKey)).toBe(true);
      if (issue.issueTypeId === '10003') expect(byKey.get(issue.parentKey ?? '')?.sprintIds).toEqual(issue.sprintIds);
      const last = issue.changelog.at(-1)?.items.find((item) => item.field === 'status');
      expect(last?.to ?? '10000').toBe(issue.statusId);
      expect(issue.resolutiondate !== null).toBe(category.get(issue.statusId) === 'done' && issue.changelog.length > 0);
    }
    expect(new Set(data.issues.map((issue) => issue.rank)).size).toBe(500);
  });

  it('has 40 Key Results in the current cycle with weekly check-ins, in an export the app imports', () => {
    const { okrs, subjects } = tenant;
    const current = okrs.keyResults.filter((keyResult) => keyResult.cycleId === subjects.cycleId);
    expect(subjects.cycleId).toBe('2026-Q4');
    expect(current).toHaveLength(OKR_SHAPE.objectives * OKR_SHAPE.keyResultsPerObjective);
    expect(current).toHaveLength(40);
    expect(okrs.objectives.filter((objective) => objective.cycleId === subjects.cycleId)).toHaveLength(10);
    for (const keyResult of current) {
      expect(keyResult.checkIns.length).toBe(6);
      expect(Date.parse(must(keyResult.checkIns[1], 'keyResult.checkIns[1]').at) - Date.parse(must(keyResult.checkIns[0], 'keyResult.checkIns[0]').at)).toBe(7 * 86_400_000);
      expect(keyResult.metric.current).toBe(must(keyResult.checkIns.at(-1), 'keyResult.checkIns.at(…)').value);
    }
    expect(() => validateImport('BIG', okrs)).not.toThrow();
  });

  it('links about 60 % of the issues to current Key Results, and has the issues the benchmark measures on', () => {
    const { links, data, subjects, okrs } = tenant;
    const issues = new Map(data.issues.map((issue) => [issue.id, issue]));
    const current = new Set(okrs.keyResults.filter((keyResult) => keyResult.cycleId === subjects.cycleId).map((keyResult) => keyResult.id));
    const linked = new Set(links.map((link) => link.issueId));
    expect(linked.size / data.issues.length).toBeGreaterThan(0.55);
    expect(linked.size / data.issues.length).toBeLessThan(0.65);
    expect(new Set(links.map((link) => `${link.issueId}:${link.keyResultId}`)).size).toBe(links.length);
    for (const link of links) {
      expect(issues.get(link.issueId)?.key).toBe(link.issueKey);
      expect(current.has(link.keyResultId)).toBe(true);
    }
    // Every current Key Result has linked work.
    expect(new Set(links.map((link) => link.keyResultId)).size).toBe(40);
    const story = must(data.issues.find((issue) => issue.key === subjects.story), 'data.issues.find((issue) => issue.key === subjects.story)');
    const subtask = must(data.issues.find((issue) => issue.key === subjects.subtask), 'data.issues.find((issue) => issue.key === subjects.subtask)');
    const epic = must(data.issues.find((issue) => issue.key === story.parentKey), 'data.issues.find((issue) => issue.key === story.parentKey)');
    expect([story.issueTypeId, epic.issueTypeId, subtask.issueTypeId, subtask.parentKey]).toEqual(['10001', '10000', '10003', story.key]);
    expect(story.sprintIds).toEqual([subjects.activeSprintId]);
    const linksOf = (issueId: string) => links.filter((link) => link.issueId === issueId).map((link) => link.keyResultId);
    expect(linksOf(story.id)).toHaveLength(1);
    expect(linksOf(epic.id)).toHaveLength(1);
    expect(linksOf(subtask.id)).toEqual([]);
    expect([...linksOf(story.id), ...linksOf(epic.id)]).not.toContain(subjects.linkKeyResultId);
    expect(data.sprints.find((sprint) => sprint.id === subjects.reviewSprintId)?.state).toBe('closed');
  });
});
