import { IMPORT_PART_MAX_BYTES } from '../../../../src/contract';
import { cutIntoParts, IMPORT_PART_BYTES, joinExportPages, jsonStringBytes } from './transferFile';

it('cuts parts as large as the server takes', () => expect(IMPORT_PART_BYTES).toBe(IMPORT_PART_MAX_BYTES));

const header = { format: 'outcomes-okr-export' as const, schemaVersion: 1, projectKey: 'GYM', exportedAt: '2026-11-18T09:00:00.000Z', settings: null };

describe('joinExportPages', () => {
  it('joins every page’s lists in order and drops the cursor', () => {
    const file = joinExportPages([
      { ...header, objectives: [{ id: 'o1' }], keyResults: [{ id: 'k1' }], changes: [], sprintReviews: [], nextCursor: 'next' },
      { ...header, objectives: [], keyResults: [{ id: 'k2' }], changes: [{ id: 'c1' }], sprintReviews: [] },
    ]);
    expect(file).toEqual({ ...header, objectives: [{ id: 'o1' }], keyResults: [{ id: 'k1' }, { id: 'k2' }], changes: [{ id: 'c1' }], sprintReviews: [] });
    expect('nextCursor' in file).toBe(false);
  });
});

describe('cutIntoParts', () => {
  it('keeps a small text whole', () => {
    expect(cutIntoParts('{"a":1}', 100)).toEqual(['{"a":1}']);
  });

  it('cuts a text so that each part fits once escaped, and the parts join back to it', () => {
    const text = '"quoted" ünïcode 😀 '.repeat(500);
    const parts = cutIntoParts(text, 1000);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join('')).toBe(text);
    for (const part of parts) expect(jsonStringBytes(part)).toBeLessThanOrEqual(1000);
  });
});
