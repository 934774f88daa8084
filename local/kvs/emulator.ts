// A local stand-in for Forge hosted storage (Key-Value Store, secrets, Custom Entity Store) that
// speaks the wire protocol of the real `@forge/kvs` package: the app's code and the SDK run
// unchanged, and every request reaches `handle(path, body)` exactly as the SDK sent it.
//
// Sources for the protocol: the compiled SDK (`node_modules/@forge/kvs/out`, its request builders
// and its own tests) for request/response shapes, and the Forge docs ("Error handling for the
// Key-Value Store / Custom Entity Store", "KVS and Custom Entity Store limits", "Transactions",
// "Batch operations", the manifest schema in `@forge/manifest`) for limits and error codes.
// Where the docs are silent the choice made here is marked "(assumed)".
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { EmulatedResponse, KvsBackend } from '../platform';

// ─── Public types and constants ───

export type AttributeType = 'string' | 'integer' | 'float' | 'boolean' | 'any';

/** An index as written in the manifest: a bare attribute name, or `{ name, partition?, range }`. */
export type EntityIndexDefinition = string | { name: string; partition?: string[]; range: string[] };

/** One entry of the manifest's `app.storage.entities`, keyed by entity name. */
export interface EntityDefinition {
  attributes: Record<string, { type: string }>;
  indexes: EntityIndexDefinition[];
}

export type EntityDefinitions = Record<string, EntityDefinition>;

/** A fault to inject: the `onCall`-th call after construction fails with `status` (and `body`, if given). */
export interface ScheduledFault {
  onCall: number;
  status?: number;
  body?: unknown;
}

export interface KvsEmulatorOptions {
  /** Persist the whole store to this JSON file (atomically, after every successful write) and load it at start. */
  file?: string;
  /** Custom entities as declared in the manifest; entities and indexes not listed here are rejected. */
  entities?: EntityDefinitions;
  /** Faults to schedule at construction; same as calling `failOnCall` for each. */
  faults?: ScheduledFault[];
  /** Clock in epoch milliseconds, for TTL and metadata timestamps (tests move it forward). */
  now?: () => number;
  /** Simulated latency of every call, in ms (default 0); can be changed later through `latencyMs`. */
  latencyMs?: number;
  /**
   * How a transaction whose condition fails is answered (default 409 TRANSACTION_FAILED, itself a
   * guess): Forge documents no code, so tests answer with others to show the app does not rely on one.
   */
  conditionFailure?: { status: number; code: string };
}

/** Which calls a fault hits, and when. */
export interface FaultOptions {
  /** Count only calls to this endpoint, e.g. `/api/v1/transaction`. */
  path?: string;
  /** Serve the call first (its writes are kept), then answer with the fault: an answer lost on the way back. */
  afterServing?: boolean;
}

/** The platform limits the emulator enforces. */
export const KVS_LIMITS = {
  maxKeyLength: 500,
  /** Serialised (JSON, UTF-8) size of one value. */
  maxValueBytes: 240 * 1024,
  /** Nesting levels of objects/arrays in one value; the error docs name 32. */
  maxValueDepth: 32,
  maxQueryLimit: 100,
  /** Page size when the SDK sends no `limit` (the docs say 10 for key queries; assumed the same for entities). */
  defaultQueryLimit: 10,
  maxBatchItems: 25,
  maxTransactionOperations: 25,
  minEntityNameLength: 3,
  maxEntityNameLength: 60,
} as const;

/**
 * The `code` of every error body the emulator answers with. Codes from the Forge error docs and
 * the SDK are used where they exist; the ones marked (assumed) are not documented anywhere.
 */
export const KVS_ERROR_CODES = {
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  KEY_NOT_FOUND: 'KEY_NOT_FOUND',
  KEY_TOO_SHORT: 'KEY_TOO_SHORT',
  EMPTY_KEY: 'EMPTY_KEY',
  KEY_TOO_LONG: 'KEY_TOO_LONG',
  INVALID_KEY: 'INVALID_KEY',
  MAX_SIZE: 'MAX_SIZE',
  MAX_DEPTH: 'MAX_DEPTH',
  LIST_QUERY_LIMIT_EXCEEDED: 'LIST_QUERY_LIMIT_EXCEEDED',
  QUERY_WHERE_INVALID: 'QUERY_WHERE_INVALID',
  QUERY_WHERE_FIELD_INVALID: 'QUERY_WHERE_FIELD_INVALID',
  INVALID_FILTER_CONDITION: 'INVALID_FILTER_CONDITION',
  INVALID_FILTER_VALUES: 'INVALID_FILTER_VALUES',
  ENTITY_TYPE_TOO_SHORT: 'ENTITY_TYPE_TOO_SHORT',
  ENTITY_TYPE_TOO_LARGE: 'ENTITY_TYPE_TOO_LARGE',
  INVALID_ENTITY_TYPE: 'INVALID_ENTITY_TYPE',
  INVALID_ENTITY_VALUE: 'INVALID_ENTITY_VALUE',
  INVALID_ENTITY_INDEX: 'INVALID_ENTITY_INDEX',
  COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE: 'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE',
  EMPTY_FILTER_OPERATOR: 'EMPTY_FILTER_OPERATOR',
  INVALID_FILTER_OPERATORS_COMBINATION: 'INVALID_FILTER_OPERATORS_COMBINATION',
  INSUFFICIENT_FILTER_VALUES: 'INSUFFICIENT_FILTER_VALUES',
  RATE_LIMIT_EXCEEDED: 'RATE_LIMIT_EXCEEDED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** (assumed) `keyPolicy: 'FAIL_IF_EXISTS'` on an existing key, 409. */
  KEY_ALREADY_EXISTS: 'KEY_ALREADY_EXISTS',
  /** (assumed) a transaction `check` or operation condition did not hold, 409; nothing was written. */
  TRANSACTION_FAILED: 'TRANSACTION_FAILED',
  /** (assumed) more than 25 keys in one batch request, 400. */
  BATCH_SIZE_EXCEEDED: 'BATCH_SIZE_EXCEEDED',
  /** (assumed) more than 25 operations in one transaction, 400. */
  TRANSACTION_SIZE_EXCEEDED: 'TRANSACTION_SIZE_EXCEEDED',
  /** (assumed) the same key (and entity) twice in one batch or transaction, 400. */
  DUPLICATE_KEYS: 'DUPLICATE_KEYS',
  /** (assumed) a cursor this emulator did not issue for this query, 400. */
  INVALID_CURSOR: 'INVALID_CURSOR',
} as const;

const E = KVS_ERROR_CODES;

// ─── Errors ───

/** A platform-shaped failure: becomes `{ code, message, context? }` with the HTTP status. */
class KvsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly context?: Record<string, unknown>,
  ) {
    super(message);
  }
}

