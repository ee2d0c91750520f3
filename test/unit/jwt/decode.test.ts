import { describe, expect, it } from 'vitest';
import { decodeCompactJwt } from '../../../src/jwt/decode.js';
import { JwtVerificationError } from '../../../src/jwt/index.js';
import { caught } from '../../support/catch.js';
import { segment } from '../../support/jwt-helpers.js';

// The compact-JWS reader of src/jwt/decode.ts, at its boundaries. It has no entry point of its own in
// the public API (verify() reaches it with a signature check in the way).
describe('decodeCompactJwt', () => {
  const header = segment({ alg: 'RS256' });
  const payload = segment({ sub: 'x' });

  async function malformed(token: unknown, max = 1000): Promise<JwtVerificationError> {
    const error = await caught(() => decodeCompactJwt(token, max));
    expect(error).toBeInstanceOf(JwtVerificationError);
    return error as JwtVerificationError;
  }

  it('decodes the header and the payload, with or without a signature segment', async () => {
    const decoded = decodeCompactJwt(`${header}.${payload}.AQID`, 1000);
    expect(decoded.header).toEqual({ alg: 'RS256' });
    expect(decoded.payload).toEqual({ sub: 'x' });
    expect(decodeCompactJwt(`${header}.${payload}.`, 1000).payload).toEqual({ sub: 'x' });
  });

  it('checks the size before anything else, at maxTokenBytes exactly', async () => {
    const token = `${header}.${payload}.AQID`;
    expect(() => decodeCompactJwt(token, token.length)).not.toThrow();
    const error = await malformed(token, token.length - 1);
    expect(error.code).toBe('ERR_JWT_TOO_LARGE');
    expect(error.message).toBe(
      `The token is ${token.length} characters long, more than maxTokenBytes (${token.length - 1}). Raise maxTokenBytes if your issuer really sends tokens this large.`,
    );
  });

  it.each<[string, unknown, string]>([
    ['a number', 42, 'A token must be a string, got number.'],
    ['an empty string', '', 'The token is empty.'],
    [
      'a Bearer header',
      'Bearer x.y.z',
      'The token starts with "Bearer ": pass the header value through extractBearerToken() first.',
    ],
    [
      'one segment',
      'abc',
      'A JWT has 3 dot-separated segments (header.payload.signature), this token has 1. Did you pass the whole Authorization header, or an opaque access token?',
    ],
    [
      'two segments',
      'a.b',
      'A JWT has 3 dot-separated segments (header.payload.signature), this token has 2.',
    ],
    [
      'four segments',
      'a.b.c.d',
      'A JWT has 3 dot-separated segments (header.payload.signature), this token has 4.',
    ],
    [
      'five segments',
      'a.b.c.d.e',
      'A JWT has 3 dot-separated segments (header.payload.signature), this token has 5. Encrypted tokens (JWE) are not supported.',
    ],
    ['an empty header', `.${payload}.AQID`, "The token's header segment is empty."],
    ['an empty payload', `${header}..AQID`, "The token's payload segment is empty."],
    [
      'a padded signature',
      `${header}.${payload}.AQI=`,
      'The token\'s signature segment is not canonical base64url (no padding, no "+" or "/").',
    ],
    [
      'a non-canonical header',
      `${header}x.${payload}.AQID`,
      'The token\'s header segment is not canonical base64url (no padding, no "+" or "/").',
    ],
    [
      'a non-JSON payload',
      `${header}.${segment('not json')}.AQID`,
      "The token's payload is not UTF-8 JSON once base64url-decoded.",
    ],
    [
      'invalid UTF-8',
      `${header}.${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}.AQID`,
      "The token's payload is not UTF-8 JSON once base64url-decoded.",
    ],
    [
      'a payload that is not valid UTF-8 inside a string',
      `${header}.${Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff]), Buffer.from('"}')]).toString('base64url')}.AQID`,
      "The token's payload is not UTF-8 JSON once base64url-decoded.",
    ],
    [
      'an array header',
      `${segment([1])}.${payload}.AQID`,
      "The token's header must be a JSON object, got array.",
    ],
    [
      'a null payload',
      `${header}.${segment('null')}.AQID`,
      "The token's payload must be a JSON object, got null.",
    ],
    [
      'a string payload',
      `${header}.${segment('"x"')}.AQID`,
      "The token's payload must be a JSON object, got string.",
    ],
  ])('refuses %s with a message that says what is wrong', async (_label, token, message) => {
    const error = await malformed(token);
    expect(error.code).toBe('ERR_JWT_MALFORMED');
    expect(error.message).toBe(message);
  });

  it('reads "bearer" followed by any whitespace as a header value, and nothing else', async () => {
    expect((await malformed('bearer\tx.y.z')).message).toMatch(/^The token starts with "Bearer "/);
    expect((await malformed('Bearerx.y.z')).message).toMatch(/^The token's header segment is not canonical/);
    expect((await malformed('abc bearer x')).message).toMatch(/^A JWT has 3 dot-separated segments/);
  });

  it('accepts base64url of every length but 4n+1, and only without stray bits', async () => {
    for (const signature of ['', 'AA', 'AAA', 'AAAA', 'AQ', 'AQI', 'Zg', 'Zm8']) {
      expect(() => decodeCompactJwt(`${header}.${payload}.${signature}`, 1000)).not.toThrow();
    }
    for (const signature of ['A', 'AAAAA', 'AB', 'AE', 'AAB', 'Zh', 'Zm9', 'a+b', 'a/b_', 'AA==']) {
      expect((await malformed(`${header}.${payload}.${signature}`)).message).toMatch(
        /signature segment is not canonical/,
      );
    }
  });
});
