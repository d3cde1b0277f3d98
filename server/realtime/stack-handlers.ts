import { randomUUID } from 'node:crypto';
import { subscriptionIdSchema } from '@/lib/realtime/contract';
import { renderStackCommand } from '@/lib/stacks/cli';
import { stackRunSchema } from '@/lib/stacks/schemas';
import { recordAudit } from '@/server/audit/log';
import { requireCompose } from '@/server/compose/binary';
import { acquireSlot } from '@/server/limits';
import { lineBatcher } from '@/server/realtime/line-batcher';
import { OwnedKind } from '@/server/realtime/registry';
import { socketEvent } from '@/server/realtime/socket-event';
import { prepareAction, runStackAction } from '@/server/stacks/stacks';

const STACK_RUN = new OwnedKind('stack-run');

/**
 * Compose's lines are batched (a pull of many layers costs one message per flush), at most one message per 30 ms:
 * with the batcher's leading edge, a line reaches the page within ~30 ms of Compose printing it (bench/stacks.ts).
 */
const STACK_FLUSH_MS = 30;

/**
 * `stack:run`: one `docker compose` action with live output. The process belongs to the socket that started
 * it: `stack:cancel`, a disconnect or shutdown stop it (SIGINT, then SIGKILL). The checks are those of the
 * HTTP route (permission, the stack's files, the volume confirmation of `down -v`); one action per stack.
 */
export const runStack = socketEvent('stack:run', {
  permission: 'stacks:write',
  schema: stackRunSchema,
  auditRefusal: 'stack.run',
  handler: async ({ payload, principal, socket, scope, ip, ack, alive }) => {
    // The dispatcher set the payload's environment: Compose runs against that engine (server/compose/engine-env.ts).
    const options = payload.options ?? {};
    const command = renderStackCommand(payload.name, payload.action, options);
    const refuse = (err: unknown) => {
      recordAudit({
        user: principal.user,
        ip,
        action: `stack.${payload.action}`,
        target: payload.name,
        command,
        result: 'error',
        error: err instanceof Error ? err.message : String(err),
      });
      throw err;
    };
    await requireCompose().catch(refuse);
    await prepareAction(payload.name, payload.action, options).catch(refuse);
    alive();
    let releaseJob: () => void;
    try {
      releaseJob = acquireSlot('jobs', principal.user.id);
    } catch (err) {
      refuse(err);
      throw err;
    }
    const id = randomUUID();
    const abort = new AbortController();
    const output = lineBatcher((lines) => socket.emit('stack:output', { id, lines }), STACK_FLUSH_MS);
    const release = scope.add(STACK_RUN, id, () => abort.abort());
    const acked = ack({ id, command });
    try {
      const result = await runStackAction(payload.name, payload.action, options, {
        signal: abort.signal,
        onLines: (lines) => output.push(lines),
      });
      output.close();
      socket.emit('stack:end', {
        id,
        result: {
          ok: result.ok,
          exitCode: result.exitCode,
          error: result.error,
          ...(result.cancelled ? { cancelled: true } : {}),
        },
      });
      recordAudit({
        user: principal.user,
        ip,
        action: `stack.${payload.action}`,
        target: payload.name,
        command,
        result: result.ok ? 'ok' : 'error',
        error: result.error,
      });
    } catch (err) {
      // Refused after the ack (another action holds the stack): the end says why.
      output.close();
      const message = err instanceof Error ? err.message : String(err);
      socket.emit('stack:end', { id, result: { ok: false, exitCode: null, error: message } });
      recordAudit({
        user: principal.user,
        ip,
        action: `stack.${payload.action}`,
        target: payload.name,
        command,
        result: 'error',
        error: message,
      });
    } finally {
      releaseJob();
      void release();
    }
    return acked;
  },
});

export const cancelStack = socketEvent('stack:cancel', {
  permission: 'stacks:write',
  schema: subscriptionIdSchema,
  handler: async ({ payload, scope }) => {
    await scope.release(STACK_RUN, payload.id);
  },
});
