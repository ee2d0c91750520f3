import { describeType } from '../lib/describe.js';
import { InvalidOptionError } from '../lib/errors.js';
import { matchesWildcard } from '../lib/wildcard.js';
import { AuthorizerFailedError } from './errors.js';
import { type AuthorizerLogger, consoleLogger } from './failure.js';

/**
 * What kind of IAM principal signed a request, read from its ARN: an IAM `user`, an `assumed-role`
 * session (a Lambda function, an ECS task, an SSO user, anything holding role credentials), the
 * account's `root` user, an STS `federated-user`, or `other`.
 *
 * See the example of {@link readFunctionUrlCaller}.
 */
export type IamPrincipalType = 'user' | 'assumed-role' | 'root' | 'federated-user' | 'other';

/**
 * Who called a function URL whose auth type is `AWS_IAM`, as Lambda reports it in
 * `event.requestContext.authorizer.iam` once it has checked the caller's SigV4 signature and IAM
 * permissions.
 *
 * See the example of {@link readFunctionUrlCaller}.
 */
export interface IamCaller {
  /** The caller's AWS account (`accountId`). */
  readonly accountId: string;
  /**
   * The caller's ARN (`userArn`): `arn:aws:iam::111122223333:user/alice`, or for a role session
   * `arn:aws:sts::111122223333:assumed-role/my-role/my-session` (without the role's path).
   */
  readonly arn: string;
  /** `callerId`: the principal's unique id; for a role session `AROA…:session-name`. */
  readonly callerId: string;
  /** `userId`: the principal's unique id as IAM's `aws:userid` gives it. */
  readonly userId: string;
  /** The id of the caller account's AWS Organization (`principalOrgId`), if it is in one. */
  readonly principalOrgId: string | undefined;
  /** The access key id the request was signed with (`accessKey`): an identifier, not a secret. */
  readonly accessKeyId: string;
  /** What kind of principal `arn` names. */
  readonly type: IamPrincipalType;
  /** For an `assumed-role` session: the role's name (its path is not in the session's ARN). */
  readonly roleName: string | undefined;
  /** For an `assumed-role` session: the session name the caller chose when it assumed the role. */
  readonly sessionName: string | undefined;
}

/**
 * The part of a function URL event (payload format 2.0) the caller is read from. The `aws-lambda`
 * types' `LambdaFunctionURLEventWithIAMAuthorizer` fits it, as does the testing kit's event.
 *
 * See the example of {@link readFunctionUrlCaller}.
 */
export interface FunctionUrlIamEvent {
  readonly requestContext?: { readonly authorizer?: unknown } | undefined;
}

const ACCOUNT_ID = /^\d{12}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

/**
 * Reads who called a function URL with auth type `AWS_IAM` from `event.requestContext.authorizer.iam`,
 * checked and typed. Lambda has already verified the signature and the caller's permission to invoke;
 * this tells the function who it was, for its own decisions and logs.
 *
 * @throws {@link AuthorizerFailedError} `ERR_AUTHORIZER_NO_IAM_CALLER` when the event carries no
 * usable IAM identity: the function URL's auth type is `NONE`, or the event is not a function URL's.
 *
 * @example
 * ```ts
 * import { readFunctionUrlCaller } from 'lambda-authorizer-kit/authorizer';
 * import type { LambdaFunctionURLEventWithIAMAuthorizer } from 'aws-lambda';
 *
 * export const handler = async (event: LambdaFunctionURLEventWithIAMAuthorizer) => {
 *   const caller = readFunctionUrlCaller(event);
 *   console.log(JSON.stringify({ caller: caller.arn, role: caller.roleName }));
 *   return { statusCode: 200, body: `hello, ${caller.type} of account ${caller.accountId}` };
 * };
 * ```
 */
export function readFunctionUrlCaller(event: FunctionUrlIamEvent): IamCaller {
  return readCaller(event).caller;
}

/** The caller and the parts of its ARN, read once for the guard's matching. */
function readCaller(event: FunctionUrlIamEvent): { caller: IamCaller; parts: ArnParts } {
  const iam = iamBlock(event);
  const text = (field: string): string => {
    const value = iam[field];
    if (typeof value === 'string' && value !== '') return value;
    throw noCaller(
      `event.requestContext.authorizer.iam.${field} must be a non-empty string, got ${value === '' ? 'an empty one' : describeType(value)}.`,
    );
  };
  const accountId = text('accountId');
  if (!ACCOUNT_ID.test(accountId)) {
    throw noCaller('event.requestContext.authorizer.iam.accountId is not a 12-digit AWS account id.');
  }
  const arn = text('userArn');
  const parts = splitArn(arn);
  if (parts === undefined || parts.account !== accountId) {
    throw noCaller(
      'event.requestContext.authorizer.iam.userArn is not the ARN of a principal of accountId (arn:<partition>:iam|sts::<accountId>:<resource>).',
    );
  }
  const org = iam.principalOrgId;
  if (org !== undefined && org !== null && typeof org !== 'string') {
    throw noCaller(
      `event.requestContext.authorizer.iam.principalOrgId must be a string or null, got ${describeType(org)}.`,
    );
  }
  const caller: IamCaller = Object.freeze({
    accountId,
    arn,
    callerId: text('callerId'),
    userId: text('userId'),
    principalOrgId: typeof org === 'string' && org !== '' ? org : undefined,
    accessKeyId: text('accessKey'),
    ...principalOf(parts),
  });
  return { caller, parts };
}

