import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { buildRequestSchema } from '@/lib/images/build';
import { renderImageCommand } from '@/lib/images/cli';
import { parseImageReference } from '@/lib/images/reference';
import {
  type ImageTransferStarted,
  imageTransferSchema,
  subscriptionIdSchema,
} from '@/lib/realtime/contract';
import { recordAudit } from '@/server/audit/log';
import { HttpError } from '@/server/http/errors';
import { checkContext, runBuild } from '@/server/images/build';
import { type ImageJobKind, imageJobs } from '@/server/images/jobs';
import { transferRequest } from '@/server/images/transfer';
import { acquireSlot } from '@/server/limits';
import { lineBatcher } from '@/server/realtime/line-batcher';
import { OwnedKind } from '@/server/realtime/registry';
import { type SocketContext, socketEvent } from '@/server/realtime/socket-event';

const TRANSFER = new OwnedKind('image-transfer');
const BUILD = new OwnedKind('build');

/**
 * `image:pull` / `image:push`: the socket joins the one engine transfer for that reference (starting it if
 * none runs), receives throttled progress snapshots, and leaves on cancel, on disconnect or at shutdown.
 */
const transfer = (kind: ImageJobKind) => ({
  permission: 'images:write' as const,
  schema: imageTransferSchema,
  handler: async ({
    payload,
    principal,
    socket,
    scope,
    ip,
    ack,
  }: SocketContext<z.output<typeof imageTransferSchema>, ImageTransferStarted>) => {
    const parsed = parseImageReference(payload.reference, { defaultTag: true });
    if (!parsed.ok)
      throw new HttpError(400, 'bad_request', `Invalid request: payload.reference: ${parsed.error}`, [
        { path: 'payload.reference', message: parsed.error },
      ]);
    const reference = parsed.ref;
    const request = transferRequest(principal, kind, reference, payload.registryId);
    const command = renderImageCommand({ action: kind, reference: reference.familiar });
    const id = randomUUID();
    let finished = false;
    // A slot of the user's jobs for as long as this socket watches the transfer (joining one counts too: the
    // bound is on what one user holds open).
    const releaseJob = acquireSlot('jobs', principal.user.id);
    let handle: ReturnType<ReturnType<typeof imageJobs>['join']>;
    try {
      handle = imageJobs().join(request, (snapshot) => {
        socket.emit('image:progress', { id, snapshot });
      });
    } catch (err) {
      releaseJob();
      throw err;
    }
    const release = scope.add(TRANSFER, id, () => {
      releaseJob();
      handle.leave();
    });
    void handle.done.then((snap) => {
      finished = true;
      releaseJob();
      void release();
      recordAudit({
        user: principal.user,
        ip,
        action: `image.${kind}`,
        target: reference.familiar,
        command,
        result: snap.state === 'done' ? 'ok' : 'error',
        error: snap.state === 'done' ? null : snap.error,
      });
    });
    const acked = ack({ id, reference: reference.familiar, command, snapshot: handle.snapshot });
    // A transfer that finished before the ack still tells this viewer how it ended.
    if (finished) socket.emit('image:progress', { id, snapshot: await handle.done });
    return acked;
  },
});

export const pullImage = socketEvent('image:pull', transfer('pull'));
export const pushImage = socketEvent('image:push', transfer('push'));

/** Stops watching; the engine transfer is cancelled once nobody watches it. */
export const cancelImageTransfer = socketEvent('image:cancel', {
  permission: 'images:write',
  schema: subscriptionIdSchema,
  handler: async ({ payload, scope }) => {
    await scope.release(TRANSFER, payload.id);
  },
});

/** Lines of build output are batched: a noisy RUN step costs one message per flush. */
const BUILD_FLUSH_MS = 100;

/** A build belongs to the socket that started it: cancel, disconnect or shutdown abort it. */
export const startBuild = socketEvent('build:start', {
  permission: 'images:write',
  schema: buildRequestSchema,
  handler: async ({ payload: input, principal, socket, scope, ip, ack }) => {
    const command = renderImageCommand({
      action: 'build',
      tags: input.tags,
      buildArgs: input.buildArgs,
      target: input.target,
      noCache: input.noCache,
      pull: input.pull,
      context: input.contextId ? 'context.tar' : '.',
    });
    if (input.contextId) checkContext(input.contextId, principal.user.id);
    const releaseJob = acquireSlot('jobs', principal.user.id);
    const id = randomUUID();
    const abort = new AbortController();
    const output = lineBatcher((lines) => socket.emit('build:output', { id, lines }), BUILD_FLUSH_MS);
    const release = scope.add(BUILD, id, () => abort.abort());
    const acked = ack({ id, command });
    let result: Awaited<ReturnType<typeof runBuild>>;
    try {
      result = await runBuild(
        input,
        principal.user.id,
        { lines: (lines) => output.push(lines) },
        abort.signal,
      );
    } finally {
      output.close();
      releaseJob();
    }
    socket.emit('build:end', { id, result });
    void release();
    recordAudit({
      user: principal.user,
      ip,
      action: 'image.build',
      target: input.tags.join(' ') || result.imageId || '',
      command,
      result: result.ok ? 'ok' : 'error',
      error: result.error,
    });
    return acked;
  },
});

export const cancelBuild = socketEvent('build:cancel', {
  permission: 'images:write',
  schema: subscriptionIdSchema,
  handler: async ({ payload, scope }) => {
    await scope.release(BUILD, payload.id);
  },
});
