import { imagesApi } from '@/lib/api/images';
import { renderImageCommand } from '@/lib/images/cli';
import { loadImages } from '@/server/docker/images';
import { uploadStream } from '@/server/http/body';
import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';
import { withUploadSlot } from '@/server/limits';

/** `docker load`: the request body (a `docker save` tar) goes to the engine as it arrives. */
export const POST = route({
  endpoint: imagesApi.load,
  permission: 'images:write',
  audit: { action: 'image.load', command: () => renderImageCommand({ action: 'load' }) },
  handler: async ({ req, principal }) => {
    if (!req.body) throw new HttpError(400, 'bad_request', 'The request has no tar to load');
    return withUploadSlot(principal, () => loadImages(uploadStream(req)));
  },
});
