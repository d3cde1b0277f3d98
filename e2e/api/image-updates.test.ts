import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageUpdateStatus } from '@/lib/images/types';
import type { RegistryView } from '@/lib/registries/types';
import { api, type ErrorEnvelope, userSession } from '../support/api';
import { engine } from '../support/engine';
import {
  AUTH_REGISTRY,
  buildTestImage,
  pushWithEngine,
  REGISTRY,
  REGISTRY_PASSWORD,
  REGISTRY_USER,
  removeImageQuietly,
  uniqueTag,
} from '../support/images';
import { removeLabelled } from '../support/labelled';

/**
 * "Update available" (issue 15) against the real engine and the local registries: a tag's repo digest against
 * the registry's manifest digest. Every image is named berth-updates-test…, every container labelled
 * berth.test.updates=1, and only those are removed at the end.
 */

const LABEL = 'berth.test.updates=1';
const RUN = uniqueTag('u');
const REPO = `${REGISTRY}/berth-updates-test-${RUN}`;
const REF = `${REPO}:1`;
const made: string[] = [];
const pushed: { registry: string; repository: string; digest: string; auth?: boolean }[] = [];
const registries: number[] = [];
const builtIds: string[] = [];

function own(ref: string): string {
  made.push(ref);
  return ref;
}

async function check(references?: string[], as?: { cookie: string }) {
  return api<ImageUpdateStatus[]>('/api/images/updates', {
    method: 'POST',
    json: references ? { references } : {},
    ...(as ? { as } : {}),
  });
}

async function checkOne(reference: string): Promise<ImageUpdateStatus> {
  const res = await check([reference]);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body).toHaveLength(1);
  return res.body[0] as ImageUpdateStatus;
}

async function cached(): Promise<ImageUpdateStatus[]> {
  const res = await api<ImageUpdateStatus[]>('/api/images/updates');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** The repo digest the engine recorded for `repository` (push and pull both record it). */
async function repoDigest(ref: string, repository: string): Promise<string> {
  const info = await engine.getImage(ref).inspect();
  const entry = info.RepoDigests.find((d) => d.startsWith(`${repository}@`));
  if (!entry) throw new Error(`${ref} has no repo digest for ${repository}: ${info.RepoDigests.join(', ')}`);
  return entry.slice(repository.length + 1);
}

async function tagAs(source: string, reference: string): Promise<void> {
  const colon = reference.lastIndexOf(':');
  await engine.getImage(source).tag({ repo: reference.slice(0, colon), tag: reference.slice(colon + 1) });
}

async function pullWithEngine(reference: string): Promise<void> {
  const stream = await engine.pull(reference);
  await new Promise<void>((resolve, reject) =>
    engine.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())),
  );
}

/**
 * A registry on a port of its own that forwards to the open one: the engine pulls through it (so images get
 * repo digests for its host), then it can be slowed, made to hang, or closed. It counts the manifest HEADs.
 */
