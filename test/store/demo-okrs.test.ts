// GymTonic's demo OKRs: a valid export that imports cleanly, shaped as the demo needs it.
import { demoOkrExport } from '../../local/demo-okrs';
import { quarterOf } from '../../src/domain/cycles';
import { lintKeyResult } from '../../src/domain/quality';
import { exportProject, importProject, loadCycle, loadSettings } from '../../src/store/okrs';
import { validateImport } from '../../src/store/transfer';
import { PRIYA, SAM, startStore } from './harness';
import { must } from '../support/must';

// Mid-quarter (the demo Jira's own today), the first and last day of a quarter, across a year end, and today.
const DAYS = ['2026-11-23T12:00:00.000Z', '2026-10-01T06:00:00.000Z', '2026-12-31T23:59:00.000Z', '2027-01-02T08:00:00.000Z', new Date().toISOString()];

describe.each(DAYS)('demoOkrExport(%s)', (day) => {
  const today = new Date(day);
  const data = demoOkrExport(today);
  const current = quarterOf(today, 1);
  const previous = quarterOf(new Date(Date.parse(`${current.startDate}T00:00:00.000Z`) - 86_400_000), 1);

  it('is deterministic for the day and passes the import validation', () => {
    expect(demoOkrExport(new Date(Date.parse(day.slice(0, 10)) + 3_600_000))).toEqual(data);
    expect(() => validateImport('GYM', data)).not.toThrow();
  });

  it('has exactly 3 active Objectives in the current quarter, and one draft with a single task-like Key Result', () => {
    const inCurrent = data.objectives.filter((o) => o.cycleId === current.id);
    expect(inCurrent.filter((o) => o.status === 'active')).toHaveLength(3);
    const drafts = inCurrent.filter((o) => o.status === 'draft');
    expect(drafts).toHaveLength(1);
    const draftKeyResults = data.keyResults.filter((k) => k.objectiveId === must(drafts[0], 'drafts[0]').id);
    expect(draftKeyResults).toHaveLength(1);
    expect(must(draftKeyResults[0], 'draftKeyResults[0]').title).toBe('Launch the new trainer booking flow');
    expect(must(draftKeyResults[0], 'draftKeyResults[0]').metric.start).toBe(must(draftKeyResults[0], 'draftKeyResults[0]').metric.target);
    expect(must(draftKeyResults[0], 'draftKeyResults[0]').metric.unit).toBeUndefined();
    expect(lintKeyResult(must(draftKeyResults[0], 'draftKeyResults[0]')).map((f) => f.rule).sort()).toEqual(['not-measurable', 'output-not-outcome']);
    expect(data.objectives.filter((o) => o.ownerAccountId === PRIYA).length).toBeGreaterThan(0);
    expect(data.objectives.filter((o) => o.ownerAccountId === SAM).length).toBeGreaterThan(0);
  });

  it('has the previous quarter done, every direction, and check-ins only in the elapsed part of each cycle', () => {
    const inPrevious = data.objectives.filter((o) => o.cycleId === previous.id);
    expect(inPrevious.length).toBeGreaterThanOrEqual(2);
    expect(inPrevious.every((o) => o.status === 'done')).toBe(true);
    expect(new Set(data.keyResults.filter((k) => k.cycleId === current.id).map((k) => k.metric.direction))).toEqual(
      new Set(['increase', 'decrease', 'stay-above', 'stay-below']),
    );
    const dayStart = `${day.slice(0, 10)}T00:00:00.000Z`;
    for (const keyResult of data.keyResults) {
      const cycle = keyResult.cycleId === current.id ? current : previous;
      for (const checkIn of keyResult.checkIns) {
        expect(checkIn.at >= cycle.startDate && checkIn.at < dayStart).toBe(true);
        expect(checkIn.at.slice(0, 10) <= cycle.endDate).toBe(true);
        expect([PRIYA, SAM]).toContain(checkIn.accountId);
        expect(checkIn.confidence).toBeGreaterThanOrEqual(1);
        expect(checkIn.confidence).toBeLessThanOrEqual(10);
      }
      const last = keyResult.checkIns[keyResult.checkIns.length - 1];
      expect(keyResult.metric.current).toBe(last ? last.value : keyResult.metric.start);
    }
    expect(data.keyResults.filter((k) => k.cycleId === previous.id).every((k) => k.checkIns.length >= 12)).toBe(true);
    expect(data.changes.every((c) => c.at < dayStart)).toBe(true);
    expect(data.changes.some((c) => c.what === 'keyResult.updated' && c.reason)).toBe(true);
    expect(data.changes.filter((c) => c.what === 'objective.created')).toHaveLength(data.objectives.length);
    expect(data.changes.filter((c) => c.what === 'keyResult.created')).toHaveLength(data.keyResults.length);
    expect(data.settings).toEqual({ okrLimit: 3, fiscalYearStartMonth: 1, cycleLength: 'quarter', productOwnerAccountIds: [PRIYA], version: 1 });
  });

  it('imports cleanly into GYM and exports back the same', async () => {
    const store = startStore();
    try {
      const imported = await store.run(() => importProject('GYM', data, { accountId: PRIYA, at: new Date().toISOString(), what: 'project.imported' }));
      const { exportedAt: _a, ...expected } = data;
      const { exportedAt: _b, ...actual } = imported;
      expect(actual).toEqual(expected);
      const cycle = await store.run(() => loadCycle('GYM', current.id));
      expect(cycle.objectives.filter((o) => o.status === 'active')).toHaveLength(3);
      expect(await store.run(() => loadSettings('GYM', SAM))).toMatchObject({ okrLimit: 3, productOwnerAccountIds: [PRIYA] });
      expect((await store.run(() => exportProject('GYM', new Date().toISOString()))).changes).toHaveLength(data.changes.length);
    } finally {
      store.close();
    }
  });
});
