import { generateKeyPair, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { JwtAlgorithm } from '../jwt/algorithms.js';
import type { JsonWebKey, JsonWebKeySet } from '../jwt/types.js';
import { keyTypeOf, signCompactJwt } from './issuer-sign.js';

const generateKeyPairAsync = promisify(generateKeyPair) as (
  type: string,
  options: object,
) => Promise<{ publicKey: KeyObject; privateKey: KeyObject }>;

/**
 * Options of {@link createTestIssuer}.
 */
export interface TestIssuerOptions {
  /** The signing algorithm; the key pair is generated for it (RSA keys are 2048-bit). Default: `RS256`. */
  algorithm?: JwtAlgorithm;
  /** The `aud` put in tokens by default; `null` for none. Default: `test-client`. */
  audience?: string | null;
  /** A path appended to the issuer URL, e.g. `/tenant-a`. Default: none (`http://127.0.0.1:<port>`). */
  path?: string;
  /** Lifetime of signed tokens, in seconds. Default: `3600`. */
  expiresInSeconds?: number;
  /** How many keys before the current one stay in the JWKS after `rotateKeys()`. Default: `1`. */
  keepPreviousKeys?: number;
  /** The clock used for `iat` and `exp`, in milliseconds since the epoch. Default: `Date.now`. */
  now?: () => number;
}

/**
 * Options of {@link TestIssuer.sign}.
 *
 * See the example of {@link createTestIssuer}.
 */
export interface TestIssuerSignOptions {
  /** Header parameters added to (or replacing) `alg`, `typ: JWT` and `kid`. Default: none. */
  header?: Record<string, unknown>;
  /** The `kid` header; `null` leaves it out. Default: the current key's id. */
  kid?: string | null;
  /** Sign with a previous key (1 = the one before the current key) still in memory. Default: `0`. */
  previousKey?: number;
}

/**
 * A failure the test issuer's JWKS endpoint can simulate, see {@link TestIssuer.setJwksFault}.
 *
 * See the example of {@link createTestIssuer}.
 */
export type TestIssuerFault =
  /** The connection is closed without an answer. */
  | 'connection-reset'
  /** HTTP 500. */
  | 'status-500'
  /** No answer until the issuer is closed (exercises timeouts). */
  | 'hang'
  /** A 200 whose body is not JSON. */
  | 'invalid-json'
  /** A 200 that announces more bytes than it sends, then closes. */
  | 'truncated'
  /** A 200 streaming a JSON body of several megabytes. */
  | 'oversize';

/**
 * A token issuer for tests: a key pair, and a real HTTP server on 127.0.0.1 serving its JWKS and
 * OpenID Connect discovery document.
 *
 * See the example of {@link createTestIssuer}.
 */
export interface TestIssuer {
  /** `http://127.0.0.1:<port>[path]`: put it in the verifier's `issuer`. */
  readonly issuer: string;
  /** The JWKS URL, `{issuer}/.well-known/jwks.json`. */
  readonly jwksUri: string;
  /** The discovery URL, `{issuer}/.well-known/openid-configuration`. */
  readonly discoveryUri: string;
  /** The default `aud` of signed tokens, if any. */
  readonly audience: string | undefined;
  /** The signing algorithm. */
  readonly algorithm: JwtAlgorithm;
  /** The id of the current signing key. */
  readonly kid: string;
  /** How many requests each endpoint answered (or refused by a fault). */
  readonly requests: { readonly jwks: number; readonly discovery: number };
  /**
   * Signs a token. Default claims: `iss`, `aud` (when set), `sub: 'test-user'`, `iat` now, `exp` in
   * `expiresInSeconds`; `claims` are added over them, and a claim set to `undefined` is left out.
   */
  sign(claims?: Record<string, unknown>, options?: TestIssuerSignOptions): string;
  /** The JWKS currently served (public keys only). */
  jwks(): JsonWebKeySet;
  /** Generates a new current key with a new `kid`; the previous ones stay published (`keepPreviousKeys`). */
  rotateKeys(): Promise<void>;
  /** Makes the JWKS endpoint fail the given way until called with `undefined`. */
  setJwksFault(fault: TestIssuerFault | undefined): void;
  /** Stops the server and closes its connections. */
  close(): Promise<void>;
}

interface IssuerKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly jwk: JsonWebKey;
}

let issuerCount = 0;

async function generateKey(alg: JwtAlgorithm, kid: string): Promise<IssuerKey> {
  const { type, ...params } = keyTypeOf(alg);
  const { publicKey, privateKey } = await generateKeyPairAsync(type, params);
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as JsonWebKey), kid, alg, use: 'sig' };
  return { kid, privateKey, jwk };
}

