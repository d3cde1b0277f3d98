import { describe, expect, it } from 'vitest';
import {
  hashSecret,
  isApiTokenFormat,
  newApiToken,
  newSessionId,
  newSetupToken,
  safeEqualHex,
} from './tokens';

const BASE64URL_32_BYTES = /^[A-Za-z0-9_-]{43}$/;

describe('newSessionId', () => {
  it('is 32 random bytes in base64url', () => {
    const id = newSessionId();
    expect(id).toMatch(BASE64URL_32_BYTES);
    expect(Buffer.from(id, 'base64url')).toHaveLength(32);
  });

  it('never repeats', () => {
    expect(new Set(Array.from({ length: 100 }, newSessionId)).size).toBe(100);
  });
});

describe('hashSecret', () => {
  it('is the SHA-256 hex digest, so only the hash needs storing', () => {
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('newApiToken', () => {
  it('has the form berth_<32 random bytes in base64url>', () => {
    const { token } = newApiToken();
    expect(token.startsWith('berth_')).toBe(true);
    expect(token.slice('berth_'.length)).toMatch(BASE64URL_32_BYTES);
  });

  it('exposes the first 12 characters as a display prefix and the hash for storage', () => {
    const { token, prefix, hash } = newApiToken();
    expect(prefix).toBe(token.slice(0, 12));
    expect(prefix.startsWith('berth_')).toBe(true);
    expect(hash).toBe(hashSecret(token));
  });

  it('never repeats', () => {
    expect(new Set(Array.from({ length: 100 }, () => newApiToken().token)).size).toBe(100);
  });
});

describe('isApiTokenFormat', () => {
  it('recognises generated tokens', () => {
    expect(isApiTokenFormat(newApiToken().token)).toBe(true);
  });

  it('rejects anything else', () => {
    const body = newApiToken().token.slice('berth_'.length);
    for (const bad of [
      '',
      'berth_',
      body,
      `Berth_${body}`,
      `berth_${body}x`,
      `berth_${body.slice(1)}`,
      `berth_${body.slice(1)}=`,
      ` berth_${body}`,
    ]) {
      expect(isApiTokenFormat(bad)).toBe(false);
    }
  });
});

describe('safeEqualHex', () => {
  const a = hashSecret('a');

  it('is true for equal digests, regardless of hex case', () => {
    expect(safeEqualHex(a, a)).toBe(true);
    expect(safeEqualHex(a, a.toUpperCase())).toBe(true);
  });

  it('is false for different digests or different lengths', () => {
    expect(safeEqualHex(a, hashSecret('b'))).toBe(false);
    expect(safeEqualHex(a, a.slice(0, 62))).toBe(false);
  });

  it('is false, without throwing, for empty, odd-length or non-hex input', () => {
    expect(safeEqualHex('', '')).toBe(false);
    expect(safeEqualHex('abc', 'abc')).toBe(false);
    expect(safeEqualHex('zz', 'zz')).toBe(false);
    expect(safeEqualHex(`${a.slice(0, 62)}zz`, `${a.slice(0, 62)}zz`)).toBe(false);
  });
});

describe('newSetupToken', () => {
  it('is 24 random bytes in base64url', () => {
    const token = newSetupToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(24);
    expect(newSetupToken()).not.toBe(token);
  });
});
