import fc from 'fast-check';

/** Generators of execute-api ARN parts, shared by the ARN property tests. */
const lower = 'abcdefghijklmnopqrstuvwxyz';
const digits = '0123456789';

/** A string of `min` to `max` characters drawn from `chars`. */
export const from = (chars: string, min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...chars.split('')), minLength: min, maxLength: max });

export const partition = fc.constantFrom('aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b');
export const region = fc.constantFrom(
  'us-east-1',
  'eu-west-3',
  'cn-north-1',
  'cn-northwest-1',
  'us-gov-west-1',
  'ap-southeast-5',
);
export const account = from(digits, 12, 12);
export const apiId = from(lower + digits, 1, 12);
/** A stage as a request names it. */
export const requestStage = fc.oneof(fc.constant('$default'), from(`${lower}ABCXYZ${digits}-_`, 1, 20));
export const verb = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', '*');
/** Real request paths: RFC 3986 characters, ":" included, plus unicode. */
export const requestPath = fc
  .array(
    fc.string({
      unit: fc.oneof(
        fc.constantFrom(...`${lower}${digits}-._~:@!$&'()*+,;=%`.split('')),
        fc.constantFrom('é', 'ü', '中', '😀'),
      ),
      maxLength: 12,
    }),
    { maxLength: 6 },
  )
  .map((segments) => `/${segments.join('/')}`);
export const routeKey = fc.oneof(
  fc.constantFrom('$connect', '$disconnect', '$default', '*'),
  from(lower, 1, 10),
);
