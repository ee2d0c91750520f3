import { describeType } from '../lib/describe.js';
import { decodeBase64url, isCanonicalBase64url } from './base64url.js';
import { JwtMalformedError } from './errors.js';
import type { JwtHeader, JwtPayload } from './types.js';

/** A compact JWT split and decoded, before any verification. */
export interface DecodedJwt {
  readonly header: JwtHeader;
  readonly payload: JwtPayload;
  /** `base64url(header) + '.' + base64url(payload)`: the bytes the signature covers. */
  readonly signingInput: string;
  readonly signature: Buffer;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const SEGMENT_NAMES = ['header', 'payload', 'signature'] as const;

function malformed(message: string, claim?: string): JwtMalformedError {
  return new JwtMalformedError('ERR_JWT_MALFORMED', message, claim);
}

function decodeJsonSegment(segment: string, name: 'header' | 'payload'): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(UTF8.decode(decodeBase64url(segment)));
  } catch {
    throw malformed(`The token's ${name} is not UTF-8 JSON once base64url-decoded.`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw malformed(`The token's ${name} must be a JSON object, got ${describeType(value)}.`);
  }
  return value as Record<string, unknown>;
}

/**
 * Splits a compact JWS JWT and decodes its header and payload, refusing oversized or ill-formed input
 * before any parsing. Nothing is verified here.
 */
export function decodeCompactJwt(token: unknown, maxTokenBytes: number): DecodedJwt {
  if (typeof token !== 'string') {
    throw malformed(`A token must be a string, got ${describeType(token)}.`);
  }
  if (token.length > maxTokenBytes) {
    throw new JwtMalformedError(
      'ERR_JWT_TOO_LARGE',
      `The token is ${token.length} characters long, more than maxTokenBytes (${maxTokenBytes}). Raise maxTokenBytes if your issuer really sends tokens this large.`,
    );
  }
  if (token.length === 0) throw malformed('The token is empty.');
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
  const header = decodeJsonSegment(parts[0] as string, 'header');
  const payload = decodeJsonSegment(parts[1] as string, 'payload');
  return {
    header: header as JwtHeader,
    payload: payload as JwtPayload,
    signingInput: token.slice(0, dot2),
    signature: decodeBase64url(parts[2] as string),
  };
}
