import { afterAll, beforeAll } from 'vitest';
import type { SigV4Credentials } from '../../src/sigv4/index.js';
import {
  type FunctionUrlCaller,
  type FunctionUrlEmulator,
  type FunctionUrlEmulatorOptions,
  type FunctionUrlEvent,
  startFunctionUrlEmulator,
} from '../../src/testing/function-url-emulator.js';
import { SESSION } from './credentials.js';

/** Options of {@link useFunctionUrlEmulator}: the emulator's, with `credentials` defaulting to {@link SESSION}. */
export type EmulatorFixtureOptions = Omit<FunctionUrlEmulatorOptions, 'credentials'> &
  Partial<Pick<FunctionUrlEmulatorOptions, 'credentials'>>;

/** A function URL emulator started for the tests of a file or a `describe`. */
export interface EmulatorFixture {
  /** The function URL, `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** The region requests must be signed for. */
  readonly region: string;
  /** The caller the tests sign as: the first of the accepted credentials. */
  readonly credentials: SigV4Credentials & FunctionUrlCaller;
  /** A new `{ region, credentials }`: what `signRequest` and `signedFetch` need to reach the emulator. */
  readonly signing: { region: string; credentials: SigV4Credentials };
}

/**
 * Starts an emulator in `beforeAll` and closes it in `afterAll` of the surrounding file or `describe`.
 * Read the result's `url` and `region` inside a hook, a test or the handler, once it runs.
 */
export function useFunctionUrlEmulator(options: EmulatorFixtureOptions): EmulatorFixture {
  const accepted = options.credentials ?? SESSION;
  const credentials = (Array.isArray(accepted) ? accepted[0] : accepted) as SigV4Credentials &
    FunctionUrlCaller;
  let emulator: FunctionUrlEmulator | undefined;
  const running = (): FunctionUrlEmulator => {
    if (emulator === undefined)
      throw new Error('the emulator is started in beforeAll and closed in afterAll');
    return emulator;
  };
  beforeAll(async () => {
    emulator = await startFunctionUrlEmulator({ ...options, credentials: accepted });
  });
  afterAll(async () => {
    await emulator?.close();
    emulator = undefined;
  });
  return {
    get url() {
      return running().url;
    },
    get region() {
      return running().region;
    },
    credentials,
    get signing() {
      return { region: running().region, credentials };
    },
  };
}

/**
 * A handler answering what it received, as JSON: method, query (parsed and raw), body, content type
 * and the caller's ARN.
 */
export function echoRequest(event: FunctionUrlEvent) {
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      method: event.requestContext.http.method,
      query: event.queryStringParameters ?? null,
      rawQueryString: event.rawQueryString,
      body: event.body ?? null,
      contentType: event.headers['content-type'] ?? null,
      caller: event.requestContext.authorizer.iam.userArn,
    }),
  };
}
