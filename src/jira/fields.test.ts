// Finding Jira Software's fields on a site, and reading their values leniently: pure functions on
// what Jira answers.
import type { JiraField, JiraIssue } from './client';
import { FIELD_TYPES, fieldIdsFrom, sprintIdsOf, sprintsOf, storyPointsOf } from './fields';

const field = (id: string, name: string, custom?: string, type = 'number'): JiraField => ({
  id,
  name,
  custom: id.startsWith('customfield_'),
  schema: custom ? { type, custom } : { type },
});

/** A site that created a plain "Story Points" number field and a text field named "Sprint" before Jira Software's. */
const SITE: JiraField[] = [
  field('summary', 'Summary', undefined, 'string'),
  field('timeoriginalestimate', 'Original estimate'),
  field('customfield_10030', 'Story Points', FIELD_TYPES.number),
  field('customfield_10031', 'Sprint', 'com.atlassian.jira.plugin.system.customfieldtypes:textfield', 'string'),
  field('customfield_10104', 'Sprint', FIELD_TYPES.sprint, 'array'),
  field('customfield_10105', 'Rank', FIELD_TYPES.rank, 'any'),
  field('customfield_10106', 'Story point estimate', FIELD_TYPES.storyPoints),
  field('customfield_10107', 'Team size', FIELD_TYPES.number),
];

describe('fieldIdsFrom', () => {
  it("finds Sprint and Rank by their type, not by their name, and story points as the board estimates them", () => {
    expect(fieldIdsFrom(SITE, 'customfield_10106')).toEqual({ sprint: 'customfield_10104', rank: 'customfield_10105', storyPoints: 'customfield_10106' });
    // A board estimating with the site's own "Story Points" number field: that is what its points are.
    expect(fieldIdsFrom(SITE, 'customfield_10030').storyPoints).toBe('customfield_10030');
  });

  it("falls back to Jira Software's story-point field when the board counts issues, estimates by time, or names no field of the site", () => {
    expect(fieldIdsFrom(SITE, null).storyPoints).toBe('customfield_10106');
    expect(fieldIdsFrom(SITE, 'timeoriginalestimate').storyPoints).toBe('customfield_10106');
    expect(fieldIdsFrom(SITE, 'customfield_99999').storyPoints).toBe('customfield_10106');
  });

  it('takes a number field named like story points when the site has no Jira Software story-point field, and says when there is none', () => {
    const withoutJsw = SITE.filter((f) => f.schema?.custom !== FIELD_TYPES.storyPoints);
    expect(fieldIdsFrom(withoutJsw, null).storyPoints).toBe('customfield_10030');
    expect(fieldIdsFrom([field('summary', 'Summary'), field('customfield_10107', 'Team size', FIELD_TYPES.number)], null)).toEqual({ sprint: null, rank: null, storyPoints: null });
  });
});

const issue = (fields: Record<string, unknown>): JiraIssue => ({ id: '1', key: 'GYM-1', fields });
const IDS = { sprint: 'customfield_10104', rank: 'customfield_10105', storyPoints: 'customfield_10106' };

describe('reading the values', () => {
  it('reads story points as numbers, also when written as text, and nothing else', () => {
    expect([5, 0.5, '3', ' 8 ', 0].map((value) => storyPointsOf(issue({ customfield_10106: value }), IDS))).toEqual([5, 0.5, 3, 8, 0]);
    expect([null, undefined, 'five', '', -2, Number.NaN, { value: 3 }, [3], true].map((value) => storyPointsOf(issue({ customfield_10106: value }), IDS))).toEqual(
      Array(9).fill(undefined),
    );
    // Another site's field of the same name is not read.
    expect(storyPointsOf(issue({ customfield_10016: 5 }), IDS)).toBeUndefined();
    expect(storyPointsOf(issue({ customfield_10106: 5 }), { ...IDS, storyPoints: null })).toBeUndefined();
  });

  it("reads the Sprint field's entries as objects or as the older text form, leaving out what does not read as a sprint", () => {
    const value = [
      { id: 7, name: 'GYM Sprint 7', state: 'closed', boardId: 1 },
      { id: '8', name: 'GYM Sprint 8' },
      'com.atlassian.greenhopper.service.sprint.Sprint@1b2c3[id=9,rapidViewId=1,state=FUTURE,name=GYM Sprint 9]',
      { name: 'no id' },
      { id: -1 },
      null,
      42,
      'garbage',
    ];
    expect(sprintIdsOf(issue({ customfield_10104: value }), IDS)).toEqual([7, 8, 9]);
    expect(sprintIdsOf(issue({ customfield_10104: { id: 7 } }), IDS)).toEqual([]);
    expect(sprintIdsOf(issue({ customfield_10104: null }), IDS)).toEqual([]);
    expect(sprintIdsOf(issue({ customfield_10020: [{ id: 7 }] }), IDS)).toEqual([]);
    // With their names and states (for the issue panel): an entry that says neither is left out.
    expect(sprintsOf(issue({ customfield_10104: value }), 'customfield_10104')).toEqual([
      { id: 7, name: 'GYM Sprint 7', state: 'closed' },
      { id: 9, name: 'GYM Sprint 9', state: 'future' },
    ]);
    expect(sprintsOf(issue({ customfield_10104: value }), null)).toEqual([]);
  });
});
