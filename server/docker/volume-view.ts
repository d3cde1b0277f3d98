import type Docker from 'dockerode';
import type { PruneCandidate, PruneFilters } from '@/lib/prune/types';
import { matchesLabelFilters } from '@/lib/prune/types';
import type { VolumeMountRef, VolumeSummary } from '@/lib/volumes/types';

/** Pure mappers from raw Engine payloads to Berth's volume view models. */

/** What the list and inspect endpoints return for a volume (CreatedAt is missing from the typings). */
export type RawVolume = Docker.VolumeInspectInfo & { CreatedAt?: string };

const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';

/** Engines from 23.0 label anonymous volumes; older ones only give them a random 64-hex name. */
export function isAnonymousVolume(raw: Pick<RawVolume, 'Name' | 'Labels'>): boolean {
  return Object.hasOwn(raw.Labels ?? {}, ANONYMOUS_LABEL) || /^[0-9a-f]{64}$/.test(raw.Name);
}

/** Volume name → the containers that mount it, from one `docker ps -a`. */
export function volumeMounts(containers: Docker.ContainerInfo[]): Map<string, VolumeMountRef[]> {
  const byName = new Map<string, VolumeMountRef[]>();
  for (const c of containers) {
    for (const mount of c.Mounts ?? []) {
      if (mount.Type !== 'volume' || !mount.Name) continue;
      const refs = byName.get(mount.Name) ?? [];
      refs.push({
        id: c.Id,
        name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
        state: c.State,
        destination: mount.Destination,
        readOnly: !mount.RW,
      });
      byName.set(mount.Name, refs);
    }
  }
  return byName;
}

function parseTime(value: string | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

export function toVolumeSummary(raw: RawVolume, mounts: VolumeMountRef[] = []): VolumeSummary {
  return {
    name: raw.Name,
    driver: raw.Driver,
    mountpoint: raw.Mountpoint,
    scope: raw.Scope,
    created: parseTime(raw.CreatedAt),
    labels: raw.Labels ?? {},
    options: raw.Options ?? {},
    anonymous: isAnonymousVolume(raw),
    containers: [...mounts].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** `docker system df -v` volumes → sizes by name; -1 where the engine could not measure. */
export function toVolumeSizes(
  df:
    | { Volumes?: readonly { Name: string; UsageData?: { Size: number } | null }[] | null }
    | null
    | undefined,
): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const v of df?.Volumes ?? []) sizes[v.Name] = v.UsageData?.Size ?? -1;
  return sizes;
}

/**
 * Which container to read a volume's files through: one that mounts it writable (uploads work), running
 * before stopped (the archive API works on both), then by name so the choice is stable.
 */
export function pickBrowseTarget(mounts: readonly VolumeMountRef[]): VolumeMountRef | null {
  const rank = (m: VolumeMountRef) => (m.readOnly ? 2 : 0) + (m.state === 'running' ? 0 : 1);
  return [...mounts].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))[0] ?? null;
}

/**
 * What `docker volume prune` would remove: unused volumes matching the filters; only anonymous ones unless
 * `all` (the engine's default since API 1.42, `--all` for named ones too).
 */
export function volumePruneCandidates(
  volumes: readonly VolumeSummary[],
  filters: PruneFilters,
  all: boolean,
  sizes: Record<string, number> = {},
): PruneCandidate[] {
  return volumes
    .filter((v) => v.containers.length === 0)
    .filter((v) => all || v.anonymous)
    .filter((v) => matchesLabelFilters(v.labels, filters))
    .map((v) => {
      const size = sizes[v.name];
      return {
        id: v.name,
        name: v.name,
        size: size === undefined || size < 0 ? null : size,
        created: v.created,
        labels: v.labels,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Sum of known sizes; null when none is known. */
export function totalSize(items: readonly { size: number | null }[]): number | null {
  const known = items.filter((i) => i.size !== null);
  return known.length ? known.reduce((sum, i) => sum + (i.size ?? 0), 0) : null;
}
