import fc from 'fast-check';
import type { StatusCategory } from '../contract';
import { flowMetrics, type StatusChange } from './flow';
import { flowIssueOfKept, type IssueNow, keptAfterChange, keptIssueOf, keptWithoutNewHistory, needsHistory } from './kept';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const CYCLE = { startDate: '2026-10-01', endDate: '2026-12-31' };
const category = fc.constantFrom<StatusCategory>('todo', 'inprogress', 'done');

/**
 * An issue as Jira has it: its whole history, moves at distinct times within the last 120 days
 * (between two statuses of one category too), and its status now, that of its last move (any, when
 * it never moved: it was created in it).
 */
const issue = fc
  .record({
    moves: fc.uniqueArray(fc.record({ minutesAgo: fc.integer({ min: 0, max: 120 * 24 * 60 }), toCategory: category }), { maxLength: 12, selector: (move) => move.minutesAgo }),
    created: category,
  })
  .map(({ moves, created }) => {
    const changes = moves
      .sort((a, b) => b.minutesAgo - a.minutesAgo)
      .map(({ minutesAgo, toCategory }): StatusChange => ({ at: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString(), toCategory }));
    return { now: changes.at(-1)?.toCategory ?? created, changes };
  });

const issueNow = (id: number, now: StatusCategory): IssueNow => ({ id: String(id), key: `GYM-${id}`, category: now, subtask: false, sprintIds: [], updated: NOW.toISOString() });

it('gives the flow figures of the whole history from the few dates it keeps', () => {
  fc.assert(
    fc.property(fc.array(issue, { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 6 }), (issues, sprintsEnded) => {
      const full = issues.map(({ now, changes }, index) => ({ key: `GYM-${index}`, statusCategory: now, changes }));
      const kept = issues.map(({ now, changes }, index) => flowIssueOfKept(keptIssueOf(issueNow(index, now), changes)));
      const options = { now: NOW, cycle: CYCLE, sprintsEnded };
      expect(flowMetrics(kept, options)).toEqual(flowMetrics(full, options));
    }),
    { numRuns: 500 },
  );
});

it('reads a history again only when the kept dates cannot say: never for a done issue that stays done', () => {
  const done = keptIssueOf({ ...issueNow(1, 'done'), resolved: '2026-11-10T09:00:00.000Z' }, [
    { at: '2026-11-01T09:00:00.000Z', toCategory: 'inprogress' },
    { at: '2026-11-10T09:00:00.000Z', toCategory: 'done' },
  ]);
  const edited = { ...issueNow(1, 'done'), resolved: '2026-11-10T09:00:00.000Z', updated: '2026-11-19T09:00:00.000Z', points: 3 };
  expect(needsHistory(edited, done)).toBe(false);
  expect(keptWithoutNewHistory(edited, done)).toMatchObject({ startedAt: '2026-11-01T09:00:00.000Z', doneAt: '2026-11-10T09:00:00.000Z', points: 3 });
  // Reopened and done again: a new resolution date.
  expect(needsHistory({ ...edited, resolved: '2026-11-19T09:00:00.000Z' }, done)).toBe(true);
  // Its status category moved.
  expect(needsHistory({ ...edited, category: 'inprogress' }, done)).toBe(true);
  // New to the kept issues: only one not to do has a history worth reading.
  expect(needsHistory(issueNow(2, 'todo'), undefined)).toBe(false);
  expect(needsHistory(issueNow(2, 'inprogress'), undefined)).toBe(true);
});

it('keeps from an event’s status move what the whole history says, or asks for the history', () => {
  const created = new Date(NOW.getTime() - 121 * 86_400_000).toISOString();
  fc.assert(
    fc.property(
      category,
      fc.uniqueArray(fc.record({ minutesAgo: fc.integer({ min: 0, max: 120 * 24 * 60 }), toCategory: category }), { minLength: 1, maxLength: 10, selector: (move) => move.minutesAgo }),
      fc.nat(),
      (first, moves, cut) => {
        const changes = [...moves]
          .sort((a, b) => b.minutesAgo - a.minutesAgo)
          .map(({ minutesAgo, toCategory }): StatusChange => ({ at: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString(), toCategory }));
        // Jira's statuscategorychangedate: the last move that changed the category, else the creation.
        const asJiraSays = (history: readonly StatusChange[]): IssueNow => {
          let now = first;
          let changed = created;
          for (const change of history) {
            if (change.toCategory !== now) changed = change.at;
            now = change.toCategory;
          }
          return { ...issueNow(1, now), categoryChanged: changed, created, updated: history.at(-1)?.at ?? created };
        };
        const before = changes.slice(0, cut % changes.length);
        const move = changes[before.length] as StatusChange;
        const kept = keptIssueOf(asJiraSays(before), before);
        const after = keptAfterChange(kept, { updated: move.at, category: move.toCategory, statusMoved: true });
        const whole = [...before, move];
        const truth = keptIssueOf(asJiraSays(whole), whole);
        if (after === null) {
          // Only a start the kept facts cannot date.
          expect(kept.startedAt).toBeUndefined();
          return;
        }
        expect(after).toEqual(truth);
        expect(flowMetrics([flowIssueOfKept(after)], { now: NOW, cycle: CYCLE, sprintsEnded: 2 })).toEqual(flowMetrics([{ key: 'GYM-1', statusCategory: move.toCategory, changes: whole }], { now: NOW, cycle: CYCLE, sprintsEnded: 2 }));
      },
    ),
    { numRuns: 500 },
  );
});
