// Jest runs the TypeScript sources as native ES modules (node --experimental-vm-modules), transformed by swc.
/** @type {import('jest').Config} */
export default {
  testEnvironment: '<rootDir>/packages/testkit/jest-environment.js',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2023' }, module: { type: 'es6' } },
    ],
  },
  testMatch: ['<rootDir>/packages/*/test/**/*.test.ts', '<rootDir>/services/*/test/**/*.test.ts'],
  testTimeout: 60_000,
};
