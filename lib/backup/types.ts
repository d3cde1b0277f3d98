import { z } from 'zod';

/** The version of the backup archive's layout (not of Berth, not of the schema). */
export const BACKUP_FORMAT = 1;

/** `manifest.json` of a backup archive: what it holds and what made it. */
export const backupManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  /** The Berth release that wrote it. */
  berthVersion: z.string().max(64),
  /** The highest migration applied to the database in the archive. */
  schemaVersion: z.number().int().min(0),
  /** ISO 8601. */
  createdAt: z.string().max(64),
  /** Whether `secret.key` is in the archive. */
  keyIncluded: z.boolean(),
  /** The install took its key from BERTH_SECRET_KEY: no key file exists to include. */
  keyFromEnvironment: z.boolean(),
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;

/** Stored secrets in a restored database that the key in force after the restore cannot decrypt. */
export interface UnreadableSecrets {
  /** Registry passwords and tokens. */
  registries: number;
  /** Two-factor (TOTP) secrets. */
  totp: number;
}

/** A validated backup, staged in the data directory until Berth restarts. */
export interface StagedRestore {
  manifest: BackupManifest;
  /** Secrets the database holds, and how many of them would be unreadable after the restart. */
  secrets: { registries: number; totp: number };
  unreadable: UnreadableSecrets;
  /** Applied when Berth next starts. */
  restartRequired: true;
}

/** GET /api/system/restore: the restore waiting for the next start, if any. */
export interface PendingRestore {
  pending: BackupManifest | null;
}
