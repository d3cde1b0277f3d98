import { config } from '@/server/config';
import { loadSecretKey } from '@/server/security/crypto';

const key = Symbol.for('berth.secret-key');
type WithKey = typeof globalThis & { [key]?: Buffer };

/** The at-rest encryption key: from BERTH_SECRET_KEY, or a generated 0600 key file in the data dir. */
export function secretKey(): Buffer {
  const g = globalThis as WithKey;
  g[key] ??= loadSecretKey({ envKey: process.env.BERTH_SECRET_KEY || undefined, dataDir: config.dataDir });
  return g[key];
}
