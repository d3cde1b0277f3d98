import { imagesApi } from '@/lib/api/images';
import { imageListQuery } from '@/lib/images/schemas';
import { listImages } from '@/server/docker/images';
import { route } from '@/server/http/route';

/** `docker image ls [-a]` with Berth's filters (dangling, unused, in use) and search. */
export const GET = route({
  endpoint: imagesApi.list,
  permission: 'images:read',
  query: imageListQuery,
  handler: ({ query }) => listImages({ all: query.all, filter: query.filter, search: query.search }),
});
