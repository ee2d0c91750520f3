import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthorizerKitError,
  type SigV4Credentials,
  signedFetch,
  signRequest,
} from '../../../src/sigv4/index.js';
import { caught } from '../../support/catch.js';
import { SECRETS, SESSION } from '../../support/credentials.js';
import { useFunctionUrlEmulator } from '../../support/function-url.js';
import { type Loopback, startLoopback } from '../../support/loopback.js';

const REGION = 'us-west-2';
const emulator = useFunctionUrlEmulator({
  region: REGION,
  handler: () => {
    throw new Error('handler failure');
  },
});
let echo: Loopback;
const logged: string[] = [];
const originalError = console.error;
const originalWarn = console.warn;

beforeAll(async () => {
  console.error = (...args: unknown[]) => logged.push(inspect(args, { depth: 8 }));
  console.warn = (...args: unknown[]) => logged.push(inspect(args, { depth: 8 }));
  // Answers as a verbose AWS endpoint would: the canonical request it computed, token included.
  echo = await startLoopback((req, res) => {
    res.writeHead(403, { 'x-amzn-ErrorType': 'InvalidSignatureException' });
    res.end(JSON.stringify({ message: `Mismatch.\n${JSON.stringify(req.headers)}` }));
  });
});

afterAll(async () => {
  console.error = originalError;
  console.warn = originalWarn;
  await echo.close();
});

/** The `Signature=` of an Authorization header. */
function signatureOf(authorization: string | undefined): string {
  const match = /Signature=([0-9a-f]{64})/.exec(authorization ?? '');
  if (!match?.[1]) throw new Error('no signature');
  return match[1];
}

/** Every way an error or a log line could carry a secret. */
function renderings(error: Error): string[] {
  return [
    error.message,
    String(error.stack),
    String(error),
    inspect(error, { depth: 8, showHidden: true }),
    JSON.stringify(error),
    JSON.stringify(Object.entries(error)),
  ];
}

describe('no secret in any error message or log line', () => {
  it('holds for every refusal, rejection, timeout and emulator answer', async () => {
    const signed = await signRequest({ url: emulator.url }, { region: REGION, credentials: SESSION });
    const signature = signatureOf(signed.headers.authorization);
    const secrets = [...SECRETS, signature];
    const bad = (extra: Partial<SigV4Credentials> & Record<string, unknown>) =>
      ({ ...SESSION, ...extra }) as SigV4Credentials;
    const attempts: Array<() => Promise<unknown>> = [
      () => signRequest({ url: 'ftp://x/' }, { credentials: SESSION }),
      () => signRequest({ url: 'https://example.com/' }, { credentials: SESSION }),
      () =>
        signRequest(
          { url: emulator.url, method: 'POST', body: new Blob([SESSION.secretAccessKey]) as never },
          { credentials: SESSION, region: REGION },
        ),
      () =>
        signRequest(
          { url: emulator.url, headers: { 'x-a': `${SESSION.sessionToken}\nnext` } },
          { credentials: SESSION, region: REGION },
        ),
      () =>
        signRequest(
          { url: emulator.url, headers: { 'x-b': `${SESSION.secretAccessKey}\u0001` } },
          { credentials: SESSION, region: REGION },
        ),
      () => signRequest({ url: emulator.url }, { region: REGION, credentials: bad({ accessKeyId: '' }) }),
      () =>
        signRequest(
          { url: emulator.url },
          { region: REGION, credentials: bad({ sessionToken: `${SESSION.sessionToken} \n` }) },
        ),
      () =>
        signRequest(
          { url: emulator.url },
          { region: REGION, credentials: bad({ secretAccessKey: 42 as never }) },
        ),
      () =>
        signRequest({ url: emulator.url }, { region: REGION, credentials: bad({ expiration: new Date(0) }) }),
      () =>
        signRequest(
          { url: emulator.url },
          {
            region: REGION,
            credentials: async () => {
              throw new Error('no role');
            },
          },
        ),
      () =>
        signedFetch(emulator.url, {
          region: REGION,
          credentials: bad({ secretAccessKey: `${SESSION.secretAccessKey}x` }),
        }),
      () =>
        signedFetch(emulator.url, {
          region: REGION,
          credentials: bad({ sessionToken: `${SESSION.sessionToken}x` }),
        }),
      () =>
        signedFetch(emulator.url, {
          region: REGION,
          credentials: SESSION,
          date: new Date(Date.now() - 3_600_000),
        }),
      () => signedFetch(emulator.url, { region: 'eu-west-1', credentials: SESSION }),
      () => signedFetch(`${echo.origin}/`, { region: REGION, credentials: SESSION }),
    ];
    let count = 0;
    for (const [index, attempt] of attempts.entries()) {
      const error = await caught(attempt).catch(() => new Error(`attempt ${index} did not reject`));
      expect(error).toBeInstanceOf(AuthorizerKitError);
      for (const text of renderings(error)) {
        for (const secret of secrets) expect(text).not.toContain(secret);
        expect(text).not.toMatch(/Signature=[0-9a-f]{64}/);
      }
      count++;
    }
    expect(count).toBe(attempts.length);

    // The emulator's answers (a handler failure is logged, refusals are answered) carry no secret either.
    const ok = await signedFetch(emulator.url, { region: REGION, credentials: SESSION });
    expect(ok.status).toBe(502);
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) {
      for (const secret of secrets) expect(line).not.toContain(secret);
    }
  });
});
