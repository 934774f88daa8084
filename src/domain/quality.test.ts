import fc from 'fast-check';
import type { Metric } from '../contract';
import {
  lintKeyResult,
  lintObjective,
  MAX_KEY_RESULT_TITLE_LENGTH,
  MAX_OBJECTIVE_TITLE_LENGTH,
  taskVerbIn,
} from './quality';

const measured: Metric = { direction: 'increase', start: 120, target: 300, current: 150, unit: 'members' };
const yesNo: Metric = { direction: 'increase', start: 0, target: 1, current: 0 };
const rules = (findings: Array<{ rule: string }>) => findings.map((finding) => finding.rule);
const keyResults = (count: number) => Array.from({ length: count }, (_, index) => ({ title: `Key Result ${index + 1}` }));

describe('lintObjective', () => {
  const objective = { title: 'Members feel coached, not just counted' };

  it('is quiet with 2 to 5 Key Results and a short title', () => {
    for (const count of [2, 3, 4, 5]) expect(lintObjective(objective, keyResults(count))).toEqual([]);
  });

  it('warns with fewer than 2 Key Results, recommending 3–5', () => {
    for (const count of [0, 1]) {
      const [finding, ...rest] = lintObjective(objective, keyResults(count));
      expect(rest).toEqual([]);
      expect(finding?.rule).toBe('kr-count');
      expect(finding?.message).toContain('“Members feel coached, not just counted”');
      expect(finding?.message).toContain('3–5');
    }
    expect(lintObjective(objective, keyResults(1))[0]?.message).toContain('only 1 Key Result');
  });

  it('warns with more than 5 Key Results and says what to do', () => {
    const [finding] = lintObjective(objective, keyResults(7));
    expect(finding?.rule).toBe('kr-count');
    expect(finding?.message).toContain('has 7 Key Results');
    expect(finding?.message).toContain('3–5 Key Results per Objective are recommended');
  });

  it('warns when the title is over 100 characters', () => {
    const atLimit = { title: 'x'.repeat(MAX_OBJECTIVE_TITLE_LENGTH) };
    const over = { title: 'x'.repeat(MAX_OBJECTIVE_TITLE_LENGTH + 1) };
    expect(lintObjective(atLimit, keyResults(3))).toEqual([]);
    const findings = lintObjective(over, keyResults(3));
    expect(rules(findings)).toEqual(['title-too-long']);
    expect(findings[0]?.message).toContain('101 characters');
  });

  it('counts characters, not UTF-16 units, and ignores surrounding spaces', () => {
    expect(lintObjective({ title: `  ${'🏋'.repeat(MAX_OBJECTIVE_TITLE_LENGTH)}  ` }, keyResults(3))).toEqual([]);
  });

  it('shortens a long title when quoting it', () => {
    const [finding] = lintObjective({ title: 'a'.repeat(MAX_OBJECTIVE_TITLE_LENGTH + 50) }, []);
    expect(finding?.message).toMatch(/^“a{57}…” has no Key Results yet/);
  });
});

