import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECODE_EXIT_CODES } from '../../../src/cli/decode.js';
import { DIAGNOSE_EXIT_CODES } from '../../../src/cli/diagnose.js';
import type { ServeInfo } from '../../../src/cli/serve.js';
import { SIGN_EXIT_CODES } from '../../../src/cli/sign.js';
import { createTestIssuer, type TestIssuer } from '../../../src/testing/issuer.js';
import { BIN, runBinary } from '../../support/cli.js';

const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  version: string;
};

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ audience: 'my-client-id' });
});
afterAll(() => issuer.close());

describe('the lambda-authorizer-kit binary', () => {
  it('prints its version', async () => {
    for (const flag of ['--version', '-V']) {
      const run = await runBinary([flag]);
      expect(run).toMatchObject({ code: 0, stdout: `lambda-authorizer-kit ${pkg.version}\n`, stderr: '' });
    }
  });

  it('decode prints the header and claims from stdin or argv, never the signature', async () => {
    const token = issuer.sign({ sub: 'u1', roles: ['admin'] });
    const signature = token.split('.')[2] as string;
    const text = await runBinary(['decode', '-'], `Bearer ${token}\n`);
    expect(text.code).toBe(DECODE_EXIT_CODES.decoded);
    expect(text.stdout).toMatch(/"sub": "u1"/);
    expect(text.stdout).toMatch(/^exp {7}\d{4}-\d\d-\d\dT.+ \(in (59|60) minutes\)$/m);
    expect(text.stdout).toMatch(/claims \(not verified\)/);
    const json = await runBinary(['decode', '--token', token, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      header: { alg: 'RS256', typ: 'JWT' },
      claims: { sub: 'u1', roles: ['admin'], aud: 'my-client-id' },
    });
    for (const run of [text, json]) expect(run.stdout + run.stderr).not.toContain(signature);
    const garbage = await runBinary(['decode', 'not-a-token']);
    expect(garbage.code).toBe(DECODE_EXIT_CODES.notAJwt);
    expect(garbage.stderr).toMatch(/^decode: ERR_JWT_MALFORMED: A JWT has 3 dot-separated segments/);
    expect((await runBinary(['decode'])).code).toBe(DECODE_EXIT_CODES.usage);
    expect((await runBinary(['decode', '--bogus'])).code).toBe(DECODE_EXIT_CODES.usage);
  });

  it('diagnose --json gives the verdict and the checks as one JSON object', async () => {
    const token = issuer.sign();
    const run = await runBinary(
      ['diagnose', '--token', '-', '--issuer', issuer.issuer, '--audience', 'other', '--json'],
      token,
    );
    expect(run.code).toBe(DIAGNOSE_EXIT_CODES.rejected);
    const result = JSON.parse(run.stdout) as { verdict: string; checks: { name: string; status: string }[] };
    expect(result.verdict).toBe('rejected');
    expect(result.checks.find((check) => check.name === 'audience')?.status).toBe('fail');
    expect(run.stdout).not.toContain(token.split('.')[2]);
  });
});

describe('serve', () => {
  it('starts an issuer and a function URL that diagnose and sign reach, and stops cleanly on SIGINT', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', BIN, 'serve', '--json'], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const closed = new Promise<number | null>((done) => child.on('close', done));
    try {
      const [line] = await new Promise<string[]>((done) => {
        const lines = createInterface({ input: child.stdout });
        lines.once('line', (first) => done([first]));
      });
      const info = JSON.parse(line as string) as ServeInfo;
      // The secrets are in files only the user can read, and never on the output.
      for (const file of [info.tokenFile, info.credentialsFile]) {
        expect(statSync(file).mode & 0o077).toBe(0);
      }
      const secret = /aws_secret_access_key = (.+)/.exec(readFileSync(info.credentialsFile, 'utf8'))?.[1];
      expect(secret).toBeDefined();
      expect(line).not.toContain(secret as string);

      const diagnosed = await runBinary(
        ['diagnose', '--token', '-', '--issuer', info.issuer, '--audience', info.audience],
        readFileSync(info.tokenFile, 'utf8'),
      );
      expect(diagnosed.code).toBe(DIAGNOSE_EXIT_CODES.accepted);
      const signed = await runBinary(['sign', `${info.functionUrl}orders`, '--region', info.region], '', {
        AWS_SHARED_CREDENTIALS_FILE: info.credentialsFile,
        AWS_PROFILE: info.profile,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
      });
      expect(signed.code).toBe(SIGN_EXIT_CODES.ok);
      expect(JSON.parse(signed.stdout)).toMatchObject({
        method: 'GET',
        path: '/orders',
        caller: { accountId: expect.any(String) },
      });
      expect(signed.stdout + signed.stderr).not.toContain(secret as string);
      // Unsigned, the emulator refuses as AWS does.
      const unsigned = await fetch(info.functionUrl);
      expect(unsigned.status).toBe(403);
      await unsigned.body?.cancel();

      child.kill('SIGINT');
      expect(await closed).toBe(0);
      expect(existsSync(info.credentialsFile)).toBe(false);
      expect(existsSync(info.tokenFile)).toBe(false);
      expect(stderr).toBe('');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