function proxyRegistry() {
  const state = {
    mode: 'forward' as 'forward' | 'slow' | 'hang',
    heads: 0,
    headsNow: 0,
    maxHeadsAtOnce: 0,
  };
  const server = http.createServer((req, res) => {
    const head = req.method === 'HEAD' && /\/manifests\//.test(req.url ?? '');
    if (head) {
      state.heads++;
      state.headsNow++;
      state.maxHeadsAtOnce = Math.max(state.maxHeadsAtOnce, state.headsNow);
      res.on('close', () => state.headsNow--);
    }
    if (head && state.mode === 'hang') return; // never answers
    const forward = () => {
      const upstream = http.request(
        {
          host: '127.0.0.1',
          port: Number(REGISTRY.split(':')[1]),
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    };
    if (head && state.mode === 'slow') setTimeout(forward, 700);
    else forward();
  });
  return {
    state,
    server,
    start: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.address() as AddressInfo).port}`)),
      ),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let id1 = '';
let digest1 = '';
let containerId = '';

beforeAll(async () => {
  await removeLabelled(LABEL);
  id1 = await buildTestImage(own(REF));
  builtIds.push(id1);
  await pushWithEngine(REF);
  // Push records the repo digest on the image, as a pull does.
  digest1 = await repoDigest(REF, REPO);
  pushed.push({ registry: REGISTRY, repository: `berth-updates-test-${RUN}`, digest: digest1 });
  const container = await engine.createContainer({
    Image: REF,
    name: `berth-updates-test-${RUN}`,
    Cmd: ['true'],
    Labels: { 'berth.test': '1', 'berth.test.updates': '1' },
    HostConfig: { NetworkMode: 'none' },
  });
  containerId = container.id;
}, 120_000);

afterAll(async () => {
  await removeLabelled(LABEL);
  for (const id of registries) await api(`/api/registries/${id}`, { method: 'DELETE' });
  for (const ref of made.reverse()) await removeImageQuietly(ref);
  // An image kept only by a repo digest (pulled, then its tag moved) is listed as <none>: gone by id.
  for (const id of builtIds) await removeImageQuietly(id);
  // Leave the shared registries as they were: the manifests pushed here go (deleting is enabled on both).
  for (const p of pushed) {
    const authorization = p.auth
      ? { authorization: `Basic ${Buffer.from(`${REGISTRY_USER}:${REGISTRY_PASSWORD}`).toString('base64')}` }
      : undefined;
    await fetch(`http://${p.registry}/v2/${p.repository}/manifests/${p.digest}`, {
      method: 'DELETE',
      ...(authorization ? { headers: authorization } : {}),
    }).catch(() => {});
  }
}, 60_000);

describe('a tag in the open registry', () => {
  it('is current right after the push, and the default check covers the tags containers use', async () => {
    const res = await check();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const mine = res.body.find((s) => s.reference === REF);
    expect(mine).toMatchObject({
      reference: REF,
      imageId: id1,
      status: 'current',
      localDigest: digest1,
      remoteDigest: digest1,
      error: null,
    });
    expect(Date.now() - (mine?.checkedAt ?? 0)).toBeLessThan(60_000);
    // Only tags in use: the container's image id (it was created by name) is not a tag and is not listed.
    expect(res.body.some((s) => s.reference.startsWith('sha256:'))).toBe(false);
    const inspected = await engine.getContainer(containerId).inspect();
    expect(inspected.Image).toBe(id1);
  }, 60_000);

  it('is available once other content is pushed under the tag, the local image untouched', async () => {
    const next = own(`berth-updates-test-next-${RUN}:1`);
    const id2 = await buildTestImage(next);
    builtIds.push(id2);
    expect(id2).not.toBe(id1);
    // The engine pushes what the tag names: point it at the new image for the push, then back.
    await tagAs(next, REF);
    await pushWithEngine(REF);
    const digest2 = await repoDigest(next, REPO);
    pushed.push({ registry: REGISTRY, repository: `berth-updates-test-${RUN}`, digest: digest2 });
    await tagAs(id1, REF);
    expect((await engine.getImage(REF).inspect()).Id).toBe(id1);
    expect(digest2).not.toBe(digest1);

    const status = await checkOne(REF);
    expect(status).toMatchObject({
      status: 'available',
      imageId: id1,
      localDigest: digest1,
      remoteDigest: digest2,
      error: null,
    });

    // The GET answers what was kept, not a new check: same checkedAt, twice.
    const first = (await cached()).find((s) => s.reference === REF);
    const second = (await cached()).find((s) => s.reference === REF);
    expect(first).toEqual(status);
    expect(second?.checkedAt).toBe(status.checkedAt);

    // Pulled since: the kept registry digest is now the local one, without asking the registry again.
    await pullWithEngine(REF);
    const afterPull = (await cached()).find((s) => s.reference === REF);
    expect(afterPull).toMatchObject({
      status: 'current',
      imageId: id2,
      localDigest: digest2,
      checkedAt: status.checkedAt,
    });
    await tagAs(id1, REF);
  }, 120_000);

  it('is unknown, naming the 404, when the tag is gone from the registry', async () => {
    const ref = own(`${REGISTRY}/berth-updates-test-gone-${RUN}:1`);
    await buildTestImage(ref);
    await pushWithEngine(ref);
    const digest = await repoDigest(ref, ref.slice(0, ref.lastIndexOf(':')));
    const del = await fetch(`http://${REGISTRY}/v2/berth-updates-test-gone-${RUN}/manifests/${digest}`, {
      method: 'DELETE',
    });
    expect(del.status).toBe(202);
    const status = await checkOne(ref);
    expect(status).toMatchObject({ status: 'unknown', localDigest: digest, remoteDigest: null });
    expect(status.error).toMatch(/not found.*404/i);
  }, 60_000);

  it('is local for an image built here and never pushed, without asking a registry', async () => {
    const ref = own(`berth-updates-test-local-${RUN}:1`);
    const id = await buildTestImage(ref);
    expect(await checkOne(ref)).toMatchObject({
      reference: `berth-updates-test-local-${RUN}:1`,
      imageId: id,
      status: 'local',
      localDigest: null,
      remoteDigest: null,
      error: null,
    });
    // Not used by a container: the default check leaves it out.
    const all = await check();
    expect(all.body.map((s) => s.reference)).not.toContain(ref);
  }, 60_000);
});

