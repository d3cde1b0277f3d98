import type { SortDir } from '@/lib/containers/sort';
import type { NetworkSummary } from '@/lib/networks/types';

export const NETWORK_SORT_KEYS = ['name', 'driver', 'scope', 'containers', 'created'] as const;
export type NetworkSortKey = (typeof NETWORK_SORT_KEYS)[number];

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Search over name, driver, id prefix, subnets, gateways and labels. */
export function filterNetworks(list: readonly NetworkSummary[], search: string): NetworkSummary[] {
  const needle = search.trim().toLowerCase();
  if (!needle) return [...list];
  return list.filter(
    (n) =>
      n.name.toLowerCase().includes(needle) ||
      n.driver.toLowerCase().includes(needle) ||
      n.id.startsWith(needle) ||
      n.pools.some((p) => p.subnet.includes(needle) || (p.gateway ?? '').includes(needle)) ||
      Object.entries(n.labels).some(([k, v]) => `${k}=${v}`.toLowerCase().includes(needle)),
  );
}

export function sortNetworks(
  list: readonly NetworkSummary[],
  key: NetworkSortKey,
  dir: SortDir,
): NetworkSummary[] {
  const sign = dir === 'asc' ? 1 : -1;
  const compare = (a: NetworkSummary, b: NetworkSummary): number => {
    const byName = collator.compare(a.name, b.name);
    switch (key) {
      case 'name':
        return byName;
      case 'driver':
        return collator.compare(a.driver, b.driver) || byName;
      case 'scope':
        return collator.compare(a.scope, b.scope) || byName;
      case 'containers':
        return a.containerCount - b.containerCount || byName;
      case 'created':
        return (a.created ?? 0) - (b.created ?? 0) || byName;
    }
  };
  return [...list].sort((a, b) => sign * compare(a, b));
}
