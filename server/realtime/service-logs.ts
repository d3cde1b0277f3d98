import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { LogLine } from '@/lib/containers/types';
import { byTime, rfc3339ToSince } from '@/lib/logs/time';
import type { serviceLogsSubscribeSchema } from '@/lib/realtime/contract';
import { openServiceLogStream } from '@/server/docker/service-logs';
import { requireManager } from '@/server/docker/swarm';
import { toHttpError } from '@/server/http/errors';
import type { OwnedKind, OwnerScope } from '@/server/realtime/registry';
import type { BerthSocket } from '@/server/realtime/socket-event';

const FLUSH_MS = 100;
const BATCH_MAX = 2_000;

/**
 * `docker service logs --follow`: one engine stream per subscriber (the manager merges the tasks' logs, and
 * each viewer's tail differs), batched like a container's log, owned by the socket's scope.
 */
export async function subscribeServiceLogs(
  input: z.output<typeof serviceLogsSubscribeSchema>,
  ctx: {
    socket: BerthSocket;
    scope: OwnerScope;
    kind: OwnedKind<undefined>;
    alive: () => void;
  },
): Promise<{ id: string }> {
  // The dispatcher runs this in the payload's environment (unknown ones are refused there).
  await requireManager();
  ctx.alive();
  const id = randomUUID();
  let pending: LogLine[] = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    if (!pending.length) return;
    // Lines of different tasks arrive in the order the nodes answer: the engine's timestamps decide.
    const lines = pending.sort(byTime);
    pending = [];
    for (let i = 0; i < lines.length; i += BATCH_MAX)
      ctx.socket.emit('logs:lines', { id, lines: lines.slice(i, i + BATCH_MAX) });
  };
  const since = input.since ? rfc3339ToSince(input.since) : null;
  const stream = await openServiceLogStream(
    input.serviceId,
    { tail: input.tail, ...(since ? { since } : {}) },
    (lines) => {
      pending.push(...lines);
      if (!timer) timer = setTimeout(flush, FLUSH_MS);
    },
  );
  const release = ctx.scope.add(ctx.kind, id, () => {
    if (timer) clearTimeout(timer);
    stream.close();
  });
  void stream.done
    .then(
      () => 'stream ended',
      (err: unknown) => toHttpError(err).message,
    )
    .then((reason) => {
      if (!ctx.scope.has(ctx.kind, id)) return;
      if (timer) clearTimeout(timer);
      flush();
      ctx.socket.emit('logs:end', { id, reason });
      void release();
    });
  return { id };
}
