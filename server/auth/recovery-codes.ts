import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

// Lowercase letters and digits without 0/o and 1/l: 32 symbols, 5 bits each.
export const RECOVERY_CODE_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const GROUPS = 3;
const GROUP_LENGTH = 4;

/** Codes like `abcd-efgh-ijkm`: 12 symbols of 5 bits = 60 bits of entropy each. */
export function generateRecoveryCodes(n = 10): string[] {
  const codes: string[] = [];
  for (let i = 0; i < n; i++) {
    const groups: string[] = [];
    for (let g = 0; g < GROUPS; g++) {
      let group = '';
      for (let c = 0; c < GROUP_LENGTH; c++)
        group += RECOVERY_CODE_ALPHABET[randomInt(RECOVERY_CODE_ALPHABET.length)];
      groups.push(group);
    }
    codes.push(groups.join('-'));
  }
  return codes;
}

export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]+/g, '');
}

/**
 * SHA-256 hex of the normalised code. A fast unsalted hash is enough here: with 60 random bits per code,
 * brute-forcing a leaked hash is infeasible, unlike human-chosen passwords that need argon2.
 */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normalizeRecoveryCode(code), 'utf8').digest('hex');
}

/** Index of the stored hash matching the code, or -1. */
export function findRecoveryCode(hashes: string[], code: string): number {
  const candidate = Buffer.from(hashRecoveryCode(code), 'hex');
  let found = -1;
  // No early exit: the time taken does not depend on where (or whether) the code matched.
  hashes.forEach((stored, index) => {
    if (!/^[0-9a-f]{64}$/i.test(stored)) return;
    if (timingSafeEqual(Buffer.from(stored, 'hex'), candidate) && found === -1) found = index;
  });
  return found;
}
