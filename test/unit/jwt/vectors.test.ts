import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createJwtVerifier, type JsonWebKeySet, JwtVerificationError } from '../../../src/jwt/index.js';
import { assertNoLeak } from '../../support/jwt-helpers.js';

interface VectorFile {
  generator: string;
  now: number;
  issuer: string;
  audience: string;
  jwks: JsonWebKeySet;
  vectors: { name: string; token: string; code: string | null }[];
}

/** Tokens signed by PyJWT, an independent implementation (scripts/jwt-vectors.py). */
const file = JSON.parse(
  readFileSync(new URL('../../vectors/jwt-pyjwt.json', import.meta.url), 'utf8'),
) as VectorFile;

const verifier = createJwtVerifier({
  issuer: file.issuer,
  audience: file.audience,
  jwks: file.jwks,
  now: () => file.now * 1000,
});

describe(`vectors from ${file.generator}`, () => {
  it('covers every algorithm', () => {
    expect(file.vectors.length).toBeGreaterThanOrEqual(70);
  });

  it.each(file.vectors.map((vector) => [vector.name, vector] as const))('%s', async (_name, vector) => {
    if (vector.code === null) {
      await expect(verifier.verify(vector.token)).resolves.toMatchObject({ sub: 'vector-user' });
      return;
    }
    const error = await verifier.verify(vector.token).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(JwtVerificationError);
    expect((error as JwtVerificationError).code).toBe(vector.code);
    assertNoLeak((error as Error).message, vector.token);
  });
});
