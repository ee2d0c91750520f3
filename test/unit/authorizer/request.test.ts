import { describe, expect, it } from 'vitest';
import { readRequest } from '../../../src/authorizer/request.js';
import {
  httpApiAuthorizerEvent,
  requestAuthorizerEvent,
  tokenAuthorizerEvent,
  webSocketConnectEvent,
} from '../../../src/testing/events.js';

describe('readRequest', () => {
  it('reads REST REQUEST events case-insensitively for headers only', () => {
    const request = readRequest(
      requestAuthorizerEvent({
        headers: { HeaderAuth1: 'h', Cookie: 'a=1; session=abc' },
        queryStringParameters: { QueryString1: 'q' },
        stageVariables: { StageVar1: 's' },
        pathParameters: { id: '42' },
        sourceIp: '198.51.100.7',
      }),
    );
    expect(request.header('headerauth1')).toBe('h');
    expect(request.header('HEADERAUTH1')).toBe('h');
    expect(request.query('QueryString1')).toBe('q');
    expect(request.query('querystring1')).toBeUndefined();
    expect(request.stageVariable('StageVar1')).toBe('s');
    expect(request.pathParameter('id')).toBe('42');
    expect(request.cookie('session')).toBe('abc');
    expect(request.sourceIp).toBe('198.51.100.7');
    expect(request.methodArn).toMatch(/GET\/pets$/);
  });

  it('joins repeated headers from multiValueHeaders', () => {
    const event = requestAuthorizerEvent({ headers: { 'X-A': '2' } });
    event.multiValueHeaders = { 'x-a': ['1', '2'] };
    expect(readRequest(event).header('X-A')).toBe('1,2');
  });

  it('reads HTTP API events, cookies included', () => {
    const request = readRequest(
      httpApiAuthorizerEvent({
        headers: { Authorization: 'Bearer t' },
        cookies: ['sAccessToken=xyz', 'b=2'],
        sourceIp: '192.0.2.1',
      }),
    );
    expect(request.header('authorization')).toBe('Bearer t');
    expect(request.cookie('sAccessToken')).toBe('xyz');
    expect(request.cookie('missing')).toBeUndefined();
    expect(request.sourceIp).toBe('192.0.2.1');
    expect(request.methodArn).toContain('$default');
  });

  it('reads WebSocket $connect and TOKEN events', () => {
    expect(readRequest(webSocketConnectEvent({ queryStringParameters: { token: 'x' } })).query('token')).toBe(
      'x',
    );
    const token = readRequest(tokenAuthorizerEvent({ token: 'Bearer t' }));
    expect(token.header('authorization')).toBeUndefined();
    expect(token.sourceIp).toBeUndefined();
  });

  it('treats null maps (console test events) and hostile input as empty', () => {
    const event = requestAuthorizerEvent();
    expect(readRequest(event).header('x')).toBeUndefined();
    expect(readRequest(event).query('__proto__')).toBeUndefined();
    expect(readRequest({ ...event, headers: { x: 1 as never } }).header('x')).toBeUndefined();
    expect(readRequest(null as never).methodArn).toBe('');
  });
});
