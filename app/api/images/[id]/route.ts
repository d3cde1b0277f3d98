import { imagesApi } from '@/lib/api/images';
import { imageIdParams } from '@/lib/images/schemas';
import { toImageDetail } from '@/server/docker/image-view';
import { imageContainers, inspectImage } from '@/server/docker/images';
import { route } from '@/server/http/route';

/** `docker image inspect`, with the containers created from the image. */
export const GET = route({
  endpoint: imagesApi.detail,
  permission: 'images:read',
  params: imageIdParams,
  handler: async ({ params }) => {
    const info = await inspectImage(params.id);
    return toImageDetail(info, await imageContainers(info.Id));
  },
});