const badRequest = (message = 'Provided request body is invalid'): KvsError => new KvsError(400, E.BAD_REQUEST, message);

// ─── Storage model ───

interface StoredItem {
  value: unknown;
  /** Epoch seconds (assumed: the SDK's own test data uses seconds, e.g. 1718236800). */
  createdAt: number;
  updatedAt: number;
  /** ISO-8601, as the SDK documents `expireTime`. */
  expireTime?: string;
}

/**
 * Tables are addressed by namespace: `kv`, `secret` and `entity:<name>`. Entity names may contain
 * ':' but never start a namespace that is not `entity:`, so the scheme cannot collide.
 */
type Namespace = string;
const KV: Namespace = 'kv';
const SECRET: Namespace = 'secret';
const entityNs = (name: string): Namespace => `entity:${name}`;

/** One write of a commit; `item: null` deletes. */
interface Change {
  ns: Namespace;
  key: string;
  item: StoredItem | null;
}

interface PersistedStore {
  format: 'forge-kvs-emulator';
  version: 1;
  tables: Record<Namespace, Record<string, StoredItem>>;
}

// ─── Entity schema ───

const ATTRIBUTE_TYPES: ReadonlySet<string> = new Set(['string', 'integer', 'float', 'boolean', 'any']);
/** The implicit index on the entity key; the manifest reserves its name. */
const BY_KEY_INDEX = 'by-key';

interface CompiledIndex {
  name: string;
  partition: string[];
  /** Range attributes; empty for `by-key`, whose range is the key itself. */
  range: string[];
}

interface CompiledEntity {
  name: string;
  attributes: Map<string, AttributeType>;
  indexes: Map<string, CompiledIndex>;
}

function compileEntities(definitions: EntityDefinitions): Map<string, CompiledEntity> {
  const compiled = new Map<string, CompiledEntity>();
  for (const [name, definition] of Object.entries(definitions)) {
    const attributes = new Map<string, AttributeType>();
    for (const [attribute, spec] of Object.entries(definition.attributes ?? {})) {
      if (!ATTRIBUTE_TYPES.has(spec?.type)) {
        throw new Error(`Entity '${name}': attribute '${attribute}' has unknown type '${String(spec?.type)}'.`);
      }
      attributes.set(attribute, spec.type as AttributeType);
    }
    const requireAttribute = (attribute: string, role: string): void => {
      if (!attributes.has(attribute)) {
        throw new Error(`Entity '${name}': ${role} '${attribute}' is not a declared attribute.`);
      }
    };
    const indexes = new Map<string, CompiledIndex>([[BY_KEY_INDEX, { name: BY_KEY_INDEX, partition: [], range: [] }]]);
    for (const index of definition.indexes ?? []) {
      const normalised: CompiledIndex =
        typeof index === 'string'
          ? { name: index, partition: [], range: [index] }
          : { name: index.name, partition: [...(index.partition ?? [])], range: [...index.range] };
      if (normalised.name === BY_KEY_INDEX) throw new Error(`Entity '${name}': the index name '${BY_KEY_INDEX}' is reserved.`);
      if (normalised.range.length === 0) throw new Error(`Entity '${name}': index '${normalised.name}' needs a range.`);
      if (indexes.has(normalised.name)) throw new Error(`Entity '${name}': index '${normalised.name}' is declared twice.`);
      normalised.partition.forEach((a) => requireAttribute(a, `partition of index '${normalised.name}'`));
      normalised.range.forEach((a) => requireAttribute(a, `range of index '${normalised.name}'`));
      indexes.set(normalised.name, normalised);
    }
    compiled.set(name, { name, attributes, indexes });
  }
  return compiled;
}

/**
 * Reads `app.storage.entities` from a manifest.yml, in the shape `KvsEmulator` takes, so the
 * emulator enforces exactly the entities and indexes the app declares. Returns `{}` when the
 * manifest declares none.
 */
export function entitiesFromManifest(manifestYamlText: string): EntityDefinitions {
  const manifest: unknown = parseYaml(manifestYamlText);
  const app = isRecord(manifest) ? manifest.app : undefined;
  const storage = isRecord(app) ? app.storage : undefined;
  const entities = isRecord(storage) ? storage.entities : undefined;
  if (entities === undefined) return {};
  if (!Array.isArray(entities)) throw new Error('manifest: app.storage.entities must be a list.');
  const result: EntityDefinitions = {};
  for (const entity of entities) {
    if (!isRecord(entity) || typeof entity.name !== 'string') {
      throw new Error('manifest: every entry of app.storage.entities needs a name.');
    }
    const attributes: Record<string, { type: string }> = {};
    if (!isRecord(entity.attributes)) throw new Error(`manifest: entity '${entity.name}' needs attributes.`);
    for (const [attribute, spec] of Object.entries(entity.attributes)) {
      if (!isRecord(spec) || typeof spec.type !== 'string') {
        throw new Error(`manifest: attribute '${attribute}' of entity '${entity.name}' needs a type.`);
      }
      attributes[attribute] = { type: spec.type };
    }
    const indexes: EntityIndexDefinition[] = [];
    for (const index of Array.isArray(entity.indexes) ? entity.indexes : []) {
      if (typeof index === 'string') {
        indexes.push(index);
      } else if (isRecord(index) && typeof index.name === 'string' && isStringArray(index.range)) {
        const partition = index.partition === undefined ? undefined : index.partition;
        if (partition !== undefined && !isStringArray(partition)) {
          throw new Error(`manifest: partition of index '${index.name}' must be a list of attribute names.`);
        }
        indexes.push({ name: index.name, range: index.range, ...(partition ? { partition } : {}) });
      } else {
        throw new Error(`manifest: entity '${entity.name}' has a malformed index.`);
      }
    }
    result[entity.name] = { attributes, indexes };
  }
  // Compile once so a malformed manifest fails here rather than at the first storage call.
  compileEntities(result);
  return result;
}

// ─── Small helpers ───

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function requireRecord(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) throw badRequest();
  return body;
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw badRequest(`Provided request body is invalid: '${field}' must be a string`);
  return value;
}

function encodeCursor(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

function decodeCursor(cursor: unknown): unknown {
  if (typeof cursor !== 'string' || cursor === '') throw new KvsError(400, E.INVALID_CURSOR, 'The provided cursor is invalid');
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new KvsError(400, E.INVALID_CURSOR, 'The provided cursor is invalid');
  }
}

function json(status: number, body: unknown): EmulatedResponse {
  return { status, body };
}

const NO_CONTENT: EmulatedResponse = { status: 204 };

// ─── Keys and values ───

// Without the `u` flag, `\s-#` in a class is the three alternatives `\s`, `-`, `#` — as the
// platform's documented pattern intends.
const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/;

