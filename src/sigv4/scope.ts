import { InvalidOptionError } from '../lib/errors.js';

/**
 * The region and service a request is signed for.
 *
 * See the example of {@link inferSigningScope}.
 */
export interface SigningScope {
  /** The region of the receiver, e.g. `eu-central-1`. */
  region: string;
  /** The service signing name, e.g. `lambda`. */
  service: string;
}

const FUNCTION_URL_HOST = /^[a-z0-9]+\.lambda-url\.([a-z0-9-]+)\.on\.(?:aws|amazonwebservices\.com\.cn)$/;
const EXECUTE_API_HOST = /^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;
const REGION = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SERVICE = /^[a-z0-9][a-z0-9-]*$/;

/** The service signing name used when neither the option nor the host names one. */
export const DEFAULT_SERVICE = 'lambda';

/**
 * The region and service a host names: `lambda` for function URLs
 * (`<url-id>.lambda-url.<region>.on.aws`), `execute-api` for API Gateway
 * (`<api-id>.execute-api.<region>.amazonaws.com`); `undefined` for any other host.
 *
 * @example
 * ```ts
 * import { inferSigningScope } from 'lambda-authorizer-kit/sigv4';
 *
 * export const handler = async () => {
 *   return inferSigningScope('abc123.lambda-url.eu-central-1.on.aws');
 *   // { region: 'eu-central-1', service: 'lambda' }
 * };
 * ```
 */
export function inferSigningScope(hostname: string): SigningScope | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  const fn = FUNCTION_URL_HOST.exec(host);
  if (fn?.[1]) return { region: fn[1], service: 'lambda' };
  const api = EXECUTE_API_HOST.exec(host);
  if (api?.[1]) return { region: api[1], service: 'execute-api' };
  return undefined;
}

function badOption(name: string, value: unknown, shape: string): InvalidOptionError {
  return new InvalidOptionError(
    name,
    `options.${name} must be ${shape}, got ${typeof value === 'string' ? JSON.stringify(value.slice(0, 64)) : typeof value}.`,
  );
}

/**
 * The scope to sign a request to `hostname` with: the options, checked against what the host names.
 *
 * @throws {@link InvalidOptionError} (`option: 'region'` or `'service'`) when neither names a
 * region, when an option contradicts the host, or for a malformed region or service.
 */
export function resolveScope(hostname: string, region: unknown, service: unknown): SigningScope {
  if (region !== undefined && (typeof region !== 'string' || region.length > 64 || !REGION.test(region))) {
    throw badOption('region', region, 'a region code such as "eu-central-1"');
  }
  if (
    service !== undefined &&
    (typeof service !== 'string' || service.length > 64 || !SERVICE.test(service))
  ) {
    throw badOption('service', service, 'a service signing name such as "lambda"');
  }
  const inferred = inferSigningScope(hostname);
  if (inferred) {
    if (region !== undefined && region !== inferred.region) {
      throw new InvalidOptionError(
        'region',
        `options.region is "${region}" but ${hostname} is in "${inferred.region}". Sign with the region of the receiver, not of the caller: omit options.region for this host.`,
      );
    }
    if (service !== undefined && service !== inferred.service) {
      throw new InvalidOptionError(
        'service',
        `options.service is "${service}" but ${hostname} is signed for "${inferred.service}". Omit options.service for this host.`,
      );
    }
    return inferred;
  }
  if (region === undefined) {
    throw new InvalidOptionError(
      'region',
      `Cannot tell the region from the host ${hostname}: only function URL hosts (<url-id>.lambda-url.<region>.on.aws) and API Gateway hosts name it. Pass options.region, the region of the receiving function.`,
    );
  }
  return { region, service: (service as string | undefined) ?? DEFAULT_SERVICE };
}
