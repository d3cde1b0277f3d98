import type { Readable } from 'node:stream';
import { type RawStats, type StatsCursor, type StatsSample, toSample } from '@/lib/stats/compute';
import { docker } from '@/server/docker/client';
import { splitJsonLines } from '@/server/docker/event-view';
import type { Opener } from '@/server/realtime/shared-stream';

/** A container's stats stream (one reading a second from the engine), one for all its viewers. */
export function containerStatsOpener(containerId: string): Opener<StatsSample> {
  return async (emit, end) => {
    const stream = (await docker().getContainer(containerId).stats({ stream: true })) as unknown as Readable;
    let rest = '';
    let cursor: StatsCursor | null = null;
    stream.on('data', (chunk: Buffer) => {
      const parsed = splitJsonLines(rest + chunk.toString('utf8'));
      rest = parsed.rest;
      for (const raw of parsed.objects) {
        const next = toSample(raw as RawStats, cursor);
        cursor = next.cursor;
        emit(next.sample);
      }
    });
    stream.on('end', () => end());
    stream.on('error', (e) => end(e));
    return { close: () => stream.destroy() };
  };
}
