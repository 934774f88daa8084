import fc from 'fast-check';
import { keyResultsServed, sprintAlignment, suggestedKeyResults, type SprintIssue } from './alignment';

const issue = (id: string, extra: Partial<SprintIssue> = {}): SprintIssue => ({
  id,
  key: `OUT-${id}`,
  summary: `Issue ${id}`,
  subtask: false,
  statusCategory: 'todo',
  ...extra,
});

/** A `served` callback from a plain table; issues not in it serve nothing. */
const servedBy =
  (table: Record<string, string[]>) =>
  (issueId: string): string[] =>
    table[issueId] ?? [];

describe('keyResultsServed', () => {
  // Initiative I1 (KR c) > epic E2 > story S3 (KR a) > sub-task ST (KR d); epic E1 (KR b) > stories S2, S6.
  const directLinks = new Map<string, string[]>([
    ['S1', ['a']],
    ['E1', ['b']],
    ['I1', ['c']],
    ['S3', ['a']],
    ['ST', ['d']],
    ['S6', ['b', 'b']],
  ]);
  const parentOf = new Map<string, string>([
    ['S2', 'E1'],
    ['S6', 'E1'],
    ['S3', 'E2'],
    ['E2', 'I1'],
    ['ST', 'S3'],
  ]);

  it('gives an issue its own links', () => {
    expect(keyResultsServed('S1', directLinks, parentOf)).toEqual(['a']);
  });

  it('inherits the parent’s links', () => {
    expect(keyResultsServed('S2', directLinks, parentOf)).toEqual(['b']);
  });

  it('adds the grandparent’s links to its own, own links first', () => {
    // S3 (a) > E2 (none) > I1 (c).
    expect(keyResultsServed('S3', directLinks, parentOf)).toEqual(['a', 'c']);
  });

  it('stops at the grandparent', () => {
    // ST (d) > S3 (a) > E2 (none); I1 (c) is three levels up.
    expect(keyResultsServed('ST', directLinks, parentOf)).toEqual(['d', 'a']);
  });

  it('lists each Key Result once', () => {
    // S6 links b twice and inherits b from E1.
    expect(keyResultsServed('S6', directLinks, parentOf)).toEqual(['b']);
  });

  it('gives nothing for an issue without links or parents', () => {
    expect(keyResultsServed('unknown', directLinks, parentOf)).toEqual([]);
  });

  it('survives a loop in the parent map', () => {
    const loop = new Map([
      ['A', 'B'],
      ['B', 'A'],
    ]);
    const links = new Map([
      ['A', ['a']],
      ['B', ['b']],
    ]);
    expect(keyResultsServed('A', links, loop)).toEqual(['a', 'b']);
    expect(keyResultsServed('A', links, new Map([['A', 'A']]))).toEqual(['a']);
  });
});

describe('sprintAlignment', () => {
  const served = servedBy({ S1: ['a'], S2: ['b'], S3: ['a', 'c'], ST1: ['a'] });

  it('counts the share of issues and of story points serving a Key Result', () => {
    const issues = [
      issue('S1', { storyPoints: 5 }),
      issue('S2', { storyPoints: 3 }),
      issue('S3', { storyPoints: 2 }),
      issue('S4'),
      issue('S5', { storyPoints: 8 }),
      // Part of S1: not counted on its own, and its point is not added to S1's.
      issue('ST1', { subtask: true, parentId: 'S1', storyPoints: 1 }),
    ];
    const result = sprintAlignment(issues, served);
    // 5 units (S1–S5), 3 aligned (S1, S2, S3).
    expect(result.issueCount).toBe(5);
    expect(result.share).toBe(3 / 5);
    // Points: 5 + 3 + 2 + 0 + 8 = 18, aligned 5 + 3 + 2 = 10.
    expect(result.pointShare).toBeCloseTo(10 / 18, 12);
    expect(result.unaligned.map(({ id }) => id)).toEqual(['S4', 'S5']);
  });

  it('gives no point share when the team does not estimate', () => {
    const result = sprintAlignment([issue('S1'), issue('S4'), issue('S5'), issue('S2')], served);
    expect(result).toEqual({ share: 0.5, pointShare: null, unaligned: [issue('S4'), issue('S5')], issueCount: 4 });
  });

  it('gives no point share when every estimate is 0', () => {
    expect(sprintAlignment([issue('S1', { storyPoints: 0 }), issue('S4', { storyPoints: 0 })], served).pointShare).toBeNull();
  });

  it('counts issues without an estimate as 0 points', () => {
    // S1 (aligned) has no estimate; S4 (unaligned) has 4 points: 0 of 4 points aligned.
    const result = sprintAlignment([issue('S1'), issue('S4', { storyPoints: 4 })], served);
    expect(result.share).toBe(0.5);
    expect(result.pointShare).toBe(0);
  });

  it('gives nulls for an empty sprint', () => {
    expect(sprintAlignment([], served)).toEqual({ share: null, pointShare: null, unaligned: [], issueCount: 0 });
  });

  it('counts an issue serving two Key Results once', () => {
    // S3 serves a and c.
    expect(sprintAlignment([issue('S3', { storyPoints: 2 }), issue('S4', { storyPoints: 6 })], served)).toMatchObject({
      share: 0.5,
      pointShare: 0.25,
      issueCount: 2,
    });
  });

  it('counts an issue listed twice once', () => {
    const result = sprintAlignment([issue('S1', { storyPoints: 3 }), issue('S4', { storyPoints: 1 }), issue('S1', { storyPoints: 3 })], served);
    expect(result).toMatchObject({ share: 0.5, pointShare: 0.75, issueCount: 2 });
  });

  it('counts a story as aligned when one of its sub-tasks serves a Key Result', () => {
    const result = sprintAlignment([issue('S4', { storyPoints: 3 }), issue('ST1', { subtask: true, parentId: 'S4' })], served);
    expect(result).toEqual({ share: 1, pointShare: 1, unaligned: [], issueCount: 1 });
  });

  it('leaves a story unaligned when its sub-tasks serve nothing either', () => {
    const subtask = issue('ST9', { subtask: true, parentId: 'S4', storyPoints: 2 });
    const result = sprintAlignment([subtask, issue('S4', { storyPoints: 3 })], served);
    expect(result).toEqual({ share: 0, pointShare: 0, unaligned: [issue('S4', { storyPoints: 3 })], issueCount: 1 });
  });

  it('counts a sub-task whose parent is not in the sprint on its own', () => {
    // ST1 (serves a) and ST9 (serves nothing) belong to stories outside the sprint; S4 is unaligned.
    const issues = [
      issue('ST1', { subtask: true, parentId: 'OUTSIDE', storyPoints: 1 }),
      issue('ST9', { subtask: true, parentId: 'OTHER' }),
      issue('S4', { storyPoints: 3 }),
    ];
    const result = sprintAlignment(issues, served);
    expect(result.issueCount).toBe(3);
    expect(result.share).toBe(1 / 3);
    expect(result.pointShare).toBe(1 / 4);
    expect(result.unaligned.map(({ id }) => id)).toEqual(['ST9', 'S4']);
  });

  it('inherits through parent and grandparent when used with keyResultsServed', () => {
    // Epic E (KR k) > story S (no links) > sub-task T whose story is not in the sprint.
    const directLinks = new Map([['E', ['k']]]);
    const parentOf = new Map([
      ['S', 'E'],
      ['T', 'S'],
    ]);
    const viaLinks = (id: string) => keyResultsServed(id, directLinks, parentOf);
    expect(sprintAlignment([issue('T', { subtask: true, parentId: 'S' }), issue('U')], viaLinks)).toMatchObject({
      share: 0.5,
      issueCount: 2,
      unaligned: [issue('U')],
    });
    expect(suggestedKeyResults([issue('S'), issue('T', { subtask: true, parentId: 'S' })], viaLinks)).toEqual(['k']);
  });
});