function iamBlock(event: FunctionUrlIamEvent): Record<string, unknown> {
  const context: unknown = typeof event === 'object' && event !== null ? event.requestContext : undefined;
  const authorizer: unknown =
    typeof context === 'object' && context !== null
      ? (context as { authorizer?: unknown }).authorizer
      : undefined;
  const iam: unknown =
    typeof authorizer === 'object' && authorizer !== null ? (authorizer as { iam?: unknown }).iam : undefined;
  if (typeof iam === 'object' && iam !== null && !Array.isArray(iam)) return iam as Record<string, unknown>;
  throw noCaller(
    "The event has no requestContext.authorizer.iam: set the function URL's auth type to AWS_IAM (with auth type NONE anyone can call it, and Lambda says nothing about who did).",
  );
}

function noCaller(message: string): AuthorizerFailedError {
  return new AuthorizerFailedError('ERR_AUTHORIZER_NO_IAM_CALLER', message);
}

/** The six parts of an IAM or STS ARN; `undefined` for anything else. */
interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

function splitArn(arn: string): ArnParts | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', account = ''] = parts;
  const resource = parts.slice(5).join(':');
  if (partition === '' || (service !== 'iam' && service !== 'sts') || region !== '' || resource === '') {
    return undefined;
  }
  return { partition, service, region, account, resource };
}

function principalOf(parts: ArnParts): Pick<IamCaller, 'type' | 'roleName' | 'sessionName'> {
  const { service, resource } = parts;
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    const [, roleName, ...session] = resource.split('/');
    if (roleName && session.length > 0) {
      return { type: 'assumed-role', roleName, sessionName: session.join('/') };
    }
  }
  let type: IamPrincipalType = 'other';
  if (service === 'iam' && resource === 'root') type = 'root';
  else if (service === 'iam' && resource.startsWith('user/')) type = 'user';
  else if (service === 'sts' && resource.startsWith('federated-user/')) type = 'federated-user';
  return { type, roleName: undefined, sessionName: undefined };
}

/**
 * Which callers a {@link FunctionUrlCallerGuard} lets through. Every list that is given must match
 * (a caller in an allowed account but outside the allowed organization is refused); within a list,
 * any entry does. At least one list is required, and none may be empty.
 *
 * See the example of {@link createFunctionUrlCallerGuard}.
 */
export interface FunctionUrlCallerGuardOptions {
  /** 12-digit AWS account ids. */
  readonly accounts?: readonly string[] | undefined;
  /**
   * Principal ARNs, with IAM's wildcards (`*` any run of characters, `?` one character, each within
   * one colon-separated part, case-sensitive as in `ArnLike`):
   *
   * - a role, `arn:aws:iam::111122223333:role/my-role`: matches every session of that role. A
   *   session's ARN does not carry the role's path, so sessions match on account and role name (a
   *   role's name is unique in its account); a wildcard cannot be checked together with a path and
   *   is refused at creation (write `role/ci-*`, not `role/ci/*`);
   * - a role session, `arn:aws:sts::111122223333:assumed-role/my-role/ci-*`;
   * - a user, `arn:aws:iam::111122223333:user/alice`, or the account's `root`.
   */
  readonly principals?: readonly string[] | undefined;
  /** AWS Organizations ids (`o-…`): the caller's account must belong to one of them. */
  readonly organizations?: readonly string[] | undefined;
  /** Where refusals (debug) and unusable events (error) are logged. Default: JSON on the console. */
  readonly logger?: AuthorizerLogger | undefined;
}

/**
 * A function URL handler's answer: what the guard returns when it refuses.
 *
 * See the example of {@link createFunctionUrlCallerGuard}.
 */
export interface FunctionUrlResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * A guard's verdict on one event: the caller when it is allowed, otherwise the response to return
 * (403 for a caller outside the allowlist, 500 for an event without an IAM identity) and the reason.
 *
 * See the example of {@link createFunctionUrlCallerGuard}.
 */
