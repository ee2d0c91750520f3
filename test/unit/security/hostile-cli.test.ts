import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIAGNOSE_EXIT_CODES, runDiagnose } from '../../../src/cli/diagnose.js';
import { main, UNEXPECTED_FAILURE } from '../../../src/cli/main.js';
import type { SignIo } from '../../../src/cli/sign.js';
import { parseSignArgs, UsageError } from '../../../src/cli/sign-args.js';
import { createTestIssuer, type TestIssuer } from '../../../src/testing/issuer.js';
import { LONG_TERM } from '../../support/credentials.js';
import { type Loopback, startLoopback } from '../../support/loopback.js';
import { hostileJson, hostileString, NASTY_CHARS, RUNS } from './hostile.js';

const SIGN_FLAGS = [
  '-X',
  '--request',
  '-H',
  '--header',
  '-d',
  '--data',
  '--data-raw',
  '--region',
  '--service',
  '--timeout',
  '--timeout=0',
  '--timeout=1e999',
  '--region=',
  '-i',
  '-v',
  '-h',
  '--help',
  '--',
  '-',
  '--unknown',
  '-Z',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'https://abcdefghij0123456789.lambda-url.eu-central-1.on.aws/x?a=1',
  'Authorization: Bearer abc',
  'no-colon-header',
  ':empty-name',
];

const DIAGNOSE_FLAGS = [
  '--token',
  '--issuer',
  '--audience',
  '--jwks-uri',
  '--timeout',
  '--timeout=-1',
  '--timeout=0x10',
  '--token=-',
  '-h',
  '--help',
  '--',
  '__proto__',
  'constructor',
  '--token=',
  '--issuer=',
];

/** An argv: flags, their values and hostile strings in any order (argv elements are always strings). */
function argvOf(flags: readonly string[]): fc.Arbitrary<string[]> {
  return fc.array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...flags) },
      { weight: 2, arbitrary: hostileString },
      { weight: 1, arbitrary: fc.constantFrom(...NASTY_CHARS) },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.constantFrom(...flags), hostileString).map(([f, v]) => `${f}=${v}`),
      },
    ),
    { maxLength: 8 },
  );
}

/** In-memory io: what the command writes is kept, nothing reaches the terminal or the network. */
function memoryIo(stdin?: string): SignIo & { out: string[]; err: string[]; stdin?: AsyncIterable<string> } {
  const out: string[] = [];
  const err: string[] = [];
  const text = (chunk: string | Uint8Array) =>
    typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
  return {
    env: { AWS_ACCESS_KEY_ID: LONG_TERM.accessKeyId, AWS_SECRET_ACCESS_KEY: LONG_TERM.secretAccessKey },
    stdout: { write: (chunk) => out.push(text(chunk)) },
    stderr: { write: (chunk) => err.push(text(chunk)) },
    fetch: async () => new Response('stub response', { status: 200 }),
    out,
    err,
    ...(stdin === undefined
      ? {}
      : {
          stdin: (async function* () {
            yield stdin;
          })(),
        }),
  };
}

/**
 * What the CLI prints holds no control character but line breaks and tabs: a token or a document
 * cannot move the cursor, clear the screen or recolour the terminal (the io is not a TTY: no colours).
 */
function expectPlainOutput(io: { out: string[]; err: string[] }): void {
  for (const text of [...io.out, ...io.err]) {
    const bad = [...text].find((c) => {
      const code = c.codePointAt(0) ?? 0;
      return (
        (code < 0x20 && c !== '\n' && c !== '\t') ||
        (code >= 0x7f && code <= 0x9f) ||
        c === '\u2028' ||
        c === '\u2029'
      );
    });
    expect(
      bad,
      `control character U+${(bad?.codePointAt(0) ?? 0).toString(16)} in: ${JSON.stringify(text.slice(0, 200))}`,
    ).toBeUndefined();
  }
}

/** Serves whatever the current run sets as the discovery document and the JWKS, as raw text. */
let documents: { discovery: string; jwks: string } = { discovery: '{}', jwks: '{"keys":[]}' };
let server: Loopback;
let base = '';
let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithm: 'ES256' });
  server = await startLoopback((request, response) => {
    const body = request.url?.endsWith('/.well-known/openid-configuration')
      ? documents.discovery
      : documents.jwks;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(body);
  });
  base = server.origin;
});
afterAll(async () => {
  await issuer.close();
  await server.close();
});

