import { z } from 'zod';
import { hasLabel } from '@/lib/labels';

/**
 * Prune with a preview, the same shape for volumes and networks (and any later resource): the preview lists
 * exactly what would go; the prune removes exactly the names the user confirmed, never anything newer.
 */

/** `label=key` or `label=key=value`, as `docker … prune --filter` takes them. */
const labelFilter = z
  .string()
  .min(1, 'A label filter needs a key')
  .max(1000)
  .refine((v) => !v.startsWith('='), 'A label filter needs a key before "="');

export const pruneFiltersSchema = z.object({
  /** Every one must match: `key` (present) or `key=value`. */
  label: z.array(labelFilter).max(20).default([]),
  /** None may match (`--filter label!=…`). */
  labelNot: z.array(labelFilter).max(20).default([]),
});
export type PruneFilters = z.output<typeof pruneFiltersSchema>;
export type PruneFiltersInput = z.input<typeof pruneFiltersSchema>;

export interface PruneCandidate {
  /** Volume name, or network id. */
  id: string;
  name: string;
  /** Bytes, when known (volumes of the local driver); null otherwise. */
  size: number | null;
  /** Unix milliseconds, when the engine says. */
  created: number | null;
  labels: Record<string, string>;
}

export interface PrunePreview {
  items: PruneCandidate[];
  /** Sum of the known sizes; null when no size is known at all. */
  reclaimable: number | null;
  /** The docker CLI equivalent of the prune. */
  command: string;
}

export interface PruneResult {
  /** Names removed. */
  removed: string[];
  /** Confirmed names that were not removed (now in use, gone, or no longer matching), with the reason. */
  skipped: { name: string; reason: string }[];
  reclaimed: number;
  command: string;
}

/** Whether labels pass the filters as the engine's prune reads them (moby's matchLabels). */
export function matchesLabelFilters(
  labels: Record<string, string> | null | undefined,
  filters: PruneFilters,
) {
  const has = (filter: string) => hasLabel(labels, filter);
  return filters.label.every(has) && !filters.labelNot.some(has);
}

/** The `--filter` words of the CLI for these filters. */
export function pruneFilterWords(filters: PruneFilters): string[] {
  return [
    ...filters.label.flatMap((l) => ['--filter', `label=${l}`]),
    ...filters.labelNot.flatMap((l) => ['--filter', `label!=${l}`]),
  ];
}

/** `?filters=` of a preview: the same filters as the prune body, as JSON (the Engine API's own convention). */
export const pruneFiltersQuery = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (!text) return {};
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Not JSON, e.g. {"label":["env=test"]}' });
      return z.NEVER;
    }
  })
  .pipe(pruneFiltersSchema);
