// The project settings page: the settings with what may be chosen for them, who holds each right,
// and the preview of an import (what a file would change, or every problem it has), written nowhere.
import type Resolver from '@forge/resolver';
import { type ImportPreview, PEOPLE_SEARCH_LIMIT, type SettingsPageData, type ValidPayload, type Warning } from '../contract';
import { orWarning } from '../jira/warnings';
import { projectAccess, requireBrowse, requireEditor, rightsOf } from '../invocation/access';
import { defineResolvers, type Invocation } from '../invocation/define';
import { previewImport as storePreview } from '../store/import-preview';

/** Boards the page lists: a project has a handful; a bound keeps the answer small whatever Jira holds. */
const MAX_BOARDS = 50;

async function getSettingsPage(_payload: ValidPayload<'getSettingsPage'>, invocation: Invocation): Promise<SettingsPageData> {
  const access = await projectAccess(invocation, { readGrants: true });
  const warnings: Warning[] = [];
  const { settings, project } = access;
  const [boards, people, rights] = await Promise.all([
    orWarning(invocation.jira.scrumBoardsOfProject(project.key), [], warnings, 'BOARDS_UNAVAILABLE', "The project's boards could not be read from Jira just now."),
    orWarning(invocation.jira.displayNames(settings.productOwnerAccountIds), {} as Record<string, string>, warnings, 'NAMES_UNAVAILABLE', "People's names could not be read just now."),
    rightsOf(access, invocation.jira),
  ]);
  return {
    project: { key: project.key, name: project.name },
    settings,
    boards: boards.slice(0, MAX_BOARDS).map((board) => ({ id: board.id, name: board.name })),
    defaultBoardId: boards[0]?.id ?? null,
    canEdit: access.canEdit,
    rights: { write: rights.write, grade: rights.grade },
    people,
    warnings,
  };
}

/** What importing the file would change, or every problem that stops it; only someone who may import may ask. */
async function previewImport(payload: ValidPayload<'previewImport'>, invocation: Invocation): Promise<ImportPreview> {
  requireEditor(await projectAccess(invocation), 'import OKRs');
  return storePreview(invocation.projectKey, payload);
}

/** People whose name matches, as Jira's user search answers the caller (Browse users and groups decides), for the pickers. */
async function searchPeople(payload: ValidPayload<'searchPeople'>, invocation: Invocation) {
  await requireBrowse(invocation);
  return { people: await invocation.jira.searchUsers(payload.query, PEOPLE_SEARCH_LIMIT) };
}

export function registerSettings(resolver: Resolver): void {
  defineResolvers(resolver, { getSettingsPage, previewImport, searchPeople });
}