describe('a registry that is slow, hangs or is gone', () => {
  const proxy = proxyRegistry();
  let host = '';
  const tags = ['t1', 't2', 't3', 't4', 't5', 't6'];
  const refs = () => tags.map((t) => `${host}/berth-updates-test-${RUN}:${t}`);

  beforeAll(async () => {
    host = await proxy.start();
    // Pulled through the proxy: the image gets a repo digest for the proxy's host.
    for (const t of tags) await tagAs(id1, `${REPO}:${t}`);
    for (const t of tags) await pushWithEngine(`${REPO}:${t}`);
    for (const ref of refs()) {
      await pullWithEngine(own(ref));
    }
    for (const t of tags) own(`${REPO}:${t}`);
  }, 120_000);

  afterAll(() => proxy.stop());

  it('asks at most 4 at a time, and joins a check of the same tag already under way', async () => {
    proxy.state.mode = 'slow';
    proxy.state.heads = 0;
    proxy.state.maxHeadsAtOnce = 0;
    const res = await check(refs());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.map((s) => s.status)).toEqual(tags.map(() => 'current'));
    expect(proxy.state.heads).toBe(6);
    expect(proxy.state.maxHeadsAtOnce).toBeLessThanOrEqual(4);
    expect(proxy.state.maxHeadsAtOnce).toBeGreaterThan(1);

    proxy.state.heads = 0;
    const one = refs()[0] as string;
    const [a, b] = await Promise.all([checkOne(one), checkOne(one)]);
    expect(proxy.state.heads).toBe(1);
    expect(a.checkedAt).toBe(b.checkedAt);
  }, 60_000);

  it('gives up on a registry that does not answer within the deadline', async () => {
    proxy.state.mode = 'hang';
    const started = Date.now();
    const status = await checkOne(refs()[1] as string);
    const took = Date.now() - started;
    expect(status).toMatchObject({ status: 'unknown', remoteDigest: null });
    expect(status.error).toMatch(/no answer within 5 s/);
    expect(took).toBeGreaterThanOrEqual(4_500);
    expect(took).toBeLessThan(9_000);
  }, 30_000);

  it('is unknown, naming the refusal, once the registry is gone; the GET never asks it', async () => {
    proxy.state.mode = 'forward';
    const ref = refs()[2] as string;
    const before = await checkOne(ref);
    expect(before.status).toBe('current');
    await proxy.stop();
    // The kept answer stands: a GET asking the gone registry would have said unknown.
    const kept = (await cached()).find((s) => s.reference === ref);
    expect(kept).toEqual(before);
    const status = await checkOne(ref);
    expect(status).toMatchObject({ status: 'unknown', localDigest: before.localDigest, remoteDigest: null });
    expect(status.error).toContain(`Registry ${host} unreachable`);
    expect(status.error).toMatch(/ECONNREFUSED/);
  }, 30_000);
});

