import { readConfiguration } from './configuration';

describe('a gadget configuration as Jira hands it back', () => {
  it('keeps the project and the cycle the edit mode saved', () => {
    expect(readConfiguration({ projectKey: 'GYM', cycleId: '2026-Q4', refresh: 15 })).toEqual({ projectKey: 'GYM', cycleId: '2026-Q4' });
    expect(readConfiguration({ projectKey: 'GYM' })).toEqual({ projectKey: 'GYM' });
  });

  it('reads anything else as not configured yet, so the gadget asks to be configured', () => {
    for (const raw of [undefined, null, 'GYM', [], {}, { projectKey: 'gym' }, { projectKey: 42 }, { projectKey: '' }]) {
      expect(readConfiguration(raw)).toEqual({});
    }
    expect(readConfiguration({ projectKey: 'GYM', cycleId: '2026-Q5' })).toEqual({ projectKey: 'GYM' });
  });
});
