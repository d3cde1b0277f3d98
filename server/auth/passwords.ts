import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

// Algorithm.Argon2id: the package declares Algorithm as an ambient const enum, which isolatedModules
// forbids reading, so the value is written out and type-checked against the enum member.
export const ARGON2ID: Algorithm.Argon2id = 2;

// OWASP Password Storage Cheat Sheet, argon2id minimum configuration.
const HASH_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

/**
 * Hash of a random password nobody knows, made with HASH_OPTIONS, so verifying against it costs the same
 * as verifying a real user's hash. Regenerate it if HASH_OPTIONS change (a test checks they match).
 */
export const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$fLkVD4GlIJg9wFhmATg2zQ$SKufXrTiiarvaoniWXaVv/IZecCjPxX+2czBhyHWuzQ';

export function hashPassword(plain: string): Promise<string> {
  return hash(plain, HASH_OPTIONS);
}

export async function verifyPassword(hashed: string, plain: string): Promise<boolean> {
  try {
    return await verify(hashed, plain);
  } catch {
    return false;
  }
}

/** Spend the time of a real verification when the user does not exist, so timing does not reveal it. */
export async function burnVerify(plain: string): Promise<false> {
  await verifyPassword(DUMMY_HASH, plain);
  return false;
}

// Only entries a length rule alone might not catch matter, but short classics are kept for clarity.
const COMMON_PASSWORDS = new Set([
  'password',
  'password1',
  'password12',
  'password123',
  'password1234',
  'passw0rd123',
  '123456789',
  '1234567890',
  '12345678910',
  '0123456789',
  '9876543210',
  'qwertyuiop',
  'qwerty1234',
  'qwerty12345',
  'qwerty123456',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  'asdfghjkl;',
  'iloveyou123',
  'letmein123',
  'welcome123',
  'changeme123',
  'administrator',
  'admin12345',
]);

// A one- or two-letter username would forbid half the alphabet; only longer ones are searched for.
const MIN_USERNAME_LENGTH_TO_SEARCH = 3;

/** Reasons the password is not acceptable, in English; an empty array means it is fine. */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  const chars = Array.from(password);
  if (chars.length < MIN_PASSWORD_LENGTH) {
    problems.push(`Password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  }
  if (chars.length > MAX_PASSWORD_LENGTH) {
    problems.push(`Password must be at most ${MAX_PASSWORD_LENGTH} characters long.`);
  }
  if (chars.length > 0 && chars.every((c) => c === chars[0])) {
    problems.push('Password must not be the same character repeated.');
  }
  const lower = password.toLowerCase();
  const name = username?.trim().toLowerCase() ?? '';
  if (
    name !== '' &&
    (lower === name || (name.length >= MIN_USERNAME_LENGTH_TO_SEARCH && lower.includes(name)))
  ) {
    problems.push('Password must not contain the username.');
  }
  if (COMMON_PASSWORDS.has(lower)) {
    problems.push('Password is too common; choose something less predictable.');
  }
  return problems;
}

/** Password field schema; the username rule needs the whole form, so call passwordProblems for that. */
export const passwordSchema = z.string().superRefine((value, ctx) => {
  for (const message of passwordProblems(value)) ctx.addIssue({ code: 'custom', message });
});
