/** What both test tiers share: TypeScript through ts-jest as ES modules, and the `#…` imports mapped to the sources. */
const libs = ['contracts', 'messaging', 'config', 'http', 'persistence', 'observability'];

export const common = {
  setupFiles: ['<rootDir>/test/support/preload-nest.js'],
  testTimeout: 30_000,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    ...Object.fromEntries(libs.map((l) => [`^#${l}$`, `<rootDir>/libs/${l}/src/index.ts`])),
    '^#contracts/rules$': '<rootDir>/libs/contracts/src/rules.ts',
    '^#test-support/(.*)\\.js$': '<rootDir>/test/support/$1',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
};
