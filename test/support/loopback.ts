import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { JsonWebKeySet } from '../../src/jwt/types.js';

/** What a route handler may use besides the request and response. */
export interface RouteTools {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Runs `fn` after `ms`, unless the response is closed first or the server is stopped. */
  later(response: ServerResponse, ms: number, fn: () => void): void;
  /** Keeps the response open until the server is stopped. */
  hold(response: ServerResponse): void;
}

/** A request as the server received it. */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
}

/** A loopback HTTP server that can be taken down and brought back on the same port. */
export interface Loopback {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** The port of `origin`. */
  readonly port: number;
  /** The path of every request received, in order. */
  readonly paths: string[];
  /** Every request received, in order. */
  readonly requests: ReceivedRequest[];
  /** How many connections were accepted. */
  readonly connections: number;
  /** Stops listening and drops every connection and pending timer; the port stays reserved in `origin`. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** Stops for good. */
  close(): Promise<void>;
}

/** Sends `JSON.stringify(body)` with status 200 (or `status`) and a content-length. */
export function sendJson(response: ServerResponse, body: unknown, status = 200): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** Sends a redirect to `location`, with a small body (never read by the client). */
export function sendRedirect(response: ServerResponse, location: string, status = 302): void {
  response.writeHead(status, { location, 'content-type': 'text/plain' });
  response.end('moved');
}

/**
 * Starts a loopback server whose every request goes to `route`. Pending `later` timers and held
 * responses are cleared by `down()` and `close()`, so a test leaves nothing running.
 */
export async function startLoopback(
  route: (request: IncomingMessage, response: ServerResponse, tools: RouteTools) => void,
): Promise<Loopback> {
  const timers = new Set<NodeJS.Timeout>();
  const held = new Set<ServerResponse>();
  const paths: string[] = [];
  const requests: ReceivedRequest[] = [];
  let connections = 0;
  let origin = '';
  const tools: RouteTools = {
    get origin() {
      return origin;
    },
    later(response, ms, fn) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!response.destroyed) fn();
      }, ms);
      timers.add(timer);
      response.once('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
      });
    },
    hold(response) {
      held.add(response);
      response.once('close', () => held.delete(response));
    },
  };
  let server: Server | undefined;
  let port = 0;

  const up = async () => {
    const next = createServer((request, response) => {
      paths.push(request.url ?? '');
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
      response.on('error', () => undefined);
      route(request, response, tools);
    });
    next.on('connection', () => {
      connections += 1;
    });
    next.keepAliveTimeout = 500;
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    server = next;
    port = (next.address() as AddressInfo).port;
    origin = `http://127.0.0.1:${port}`;
  };

  const down = async () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const response of held) response.destroy();
    held.clear();
    const current = server;
    server = undefined;
    if (current === undefined) return;
    await new Promise<void>((resolve) => {
      current.close(() => resolve());
      current.closeAllConnections();
    });
  };

  await up();
  return {
    get origin() {
      return origin;
    },
    get port() {
      return port;
    },
    paths,
    requests,
    get connections() {
      return connections;
    },
    down,
    up,
    close: down,
  };
}

/** A URL on 127.0.0.1 where nothing listens (a port just released). */
export async function closedPortUrl(path = '/jwks.json'): Promise<string> {
  const probe = await startLoopback((_request, response) => sendJson(response, {}, 404));
  const url = `${probe.origin}${path}`;
  await probe.close();
  return url;
}

/** How a {@link JwksFront} answers `GET /jwks.json`. */
export type FrontMode =
  /** 200 with the current JWKS. */
  | 'ok'
  /** 200 with the JWKS, `slowMs` later. */
  | 'slow'
  /** The JWKS as it was when the request arrived, sent when `release()` is called. */
  | 'gated'
  /** `/jwks.json` → `/loop-a` → `/loop-b` → `/jwks.json` → ... */
  | 'redirect-loop'
  /** A redirect to `http://jwks.example.com/jwks.json` (not https, not loopback). */
  | 'redirect-insecure'
  /** An endless chain of distinct redirects: `/hop-1`, `/hop-2`, ... */
  | 'redirect-chain';

/** A JWKS endpoint of its own in front of a key source, with faults the test issuer lacks. */
export interface JwksFront extends Loopback {
  /** `{origin}/jwks.json`. */
  readonly jwksUri: string;
  /** Requests of `/jwks.json` (redirect hops not counted). */
  readonly jwksRequests: () => number;
  setMode(mode: FrontMode): void;
  /** Sends the answers held in `gated` mode. */
  release(): void;
}

