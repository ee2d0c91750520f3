import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as caller } from '../../examples/function-url/caller.js';
import { SigV4RejectedError } from '../../src/sigv4/index.js';
import { functionUrlEvent } from '../../src/testing/index.js';
import { caught } from '../support/catch.js';
import { SESSION } from '../support/credentials.js';
import { useFunctionUrlEmulator } from '../support/function-url.js';

const KEYS = [
  'FUNCTION_URL',
  'FUNCTION_URL_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'ALLOWED_ACCOUNT_IDS',
  'ALLOWED_PRINCIPALS',
];

type Callee = typeof import('../../examples/function-url/callee.js').handler;
let callee: Callee;

/** Loads the callee afresh, as a cold start does: its guard reads the environment when it loads. */
async function coldStart(env: Record<string, string>): Promise<Callee> {
  Object.assign(process.env, env);
  vi.resetModules();
  callee = (await import('../../examples/function-url/callee.js')).handler;
  return callee;
}

const emulator = useFunctionUrlEmulator({
  handler: (event, context) => callee(event as never, context),
  region: 'eu-central-1',
});
let saved: Record<string, string | undefined>;

beforeEach(async () => {
  saved = Object.fromEntries(KEYS.map((key) => [key, process.env[key]]));
  process.env.FUNCTION_URL = emulator.url;
  process.env.FUNCTION_URL_REGION = emulator.region;
  process.env.AWS_ACCESS_KEY_ID = SESSION.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = SESSION.secretAccessKey;
  process.env.AWS_SESSION_TOKEN = SESSION.sessionToken;
  delete process.env.ALLOWED_ACCOUNT_IDS;
  delete process.env.ALLOWED_PRINCIPALS;
  await coldStart({ ALLOWED_ACCOUNT_IDS: SESSION.accountId as string });
});
afterEach(() => {
  for (const key of KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe('examples/function-url: caller → emulator → callee', () => {
  it('GET and POST go through and the callee sees the caller', async () => {
    const result = await caller({ user: 'my-user', page: 5 });
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({
      book: { title: 'The Book', page: 5, caller: SESSION.userArn },
      login: { user: 'my-user', loggedInBy: SESSION.userArn },
    });
  });

  it('the callee refuses callers from accounts and roles it does not allow', async () => {
    await coldStart({ ALLOWED_ACCOUNT_IDS: '999999999999' });
    await expect(caller({ user: 'my-user' })).rejects.toThrow('GET /book answered 403');
    await coldStart({
      ALLOWED_ACCOUNT_IDS: SESSION.accountId as string,
      ALLOWED_PRINCIPALS: 'arn:aws:iam::111122223333:role/billing-caller',
    });
    await expect(caller({ user: 'my-user' })).rejects.toThrow('GET /book answered 403');
    await coldStart({ ALLOWED_PRINCIPALS: 'arn:aws:iam::111122223333:role/orders-caller' });
    expect((await caller({ user: 'my-user' })).statusCode).toBe(200);
  });

  it('the callee fails at cold start without an allowlist', async () => {
    delete process.env.ALLOWED_ACCOUNT_IDS;
    // A fresh module graph: its own copy of the error classes, so the test reads the code.
    await expect(coldStart({})).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION', option: 'accounts' });
  });

  it('the caller signed for the wrong region gets a typed refusal', async () => {
    process.env.FUNCTION_URL_REGION = 'us-east-1';
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      const error = await caught(() => caller({ user: 'my-user' }));
      expect(error).toBeInstanceOf(SigV4RejectedError);
      expect(error.code).toBe('ERR_SIGV4_INVALID_SIGNATURE');
      expect(logged).toHaveLength(1);
    } finally {
      console.error = original;
    }
  });

  it('the callee answers 404 and 400 for what it does not know', async () => {
    expect(await callee(functionUrlEvent({ target: '/x' }) as never, {})).toMatchObject({ statusCode: 404 });
    const bad = functionUrlEvent({ method: 'POST', target: '/login', body: 'nope' });
    expect(await callee(bad as never, {})).toMatchObject({ statusCode: 400 });
  });
});
