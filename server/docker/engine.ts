import type Docker from 'dockerode';
import type { EngineInfo, Health } from '@/lib/engine/types';
import { composeStatus } from '@/server/compose/binary';
import { docker, engineAddress } from '@/server/docker/client';

/** Health answers within this, whatever the engine does (the image's HEALTHCHECK probes every second). */
const HEALTH_TIMEOUT_MS = 3_000;

export async function health(): Promise<Health> {
  const [engine, compose] = await Promise.all([engineHealth(), composeHealth()]);
  return { ...engine, compose };
}

/** Checked once and cached (server/compose/binary.ts): health stays fast. */
async function composeHealth(): Promise<NonNullable<Health['compose']>> {
  const status = await composeStatus();
  return status.ok
    ? { available: true, version: status.version }
    : { available: false, version: null, problem: status.problem };
}

async function engineHealth(): Promise<Health> {
  try {
    // dockerode takes an abortSignal here; its types omit the options argument.
    const versionOf = docker().version.bind(docker()) as unknown as (opts: {
      abortSignal: AbortSignal;
    }) => Promise<Docker.DockerVersion>;
    const version = await versionOf({ abortSignal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    return { ok: true, engine: { reachable: true, version: version.Version, address: engineAddress() } };
  } catch (err) {
    const problem = (err as Error).name === 'AbortError' ? 'unresponsive' : 'unreachable';
    return { ok: false, engine: { reachable: false, version: null, address: engineAddress(), problem } };
  }
}

export async function engineInfo(): Promise<EngineInfo> {
  const [info, version] = await Promise.all([docker().info(), docker().version()]);
  return {
    name: info.Name,
    version: version.Version,
    apiVersion: version.ApiVersion,
    os: info.OperatingSystem,
    osType: info.OSType,
    arch: info.Architecture,
    kernel: info.KernelVersion,
    cpus: info.NCPU,
    memory: info.MemTotal,
    storageDriver: info.Driver,
    rootDir: info.DockerRootDir,
    containers: {
      total: info.Containers,
      running: info.ContainersRunning,
      paused: info.ContainersPaused,
      stopped: info.ContainersStopped,
    },
    images: info.Images,
  };
}
