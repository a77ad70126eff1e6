/**
 * The server tier: service and end-to-end tests under test/, on the real PostgreSQL and RabbitMQ. The global
 * setup gives each worker of the run a database and a vhost of its own and builds the web pages once.
 */
import { common } from './test/support/jest-common.js';

export default {
  ...common,
  rootDir: '.',
  displayName: 'server',
  setupFiles: [...common.setupFiles, '<rootDir>/test/support/worker-isolation.js'],
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/support/'],
};
