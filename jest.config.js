/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 30000,
  // Every core (Jest's default leaves one idle: on a two-core machine it runs the suites one at a time).
  maxWorkers: '100%',
  projects: [
    {
      displayName: 'backend',
      testEnvironment: 'node',
      roots: ['<rootDir>/src', '<rootDir>/local', '<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      transform: {
        '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
      },
    },
    {
      // The UI's pure modules, compiled by the UI's own settings (as CommonJS, which Jest loads).
      displayName: 'ui',
      testEnvironment: 'node',
      roots: ['<rootDir>/static/app/src'],
      testMatch: ['**/*.test.ts'],
      transform: {
        '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'static/app/tsconfig.test.json' }],
      },
    },
  ],
};
