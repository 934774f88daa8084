import type { ObjectiveView, OrganizationTopology } from '../../../../src/contract';
import { filteredObjectives, NO_FILTER, teamKept } from './filters';

const objective = (id: string, status: ObjectiveView['status'] = 'active') => ({ id, status }) as ObjectiveView;
const topology = {
  serving: {
    app: [{ projectKey: 'GYM', ways: ['aligned-objective'] }],
    clubs: [{ projectKey: 'OPS', ways: ['key-result'] }],
    brand: [{ projectKey: 'MKT', ways: ['aligned-objective'] }],
    nobody: [],
  },
} as unknown as OrganizationTopology;
const objectives = [objective('app'), objective('clubs'), objective('brand', 'done'), objective('nobody')];
const nexuses = [{ id: 'n1', projects: [{ key: 'GYM' }, { key: 'OPS' }] }];
const shown = (filter: typeof NO_FILTER) => filteredObjectives(objectives, topology, filter, teamKept(filter, nexuses)).map((kept) => kept.id);

describe('the organization page’s filters', () => {
  it('keep every Objective, served or not, with nothing chosen', () => {
    expect(shown(NO_FILTER)).toEqual(['app', 'clubs', 'brand', 'nobody']);
  });

  it('keep, for a team of teams, the Objectives one of its teams serves, and only its teams', () => {
    const filter = { ...NO_FILTER, nexusId: 'n1' };
    expect(shown(filter)).toEqual(['app', 'clubs']);
    expect(['GYM', 'OPS', 'MKT', 'TRN'].filter(teamKept(filter, nexuses))).toEqual(['GYM', 'OPS']);
  });

  it('narrow by team, team of teams and status together', () => {
    expect(shown({ ...NO_FILTER, nexusId: 'n1', projectKey: 'OPS' })).toEqual(['clubs']);
    expect(shown({ ...NO_FILTER, nexusId: 'n1', projectKey: 'MKT' })).toEqual([]);
    expect(shown({ ...NO_FILTER, status: 'done' })).toEqual(['brand']);
  });

  it('keep no team for a team of teams no longer there', () => {
    expect(['GYM', 'OPS'].filter(teamKept({ ...NO_FILTER, nexusId: 'gone' }, nexuses))).toEqual([]);
  });
});
