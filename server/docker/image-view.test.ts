import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import {
  countByImage,
  filterImages,
  hasLabel,
  loadedImages,
  planImagePrune,
  removalFailure,
  toHistory,
  toImageDetail,
  toImageSummary,
} from '@/server/docker/image-view';

const raw = (over: Partial<Docker.ImageInfo>): Docker.ImageInfo =>
  ({
    Id: 'sha256:aaa',
    ParentId: '',
    RepoTags: ['a:1'],
    RepoDigests: [],
    Created: 100,
    Size: 1000,
    VirtualSize: 1000,
    SharedSize: -1,
    Labels: {},
    Containers: -1,
    ...over,
  }) as Docker.ImageInfo;

describe('image view', () => {
  it('shows every tag of one image on one row and counts its containers', () => {
    const counts = countByImage([
      { ImageID: 'sha256:aaa' },
      { ImageID: 'sha256:aaa' },
      { ImageID: 'sha256:bbb' },
    ]);
    const img = toImageSummary(raw({ RepoTags: ['a:1', 'b:2'] }), counts);
    expect(img).toMatchObject({ tags: ['a:1', 'b:2'], containers: 2, dangling: false, intermediate: false });
  });

  it('reads <none>:<none> as dangling and ids missing from the top-level list as intermediate', () => {
    const img = toImageSummary(
      raw({ RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>'] }),
      new Map(),
      new Set(),
    );
    expect(img).toMatchObject({ tags: [], digests: [], dangling: true, intermediate: true });
  });

  it('filters dangling, unused and in-use images and searches tags and ids', () => {
    const list = [
      toImageSummary(raw({ Id: 'sha256:111', RepoTags: ['web:1'] }), new Map([['sha256:111', 1]])),
      toImageSummary(raw({ Id: 'sha256:222', RepoTags: null as unknown as string[] }), new Map()),
      toImageSummary(raw({ Id: 'sha256:333', RepoTags: ['db:2'] }), new Map()),
    ];
    expect(filterImages(list, 'used').map((i) => i.id)).toEqual(['sha256:111']);
    expect(filterImages(list, 'unused').map((i) => i.id)).toEqual(['sha256:222', 'sha256:333']);
    expect(filterImages(list, 'dangling').map((i) => i.id)).toEqual(['sha256:222']);
    expect(filterImages(list, 'all', 'DB').map((i) => i.id)).toEqual(['sha256:333']);
    expect(filterImages(list, 'all', 'sha256:22').map((i) => i.id)).toEqual(['sha256:222']);
  });

  it('plans a prune as the engine decides: unused only, dangling unless -a, and the label filter', () => {
    const images = [
      raw({ Id: 'sha256:used', RepoTags: [] }),
      raw({
        Id: 'sha256:dangling',
        RepoTags: ['<none>:<none>'],
        Size: 500,
        SharedSize: 200,
        Labels: { team: 'x' },
      }),
      raw({ Id: 'sha256:tagged', RepoTags: ['t:1'], Size: 300, SharedSize: -1 }),
    ];
    const used = new Set(['sha256:used']);
    const dangling = planImagePrune(images, used, false);
    expect(dangling.images.map((i) => i.id)).toEqual(['sha256:dangling']);
    expect(dangling.reclaimable).toBe(300);
    const all = planImagePrune(images, used, true);
    expect(all.images.map((i) => i.id)).toEqual(['sha256:dangling', 'sha256:tagged']);
    expect(all.reclaimable).toBe(600);
    expect(planImagePrune(images, used, true, ['team=x']).images.map((i) => i.id)).toEqual([
      'sha256:dangling',
    ]);
    expect(planImagePrune(images, used, true, ['team=y']).images).toEqual([]);
  });

  it('matches label filters by key or key=value', () => {
    expect(hasLabel({ a: '1' }, 'a')).toBe(true);
    expect(hasLabel({ a: '1' }, 'a=1')).toBe(true);
    expect(hasLabel({ a: '1' }, 'a=2')).toBe(false);
  });

  it('keeps history order with positions and reads docker load output', () => {
    const h = toHistory([
      { Id: '<missing>', Created: 2, CreatedBy: '/bin/sh -c echo', Size: 5, Tags: null, Comment: '' },
      { Id: '<missing>', Created: 1, CreatedBy: '', Size: 9, Tags: ['x:1'], Comment: 'Imported' },
    ]);
    expect(h.map((e) => [e.position, e.tags])).toEqual([
      [0, []],
      [1, ['x:1']],
    ]);
    expect(loadedImages(['Loaded image: a:1', 'Loaded image ID: sha256:abc', 'noise'])).toEqual([
      'a:1',
      'sha256:abc',
    ]);
  });
});

describe('removalFailure', () => {
  const ok = { ref: 'a', ok: true, untagged: ['a:latest'], deleted: [] };
  const failed = (ref: string, error: string) => ({ ref, ok: false, untagged: [], deleted: [], error });

  it('lets a removal through when any image was removed', () => {
    expect(removalFailure([ok, failed('b', 'No such image: b')])).toBeNull();
  });

  it('fails as a conflict when an image is in use, as not found when none exists, else as the engine', () => {
    const inUse =
      'conflict: unable to remove repository reference "b" (must force) - container 1 is using it';
    expect(removalFailure([failed('a', 'No such image: a'), failed('b', inUse)])).toEqual({
      status: 409,
      code: 'conflict',
      message: `No such image: a\n${inUse}`,
    });
    expect(removalFailure([failed('a', 'No such image: a')])).toMatchObject({
      status: 404,
      code: 'not_found',
    });
    expect(removalFailure([failed('a', 'driver failed')])).toMatchObject({
      status: 502,
      code: 'engine_error',
    });
  });
});

describe('image detail view', () => {
  const inspect = {
    Id: 'sha256:abc',
    RepoTags: ['web:1', 'web:latest'],
    Created: '2026-01-02T03:04:05Z',
    Size: 2048,
    Os: 'linux',
    Architecture: 'amd64',
    Config: {
      Entrypoint: null,
      Cmd: ['sh'],
      WorkingDir: '',
      User: 'app',
      ExposedPorts: { '80/tcp': {}, '443/tcp': {} },
      Env: ['PATH=/bin'],
      Labels: null,
    },
  } as unknown as Docker.ImageInspectInfo;

  it('maps what the overview shows, with the containers and the raw inspect JSON', () => {
    const containers = [{ id: 'c1', name: 'web-1', state: 'running' }];
    const view = toImageDetail(inspect, containers);
    expect(view).toMatchObject({
      id: 'sha256:abc',
      tags: ['web:1', 'web:latest'],
      digests: [],
      created: '2026-01-02T03:04:05Z',
      size: 2048,
      os: 'linux',
      architecture: 'amd64',
      entrypoint: null,
      cmd: ['sh'],
      workdir: '',
      user: 'app',
      exposedPorts: ['80/tcp', '443/tcp'],
      env: ['PATH=/bin'],
      labels: {},
      containers,
    });
    expect(view.inspect).toBe(inspect);
  });
});
