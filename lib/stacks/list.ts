import type { StackOrigin, StackPort, StackSummary } from '@/lib/stacks/types';

export const STACK_ORIGIN_FILTERS = ['all', 'berth', 'external'] as const;
export type StackOriginFilter = (typeof STACK_ORIGIN_FILTERS)[number];

/** Berth's own and adopted stacks count as Berth's; `external` are the ones only seen on the engine. */
const matchesOrigin = (origin: StackOrigin, filter: StackOriginFilter) =>
  filter === 'all' || (filter === 'external' ? origin === 'external' : origin !== 'external');

/** The stacks a search and an origin filter keep: the search matches the name, a service or a config file. */
export function filterStacks(
  stacks: readonly StackSummary[],
  search: string,
  origin: StackOriginFilter,
): StackSummary[] {
  const needle = search.trim().toLowerCase();
  return stacks
    .filter((s) => matchesOrigin(s.origin, origin))
    .filter(
      (s) =>
        !needle ||
        s.name.toLowerCase().includes(needle) ||
        s.services.some((name) => name.toLowerCase().includes(needle)) ||
        s.configFiles.some((f) => f.toLowerCase().includes(needle)),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A published port as `docker ps` shows it: `127.0.0.1:8080->80/tcp`. */
export function formatStackPort(p: StackPort): string {
  return `${p.hostIp ? `${p.hostIp}:` : ''}${p.hostPort}->${p.containerPort}/${p.protocol}`;
}
