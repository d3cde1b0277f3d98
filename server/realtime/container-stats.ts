import { type StatsCursor, type StatsSample, toSample } from '@/lib/stats/compute';
import { followStats } from '@/server/docker/stats';
import type { Opener } from '@/server/realtime/shared-stream';

/** A container's stats stream (one reading a second from the engine), one for all its viewers. */
export function containerStatsOpener(containerId: string): Opener<StatsSample> {
  return async (emit, end) => {
    let cursor: StatsCursor | null = null;
    const stream = await followStats(containerId, (raw) => {
      const next = toSample(raw, cursor);
      cursor = next.cursor;
      emit(next.sample);
    });
    stream.done.then(
      () => end(),
      (e: Error) => end(e),
    );
    return { close: () => stream.close() };
  };
}
