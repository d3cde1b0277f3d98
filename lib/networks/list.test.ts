import { describe, expect, it } from 'vitest';
import { filterNetworks, sortNetworks } from '@/lib/networks/list';
import type { NetworkSummary } from '@/lib/networks/types';

const net = (name: string, extra: Partial<NetworkSummary> = {}): NetworkSummary => ({
  id: `${name}0000`,
  name,
  driver: 'bridge',
  scope: 'local',
  created: 0,
  internal: false,
  attachable: false,
  ingress: false,
  ipv6: false,
  pools: [],
  labels: {},
  options: {},
  predefined: false,
  containerCount: 0,
  ...extra,
});

const list = [
  net('bridge', {
    predefined: true,
    containerCount: 4,
    pools: [{ subnet: '172.17.0.0/16', gateway: '172.17.0.1', ipRange: null }],
  }),
  net('app2', { created: 2, labels: { env: 'prod' } }),
  net('app10', { driver: 'macvlan', created: 1, containerCount: 1 }),
];

describe('filterNetworks', () => {
  it('searches names, drivers, ids, subnets, gateways and labels', () => {
    expect(filterNetworks(list, '172.17').map((n) => n.name)).toEqual(['bridge']);
    expect(filterNetworks(list, 'MACVLAN').map((n) => n.name)).toEqual(['app10']);
    expect(filterNetworks(list, 'env=prod').map((n) => n.name)).toEqual(['app2']);
    expect(filterNetworks(list, 'app20').map((n) => n.name)).toEqual(['app2']);
    expect(filterNetworks(list, '')).toHaveLength(3);
  });
});

describe('sortNetworks', () => {
  it('sorts names naturally, and by containers or creation', () => {
    expect(sortNetworks(list, 'name', 'asc').map((n) => n.name)).toEqual(['app2', 'app10', 'bridge']);
    expect(sortNetworks(list, 'containers', 'desc').map((n) => n.name)).toEqual(['bridge', 'app10', 'app2']);
    expect(sortNetworks(list, 'created', 'asc').map((n) => n.name)).toEqual(['bridge', 'app10', 'app2']);
  });
});
