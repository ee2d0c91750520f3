import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Examples import the package by name, as users do; in this repository that is the source.
    alias: [
      {
        find: /^lambda-authorizer-kit\/(.*)$/,
        replacement: fileURLToPath(new URL('./src/$1/index.ts', import.meta.url)),
      },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Whole-program type-checks run in their own step (vitest.docs.config.ts): no load may time them out.
    exclude: ['test/docs/**', 'node_modules/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    // Every file's output and error messages are scanned for tokens and credentials.
    setupFiles: ['./test/setup/leak-recorder.ts'],
    globalSetup: ['./test/setup/leak-scan.ts'],
  },
});