/** The KVS docs call an empty key KEY_TOO_SHORT; the Custom Entity docs call it EMPTY_KEY. */
function validateKey(key: unknown, store: 'kvs' | 'entity'): string {
  const k = requireString(key, 'key');
  if (k.length === 0) {
    throw store === 'kvs'
      ? new KvsError(400, E.KEY_TOO_SHORT, 'The provided key needs to be at least one character')
      : new KvsError(400, E.EMPTY_KEY, 'Key cannot be empty');
  }
  if (k.length > KVS_LIMITS.maxKeyLength) {
    throw new KvsError(400, E.KEY_TOO_LONG, `The provided key has exceeded the maximum ${KVS_LIMITS.maxKeyLength} characters`);
  }
  if (!KEY_PATTERN.test(k)) {
    throw new KvsError(400, E.INVALID_KEY, `The provided key does not match the regex: ${KEY_PATTERN.source}`);
  }
  return k;
}

function depthExceeds(value: unknown, limit: number): boolean {
  // Stops descending once past the limit, so a pathological value cannot blow the stack.
  const depth = (v: unknown, level: number): number => {
    if (typeof v !== 'object' || v === null) return level;
    if (level + 1 > limit) return level + 1;
    let max = level + 1;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      max = Math.max(max, depth(child, level + 1));
      if (max > limit) break;
    }
    return max;
  };
  return depth(value, 0) > limit;
}

/** Validates a value to store and returns the copy to keep (what the platform would read back). */
function validateValue(value: unknown): unknown {
  // The REST schema allows string | number | boolean | array | object: no null, no missing value.
  if (value === undefined || value === null) throw badRequest("Provided request body is invalid: 'value' is required");
  const serialised = JSON.stringify(value);
  if (Buffer.byteLength(serialised, 'utf8') > KVS_LIMITS.maxValueBytes) {
    throw new KvsError(400, E.MAX_SIZE, 'The provided value has exceeded the maximum size limit');
  }
  if (depthExceeds(value, KVS_LIMITS.maxValueDepth)) {
    throw new KvsError(400, E.MAX_DEPTH, `The provided value has exceeded the maximum object depth (${KVS_LIMITS.maxValueDepth}) limit`);
  }
  return JSON.parse(serialised);
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function matchesAttributeType(type: AttributeType, value: unknown): boolean {
  switch (type) {
    case 'any':
      return true;
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value) && (value as number) >= INT32_MIN && (value as number) <= INT32_MAX;
    case 'float': {
      // The Custom Entity docs: 0, or a magnitude between 1E-130 and 9.99…E+125.
      if (typeof value !== 'number' || !Number.isFinite(value)) return false;
      const magnitude = Math.abs(value);
      return value === 0 || (magnitude >= 1e-130 && magnitude < 1e126);
    }
  }
}

function validateEntityValue(entity: CompiledEntity, value: unknown): void {
  if (!isRecord(value)) {
    throw new KvsError(400, E.INVALID_ENTITY_VALUE, `Entity values must be objects whose attributes match the types defined for '${entity.name}'`);
  }
  for (const [attribute, type] of entity.attributes) {
    const v = value[attribute];
    if (v !== undefined && !matchesAttributeType(type, v)) {
      throw new KvsError(400, E.INVALID_ENTITY_VALUE, `Attribute '${attribute}' of entity '${entity.name}' must be of type ${type}`, {
        attribute,
        expectedType: type,
      });
    }
  }
}

// ─── Options ───

const METADATA_FIELDS: ReadonlySet<string> = new Set(['CREATED_AT', 'UPDATED_AT', 'EXPIRE_TIME']);
const TTL_UNITS_MS: Readonly<Record<string, number>> = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 };

function parseMetadataFields(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((f) => typeof f === 'string' && METADATA_FIELDS.has(f))) throw badRequest();
  return value as string[];
}

/** `options.metadataFields` of a get/query body (entity queries may also send it at top level). */
function metadataFieldsOf(body: Record<string, unknown>): string[] {
  const options = body.options;
  if (options !== undefined && !isRecord(options)) throw badRequest();
  return parseMetadataFields(options?.metadataFields ?? body.metadataFields);
}

interface SetOptions {
  ttlMs?: number;
  keyPolicy: 'OVERRIDE' | 'FAIL_IF_EXISTS';
  returnValue?: 'PREVIOUS' | 'LATEST';
  returnMetadataFields: string[];
}

function parseSetOptions(value: unknown): SetOptions {
  if (value === undefined) return { keyPolicy: 'OVERRIDE', returnMetadataFields: [] };
  if (!isRecord(value)) throw badRequest();
  let ttlMs: number | undefined;
  if (value.ttl !== undefined) {
    const ttl = value.ttl;
    const unitMs = isRecord(ttl) && typeof ttl.unit === 'string' ? TTL_UNITS_MS[ttl.unit] : undefined;
    if (!isRecord(ttl) || unitMs === undefined || !Number.isInteger(ttl.value) || (ttl.value as number) <= 0) {
      throw badRequest("Provided request body is invalid: 'ttl' needs a positive integer value and a unit of SECONDS, MINUTES, HOURS or DAYS");
    }
    ttlMs = (ttl.value as number) * unitMs;
  }
  const keyPolicy = value.keyPolicy ?? 'OVERRIDE';
  if (keyPolicy !== 'OVERRIDE' && keyPolicy !== 'FAIL_IF_EXISTS') throw badRequest();
  const returnValue = value.returnValue;
  if (returnValue !== undefined && returnValue !== 'PREVIOUS' && returnValue !== 'LATEST') throw badRequest();
  // The SDK only lets a caller ask for a returned value together with keyPolicy OVERRIDE.
  if (returnValue !== undefined && keyPolicy !== 'OVERRIDE') throw badRequest();
  return {
    ...(ttlMs !== undefined ? { ttlMs } : {}),
    keyPolicy,
    ...(returnValue !== undefined ? { returnValue } : {}),
    returnMetadataFields: parseMetadataFields(value.returnMetadataFields),
  };
}

function parseLimit(value: unknown, kind: 'kvs' | 'entity'): number {
  if (value === undefined) return KVS_LIMITS.defaultQueryLimit;
  const max = KVS_LIMITS.maxQueryLimit;
  if (kind === 'entity') {
    if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > max) {
      throw new KvsError(400, E.COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE, `The page limit must be set between 1 and ${max}`);
    }
    return value as number;
  }
  if (!Number.isInteger(value) || (value as number) < 1) throw badRequest("Provided request body is invalid: 'limit' must be a positive integer");
  if ((value as number) > max) throw new KvsError(400, E.LIST_QUERY_LIMIT_EXCEEDED, `Limit for list query should be at most ${max}`);
  return value as number;
}

// ─── Conditions ───