describe('parseSignArgs: hostile command lines', () => {
  it('returns coherent arguments or throws UsageError', () => {
    fc.assert(
      fc.property(argvOf(SIGN_FLAGS), (argv) => {
        let args: ReturnType<typeof parseSignArgs>;
        try {
          args = parseSignArgs(argv);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          expect((error as Error).message.length).toBeGreaterThan(0);
          return;
        }
        expect(typeof args.url).toBe('string');
        if (!args.help) expect(argv).toContain(args.url);
        for (const [name, value] of args.headers) {
          expect(typeof name).toBe('string');
          expect(typeof value).toBe('string');
        }
        if (args.timeoutMs !== undefined)
          expect(args.timeoutMs > 0 && Number.isFinite(args.timeoutMs)).toBe(true);
        for (const value of [args.method, args.data, args.region, args.service]) {
          expect(value === undefined || typeof value === 'string').toBe(true);
        }
      }),
      { numRuns: RUNS.quick },
    );
  });

  it('does not take an argument named like an Object.prototype member for an option', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      const args = parseSignArgs([name]);
      expect(args.url).toBe(name);
      expect(args.timeoutMs).toBeUndefined();
    }
  });

  it('refuses argv elements that are not strings with UsageError', () => {
    for (const value of [5, null, undefined, {}, Symbol('x'), 1n]) {
      expect(() => parseSignArgs(['https://example.com', value as never])).toThrow(UsageError);
    }
  });
});

describe('main and runDiagnose: hostile command lines', () => {
  it('main answers with a documented exit code, never the unexpected-failure code, and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constantFrom(
            'sign',
            'diagnose',
            'help',
            '--help',
            '-h',
            '__proto__',
            'constructor',
            'toString',
            '',
          ),
          hostileString,
        ),
        argvOf([...SIGN_FLAGS, ...DIAGNOSE_FLAGS]),
        async (command, rest) => {
          const io = memoryIo();
          // Any URL the command line names is cut short: no download waits more than 300 ms.
          const argv = command === 'diagnose' ? [command, ...rest, '--timeout=300'] : [command, ...rest];
          const code = await main(argv, io);
          expect(Number.isInteger(code)).toBe(true);
          expect(code).not.toBe(UNEXPECTED_FAILURE);
          expect(code >= 0 && code <= 5).toBe(true);
          expectPlainOutput(io);
        },
      ),
      { numRuns: RUNS.medium },
    );
  });

  it('runDiagnose answers 0-3 for any token and any discovery document or JWKS the issuer serves', async () => {
    const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
    const payloadText = fc.oneof(
      hostileJson.map((value) => JSON.stringify(value) ?? 'null'),
      fc.constantFrom(
        '{"exp":-1e400}',
        '{"exp":1e400}',
        '{"exp":-1e300,"nbf":1e300,"iat":1e300}',
        '{"exp":-8.64e12}',
        '{"exp":"soon","aud":5,"iss":null}',
        '{"__proto__":{"exp":1},"iss":"x"}',
      ),
      fc
        .record({ exp: fc.double(), nbf: fc.double(), iat: fc.double(), aud: hostileJson, iss: hostileJson })
        .map((claims) => JSON.stringify(claims)),
    );
    const headerText = fc.oneof(
      hostileJson.map((value) => JSON.stringify(value) ?? 'null'),
      fc
        .record({
          alg: fc.oneof(fc.constantFrom('ES256', 'HS256', 'none', 'EdDSA', ''), hostileJson),
          kid: hostileJson,
        })
        .map((header) => JSON.stringify(header)),
    );
    const token = fc.oneof(
      fc.tuple(headerText, payloadText).map(([h, p]) => `${b64(h)}.${b64(p)}.AAAA`),
      fc.constant(issuer.sign()),
      hostileString,
    );
    const document = fc.oneof(
      hostileJson.map((value) => JSON.stringify(value) ?? 'null'),
      fc.constantFrom(
        'null',
        '[]',
        '"x"',
        '{"keys":[null]}',
        '{"keys":[1,"a",[]]}',
        '{"keys":null}',
        'not json',
        '',
      ),
      fc
        .array(fc.oneof(hostileJson, fc.constant(issuer.jwks().keys[0])), { maxLength: 3 })
        .map((keys) => JSON.stringify({ keys })),
    );
    await fc.assert(
      fc.asyncProperty(
        token,
        document,
        document,
        fc.boolean(),
        fc.oneof(fc.constant(undefined), hostileString),
        async (tok, discovery, jwks, viaDiscovery, audience) => {
          documents = {
            discovery: viaDiscovery
              ? discovery.replace(/^\{/, `{"issuer":"${base}","jwks_uri":"${base}/jwks",`)
              : discovery,
            jwks,
          };
          const argv = ['--token', '-', '--issuer', base, '--timeout', '2000'];
          if (!viaDiscovery) argv.push('--jwks-uri', `${base}/jwks`);
          if (audience !== undefined) argv.push(`--audience=${audience}`);
          const io = memoryIo(tok);
          let code: number;
          try {
            code = await runDiagnose(argv, io);
          } catch (error) {
            expect.fail(`runDiagnose threw ${(error as Error).name}: ${(error as Error).message}`);
          }
          expect(Object.values(DIAGNOSE_EXIT_CODES)).toContain(code);
          expectPlainOutput(io);
          // No token here is valid for the issuer diagnosed: none may be reported as accepted.
          expect(code).not.toBe(DIAGNOSE_EXIT_CODES.accepted);
        },
      ),
      { numRuns: RUNS.medium },
    );
  });
});

