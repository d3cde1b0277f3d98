import { z } from 'zod';
import { backupApi } from '@/lib/api/backup';
import { backupResponse } from '@/server/backup/routes';
import { route } from '@/server/http/route';
import { queryBool } from '@/server/http/schemas';

/** The data directory as a tar: a consistent snapshot of the database, and the key only when asked. */
export const GET = route({
  endpoint: backupApi.download,
  permission: 'settings:admin',
  query: z.object({ includeKey: queryBool.optional() }),
  handler: ({ req, principal, query }) => backupResponse(req, principal, query.includeKey ?? false),
});
