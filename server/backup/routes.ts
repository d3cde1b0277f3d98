import { Readable } from 'node:stream';
import type { StagedRestore } from '@/lib/backup/types';
import { recordAudit } from '@/server/audit/log';
import { clientIp, type Principal } from '@/server/auth/guard';
import { backupFileName, createBackup, stageRestore } from '@/server/backup/archive';
import { config } from '@/server/config';
import { db } from '@/server/db';
import { attachment } from '@/server/http/download';
import { secretKey } from '@/server/security/keys';

/** The key comes from BERTH_SECRET_KEY: there is no key file to back up, and it wins over a restored one. */
export const environmentKey = (): string | undefined => process.env.BERTH_SECRET_KEY || undefined;

/** The backup download of the running server (GET is not audited by `route`: this one is, by hand). */
export async function backupResponse(
  req: Request,
  principal: Principal,
  includeKey: boolean,
): Promise<Response> {
  const user = principal.kind === 'user' ? principal.user : null;
  const keyFromEnvironment = environmentKey() !== undefined;
  try {
    // Made now if nothing made it yet: the key this install will encrypt with from here on.
    if (includeKey && !keyFromEnvironment) secretKey();
    const backup = await createBackup({ db: db(), dataDir: config.dataDir, includeKey, keyFromEnvironment });
    recordAudit({
      user,
      ip: clientIp(req),
      action: 'system.backup',
      target: backup.manifest.keyIncluded ? 'with secret.key' : 'without secret.key',
      result: 'ok',
    });
    return new Response(Readable.toWeb(backup.stream) as ReadableStream, {
      headers: {
        'content-type': 'application/x-tar',
        'cache-control': 'no-store',
        'x-berth-schema-version': String(backup.manifest.schemaVersion),
        ...attachment(backupFileName(backup.manifest)),
      },
    });
  } catch (err) {
    recordAudit({
      user,
      ip: clientIp(req),
      action: 'system.backup',
      target: includeKey ? 'with secret.key' : 'without secret.key',
      result: 'error',
      error: (err as Error).message,
    });
    throw err;
  }
}

export function stageUploadedRestore(body: Readable): Promise<StagedRestore> {
  return stageRestore(body, { dataDir: config.dataDir, envKey: environmentKey() });
}
