// Regenerates local/jira/openapi/ from Atlassian's full OpenAPI definitions of Jira: only the operations
// the app and the emulator use, with every component they reference (transitively), so the tests that
// read them run in a clone of this repository alone.
//   npx tsx scripts/trim-openapi.ts <folder with jira-platform.v3.json and jira-software.json> [out folder]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JIRA_EMULATOR_ROUTES } from '../local/jira/emulator';

type Json = unknown;
type Doc = { paths: Record<string, Record<string, Json>>; components?: Record<string, Record<string, Json>> } & Record<string, Json>;

/** Routes the app calls (or is about to) beyond those the emulator serves. */
export const EXTRA_ROUTES: ReadonlyArray<{ method: string; template: string }> = [
  { method: 'GET', template: '/rest/api/3/field' },
  { method: 'GET', template: '/rest/agile/1.0/board/{boardId}/configuration' },
  { method: 'POST', template: '/rest/api/3/changelog/bulkfetch' },
  { method: 'GET', template: '/rest/api/3/issue/{issueIdOrKey}/changelog' },
  { method: 'GET', template: '/rest/api/3/project/search' },
];

/** Schemas the OpenAPI test validates issue field values against: `fields` is free-form in IssueBean, so nothing references them. */
export const EXTRA_SCHEMAS = ['ErrorCollection', 'StatusDetails', 'IssueTypeDetails', 'Priority', 'UserDetails', 'ProjectDetails', 'Resolution', 'LinkedIssue'];

export const FILES = ['jira-platform.v3.json', 'jira-software.json'] as const;

function refsIn(node: Json, into: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, into));
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') into.add(v);
      else refsIn(v, into);
    }
  }
  return into;
}

// Values that are data, not definitions: a `description` key inside them is content, kept as it is.
const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const']);

/** Without the prose (`description`), which neither the linter nor the tests read and which is most of the size. */
function withoutProse(node: Json, parentKey = ''): Json {
  if (Array.isArray(node)) return node.map((n) => withoutProse(n));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'description' && typeof v === 'string' && parentKey !== 'properties') continue;
    out[k] = DATA_KEYS.has(k) ? v : withoutProse(v, k);
  }
  return out;
}

/** The operations named in `routes` that this document has, and the components they reach. */
export function trim(doc: Doc, routes: ReadonlyArray<{ method: string; template: string }>, extraSchemas: readonly string[] = []): Doc {
  const paths: Doc['paths'] = {};
  for (const { method, template } of routes) {
    const op = doc.paths[template]?.[method.toLowerCase()];
    if (op === undefined) continue;
    // Path-level parameters apply to every operation of the path.
    const parameters = doc.paths[template]?.parameters;
    paths[template] = { ...paths[template], [method.toLowerCase()]: op, ...(parameters ? { parameters } : {}) };
  }
  const components: Record<string, Record<string, Json>> = {};
  const pending = [...refsIn(paths, new Set()), ...extraSchemas.filter((s) => doc.components?.schemas?.[s]).map((s) => `#/components/schemas/${s}`)];
  const seen = new Set<string>();
  for (let ref = pending.pop(); ref !== undefined; ref = pending.pop()) {
    if (seen.has(ref)) continue;
    seen.add(ref);
    const [hash, section, kind, name] = ref.split('/');
    if (hash !== '#' || section !== 'components' || !kind || !name) throw new Error(`unsupported $ref ${ref}`);
    const value = doc.components?.[kind]?.[name];
    if (value === undefined) throw new Error(`$ref ${ref} is not in the document`);
    (components[kind] ??= {})[name] = value;
    pending.push(...refsIn(value, new Set()));
  }
  if (doc.components?.securitySchemes) components.securitySchemes = doc.components.securitySchemes;
  // Sorted, so that a regeneration's diff shows only what changed.
  const sorted = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return withoutProse({
    openapi: doc.openapi,
    info: doc.info,
    paths: sorted(paths),
    components: sorted(Object.fromEntries(Object.entries(components).map(([kind, entries]) => [kind, sorted(entries)]))),
  }) as Doc;
}

export const TRIMMED_ROUTES = [...JIRA_EMULATOR_ROUTES, ...EXTRA_ROUTES];

if (require.main === module) {
  const [from, to = join(__dirname, '..', 'local', 'jira', 'openapi')] = process.argv.slice(2);
  if (!from) {
    console.error('usage: npx tsx scripts/trim-openapi.ts <folder of the full definitions> [out folder]');
    process.exit(2);
  }
  mkdirSync(to, { recursive: true });
  const trimmed = new Map<string, Doc>();
  for (const file of FILES) {
    const doc = trim(JSON.parse(readFileSync(join(from, file), 'utf8')) as Doc, TRIMMED_ROUTES, file === 'jira-platform.v3.json' ? EXTRA_SCHEMAS : []);
    trimmed.set(file, doc);
  }
  const missing = TRIMMED_ROUTES.filter(({ method, template }) => ![...trimmed.values()].some((d) => d.paths[template]?.[method.toLowerCase()]));
  if (missing.length > 0) throw new Error(`not in the definitions: ${missing.map((r) => `${r.method} ${r.template}`).join(', ')}`);
  // The 2022 agile file gave GET /board no scope; Atlassian's docs require these two (see the README beside the copy).
  const boardScopes = JSON.stringify(trimmed.get('jira-software.json')?.paths['/rest/agile/1.0/board']?.get) ?? '';
  for (const scope of ['read:board-scope:jira-software', 'read:project:jira']) {
    if (!boardScopes.includes(scope)) throw new Error(`GET /rest/agile/1.0/board lacks ${scope}: use the corrected definitions`);
  }
  for (const [file, doc] of trimmed) {
    const text = `${JSON.stringify(doc, null, 1)}\n`;
    writeFileSync(join(to, file), text);
    console.log(`${file}: ${Object.keys(doc.paths).length} paths, ${Object.keys(doc.components?.schemas ?? {}).length} schemas, ${(text.length / 1024).toFixed(0)} KiB`);
  }
}
