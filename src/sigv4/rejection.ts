import { SigV4RejectedError, type SigV4RejectedErrorCode } from './errors.js';

const MAX_BODY_CHARS = 4096;
/**
 * How much of a refusal's body is read: AWS's messages are a few hundred bytes, and a body that goes
 * on (a hostile or broken receiver) is cut off here, never buffered whole.
 */
const MAX_BODY_BYTES = 8192;
const MAX_MESSAGE_CHARS = 300;

/** The AWS error types a SigV4 or IAM refusal carries in `x-amzn-ErrorType`. */
const REJECTION_TYPES = new Set([
  'InvalidSignatureException',
  'IncompleteSignatureException',
  'AccessDeniedException',
  'UnrecognizedClientException',
  'MissingAuthenticationTokenException',
  'InvalidClientTokenId',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
]);

/** The AWS error type of a response, e.g. `InvalidSignatureException`; `undefined` when there is none. */
export function awsErrorType(response: Response): string | undefined {
  const header = response.headers.get('x-amzn-errortype');
  if (!header) return undefined;
  const type = header.split(':')[0]?.trim();
  return type === '' ? undefined : type;
}

/** Whether a response is AWS refusing the signature or the IAM authorization (not the function's own 403). */
export function isSigV4Rejection(response: Response): boolean {
  if (response.status !== 403) return false;
  const type = awsErrorType(response);
  return type !== undefined && REJECTION_TYPES.has(type);
}

const HINTS: Record<SigV4RejectedErrorCode, string> = {
  ERR_SIGV4_INVALID_SIGNATURE:
    'Check that the request was signed for the receiver: service "lambda" and the region of the function URL, not of the caller; that the URL sent is the signed URL (query sorted and encoded as signed); that no proxy rewrote the path, query, body or signed headers; and that the secret access key belongs to the access key id.',
  ERR_SIGV4_SIGNATURE_EXPIRED:
    "AWS accepts a signature for 5 minutes either side of its clock. Check the caller's clock (NTP) and sign each attempt just before sending it: do not reuse a signed request for a later retry.",
  ERR_SIGV4_ACCESS_DENIED:
    "The signature is valid but IAM denied the call. Since October 2025 the caller needs both lambda:InvokeFunctionUrl and lambda:InvokeFunction on the function: add both statements to the function's resource-based policy for the caller's role (aws lambda add-permission --action lambda:InvokeFunctionUrl --function-url-auth-type AWS_IAM ..., and --action lambda:InvokeFunction --invoked-via-function-url ...); across accounts the caller's role must allow both too.",
  ERR_SIGV4_UNRECOGNIZED_CLIENT:
    'AWS does not know the access key or the session token: temporary credentials (ASIA...) need their AWS_SESSION_TOKEN, expired ones must be refreshed, and keys from one partition (aws, aws-cn, aws-us-gov) do not work in another.',
};

function classify(type: string, message: string): SigV4RejectedErrorCode {
  if (type === 'AccessDeniedException') return 'ERR_SIGV4_ACCESS_DENIED';
  if (
    type === 'UnrecognizedClientException' ||
    type === 'InvalidClientTokenId' ||
    type === 'ExpiredTokenException'
  ) {
    return 'ERR_SIGV4_UNRECOGNIZED_CLIENT';
  }
  if (/^Signature (expired|not yet current)/i.test(message)) return 'ERR_SIGV4_SIGNATURE_EXPIRED';
  return 'ERR_SIGV4_INVALID_SIGNATURE';
}

function extractMessage(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) {
      const record = parsed as Record<string, unknown>;
      const value = record.message ?? record.Message;
      if (typeof value === 'string') return value;
    }
  } catch {
    // Not JSON: keep the text.
  }
  return text;
}

/**
 * AWS's message cut to its first sentences: some services append the canonical request they
 * computed, which holds the session token, so nothing after "The Canonical String" is kept, and the
 * given secrets are blanked wherever they appear.
 */
function sanitize(message: string, secrets: readonly string[]): string {
  let text = message.split(/\n|The Canonical String/)[0] ?? '';
  for (const secret of secrets) {
    if (secret.length >= 8) text = text.split(secret).join('[redacted]');
  }
  text = text.trim();
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}

function specificHint(code: SigV4RejectedErrorCode, message: string): string {
  const region = /scoped to a valid region, not '([^']*)'/i.exec(message);
  if (region) {
    return `The request was signed for region "${region[1]}", which is not the receiver's. Sign with the region of the function URL (it is in its host). ${HINTS[code]}`;
  }
  const service = /scoped to correct service: '([^']*)'/i.exec(message);
  if (service) return `Sign for service "${service[1]}" (function URLs use "lambda"). ${HINTS[code]}`;
  return HINTS[code];
}

/**
 * The first {@link MAX_BODY_BYTES} bytes of a body as text; the rest is never read: the stream is
 * cancelled, which closes the connection. The cancellation is not awaited (a custom `fetch`'s stream
 * may never settle it).
 */
async function readHead(response: Response): Promise<string> {
  const body = response.body;
  if (body === null) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let received = 0;
  try {
    while (received < MAX_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done || !(value instanceof Uint8Array)) break;
      const bytes = value.subarray(0, MAX_BODY_BYTES - received);
      received += bytes.length;
      text += decoder.decode(bytes, { stream: true });
    }
    return text + decoder.decode();
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

/**
 * Turns AWS's 403 answer to a signed request into a {@link SigV4RejectedError}, reading at most the
 * first {@link MAX_BODY_BYTES} bytes of the response body and cancelling the rest. `secrets` are
 * blanked from the message AWS sent back.
 */
export async function toRejectedError(
  response: Response,
  secrets: readonly string[],
): Promise<SigV4RejectedError> {
  const type = awsErrorType(response) ?? 'Unknown';
  let text = '';
  try {
    text = (await readHead(response)).slice(0, MAX_BODY_CHARS);
  } catch {
    // The body is only used for the message.
  }
  const awsMessage = sanitize(extractMessage(text), secrets);
  const code = classify(type, awsMessage);
  const hint = specificHint(code, awsMessage);
  const requestId = response.headers.get('x-amzn-requestid') ?? undefined;
  return new SigV4RejectedError(
    code,
    `AWS refused the signed request with ${response.status} ${type}${awsMessage ? `: ${awsMessage}` : '.'} ${hint}`,
    { status: response.status, errorType: type, awsMessage, requestId, hint },
  );
}
