import type { HistoryChange } from '../contract';
import { boundedChange, keyResultTitles, MAX_CHANGE_SIDE_BYTES } from './history';

const change = (before: unknown, after: unknown): HistoryChange => ({ at: '2026-11-02T09:00:00.000Z', accountId: 'a', what: 'objective.updated', before, after });
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

test('a change of ordinary size is answered as recorded', () => {
  const ordinary = change({ title: 'Old', description: 'd'.repeat(5000) }, { title: 'New', description: 'e'.repeat(5000) });
  expect(boundedChange(ordinary)).toBe(ordinary);
});

test('a side past 16 KiB has its long texts cut, notes of 2,000 characters first kept whole, and says it was shortened', () => {
  const notes = Array.from({ length: 6 }, (_, i) => `${i}`.repeat(2000));
  const large = change(null, { description: 'x'.repeat(60_000), notes });
  const bounded = boundedChange(large);
  expect(bounded.shortened).toBe(true);
  expect(bounded.before).toBeNull();
  expect(bytes(bounded.after)).toBeLessThanOrEqual(MAX_CHANGE_SIDE_BYTES);
  expect(bounded.after).toEqual({ description: `${'x'.repeat(2000)}…`, notes });
});

test('texts are cut shorter until the side fits, and a side that cannot fit is left out', () => {
  const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`field${i}`, 'y'.repeat(3000)]));
  const bounded = boundedChange(change(many, { title: 'kept' }));
  expect(bytes(bounded.before)).toBeLessThanOrEqual(MAX_CHANGE_SIDE_BYTES);
  expect((bounded.before as Record<string, string>).field0).toBe(`${'y'.repeat(120)}…`);
  expect(bounded.after).toEqual({ title: 'kept' });

  const huge = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i]));
  expect(boundedChange(change(huge, null))).toMatchObject({ before: null, after: null, shortened: true });
});

test('names each Key Result a page of changes is about: as it is now, or as a deleted one was last recorded', () => {
  const about = (keyResultId: string | undefined, before: unknown, after: unknown): HistoryChange => ({ ...change(before, after), what: 'keyResult.updated', ...(keyResultId ? { keyResultId } : {}) });
  const page = [
    about('kr-1', { title: 'Old name' }, { title: 'Older name' }),
    about('kr-gone', { title: 'Trainer bookings', id: 'kr-gone' }, null),
    about('kr-1', null, { value: 3 }),
    about(undefined, { title: 'The Objective' }, null),
  ];
  expect(keyResultTitles(page, [{ id: 'kr-1', title: 'Weekly active members' }, { id: 'kr-2', title: 'Not on this page' }])).toEqual({
    'kr-1': 'Weekly active members',
    'kr-gone': 'Trainer bookings',
  });
});
