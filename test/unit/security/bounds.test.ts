import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTokenAuthorizer } from '../../../src/authorizer/index.js';
import {
  clearJwksCache,
  createJwtVerifier,
  extractBearerToken,
  JwksUnavailableError,
  JwtVerificationError,
} from '../../../src/jwt/index.js';
import { createTestIssuer, type TestIssuer } from '../../../src/testing/issuer.js';
import { caught } from '../../support/catch.js';
import { isExactUnauthorized } from './hostile.js';

const MB = 1024 * 1024;
const HUGE = 80 * MB;
/** What the server may have handed to the kernel before the client hung up: socket buffers, not 80 MB. */
const FAR_FEWER = 16 * MB;

let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithm: 'ES256' });
});
afterAll(() => issuer.close());
beforeEach(() => clearJwksCache());

describe('token size cap: checked before any decoding or key work', () => {
  const hugeTokens: [string, () => string][] = [
    ['a 1 MB token signed by the issuer', () => issuer.sign({ padding: 'x'.repeat(MB) })],
    ['1 MB of base64url without dots', () => 'A'.repeat(MB)],
    ['1 MB of dots', () => '.'.repeat(MB)],
    ['a 1 MB header segment', () => `${'eyJh'.repeat(MB / 4)}.e30.AAAA`],
    ['1 MB of multi-byte text', () => 'é'.repeat(MB)],
  ];

  it.each(hugeTokens)(
    '%s is refused with ERR_JWT_TOO_LARGE, without a JWKS or discovery request',
    async (_name, make) => {
      const token = make();
      expect(token.length).toBeGreaterThanOrEqual(MB);
      // A remote key source with nothing cached: any key lookup would be a request to the issuer.
      const viaJwksUri = createJwtVerifier({
        issuer: issuer.issuer,
        audience: 'test-client',
        jwksUri: issuer.jwksUri,
      });
      const viaDiscovery = createJwtVerifier({ issuer: issuer.issuer, audience: 'test-client' });
      const before = { ...issuer.requests };
      for (const verifier of [viaJwksUri, viaDiscovery]) {
        const error = await caught(verifier.verify(token));
        expect(error).toBeInstanceOf(JwtVerificationError);
        expect((error as JwtVerificationError).code).toBe('ERR_JWT_TOO_LARGE');
        expect((error as Error).message).not.toContain(token.slice(0, 64));
      }
      expect(issuer.requests).toEqual(before);
    },
  );

  it('an authorizer answers 401 to a 1 MB bearer token without touching the JWKS', async () => {
    const verifier = createJwtVerifier({
      issuer: issuer.issuer,
      audience: 'test-client',
      jwksUri: issuer.jwksUri,
    });
    const handler = createTokenAuthorizer({ verifier, logger: { error: () => undefined } });
    const token = issuer.sign({ padding: 'x'.repeat(MB) });
    expect(extractBearerToken(`Bearer ${token}`)).toBe(token);
    const before = issuer.requests.jwks;
    const error = await caught(
      handler({
        type: 'TOKEN',
        authorizationToken: `Bearer ${token}`,
        methodArn: 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/pets',
      }),
    );
    expect(isExactUnauthorized(error)).toBe(true);
    expect(issuer.requests.jwks).toBe(before);
  });

  it('the cap is maxTokenBytes: one character over is refused, the limit itself is decoded', async () => {
    const token = issuer.sign();
    const verifier = createJwtVerifier({
      issuer: issuer.issuer,
      audience: 'test-client',
      jwks: issuer.jwks(),
      maxTokenBytes: token.length,
    });
    await expect(verifier.verify(token)).resolves.toMatchObject({ iss: issuer.issuer });
    const error = await caught(verifier.verify(`${token}A`));
    expect((error as JwtVerificationError).code).toBe('ERR_JWT_TOO_LARGE');
  });
});

