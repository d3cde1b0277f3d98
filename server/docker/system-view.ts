import type { DiskUsage, PruneItem } from '@/lib/system/types';

/** The parts of `/system/df` Berth reads. */
export interface RawDf {
  LayersSize?: number;
  Images?: { Id: string; Size: number; SharedSize: number; Containers: number }[] | null;
  Containers?: { Id: string; SizeRw?: number; State: string; Names?: string[] }[] | null;
  Volumes?: { Name: string; UsageData?: { Size: number; RefCount: number } | null }[] | null;
  BuildCache?:
    | { ID: string; Size: number; InUse: boolean; Shared: boolean; Type?: string; Description?: string }[]
    | null;
}

/** `docker system df` as the CLI computes it: totals, active counts, sizes and what is reclaimable. */
export function toDiskUsage(df: RawDf): DiskUsage {
  const images = df.Images ?? [];
  const activeImages = images.filter((i) => i.Containers > 0);
  // Layers shared between images are counted once: LayersSize is the real total on disk.
  const imageSize = df.LayersSize ?? images.reduce((s, i) => s + i.Size - i.SharedSize, 0);
  const activeImageSize = activeImages.reduce((s, i) => s + i.Size - i.SharedSize, 0);
  const containers = df.Containers ?? [];
  const running = containers.filter((c) => c.State === 'running' || c.State === 'paused');
  const containerSize = containers.reduce((s, c) => s + Math.max(0, c.SizeRw ?? 0), 0);
  const volumes = df.Volumes ?? [];
  const volSize = (v: (typeof volumes)[number]) => Math.max(0, v.UsageData?.Size ?? 0);
  const activeVolumes = volumes.filter((v) => (v.UsageData?.RefCount ?? 0) > 0);
  const cache = df.BuildCache ?? [];
  return [
    {
      kind: 'images',
      total: images.length,
      active: activeImages.length,
      size: imageSize,
      reclaimable: Math.max(0, imageSize - activeImageSize),
    },
    {
      kind: 'containers',
      total: containers.length,
      active: running.length,
      size: containerSize,
      reclaimable: containers
        .filter((c) => !running.includes(c))
        .reduce((s, c) => s + Math.max(0, c.SizeRw ?? 0), 0),
    },
    {
      kind: 'volumes',
      total: volumes.length,
      active: activeVolumes.length,
      size: volumes.reduce((s, v) => s + volSize(v), 0),
      reclaimable: volumes.filter((v) => !activeVolumes.includes(v)).reduce((s, v) => s + volSize(v), 0),
    },
    {
      kind: 'buildCache',
      total: cache.length,
      active: cache.filter((c) => c.InUse).length,
      size: cache.reduce((s, c) => s + (c.Shared ? 0 : c.Size), 0),
      reclaimable: cache.filter((c) => !c.InUse && !c.Shared).reduce((s, c) => s + c.Size, 0),
    },
  ];
}

/** What `docker builder prune` (without -a) removes: cache records nobody uses or shares. */
export function buildCachePruneItems(df: RawDf): PruneItem[] {
  return (df.BuildCache ?? [])
    .filter((c) => !c.InUse && !c.Shared)
    .map((c) => ({ id: c.ID, name: c.Description || c.Type || c.ID.slice(0, 12), size: c.Size }));
}

/** What `docker container prune` removes: every container that is not running, paused or restarting. */
export function containerPruneItems(
  containers: { Id: string; Names?: string[]; State: string; SizeRw?: number }[],
): PruneItem[] {
  return containers
    .filter((c) => !['running', 'paused', 'restarting'].includes(c.State))
    .map((c) => ({
      id: c.Id,
      name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
      size: c.SizeRw ?? null,
    }));
}
