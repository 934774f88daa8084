import fc from 'fast-check';
import type { ObjectiveStatus } from '../contract';
import { organizationTopology, type OrgObjectiveFacts, type TeamFacts, waysOfTeam } from './org-topology';

const grow: OrgObjectiveFacts = { id: 'grow', status: 'active', keyResultIds: ['grow-kr'] };
const profit: OrgObjectiveFacts = { id: 'profit', status: 'active', keyResultIds: ['profit-kr'] };

const team = (projectKey: string, facts: Partial<TeamFacts> = {}): TeamFacts => ({ projectKey, okrLimit: 3, objectives: [], contributions: [], sprintAlignedShare: null, ...facts });
const active = (id: string, servesOrgObjectiveId?: string, cycleId = '2026-Q4') => ({ id, cycleId, status: 'active' as const, ...(servesOrgObjectiveId ? { servesOrgObjectiveId } : {}) });
const everyone = () => true;

describe('who serves an organization Objective', () => {
  it('names a dedicated team, teams holding one of its Key Results and teams with aligned Objectives, each with how', () => {
    const teams = [
      team('GYM', { productGoalServes: 'grow', objectives: [active('g1', 'grow'), active('g2', 'grow')] }),
      team('OPS', { objectives: [active('o1')], contributions: [{ objectiveId: 'o1', orgKeyResultId: 'grow-kr' }] }),
      team('WEB', { objectives: [active('w1', 'grow'), active('w2')], contributions: [{ objectiveId: 'w2', orgKeyResultId: 'grow-kr' }] }),
    ];
    const { serving, teams: shown } = organizationTopology({ objectives: [grow, profit], teams, visible: everyone, spreadThreshold: 3 });
    expect(serving).toEqual({
      grow: [
        { projectKey: 'GYM', ways: ['dedicated', 'aligned-objective'] },
        { projectKey: 'OPS', ways: ['key-result'] },
        { projectKey: 'WEB', ways: ['key-result', 'aligned-objective'] },
      ],
      profit: [],
    });
    expect(shown.map((standing) => [standing.projectKey, standing.dedicatedTo])).toEqual([['GYM', 'grow'], ['OPS', null], ['WEB', null]]);
  });

  it('counts no dropped team Objective, nor the Key Results under it', () => {
    const dropped = team('GYM', { objectives: [{ id: 'g1', cycleId: '2026-Q4', status: 'dropped', servesOrgObjectiveId: 'grow' }], contributions: [{ objectiveId: 'g1', orgKeyResultId: 'grow-kr' }] });
    expect(waysOfTeam(dropped, new Map([['grow-kr', 'grow']]))).toEqual(new Map());
  });
});

