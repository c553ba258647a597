/** jest for the page gallery only (not part of `npm test`): jsdom + simulate, no global local cloud. */
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'jsdom',
  // every gallery file reaches the local cloud's store (scene.ts starts private clouds): node's conditions
  testEnvironmentOptions: { customExportConditions: ['node', 'node-addons'] },
  testMatch: ['<rootDir>/scripts/gallery/*.gallery.ts'],
  moduleDirectories: ['node_modules', '<rootDir>/miniprogram/node_modules'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'miniprogram/tsconfig.json', diagnostics: false }] },
  testTimeout: 30000,
};
