import { joinOrgExportPages, orgExportFileName } from './orgTransferFile';

const header = { format: 'outcomes-org-okr-export', schemaVersion: 3, scope: 'organization', exportedAt: '2026-11-23T12:00:00.000Z', settings: null } as const;

describe('joinOrgExportPages', () => {
  it('keeps the first page’s header and joins every page’s lists in order, without the cursor', () => {
    const joined = joinOrgExportPages([
      { ...header, objectives: [{ id: 'a' }], keyResults: [{ id: 'k1' }], changes: [], nextCursor: 'next' },
      { ...header, objectives: [], keyResults: [{ id: 'k2' }], changes: [{ id: 'c1' }] },
    ]);
    expect(joined).toEqual({ ...header, objectives: [{ id: 'a' }], keyResults: [{ id: 'k1' }, { id: 'k2' }], changes: [{ id: 'c1' }] });
  });

  it('refuses no pages at all', () => {
    expect(() => joinOrgExportPages([])).toThrow('at least one page');
  });

  it('names the file by the day', () => {
    expect(orgExportFileName('2026-11-23')).toBe('outcomes-organization-2026-11-23.json');
  });
});
