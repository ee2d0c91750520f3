#!/usr/bin/env node
// Packs the package, installs the tarball into a temporary project and loads every subpath of the
// exports map from ESM and from CommonJS (with require(esm) switched off, as on Lambda), checking
// that AuthorizerKitError is one class across subpaths and that the JWT-side subpaths do not load
// the SigV4 stack.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const subpaths = Object.keys(pkg.exports)
  .filter((key) => key !== './package.json')
  .map((key) => key.slice(2));
const heavy = /node_modules[\\/](@smithy|@aws-crypto|@aws-sdk)[\\/]/;
const mayLoadSigV4 = new Set(['sigv4', 'testing', 'cli']);
// Exports added since the last release: each must be there, from ESM and from CommonJS.
const NEWEST_EXPORTS = {
  authorizer: [
    'createAppSyncAuthorizer',
    'createFunctionUrlCallerGuard',
    'powertoolsLogger',
    'readFunctionUrlCaller',
  ],
  testing: [
    'albTargetEvent',
    'appSyncAuthorizerEvent',
    'createTestLoadBalancer',
    'functionUrlEvent',
    'simulateAppSync',
  ],
  jwt: ['createAlbJwtVerifier'],
};

const work = mkdtempSync(join(tmpdir(), 'lak-install-'));
const run = (cmd, args, options = {}) =>
  execFileSync(cmd, args, { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });

let failures = 0;
const check = (label, fn) => {
  try {
    fn();
    console.log(`ok   ${label}`);
  } catch (error) {
    failures++;
    console.log(`FAIL ${label}\n${error.stdout ?? ''}${error.stderr ?? ''}${error.message}`);
  }
};

