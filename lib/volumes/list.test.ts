import { describe, expect, it } from 'vitest';
import { filterVolumes, sortVolumes } from '@/lib/volumes/list';
import type { VolumeSummary } from '@/lib/volumes/types';

const vol = (name: string, extra: Partial<VolumeSummary> = {}): VolumeSummary => ({
  name,
  driver: 'local',
  mountpoint: '',
  scope: 'local',
  created: 0,
  labels: {},
  options: {},
  anonymous: false,
  containers: [],
  ...extra,
});
const user = (name: string) => ({ id: name, name, state: 'running', destination: '/d', readOnly: false });

const list = [
  vol('data10', { containers: [user('web')], created: 3 }),
  vol('data2', { labels: { team: 'db' }, created: 1 }),
  vol('cache', { driver: 'nfs', created: 2 }),
];

describe('filterVolumes', () => {
  it('filters by use and searches names, drivers, labels and the containers using them', () => {
    expect(filterVolumes(list, '', 'used').map((v) => v.name)).toEqual(['data10']);
    expect(filterVolumes(list, '', 'unused').map((v) => v.name)).toEqual(['data2', 'cache']);
    expect(filterVolumes(list, 'WEB', 'all').map((v) => v.name)).toEqual(['data10']);
    expect(filterVolumes(list, 'team=db', 'all').map((v) => v.name)).toEqual(['data2']);
    expect(filterVolumes(list, 'nfs', 'all').map((v) => v.name)).toEqual(['cache']);
  });
});

describe('sortVolumes', () => {
  it('sorts names naturally, and by creation or use', () => {
    expect(sortVolumes(list, 'name', 'asc').map((v) => v.name)).toEqual(['cache', 'data2', 'data10']);
    expect(sortVolumes(list, 'created', 'desc').map((v) => v.name)).toEqual(['data10', 'cache', 'data2']);
    expect(sortVolumes(list, 'containers', 'desc')[0]?.name).toBe('data10');
  });

  it('sorts by the separately measured sizes, unknown ones below known', () => {
    const sizes = { data2: 500, data10: 10 };
    expect(sortVolumes(list, 'size', 'desc', sizes).map((v) => v.name)).toEqual(['data2', 'data10', 'cache']);
    expect(sortVolumes(list, 'size', 'asc', sizes).map((v) => v.name)).toEqual(['cache', 'data10', 'data2']);
  });
});
