import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { RawStats } from '@/lib/stats/compute';
import { docker } from '@/server/docker/client';
import { type FollowedStream, followJsonLines } from '@/server/docker/json-lines';
import { engineGetJson } from '@/server/docker/plain-get';

/** Running containers, as the stats overview needs them (no sizes, no inspect). */
export async function listRunning(): Promise<{ id: string; name: string; image: string; project: string }[]> {
  // Every stats round lists them, whether anyone watches or not: the plain kept-alive GET where possible.
  const query = `/containers/json?filters=${encodeURIComponent(JSON.stringify({ status: ['running'] }))}`;
  const list =
    (await engineGetJson<Docker.ContainerInfo[]>(query)) ??
    (await docker().listContainers({ filters: { status: ['running'] } }));
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
  // Every running container every round, whether anyone watches or not: the plain kept-alive GET where the
  // engine's connection allows one (server/docker/plain-get.ts), dockerode otherwise (SSH).
  const plain = engineGetJson<RawStats>(
    `/containers/${encodeURIComponent(id)}/stats?stream=false&one-shot=true`,
  );
  if (plain) return plain;
  return (await docker()
    .getContainer(id)
    .stats({ stream: false, 'one-shot': true } as { stream: false })) as unknown as RawStats;
}

/** A container's stats stream (`docker stats`): one reading a second until it stops or is closed. */
export async function followStats(id: string, onReading: (raw: RawStats) => void): Promise<FollowedStream> {
  const stream = (await docker().getContainer(id).stats({ stream: true })) as unknown as Readable;
  return followJsonLines(stream, (value) => onReading(value as RawStats));
}
