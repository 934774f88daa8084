// The manifest as Atlassian would check it: @forge/manifest's full validation and @forge/lint's
// client-side linters (the permission linter among them) over the app's source, all offline.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { lint, type LintResult } from '@forge/lint';
import { validate, type ManifestSchema } from '@forge/manifest';
import { parse } from 'yaml';
import { ISSUE_PROPERTY_KEY, type IssueLinksProperty, KEY_RESULT_SEARCH_ALIAS } from '../src/contract';
import { KEY_RESULTS_FIELD_MODULE, KEY_RESULTS_FIELD_QUEUE } from '../src/jobs/key-results-field';
import { must } from './support/must';

const root = join(__dirname, '..');
const manifestPath = join(root, 'manifest.yml');
// The trimmed copy of Atlassian's definitions kept in the repository, or $JIRA_OPENAPI_DIR (the full files).
const openApi = process.env.JIRA_OPENAPI_DIR || join(root, 'local', 'jira', 'openapi');

/**
 * The permission linter reads each product's OpenAPI definition to learn the scopes a route needs.
 * It fetches them from Atlassian unless told to read local files: the Jira ones are Atlassian's own,
 * trimmed to the routes used; the products the app never calls get an empty definition.
 */
function useLocalOpenApi(): void {
  const none = join(mkdtempSync(join(tmpdir(), 'outcomes-openapi-')), 'none.json');
  writeFileSync(none, JSON.stringify({ paths: {} }));
  Object.assign(process.env, {
    USE_LOCAL_SWAGGER: 'true',
    LOCAL_JIRA_SWAGGER: join(openApi, 'jira-platform.v3.json'),
    LOCAL_JSW_SWAGGER: join(openApi, 'jira-software.json'),
    LOCAL_JSM_SWAGGER: none,
    LOCAL_CONF_SWAGGER: none,
    LOCAL_CONF_V2_SWAGGER: none,
    LOCAL_BB_SWAGGER: none,
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [relative(root, path)] : [];
  });
}

const messages = (results: LintResult[], kind: 'errors' | 'warnings') =>
  results.flatMap((result) => result[kind].map((problem) => `${problem.message} (${result.file}:${problem.line})`));

describe('manifest.yml', () => {
  it('passes the full validation Forge runs on deploy', async () => {
    const result = await validate(false, manifestPath);
    expect(result.errors ?? []).toEqual([]);
    expect(result.success).toBe(true);
  });

  it('passes the client-side linters over src/, the permission linter included', async () => {
    const manifest = parse(readFileSync(manifestPath, 'utf8')) as ManifestSchema;
    const logger = { info: () => {}, debug: () => {}, warn: () => {}, error: () => {}, trace: () => {} };
    // Only the deprecated-runtime list is read from Atlassian's flag service, which is not reachable offline.
    const flags = { getDeprecatedRuntimes: async () => [] };
    useLocalOpenApi();
    const files = sourceFiles(join(root, 'src'));
    expect(files).toContain('src/index.ts');
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const results = await lint(files, manifest, 'development', logger as never, flags as never, { linter: { mode: 'client-side' } });
      expect(messages(results, 'errors')).toEqual([]);
      expect(messages(results, 'warnings')).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  }, 180_000); // The TypeScript linters parse every file of src/: slow on a busy two-core machine.

  it('finds every Jira route src/ calls in the definitions the linter reads (it skips a route it cannot find)', () => {
    const templates = ['jira-platform.v3.json', 'jira-software.json'].flatMap((file) =>
      Object.keys((JSON.parse(readFileSync(join(openApi, file), 'utf8')) as { paths: object }).paths),
    );
    const patterns = templates.map((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`));
    const called = sourceFiles(join(root, 'src')).flatMap((file) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(/route`(\/rest\/[^`?]*)/g)].map((m) => must(m[1], 'm[1]').replace(/\$\{[^}]*\}/g, 'x')),
    );
    expect(called.length).toBeGreaterThan(0);
    expect(called.filter((path) => !patterns.some((p) => p.test(path)))).toEqual([]);
  });

  it('names the JQL alias the UI searches with for a Key Result\'s issue property', () => {
    const manifest = parse(readFileSync(manifestPath, 'utf8')) as { modules: { 'jira:entityProperty': Array<{ propertyKey: string; values: Array<{ path: string; searchAlias?: string }> }> } };
    const property = must(manifest.modules['jira:entityProperty'].find((module) => module.propertyKey === ISSUE_PROPERTY_KEY), 'the outcomes entity property');
    const keyResultIds: keyof IssueLinksProperty = 'keyResultIds';
    expect(property.values.find((value) => value.path === keyResultIds)?.searchAlias).toBe(KEY_RESULT_SEARCH_ALIAS);
  });

  it('declares the Key Results field the app sets: read-only, a list of strings, with the consumer that sets it again', () => {
    const manifest = parse(readFileSync(manifestPath, 'utf8')) as {
      modules: { 'jira:customField': Array<Record<string, unknown>>; consumer: Array<{ queue: string }> };
    };
    expect(manifest.modules['jira:customField']).toEqual([
      expect.objectContaining({ key: KEY_RESULTS_FIELD_MODULE, name: 'Key Results', type: 'string', collection: 'list', readOnly: true }),
    ]);
    expect(manifest.modules.consumer.map((consumer) => consumer.queue)).toContain(KEY_RESULTS_FIELD_QUEUE);
  });

  it('asks for no scope beyond what the code calls', () => {
    const manifest = parse(readFileSync(manifestPath, 'utf8')) as ManifestSchema;
    expect(manifest.permissions?.scopes).toEqual([
      'read:jira-work',
      'read:jira-user',
      'write:jira-work',
      'read:board-scope:jira-software',
      'read:board-scope.admin:jira-software',
      'read:project:jira',
      'read:sprint:jira-software',
      // A board's own record (its project, for a sprint or backlog action whose context names only the board).
      'read:issue-details:jira',
      // The Key Results field's values (POST /rest/api/3/app/field/value).
      'write:app-data:jira',
      'storage:app',
    ]);
  });
});
