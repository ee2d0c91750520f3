import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AuthorizerFailedError,
  createFunctionUrlCallerGuard,
  type FunctionUrlCallerGuardOptions,
  InvalidOptionError,
  readFunctionUrlCaller,
} from '../../../src/authorizer/index.js';
import { signedFetch } from '../../../src/sigv4/index.js';
import { functionUrlEvent } from '../../../src/testing/index.js';
import { caught } from '../../support/catch.js';
import { LONG_TERM, SESSION } from '../../support/credentials.js';
import { useFunctionUrlEmulator } from '../../support/function-url.js';
import { recordingLogger } from '../../support/logger.js';

const ORG = 'o-a1b2c3d4e5';

function eventFrom(caller: { accountId?: string; userArn?: string; principalOrgId?: string | null }) {
  return functionUrlEvent({ target: '/orders', caller: { accessKeyId: 'ASIAEXAMPLEKEY000001', ...caller } });
}

function withIam(iam: unknown) {
  const event = functionUrlEvent();
  return { ...event, requestContext: { ...event.requestContext, authorizer: { iam } } };
}

describe('readFunctionUrlCaller through a signed request', () => {
  const guard = createFunctionUrlCallerGuard({ accounts: ['111122223333'], organizations: [ORG] });
  const emulator = useFunctionUrlEmulator({
    credentials: [{ ...SESSION, principalOrgId: ORG }, LONG_TERM],
    handler: guard.protect(async (_event, caller) => ({ statusCode: 200, body: JSON.stringify(caller) })),
  });

  it('gives the function the identity the emulator reports for the signer', async () => {
    const response = await signedFetch(emulator.url, { ...emulator.signing, method: 'GET' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      accountId: '111122223333',
      arn: 'arn:aws:sts::111122223333:assumed-role/orders-caller/orders-caller-fn',
      callerId: 'AROAORDERSCALLER:orders-caller-fn',
      userId: 'AROAORDERSCALLER:orders-caller-fn',
      principalOrgId: ORG,
      accessKeyId: SESSION.accessKeyId,
      type: 'assumed-role',
      roleName: 'orders-caller',
      sessionName: 'orders-caller-fn',
    });
  });

  it('answers 403 to a signer from another account, before the handler runs', async () => {
    const response = await signedFetch(emulator.url, {
      region: emulator.region,
      credentials: LONG_TERM,
      method: 'POST',
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'Forbidden' });
  });
});

describe('readFunctionUrlCaller', () => {
  it('tells the kind of principal from its ARN', () => {
    const kinds: [string, string, string | undefined, string | undefined][] = [
      ['arn:aws:iam::111122223333:user/team/alice', 'user', undefined, undefined],
      ['arn:aws:iam::111122223333:root', 'root', undefined, undefined],
      [
        'arn:aws-cn:sts::111122223333:assumed-role/deployer/ci@example.com',
        'assumed-role',
        'deployer',
        'ci@example.com',
      ],
      ['arn:aws:sts::111122223333:federated-user/bob', 'federated-user', undefined, undefined],
      ['arn:aws:sts::111122223333:assumed-role/no-session', 'other', undefined, undefined],
      ['arn:aws:iam::111122223333:group/admins', 'other', undefined, undefined],
    ];
    for (const [userArn, type, roleName, sessionName] of kinds) {
      expect(readFunctionUrlCaller(eventFrom({ userArn })), userArn).toMatchObject({
        arn: userArn,
        type,
        roleName,
        sessionName,
      });
    }
  });

  it('reads a null or absent principalOrgId as no organization', () => {
    expect(readFunctionUrlCaller(eventFrom({ principalOrgId: null })).principalOrgId).toBeUndefined();
    const { principalOrgId: _, ...iam } = functionUrlEvent().requestContext.authorizer.iam;
    expect(readFunctionUrlCaller(withIam(iam)).principalOrgId).toBeUndefined();
    expect(readFunctionUrlCaller(eventFrom({ principalOrgId: ORG })).principalOrgId).toBe(ORG);
  });

  it('returns a frozen caller', () => {
    expect(Object.isFrozen(readFunctionUrlCaller(eventFrom({})))).toBe(true);
  });

  it('refuses an event without an IAM identity with a 500 error that says how to fix it', async () => {
    const event = functionUrlEvent();
    for (const bad of [
      {},
      { requestContext: {} },
      { requestContext: { authorizer: null } },
      { requestContext: { authorizer: { jwt: { claims: {} } } } },
      { ...event, requestContext: { ...event.requestContext, authorizer: { iam: [] } } },
      null,
    ]) {
      const error = await caught(() => readFunctionUrlCaller(bad as never), AuthorizerFailedError);
      expect(error.code).toBe('ERR_AUTHORIZER_NO_IAM_CALLER');
      expect(error.message).toContain('auth type to AWS_IAM');
    }
  });

  it('refuses an identity whose fields are missing, mistyped or inconsistent, naming the field', async () => {
    const iam = functionUrlEvent().requestContext.authorizer.iam;
    const cases: [Record<string, unknown>, string][] = [
      [{ ...iam, accountId: undefined }, 'iam.accountId must be a non-empty string, got undefined'],
      [{ ...iam, accountId: '' }, 'iam.accountId must be a non-empty string, got an empty one'],
      [{ ...iam, accountId: '12345' }, 'not a 12-digit AWS account id'],
      [{ ...iam, userArn: 42 }, 'iam.userArn must be a non-empty string, got number'],
      [
        { ...iam, userArn: 'arn:aws:sts::999999999999:assumed-role/r/s' },
        'not the ARN of a principal of accountId',
      ],
      [{ ...iam, userArn: 'arn:aws:s3:::bucket' }, 'not the ARN of a principal of accountId'],
      [{ ...iam, userArn: 'arn:aws:iam:us-east-1:111122223333:root' }, 'not the ARN of a principal'],
      [{ ...iam, userArn: 'arn::iam::111122223333:root' }, 'not the ARN of a principal'],
      [{ ...iam, userArn: 'arn:aws:iam::111122223333:' }, 'not the ARN of a principal'],
      [{ ...iam, userArn: 'urn:aws:iam::111122223333:root' }, 'not the ARN of a principal'],
      [{ ...iam, callerId: null }, 'iam.callerId must be a non-empty string, got null'],
      [{ ...iam, userId: [] }, 'iam.userId must be a non-empty string, got array'],
      [{ ...iam, accessKey: undefined }, 'iam.accessKey must be a non-empty string, got undefined'],
      [{ ...iam, principalOrgId: 5 }, 'iam.principalOrgId must be a string or null, got number'],
    ];
    for (const [bad, words] of cases) {
      const error = await caught(() => readFunctionUrlCaller(withIam(bad)), AuthorizerFailedError);
      expect(error.code).toBe('ERR_AUTHORIZER_NO_IAM_CALLER');
      expect(error.message).toContain(words);
    }
  });
});

