import { compileJql, JqlError, parseJql, parseJqlDate, type JqlContext, type JqlIssue } from './jql';
import { DEFAULT_ISSUE_TYPES, DEFAULT_PRIORITIES, DEFAULT_STATUSES, STATUS_CATEGORIES } from './model';

const ALICE = '5aaaaaaaaaaaaaaaaaaaaaaa';
const BOB = '5bbbbbbbbbbbbbbbbbbbbbbb';

function issue(partial: Partial<JqlIssue> & { key: string }): JqlIssue {
  const n = Number(partial.key.split('-')[1]);
  const projectKey = partial.key.split('-')[0] as string;
  return {
    id: String((projectKey === 'ABC' ? 10000 : 20000) + n),
    projectId: projectKey === 'ABC' ? '10000' : '10001',
    projectKey,
    issueTypeId: '10001',
    statusId: '10000',
    priorityId: '3',
    summary: `Issue ${partial.key}`,
    labels: [],
    sprintIds: [],
    parentKey: null,
    assigneeAccountId: null,
    reporterAccountId: ALICE,
    storyPoints: null,
    rank: `0|i000${n.toString(36).padStart(2, '0')}:`,
    created: `2026-01-${String(n).padStart(2, '0')}T10:00:00.000Z`,
    updated: `2026-02-${String(n).padStart(2, '0')}T10:00:00.000Z`,
    resolutiondate: null,
    properties: {},
    ...partial,
  };
}

const ISSUES: JqlIssue[] = [
  issue({ key: 'ABC-1', issueTypeId: '10000', summary: 'Booking epic', statusId: '3', rank: '0|i00050:' }),
  issue({ key: 'ABC-2', parentKey: 'ABC-1', sprintIds: [1], statusId: '10001', storyPoints: 5, resolutiondate: '2026-03-01T00:00:00.000Z', rank: '0|i00010:', labels: ['ios'] }),
  issue({ key: 'ABC-3', parentKey: 'ABC-1', sprintIds: [1, 2], statusId: '3', storyPoints: 3, assigneeAccountId: ALICE, rank: '0|i00020:', summary: 'Book a trainer session' }),
  issue({ key: 'ABC-4', issueTypeId: '10003', parentKey: 'ABC-3', sprintIds: [1, 2], statusId: '10002', rank: '0|i00021:' }),
  issue({ key: 'ABC-5', sprintIds: [3], issueTypeId: '10004', priorityId: '1', rank: '0|i00030:', assigneeAccountId: BOB, labels: ['ios', 'backend'] }),
  issue({ key: 'ABC-6', rank: '0|i00040:', properties: { outcomes: { keyResultIds: ['kr-1', 'kr-2'] } } }),
  issue({ key: 'ABC-10', rank: '0|i00005:', properties: { outcomes: { keyResultIds: ['kr-3'] } } }),
  issue({ key: 'XYZ-1', sprintIds: [9], rank: '0|i00100:' }),
];

function ctx(overrides: Partial<JqlContext> = {}): JqlContext {
  return {
    projects: [
      { id: '10000', key: 'ABC', name: 'Alphabet' },
      { id: '10001', key: 'XYZ', name: 'Last Letters' },
    ],
    sprints: [
      { id: 1, name: 'ABC Sprint 1', state: 'closed' },
      { id: 2, name: 'ABC Sprint 2', state: 'active' },
      { id: 3, name: 'ABC Sprint 3', state: 'future' },
      { id: 9, name: 'XYZ Sprint 1', state: 'active' },
    ],
    issueTypes: DEFAULT_ISSUE_TYPES,
    statuses: DEFAULT_STATUSES,
    statusCategories: STATUS_CATEGORIES,
    priorities: DEFAULT_PRIORITIES,
    users: [
      { accountId: ALICE, displayName: 'Alice Archer' },
      { accountId: BOB, displayName: 'Bob Baker' },
    ],
    findIssue: (k) => ISSUES.find((i) => i.key.toUpperCase() === k.toUpperCase() || i.id === k),
    currentAccountId: ALICE,
    now: new Date('2026-03-15T12:00:00.000Z'),
    indexedProperties: [{ propertyKey: 'outcomes', path: 'keyResultIds', type: 'string' }],
    ...overrides,
  };
}

function keys(jql: string, context: JqlContext = ctx()): string[] {
  const c = compileJql(jql, context);
  return ISSUES.filter((i) => c.matches(i))
    .sort((a, b) => c.compare(a, b))
    .map((i) => i.key);
}

