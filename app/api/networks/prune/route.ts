import { z } from 'zod';
import { networksApi } from '@/lib/api/networks';
import { renderNetworkCommand } from '@/lib/networks/cli';
import { pruneFiltersQuery, pruneFiltersSchema } from '@/lib/prune/types';
import { previewNetworkPrune, pruneNetworks } from '@/server/docker/networks';
import { route } from '@/server/http/route';

/** GET: what `docker network prune` would remove; removes nothing. */
export const GET = route({
  endpoint: networksApi.prunePreview,
  permission: 'networks:read',
  query: z.object({ filters: pruneFiltersQuery }),
  handler: ({ query }) => previewNetworkPrune({ filters: query.filters }),
});

/** POST: removes the confirmed `ids` of a preview that are still unused and matching. */
export const POST = route({
  endpoint: networksApi.prune,
  permission: 'networks:write',
  body: z.strictObject({
    filters: pruneFiltersSchema.default({ label: [], labelNot: [] }),
    ids: z
      .array(z.string().regex(/^[a-f0-9]{12,64}$/, 'Not a network id'))
      .max(10_000)
      .optional(),
  }),
  audit: {
    action: 'network.prune',
    target: ({ body }) => (body.ids ? body.ids.join(', ') : 'all unused'),
    command: ({ body }) => renderNetworkCommand({ action: 'prune', filters: body.filters }),
  },
  handler: ({ body }) => pruneNetworks(body),
});