type ConditionName =
  | 'BEGINS_WITH'
  | 'BETWEEN'
  | 'CONTAINS'
  | 'NOT_CONTAINS'
  | 'EQUAL_TO'
  | 'NOT_EQUAL_TO'
  | 'EXISTS'
  | 'NOT_EXISTS'
  | 'GREATER_THAN'
  | 'GREATER_THAN_EQUAL_TO'
  | 'LESS_THAN'
  | 'LESS_THAN_EQUAL_TO';

/** What `WhereConditions` can send for an index range. */
const RANGE_CONDITIONS: ReadonlySet<string> = new Set([
  'BEGINS_WITH',
  'BETWEEN',
  'EQUAL_TO',
  'GREATER_THAN',
  'GREATER_THAN_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_EQUAL_TO',
]);

/** What `FilterConditions` can send, in query filters and transaction conditions. */
const FILTER_CONDITIONS: ReadonlySet<string> = new Set([...RANGE_CONDITIONS, 'CONTAINS', 'NOT_CONTAINS', 'NOT_EQUAL_TO', 'EXISTS', 'NOT_EXISTS']);

interface Condition {
  condition: ConditionName;
  values: unknown[];
}

interface PropertyCondition extends Condition {
  property: string;
}

interface ConditionGroup {
  operator: 'and' | 'or';
  items: PropertyCondition[];
}

function parseCondition(raw: unknown, allowed: ReadonlySet<string>): Condition {
  if (!isRecord(raw)) throw badRequest();
  const { condition, values } = raw;
  if (typeof condition !== 'string' || !allowed.has(condition)) {
    throw new KvsError(400, E.INVALID_FILTER_CONDITION, `The condition ${JSON.stringify(condition)} is not supported here`);
  }
  if (!Array.isArray(values)) throw new KvsError(400, E.INVALID_FILTER_VALUES, `The condition ${condition} needs a list of values`);
  const needed = condition === 'BETWEEN' ? 2 : condition === 'EXISTS' || condition === 'NOT_EXISTS' ? 0 : 1;
  if (values.length < needed) {
    throw new KvsError(400, E.INSUFFICIENT_FILTER_VALUES, `The condition ${condition} needs ${needed === 2 ? 'at least two values' : 'a value'}`);
  }
  if (values.length > Math.max(needed, 1)) {
    throw new KvsError(400, E.INVALID_FILTER_VALUES, `The condition ${condition} takes ${needed === 2 ? 'two values' : 'one value'}`);
  }
  return { condition: condition as ConditionName, values };
}

function parseConditionGroup(raw: unknown): ConditionGroup {
  if (!isRecord(raw)) throw badRequest();
  const hasAnd = raw.and !== undefined;
  const hasOr = raw.or !== undefined;
  if (hasAnd && hasOr) {
    throw new KvsError(400, E.INVALID_FILTER_OPERATORS_COMBINATION, 'Filter operators "and" and "or" cannot be present at the same level');
  }
  const operator = hasOr ? 'or' : 'and';
  const list = raw[operator];
  if (!Array.isArray(list) || list.length === 0) {
    throw new KvsError(400, E.EMPTY_FILTER_OPERATOR, 'Filter operators "and" and "or" cannot be empty');
  }
  const items = list.map((item): PropertyCondition => {
    if (!isRecord(item) || typeof item.property !== 'string' || item.property === '') throw badRequest('Every filter needs a property');
    return { property: item.property, ...parseCondition(item, FILTER_CONDITIONS) };
  });
  return { operator, items };
}

/** Values of different kinds never compare equal or ordered (as in the DynamoDB store behind Forge). */
function kindOf(value: unknown): 'number' | 'string' | 'boolean' | 'other' {
  const t = typeof value;
  return t === 'number' || t === 'string' || t === 'boolean' ? t : 'other';
}

