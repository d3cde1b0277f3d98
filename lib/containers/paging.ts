import type { ContainerSummary } from '@/lib/containers/types';

/**
 * The server-side sorted, filtered, paged container list (`GET /api/containers/page`, issue 19): for automation
 * and for pages that should not download ten thousand rows. Keyset paging: the cursor names the last row's
 * sort value and id, so a page stays correct while containers come and go between requests (no offsets that
 * shift). Pure, so the browser may sort the same way.
 */
export const CONTAINER_SORTS = ['name', 'image', 'state', 'created', 'status'] as const;
export type ContainerSort = (typeof CONTAINER_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

/** The page's first request: a screenful and some, so the first rows come at once at any fleet size. */
export const FIRST_PAGE_ROWS = 100;
/** Each further page as the list scrolls: few requests end to end, each still small (~250 kB of JSON). */
export const NEXT_PAGE_ROWS = 500;

export interface ContainerPage {
  items: ContainerSummary[];
  /** Rows matching the query (all pages). */
  total: number;
  /** Rows of the state tab before the search (`q`): the "of N" of the page's count. */
  unfiltered?: number;
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

type Key = [string | number, string];

/**
 * Text as people count it: case folded, each run of digits compared by its value (`web-2` before `web-10`, as
 * `docker ps` users name replicas), by left-padding it; a plain string comparison of the keys then does the rest.
 */
export function naturalKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, (run) => run.replace(/^0+(?=\d)/, '').padStart(20, '0'));
}

function sortValue(c: ContainerSummary, sort: ContainerSort): string | number {
  switch (sort) {
    case 'created':
      return c.created;
    case 'image':
      return naturalKey(c.image);
    case 'state':
      return c.state;
    case 'status':
      return naturalKey(c.status);
    default:
      return naturalKey(c.name);
  }
}

const keyOf = (c: ContainerSummary, sort: ContainerSort): Key => [sortValue(c, sort), c.id];

function compareKeys(a: Key, b: Key): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** The order of a sorted page: by the sort value, ties by id, so every row has one place. */
export function containerComparator(sort: ContainerSort, order: SortOrder) {
  const sign = order === 'desc' ? -1 : 1;
  return (a: ContainerSummary, b: ContainerSummary) => sign * compareKeys(keyOf(a, sort), keyOf(b, sort));
}

/** `rows` in the order of containerComparator; each row's key made once, not at every comparison. */
export function sortContainers(
  rows: readonly ContainerSummary[],
  sort: ContainerSort,
  order: SortOrder,
): ContainerSummary[] {
  const sign = order === 'desc' ? -1 : 1;
  return rows
    .map((row) => ({ row, key: keyOf(row, sort) }))
    .sort((a, b) => sign * compareKeys(a.key, b.key))
    .map((k) => k.row);
}

export function encodeCursor(c: ContainerSummary, sort: ContainerSort): string {
  return JSON.stringify(keyOf(c, sort));
}

/** The key a cursor names, or null when it is not one this sort made. */
export function decodeCursor(cursor: string, sort: ContainerSort): Key | null {
  try {
    const key: unknown = JSON.parse(cursor);
    if (!Array.isArray(key) || key.length !== 2 || typeof key[1] !== 'string') return null;
    const numeric = sort === 'created';
    if (numeric ? typeof key[0] !== 'number' : typeof key[0] !== 'string') return null;
    return key as Key;
  } catch {
    return null;
  }
}

/**
 * One page of `sorted` (already in the order of `sort`/`order`): the `limit` rows after the cursor's row (or
 * from the start). Binary search: a page of a 10,000-row list costs a few comparisons, not a scan.
 */
export function pageOf(
  sorted: readonly ContainerSummary[],
  sort: ContainerSort,
  order: SortOrder,
  limit: number,
  after: Key | null,
): ContainerPage {
  let start = 0;
  if (after) {
    const sign = order === 'desc' ? -1 : 1;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const row = sorted[mid] as ContainerSummary;
      if (sign * compareKeys(keyOf(row, sort), after) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const items = sorted.slice(start, start + limit);
  const last = items.at(-1);
  return {
    items,
    total: sorted.length,
    nextCursor: last && start + limit < sorted.length ? encodeCursor(last, sort) : null,
  };
}
