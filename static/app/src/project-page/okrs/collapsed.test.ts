import { collapsedKey, MAX_REMEMBERED, parseCollapsed, toggled } from './collapsed';

describe('the Objectives a person folded', () => {
  it('are kept apart per person and project', () => {
    expect(collapsedKey('priya', 'GYM')).not.toBe(collapsedKey('sam', 'GYM'));
    expect(collapsedKey('priya', 'GYM')).not.toBe(collapsedKey('priya', 'OPS'));
  });

  it('read back as stored, and as none when the stored text is not a list of ids', () => {
    expect(parseCollapsed(JSON.stringify(['o1', 'o2']))).toEqual(['o1', 'o2']);
    expect(parseCollapsed(null)).toEqual([]);
    expect(parseCollapsed('{not json')).toEqual([]);
    expect(parseCollapsed(JSON.stringify({ o1: true }))).toEqual([]);
    expect(parseCollapsed(JSON.stringify(['o1', 7, '', null]))).toEqual(['o1']);
  });

  it('fold and unfold one at a time, and keep the latest when the list is full', () => {
    expect(toggled(['o1'], 'o2', true)).toEqual(['o1', 'o2']);
    expect(toggled(['o1', 'o2'], 'o1', false)).toEqual(['o2']);
    expect(toggled(['o1'], 'o1', true)).toEqual(['o1']);
    const full = Array.from({ length: MAX_REMEMBERED }, (_, index) => `o${index}`);
    const after = toggled(full, 'new', true);
    expect(after).toHaveLength(MAX_REMEMBERED);
    expect(after.at(-1)).toBe('new');
    expect(after).not.toContain('o0');
  });
});
