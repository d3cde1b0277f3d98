import { z } from 'zod';
import { imagesApi } from '@/lib/api/images';
import { UPDATE_CHECK_MAX_REFERENCES } from '@/lib/images/updates';
import { route } from '@/server/http/route';
import { cachedImageUpdates, checkImageUpdates } from '@/server/registries/updates';

/** What the last update checks found: kept answers only, so a list render never waits on a registry. */
export const GET = route({
  endpoint: imagesApi.updates,
  permission: 'images:read',
  handler: () => cachedImageUpdates(),
});

/**
 * Asks the registries now (a HEAD per tag, stored credentials). An operator's action, like a pull it may lead
 * to; it changes nothing on the engine, so it is not audited.
 */
export const POST = route({
  endpoint: imagesApi.checkUpdates,
  permission: 'images:write',
  body: z
    .object({
      references: z
        .array(z.string().trim().min(1).max(512))
        .min(1)
        .max(UPDATE_CHECK_MAX_REFERENCES)
        .optional(),
    })
    .strict(),
  audit: false,
  handler: ({ body }) => checkImageUpdates(body.references),
});
