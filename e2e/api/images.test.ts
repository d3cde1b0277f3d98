import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildResult } from '@/lib/images/build';
import type { ProgressSnapshot } from '@/lib/images/progress';
import type {
  ImageDetail,
  ImageHistoryEntry,
  ImageSummary,
  PrunePreview,
  PruneResult,
  RemoveResult,
} from '@/lib/images/types';
import type { ImageTransferStarted } from '@/lib/realtime/contract';
import { adminCookie, api, BASE_URL, type ErrorEnvelope } from '../support/api';
import { engine, TEST_IMAGE, uniqueName } from '../support/engine';
import {
  buildTestImage,
  imageExists,
  pushWithEngine,
  REGISTRY,
  removeImageQuietly,
  tarOf,
  uniqueTag,
} from '../support/images';
import { type ClientSocket, connectSocket, openSockets } from '../support/socket';

/** Every image these tests make is named berth-test/… (or 127.0.0.1:5400/berth-test/…) and removed at the end. */
const RUN = uniqueTag('img');
const REPO = `berth-test/${RUN}`;
const made: string[] = [];
const containers: string[] = [];

function own(ref: string): string {
  made.push(ref);
  return ref;
}

async function list(query = ''): Promise<ImageSummary[]> {
  const res = await api<ImageSummary[]>(`/api/images${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

let imageId = '';

beforeAll(async () => {
  imageId = await buildTestImage(own(`${REPO}:a`));
  await engine.getImage(`${REPO}:a`).tag({ repo: REPO, tag: 'b' });
  own(`${REPO}:b`);
}, 120_000);

afterAll(async () => {
  for (const s of openSockets) s.close();
  for (const id of containers)
    await engine
      .getContainer(id)
      .remove({ force: true })
      .catch(() => {});
  for (const ref of made.reverse()) await removeImageQuietly(ref);
  expect(await imageExists(TEST_IMAGE)).toBe(true);
});

describe('image list', () => {
  it('shows one row per image with all its tags, and counts the containers made from it', async () => {
    const row = (await list()).find((i) => i.id === imageId);
    expect(row?.tags.sort()).toEqual([`${REPO}:a`, `${REPO}:b`]);
    expect(row).toMatchObject({ containers: 0, dangling: false });
    expect((await list('?filter=unused')).map((i) => i.id)).toContain(imageId);
    expect((await list('?filter=used')).map((i) => i.id)).not.toContain(imageId);

    const c = await engine.createContainer({
      Image: `${REPO}:a`,
      name: uniqueName('img-user'),
      Labels: { 'berth.test': '1' },
    });
    containers.push(c.id);
    expect((await list()).find((i) => i.id === imageId)?.containers).toBe(1);
    expect((await list('?filter=used')).map((i) => i.id)).toContain(imageId);
    expect((await list('?filter=unused')).map((i) => i.id)).not.toContain(imageId);
  });

  it('lists intermediate layers only with all=1', async () => {
    const top = await list();
    const withLayers = await list('?all=1');
    expect(withLayers.length).toBeGreaterThanOrEqual(top.length);
    expect(top.every((i) => !i.intermediate)).toBe(true);
  });

  it('refuses an unknown filter naming the field', async () => {
    const res = await api<ErrorEnvelope>('/api/images?filter=bogus');
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.[0]?.path).toBe('query.filter');
  });
});

describe('inspect and history', () => {
  it('inspects by id with the containers that use the image', async () => {
    const res = await api<ImageDetail>(`/api/images/${imageId.replace('sha256:', '')}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(imageId);
    expect((res.body.inspect as { Id?: string }).Id).toBe(imageId);
    expect(res.body.containers.map((c) => c.id)).toEqual(containers);
  });

  it('shows the history with the step that created each layer', async () => {
    const res = await api<ImageHistoryEntry[]>(`/api/images/${imageId.replace('sha256:', '')}/history`);
    expect(res.status).toBe(200);
    expect(res.body[0]?.createdBy).toMatch(/LABEL berth.test=1/);
    expect(res.body.some((h) => h.createdBy.includes('/berth-marker'))).toBe(true);
  });

  it('answers 404 for an unknown image', async () => {
    const res = await api<ErrorEnvelope>(`/api/images/${'0'.repeat(64)}`);
    expect(res.status).toBe(404);
  });
});

