import type { BulkLinkData, ObjectiveView } from '../../../../../src/contract';
import { changedIssueKeys, linkableKeyResults, linkedTitle, refusals, selectionProblem, unlinkedTitle } from './bulkText';

const answer: BulkLinkData = {
  keyResultId: 'k1',
  results: [
    { issueKey: 'GYM-1', outcome: 'linked' },
    { issueKey: 'GYM-2', outcome: 'already-linked' },
    { issueKey: 'GYM-3', outcome: 'refused', error: { code: 'FORBIDDEN', message: 'You need the Edit issues permission on GYM-3 to change the Key Results it serves.' } },
    { issueKey: 'GYM-4', outcome: 'linked' },
  ],
  warnings: [],
};

describe('a bulk link in words', () => {
  it('undoes only the issues it linked now', () => {
    expect(changedIssueKeys(answer)).toEqual(['GYM-1', 'GYM-4']);
  });

  it('says how many issues now serve the Key Result, and how many already did', () => {
    expect(linkedTitle(answer, 'Bookings in the app')).toBe('2 issues now serve “Bookings in the app”; 1 already did');
    expect(linkedTitle({ ...answer, results: [{ issueKey: 'GYM-1', outcome: 'linked' }] }, 'X')).toBe('1 issue now serves “X”');
    expect(linkedTitle({ ...answer, results: [{ issueKey: 'GYM-1', outcome: 'already-linked' }] }, 'X')).toBe('No new issue linked to “X”; 1 already did');
  });

  it('says what an undo took back', () => {
    expect(unlinkedTitle({ ...answer, results: [{ issueKey: 'GYM-1', outcome: 'unlinked' }, { issueKey: 'GYM-4', outcome: 'unlinked' }] }, 'X')).toBe('Undone: 2 issues no longer serve “X”');
  });

  it('lists each refused issue with its reason', () => {
    expect(refusals(answer)).toEqual([{ issueKey: 'GYM-3', message: 'You need the Edit issues permission on GYM-3 to change the Key Results it serves.' }]);
  });

  it('stops a selection past the server’s bound', () => {
    expect(selectionProblem(50)).toBeNull();
    expect(selectionProblem(51)).toBe('Select at most 50 issues at once (51 are selected).');
  });

  it('offers only the Key Results of agreed Objectives', () => {
    const objective = (id: string, status: ObjectiveView['status']) => ({ id, title: `Objective ${id}`, status, keyResults: [{ id: `${id}-kr`, title: `KR of ${id}` }] }) as unknown as ObjectiveView;
    expect(linkableKeyResults([objective('a', 'active'), objective('d', 'draft'), objective('x', 'dropped'), objective('f', 'done')])).toEqual([
      { label: 'Objective a', options: [{ value: 'a-kr', label: 'KR of a' }] },
      { label: 'Objective f', options: [{ value: 'f-kr', label: 'KR of f' }] },
    ]);
  });
});
