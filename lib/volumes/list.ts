import type { SortDir } from '@/lib/containers/sort';
import type { VolumeSummary } from '@/lib/volumes/types';

export const VOLUME_SORT_KEYS = ['name', 'driver', 'size', 'containers', 'created'] as const;
export type VolumeSortKey = (typeof VOLUME_SORT_KEYS)[number];
export const VOLUME_USE_FILTERS = ['all', 'used', 'unused'] as const;
export type VolumeUseFilter = (typeof VOLUME_USE_FILTERS)[number];

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Search over name, driver, label keys and values, and the names of the containers using it. */
export function filterVolumes(
  list: readonly VolumeSummary[],
  search: string,
  use: VolumeUseFilter,
): VolumeSummary[] {
  const needle = search.trim().toLowerCase();
  return list.filter((v) => {
    if (use === 'used' && v.containers.length === 0) return false;
    if (use === 'unused' && v.containers.length > 0) return false;
    if (!needle) return true;
    return (
      v.name.toLowerCase().includes(needle) ||
      v.driver.toLowerCase().includes(needle) ||
      Object.entries(v.labels).some(([k, val]) => `${k}=${val}`.toLowerCase().includes(needle)) ||
      v.containers.some((c) => c.name.toLowerCase().includes(needle))
    );
  });
}

/** Sizes come apart from the list: an unknown size (-1 or not measured yet) sorts below every known one. */
export function sortVolumes(
  list: readonly VolumeSummary[],
  key: VolumeSortKey,
  dir: SortDir,
  sizes: Record<string, number> = {},
): VolumeSummary[] {
  const sign = dir === 'asc' ? 1 : -1;
  const size = (v: VolumeSummary) => sizes[v.name] ?? -1;
  const compare = (a: VolumeSummary, b: VolumeSummary): number => {
    const byName = collator.compare(a.name, b.name);
    switch (key) {
      case 'name':
        return byName;
      case 'driver':
        return collator.compare(a.driver, b.driver) || byName;
      case 'size':
        return size(a) - size(b) || byName;
      case 'containers':
        return a.containers.length - b.containers.length || byName;
      case 'created':
        return (a.created ?? 0) - (b.created ?? 0) || byName;
    }
  };
  return [...list].sort((a, b) => sign * compare(a, b));
}
