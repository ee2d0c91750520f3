import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSign, SIGN_EXIT_CODES, SIGN_HELP } from '../../../src/cli/sign.js';
import { parseSignArgs } from '../../../src/cli/sign-args.js';
import {
  type FunctionUrlEmulator,
  startFunctionUrlEmulator,
} from '../../../src/testing/function-url-emulator.js';
import { SECRETS, SESSION } from '../sigv4/helpers.js';

const REGION = 'eu-west-3';
let emulator: FunctionUrlEmulator;
let hanging: Server;
let hangingUrl: string;
const held: ServerResponse[] = [];

const ENV = {
  AWS_ACCESS_KEY_ID: SESSION.accessKeyId,
  AWS_SECRET_ACCESS_KEY: SESSION.secretAccessKey,
  AWS_SESSION_TOKEN: SESSION.sessionToken,
};

beforeAll(async () => {
  emulator = await startFunctionUrlEmulator({
    credentials: SESSION,
    region: REGION,
    handler: (event) => {
      if (event.rawPath === '/missing') return { statusCode: 404, body: 'not here' };
      return {
        method: event.requestContext.http.method,
        body: event.body ?? null,
        type: event.headers['content-type'] ?? null,
        query: event.rawQueryString,
      };
    },
  });
  hanging = createServer((_req, res) => held.push(res));
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  for (const res of held) res.destroy();
  hanging.closeAllConnections();
  await new Promise((resolve) => hanging.close(resolve));
  await emulator.close();
});

/** Every line the CLI wrote, for the secrets check. */
const transcripts: string[] = [];

async function run(argv: string[], env: Record<string, string | undefined> = ENV) {
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const sink = (into: Uint8Array[]) => ({
    write: (chunk: string | Uint8Array) => into.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk),
  });
  const code = await runSign(argv, { env, stdout: sink(out), stderr: sink(err) });
  const result = {
    code,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
  transcripts.push(result.stdout, result.stderr);
  return result;
}

