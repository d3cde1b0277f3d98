import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const KEY_LENGTH = 32;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const MIN_ENV_KEY_LENGTH = 16;
const HKDF_SALT = 'berth-secret-key-v1';
const HKDF_INFO = 'berth at-rest encryption';
const KEY_FILE = 'secret.key';
const VERSION = 'v1';
const B64URL = /^[A-Za-z0-9_-]*$/;

/**
 * The 32-byte key for encrypting secrets at rest: derived from BERTH_SECRET_KEY when set, otherwise read
 * from (or created in) `<dataDir>/secret.key`.
 */
export function loadSecretKey({ envKey, dataDir }: { envKey?: string; dataDir: string }): Buffer {
  if (envKey !== undefined) {
    if (envKey.length < MIN_ENV_KEY_LENGTH) {
      throw new Error(
        `BERTH_SECRET_KEY is too short: use at least ${MIN_ENV_KEY_LENGTH} characters, ideally a random ` +
          'value such as the output of `openssl rand -base64 32`.',
      );
    }
    return Buffer.from(hkdfSync('sha256', envKey, HKDF_SALT, HKDF_INFO, KEY_LENGTH));
  }

  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, KEY_FILE);
  if (!fs.existsSync(file)) {
    const key = randomBytes(KEY_LENGTH);
    try {
      // 'wx' fails if another process created the file first; then its key is the one to use.
      fs.writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
      return key;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return readKeyFile(file);
}

function readKeyFile(file: string): Buffer {
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  const key = fs.readFileSync(file);
  if (key.length !== KEY_LENGTH) {
    throw new Error(
      `${file} must contain exactly ${KEY_LENGTH} bytes but has ${key.length}. Restore the original file; ` +
        'deleting it generates a new key, and secrets encrypted with the old one can no longer be read.',
    );
  }
  return key;
}

function assertKey(key: Buffer): void {
  if (key.length !== KEY_LENGTH)
    throw new Error(`Secret key must be ${KEY_LENGTH} bytes, got ${key.length}.`);
}

/**
 * AES-256-GCM, as `v1.<iv>.<tag>.<ciphertext>` (base64url). Pass the same `aad` (e.g. the row id) to
 * decryptSecret; a ciphertext copied to another row then fails to decrypt.
 */
export function encryptSecret(key: Buffer, plaintext: string, aad?: string): string {
  assertKey(key);
  const iv = randomBytes(IV_LENGTH);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH });
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, ciphertext]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function decryptSecret(key: Buffer, payload: string, aad?: string): string {
  assertKey(key);
  const parts = payload.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION || !parts.slice(1).every((p) => B64URL.test(p))) {
    throw new Error('Encrypted secret is not in the expected v1.<iv>.<tag>.<ciphertext> format.');
  }
  const [iv, tag, ciphertext] = parts.slice(1).map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !tag || !ciphertext || iv.length !== IV_LENGTH || tag.length !== TAG_LENGTH) {
    throw new Error('Encrypted secret is not in the expected v1.<iv>.<tag>.<ciphertext> format.');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH });
  decipher.setAuthTag(tag);
  if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw new Error(
      'Could not decrypt secret: the key is wrong (was secret.key or BERTH_SECRET_KEY changed?), ' +
        'it belongs to another record, or the data was tampered with.',
      { cause },
    );
  }
}
