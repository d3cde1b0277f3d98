import { imagesApi } from '@/lib/api/images';
import { asUser } from '@/server/auth/guard';
import { uploadStream } from '@/server/http/body';
import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';
import { storeContext } from '@/server/images/build';
import { withUploadSlot } from '@/server/limits';

/** Uploads a build context tar (streamed to a temporary file); `build:start` then names it by contextId. */
export const POST = route({
  endpoint: imagesApi.buildContext,
  permission: 'images:write',
  audit: { action: 'image.build.context' },
  handler: async ({ req, principal }) => {
    if (!req.body) throw new HttpError(400, 'bad_request', 'The request has no context tar');
    const stored = await withUploadSlot(principal, () =>
      storeContext(uploadStream(req), asUser(principal).user.id),
    );
    return Response.json(stored, { status: 201 });
  },
});
