import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerSummary } from '@/lib/containers/types';
import { api } from '../support/api';
import { engine, TEST_IMAGE, uniqueName, waitFor } from '../support/engine';
import { removeLabelled } from '../support/labelled';

/**
 * The container list is kept between engine events (server/docker/list-cache.ts). These tests change containers
 * straight on the engine, as the CLI would, and read Berth's list at once: a cached answer must never hide them.
 */
const list = async () => {
  const res = await api<ContainerSummary[]>('/api/containers?all=1');
  expect(res.status).toBe(200);
  return res.body;
};
const counters = async () =>
  (await api<{ containerList: { hits: number; misses: number } }>('/api/system/streams')).body.containerList;

/** Two lists back to back, up to `tries` times, until the second is a hit (another test's event may intervene). */
async function secondListHits(tries = 5, between = 0): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    await list();
    const before = await counters();
    if (between) await new Promise((r) => setTimeout(r, between));
    await list();
    const after = await counters();
    if (after.hits > before.hits) return true;
  }
  return false;
}

// Only this file's containers: other suites running at the same time keep theirs.
const OWN = 'berth.test.perf=1';
beforeAll(() => removeLabelled(OWN));
afterAll(() => removeLabelled(OWN));

describe('the container list between engine events', () => {
  it('serves a list with no change since the last one from the cache', async () => {
    expect(await secondListHits()).toBe(true);
  });

  it('shows a container created, started, stopped, renamed and removed on the engine in the very next list', async () => {
    for (let round = 0; round < 5; round++) {
      const name = uniqueName(`cache${round}`);
      await list(); // a fresh answer in the cache
      const created = await engine.createContainer({
        Image: TEST_IMAGE,
        name,
        Cmd: ['sleep', '3600'],
        Labels: { 'berth.test': '1', 'berth.test.perf': '1' },
      });
      expect((await list()).find((c) => c.id === created.id)?.state).toBe('created');
      await created.start();
      expect((await list()).find((c) => c.id === created.id)?.state).toBe('running');
      await created.rename({ name: `${name}-renamed` });
      expect((await list()).find((c) => c.id === created.id)?.name).toBe(`${name}-renamed`);
      await created.kill();
      await waitFor(async () => (await created.inspect()).State.Running === false);
      expect((await list()).find((c) => c.id === created.id)?.state).toBe('exited');
      await created.remove({ force: true });
      expect((await list()).some((c) => c.id === created.id)).toBe(false);
    }
  });

  it('is not invalidated by health-check probes, yet shows the health they change', async () => {
    const created = await engine.createContainer({
      Image: TEST_IMAGE,
      name: uniqueName('cache-health'),
      Cmd: ['sleep', '3600'],
      Labels: { 'berth.test': '1', 'berth.test.perf': '1' },
      Healthcheck: { Test: ['CMD', 'true'], Interval: 500_000_000 },
    });
    await created.start();
    // health_status is logged when the health changes: the next list shows it.
    await waitFor(async () => (await created.inspect()).State.Health?.Status === 'healthy');
    expect((await list()).find((c) => c.id === created.id)?.health).toBe('healthy');
    // Probes run every 0.5 s (exec_create/start/die events) while two lists 1.2 s apart still share an answer.
    expect(await secondListHits(5, 1200)).toBe(true);
    await created.remove({ force: true });
  });
});
