import type Docker from 'dockerode';
import type { JsonObject } from '@/lib/api/endpoint';
import type {
  ImageContainer,
  ImageDetail,
  ImageFilter,
  ImageHistoryEntry,
  ImageSummary,
  PrunePreview,
  RemoveResult,
  SearchResult,
} from '@/lib/images/types';

const NONE = '<none>:<none>';
const NONE_DIGEST = '<none>@<none>';

/**
 * `containers` counts containers per image id (the list endpoint says -1 outside `system df`);
 * `topLevel` holds the ids `docker image ls` shows without `-a`, so the others are intermediate layers.
 */
export function toImageSummary(
  raw: Docker.ImageInfo,
  containers: ReadonlyMap<string, number>,
  topLevel?: ReadonlySet<string>,
): ImageSummary {
  const tags = (raw.RepoTags ?? []).filter((t) => t !== NONE);
  return {
    id: raw.Id,
    tags,
    digests: (raw.RepoDigests ?? []).filter((d) => d !== NONE_DIGEST),
    size: raw.Size,
    created: raw.Created,
    containers: containers.get(raw.Id) ?? 0,
    dangling: tags.length === 0,
    intermediate: topLevel ? !topLevel.has(raw.Id) : false,
    labels: raw.Labels ?? {},
  };
}

export function countByImage(containers: readonly { ImageID?: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of containers) if (c.ImageID) counts.set(c.ImageID, (counts.get(c.ImageID) ?? 0) + 1);
  return counts;
}

/** Filter and free-text search (a tag, a digest or the start of the id, with or without `sha256:`). */
export function filterImages(
  list: readonly ImageSummary[],
  filter: ImageFilter,
  search = '',
): ImageSummary[] {
  const needle = search.trim().toLowerCase();
  return list.filter((img) => {
    if (filter === 'dangling' && !(img.dangling && !img.intermediate)) return false;
    if (filter === 'unused' && img.containers > 0) return false;
    if (filter === 'used' && img.containers === 0) return false;
    if (!needle) return true;
    const bareId = img.id.replace(/^sha256:/, '');
    return (
      bareId.startsWith(needle.replace(/^sha256:/, '')) ||
      img.tags.some((t) => t.toLowerCase().includes(needle)) ||
      img.digests.some((d) => d.toLowerCase().includes(needle))
    );
  });
}

/** Newest first, then by first tag, so the list does not reshuffle on every refresh. */
export function sortImages(list: ImageSummary[]): ImageSummary[] {
  return list.sort((a, b) => b.created - a.created || (a.tags[0] ?? '').localeCompare(b.tags[0] ?? ''));
}

interface RawHistory {
  Id: string;
  Created: number;
  CreatedBy: string;
  Size: number;
  Tags: string[] | null;
  Comment: string;
}

export function toHistory(raw: readonly RawHistory[]): ImageHistoryEntry[] {
  return raw.map((h, position) => ({
    position,
    id: h.Id,
    created: h.Created,
    // The engine keeps the shell form Dockerfile steps were run with; `docker history` shows it as is.
    createdBy: h.CreatedBy,
    size: h.Size,
    tags: h.Tags ?? [],
    comment: h.Comment,
  }));
}

/** The engine answers a removal with a list of `{Untagged}` and `{Deleted}` items. */
export function toRemoveResult(
  ref: string,
  raw: readonly { Untagged?: string; Deleted?: string }[],
): RemoveResult {
  return {
    ref,
    ok: true,
    untagged: raw.flatMap((r) => (r.Untagged ? [r.Untagged] : [])),
    deleted: raw.flatMap((r) => (r.Deleted ? [r.Deleted] : [])),
  };
}

/**
 * When every removal failed, how the request fails, with the engine's words: 409 when an image is in use or
 * needs forcing, 404 when none exists, 502 otherwise. Null when something was removed.
 */
