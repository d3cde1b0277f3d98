import { imageIdParams } from '@/lib/images/schemas';
import { imageHistory } from '@/server/docker/images';
import { route } from '@/server/http/route';

export const GET = route({
  permission: 'images:read',
  params: imageIdParams,
  handler: ({ params }) => imageHistory(params.id),
});
