/**
 * The unit tier: the pure specs beside the code they test (domain rules, projection arithmetic,
 * contracts, library functions): no database, no broker, no web build, no Nest application.
 * `npm run test:unit` runs it alone; `npm test` runs it with the other tiers.
 */
import { common } from './test/support/jest-common.js';

export default {
  ...common,
  rootDir: '.',
  displayName: 'unit',
  // No unit spec loads a Nest module (specs of the messaging adapters, which do, are in test/): the
  // preload of @nestjs/common the other tiers need would cost every file here its load time.
  setupFiles: [],
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test/support'],
  testMatch: ['<rootDir>/apps/**/src/**/*.spec.ts', '<rootDir>/libs/**/src/**/*.spec.ts', '<rootDir>/test/support/**/*.spec.ts'],
};
