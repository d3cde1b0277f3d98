import { parseOptions } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import {
  ARGON2ID,
  burnVerify,
  DUMMY_HASH,
  hashPassword,
  passwordProblems,
  passwordSchema,
  verifyPassword,
} from './passwords';

describe('hashPassword', () => {
  it('produces an argon2id hash with the OWASP parameters (19 MiB, 2 passes, 1 lane)', async () => {
    const hashed = await hashPassword('correct horse battery');
    expect(hashed.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    expect(parseOptions(hashed)).toMatchObject({
      algorithm: ARGON2ID,
      memoryCost: 19456,
      timeCost: 2,
      parallelism: 1,
    });
  });

  it('salts every hash, so the same password never hashes the same way twice', async () => {
    expect(await hashPassword('correct horse battery')).not.toBe(await hashPassword('correct horse battery'));
  });
});

describe('verifyPassword', () => {
  it('accepts the password the hash was made from and rejects any other', async () => {
    const hashed = await hashPassword('correct horse battery');
    expect(await verifyPassword(hashed, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hashed, 'Correct horse battery')).toBe(false);
    expect(await verifyPassword(hashed, '')).toBe(false);
  });

  it('returns false instead of throwing for a malformed hash', async () => {
    for (const bad of [
      '',
      'not a hash',
      '$argon2id$v=19$m=19456,t=2,p=1$broken',
      '$2b$10$abcdefghijklmnopqrstuv',
    ]) {
      await expect(verifyPassword(bad, 'whatever password')).resolves.toBe(false);
    }
  });
});

describe('burnVerify and DUMMY_HASH', () => {
  it('DUMMY_HASH uses exactly the parameters of a real hash, so verifying against it costs the same', async () => {
    expect(parseOptions(DUMMY_HASH)).toEqual(parseOptions(await hashPassword('anything at all')));
  });

  it('always reports failure, whatever the password', async () => {
    await expect(burnVerify('correct horse battery')).resolves.toBe(false);
    await expect(burnVerify('')).resolves.toBe(false);
  });
});

describe('passwordProblems', () => {
  it('accepts a reasonable password', () => {
    expect(passwordProblems('correct horse battery', 'alice')).toEqual([]);
  });

  it('requires at least 10 characters, counting characters rather than UTF-16 units', () => {
    expect(passwordProblems('short1!')).toEqual(['Password must be at least 10 characters long.']);
    expect(passwordProblems('abcdefghi')).toHaveLength(1);
    expect(passwordProblems('abcdefghij')).toEqual([]);
    expect(passwordProblems('🚢🚢🚢🚢🚢⚓⚓⚓⚓')).toEqual(['Password must be at least 10 characters long.']);
  });

  it('allows at most 256 characters', () => {
    const long = 'ab'.repeat(128);
    expect(passwordProblems(long)).toEqual([]);
    expect(passwordProblems(`${long}c`)).toEqual(['Password must be at most 256 characters long.']);
  });

  it('refuses one character repeated', () => {
    expect(passwordProblems('aaaaaaaaaaaa')).toEqual(['Password must not be the same character repeated.']);
  });

  it('refuses the username itself, in any case, or a password containing it', () => {
    const message = 'Password must not contain the username.';
    expect(passwordProblems('Administrator-Bob', 'administrator-bob')).toEqual([message]);
    expect(passwordProblems('my-alice-password', 'Alice')).toEqual([message]);
    expect(passwordProblems('correct horse battery', 'bob')).toEqual([]);
  });

  it('does not search for one- or two-letter usernames inside the password', () => {
    expect(passwordProblems('correct horse battery', 'co')).toEqual([]);
  });

  it('refuses very common passwords, in any case', () => {
    const message = 'Password is too common; choose something less predictable.';
    expect(passwordProblems('qwertyuiop')).toEqual([message]);
    expect(passwordProblems('Password123')).toEqual([message]);
    expect(passwordProblems('1234567890')).toEqual([message]);
    expect(passwordProblems('password')).toContain(message);
  });

  it('lists every problem at once', () => {
    expect(passwordProblems('')).toEqual(['Password must be at least 10 characters long.']);
    expect(passwordProblems('zzz', 'zzz')).toEqual([
      'Password must be at least 10 characters long.',
      'Password must not be the same character repeated.',
      'Password must not contain the username.',
    ]);
  });
});

describe('passwordSchema', () => {
  it('accepts a good password', () => {
    expect(passwordSchema.safeParse('correct horse battery').success).toBe(true);
  });

  it('reports each problem as an issue with its message', () => {
    const result = passwordSchema.safeParse('aaa');
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'Password must be at least 10 characters long.',
      'Password must not be the same character repeated.',
    ]);
  });

  it('refuses a non-string', () => {
    expect(passwordSchema.safeParse(1234567890).success).toBe(false);
  });
});
