import { z } from 'zod';
import { systemApi } from '@/lib/api/system';
import { previewBuildCachePrune, pruneBuildCache } from '@/server/docker/system';
import { route } from '@/server/http/route';

/** GET: the build cache `docker builder prune` would remove (unused, unshared records); removes nothing. */
export const GET = route({
  endpoint: systemApi.buildCachePrunePreview,
  permission: 'images:read',
  handler: () => previewBuildCachePrune(),
});

export const POST = route({
  endpoint: systemApi.buildCachePrune,
  permission: 'images:write',
  body: z.strictObject({}),
  audit: { action: 'builder.prune', target: () => 'build cache', command: () => 'docker builder prune -f' },
  handler: () => pruneBuildCache(),
});
