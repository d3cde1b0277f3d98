import { randomUUID } from 'node:crypto';
import { buildRequestSchema } from '@/lib/images/build';
import { renderImageCommand } from '@/lib/images/cli';
import { parseImageReference } from '@/lib/images/reference';
import { imageTransferSchema, subscriptionIdSchema } from '@/lib/realtime/contract';
import { recordAudit } from '@/server/audit/log';
import { asUser, authenticate, authorize } from '@/server/auth/guard';
import { HttpError, toHttpError } from '@/server/http/errors';
import { parseWith } from '@/server/http/route';
import { checkContext, runBuild } from '@/server/images/build';
import { type ImageJobKind, imageJobs } from '@/server/images/jobs';
import { transferRequest } from '@/server/images/transfer';
import type { BerthSocket } from '@/server/realtime/handlers';
import type { SubscriptionRegistry } from '@/server/realtime/registry';

/**
 * `image:pull` / `image:push`: the socket joins the one engine transfer for that reference (starting it if
 * none runs), receives throttled progress snapshots, and leaves on cancel, on disconnect or at shutdown.
 */
export function registerImageHandlers(socket: BerthSocket, registry: SubscriptionRegistry): void {
  const watching = new Map<string, () => Promise<void>>();
  const ip = socket.handshake.address;

  const start = (kind: ImageJobKind) => async (payload: unknown, ack: unknown) => {
    if (typeof ack !== 'function') return;
    try {
      const h = socket.request.headers;
      const principal = asUser(
        authorize(authenticate({ cookie: h.cookie, authorization: h.authorization }), 'images:write'),
      );
      const input = parseWith(imageTransferSchema, payload, 'payload');
      const parsed = parseImageReference(input.reference, { defaultTag: true });
      if (!parsed.ok)
        throw new HttpError(400, 'bad_request', `Invalid request: payload.reference: ${parsed.error}`, [
          { path: 'payload.reference', message: parsed.error },
        ]);
      const reference = parsed.ref;
      const request = transferRequest(principal, kind, reference, input.registryId);
      const command = renderImageCommand({ action: kind, reference: reference.familiar });
      const id = randomUUID();
      let finished = false;
      const handle = imageJobs().join(request, (snapshot) => {
        socket.emit('image:progress', { id, snapshot });
      });
      const release = registry.add(socket.id, () => {
        watching.delete(id);
        handle.leave();
      });
      watching.set(id, release);
      void handle.done.then((snap) => {
        finished = true;
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
      ack({ ok: true, id, reference: reference.familiar, command, snapshot: handle.snapshot });
      // A transfer that finished before the ack still tells this viewer how it ended.
      if (finished) socket.emit('image:progress', { id, snapshot: await handle.done });
    } catch (err) {
      ack({ ok: false, error: toHttpError(err).message });
    }
  };

  socket.on('image:pull', start('pull'));
  socket.on('image:push', start('push'));
  socket.on('image:cancel', (payload) => {
    const parsed = subscriptionIdSchema.safeParse(payload);
    if (parsed.success) void watching.get(parsed.data.id)?.();
  });

  registerBuildHandlers(socket, registry);
}

/** Lines of build output are batched: a noisy RUN step costs one message per flush. */
const BUILD_FLUSH_MS = 100;

function registerBuildHandlers(socket: BerthSocket, registry: SubscriptionRegistry): void {
  const builds = new Map<string, () => Promise<void>>();
  const ip = socket.handshake.address;

  socket.on('build:start', async (payload, ack) => {
    if (typeof ack !== 'function') return;
    try {
      const h = socket.request.headers;
      const principal = asUser(
        authorize(authenticate({ cookie: h.cookie, authorization: h.authorization }), 'images:write'),
      );
      const input = parseWith(buildRequestSchema, payload, 'payload');
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
      const id = randomUUID();
      const abort = new AbortController();
      let pending: string[] = [];
      let timer: NodeJS.Timeout | null = null;
      const flush = () => {
        timer = null;
        if (pending.length) socket.emit('build:output', { id, lines: pending });
        pending = [];
      };
      const release = registry.add(socket.id, () => {
        builds.delete(id);
        abort.abort();
      });
      builds.set(id, release);
      ack({ ok: true, id, command });
      const result = await runBuild(
        input,
        principal.user.id,
        {
          lines: (lines) => {
            pending.push(...lines);
            if (!timer) timer = setTimeout(flush, BUILD_FLUSH_MS);
          },
        },
        abort.signal,
      );
      if (timer) clearTimeout(timer);
      flush();
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
    } catch (err) {
      ack({ ok: false, error: toHttpError(err).message });
    }
  });

  socket.on('build:cancel', (payload) => {
    const parsed = subscriptionIdSchema.safeParse(payload);
    if (parsed.success) void builds.get(parsed.data.id)?.();
  });
}
