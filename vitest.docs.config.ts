import { defineConfig } from 'vitest/config';
import baseConfig from './vitest.config.js';

// `npm run test:docs`: whole-program type-checks of the README, docs/ and TSDoc samples and of the
// public API's documentation. They build a TypeScript program over src (5 s on an idle 2-core machine,
// over 25 s on a loaded one), so they run as a step of their own, one file at a time, after the unit
// suite, with a budget no load reaches instead of the unit suite's 20 s. Standalone rather than merged,
// as merging would concatenate the includes.
export default defineConfig({
  resolve: baseConfig.resolve,
  test: {
    include: ['test/docs/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 600_000,
    setupFiles: ['./test/setup/leak-recorder.ts'],
    globalSetup: ['./test/setup/leak-scan.ts'],
  },
});
