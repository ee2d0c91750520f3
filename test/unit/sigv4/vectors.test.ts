import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type SigV4Credentials, signRequest } from '../../../src/sigv4/index.js';
import { verifySigV4 } from '../../../src/testing/function-url-emulator-verify.js';

interface Vector {
  name: string;
  credentials: string;
  date: string;
  options?: { region?: string; service?: string };
  request: {
    method: string;
    url: string;
    headers: Array<[string, string]>;
    body?: string;
    bodyBase64?: string;
  };
  expected: {
    url: string;
    region: string;
    service: string;
    headers: Record<string, string>;
    canonicalRequest: string;
    stringToSign: string;
  };
}

const document = JSON.parse(readFileSync(new URL('../../vectors/sigv4.json', import.meta.url), 'utf8')) as {
  credentials: Record<string, SigV4Credentials>;
  vectors: Vector[];
};

describe('signRequest against botocore vectors', () => {
  it('has vectors for every kind of request', () => {
    expect(document.vectors.length).toBeGreaterThanOrEqual(30);
  });

  it.each(document.vectors.map((vector) => [vector.name, vector] as const))('%s', async (_, vector) => {
    const credentials = document.credentials[vector.credentials];
    if (credentials === undefined) throw new Error(`no credentials ${vector.credentials}`);
    const { request } = vector;
    const signed = await signRequest(
      {
        url: request.url,
        method: request.method,
        headers: request.headers,
        body: request.bodyBase64 === undefined ? request.body : Buffer.from(request.bodyBase64, 'base64'),
      },
      { ...vector.options, credentials, date: new Date(vector.date) },
    );
    expect(signed.url).toBe(vector.expected.url);
    expect(signed.method).toBe(request.method);
    for (const [name, value] of Object.entries(vector.expected.headers)) {
      expect(signed.headers[name], name).toBe(value);
    }
    if (vector.expected.headers['x-amz-security-token'] === undefined) {
      expect(signed.headers['x-amz-security-token']).toBeUndefined();
    }
  });
});

/** The request a vector describes, as it would arrive on the wire. */
function arrived(vector: Vector) {
  const url = new URL(vector.expected.url);
  const rawHeaders: string[] = ['Host', url.host];
  const joined = new Map<string, [string, string]>();
  for (const [name, value] of vector.request.headers) {
    const previous = joined.get(name.toLowerCase());
    joined.set(
      name.toLowerCase(),
      previous ? [previous[0], `${previous[1]}, ${value.trim()}`] : [name, value.trim()],
    );
  }
  for (const [name, value] of joined.values()) rawHeaders.push(name, value);
  for (const [name, value] of Object.entries(vector.expected.headers)) rawHeaders.push(name, value);
  const { body, bodyBase64 } = vector.request;
  return {
    method: vector.request.method,
    target: `${url.pathname}${url.search}`,
    rawHeaders,
    body: bodyBase64 !== undefined ? Buffer.from(bodyBase64, 'base64') : Buffer.from(body ?? '', 'utf8'),
  };
}

describe('the emulator verifier against botocore vectors', () => {
  const lambdaVectors = document.vectors.filter((vector) => vector.expected.service === 'lambda');

  it.each(lambdaVectors.map((vector) => [vector.name, vector] as const))('accepts %s', (_, vector) => {
    const caller = document.credentials[vector.credentials] as SigV4Credentials;
    const outcome = verifySigV4(arrived(vector), [caller], vector.expected.region, Date.parse(vector.date));
    expect(outcome).toEqual({ ok: true, caller });
  });

  it('refuses each of them once a byte of the body or query changes', () => {
    for (const vector of lambdaVectors) {
      const caller = document.credentials[vector.credentials] as SigV4Credentials;
      const request = arrived(vector);
      const tampered =
        request.body.length > 0
          ? { ...request, body: Buffer.concat([request.body, Buffer.from(' ')]) }
          : { ...request, target: `${request.target}${request.target.includes('?') ? '&' : '?'}extra=1` };
      const outcome = verifySigV4(tampered, [caller], vector.expected.region, Date.parse(vector.date));
      expect(outcome, vector.name).toMatchObject({ ok: false, errorType: 'InvalidSignatureException' });
    }
  });
});
