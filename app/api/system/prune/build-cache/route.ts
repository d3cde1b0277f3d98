import { z } from 'zod';
import { previewBuildCachePrune, pruneBuildCache } from '@/server/docker/system';
import { route } from '@/server/http/route';

/** GET: the build cache `docker builder prune` would remove (unused, unshared records); removes nothing. */
export const GET = route({ permission: 'images:read', handler: () => previewBuildCachePrune() });

export const POST = route({
  permission: 'images:write',
  body: z.strictObject({}),
  audit: { action: 'builder.prune', target: () => 'build cache', command: () => 'docker builder prune -f' },
  handler: () => pruneBuildCache(),
});
