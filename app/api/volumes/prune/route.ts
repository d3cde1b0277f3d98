import { z } from 'zod';
import { volumesApi } from '@/lib/api/volumes';
import { pruneFiltersQuery, pruneFiltersSchema } from '@/lib/prune/types';
import { renderVolumeCommand } from '@/lib/volumes/cli';
import { VOLUME_NAME } from '@/lib/volumes/form';
import { previewVolumePrune, pruneVolumes } from '@/server/docker/volumes';
import { route } from '@/server/http/route';
import { queryBool } from '@/server/http/schemas';

/** GET: what `docker volume prune` would remove and the space it would free; removes nothing. */
export const GET = route({
  endpoint: volumesApi.prunePreview,
  permission: 'volumes:read',
  query: z.object({ filters: pruneFiltersQuery, all: queryBool.optional() }),
  handler: ({ query }) => previewVolumePrune({ filters: query.filters, all: query.all ?? false }),
});

/** POST: removes the confirmed `ids` (volume names) of a preview that are still unused and matching. */
export const POST = route({
  endpoint: volumesApi.prune,
  permission: 'volumes:write',
  body: z.strictObject({
    filters: pruneFiltersSchema.default({ label: [], labelNot: [] }),
    all: z.boolean().default(false),
    ids: z.array(z.string().regex(VOLUME_NAME, 'Not a volume name')).max(10_000).optional(),
  }),
  audit: {
    action: 'volume.prune',
    target: ({ body }) => (body.ids ? body.ids.join(', ') : 'all unused'),
    command: ({ body }) => renderVolumeCommand({ action: 'prune', filters: body.filters, all: body.all }),
  },
  handler: ({ body }) => pruneVolumes(body),
});