describe('the flags, each with its rule', () => {
  it('flags an active organization Objective no team serves (not a draft or a done one)', () => {
    const { flags } = organizationTopology({ objectives: [grow, { ...profit, status: 'done' }, { id: 'later', status: 'draft', keyResultIds: [] }], teams: [], visible: everyone, spreadThreshold: 3 });
    expect(flags).toEqual([{ rule: 'unserved', orgObjectiveId: 'grow', why: expect.stringContaining('no team serves it') }]);
  });

  it('flags an Objective spread over the threshold of teams with none dedicated, and not once one is dedicated', () => {
    const aligned = (key: string) => team(key, { objectives: [active(`${key}-1`, 'grow'), active(`${key}-2`)] });
    const spread = organizationTopology({ objectives: [grow], teams: ['A', 'B', 'C'].map(aligned), visible: everyone, spreadThreshold: 3 });
    expect(spread.flags.filter((flag) => flag.rule === 'spread')).toEqual([{ rule: 'spread', orgObjectiveId: 'grow', why: expect.stringContaining('Served by 3 teams and none is dedicated') }]);
    expect(organizationTopology({ objectives: [grow], teams: ['A', 'B', 'C'].map(aligned), visible: everyone, spreadThreshold: 4 }).flags.filter((flag) => flag.rule === 'spread')).toEqual([]);
    const withDedicated = [...['A', 'B'].map(aligned), team('D', { productGoalServes: 'grow', objectives: [active('d1', 'grow')] })];
    expect(organizationTopology({ objectives: [grow], teams: withDedicated, visible: everyone, spreadThreshold: 3 }).flags.filter((flag) => flag.rule === 'spread')).toEqual([]);
  });

  it('does not flag an Objective served by a Nexus as spread: its teams serve it as a Nexus, first after dedicated', () => {
    const aligned = (key: string, nexusServes?: string) => team(key, { objectives: [active(`${key}-1`, 'grow'), active(`${key}-2`)], ...(nexusServes ? { nexusServes } : {}) });
    const topology = organizationTopology({ objectives: [grow, profit], teams: [aligned('A', 'grow'), aligned('B', 'grow'), aligned('C')], visible: everyone, spreadThreshold: 3 });
    expect(topology.flags.filter((flag) => flag.rule === 'spread')).toEqual([]);
    expect(topology.serving.grow).toEqual([
      { projectKey: 'A', ways: ['nexus', 'aligned-objective'] },
      { projectKey: 'B', ways: ['nexus', 'aligned-objective'] },
      { projectKey: 'C', ways: ['aligned-objective'] },
    ]);
    // A Nexus serving another Objective organizes nothing here.
    const elsewhere = organizationTopology({ objectives: [grow, profit], teams: [aligned('A', 'profit'), aligned('B', 'profit'), aligned('C')], visible: everyone, spreadThreshold: 3 });
    expect(elsewhere.flags.filter((flag) => flag.rule === 'spread').map((flag) => flag.orgObjectiveId)).toEqual(['grow']);
    expect(elsewhere.serving.profit).toEqual([
      { projectKey: 'A', ways: ['nexus'] },
      { projectKey: 'B', ways: ['nexus'] },
    ]);
    // A Nexus alone serves its Objective: it is not "served by nobody".
    expect(organizationTopology({ objectives: [profit], teams: [team('A', { nexusServes: 'profit' })], visible: everyone, spreadThreshold: 3 }).flags).toEqual([]);
  });

  it('flags a team over its OKR-in-process limit in a cycle, one whose running sprint is less than half aligned, and one with Objectives aligned to nothing', () => {
    const busy = team('GYM', { okrLimit: 2, objectives: [active('a', 'grow'), active('b', 'grow'), active('c', 'grow'), active('d', 'grow', '2026-Q3')], sprintAlignedShare: 0.4 });
    const { flags, teams } = organizationTopology({ objectives: [grow], teams: [busy, team('OPS', { objectives: [active('o1'), active('o2')], sprintAlignedShare: 0.5 })], visible: everyone, spreadThreshold: 3 });
    expect(teams.map((standing) => [standing.projectKey, standing.okrsInProcess, standing.unalignedObjectives])).toEqual([['GYM', 3, 0], ['OPS', 2, 2]]);
    expect(flags.map((flag) => [flag.rule, flag.projectKey])).toEqual([
      ['over-limit', 'GYM'],
      ['sprint-unaligned', 'GYM'],
      ['objectives-unaligned', 'OPS'],
    ]);
    expect(flags[0]?.why).toBe("3 Objectives in process in one cycle, over the team's OKR-in-process limit of 2: finish before starting more.");
    expect(flags[1]?.why).toBe("40% of the running sprint's work serves a Key Result: less than half.");
  });
});

