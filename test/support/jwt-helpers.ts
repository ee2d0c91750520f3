import { expect } from 'vitest';
import { createJwtVerifier, InvalidOptionError, type JwtVerifierOptions } from '../../src/jwt/index.js';
import { AuthorizerKitError } from '../../src/lib/errors.js';
import { caught } from './catch.js';

/** Base64url of a JSON value, as a token segment. */
export function segment(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');
}

/** The three segments of a compact token. */
export function parts(token: string): [string, string, string] {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return [header, payload, signature];
}

/** Replaces the payload of a signed token, keeping its header and signature. */
export function withPayload(token: string, payload: Record<string, unknown>): string {
  const [header, , signature] = parts(token);
  return `${header}.${segment(payload)}.${signature}`;
}

/** Decodes the payload of a token without verifying it. */
export function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(parts(token)[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Flips one character of the signature (keeping it canonical base64url). */
export function tamperSignature(token: string): string {
  const [header, payload, signature] = parts(token);
  const bytes = Buffer.from(signature, 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  return `${header}.${payload}.${bytes.toString('base64url')}`;
}

/**
 * Asserts that `promise` rejects with an instance of `errorClass` with `code` (and `claim`), and that
 * the message holds none of the token, its segments, its signature or any `secrets` (key material).
 */
export async function expectRejection<T extends AuthorizerKitError>(
  promise: Promise<unknown>,
  errorClass: abstract new (...args: never[]) => T,
  code: string,
  options: { token?: unknown; claim?: string; message?: RegExp; secrets?: readonly string[] } = {},
): Promise<T> {
  const error = await caught<T>(promise);
  expect(error).toBeInstanceOf(errorClass);
  expect(error).toBeInstanceOf(AuthorizerKitError);
  expect(error.code).toBe(code);
  expect(error.name).toBe(errorClass.name);
  if (options.claim !== undefined) expect((error as unknown as { claim?: string }).claim).toBe(options.claim);
  if (options.message !== undefined) expect(error.message).toMatch(options.message);
  assertNoLeak(error.message, options.token, options.secrets);
  return error;
}

/** Asserts that `message` contains neither the token nor any of its segments or secrets. */
export function assertNoLeak(message: string, token: unknown, secrets: readonly string[] = []): void {
  const forbidden = [...secrets];
  if (typeof token === 'string' && token.length >= 16) {
    forbidden.push(token);
    for (const part of token.split('.')) if (part.length >= 16) forbidden.push(part);
  }
  for (const value of forbidden) {
    expect(message.includes(value), 'error message leaks token or key material').toBe(false);
    if (value.length > 40) expect(message.includes(value.slice(0, 24))).toBe(false);
  }
}

/** The `InvalidOptionError` that `createJwtVerifier(options)` throws; fails the test when it does not. */
export function invalidOptions(options: unknown): InvalidOptionError {
  try {
    createJwtVerifier(options as JwtVerifierOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).name).toBe('InvalidOptionError');
    expect((error as InvalidOptionError).code).toBe('ERR_INVALID_OPTION');
    return error as InvalidOptionError;
  }
  throw new Error('expected InvalidOptionError');
}
