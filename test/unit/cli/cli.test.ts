import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EXIT_CODES, runDemo } from '../../../src/cli/demo.js';
import { DIAGNOSE_EXIT_CODES, diagnoseToken, runDiagnose } from '../../../src/cli/diagnose.js';
import { main } from '../../../src/cli/main.js';
import { createTestIssuer, type TestIssuer } from '../../../src/testing/issuer.js';
import { runBinary } from '../../support/cli.js';
import { closedPortUrl } from '../../support/loopback.js';

async function* chunks(list: string[]): AsyncIterable<string> {
  yield* list;
}

function io(options: { tty?: boolean; stdin?: string; env?: Record<string, string> } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      env: options.env ?? {},
      stdout: { write: (chunk: string | Uint8Array) => out.push(String(chunk)), isTTY: options.tty ?? false },
      stderr: { write: (chunk: string | Uint8Array) => err.push(String(chunk)) },
      ...(options.stdin === undefined ? {} : { stdin: chunks([options.stdin]) }),
    },
  };
}

describe('lambda-authorizer-kit (main)', () => {
  it('prints help, and refuses unknown commands with exit code 2', async () => {
    const help = io();
    expect(await main(['--help'], help.io)).toBe(0);
    expect(help.out.join('')).toMatch(/demo[\s\S]*diagnose[\s\S]*sign/);
    const unknown = io();
    expect(await main(['deploy'], unknown.io)).toBe(2);
    expect(unknown.err.join('')).toContain('unknown command "deploy"');
    expect(await main([], io().io)).toBe(2);
    for (const command of ['demo', 'diagnose', 'decode', 'sign', 'serve']) {
      const sub = io();
      expect(await main([command, '--help'], sub.io)).toBe(0);
      expect(sub.out.join('')).toMatch(/Usage: lambda-authorizer-kit/);
      expect(sub.out.join('')).toMatch(/Exit codes/i);
      if (command !== 'demo') expect(sub.out.join('')).toMatch(/Options:\n( {2}.+\n)+/);
    }
  });
});

