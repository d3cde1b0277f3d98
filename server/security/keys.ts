import { config } from '@/server/config';
import { contextValue } from '@/server/context';
import { loadSecretKey } from '@/server/security/crypto';

/** The at-rest encryption key: from BERTH_SECRET_KEY, or a generated 0600 key file in the data dir. */
export function secretKey(): Buffer {
  return contextValue('secretKey', () =>
    loadSecretKey({ envKey: process.env.BERTH_SECRET_KEY || undefined, dataDir: config.dataDir }),
  );
}
