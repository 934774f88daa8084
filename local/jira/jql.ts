// A small JQL parser and evaluator: the subset the Outcomes app (and its tests) use, with Jira's error
// messages. Independent of the emulator: it evaluates over `JqlIssue` views with a `JqlContext` that says
// which projects, sprints, issues and users the caller can see.
//
// Grammar (keywords case-insensitive):
//   query   := [or] [ORDER BY sort (, sort)*]
//   or      := and ((OR | ||) and)*
//   and     := not ((AND | &&) not)*
//   not     := (NOT | !) not | '(' or ')' | clause
//   clause  := field op operand
//   op      := = | != | < | > | <= | >= | ~ | !~ | IN | NOT IN | IS | IS NOT
//   operand := value | '(' value (, value)* ')' | function '(' [value (, value)*] ')' | EMPTY | NULL
//   value   := word | "quoted" | 'quoted'
//
// Fields: project; key / issuekey / id; sprint; statusCategory / category; status; issuetype / type;
// parent; assignee; reporter; labels; priority; summary / text (~ only); created / updated /
// resolutiondate / resolved; "Story point estimate" / "story points" / the site's field as cf[N] or customfield_N;
// issue.property[KEY].path and its search alias (only when the context declares the property path as
// indexed, as an app's `jira:entityProperty` module does: see `properties.ts` for reading the manifest).
// Functions: openSprints(), closedSprints(), futureSprints(), standardIssueTypes(), subTaskIssueTypes(),
// currentUser(), now().
// ORDER BY: rank, created, updated, resolutiondate, key / issuekey, id, summary, priority, story points.
//
// Semantics follow Jira's: `!=` and `NOT IN` never match an issue whose field is empty (write
// `sprint is EMPTY OR sprint not in openSprints()` to include the backlog); multi-value fields (sprint,
// labels) match `=`/`IN` when any value matches; a value naming a project, issue, sprint or user the caller
// cannot see is an error ("The value 'X' does not exist for the field 'project'."), not an empty result.

export class JqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JqlError';
  }
}

// ---------------------------------------------------------------------------------------------
// Syntax tree

export type Operator = '=' | '!=' | '<' | '>' | '<=' | '>=' | '~' | '!~' | 'in' | 'not in' | 'is' | 'is not';

export type Operand =
  | { kind: 'value'; value: string; quoted: boolean }
  | { kind: 'list'; values: Operand[] }
  | { kind: 'function'; name: string; args: string[] }
  | { kind: 'empty' };

export type JqlNode =
  | { type: 'and'; clauses: JqlNode[] }
  | { type: 'or'; clauses: JqlNode[] }
  | { type: 'not'; clause: JqlNode }
  | { type: 'clause'; field: string; operator: Operator; operand: Operand };

export interface SortKey {
  field: string;
  direction: 'asc' | 'desc';
}

export interface JqlQuery {
  where: JqlNode | null;
  orderBy: SortKey[];
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

type TokenType = 'word' | 'string' | 'op' | 'lparen' | 'rparen' | 'comma' | 'eof';
interface Token {
  type: TokenType;
  value: string;
  /** 0-based offset in the query. */
  pos: number;
}

const WORD_STOP = new Set([' ', '\t', '\n', '\r', '(', ')', ',', '=', '!', '<', '>', '~', '"', "'", '&', '|']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const pos = i;
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma', value: c, pos });
      i++;
    } else if (c === '"' || c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw syntaxError(`Error in the JQL Query: Missing closing quote (${c}).`, pos);
        const d = text[i] as string;
        if (d === '\\' && i + 1 < text.length) {
          const e = text[i + 1] as string;
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
          continue;
        }
        if (d === c) {
          i++;
          break;
        }
        value += d;
        i++;
      }
      tokens.push({ type: 'string', value, pos });
    } else if (c === '!' || c === '=' || c === '<' || c === '>' || c === '~') {
      const two = text.slice(i, i + 2);
      if (two === '!=' || two === '<=' || two === '>=' || two === '!~') {
        tokens.push({ type: 'op', value: two, pos });
        i += 2;
      } else {
        tokens.push({ type: 'op', value: c, pos });
        i++;
      }
    } else if (c === '&' || c === '|') {
      const two = text.slice(i, i + 2);
      if (two !== '&&' && two !== '||') throw syntaxError(`Error in the JQL Query: The character '${c}' is a reserved JQL character. You must enclose it in a string or use the escape '\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}' instead.`, pos);
      tokens.push({ type: 'op', value: two, pos });
      i += 2;
    } else {
      let value = '';
      let depth = 0; // brackets inside a word: cf[10016], issue.property[outcomes].keyResultIds
      while (i < text.length) {
        const d = text[i] as string;
        if (d === '[') depth++;
        if (d === ']') depth = Math.max(0, depth - 1);
        if (depth === 0 && WORD_STOP.has(d)) break;
        value += d;
        i++;
      }
      tokens.push({ type: 'word', value, pos });
    }
  }
  tokens.push({ type: 'eof', value: '', pos: text.length });
  return tokens;
}