function errorOf(jql: string, context: JqlContext = ctx()): string {
  try {
    compileJql(jql, context);
  } catch (e) {
    expect(e).toBeInstanceOf(JqlError);
    return (e as Error).message;
  }
  throw new Error(`expected an error for: ${jql}`);
}

describe('parseJql', () => {
  it('parses clauses, precedence and ORDER BY', () => {
    const q = parseJql('project = ABC AND (sprint = 1 OR NOT statusCategory = Done) ORDER BY Rank DESC, created');
    expect(q.orderBy).toEqual([
      { field: 'Rank', direction: 'desc' },
      { field: 'created', direction: 'desc' },
    ]);
    expect(q.where).toEqual({
      type: 'and',
      clauses: [
        { type: 'clause', field: 'project', operator: '=', operand: { kind: 'value', value: 'ABC', quoted: false } },
        {
          type: 'or',
          clauses: [
            { type: 'clause', field: 'sprint', operator: '=', operand: { kind: 'value', value: '1', quoted: false } },
            { type: 'not', clause: { type: 'clause', field: 'statusCategory', operator: '=', operand: { kind: 'value', value: 'Done', quoted: false } } },
          ],
        },
      ],
    });
  });

  it('parses lists, functions, IS [NOT] EMPTY, NOT IN, quoted strings with escapes, && || !', () => {
    const q = parseJql(`sprint in (1, "ABC Sprint 2") && issuetype not in subTaskIssueTypes() || !(sprint is not EMPTY) AND summary ~ 'say \\'hi\\''`);
    expect(JSON.stringify(q.where)).toContain('"operator":"not in"');
    expect(JSON.stringify(q.where)).toContain('"kind":"function","name":"subTaskIssueTypes","args":[]');
    expect(JSON.stringify(q.where)).toContain('"operator":"is not","operand":{"kind":"empty"}');
    expect(JSON.stringify(q.where)).toContain(`"value":"say 'hi'"`);
  });

  it('parses a query with only ORDER BY as having no restriction', () => {
    expect(parseJql('ORDER BY key')).toEqual({ where: null, orderBy: [{ field: 'key', direction: 'asc' }] });
    expect(compileJql('order by rank', ctx()).bounded).toBe(false);
    expect(compileJql('project = ABC', ctx()).bounded).toBe(true);
  });

  it('parses the entity property field name as one word', () => {
    const q = parseJql('issue.property[outcomes].keyResultIds = "kr-1"');
    expect(q.where).toMatchObject({ field: 'issue.property[outcomes].keyResultIds', operator: '=' });
  });

  it.each([
    ['project = ', "Expecting either a value, list or function but got EOF"],
    ['project ABC', "Expecting operator but got 'ABC'"],
    ['project = ABC sprint = 1', "Expecting either 'OR' or 'AND' but got 'sprint'"],
    ['(project = ABC', "Expecting ')' but got EOF"],
    ['project in (ABC, ', 'Expecting either a value, list or function'],
    ['project = "ABC', 'Missing closing quote'],
    ['sprint is 1', "Expecting 'EMPTY' or 'NULL' but got '1'"],
    ['project = ABC ORDER key', "Expecting 'by' but got 'key'"],
    ['project = ABC & sprint = 1', "The character '&' is a reserved JQL character"],
    ['= ABC', 'Expecting a field name'],
    ['project = and', "'and' is a reserved JQL word"],
    ['status was Done', "'WAS' is not supported"],
  ])('rejects %j', (jql, message) => {
    const m = errorOf(jql);
    expect(m).toContain(message);
    expect(m).toMatch(/\(line 1, character \d+\)$/);
  });
});

