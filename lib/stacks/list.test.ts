import { describe, expect, it } from 'vitest';
import { filterStacks, formatStackPort } from '@/lib/stacks/list';
import type { StackSummary } from '@/lib/stacks/types';

const stack = (
  name: string,
  origin: StackSummary['origin'],
  extra: Partial<StackSummary> = {},
): StackSummary => ({
  name,
  origin,
  status: 'running',
  services: [],
  containers: 1,
  running: 1,
  ports: [],
  configFiles: [],
  workingDir: null,
  updatedAt: null,
  ...extra,
});

const list = [
  stack('shop', 'berth', { services: ['web', 'db'] }),
  stack('blog', 'adopted'),
  stack('legacy', 'external', { configFiles: ['/srv/legacy/docker-compose.yml'] }),
];

describe('filterStacks', () => {
  it('keeps Berth’s and adopted stacks under "berth" and only the others under "external"', () => {
    expect(filterStacks(list, '', 'berth').map((s) => s.name)).toEqual(['blog', 'shop']);
    expect(filterStacks(list, '', 'external').map((s) => s.name)).toEqual(['legacy']);
    expect(filterStacks(list, '', 'all')).toHaveLength(3);
  });

  it('finds a stack by a service name or a config file path, ignoring case', () => {
    expect(filterStacks(list, 'DB', 'all').map((s) => s.name)).toEqual(['shop']);
    expect(filterStacks(list, '/srv/legacy', 'all').map((s) => s.name)).toEqual(['legacy']);
    expect(filterStacks(list, 'nothing-like-it', 'all')).toEqual([]);
  });
});

describe('formatStackPort', () => {
  it('writes a published port as docker ps does', () => {
    expect(
      formatStackPort({
        service: 'web',
        hostIp: '127.0.0.1',
        hostPort: 8080,
        containerPort: 80,
        protocol: 'tcp',
      }),
    ).toBe('127.0.0.1:8080->80/tcp');
    expect(
      formatStackPort({ service: 'web', hostIp: '', hostPort: 53, containerPort: 53, protocol: 'udp' }),
    ).toBe('53->53/udp');
  });
});
