/**
 * The HTTP tier: `*.http-spec.ts` beside the code, each driving a Nest application in-process over
 * supertest (the gateway's routes, guard, pipes and problem documents; the health, metrics and
 * logging modules), with fakes in place of the broker clients: no database, no broker.
 */
import { common } from './test/support/jest-common.js';

export default {
  ...common,
  rootDir: '.',
  displayName: 'http',
  roots: ['<rootDir>/apps', '<rootDir>/libs'],
  testMatch: ['<rootDir>/apps/**/src/**/*.http-spec.ts', '<rootDir>/libs/**/src/**/*.http-spec.ts'],
};
