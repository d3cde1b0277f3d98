import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const API_TOKEN_PREFIX = 'berth_';
const API_TOKEN_DISPLAY_LENGTH = 12;
// 32 bytes in unpadded base64url.
const API_TOKEN_PATTERN = /^berth_[A-Za-z0-9_-]{43}$/;

export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 hex. Session ids and API tokens are random 256-bit values, so a fast hash is enough to store them. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function newApiToken(): { token: string; prefix: string; hash: string } {
  const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, prefix: token.slice(0, API_TOKEN_DISPLAY_LENGTH), hash: hashSecret(token) };
}

export function isApiTokenFormat(s: string): boolean {
  return API_TOKEN_PATTERN.test(s);
}

/** Constant-time comparison of two hex digests; false for anything that is not non-empty, even-length hex. */
export function safeEqualHex(a: string, b: string): boolean {
  const hex = /^(?:[0-9a-f]{2})+$/i;
  if (!hex.test(a) || !hex.test(b) || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

/** One-time token printed at first start to authorise creating the first admin. */
export function newSetupToken(): string {
  return randomBytes(24).toString('base64url');
}