describe('diagnose: regressions', () => {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  const diagnose = async (
    token: string,
    served: { discovery?: string; jwks?: string },
    extra: string[] = [],
  ) => {
    documents = { discovery: served.discovery ?? '{}', jwks: served.jwks ?? '{"keys":[]}' };
    const io = memoryIo(token);
    const argv = ['--token', '-', '--issuer', base, '--timeout', '2000', ...extra];
    if (served.discovery === undefined) argv.push('--jwks-uri', `${base}/jwks`);
    const code = await runDiagnose(argv, io);
    expectPlainOutput(io);
    return { code, text: io.out.join('') + io.err.join('') };
  };

  it('reads a JWKS whose keys include null, numbers and arrays without crashing', async () => {
    const token = `${b64({ alg: 'ES256', kid: 'k' })}.${b64({ iss: base })}.AAAA`;
    const { code, text } = await diagnose(token, { jwks: '{"keys":[null,1,[],"x"]}' });
    expect(code).toBe(DIAGNOSE_EXIT_CODES.rejected);
    expect(text).toContain('0 usable key(s)');
  });

  it('reports a discovery document that is not an object as undecided', async () => {
    const token = `${b64({ alg: 'ES256' })}.${b64({ iss: base })}.AAAA`;
    for (const discovery of ['null', '[]', '"x"', '5']) {
      expect((await diagnose(token, { discovery })).code).toBe(DIAGNOSE_EXIT_CODES.undecided);
    }
  });

  it('prints an expiry no Date can hold as a number', async () => {
    for (const exp of ['-1e300', '-1e400', '-8.64e13']) {
      const token = `${b64({ alg: 'ES256' })}.${Buffer.from(`{"iss":"${base}","exp":${exp}}`).toString('base64url')}.AAAA`;
      const { code, text } = await diagnose(token, {});
      expect(code).toBe(DIAGNOSE_EXIT_CODES.rejected);
      expect(text).toContain('expired');
    }
  });

  it('an empty or unusable --audience or --issuer is a usage error or a rejection, not a crash', async () => {
    const token = issuer.sign();
    expect((await diagnose(token, {}, ['--audience='])).code).toBe(DIAGNOSE_EXIT_CODES.usage);
    const io = memoryIo(token);
    expect(
      await runDiagnose(['--token', '-', '--issuer', ` ${base}`, '--jwks-uri', `${base}/jwks`], io),
    ).toBe(DIAGNOSE_EXIT_CODES.rejected);
  });

  it('escapes terminal control sequences a token carries', async () => {
    const token = `${b64({ alg: 'HS256\u001b[2J\u009b31m\u202e', kid: '\u001b]0;title\u0007' })}.${b64({ iss: base })}.AAAA`;
    const { text } = await diagnose(token, {
      jwks: JSON.stringify({ keys: [{ kty: 'RSA', kid: '\u001b]0;title\u0007' }] }),
    });
    expect(text).toContain('\\u{1b}');
    const io = memoryIo();
    await main(['\u001b[2Jrm', '-rf'], io);
    expectPlainOutput(io);
  });
});

describe('main and runDiagnose: argv elements that are not strings', () => {
  it('answer with the usage exit code', async () => {
    for (const value of [5, null, undefined, {}, Symbol('x'), 1n]) {
      expect(await main(['diagnose', value as never], memoryIo())).toBe(2);
      expect(await main([value as never], memoryIo())).toBe(2);
      expect(await runDiagnose(['--token', value as never], memoryIo())).toBe(DIAGNOSE_EXIT_CODES.usage);
    }
  });
});
