// Every route the emulator serves, in matching order (the first that matches a method and path answers).
import { AGILE_ROUTES } from './agile';
import { APP_FIELD_ROUTES } from './app-fields';
import { CHANGELOG_ROUTES } from './changelog';
import { FIELD_ROUTES } from './fields';
import { ISSUE_ROUTES } from './issues';
import { PROJECT_ROUTES } from './projects';
import type { Route } from './route';
import { SEARCH_ROUTES } from './search';
import { USER_ROUTES } from './users';

export type { Call, Emulated, Route } from './route';

export const ROUTES: readonly Route[] = [...AGILE_ROUTES, ...SEARCH_ROUTES, ...ISSUE_ROUTES, ...PROJECT_ROUTES, ...USER_ROUTES, ...FIELD_ROUTES, ...CHANGELOG_ROUTES, ...APP_FIELD_ROUTES];
