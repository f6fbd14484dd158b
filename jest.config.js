/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/contracts'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  // One DynamoDB Local for the whole run; each test isolates itself by its own store_hash.
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  testTimeout: 60_000,
  // One test file at a time: every suite shares the one DynamoDB Local, and two heavy suites side
  // by side (a fuzz property, a provider verification, the events property) made it answer slowly
  // enough for requests to meet 503s on a 2-core machine. A run takes longer; its answers are the
  // service's, not the machine's.
  maxWorkers: 1,
};
