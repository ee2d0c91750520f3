import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FetchJsonLimits, fetchJson, fetchUrlProblem } from '../../../src/jwt/fetch-json.js';
import { JwksUnavailableError } from '../../../src/jwt/index.js';
import { expectRejection } from '../../support/jwt-helpers.js';
import { activeResources, closedAfterEachTest, sendJson } from '../../support/loopback.js';

const realSetTimeout = globalThis.setTimeout;
const LIMITS: FetchJsonLimits = {
  timeoutMs: 2_000,
  maxBytes: 4_096,
  what: 'JWKS',
  invalidCode: 'ERR_JWKS_INVALID',
};
const DOCUMENT = { keys: [{ kty: 'OKP', kid: 'k1' }] };
const { server, baseline } = closedAfterEachTest();

describe('the JWKS and discovery download (node:http / node:https)', () => {
  it('asks for uncompressed JSON, names itself, and closes the connection after the answer', async () => {
    const seen: Record<string, string | undefined>[] = [];
    const origin = await server((request, response) => {
      seen.push({
        accept: request.headers.accept,
        encoding: request.headers['accept-encoding'],
        agent: request.headers['user-agent'],
        connection: request.headers.connection,
        method: request.method,
      });
      sendJson(response, DOCUMENT);
    });
    await expect(fetchJson(`${origin.origin}/jwks.json`, LIMITS)).resolves.toEqual(DOCUMENT);
    expect(seen).toEqual([
      {
        accept: 'application/json',
        encoding: 'identity',
        agent: 'lambda-authorizer-kit',
        connection: 'close',
        method: 'GET',
      },
    ]);
    // No keep-alive socket outlives the download (it would be dead after a Lambda freeze).
    const sockets = () => activeResources().get('TCPSocketWrap') ?? 0;
    for (let i = 0; i < 50 && sockets() > (baseline().get('TCPSocketWrap') ?? 0); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(sockets()).toBe(baseline().get('TCPSocketWrap') ?? 0);
  });

  it('reads a chunked body of unknown length', async () => {
    const origin = await server((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const text = JSON.stringify(DOCUMENT);
      response.write(text.slice(0, 5));
      setTimeout(() => response.end(text.slice(5)), 20);
    });
    await expect(fetchJson(`${origin.origin}/jwks.json`, LIMITS)).resolves.toEqual(DOCUMENT);
  });

  it('refuses a compressed answer it did not ask for, with the way out', async () => {
    const origin = await server((_request, response) => {
      const body = gzipSync(JSON.stringify(DOCUMENT));
      response.writeHead(200, { 'content-encoding': 'gzip', 'content-length': body.length });
      response.end(body);
    });
    const error = await expectRejection(
      fetchJson(`${origin.origin}/jwks.json`, LIMITS),
      JwksUnavailableError,
      'ERR_JWKS_INVALID',
      { message: /came with Content-Encoding "gzip" although none was asked for .* Serve it uncompressed\./ },
    );
    expect(error.status).toBe(200);
  });

  it('accepts an explicit identity Content-Encoding', async () => {
    const origin = await server((_request, response) => {
      const body = JSON.stringify(DOCUMENT);
      response.writeHead(200, { 'content-encoding': 'Identity', 'content-length': body.length });
      response.end(body);
    });
    await expect(fetchJson(`${origin.origin}/jwks.json`, LIMITS)).resolves.toEqual(DOCUMENT);
  });

  it('reports a body cut short of its Content-Length as a failed download', async () => {
    const origin = await server((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': 500 });
      response.write('{"keys":[');
      setTimeout(() => request.socket.destroy(), 20);
    });
    await expectRejection(
      fetchJson(`${origin.origin}/jwks.json`, LIMITS),
      JwksUnavailableError,
      'ERR_JWKS_FETCH',
      {
        message: /could not be fetched: .*(aborted|closed before the whole body arrived)/,
      },
    );
  });

  it('names the refused connection in the message', async () => {
    const origin = await server((_request, response) => sendJson(response, DOCUMENT));
    await origin.down();
    await expectRejection(
      fetchJson(`${origin.origin}/jwks.json`, LIMITS),
      JwksUnavailableError,
      'ERR_JWKS_FETCH',
      {
        message:
          /could not be fetched: connect ECONNREFUSED 127\.0\.0\.1:\d+\. Check that the function can reach it/,
      },
    );
  });

  it('accepts a body of exactly maxBytes, announced or not, and names what it received past it', async () => {
    const exact = JSON.stringify({ keys: [], pad: '' }).length;
    const pad = 'x'.repeat(LIMITS.maxBytes - exact);
    const body = JSON.stringify({ keys: [], pad });
    expect(body.length).toBe(LIMITS.maxBytes);
    const origin = await server((request, response) => {
      if (request.url === '/announced') return sendJson(response, { keys: [], pad });
      response.writeHead(200, { 'content-type': 'application/json' });
      const text = request.url === '/over' ? `${body} ` : body;
      response.write(text.slice(0, 100));
      response.end(text.slice(100));
    });
    await expect(fetchJson(`${origin.origin}/announced`, LIMITS)).resolves.toEqual({ keys: [], pad });
    await expect(fetchJson(`${origin.origin}/chunked`, LIMITS)).resolves.toEqual({ keys: [], pad });
    await expectRejection(
      fetchJson(`${origin.origin}/over`, LIMITS),
      JwksUnavailableError,
      'ERR_JWKS_TOO_LARGE',
      {
        message: /larger than 4096 bytes \(more than 4096 bytes received\)/,
      },
    );
  });

  it('shows at most 40 characters of an unexpected Content-Encoding', async () => {
    const origin = await server((_request, response) => {
      response.writeHead(200, { 'content-encoding': `gzip${'x'.repeat(100)}`, 'content-length': 2 });
      response.end('{}');
    });
    const error = await expectRejection(
      fetchJson(`${origin.origin}/jwks.json`, LIMITS),
      JwksUnavailableError,
      'ERR_JWKS_INVALID',
    );
    expect(error.message).toContain(`Content-Encoding "gzip${'x'.repeat(36)}" although`);
  });

  it('keeps the underlying error as the cause and leaves no timer behind', async () => {
    const origin = await server((request, response) => {
      if (request.url !== '/bad-json') return sendJson(response, DOCUMENT);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"keys": [');
    });
    // Every deadline timer a download starts is cleared when it ends, success or failure.
    const started: unknown[] = [];
    const setTimer = vi.spyOn(globalThis, 'setTimeout');
    const clearTimer = vi.spyOn(globalThis, 'clearTimeout');
    setTimer.mockImplementation(((fn: () => void, ms?: number) => {
      const timer = realSetTimeout(fn, ms);
      if (ms === LIMITS.timeoutMs) started.push(timer);
      return timer;
    }) as typeof setTimeout);
    try {
      await fetchJson(`${origin.origin}/jwks.json`, LIMITS);
      const invalid = await expectRejection(
        fetchJson(`${origin.origin}/bad-json`, LIMITS),
        JwksUnavailableError,
        'ERR_JWKS_INVALID',
        { message: /is not valid JSON \(10 bytes received\)/ },
      );
      expect(invalid.cause).toBeInstanceOf(SyntaxError);
    } finally {
      setTimer.mockRestore();
    }
    expect(started).toHaveLength(2);
    const cleared = clearTimer.mock.calls.map(([timer]) => timer);
    clearTimer.mockRestore();
    for (const timer of started) expect(cleared).toContain(timer);
    await origin.down();
    const refused = await expectRejection(
      fetchJson(`${origin.origin}/jwks.json`, LIMITS),
      JwksUnavailableError,
      'ERR_JWKS_FETCH',
    );
    expect((refused.cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it('takes http for loopback names and addresses only', () => {
    for (const url of ['http://127.0.0.1:8080/jwks', 'http://localhost/jwks', 'http://[::1]:9000/jwks']) {
      expect(fetchUrlProblem(url)).toBeUndefined();
    }
    expect(fetchUrlProblem('http://auth.example.com/jwks')).toMatch(/must use https/);
  });

  describe('over https', () => {
    const tls = resolve(import.meta.dirname, '../../fixtures/tls');
    let httpsServer: Server;
    let origin: string;
    beforeAll(async () => {
      httpsServer = createServer(
        {
          cert: readFileSync(join(tls, 'loopback-cert.pem')),
          key: readFileSync(join(tls, 'loopback-key.pem')),
        },
        (_request, response) => sendJson(response, DOCUMENT),
      );
      await new Promise<void>((done) => httpsServer.listen(0, '127.0.0.1', done));
      origin = `https://127.0.0.1:${(httpsServer.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      httpsServer.closeAllConnections();
      await new Promise((done) => httpsServer.close(done));
    });

    it('checks the certificate: an untrusted one fails the download, never falls back', async () => {
      await expectRejection(
        fetchJson(`${origin}/jwks.json`, LIMITS),
        JwksUnavailableError,
        'ERR_JWKS_FETCH',
        {
          message: /could not be fetched: self[- ]signed certificate/,
        },
      );
    });

    it('downloads from a server whose certificate the process trusts (NODE_EXTRA_CA_CERTS)', async () => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          '--import',
          'tsx',
          resolve(import.meta.dirname, '../../support/fetch-json-child.ts'),
          `${origin}/jwks.json`,
        ],
        { env: { ...process.env, NODE_EXTRA_CA_CERTS: join(tls, 'loopback-cert.pem') }, encoding: 'utf8' },
      );
      expect(JSON.parse(stdout)).toEqual({ document: DOCUMENT });
    });
  });
});
