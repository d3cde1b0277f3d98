import type Docker from 'dockerode';
import type { DirectoryListing } from '@/lib/containers/types';
import { toRecord } from '@/lib/forms/key-value';
import type { PruneFilters, PrunePreview, PruneResult } from '@/lib/prune/types';
import { joinVolumePath, renderVolumeCommand, renderVolumeShellCommand } from '@/lib/volumes/cli';
import type { VolumeCreate } from '@/lib/volumes/form';
import type { VolumeBrowseTarget, VolumeDetail, VolumeSummary, VolumeUsage } from '@/lib/volumes/types';
import { docker } from '@/server/docker/client';
import { listDirectory } from '@/server/docker/containers';
import { forgetDiskUsage, systemDf } from '@/server/docker/disk-usage';
import {
  pickBrowseTarget,
  type RawVolume,
  totalSize,
  toVolumeSizes,
  toVolumeSummary,
  volumeMounts,
  volumePruneCandidates,
} from '@/server/docker/volume-view';
import { HttpError, toHttpError } from '@/server/http/errors';

async function allContainers(filters?: Record<string, string[]>): Promise<Docker.ContainerInfo[]> {
  return docker().listContainers({ all: true, ...(filters ? { filters: JSON.stringify(filters) } : {}) });
}

/** `docker volume ls` with, for each volume, the containers that mount it (one container list, no sizes). */
export async function listVolumes(): Promise<VolumeSummary[]> {
  const [raw, containers] = await Promise.all([docker().listVolumes(), allContainers()]);
  const mounts = volumeMounts(containers);
  return ((raw.Volumes ?? []) as RawVolume[]).map((v) => toVolumeSummary(v, mounts.get(v.Name)));
}

async function mountsOf(name: string) {
  // The engine's `volume` filter also matches mount destinations: keep only mounts of this very volume.
  return volumeMounts(await allContainers({ volume: [name] })).get(name) ?? [];
}

export async function inspectVolume(name: string): Promise<VolumeDetail> {
  const [raw, mounts] = await Promise.all([
    docker().getVolume(name).inspect() as Promise<RawVolume>,
    mountsOf(name),
  ]);
  return { ...toVolumeSummary(raw, mounts), status: raw.Status ?? null, raw };
}

export function toVolumeCreateOptions(form: VolumeCreate): Docker.VolumeCreateOptions {
  return {
    ...(form.name ? { Name: form.name } : {}),
    Driver: form.driver,
    DriverOpts: toRecord(form.options),
    Labels: toRecord(form.labels),
  };
}

/**
 * `docker volume create`. The engine answers a create of an existing name with that volume, unchanged
 * (other labels and options silently dropped); a console must say so instead. `vet` sees the exact body.
 */
export async function createVolume(
  form: VolumeCreate,
  vet: (body: Docker.VolumeCreateOptions) => void = () => {},
): Promise<VolumeSummary> {
  const body = toVolumeCreateOptions(form);
  vet(body);
  if (form.name && (await volumeExists(form.name))) {
    throw new HttpError(409, 'conflict', `A volume named "${form.name}" already exists`, [
      { path: 'body.name', message: 'A volume with this name already exists' },
    ]);
  }
  // dockerode answers with a handle on the volume, not the engine's description of it.
  const created = await docker().createVolume(body);
  forgetDiskUsage();
  return toVolumeSummary((await created.inspect()) as RawVolume, []);
}