try {
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', work, root], { cwd: root })
    .trim()
    .split('\n')
    .pop();
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  run('npm', ['install', '--silent', '--no-audit', '--no-fund', '--prefer-offline', join(work, tarball)]);

  // Every subpath has exports and shares one AuthorizerKitError class.
  const everySubpathChecks = [
    'const base = Object.values(mods)[0].AuthorizerKitError;',
    'for (const [name, mod] of Object.entries(mods)) {',
    "  if (Object.keys(mod).length === 0) throw new Error(name + ' has no exports');",
    "  if (mod.AuthorizerKitError !== base) throw new Error(name + ' has its own AuthorizerKitError');",
    '}',
  ];
  const esm = [
    ...subpaths.map((s, i) => `import * as m${i} from '${pkg.name}/${s}';`),
    `const mods = { ${subpaths.map((s, i) => `${JSON.stringify(s)}: m${i}`).join(', ')} };`,
    ...everySubpathChecks,
    `const { allow } = await import('${pkg.name}/policy');`,
    `const { anyRouteInStage } = await import('${pkg.name}/arn');`,
    "const r = allow('me', anyRouteInStage('arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/'));",
    "if (r.policyDocument.Statement[0].Resource !== 'arn:aws:execute-api:us-east-1:123456789012:abc/prod/*/*') throw new Error('wrong result');",
    'console.log(JSON.stringify(Object.fromEntries(Object.entries(mods).map(([n, m]) => [n, Object.keys(m).sort()]))));',
  ].join('\n');
  writeFileSync(join(work, 'esm.mjs'), esm);
  let esmExports = {};
  check(`import every subpath from ESM (${subpaths.join(', ')})`, () => {
    esmExports = JSON.parse(run(process.execPath, ['esm.mjs']));
  });

  const cjs = [
    `const mods = { ${subpaths.map((s) => `${JSON.stringify(s)}: require('${pkg.name}/${s}')`).join(', ')} };`,
    ...everySubpathChecks,
    `const { parseMethodArn, InvalidArnError } = require('${pkg.name}/arn');`,
    "try { parseMethodArn('x'); throw new Error('no throw'); } catch (e) { if (!(e instanceof base) || !(e instanceof InvalidArnError)) throw e; }",
    'console.log(JSON.stringify(Object.fromEntries(Object.entries(mods).map(([n, m]) => [n, Object.keys(m).sort()]))));',
  ].join('\n');
  writeFileSync(join(work, 'cjs.cjs'), cjs);
  const noRequireEsm =
    process.features.require_module === undefined ? [] : ['--no-experimental-require-module'];
  let cjsExports = {};
  check(`require every subpath from CommonJS with require(esm) off`, () => {
    cjsExports = JSON.parse(run(process.execPath, [...noRequireEsm, 'cjs.cjs']));
  });
  check('ESM and CommonJS export the same names, the newest exports included', () => {
    for (const subpath of subpaths) {
      const esmNames = JSON.stringify(esmExports[subpath]);
      if (esmNames !== JSON.stringify(cjsExports[subpath])) {
        throw new Error(
          `${subpath}: ESM exports ${esmNames}, CommonJS ${JSON.stringify(cjsExports[subpath])}`,
        );
      }
    }
    for (const [subpath, names] of Object.entries(NEWEST_EXPORTS)) {
      const missing = names.filter((name) => !esmExports[subpath]?.includes(name));
      if (missing.length > 0) throw new Error(`${subpath} does not export ${missing.join(', ')}`);
    }
  });

  /**
   * Writes `${name}.cjs` and `${name}.mjs`, each importing `imports` (subpath → names) its own way and
   * running `body` (top-level await allowed), and runs both: CommonJS with require(esm) off.
   */
  const bothWays = (name, imports, body) => {
    const entries = Object.entries(imports);
    writeFileSync(
      join(work, `${name}.cjs`),
      [
        ...entries.map(
          ([subpath, names]) => `const { ${names.join(', ')} } = require('${pkg.name}/${subpath}');`,
        ),
        `(async () => {\n${body}\n})().catch((error) => { console.error(error); process.exit(1); });`,
      ].join('\n'),
    );
    writeFileSync(
      join(work, `${name}.mjs`),
      [
        ...entries.map(([subpath, names]) => `import { ${names.join(', ')} } from '${pkg.name}/${subpath}';`),
        body,
      ].join('\n'),
    );
    run(process.execPath, [...noRequireEsm, `${name}.cjs`]);
    run(process.execPath, [`${name}.mjs`]);
  };

  // The function-URL callee's guard from the tarball, from CommonJS and from ESM: a caller from an
  // allowed account gets through, another gets 403, an event without an IAM identity 500.
  const guardBody = [
    "const guard = createFunctionUrlCallerGuard({ accounts: ['111122223333'], logger: { error() {} } });",
    'const handler = guard.protect((_event, caller) => ({ statusCode: 200, body: caller.roleName }));',
    'const ok = await handler(functionUrlEvent(), {});',
    "const other = await handler(functionUrlEvent({ caller: { accountId: '444455556666' } }), {});",
    'const none = await handler({ requestContext: {} }, {});',
    "if (ok.body !== 'caller-role' || other.statusCode !== 403 || none.statusCode !== 500) throw new Error(JSON.stringify([ok, other, none]));",
    "console.log('guarded');",
  ].join('\n');
  // With powertoolsLogger() over a Logger-shaped object, the guard's refusal is one INFO line.
  const loggedBody = [
    'const lines = [];',
    'const levels = Object.fromEntries(["error", "warn", "info", "debug"].map((level) => [level, (message, details) => lines.push({ level, message, ...details })]));',
    "const guard = createFunctionUrlCallerGuard({ accounts: ['999988887777'], logger: powertoolsLogger(levels, { refusals: 'info' }) });",
    'const answer = await guard.protect(() => ({ statusCode: 200 }))(functionUrlEvent(), {});',
    "if (answer.statusCode !== 403 || lines.length !== 1 || lines[0].level !== 'info' || lines[0].code !== 'ERR_AUTHORIZER_CALLER_REFUSED') throw new Error(JSON.stringify([answer, lines]));",
    "console.log('logged');",
  ].join('\n');
  check('powertoolsLogger() from CommonJS (require(esm) off) and from ESM', () =>
    bothWays(
      'logged',
      { authorizer: ['createFunctionUrlCallerGuard', 'powertoolsLogger'], testing: ['functionUrlEvent'] },
      loggedBody,
    ),
  );

  check('the function-URL caller guard from CommonJS (require(esm) off) and from ESM', () =>
    bothWays(
      'guard',
      { authorizer: ['createFunctionUrlCallerGuard'], testing: ['functionUrlEvent'] },
      guardBody,
    ),
  );

  // An ALB target's x-amzn-oidc-data verified from the tarball: a loopback test load balancer signs
  // (padded segments) and serves its PEM key; a token of another load balancer is refused.
  const albBody = [
    'const alb = await createTestLoadBalancer({ issuer: "https://idp.example.com" });',
    'try {',
    '  const { albArn, issuer, clientId, keyUrl } = alb;',
    '  const verifier = createAlbJwtVerifier({ albArn, issuer, clientId, keyUrl });',
    '  const event = albTargetEvent({ oidcData: alb.sign({ sub: "installed" }) });',
    "  const { payload } = await verifier.verify(event.headers['x-amzn-oidc-data']);",
    '  const other = await verifier.verify(alb.sign({}, { header: { signer: albArn.replace("test-alb", "other") } })).catch((e) => e);',
    '  if (payload.sub !== "installed" || !isTokenRefusal(other) || alb.requests.keys !== 1) throw new Error(String(other));',
    '} finally {',
    '  await alb.close();',
    '}',
    "console.log('alb');",
  ].join('\n');
  check('an ALB x-amzn-oidc-data token verified from CommonJS (require(esm) off) and from ESM', () =>
    bothWays(
      'alb',
      {
        jwt: ['createAlbJwtVerifier', 'isTokenRefusal'],
        testing: ['albTargetEvent', 'createTestLoadBalancer'],
      },
      albBody,
    ),
  );

  // The AppSync authorizer from the tarball, from CommonJS and from ESM: a token from a loopback
  // issuer is authorized with its claims as resolverContext; a wrong audience is refused, not cached.
  const appSyncBody = [
    'const issuer = await createTestIssuer({ audience: "my-client-id" });',
    'try {',
    '  const verifier = createJwtVerifier({ issuer: issuer.issuer, audience: "my-client-id" });',
    '  const handler = createAppSyncAuthorizer({ verifier, logger: { error() {} } });',
    '  const ok = await simulateAppSync(handler, appSyncAuthorizerEvent({ token: issuer.sign({ sub: "installed" }) }));',
    '  const no = await simulateAppSync(handler, appSyncAuthorizerEvent({ token: issuer.sign({ aud: "other" }) }));',
    "  if (!ok.authorized || ok.resolverContext.sub !== 'installed' || no.authorized || no.cachedForSeconds !== 0 || no.code !== 'ERR_JWT_AUDIENCE') throw new Error(JSON.stringify([ok, no]));",
    '} finally {',
    '  await issuer.close();',
    '}',
    "console.log('appsync');",
  ].join('\n');
  check('the AppSync authorizer from CommonJS (require(esm) off) and from ESM', () =>
    bothWays(
      'appsync',
      {
        authorizer: ['createAppSyncAuthorizer'],
        jwt: ['createJwtVerifier'],
        testing: ['appSyncAuthorizerEvent', 'createTestIssuer', 'simulateAppSync'],
      },
      appSyncBody,
    ),
  );

  // A token verified end to end from the tarball: discovery document and JWKS downloaded from a
  // loopback test issuer, from CommonJS (require(esm) off) and from ESM.
  const verifyBody = [
    'const issuer = await createTestIssuer({ algorithm: "RS256" });',
    'try {',
    '  const verifier = createJwtVerifier({ issuer: issuer.issuer, audience: "test-client" });',
    '  const claims = await verifier.verify(issuer.sign({ sub: "installed" }));',
    '  if (claims.sub !== "installed" || issuer.requests.jwks !== 1) throw new Error("wrong result");',
    '} finally {',
    '  await issuer.close();',
    '}',
    'console.log("verified");',
  ].join('\n');
  check('verify a token against a loopback issuer from CommonJS (require(esm) off) and from ESM', () =>
    bothWays('verify', { testing: ['createTestIssuer'], jwt: ['createJwtVerifier'] }, verifyBody),
  );

  // Both builds in one process (a CommonJS dependency beside ESM code): a verifier from the CJS build
  // handed to the ESM build's authorizer refuses a wrong audience with 401, not 500.
  writeFileSync(
    join(work, 'dual.mjs'),
    [
      "import { createRequire } from 'node:module';",
      `import { createTokenAuthorizer, UnauthorizedError } from '${pkg.name}/authorizer';`,
      `import { createTestIssuer, simulateApiGateway, tokenAuthorizerEvent } from '${pkg.name}/testing';`,
      'const require = createRequire(import.meta.url);',
      `const cjs = require('${pkg.name}/jwt');`,
      `const esm = await import('${pkg.name}/jwt');`,
      "if (cjs.JwtVerificationError === esm.JwtVerificationError) throw new Error('one copy only: nothing tested');",
      'const issuer = await createTestIssuer({ audience: "my-client-id" });',
      'try {',
      '  const verifier = cjs.createJwtVerifier({ issuer: issuer.issuer, audience: "my-client-id", jwks: issuer.jwks() });',
      '  const handler = createTokenAuthorizer({ verifier, logger: { error: () => {} } });',
      '  const wrong = tokenAuthorizerEvent({ token: "Bearer " + issuer.sign({ aud: "someone-else" }) });',
      '  const outcome = await simulateApiGateway(handler, wrong);',
      "  if (outcome.statusCode !== 401 || outcome.code !== 'ERR_JWT_AUDIENCE') throw new Error(JSON.stringify(outcome));",
      '  const error = await handler(wrong).catch((e) => e);',
      "  if (!(error instanceof UnauthorizedError) || error.message !== 'Unauthorized') throw error;",
      '  const good = await simulateApiGateway(handler, tokenAuthorizerEvent({ token: "Bearer " + issuer.sign() }));',
      '  if (good.statusCode !== 200) throw new Error(JSON.stringify(good));',
      '} finally {',
      '  await issuer.close();',
      '}',
      "console.log('dual');",
    ].join('\n'),
  );
  check(
    'one process with both builds: a CommonJS verifier in the ESM authorizer answers 401 for a wrong audience',
    () => run(process.execPath, ['dual.mjs']),
  );

  for (const subpath of subpaths) {
    writeFileSync(
      join(work, `load-${subpath}.cjs`),
      `require('${pkg.name}/${subpath}'); console.log(JSON.stringify(Object.keys(require.cache)));`,
    );
    check(
      `require('${pkg.name}/${subpath}') loads ${mayLoadSigV4.has(subpath) ? 'what it needs' : 'no @smithy/@aws-crypto module'}`,
      () => {
        const loaded = JSON.parse(run(process.execPath, [...noRequireEsm, `load-${subpath}.cjs`]));
        const offending = loaded.filter((file) => heavy.test(file));
        if (!mayLoadSigV4.has(subpath) && offending.length > 0) {
          throw new Error(`loads ${offending.length} SigV4 modules, e.g. ${offending[0]}`);
        }
      },
    );
  }

  // A strict TypeScript consumer (node16 resolution, no skipLibCheck) of every subpath, from ESM and CJS.
  run('npm', ['install', '--silent', '--no-audit', '--no-fund', '--prefer-offline', '@types/node@20']);
  const typeImports = subpaths.map((s, i) => `import * as t${i} from '${pkg.name}/${s}';`).join('\n');
  const typeUses = [
    `export const result: import('aws-lambda').APIGatewayAuthorizerResult = t${subpaths.indexOf('policy')}.allow('me', '*');`,
    `export const all = [${subpaths.map((_, i) => `t${i}`).join(', ')}];`,
  ].join('\n');
  writeFileSync(join(work, 'consumer.mts'), `${typeImports}\n${typeUses}\n`);
  writeFileSync(join(work, 'consumer.cts'), `${typeImports}\n${typeUses}\n`);
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        module: 'node16',
        moduleResolution: 'node16',
        skipLibCheck: false,
        types: ['node'],
      },
      files: ['consumer.mts', 'consumer.cts'],
    }),
  );
  check('a strict TypeScript consumer type-checks every subpath from ESM and CJS (skipLibCheck off)', () =>
    run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']),
  );

  check('the lambda-authorizer-kit command runs (--help, demo)', () => {
    const help = run(join(work, 'node_modules', '.bin', 'lambda-authorizer-kit'), ['--help']);
    if (!help.includes('diagnose')) throw new Error('--help does not list the commands');
    const demo = run(join(work, 'node_modules', '.bin', 'lambda-authorizer-kit'), ['demo']);
    if (!/answered as API Gateway and Lambda would/.test(demo))
      throw new Error(`unexpected demo output:\n${demo}`);
  });

  check(
    'the installed command: --version, and decode reading the token from stdin, never printing its signature',
    () => {
      const bin = join(work, 'node_modules', '.bin', 'lambda-authorizer-kit');
      const version = run(bin, ['--version']).trim();
      if (version !== `lambda-authorizer-kit ${pkg.version}`) throw new Error(`--version printed ${version}`);
      const segment = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const signature = 'Q'.repeat(43);
      const token = [
        segment({ alg: 'ES256', typ: 'JWT' }),
        segment({ sub: 'installed', exp: 4102444800 }),
        signature,
      ].join('.');
      const decoded = JSON.parse(
        run(bin, ['decode', '-', '--json'], { input: `Bearer ${token}\n`, stdio: ['pipe', 'pipe', 'pipe'] }),
      );
      if (decoded.claims.sub !== 'installed' || decoded.header.alg !== 'ES256')
        throw new Error(JSON.stringify(decoded));
      const text = run(bin, ['decode', token]);
      if (text.includes(signature) || !text.includes('2100-01-01T00:00:00Z'))
        throw new Error(`unexpected decode output:\n${text}`);
    },
  );

  check('package.json is exported', () =>
    run(process.execPath, [
      '-e',
      `if (require('${pkg.name}/package.json').name !== '${pkg.name}') process.exit(1)`,
    ]),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (failures > 0) {
  console.log(`install test: ${failures} check(s) failed`);
  process.exit(1);
}
console.log('install test: every check passed');
