import { describe, expect, it } from 'vitest';
import {
  findRecoveryCode,
  generateRecoveryCodes,
  hashRecoveryCode,
  normalizeRecoveryCode,
  RECOVERY_CODE_ALPHABET,
} from './recovery-codes';

describe('generateRecoveryCodes', () => {
  it('makes ten codes by default, or as many as asked', () => {
    expect(generateRecoveryCodes()).toHaveLength(10);
    expect(generateRecoveryCodes(3)).toHaveLength(3);
    expect(generateRecoveryCodes(0)).toEqual([]);
  });

  it('formats each code as three dash-separated groups of four symbols', () => {
    for (const code of generateRecoveryCodes(20))
      expect(code).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
  });

  it('draws from 32 unambiguous symbols (no 0/o, 1/l), giving 60 bits per code', () => {
    expect(new Set(RECOVERY_CODE_ALPHABET).size).toBe(32);
    for (const ambiguous of '0o1l') expect(RECOVERY_CODE_ALPHABET).not.toContain(ambiguous);
    const symbols = normalizeRecoveryCode(generateRecoveryCodes(1)[0] ?? '');
    expect(symbols.length * Math.log2(RECOVERY_CODE_ALPHABET.length)).toBeGreaterThanOrEqual(60);
    const used = new Set(generateRecoveryCodes(200).flatMap((c) => [...normalizeRecoveryCode(c)]));
    for (const s of used) expect(RECOVERY_CODE_ALPHABET).toContain(s);
    expect(used.size).toBe(32);
  });

  it('does not repeat codes', () => {
    expect(new Set(generateRecoveryCodes(500)).size).toBe(500);
  });
});

describe('hashRecoveryCode', () => {
  it('is the SHA-256 hex digest of the normalised code', () => {
    expect(hashRecoveryCode('abcd-efgh-ijkm')).toBe(
      '09a08069fd8765a1f148349995fdf192d2d845fc0436288dae1ff3d6cec81fb3',
    );
  });

  it('ignores case, spaces and dashes, so users can type codes loosely', () => {
    const expected = hashRecoveryCode('abcd-efgh-ijkm');
    expect(hashRecoveryCode('ABCD-EFGH-IJKM')).toBe(expected);
    expect(hashRecoveryCode(' abcd efgh ijkm ')).toBe(expected);
    expect(hashRecoveryCode('abcdefghijkm')).toBe(expected);
  });

  it('differs for different codes', () => {
    expect(hashRecoveryCode('abcd-efgh-ijkm')).not.toBe(hashRecoveryCode('abcd-efgh-ijkn'));
  });
});

describe('findRecoveryCode', () => {
  const codes = generateRecoveryCodes(5);
  const hashes = codes.map(hashRecoveryCode);
  /** The i-th code or hash: the lists are made above with five entries. */
  const nth = (list: string[], i: number): string => list[i] ?? '';

  it('returns the index of the matching hash', () => {
    codes.forEach((code, i) => {
      expect(findRecoveryCode(hashes, code)).toBe(i);
    });
  });

  it('matches however the code was typed', () => {
    expect(findRecoveryCode(hashes, nth(codes, 2).toUpperCase().replaceAll('-', ' '))).toBe(2);
  });

  it('returns -1 for an unknown code or an empty list', () => {
    expect(findRecoveryCode(hashes, 'zzzz-zzzz-zzzz')).toBe(-1);
    expect(findRecoveryCode(hashes, '')).toBe(-1);
    expect(findRecoveryCode([], nth(codes, 0))).toBe(-1);
  });

  it('skips malformed stored entries instead of throwing', () => {
    expect(findRecoveryCode(['', 'nothex', nth(hashes, 0).slice(2), nth(hashes, 1)], nth(codes, 1))).toBe(3);
  });

  it('accepts stored hashes in upper case hex', () => {
    expect(findRecoveryCode([nth(hashes, 0).toUpperCase()], nth(codes, 0))).toBe(0);
  });
});
