import type { Readable } from 'node:stream';
import { type RawStats, type StatsCursor, type StatsSample, toSample } from '@/lib/stats/compute';
import { docker } from '@/server/docker/client';
import { readJsonLines } from '@/server/docker/json-lines';
import type { Opener } from '@/server/realtime/shared-stream';

/** A container's stats stream (one reading a second from the engine), one for all its viewers. */
export function containerStatsOpener(containerId: string): Opener<StatsSample> {
  return async (emit, end) => {
    const stream = (await docker().getContainer(containerId).stats({ stream: true })) as unknown as Readable;
    let cursor: StatsCursor | null = null;
    readJsonLines(stream, (raw) => {
      const next = toSample(raw as RawStats, cursor);
      cursor = next.cursor;
      emit(next.sample);
    }).then(
      () => end(),
      (e: Error) => end(e),
    );
    return { close: () => stream.destroy() };
  };
}
