import type { JsonObject } from '@/lib/api/endpoint';

/** One image (by id) with every tag it carries: `docker image ls` shows a row per tag, Berth one per image. */
export interface ImageSummary {
  id: string;
  /** `repo:tag` references; empty for a dangling image. */
  tags: string[];
  /** `repo@sha256:…` digests the image was pulled or pushed by. */
  digests: string[];
  size: number;
  /** Unix seconds. */
  created: number;
  /** Containers (any state) created from this image. */
  containers: number;
  /** No tag: `<none>:<none>` in `docker image ls`. */
  dangling: boolean;
  /** An intermediate build layer (only listed with `-a`). */
  intermediate: boolean;
  labels: Record<string, string>;
}

export const IMAGE_FILTERS = ['all', 'dangling', 'unused', 'used'] as const;
export type ImageFilter = (typeof IMAGE_FILTERS)[number];

export interface ImageHistoryEntry {
  /** 0 for the newest step: ids repeat (`<missing>`), positions do not. */
  position: number;
  /** `<missing>` for layers built elsewhere, as `docker history` prints. */
  id: string;
  created: number;
  createdBy: string;
  size: number;
  tags: string[];
  comment: string;
}

export interface RemoveResult {
  ref: string;
  ok: boolean;
  /** What the engine did: `Untagged: …` / `Deleted: …` lines, or its error. */
  untagged: string[];
  deleted: string[];
  error?: string;
}

export interface PrunePreview {
  /** Whether unused tagged images go too (`docker image prune -a`), or only dangling ones. */
  all: boolean;
  images: { id: string; tags: string[]; size: number; created: number }[];
  /** Bytes the engine is expected to free: each image's size minus what it shares with images that stay. */
  reclaimable: number;
}

export interface PruneResult {
  deleted: string[];
  untagged: string[];
  spaceReclaimed: number;
}

export interface SearchResult {
  name: string;
  description: string;
  stars: number;
  official: boolean;
  automated: boolean;
}

/** A container created from an image, as the image's detail page lists it. */
export interface ImageContainer {
  id: string;
  name: string;
  state: string;
}

/** `docker image inspect`, mapped for the detail page; `inspect` is the raw JSON for its tab. */
export interface ImageDetail {
  id: string;
  /** `repo:tag` references; empty for a dangling image. */
  tags: string[];
  digests: string[];
  /** RFC 3339. */
  created: string;
  size: number;
  os: string;
  architecture: string;
  /** A list (exec form) or, in old images, one string (shell form). */
  entrypoint: string | string[] | null;
  cmd: string | string[] | null;
  workdir: string;
  user: string;
  exposedPorts: string[];
  env: string[];
  labels: Record<string, string>;
  containers: ImageContainer[];
  inspect: JsonObject;
}

export interface TagResult {
  ok: true;
  reference: string;
}

/** `docker load` answers the images it loaded; `docker import` the new image's id. */
export interface LoadResult {
  loaded: string[];
}
export interface ImportResult {
  id: string;
  reference: string | null;
}

export interface PullResult {
  reference: string;
  digest: string | null;
  messages: string[];
}

export interface BuildContext {
  contextId: string;
  size: number;
}

/**
 * Whether a newer image waits in the registry for a tag in use (issue 15): the local repo digest against the
 * registry's manifest digest (a HEAD request, stored credentials), cached; never fetched on a list render.
 */
export interface ImageUpdateStatus {
  /** The reference as containers name it (`127.0.0.1:5400/app:1`). */
  reference: string;
  /** The local image id of that reference. */
  imageId: string;
  /** `available`: the registry has other content under the tag; `local`: no repo digest (built or loaded here). */
  status: 'available' | 'current' | 'unknown' | 'local';
  localDigest: string | null;
  remoteDigest: string | null;
  /** Why `unknown` (registry unreachable, not found, refused credentials). */
  error: string | null;
  /** Unix ms of the registry check. */
  checkedAt: number;
}
