import type { EngineInfo, Health } from '@/lib/engine/types';
import { docker, engineAddress } from '@/server/docker/client';

export async function health(): Promise<Health> {
  try {
    const version = await docker().version();
    return { ok: true, engine: { reachable: true, version: version.Version, address: engineAddress() } };
  } catch {
    return { ok: false, engine: { reachable: false, version: null, address: engineAddress() } };
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
