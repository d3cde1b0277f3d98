import { describe, expect, it } from 'vitest';
import { buildCachePruneItems, containerPruneItems, toDiskUsage } from '@/server/docker/system-view';

describe('system df view', () => {
  const df = {
    LayersSize: 1000,
    Images: [
      { Id: 'a', Size: 600, SharedSize: 100, Containers: 1 },
      { Id: 'b', Size: 500, SharedSize: 100, Containers: 0 },
    ],
    Containers: [
      { Id: 'c1', State: 'running', SizeRw: 10 },
      { Id: 'c2', State: 'exited', SizeRw: 30, Names: ['/old'] },
      { Id: 'c3', State: 'created' },
    ],
    Volumes: [
      { Name: 'v1', UsageData: { Size: 200, RefCount: 1 } },
      { Name: 'v2', UsageData: { Size: 50, RefCount: 0 } },
      { Name: 'v3', UsageData: { Size: -1, RefCount: 0 } },
    ],
    BuildCache: [
      { ID: 'x', Size: 70, InUse: false, Shared: false, Description: 'RUN make' },
      { ID: 'y', Size: 30, InUse: true, Shared: false },
      { ID: 'z', Size: 20, InUse: false, Shared: true },
    ],
  };

  it('computes sizes and reclaimable space as docker system df does', () => {
    const byKind = Object.fromEntries(toDiskUsage(df).map((r) => [r.kind, r]));
    // Shared layers count once (LayersSize); only the unused image's own layers are reclaimable.
    expect(byKind.images).toEqual({ kind: 'images', total: 2, active: 1, size: 1000, reclaimable: 500 });
    expect(byKind.containers).toEqual({ kind: 'containers', total: 3, active: 1, size: 40, reclaimable: 30 });
    // -1 means "not measured", never negative space.
    expect(byKind.volumes).toEqual({ kind: 'volumes', total: 3, active: 1, size: 250, reclaimable: 50 });
    expect(byKind.buildCache).toEqual({
      kind: 'buildCache',
      total: 3,
      active: 1,
      size: 100,
      reclaimable: 70,
    });
  });

  it('lists what container and builder prunes would remove', () => {
    expect(containerPruneItems(df.Containers).map((c) => c.name)).toEqual(['old', 'c3']);
    expect(buildCachePruneItems(df)).toEqual([{ id: 'x', name: 'RUN make', size: 70 }]);
  });

  it('copes with an engine that reports nothing', () => {
    expect(toDiskUsage({}).every((r) => r.total === 0 && r.size === 0)).toBe(true);
  });
});