describe('lintKeyResult: output-not-outcome', () => {
  const flagged = (title: string, metric: Metric = measured) => taskVerbIn({ title, metric });

  it('flags a title that opens with a task verb, in any form and case', () => {
    expect(flagged('Launch the trainer booking flow')).toBe('launch');
    expect(flagged('SHIP the new app to 3 gyms')).toBe('ship');
    expect(flagged('Migrating members to the new app')).toBe('migrating');
    expect(flagged('Builds a referral programme')).toBe('builds');
    expect(flagged('We will implement class waitlists')).toBe('implement');
    expect(flagged('To deliver the API documentation')).toBe('deliver');
    expect(flagged('Add 200 new members')).toBe('add');
    expect(flagged('Completed the migration to Stripe')).toBe('completed');
  });

  it('flags a done-or-not Key Result built on a task verb anywhere', () => {
    expect(flagged('Trainer booking flow launched', yesNo)).toBe('launched');
    expect(flagged('Payments migrated to Stripe', yesNo)).toBe('migrated');
    expect(flagged('API documentation: finish it', yesNo)).toBe('finish');
  });

  it('lets measures through, even when they contain a task verb', () => {
    expect(flagged('Members completing onboarding in week one: 40% → 80%')).toBeNull();
    expect(flagged('Completed PT sessions per month: 120 → 300')).toBeNull();
    expect(flagged('Deploy frequency: weekly → daily')).toBeNull();
    expect(flagged('Build time: 20 → 5 minutes')).toBeNull();
    expect(flagged('Shipping cost per order', { ...yesNo, unit: '€' })).toBeNull();
    expect(flagged('Trainer booking flow launched', measured)).toBeNull();
  });

  it('matches whole words only', () => {
    expect(flagged('Shipments arriving on time', yesNo)).toBeNull();
    expect(flagged('Add-on revenue per member')).toBeNull();
    expect(flagged('Additional bookings per week')).toBeNull();
    expect(flagged('Launchpad visits', yesNo)).toBeNull();
  });

  it('says what is wrong and suggests an outcome', () => {
    const [finding] = lintKeyResult({ title: 'Launch the trainer booking flow', metric: measured });
    expect(finding?.rule).toBe('output-not-outcome');
    expect(finding?.message).toContain('“Launch the trainer booking flow” reads like a task (“launch”)');
    expect(finding?.message).toContain('e.g. “Members booking a PT session each month: 120 → 300”');
  });
});

describe('lintKeyResult: not-measurable', () => {
  const flat: Metric = { direction: 'increase', start: 0, target: 0, current: 0 };

  it('flags a Key Result with start = target, no unit and no number in the title', () => {
    const findings = lintKeyResult({ title: 'Happier members', metric: flat });
    expect(rules(findings)).toEqual(['not-measurable']);
    expect(findings[0]?.message).toContain('“Happier members” has nothing to measure yet');
    expect(lintKeyResult({ title: 'Happier members', metric: { ...flat, unit: '  ' } })).toHaveLength(1);
  });

  it('lets it pass with a unit, a number in the title, or a distinct target', () => {
    expect(lintKeyResult({ title: 'Happier members', metric: { ...flat, unit: 'NPS' } })).toEqual([]);
    expect(lintKeyResult({ title: 'NPS stays above 40', metric: { ...flat, direction: 'stay-above' } })).toEqual([]);
    expect(lintKeyResult({ title: 'Happier members', metric: { ...flat, target: 10 } })).toEqual([]);
  });
});

describe('lintKeyResult: title-too-long', () => {
  it('warns over 150 characters', () => {
    const title = (length: number) => `Members booking a PT session each month ${'x'.repeat(length - 40)}`;
    expect(lintKeyResult({ title: title(MAX_KEY_RESULT_TITLE_LENGTH), metric: measured })).toEqual([]);
    const findings = lintKeyResult({ title: title(MAX_KEY_RESULT_TITLE_LENGTH + 1), metric: measured });
    expect(rules(findings)).toEqual(['title-too-long']);
    expect(findings[0]?.message).toContain('151 characters');
  });
});

describe('lintKeyResult as the person types', () => {
  it('stays quiet while the title is blank', () => {
    expect(lintKeyResult({ title: '   ', metric: { direction: 'increase', start: 0, target: 0, current: 0 } })).toEqual([]);
  });

  it('never throws and gives each rule at most once, with a message, for any input', () => {
    const metric = fc.record({
      direction: fc.constantFrom('increase' as const, 'decrease' as const, 'stay-above' as const, 'stay-below' as const),
      start: fc.integer({ min: -5, max: 5 }),
      target: fc.integer({ min: -5, max: 5 }),
      current: fc.integer({ min: -5, max: 5 }),
      unit: fc.option(fc.string({ maxLength: 5 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), metric, (title, m) => {
        const findings = lintKeyResult({ title, metric: m });
        expect(new Set(rules(findings)).size).toBe(findings.length);
        for (const finding of findings) expect(finding.message.length).toBeGreaterThan(20);
      }),
    );
  });
});
