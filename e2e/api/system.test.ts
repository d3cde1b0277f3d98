import { afterAll, describe, expect, it } from 'vitest';
import type { DiskUsage, PruneOutcome, PrunePlan } from '@/lib/system/types';
import { api, type ErrorEnvelope, userSession } from '../support/api';
import { engine, removeTestContainers, TEST_IMAGE, uniqueName } from '../support/engine';

afterAll(removeTestContainers);

describe('system', () => {
  it('reports disk usage per kind, as docker system df does', async () => {
    const res = await api<DiskUsage>('/api/system/df');
    expect(res.status).toBe(200);
    expect(res.body.map((r) => r.kind)).toEqual(['images', 'containers', 'volumes', 'buildCache']);
    const images = res.body[0];
    expect(images?.total).toBe((await engine.listImages()).length);
    for (const r of res.body) {
      expect(r.reclaimable).toBeGreaterThanOrEqual(0);
      expect(r.reclaimable).toBeLessThanOrEqual(r.size);
    }
  });

  it('previews the container prune and removes exactly the confirmed stopped containers', async () => {
    const label = `berth.test.prune=${Date.now().toString(36)}`;
    const make = async (start: boolean) => {
      const c = await engine.createContainer({
        Image: TEST_IMAGE,
        name: uniqueName('prune'),
        Cmd: ['sleep', '3600'],
        Labels: { 'berth.test': '1', [label.split('=')[0] as string]: label.split('=')[1] as string },
      });
      if (start) await c.start();
      return c.id;
    };
    const stoppedA = await make(false);
    const stoppedB = await make(false);
    const running = await make(true);
    const preview = await api<PrunePlan>(`/api/system/prune/containers?labels=${encodeURIComponent(label)}`);
    expect(preview.status).toBe(200);
    expect(preview.body.items.map((i) => i.id).sort()).toEqual([stoppedA, stoppedB].sort());
    expect(preview.body.command).toBe(`docker container prune --filter label=${label}`);

    const viewer = await userSession('viewer', 'prune-viewer');
    const refused = await api('/api/system/prune/containers', {
      method: 'POST',
      as: { cookie: viewer.cookie },
      json: { ids: [stoppedA], labels: [label] },
    });
    expect(refused.status).toBe(403);
    const bad = await api<ErrorEnvelope>('/api/system/prune/containers', {
      method: 'POST',
      json: { ids: ['nope'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.map((f) => f.path)).toContain('body.ids.0');
    expect((await engine.getContainer(stoppedA).inspect()).Id).toBe(stoppedA);

    // Only A is confirmed; B stays although it would qualify, and the running one is never touched.
    const res = await api<PruneOutcome>('/api/system/prune/containers', {
      method: 'POST',
      json: { ids: [stoppedA, running], labels: [label] },
    });
    expect(res.status).toBe(200);
    expect(res.body.removed).toHaveLength(1);
    await expect(engine.getContainer(stoppedA).inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect((await engine.getContainer(stoppedB).inspect()).Id).toBe(stoppedB);
    expect((await engine.getContainer(running).inspect()).State.Running).toBe(true);
  });

  it('previews the build cache prune', async () => {
    const res = await api<PrunePlan>('/api/system/prune/build-cache');
    expect(res.status).toBe(200);
    expect(res.body.command).toBe('docker builder prune');
    expect(res.body.reclaimable).toBe(res.body.items.reduce((s, i) => s + (i.size ?? 0), 0));
  });
});
