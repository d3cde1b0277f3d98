import { z } from 'zod';
import { imagesApi } from '@/lib/api/images';
import { renderImageCommand } from '@/lib/images/cli';
import { labelFilter, pruneBody } from '@/lib/images/schemas';
import { previewImagePrune, pruneImages } from '@/server/docker/images';
import { route } from '@/server/http/route';
import { queryBool } from '@/server/http/schemas';

/**
 * What `docker image prune [-a] [--filter label=…]` would remove and the space it would free, before
 * anything is removed (the system prune page reuses previewImagePrune and pruneImages).
 */
export const GET = route({
  endpoint: imagesApi.prunePreview,
  permission: 'images:read',
  query: z.object({
    all: queryBool.optional(),
    // Several labels as one comma-separated value (a query string repeats keys otherwise).
    labels: z
      .string()
      .optional()
      .transform((v) => (v ? v.split(',').filter(Boolean) : []))
      .pipe(z.array(labelFilter).max(20)),
  }),
  handler: ({ query }) => previewImagePrune(query.all ?? false, query.labels),
});

export const POST = route({
  endpoint: imagesApi.prune,
  permission: 'images:write',
  body: pruneBody,
  audit: {
    action: 'image.prune',
    command: ({ body }) => renderImageCommand({ action: 'prune', all: body.all, labels: body.labels }),
  },
  handler: ({ body }) => pruneImages(body.all, body.labels),
});