function sameKind(a: unknown, b: unknown): boolean {
  const kind = kindOf(a);
  return kind !== 'other' && kind === kindOf(b);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/** Total order used for sorting index entries: by kind, then naturally within a kind. */
function compareValues(a: unknown, b: unknown): number {
  const rank = { number: 0, string: 1, boolean: 2, other: 3 } as const;
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka !== kb) return rank[ka] - rank[kb];
  if (ka === 'other') return 0;
  const x = a as number | string | boolean;
  const y = b as number | string | boolean;
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareTuples(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Whether `actual` (undefined when the attribute is absent) satisfies the condition. */
function conditionHolds(actual: unknown, { condition, values }: Condition): boolean {
  const [first, second] = values;
  switch (condition) {
    case 'EXISTS':
      return actual !== undefined;
    case 'NOT_EXISTS':
      return actual === undefined;
    case 'EQUAL_TO':
      return actual !== undefined && deepEqual(actual, first);
    // An absent attribute is "not equal to" / "does not contain" anything (assumed, as DynamoDB's NOT).
    case 'NOT_EQUAL_TO':
      return !deepEqual(actual, first);
    case 'CONTAINS':
      return contains(actual, first);
    case 'NOT_CONTAINS':
      return !contains(actual, first);
    case 'BEGINS_WITH':
      return typeof actual === 'string' && actual.startsWith(String(first));
    case 'BETWEEN':
      return sameKind(actual, first) && sameKind(actual, second) && compareValues(actual, first) >= 0 && compareValues(actual, second) <= 0;
    case 'GREATER_THAN':
      return sameKind(actual, first) && compareValues(actual, first) > 0;
    case 'GREATER_THAN_EQUAL_TO':
      return sameKind(actual, first) && compareValues(actual, first) >= 0;
    case 'LESS_THAN':
      return sameKind(actual, first) && compareValues(actual, first) < 0;
    case 'LESS_THAN_EQUAL_TO':
      return sameKind(actual, first) && compareValues(actual, first) <= 0;
  }
}

function contains(actual: unknown, needle: unknown): boolean {
  if (typeof actual === 'string') return typeof needle === 'string' && actual.includes(needle);
  if (Array.isArray(actual)) return actual.some((element) => deepEqual(element, needle));
  return false;
}

function satisfiesGroup(value: unknown, group: ConditionGroup): boolean {
  const attributes = isRecord(value) ? value : {};
  const test = (c: PropertyCondition): boolean => conditionHolds(attributes[c.property], c);
  return group.operator === 'and' ? group.items.every(test) : group.items.some(test);
}

// ─── Faults ───

interface PendingFault extends FaultOptions {
  remaining: number;
  status: number;
  body?: unknown;
}

function defaultFaultBody(status: number): { code: string; message: string } {
  switch (status) {
    case 429:
      return { code: E.RATE_LIMIT_EXCEEDED, message: 'Rate limit exceeded' };
    case 500:
      return { code: E.INTERNAL_SERVER_ERROR, message: 'An internal server error has occurred' };
    case 502:
      return { code: 'BAD_GATEWAY', message: 'Bad gateway' };
    case 503:
      return { code: 'SERVICE_UNAVAILABLE', message: 'The service is temporarily unavailable' };
    case 504:
      return { code: 'GATEWAY_TIMEOUT', message: 'The request timed out' };
    default:
      return { code: 'UNKNOWN_ERROR', message: `Injected storage fault (status ${status})` };
  }
}

// ─── The emulator ───

type Route = (body: unknown) => EmulatedResponse;

export class KvsEmulator implements KvsBackend {
  private readonly tables = new Map<Namespace, Map<string, StoredItem>>();
  private readonly entities: Map<string, CompiledEntity>;
  private readonly file: string | undefined;
  private readonly now: () => number;
  private faults: PendingFault[] = [];
  private calls = 0;
  private callsPerPath: Record<string, number> = {};
  private readonly routes: Readonly<Record<string, Route>>;
  private readonly conditionFailure: { status: number; code: string };
  /** Simulated latency of every call, in ms: each call waits this long before it is served (the benchmark sets it). */
  latencyMs: number;

  constructor(options: KvsEmulatorOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
    this.conditionFailure = options.conditionFailure ?? { status: 409, code: E.TRANSACTION_FAILED };
    this.entities = compileEntities(options.entities ?? {});
    this.now = options.now ?? Date.now;
    this.file = options.file === undefined ? undefined : path.resolve(options.file);
    if (this.file !== undefined) this.load(this.file);
    for (const fault of options.faults ?? []) this.failOnCall(fault.onCall, fault.status, fault.body);

    this.routes = {
      '/api/v1/get': (b) => this.get(KV, b),
      '/api/v1/set': (b) => this.set(KV, b),
      '/api/v1/delete': (b) => this.delete(KV, b),
      '/api/v1/query': (b) => this.queryKeys(b),
      '/api/v1/secret/get': (b) => this.get(SECRET, b),
      '/api/v1/secret/set': (b) => this.set(SECRET, b),
      '/api/v1/secret/delete': (b) => this.delete(SECRET, b),
      '/api/v1/entity/get': (b) => this.get(undefined, b),
      '/api/v1/entity/set': (b) => this.set(undefined, b),
      '/api/v1/entity/delete': (b) => this.delete(undefined, b),
      '/api/v1/entity/query': (b) => this.queryEntities(b),
      '/api/v1/batch/set': (b) => this.batchSet(b),
      '/api/v1/batch/get': (b) => this.batchGet(b),
      '/api/v1/batch/delete': (b) => this.batchDelete(b),
      '/api/v1/transaction': (b) => this.transact(b),
    };
  }

  // ── KvsBackend ──

  async handle(requestPath: string, body: unknown): Promise<EmulatedResponse> {
    this.calls += 1;
    this.callsPerPath[requestPath] = (this.callsPerPath[requestPath] ?? 0) + 1;
    const traceId = randomBytes(8).toString('hex');
    const withTrace = (response: EmulatedResponse): EmulatedResponse => ({
      ...response,
      headers: { ...response.headers, 'x-b3-traceid': traceId },
    });

    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const fault = this.takeFault(requestPath);
    const faultAnswer = (f: PendingFault) => withTrace({ status: f.status, body: f.body ?? defaultFaultBody(f.status) });
    if (fault && !fault.afterServing) return faultAnswer(fault);

    const route = this.routes[requestPath];
    if (!route) return withTrace(json(404, { code: E.NOT_FOUND, message: `No KVS endpoint at ${requestPath}` }));
    let answer: EmulatedResponse;
    try {
      // Every route runs synchronously to the end, so concurrent calls cannot interleave a write.
      answer = withTrace(route(body));
    } catch (err) {
      if (!(err instanceof KvsError)) throw err;
      const errorBody = { code: err.code, message: err.message, ...(err.context ? { context: err.context } : {}) };
      answer = withTrace(json(err.status, errorBody));
    }
    return fault ? faultAnswer(fault) : answer;
  }

  // ── Faults and counters ──

  /**
   * Makes the `n`-th call from now (1 = the very next one) fail with `status` and a platform-shaped
   * body `{ code, message }` (`INTERNAL_SERVER_ERROR` for 500, `RATE_LIMIT_EXCEEDED` for 429, …), or
   * with `body` if given — a string is sent as it is, for malformed-response tests. The failed call
   * changes nothing, unless `options.afterServing` (then it is served and only its answer is lost);
   * `options.path` counts only calls to that endpoint. Several faults may be pending at once.
   */
  failOnCall(n: number, status = 500, body?: unknown, options: FaultOptions = {}): void {
    if (!Number.isInteger(n) || n < 1) throw new RangeError('failOnCall: n must be a positive integer');
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new RangeError('failOnCall: status must be 4xx or 5xx');
    this.faults.push({ remaining: n, status, ...(body !== undefined ? { body } : {}), ...options });
  }

  /** Drops every fault not yet triggered. */
  clearFaults(): void {
    this.faults = [];
  }

  /** Calls to `handle` since construction or the last `resetCallCount()`, failed ones included. */
  get callCount(): number {
    return this.calls;
  }

  /** The same count split by endpoint path, e.g. `{ '/api/v1/entity/query': 3 }`. */
  get callCountsByPath(): Readonly<Record<string, number>> {
    return { ...this.callsPerPath };
  }

  resetCallCount(): void {
    this.calls = 0;
    this.callsPerPath = {};
  }

  /** Deletes everything stored (and persists the empty store when backed by a file). */
  clear(): void {
    const changes: Change[] = [];
    for (const [ns, table] of this.tables) for (const key of table.keys()) changes.push({ ns, key, item: null });
    this.commit(changes);
  }

  private takeFault(requestPath: string): PendingFault | undefined {
    let hit: PendingFault | undefined;
    for (const fault of this.faults) {
      if (fault.path !== undefined && fault.path !== requestPath) continue;
      fault.remaining -= 1;
      if (fault.remaining === 0 && !hit) hit = fault;
    }
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return hit;
  }

  // ── Storage primitives ──

  private table(ns: Namespace): Map<string, StoredItem> {
    let table = this.tables.get(ns);
    if (!table) {
      table = new Map();
      this.tables.set(ns, table);
    }
    return table;
  }

  private isLive(item: StoredItem): boolean {
    return item.expireTime === undefined || Date.parse(item.expireTime) > this.now();
  }

  /** The stored item, or undefined when absent or past its TTL (the platform stops returning it). */
  private read(ns: Namespace, key: string): StoredItem | undefined {
    const item = this.tables.get(ns)?.get(key);
    return item && this.isLive(item) ? item : undefined;
  }

  private liveEntries(ns: Namespace): Array<[string, StoredItem]> {
    return [...(this.tables.get(ns) ?? [])].filter(([, item]) => this.isLive(item));
  }

  private newItem(value: unknown, previous: StoredItem | undefined, ttlMs: number | undefined): StoredItem {
    const nowMs = this.now();
    const seconds = Math.floor(nowMs / 1000);
    return {
      value,
      createdAt: previous?.createdAt ?? seconds,
      updatedAt: seconds,
      // A write without a TTL leaves the value without expiry, whatever it had before.
      ...(ttlMs !== undefined ? { expireTime: new Date(nowMs + ttlMs).toISOString() } : {}),
    };
  }

  /** `{ key, value }` plus the requested metadata fields, as the SDK passes query rows through as-is. */
  private present(key: string, item: StoredItem, fields: readonly string[]): Record<string, unknown> {
    return {
      key,
      value: structuredClone(item.value),
      ...(fields.includes('CREATED_AT') ? { createdAt: item.createdAt } : {}),
      ...(fields.includes('UPDATED_AT') ? { updatedAt: item.updatedAt } : {}),
      ...(fields.includes('EXPIRE_TIME') && item.expireTime !== undefined ? { expireTime: item.expireTime } : {}),
    };
  }

  /**
   * Applies the writes in memory, then persists. If persisting fails the memory is rolled back,
   * so the store never claims a write the file does not have.
   */
  private commit(changes: Change[]): void {
    if (changes.length === 0) return;
    const undo: Change[] = changes.map(({ ns, key }) => ({ ns, key, item: this.tables.get(ns)?.get(key) ?? null }));
    const apply = (list: Change[]): void => {
      for (const { ns, key, item } of list) {
        if (item) this.table(ns).set(key, item);
        else this.tables.get(ns)?.delete(key);
      }
    };
    apply(changes);
    try {
      this.persist();
    } catch (err) {
      apply(undo.reverse());
      throw new KvsError(500, E.INTERNAL_SERVER_ERROR, `The emulator could not persist the store: ${(err as Error).message}`);
    }
  }

  // ── Entity resolution ──

  private entity(name: unknown): CompiledEntity {
    const n = requireString(name, 'entityName');
    if (n.length < KVS_LIMITS.minEntityNameLength) {
      throw new KvsError(400, E.ENTITY_TYPE_TOO_SHORT, `The entity name needs at least ${KVS_LIMITS.minEntityNameLength} characters`);
    }
    if (n.length > KVS_LIMITS.maxEntityNameLength) {
      throw new KvsError(400, E.ENTITY_TYPE_TOO_LARGE, `The entity name has exceeded the maximum ${KVS_LIMITS.maxEntityNameLength} characters`);
    }
    const entity = this.entities.get(n);
    // (assumed) The platform knows the deployed manifest; an undeclared entity is an invalid entity type.
    if (!entity) throw new KvsError(400, E.INVALID_ENTITY_TYPE, `The entity '${n}' is not declared in the app manifest`);
    return entity;
  }

  /** Namespace and key-error flavour of a request: a fixed store, or the entity named in the body. */
  private target(ns: Namespace | undefined, body: Record<string, unknown>): { ns: Namespace; entity?: CompiledEntity } {
    if (ns !== undefined) return { ns };
    const entity = this.entity(body.entityName);
    return { ns: entityNs(entity.name), entity };
  }

  // ── get / set / delete (plain, secret, entity) ──

  private get(fixedNs: Namespace | undefined, body: unknown): EmulatedResponse {
    const b = requireRecord(body);
    const { ns, entity } = this.target(fixedNs, b);
    const key = validateKey(b.key, entity ? 'entity' : 'kvs');
    const fields = metadataFieldsOf(b);
    const item = this.read(ns, key);
    if (!item) throw new KvsError(404, E.KEY_NOT_FOUND, 'Provided key does not exist');
    return json(200, this.present(key, item, fields));
  }

  private set(fixedNs: Namespace | undefined, body: unknown): EmulatedResponse {
    const b = requireRecord(body);
    const { ns, entity } = this.target(fixedNs, b);
    const key = validateKey(b.key, entity ? 'entity' : 'kvs');
    const value = validateValue(b.value);
    if (entity) validateEntityValue(entity, value);
    const options = parseSetOptions(b.options);
    const previous = this.read(ns, key);
    if (previous && options.keyPolicy === 'FAIL_IF_EXISTS') {
      throw new KvsError(409, E.KEY_ALREADY_EXISTS, 'Provided key already exists', { key });
    }
    const item = this.newItem(value, previous, options.ttlMs);
    this.commit([{ ns, key, item }]);
    if (options.returnValue === 'LATEST') return json(200, this.present(key, item, options.returnMetadataFields));
    if (options.returnValue === 'PREVIOUS' && previous) return json(200, this.present(key, previous, options.returnMetadataFields));
    return NO_CONTENT;
  }

  private delete(fixedNs: Namespace | undefined, body: unknown): EmulatedResponse {
    const b = requireRecord(body);
    const { ns, entity } = this.target(fixedNs, b);
    const key = validateKey(b.key, entity ? 'entity' : 'kvs');
    // The SDK treats KEY_NOT_FOUND from delete as success, so the platform evidently sends it.
    if (!this.read(ns, key)) throw new KvsError(404, E.KEY_NOT_FOUND, 'Provided key does not exist');
    this.commit([{ ns, key, item: null }]);
    return NO_CONTENT;
  }

  // ── Key query ──

  private queryKeys(body: unknown): EmulatedResponse {
    const b = requireRecord(body);
    const limit = parseLimit(b.limit, 'kvs');
    let prefix = '';
    if (b.where !== undefined) {
      if (!Array.isArray(b.where)) throw badRequest();
      if (b.where.length > 1) throw new KvsError(400, E.QUERY_WHERE_INVALID, 'KVS queries should contain only a single "where" clause');
      const [clause] = b.where as unknown[];
      if (clause !== undefined) {
        if (!isRecord(clause) || clause.property !== 'key') {
          throw new KvsError(400, E.QUERY_WHERE_FIELD_INVALID, 'The specified field is not supported for filters');
        }
        if (clause.condition !== 'BEGINS_WITH') {
          throw new KvsError(400, E.INVALID_FILTER_CONDITION, 'The specified condition is not supported for filters');
        }
        if (!Array.isArray(clause.values) || clause.values.length !== 1) {
          throw new KvsError(400, E.INVALID_FILTER_VALUES, 'The specified number of values are not supported by the given condition');
        }
        prefix = String(clause.values[0]);
      }
    }
    let after: string | undefined;
    if (b.after !== undefined) {
      const decoded = decodeCursor(b.after);
      if (!isRecord(decoded) || typeof decoded.k !== 'string') throw new KvsError(400, E.INVALID_CURSOR, 'The provided cursor is invalid');
      after = decoded.k;
    }
    const fields = metadataFieldsOf(b);

    // Keys come back in lexicographic order; the cursor is the last key returned, so the next page
    // starts strictly after it even if that key has since been deleted.
    const matching = this.liveEntries(KV)
      .filter(([key]) => key.startsWith(prefix) && (after === undefined || key > after))
      .sort(([a], [b2]) => (a < b2 ? -1 : a > b2 ? 1 : 0));
    const page = matching.slice(0, limit);
    const last = page[page.length - 1];
    return json(200, {
      data: page.map(([key, item]) => this.present(key, item, fields)),
      ...(matching.length > limit && last ? { cursor: encodeCursor({ k: last[0] }) } : {}),
    });
  }

  // ── Entity query ──

  private queryEntities(body: unknown): EmulatedResponse {
    const b = requireRecord(body);
    const entity = this.entity(b.entityName);
    const indexName = requireString(b.indexName, 'indexName');
    const index = entity.indexes.get(indexName);
    if (!index) {
      throw new KvsError(400, E.INVALID_ENTITY_INDEX, `The index '${indexName}' is not declared on entity '${entity.name}'`);
    }
    const partition = b.partition === undefined ? [] : b.partition;
    if (!Array.isArray(partition) || partition.length !== index.partition.length) {
      throw badRequest(
        `Provided request body is invalid: index '${index.name}' needs a partition of ${index.partition.length} value(s) (${index.partition.join(', ') || 'none'})`,
      );
    }
    const range = b.range === undefined ? undefined : parseCondition(b.range, RANGE_CONDITIONS);
    const filters = b.filters === undefined ? undefined : parseConditionGroup(b.filters);
    const sort = b.sort ?? 'ASC';
    if (sort !== 'ASC' && sort !== 'DESC') throw badRequest("Provided request body is invalid: 'sort' must be ASC or DESC");
    const limit = parseLimit(b.limit, 'entity');
    let after: unknown[] | undefined;
    if (b.cursor !== undefined) {
      const decoded = decodeCursor(b.cursor);
      if (!isRecord(decoded) || decoded.e !== entity.name || decoded.i !== index.name || !Array.isArray(decoded.t)) {
        throw new KvsError(400, E.INVALID_CURSOR, 'The provided cursor is invalid for this query');
      }
      after = decoded.t;
    }
    const fields = metadataFieldsOf(b);

    // An entity is in an index only if it has every partition and range attribute (a sparse index).
    // Its position is (range values…, key); the key breaks ties so the order, and cursors, are total.
    const rows: Array<{ key: string; item: StoredItem; position: unknown[] }> = [];
    for (const [key, item] of this.liveEntries(entityNs(entity.name))) {
      const attributes = item.value as Record<string, unknown>;
      if (!index.partition.every((a, i) => attributes[a] !== undefined && deepEqual(attributes[a], partition[i]))) continue;
      const rangeValues = index.range.map((a) => attributes[a]);
      if (rangeValues.some((v) => v === undefined || v === null)) continue;
      // `by-key` ranges over the key; otherwise the range condition applies to the first range attribute.
      if (range && !conditionHolds(index.range.length === 0 ? key : rangeValues[0], range)) continue;
      rows.push({ key, item, position: [...rangeValues, key] });
    }
    const direction = sort === 'DESC' ? -1 : 1;
    rows.sort((x, y) => direction * compareTuples(x.position, y.position));
    const remaining = after ? rows.filter((r) => direction * compareTuples(r.position, after) > 0) : rows;

    // As in the DynamoDB query behind Forge (assumed), `limit` bounds the entries read, and filters
    // then drop some of them: a page can hold fewer than `limit` results, even none, and still
    // carry a cursor. The cursor marks the last entry read, not the last one returned.
    const read = remaining.slice(0, limit);
    const lastRead = read[read.length - 1];
    const returned = filters ? read.filter((r) => satisfiesGroup(r.item.value, filters)) : read;
    return json(200, {
      data: returned.map((r) => this.present(r.key, r.item, fields)),
      ...(remaining.length > limit && lastRead ? { cursor: encodeCursor({ e: entity.name, i: index.name, t: lastRead.position }) } : {}),
    });
  }

  // ── Batch ──

  /** Checks what fails a whole batch (the docs: no keys, the same key twice; at most 25 keys). */
  private batchItems(body: unknown): Array<Record<string, unknown>> {
    if (!Array.isArray(body) || !body.every(isRecord)) throw badRequest();
    if (body.length === 0) throw badRequest('A batch operation needs at least one key');
    if (body.length > KVS_LIMITS.maxBatchItems) {
      throw new KvsError(400, E.BATCH_SIZE_EXCEEDED, `Each batch operation can contain a maximum of ${KVS_LIMITS.maxBatchItems} keys`);
    }
    const seen = new Set<string>();
    for (const item of body) {
      requireString(item.key, 'key');
      if (item.entityName !== undefined) requireString(item.entityName, 'entityName');
      const id = JSON.stringify([item.entityName ?? null, item.key]);
      if (seen.has(id)) {
        throw new KvsError(400, E.DUPLICATE_KEYS, 'A batch operation cannot contain the same key twice', {
          key: item.key,
          ...(item.entityName !== undefined ? { entityName: item.entityName } : {}),
        });
      }
      seen.add(id);
    }
    return body;
  }

  /**
   * Runs `op` for each item; a platform error on one item lands in `failedKeys` and the others
   * still happen, as batch operations "complete as many as possible".
   */
  private eachBatchItem<T extends Record<string, unknown>>(
    items: Array<Record<string, unknown>>,
    op: (item: Record<string, unknown>, ns: Namespace, entity: CompiledEntity | undefined) => T | null,
  ): { successfulKeys: T[]; failedKeys: unknown[] } {
    const successfulKeys: T[] = [];
    const failedKeys: unknown[] = [];
    for (const item of items) {
      const ids = { key: item.key as string, ...(item.entityName !== undefined ? { entityName: item.entityName as string } : {}) };
      try {
        const entity = item.entityName === undefined ? undefined : this.entity(item.entityName);
        const result = op(item, entity ? entityNs(entity.name) : KV, entity);
        if (result) successfulKeys.push(result);
      } catch (err) {
        if (!(err instanceof KvsError)) throw err;
        failedKeys.push({ ...ids, error: { code: err.code, message: err.message } });
      }
    }
    return { successfulKeys, failedKeys };
  }

  private batchSet(body: unknown): EmulatedResponse {
    const items = this.batchItems(body);
    const changes: Change[] = [];
    const result = this.eachBatchItem(items, (item, ns, entity) => {
      const key = validateKey(item.key, entity ? 'entity' : 'kvs');
      const value = validateValue(item.value);
      if (entity) validateEntityValue(entity, value);
      const { ttlMs } = parseSetOptions(item.options);
      changes.push({ ns, key, item: this.newItem(value, this.read(ns, key), ttlMs) });
      return { key, ...(entity ? { entityName: entity.name } : {}) };
    });
    this.commit(changes);
    return json(200, result);
  }

  private batchGet(body: unknown): EmulatedResponse {
    const items = this.batchItems(body);
    const result = this.eachBatchItem(items, (item, ns, entity) => {
      const key = validateKey(item.key, entity ? 'entity' : 'kvs');
      const fields = metadataFieldsOf(item);
      const stored = this.read(ns, key);
      if (!stored) throw new KvsError(404, E.KEY_NOT_FOUND, 'Key does not exist');
      return { ...this.present(key, stored, fields), ...(entity ? { entityName: entity.name } : {}) };
    });
    return json(200, result);
  }

  private batchDelete(body: unknown): EmulatedResponse {
    const items = this.batchItems(body);
    const changes: Change[] = [];
    const result = this.eachBatchItem(items, (item, ns, entity) => {
      const key = validateKey(item.key, entity ? 'entity' : 'kvs');
      // As the single delete, a missing key is reported (the SDK's own fixtures show KEY_NOT_FOUND here).
      if (!this.read(ns, key)) throw new KvsError(404, E.KEY_NOT_FOUND, 'Key does not exist');
      changes.push({ ns, key, item: null });
      return { key, ...(entity ? { entityName: entity.name } : {}) };
    });
    this.commit(changes);
    return json(200, result);
  }

  // ── Transaction ──

  private transact(body: unknown): EmulatedResponse {
    const b = requireRecord(body);
    const list = (field: string): Array<Record<string, unknown>> => {
      const value = b[field];
      if (value === undefined) return [];
      if (!Array.isArray(value) || !value.every(isRecord)) throw badRequest();
      return value;
    };
    const ops = [
      ...list('set').map((raw) => ({ type: 'set' as const, raw })),
      ...list('delete').map((raw) => ({ type: 'delete' as const, raw })),
      ...list('check').map((raw) => ({ type: 'check' as const, raw })),
    ];
    if (ops.length === 0) throw badRequest('A transaction needs at least one operation');
    if (ops.length > KVS_LIMITS.maxTransactionOperations) {
      throw new KvsError(
        400,
        E.TRANSACTION_SIZE_EXCEEDED,
        `Each transaction can contain a maximum of ${KVS_LIMITS.maxTransactionOperations} operations`,
      );
    }

    // Validate everything before looking at stored data: a malformed operation is a 400 for the
    // whole transaction, never a partial write.
    const seen = new Set<string>();
    const parsed = ops.map(({ type, raw }) => {
      const entity = raw.entityName === undefined ? undefined : this.entity(raw.entityName);
      const ns = entity ? entityNs(entity.name) : KV;
      const key = validateKey(raw.key, entity ? 'entity' : 'kvs');
      if (type === 'check' && (!entity || raw.conditions === undefined)) {
        throw badRequest('A transaction check needs an entityName and conditions');
      }
      if (raw.conditions !== undefined && !entity) throw badRequest('Transaction conditions are only supported on custom entities');
      const conditions = raw.conditions === undefined ? undefined : parseConditionGroup(raw.conditions);
      const id = JSON.stringify([ns, key]);
      if (seen.has(id)) {
        throw new KvsError(400, E.DUPLICATE_KEYS, 'Each key can only be used once in a transaction', {
          key,
          ...(entity ? { entityName: entity.name } : {}),
        });
      }
      seen.add(id);
      let value: unknown;
      let ttlMs: number | undefined;
      if (type === 'set') {
        value = validateValue(raw.value);
        if (entity) validateEntityValue(entity, value);
        ttlMs = parseSetOptions(raw.options).ttlMs;
      }
      return { type, ns, key, entity, conditions, value, ttlMs };
    });

    // Conditions are evaluated against the stored value (an absent key has no attributes); a
    // check additionally requires the key to exist.
    for (const op of parsed) {
      if (!op.conditions) continue;
      const current = this.read(op.ns, op.key);
      const holds = (op.type !== 'check' || current !== undefined) && satisfiesGroup(current?.value, op.conditions);
      if (!holds) {
        throw new KvsError(this.conditionFailure.status, this.conditionFailure.code, `Transaction cancelled: the ${op.type} condition on key '${op.key}' was not met`, {
          operation: op.type,
          key: op.key,
          ...(op.entity ? { entityName: op.entity.name } : {}),
        });
      }
    }

    const changes: Change[] = [];
    for (const op of parsed) {
      if (op.type === 'set') changes.push({ ns: op.ns, key: op.key, item: this.newItem(op.value, this.read(op.ns, op.key), op.ttlMs) });
      // A transactional delete succeeds whether the key exists or not (Forge docs).
      if (op.type === 'delete') changes.push({ ns: op.ns, key: op.key, item: null });
    }
    this.commit(changes);
    return NO_CONTENT;
  }

  // ── Persistence ──

  private load(file: string): void {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    // A corrupt file is an error, never silently an empty store: that would wipe the dev data.
    const data: unknown = JSON.parse(text);
    if (!isRecord(data) || data.format !== 'forge-kvs-emulator' || data.version !== 1 || !isRecord(data.tables)) {
      throw new Error(`${file} is not a KVS emulator store.`);
    }
    for (const [ns, rows] of Object.entries(data.tables)) {
      if (!isRecord(rows)) throw new Error(`${file}: table '${ns}' is malformed.`);
      const table = this.table(ns);
      for (const [key, item] of Object.entries(rows)) {
        if (!isRecord(item) || !('value' in item)) throw new Error(`${file}: item '${key}' in '${ns}' is malformed.`);
        const stored = item as unknown as StoredItem;
        if (this.isLive(stored)) table.set(key, stored);
      }
    }
  }

  /** Everything stored, as it is persisted: tests compare two snapshots to prove nothing changed. */
  snapshot(): string {
    const tables: PersistedStore['tables'] = {};
    for (const [ns, table] of this.tables) {
      if (table.size > 0) tables[ns] = Object.fromEntries(table);
    }
    const store: PersistedStore = { format: 'forge-kvs-emulator', version: 1, tables };
    return JSON.stringify(store);
  }

  /** Writes the whole store to a temp file beside the target, fsyncs it, then renames it over. */
  private persist(): void {
    if (this.file === undefined) return;
    const snapshot = this.snapshot();
    const dir = path.dirname(this.file);
    fs.mkdirSync(dir, { recursive: true });
    const temp = path.join(dir, `.${path.basename(this.file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const fd = fs.openSync(temp, 'w', 0o600);
      try {
        fs.writeFileSync(fd, snapshot);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(temp, this.file);
    } catch (err) {
      fs.rmSync(temp, { force: true });
      throw err;
    }
    // Make the rename itself durable; directories cannot be fsynced on every platform, so best effort.
    try {
      const dirFd = fs.openSync(dir, 'r');
      try {
        fs.fsyncSync(dirFd);
      } finally {
        fs.closeSync(dirFd);
      }
    } catch {
      /* not supported here (e.g. Windows) */
    }
  }
}
