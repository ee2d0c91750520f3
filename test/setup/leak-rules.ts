import { SECRETS } from '../support/credentials.js';

/**
 * What must never appear in an error message, a log line or CLI output of the suite: credentials
 * and tokens. Used by the leak recorder (every test file) and by the secret-leak tests.
 */

/** Secret values the tests use (credentials given to the signer, the emulator and the CLI). */
export const KNOWN_TEST_SECRETS: readonly string[] = [
  ...SECRETS,
  'a-wrong-secret-that-is-long-enough-000000',
  'not-the-secret-0000000000000000000000000',
  'another-token-value-0000',
  'a-session-token-from-env-000000',
  'wrong-secret-0000000000000000000000000000',
];

/** One thing found: which rule, and a masked excerpt (never the secret itself). */
export interface LeakFinding {
  readonly rule: string;
  readonly excerpt: string;
}

interface PatternRule {
  readonly rule: string;
  readonly pattern: RegExp;
}

const PATTERNS: readonly PatternRule[] = [
  {
    // header.payload.signature, base64url, a signature of 16 characters or more, and no fourth
    // segment: a host name such as a Google client id (`123-abc.apps.googleusercontent.com`) is not a
    // token, while a token at the end of a sentence still is.
    rule: 'JWT-looking string',
    pattern:
      /(?<![A-Za-z0-9_.-])[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])/g,
  },
  {
    // A compact JWE: five segments, the header a base64url JSON object ("eyJ").
    rule: 'JWE-looking string',
    pattern:
      /(?<![A-Za-z0-9_.-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  },
  { rule: 'SigV4 signature', pattern: /Signature=[0-9a-fA-F]{64}/g },
  {
    rule: 'session token value',
    pattern: /x-amz-security-token['"]?\s*[:=]\s*['"]?[A-Za-z0-9+/=%_-]{8,}/gi,
  },
  {
    rule: 'AWS secret access key',
    pattern:
      /(?:secretAccessKey|AWS_SECRET_ACCESS_KEY)['"]?\s*[:=]\s*['"]?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/g,
  },
];

/** The first characters of a match, the rest masked. */
function mask(value: string): string {
  return `${value.slice(0, 12)}… (${value.length} chars)`;
}

/** Every leak in `text`, by rule; an empty list when it is clean. */
export function findLeaks(text: string, secrets: readonly string[] = KNOWN_TEST_SECRETS): LeakFinding[] {
  const findings: LeakFinding[] = [];
  for (const { rule, pattern } of PATTERNS) {
    for (const match of text.matchAll(pattern)) findings.push({ rule, excerpt: mask(match[0]) });
  }
  for (const secret of secrets) {
    if (secret.length >= 8 && text.includes(secret)) {
      findings.push({ rule: 'known test secret', excerpt: mask(secret) });
    }
  }
  return findings;
}
