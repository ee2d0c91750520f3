/**
 * signedFetch against an unsigned fetch plus one signRequest, in a fresh process of its own (the
 * earlier benchmark groups leave the JIT and the heap of the main process in a state of their
 * own): POSTs to a loopback server, interleaved rounds, and prints the median microseconds per
 * round trip of each candidate as JSON.
 *
 *   tsx bench/children/signed-fetch.ts <rounds>
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signedFetch, signRequest } from '../../src/sigv4/index.js';
import { interleaved } from '../measure.js';

const rounds = Number(process.argv[2] ?? '15');
const credentials = {
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN',
};
const body = JSON.stringify({ user: 'my-user', items: Array.from({ length: 20 }, (_, i) => i) });
const server = createServer((_request, response) => response.end('ok'));
await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}/login?sort=desc&page=5`;
const options = { credentials, region: 'eu-central-1', service: 'lambda' };
const request = { url: target, method: 'POST', headers: { 'content-type': 'application/json' }, body };
const times = await interleaved(
  [
    {
      name: 'fetch+sign',
      run: async () => {
        await signRequest(request, options);
        await (await fetch(target, { method: 'POST', headers: request.headers, body })).text();
      },
    },
    {
      // The same, sending the headers the signature adds: what signing costs on the wire.
      name: 'fetch(signed)+sign',
      run: async () => {
        const signed = await signRequest(request, options);
        await (await fetch(signed.url, { method: signed.method, headers: signed.headers, body })).text();
      },
    },
    {
      name: 'signedFetch',
      run: async () => {
        await (
          await signedFetch(target, { ...options, method: 'POST', headers: request.headers, body })
        ).text();
      },
    },
  ],
  { rounds, batch: 100, warmup: 300 },
);
server.closeAllConnections();
server.close();
process.stdout.write(JSON.stringify(Object.fromEntries(times)));
