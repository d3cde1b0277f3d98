import type { ContainerState, ContainerSummary } from '@/lib/containers/types';

export type SortKey = 'name' | 'state' | 'image' | 'created';
export type SortDir = 'asc' | 'desc';

/** Running first, then the ones that need attention, then the stopped ones. */
const STATE_ORDER: Record<ContainerState, number> = {
  running: 0,
  restarting: 1,
  paused: 2,
  dead: 3,
  removing: 4,
  exited: 5,
  created: 6,
};

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function sortContainers(
  list: readonly ContainerSummary[],
  key: SortKey,
  dir: SortDir,
): ContainerSummary[] {
  const sign = dir === 'asc' ? 1 : -1;
  const compare = (a: ContainerSummary, b: ContainerSummary): number => {
    switch (key) {
      case 'name':
        return collator.compare(a.name, b.name);
      case 'image':
        return collator.compare(a.image, b.image) || collator.compare(a.name, b.name);
      case 'state':
        return (STATE_ORDER[a.state] ?? 9) - (STATE_ORDER[b.state] ?? 9) || collator.compare(a.name, b.name);
      case 'created':
        return a.created - b.created || collator.compare(a.name, b.name);
    }
  };
  return [...list].sort((a, b) => sign * compare(a, b));
}
