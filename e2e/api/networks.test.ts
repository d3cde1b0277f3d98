import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkDetail, NetworkSummary } from '@/lib/networks/types';
import type { PrunePreview, PruneResult } from '@/lib/prune/types';
import { api, type ErrorEnvelope } from '../support/api';
import { engine, TEST_LABEL, uniqueName } from '../support/engine';
import { networkExists, removeLabelled, sleeper } from '../support/labelled';

const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const RUN_LABEL = `berth.test.run=${RUN}`;
const LABELS = [TEST_LABEL, RUN_LABEL];
const LABEL_MAP = { 'berth.test': '1', 'berth.test.run': RUN };

/** A /24 of 10.x.y.0 unlikely to collide with other helpers' networks. */
function freshSubnet(): { subnet: string; prefix: string } {
  const a = 100 + Math.floor(Math.random() * 150);
  const b = Math.floor(Math.random() * 250);
  return { subnet: `10.${a}.${b}.0/24`, prefix: `10.${a}.${b}` };
}

async function createNetwork(name: string, extra: Record<string, unknown> = {}) {
  const res = await api<{ id: string; name: string }>('/api/networks', {
    method: 'POST',
    json: { name, labels: LABELS, ...extra },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function namedCount(name: string): Promise<number> {
  return (await engine.listNetworks({ filters: JSON.stringify({ name: [name] }) })).filter(
    (n) => n.Name === name,
  ).length;
}

beforeAll(() => removeLabelled(RUN_LABEL));
afterAll(() => removeLabelled(RUN_LABEL));

describe('POST /api/networks', () => {
  it('creates a bridge network with subnet, gateway, IP range, flags and labels', async () => {
    const name = uniqueName('net');
    const { subnet, prefix } = freshSubnet();
    const created = await createNetwork(name, {
      pools: [{ subnet, gateway: `${prefix}.1`, ipRange: `${prefix}.128/25` }],
      internal: true,
      attachable: true,
      options: ['com.docker.network.driver.mtu=1400'],
    });
    const info = await engine.getNetwork(created.id).inspect();
    expect(info).toMatchObject({ Name: name, Driver: 'bridge', Internal: true, Attachable: true });
    expect(info.IPAM?.Config).toEqual([
      { Subnet: subnet, Gateway: `${prefix}.1`, IPRange: `${prefix}.128/25` },
    ]);
    expect(info.Labels).toEqual(LABEL_MAP);
    expect(info.Options).toMatchObject({ 'com.docker.network.driver.mtu': '1400' });

    const list = await api<NetworkSummary[]>('/api/networks');
    expect(list.body.find((n) => n.id === created.id)).toMatchObject({
      name,
      driver: 'bridge',
      scope: 'local',
      internal: true,
      attachable: true,
      containerCount: 0,
      predefined: false,
      pools: [{ subnet, gateway: `${prefix}.1`, ipRange: `${prefix}.128/25` }],
    });
  });

  it('refuses a bad CIDR and a gateway outside the subnet with 400 naming the fields, creating nothing', async () => {
    const name = uniqueName('badcidr');
    const res = await api<ErrorEnvelope>('/api/networks', {
      method: 'POST',
      json: {
        name,
        labels: LABELS,
        pools: [{ subnet: '10.250.0.0/33' }, { subnet: '10.251.0.0/24', gateway: '10.252.0.1' }],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.map((f) => f.path)).toEqual([
      'body.pools.0.subnet',
      'body.pools.1.gateway',
    ]);
    expect(await namedCount(name)).toBe(0);
  });

  it('refuses a duplicate name with 409 and creates no second network', async () => {
    const name = uniqueName('dup');
    await createNetwork(name);
    const res = await api<ErrorEnvelope>('/api/networks', { method: 'POST', json: { name, labels: LABELS } });
    expect(res.status).toBe(409);
    expect(res.body.error.fields?.map((f) => f.path)).toEqual(['body.name']);
    expect(await namedCount(name)).toBe(1);
  });

  it('refuses an overlay network outside swarm mode, on the driver field', async () => {
    const caps = await api<{ swarmActive: boolean; drivers: string[] }>('/api/networks/drivers');
    expect(caps.status).toBe(200);
    expect(caps.body.drivers).toContain('bridge');
    if (caps.body.swarmActive) return; // this engine is in a swarm: overlay is allowed there
    expect(caps.body.drivers).not.toContain('overlay');
    const name = uniqueName('overlay');
    const res = await api<ErrorEnvelope>('/api/networks', {
      method: 'POST',
      json: { name, driver: 'overlay', labels: LABELS },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.map((f) => f.path)).toEqual(['body.driver']);
    expect(await namedCount(name)).toBe(0);
  });
});

describe('connecting a container', () => {
  const name = uniqueName('conn');
  const container = uniqueName('member');
  const { subnet, prefix } = freshSubnet();
  let networkId = '';
  let containerId = '';

  beforeAll(async () => {
    networkId = (await createNetwork(name, { pools: [{ subnet, gateway: `${prefix}.1` }] })).id;
    containerId = await sleeper(container, LABEL_MAP);
  });

  it('refuses a static IP outside the subnet, naming the field, and connects nothing', async () => {
    const res = await api<ErrorEnvelope>(`/api/networks/${networkId}/connect`, {
      method: 'POST',
      json: { container, ipv4: '192.0.2.10' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.map((f) => f.path)).toEqual(['body.ipv4']);
    const info = await engine.getContainer(containerId).inspect();
    expect(Object.keys(info.NetworkSettings.Networks)).not.toContain(name);
  });

  it('connects with an alias and a static IP, as the engine then reports', async () => {
    const res = await api(`/api/networks/${networkId}/connect`, {
      method: 'POST',
      json: { container, aliases: ['db'], ipv4: `${prefix}.50` },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const settings = (await engine.getContainer(containerId).inspect()).NetworkSettings.Networks[name];
    expect(settings?.IPAddress).toBe(`${prefix}.50`);
    expect(settings?.Aliases).toContain('db');
    expect(settings?.IPAMConfig).toMatchObject({ IPv4Address: `${prefix}.50` });

    const detail = await api<NetworkDetail>(`/api/networks/${networkId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.containerCount).toBe(1);
    expect(detail.body.endpoints).toEqual([
      expect.objectContaining({
        containerId,
        containerName: container,
        state: 'running',
        ipv4: `${prefix}.50`,
        staticIpv4: `${prefix}.50`,
        aliases: ['db'],
        mac: expect.stringMatching(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/),
      }),
    ]);
  });

  it('refuses to remove the network while the container is connected, naming it', async () => {
    const res = await api<ErrorEnvelope>(`/api/networks/${networkId}`, { method: 'DELETE' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(container);
    expect(await networkExists(networkId)).toBe(true);
  });

  it('disconnects it', async () => {
    const res = await api(`/api/networks/${networkId}/disconnect`, { method: 'POST', json: { container } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const info = await engine.getContainer(containerId).inspect();
    expect(Object.keys(info.NetworkSettings.Networks)).not.toContain(name);
    expect((await engine.getNetwork(networkId).inspect()).Containers).toEqual({});
  });

  it('then removes the network', async () => {
    const res = await api(`/api/networks/${networkId}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await networkExists(networkId)).toBe(false);
  });
});

describe('the predefined networks', () => {
  it('cannot be removed, with a clear error', async () => {
    for (const name of ['bridge', 'host', 'none']) {
      const res = await api<ErrorEnvelope>(`/api/networks/${name}`, { method: 'DELETE' });
      expect(res.status, name).toBe(409);
      expect(res.body.error.message).toContain('predefined');
      expect(await networkExists(name)).toBe(true);
    }
  });
});

describe('network prune', () => {
  const PRUNE_LABEL = `berth.test.prune=${RUN}`;
  const filters = { label: [PRUNE_LABEL] };

  it('removes exactly what the preview listed, nothing created later and nothing in use', async () => {
    const unused = [uniqueName('prune-a'), uniqueName('prune-b')].sort();
    for (const name of unused) await createNetwork(name, { labels: [...LABELS, PRUNE_LABEL] });
    const busy = uniqueName('prune-busy');
    const busyId = (await createNetwork(busy, { labels: [...LABELS, PRUNE_LABEL] })).id;
    await sleeper(uniqueName('prune-member'), LABEL_MAP, { NetworkMode: busy });
    const unlabelled = uniqueName('prune-other');
    const unlabelledId = (await createNetwork(unlabelled)).id;

    const preview = await api<PrunePreview>(
      `/api/networks/prune?filters=${encodeURIComponent(JSON.stringify(filters))}`,
    );
    expect(preview.status).toBe(200);
    expect(preview.body.items.map((i) => i.name)).toEqual(unused);
    expect(preview.body.command).toBe(`docker network prune -f --filter label=${PRUNE_LABEL}`);

    const late = uniqueName('prune-late');
    const lateId = (await createNetwork(late, { labels: [...LABELS, PRUNE_LABEL] })).id;

    const pruned = await api<PruneResult>('/api/networks/prune', {
      method: 'POST',
      json: { filters, ids: preview.body.items.map((i) => i.id) },
    });
    expect(pruned.status, JSON.stringify(pruned.body)).toBe(200);
    expect(pruned.body.removed.sort()).toEqual(unused);
    expect(pruned.body.skipped).toEqual([]);
    for (const item of preview.body.items) expect(await networkExists(item.id)).toBe(false);
    for (const id of [busyId, lateId, unlabelledId]) expect(await networkExists(id)).toBe(true);
  });
});
