import { imagesApi } from '@/lib/api/images';
import { renderImageCommand } from '@/lib/images/cli';
import { removeImagesBody } from '@/lib/images/schemas';
import { removeImages } from '@/server/docker/images';
import { HttpError } from '@/server/http/errors';
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
  handler: async ({ body }) => {
    const results = await removeImages(body.refs, body.force);
    const failed = results.filter((r) => !r.ok);
    if (failed.length === results.length) {
      const conflict = failed.some((f) =>
        /conflict|being used|must be forced|referenced in multiple/i.test(f.error ?? ''),
      );
      const notFound = failed.every((f) => /no such image/i.test(f.error ?? ''));
      throw new HttpError(
        conflict ? 409 : notFound ? 404 : 502,
        conflict ? 'conflict' : notFound ? 'not_found' : 'engine_error',
        failed.map((f) => f.error).join('\n'),
      );
    }
    return { results };
  },
});
