/**
 * One SigV4 signer, alone in a fresh process (so the JIT is not shared with the others): signs the
 * same POST `batch` times after a warm-up and prints microseconds per request.
 *
 *   tsx bench/children/sign.ts <ours|smithy-node|smithy-portable|aws4> <batch>
 */
import { Sha256 as PortableSha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import aws4 from 'aws4';
import { signRequest } from '../../src/sigv4/index.js';
import { Sha256 } from '../../src/sigv4/sha256.js';

const [, , which = 'ours', batchText = '20000'] = process.argv;
const batch = Number(batchText);
const credentials = {
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN',
};
const host = 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-central-1.on.aws';
const body = JSON.stringify({ user: 'my-user', items: Array.from({ length: 20 }, (_, i) => i) });
const url = `https://${host}/login?sort=desc&page=5`;

function smithy(sha256: typeof Sha256 | typeof PortableSha256) {
  const signer = new SignatureV4({ credentials, region: 'eu-central-1', service: 'lambda', sha256 });
  return () =>
    signer.sign(
      new HttpRequest({
        method: 'POST',
        protocol: 'https:',
        hostname: host,
        path: '/login',
        query: { page: '5', sort: 'desc' },
        headers: { host, 'content-type': 'application/json' },
        body,
      }),
    );
}

const runs: Record<string, () => unknown> = {
  ours: () =>
    signRequest(
      { url, method: 'POST', headers: { 'content-type': 'application/json' }, body },
      { credentials },
    ),
  'smithy-node': smithy(Sha256),
  'smithy-portable': smithy(PortableSha256),
  aws4: () =>
    aws4.sign(
      {
        host,
        path: '/login?page=5&sort=desc',
        method: 'POST',
        service: 'lambda',
        region: 'eu-central-1',
        body,
        headers: { 'content-type': 'application/json' },
      },
      credentials,
    ),
};
const run = runs[which];
if (run === undefined) throw new Error(`unknown signer ${which}`);
for (let i = 0; i < batch; i++) await run();
const start = process.hrtime.bigint();
for (let i = 0; i < batch; i++) await run();
process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1000 / batch));
