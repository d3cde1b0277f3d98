import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressSnapshot } from '@/lib/images/progress';
import type { RegistryTag, RegistryView } from '@/lib/registries/types';
import { adminCookie, api, type ErrorEnvelope, userSession } from '../support/api';
import { engine } from '../support/engine';
import {
  AUTH_REGISTRY,
  buildTestImage,
  imageExists,
  REGISTRY,
  REGISTRY_PASSWORD,
  REGISTRY_USER,
  removeImageQuietly,
  uniqueTag,
} from '../support/images';
import { type ClientSocket, connectSocket, openSockets } from '../support/socket';

const RUN = uniqueTag('reg');
const made: string[] = [];
const registries: number[] = [];

async function createRegistry(body: Record<string, unknown>) {
  const res = await api<RegistryView>('/api/registries', { method: 'POST', json: body });
  if (res.status === 201) registries.push(res.body.id);
  return res;
}

function transfer(
  socket: ClientSocket,
  event: 'image:pull' | 'image:push',
  payload: { reference: string; registryId?: number },
): Promise<ProgressSnapshot> {
  return new Promise((resolve, reject) => {
    let id: string | null = null;
    const early: { id: string; snapshot: ProgressSnapshot }[] = [];
    const timer = setTimeout(() => reject(new Error(`no end of ${event}`)), 60_000);
    const onProgress = (e: { id: string; snapshot: ProgressSnapshot }) => {
      if (!id) return void early.push(e);
      if (e.id === id && e.snapshot.state !== 'running') {
        clearTimeout(timer);
        socket.off('image:progress', onProgress);
        resolve(e.snapshot);
      }
    };
    socket.on('image:progress', onProgress);
    socket.emit(event, payload, (res) => {
      if (!res.ok) {
        clearTimeout(timer);
        return reject(new Error(res.error));
      }
      id = res.id;
      for (const e of early) onProgress(e);
    });
  });
}

let socket: ClientSocket;
let authId = 0;
let openId = 0;

beforeAll(async () => {
  socket = await connectSocket(await adminCookie());
});

afterAll(async () => {
  for (const s of openSockets) s.close();
  for (const id of registries) await api(`/api/registries/${id}`, { method: 'DELETE' });
  for (const ref of made) await removeImageQuietly(ref);
});