/**
 * Starts a test issuer: generates a key pair for `algorithm` and serves its JWKS and discovery
 * document on 127.0.0.1 (a free port). Close it in `afterAll`.
 *
 * @param options - see {@link TestIssuerOptions}.
 * @returns the running issuer.
 *
 * @example
 * ```ts
 * import { createJwtVerifier } from 'lambda-authorizer-kit/jwt';
 * import { createTestIssuer } from 'lambda-authorizer-kit/testing';
 * import { afterAll, expect, it } from 'vitest';
 *
 * const issuer = await createTestIssuer({ audience: 'my-client-id' });
 * afterAll(() => issuer.close());
 *
 * it('accepts a token of the issuer', async () => {
 *   const verifier = createJwtVerifier({ issuer: issuer.issuer, audience: 'my-client-id' });
 *   await expect(verifier.verify(issuer.sign({ sub: 'user-42' }))).resolves.toMatchObject({ sub: 'user-42' });
 * });
 * export const handler = async () => undefined;
 * ```
 */
export async function createTestIssuer(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  const algorithm = options.algorithm ?? 'RS256';
  const now = options.now ?? Date.now;
  const expiresIn = options.expiresInSeconds ?? 3600;
  const keep = options.keepPreviousKeys ?? 1;
  const audience = options.audience === undefined ? 'test-client' : (options.audience ?? undefined);
  const path = (options.path ?? '').replace(/\/+$/, '');
  issuerCount += 1;
  const kidPrefix = `test-${issuerCount}-key-`;
  let generation = 1;
  const keys: IssuerKey[] = [await generateKey(algorithm, `${kidPrefix}${generation}`)];
  let fault: TestIssuerFault | undefined;
  const requests = { jwks: 0, discovery: 0 };
  const hanging = new Set<ServerResponse>();

  const jwks = (): JsonWebKeySet => ({ keys: keys.slice(0, keep + 1).map((key) => ({ ...key.jwk })) });
  let base = '';

  const send = (response: ServerResponse, status: number, body: string) => {
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  };

  const serveJwks = (request: IncomingMessage, response: ServerResponse) => {
    requests.jwks += 1;
    switch (fault) {
      case 'connection-reset':
        request.socket.destroy();
        return;
      case 'status-500':
        send(response, 500, '{"error":"internal"}');
        return;
      case 'hang':
        hanging.add(response);
        return;
      case 'invalid-json':
        send(response, 200, '<html>not json</html>');
        return;
      case 'truncated': {
        const body = JSON.stringify(jwks());
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
        response.write(body.slice(0, Math.floor(body.length / 2)));
        setImmediate(() => request.socket.destroy());
        return;
      }
      case 'oversize': {
        response.writeHead(200, { 'content-type': 'application/json' });
        const chunk = `{"keys":[${'{"kty":"RSA"},'.repeat(4096)}`;
        let sent = 0;
        const pump = () => {
          while (sent < 4 * 1024 * 1024 && !response.destroyed) {
            sent += chunk.length;
            if (!response.write(chunk)) {
              response.once('drain', pump);
              return;
            }
          }
          response.end();
        };
        response.on('error', () => undefined);
        pump();
        return;
      }
      default:
        send(response, 200, JSON.stringify(jwks()));
    }
  };

  const server: Server = createServer((request, response) => {
    const url = request.url ?? '/';
    if (request.method === 'GET' && url === `${path}/.well-known/jwks.json`) {
      serveJwks(request, response);
    } else if (request.method === 'GET' && url === `${path}/.well-known/openid-configuration`) {
      requests.discovery += 1;
      send(
        response,
        200,
        JSON.stringify({
          issuer: base,
          jwks_uri: `${base}/.well-known/jwks.json`,
          id_token_signing_alg_values_supported: [algorithm],
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
        }),
      );
    } else {
      send(response, 404, '{"error":"not found"}');
    }
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}${path}`;

  return {
    issuer: base,
    jwksUri: `${base}/.well-known/jwks.json`,
    discoveryUri: `${base}/.well-known/openid-configuration`,
    audience,
    algorithm,
    get kid() {
      return (keys[0] as IssuerKey).kid;
    },
    requests,
    sign(claims = {}, signOptions = {}) {
      const key = keys[signOptions.previousKey ?? 0];
      if (key === undefined) throw new RangeError(`No key ${signOptions.previousKey} rotations back.`);
      const iat = Math.floor(now() / 1000);
      const payload: Record<string, unknown> = { iss: base, sub: 'test-user', iat, exp: iat + expiresIn };
      if (audience !== undefined) payload.aud = audience;
      for (const [name, value] of Object.entries(claims)) {
        if (value === undefined) delete payload[name];
        else payload[name] = value;
      }
      const header: Record<string, unknown> = { alg: algorithm, typ: 'JWT' };
      if (signOptions.kid !== null) header.kid = signOptions.kid ?? key.kid;
      Object.assign(header, signOptions.header);
      return signCompactJwt(header, payload, key.privateKey, algorithm);
    },
    jwks,
    async rotateKeys() {
      generation += 1;
      keys.unshift(await generateKey(algorithm, `${kidPrefix}${generation}`));
    },
    setJwksFault(next) {
      fault = next;
      if (next !== 'hang') {
        for (const response of hanging) response.destroy();
        hanging.clear();
      }
    },
    async close() {
      for (const response of hanging) response.destroy();
      hanging.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