/** A loopback server that answers every request with `body` bytes of JSON-ish filler, and counts. */
interface FloodServer {
  readonly base: string;
  /** Bytes the kernel accepted from the server, per finished connection. */
  readonly written: number[];
  /** Requests per path. */
  readonly requests: Map<string, number>;
  /** Resolves when every connection opened so far has closed. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

type Flood = { announce: boolean; total: number; discoveryFor?: 'self' };

async function floodServer(
  plan: (path: string) => Flood | 'trickle' | { json: unknown },
): Promise<FloodServer> {
  const written: number[] = [];
  const requests = new Map<string, number>();
  const open = new Set<Promise<void>>();
  let base = '';
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '/';
    requests.set(path, (requests.get(path) ?? 0) + 1);
    const socket = request.socket as Socket;
    const what = plan(path);
    response.on('error', () => undefined);
    if (what === 'trickle') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"keys":[');
      const timer = setInterval(() => {
        if (response.destroyed) clearInterval(timer);
        else response.write(' ');
      }, 20);
      socket.on('close', () => clearInterval(timer));
      return;
    }
    if ('json' in what) {
      const text = JSON.stringify((what as { json: unknown }).json).replaceAll('BASE', base);
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      response.end(text);
      return;
    }
    const flood = what as Flood;
    const head = '{"keys":[';
    const chunk = Buffer.from(`${'{"kty":"RSA","n":"AAAA","e":"AQAB"},'.repeat(1800)}`);
    response.writeHead(200, {
      'content-type': 'application/json',
      ...(flood.announce ? { 'content-length': String(flood.total) } : {}),
    });
    response.write(head);
    let sent = head.length;
    const pump = () => {
      while (sent < flood.total && !response.destroyed && !socket.destroyed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, flood.total - sent));
        sent += piece.length;
        if (!response.write(piece)) {
          response.once('drain', pump);
          return;
        }
      }
      if (!response.destroyed) response.end();
    };
    pump();
  });
  server.on('connection', (socket: Socket) => {
    open.add(
      new Promise<void>((resolve) =>
        socket.on('close', () => {
          written.push(socket.bytesWritten);
          resolve();
        }),
      ),
    );
  });
  server.keepAliveTimeout = 200;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    written,
    requests,
    async settled() {
      await Promise.all([...open]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A token of the flood server's issuer, so that verify() reaches the key lookup. */
function tokenFor(iss: string): string {
  return issuer.sign({ iss });
}

describe('JWKS and discovery byte caps: an 80 MB answer is cut off, not buffered', () => {
  const cases: [string, boolean][] = [
    ['announced with content-length', true],
    ['streamed without content-length', false],
  ];

  it.each(cases)('an 80 MB JWKS %s is refused with ERR_JWKS_TOO_LARGE', async (_name, announce) => {
    const server = await floodServer(() => ({ announce, total: HUGE }));
    try {
      const verifier = createJwtVerifier({
        issuer: server.base,
        audience: 'test-client',
        jwksUri: `${server.base}/jwks.json`,
        timeoutMs: 15_000,
      });
      const error = await caught(verifier.verify(tokenFor(server.base)));
      expect(error).toBeInstanceOf(JwksUnavailableError);
      expect((error as JwksUnavailableError).code).toBe('ERR_JWKS_TOO_LARGE');
      // The client hung up: every connection closes, having carried far fewer than 80 MB.
      await server.settled();
      const total = server.written.reduce((a, b) => a + b, 0);
      expect(server.written.length).toBeGreaterThan(0);
      expect(total).toBeLessThan(FAR_FEWER);
    } finally {
      await server.close();
    }
  });

  it.each(cases)(
    'an 80 MB discovery document %s is refused with ERR_JWKS_TOO_LARGE',
    async (_name, announce) => {
      const server = await floodServer(() => ({ announce, total: HUGE }));
      try {
        const verifier = createJwtVerifier({
          issuer: server.base,
          audience: 'test-client',
          timeoutMs: 15_000,
        });
        const error = await caught(verifier.verify(tokenFor(server.base)));
        expect(error).toBeInstanceOf(JwksUnavailableError);
        expect((error as JwksUnavailableError).code).toBe('ERR_JWKS_TOO_LARGE');
        expect([...server.requests.keys()]).toEqual(['/.well-known/openid-configuration']);
        await server.settled();
        expect(server.written.reduce((a, b) => a + b, 0)).toBeLessThan(FAR_FEWER);
      } finally {
        await server.close();
      }
    },
  );

  it('an 80 MB JWKS named by a valid discovery document is cut off too', async () => {
    const server = await floodServer((path) =>
      path === '/.well-known/openid-configuration'
        ? { json: { issuer: 'BASE', jwks_uri: 'BASE/jwks.json' } }
        : { announce: false, total: HUGE },
    );
    try {
      const verifier = createJwtVerifier({ issuer: server.base, audience: 'test-client', timeoutMs: 15_000 });
      const error = await caught(verifier.verify(tokenFor(server.base)));
      expect((error as JwksUnavailableError).code).toBe('ERR_JWKS_TOO_LARGE');
      expect(server.requests.get('/jwks.json')).toBe(1);
      await server.settled();
      expect(server.written.reduce((a, b) => a + b, 0)).toBeLessThan(FAR_FEWER);
    } finally {
      await server.close();
    }
  });

  it('maxJwksBytes is the cap: a JWKS just over it is refused, one under it is read', async () => {
    const jwks = issuer.jwks();
    const size = Buffer.byteLength(JSON.stringify(jwks));
    const server = await floodServer(() => ({ json: jwks }));
    try {
      const token = issuer.sign();
      const small = createJwtVerifier({
        issuer: issuer.issuer,
        audience: 'test-client',
        jwksUri: `${server.base}/small`,
        maxJwksBytes: size - 1,
      });
      const error = await caught(small.verify(token));
      expect((error as JwksUnavailableError).code).toBe('ERR_JWKS_TOO_LARGE');
      const enough = createJwtVerifier({
        issuer: issuer.issuer,
        audience: 'test-client',
        jwksUri: `${server.base}/enough`,
        maxJwksBytes: size,
      });
      await expect(enough.verify(token)).resolves.toMatchObject({ iss: issuer.issuer });
    } finally {
      await server.close();
    }
  });

  it('a JWKS with more keys than maxJwksKeys is refused with ERR_JWKS_TOO_MANY_KEYS', async () => {
    const key = issuer.jwks().keys[0];
    const server = await floodServer(() => ({ json: { keys: Array.from({ length: 51 }, () => key) } }));
    try {
      const verifier = createJwtVerifier({
        issuer: issuer.issuer,
        audience: 'test-client',
        jwksUri: `${server.base}/k`,
      });
      const error = await caught(verifier.verify(issuer.sign()));
      expect((error as JwksUnavailableError).code).toBe('ERR_JWKS_TOO_MANY_KEYS');
    } finally {
      await server.close();
    }
  });

  it('a JWKS that trickles forever is cut off by timeoutMs, not read to the end', async () => {
    const server = await floodServer(() => 'trickle');
    try {
      const verifier = createJwtVerifier({
        issuer: server.base,
        audience: 'test-client',
        jwksUri: `${server.base}/slow`,
        timeoutMs: 300,
      });
      const error = await caught(verifier.verify(tokenFor(server.base)));
      expect((error as JwksUnavailableError).code).toBe('ERR_JWKS_TIMEOUT');
      await server.settled();
    } finally {
      await server.close();
    }
  });
});