describe('tag and remove', () => {
  it('tags with the CLI normalisation and refuses a bad reference without changing anything', async () => {
    const res = await api<{ reference: string }>('/api/images/tag', {
      method: 'POST',
      json: { source: imageId, target: own(`${REPO}:c`) },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await engine.getImage(imageId).inspect()).RepoTags).toContain(`${REPO}:c`);

    const bad = await api<ErrorEnvelope>('/api/images/tag', {
      method: 'POST',
      json: { source: imageId, target: `${REPO}:Bad Tag` },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.map((f) => f.path)).toEqual(['body.target']);
    expect((await engine.getImage(imageId).inspect()).RepoTags?.length).toBe(3);
  });

  it('gives the engine conflict when the image is in use, and leaves it', async () => {
    const res = await api<ErrorEnvelope>('/api/images/remove', {
      method: 'POST',
      json: { refs: [imageId], force: false },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/conflict|must be forced|being used|referenced/i);
    expect(await imageExists(imageId)).toBe(true);
  });

  it('removes several tags at once and then the image', async () => {
    await engine.getContainer(containers.pop() ?? '').remove({ force: true });
    const res = await api<{ results: RemoveResult[] }>('/api/images/remove', {
      method: 'POST',
      json: { refs: [`${REPO}:b`, `${REPO}:c`], force: false },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.results.map((r) => [r.ok, r.untagged])).toEqual([
      [true, [`${REPO}:b`]],
      [true, [`${REPO}:c`]],
    ]);
    expect((await engine.getImage(imageId).inspect()).RepoTags).toEqual([`${REPO}:a`]);
    const last = await api<{ results: RemoveResult[] }>('/api/images/remove', {
      method: 'POST',
      json: { refs: [`${REPO}:a`] },
    });
    expect(last.body.results[0]?.deleted).toContain(imageId);
    expect(await imageExists(imageId)).toBe(false);
  });

  it('refuses an empty list and a malformed name', async () => {
    const empty = await api<ErrorEnvelope>('/api/images/remove', { method: 'POST', json: { refs: [] } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields?.[0]?.path).toBe('body.refs');
    const bad = await api<ErrorEnvelope>('/api/images/remove', { method: 'POST', json: { refs: ['a b'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.[0]?.path).toBe('body.refs.0');
  });
});

describe('prune', () => {
  it('previews exactly what it then removes, limited to this run by a label', async () => {
    const label = `berth.test.run=${RUN}`;
    const ref = own(`${REPO}:dangling`);
    const id = await buildTestImage(ref, { labels: { 'berth.test.run': RUN } });
    // Building the same tag again leaves the first image without a tag: dangling, as after a rebuild.
    const successor = await buildTestImage(ref, { labels: { 'berth.test.run': RUN } });
    expect(successor).not.toBe(id);
    const preview = await api<PrunePreview>(`/api/images/prune?labels=${encodeURIComponent(label)}`);
    expect(preview.status).toBe(200);
    expect(preview.body.images.map((i) => i.id)).toEqual([id]);
    expect(preview.body.reclaimable).toBeGreaterThan(0);

    const pruned = await api<PruneResult>('/api/images/prune', { method: 'POST', json: { labels: [label] } });
    expect(pruned.status, JSON.stringify(pruned.body)).toBe(200);
    expect(pruned.body.deleted).toContain(id);
    expect(await imageExists(id)).toBe(false);
    expect(await imageExists(successor)).toBe(true);
    expect(await imageExists(TEST_IMAGE)).toBe(true);
  });
});

describe('save, load and import', () => {
  it('saves an image to a tar and loads it back with the same id', async () => {
    const ref = own(`${REPO}:saved`);
    const id = await buildTestImage(ref);
    const res = await fetch(`${BASE_URL}/api/images/save?refs=${encodeURIComponent(ref)}`, {
      headers: { cookie: await adminCookie() },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-tar');
    const tarball = new Uint8Array(await res.arrayBuffer());
    expect(tarball.length).toBeGreaterThan(1024);
    await engine.getImage(ref).remove({ force: true });
    expect(await imageExists(id)).toBe(false);

    const loaded = await api<{ loaded: string[] }>('/api/images/load', {
      method: 'POST',
      headers: { 'content-type': 'application/x-tar' },
      body: tarball,
    });
    expect(loaded.status, JSON.stringify(loaded.body)).toBe(200);
    expect(loaded.body.loaded).toContain(ref);
    expect((await engine.getImage(ref).inspect()).Id).toBe(id);
  });

  it('refuses to save an unknown image and to load something that is not an image archive', async () => {
    const unknown = await api<ErrorEnvelope>(`/api/images/save?refs=${REPO}:nope`);
    expect(unknown.status).toBe(404);
    const junk = await api<ErrorEnvelope>('/api/images/load', {
      method: 'POST',
      headers: { 'content-type': 'application/x-tar' },
      body: await tarOf({ 'hello.txt': 'not an image' }),
    });
    expect(junk.status).toBeGreaterThanOrEqual(400);
    expect(junk.body.error.message.length).toBeGreaterThan(0);
  });

  it('imports a root filesystem tar as repo:tag', async () => {
    const ref = own(`${REPO}:imported`);
    const rootfs = await tarOf({ 'etc/berth-imported': `${RUN}\n` });
    const res = await api<{ id: string; reference: string }>(
      `/api/images/import?reference=${encodeURIComponent(ref)}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-tar' },
        body: rootfs,
      },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const info = await engine.getImage(ref).inspect();
    expect(info.Id).toBe(res.body.id);
    expect(info.RootFS.Layers).toHaveLength(1);
  });

  it('refuses an import reference the CLI would refuse', async () => {
    const res = await api<ErrorEnvelope>('/api/images/import?reference=Not_Lower', {
      method: 'POST',
      headers: { 'content-type': 'application/x-tar' },
      body: await tarOf({ a: 'b' }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.[0]?.path).toBe('query.reference');
  });
});

function transfer(
  socket: ClientSocket,
  event: 'image:pull' | 'image:push',
  reference: string,
): Promise<{ started: ImageTransferStarted; snapshots: ProgressSnapshot[]; final: ProgressSnapshot }> {
  return new Promise((resolve, reject) => {
    const snapshots: ProgressSnapshot[] = [];
    let started: ImageTransferStarted | null = null;
    const early: { id: string; snapshot: ProgressSnapshot }[] = [];
    const timer = setTimeout(() => reject(new Error(`no end of ${event} ${reference}`)), 60_000);
    const onProgress = (e: { id: string; snapshot: ProgressSnapshot }) => {
      if (!started) return void early.push(e);
      if (e.id !== started.id) return;
      snapshots.push(e.snapshot);
      if (e.snapshot.state !== 'running') {
        clearTimeout(timer);
        socket.off('image:progress', onProgress);
        resolve({ started, snapshots, final: e.snapshot });
      }
    };
    socket.on('image:progress', onProgress);
    socket.emit(event, { reference }, (res) => {
      if (!res.ok) {
        clearTimeout(timer);
        return reject(new Error(res.error));
      }
      started = res;
      for (const e of early) onProgress(e);
    });
  });
}

describe('pull and push over socket.io', () => {
  let socket: ClientSocket;
  beforeAll(async () => {
    socket = await connectSocket(await adminCookie());
  });

  it('pushes to and pulls back from the local registry with per-layer progress', async () => {
    const ref = own(`${REGISTRY}/berth-test/${RUN}:pull`);
    const id = await buildTestImage(ref, { extraBytes: 3_000_000 });
    const pushed = await transfer(socket, 'image:push', ref);
    expect(pushed.final.state, pushed.final.error ?? '').toBe('done');
    expect(pushed.final.digest).toMatch(/^sha256:/);
    expect(pushed.started.command).toBe(`docker push ${ref}`);

    await engine.getImage(ref).remove({ force: true });
    expect(await imageExists(ref)).toBe(false);

    const pulled = await transfer(socket, 'image:pull', ref);
    expect(pulled.final.state, pulled.final.error ?? '').toBe('done');
    expect(pulled.final.overall).toBe(1);
    // The layers of the test image exist already; the new ones were downloaded.
    expect(pulled.final.layers.length).toBeGreaterThanOrEqual(2);
    expect(pulled.final.layers.some((l) => l.status === 'Already exists')).toBe(true);
    expect(pulled.final.messages.join('\n')).toMatch(/Downloaded newer image/);
    expect((await engine.getImage(ref).inspect()).Id).toBe(id);
  });

  it('shares one pull between two viewers of the same reference', async () => {
    const ref = own(`${REGISTRY}/berth-test/${RUN}:shared`);
    await buildTestImage(ref, { extraBytes: 2_000_000 });
    await pushWithEngine(ref);
    await engine.getImage(ref).remove({ force: true });
    const other = await connectSocket(await adminCookie());
    const [a, b] = await Promise.all([
      transfer(socket, 'image:pull', ref),
      transfer(other, 'image:pull', ref),
    ]);
    expect(a.final.state).toBe('done');
    expect(b.final.state).toBe('done');
    expect(b.final.digest).toBe(a.final.digest);
    expect(await imageExists(ref)).toBe(true);
  });

  it('refuses a bad reference with the reason and pulls nothing', async () => {
    await expect(transfer(socket, 'image:pull', 'Upper/Case')).rejects.toThrow(/lowercase/);
    const http = await api<ErrorEnvelope>('/api/images/pull', {
      method: 'POST',
      json: { reference: 'a::b' },
    });
    expect(http.status).toBe(400);
    expect(http.body.error.fields?.[0]?.path).toBe('body.reference');
  });

  it('reports an unreachable registry clearly', async () => {
    const res = await transfer(socket, 'image:pull', '127.0.0.1:5409/berth-test/nothing:1');
    expect(res.final.state).toBe('error');
    expect(res.final.error).toMatch(/127\.0\.0\.1:5409.*(connection refused|connect)/);
  });

  it('pulls over HTTP for scripts, joining the same machinery', async () => {
    const ref = own(`${REGISTRY}/berth-test/${RUN}:http`);
    await buildTestImage(ref);
    await pushWithEngine(ref);
    await engine.getImage(ref).remove({ force: true });
    const res = await api<{ reference: string; digest: string }>('/api/images/pull', {
      method: 'POST',
      json: { reference: ref },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.digest).toMatch(/^sha256:/);
    expect(await imageExists(ref)).toBe(true);
  });
});

describe('search', () => {
  it('says clearly that no registry is reachable (tests never depend on Docker Hub)', async () => {
    const res = await api<ErrorEnvelope>('/api/images/search?term=busybox');
    expect(res.status).toBe(502);
    expect(res.body.error.message).toMatch(/could not reach the registry/);
  });

  it('needs a search term', async () => {
    const res = await api<ErrorEnvelope>('/api/images/search?term=');
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.[0]?.path).toBe('query.term');
  });
});

function build(
  socket: ClientSocket,
  payload: Record<string, unknown>,
): Promise<{ command: string; lines: string[]; result: BuildResult }> {
  return new Promise((resolve, reject) => {
    let id: string | null = null;
    let command = '';
    const lines: string[] = [];
    const timer = setTimeout(() => reject(new Error('build did not end')), 90_000);
    const onOutput = (e: { id: string; lines: string[] }) => {
      if (e.id === id) lines.push(...e.lines);
    };
    const onEnd = (e: { id: string; result: BuildResult }) => {
      if (e.id !== id) return;
      clearTimeout(timer);
      socket.off('build:output', onOutput);
      socket.off('build:end', onEnd);
      resolve({ command, lines, result: e.result });
    };
    socket.on('build:output', onOutput);
    socket.on('build:end', onEnd);
    socket.emit('build:start', payload as never, (res) => {
      if (!res.ok) {
        clearTimeout(timer);
        return reject(new Error(res.error));
      }
      id = res.id;
      command = res.command;
    });
  });
}

describe('build', () => {
  let socket: ClientSocket;
  beforeAll(async () => {
    socket = await connectSocket(await adminCookie());
  });

  it('builds a Dockerfile from the editor with tags, build args and no cache, streaming the log', async () => {
    const ref = own(`${REPO}:built`);
    const dockerfile = `FROM ${TEST_IMAGE}\nARG GREETING\nRUN echo "$GREETING" > /greeting\nLABEL berth.test=1\n`;
    const out = await build(socket, {
      dockerfile,
      tags: [ref],
      buildArgs: [`GREETING=hello ${RUN}`],
      noCache: true,
    });
    expect(out.result, JSON.stringify(out.result)).toMatchObject({ ok: true, error: null });
    expect(out.command).toBe(`docker build -t ${ref} --build-arg 'GREETING=hello ${RUN}' --no-cache .`);
    expect(out.lines.some((l) => l.startsWith('Step 3/4 : RUN echo'))).toBe(true);
    const info = await engine.getImage(ref).inspect();
    expect(info.Id).toBe(out.result.imageId);
    const history = await engine.getImage(ref).history();
    expect(JSON.stringify(history)).toContain('GREETING');
  });

  it('points a failing step at its Dockerfile line and creates no tag', async () => {
    const ref = `${REPO}:broken`;
    const out = await build(socket, {
      dockerfile: `FROM ${TEST_IMAGE}\n\n# fails on purpose\nRUN exit 3\nLABEL never=1\n`,
      tags: [ref],
    });
    expect(out.result.ok).toBe(false);
    expect(out.result.error).toMatch(/non-zero code: 3/);
    expect(out.result.failedStep).toMatchObject({ number: 2, total: 3, instruction: 'RUN exit 3', line: 4 });
    expect(await imageExists(ref)).toBe(false);
  });

  it('builds an uploaded context tar with a Dockerfile inside', async () => {
    const ref = own(`${REPO}:context`);
    const context = await tarOf({
      'docker/Build.file': `FROM ${TEST_IMAGE}\nCOPY hello.txt /hello.txt\n`,
      'hello.txt': RUN,
    });
    const up = await api<{ contextId: string }>('/api/images/build/context', {
      method: 'POST',
      headers: { 'content-type': 'application/x-tar' },
      body: context,
    });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const out = await build(socket, {
      contextId: up.body.contextId,
      dockerfilePath: 'docker/Build.file',
      tags: [ref],
    });
    expect(out.result.ok, out.result.error ?? '').toBe(true);
    expect((await engine.getImage(ref).inspect()).Id).toBe(out.result.imageId);
    // A context is used once.
    await expect(build(socket, { contextId: up.body.contextId, tags: [ref] })).rejects.toThrow(/gone/);
  });

  it('refuses a bad tag or a missing Dockerfile before building anything', async () => {
    await expect(build(socket, { dockerfile: 'FROM x', tags: ['Bad Tag'] })).rejects.toThrow(
      /payload\.tags\.0/,
    );
    await expect(build(socket, { tags: ['a'] })).rejects.toThrow(/payload\.dockerfile/);
  });
});
