import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Sha256 as PortableSha256 } from '@aws-crypto/sha256-js';
import { describe, expect, it, vi } from 'vitest';
import { hashPayload, Sha256, usesNodeCrypto } from '../../../src/sigv4/sha256.js';
import { SESSION } from '../../support/credentials.js';

async function hex(hash: { update(data: Uint8Array): void; digest(): Promise<Uint8Array> }, data: string) {
  hash.update(new TextEncoder().encode(data));
  return Buffer.from(await hash.digest()).toString('hex');
}

describe('Sha256', () => {
  it('runs on node:crypto on Node.js', () => {
    expect(usesNodeCrypto).toBe(true);
  });

  it('matches the portable implementation for hashes and HMACs (string, bytes and ArrayBuffer keys)', async () => {
    for (const data of ['', 'abc', 'é😀'.repeat(100)]) {
      expect(await hex(new Sha256(), data)).toBe(await hex(new PortableSha256(), data));
      for (const key of ['key', new TextEncoder().encode('key'), new TextEncoder().encode('key').buffer]) {
        expect(await hex(new Sha256(key), data)).toBe(await hex(new PortableSha256(key), data));
      }
    }
    const hash = new Sha256();
    hash.update(new TextEncoder().encode('garbage'));
    hash.reset();
    expect(await hex(hash, 'abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes a body synchronously on node:crypto', () => {
    const hash = hashPayload('abc');
    expect(hash).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashPayload(undefined)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hashPayload(new Uint8Array(0))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('reads only the bytes of a view, whatever its type and offset', async () => {
    const buffer = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]).buffer;
    const digest = async (data: ArrayBuffer | ArrayBufferView, key?: ArrayBuffer | ArrayBufferView) => {
      const hash = new Sha256(key);
      hash.update(data as Uint8Array);
      return Buffer.from(await hash.digest()).toString('hex');
    };
    const expected = await digest(new Uint8Array([2, 3, 4, 5]), new Uint8Array([2, 3, 4, 5]));
    const views = [new Uint16Array(buffer, 2, 2), new DataView(buffer, 2, 4), new Uint8Array(buffer, 2, 4)];
    for (const view of views) expect(await digest(view, view)).toBe(expected);
    expect(await digest(buffer.slice(2, 6), buffer.slice(2, 6))).toBe(expected);
  });

  it('falls back to the portable hash where node:crypto is not reachable, with the same signatures', async () => {
    const date = new Date('2025-11-21T12:34:56Z');
    const request = {
      url: 'https://abc.lambda-url.eu-central-1.on.aws/p?b=1&a=2',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    };
    const { signRequest } = await import('../../../src/sigv4/index.js');
    const native = await signRequest(request, { credentials: SESSION, date });
    const original = process.getBuiltinModule;
    vi.resetModules();
    Object.defineProperty(process, 'getBuiltinModule', {
      value: undefined,
      configurable: true,
      writable: true,
    });
    try {
      const portableSha = await import('../../../src/sigv4/sha256.js');
      const portable = await import('../../../src/sigv4/index.js');
      expect(portableSha.usesNodeCrypto).toBe(false);
      expect(await portableSha.hashPayload('abc')).toBe(
        'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      );
      const signed = await portable.signRequest(request, { credentials: SESSION, date });
      expect(signed.headers).toEqual(native.headers);
    } finally {
      Object.defineProperty(process, 'getBuiltinModule', {
        value: original,
        configurable: true,
        writable: true,
      });
      vi.resetModules();
    }
  });
});

describe('the SigV4 stack stays out of the other building blocks', () => {
  it('no file outside src/sigv4, src/testing and src/cli imports @smithy, @aws-crypto or src/sigv4', () => {
    const root = join(import.meta.dirname, '../../../src');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
          if (!['sigv4', 'testing', 'cli'].includes(name) || dir !== root) walk(path);
        } else if (/\.ts$/.test(name)) {
          const text = readFileSync(path, 'utf8');
          if (/from '(@smithy\/|@aws-crypto\/|[./]*\/sigv4\/)/.test(text)) offenders.push(path);
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