export type CallerCheck =
  | { readonly allowed: true; readonly caller: IamCaller }
  | {
      readonly allowed: false;
      readonly response: FunctionUrlResponse;
      /** `ERR_AUTHORIZER_CALLER_REFUSED` (403) or `ERR_AUTHORIZER_NO_IAM_CALLER` (500). */
      readonly code: 'ERR_AUTHORIZER_CALLER_REFUSED' | 'ERR_AUTHORIZER_NO_IAM_CALLER';
      /** Why, in words: which list the caller is not in, or what the event lacks. */
      readonly reason: string;
      /** The caller, when the event named one. */
      readonly caller: IamCaller | undefined;
    };

/**
 * Checks the callers of a function URL against an allowlist. Made by
 * {@link createFunctionUrlCallerGuard}.
 */
export interface FunctionUrlCallerGuard {
  /** The verdict on one event; never throws. */
  check(event: FunctionUrlIamEvent): CallerCheck;
  /**
   * Wraps a handler: it runs only for allowed callers, with the caller as its second argument;
   * everyone else gets the guard's 403 (or 500) response.
   */
  protect<E extends FunctionUrlIamEvent, C, R>(
    handler: (event: E, caller: IamCaller, context: C) => Promise<R> | R,
  ): (event: E, context: C) => Promise<R | FunctionUrlResponse>;
}

type CompiledPrincipal = (caller: IamCaller, parts: ArnParts) => boolean;

/**
 * Creates a guard for the function behind an `AWS_IAM` function URL: a second line behind the
 * function's resource policy, which answers 403 to any caller outside the allowlist of accounts,
 * principals and organizations (every list given must match), and 500 when the event carries no IAM
 * identity (the URL's auth type is `NONE`).
 *
 * @throws {@link InvalidOptionError} when no list is given, a list is empty, or an entry is not an
 * account id, a principal ARN or an organization id.
 *
 * @example
 * ```ts
 * import { createFunctionUrlCallerGuard } from 'lambda-authorizer-kit/authorizer';
 * import type { LambdaFunctionURLEventWithIAMAuthorizer } from 'aws-lambda';
 *
 * const guard = createFunctionUrlCallerGuard({
 *   principals: ['arn:aws:iam::111122223333:role/orders-service'],
 *   organizations: ['o-a1b2c3d4e5'],
 * });
 *
 * export const handler = guard.protect(async (event: LambdaFunctionURLEventWithIAMAuthorizer, caller) => {
 *   return { statusCode: 200, body: JSON.stringify({ path: event.rawPath, caller: caller.arn }) };
 * });
 * ```
 */
export function createFunctionUrlCallerGuard(options: FunctionUrlCallerGuardOptions): FunctionUrlCallerGuard {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError(
      'options',
      `The options must be an object such as { accounts: ['111122223333'] }, got ${describeType(options)}.`,
    );
  }
  const accounts = readList(options, 'accounts', (entry) =>
    ACCOUNT_ID.test(entry) ? undefined : 'is not a 12-digit AWS account id',
  );
  const organizations = readList(options, 'organizations', (entry) =>
    ORGANIZATION_ID.test(entry)
      ? undefined
      : 'is not an AWS Organizations id (o- and 10 to 32 lowercase letters or digits)',
  );
  const patterns = readList(options, 'principals', principalProblem);
  if (accounts === undefined && organizations === undefined && patterns === undefined) {
    throw new InvalidOptionError(
      'accounts',
      'Give at least one of accounts, principals or organizations: a guard without a list would let every signed caller through.',
    );
  }
  const principals = patterns?.map(compilePrincipal);
  const logger = options.logger ?? consoleLogger;
  const accountSet = accounts && new Set(accounts);
  const organizationSet = organizations && new Set(organizations);

  const refuse = (caller: IamCaller, list: string, reason: string): CallerCheck => {
    log(() =>
      logger.debug?.('function URL caller refused', {
        status: 403,
        code: 'ERR_AUTHORIZER_CALLER_REFUSED',
        list,
        reason,
        accountId: caller.accountId,
        arn: caller.arn,
      }),
    );
    return {
      allowed: false,
      response: respond(403, 'Forbidden'),
      code: 'ERR_AUTHORIZER_CALLER_REFUSED',
      reason,
      caller,
    };
  };

  const check = (event: FunctionUrlIamEvent): CallerCheck => {
    let caller: IamCaller;
    let parts: ArnParts;
    try {
      ({ caller, parts } = readCaller(event));
    } catch (error) {
      const reason = error instanceof AuthorizerFailedError ? error.message : 'The event could not be read.';
      log(() =>
        logger.error('function URL event without a usable IAM identity', {
          status: 500,
          code: 'ERR_AUTHORIZER_NO_IAM_CALLER',
          reason,
        }),
      );
      return {
        allowed: false,
        response: respond(500, 'Internal Server Error'),
        code: 'ERR_AUTHORIZER_NO_IAM_CALLER',
        reason,
        caller: undefined,
      };
    }
    if (accountSet !== undefined && !accountSet.has(caller.accountId)) {
      return refuse(caller, 'accounts', "The caller's account is not in accounts.");
    }
    if (
      organizationSet !== undefined &&
      !(caller.principalOrgId && organizationSet.has(caller.principalOrgId))
    ) {
      return refuse(
        caller,
        'organizations',
        caller.principalOrgId === undefined
          ? "The caller's account is in no AWS Organization, and organizations is set."
          : "The caller's organization is not in organizations.",
      );
    }
    if (principals !== undefined) {
      if (!principals.some((matches) => matches(caller, parts))) {
        return refuse(caller, 'principals', 'The caller matches no entry of principals.');
      }
    }
    return { allowed: true, caller };
  };

  return Object.freeze({
    check,
    protect<E extends FunctionUrlIamEvent, C, R>(
      handler: (event: E, caller: IamCaller, context: C) => Promise<R> | R,
    ): (event: E, context: C) => Promise<R | FunctionUrlResponse> {
      if (typeof handler !== 'function') {
        throw new InvalidOptionError(
          'handler',
          `protect() must be given the handler function, got ${describeType(handler)}.`,
        );
      }
      return async (event, context) => {
        const verdict = check(event);
        if (verdict.allowed !== true) return verdict.response;
        return await handler(event, verdict.caller, context);
      };
    },
  });
}

