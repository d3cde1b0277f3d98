import { z } from 'zod';
import { imagesApi } from '@/lib/api/images';
import { searchImages } from '@/server/docker/images';
import { route } from '@/server/http/route';

/** `docker search`: the engine asks its registry (Docker Hub unless configured otherwise). */
export const GET = route({
  endpoint: imagesApi.search,
  permission: 'images:read',
  query: z.object({
    term: z.string().trim().min(1, 'A search term is required').max(256),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  }),
  handler: ({ query }) => searchImages(query.term, query.limit),
});
