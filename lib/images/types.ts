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
