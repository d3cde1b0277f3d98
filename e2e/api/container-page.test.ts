import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerPage } from '@/lib/containers/paging';
import { api, type ErrorEnvelope } from '../support/api';
import { engine, TEST_IMAGE } from '../support/engine';

/** The server-side paged list (issue 19) against the engine's own list of the same containers. */
const RUN = Date.now().toString(36).slice(-6);
const LABEL = 'berth.test.page';
const PREFIX = `page-${RUN}-`;
const COUNT = 13;

async function walk(query: string): Promise<{ names: string[]; pages: ContainerPage[] }> {
  const names: string[] = [];
  const pages: ContainerPage[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const res: { status: number; body: ContainerPage } = await api<ContainerPage>(
      `/api/containers/page?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    pages.push(res.body);
    names.push(...res.body.items.map((c) => c.name));
    cursor = res.body.nextCursor;
    if (!cursor) break;
  }
  return { names, pages };
}

beforeAll(async () => {
  // Created, never started: the list holds them as the CLI's `docker ps -a` does.
  for (let i = 0; i < COUNT; i++) {
    await engine.createContainer({
      name: `${PREFIX}${String((i * 5) % COUNT).padStart(2, '0')}`,
      Image: TEST_IMAGE,
      Cmd: ['true'],
      Labels: { [LABEL]: RUN },
      HostConfig: { NetworkMode: 'none' },
    });
  }
});

afterAll(async () => {
  const ours = await engine.listContainers({ all: true, filters: { label: [`${LABEL}=${RUN}`] } });
  await Promise.all(ours.map((c) => engine.getContainer(c.Id).remove({ force: true })));
});

describe('GET /api/containers/page', () => {
  it('pages through the matching containers in name order, each once, as the engine lists them', async () => {
    const engineNames = (await engine.listContainers({ all: true, filters: { label: [`${LABEL}=${RUN}`] } }))
      .map((c) => (c.Names[0] ?? '').replace(/^\//, ''))
      .sort();
    expect(engineNames).toHaveLength(COUNT);
    const asc = await walk(`q=${PREFIX}&limit=5&sort=name`);
    expect(asc.names).toEqual(engineNames);
    expect(asc.pages.map((p) => p.items.length)).toEqual([5, 5, 3]);
    expect(asc.pages.every((p) => p.total === COUNT)).toBe(true);
    const desc = await walk(`q=${PREFIX}&limit=4&sort=name&order=desc`);
    expect(desc.names).toEqual([...engineNames].reverse());
  });

  it('sorts by creation time with ties broken by id, and filters by state', async () => {
    const byCreated = await walk(`q=${PREFIX}&limit=6&sort=created`);
    expect(new Set(byCreated.names).size).toBe(COUNT);
    const created = await walk(`q=${PREFIX}&limit=100&sort=created`);
    const times = created.pages[0]?.items.map((c) => c.created) ?? [];
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const running = await api<ContainerPage>(`/api/containers/page?q=${PREFIX}&state=running`);
    expect(running.body).toMatchObject({ items: [], total: 0, nextCursor: null });
  });

  it('refuses a bad cursor, limit or sort with 400 naming the field', async () => {
    const cursor = await api<ErrorEnvelope>(
      '/api/containers/page?sort=created&cursor=%5B%22x%22%2C%22y%22%5D',
    );
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.message).toContain('query.cursor');
    for (const [query, field] of [
      ['limit=0', 'query.limit'],
      ['limit=1001', 'query.limit'],
      ['sort=size', 'query.sort'],
    ]) {
      const res = await api<ErrorEnvelope>(`/api/containers/page?${query}`);
      expect(res.status, query).toBe(400);
      expect(JSON.stringify(res.body), query).toContain(field);
    }
  });
});
