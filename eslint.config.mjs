// Lint for the whole repository: the app (src), its Custom UI (static/app/src), the local platform
// (local), the tests (test, e2e), the benchmark (bench) and the scripts. `npm run lint`; `npm test` runs it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import globals from 'globals';

export default tseslint.config(
  {
    // Generated or installed, never edited by hand.
    ignores: [
      '**/node_modules/**',
      'build/**',
      'static/app/build/**',
      'test-artifacts/**',
      'coverage/**',
      '.local-data/**',
      'local/jira/openapi/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The server side: the app's backend, the local platform, tests, benchmark and scripts run on Node.
    files: ['src/**', 'local/**', 'test/**', 'e2e/**', 'bench/**', 'scripts/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The host page and the bridge run in the browser, as does the Custom UI.
    files: ['local/host/src/**', 'local/bridge/**', 'static/app/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Plain browser script, no module system.
    files: ['local/bridge/**/*.js'],
    languageOptions: { sourceType: 'script' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    ignores: ['local/bridge/**'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
  },
  {
    files: ['static/app/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['static/app/src/**/*.tsx'],
    ...jsxA11y.flatConfigs.recommended,
  },
);