describe('createFunctionUrlCallerGuard: options', () => {
  it('refuses options that would let every caller through or that it cannot check', async () => {
    const cases: [unknown, string, string][] = [
      [undefined, 'options', 'must be an object such as { accounts'],
      [{}, 'accounts', 'at least one of accounts, principals or organizations'],
      [{ logger: console }, 'accounts', 'every signed caller'],
      [{ accounts: [] }, 'accounts', 'accounts is empty, which would refuse every caller'],
      [{ accounts: '111122223333' }, 'accounts', 'accounts must be an array of strings, got string'],
      [{ accounts: [111122223333] }, 'accounts', 'accounts[0] must be a string, got number'],
      [{ accounts: ['11112222333'] }, 'accounts', '"11112222333" is not a 12-digit AWS account id'],
      [{ organizations: ['o-short'] }, 'organizations', 'not an AWS Organizations id'],
      [{ organizations: ['O-A1B2C3D4E5'] }, 'organizations', 'not an AWS Organizations id'],
      [{ principals: ['my-role'] }, 'principals', 'not an IAM or STS principal ARN'],
      [{ principals: ['arn:aws:s3:::bucket'] }, 'principals', 'not an IAM or STS principal ARN'],
      [{ principals: ['arn:aws:iam::1111x2223333:root'] }, 'principals', 'neither 12 digits nor a wildcard'],
      [{ principals: ['arn:aws:iam::111122223333:group/admins'] }, 'principals', 'names no principal'],
      [{ principals: ['arn:aws:iam::111122223333:role/'] }, 'principals', 'has no role name'],
      [
        { principals: ['arn:aws:iam::111122223333:role/ci/*'] },
        'principals',
        'has a wildcard with a role path',
      ],
      [
        { principals: ['arn:aws:iam::111122223333:role/*/deployer'] },
        'principals',
        'has a wildcard with a role path',
      ],
      [{ principals: ['arn:aws:sts::111122223333:role/x'] }, 'principals', 'neither an assumed-role session'],
      [
        { principals: ['arn:aws:iam:us-east-1:111122223333:root'] },
        'principals',
        'not an IAM or STS principal',
      ],
    ];
    for (const [options, option, words] of cases) {
      const error = await caught(
        () => createFunctionUrlCallerGuard(options as FunctionUrlCallerGuardOptions),
        InvalidOptionError,
      );
      expect(error.option, JSON.stringify(options)).toBe(option);
      expect(error.message).toContain(words);
    }
  });

  it('refuses protect() without a handler', async () => {
    const guard = createFunctionUrlCallerGuard({ accounts: ['111122223333'] });
    const error = await caught(() => guard.protect(undefined as never), InvalidOptionError);
    expect(error.option).toBe('handler');
  });
});

