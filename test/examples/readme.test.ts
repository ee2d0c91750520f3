import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * The README's quick start (`authorizer.ts`) and its testing sample (`authorizer.test.ts`), run as a
 * reader runs them: both blocks are saved side by side, unchanged, and the sample's test is
 * registered here by importing it.
 */
const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

function blockAfter(marker: string): string {
  const at = readme.indexOf(marker);
  const block = at < 0 ? undefined : readme.slice(at).match(/^```ts\n([\s\S]*?)^```$/m)?.[1];
  if (block === undefined) throw new Error(`README.md has no ts block after ${JSON.stringify(marker)}`);
  return block;
}

const dir = mkdtempSync(join(tmpdir(), 'readme-'));
writeFileSync(join(dir, 'authorizer.ts'), blockAfter('## Quick start'));
writeFileSync(join(dir, 'authorizer.test.ts'), blockAfter('### `lambda-authorizer-kit/testing`'));

const saved = { ISSUER: process.env.ISSUER, AUDIENCE: process.env.AUDIENCE, JWKS_URI: process.env.JWKS_URI };
afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

await import(join(dir, 'authorizer.test.ts'));
