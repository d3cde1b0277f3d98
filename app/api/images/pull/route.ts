import { imagesApi } from '@/lib/api/images';
import { renderImageCommand } from '@/lib/images/cli';
import { pullBody } from '@/lib/images/schemas';
import { asUser } from '@/server/auth/guard';
import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';
import { imageJobs } from '@/server/images/jobs';
import { transferRequest } from '@/server/images/transfer';

/**
 * `docker pull` for scripts: answers once the pull is over. It joins the same engine pull a browser may be
 * watching over socket.io; a caller that goes away stops watching (and cancels it if nobody else watches).
 */
export const POST = route({
  endpoint: imagesApi.pull,
  permission: 'images:write',
  body: pullBody,
  audit: {
    action: 'image.pull',
    target: ({ body }) => body.reference.familiar,
    command: ({ body }) => renderImageCommand({ action: 'pull', reference: body.reference.familiar }),
  },
  handler: async ({ req, principal, body }) => {
    const request = transferRequest(asUser(principal), 'pull', body.reference, body.registryId, 'body');
    const handle = imageJobs().join(request, () => {});
    req.signal.addEventListener('abort', handle.leave);
    const snap = await handle.done;
    req.signal.removeEventListener('abort', handle.leave);
    if (snap.state !== 'done') throw new HttpError(502, 'engine_error', snap.error ?? `Pull ${snap.state}`);
    return { reference: body.reference.familiar, digest: snap.digest, messages: snap.messages };
  },
});