async function volumeExists(name: string): Promise<boolean> {
  try {
    await docker().getVolume(name).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}

function inUseError(name: string, users: { name: string; state: string }[]): HttpError {
  const list = users.map((u) => `${u.name} (${u.state})`).join(', ');
  return new HttpError(
    409,
    'conflict',
    `Volume "${name}" is in use by ${users.length === 1 ? 'container' : 'containers'} ${list}: remove ${users.length === 1 ? 'it' : 'them'} first`,
  );
}

/** `docker volume rm`; a volume in use is refused naming the containers, not the engine's bare ids. */
export async function removeVolume(name: string): Promise<void> {
  const users = await mountsOf(name);
  if (users.length) throw inUseError(name, users);
  try {
    await docker().getVolume(name).remove();
    forgetDiskUsage();
  } catch (err) {
    // A container may have started using it between the check and the removal.
    if ((err as { statusCode?: number }).statusCode === 409) {
      const now = await mountsOf(name);
      if (now.length) throw inUseError(name, now);
    }
    throw err;
  }
}

// ------------------------------------------------------------------------------------------- usage

/**
 * Volume sizes from `system df` (which walks every volume, seconds on big hosts), from the process's one
 * shared measurement (server/docker/disk-usage.ts): the engine refuses a second df while one runs.
 */
export async function volumeUsage(opts: { fresh?: boolean } = {}): Promise<VolumeUsage> {
  const { raw, measuredAt } = await systemDf(opts);
  return { sizes: toVolumeSizes(raw), measuredAt };
}

// ------------------------------------------------------------------------------------------- prune

export interface VolumePruneOptions {
  filters: PruneFilters;
  /** Named volumes too, not only anonymous ones (`docker volume prune --all`). */
  all: boolean;
}

/** What `docker volume prune` would remove now, with sizes and the space it would free. */
export async function previewVolumePrune(opts: VolumePruneOptions): Promise<PrunePreview> {
  const [volumes, sizes] = await Promise.all([
    listVolumes(),
    volumeUsage({ fresh: true }).then((u) => u.sizes),
  ]);
  const items = volumePruneCandidates(volumes, opts.filters, opts.all, sizes);
  return {
    items,
    reclaimable: totalSize(items),
    command: renderVolumeCommand({ action: 'prune', ...opts }),
  };
}

/**
 * Prunes exactly the confirmed volumes that are still candidates (unused, matching the filters); never a
 * volume that appeared after the preview. Without `ids` (volume names), prunes the current candidates.
 */
export async function pruneVolumes(opts: VolumePruneOptions & { ids?: string[] }): Promise<PruneResult> {
  const fresh = await previewVolumePrune(opts);
  const candidates = new Map(fresh.items.map((i) => [i.name, i]));
  const wanted = opts.ids ?? [...candidates.keys()];
  const result: PruneResult = { removed: [], skipped: [], reclaimed: 0, command: fresh.command };
  for (const name of wanted) {
    const candidate = candidates.get(name);
    if (!candidate) {
      result.skipped.push({ name, reason: 'No longer unused, gone, or no longer matching the filters' });
      continue;
    }
    try {
      await docker().getVolume(name).remove();
      result.removed.push(name);
      result.reclaimed += candidate.size ?? 0;
    } catch (err) {
      result.skipped.push({ name, reason: toHttpError(err).message });
    }
  }
  forgetDiskUsage();
  return result;
}

// ------------------------------------------------------------------------------------------- files

/** The container to read the volume through; 409 with the CLI way when no container mounts it. */
export async function volumeBrowseTarget(name: string): Promise<VolumeBrowseTarget> {
  await docker().getVolume(name).inspect();
  const pick = pickBrowseTarget(await mountsOf(name));
  if (!pick) {
    throw new HttpError(
      409,
      'conflict',
      `No container mounts volume "${name}": Berth reads a volume through a container that mounts it. From a shell: ${renderVolumeShellCommand(name)}`,
    );
  }
  return {
    container: { id: pick.id, name: pick.name },
    destination: pick.destination,
    readOnly: pick.readOnly,
  };
}

/** A directory of the volume (`path` relative to its root), with paths relative to the volume too. */
export async function listVolumeDirectory(
  name: string,
  path: string,
): Promise<DirectoryListing & { target: VolumeBrowseTarget }> {
  const target = await volumeBrowseTarget(name);
  const listing = await listDirectory(target.container.id, joinVolumePath(target.destination, path));
  const base = path.replace(/\/+$/, '');
  return {
    target,
    path: base || '/',
    truncated: listing.truncated,
    entries: listing.entries.map((e) => ({ ...e, path: `${base}/${e.name}` })),
  };
}
