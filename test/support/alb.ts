import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

/**
 * x-amzn-oidc-data tokens built as an Application Load Balancer builds them, with node:crypto alone:
 * ES256 (r || s), base64url segments WITH "=" padding, and the padded segments as the signing input.
 */

/** A key pair of a load balancer: the private key signs, the PEM is what its key server serves. */
export interface AlbKeyPair {
  readonly privateKey: KeyObject;
  readonly pem: string;
}

export function albKeyPair(namedCurve = 'P-256'): AlbKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
  return { privateKey, pem: publicKey.export({ type: 'spki', format: 'pem' }) as string };
}

/** base64url with padding, as the load balancer writes its segments. */
export function paddedBase64url(bytes: Buffer): string {
  return bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** A JSON value as a padded segment. */
export function paddedSegment(value: unknown): string {
  return paddedBase64url(Buffer.from(JSON.stringify(value), 'utf8'));
}

/** How many `=` end `segment`. */
export function paddingOf(segment: string): number {
  return segment.length - segment.replace(/=+$/, '').length;
}

/**
 * `make(filler)` with the shortest filler that makes its segment end with `pad` "=" characters, so a
 * test knows its token carries padding.
 */
export function withPadding<T>(make: (filler: string) => T, pad: 1 | 2): T {
  for (let length = 1; length < 8; length += 1) {
    const value = make('x'.repeat(length));
    if (paddingOf(paddedSegment(value)) === pad) return value;
  }
  throw new Error('no filler gives that padding');
}

/** Signs `header.payload` (padded segments) with ES256, as the load balancer does. */
export function signAlbToken(privateKey: KeyObject, header: unknown, payload: unknown): string {
  const input = `${paddedSegment(header)}.${paddedSegment(payload)}`;
  const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${paddedBase64url(signature)}`;
}
