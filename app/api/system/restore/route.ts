import { backupApi } from '@/lib/api/backup';
import { cancelRestore, pendingRestore } from '@/server/backup/archive';
import { stageUploadedRestore } from '@/server/backup/routes';
import { config } from '@/server/config';
import { uploadStream } from '@/server/http/body';
import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';

/** A backup tar, validated and staged; Berth applies it when it next starts. */
export const POST = route({
  endpoint: backupApi.restore,
  permission: 'settings:admin',
  audit: { action: 'system.restore' },
  handler: async ({ req }) => {
    if (!req.body) throw new HttpError(400, 'bad_request', 'The request has no backup to restore');
    return stageUploadedRestore(uploadStream(req));
  },
});

/** The restore waiting for the next start, if any. */
export const GET = route({
  endpoint: backupApi.pending,
  permission: 'settings:admin',
  handler: async () => ({ pending: pendingRestore(config.dataDir) }),
});

export const DELETE = route({
  endpoint: backupApi.cancel,
  permission: 'settings:admin',
  audit: { action: 'system.restore.cancel' },
  handler: async () => {
    if (!cancelRestore(config.dataDir)) throw new HttpError(404, 'not_found', 'No restore is waiting');
  },
});
