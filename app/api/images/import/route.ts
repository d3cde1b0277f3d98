import { z } from 'zod';
import { imagesApi } from '@/lib/api/images';
import { renderImageCommand } from '@/lib/images/cli';
import { imageReference } from '@/lib/images/schemas';
import { importImage } from '@/server/docker/images';
import { uploadStream } from '@/server/http/body';
import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';
import { withUploadSlot } from '@/server/limits';

/** `docker import - repo:tag`: a root filesystem tar, streamed to the engine, becomes an image. */
export const POST = route({
  endpoint: imagesApi.import,
  permission: 'images:write',
  query: z.object({ reference: imageReference.optional() }),
  audit: {
    action: 'image.import',
    target: ({ query }) => query.reference?.familiar,
    command: ({ query }) =>
      renderImageCommand({ action: 'import', file: '-', reference: query.reference?.familiar }),
  },
  handler: async ({ req, principal, query }) => {
    if (!req.body) throw new HttpError(400, 'bad_request', 'The request has no tar to import');
    const result = await withUploadSlot(principal, () =>
      importImage(uploadStream(req), query.reference ?? null),
    );
    return { ...result, reference: query.reference?.familiar ?? null };
  },
});
