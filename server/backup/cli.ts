import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import type { StagedRestore } from '@/lib/backup/types';
import {
  applyPendingRestore,
  backupFileName,
  cancelRestore,
  createBackup,
  DB_FILE,
  stageRestore,
} from '@/server/backup/archive';

export const DATA_COMMANDS = ['backup', 'restore'] as const;

const USAGE = `Usage (BERTH_DATA_DIR names the data directory, as for the server):
  node dist/server.mjs backup [--include-key] [--out <file> | --out -]
      A consistent snapshot of the database (also while Berth runs) as a tar; the key file only with
      --include-key. Without --out: berth-backup-<time>.tar in the current directory; "-" writes to stdout.
  node dist/server.mjs restore <file | ->
      Validates the backup and stages it in the data directory; Berth applies it when it next starts.
  node dist/server.mjs restore --cancel
      Drops a staged restore.`;

export interface DataCommandEnv {
  dataDir: string;
  envKey: string | undefined;
  out: (line: string) => void;
  err: (line: string) => void;
  stdin: Readable;
  stdout: NodeJS.WritableStream;
}

/** Describes a staged restore for people: what it holds, and which secrets will not be readable. */
export function describeStaged(staged: StagedRestore): string[] {
  const m = staged.manifest;
  const lines = [
    `Staged a backup of ${m.createdAt} (Berth ${m.berthVersion}, schema version ${m.schemaVersion}, ` +
      `${m.keyIncluded ? 'with' : 'without'} its key).`,
  ];
  const { registries, totp } = staged.unreadable;
  if (registries > 0 || totp > 0) {
    lines.push(
      `Warning: with the key in force after the restore, ${registries} registry password(s) and ${totp} ` +
        'two-factor secret(s) cannot be decrypted: re-enter those passwords and re-enrol two-factor ' +
        'authentication, or restore a backup that includes secret.key (or set the old BERTH_SECRET_KEY).',
    );
  }
  lines.push('Restart Berth to apply it.');
  return lines;
}

/** `backup` and `restore` on the data directory, outside the server. Answers the exit code. */
export async function runDataCommand(args: string[], env: DataCommandEnv): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command === 'backup') {
      let includeKey = false;
      let out: string | undefined;
      for (let i = 0; i < rest.length; i++) {
        if (rest[i] === '--include-key') includeKey = true;
        else if (rest[i] === '--out' && rest[i + 1] !== undefined) out = rest[++i];
        else {
          env.err(USAGE);
          return 2;
        }
      }
      const file = path.join(env.dataDir, DB_FILE);
      if (!fs.existsSync(file)) throw new Error(`No database at ${file}: is BERTH_DATA_DIR right?`);
      // Read-only: the running server (if any) keeps writing; the backup API copies a consistent state.
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        db.pragma('busy_timeout = 5000');
        const backup = await createBackup({
          db,
          dataDir: env.dataDir,
          includeKey,
          keyFromEnvironment: env.envKey !== undefined,
        });
        const target = out ?? backupFileName(backup.manifest);
        if (target === '-') await pipeline(backup.stream, env.stdout, { end: false });
        else await pipeline(backup.stream, fs.createWriteStream(target, { mode: 0o600, flags: 'wx' }));
        const where = target === '-' ? 'stdout' : target;
        env.err(
          `Backup of schema version ${backup.manifest.schemaVersion} written to ${where}, ` +
            (backup.manifest.keyIncluded
              ? 'with secret.key: keep it as safe as the key itself.'
              : backup.manifest.keyFromEnvironment
                ? 'without a key file (the key is BERTH_SECRET_KEY: keep that value).'
                : 'without secret.key: stored registry passwords and two-factor secrets cannot be decrypted ' +
                  'after a restore onto another install.'),
        );
      } finally {
        db.close();
      }
      return 0;
    }
    if (command === 'restore') {
      if (rest.length === 1 && rest[0] === '--cancel') {
        env.out(cancelRestore(env.dataDir) ? 'The staged restore was dropped.' : 'No restore is staged.');
        return 0;
      }
      if (rest.length !== 1 || rest[0] === undefined) {
        env.err(USAGE);
        return 2;
      }
      const source = rest[0] === '-' ? env.stdin : fs.createReadStream(rest[0]);
      const staged = await stageRestore(source, {
        dataDir: env.dataDir,
        envKey: env.envKey,
      });
      for (const line of describeStaged(staged)) env.out(line);
      return 0;
    }
    env.err(USAGE);
    return 2;
  } catch (err) {
    env.err(`${command} failed: ${(err as Error).message}`);
    return 1;
  }
}

/** At start, before the database opens: applies a staged restore and says what it did. */
export function applyRestoreAtStart(dataDir: string, log: (line: string) => void): void {
  const applied = applyPendingRestore(dataDir);
  if (!applied) return;
  const m = applied.manifest;
  log(
    `[berth] restored the backup of ${m?.createdAt ?? 'an unknown time'} (schema version ${m?.schemaVersion ?? '?'}, ` +
      `${m?.keyIncluded ? 'with' : 'without'} its key)` +
      (applied.previousDb ? `; the replaced database is kept as ${applied.previousDb}` : '') +
      (applied.previousKey ? `, the replaced key as ${applied.previousKey}` : ''),
  );
}