function syntaxError(message: string, pos: number): JqlError {
  return new JqlError(`${message} (line 1, character ${pos + 1})`);
}

// ---------------------------------------------------------------------------------------------
// Parser

const RESERVED = new Set(['and', 'or', 'not', 'in', 'is', 'empty', 'null', 'order', 'by', 'asc', 'desc', 'was', 'changed']);

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)] as Token;
  }
  private next(): Token {
    const t = this.peek();
    if (t.type !== 'eof') this.i++;
    return t;
  }
  private isWord(t: Token, word: string): boolean {
    return t.type === 'word' && t.value.toLowerCase() === word;
  }
  private describe(t: Token): string {
    return t.type === 'eof' ? 'EOF' : `'${t.value}'`;
  }

  parseQuery(): JqlQuery {
    let where: JqlNode | null = null;
    if (this.peek().type !== 'eof' && !this.isWord(this.peek(), 'order')) where = this.parseOr();
    const orderBy: SortKey[] = [];
    if (this.isWord(this.peek(), 'order')) {
      this.next();
      const by = this.next();
      if (!this.isWord(by, 'by')) throw syntaxError(`Error in the JQL Query: Expecting 'by' but got ${this.describe(by)}.`, by.pos);
      for (;;) {
        const f = this.next();
        if (f.type !== 'word' && f.type !== 'string') throw syntaxError(`Error in the JQL Query: Expecting a field name but got ${this.describe(f)}.`, f.pos);
        let direction: 'asc' | 'desc' = 'asc';
        let explicit = false;
        if (this.isWord(this.peek(), 'asc') || this.isWord(this.peek(), 'desc')) {
          direction = this.next().value.toLowerCase() as 'asc' | 'desc';
          explicit = true;
        }
        orderBy.push({ field: f.value, direction: explicit ? direction : defaultDirection(f.value) });
        if (this.peek().type === 'comma') {
          this.next();
          continue;
        }
        break;
      }
    }
    const end = this.peek();
    if (end.type !== 'eof') {
      throw syntaxError(
        where === null || orderBy.length > 0
          ? `Error in the JQL Query: Expecting either a comma or the end of the query but got ${this.describe(end)}.`
          : `Error in the JQL Query: Expecting either 'OR' or 'AND' but got ${this.describe(end)}.`,
        end.pos,
      );
    }
    return { where, orderBy };
  }

  private parseOr(): JqlNode {
    const clauses = [this.parseAnd()];
    while (this.isWord(this.peek(), 'or') || (this.peek().type === 'op' && this.peek().value === '||')) {
      this.next();
      clauses.push(this.parseAnd());
    }
    return clauses.length === 1 ? (clauses[0] as JqlNode) : { type: 'or', clauses };
  }

  private parseAnd(): JqlNode {
    const clauses = [this.parseNot()];
    while (this.isWord(this.peek(), 'and') || (this.peek().type === 'op' && this.peek().value === '&&')) {
      this.next();
      clauses.push(this.parseNot());
    }
    return clauses.length === 1 ? (clauses[0] as JqlNode) : { type: 'and', clauses };
  }

  private parseNot(): JqlNode {
    const t = this.peek();
    if (this.isWord(t, 'not') || (t.type === 'op' && t.value === '!')) {
      this.next();
      return { type: 'not', clause: this.parseNot() };
    }
    if (t.type === 'lparen') {
      this.next();
      const inner = this.parseOr();
      const close = this.next();
      if (close.type !== 'rparen') throw syntaxError(`Error in the JQL Query: Expecting ')' but got ${this.describe(close)}.`, close.pos);
      return inner;
    }
    return this.parseClause();
  }

  private parseClause(): JqlNode {
    const f = this.next();
    if ((f.type !== 'word' && f.type !== 'string') || (f.type === 'word' && RESERVED.has(f.value.toLowerCase()))) {
      throw syntaxError(`Error in the JQL Query: Expecting a field name but got ${this.describe(f)}.`, f.pos);
    }
    const operator = this.parseOperator();
    const operand = this.parseOperand(operator);
    return { type: 'clause', field: f.value, operator, operand };
  }

  private parseOperator(): Operator {
    const t = this.next();
    if (t.type === 'op' && ['=', '!=', '<', '>', '<=', '>=', '~', '!~'].includes(t.value)) return t.value as Operator;
    if (this.isWord(t, 'in')) return 'in';
    if (this.isWord(t, 'not') && this.isWord(this.peek(), 'in')) {
      this.next();
      return 'not in';
    }
    if (this.isWord(t, 'is')) {
      if (this.isWord(this.peek(), 'not')) {
        this.next();
        return 'is not';
      }
      return 'is';
    }
    if (this.isWord(t, 'was') || this.isWord(t, 'changed')) {
      throw syntaxError(`Error in the JQL Query: The operator '${t.value.toUpperCase()}' is not supported by the local Jira emulator.`, t.pos);
    }
    throw syntaxError(
      `Error in the JQL Query: Expecting operator but got ${this.describe(t)}. The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.`,
      t.pos,
    );
  }

  private parseOperand(operator: Operator): Operand {
    const t = this.peek();
    if (operator === 'is' || operator === 'is not') {
      this.next();
      if (this.isWord(t, 'empty') || this.isWord(t, 'null')) return { kind: 'empty' };
      throw syntaxError(`Error in the JQL Query: Expecting 'EMPTY' or 'NULL' but got ${this.describe(t)}.`, t.pos);
    }
    if (t.type === 'lparen') {
      this.next();
      const values: Operand[] = [];
      if (this.peek().type === 'rparen') throw syntaxError(`Error in the JQL Query: Expecting a value but got ')'.`, this.peek().pos);
      for (;;) {
        values.push(this.parseValue());
        const sep = this.next();
        if (sep.type === 'comma') continue;
        if (sep.type === 'rparen') break;
        throw syntaxError(`Error in the JQL Query: Expecting ',' or ')' but got ${this.describe(sep)}.`, sep.pos);
      }
      return { kind: 'list', values };
    }
    return this.parseValue();
  }

  private parseValue(): Operand {
    const t = this.next();
    if (t.type === 'string') return { kind: 'value', value: t.value, quoted: true };
    if (t.type !== 'word') throw syntaxError(`Error in the JQL Query: Expecting either a value, list or function but got ${this.describe(t)}.`, t.pos);
    const lower = t.value.toLowerCase();
    if (lower === 'empty' || lower === 'null') return { kind: 'empty' };
    if (RESERVED.has(lower)) {
      throw syntaxError(`Error in the JQL Query: '${t.value}' is a reserved JQL word. You must surround it in quotation marks to use it in a query.`, t.pos);
    }
    if (this.peek().type === 'lparen') {
      this.next();
      const args: string[] = [];
      if (this.peek().type !== 'rparen') {
        for (;;) {
          const a = this.next();
          if (a.type !== 'word' && a.type !== 'string') throw syntaxError(`Error in the JQL Query: Expecting a function argument but got ${this.describe(a)}.`, a.pos);
          args.push(a.value);
          if (this.peek().type === 'comma') {
            this.next();
            continue;
          }
          break;
        }
      }
      const close = this.next();
      if (close.type !== 'rparen') throw syntaxError(`Error in the JQL Query: Expecting ')' but got ${this.describe(close)}.`, close.pos);
      return { kind: 'function', name: t.value, args };
    }
    return { kind: 'value', value: t.value, quoted: false };
  }
}