describe('lambda-authorizer-kit sign', () => {
  it('prints help with the exit codes', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toBe(SIGN_HELP);
    expect(stdout).toMatch(/Exit codes:/);
  });

  it('GET: status line on stderr, body on stdout, exit 0', async () => {
    const { code, stdout, stderr } = await run([`${emulator.url}items?b=2&a=1`, '--region', REGION]);
    expect(code).toBe(SIGN_EXIT_CODES.ok);
    expect(stderr).toBe('HTTP 200 OK\n');
    expect(JSON.parse(stdout)).toEqual({ method: 'GET', body: null, type: null, query: 'a=1&b=2' });
  });

  it('POST with -d and -H (defaults to POST), and -d @file', async () => {
    let result = await run([
      emulator.url,
      `--region=${REGION}`,
      '-H',
      'content-type: application/json',
      '-d',
      '{"user":"my-user"}',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      method: 'POST',
      body: '{"user":"my-user"}',
      type: 'application/json',
      query: '',
    });
    const file = join(mkdtempSync(join(tmpdir(), 'sign-')), 'body.json');
    writeFileSync(file, '{"from":"file"}');
    result = await run([
      emulator.url,
      '--region',
      REGION,
      '-X',
      'PUT',
      '-H',
      'Content-Type: application/json',
      '-d',
      `@${file}`,
    ]);
    expect(JSON.parse(result.stdout)).toMatchObject({ method: 'PUT', body: '{"from":"file"}' });
  });

  it('-i prints the status line and headers to stdout', async () => {
    const { code, stdout, stderr } = await run([emulator.url, '--region', REGION, '-i']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^HTTP 200 OK\n(.+: .+\n)+\n\{/);
    expect(stdout).toMatch(/\nx-amzn-requestid: [0-9a-f-]{36}\n/);
  });

  it('-v shows the signed request with the key id, signature and token redacted', async () => {
    const { code, stderr } = await run([emulator.url, '--region', REGION, '-v']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^> GET http:\/\/127\.0\.0\.1:\d+\/\n/);
    expect(stderr).toMatch(
      /> authorization: AWS4-HMAC-SHA256 Credential=\[redacted\]\/\d{8}\/eu-west-3\/lambda\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=\[redacted\]\n/,
    );
    expect(stderr).toContain('> x-amz-security-token: [redacted]\n');
    expect(stderr).not.toContain(SESSION.accessKeyId);
  });

  it('exit 1 for an HTTP error status, with the body printed', async () => {
    const { code, stdout, stderr } = await run([`${emulator.url}missing`, '--region', REGION]);
    expect(code).toBe(SIGN_EXIT_CODES.httpError);
    expect(stderr).toBe('HTTP 404 Not Found\n');
    expect(stdout).toBe('not here');
  });

  it('exit 2 for a wrong command line', async () => {
    for (const argv of [
      [],
      ['a', 'b'],
      ['--bogus', 'x'],
      [emulator.url, '-H'],
      [emulator.url, '-H', 'no-colon'],
      [emulator.url, '--timeout', '0'],
      ['u', '-d', 'a', '-d', 'b'],
      [emulator.url, '--region', REGION, '-d', '@/nonexistent/file'],
    ]) {
      const { code, stderr } = await run(argv);
      expect(code, argv.join(' ')).toBe(SIGN_EXIT_CODES.usage);
      expect(stderr).toMatch(/^sign: /);
    }
  });

  it('exit 3 when it cannot sign: no credentials (naming the variables), no region, bad URL', async () => {
    let result = await run([emulator.url, '--region', REGION], {});
    expect(result.code).toBe(SIGN_EXIT_CODES.cannotSign);
    expect(result.stderr).toMatch(
      /ERR_SIGV4_NO_CREDENTIALS.*AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set/,
    );
    result = await run([emulator.url]);
    expect(result.code).toBe(SIGN_EXIT_CODES.cannotSign);
    expect(result.stderr).toMatch(/ERR_SIGV4_REGION_UNKNOWN/);
    result = await run(['ftp://example.com/', '--region', REGION]);
    expect(result.stderr).toMatch(/ERR_SIGV4_INVALID_URL/);
  });

  it('exit 4 when AWS refuses the signature, with the hint and no secrets', async () => {
    const { code, stdout, stderr } = await run([emulator.url, '--region', REGION], {
      ...ENV,
      AWS_SECRET_ACCESS_KEY: 'a-wrong-secret-that-is-long-enough-000000',
    });
    expect(code).toBe(SIGN_EXIT_CODES.rejected);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^sign: ERR_SIGV4_INVALID_SIGNATURE: AWS refused the signed request with 403 InvalidSignatureException/,
    );
    expect(stderr).not.toContain('a-wrong-secret');
  });

  it('exit 5 on timeout or when nothing answers', async () => {
    let result = await run([hangingUrl, '--region', REGION, '--timeout', '50']);
    expect(result.code).toBe(SIGN_EXIT_CODES.noResponse);
    expect(result.stderr).toMatch(/ERR_SIGV4_TIMEOUT: No complete response within 50 ms/);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    result = await run([`http://127.0.0.1:${port}/`, '--region', REGION]);
    expect(result.code).toBe(SIGN_EXIT_CODES.noResponse);
    expect(result.stderr).toMatch(/^sign: no response: fetch failed/);
  });

  it('parses --opt=value forms and -- before the URL', () => {
    expect(parseSignArgs(['--service=execute-api', '--timeout=250', '--', '-weird-url'])).toMatchObject({
      url: '-weird-url',
      service: 'execute-api',
      timeoutMs: 250,
    });
  });

  it('never printed a secret, the session token or a signature', () => {
    expect(transcripts.length).toBeGreaterThan(20);
    for (const text of transcripts) {
      for (const secret of SECRETS) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/Signature=[0-9a-f]{64}/);
    }
  });
});
