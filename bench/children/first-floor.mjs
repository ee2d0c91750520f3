// The floor of a first verification, each step cold in a fresh process: download and parse the
// JWKS, import the key, verify the RS256 signature and parse the payload. The download uses
// node:http or node:https (`http`, `https`: the module is loaded inside the timing, as a first
// download must; `https-preloaded` loads node:https before the timing, as a library that imports it
// at module scope does) or the global fetch (`fetch`). Prints JSON.
import { createPublicKey, verify } from 'node:crypto';

const [, , mode, uri, token] = process.argv;

async function download(url) {
  if (mode === 'fetch') return (await fetch(url)).json();
  const { get } = mode.startsWith('https') ? await import('node:https') : await import('node:http');
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      response.on('error', reject);
    }).on('error', reject);
  });
}

if (mode === 'https-preloaded') await import('node:https');
let start = performance.now();
const jwks = await download(uri);
const fetchMs = performance.now() - start;
start = performance.now();
const key = createPublicKey({ key: jwks.keys[0], format: 'jwk' });
const importMs = performance.now() - start;
const [header, payload, signature] = token.split('.');
start = performance.now();
verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'));
JSON.parse(Buffer.from(payload, 'base64url').toString());
const verifyMs = performance.now() - start;
process.stdout.write(JSON.stringify({ fetchMs, importMs, verifyMs }));
