import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Runs the leak-scan fixtures on their own: the scan must fail this run, naming the leaky file. */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/setup/fixtures/*.fixture.ts'],
    environment: 'node',
    pool: 'forks',
    setupFiles: ['./test/setup/leak-recorder.ts'],
    globalSetup: ['./test/setup/leak-scan.ts'],
  },
});
