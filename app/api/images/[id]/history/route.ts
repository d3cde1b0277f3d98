import { imagesApi } from '@/lib/api/images';
import { imageIdParams } from '@/lib/images/schemas';
import { imageHistory } from '@/server/docker/images';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: imagesApi.history,
  permission: 'images:read',
  params: imageIdParams,
  handler: ({ params }) => imageHistory(params.id),
});
