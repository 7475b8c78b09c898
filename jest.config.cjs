// One jest run for the whole workspace, in two projects:
// - `unit`: the sources, transpiled on the fly by ts-jest — no build needed, seconds to run
//   (`pnpm test:unit`, the fast loop);
// - `bundle`: the bundles (packages/*/dist) run as GitHub's runner, Azure's agent and a shell run them,
//   against the emulator; what a user gets. dist/ is committed and CI checks it matches the sources (`pnpm
//   check:dist`); on a fresh clone this project's setup first builds what its suites need besides
//   (scripts/jest-bundle-setup.cjs), which rebuilds the same bundles.
// Sources are ESM TypeScript; ts-jest transpiles them to CommonJS for the test process, so workspace packages
// are mapped to their sources and the `.js` suffixes NodeNext requires are stripped. The ESM-only @actions/*
// packages are never imported by tests: adapters keep them behind a small platform seam.
const shared = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: {
          module: 'commonjs',
          moduleResolution: 'node',
          isolatedModules: true,
          esModuleInterop: true,
          target: 'ES2022',
          types: ['node', 'jest'],
        },
        diagnostics: false,
      },
    ],
  },
  moduleNameMapper: {
    '^@proget-deploy/(core|emulator|manifests|testkit)$': '<rootDir>/packages/$1/src/index.ts',
    '^@proget-deploy/core/internal$': '<rootDir>/packages/core/src/internal.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  modulePathIgnorePatterns: [
    '<rootDir>/packages/.*/dist/',
    '<rootDir>/packages/.*/lib/',
    '<rootDir>/.staging/',
  ],
};

/**
 * The suites that run a committed bundle (or package one), or read what ncc bundled (its stats, written by a
 * build), as path patterns: the `bundle` project.
 */
const BUNDLE_SUITES = [
  '/packages/adversarial/test/.*\\.test\\.ts$',
  '/packages/github-action/test/(bundle|sca-bundle|gate-bundle|local-action|action-metadata)\\.test\\.ts$',
  '/packages/azure-task/test/(bundle|sca-bundle|gate-bundle|L0|package-azure)\\.test\\.ts$',
  '/packages/cli/test/(cli-bundle|gate-cli|cli-messages|cli-list-files|list-files-limits|download-auth|npm-package|sca-cli|progress)\\.test\\.ts$',
  '/scripts/test/(notices|patches)\\.test\\.ts$',
];

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 30000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      roots: ['<rootDir>/packages', '<rootDir>/scripts'],
      testMatch: ['**/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...BUNDLE_SUITES],
    },
    {
      ...shared,
      displayName: 'bundle',
      globalSetup: '<rootDir>/scripts/jest-bundle-setup.cjs',
      roots: ['<rootDir>/packages', '<rootDir>/scripts'],
      testRegex: BUNDLE_SUITES,
    },
  ],
};