describe('createFunctionUrlCallerGuard: who gets through', () => {
  const session = (account: string, role: string, name = 'fn') =>
    `arn:aws:sts::${account}:assumed-role/${role}/${name}`;
  const allowed = (options: FunctionUrlCallerGuardOptions, caller: Parameters<typeof eventFrom>[0]) =>
    createFunctionUrlCallerGuard(options).check(eventFrom(caller)).allowed;

  it('matches a role ARN to its sessions by account and name, whatever the role path', () => {
    const principals = ['arn:aws:iam::111122223333:role/service-role/orders'];
    expect(
      allowed({ principals }, { accountId: '111122223333', userArn: session('111122223333', 'orders') }),
    ).toBe(true);
    expect(
      allowed({ principals }, { accountId: '111122223333', userArn: session('111122223333', 'orders2') }),
    ).toBe(false);
    expect(
      allowed({ principals }, { accountId: '444455556666', userArn: session('444455556666', 'orders') }),
    ).toBe(false);
    // A role ARN never matches an IAM user of the same name.
    expect(
      allowed(
        { principals },
        { accountId: '111122223333', userArn: 'arn:aws:iam::111122223333:user/orders' },
      ),
    ).toBe(false);
  });

  it('applies IAM wildcards within one part of the ARN, case-sensitively', () => {
    const any = { principals: ['arn:aws:iam::*:role/deploy-?'] };
    expect(allowed(any, { accountId: '444455556666', userArn: session('444455556666', 'deploy-1') })).toBe(
      true,
    );
    expect(allowed(any, { accountId: '444455556666', userArn: session('444455556666', 'deploy-10') })).toBe(
      false,
    );
    expect(allowed(any, { accountId: '444455556666', userArn: session('444455556666', 'Deploy-1') })).toBe(
      false,
    );
    const sessions = { principals: ['arn:aws:sts::111122223333:assumed-role/ci/build-*'] };
    expect(
      allowed(sessions, { accountId: '111122223333', userArn: session('111122223333', 'ci', 'build-42') }),
    ).toBe(true);
    expect(
      allowed(sessions, { accountId: '111122223333', userArn: session('111122223333', 'ci', 'deploy-42') }),
    ).toBe(false);
    const partition = { principals: ['arn:aws:iam::111122223333:root'] };
    expect(allowed(partition, { accountId: '111122223333', userArn: 'arn:aws:iam::111122223333:root' })).toBe(
      true,
    );
    expect(
      allowed(partition, { accountId: '111122223333', userArn: 'arn:aws-cn:iam::111122223333:root' }),
    ).toBe(false);
    const users = { principals: ['arn:aws:iam::111122223333:user/team/*'] };
    expect(
      allowed(users, { accountId: '111122223333', userArn: 'arn:aws:iam::111122223333:user/team/alice' }),
    ).toBe(true);
    expect(
      allowed(users, { accountId: '111122223333', userArn: 'arn:aws:iam::111122223333:user/alice' }),
    ).toBe(false);
    const federated = { principals: ['arn:aws:sts::111122223333:federated-user/bob'] };
    expect(
      allowed(federated, {
        accountId: '111122223333',
        userArn: 'arn:aws:sts::111122223333:federated-user/bob',
      }),
    ).toBe(true);
  });

  it('requires every list it was given: account and organization and principal', () => {
    const options = {
      accounts: ['111122223333', '444455556666'],
      organizations: [ORG],
      principals: ['arn:aws:iam::*:role/orders'],
    };
    const inOrg = {
      accountId: '444455556666',
      userArn: session('444455556666', 'orders'),
      principalOrgId: ORG,
    };
    expect(allowed(options, inOrg)).toBe(true);
    expect(allowed(options, { ...inOrg, principalOrgId: null })).toBe(false);
    expect(allowed(options, { ...inOrg, principalOrgId: 'o-zzzzzzzzzz' })).toBe(false);
    expect(allowed(options, { ...inOrg, userArn: session('444455556666', 'billing') })).toBe(false);
    expect(
      allowed(options, { ...inOrg, accountId: '777788889999', userArn: session('777788889999', 'orders') }),
    ).toBe(false);
  });

  it('answers 403 with the reason and logs the list and the caller, never the access key', () => {
    const { lines, logger } = recordingLogger();
    const guard = createFunctionUrlCallerGuard({ organizations: [ORG], logger });
    const verdict = guard.check(eventFrom({ principalOrgId: null }));
    expect(verdict).toMatchObject({
      allowed: false,
      code: 'ERR_AUTHORIZER_CALLER_REFUSED',
      reason: "The caller's account is in no AWS Organization, and organizations is set.",
      response: {
        statusCode: 403,
        headers: { 'content-type': 'application/json' },
        body: '{"message":"Forbidden"}',
      },
    });
    expect(guard.check(eventFrom({ principalOrgId: 'o-zzzzzzzzzz' }))).toMatchObject({
      reason: "The caller's organization is not in organizations.",
    });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('"list":"organizations"');
    expect(lines[0]).toContain('"arn":"arn:aws:sts::111122223333:assumed-role/caller-role/caller-function"');
    expect(lines.join('\n')).not.toContain('ASIAEXAMPLEKEY000001');
  });

  it('answers 500 to an event without an IAM identity, and a logger that throws changes nothing', async () => {
    const logger = {
      error() {
        throw new Error('log sink down');
      },
      debug() {
        throw new Error('log sink down');
      },
    };
    const guard = createFunctionUrlCallerGuard({ accounts: ['111122223333'], logger });
    let ran = 0;
    const handler = guard.protect(() => {
      ran++;
      return { statusCode: 200, body: 'ok' };
    });
    expect(await handler({ requestContext: {} }, undefined)).toEqual({
      statusCode: 500,
      headers: { 'content-type': 'application/json' },
      body: '{"message":"Internal Server Error"}',
    });
    expect(await handler(eventFrom({ accountId: '444455556666' }), undefined)).toMatchObject({
      statusCode: 403,
    });
    expect(ran).toBe(0);
    expect(await handler(eventFrom({}), undefined)).toEqual({ statusCode: 200, body: 'ok' });
    expect(ran).toBe(1);
  });
});

