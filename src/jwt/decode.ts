import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describeType } from '../lib/describe.js';
import { JwtVerificationError } from './errors.js';
import type { JwtHeader, JwtPayload } from './types.js';

/** A compact JWT's header and payload, read (by jose) before any verification. */
export interface DecodedJwt {
  readonly header: JwtHeader;
  readonly payload: JwtPayload;
}

const SEGMENT_NAMES = ['header', 'payload', 'signature'] as const;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Whether `text` is canonical unpadded base64url: only the URL-safe alphabet, a possible length, and
 * zero bits in the unused low bits of the last character, so one byte string has one encoding.
 * Stricter than jose, which decodes any of them.
 */
export function isCanonicalBase64url(text: string): boolean {
  if (!BASE64URL.test(text)) return false;
  const rest = text.length % 4;
  if (rest === 1) return false;
  if (rest === 0) return true;
  const last = ALPHABET.indexOf(text.charAt(text.length - 1));
  return (last & (rest === 2 ? 0x0f : 0x03)) === 0;
}

/** An `ERR_JWT_MALFORMED` refusal. @internal */
export function malformed(message: string, claim?: string): JwtVerificationError {
  return new JwtVerificationError('ERR_JWT_MALFORMED', message, claim);
}

/**
 * Refuses what cannot be a token before anything else is looked at: not a string, longer than
 * `maxTokenBytes`, empty. @internal
 */
export function checkTokenText(token: unknown, maxTokenBytes: number): asserts token is string {
  if (typeof token !== 'string') {
    throw malformed(`A token must be a string, got ${describeType(token)}.`);
  }
  if (token.length > maxTokenBytes) {
    throw new JwtVerificationError(
      'ERR_JWT_TOO_LARGE',
      `The token is ${token.length} characters long, more than maxTokenBytes (${maxTokenBytes}). Raise maxTokenBytes if your issuer really sends tokens this large.`,
    );
  }
  if (token.length === 0) throw malformed('The token is empty.');
}

/**
 * Why jose could not read a segment, for the message: not UTF-8 JSON, or JSON of another type than
 * an object. Only on this error path is the segment decoded here.
 */
function unreadable(name: 'header' | 'payload', segment: string): JwtVerificationError {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(segment, 'base64url')));
  } catch {
    return malformed(`The token's ${name} is not UTF-8 JSON once base64url-decoded.`);
  }
  return malformed(`The token's ${name} must be a JSON object, got ${describeType(value)}.`);
}

/**
 * Refuses oversized or ill-formed input before any parsing: a string, at most `maxTokenBytes`, three
 * segments of canonical base64url. Nothing is decoded here.
 */
export function checkCompactShape(token: unknown, maxTokenBytes: number): asserts token is string {
  checkTokenText(token, maxTokenBytes);
  if (/^bearer\s/i.test(token)) {
    throw malformed(
      'The token starts with "Bearer ": pass the header value through extractBearerToken() first.',
    );
  }
  const dot1 = token.indexOf('.');
  const dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
  if (dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0) {
    const segments = token.split('.').length;
    throw malformed(
      `A JWT has 3 dot-separated segments (header.payload.signature), this token has ${segments}.${
        segments === 5 ? ' Encrypted tokens (JWE) are not supported.' : ''
      }${segments === 1 ? ' Did you pass the whole Authorization header, or an opaque access token?' : ''}`,
    );
  }
  const parts = [token.slice(0, dot1), token.slice(dot1 + 1, dot2), token.slice(dot2 + 1)];
  for (let index = 0; index < 3; index += 1) {
    const part = parts[index] as string;
    const name = SEGMENT_NAMES[index] as string;
    // An empty signature (alg "none") is refused by the verifier once it has read `alg`.
    if (part.length === 0 && index < 2) throw malformed(`The token's ${name} segment is empty.`);
    if (!isCanonicalBase64url(part)) {
      throw malformed(`The token's ${name} segment is not canonical base64url (no padding, no "+" or "/").`);
    }
  }
}

/** The payload of a token that passed {@link checkCompactShape}, decoded by jose. */
export function decodePayload(token: string): JwtPayload {
  try {
    return decodeJwt(token) as JwtPayload;
  } catch {
    throw unreadable('payload', token.split('.')[1] as string);
  }
}

/**
 * Splits a compact JWS JWT and decodes its header and payload, refusing oversized or ill-formed input
 * before any parsing. Nothing is verified here.
 */
export function decodeCompactJwt(token: unknown, maxTokenBytes: number): DecodedJwt {
  checkCompactShape(token, maxTokenBytes);
  // The checks above are this library's (size first, canonical encoding); the decoding is jose's.
  let header: JwtHeader;
  try {
    header = decodeProtectedHeader(token) as JwtHeader;
  } catch {
    throw unreadable('header', token.split('.')[0] as string);
  }
  return { header, payload: decodePayload(token) };
}

/** How many distinct header segments a verifier keeps decoded. */
const HEADER_CACHE_SIZE = 16;

/**
 * The decoded headers of tokens that passed {@link checkCompactShape}, kept by their header segment:
 * the tokens of one issuer key share one header, so it is decoded once, not once per token. The
 * headers are frozen (callers get jose's own copy for anything they may change); a bounded map,
 * cleared when full.
 */
export function headerCache(): { read(token: string): JwtHeader } {
  const decoded = new Map<string, JwtHeader>();
  return {
    read(token) {
      const segment = token.slice(0, token.indexOf('.'));
      let header = decoded.get(segment);
      if (header === undefined) {
        try {
          header = deepFreeze(decodeProtectedHeader(token)) as JwtHeader;
        } catch {
          throw unreadable('header', segment);
        }
        if (decoded.size >= HEADER_CACHE_SIZE) decoded.clear();
        decoded.set(segment, header);
      }
      return header;
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