describe('registry settings', () => {
  it('stores credentials and never returns the password', async () => {
    const res = await createRegistry({
      name: `auth-${RUN}`,
      url: `http://${AUTH_REGISTRY}`,
      username: REGISTRY_USER,
      password: REGISTRY_PASSWORD,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    authId = res.body.id;
    expect(res.body).toMatchObject({ host: AUTH_REGISTRY, username: REGISTRY_USER, hasPassword: true });
    const listed = await api<RegistryView[]>('/api/registries');
    expect(JSON.stringify(listed.body)).not.toContain(REGISTRY_PASSWORD);
    expect(JSON.stringify(await api(`/api/registries/${authId}`))).not.toContain(REGISTRY_PASSWORD);

    const open = await createRegistry({ name: `open-${RUN}`, url: `http://${REGISTRY}` });
    expect(open.status).toBe(201);
    openId = open.body.id;
    expect(open.body.hasPassword).toBe(false);
  });

  it('refuses a bad URL and a duplicate name, naming the field, and stores nothing', async () => {
    const before = (await api<RegistryView[]>('/api/registries')).body.length;
    const bad = await api<ErrorEnvelope>('/api/registries', {
      method: 'POST',
      json: { name: `bad-${RUN}`, url: 'ftp://x' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.map((f) => f.path)).toEqual(['body.url']);
    const dup = await api<ErrorEnvelope>('/api/registries', {
      method: 'POST',
      json: { name: `auth-${RUN}`, url: `http://${REGISTRY}` },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.fields?.[0]?.path).toBe('body.name');
    expect((await api<RegistryView[]>('/api/registries')).body.length).toBe(before);
  });

  it('checks a login like docker login: right password, wrong password, unreachable registry', async () => {
    const ok = await api<{ status: string }>(`/api/registries/${authId}/login`, { method: 'POST' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.status).toBe('Login Succeeded');

    const wrong = await api<ErrorEnvelope>('/api/registries/login', {
      method: 'POST',
      json: { url: `http://${AUTH_REGISTRY}`, username: REGISTRY_USER, password: 'not-the-password' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/wrong username or password/);
    expect(wrong.body.error.fields?.[0]?.path).toBe('body.password');

    const down = await api<ErrorEnvelope>('/api/registries/login', {
      method: 'POST',
      json: { url: 'http://127.0.0.1:5409', username: 'x', password: 'y' },
    });
    expect(down.status).toBe(502);
    expect(down.body.error.message).toMatch(/unreachable/);
  });
});

describe('push, browse and pull back', () => {
  const ref = `${AUTH_REGISTRY}/berth-test/${RUN}:v1`;
  let digest: string | null = null;

  it('pushes with the stored credentials of the matching registry', async () => {
    made.push(ref);
    await buildTestImage(ref);
    const snap = await transfer(socket, 'image:push', { reference: ref });
    expect(snap.state, snap.error ?? '').toBe('done');
    digest = snap.digest;
    expect(digest).toMatch(/^sha256:/);
  });

  it('lists the pushed repository and its tag with digest and size', async () => {
    const repos = await api<string[]>(`/api/registries/${authId}/repositories`);
    expect(repos.status, JSON.stringify(repos.body)).toBe(200);
    expect(repos.body).toContain(`berth-test/${RUN}`);
    const tags = await api<RegistryTag[]>(
      `/api/registries/${authId}/tags?repository=${encodeURIComponent(`berth-test/${RUN}`)}`,
    );
    expect(tags.status).toBe(200);
    expect(tags.body).toEqual([
      expect.objectContaining({ tag: 'v1', digest, reference: ref, size: expect.any(Number) }),
    ]);
    expect(tags.body[0]?.size).toBeGreaterThan(1000);
  });

  it('pulls the tag back through the registry entry', async () => {
    await engine.getImage(ref).remove({ force: true });
    expect(await imageExists(ref)).toBe(false);
    const snap = await transfer(socket, 'image:pull', { reference: ref, registryId: authId });
    expect(snap.state, snap.error ?? '').toBe('done');
    expect(snap.digest).toBe(digest);
    expect(await imageExists(ref)).toBe(true);
  });

  it('refuses a registry id that does not match the reference host', async () => {
    await expect(
      transfer(socket, 'image:pull', { reference: `${REGISTRY}/berth-test/${RUN}:v1`, registryId: authId }),
    ).rejects.toThrow(/not on registry/);
  });

  it('says clearly when the stored password is wrong, and keeps the registry untouched otherwise', async () => {
    const patched = await api<RegistryView>(`/api/registries/${authId}`, {
      method: 'PATCH',
      json: { password: 'wrong-password' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ hasPassword: true, username: REGISTRY_USER });
    const login = await api<ErrorEnvelope>(`/api/registries/${authId}/login`, { method: 'POST' });
    expect(login.status).toBe(400);
    expect(login.body.error.message).toMatch(/wrong username or password/);
    const browse = await api<ErrorEnvelope>(`/api/registries/${authId}/repositories`);
    expect(browse.status).toBe(502);
    expect(browse.body.error.message).toMatch(/refused the credentials/);
    const push = await transfer(socket, 'image:push', { reference: ref });
    expect(push.state).toBe('error');
    expect(push.error).toMatch(/unauthorized|authentication required/i);
    // Back to the right password for the tests that follow.
    await api(`/api/registries/${authId}`, { method: 'PATCH', json: { password: REGISTRY_PASSWORD } });
  });
});

describe('the registry without auth', () => {
  it('deletes a tag where the registry allows it', async () => {
    const ref = `${REGISTRY}/berth-test/${RUN}:gone`;
    made.push(ref);
    await buildTestImage(ref);
    expect((await transfer(socket, 'image:push', { reference: ref })).state).toBe('done');
    const repo = encodeURIComponent(`berth-test/${RUN}`);
    const before = await api<RegistryTag[]>(`/api/registries/${openId}/tags?repository=${repo}`);
    expect(before.body.map((t) => t.tag)).toContain('gone');
    const del = await api<{ digest: string }>(`/api/registries/${openId}/tags?repository=${repo}&tag=gone`, {
      method: 'DELETE',
    });
    expect(del.status, JSON.stringify(del.body)).toBe(200);
    const after = await api<RegistryTag[] | ErrorEnvelope>(
      `/api/registries/${openId}/tags?repository=${repo}`,
    );
    const tags = after.status === 200 ? (after.body as RegistryTag[]).map((t) => t.tag) : [];
    expect(tags).not.toContain('gone');
  });

  it('refuses a bad repository name naming the field', async () => {
    const res = await api<ErrorEnvelope>(`/api/registries/${openId}/tags?repository=Bad%20Name`);
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.[0]?.path).toBe('query.repository');
  });
});

describe('an unreachable registry', () => {
  it('gives a clear error when browsing', async () => {
    const res = await createRegistry({ name: `down-${RUN}`, url: 'http://127.0.0.1:5409' });
    expect(res.status).toBe(201);
    const browse = await api<ErrorEnvelope>(`/api/registries/${res.body.id}/repositories`);
    expect(browse.status).toBe(502);
    expect(browse.body.error.message).toMatch(/Registry 127\.0\.0\.1:5409 unreachable/);
  });
});

describe('permissions', () => {
  it('lets an operator use registries but not manage them, and a viewer neither', async () => {
    const operator = await userSession('operator', 'registries-operator');
    const viewer = await userSession('viewer', 'registries-viewer');
    const list = await api<RegistryView[]>('/api/registries', { as: { cookie: operator.cookie } });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(REGISTRY_PASSWORD);
    const browse = await api(`/api/registries/${openId}/repositories`, { as: { cookie: operator.cookie } });
    expect(browse.status).toBe(200);
    const create = await api('/api/registries', {
      method: 'POST',
      as: { cookie: operator.cookie },
      json: { name: `op-${RUN}`, url: `http://${REGISTRY}` },
    });
    expect(create.status).toBe(403);
    const names = (await api<RegistryView[]>('/api/registries')).body.map((r) => r.name);
    expect(names).not.toContain(`op-${RUN}`);
    expect((await api('/api/registries', { as: { cookie: viewer.cookie } })).status).toBe(403);
  });
});
