// The rosters the project page counts with (store/kept-flow.ts): which changes to kept issues move
// them between rosters or give them new facts, and how a roster stays inside what a value may hold.
import type { KeptIssue } from '../../src/domain/kept';
import { boundedRoster, changedRoster, ROSTER_BYTES, rosterChangesOf, rosterEntryId, rostersOf, sprintRosterChange, upperRosterChange } from '../../src/store/kept-flow';

const issue = (id: number, fields: Partial<KeptIssue> = {}): KeptIssue => ({ id: String(id), key: `GYM-${id}`, category: 'todo', rank: `0|i${String(id).padStart(5, '0')}:`, updated: '2026-11-20T12:00:00.000Z', ...fields });

describe('roster changes', () => {
  it('puts an issue on the rosters of the sprints it joined, takes it off those it left, and puts it again where its facts changed', () => {
    const before = issue(7, { sprintIds: [1, 2], points: 3 });
    const after = issue(7, { sprintIds: [2, 3], points: 5 });
    const changes = rosterChangesOf([{ before, after }]);
    expect([...(sprintRosterChange(changes, 1)?.remove ?? [])]).toEqual(['7']);
    expect(sprintRosterChange(changes, 2)?.put.get('7')?.[5]).toBe(5);
    expect(sprintRosterChange(changes, 3)?.put.has('7')).toBe(true);
    expect(upperRosterChange(changes)).toBeUndefined();
  });

  it('leaves every roster as it is for a change to what no roster holds', () => {
    const before = issue(7, { sprintIds: [2], updated: '2026-11-20T12:00:00.000Z' });
    expect(rosterChangesOf([{ before, after: { ...before, updated: '2026-11-20T13:00:00.000Z', startedAt: '2026-11-20T13:00:00.000Z' } }]).size).toBe(0);
  });

  it("keeps epics and the levels above them on the epics' roster: an epic moved under another parent is put there again, one that stops being one is taken off", () => {
    const epic = issue(3, { upper: true, parentId: '1' });
    const moved = rosterChangesOf([{ before: epic, after: { ...epic, parentId: '2' } }]);
    expect(upperRosterChange(moved)?.put.get('3')?.[4]).toBe('2');
    const story = rosterChangesOf([{ before: epic, after: { ...epic, upper: undefined } }]);
    expect([...(upperRosterChange(story)?.remove ?? [])]).toEqual(['3']);
    const deleted = rosterChangesOf([{ before: epic }]);
    expect([...(upperRosterChange(deleted)?.remove ?? [])]).toEqual(['3']);
  });
});

describe('a roster', () => {
  it('is in the order of its issues ids, whichever order the changes came in, so the same issues make the same roster', () => {
    const whole = rostersOf([issue(30, { sprintIds: [2] }), issue(4, { sprintIds: [2] }), issue(100, { sprintIds: [2] })]).get('sprint:2') ?? [];
    expect(whole.map(rosterEntryId)).toEqual(['4', '30', '100']);
    let roster = changedRoster([], { put: new Map(), remove: new Set() });
    for (const id of [100, 4, 30]) roster = changedRoster(roster, rosterChangesOf([{ after: issue(id, { sprintIds: [2] }) }]).get('sprint:2') ?? { put: new Map(), remove: new Set() });
    expect(roster).toEqual(whole);
  });

  const sprintOf = (size: number) =>
    rostersOf(Array.from({ length: size }, (_, n) => issue(100_000 + n, { sprintIds: [2], parentId: String(90_000 + (n % 50)), points: n % 8, category: n % 3 === 0 ? 'done' : 'inprogress' }))).get('sprint:2') ?? [];

  it('holds the facts of every issue of a large sprint (3,000 issues)', () => {
    const roster = sprintOf(3_000);
    expect(roster).toHaveLength(3_000);
    expect(roster.every((entry) => typeof entry !== 'string')).toBe(true);
  });

  it('holds the facts of as many issues as fit in its budget beside every id, and the ids of the rest: 20,000 issues stay inside the 240 KiB a value may be', () => {
    const roster = sprintOf(20_000);
    expect(roster).toHaveLength(20_000);
    const withFacts = roster.filter((entry) => typeof entry !== 'string');
    expect(withFacts.length).toBeGreaterThan(0);
    expect(withFacts.length).toBeLessThan(20_000);
    expect(JSON.stringify(roster).length).toBeLessThanOrEqual(ROSTER_BYTES);
    expect(Buffer.byteLength(JSON.stringify(roster), 'utf8')).toBeLessThan(240 * 1024);
    // The first by id keep their facts: the same issues always give the same roster.
    expect(roster.slice(0, withFacts.length).every((entry) => typeof entry !== 'string')).toBe(true);
    expect(boundedRoster(roster)).toEqual(roster);
  });
});
