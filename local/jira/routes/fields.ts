// The site's statuses and fields: how an app discovers the ids that differ from site to site.
import { CUSTOM_FIELD_TYPES, FIELD_NAMES, SYSTEM_FIELDS } from '../render';
import { ok } from '../responses';
import { route, type Emulated } from './route';

/**
 * Fields a real site also has that look like Jira Software's by name but are not: an app that finds its
 * fields by name instead of by `schema.custom` (or takes the first match) picks one of these.
 */
export const LOOK_ALIKE_FIELDS = [
  { id: 'customfield_10090', name: 'Story Points', schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float' } },
  { id: 'customfield_10091', name: 'Sprint', schema: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield' } },
  { id: 'customfield_10092', name: 'Rank (legacy)', schema: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield' } },
] as const;

/** Every status of the site with its category (Jira lists them for any signed-in user). */
function statuses({ records, render }: Emulated) {
  return ok(records.data.statuses.map((status) => render.statusJson(status.id)));
}

/** GET /rest/api/3/field: the system fields, the site's Jira Software fields and a few look-alikes. */
function fieldList({ records }: Emulated) {
  const system = SYSTEM_FIELDS.map((id) => ({
    id,
    key: id,
    name: FIELD_NAMES[id] ?? id,
    custom: false,
    orderable: id !== 'statuscategorychangedate' && id !== 'subtasks',
    navigable: true,
    searchable: true,
    clauseNames: [id],
    schema: { type: id === 'labels' || id === 'subtasks' ? 'array' : 'string', system: id },
  }));
  const custom = (Object.keys(CUSTOM_FIELD_TYPES) as Array<keyof typeof CUSTOM_FIELD_TYPES>).map((kind) => ({
    id: records.data.customFields[kind],
    name: CUSTOM_FIELD_TYPES[kind].name,
    schema: CUSTOM_FIELD_TYPES[kind].schema,
  }));
  const customJson = [...custom, ...LOOK_ALIKE_FIELDS]
    .filter((field, index, all) => all.findIndex((other) => other.id === field.id) === index)
    .map((field) => {
      const customId = Number(field.id.replace('customfield_', ''));
      return {
        id: field.id,
        key: field.id,
        name: field.name,
        custom: true,
        orderable: true,
        navigable: true,
        searchable: true,
        clauseNames: [`cf[${customId}]`, field.name],
        schema: { ...field.schema, customId },
      };
    });
  // The installed apps' fields (jira:customField), as Jira lists a Forge field: its key and type are the app's.
  const appJson = (records.data.appFields ?? []).map((field) => {
    const customId = Number(field.id.replace('customfield_', ''));
    const item = field.dataType === 'object' ? 'any' : field.dataType;
    return {
      id: field.id,
      key: field.key,
      name: field.name,
      custom: true,
      orderable: true,
      navigable: true,
      searchable: true,
      clauseNames: [`cf[${customId}]`, field.name],
      schema: field.collection === 'list' ? { type: 'array', items: item, custom: field.type, customId } : { type: item, custom: field.type, customId },
    };
  });
  return ok([...system, ...customJson, ...appJson]);
}

export const FIELD_ROUTES = [route('GET', '/rest/api/3/status', statuses), route('GET', '/rest/api/3/field', fieldList)];