describe('compileJql: fields', () => {
  it('project: key, id, name, any case; IN and NOT IN', () => {
    expect(keys('project = ABC ORDER BY key')).toEqual(['ABC-1', 'ABC-2', 'ABC-3', 'ABC-4', 'ABC-5', 'ABC-6', 'ABC-10']);
    expect(keys('project = xyz')).toEqual(['XYZ-1']);
    expect(keys('project = 10001')).toEqual(['XYZ-1']);
    expect(keys('project = "Last Letters"')).toEqual(['XYZ-1']);
    expect(keys('project in (ABC, XYZ)')).toHaveLength(8);
    expect(keys('project not in (ABC)')).toEqual(['XYZ-1']);
    expect(keys('project != ABC')).toEqual(['XYZ-1']);
  });

  it('a project the caller cannot see is an error, as on Jira', () => {
    const hidden = ctx({ projects: [{ id: '10001', key: 'XYZ', name: 'Last Letters' }] });
    expect(errorOf('project = ABC', hidden)).toBe("The value 'ABC' does not exist for the field 'project'.");
    expect(errorOf('project in (XYZ, ABC)', hidden)).toBe("The value 'ABC' does not exist for the field 'project'.");
  });

  it('key / issuekey / id', () => {
    expect(keys('key = ABC-3')).toEqual(['ABC-3']);
    expect(keys('issuekey in (abc-2, XYZ-1) ORDER BY key')).toEqual(['ABC-2', 'XYZ-1']);
    expect(keys('id = 10005')).toEqual(['ABC-5']);
    expect(keys('project = ABC AND key != ABC-1 ORDER BY key').includes('ABC-1')).toBe(false);
    expect(errorOf('key = ABC-99')).toBe("An issue with key 'ABC-99' does not exist for field 'key'.");
  });

  it('sprint: ids, names, EMPTY, functions; != and NOT IN skip empty values', () => {
    expect(keys('sprint = 1 ORDER BY key')).toEqual(['ABC-2', 'ABC-3', 'ABC-4']);
    expect(keys('sprint = "ABC Sprint 2" ORDER BY key')).toEqual(['ABC-3', 'ABC-4']);
    expect(keys('sprint in (2, 3) ORDER BY key')).toEqual(['ABC-3', 'ABC-4', 'ABC-5']);
    expect(keys('sprint is EMPTY ORDER BY key')).toEqual(['ABC-1', 'ABC-6', 'ABC-10']);
    expect(keys('sprint is not EMPTY ORDER BY key')).toEqual(['ABC-2', 'ABC-3', 'ABC-4', 'ABC-5', 'XYZ-1']);
    expect(keys('sprint in openSprints() ORDER BY key')).toEqual(['ABC-3', 'ABC-4', 'XYZ-1']);
    expect(keys('sprint in futureSprints()')).toEqual(['ABC-5']);
    expect(keys('sprint in closedSprints() ORDER BY key')).toEqual(['ABC-2', 'ABC-3', 'ABC-4']);
    expect(keys('project = ABC AND sprint not in openSprints() ORDER BY key')).toEqual(['ABC-2', 'ABC-5']);
    expect(keys('project = ABC AND (sprint is EMPTY OR sprint not in openSprints()) ORDER BY key')).toEqual(['ABC-1', 'ABC-2', 'ABC-5', 'ABC-6', 'ABC-10']);
    expect(keys('project = ABC AND sprint != 1 ORDER BY key')).toEqual(['ABC-5']);
    expect(keys('sprint in (EMPTY, 3) AND project = ABC ORDER BY key')).toEqual(['ABC-1', 'ABC-5', 'ABC-6', 'ABC-10']);
    expect(errorOf('sprint = 42')).toBe("The value '42' does not exist for the field 'sprint'.");
    expect(errorOf('sprint in mySprints()')).toBe("Unable to find JQL function 'mySprints()'.");
    expect(errorOf('sprint = 1 AND sprint in (1')).toContain("Expecting ',' or ')'");
  });

  it('statusCategory by name, key or id, case-insensitive', () => {
    expect(keys('statusCategory = Done')).toEqual(['ABC-2']);
    expect(keys('statusCategory = done')).toEqual(['ABC-2']);
    expect(keys('statusCategory = "In Progress" ORDER BY key')).toEqual(['ABC-1', 'ABC-3', 'ABC-4']);
    expect(keys('statusCategory = indeterminate ORDER BY key')).toEqual(['ABC-1', 'ABC-3', 'ABC-4']);
    expect(keys('statusCategory in ("To Do", "In Progress") AND project = ABC ORDER BY key')).toEqual(['ABC-1', 'ABC-3', 'ABC-4', 'ABC-5', 'ABC-6', 'ABC-10']);
    expect(keys('statusCategory != Done AND sprint = 1 ORDER BY key')).toEqual(['ABC-3', 'ABC-4']);
    expect(keys('category = 2 ORDER BY key')).toEqual(['ABC-5', 'ABC-6', 'ABC-10', 'XYZ-1']);
    expect(errorOf('statusCategory = Blocked')).toBe("The value 'Blocked' does not exist for the field 'statusCategory'.");
  });

  it('status by name', () => {
    expect(keys('status = "In Review"')).toEqual(['ABC-4']);
    expect(keys('status in ("In Progress", Done) ORDER BY key')).toEqual(['ABC-1', 'ABC-2', 'ABC-3']);
  });

  it('issuetype by name and the issue-type functions', () => {
    expect(keys('issuetype = Epic')).toEqual(['ABC-1']);
    expect(keys('type = bug')).toEqual(['ABC-5']);
    expect(keys('issuetype in subTaskIssueTypes()')).toEqual(['ABC-4']);
    expect(keys('issuetype in standardIssueTypes() AND sprint = 2')).toEqual(['ABC-3']);
    expect(keys('issuetype not in subTaskIssueTypes() AND sprint = 2')).toEqual(['ABC-3']);
    expect(keys('issuetype in (Story, Bug) AND sprint is not EMPTY ORDER BY key')).toEqual(['ABC-2', 'ABC-3', 'ABC-5', 'XYZ-1']);
    expect(errorOf('issuetype = Saga')).toBe("The value 'Saga' does not exist for the field 'issuetype'.");
  });

  it('parent', () => {
    expect(keys('parent = ABC-1 ORDER BY key')).toEqual(['ABC-2', 'ABC-3']);
    expect(keys('parent in (ABC-1, abc-3) ORDER BY key')).toEqual(['ABC-2', 'ABC-3', 'ABC-4']);
    expect(keys('parent is EMPTY AND project = XYZ')).toEqual(['XYZ-1']);
    expect(errorOf('parent = ABC-404')).toBe("The value 'ABC-404' does not exist for the field 'parent'.");
  });

  it('assignee with currentUser(), labels, priority, summary ~, story points, dates', () => {
    expect(keys('assignee = currentUser()')).toEqual(['ABC-3']);
    expect(keys('assignee is EMPTY AND sprint is not EMPTY ORDER BY key')).toEqual(['ABC-2', 'ABC-4', 'XYZ-1']);
    expect(keys(`assignee in (${BOB})`)).toEqual(['ABC-5']);
    expect(keys('assignee = currentUser()', ctx({ currentAccountId: null }))).toEqual([]);
    expect(keys('labels = ios ORDER BY key')).toEqual(['ABC-2', 'ABC-5']);
    expect(keys('labels in (backend)')).toEqual(['ABC-5']);
    expect(keys('priority = Highest')).toEqual(['ABC-5']);
    expect(keys('summary ~ "trainer session"')).toEqual(['ABC-3']);
    expect(keys('project = XYZ AND summary !~ trainer')).toEqual(['XYZ-1']);
    expect(keys('"story points" >= 4')).toEqual(['ABC-2']);
    // The site's story-point field, by id or as cf[N]; another site's usual id is no field here.
    const points = ctx({ storyPointsFieldId: 'customfield_10302' });
    expect(keys('cf[10302] is not EMPTY ORDER BY key', points)).toEqual(['ABC-2', 'ABC-3']);
    expect(keys('customfield_10302 is not EMPTY ORDER BY key', points)).toEqual(['ABC-2', 'ABC-3']);
    expect(() => keys('cf[10016] is not EMPTY', points)).toThrow("Field 'cf[10016]' does not exist");
    expect(keys('created < "2026-01-03" ORDER BY key')).toEqual(['ABC-1', 'ABC-2', 'XYZ-1']);
    expect(keys('created >= -70d AND project = ABC ORDER BY key')).toEqual(['ABC-5', 'ABC-6', 'ABC-10']);
    expect(keys('resolutiondate is not EMPTY')).toEqual(['ABC-2']);
    expect(keys('updated <= now() AND key = ABC-1')).toEqual(['ABC-1']);
    expect(errorOf('summary = "x"')).toBe("The operator '=' is not supported by the 'summary' field.");
    expect(errorOf('project ~ ABC')).toBe("The operator '~' is not supported by the 'project' field.");
    expect(errorOf('created > yesterday')).toContain("Date value 'yesterday' for field 'created' is invalid");
    expect(errorOf('assignee = nobody')).toBe("The value 'nobody' does not exist for the field 'assignee'.");
  });

  it('unknown fields and wrong operand shapes are errors', () => {
    expect(errorOf('colour = red')).toBe("Field 'colour' does not exist or you do not have permission to view it.");
    expect(errorOf('project in ABC')).toContain("The operator 'IN' requires a list of values or a function");
    expect(errorOf('project = (ABC, XYZ)')).toContain("Use 'IN' instead");
    expect(errorOf('sprint > 3')).toBe("The operator '>' is not supported by the 'sprint' field.");
    expect(errorOf('project = ABC ORDER BY colour')).toBe("Field 'colour' does not exist or you do not have permission to view it.");
    expect(errorOf('project = ABC ORDER BY sprint')).toBe("Not able to sort using field 'sprint'.");
  });

  it('issue.property[...] exists only where the property path is indexed (the extension point)', () => {
    expect(keys('issue.property[outcomes].keyResultIds = "kr-2"')).toEqual(['ABC-6']);
    expect(keys('issue.property[outcomes].keyResultIds in ("kr-1", "kr-3") ORDER BY key')).toEqual(['ABC-6', 'ABC-10']);
    expect(keys('project = ABC AND issue.property[outcomes].keyResultIds is EMPTY ORDER BY key')).toEqual(['ABC-1', 'ABC-2', 'ABC-3', 'ABC-4', 'ABC-5']);
    expect(errorOf('issue.property[outcomes].keyResultIds = "kr-1"', ctx({ indexedProperties: [] }))).toBe(
      "Field 'issue.property[outcomes].keyResultIds' does not exist or you do not have permission to view it.",
    );
    expect(errorOf('issue.property[outcomes].other = "x"')).toContain('does not exist');
  });
});

