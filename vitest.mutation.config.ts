import { defineConfig } from 'vitest/config';
import baseConfig from './vitest.config.js';

// `npm run mutation` (stryker.config.json): the unit tests of the library's folders (src/arn, policy,
// lib, jwt, sigv4, authorizer, testing) and the hostile-input, bounds and fault tests, which pin what
// the library does with hostile servers and callers. Example, CLI, CDK and leak-scan tests are left
// out: they are slow and reach the same code through more layers. Standalone rather than merged, as
// merging would concatenate the includes.
export default defineConfig({
  resolve: baseConfig.resolve,
  test: {
    include: [
      'test/unit/arn/**/*.test.ts',
      'test/unit/policy/**/*.test.ts',
      'test/unit/lib/**/*.test.ts',
      'test/unit/jwt/**/*.test.ts',
      'test/unit/sigv4/**/*.test.ts',
      'test/unit/authorizer/**/*.test.ts',
      'test/unit/testing/**/*.test.ts',
      'test/unit/security/**/*.test.ts',
    ],
    exclude: ['test/unit/security/hostile-cli.test.ts', 'test/unit/security/leak-scan.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
  },
});
