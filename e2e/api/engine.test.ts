import { describe, expect, it } from 'vitest';
import type { EngineInfo, Health } from '@/lib/engine/types';
import type { EngineEvent } from '@/lib/events/types';
import { api, DEAD_URL, type ErrorEnvelope } from '../support/api';
import { engine, TEST_IMAGE, uniqueName } from '../support/engine';

describe('health and engine info', () => {
  it('reports a reachable engine and its version', async () => {
    const res = await api<Health>('/api/health');
    expect(res.status).toBe(200);
    const version = await engine.version();
    expect(res.body).toMatchObject({ ok: true, engine: { reachable: true, version: version.Version } });
    // A cached answer would tell a load balancer or the browser about an engine that may be gone.
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('describes the engine for the header and dashboard', async () => {
    const res = await api<EngineInfo>('/api/engine');
    const info = await engine.info();
    expect(res.body.name).toBe(info.Name);
    expect(res.body.containers.total).toBeGreaterThanOrEqual(0);
    expect(res.body.apiVersion).toMatch(/^1\.\d+$/);
  });
});

describe('an unreachable engine', () => {
  it('answers health with reachable: false', async () => {
    const res = await api<Health>('/api/health', { base: DEAD_URL });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.engine.reachable).toBe(false);
  });

  it('answers 503 "Docker engine unreachable at <host>" from engine routes', async () => {
    const res = await api<ErrorEnvelope>('/api/containers', { base: DEAD_URL });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('engine_unreachable');
    expect(res.body.error.message).toMatch(/^Docker engine unreachable at unix:\/\/.*no-engine\.sock$/);
  });
});

describe('past engine events', () => {
  it('returns the recent events of a window, oldest first, filtered by type', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const name = uniqueName('events-past');
    const c = await engine.createContainer({
      Image: TEST_IMAGE,
      name,
      Cmd: ['true'],
      Labels: { 'berth.test': '1' },
    });
    await c.remove();
    const res = await api<EngineEvent[]>(`/api/events?since=${since}&type=container`);
    expect(res.status).toBe(200);
    const mine = res.body.filter((e) => e.name === name);
    expect(mine.map((e) => e.action)).toEqual(['create', 'destroy']);
    expect(res.body.every((e) => e.type === 'container')).toBe(true);
    const bad = await api<ErrorEnvelope>('/api/events?type=bogus');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.map((f) => f.path)).toContain('query.type');
  });
});
