import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@/lib/audit/types';
import type { DirectoryListing } from '@/lib/containers/types';
import type { PrunePreview, PruneResult } from '@/lib/prune/types';
import type { VolumeDetail, VolumeSummary, VolumeUsage } from '@/lib/volumes/types';
import { api, type ErrorEnvelope, userSession } from '../support/api';
import { engine, TEST_LABEL, uniqueName } from '../support/engine';
import { removeLabelled, sleeper, volumeExists } from '../support/labelled';

const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const RUN_LABEL = `berth.test.run=${RUN}`;
const LABELS = [TEST_LABEL, RUN_LABEL];
const LABEL_MAP = { 'berth.test': '1', 'berth.test.run': RUN };

async function createVolume(name: string, extra: Record<string, unknown> = {}) {
  const res = await api<VolumeSummary>('/api/volumes', {
    method: 'POST',
    json: { name, labels: LABELS, ...extra },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function readInContainer(id: string, path: string): Promise<string> {
  const stream = await engine.getContainer(id).getArchive({ path });
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  // One small file: the tar header is 512 bytes, the body follows, padded with NULs.
  return Buffer.concat(chunks).subarray(512).toString('utf8').replace(/\0+$/, '');
}

beforeAll(() => removeLabelled(RUN_LABEL));
afterAll(() => removeLabelled(RUN_LABEL));

describe('POST /api/volumes', () => {
  it('creates a volume with driver options and labels, as `docker volume create` would', async () => {
    const name = uniqueName('vol');
    const created = await createVolume(name, { options: ['type=tmpfs', 'device=tmpfs', 'o=size=8m'] });
    expect(created).toMatchObject({ name, driver: 'local', containers: [] });
    const info = await engine.getVolume(name).inspect();
    expect(info.Labels).toMatchObject(LABEL_MAP);
    expect(info.Options).toEqual({ type: 'tmpfs', device: 'tmpfs', o: 'size=8m' });
  });

  it('refuses a duplicate name with 409 naming the field, and leaves the existing volume as it was', async () => {
    const name = uniqueName('dup');
    await createVolume(name);
    const res = await api<ErrorEnvelope>('/api/volumes', {
      method: 'POST',
      json: { name, labels: [...LABELS, 'changed=yes'] },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.fields?.map((f) => f.path)).toEqual(['body.name']);
    expect(res.body.error.message).toContain(name);
    expect((await engine.getVolume(name).inspect()).Labels).toEqual(LABEL_MAP);
  });

  it('refuses bad input with 400 naming each field, and creates nothing', async () => {
    const before = (await engine.listVolumes()).Volumes?.length ?? 0;
    const res = await api<ErrorEnvelope>('/api/volumes', {
      method: 'POST',
      json: { name: 'x', options: ['type=tmpfs', 'novalue'], labels: LABELS },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.map((f) => f.path)).toEqual(['body.name', 'body.options.1']);
    expect((await engine.listVolumes()).Volumes?.length ?? 0).toBe(before);
  });

  it("refuses an operator's volume that bind-mounts a host path, and creates nothing", async () => {
    const operator = await userSession('operator', 'volumes-operator');
    const name = uniqueName('bind');
    const res = await api<ErrorEnvelope>('/api/volumes', {
      method: 'POST',
      as: { cookie: operator.cookie },
      json: { name, labels: LABELS, options: ['type=none', 'o=bind', 'device=/etc'] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(403);
    expect(res.body.error.code).toBe('policy');
    expect(res.body.error.message).toContain('allowHostBindMounts');
    expect(await volumeExists(name)).toBe(false);
  });

  it('records the docker command in the audit log', async () => {
    const name = uniqueName('audited');
    await createVolume(name);
    const audit = await api<AuditEntry[]>(`/api/audit?action=volume.create&target=${name}`);
    expect(audit.status).toBe(200);
    expect(audit.body[0]).toMatchObject({
      action: 'volume.create',
      result: 'ok',
      command: `docker volume create --label berth.test=1 --label ${RUN_LABEL} ${name}`,
    });
  });
});

describe('a volume in use', () => {
  const name = uniqueName('inuse');
  const holder = uniqueName('holder');
  let holderId = '';

  beforeAll(async () => {
    await createVolume(name);
    holderId = await sleeper(holder, LABEL_MAP, { Binds: [`${name}:/data`] });
  });

  it('lists the containers that use it', async () => {
    const list = await api<VolumeSummary[]>('/api/volumes');
    expect(list.status).toBe(200);
    const row = list.body.find((v) => v.name === name);
    expect(row?.containers).toEqual([
      { id: holderId, name: holder, state: 'running', destination: '/data', readOnly: false },
    ]);
    const detail = await api<VolumeDetail>(`/api/volumes/${name}`);
    expect(detail.body).toMatchObject({ name, labels: LABEL_MAP, containers: [{ name: holder }] });
  });

  it('reports its size from system df', async () => {
    const usage = await api<VolumeUsage>('/api/volumes/usage');
    expect(usage.status).toBe(200);
    expect(usage.body.sizes[name]).toBeGreaterThanOrEqual(0);
  });

  it('uploads, lists and downloads its files through the container that mounts it', async () => {
    const put = await api<{ ok: boolean; path: string }>(
      `/api/volumes/${name}/archive?path=/&filename=hello.txt`,
      {
        method: 'PUT',
        headers: { 'content-type': 'text/plain' },
        body: 'hello volume\n',
      },
    );
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.path).toBe('/hello.txt');
    // The engine has it where the container mounts the volume.
    expect(await readInContainer(holderId, '/data/hello.txt')).toBe('hello volume\n');

    const files = await api<DirectoryListing & { target: { container: { name: string } } }>(
      `/api/volumes/${name}/files?path=/`,
    );
    expect(files.status).toBe(200);
    expect(files.body.target.container.name).toBe(holder);
    expect(files.body.entries).toContainEqual(
      expect.objectContaining({ name: 'hello.txt', path: '/hello.txt', type: 'file', size: 13 }),
    );
    const raw = await api<string>(`/api/volumes/${name}/archive?path=/hello.txt&format=raw`);
    expect(raw.status).toBe(200);
    expect(raw.body).toBe('hello volume\n');
  });

  it('refuses a path escaping the volume', async () => {
    const res = await api<ErrorEnvelope>(`/api/volumes/${name}/files?path=/../../etc`);
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.[0]?.path).toBe('query.path');
  });

  it('refuses its removal naming the container, and keeps it', async () => {
    const res = await api<ErrorEnvelope>(`/api/volumes/${name}`, { method: 'DELETE' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(holder);
    expect(await volumeExists(name)).toBe(true);
  });

  it('removes it once the container is gone', async () => {
    await engine.getContainer(holderId).remove({ force: true });
    const res = await api(`/api/volumes/${name}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await volumeExists(name)).toBe(false);
    const again = await api<ErrorEnvelope>(`/api/volumes/${name}`);
    expect(again.status).toBe(404);
  });
});

describe('a volume no container mounts', () => {
  it('says so when its files are asked for, with the CLI way to reach it', async () => {
    const name = uniqueName('lonely');
    await createVolume(name);
    const res = await api<ErrorEnvelope>(`/api/volumes/${name}/files?path=/`);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('No container mounts');
    expect(res.body.error.message).toContain(`-v ${name}:/data`);
  });
});

describe('volume prune', () => {
  const PRUNE_LABEL = `berth.test.prune=${RUN}`;
  const filters = { label: [PRUNE_LABEL] };
  const query = `filters=${encodeURIComponent(JSON.stringify(filters))}`;

  it('removes exactly what the preview listed, nothing created later and nothing in use', async () => {
    const unused = [uniqueName('prune-a'), uniqueName('prune-b')].sort();
    for (const name of unused) await createVolume(name, { labels: [...LABELS, PRUNE_LABEL] });
    const used = uniqueName('prune-used');
    await createVolume(used, { labels: [...LABELS, PRUNE_LABEL] });
    await sleeper(uniqueName('prune-holder'), LABEL_MAP, { Binds: [`${used}:/data`] }, false);
    // Outside the filter: never listed, never removed.
    const unlabelled = uniqueName('prune-other');
    await createVolume(unlabelled);

    // Named volumes go only with all=1, as with `docker volume prune --all`.
    const anonymousOnly = await api<PrunePreview>(`/api/volumes/prune?${query}`);
    expect(anonymousOnly.status).toBe(200);
    expect(anonymousOnly.body.items).toEqual([]);

    const preview = await api<PrunePreview>(`/api/volumes/prune?${query}&all=1`);
    expect(preview.status).toBe(200);
    expect(preview.body.items.map((i) => i.name)).toEqual(unused);
    expect(preview.body.command).toBe(`docker volume prune -f --all --filter label=${PRUNE_LABEL}`);
    expect(preview.body.reclaimable).toBeGreaterThanOrEqual(0);

    const late = uniqueName('prune-late');
    await createVolume(late, { labels: [...LABELS, PRUNE_LABEL] });

    const pruned = await api<PruneResult>('/api/volumes/prune', {
      method: 'POST',
      json: { filters, all: true, ids: preview.body.items.map((i) => i.id) },
    });
    expect(pruned.status, JSON.stringify(pruned.body)).toBe(200);
    expect(pruned.body.removed.sort()).toEqual(unused);
    expect(pruned.body.skipped).toEqual([]);
    for (const name of unused) expect(await volumeExists(name)).toBe(false);
    for (const name of [used, late, unlabelled]) expect(await volumeExists(name)).toBe(true);
  });

  it('refuses a malformed filter with 400 on the query field', async () => {
    const res = await api<ErrorEnvelope>('/api/volumes/prune?filters=%7Bnot-json');
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.[0]?.path).toBe('query.filters');
  });
});
