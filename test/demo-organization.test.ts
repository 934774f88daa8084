// The demo's organization page at first look, through the real handler after the preview's own seeding
// (local/preview.ts): GymTonic's four teams (the member app, operations, the trainer platform and
// marketing, which has no sprints), a dedicated team, a Nexus, a Key Result split across two teams with weights,
// and the flags; a viewer who browses only some projects is told nothing of the others.
import { DEMO_ACCOUNT_IDS, demoUserSwitcher } from '../local/jira/demo-data';
import { createPreview, type Preview } from '../local/preview';
import type { OrganizationOkrsData, OrgFlagRule } from '../src/contract';
import { pinClock } from './support/fixture';
import { must } from './support/must';

const TODAY = new Date('2026-11-23T12:00:00.000Z');
let preview: Preview;

beforeAll(async () => {
  pinClock(TODAY);
  preview = await createPreview({ dataDir: null, today: TODAY });
}, 60_000);

afterAll(async () => {
  await preview.close();
  jest.useRealTimers();
});

type Who = keyof typeof DEMO_ACCOUNT_IDS;

/** The organization page's data as `who` sees it (this fiscal year unless a cycle is given). */
async function organizationPage(who: Who, cycleId?: string): Promise<OrganizationOkrsData> {
  const answer = (await preview.forge.invoke({ accountId: DEMO_ACCOUNT_IDS[who], moduleKey: 'outcomes-organization', extension: { type: 'jira:globalPage' }, functionKey: 'getOrganizationOkrs', payload: cycleId ? { cycleId } : {} })) as
    | { ok: true; data: OrganizationOkrsData }
    | { ok: false; error: { message: string } };
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.data;
}

const titleOf = (data: OrganizationOkrsData) => new Map(data.objectives.map((objective) => [objective.id, objective.title]));
const ALL_RULES: OrgFlagRule[] = ['spread', 'unserved', 'over-limit', 'sprint-unaligned', 'objectives-unaligned'];
/** The flags as [rule, Objective title or team], in the order of the rules (the Objectives were written in one instant: in no particular order). */
const flagsOf = (data: OrganizationOkrsData) =>
  data.topology.flags
    .map((flag) => [flag.rule, flag.orgObjectiveId ? titleOf(data).get(flag.orgObjectiveId) : flag.projectKey] as const)
    .sort((a, b) => ALL_RULES.indexOf(a[0]) - ALL_RULES.indexOf(b[0]));
/** Who serves each Objective shown, and how, by title. */
const servingOf = (data: OrganizationOkrsData) =>
  Object.fromEntries(Object.entries(data.topology.serving).map(([id, teams]) => [titleOf(data).get(id), teams.map((team) => `${team.projectKey}: ${team.ways.join(', ')}`)]));

