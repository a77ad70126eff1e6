/**
 * The unit tier: specs beside the code they test, no database, no broker, no web build (no global setup).
 * `npm run test:unit` runs it alone; `npm test` runs it with the server tier.
 */
import { common } from './test/support/jest-common.js';

export default {
  ...common,
  rootDir: '.',
  displayName: 'unit',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test/support'],
  testMatch: ['<rootDir>/apps/**/src/**/*.spec.ts', '<rootDir>/libs/**/src/**/*.spec.ts', '<rootDir>/test/support/**/*.spec.ts'],
};
