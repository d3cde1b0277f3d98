import { engine, TEST_IMAGE } from './engine';

/**
 * Cleanup scoped to one test run's own label, so parallel helpers' resources (also berth.test=1) survive:
 * containers first (they hold volumes and network endpoints), then volumes and networks.
 */
export async function removeLabelled(label: string): Promise<void> {
  const filters = JSON.stringify({ label: [label] });
  const containers = await engine.listContainers({ all: true, filters });
  await Promise.allSettled(containers.map((c) => engine.getContainer(c.Id).remove({ force: true, v: true })));
  const volumes = (await engine.listVolumes({ filters })).Volumes ?? [];
  await Promise.allSettled(volumes.map((v) => engine.getVolume(v.Name).remove()));
  const networks = await engine.listNetworks({ filters });
  await Promise.allSettled(networks.map((n) => engine.getNetwork(n.Id).remove()));
}

/** A test container that keeps running (`sleep`), with the given labels and host config. */
export async function sleeper(
  name: string,
  labels: Record<string, string>,
  hostConfig: Record<string, unknown> = {},
  start = true,
): Promise<string> {
  const container = await engine.createContainer({
    Image: TEST_IMAGE,
    name,
    Cmd: ['sleep', '3600'],
    Labels: { 'berth.test': '1', ...labels },
    HostConfig: hostConfig,
  });
  if (start) await container.start();
  return container.id;
}

/** Whether the engine still has the volume / network. */
export async function volumeExists(name: string): Promise<boolean> {
  try {
    await engine.getVolume(name).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}

export async function networkExists(id: string): Promise<boolean> {
  try {
    await engine.getNetwork(id).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}
