import { shellJoin } from '@/lib/containers/cli';
import type { ContainerSummary } from '@/lib/containers/types';
import { hasLabel } from '@/lib/labels';

/** Which containers a merged log view follows: picked by hand, a compose project, or a label. */
export type LogSelection =
  | { kind: 'containers'; ids: string[] }
  | { kind: 'project'; project: string }
  | { kind: 'label'; label: string };

/** Each followed container is one engine log stream: a merged view follows at most this many. */
export const MAX_MERGED = 20;

export function parseSelection(params: URLSearchParams): LogSelection {
  const project = params.get('project');
  if (project) return { kind: 'project', project };
  const label = params.get('label');
  if (label) return { kind: 'label', label };
  const ids = (params.get('c') ?? '').split(',').filter((id) => /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(id));
  return { kind: 'containers', ids: [...new Set(ids)] };
}

export function selectionQuery(sel: LogSelection): string {
  const q = new URLSearchParams();
  if (sel.kind === 'project') q.set('project', sel.project);
  else if (sel.kind === 'label') q.set('label', sel.label);
  else if (sel.ids.length) q.set('c', sel.ids.join(','));
  return q.size ? `?${q}` : '';
}

/** `key` matches containers that have the label, `key=value` those where it has that value; typed, so spaces around `=` are dropped. */
export function matchesLabel(labels: Record<string, string>, filter: string): boolean {
  const eq = filter.indexOf('=');
  return hasLabel(
    labels,
    eq < 0 ? filter.trim() : `${filter.slice(0, eq).trim()}=${filter.slice(eq + 1).trim()}`,
  );
}

/** The containers a selection names, by name, with how many matched beyond the cap. */
export function resolveSelection(
  sel: LogSelection,
  containers: readonly ContainerSummary[],
): { containers: ContainerSummary[]; beyondCap: number } {
  const matched = containers.filter((c) => {
    if (sel.kind === 'project') return c.composeProject === sel.project;
    if (sel.kind === 'label') return matchesLabel(c.labels, sel.label);
    return sel.ids.some((id) => c.id === id || c.id.startsWith(id) || c.name === id);
  });
  // Running ones first: when the cap bites, the live logs are the ones kept.
  const sorted = [...matched].sort(
    (a, b) => Number(b.state === 'running') - Number(a.state === 'running') || a.name.localeCompare(b.name),
  );
  return {
    containers: sorted.slice(0, MAX_MERGED).sort((a, b) => a.name.localeCompare(b.name)),
    beyondCap: Math.max(0, sorted.length - MAX_MERGED),
  };
}

/**
 * The CLI closest to a merged view: compose has one for a project; otherwise one `docker logs -f` per
 * container, prefixed by its name, run together.
 */
export function mergedLogsCommand(sel: LogSelection, names: string[], tail: number): string {
  if (sel.kind === 'project')
    return `docker compose -p ${shellJoin([sel.project])} logs -f -t --tail ${tail}`;
  if (!names.length) return `docker logs -f -t --tail ${tail} <container>`;
  return `for c in ${shellJoin(names)}; do docker logs -f -t --tail ${tail} "$c" 2>&1 | sed "s/^/$c | /" & done; wait`;
}