/** IAM's ArnLike, written independently: per part, `*` any run, `?` one character. */
function arnLike(pattern: string, value: string): boolean {
  const p = pattern.split(':');
  const v = value.split(':');
  if (p.length !== 6 || v.length !== 6) return false;
  return p.every((part, i) => {
    const source = part
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    return new RegExp(`^${source}$`, 's').test(v[i] as string);
  });
}

describe('createFunctionUrlCallerGuard: property', () => {
  const accounts = fc.constantFrom('111122223333', '444455556666', '777788889999');
  const names = fc.constantFrom('orders', 'orders-2', 'billing', 'ci');
  const orgs = fc.constantFrom(ORG, 'o-zzzzzzzzzz');
  const caller = fc.record({
    accountId: accounts,
    role: names,
    sessionName: fc.constantFrom('fn', 'build-1'),
    principalOrgId: fc.option(orgs, { nil: null }),
  });
  const rolePattern = fc
    .tuple(
      fc.constantFrom('111122223333', '444455556666', '*', '4444555566?6'),
      fc.constantFrom('orders', 'orders*', 'b?lling', '*'),
    )
    .map(([account, name]) => `arn:aws:iam::${account}:role/${name}`);
  const sessionPattern = fc
    .tuple(accounts, names, fc.constantFrom('fn', 'build-*', '*'))
    .map(([account, role, name]) => `arn:aws:sts::${account}:assumed-role/${role}/${name}`);
  const options = fc.record(
    {
      accounts: fc.uniqueArray(accounts, { minLength: 1 }),
      organizations: fc.uniqueArray(orgs, { minLength: 1 }),
      principals: fc.array(fc.oneof(rolePattern, sessionPattern), { minLength: 1, maxLength: 3 }),
    },
    { requiredKeys: [] },
  );

  it('lets a caller through exactly when every given list has an entry that matches it', () => {
    fc.assert(
      fc.property(
        options.filter((o) => Object.keys(o).length > 0),
        caller,
        (allow, who) => {
          const arn = `arn:aws:sts::${who.accountId}:assumed-role/${who.role}/${who.sessionName}`;
          const verdict = createFunctionUrlCallerGuard(allow).check(
            eventFrom({ accountId: who.accountId, userArn: arn, principalOrgId: who.principalOrgId }),
          );
          const expected =
            (allow.accounts === undefined || allow.accounts.includes(who.accountId)) &&
            (allow.organizations === undefined ||
              (who.principalOrgId !== null && allow.organizations.includes(who.principalOrgId))) &&
            (allow.principals === undefined ||
              allow.principals.some((pattern) =>
                pattern.includes(':role/')
                  ? arnLike(
                      pattern.replace(':iam:', ':sts:').replace(/:role\/(.*)$/, ':assumed-role/$1/*'),
                      arn,
                    )
                  : arnLike(pattern, arn),
              ));
          expect(verdict.allowed).toBe(expected);
          if (verdict.allowed) expect(verdict.caller.arn).toBe(arn);
          else expect(verdict.response.statusCode).toBe(403);
        },
      ),
      { numRuns: 300 },
    );
  });
});
