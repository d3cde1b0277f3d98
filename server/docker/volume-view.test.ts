import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { pruneFiltersSchema } from '@/lib/prune/types';
import {
  isAnonymousVolume,
  pickBrowseTarget,
  type RawVolume,
  totalSize,
  toVolumeSizes,
  toVolumeSummary,
  volumeMounts,
  volumePruneCandidates,
} from '@/server/docker/volume-view';

const HEX = 'a'.repeat(64);

function volume(name: string, extra: Partial<RawVolume> = {}): RawVolume {
  return {
    Name: name,
    Driver: 'local',
    Mountpoint: `/var/lib/docker/volumes/${name}/_data`,
    Labels: {},
    Scope: 'local',
    Options: null,
    CreatedAt: '2026-01-02T03:04:05Z',
    ...extra,
  };
}

function container(name: string, state: string, mounts: Partial<Docker.ContainerInfo['Mounts'][number]>[]) {
  return {
    Id: `${name}-id`,
    Names: [`/${name}`],
    State: state,
    Mounts: mounts,
  } as unknown as Docker.ContainerInfo;
}

describe('volumeMounts', () => {
  it('maps each named volume to the containers mounting it, ignoring binds and tmpfs', () => {
    const map = volumeMounts([
      container('web', 'running', [
        { Type: 'volume', Name: 'data', Destination: '/data', RW: true },
        { Type: 'bind', Source: '/srv', Destination: '/srv', RW: true },
      ]),
      container('job', 'exited', [{ Type: 'volume', Name: 'data', Destination: '/in', RW: false }]),
      container('tmp', 'running', [{ Type: 'tmpfs', Destination: '/run', RW: true }]),
    ]);
    expect([...map.keys()]).toEqual(['data']);
    expect(map.get('data')).toEqual([
      { id: 'web-id', name: 'web', state: 'running', destination: '/data', readOnly: false },
      { id: 'job-id', name: 'job', state: 'exited', destination: '/in', readOnly: true },
    ]);
  });
});

describe('toVolumeSummary', () => {
  it('maps the engine volume with its users sorted by name', () => {
    const summary = toVolumeSummary(volume('data', { Labels: { a: '1' }, Options: { type: 'tmpfs' } }), [
      { id: '2', name: 'zeta', state: 'running', destination: '/d', readOnly: false },
      { id: '1', name: 'alpha', state: 'exited', destination: '/d', readOnly: false },
    ]);
    expect(summary).toMatchObject({
      name: 'data',
      driver: 'local',
      scope: 'local',
      created: Date.parse('2026-01-02T03:04:05Z'),
      labels: { a: '1' },
      options: { type: 'tmpfs' },
      anonymous: false,
    });
    expect(summary.containers.map((c) => c.name)).toEqual(['alpha', 'zeta']);
  });

  it('copes with drivers that leave out the creation time, labels and options', () => {
    const summary = toVolumeSummary({ ...volume('x'), CreatedAt: undefined, Labels: null as never });
    expect(summary.created).toBeNull();
    expect(summary.labels).toEqual({});
    expect(summary.options).toEqual({});
  });
});

describe('isAnonymousVolume', () => {
  it('knows anonymous volumes by the engine label or by their random 64-hex name', () => {
    expect(isAnonymousVolume(volume(HEX))).toBe(true);
    expect(isAnonymousVolume(volume('x1', { Labels: { 'com.docker.volume.anonymous': '' } }))).toBe(true);
    expect(isAnonymousVolume(volume('data'))).toBe(false);
    expect(isAnonymousVolume(volume('A'.repeat(64)))).toBe(false);
  });
});

describe('toVolumeSizes', () => {
  it('reads sizes from system df, -1 where the engine could not measure', () => {
    expect(
      toVolumeSizes({
        Volumes: [
          volume('a', { UsageData: { Size: 4096, RefCount: 1 } }),
          volume('b', { UsageData: { Size: -1, RefCount: 0 } }),
          volume('c', { UsageData: null }),
        ],
      }),
    ).toEqual({ a: 4096, b: -1, c: -1 });
    expect(toVolumeSizes(null)).toEqual({});
  });
});

describe('pickBrowseTarget', () => {
  const ref = (name: string, state: string, readOnly: boolean) => ({
    id: name,
    name,
    state,
    destination: '/d',
    readOnly,
  });

  it('prefers a writable mount, then a running container, then the first name', () => {
    expect(pickBrowseTarget([ref('b', 'running', true), ref('c', 'exited', false)])?.name).toBe('c');
    expect(pickBrowseTarget([ref('c', 'exited', false), ref('d', 'running', false)])?.name).toBe('d');
    expect(pickBrowseTarget([ref('z', 'running', false), ref('a', 'running', false)])?.name).toBe('a');
  });

  it('finds none when no container mounts the volume', () => {
    expect(pickBrowseTarget([])).toBeNull();
  });
});

describe('volumePruneCandidates', () => {
  const user = { id: 'c', name: 'c', state: 'exited', destination: '/d', readOnly: false };
  const volumes = [
    toVolumeSummary(volume('used', { Labels: { run: 'r1' } }), [user]),
    toVolumeSummary(volume('named', { Labels: { run: 'r1' } })),
    toVolumeSummary(volume('other', { Labels: { run: 'r2' } })),
    toVolumeSummary(volume(HEX, { Labels: { run: 'r1' } })),
  ];
  const filters = pruneFiltersSchema.parse({ label: ['run=r1'] });

  it('lists only unused anonymous volumes by default, as `docker volume prune` does', () => {
    expect(volumePruneCandidates(volumes, filters, false).map((c) => c.name)).toEqual([HEX]);
  });

  it('adds unused named volumes with all, always within the label filters', () => {
    expect(volumePruneCandidates(volumes, filters, true).map((c) => c.name)).toEqual([HEX, 'named']);
  });

  it('carries known sizes and null for unknown ones', () => {
    const items = volumePruneCandidates(volumes, filters, true, { named: 2048, [HEX]: -1 });
    expect(items.map((i) => i.size)).toEqual([null, 2048]);
    expect(totalSize(items)).toBe(2048);
    expect(totalSize([{ size: null }])).toBeNull();
    expect(totalSize([])).toBeNull();
  });
});
