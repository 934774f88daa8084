// What the browser downloads before the project page can paint: the entry script its index.html
// loads and every script it preloads, gzipped as a CDN serves them (bench/bundle.ts measures the
// same). Dialogs, the burn-up chart, the cycle picker's Select and the backlog's table load later,
// as chunks of the same origin. `npm test` builds the UI before Jest runs (`npm run build:ui`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleSize, ROOT } from '../bench/bundle';
import { must } from './support/must';

/** The project page's first-load JavaScript, gzipped, at most (issue 15). */
const PROJECT_PAGE_FIRST_LOAD_MAX = 200_000;

const buildDir = join(ROOT, 'static', 'app', 'build', 'project-page');

describe('the project page’s first load', () => {
  beforeAll(() => {
    if (!existsSync(join(buildDir, 'index.html'))) throw new Error('The UI is not built: run `npm run build:ui` first (npm test does).');
  });

  it(`is at most ${PROJECT_PAGE_FIRST_LOAD_MAX / 1000} KB of gzipped JavaScript`, () => {
    const size = bundleSize('project-page');
    expect({ scripts: size.scripts.length, gzipBytes: size.jsGzipBytes, within: size.jsGzipBytes <= PROJECT_PAGE_FIRST_LOAD_MAX }).toMatchObject({ within: true });
  });

  it('leaves the dialogs, the burn-up chart and the backlog to chunks loaded later, from the page’s own folder', () => {
    const firstLoad = new Set(bundleSize('project-page').scripts.map((script) => script.replace(/^\.\//, '')));
    const chunks = readdirSync(join(buildDir, 'assets')).filter((file) => file.endsWith('.js'));
    const later = chunks.filter((file) => !firstLoad.has(`assets/${file}`));
    for (const name of ['KeyResultFormModal', 'ObjectiveFormModal', 'CheckInModal', 'HistoryModal', 'SprintReviewModal', 'TieSprintGoalModal', 'BurnUpChart', 'BacklogSection', 'CycleSelect', 'CarryLinks']) {
      expect({ name, later: later.some((file) => file.startsWith(`${name}-`)) }).toEqual({ name, later: true });
    }
    // Every dynamic import is a relative path: the chunks come from the same origin as the page (its CSP allows 'self').
    const entry = readFileSync(join(buildDir, must(bundleSize('project-page').scripts[0], 'bundleSize(\'project-page\').scripts[0]')), 'utf8');
    expect(entry).not.toMatch(/import\(["'](?:https?:)?\/\//);
  });
});

/** The organization page's first-load JavaScript, gzipped, at most: its own budget (the page with its teams and flags measured 187.5 KB). */
const ORGANIZATION_PAGE_FIRST_LOAD_MAX = 200_000;

describe('the organization page’s first load', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'static', 'app', 'build', 'organization', 'index.html'))) throw new Error('The UI is not built: run `npm run build:ui` first (npm test does).');
  });

  it(`is at most ${ORGANIZATION_PAGE_FIRST_LOAD_MAX / 1000} KB of gzipped JavaScript, its dialogs loaded later`, () => {
    const size = bundleSize('organization');
    expect({ scripts: size.scripts.length, gzipBytes: size.jsGzipBytes, within: size.jsGzipBytes <= ORGANIZATION_PAGE_FIRST_LOAD_MAX }).toMatchObject({ within: true });
    const firstLoad = new Set(size.scripts.map((script) => script.replace(/^\.\//, '')));
    const later = readdirSync(join(ROOT, 'static', 'app', 'build', 'organization', 'assets')).filter((file) => file.endsWith('.js') && !firstLoad.has(`assets/${file}`));
    for (const name of ['OrgObjectiveFormModal', 'KeyResultFormModal', 'OrgGradeModal', 'HistoryModal', 'CheckInModal', 'OrgTopologyView']) expect({ name, later: later.some((file) => file.startsWith(`${name}-`)) }).toEqual({ name, later: true });
  });
});
