import {
  cognitoUserPool,
  createJwtVerifier,
  InvalidOptionError,
  JwtVerificationError,
} from 'lambda-authorizer-kit/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestIssuer, type TestIssuer } from '../../../src/testing/issuer.js';
import { caught } from '../../support/catch.js';
import { expectRejection } from '../../support/jwt-helpers.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ audience: null });
});
afterAll(() => issuer.close());

/** The preset, pointed at the loopback issuer instead of cognito-idp. */
function localPool(tokenUse: 'access' | 'id', clientId: string | null = 'app-client') {
  return createJwtVerifier({
    ...cognitoUserPool({
      userPoolId: 'eu-west-1_AbCdEf123',
      clientId,
      tokenUse,
      requiredScopes: tokenUse === 'access' ? ['orders/read'] : [],
    }),
    issuer: issuer.issuer,
    jwksUri: issuer.jwksUri,
  });
}

describe('cognitoUserPool', () => {
  it('derives issuer, JWKS, algorithm and audience claim from the user pool', () => {
    expect(
      cognitoUserPool({ userPoolId: 'us-east-1_AbCdEfGhI', clientId: 'c1', tokenUse: 'access' }),
    ).toEqual({
      issuer: [
        'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI',
        'https://issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI',
      ],
      jwksUri: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI/.well-known/jwks.json',
      audience: 'c1',
      audienceClaims: ['client_id'],
      algorithms: ['RS256'],
      expectedClaims: { token_use: 'access' },
    });
    expect(
      cognitoUserPool({
        userPoolId: 'ap-southeast-2_x1',
        clientId: null,
        tokenUse: 'id',
        issuerType: 'original',
      }),
    ).toMatchObject({
      issuer: 'https://cognito-idp.ap-southeast-2.amazonaws.com/ap-southeast-2_x1',
      audienceClaims: ['aud'],
      audience: null,
    });
  });

  it('names the updated issuer form, and every region form AWS uses for user pools', () => {
    expect(
      cognitoUserPool({
        userPoolId: 'eu-west-1_AbC',
        clientId: 'c',
        tokenUse: 'access',
        issuerType: 'updated',
      }),
    ).toMatchObject({
      issuer: 'https://issuer-cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC',
      jwksUri: 'https://issuer-cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC/.well-known/jwks.json',
    });
    for (const region of [
      'us-gov-west-1',
      'us-gov-east-1',
      'ap-southeast-5',
      'il-central-1',
      'mx-central-1',
    ]) {
      const { issuer: names } = cognitoUserPool({
        userPoolId: `${region}_Xy9`,
        clientId: 'c',
        tokenUse: 'id',
      });
      expect(names).toEqual([
        `https://cognito-idp.${region}.amazonaws.com/${region}_Xy9`,
        `https://issuer-cognito-idp.${region}.amazonaws.com/${region}_Xy9`,
      ]);
    }
    expect(() =>
      cognitoUserPool({
        userPoolId: 'eu-west-1_AbC',
        clientId: 'c',
        tokenUse: 'id',
        issuerType: 'new' as 'both',
      }),
    ).toThrow(/issuerType: expected "original", "updated" or "both"/);
  });

  it('refuses pool ids of partitions without a documented user pool issuer, saying why', () => {
    expect(() => cognitoUserPool({ userPoolId: 'cn-north-1_AbC', clientId: 'c', tokenUse: 'id' })).toThrow(
      /not available in the AWS China Regions/,
    );
    expect(() =>
      cognitoUserPool({ userPoolId: 'eusc-de-east-1_AbC', clientId: 'c', tokenUse: 'id' }),
    ).toThrow(/European Sovereign Cloud is not documented: pass the pool's issuer and jwksUri/);
  });

  it('verifies tokens of either issuer form of one pool, and no other pool', async () => {
    const pool = cognitoUserPool({
      userPoolId: 'eu-west-1_AbCdEf123',
      clientId: 'app-client',
      tokenUse: 'id',
    });
    const verifier = createJwtVerifier({ ...pool, jwksUri: issuer.jwksUri });
    for (const iss of pool.issuer as string[]) {
      const token = issuer.sign({ iss, aud: 'app-client', token_use: 'id' });
      await expect(verifier.verify(token)).resolves.toMatchObject({ iss });
    }
    const other = issuer.sign({
      iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other',
      aud: 'app-client',
      token_use: 'id',
    });
    await expectRejection(verifier.verify(other), JwtVerificationError, 'ERR_JWT_ISSUER');
  });

  it('refuses an invalid user pool id or token use', () => {
    expect(() => cognitoUserPool({ userPoolId: 'AbCdEfGhI', clientId: 'c', tokenUse: 'access' })).toThrow(
      InvalidOptionError,
    );
    expect(() =>
      cognitoUserPool({ userPoolId: 'us-east-1_A', clientId: 'c', tokenUse: 'refresh' as 'id' }),
    ).toThrow(/tokenUse/);
  });

  it('accepts an access token by client_id and token_use', async () => {
    const token = issuer.sign({ token_use: 'access', client_id: 'app-client', scope: 'orders/read' });
    await expect(localPool('access').verify(token)).resolves.toMatchObject({ client_id: 'app-client' });
  });

  it('accepts an id token by aud', async () => {
    await expect(
      localPool('id').verify(issuer.sign({ token_use: 'id', aud: 'app-client' })),
    ).resolves.toBeDefined();
  });

  it('refuses the other kind of token, another client and a missing scope', async () => {
    await expectRejection(
      localPool('access').verify(issuer.sign({ token_use: 'id', aud: 'app-client' })),
      JwtVerificationError,
      'ERR_JWT_AUDIENCE',
      {
        message: /no "client_id" claim/,
      },
    );
    await expectRejection(
      localPool('access').verify(
        issuer.sign({ token_use: 'id', client_id: 'app-client', scope: 'orders/read' }),
      ),
      JwtVerificationError,
      'ERR_JWT_CLAIM',
      { claim: 'token_use', message: /"id", expected "access"/ },
    );
    await expectRejection(
      localPool('access').verify(
        issuer.sign({ token_use: 'access', client_id: 'other', scope: 'orders/read' }),
      ),
      JwtVerificationError,
      'ERR_JWT_AUDIENCE',
      { claim: 'client_id' },
    );
    await expectRejection(
      localPool('access').verify(issuer.sign({ token_use: 'access', client_id: 'app-client' })),
      JwtVerificationError,
      'ERR_JWT_SCOPE',
    );
  });
});

describe('cognitoUserPool: what each refusal says, and what it derives', () => {
  it.each<[unknown, string, string]>([
    [{ userPoolId: 'us-east-1', clientId: 'c', tokenUse: 'id' }, 'userPoolId', 'got "us-east-1"'],
    [{ userPoolId: 'x us-east-1_Ab', clientId: 'c', tokenUse: 'id' }, 'userPoolId', 'got "x us-east-1_Ab"'],
    [{ userPoolId: 'us-east-1_Ab!', clientId: 'c', tokenUse: 'id' }, 'userPoolId', 'got "us-east-1_Ab!"'],
    [{ userPoolId: 42, clientId: 'c', tokenUse: 'id' }, 'userPoolId', 'got number'],
    [undefined, 'userPoolId', 'got undefined'],
    [
      { userPoolId: 'us-east-1_Ab', clientId: 'c', tokenUse: 'ID' },
      'tokenUse',
      'expected "access" or "id", got "ID".',
    ],
  ])('%j', async (options, option, detail) => {
    const error = await caught<InvalidOptionError>(() => cognitoUserPool(options as never));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.option).toBe(option);
    expect(error.message).toMatch(
      new RegExp(`^Invalid option ${option}: .*${detail.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
  });

  it('accepts user pools of regions with a two-digit number', () => {
    expect(
      cognitoUserPool({
        userPoolId: 'ap-southeast-12_Ab1',
        clientId: 'c',
        tokenUse: 'id',
        issuerType: 'original',
      }).issuer,
    ).toBe('https://cognito-idp.ap-southeast-12.amazonaws.com/ap-southeast-12_Ab1');
  });

  it('keeps requiredScopes only when given, and maps the token use to its audience claim', () => {
    const id = cognitoUserPool({
      userPoolId: 'eu-west-1_Ab1',
      clientId: null,
      tokenUse: 'id',
      issuerType: 'original',
    });
    expect(id).not.toHaveProperty('requiredScopes');
    expect(id.audienceClaims).toEqual(['aud']);
    expect(id.expectedClaims).toEqual({ token_use: 'id' });
    expect(id.issuer).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab1');
    const access = cognitoUserPool({
      userPoolId: 'us-gov-west-1_Ab1',
      clientId: ['a', 'b'],
      tokenUse: 'access',
      requiredScopes: ['r'],
    });
    expect(access.requiredScopes).toEqual(['r']);
    expect(access.audience).toEqual(['a', 'b']);
    expect(access.issuer).toEqual([
      'https://cognito-idp.us-gov-west-1.amazonaws.com/us-gov-west-1_Ab1',
      'https://issuer-cognito-idp.us-gov-west-1.amazonaws.com/us-gov-west-1_Ab1',
    ]);
  });
});
