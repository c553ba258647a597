/** @type {import('jest').Config} */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }];

module.exports = {
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['<rootDir>/test/pages/'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'pages',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/test/pages/**/*.test.ts'],
      moduleDirectories: ['node_modules', '<rootDir>/miniprogram/node_modules'],
      transform: {
        '^.+\\.ts$': ['ts-jest', { tsconfig: 'miniprogram/tsconfig.json', diagnostics: false }],
      },
    },
  ],
  testTimeout: 30000,
};
