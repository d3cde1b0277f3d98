import type Docker from 'dockerode';
import type { DiskUsage, PruneOutcome, PrunePlan } from '@/lib/system/types';
import { docker } from '@/server/docker/client';
import { forgetDiskUsage, systemDf } from '@/server/docker/disk-usage';
import { buildCachePruneItems, containerPruneItems, toDiskUsage } from '@/server/docker/system-view';

export async function diskUsage(): Promise<DiskUsage> {
  return toDiskUsage((await systemDf()).raw);
}

const sum = (items: { size: number | null }[]) => items.reduce((s, i) => s + (i.size ?? 0), 0);

const labelWords = (labels: readonly string[]) => labels.map((l) => ` --filter label=${l}`).join('');

/** `labels`: `--filter label=…` as the CLI takes them (`key` or `key=value`, all must match). */
export async function previewContainerPrune(labels: readonly string[] = []): Promise<PrunePlan> {
  const list = await docker().listContainers({
    all: true,
    size: true,
    ...(labels.length ? { filters: { label: [...labels] } } : {}),
  });
  const items = containerPruneItems(list as (Docker.ContainerInfo & { SizeRw?: number })[]);
  return { items, reclaimable: sum(items), command: `docker container prune${labelWords(labels)}` };
}

/**
 * Removes exactly the stopped containers the user confirmed (not what stopped since the preview): each is
 * removed without force, so one that started meanwhile is refused by the engine and left alone.
 */
export async function pruneContainers(ids: string[], labels: readonly string[] = []): Promise<PruneOutcome> {
  const plan = await previewContainerPrune(labels);
  const confirmed = new Set(ids);
  const removed: string[] = [];
  let reclaimed = 0;
  for (const item of plan.items.filter((i) => confirmed.has(i.id))) {
    try {
      await docker().getContainer(item.id).remove({ force: false, v: false });
      removed.push(item.name);
      reclaimed += item.size ?? 0;
    } catch {
      // started or removed meanwhile: not ours to force
    }
  }
  if (removed.length) forgetDiskUsage();
  return { removed, reclaimed, command: plan.command };
}

export async function previewBuildCachePrune(): Promise<PrunePlan> {
  const items = buildCachePruneItems((await systemDf({ fresh: true })).raw);
  return { items, reclaimable: sum(items), command: 'docker builder prune' };
}

export async function pruneBuildCache(): Promise<PruneOutcome> {
  const res = (await docker().pruneBuilder()) as { CachesDeleted?: string[] | null; SpaceReclaimed?: number };
  forgetDiskUsage();
  return {
    removed: res.CachesDeleted ?? [],
    reclaimed: res.SpaceReclaimed ?? 0,
    command: 'docker builder prune',
  };
}