export function removalFailure(
  results: readonly RemoveResult[],
): { status: 404 | 409 | 502; code: 'not_found' | 'conflict' | 'engine_error'; message: string } | null {
  const failed = results.filter((r) => !r.ok);
  if (!failed.length || failed.length < results.length) return null;
  const message = failed.map((f) => f.error).join('\n');
  if (failed.some((f) => /conflict|being used|must be forced|referenced in multiple/i.test(f.error ?? '')))
    return { status: 409, code: 'conflict', message };
  if (failed.every((f) => /no such image/i.test(f.error ?? '')))
    return { status: 404, code: 'not_found', message };
  return { status: 502, code: 'engine_error', message };
}

/**
 * What `docker image prune [-a]` will remove, by the engine's own rule (daemon/images/prune.go): top-level
 * images no container uses, and with `-a` tagged ones too. `sharedSize` comes from `system df`; an image's
 * space comes back only for the part it does not share.
 */
export function planImagePrune(
  images: readonly Pick<Docker.ImageInfo, 'Id' | 'RepoTags' | 'Size' | 'SharedSize' | 'Created' | 'Labels'>[],
  usedIds: ReadonlySet<string>,
  all: boolean,
  labels: readonly string[] = [],
): PrunePreview {
  const chosen = images.filter((img) => {
    if (usedIds.has(img.Id)) return false;
    if (!labels.every((l) => hasLabel(img.Labels ?? {}, l))) return false;
    const tags = (img.RepoTags ?? []).filter((t) => t !== NONE);
    return all || tags.length === 0;
  });
  return {
    all,
    images: chosen.map((img) => ({
      id: img.Id,
      tags: (img.RepoTags ?? []).filter((t) => t !== NONE),
      size: img.Size,
      created: img.Created,
    })),
    reclaimable: chosen.reduce((sum, img) => sum + Math.max(0, img.Size - Math.max(0, img.SharedSize)), 0),
  };
}

/** `label=key` or `label=key=value`, as `--filter label=…` matches. */
export function hasLabel(labels: Record<string, string>, filter: string): boolean {
  const eq = filter.indexOf('=');
  if (eq === -1) return filter in labels;
  return labels[filter.slice(0, eq)] === filter.slice(eq + 1);
}

interface RawSearch {
  name: string;
  description?: string;
  star_count?: number;
  is_official?: boolean;
  is_automated?: boolean;
}

export function toSearchResults(raw: readonly RawSearch[]): SearchResult[] {
  return raw.map((r) => ({
    name: r.name,
    description: r.description ?? '',
    stars: r.star_count ?? 0,
    official: !!r.is_official,
    automated: !!r.is_automated,
  }));
}

/** `docker load` answers with lines such as `Loaded image: a:1` and `Loaded image ID: sha256:…`. */
export function loadedImages(lines: readonly string[]): string[] {
  return lines.flatMap((line) => {
    const m = /^Loaded image(?: ID)?: (.+)$/.exec(line.trim());
    return m?.[1] ? [m[1]] : [];
  });
}

export function toImageDetail(raw: Docker.ImageInspectInfo, containers: ImageContainer[]): ImageDetail {
  const config = raw.Config;
  return {
    id: raw.Id,
    tags: raw.RepoTags ?? [],
    digests: raw.RepoDigests ?? [],
    created: raw.Created,
    size: raw.Size,
    os: raw.Os,
    architecture: raw.Architecture,
    entrypoint: config?.Entrypoint ?? null,
    cmd: config?.Cmd ?? null,
    workdir: config?.WorkingDir ?? '',
    user: config?.User ?? '',
    exposedPorts: Object.keys(config?.ExposedPorts ?? {}),
    env: config?.Env ?? [],
    labels: config?.Labels ?? {},
    containers,
    // The engine's JSON as it came; the browser shows it without reading its shape.
    inspect: raw as unknown as JsonObject,
  };
}
