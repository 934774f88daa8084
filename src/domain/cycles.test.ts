import fc from 'fast-check';
import { cycleById, cyclesAround, isoDay, nextCycle, quarterOf, sprintInCycle } from './cycles';
import { must } from '../../test/support/must';

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe('quarters', () => {
  it('counts quarters from January by default', () => {
    expect(quarterOf(day('2026-11-23'), 1)).toMatchObject({
      id: '2026-Q4',
      startDate: '2026-10-01',
      endDate: '2026-12-31',
      kind: 'quarter',
      state: 'active',
    });
  });

  it('counts quarters from the fiscal year start month, the year named by where it starts', () => {
    // FY 2026 starts in April 2026: November is in its third quarter.
    expect(quarterOf(day('2026-11-23'), 4)).toMatchObject({ id: '2026-Q3', startDate: '2026-10-01', endDate: '2026-12-31' });
    // February 2027 still belongs to FY 2026 (Q4: Jan–Mar 2027).
    expect(quarterOf(day('2027-02-10'), 4)).toMatchObject({ id: '2026-Q4', startDate: '2027-01-01', endDate: '2027-03-31' });
  });

  it('marks past cycles closed and future ones draft', () => {
    const today = day('2026-11-23');
    expect(cycleById('2026-Q3', 1, today)?.state).toBe('closed');
    expect(cycleById('2027-Q1', 1, today)?.state).toBe('draft');
    expect(cycleById('2026', 1, today)).toMatchObject({ kind: 'year', startDate: '2026-01-01', endDate: '2026-12-31', state: 'active' });
  });

  it('refuses ids that name no cycle', () => {
    expect(cycleById('2026-Q5', 1, day('2026-11-23'))).toBeNull();
    expect(cycleById('Q4', 1, day('2026-11-23'))).toBeNull();
  });

  it('does not depend on the hour of the day (the UTC day decides)', () => {
    expect(quarterOf(new Date('2026-12-31T23:59:59Z'), 1).id).toBe('2026-Q4');
    expect(quarterOf(new Date('2027-01-01T00:00:00Z'), 1).id).toBe('2027-Q1');
  });

  it('tiles time: every day is in exactly one quarter, which holds it, for every start month', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 12 }),
        (date, startMonth) => {
          const quarter = quarterOf(date, startMonth);
          const today = isoDay(date);
          expect(quarter.startDate <= today && today <= quarter.endDate).toBe(true);
          // The same quarter comes back from its id.
          expect(cycleById(quarter.id, startMonth, date)).toEqual(quarter);
        },
      ),
    );
  });
});

describe('the cycle switcher', () => {
  it('offers last fiscal year to next quarter, newest first, then the years', () => {
    const cycles = cyclesAround(day('2026-11-23'), 1);
    expect(cycles.map((cycle) => cycle.id)).toEqual([
      '2027-Q1', '2026-Q4', '2026-Q3', '2026-Q2', '2026-Q1', '2025-Q4', '2025-Q3', '2025-Q2', '2025-Q1', '2026', '2025',
    ]);
  });
});

describe('which cycle a sprint belongs to', () => {
  const q4 = must(cycleById('2026-Q4', 1, day('2026-11-23')), "cycleById('2026-Q4', 1, …)");
  const q1 = must(cycleById('2027-Q1', 1, day('2026-11-23')), "cycleById('2027-Q1', 1, …)");

  it('is the one it ends in', () => {
    const straddling = { startDate: '2026-12-24T09:00:00.000Z', endDate: '2027-01-06T17:00:00.000Z' };
    expect(sprintInCycle(straddling, q4, q4)).toBe(false);
    expect(sprintInCycle(straddling, q1, q4)).toBe(true);
    expect(sprintInCycle({ endDate: '2026-12-31T23:00:00.000Z' }, q4, q4)).toBe(true);
  });

  it('puts a sprint with no dates in the current cycle only', () => {
    expect(sprintInCycle({}, q4, q4)).toBe(true);
    expect(sprintInCycle({}, q1, q4)).toBe(false);
  });
});

describe('the next cycle (where a carry-over goes)', () => {
  it('is the next quarter, the next fiscal year’s first after Q4, and the next year after a year', () => {
    const today = day('2026-11-23');
    expect([nextCycle({ id: '2026-Q3' }, 1, today)?.id, nextCycle({ id: '2026-Q4' }, 1, today)?.id, nextCycle({ id: '2026' }, 1, today)?.id]).toEqual(['2026-Q4', '2027-Q1', '2027']);
    // Its dates follow the fiscal year: Q1 of FY 2027 starting in April.
    expect(nextCycle({ id: '2026-Q4' }, 4, today)).toMatchObject({ id: '2027-Q1', name: 'Q1 2027', startDate: '2027-04-01', state: 'draft' });
    expect(nextCycle({ id: 'someday' }, 1, today)).toBeNull();
  });
});
