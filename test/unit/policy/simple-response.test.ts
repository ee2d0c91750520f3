import type {
  APIGatewaySimpleAuthorizerResult,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { InvalidPolicyError, simpleResponse } from 'lambda-authorizer-kit/policy';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { caught } from '../../support/catch.js';

describe('simpleResponse', () => {
  it('returns { isAuthorized } without a context key when none is given', () => {
    expect(simpleResponse(true)).toStrictEqual({ isAuthorized: true });
    expect(simpleResponse(false)).toStrictEqual({ isAuthorized: false });
  });

  it('allows JSON values, objects and arrays included, and drops top-level undefined', () => {
    const context = { user: { id: 'u1', roles: ['a', 'b'] }, n: 1, ok: true, none: null, gone: undefined };
    expect(simpleResponse(true, context)).toStrictEqual({
      isAuthorized: true,
      context: { user: { id: 'u1', roles: ['a', 'b'] }, n: 1, ok: true, none: null },
    });
  });

  it('matches the @types/aws-lambda simple response types', () => {
    const plain: APIGatewaySimpleAuthorizerResult = simpleResponse(false);
    const withContext: APIGatewaySimpleAuthorizerWithContextResult<{ a: number }> = {
      context: { a: 1 },
      ...simpleResponse(true, { a: 1 }),
    };
    expect(plain.isAuthorized).toBe(false);
    expect(withContext.context.a).toBe(1);
    expectTypeOf(simpleResponse(true, { a: 1 }).context).toEqualTypeOf<{ a: number } | undefined>();
  });

  it('refuses values JSON cannot carry, naming the key', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ f: () => 1 }, 'f', /function/],
      [{ deep: { s: Symbol('x') } }, 'deep', /context\["deep"\]\["s"\] is a symbol/],
      [{ big: [1n] }, 'big', /bigint/],
      [{ n: Number.NaN }, 'n', /NaN/],
      [{ c: cyclic }, 'c', /cycle/],
      [{ d: new Date(0) }, 'd', /Date.*toISOString/],
    ];
    for (const [context, key, message] of cases) {
      try {
        simpleResponse(true, context);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidPolicyError);
        expect((error as InvalidPolicyError).key).toBe(key);
        expect((error as Error).message).toMatch(message);
      }
    }
  });

  it('refuses overly deep nesting without overflowing the stack', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(() => simpleResponse(true, { deep })).toThrow(/nested more than/);
  });

  it('allows the same object twice when it is not a cycle', () => {
    const shared = { a: 1 };
    expect(simpleResponse(true, { x: shared, y: [shared, shared] }).context).toEqual({
      x: shared,
      y: [shared, shared],
    });
  });

  it('refuses a non-boolean isAuthorized', () => {
    expect(() => simpleResponse('true' as never)).toThrow(InvalidPolicyError);
    expect(() => simpleResponse(true, [] as never)).toThrow(
      expect.objectContaining({ code: 'ERR_CONTEXT_NOT_AN_OBJECT' }),
    );
  });
});

describe('simpleResponse: contexts and what each refusal says', () => {
  async function contextError(context: Record<string, unknown>): Promise<InvalidPolicyError> {
    const error = await caught<InvalidPolicyError>(() => simpleResponse(true, context));
    expect(error).toBeInstanceOf(InvalidPolicyError);
    expect(error.code).toBe('ERR_CONTEXT_INVALID_VALUE');
    return error;
  }

  it('allows 64 levels of nesting and refuses 65, for arrays and objects', async () => {
    for (const wrap of [(v: unknown) => [v], (v: unknown) => ({ a: v })]) {
      let value: unknown = 'leaf';
      for (let i = 0; i < 64; i++) value = wrap(value);
      expect(simpleResponse(true, { d: value }).context).toStrictEqual({ d: value });
      expect((await contextError({ d: wrap(value) })).message).toMatch(
        /is nested more than 64 levels deep\. Flatten it\.$/,
      );
    }
  });

  it('refuses deep objects without overflowing the stack', async () => {
    let value: unknown = 'leaf';
    for (let i = 0; i < 10_000; i++) value = { a: value };
    expect((await contextError({ deep: value })).key).toBe('deep');
  });

  it('names the path of a bad value inside arrays and objects', async () => {
    expect((await contextError({ list: [1, 2n] })).message).toMatch(/^context\["list"\]\[1\] is a bigint/);
    expect((await contextError({ o: { n: Number.NaN } })).message).toBe(
      'context["o"]["n"] is NaN, which JSON cannot carry. Use a finite number or a string.',
    );
    expect((await contextError({ s: [Symbol('x')] })).message).toBe(
      'context["s"][0] is a symbol, which JSON cannot carry. Convert it to a string, number, boolean, array or object.',
    );
  });

  it('reports a cycle back to the context itself at the key that closes it', async () => {
    const context: Record<string, unknown> = { a: 1 };
    context.self = context;
    const error = await contextError(context);
    expect(error.key).toBe('self');
    expect(error.message).toBe('context["self"] refers back to itself (a cycle), which JSON cannot carry.');
  });

  it('names the class of a non-plain object, or says it is a class instance', async () => {
    class Session {}
    expect((await contextError({ s: new Session() })).message).toMatch(
      /^context\["s"\] is a Session, not plain JSON\./,
    );
    expect((await contextError({ s: Object.create(Object.create(null)) })).message).toMatch(
      /^context\["s"\] is a class instance, not plain JSON\./,
    );
  });

  it('accepts null-prototype objects and skips nested undefined values', () => {
    const bare = Object.assign(Object.create(null), { a: 1 });
    const response = simpleResponse(true, { bare, nested: { gone: undefined, kept: 'x' } });
    expect(response.context?.bare).toBe(bare);
    expect(response.context?.nested).toStrictEqual({ gone: undefined, kept: 'x' });
  });

  it('refuses a non-boolean isAuthorized with a typed, explained error', async () => {
    const error = await caught(() => simpleResponse(1 as never));
    expect(error).toBeInstanceOf(InvalidPolicyError);
    expect(error.code).toBe('ERR_POLICY_MALFORMED');
    expect(error.message).toBe(
      'isAuthorized must be a boolean, got number. API Gateway answers 500 otherwise.',
    );
  });

  it('says which context is not an object', async () => {
    const error = await caught(() => simpleResponse(true, 'x' as never));
    expect(error).toBeInstanceOf(InvalidPolicyError);
    expect(error.message).toBe(
      'The simple response context must be a plain object of key/value pairs, got string.',
    );
  });
});