describe('the demo’s organization page, as the agile coach opens it first', () => {
  it('shows the four teams, TRN dedicated, and every flag kind (TRN’s page was opened once while seeding: its issues are kept)', async () => {
    const year = await organizationPage('kofi');
    expect(year.cycle.id).toBe('2026');
    expect(year.topology.teams.map((team) => [team.projectKey, team.name])).toEqual([
      ['GYM', 'GymTonic Member App'],
      ['MKT', 'GymTonic Marketing'],
      ['OPS', 'GymTonic Operations'],
      ['TRN', 'GymTonic Trainer Platform'],
    ]);
    const trn = must(year.topology.teams.find((team) => team.projectKey === 'TRN'), 'TRN');
    expect(trn).toMatchObject({ okrsInProcess: 2, okrLimit: 3, unalignedObjectives: 0, dedicatedTo: expect.any(String) });
    // MKT, a business project, has no sprint.
    expect(must(year.topology.teams.find((team) => team.projectKey === 'MKT'), 'MKT').sprint).toBeNull();
    expect(servingOf(year)).toEqual({
      'Become the gym members recommend to their friends': ['GYM: aligned-objective', 'MKT: aligned-objective', 'OPS: aligned-objective'],
      'Run every club at a profit': [],
    });
    expect(flagsOf(year)).toEqual([
      ['spread', 'Become the gym members recommend to their friends'],
      ['unserved', 'Run every club at a profit'],
      ['over-limit', 'OPS'],
      ['sprint-unaligned', 'TRN'],
      ['objectives-unaligned', 'OPS'],
    ]);
  });

  it('names the quarter’s Objective TRN is dedicated to, and the Key Result GYM and TRN split with weights', async () => {
    const quarter = await organizationPage('kofi', '2026-Q4');
    const trn = must(quarter.topology.teams.find((team) => team.projectKey === 'TRN'), 'TRN');
    expect(titleOf(quarter).get(trn.dedicatedTo ?? '')).toBe('Members train with a plan, wherever they are');
    expect(servingOf(quarter)).toEqual({
      // GYM and OPS serve it together too, as the demo's Nexus ("Member experience").
      'Members train with a plan, wherever they are': ['GYM: nexus, aligned-objective', 'OPS: nexus', 'TRN: dedicated, aligned-objective'],
      'Front desks spend their time on members, not admin': ['GYM: key-result, aligned-objective', 'OPS: aligned-objective', 'TRN: key-result'],
    });
    const split = must(
      quarter.objectives.flatMap((objective) => objective.keyResults).find((keyResult) => keyResult.title === 'Bookings made in the app rather than at the desk'),
      'the split Key Result',
    );
    expect(quarter.contributions[split.id]?.listed.map((contribution) => [contribution.projectKey, contribution.weight]).sort()).toEqual([
      ['GYM', 2],
      ['TRN', 1],
    ]);
  });

  it('shows a stakeholder who browses only GYM and OPS neither TRN nor MKT, named or counted, anywhere', async () => {
    for (const cycleId of [undefined, '2026-Q4']) {
      const asSofia = await organizationPage('sofia', cycleId);
      expect(asSofia.topology.teams.map((team) => team.projectKey)).toEqual(['GYM', 'OPS']);
      const text = JSON.stringify(asSofia);
      for (const hidden of ['TRN', 'MKT', 'Trainer Platform', 'Marketing', 'Members bring their friends', 'Personal training sessions booked in the app', 'Trainers run their week']) expect(text).not.toContain(hidden);
      // Two teams she sees serve the yearly Objective: under the threshold, no spread flag; still no "nobody serves it" for it.
      if (!cycleId) expect(flagsOf(asSofia)).toEqual([['unserved', 'Run every club at a profit'], ['over-limit', 'OPS'], ['objectives-unaligned', 'OPS']]);
    }
  });

  it('shows each lead their own team only', async () => {
    expect((await organizationPage('tomas')).topology.teams.map((team) => team.projectKey)).toEqual(['TRN']);
    expect((await organizationPage('nadia')).topology.teams.map((team) => team.projectKey)).toEqual(['MKT']);
  });

  it('lists the new leads in the preview’s user switcher, with their roles', () => {
    expect(demoUserSwitcher().filter((user) => ['Tomás Herrera', 'Nadia Karimi'].includes(user.displayName))).toEqual([
      { accountId: DEMO_ACCOUNT_IDS.tomas, displayName: 'Tomás Herrera', role: 'Product Owner, trainer platform (TRN only)', isDefault: false },
      { accountId: DEMO_ACCOUNT_IDS.nadia, displayName: 'Nadia Karimi', role: 'Marketing lead (MKT only)', isDefault: false },
    ]);
  });

  it('tells TRN’s running sprint and what it serves, mostly nothing: its Sprint Goal’s Key Result and its aligned share', async () => {
    const year = await organizationPage('kofi');
    const trn = must(year.topology.teams.find((team) => team.projectKey === 'TRN'), 'TRN');
    expect(trn.sprint).toMatchObject({ name: 'TRN Sprint 11', servesKeyResults: [{ title: 'Personal training clients with a plan in the app' }] });
    expect(trn.sprint?.alignedShare).toBeLessThan(0.5);
    expect(new Set(year.topology.flags.map((flag) => flag.rule))).toEqual(new Set(ALL_RULES));
  });
});
