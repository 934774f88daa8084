import type { HistoryChange } from '../../../../../src/contract';
import { formatDateTime } from '../../shared/format';
import { changeDetails, changeHeading, changeLine, whatLabel } from './historyText';

const people = { a: 'Priya Natarajan', b: 'Ana Silva' };

function change(what: string, before: unknown, after: unknown, reason?: string): HistoryChange {
  return { at: '2026-11-12T14:05:00Z', accountId: 'a', what, before, after, ...(reason ? { reason } : {}) };
}

test('each kind of change has its sentence; an unknown one is made readable', () => {
  expect(whatLabel('objective.updated')).toBe('Changed the Objective');
  expect(whatLabel('keyResult.checked-in')).toBe('Checked in');
  expect(whatLabel('keyResult.target-moved')).toBe('Target moved');
  expect(whatLabel('cycle.closedEarly')).toBe('Closed early');
});

test('an edit lists what people changed, by the labels they know, and not the bookkeeping', () => {
  const before = { id: 'o-1', version: 1, updatedAt: '2026-11-01T00:00:00Z', title: 'Members train more', status: 'draft', ownerAccountId: 'a' };
  const after = { id: 'o-1', version: 2, updatedAt: '2026-11-12T14:05:00Z', title: 'Members love training with us', status: 'active', ownerAccountId: 'b' };
  expect(changeDetails(change('objective.updated', before, after), people)).toEqual([
    { label: 'Title', before: 'Members train more', after: 'Members love training with us' },
    { label: 'Status', before: 'Draft', after: 'Active' },
    { label: 'Owner', before: 'Priya Natarajan', after: 'Ana Silva' },
  ]);
});

test('a metric change names its direction and numbers', () => {
  const before = { metric: { direction: 'increase', start: 10, target: 20, current: 12 } };
  const after = { metric: { direction: 'decrease', start: 10, target: 5, current: 12, unit: 'ms' } };
  expect(changeDetails(change('keyResult.updated', before, after), people)).toEqual([
    { label: 'Direction', before: 'Increase', after: 'Decrease' },
    { label: 'Target', before: '20', after: '5' },
    { label: 'Unit', after: 'ms' },
  ]);
});

test('a check-in says the new value once, with its confidence and note', () => {
  const after = { current: 27, checkIn: { accountId: 'a', value: 27, confidence: 7, note: 'Launch week' }, checkInCount: 3 };
  expect(changeDetails(change('keyResult.checked-in', { current: 18 }, after), people)).toEqual([
    { label: 'Current', before: '18', after: '27' },
    { label: 'Confidence', after: '7' },
    { label: 'Note', after: 'Launch week' },
  ]);
});

test('a corrected grade reads with one decimal and still names its sprint', () => {
  const before = { grade: { score: 0.6, sprintName: 'GYM Sprint 7', accountId: 'a' } };
  const after = { grade: { score: 0.7, sprintName: 'GYM Sprint 7', accountId: 'b' } };
  expect(changeDetails(change('keyResult.grade-corrected', before, after), people)).toEqual([
    { label: 'Grade', before: '0.6', after: '0.7' },
    { label: 'Sprint', after: 'GYM Sprint 7' },
  ]);
});

test("an override's reason is the change's own reason, so it is not repeated as a detail", () => {
  const after = { status: 'active', limitOverride: { accountId: 'a', reason: 'The regulator moved the deadline' } };
  expect(changeDetails(change('objective.limit-overridden', { status: 'draft' }, after, 'The regulator moved the deadline'), people)).toEqual([
    { label: 'Status', before: 'Draft', after: 'Active' },
  ]);
  expect(changeDetails(change('objective.limit-overridden', { status: 'draft' }, after), people)).toContainEqual({
    label: 'Reason for going past the limit',
    after: 'The regulator moved the deadline',
  });
});

test('lists read as titles and as names', () => {
  const after = { keyResults: [{ title: 'Churn below 3%' }, { title: 'NPS above 40' }], productOwnerAccountIds: ['a', 'b'] };
  expect(changeDetails(change('settings.updated', null, after), people)).toEqual([
    { label: 'Key Results', after: '“Churn below 3%”, “NPS above 40”' },
    { label: 'Product Owners', after: 'Priya Natarajan, Ana Silva' },
  ]);
});

test('the line under a change says who and when', () => {
  expect(changeLine(change('objective.created', null, {}), people)).toBe(`Priya Natarajan · ${formatDateTime('2026-11-12T14:05:00Z')}`);
  expect(changeLine({ ...change('objective.created', null, {}), accountId: 'z' }, people)).toMatch(/^Someone outside this page · /);
});

test('each entry about a Key Result names it', () => {
  const titles = { 'kr-1': 'Weekly active members', 'kr-2': 'Trainer bookings' };
  const about = (what: string, keyResultId?: string): HistoryChange => ({ ...change(what, null, null), ...(keyResultId ? { keyResultId } : {}) });
  expect(changeHeading(about('keyResult.checked-in', 'kr-1'), titles)).toBe('Checked in on “Weekly active members”');
  expect(changeHeading(about('keyResult.graded', 'kr-2'), titles)).toBe('Graded the Key Result “Trainer bookings”');
  expect(changeHeading(about('keyResult.created', 'kr-2'), titles)).toBe('Added the Key Result “Trainer bookings”');
  expect(changeHeading(about('keyResult.target-moved', 'kr-1'), titles)).toBe('Target moved: “Weekly active members”');
  // The Objective's own changes, and a Key Result the page was not told of, read as before.
  expect(changeHeading(about('objective.updated'), titles)).toBe('Changed the Objective');
  expect(changeHeading(about('keyResult.checked-in', 'kr-9'), titles)).toBe('Checked in');
});
