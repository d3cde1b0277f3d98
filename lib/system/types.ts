/** `docker system df`, per kind: how much there is, and how much a prune could give back. */
export interface DiskUsageRow {
  kind: 'images' | 'containers' | 'volumes' | 'buildCache';
  total: number;
  active: number;
  size: number;
  reclaimable: number;
}

export type DiskUsage = DiskUsageRow[];

/** One thing a prune would remove, whatever its kind. */
export interface PruneItem {
  id: string;
  name: string;
  /** Bytes, when known. */
  size: number | null;
}

export interface PrunePlan {
  items: PruneItem[];
  reclaimable: number;
  command: string;
}

export interface PruneOutcome {
  removed: string[];
  reclaimed: number;
  command: string;
}
