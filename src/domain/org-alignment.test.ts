import fc from 'fast-check';
import { contributedProgress, isDedicatedTeam } from './org-alignment';

describe('contributedProgress', () => {
  it('is null with no contributor', () => {
    expect(contributedProgress([])).toBeNull();
  });

  it('is the weighted mean of the contributors’ progress', () => {
    expect(contributedProgress([{ progress: 0.5, weight: 1 }])).toBe(0.5);
    expect(contributedProgress([{ progress: 1, weight: 3 }, { progress: 0, weight: 1 }])).toBeCloseTo(0.75);
  });

  it('ignores weights that are not positive and clamps progress to 0–1', () => {
    expect(contributedProgress([{ progress: 1, weight: 0 }, { progress: 0.2, weight: 2 }])).toBeCloseTo(0.2);
    expect(contributedProgress([{ progress: 1.4, weight: 1 }, { progress: -0.5, weight: 1 }])).toBeCloseTo(0.5);
    expect(contributedProgress([{ progress: 0.3, weight: Number.NaN }])).toBeNull();
  });

  it('always lies between the lowest and the highest contributor', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ progress: fc.double({ min: 0, max: 1, noNaN: true }), weight: fc.double({ min: 0.01, max: 100, noNaN: true }) }), { minLength: 1, maxLength: 20 }), (contributions) => {
        const progress = contributedProgress(contributions) as number;
        const values = contributions.map((contribution) => contribution.progress);
        expect(progress).toBeGreaterThanOrEqual(Math.min(...values) - 1e-9);
        expect(progress).toBeLessThanOrEqual(Math.max(...values) + 1e-9);
      }),
    );
  });
});

describe('isDedicatedTeam', () => {
  const active = (servesOrgObjectiveId?: string) => ({ status: 'active', ...(servesOrgObjectiveId ? { servesOrgObjectiveId } : {}) });

  it('is dedicated when the Product Goal serves one Objective and every active Objective serves it', () => {
    expect(isDedicatedTeam({ productGoalServes: 'org-1', objectives: [active('org-1'), active('org-1'), { status: 'draft' }, { status: 'dropped', servesOrgObjectiveId: 'org-2' }] })).toBe(true);
  });

  it('is not dedicated when one active Objective serves another or none', () => {
    expect(isDedicatedTeam({ productGoalServes: 'org-1', objectives: [active('org-1'), active('org-2')] })).toBe(false);
    expect(isDedicatedTeam({ productGoalServes: 'org-1', objectives: [active('org-1'), active()] })).toBe(false);
  });

  it('is not dedicated without a Product Goal that serves an Objective, or without an active Objective', () => {
    expect(isDedicatedTeam({ objectives: [active('org-1')] })).toBe(false);
    expect(isDedicatedTeam({ productGoalServes: 'org-1', objectives: [] })).toBe(false);
    expect(isDedicatedTeam({ productGoalServes: 'org-1', objectives: [{ status: 'draft', servesOrgObjectiveId: 'org-1' }] })).toBe(false);
  });
});
