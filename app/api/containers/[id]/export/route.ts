import { Readable } from 'node:stream';
import { exportContainer, inspectContainer } from '@/server/docker/containers';
import { attachment } from '@/server/http/download';
import { route } from '@/server/http/route';
import { containerIdParams } from '@/server/http/schemas';

export const GET = route({
  permission: 'containers:files',
  params: containerIdParams,
  handler: async ({ params }) => {
    const info = await inspectContainer(params.id);
    const stream = (await exportContainer(params.id)) as Readable;
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      headers: { 'content-type': 'application/x-tar', ...attachment(`${info.Name.replace(/^\//, '')}.tar`) },
    });
  },
});
