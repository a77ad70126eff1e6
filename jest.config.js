/** Both test tiers (`npm test`): unit specs beside the code (jest.unit.config.js), server tests under test/ (jest.server.config.js). */
export default {
  projects: ['<rootDir>/jest.unit.config.js', '<rootDir>/jest.server.config.js'],
  // Jest reads the test timeout from the run's own config, not from its projects'.
  testTimeout: 30_000,
};
