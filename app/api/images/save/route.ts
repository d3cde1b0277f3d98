import { Readable } from 'node:stream';
import { z } from 'zod';
import { renderImageCommand } from '@/lib/images/cli';
import { existingImage } from '@/lib/images/schemas';
import { saveImages } from '@/server/docker/images';
import { attachment } from '@/server/http/download';
import { route } from '@/server/http/route';

const refsList = z
  .string({ error: 'Name at least one image' })
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(existingImage).min(1, 'Name at least one image').max(100));

/** `docker save a b c`: one tar of every named image, streamed from the engine to the browser. */
export const GET = route({
  permission: 'images:read',
  query: z.object({ refs: refsList }),
  handler: async ({ query }) => {
    const tar = await saveImages(query.refs);
    const first = (query.refs[0] ?? 'images').replace(/[/:@]+/g, '_');
    const name = query.refs.length === 1 ? `${first}.tar` : `images-${query.refs.length}.tar`;
    return new Response(Readable.toWeb(tar) as ReadableStream, {
      headers: {
        'content-type': 'application/x-tar',
        'x-docker-command': renderImageCommand({ action: 'save', refs: query.refs, output: name }),
        ...attachment(name),
      },
    });
  },
});
