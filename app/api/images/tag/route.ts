import { imagesApi } from '@/lib/api/images';
import { renderImageCommand } from '@/lib/images/cli';
import { tagImageBody } from '@/lib/images/schemas';
import { tagImage } from '@/server/docker/images';
import { route } from '@/server/http/route';

export const POST = route({
  endpoint: imagesApi.tag,
  permission: 'images:write',
  body: tagImageBody,
  audit: {
    action: 'image.tag',
    target: ({ body }) => `${body.source} ${body.target.familiar}`,
    command: ({ body }) =>
      renderImageCommand({ action: 'tag', source: body.source, target: body.target.familiar }),
  },
  handler: async ({ body }) => {
    await tagImage(body.source, body.target);
    return { ok: true, reference: body.target.familiar };
  },
});
