// One jest run for the whole workspace. Sources are ESM TypeScript; ts-jest transpiles them to CommonJS
// for the test process, so workspace packages are mapped to their sources (no build needed to test) and
// the `.js` suffixes NodeNext requires are stripped. The ESM-only @actions/* packages are never imported
// by tests: adapters keep them behind a small platform seam, and integration tests run the real bundles.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/scripts'],
  testMatch: ['**/test/**/*.test.ts'],
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
    '^@proget-deploy/core$': '<rootDir>/packages/core/src/index.ts',
    '^@proget-deploy/emulator$': '<rootDir>/packages/emulator/src/index.ts',
    '^@proget-deploy/manifests$': '<rootDir>/packages/manifests/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  modulePathIgnorePatterns: [
    '<rootDir>/packages/.*/dist/',
    '<rootDir>/packages/.*/lib/',
    '<rootDir>/.staging/',
  ],
  testTimeout: 30000,
};
