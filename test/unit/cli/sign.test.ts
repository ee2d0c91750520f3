import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSign, SIGN_EXIT_CODES, SIGN_HELP } from '../../../src/cli/sign.js';
import { parseSignArgs } from '../../../src/cli/sign-args.js';
import { SECRETS, SESSION } from '../../support/credentials.js';
import { useFunctionUrlEmulator } from '../../support/function-url.js';
import { closedPortUrl, type Loopback, startLoopback } from '../../support/loopback.js';

const REGION = 'eu-west-3';
const emulator = useFunctionUrlEmulator({
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
let hanging: Loopback;

/** A HOME without ~/.aws, so no test reads the machine's own AWS files. */
const emptyHome = mkdtempSync(join(tmpdir(), 'sign-empty-home-'));

const ENV = {
  HOME: emptyHome,
  AWS_ACCESS_KEY_ID: SESSION.accessKeyId,
  AWS_SECRET_ACCESS_KEY: SESSION.secretAccessKey,
  AWS_SESSION_TOKEN: SESSION.sessionToken,
};

beforeAll(async () => {
  hanging = await startLoopback((_req, res, tools) => tools.hold(res));
});
afterAll(() => hanging.close());

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

  it("an HTTP error status is a response like any other (exit 0), as curl's", async () => {
    const { code, stdout, stderr } = await run([`${emulator.url}missing`, '--region', REGION]);
    expect(code).toBe(SIGN_EXIT_CODES.ok);
    expect(stderr).toBe('HTTP 404 Not Found\n');
    expect(stdout).toBe('not here');
  });

  it('-f makes it exit 22 without the body; -s silences the status line and errors, -S brings errors back', async () => {
    let result = await run([`${emulator.url}missing`, '--region', REGION, '-f']);
    expect(result).toMatchObject({
      code: 22,
      stdout: '',
      stderr: 'sign: The requested URL returned error: 404\n',
    });
    expect(SIGN_EXIT_CODES.httpError).toBe(22);
    result = await run([`${emulator.url}missing`, '--region', REGION, '-fs']);
    expect(result).toMatchObject({ code: 22, stdout: '', stderr: '' });
    result = await run([`${emulator.url}`, '--region', REGION, '--silent']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ method: 'GET' });
    result = await run([emulator.url, '-s']);
    expect(result).toMatchObject({ code: SIGN_EXIT_CODES.cannotSign, stderr: '' });
    result = await run([emulator.url, '-sS']);
    expect(result.code).toBe(SIGN_EXIT_CODES.cannotSign);
    expect(result.stderr).toMatch(/ERR_INVALID_OPTION/);
  });

  it('-o writes the body (with -i, the head too) to a file; exit 23 when it cannot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sign-out-'));
    const file = join(dir, 'body.json');
    let result = await run([emulator.url, '--region', REGION, '-o', file]);
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: 'HTTP 200 OK\n' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ method: 'GET' });
    result = await run([emulator.url, '--region', REGION, '-i', `--output=${file}`]);
    expect(result.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toMatch(/^HTTP 200 OK\n(.+: .+\n)+\n\{/);
    result = await run([emulator.url, '--region', REGION, '-o', join(dir, 'no', 'such', 'dir')]);
    expect(result.code).toBe(SIGN_EXIT_CODES.writeError);
    expect(result.stderr).toMatch(/cannot write .*ENOENT/);
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

  it('exit 3 when it cannot sign: no credentials (saying where it looked), no region, bad URL', async () => {
    let result = await run([emulator.url, '--region', REGION], { HOME: emptyHome });
    expect(result.code).toBe(SIGN_EXIT_CODES.cannotSign);
    expect(result.stderr).toMatch(
      /No AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY .* or AWS_PROFILE/,
    );
    result = await run([emulator.url]);
    expect(result.code).toBe(SIGN_EXIT_CODES.cannotSign);
    expect(result.stderr).toMatch(/ERR_INVALID_OPTION/);
    result = await run(['ftp://example.com/', '--region', REGION]);
    expect(result.stderr).toMatch(/ERR_INVALID_OPTION/);
  });

  it('takes credentials from AWS_PROFILE or the default profile of the shared files, as the AWS CLI does', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sign-home-'));
    mkdirSync(join(home, '.aws'));
    writeFileSync(
      join(home, '.aws', 'credentials'),
      [
        '[default]',
        `aws_access_key_id = ${SESSION.accessKeyId}`,
        `aws_secret_access_key = ${SESSION.secretAccessKey}`,
        `aws_session_token = ${SESSION.sessionToken}`,
        '',
        '[wrong]',
        `aws_access_key_id = ${SESSION.accessKeyId}`,
        'aws_secret_access_key = a-wrong-secret-that-is-long-enough-000000',
      ].join('\n'),
    );
    writeFileSync(
      join(home, '.aws', 'config'),
      [
        '[profile dev]',
        'region = eu-west-3',
        `aws_access_key_id = ${SESSION.accessKeyId}`,
        `aws_secret_access_key = ${SESSION.secretAccessKey}`,
        `aws_session_token = ${SESSION.sessionToken}`,
        '[profile sso]',
        'sso_session = my-sso',
        'sso_account_id = 123456789012',
      ].join('\n'),
    );
    const wrongEnv = { AWS_ACCESS_KEY_ID: 'AKIAWRONGWRONGWRONG0', AWS_SECRET_ACCESS_KEY: 'x'.repeat(40) };
    // The default profile when the environment has no keys; a named profile wins over the environment.
    for (const env of [{ HOME: home }, { HOME: home, AWS_PROFILE: 'dev', ...wrongEnv }]) {
      const result = await run([emulator.url, '--region', REGION], env);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ method: 'GET' });
    }
    // The environment's keys win over the default profile.
    expect((await run([emulator.url, '--region', REGION], { HOME: home, ...wrongEnv })).code).toBe(
      SIGN_EXIT_CODES.rejected,
    );
    expect((await run([emulator.url, '--region', REGION], { HOME: home, AWS_PROFILE: 'wrong' })).code).toBe(
      SIGN_EXIT_CODES.rejected,
    );
    let result = await run([emulator.url, '--region', REGION], { HOME: home, AWS_PROFILE: 'sso' });
    expect(result.code).toBe(SIGN_EXIT_CODES.cannotSign);
    expect(result.stderr).toMatch(
      /through sso_session.*aws configure export-credentials --profile sso --format env/,
    );
    result = await run([emulator.url, '--region', REGION], { HOME: home, AWS_PROFILE: 'nope' });
    expect(result.stderr).toMatch(/AWS_PROFILE is "nope", but neither .* has that profile/);
    const files = {
      AWS_PROFILE: 'dev',
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
      AWS_CONFIG_FILE: join(home, '.aws', 'config'),
      HOME: emptyHome,
    };
    expect((await run([emulator.url, '--region', REGION], files)).code).toBe(0);
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
    let result = await run([`${hanging.origin}/`, '--region', REGION, '--timeout', '50']);
    expect(result.code).toBe(SIGN_EXIT_CODES.noResponse);
    expect(result.stderr).toMatch(/ERR_SIGV4_TIMEOUT: No complete response within 50 ms/);
    result = await run([await closedPortUrl('/'), '--region', REGION]);
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
