import type { LogLine } from '@/lib/containers/types';
import { openLogStream } from '@/server/docker/logs';
import type { Opener } from '@/server/realtime/shared-stream';

/** A container's live log, followed from now: one engine stream for all its viewers. */
export function containerLogsOpener(containerId: string): Opener<LogLine> {
  return async (emit, end) => {
    const stream = await openLogStream(
      containerId,
      // Only new lines: each viewer's backlog is read separately, with its own tail.
      { follow: true, since: Math.floor(Date.now() / 1000) },
      (lines) => lines.forEach(emit),
    );
    stream.done.then(
      () => end(),
      (err: unknown) => end(err instanceof Error ? err : new Error(String(err))),
    );
    return { close: () => stream.close() };
  };
}
