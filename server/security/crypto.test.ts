import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, loadSecretKey } from './crypto';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-crypto-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const mode = (file: string) => fs.statSync(file).mode & 0o777;

/** Flips one bit in the given dot-separated part of a payload. */
function flip(payload: string, part: number, byte = 0): string {
  const parts = payload.split('.');
  const bytes = Buffer.from(parts[part] ?? '', 'base64url');
  bytes[byte] = (bytes[byte] ?? 0) ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('encryptSecret / decryptSecret', () => {
  const key = randomBytes(32);

  it('round-trips text, including empty and non-ASCII strings', () => {
    for (const text of ['hunter2-registry-password', '', 'mot de passe ✓ 🚢', 'x'.repeat(10_000)]) {
      expect(decryptSecret(key, encryptSecret(key, text))).toBe(text);
    }
  });

  it('writes v1.<iv>.<tag>.<ciphertext> with a 12-byte IV and a 16-byte tag, in base64url', () => {
    const payload = encryptSecret(key, 'secret');
    const [version, iv = '', tag = '', ciphertext = ''] = payload.split('.');
    expect(version).toBe('v1');
    expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
    expect(Buffer.from(ciphertext, 'base64url')).toHaveLength('secret'.length);
    expect(payload).toMatch(/^v1(\.[A-Za-z0-9_-]+){3}$/);
  });

  it('uses a fresh IV each time, so equal plaintexts give different payloads', () => {
    expect(encryptSecret(key, 'same')).not.toBe(encryptSecret(key, 'same'));
  });

  it('detects a tampered ciphertext, tag or IV', () => {
    const payload = encryptSecret(key, 'registry password');
    expect(() => decryptSecret(key, flip(payload, 3))).toThrow(/tampered/);
    expect(() => decryptSecret(key, flip(payload, 3, 5))).toThrow(/tampered/);
    expect(() => decryptSecret(key, flip(payload, 2))).toThrow(/tampered/);
    expect(() => decryptSecret(key, flip(payload, 2, 15))).toThrow(/tampered/);
    expect(() => decryptSecret(key, flip(payload, 1))).toThrow(/tampered/);
  });

  it('refuses to decrypt with another key', () => {
    const payload = encryptSecret(key, 'registry password');
    expect(() => decryptSecret(randomBytes(32), payload)).toThrow(/key is wrong/);
  });

  it('binds the AAD: the same AAD is required to decrypt', () => {
    const payload = encryptSecret(key, 'registry password', 'registry:1');
    expect(decryptSecret(key, payload, 'registry:1')).toBe('registry password');
    expect(() => decryptSecret(key, payload, 'registry:2')).toThrow(/another record/);
    expect(() => decryptSecret(key, payload)).toThrow(/another record/);
    expect(() => decryptSecret(key, encryptSecret(key, 'registry password'), 'registry:1')).toThrow(
      /another record/,
    );
  });

  it('rejects payloads that are not in the v1 format with a clear message', () => {
    const payload = encryptSecret(key, 'x');
    const [, iv = '', tag = '', ct = ''] = payload.split('.');
    const format = /expected v1\.<iv>\.<tag>\.<ciphertext> format/;
    for (const bad of [
      '',
      'plaintext',
      `v2.${iv}.${tag}.${ct}`,
      `v1.${iv}.${tag}`,
      `v1.${iv}.${tag}.${ct}.extra`,
      `v1.${iv}.${tag.slice(4)}.${ct}`,
      `v1..${tag}.${ct}`,
      `v1.${iv}.${tag}.${ct}!`,
    ]) {
      expect(() => decryptSecret(key, bad)).toThrow(format);
    }
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => encryptSecret(randomBytes(16), 'x')).toThrow(/32 bytes/);
    expect(() => decryptSecret(randomBytes(16), encryptSecret(key, 'x'))).toThrow(/32 bytes/);
  });
});

describe('loadSecretKey from BERTH_SECRET_KEY', () => {
  it('derives the same 32-byte key from the same value every time, without touching the data dir', () => {
    const dataDir = path.join(tempDir(), 'data');
    const a = loadSecretKey({ envKey: 'a sufficiently long secret', dataDir });
    expect(a).toHaveLength(32);
    expect(loadSecretKey({ envKey: 'a sufficiently long secret', dataDir })).toEqual(a);
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('derives a different key from a different value', () => {
    const dataDir = tempDir();
    expect(loadSecretKey({ envKey: 'a sufficiently long secret', dataDir })).not.toEqual(
      loadSecretKey({ envKey: 'a sufficiently long secreT', dataDir }),
    );
  });

  it('does not use the value itself as the key', () => {
    const envKey = 'x'.repeat(32);
    expect(loadSecretKey({ envKey, dataDir: tempDir() }).equals(Buffer.from(envKey))).toBe(false);
  });

  it('refuses values shorter than 16 characters, including an empty one', () => {
    const dataDir = tempDir();
    expect(() => loadSecretKey({ envKey: '0123456789abcde', dataDir })).toThrow(
      /BERTH_SECRET_KEY is too short/,
    );
    expect(() => loadSecretKey({ envKey: '', dataDir })).toThrow(/BERTH_SECRET_KEY is too short/);
    expect(loadSecretKey({ envKey: '0123456789abcdef', dataDir })).toHaveLength(32);
  });
});

describe('loadSecretKey from <dataDir>/secret.key', () => {
  it('creates a random 32-byte key readable only by the owner, in a private new directory', () => {
    const dataDir = path.join(tempDir(), 'nested', 'data');
    const key = loadSecretKey({ dataDir });
    const file = path.join(dataDir, 'secret.key');
    expect(key).toHaveLength(32);
    expect(fs.readFileSync(file)).toEqual(key);
    expect(mode(file)).toBe(0o600);
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
  });

  it('reuses the existing key on the next load', () => {
    const dataDir = tempDir();
    const first = loadSecretKey({ dataDir });
    expect(loadSecretKey({ dataDir })).toEqual(first);
    const payload = encryptSecret(first, 'survives a restart');
    expect(decryptSecret(loadSecretKey({ dataDir }), payload)).toBe('survives a restart');
  });

  it('tightens a group- or world-readable key file to 0600 and keeps using it', () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'secret.key');
    const existing = randomBytes(32);
    fs.writeFileSync(file, existing);
    fs.chmodSync(file, 0o644);
    expect(loadSecretKey({ dataDir })).toEqual(existing);
    expect(mode(file)).toBe(0o600);
  });

  it('refuses a key file of the wrong size instead of replacing it', () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'secret.key');
    fs.writeFileSync(file, randomBytes(31), { mode: 0o600 });
    expect(() => loadSecretKey({ dataDir })).toThrow(/must contain exactly 32 bytes but has 31/);
    expect(fs.readFileSync(file)).toHaveLength(31);
  });
});
