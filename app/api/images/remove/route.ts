import { imagesApi } from '@/lib/api/images';
import { renderImageCommand } from '@/lib/images/cli';
import { removeImagesBody } from '@/lib/images/schemas';
import { removeImages } from '@/server/docker/images';
import { route } from '@/server/http/route';

/**
 * `docker image rm [-f] a b c`: each reference on its own; the answer lists what each did. When every one
 * failed the request fails with the engine's words (an image in use is a 409 conflict).
 */
export const POST = route({
  endpoint: imagesApi.remove,
  permission: 'images:write',
  body: removeImagesBody,
  audit: {
    action: 'image.remove',
    target: ({ body }) => body.refs.join(' '),
    command: ({ body }) => renderImageCommand({ action: 'rm', refs: body.refs, force: body.force }),
  },
  handler: async ({ body }) => ({ results: await removeImages(body.refs, body.force) }),
});