/** Starts a {@link JwksFront} serving `jwks()`; `slowMs` is the delay of `slow` mode. */
export async function startJwksFront(jwks: () => JsonWebKeySet, slowMs = 1_000): Promise<JwksFront> {
  let mode: FrontMode = 'ok';
  let count = 0;
  const gated: { response: ServerResponse; body: JsonWebKeySet }[] = [];
  const server = await startLoopback((request, response, tools) => {
    const path = request.url ?? '';
    if (path === '/jwks.json') count += 1;
    switch (mode) {
      case 'ok':
        if (path === '/jwks.json') return sendJson(response, jwks());
        break;
      case 'slow':
        if (path === '/jwks.json') return tools.later(response, slowMs, () => sendJson(response, jwks()));
        break;
      case 'gated':
        if (path === '/jwks.json') {
          tools.hold(response);
          gated.push({ response, body: jwks() });
          return;
        }
        break;
      case 'redirect-loop': {
        const next = { '/jwks.json': '/loop-a', '/loop-a': '/loop-b', '/loop-b': '/jwks.json' }[path];
        if (next !== undefined) return sendRedirect(response, next);
        break;
      }
      case 'redirect-insecure':
        if (path === '/jwks.json') return sendRedirect(response, 'http://jwks.example.com/jwks.json', 301);
        break;
      case 'redirect-chain': {
        const hop = /^\/(?:jwks\.json|hop-(\d))$/.exec(path);
        if (hop !== null) return sendRedirect(response, `/hop-${Number(hop[1] ?? 0) + 1}`, 307);
        break;
      }
    }
    sendJson(response, { error: 'not found' }, 404);
  });
  return {
    get origin() {
      return server.origin;
    },
    get port() {
      return server.port;
    },
    get jwksUri() {
      return `${server.origin}/jwks.json`;
    },
    paths: server.paths,
    requests: server.requests,
    get connections() {
      return server.connections;
    },
    jwksRequests: () => count,
    down: server.down,
    up: server.up,
    close: server.close,
    setMode(next) {
      mode = next;
    },
    release() {
      for (const { response, body } of gated.splice(0)) {
        if (!response.destroyed) sendJson(response, body);
      }
    },
  };
}

const TRACKED_RESOURCES = ['TCPServerWrap', 'TCPSocketWrap', 'Timeout'] as const;

/** How many servers, sockets and timers keep the process alive now. */
export function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of process.getActiveResourcesInfo()) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

/**
 * The kinds of servers, sockets or timers running beyond `baseline` (taken before the tests), after
 * giving the fetch client's sockets up to a second to close once their servers dropped them.
 */
export async function resourcesLeftRunning(baseline: Map<string, number>): Promise<string[]> {
  const leftovers = () => {
    const now = activeResources();
    return TRACKED_RESOURCES.filter((name) => (now.get(name) ?? 0) > (baseline.get(name) ?? 0));
  };
  for (let attempt = 0; attempt < 50 && leftovers().length > 0; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return leftovers();
}

/** What {@link closedAfterEachTest} gives a test file. */
export interface ClosedAfterEachTest {
  /** Closes `item` after the current test; returns it. */
  track<T extends { close(): Promise<void> }>(item: T): T;
  /** Starts a loopback server closed after the current test. */
  server(route: Parameters<typeof startLoopback>[0]): Promise<Loopback>;
  /** The servers, sockets and timers running before the file's tests. */
  baseline(): Map<string, number>;
}

/**
 * Registers the hooks of a test file that starts servers: what it tracks is closed after each test
 * (then `afterEachTest` runs), and the file fails if a server, socket or timer outlives its tests
 * (checked after `beforeCheck`). Call at the top level of the file.
 */
export function closedAfterEachTest(
  hooks: { afterEachTest?: () => void; beforeCheck?: () => void } = {},
): ClosedAfterEachTest {
  const open: { close(): Promise<void> }[] = [];
  let baseline = new Map<string, number>();
  beforeAll(() => {
    baseline = activeResources();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((item) => item.close()));
    hooks.afterEachTest?.();
  });
  afterAll(async () => {
    hooks.beforeCheck?.();
    expect(await resourcesLeftRunning(baseline)).toEqual([]);
  });
  const track = <T extends { close(): Promise<void> }>(item: T): T => {
    open.push(item);
    return item;
  };
  return { track, server: async (route) => track(await startLoopback(route)), baseline: () => baseline };
}
