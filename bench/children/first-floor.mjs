// The floor of a first verification, each step cold in a fresh process: fetch and parse the JWKS,
// import the key, verify the RS256 signature and parse the payload. Prints JSON.
import { createPublicKey, verify } from 'node:crypto';

const [, , uri, token] = process.argv;
let start = performance.now();
const jwks = await (await fetch(uri)).json();
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