describe('compileJql: indexed entity properties by type, and search aliases', () => {
  const PROPS: JqlIssue[] = [
    issue({ key: 'ABC-1', properties: { outcomes: { keyResultIds: ['Kr-1', 'kr-2'] }, stats: { points: 5, owner: ALICE, note: 'Needs a trainer', due: '2026-03-01' } } }),
    issue({ key: 'ABC-2', properties: { outcomes: { keyResultIds: 'kr-2' }, stats: { points: ['2', 'x'], owner: BOB, due: '2026-04-01' } } }),
    issue({ key: 'ABC-3', properties: { outcomes: { keyResultIds: [7, null, { nested: 'kr-2' }] }, stats: { points: '' } } }),
    issue({ key: 'ABC-4', properties: { outcomes: 'not an object' } }),
  ];
  const indexed = ctx({
    indexedProperties: [
      { propertyKey: 'outcomes', path: 'keyResultIds', type: 'string', searchAlias: 'outcomesKeyResult' },
      { propertyKey: 'stats', path: 'points', type: 'number', searchAlias: 'statsPoints' },
      { propertyKey: 'stats', path: 'owner', type: 'user', searchAlias: 'statsOwner' },
      { propertyKey: 'stats', path: 'note', type: 'text', searchAlias: 'statsNote' },
      { propertyKey: 'stats', path: 'due', type: 'date' },
    ],
  });
  const found = (jql: string) => {
    const c = compileJql(jql, indexed);
    return PROPS.filter((i) => c.matches(i)).map((i) => i.key);
  };

  it('string: exact values, one element of an array or a single value; numbers and booleans as their text', () => {
    expect(found('outcomesKeyResult = "kr-2"')).toEqual(['ABC-1', 'ABC-2']);
    expect(found('outcomesKeyResult = "Kr-1"')).toEqual(['ABC-1']);
    expect(found('outcomesKeyResult = "kr-1"')).toEqual([]);
    expect(found('OutcomesKeyResult = 7')).toEqual(['ABC-3']);
    expect(found('issue.property[outcomes].keyResultIds in (7, "kr-2")')).toEqual(['ABC-1', 'ABC-2', 'ABC-3']);
    expect(found('outcomesKeyResult is EMPTY')).toEqual(['ABC-4']);
    expect(found('outcomesKeyResult in (EMPTY, "Kr-1")')).toEqual(['ABC-1', 'ABC-4']);
  });

  it('number: equality and ranges on numbers (numeric strings count), unparseable values are not indexed', () => {
    expect(found('statsPoints = 5')).toEqual(['ABC-1']);
    expect(found('statsPoints = 5.0')).toEqual(['ABC-1']);
    expect(found('statsPoints >= 2 AND statsPoints < 5')).toEqual(['ABC-2']);
    expect(found('statsPoints is EMPTY')).toEqual(['ABC-3', 'ABC-4']);
    expect(errorOf('statsPoints = five', indexed)).toBe("The value 'five' is not a valid number for the field 'statsPoints'.");
  });

  it('user: account ids, display names and currentUser(); text: words with ~; date: ranges', () => {
    expect(found('statsOwner = currentUser()')).toEqual(['ABC-1']);
    expect(found('statsOwner in ("Bob Baker")')).toEqual(['ABC-2']);
    expect(errorOf('statsOwner = nobody', indexed)).toBe("The value 'nobody' does not exist for the field 'statsOwner'.");
    expect(found('statsNote ~ trainer')).toEqual(['ABC-1']);
    expect(errorOf('statsNote = "Needs a trainer"', indexed)).toBe("The operator '=' is not supported by the 'statsNote' field.");
    expect(found('issue.property[stats].due > "2026-03-15"')).toEqual(['ABC-2']);
  });

  it('an alias is unknown unless declared; a declared path is unknown under other spellings of key or path', () => {
    expect(errorOf('outcomesKeyResult = "kr-2"')).toBe("Field 'outcomesKeyResult' does not exist or you do not have permission to view it.");
    expect(errorOf('issue.property[OUTCOMES].keyResultIds = "kr-2"', indexed)).toContain('does not exist');
    expect(errorOf('issue.property[outcomes].keyresultids = "kr-2"', indexed)).toContain('does not exist');
    expect(found('ISSUE.PROPERTY[outcomes].keyResultIds = "kr-2"')).toEqual(['ABC-1', 'ABC-2']);
  });

  it('ORDER BY a property field is refused as unsupported by the emulator', () => {
    expect(errorOf('statsPoints > 0 ORDER BY statsPoints', indexed)).toBe("Sorting by 'statsPoints' is not supported by the local Jira emulator.");
  });
});

