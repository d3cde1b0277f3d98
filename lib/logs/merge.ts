import { timeKey } from '@/lib/logs/time';

/**
 * Merges lines (in time order) into a buffer (in time order) by their engine timestamps. Several containers'
 * logs arrive in independent batches, so a batch may belong before the buffer's last lines; usually it does
 * not, and the common case is a plain append. Lines without a time keep arrival order.
 */
export function mergeByTime<T extends { time?: string }>(buffer: T[], incoming: T[]): T[] {
  if (!incoming.length) return buffer;
  const sorted = isSorted(incoming) ? incoming : [...incoming].sort(compare);
  const first = sorted[0]?.time;
  const last = buffer.at(-1)?.time;
  if (!first || !last || timeKey(first) >= timeKey(last)) return buffer.concat(sorted);
  // Only the buffer's tail that is later than the batch's first line needs merging.
  let cut = buffer.length;
  const firstKey = timeKey(first);
  while (cut > 0) {
    const t = buffer[cut - 1]?.time;
    if (t && timeKey(t) <= firstKey) break;
    cut--;
  }
  const tail = buffer.slice(cut);
  const merged: T[] = buffer.slice(0, cut);
  let i = 0;
  let j = 0;
  while (i < tail.length && j < sorted.length) {
    const a = tail[i] as T;
    const b = sorted[j] as T;
    if (compare(a, b) <= 0) {
      merged.push(a);
      i++;
    } else {
      merged.push(b);
      j++;
    }
  }
  for (; i < tail.length; i++) merged.push(tail[i] as T);
  for (; j < sorted.length; j++) merged.push(sorted[j] as T);
  return merged;
}

function compare(a: { time?: string }, b: { time?: string }): number {
  if (!a.time || !b.time) return 0;
  const ka = timeKey(a.time);
  const kb = timeKey(b.time);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function isSorted(lines: { time?: string }[]): boolean {
  for (let i = 1; i < lines.length; i++) {
    if (compare(lines[i - 1] as { time?: string }, lines[i] as { time?: string }) > 0) return false;
  }
  return true;
}
