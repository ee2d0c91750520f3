import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLeaks, KNOWN_TEST_SECRETS } from '../../setup/leak-rules.js';
import { leakReport, readFindings } from '../../setup/leak-scan.js';
import { SESSION } from '../../support/credentials.js';

const root = join(import.meta.dirname, '..', '..', '..');
const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const FAKE_JWT = [segment({ alg: 'ES256', kid: 'k' }), segment({ sub: 'x' }), 'A'.repeat(22)].join('.');

describe('leak rules', () => {
  it.each([
    ['a JWT in a sentence', `token ${FAKE_JWT} refused`, 'JWT-looking string'],
    ['a JWT after Bearer', `Authorization: Bearer ${FAKE_JWT}`, 'JWT-looking string'],
    ['a JWT ending a sentence', `the token was ${FAKE_JWT}.`, 'JWT-looking string'],
    ['a JWT in quotes', `token "${FAKE_JWT}" refused`, 'JWT-looking string'],
    [
      'a compact JWE',
      `token ${[segment({ alg: 'RSA-OAEP', enc: 'A256GCM' }), 'B'.repeat(40), 'C'.repeat(16), 'D'.repeat(30), 'E'.repeat(22)].join('.')}`,
      'JWE-looking string',
    ],
    ['a SigV4 signature', `Signature=${'0f'.repeat(32)}`, 'SigV4 signature'],
    ['a session token header', "'x-amz-security-token': 'IQoJb3JpZ2luX2VjEJr'", 'session token value'],
    ['a canonical request line', 'x-amz-security-token:IQoJb3JpZ2luX2VjEJr//', 'session token value'],
    [
      'a secret key in an object',
      `{ secretAccessKey: '${'wJalrXUtnFEMI/K7MDENG/bPxRfiCY'}EXAMPLEKEY' }`,
      'AWS secret access key',
    ],
    ['a secret key in the environment', `AWS_SECRET_ACCESS_KEY=${'a'.repeat(40)}`, 'AWS secret access key'],
    ['a known test secret', `failed with ${SESSION.secretAccessKey}`, 'known test secret'],
    ['a known session token', `token ${SESSION.sessionToken as string}`, 'known test secret'],
  ])('finds %s', (_name, text, rule) => {
    const findings = findLeaks(text);
    expect(findings.map((finding) => finding.rule)).toContain(rule);
    // The report shows a masked excerpt, never the value.
    for (const finding of findings) expect(finding.excerpt.length).toBeLessThan(40);
  });

  it.each([
    'GET https://abc123def4.execute-api.us-east-1.amazonaws.com/prod/pets → 200',
    'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/orders?id=42',
    'arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/pets/42',
    'x-amz-security-token: [redacted]',
    'Signature=[redacted]; SignedHeaders=host;x-amz-date',
    'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set.',
    'secretAccessKey must be a non-empty string, got undefined',
    'lambda-authorizer-kit.jwt.verify took 0.02 ms',
    `x-amz-content-sha256: ${'e3b0c442'.repeat(8)}`,
    'version 1.2.3, node v20.19.4',
    'The token\'s audience is "other.apps.googleusercontent.com", expected "1234567890-abc.apps.googleusercontent.com".',
  ])('lets a legitimate line through: %s', (text) => {
    expect(findLeaks(text)).toEqual([]);
  });

  it('knows the secrets of the sigv4 tests', () => {
    for (const secret of [SESSION.secretAccessKey, SESSION.sessionToken as string])
      expect(KNOWN_TEST_SECRETS).toContain(secret);
  });

  it('reads the recorders’ findings and reports them by file, masked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lak-leak-test-'));
    try {
      const finding = {
        rule: 'JWT-looking string',
        excerpt: 'eyJhbGciOiJF… (80 chars)',
        where: 'console.log',
      };
      writeFileSync(
        join(dir, 'findings-1.jsonl'),
        `${JSON.stringify({ file: 'test/b.test.ts', findings: [{ ...finding, count: 2 }] })}\n`,
      );
      writeFileSync(
        join(dir, 'findings-2.jsonl'),
        `${JSON.stringify({ file: 'test/a.test.ts', findings: [{ ...finding, count: 1 }] })}\n\n`,
      );
      const files = readFindings(dir);
      expect(files.map((file) => file.file)).toEqual(['test/a.test.ts', 'test/b.test.ts']);
      expect(leakReport(files)).toContain('test/b.test.ts\n    - JWT-looking string in console.log (2x)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the leak scan bites', () => {
  it('fails a run whose test writes a token, a signature or a secret key, naming the file', () => {
    // A separate vitest run over two fixtures, with the same setup file and global setup: one
    // fixture leaks, the other writes only what the suite legitimately writes.
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
    for (const name of Object.keys(env)) if (name.startsWith('VITEST') || name === 'TEST') delete env[name];
    const run = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules', 'vitest', 'vitest.mjs'),
        'run',
        '--config',
        'test/setup/leak-selfcheck.config.ts',
      ],
      { cwd: root, env, encoding: 'utf8', timeout: 60_000 },
    );
    const output = `${run.stdout}\n${run.stderr}`;
    // Both fixtures pass: the failure comes from the scan alone.
    expect(output).toMatch(/Tests\s+2 passed \(2\)/);
    expect(run.status).not.toBe(0);
    const report = output.slice(output.indexOf('Secret leak scan:'));
    expect(report).toContain('test/setup/fixtures/leaky.fixture.ts');
    expect(report).not.toContain('clean.fixture.ts');
    expect(report).toMatch(/JWT-looking string in console\.log/);
    expect(report).toMatch(/SigV4 signature in process\.stderr/);
    expect(report).toMatch(/AWS secret access key in AuthorizerKitError message/);
    // The report itself does not repeat the leaked values.
    expect(report.split('Fix the code')[0]).not.toMatch(/ababababababababab|c2lnbmF0dXJlLXZhbHVl/);
  }, 60_000);
});
