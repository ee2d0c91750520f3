const BASE64URL = /^[A-Za-z0-9_-]*$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Whether `text` is canonical unpadded base64url: only the URL-safe alphabet, a possible length, and
 * zero bits in the unused low bits of the last character (so one byte string has one encoding).
 */
export function isCanonicalBase64url(text: string): boolean {
  if (!BASE64URL.test(text)) return false;
  const rest = text.length % 4;
  if (rest === 1) return false;
  if (rest === 0) return true;
  const last = ALPHABET.indexOf(text.charAt(text.length - 1));
  return (last & (rest === 2 ? 0x0f : 0x03)) === 0;
}

/** Decodes canonical base64url; the caller checked it with {@link isCanonicalBase64url}. */
export function decodeBase64url(text: string): Buffer {
  return Buffer.from(text, 'base64url');
}
