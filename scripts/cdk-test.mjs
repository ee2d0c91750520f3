#!/usr/bin/env node
// Runs the tests of the CDK example app (examples/cdk), which has its own dependencies: installs them
// with `npm ci` when node_modules is missing or older than the lock file, then runs its `npm test`
// (type-check, then the template assertions). Exits non-zero when either step fails.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(import.meta.dirname, '..', 'examples', 'cdk');
const lockFile = join(dir, 'package-lock.json');
// npm writes node_modules/.package-lock.json at the end of every install.
const installed = join(dir, 'node_modules', '.package-lock.json');

function run(args) {
  console.log(`> (examples/cdk) npm ${args.join(' ')}`);
  const result = spawnSync('npm', args, { cwd: dir, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error) {
    console.error(`examples/cdk: npm ${args.join(' ')} could not start: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) {
    console.error(`examples/cdk: npm ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

const stale = !existsSync(installed) || statSync(installed).mtimeMs < statSync(lockFile).mtimeMs;
if (stale) run(['ci', '--no-audit', '--no-fund']);
else console.log('examples/cdk: dependencies up to date with package-lock.json');
run(['test']);