describe('the registry with authentication', () => {
  const ref = `${AUTH_REGISTRY}/berth-updates-test-${RUN}:1`;

  beforeAll(async () => {
    await buildTestImage(own(ref));
    await pushWithEngine(ref, { username: REGISTRY_USER, password: REGISTRY_PASSWORD });
    pushed.push({
      registry: AUTH_REGISTRY,
      repository: `berth-updates-test-${RUN}`,
      digest: await repoDigest(ref, ref.slice(0, ref.lastIndexOf(':'))),
      auth: true,
    });
  }, 120_000);

  it('is unknown without stored credentials, naming the 401', async () => {
    const stored = (await api<RegistryView[]>('/api/registries')).body;
    expect(
      stored.map((r) => r.host),
      'this server must not store the auth registry yet',
    ).not.toContain(AUTH_REGISTRY);
    const status = await checkOne(ref);
    expect(status).toMatchObject({ status: 'unknown', remoteDigest: null });
    expect(status.error).toMatch(/401 Unauthorized/);
    expect(status.error).toMatch(/no credentials/);
  });

  it('is current with the stored credentials, and stays so in the GET once they are removed', async () => {
    const created = await api<RegistryView>('/api/registries', {
      method: 'POST',
      json: {
        name: `berth-updates-test-${RUN}`,
        url: `http://${AUTH_REGISTRY}`,
        username: REGISTRY_USER,
        password: REGISTRY_PASSWORD,
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    registries.push(created.body.id);
    const status = await checkOne(ref);
    expect(status).toMatchObject({ status: 'current', error: null });
    expect(status.remoteDigest).toBe(status.localDigest);

    await api(`/api/registries/${created.body.id}`, { method: 'DELETE' });
    registries.pop();
    expect((await cached()).find((s) => s.reference === ref)).toEqual(status);
  });

  it('names the refused credentials when the stored password is wrong', async () => {
    const created = await api<RegistryView>('/api/registries', {
      method: 'POST',
      json: {
        name: `berth-updates-test-wrong-${RUN}`,
        url: `http://${AUTH_REGISTRY}`,
        username: REGISTRY_USER,
        password: 'not-the-password',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    registries.push(created.body.id);
    const status = await checkOne(ref);
    expect(status.status).toBe('unknown');
    expect(status.error).toMatch(/refused the stored credentials.*401/);
  });
});

describe('input and permissions', () => {
  it('refuses a bad reference or a digest naming the field, and a tag no local image has with 404', async () => {
    const bad = await api<ErrorEnvelope>('/api/images/updates', {
      method: 'POST',
      json: { references: [REF, 'Not A Reference'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.map((f) => f.path)).toEqual(['body.references.1']);

    const pinned = await api<ErrorEnvelope>('/api/images/updates', {
      method: 'POST',
      json: { references: [`${REPO}@${digest1}`] },
    });
    expect(pinned.status).toBe(400);
    expect(pinned.body.error.message).toMatch(/pinned by digest/);

    const missing = await api<ErrorEnvelope>('/api/images/updates', {
      method: 'POST',
      json: { references: [`${REPO}:no-such-tag`] },
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.fields?.[0]?.path).toBe('body.references.0');

    const unknownKey = await api<ErrorEnvelope>('/api/images/updates', {
      method: 'POST',
      json: { refs: [REF] },
    });
    expect(unknownKey.status).toBe(400);
  });

  it('lets a viewer read the kept answers but not ask the registries', async () => {
    const viewer = await userSession('viewer', `updates-viewer-${RUN}`);
    const read = await api<ImageUpdateStatus[]>('/api/images/updates', { as: { cookie: viewer.cookie } });
    expect(read.status).toBe(200);
    expect(read.body.find((s) => s.reference === REF)?.status).toBeDefined();
    const refused = await check([REF], { cookie: viewer.cookie });
    expect(refused.status).toBe(403);
  });
});
