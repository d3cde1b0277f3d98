import { describe, expect, it } from 'vitest';
import { containerComparator, decodeCursor, encodeCursor, pageOf } from '@/lib/containers/paging';
import type { ContainerSummary } from '@/lib/containers/types';

const row = (id: string, name: string, created: number): ContainerSummary => ({
  id,
  name,
  image: 'img',
  imageId: 'sha256:x',
  command: '',
  created,
  state: 'running',
  status: 'Up',
  health: null,
  ports: [],
  networks: [],
  labels: {},
  composeProject: null,
});

const rows = Array.from({ length: 25 }, (_, i) =>
  row(`id${String(i).padStart(2, '0')}`, `c-${(i * 7) % 25}`, 1000 + (i % 5)),
);

function walk(sort: 'name' | 'created', order: 'asc' | 'desc', limit: number, list = rows) {
  const sorted = [...list].sort(containerComparator(sort, order));
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const page = pageOf(sorted, sort, order, limit, cursor ? decodeCursor(cursor, sort) : null);
    expect(page.total).toBe(list.length);
    seen.push(...page.items.map((c) => c.id));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return { seen, sorted };
}

describe('container pages', () => {
  it('walks every row exactly once, in order, whatever the page size and sort (ties broken by id)', () => {
    for (const sort of ['name', 'created'] as const)
      for (const order of ['asc', 'desc'] as const)
        for (const limit of [1, 4, 10, 25, 100]) {
          const { seen, sorted } = walk(sort, order, limit);
          expect(seen).toEqual(sorted.map((c) => c.id));
        }
    // created has ties (5 values for 25 rows): the id orders them, so no row is skipped or repeated.
    expect(new Set(walk('created', 'asc', 3).seen).size).toBe(25);
  });

  it('stays correct when rows come and go between pages (keyset, not offsets)', () => {
    const sorted = [...rows].sort(containerComparator('name', 'asc'));
    const first = pageOf(sorted, 'name', 'asc', 5, null);
    // The first row of the page is removed and a row sorting before everything is added.
    const changed = [row('new', 'a-first', 1), ...sorted.filter((c) => c.id !== first.items[0]?.id)].sort(
      containerComparator('name', 'asc'),
    );
    const next = pageOf(changed, 'name', 'asc', 5, decodeCursor(first.nextCursor as string, 'name'));
    expect(next.items[0]?.id).toBe(sorted[5]?.id);
  });

  it('refuses a cursor made for another sort or not made here', () => {
    const cursor = encodeCursor(rows[0] as ContainerSummary, 'name');
    expect(decodeCursor(cursor, 'name')).toEqual(['c-0', 'id00']);
    expect(decodeCursor(cursor, 'created')).toBeNull();
    expect(decodeCursor('not json', 'name')).toBeNull();
    expect(decodeCursor('[1,2]', 'created')).toBeNull();
  });
});