describe('visible teams only', () => {
  const hidden = (projectKey: string) => projectKey.startsWith('H');

  it('never says "no team serves it" while a team the viewer cannot see serves it, and names and counts only visible teams', () => {
    const teams = [team('HIDDEN', { objectives: [active('h1', 'grow')], okrLimit: 0 }), team('OPS', { objectives: [active('o1')] })];
    const topology = organizationTopology({ objectives: [grow, profit], teams, visible: (key) => !hidden(key), spreadThreshold: 1 });
    expect(topology.flags.map((flag) => [flag.rule, flag.orgObjectiveId ?? flag.projectKey])).toEqual([
      ['unserved', 'profit'],
      ['objectives-unaligned', 'OPS'],
    ]);
    expect(JSON.stringify(topology)).not.toContain('HIDDEN');
  });

  const status = fc.constantFrom<ObjectiveStatus>('draft', 'active', 'done', 'dropped');
  const orgObjectives = fc.uniqueArray(fc.constantFrom('o1', 'o2', 'o3', 'o4'), { minLength: 1 }).chain((ids) =>
    fc.tuple(...ids.map((id) => status.map((s): OrgObjectiveFacts => ({ id, status: s, keyResultIds: [`${id}-kr`] })))),
  );
  const orgIds = fc.constantFrom('o1', 'o2', 'o3', 'o4', 'gone');
  const teamOf = (projectKey: string) =>
    fc.record({
      okrLimit: fc.integer({ min: 1, max: 4 }),
      productGoalServes: fc.option(orgIds, { nil: undefined }),
      objectives: fc.array(fc.record({ id: fc.constantFrom('t1', 't2', 't3', 't4'), cycleId: fc.constantFrom('2026-Q3', '2026-Q4'), status, servesOrgObjectiveId: fc.option(orgIds, { nil: undefined }) }), { maxLength: 5 }),
      contributions: fc.array(fc.record({ objectiveId: fc.constantFrom('t1', 't2', 't3', 't4'), orgKeyResultId: orgIds.map((id) => `${id}-kr`) }), { maxLength: 3 }),
      sprintAlignedShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
    }).map((facts): TeamFacts => {
      const { productGoalServes, objectives, ...rest } = facts;
      return { projectKey, ...rest, ...(productGoalServes ? { productGoalServes } : {}), objectives: objectives.map(({ servesOrgObjectiveId, ...objective }) => ({ ...objective, ...(servesOrgObjectiveId ? { servesOrgObjectiveId } : {}) })) };
    });

  it('adding teams the viewer cannot see changes nothing shown, except that an Objective they serve is not flagged as served by nobody (property)', () => {
    fc.assert(
      fc.property(orgObjectives, fc.array(teamOf('VIS'), { maxLength: 3 }), fc.array(teamOf('HID'), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 4 }), (objectives, seen, unseen, spreadThreshold) => {
        const visibleTeams = seen.map((facts, index) => ({ ...facts, projectKey: `VIS${index}` }));
        const hiddenTeams = unseen.map((facts, index) => ({ ...facts, projectKey: `HID${index}` }));
        const visible = (key: string) => key.startsWith('VIS');
        const alone = organizationTopology({ objectives, teams: visibleTeams, visible, spreadThreshold });
        const together = organizationTopology({ objectives, teams: [...hiddenTeams, ...visibleTeams], visible, spreadThreshold });
        expect(JSON.stringify(together)).not.toContain('HID');
        expect(together.serving).toEqual(alone.serving);
        expect(together.teams).toEqual(alone.teams);
        const withoutUnserved = (flags: typeof alone.flags) => flags.filter((flag) => flag.rule !== 'unserved');
        expect(withoutUnserved(together.flags)).toEqual(withoutUnserved(alone.flags));
        // Hidden teams can only take "served by nobody" away, never add it.
        const unserved = (flags: typeof alone.flags) => flags.filter((flag) => flag.rule === 'unserved').map((flag) => flag.orgObjectiveId);
        expect(unserved(alone.flags)).toEqual(expect.arrayContaining(unserved(together.flags)));
      }),
    );
  });

  it('an Objective flagged as served by nobody has no serving team listed (property)', () => {
    fc.assert(
      fc.property(orgObjectives, fc.array(teamOf('T'), { maxLength: 4 }), (objectives, teams) => {
        const named = teams.map((facts, index) => ({ ...facts, projectKey: `T${index}` }));
        const topology = organizationTopology({ objectives, teams: named, visible: everyone, spreadThreshold: 3 });
        for (const flag of topology.flags.filter((candidate) => candidate.rule === 'unserved')) expect(topology.serving[flag.orgObjectiveId as string]).toEqual([]);
      }),
    );
  });
});