describe('compileJql: boolean logic and ordering', () => {
  it('AND binds tighter than OR; NOT negates; parentheses group', () => {
    expect(keys('key = ABC-1 OR key = ABC-2 AND statusCategory = "To Do"')).toEqual(['ABC-1']);
    expect(keys('(key = ABC-1 OR key = ABC-2) AND statusCategory = Done')).toEqual(['ABC-2']);
    expect(keys('project = ABC AND NOT sprint is EMPTY ORDER BY key')).toEqual(['ABC-2', 'ABC-3', 'ABC-4', 'ABC-5']);
    expect(keys('project = ABC AND NOT (sprint = 1 OR sprint = 3) ORDER BY key')).toEqual(['ABC-1', 'ABC-6', 'ABC-10']);
  });

  it('orders by rank, created, key (numerically), with a stable id tie-break', () => {
    expect(keys('project = ABC ORDER BY Rank ASC')).toEqual(['ABC-10', 'ABC-2', 'ABC-3', 'ABC-4', 'ABC-5', 'ABC-6', 'ABC-1']);
    expect(keys('project = ABC ORDER BY rank desc')).toEqual(['ABC-1', 'ABC-6', 'ABC-5', 'ABC-4', 'ABC-3', 'ABC-2', 'ABC-10']);
    expect(keys('project = ABC ORDER BY created DESC')).toEqual(['ABC-10', 'ABC-6', 'ABC-5', 'ABC-4', 'ABC-3', 'ABC-2', 'ABC-1']);
    expect(keys('project in (ABC, XYZ) ORDER BY key')).toEqual(['ABC-1', 'ABC-2', 'ABC-3', 'ABC-4', 'ABC-5', 'ABC-6', 'ABC-10', 'XYZ-1']);
    // No ORDER BY: key descending.
    expect(keys('project = ABC')).toEqual(['ABC-10', 'ABC-6', 'ABC-5', 'ABC-4', 'ABC-3', 'ABC-2', 'ABC-1']);
    // Empty story points come first when descending; ties fall to the next sort key.
    expect(keys('project = ABC ORDER BY "story points" DESC, key ASC')).toEqual(['ABC-1', 'ABC-4', 'ABC-5', 'ABC-6', 'ABC-10', 'ABC-2', 'ABC-3']);
  });
});

describe('parseJqlDate', () => {
  const now = new Date('2026-03-15T12:00:00.000Z');
  it('reads absolute and relative dates', () => {
    expect(new Date(parseJqlDate('2026-03-01', now)).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(new Date(parseJqlDate('2026/03/01 13:45', now)).toISOString()).toBe('2026-03-01T13:45:00.000Z');
    expect(new Date(parseJqlDate('-2w', now)).toISOString()).toBe('2026-03-01T12:00:00.000Z');
    expect(new Date(parseJqlDate('4h', now)).toISOString()).toBe('2026-03-15T16:00:00.000Z');
    expect(() => parseJqlDate('soon', now)).toThrow(JqlError);
  });
});
