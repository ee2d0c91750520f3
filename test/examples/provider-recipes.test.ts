import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CryptoKey, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createJwtVerifier,
  JwtVerificationError,
  type JwtVerifier,
  type JwtVerifierOptions,
} from '../../src/jwt/index.js';
import { PROVIDERS, type ProviderFixture } from '../fixtures/providers.js';
import { type Loopback, sendJson, startLoopback } from '../support/loopback.js';

/**
 * Every provider recipe of docs/jwt.md, run as written: the block is saved as a module and imported.
 * The recipe's `options` are used as they are, except `jwksUri`, which points at a loopback server
 * publishing a key set shaped like the provider's (the issuers, audiences and claim rules are the
 * recipe's own). The recipe's own `verifier` export is checked to exist with the same issuers.
 */
const docs = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'jwt.md'), 'utf8');

function recipeOf(heading: string): string {
  const section = docs.split(/^### /m).find((part) => part.startsWith(`${heading}\n`));
  const block = section?.match(/^```ts\n([\s\S]*?)^```$/m)?.[1];
  if (block === undefined) throw new Error(`docs/jwt.md has no ts block under "### ${heading}"`);
  return block;
}

interface Recipe {
  readonly options: JwtVerifierOptions;
  readonly verifier: JwtVerifier;
}

const dir = mkdtempSync(join(tmpdir(), 'recipes-'));
let server: Loopback;
let keys: Map<string, { privateKey: CryptoKey; jwks: unknown }>;

beforeAll(async () => {
  keys = new Map();
  for (const provider of PROVIDERS) {
    const { privateKey, publicKey } = await generateKeyPair(provider.alg, { extractable: true });
    const jwk = await exportJWK(publicKey);
    const kid = `${provider.heading.toLowerCase().replace(/\W+/g, '-')}-key-1`;
    keys.set(provider.heading, {
      privateKey,
      jwks: { keys: [...provider.otherKeys, { ...provider.keyMembers, ...jwk, kid }] },
    });
  }
  server = await startLoopback((request, response) => {
    const heading = decodeURIComponent((request.url ?? '').slice(1));
    const entry = keys.get(heading);
    if (entry === undefined) sendJson(response, {}, 404);
    else sendJson(response, entry.jwks);
  });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function load(provider: ProviderFixture): Promise<Recipe> {
  const file = join(dir, `${provider.heading.replace(/\W+/g, '-')}.ts`);
  writeFileSync(file, recipeOf(provider.heading));
  return (await import(file)) as Recipe;
}

async function sign(
  provider: ProviderFixture,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
) {
  const entry = keys.get(provider.heading);
  if (entry === undefined) throw new Error('no key');
  const kid = `${provider.heading.toLowerCase().replace(/\W+/g, '-')}-key-1`;
  const fields: Record<string, unknown> = { alg: provider.alg, kid, ...provider.header, ...header };
  if (fields.alg === 'HS256') {
    // A token a misconfigured provider signs with a shared secret, under the same kid.
    return new SignJWT(claims)
      .setProtectedHeader(fields as never)
      .sign(new TextEncoder().encode('x'.repeat(32)));
  }
  return new SignJWT(claims).setProtectedHeader(fields as never).sign(entry.privateKey);
}

async function outcome(verifier: JwtVerifier, token: string): Promise<string | undefined> {
  try {
    await verifier.verify(token);
    return undefined;
  } catch (error) {
    if (error instanceof JwtVerificationError) return error.code;
    throw error;
  }
}

describe.each(PROVIDERS.map((provider) => [provider.heading, provider] as const))(
  'the %s recipe',
  (_, provider) => {
    it('builds its verifier as written', async () => {
      const recipe = await load(provider);
      expect(typeof recipe.verifier.verify).toBe('function');
      expect(recipe.verifier.issuers).toEqual(createJwtVerifier(recipe.options).issuers);
    });

    it("accepts the provider's tokens and refuses the others, each with its code", async () => {
      const recipe = await load(provider);
      const verifier = createJwtVerifier({
        ...recipe.options,
        jwksUri: `${server.origin}/${encodeURIComponent(provider.heading)}`,
      });
      const now = Math.floor(Date.now() / 1000);
      const tokens = provider.tokens(now);
      expect(tokens.some((token) => token.refused === undefined)).toBe(true);
      expect(tokens.some((token) => token.refused !== undefined)).toBe(true);
      const answers = [];
      for (const token of tokens) {
        answers.push({
          what: token.what,
          code: await outcome(verifier, await sign(provider, token.claims, token.header)),
        });
      }
      expect(answers).toEqual(tokens.map((token) => ({ what: token.what, code: token.refused })));
    });

    it('hands back the claims the provider put in the token', async () => {
      const recipe = await load(provider);
      const verifier = createJwtVerifier({
        ...recipe.options,
        jwksUri: `${server.origin}/${encodeURIComponent(provider.heading)}`,
      });
      const [first] = provider.tokens(Math.floor(Date.now() / 1000));
      if (first === undefined) throw new Error('no token');
      await expect(verifier.verify(await sign(provider, first.claims))).resolves.toEqual(first.claims);
    });
  },
);
