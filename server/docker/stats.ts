import type { Readable } from 'node:stream';
import type { RawStats } from '@/lib/stats/compute';
import { docker } from '@/server/docker/client';
import { type FollowedStream, followJsonLines } from '@/server/docker/json-lines';

/** Running containers, as the stats overview needs them (no sizes, no inspect). */
export async function listRunning(): Promise<{ id: string; name: string; image: string; project: string }[]> {
  const list = await docker().listContainers({ filters: { status: ['running'] } });
  return list.map((c) => ({
    id: c.Id,
    name: (c.Names?.[0] ?? c.Id).replace(/^\//, ''),
    image: c.Image,
    project: c.Labels?.['com.docker.compose.project'] ?? '',
  }));
}

/**
 * One reading without the engine's one-second wait for a second sample (`one-shot`, API 1.41+): the caller
 * keeps the previous reading to compute CPU %.
 */
export async function oneShotStats(id: string): Promise<RawStats> {
  return (await docker()
    .getContainer(id)
    .stats({ stream: false, 'one-shot': true } as { stream: false })) as unknown as RawStats;
}

/** A container's stats stream (`docker stats`): one reading a second until it stops or is closed. */
export async function followStats(id: string, onReading: (raw: RawStats) => void): Promise<FollowedStream> {
  const stream = (await docker().getContainer(id).stats({ stream: true })) as unknown as Readable;
  return followJsonLines(stream, (value) => onReading(value as RawStats));
}
