/**
 * `npm run test:reliability`: the whole reliability suite (test/reliability/), slow fault-injection
 * files (*.slow.test.ts) included, ending with the tally line. `npm test` runs only its fast files.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/reliability'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 300000,
  reporters: ['default', '<rootDir>/test/summary-reporter.js', '<rootDir>/test/reliability/tally-reporter.js'],
};