function defaultDirection(field: string): 'asc' | 'desc' {
  // Jira sorts date fields newest first when no direction is given.
  return ['created', 'updated', 'resolutiondate', 'resolved'].includes(field.toLowerCase()) ? 'desc' : 'asc';
}

/** Parses a JQL string; throws JqlError with Jira's message on a syntax error. */
export function parseJql(text: string): JqlQuery {
  return new Parser(tokenize(text)).parseQuery();
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

/** What the evaluator sees of an issue. */
export interface JqlIssue {
  id: string;
  key: string;
  projectId: string;
  projectKey: string;
  issueTypeId: string;
  statusId: string;
  priorityId: string;
  summary: string;
  labels: readonly string[];
  /** Every sprint the issue has been in. */
  sprintIds: readonly number[];
  parentKey: string | null;
  assigneeAccountId: string | null;
  reporterAccountId: string | null;
  storyPoints: number | null;
  rank: string;
  created: string;
  updated: string;
  resolutiondate: string | null;
  properties: Readonly<Record<string, unknown>>;
}

/** How Jira indexes an entity property value (the `type` of a `jira:entityProperty` value). */
export type IndexedPropertyType = 'string' | 'text' | 'number' | 'user' | 'date';

/**
 * An issue property path the app declared searchable (Forge `jira:entityProperty`). Searchable as
 * `issue.property[propertyKey].path` and, when given, as `searchAlias` (field names are case-insensitive
 * in JQL; the property key and path are matched exactly). An array at the path is indexed element by
 * element, so `=` matches when any element equals.
 */
export interface IndexedProperty {
  propertyKey: string;
  /** Dot path inside the property value, e.g. `keyResultIds`. */
  path: string;
  /**
   * `string`: exact match (case-sensitive, as the value is indexed as is), `=`, `!=`, `IN`, `NOT IN`,
   * `IS [NOT] EMPTY`; `number`: also `<`, `>`, `<=`, `>=`; `text`: `~`, `!~`; `user`: account ids and
   * `currentUser()`; `date`: dates as elsewhere in JQL.
   */
  type: IndexedPropertyType;
  /** The JQL field name the property path is also searchable under, e.g. `outcomesKeyResult`. */
  searchAlias?: string;
}

/** What the caller can see, and the site's configuration. */
export interface JqlContext {
  /** Projects the caller may browse. */
  projects: ReadonlyArray<{ id: string; key: string; name: string }>;
  /** Sprints on boards the caller may see. */
  sprints: ReadonlyArray<{ id: number; name: string; state: 'closed' | 'active' | 'future' }>;
  issueTypes: ReadonlyArray<{ id: string; name: string; subtask: boolean }>;
  statuses: ReadonlyArray<{ id: string; name: string; categoryKey: StatusCategoryKey }>;
  statusCategories: ReadonlyArray<{ id: number; key: string; name: string }>;
  priorities: ReadonlyArray<{ id: string; name: string }>;
  /** Account ids of the site's users. */
  users: ReadonlyArray<{ accountId: string; displayName: string }>;
  /** Resolves an issue key (any case) or id to the issue, if the caller may see it. */
  findIssue(keyOrId: string): { id: string; key: string } | undefined;
  /** The caller (null when the app calls: then `currentUser()` matches nobody). */
  currentAccountId: string | null;
  now: Date;
  /** Issue property paths that are indexed for JQL; `issue.property[K].path` is an error for any other. */
  indexedProperties?: ReadonlyArray<IndexedProperty>;
  /** The site's story-point field id (`customfield_N`): JQL also names it `cf[N]` and by its id. */
  storyPointsFieldId?: string;
  /**
   * The installed apps' string fields (`jira:customField` of type `string`), searchable by name, id or
   * `cf[N]`: each value compared whole (`=`, `!=`, `IN`, `NOT IN`, `IS [NOT] EMPTY`), as Atlassian
   * documents for the type ("JQL offers autocomplete and exact comparison"); ignoring case here, which
   * Atlassian does not say either way.
   */
  appStringFields?: ReadonlyArray<{ id: string; name: string; valuesOf(issueId: string): readonly string[] }>;
}

/** A field name as this evaluator knows it, lower case: the site's story-point field by id or `cf[N]` is "story point estimate". */
function canonicalField(field: string, ctx: JqlContext): string {
  const lower = field.toLowerCase();
  const id = ctx.storyPointsFieldId?.toLowerCase();
  if (id && (lower === id || lower === `cf[${id.replace('customfield_', '')}]`)) return 'story point estimate';
  return lower;
}

export interface CompiledJql {
  query: JqlQuery;
  /** False for a query with no search restriction (only ORDER BY): Jira's search/jql refuses those. */
  bounded: boolean;
  matches(issue: JqlIssue): boolean;
  /** Orders by the ORDER BY clause (default `key DESC`), ties broken by id for stable paging. */
  compare(a: JqlIssue, b: JqlIssue): number;
}

type Predicate = (issue: JqlIssue) => boolean;

/** Turns a JQL string (or parsed query) into a predicate and a comparator, validating every field and value. */
export function compileJql(jql: string | JqlQuery, ctx: JqlContext): CompiledJql {
  const query = typeof jql === 'string' ? parseJql(jql) : jql;
  const matches = query.where ? compileNode(query.where, ctx) : () => true;
  const sorters = (query.orderBy.length > 0 ? query.orderBy : [{ field: 'key', direction: 'desc' as const }]).map((s) => sorterFor(s, ctx));
  return {
    query,
    bounded: query.where !== null,
    matches,
    compare(a, b) {
      for (const s of sorters) {
        const c = s(a, b);
        if (c !== 0) return c;
      }
      return Number(a.id) - Number(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    },
  };
}

function compileNode(node: JqlNode, ctx: JqlContext): Predicate {
  switch (node.type) {
    case 'and': {
      const ps = node.clauses.map((c) => compileNode(c, ctx));
      return (i) => ps.every((p) => p(i));
    }
    case 'or': {
      const ps = node.clauses.map((c) => compileNode(c, ctx));
      return (i) => ps.some((p) => p(i));
    }
    case 'not': {
      const p = compileNode(node.clause, ctx);
      return (i) => !p(i);
    }
    case 'clause':
      return compileClause(node.field, node.operator, node.operand, ctx);
  }
}

/** How one field reads its values from an issue and turns a JQL value into something comparable. */
interface FieldDef {
  /** The name used in messages. */
  name: string;
  /** The issue's values for this field (empty array = EMPTY). */
  values(issue: JqlIssue): ReadonlyArray<string | number>;
  /** Resolves one JQL literal to the values it stands for (several, e.g. a status category's name). */
  resolve?(value: string, quoted: boolean): Array<string | number>;
  /** Resolves a function call (openSprints(), …). */
  fn?(name: string, args: string[]): Array<string | number>;
  /** Equality operators allowed by default; add these. */
  ops: ReadonlyArray<Operator>;
  /** For ~ / !~ on text. */
  text?: boolean;
  /** For < > <= >=: turns a literal into a number (dates, numbers). */
  ordinal?(value: string): number;
  /** Compare string values exactly (entity property strings are indexed as is); default: ignoring case. */
  caseSensitive?: boolean;
}

/** The field names this evaluator knows itself (lower case): a search alias by one of these names would be shadowed. */
export const SYSTEM_JQL_FIELDS: ReadonlySet<string> = new Set([
  'project', 'key', 'issuekey', 'id', 'parent', 'sprint', 'statuscategory', 'category', 'status', 'issuetype', 'type',
  'priority', 'assignee', 'reporter', 'labels', 'summary', 'text', 'created', 'createddate', 'updated', 'updateddate',
  'resolutiondate', 'resolved', 'story point estimate', 'story points', 'rank',
]);

const EQUALITY: Operator[] = ['=', '!=', 'in', 'not in', 'is', 'is not'];
const ORDINAL: Operator[] = [...EQUALITY, '<', '>', '<=', '>='];

function fieldDef(field: string, ctx: JqlContext): FieldDef {
  const lower = canonicalField(field, ctx);
  const notFound = (v: string): JqlError => new JqlError(`The value '${v}' does not exist for the field '${field}'.`);
  const fnUnsupported = (name: string): JqlError => new JqlError(`Unable to find JQL function '${name}()'.`);
  const issueRef = (v: string): string => {
    const found = ctx.findIssue(v);
    if (!found) {
      throw new JqlError(
        lower === 'parent' ? `The value '${v}' does not exist for the field '${field}'.` : `An issue with key '${v}' does not exist for field '${field}'.`,
      );
    }
    return found.key;
  };
  const userRef = (v: string): string => {
    const u = ctx.users.find((x) => x.accountId === v) ?? ctx.users.filter((x) => x.displayName.toLowerCase() === v.toLowerCase())[0];
    if (!u) throw notFound(v);
    return u.accountId;
  };
  const userFn = (name: string): string[] => {
    if (name.toLowerCase() !== 'currentuser') throw fnUnsupported(name);
    return ctx.currentAccountId ? [ctx.currentAccountId] : [];
  };
  const dateOrdinal = (v: string): number => parseJqlDate(v, ctx.now, field);

  switch (lower) {
    case 'project':
      return {
        name: field,
        ops: EQUALITY,
        values: (i) => [i.projectId],
        resolve: (v) => {
          const p = ctx.projects.find((x) => x.key.toLowerCase() === v.toLowerCase() || x.id === v || x.name.toLowerCase() === v.toLowerCase());
          if (!p) throw notFound(v);
          return [p.id];
        },
      };
    case 'key':
    case 'issuekey':
    case 'id':
      return { name: field, ops: EQUALITY, values: (i) => [i.key], resolve: (v) => [issueRef(v)] };
    case 'parent':
      return { name: field, ops: EQUALITY, values: (i) => (i.parentKey ? [i.parentKey.toUpperCase()] : []), resolve: (v) => [issueRef(v).toUpperCase()] };
    case 'sprint':
      return {
        name: field,
        ops: EQUALITY,
        values: (i) => i.sprintIds,
        resolve: (v, quoted) => {
          const byId = !quoted && /^\d+$/.test(v) ? ctx.sprints.find((s) => s.id === Number(v)) : undefined;
          const matches = byId ? [byId] : ctx.sprints.filter((s) => s.name.toLowerCase() === v.toLowerCase());
          if (matches.length === 0) throw notFound(v);
          return matches.map((s) => s.id);
        },
        fn: (name, args) => {
          if (args.length > 0) throw new JqlError(`Function '${name}' expected '0' arguments but received '${args.length}'.`);
          const state = { opensprints: 'active', closedsprints: 'closed', futuresprints: 'future' }[name.toLowerCase()];
          if (!state) throw fnUnsupported(name);
          return ctx.sprints.filter((s) => s.state === state).map((s) => s.id);
        },
      };
    case 'statuscategory':
    case 'category':
      return {
        name: field,
        ops: EQUALITY,
        values: (i) => {
          const s = ctx.statuses.find((x) => x.id === i.statusId);
          return s ? [s.categoryKey] : [];
        },
        resolve: (v) => {
          const c = ctx.statusCategories.find((x) => x.name.toLowerCase() === v.toLowerCase() || x.key.toLowerCase() === v.toLowerCase() || String(x.id) === v);
          if (!c) throw notFound(v);
          return [c.key];
        },
      };
    case 'status':
      return {
        name: field,
        ops: EQUALITY,
        values: (i) => [i.statusId],
        resolve: (v) => {
          const s = ctx.statuses.filter((x) => x.name.toLowerCase() === v.toLowerCase() || x.id === v);
          if (s.length === 0) throw notFound(v);
          return s.map((x) => x.id);
        },
      };
    case 'issuetype':
    case 'type':
      return {
        name: field,
        ops: EQUALITY,
        values: (i) => [i.issueTypeId],
        resolve: (v) => {
          const t = ctx.issueTypes.filter((x) => x.name.toLowerCase() === v.toLowerCase() || x.id === v);
          if (t.length === 0) throw notFound(v);
          return t.map((x) => x.id);
        },
        fn: (name) => {
          const n = name.toLowerCase();
          if (n === 'standardissuetypes') return ctx.issueTypes.filter((t) => !t.subtask).map((t) => t.id);
          if (n === 'subtaskissuetypes') return ctx.issueTypes.filter((t) => t.subtask).map((t) => t.id);
          throw fnUnsupported(name);
        },
      };
    case 'priority':
      return {
        name: field,
        ops: EQUALITY,
        values: (i) => [i.priorityId],
        resolve: (v) => {
          const p = ctx.priorities.find((x) => x.name.toLowerCase() === v.toLowerCase() || x.id === v);
          if (!p) throw notFound(v);
          return [p.id];
        },
      };
    case 'assignee':
      return { name: field, ops: EQUALITY, values: (i) => (i.assigneeAccountId ? [i.assigneeAccountId] : []), resolve: (v) => [userRef(v)], fn: userFn };
    case 'reporter':
      return { name: field, ops: EQUALITY, values: (i) => (i.reporterAccountId ? [i.reporterAccountId] : []), resolve: (v) => [userRef(v)], fn: userFn };
    case 'labels':
      return { name: field, ops: EQUALITY, values: (i) => i.labels, resolve: (v) => [v] };
    case 'summary':
    case 'text':
      return { name: field, ops: [], text: true, values: (i) => [i.summary] };
    case 'created':
    case 'createddate':
      return { name: field, ops: ORDINAL, values: (i) => [Date.parse(i.created)], ordinal: dateOrdinal, fn: (n) => [nowFn(n, ctx)] };
    case 'updated':
    case 'updateddate':
      return { name: field, ops: ORDINAL, values: (i) => [Date.parse(i.updated)], ordinal: dateOrdinal, fn: (n) => [nowFn(n, ctx)] };
    case 'resolutiondate':
    case 'resolved':
      return {
        name: field,
        ops: ORDINAL,
        values: (i) => (i.resolutiondate ? [Date.parse(i.resolutiondate)] : []),
        ordinal: dateOrdinal,
        fn: (n) => [nowFn(n, ctx)],
      };
    case 'story point estimate':
    case 'story points':
      return {
        name: field,
        ops: ORDINAL,
        values: (i) => (i.storyPoints === null ? [] : [i.storyPoints]),
        ordinal: (v) => numberValue(v, field),
        resolve: (v) => [numberValue(v, field)],
      };
  }
  const appField = (ctx.appStringFields ?? []).find((candidate) => [candidate.id.toLowerCase(), `cf[${candidate.id.replace('customfield_', '')}]`, candidate.name.toLowerCase()].includes(lower));
  if (appField) return { name: field, ops: EQUALITY, values: (i) => appField.valuesOf(i.id), resolve: (v) => [v] };
  const decl = indexedPropertyFor(field, ctx);
  if (decl) return propertyField(field, decl, ctx, userRef, userFn);
  throw new JqlError(`Field '${field}' does not exist or you do not have permission to view it.`);
}

/** The indexed property a field name stands for: `issue.property[KEY].path`, or a search alias (any case). */
function indexedPropertyFor(field: string, ctx: JqlContext): IndexedProperty | undefined {
  const declared = ctx.indexedProperties ?? [];
  const property = /^issue\.property\[([^\]]+)\]\.(.+)$/i.exec(field);
  if (property) return declared.find((p) => p.propertyKey === property[1] && p.path === property[2]);
  const lower = field.toLowerCase();
  return declared.find((p) => p.searchAlias !== undefined && p.searchAlias.toLowerCase() === lower);
}

/**
 * `issue.property[KEY].path` or its alias: only paths the context lists in `indexedProperties` exist (as on
 * Jira, where an app must declare them); an array is indexed element by element; values of the wrong JSON
 * type for the declared type are not indexed (a missing property, path or empty array is EMPTY).
 */
function propertyField(
  field: string,
  decl: IndexedProperty,
  ctx: JqlContext,
  userRef: (v: string) => string,
  userFn: (name: string) => string[],
): FieldDef {
  const raw = (issue: JqlIssue): unknown[] => {
    let v: unknown = issue.properties[decl.propertyKey];
    for (const part of decl.path.split('.')) {
      v = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[part] : undefined;
    }
    return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  };
  const scalars = (issue: JqlIssue): string[] =>
    raw(issue)
      .filter((x): x is string | number | boolean => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')
      .map(String);
  switch (decl.type) {
    case 'text':
      return { name: field, ops: ['is', 'is not'], text: true, values: scalars };
    case 'number': {
      const numbers = (issue: JqlIssue): number[] =>
        raw(issue)
          .filter((x): x is string | number => typeof x === 'number' || (typeof x === 'string' && x.trim() !== ''))
          .map(Number)
          .filter(Number.isFinite);
      return { name: field, ops: ORDINAL, values: numbers, ordinal: (v) => numberValue(v, field), resolve: (v) => [numberValue(v, field)] };
    }
    case 'date':
      return {
        name: field,
        ops: ORDINAL,
        values: (i) => scalars(i).map((x) => Date.parse(x)).filter(Number.isFinite),
        ordinal: (v) => parseJqlDate(v, ctx.now, field),
      };
    case 'user':
      return { name: field, ops: EQUALITY, values: scalars, resolve: (v) => [userRef(v)], fn: userFn, caseSensitive: true };
    case 'string':
      return { name: field, ops: EQUALITY, values: scalars, resolve: (v) => [v], caseSensitive: true };
  }
}

function nowFn(name: string, ctx: JqlContext): number {
  if (name.toLowerCase() !== 'now') throw new JqlError(`Unable to find JQL function '${name}()'.`);
  return ctx.now.getTime();
}

function numberValue(v: string, field: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new JqlError(`The value '${v}' is not a valid number for the field '${field}'.`);
  return n;
}

/** Dates as JQL takes them: "yyyy-MM-dd", "yyyy/MM/dd", either with " HH:mm", or relative "-14d", "2w", "-4h", "30m". */
export function parseJqlDate(v: string, now: Date, field = 'created'): number {
  const rel = /^([-+]?)(\d+)([wdhm])$/i.exec(v.trim());
  if (rel) {
    const unit = { w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000 }[(rel[3] as string).toLowerCase() as 'w' | 'd' | 'h' | 'm'];
    return now.getTime() + (rel[1] === '-' ? -1 : 1) * Number(rel[2]) * unit;
  }
  const abs = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(v.trim());
  if (abs) {
    const [, y, mo, d, h, mi] = abs;
    const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0));
    if (Number.isFinite(t)) return t;
  }
  throw new JqlError(
    `Date value '${v}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
  );
}

function compileClause(field: string, operator: Operator, operand: Operand, ctx: JqlContext): Predicate {
  const def = fieldDef(field, ctx);
  const allowed = new Set<Operator>(def.text ? ['~', '!~', ...def.ops] : def.ops);
  if (!allowed.has(operator)) {
    throw new JqlError(`The operator '${operator.toUpperCase()}' is not supported by the '${field}' field.`);
  }

  if (operator === 'is' || operator === 'is not') {
    const wantEmpty = operator === 'is';
    return (i) => (def.values(i).length === 0) === wantEmpty;
  }

  if (operator === '~' || operator === '!~') {
    if (operand.kind !== 'value') throw new JqlError(`The operator '${operator}' does not support the value type of '${field}': give a text value.`);
    const terms = operand.value
      .toLowerCase()
      .split(/\s+/)
      .map((t) => t.replace(/\*$/, ''))
      .filter((t) => t.length > 0);
    if (terms.length === 0) throw new JqlError(`The field '${field}' does not support searching for an empty string.`);
    const contains = (i: JqlIssue): boolean => def.values(i).some((v) => terms.every((t) => String(v).toLowerCase().includes(t)));
    return operator === '~' ? contains : (i) => !contains(i);
  }

  if (operator === '<' || operator === '>' || operator === '<=' || operator === '>=') {
    let bound: number;
    if (operand.kind === 'value' && def.ordinal) bound = def.ordinal(operand.value);
    else if (operand.kind === 'function' && def.fn) bound = Number(def.fn(operand.name, operand.args)[0]);
    else throw new JqlError(`The operator '${operator}' does not support the value given for the field '${field}'.`);
    const cmp = { '<': (a: number) => a < bound, '>': (a: number) => a > bound, '<=': (a: number) => a <= bound, '>=': (a: number) => a >= bound }[operator];
    return (i) => def.values(i).some((v) => cmp(Number(v)));
  }

  // = != IN NOT IN
  const isList = operator === 'in' || operator === 'not in';
  if (isList && operand.kind !== 'list' && operand.kind !== 'function') {
    throw new JqlError(`The operator '${operator.toUpperCase()}' requires a list of values or a function for the field '${field}'.`);
  }
  if (!isList && operand.kind === 'list') {
    throw new JqlError(`The operator '${operator}' does not support a list of values for the field '${field}'. Use 'IN' instead.`);
  }
  const items = operand.kind === 'list' ? operand.values : [operand];
  const norm = (v: string | number): string | number => (typeof v === 'string' && !def.caseSensitive ? v.toUpperCase() : v);
  let includesEmpty = false;
  const wanted = new Set<string | number>();
  for (const item of items) {
    if (item.kind === 'empty') {
      includesEmpty = true;
      continue;
    }
    if (item.kind === 'list') throw new JqlError('Error in the JQL Query: lists cannot be nested.');
    let resolved: Array<string | number>;
    if (item.kind === 'function') {
      if (!def.fn) throw new JqlError(`Unable to find JQL function '${item.name}()'.`);
      resolved = def.fn(item.name, item.args);
    } else if (def.resolve) resolved = def.resolve(item.value, item.quoted);
    else if (def.ordinal) resolved = [def.ordinal(item.value)];
    else resolved = [item.value];
    for (const r of resolved) wanted.add(norm(r));
  }
  const positive = operator === '=' || operator === 'in';
  return (i) => {
    const values = def.values(i);
    if (values.length === 0) return positive ? includesEmpty : false;
    const hit = values.some((v) => wanted.has(norm(v)));
    return positive ? hit : !hit;
  };
}

// ---------------------------------------------------------------------------------------------
// ORDER BY

type Sorter = (a: JqlIssue, b: JqlIssue) => number;

function sorterFor(sort: SortKey, ctx: JqlContext): Sorter {
  const dir = sort.direction === 'desc' ? -1 : 1;
  const lower = canonicalField(sort.field, ctx);
  const by = (get: (i: JqlIssue) => string | number | null): Sorter => (a, b) => {
    const x = get(a);
    const y = get(b);
    if (x === y) return 0;
    if (x === null) return 1 * dir; // empty values last ascending, first descending
    if (y === null) return -1 * dir;
    return (x < y ? -1 : 1) * dir;
  };
  switch (lower) {
    case 'rank':
      return by((i) => i.rank);
    case 'created':
      return by((i) => Date.parse(i.created));
    case 'updated':
      return by((i) => Date.parse(i.updated));
    case 'resolutiondate':
    case 'resolved':
      return by((i) => (i.resolutiondate ? Date.parse(i.resolutiondate) : null));
    case 'key':
    case 'issuekey':
      return (a, b) => {
        const [pa, na] = splitKey(a.key);
        const [pb, nb] = splitKey(b.key);
        return (pa < pb ? -1 : pa > pb ? 1 : na - nb) * dir;
      };
    case 'id':
      return by((i) => Number(i.id));
    case 'summary':
      return by((i) => i.summary.toLowerCase());
    case 'priority': {
      // Jira's priority order: Highest first when ascending.
      const pos = new Map(ctx.priorities.map((p, n) => [p.id, n]));
      return by((i) => pos.get(i.priorityId) ?? null);
    }
    case 'story point estimate':
    case 'story points':
      return by((i) => i.storyPoints);
  }
  if (indexedPropertyFor(sort.field, ctx)) throw new JqlError(`Sorting by '${sort.field}' is not supported by the local Jira emulator.`);
  const known = ['project', 'sprint', 'statuscategory', 'status', 'issuetype', 'type', 'parent', 'assignee', 'reporter', 'labels', 'text'];
  if (known.includes(lower)) throw new JqlError(`Not able to sort using field '${sort.field}'.`);
  throw new JqlError(`Field '${sort.field}' does not exist or you do not have permission to view it.`);
}

function splitKey(key: string): [string, number] {
  const dash = key.lastIndexOf('-');
  return [key.slice(0, dash).toUpperCase(), Number(key.slice(dash + 1))];
}