/** A logger that throws does not change the verdict. */
function log(write: () => void): void {
  try {
    write();
  } catch {
    // The verdict stands; a broken logger is not a reason to let anyone in or to fail the call.
  }
}

function respond(statusCode: number, message: string): FunctionUrlResponse {
  return Object.freeze({
    statusCode,
    headers: Object.freeze({ 'content-type': 'application/json' }),
    body: JSON.stringify({ message }),
  });
}

function readList(
  options: FunctionUrlCallerGuardOptions,
  name: 'accounts' | 'organizations' | 'principals',
  problemOf: (entry: string) => string | undefined,
): string[] | undefined {
  const list: unknown = options[name];
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) {
    throw new InvalidOptionError(name, `${name} must be an array of strings, got ${describeType(list)}.`);
  }
  if (list.length === 0) {
    throw new InvalidOptionError(
      name,
      `${name} is empty, which would refuse every caller: list at least one entry, or leave ${name} out.`,
    );
  }
  return list.map((entry: unknown, index) => {
    if (typeof entry !== 'string') {
      throw new InvalidOptionError(name, `${name}[${index}] must be a string, got ${describeType(entry)}.`);
    }
    const problem = problemOf(entry);
    if (problem !== undefined) {
      throw new InvalidOptionError(name, `${name}[${index}] "${entry}" ${problem}.`);
    }
    return entry;
  });
}

const WILDCARD = /[*?]/;

function principalProblem(pattern: string): string | undefined {
  const parts = splitArn(pattern);
  if (parts === undefined) {
    return 'is not an IAM or STS principal ARN (arn:<partition>:iam::<account>:role/<name>, user/<name> or root; arn:<partition>:sts::<account>:assumed-role/<role>/<session>)';
  }
  if (!/^[\d*?]+$/.test(parts.account)) return 'has an account that is neither 12 digits nor a wildcard';
  const { service, resource } = parts;
  if (service === 'sts') {
    return /^(assumed-role|federated-user)\//.test(resource)
      ? undefined
      : 'is an STS ARN that names neither an assumed-role session nor a federated user';
  }
  if (resource === 'root' || resource.startsWith('user/')) return undefined;
  if (!resource.startsWith('role/')) {
    return 'names no principal: give a role (role/<name>), a user (user/<name>) or root';
  }
  const slash = resource.lastIndexOf('/');
  const path = resource.slice('role/'.length, slash + 1);
  const name = resource.slice(slash + 1);
  if (name === '') return 'has no role name';
  if (WILDCARD.test(path) || (path !== '' && WILDCARD.test(name))) {
    return "has a wildcard with a role path, which a role session's ARN does not carry: give the role's path and exact name, or a name pattern without a path (role/<name-with-wildcards>)";
  }
  return undefined;
}

function compilePrincipal(pattern: string): CompiledPrincipal {
  const want = splitArn(pattern) as ArnParts;
  const base = (parts: ArnParts) =>
    matchesWildcard(want.partition, parts.partition) && matchesWildcard(want.account, parts.account);
  if (want.service === 'iam' && want.resource.startsWith('role/')) {
    const name = want.resource.slice(want.resource.lastIndexOf('/') + 1);
    return (caller, parts) =>
      caller.type === 'assumed-role' &&
      caller.roleName !== undefined &&
      base(parts) &&
      matchesWildcard(name, caller.roleName);
  }
  return (_caller, parts) =>
    want.service === parts.service && base(parts) && matchesWildcard(want.resource, parts.resource);
}
