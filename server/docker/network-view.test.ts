import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { networkCreateSchema } from '@/lib/networks/form';
import { pruneFiltersSchema } from '@/lib/prune/types';
import {
  containerCounts,
  networkPruneCandidates,
  toNetworkCreateOptions,
  toNetworkEndpoints,
  toNetworkSummary,
  toPruneCandidate,
} from '@/server/docker/network-view';

function network(name: string, extra: Partial<Docker.NetworkInspectInfo> = {}): Docker.NetworkInspectInfo {
  return {
    Name: name,
    Id: `${name}-id`,
    Created: '2026-03-04T05:06:07.123Z',
    Scope: 'local',
    Driver: 'bridge',
    EnableIPv6: false,
    IPAM: { Driver: 'default', Config: [] },
    Internal: false,
    Attachable: false,
    Ingress: false,
    ConfigOnly: false,
    Containers: {},
    Options: {},
    Labels: {},
    ...extra,
  };
}

describe('toNetworkSummary', () => {
  it('maps pools, flags and the predefined networks', () => {
    const summary = toNetworkSummary(
      network('app', {
        IPAM: { Config: [{ Subnet: '10.5.0.0/24', Gateway: '10.5.0.1', IPRange: '10.5.0.128/25' }, {}] },
        Internal: true,
        Labels: { team: 'x' },
      }),
      3,
    );
    expect(summary).toMatchObject({
      id: 'app-id',
      name: 'app',
      driver: 'bridge',
      internal: true,
      predefined: false,
      containerCount: 3,
      created: Date.parse('2026-03-04T05:06:07.123Z'),
      labels: { team: 'x' },
      pools: [{ subnet: '10.5.0.0/24', gateway: '10.5.0.1', ipRange: '10.5.0.128/25' }],
    });
    for (const name of ['bridge', 'host', 'none'])
      expect(toNetworkSummary(network(name)).predefined).toBe(true);
  });
});

describe('containerCounts', () => {
  it('counts containers of any state per network id', () => {
    const c = (networks: Record<string, string>) =>
      ({
        NetworkSettings: {
          Networks: Object.fromEntries(Object.entries(networks).map(([n, id]) => [n, { NetworkID: id }])),
        },
      }) as unknown as Docker.ContainerInfo;
    const counts = containerCounts([c({ bridge: 'b', app: 'a' }), c({ app: 'a' }), c({})]);
    expect(counts.get('a')).toBe(2);
    expect(counts.get('b')).toBe(1);
  });
});

describe('toNetworkEndpoints', () => {
  const net = network('app', {
    Containers: {
      'web-id': {
        Name: 'web',
        EndpointID: 'e1',
        MacAddress: '02:42:0a:05:00:09',
        IPv4Address: '10.5.0.9/24',
        IPv6Address: '',
      },
      'ghost-id': {
        Name: 'ghost',
        EndpointID: 'e2',
        MacAddress: 'm',
        IPv4Address: '10.5.0.3/24',
        IPv6Address: '',
      },
    },
  });
  const inspect = (id: string, name: string, status: string, settings: Record<string, unknown>) =>
    ({
      Id: id,
      Name: `/${name}`,
      State: { Status: status },
      NetworkSettings: { Networks: { app: { NetworkID: 'app-id', ...settings } } },
    }) as unknown as Docker.ContainerInspectInfo;

  it('joins addresses, MAC, aliases and static IPs, without the engine-added short-id alias', () => {
    const endpoints = toNetworkEndpoints(net, [
      inspect('web-id', 'web', 'running', {
        IPAddress: '10.5.0.9',
        MacAddress: '02:42:0a:05:00:09',
        Aliases: ['api', 'web-id'.slice(0, 12)],
        IPAMConfig: { IPv4Address: '10.5.0.9' },
      }),
      inspect('stopped-id', 'stopped', 'exited', { IPAddress: '', MacAddress: '', Aliases: null }),
    ]);
    expect(endpoints).toEqual([
      {
        containerId: 'ghost-id',
        containerName: 'ghost',
        state: 'unknown',
        ipv4: '10.5.0.3',
        ipv6: '',
        mac: 'm',
        aliases: [],
        staticIpv4: null,
        staticIpv6: null,
      },
      {
        containerId: 'stopped-id',
        containerName: 'stopped',
        state: 'exited',
        ipv4: '',
        ipv6: '',
        mac: '',
        aliases: [],
        staticIpv4: null,
        staticIpv6: null,
      },
      {
        containerId: 'web-id',
        containerName: 'web',
        state: 'running',
        ipv4: '10.5.0.9',
        ipv6: '',
        mac: '02:42:0a:05:00:09',
        aliases: ['api'],
        staticIpv4: '10.5.0.9',
        staticIpv6: null,
      },
    ]);
  });
});

describe('toNetworkCreateOptions', () => {
  it('builds the Engine body, asking the engine to refuse duplicate names', () => {
    const form = networkCreateSchema.parse({
      name: 'app',
      pools: [{ subnet: '10.5.0.0/24', gateway: '10.5.0.1' }],
      internal: true,
      labels: ['berth.test=1'],
      options: ['com.docker.network.bridge.name=br-app'],
    });
    expect(toNetworkCreateOptions(form)).toEqual({
      Name: 'app',
      CheckDuplicate: true,
      Driver: 'bridge',
      EnableIPv6: false,
      Internal: true,
      Attachable: false,
      IPAM: { Driver: 'default', Config: [{ Subnet: '10.5.0.0/24', Gateway: '10.5.0.1' }] },
      Options: { 'com.docker.network.bridge.name': 'br-app' },
      Labels: { 'berth.test': '1' },
    });
  });
});

describe('networkPruneCandidates', () => {
  it('never offers predefined, ingress or config-only networks, and applies label filters', () => {
    const list = [
      network('bridge'),
      network('host'),
      network('none'),
      network('ingress', { Ingress: true, Labels: { run: 'r' } }),
      network('cfg', { ConfigOnly: true, Labels: { run: 'r' } }),
      network('mine', { Labels: { run: 'r' } }),
      network('theirs'),
    ];
    const filters = pruneFiltersSchema.parse({ label: ['run=r'] });
    expect(networkPruneCandidates(list, filters).map((n) => n.Name)).toEqual(['mine']);
    expect(networkPruneCandidates(list, pruneFiltersSchema.parse({})).map((n) => n.Name)).toEqual([
      'mine',
      'theirs',
    ]);
  });

  it('describes a candidate without a size', () => {
    expect(toPruneCandidate(network('mine'))).toMatchObject({ id: 'mine-id', name: 'mine', size: null });
  });
});