describe('suggestedKeyResults', () => {
  it('orders Key Results by the number of issues serving them, ties by id', () => {
    const served = servedBy({ S1: ['b'], S2: ['c', 'a'], S3: ['c'], S4: ['a', 'a'], S5: ['d'] });
    const issues = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6'].map((id) => issue(id));
    // c: S2, S3 (2); a: S2, S4 (2, S4's duplicate link counts once); b: 1; d: 1.
    expect(suggestedKeyResults(issues, served)).toEqual(['a', 'c', 'b', 'd']);
  });

  it('counts a story and its sub-tasks as one unit of work', () => {
    const served = servedBy({ S1: ['b'], ST1: ['a'], ST2: ['a'], S2: ['b'] });
    const issues = [
      issue('S1'),
      issue('ST1', { subtask: true, parentId: 'S1' }),
      issue('ST2', { subtask: true, parentId: 'S1' }),
      issue('S2'),
    ];
    // a: S1 only (through two sub-tasks, once); b: S1 and S2.
    expect(suggestedKeyResults(issues, served)).toEqual(['b', 'a']);
  });

  it('suggests nothing for an empty or unaligned sprint', () => {
    expect(suggestedKeyResults([], servedBy({}))).toEqual([]);
    expect(suggestedKeyResults([issue('S1')], servedBy({}))).toEqual([]);
  });
});

describe('alignment properties', () => {
  const ids = ['1', '2', '3', '4', '5', '6', '7', '8'];
  const keyResults = ['a', 'b', 'c'];
  const sprintIssue = fc.record({
    id: fc.constantFrom(...ids),
    subtask: fc.boolean(),
    parentId: fc.option(fc.constantFrom(...ids), { nil: undefined }),
    storyPoints: fc.option(fc.oneof(fc.integer({ min: -3, max: 13 }), fc.constant(Number.NaN)), { nil: undefined }),
  });
  const servedTable = fc.dictionary(fc.constantFrom(...ids), fc.array(fc.constantFrom(...keyResults), { maxLength: 3 }));

  it('shares lie in [0, 1] and the unaligned are the counted issues serving nothing', () => {
    fc.assert(
      fc.property(fc.array(sprintIssue, { maxLength: 12 }), servedTable, (records, table) => {
        const issues = records.map(({ id, ...rest }) => issue(id, rest));
        const served = servedBy(table);
        const { share, pointShare, unaligned, issueCount } = sprintAlignment(issues, served);

        // Every distinct issue is counted, or folded into a counted parent: none counted twice, none lost.
        // (An id listed twice is the issue as it first appears.)
        const firsts = issues.filter((candidate, index) => issues.findIndex(({ id }) => id === candidate.id) === index);
        expect(issueCount).toBeLessThanOrEqual(firsts.length);
        expect(issueCount).toBeGreaterThanOrEqual(firsts.filter(({ subtask }) => !subtask).length);
        if (issues.length > 0) expect(issueCount).toBeGreaterThan(0);
        if (issueCount === 0) expect(share).toBeNull();
        for (const value of [share, pointShare]) {
          if (value === null) continue;
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1);
        }
        const aligned = issueCount === 0 ? 0 : Math.round((share as number) * issueCount);
        expect(unaligned.length).toBe(issueCount - aligned);
        // Nothing is listed as unaligned that serves a Key Result itself.
        for (const { id } of unaligned) expect(served(id)).toEqual([]);

        const suggested = suggestedKeyResults(issues, served);
        expect(new Set(suggested).size).toBe(suggested.length);
        expect(suggested.length === 0).toBe(aligned === 0);
      }),
    );
  });
});
