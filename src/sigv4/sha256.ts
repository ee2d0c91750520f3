import { Sha256 as PortableSha256 } from '@aws-crypto/sha256-js';

type NodeCrypto = typeof import('node:crypto');
type SourceData = string | ArrayBuffer | ArrayBufferView;

/** The hash interface `@smithy/signature-v4` expects (that of `@aws-crypto/sha256-js`). */
export interface Checksum {
  update(data: Uint8Array): void;
  digest(): Promise<Uint8Array>;
  reset(): void;
}
type NodeHash = ReturnType<NodeCrypto['createHash']>;

/** `node:crypto` when the runtime has it (Node.js ≥ 20.16 exposes `process.getBuiltinModule`). */
function loadNodeCrypto(): NodeCrypto | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== 'function') return undefined;
  try {
    const crypto = proc.getBuiltinModule('node:crypto') as NodeCrypto | undefined;
    return typeof crypto?.createHmac === 'function' ? crypto : undefined;
  } catch {
    return undefined;
  }
}

const nodeCrypto = loadNodeCrypto();

function toBytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string' || data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/**
 * SHA-256 (or HMAC-SHA256 when built with a secret) on `node:crypto`, with the interface of
 * `@aws-crypto/sha256-js` that `@smithy/signature-v4` expects.
 */
class NodeSha256 implements Checksum {
  readonly #secret: string | Uint8Array | undefined;
  #hash: NodeHash;

  constructor(secret?: SourceData) {
    this.#secret = secret === undefined ? undefined : toBytes(secret);
    this.#hash = this.#create();
  }

  #create(): NodeHash {
    const crypto = nodeCrypto as NodeCrypto;
    return (
      this.#secret === undefined ? crypto.createHash('sha256') : crypto.createHmac('sha256', this.#secret)
    ) as NodeHash;
  }

  update(data: Uint8Array): void {
    this.#hash.update(toBytes(data));
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.#hash.digest());
  }

  reset(): void {
    this.#hash = this.#create();
  }
}

/** The hash constructor handed to `SignatureV4`: `node:crypto` when available, portable JS otherwise. */
export const Sha256: new (secret?: SourceData) => Checksum = nodeCrypto ? NodeSha256 : PortableSha256;

/** Whether signing runs on `node:crypto` (true on Node.js ≥ 20.16) rather than the portable hash. */
export const usesNodeCrypto: boolean = nodeCrypto !== undefined;

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += HEX[byte];
  return out;
}

/** The lower-case hex SHA-256 of a body (`''` for none), as `x-amz-content-sha256` carries it. */
export function hashPayload(body: string | Uint8Array | undefined): string | Promise<string> {
  if (body === undefined || body.length === 0) return EMPTY_SHA256;
  if (nodeCrypto) return nodeCrypto.createHash('sha256').update(body).digest('hex');
  return hashPortable(body);
}

async function hashPortable(body: string | Uint8Array): Promise<string> {
  const hash = new PortableSha256();
  hash.update(body);
  return toHex(await hash.digest());
}
