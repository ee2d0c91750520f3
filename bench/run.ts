/**
 * The benchmark suite: `npm run bench` (after a build). Every comparison runs side by side in one
 * process (or in child processes started alternately), medians over interleaved rounds. Prints a
 * table of medians and ratios and writes bench/results.json; bench/check.ts compares the ratios with
 * the targets.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createPublicKey, verify as cryptoVerify, type JsonWebKeyInput } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { JwtVerifier } from 'aws-jwt-verify';
import { build, type Plugin } from 'esbuild';
import { createLocalJWKSet, importJWK, jwtVerify } from 'jose';
import { parseMethodArn } from '../src/arn/index.js';
import { createJwtVerifier, type JwtAlgorithm } from '../src/jwt/index.js';
import { allow, evaluatePolicy, PolicyBuilder } from '../src/policy/index.js';
import { createTestIssuer } from '../src/testing/issuer.js';
import { type Candidate, interleaved, median } from './measure.js';
import { HEADER_SIZES, measureRedaction } from './redaction.js';
import { withoutMessageText } from './strip-text.js';

const root = resolve(import.meta.dirname, '..');
const run = promisify(execFile);
// The loopback JWKS server lives in this process, so children are awaited, never waited for synchronously.
async function child(args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run(process.execPath, args, {
      encoding: 'utf8',
      env: env ?? process.env,
      maxBuffer: 1 << 20,
    });
    return stdout;
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '')
      .trim()
      .split('\n');
    throw new Error(`${args[0]} failed: ${stderr[stderr.length - 1] ?? 'no output'}`);
  }
}
const out = join(root, 'bench', '.out');
mkdirSync(out, { recursive: true });
const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 5 : 15;

interface Row {
  group: string;
  name: string;
  value: number;
  unit: string;
  ratio?: { of: string; value: number; target?: number };
}
const rows: Row[] = [];
const add = (row: Row) => {
  rows.push(row);
  const ratio =
    row.ratio === undefined
      ? ''
      : `  ${row.ratio.value.toFixed(2)}× ${row.ratio.of}${row.ratio.target === undefined ? '' : ` (target ≤ ${row.ratio.target}×${row.ratio.value <= row.ratio.target ? ', met' : ', MISSED'})`}`;
  console.log(
    `  ${row.name.padEnd(48)} ${row.value.toFixed(row.unit === 'bytes' ? 0 : 2).padStart(10)} ${row.unit}${ratio}`,
  );
};

// ---------------------------------------------------------------- warm JWT verification
console.log('\nWarm JWT verification (JWKS cached), µs per token');
for (const algorithm of ['RS256', 'ES256'] as JwtAlgorithm[]) {
  const issuer = await createTestIssuer({ algorithm, audience: 'bench-client' });
  const jwks = issuer.jwks();
  const token = issuer.sign({ sub: 'bench-user', scope: 'read write', email: 'bench@example.com' });
  const [header = '', payload = '', signature = ''] = token.split('.');
  const key = createPublicKey({ key: jwks.keys[0], format: 'jwk' } as JsonWebKeyInput);
  const data = Buffer.from(`${header}.${payload}`);
  const sig = Buffer.from(signature, 'base64url');
  const keyOptions = algorithm === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : key;
  const ours = createJwtVerifier({ issuer: issuer.issuer, audience: 'bench-client', jwks });
  const peer = JwtVerifier.create({
    issuer: issuer.issuer,
    audience: 'bench-client',
    jwksUri: issuer.jwksUri,
  });
  peer.cacheJwks(jwks as never);
  const localJwks = createLocalJWKSet(jwks as never);
  const joseKey = await importJWK(jwks.keys[0] as never, algorithm);
  const candidates: Candidate[] = [
    {
      name: 'floor',
      run: () => {
        if (!cryptoVerify('sha256', data, keyOptions, sig)) throw new Error('bad');
        return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      },
    },
    { name: 'ours', run: () => ours.verify(token) },
    { name: 'aws-jwt-verify', run: () => peer.verify(token) },
    {
      name: 'jose',
      run: () => jwtVerify(token, localJwks, { issuer: issuer.issuer, audience: 'bench-client' }),
    },
    {
      // The engine on its own: jose with the key imported as this library imports it.
      name: 'jose-key',
      run: () =>
        jwtVerify(token, joseKey, {
          issuer: issuer.issuer,
          audience: 'bench-client',
          algorithms: [algorithm],
        }),
    },
  ];
  // Twice the rounds of the other sections: a 10 % target on a shared machine needs a steady median.
  const m = await interleaved(candidates, { rounds: ROUNDS * 2 + 1, batch: 300, warmup: 1000 });
  const floor = m.get('floor') as number;
  const peerTime = m.get('aws-jwt-verify') as number;
  add({
    group: `jwt-${algorithm}`,
    name: `${algorithm} node:crypto.verify + JSON.parse (floor)`,
    value: floor,
    unit: 'µs',
  });
  add({
    group: `jwt-${algorithm}`,
    name: `${algorithm} createJwtVerifier().verify`,
    value: m.get('ours') as number,
    unit: 'µs',
    ratio: { of: 'floor', value: (m.get('ours') as number) / floor },
  });
  add({
    group: `jwt-${algorithm}`,
    name: `${algorithm} createJwtVerifier().verify vs its engine`,
    value: m.get('ours') as number,
    unit: 'µs',
    // The library's own layers (routing, key cache, claim rules) on top of jose.
    ratio: {
      of: 'jose.jwtVerify, same key',
      value: (m.get('ours') as number) / (m.get('jose-key') as number),
      target: 1.1,
    },
  });
  add({
    group: `jwt-${algorithm}`,
    name: `${algorithm} createJwtVerifier().verify vs aws-jwt-verify`,
    value: m.get('ours') as number,
    unit: 'µs',
    ratio: { of: 'aws-jwt-verify', value: (m.get('ours') as number) / peerTime },
  });
  add({
    group: `jwt-${algorithm}`,
    name: `${algorithm} aws-jwt-verify (cacheJwks)`,
    value: peerTime,
    unit: 'µs',
    ratio: { of: 'floor', value: peerTime / floor },
  });
  add({
    group: `jwt-${algorithm}`,
    name: `${algorithm} jose.jwtVerify (local JWKS)`,
    value: m.get('jose') as number,
    unit: 'µs',
    ratio: { of: 'floor', value: (m.get('jose') as number) / floor },
  });
  add({
    group: `jwt-${algorithm}`,
    name: `${algorithm} jose.jwtVerify (imported key)`,
    value: m.get('jose-key') as number,
    unit: 'µs',
    ratio: { of: 'floor', value: (m.get('jose-key') as number) / floor },
  });
  await issuer.close();
}

// ---------------------------------------------------------------- bundles and cold start
console.log('\nA minimal TOKEN authorizer bundled with esbuild (minified, ESM, platform node)');
const fromDist: Plugin = {
  name: 'lambda-authorizer-kit-dist',
  setup(b) {
    b.onResolve({ filter: /^lambda-authorizer-kit\// }, (args) => ({
      path: join(root, 'dist', args.path.slice('lambda-authorizer-kit/'.length), 'index.js'),
    }));
  },
};
const bundles: Record<string, { file: string; bytes: number; heavy: string[] }> = {};
for (const name of ['ours', 'peer'] as const) {
  const file = join(out, `${name}-authorizer.mjs`);
  const result = await build({
    entryPoints: [join(root, 'bench', 'fixtures', `${name}-authorizer.ts`)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: file,
    metafile: true,
    plugins: [fromDist],
    logLevel: 'error',
  });
  const heavy = Object.keys(result.metafile.inputs).filter((input) =>
    /@smithy|@aws-crypto|@aws-sdk/.test(input),
  );
  bundles[name] = { file, bytes: readFileSync(file).length, heavy };
}
const ours = bundles.ours as { file: string; bytes: number; heavy: string[] };
const peer = bundles.peer as { file: string; bytes: number; heavy: string[] };
// Diagnostic only: our bundle without its message text, to show what the text costs at import.
const stripped = withoutMessageText(readFileSync(ours.file, 'utf8'));
const noTextFile = join(out, 'ours-authorizer-no-text.mjs');
writeFileSync(noTextFile, stripped.code);
bundles.noText = { file: noTextFile, bytes: Buffer.byteLength(stripped.code), heavy: [] };
add({ group: 'bundle', name: 'aws-jwt-verify authorizer bundle', value: peer.bytes, unit: 'bytes' });
add({
  group: 'bundle',
  name: 'lambda-authorizer-kit authorizer bundle',
  value: ours.bytes,
  unit: 'bytes',
  ratio: { of: 'aws-jwt-verify bundle', value: ours.bytes / peer.bytes, target: 1.5 },
});
add({
  group: 'bundle',
  name: '@smithy/@aws-crypto/@aws-sdk modules in our bundle',
  value: ours.heavy.length,
  unit: 'modules',
  ratio: { of: 'none allowed', value: ours.heavy.length, target: 0 },
});

// Cold import: a fresh Node.js process imports the bundle (module-scope code included), alternately;
// then again with node:crypto and node:https loaded beforehand, which leaves each bundle's own code
// (aws-jwt-verify loads node:https at import, lambda-authorizer-kit on its first download).
const importScript = join(root, 'bench', 'children', 'import-time.mjs');
const coldRuns = quick ? 7 : 21;
const coldTimes = {
  ours: [] as number[],
  peer: [] as number[],
  oursOwn: [] as number[],
  peerOwn: [] as number[],
  noTextOwn: [] as number[],
};
const importOnce = (name: string, mode: 'cold' | 'builtins-loaded'): number => {
  const child = spawnSync(process.execPath, [importScript, (bundles[name] as { file: string }).file, mode], {
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`cold import of ${name} failed: ${child.stderr}`);
  return Number(child.stdout);
};
for (let i = 0; i < coldRuns; i++) {
  for (const name of (i % 2 === 0 ? ['ours', 'peer'] : ['peer', 'ours']) as ('ours' | 'peer')[]) {
    coldTimes[name].push(importOnce(name, 'cold'));
    coldTimes[name === 'ours' ? 'oursOwn' : 'peerOwn'].push(importOnce(name, 'builtins-loaded'));
  }
  coldTimes.noTextOwn.push(importOnce('noText', 'builtins-loaded'));
}
const coldPeer = median(coldTimes.peer);
const coldOurs = median(coldTimes.ours);
add({ group: 'cold', name: 'aws-jwt-verify authorizer: cold import', value: coldPeer, unit: 'ms' });
add({
  group: 'cold',
  name: 'lambda-authorizer-kit authorizer: cold import',
  value: coldOurs,
  unit: 'ms',
  ratio: { of: 'aws-jwt-verify', value: coldOurs / coldPeer, target: 1.1 },
});
const ownPeer = median(coldTimes.peerOwn);
const ownOurs = median(coldTimes.oursOwn);
const ownNoText = median(coldTimes.noTextOwn);
add({
  group: 'cold',
  name: 'aws-jwt-verify authorizer: import, builtins loaded',
  value: ownPeer,
  unit: 'ms',
});
add({
  group: 'cold',
  name: 'lambda-authorizer-kit authorizer: import, builtins loaded',
  value: ownOurs,
  unit: 'ms',
  ratio: { of: 'aws-jwt-verify', value: ownOurs / ownPeer },
});
add({
  group: 'cold',
  name: `the same without its message text (${stripped.removed} bytes of strings cut; diagnostic)`,
  value: ownNoText,
  unit: 'ms',
  ratio: { of: 'with the text', value: ownNoText / ownOurs },
});

// First verification after a cold start, JWKS on loopback: one fetch, and no more than a first
// download plus a key import plus a verification, each measured cold in a fresh process (the floor).
// The floor downloads with node:http, the cheapest way Node.js has; a floor on the global fetch is
// shown too, as that is what a verifier built on fetch pays.
console.log('\nFirst verification after a cold start (JWKS on 127.0.0.1), ms');
type FirstRun = { importMs: number; first: number; warm: number };
type FloorRun = { fetchMs: number; importMs: number; verifyMs: number };
const firstScript = join(root, 'bench', 'children', 'first-verify.mjs');
const floorScript = join(root, 'bench', 'children', 'first-floor.mjs');
const floorOf = (run: FloorRun) => run.fetchMs + run.importMs + run.verifyMs;
const firstRuns = quick ? 5 : 11;
{
  const issuer = await createTestIssuer({ algorithm: 'RS256', audience: 'my-client-id' });
  const env = { ...process.env, ISSUER: issuer.issuer, AUDIENCE: 'my-client-id', JWKS_URI: issuer.jwksUri };
  const token = issuer.sign({ sub: 'cold-user' });
  const samples = { ours: [] as number[], http: [] as number[], fetch: [] as number[], warm: [] as number[] };
  let fetchesPerStart = 0;
  for (let i = 0; i < firstRuns; i++) {
    const fetchesBefore = issuer.requests.jwks;
    const run = JSON.parse(await child([firstScript, ours.file, token], env)) as FirstRun;
    fetchesPerStart = Math.max(fetchesPerStart, issuer.requests.jwks - fetchesBefore);
    samples.ours.push(run.first);
    samples.warm.push(run.warm);
    for (const mode of ['http', 'fetch'] as const) {
      samples[mode].push(
        floorOf(JSON.parse(await child([floorScript, mode, issuer.jwksUri, token])) as FloorRun),
      );
    }
  }
  await issuer.close();
  const floorFirst = median(samples.http);
  const fetchFirst = median(samples.fetch);
  const oursFirst = median(samples.ours);
  add({
    group: 'first',
    name: 'cold node:http download + key import + verify (floor)',
    value: floorFirst,
    unit: 'ms',
  });
  add({ group: 'first', name: 'cold fetch() download + key import + verify', value: fetchFirst, unit: 'ms' });
  add({
    group: 'first',
    name: 'lambda-authorizer-kit first verification',
    value: oursFirst,
    unit: 'ms',
    ratio: { of: 'floor', value: oursFirst / floorFirst, target: 1.0 },
  });
  add({
    group: 'first',
    name: 'lambda-authorizer-kit first verification vs the fetch() floor',
    value: oursFirst,
    unit: 'ms',
    ratio: { of: 'fetch() floor', value: oursFirst / fetchFirst },
  });
  add({
    group: 'first',
    name: 'lambda-authorizer-kit warm verification (same process)',
    value: median(samples.warm),
    unit: 'ms',
  });
  add({
    group: 'first',
    name: 'JWKS fetches per cold start (most in any run)',
    value: fetchesPerStart,
    unit: 'fetches',
    ratio: { of: 'one', value: fetchesPerStart, target: 1 },
  });
}

// The whole cold start against aws-jwt-verify, which downloads with node:https only: the JWKS is served
// over https on loopback with a committed self-signed certificate the children trust.
console.log('\nCold start over https (JWKS on 127.0.0.1), import + first verification, ms');
{
  const issuer = await createTestIssuer({ algorithm: 'RS256', audience: 'my-client-id' });
  const tls = join(root, 'test', 'fixtures', 'tls');
  const server = createHttpsServer(
    { cert: readFileSync(join(tls, 'loopback-cert.pem')), key: readFileSync(join(tls, 'loopback-key.pem')) },
    (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(issuer.jwks()));
    },
  );
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const jwksUri = `https://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  const env = {
    ...process.env,
    ISSUER: issuer.issuer,
    AUDIENCE: 'my-client-id',
    JWKS_URI: jwksUri,
    NODE_EXTRA_CA_CERTS: join(tls, 'loopback-cert.pem'),
  };
  const token = issuer.sign({ sub: 'cold-user' });
  const samples = {
    ours: [] as number[],
    peer: [] as number[],
    oursFirst: [] as number[],
    peerFirst: [] as number[],
    floor: [] as number[],
    preloaded: [] as number[],
  };
  for (let i = 0; i < firstRuns; i++) {
    for (const name of (i % 2 === 0 ? ['ours', 'peer'] : ['peer', 'ours']) as ('ours' | 'peer')[]) {
      const run = JSON.parse(
        await child([firstScript, bundles[name]?.file as string, token], env),
      ) as FirstRun;
      samples[name].push(run.importMs + run.first);
      samples[name === 'ours' ? 'oursFirst' : 'peerFirst'].push(run.first);
    }
    for (const mode of ['https', 'https-preloaded'] as const) {
      const run = JSON.parse(await child([floorScript, mode, jwksUri, token], env)) as FloorRun;
      samples[mode === 'https' ? 'floor' : 'preloaded'].push(floorOf(run));
    }
  }
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  await issuer.close();
  const floor = median(samples.floor);
  const peerFirst = median(samples.peerFirst);
  const oursFirst = median(samples.oursFirst);
  // aws-jwt-verify imports node:https at module scope, so its first verification is compared with a
  // floor that loaded the module beforehand.
  const preloaded = median(samples.preloaded);
  add({
    group: 'cold-https',
    name: 'cold node:https download + key import + verify (floor)',
    value: floor,
    unit: 'ms',
  });
  add({ group: 'cold-https', name: 'the same, node:https loaded beforehand', value: preloaded, unit: 'ms' });
  add({
    group: 'cold-https',
    name: 'aws-jwt-verify authorizer: first verification',
    value: peerFirst,
    unit: 'ms',
    ratio: { of: 'floor, node:https loaded beforehand', value: peerFirst / preloaded },
  });
  add({
    group: 'cold-https',
    name: 'lambda-authorizer-kit authorizer: first verification',
    value: oursFirst,
    unit: 'ms',
    ratio: { of: 'floor', value: oursFirst / floor },
  });
  const peerCold = median(samples.peer);
  const oursCold = median(samples.ours);
  add({
    group: 'cold-https',
    name: 'aws-jwt-verify authorizer: import + first verification',
    value: peerCold,
    unit: 'ms',
  });
  add({
    group: 'cold-https',
    name: 'lambda-authorizer-kit authorizer: import + first verification',
    value: oursCold,
    unit: 'ms',
    ratio: { of: 'aws-jwt-verify', value: oursCold / peerCold },
  });
}

// ---------------------------------------------------------------- SigV4
console.log('\nSigV4 signing of a POST to a function URL, µs per request');
{
  // Each signer runs alone in a fresh process, alternately: sharing one JIT would make smithy's code
  // polymorphic for every candidate and measure that instead. signedFetch is measured in a process
  // of its own too (bench/children/signed-fetch.ts).
  const signers = ['smithy-node', 'smithy-portable', 'aws4', 'ours'];
  const times = new Map<string, number[]>(signers.map((name) => [name, []]));
  const signRounds = quick ? 3 : 7;
  for (let round = 0; round < signRounds; round++) {
    for (const name of round % 2 === 0 ? signers : [...signers].reverse()) {
      const micros = Number(
        await child(['--import', 'tsx', join(root, 'bench', 'children', 'sign.ts'), name, '20000']),
      );
      times.get(name)?.push(micros);
    }
  }
  const m = new Map([...times].map(([name, values]) => [name, median(values)]));
  const o = m.get('ours') as number;
  add({
    group: 'sigv4',
    name: '@smithy/signature-v4 sign (node:crypto hash)',
    value: m.get('smithy-node') as number,
    unit: 'µs',
  });
  add({
    group: 'sigv4',
    name: '@smithy/signature-v4 sign (@aws-crypto/sha256-js)',
    value: m.get('smithy-portable') as number,
    unit: 'µs',
  });
  add({ group: 'sigv4', name: 'aws4.sign', value: m.get('aws4') as number, unit: 'µs' });
  add({
    group: 'sigv4',
    name: 'signRequest vs smithy, same hash',
    value: o,
    unit: 'µs',
    ratio: { of: 'smithy (node:crypto hash)', value: o / (m.get('smithy-node') as number), target: 1.2 },
  });
  add({
    group: 'sigv4',
    name: 'signRequest vs smithy, its usual hash',
    value: o,
    unit: 'µs',
    ratio: { of: 'smithy (sha256-js)', value: o / (m.get('smithy-portable') as number), target: 1.2 },
  });
  add({
    group: 'sigv4',
    name: 'signRequest vs aws4',
    value: o,
    unit: 'µs',
    ratio: { of: 'aws4', value: o / (m.get('aws4') as number) },
  });

  const round = JSON.parse(
    await child([
      '--import',
      'tsx',
      join(root, 'bench', 'children', 'signed-fetch.ts'),
      String(Math.max(ROUNDS, 15)),
    ]),
  ) as Record<'fetch+sign' | 'fetch(signed)+sign' | 'signedFetch', number>;
  const base = round['fetch+sign'];
  const withHeaders = round['fetch(signed)+sign'];
  add({ group: 'sigv4', name: 'unsigned fetch + one signRequest (loopback)', value: base, unit: 'µs' });
  add({
    group: 'sigv4',
    name: 'fetch of the signed request + one signRequest',
    value: withHeaders,
    unit: 'µs',
  });
  add({
    group: 'sigv4',
    name: 'signedFetch round trip (loopback)',
    value: round.signedFetch,
    unit: 'µs',
    ratio: { of: 'fetch + sign', value: round.signedFetch / base, target: 1.1 },
  });
  add({
    group: 'sigv4',
    name: 'signedFetch vs sending the signed request',
    value: round.signedFetch,
    unit: 'µs',
    ratio: { of: 'fetch(signed) + sign', value: round.signedFetch / withHeaders },
  });
}

// ---------------------------------------------------------------- policy
console.log('\nPolicy building and evaluation, µs per operation');
{
  const arn = 'arn:aws:execute-api:us-east-1:123456789012:ivdtdhp7b5/prod/GET/pets/42';
  const built = new PolicyBuilder(arn)
    .allow('GET', '/pets/*')
    .allow('POST', '/pets')
    .deny('*', '/admin/*')
    .build({ principalId: 'u', context: { tenant: 'acme' } });
  const m = await interleaved(
    [
      { name: 'parse', run: () => parseMethodArn(arn) },
      { name: 'allow', run: () => allow('u', arn, { tenant: 'acme', admin: false }) },
      {
        name: 'builder',
        run: () =>
          new PolicyBuilder(arn)
            .allow('GET', '/pets/*')
            .allow('POST', '/pets')
            .deny('*', '/admin/*')
            .build({ principalId: 'u', context: { tenant: 'acme' } }),
      },
      {
        name: 'evaluate',
        run: () =>
          evaluatePolicy(
            built,
            'arn:aws:execute-api:us-east-1:123456789012:ivdtdhp7b5/prod/DELETE/admin/users',
          ),
      },
    ],
    { rounds: ROUNDS, batch: 2000, warmup: 5000 },
  );
  add({ group: 'policy', name: 'parseMethodArn', value: m.get('parse') as number, unit: 'µs' });
  add({ group: 'policy', name: 'allow() with a 2-key context', value: m.get('allow') as number, unit: 'µs' });
  add({
    group: 'policy',
    name: 'PolicyBuilder, 3 statements, build()',
    value: m.get('builder') as number,
    unit: 'µs',
  });
  add({
    group: 'policy',
    name: 'evaluatePolicy, 3 statements',
    value: m.get('evaluate') as number,
    unit: 'µs',
  });
}

// ---------------------------------------------------------------- hostile input on the 500 path
console.log(
  '\nThe 500 path with a huge header quoted in the error (redacted logs and cause), ms per request',
);
{
  const ms = await measureRedaction(ROUNDS);
  const [small, large, huge] = HEADER_SIZES;
  add({ group: 'hostile', name: `${small} character header`, value: ms.get(small) as number, unit: 'ms' });
  add({
    group: 'hostile',
    name: `${large} character header`,
    value: ms.get(large) as number,
    unit: 'ms',
    // Linear: the time per character does not grow with the size.
    ratio: {
      of: `per character, vs ${small}`,
      value: (ms.get(large) as number) / large / ((ms.get(small) as number) / small),
      target: 1.5,
    },
  });
  add({
    group: 'hostile',
    name: `${huge} character header (withheld: over the index cap)`,
    value: ms.get(huge) as number,
    unit: 'ms',
  });
}

const report = {
  date: new Date().toISOString(),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: (await import('node:os')).cpus().length,
  rounds: ROUNDS,
  rows,
};
writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
const missed = rows.filter((row) => row.ratio?.target !== undefined && row.ratio.value > row.ratio.target);
console.log(
  `\n${missed.length === 0 ? 'Every target met.' : `${missed.length} target(s) missed: ${missed.map((m) => m.name).join('; ')}`}`,
);
console.log('Wrote bench/results.json');