describe('demo', () => {
  it('walks every flow on loopback and exits 0, in plain text when not on a TTY', async () => {
    const run = io();
    expect(await runDemo([], run.io)).toBe(DEMO_EXIT_CODES.ok);
    const text = run.out.join('');
    expect(text).not.toContain('\u001b[');
    for (const expected of [
      'valid token, GET /pets → 200',
      'DELETE /pets/42 (reader, served from the cache) → 403',
      'expired token → 401',
      'token for another audience → 401',
      'all three values match → 200',
      'wrong header value → 401',
      'signed GET ?b=2&a=1&a=0 → 200',
      'signed POST with a JSON body → 200',
      'request signed with the wrong secret key → 403',
      '11 steps answered as API Gateway and Lambda would.',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(text).not.toMatch(/Signature=[0-9a-f]{64}/);
  });

  it('uses colour on a TTY, but not with NO_COLOR', async () => {
    const tty = io({ tty: true });
    await runDemo([], tty.io);
    expect(tty.out.join('')).toContain('\u001b[32m');
    const noColor = io({ tty: true, env: { NO_COLOR: '1' } });
    await runDemo([], noColor.io);
    expect(noColor.out.join('')).not.toContain('\u001b[');
  });
});

describe('diagnose', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer({ audience: 'my-client-id' });
  });
  afterAll(async () => {
    await issuer.close();
  });

  const statusOf = (checks: { name: string; status: string }[], name: string) =>
    checks.find((c) => c.name === name)?.status;

  it('reads --token - from the standard input of the shipped binary', async () => {
    const token = issuer.sign({ sub: 'u1' });
    const accepted = await runBinary(
      ['diagnose', '--token', '-', '--issuer', issuer.issuer, '--audience', 'my-client-id'],
      `Bearer ${token}\n`,
    );
    expect(accepted.stdout).toMatch(/verdict: accepted/);
    expect(accepted.code).toBe(DIAGNOSE_EXIT_CODES.accepted);
    expect(accepted.stdout + accepted.stderr).not.toContain(token.split('.')[2]);
    const refused = await runBinary(
      ['diagnose', '--token', '-', '--issuer', issuer.issuer, '--audience', 'another-client'],
      token,
    );
    expect(refused.code).toBe(DIAGNOSE_EXIT_CODES.rejected);
    expect(refused.stdout).toMatch(/ERR_JWT_AUDIENCE/);
    const empty = await runBinary(['diagnose', '--token', '-', '--issuer', issuer.issuer], '');
    expect(empty.code).toBe(DIAGNOSE_EXIT_CODES.usage);
    expect(empty.stderr).toMatch(/--token and --issuer are required/);
  });

  it('refuses a foreign issuer as the verifier does, before any download, even when discovery is unreachable', async () => {
    const unreachable = await closedPortUrl('');
    const before = { ...issuer.requests };
    const foreign = await diagnoseToken({
      token: issuer.sign({ iss: 'https://evil.example.com' }),
      issuer: unreachable,
    });
    expect(foreign.verdict).toBe('rejected');
    expect(statusOf(foreign.checks, 'issuer')).toBe('fail');
    expect(foreign.checks.map((check) => check.name)).not.toContain('discovery');
    expect(foreign.checks.at(-1)?.detail).toMatch(/^ERR_JWT_ISSUER: /);
    expect(issuer.requests).toEqual(before);
    // The same token for the unreachable issuer itself: the keys are needed, so it cannot decide.
    const own = await diagnoseToken({
      token: issuer.sign({ iss: unreachable }),
      issuer: unreachable,
      timeoutMs: 2000,
    });
    expect(own.verdict).toBe('undecided');
    expect(statusOf(own.checks, 'discovery')).toBe('fail');
  });

  it('accepts a good token, through discovery, and never prints the token', async () => {
    const token = issuer.sign({ sub: 'u1' });
    const run = io({ stdin: `Bearer ${token}\n` });
    const code = await runDiagnose(
      ['--token', '-', '--issuer', issuer.issuer, '--audience', 'my-client-id'],
      run.io,
    );
    const text = run.out.join('');
    expect(code).toBe(DIAGNOSE_EXIT_CODES.accepted);
    expect(text).toMatch(/verdict: accepted/);
    expect(text).toContain('discovery');
    expect(text).not.toContain(token.split('.')[2] ?? 'x');
    expect(text).not.toContain(token);
  });

  it('downloads the discovery document and the JWKS once, as the verifier does, and explains from them', async () => {
    const own = await createTestIssuer({ audience: 'my-client-id' });
    try {
      const accepted = await diagnoseToken({
        token: own.sign(),
        issuer: own.issuer,
        audience: 'my-client-id',
      });
      expect(accepted.verdict).toBe('accepted');
      expect(accepted.checks.filter((c) => c.status === 'pass').map((c) => c.name)).toEqual(
        expect.arrayContaining(['discovery', 'jwks', 'key id', 'key type']),
      );
      expect(own.requests).toEqual({ discovery: 1, jwks: 1 });
      // An unknown kid: the verifier's one refetch, and the explanation lists what it found.
      const retired = await diagnoseToken({
        token: own.sign({}, { kid: 'retired-key' }),
        issuer: own.issuer,
        jwksUri: own.jwksUri,
      });
      expect(retired.checks.find((c) => c.name === 'key id')?.detail).toMatch(
        /"retired-key" is not in the JWKS \("test-/,
      );
      expect(own.requests).toEqual({ discovery: 1, jwks: 2 });
    } finally {
      await own.close();
    }
  });

  it('explains the classic mistakes with hints', async () => {
    const now = Math.floor(Date.now() / 1000);
    const base = { issuer: issuer.issuer, audience: 'my-client-id', jwksUri: issuer.jwksUri };

    const slash = await diagnoseToken({ ...base, token: issuer.sign(), issuer: `${issuer.issuer}/` });
    expect(slash.checks.find((c) => c.name === 'issuer')?.hint).toMatch(/trailing slash/);

    const expired = await diagnoseToken({ ...base, token: issuer.sign({ exp: now - 600, iat: now - 4200 }) });
    expect(expired.checks.find((c) => c.name === 'expiry')?.detail).toMatch(/expired 10 minutes ago/);
    expect(expired.verdict).toBe('rejected');

    const cognito = await diagnoseToken({
      ...base,
      token: issuer.sign({ aud: undefined, client_id: 'my-client-id' }),
    });
    expect(cognito.checks.find((c) => c.name === 'audience')?.hint).toMatch(/client_id instead of aud/);

    const [h, p] = issuer.sign().split('.');
    const hs = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(h ?? '', 'base64url').toString()), alg: 'HS256' }),
    ).toString('base64url');
    const hs256 = await diagnoseToken({ ...base, token: `${hs}.${p}.c2ln` });
    expect(hs256.checks.find((c) => c.name === 'algorithm')?.hint).toMatch(/RS256/);
    expect(hs256.verdict).toBe('rejected');

    const unknownKid = await diagnoseToken({ ...base, token: issuer.sign({}, { kid: 'retired-key' }) });
    expect(statusOf(unknownKid.checks, 'key id')).toBe('fail');
    expect(unknownKid.checks.find((c) => c.name === 'key id')?.hint).toMatch(/rotated key/);

    const garbage = await diagnoseToken({ ...base, token: 'not-a-token' });
    expect(garbage.verdict).toBe('rejected');
    expect(statusOf(garbage.checks, 'format')).toBe('fail');
  });

  it('says when the JWKS is unreachable from here (exit code 3)', async () => {
    const run = io();
    const code = await runDiagnose(
      [
        '--token',
        issuer.sign(),
        '--issuer',
        issuer.issuer,
        '--jwks-uri',
        'http://127.0.0.1:9/jwks.json',
        '--timeout',
        '500',
      ],
      run.io,
    );
    expect(code).toBe(DIAGNOSE_EXIT_CODES.undecided);
    expect(run.out.join('')).toMatch(/Unreachable from here/);
  });

  it('refuses a wrong command line with exit code 2', async () => {
    expect(await runDiagnose(['--issuer', 'https://x'], io().io)).toBe(DIAGNOSE_EXIT_CODES.usage);
    expect(await runDiagnose(['--token'], io().io)).toBe(DIAGNOSE_EXIT_CODES.usage);
    expect(await runDiagnose(['--bogus', '1'], io().io)).toBe(DIAGNOSE_EXIT_CODES.usage);
    expect(await runDiagnose(['--token', 't', '--issuer', 'i', '--timeout', '-1'], io().io)).toBe(
      DIAGNOSE_EXIT_CODES.usage,
    );
  });
});
