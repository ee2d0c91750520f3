import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handler as callee } from '../../examples/function-url/callee.js';
import { handler as caller } from '../../examples/function-url/caller.js';
import { SigV4RejectedError } from '../../src/sigv4/index.js';
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
];
const emulator = useFunctionUrlEmulator({ handler: callee, region: 'eu-central-1' });
let saved: Record<string, string | undefined>;

beforeEach(() => {
  saved = Object.fromEntries(KEYS.map((key) => [key, process.env[key]]));
  process.env.FUNCTION_URL = emulator.url;
  process.env.FUNCTION_URL_REGION = emulator.region;
  process.env.AWS_ACCESS_KEY_ID = SESSION.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = SESSION.secretAccessKey;
  process.env.AWS_SESSION_TOKEN = SESSION.sessionToken;
  delete process.env.ALLOWED_ACCOUNT_IDS;
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

  it('the callee refuses callers from accounts it does not allow', async () => {
    process.env.ALLOWED_ACCOUNT_IDS = '999999999999';
    await expect(caller({ user: 'my-user' })).rejects.toThrow('GET /book answered 403');
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
    const base = { requestContext: { authorizer: { iam: { accountId: '1', userArn: 'arn' } } } };
    const notFound = await callee({
      ...base,
      rawPath: '/x',
      requestContext: { ...base.requestContext, http: { method: 'GET' } },
    } as never);
    expect(notFound).toMatchObject({ statusCode: 404 });
    const bad = await callee({
      ...base,
      rawPath: '/login',
      body: 'nope',
      isBase64Encoded: false,
      requestContext: { ...base.requestContext, http: { method: 'POST' } },
    } as never);
    expect(bad).toMatchObject({ statusCode: 400 });
  });
});
