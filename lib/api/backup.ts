import { endpoint } from '@/lib/api/endpoint';
import type { PendingRestore, StagedRestore } from '@/lib/backup/types';

/** Backup and restore of Berth's own data directory (admins only). */
export const backupApi = {
  /** A tar download: manifest.json, berth.db (a consistent snapshot), and secret.key only when asked. */
  download: endpoint<never, undefined, { includeKey?: boolean }>()('GET', '/api/system/backup'),
  /** The body is the backup tar; validated and staged, applied at the next start. */
  restore: endpoint<StagedRestore>()('POST', '/api/system/restore'),
  pending: endpoint<PendingRestore>()('GET', '/api/system/restore'),
  /** Drops a staged restore before it is applied. */
  cancel: endpoint<void>()('DELETE', '/api/system/restore'),
};
