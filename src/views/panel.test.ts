import type { IssueLinkRecord } from '../store/links';
import { issue, keyResult, objective, Q4, SETTINGS, TODAY } from './__fixtures__/records';
import { issuePanelView, keyResultMatches, type PanelInput } from './panel';
import { must } from '../../test/support/must';

const link = (issueId: string, keyResultId: string, linkedAt: string): IssueLinkRecord => ({
  projectKey: 'GYM', issueId, issueKey: `GYM-${issueId}`, keyResultId, objectiveId: 'o1', cycleId: '2026-Q4', linkedAt, accountId: 'dev',
});

function input(extra: Partial<PanelInput> = {}): PanelInput {
  return {
    projectKey: 'GYM',
    issue: issue('2', { parentId: '1', parentKey: 'GYM-1', statusCategory: 'inprogress', issueType: 'Sub-task', subtask: true }),
    links: [link('1', 'k1', '2026-10-05T09:00:00.000Z'), link('1', 'k2', '2026-10-04T09:00:00.000Z'), link('2', 'k1', '2026-10-06T09:00:00.000Z'), link('2', 'gone', '2026-10-01T09:00:00.000Z')],
    keyResults: new Map([['k1', keyResult('k1', 'o1')], ['k2', keyResult('k2', 'o1')]]),
    objectives: new Map([['o1', objective('o1')]]),
    settings: SETTINGS,
    canLink: true,
    now: TODAY,
    warnings: [],
    ...extra,
  };
}

describe('issuePanelView', () => {
  it('shows the issue with its parent, and the current cycle', () => {
    const panel = issuePanelView(input());
    expect(panel.issue).toEqual({ key: 'GYM-2', summary: 'Issue 2', statusCategory: 'inprogress', issueType: 'Sub-task', parentKey: 'GYM-1' });
    expect(panel.cycle.id).toBe('2026-Q4');
    expect(panel.canLink).toBe(true);
  });

  it('lists direct links first, a Key Result served both ways once as direct, and leaves out deleted Key Results', () => {
    const panel = issuePanelView(input());
    expect(panel.links.map((view) => [view.keyResultId, view.via, view.fromIssueKey])).toEqual([
      ['k1', 'issue', undefined],
      ['k2', 'parent', 'GYM-1'],
    ]);
    expect(must(panel.links[0], 'panel.links[0]').keyResult.progress).toBe(0.5);
  });

  it('leaves out links into another project’s Key Results, as through a parent in that project', () => {
    const ops = { ...link('1', 'k9', '2026-10-03T09:00:00.000Z'), projectKey: 'OPS', objectiveId: 'o9' };
    const panel = issuePanelView(
      input({
        links: [...input().links, ops],
        keyResults: new Map([...input().keyResults, ['k9', keyResult('k9', 'o9', { projectKey: 'OPS' })]]),
        objectives: new Map([...input().objectives, ['o9', objective('o9', { projectKey: 'OPS', description: 'OPS only' })]]),
      }),
    );
    expect(panel.links.map((view) => view.keyResultId)).toEqual(['k1', 'k2']);
    expect(JSON.stringify(panel)).not.toContain('OPS only');
  });
});

describe('keyResultMatches', () => {
  const okrs = {
    objectives: [objective('o1', { title: 'Members thrive' }), objective('o2', { title: 'Old plan', status: 'dropped' })],
    keyResults: [keyResult('k1', 'o1', { title: 'Weekly active members' }), keyResult('k2', 'o1', { title: 'Trainer bookings' }), keyResult('k3', 'o2', { title: 'Weekly active trainers' })],
  };

  it('finds Key Results holding every word of the query in their title or their Objective’s, leaving dropped Objectives out', () => {
    const found = keyResultMatches(okrs, 'WEEKLY thrive', Q4, TODAY);
    expect(found.map((match) => match.keyResult.id)).toEqual(['k1']);
  });

  it('answers every Key Result of Objectives not dropped to an empty query', () => {
    const found = keyResultMatches(okrs, undefined, Q4, TODAY);
    expect(found.map((match) => [match.keyResult.id, match.objective.id])).toEqual([['k1', 'o1'], ['k2', 'o1']]);
  });
  it('leaves out the Key Results of draft Objectives: nobody links work to a plan not yet agreed', () => {
    const withDraft = {
      objectives: [...okrs.objectives, objective('o3', { title: 'Members thrive next quarter', status: 'draft' })],
      keyResults: [...okrs.keyResults, keyResult('k4', 'o3', { title: 'Weekly active families' })],
    };
    expect(keyResultMatches(withDraft, 'weekly', Q4, TODAY).map((match) => match.keyResult.id)).toEqual(['k1']);
  });
});
