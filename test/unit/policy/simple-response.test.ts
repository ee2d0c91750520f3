import type {
  APIGatewaySimpleAuthorizerResult,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { InvalidContextError, InvalidPolicyError, simpleResponse } from '../../../src/policy/index.js';

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
        expect(error).toBeInstanceOf(InvalidContextError);
        expect((error as InvalidContextError).key).toBe(key);
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
