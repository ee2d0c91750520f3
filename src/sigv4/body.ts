import { describeType } from '../lib/describe.js';
import { InvalidOptionError } from '../lib/errors.js';

function kindOf(body: unknown): string {
  if (typeof body !== 'object' || body === null) return describeType(body);
  const name = (body as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? name : 'object';
}

const HOW_TO: Record<string, string> = {
  ReadableStream: 'read it first, e.g. `await new Response(stream).arrayBuffer()`',
  Blob: 'read it first: `new Uint8Array(await blob.arrayBuffer())`',
  File: 'read it first: `new Uint8Array(await file.arrayBuffer())`',
  FormData:
    'serialize it first, e.g. `const r = new Response(form)`, then send `new Uint8Array(await r.arrayBuffer())` with the `content-type` of `r.headers`',
  URLSearchParams:
    'send `params.toString()` with `content-type: application/x-www-form-urlencoded;charset=UTF-8`',
};

function isShared(buffer: ArrayBufferLike): boolean {
  return typeof SharedArrayBuffer === 'function' && buffer instanceof SharedArrayBuffer;
}

/**
 * Checks that a body can be hashed and returns it as a string or bytes (`undefined` for none). An
 * `ArrayBuffer` or other `ArrayBufferView` becomes a `Uint8Array` over the same memory.
 *
 * @throws {@link InvalidOptionError} (`option: 'body'`) for anything else (streams, `Blob`,
 * `FormData`, `URLSearchParams`, plain objects, views of a `SharedArrayBuffer`): an unhashed body
 * cannot be signed.
 */
export function normalizeBody(body: unknown): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (ArrayBuffer.isView(body) && isShared(body.buffer)) {
    throw new InvalidOptionError(
      'body',
      'Cannot sign a body in shared memory (a view of a SharedArrayBuffer): another thread could change it after it is hashed, and fetch refuses it. Pass a copy: `Uint8Array.from(new Uint8Array(body.buffer, body.byteOffset, body.byteLength))`.',
    );
  }
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  const kind = kindOf(body);
  const isStream =
    typeof (body as { getReader?: unknown }).getReader === 'function' ||
    typeof (body as { pipe?: unknown }).pipe === 'function' ||
    typeof (body as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
  const fix =
    HOW_TO[kind] ??
    (isStream
      ? 'read the stream into a Uint8Array first: a streamed body cannot be hashed before it is sent'
      : kind === 'object'
        ? 'serialize it first, e.g. `JSON.stringify(body)` with `content-type: application/json`'
        : 'pass a string or a Uint8Array');
  throw new InvalidOptionError(
    'body',
    `Cannot sign a ${kind} body: SigV4 signs the SHA-256 of the body, and a request with an unhashed body would be refused with 403. Pass a string or a Uint8Array: ${fix}.`,
  );
}
