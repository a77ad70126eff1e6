/**
 * Every test tier (`npm test`): pure unit specs beside the code (jest.unit.config.js), in-process HTTP
 * specs beside the code (jest.http.config.js), service and end-to-end tests on the real servers
 * under test/ (jest.server.config.js).
 */
export default {
  projects: ['<rootDir>/jest.unit.config.js', '<rootDir>/jest.http.config.js', '<rootDir>/jest.server.config.js'],
  // Jest reads the test timeout from the run's own config, not from its projects'.
  testTimeout: 30_000,
  // Jest's default on two cores is one worker; the server tests spend much of their time waiting on
  // PostgreSQL, RabbitMQ and Chromium, so two workers (each on a database and vhost of its own) share both cores.
  maxWorkers: 2,
};
