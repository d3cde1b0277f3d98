import type { ImageUpdateStatus } from '@/lib/images/types';

/**
 * The browser's share of lib/images/updates: no image reference parsing, so the update hooks do not bring it
 * to pages that only read the kept checks (issue 19: the containers list loads it once there are checks).
 */

/** Newest answers first replaced: `next` entries win over `previous` ones for the same reference. */
export function mergeUpdateStatuses(
  previous: readonly ImageUpdateStatus[],
  next: readonly ImageUpdateStatus[],
): ImageUpdateStatus[] {
  const byRef = new Map(previous.map((s) => [s.reference, s]));
  for (const s of next) byRef.set(s.reference, s);
  return [...byRef.values()].sort((a, b) => a.reference.localeCompare(b.reference));
}

/** The CLI's way to see a tag's registry digest without pulling it. */
export function inspectRemoteCommand(reference: string): string {
  return `docker buildx imagetools inspect ${reference}`;
}
