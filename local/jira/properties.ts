// Which issue entity properties Jira indexes for JQL, read from the app's manifest the way Jira reads it
// when the app is installed: every `jira:entityProperty` module (and every property of a
// `jira:entityPropertySet` module) whose entityType is `issue` (the default) makes each of its `values`
// searchable as `issue.property[propertyKey].path` and, when it has a `searchAlias`, under that name.
//
//   new JiraEmulator(data, { indexedIssueProperties: indexedPropertiesFromManifest(readFileSync('manifest.yml')) })
//
// Project and user properties are indexed by Jira too, but the emulator only searches issues: they are
// left out. The shapes follow @forge/manifest's schema (type one of number, string, text, user, date;
// searchAlias matching ^[a-zA-Z0-9._-]+$); a malformed declaration throws here rather than silently
// making a field unknown at search time.

import { parse as parseYaml } from 'yaml';
import { SYSTEM_JQL_FIELDS, type IndexedProperty, type IndexedPropertyType } from './jql';

export type { IndexedProperty, IndexedPropertyType } from './jql';

const TYPES: readonly IndexedPropertyType[] = ['string', 'text', 'number', 'user', 'date'];
const ALIAS = /^[a-zA-Z0-9._-]+$/;
const ENTITY_TYPES = ['issue', 'project', 'user'];

/**
 * Reads the issue property paths a manifest.yml declares searchable, in the shape
 * `JiraEmulatorOptions.indexedIssueProperties` takes. Takes the YAML text, or the bytes `readFileSync`
 * returns. Returns `[]` when the manifest declares none (then `issue.property[…]` and any alias are
 * unknown fields, as on a site without the app).
 */
export function indexedPropertiesFromManifest(manifestYaml: string | Uint8Array): IndexedProperty[] {
  const text = typeof manifestYaml === 'string' ? manifestYaml : Buffer.from(manifestYaml).toString('utf8');
  const manifest: unknown = parseYaml(text);
  const modules: Record<string, unknown> = isRecord(manifest) && isRecord(manifest.modules) ? manifest.modules : {};

  const declarations: Array<{ where: string; decl: unknown }> = [];
  for (const [i, module] of listOf(modules['jira:entityProperty'], 'jira:entityProperty').entries()) {
    declarations.push({ where: `jira:entityProperty '${moduleKey(module, i)}'`, decl: module });
  }
  for (const [i, module] of listOf(modules['jira:entityPropertySet'], 'jira:entityPropertySet').entries()) {
    const where = `jira:entityPropertySet '${moduleKey(module, i)}'`;
    if (!isRecord(module)) throw new Error(`manifest: ${where} must be a mapping.`);
    for (const decl of listOf(module.properties, `${where} properties`)) declarations.push({ where, decl });
  }

  const result: IndexedProperty[] = [];
  const aliases = new Map<string, string>();
  for (const { where, decl } of declarations) {
    if (!isRecord(decl)) throw new Error(`manifest: ${where} must be a mapping.`);
    const entityType = decl.entityType ?? 'issue';
    if (typeof entityType !== 'string' || !ENTITY_TYPES.includes(entityType)) {
      throw new Error(`manifest: ${where} has entityType '${String(entityType)}'; expected one of ${ENTITY_TYPES.join(', ')}.`);
    }
    const propertyKey = decl.propertyKey;
    if (typeof propertyKey !== 'string' || propertyKey.length === 0 || propertyKey.length > 255) {
      throw new Error(`manifest: ${where} needs a propertyKey (1 to 255 characters).`);
    }
    const values = listOf(decl.values, `${where} values`);
    if (values.length === 0) throw new Error(`manifest: ${where} needs at least one value to index.`);
    for (const value of values) {
      if (!isRecord(value) || typeof value.path !== 'string' || value.path.length === 0 || value.path.length > 255) {
        throw new Error(`manifest: every value of ${where} needs a path (1 to 255 characters).`);
      }
      const type = value.type;
      if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type)) {
        throw new Error(`manifest: value '${value.path}' of ${where} has type '${String(type)}'; expected one of ${TYPES.join(', ')}.`);
      }
      const searchAlias = value.searchAlias;
      if (searchAlias !== undefined) {
        if (typeof searchAlias !== 'string' || !ALIAS.test(searchAlias) || searchAlias.length > 255) {
          throw new Error(`manifest: searchAlias '${String(searchAlias)}' of ${where} must match ${ALIAS.source}.`);
        }
        const lower = searchAlias.toLowerCase();
        if (SYSTEM_JQL_FIELDS.has(lower)) throw new Error(`manifest: searchAlias '${searchAlias}' of ${where} is the name of a JQL system field.`);
        const clash = aliases.get(lower);
        if (clash !== undefined) throw new Error(`manifest: searchAlias '${searchAlias}' of ${where} is already used by ${clash} (JQL field names ignore case).`);
        aliases.set(lower, where);
      }
      if (entityType !== 'issue') continue;
      result.push({ propertyKey, path: value.path, type: type as IndexedPropertyType, ...(searchAlias !== undefined ? { searchAlias: searchAlias as string } : {}) });
    }
  }
  return result;
}

function listOf(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`manifest: ${what} must be a list.`);
  return value;
}

function moduleKey(module: unknown, index: number): string {
  return isRecord(module) && typeof module.key === 'string' ? module.key : `#${index + 1}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
