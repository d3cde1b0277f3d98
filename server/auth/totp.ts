import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

const ALGORITHM = 'SHA1';
const DIGITS = 6;
const PERIOD_SECONDS = 30;
const WINDOW = 1;

/** A new shared secret: 20 random bytes (the RFC 4226 recommended size), base32-encoded. */
export function createTotpSecret(): string {
  // Copy into a fresh ArrayBuffer: a Buffer's .buffer may be larger than the Buffer itself.
  return new Secret({ buffer: new Uint8Array(randomBytes(20)).buffer }).base32;
}

export function totpUri({
  secret,
  account,
  issuer = 'Berth',
}: {
  secret: string;
  account: string;
  issuer?: string;
}): string {
  return new TOTP({
    issuer,
    label: account,
    secret: Secret.fromBase32(secret),
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_SECONDS,
  }).toString();
}

export async function totpQrDataUrl(uri: string): Promise<string> {
  // Loaded when someone sets up TOTP, not at start (~1 MB of heap).
  const { default: QRCode } = await import('qrcode');
  return QRCode.toDataURL(uri, { errorCorrectionLevel: 'M' });
}

export type TotpResult = { ok: true; counter: number } | { ok: false };

/**
 * Checks a code against the secret, allowing one step of clock drift either way. The returned counter must
 * be stored and passed back as lastUsedCounter, so a code (or an earlier one) cannot be used twice.
 */
export function verifyTotp({
  secret,
  token,
  lastUsedCounter,
  now = Date.now(),
}: {
  secret: string;
  token: string;
  lastUsedCounter?: number | null;
  now?: number;
}): TotpResult {
  const code = token.replace(/\s+/g, '');
  if (!/^\d+$/.test(code) || code.length !== DIGITS) return { ok: false };
  let key: Secret;
  try {
    key = Secret.fromBase32(secret);
  } catch {
    return { ok: false };
  }
  if (key.bytes.length === 0) return { ok: false };
  const delta = TOTP.validate({
    token: code,
    secret: key,
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_SECONDS,
    timestamp: now,
    window: WINDOW,
  });
  if (delta === null) return { ok: false };
  const counter = TOTP.counter({ period: PERIOD_SECONDS, timestamp: now }) + delta;
  if (lastUsedCounter != null && counter <= lastUsedCounter) return { ok: false };
  return { ok: true, counter };
}
