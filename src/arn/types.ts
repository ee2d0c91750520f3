/**
 * The HTTP verbs API Gateway puts in a methodArn or routeArn.
 *
 * See the example of {@link routeInStage}.
 */
export type HttpVerb = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/**
 * The parts of an execute-api ARN: a REST API `methodArn`, an HTTP API `routeArn` or a WebSocket
 * `$connect` ARN, as `parseMethodArn()` returns them and `formatMethodArn()` takes them.
 *
 * See the example of {@link parseMethodArn}.
 */
export interface MethodArn {
  /** `aws`, `aws-cn`, `aws-us-gov`, ...: always taken from the ARN, never assumed. */
  partition: string;
  /** The API's region, e.g. `us-east-1`. */
  region: string;
  /** The 12-digit AWS account id that owns the API. */
  accountId: string;
  /** The API id, e.g. `ivdtdhp7b5`. */
  apiId: string;
  /**
   * The stage name, e.g. `prod` or `$default`; `*` (every stage) in a policy resource such as
   * `anyRouteInApi()` returns. A request's methodArn always names its stage.
   */
  stage: string;
  /**
   * The HTTP verb (`GET`, `POST`, ...), `*` for any verb, or a WebSocket route key such as `$connect`
   * (`*` for any route key).
   */
  method: string;
  /**
   * The actual request path, starting with `/` (`/` is the root resource, `/pets/42` a concrete path,
   * never the `/pets/{id}` template). `''` for WebSocket route ARNs, which have no path. In a policy
   * resource, a path pattern with the IAM wildcards `*` and `?`, such as `/*` or `/pets/*`.
   */
  path: string;
}
