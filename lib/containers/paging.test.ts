import { describe, expect, it } from 'vitest';
import {
  containerComparator,
  decodeCursor,
  encodeCursor,
  naturalKey,
  pageOf,
  sortContainers,
} from '@/lib/containers/paging';
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
    expect(decodeCursor(cursor, 'name')).toEqual([naturalKey('c-0'), 'id00']);
    expect(decodeCursor(cursor, 'created')).toBeNull();
    expect(decodeCursor('not json', 'name')).toBeNull();
    expect(decodeCursor('[1,2]', 'created')).toBeNull();
  });
});

describe('natural order', () => {
  it('sorts digit runs by value, case folded, leading zeros ignored', () => {
    const names = ['web-10', 'Web-2', 'web-1', 'db', 'web-02a', 'api-100', 'api-20'];
    const list = names.map((n, i) => row(`id${i}`, n, 1000));
    expect(sortContainers(list, 'name', 'asc').map((c) => c.name)).toEqual([
      'api-20',
      'api-100',
      'db',
      'web-1',
      'Web-2',
      'web-02a',
      'web-10',
    ]);
    expect(sortContainers(list, 'name', 'desc').map((c) => c.name)[0]).toBe('web-10');
    expect(naturalKey('A-7')).toBe(naturalKey('a-007'));
  });

  it('sorts as the comparator does, and pages walk it with cursors', () => {
    const list = Array.from({ length: 40 }, (_, i) => row(`id${i}`, `svc-${(i * 13) % 40}`, 1000));
    const sorted = sortContainers(list, 'name', 'asc');
    expect(sorted).toEqual([...list].sort(containerComparator('name', 'asc')));
    expect(sorted.slice(0, 3).map((c) => c.name)).toEqual(['svc-0', 'svc-1', 'svc-2']);
    const first = pageOf(sorted, 'name', 'asc', 10, null);
    const second = pageOf(sorted, 'name', 'asc', 10, decodeCursor(first.nextCursor ?? '', 'name'));
    expect(second.items[0]?.name).toBe('svc-10');
  });
});
