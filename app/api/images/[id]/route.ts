import { imageIdParams } from '@/lib/images/schemas';
import { imageContainers, inspectImage } from '@/server/docker/images';
import { route } from '@/server/http/route';

/** `docker image inspect`, with the containers created from the image. */
export const GET = route({
  permission: 'images:read',
  params: imageIdParams,
  handler: async ({ params }) => {
    const info = await inspectImage(params.id);
    return { info, containers: await imageContainers(info.Id) };
  },
});
