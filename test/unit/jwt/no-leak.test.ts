import { createHmac, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearJwksCache, createJwtVerifier, type JsonWebKey } from '../../../src/jwt/index.js';
import { AuthorizerKitError } from '../../../src/lib/errors.js';
import { createTestIssuer, type TestIssuer } from '../../../src/testing/issuer.js';
import { signCompactJwt } from '../../../src/testing/issuer-sign.js';
import { parts, payloadOf, segment, tamperSignature, withPayload } from '../../support/jwt-helpers.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await createTestIssuer({ now: () => NOW });
});
afterAll(async () => {
  await issuer.close();
  clearJwksCache();
});

/** Everything an error exposes: message, stack, own enumerable fields and the cause chain. */
function exposedText(error: unknown): string {
  const texts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    texts.push(current.message, current.stack ?? '', JSON.stringify(current), String(current));
    current = current.cause;
  }
  return texts.join('\n');
}

describe('no token, signature or key material in any error', () => {
  it('holds for every kind of rejection and outage', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const weakJwk = { ...(weak.publicKey.export({ format: 'jwk' }) as JsonWebKey), kid: 'weak' };
    const valid = issuer.sign({ sub: 'user-42' });
    const [header, payload, signature] = parts(valid);
    const input = `${segment({ alg: 'HS256', kid: issuer.kid })}.${payload}`;
    const tokens = [
      valid.replace(/\./g, ''),
      issuer.sign({ exp: NOW / 1000 - 10 }),
      issuer.sign({ nbf: NOW / 1000 + 100 }),
      issuer.sign({ iss: 'https://evil.example.com' }),
      issuer.sign({ iss: `${issuer.issuer}/` }),
      issuer.sign({ aud: 'other' }),
      issuer.sign({ aud: undefined, client_id: 'test-client' }),
      issuer.sign({ scope: 'read' }),
      issuer.sign({}, { header: { crit: ['x'], x: 1 } }),
      issuer.sign({}, { header: { typ: 'secevent+jwt' } }),
      issuer.sign({}, { kid: 'unknown' }),
      issuer.sign({}, { header: { alg: 'ES256' } }),
      withPayload(valid, { ...payloadOf(valid), sub: 'admin' }),
      tamperSignature(valid),
      `${segment({ alg: 'none' })}.${payload}.`,
      `${input}.${createHmac('sha256', 'secret').update(input).digest('base64url')}`,
      `${header}.${payload}.${signature}.${signature}`,
      `${header}.${payload}=.${signature}`,
      `${header}.${'A'.repeat(20_000)}.${signature}`,
      signCompactJwt({ alg: 'RS256', kid: 'weak' }, payloadOf(valid), weak.privateKey, 'RS256'),
    ];
    const keyMaterial = [...issuer.jwks().keys, weakJwk].flatMap((key) =>
      [key.n, key.x].filter((v): v is string => !!v),
    );
    const good = createJwtVerifier({
      issuer: issuer.issuer,
      audience: 'test-client',
      jwks: { keys: [...issuer.jwks().keys, weakJwk] },
      now: () => NOW,
      requiredScopes: ['write'],
      typ: 'JWT',
    });
    issuer.setJwksFault('status-500');
    const down = createJwtVerifier({
      issuer: issuer.issuer,
      audience: 'test-client',
      jwksUri: issuer.jwksUri,
      now: () => NOW,
    });
    let checked = 0;
    for (const token of tokens) {
      for (const verifier of [good, down]) {
        const error = await verifier.verify(token).then(
          () => undefined,
          (reason: unknown) => reason,
        );
        if (error === undefined) continue;
        expect(error).toBeInstanceOf(AuthorizerKitError);
        const text = exposedText(error);
        const [h, p, s] = parts(token);
        for (const secret of [token, h, p, s, signature, ...keyMaterial]) {
          if (secret.length >= 16)
            expect(text.includes(secret.slice(0, 32)), (error as Error).message).toBe(false);
        }
        checked += 1;
      }
    }
    issuer.setJwksFault(undefined);
    expect(checked).toBeGreaterThanOrEqual(tokens.length + 10);
  });
});
