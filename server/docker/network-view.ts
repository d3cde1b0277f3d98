import type Docker from 'dockerode';
import { toRecord } from '@/lib/forms/key-value';
import type { NetworkCreate } from '@/lib/networks/form';
import {
  type IpamPool,
  type NetworkEndpoint,
  type NetworkSummary,
  PREDEFINED_NETWORKS,
} from '@/lib/networks/types';
import type { PruneCandidate, PruneFilters } from '@/lib/prune/types';
import { matchesLabelFilters } from '@/lib/prune/types';

/** Pure mappers from raw Engine payloads to Berth's network view models. */

function parseTime(value: string | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

export function isPredefinedNetwork(raw: Pick<Docker.NetworkInspectInfo, 'Name'>): boolean {
  return PREDEFINED_NETWORKS.includes(raw.Name);
}

export function toIpamPools(raw: Docker.NetworkInspectInfo): IpamPool[] {
  return (raw.IPAM?.Config ?? [])
    .filter((c) => c.Subnet)
    .map((c) => ({ subnet: c.Subnet ?? '', gateway: c.Gateway || null, ipRange: c.IPRange || null }));
}

/**
 * Network id → how many containers (any state) are configured on it. The network list endpoint leaves
 * `Containers` empty (API ≥ 1.28), so the count comes from one `docker ps -a`.
 */
export function containerCounts(containers: Docker.ContainerInfo[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of containers) {
    for (const net of Object.values(c.NetworkSettings?.Networks ?? {})) {
      if (net.NetworkID) counts.set(net.NetworkID, (counts.get(net.NetworkID) ?? 0) + 1);
    }
  }
  return counts;
}

export function toNetworkSummary(raw: Docker.NetworkInspectInfo, containerCount = 0): NetworkSummary {
  return {
    id: raw.Id,
    name: raw.Name,
    driver: raw.Driver,
    scope: raw.Scope,
    created: parseTime(raw.Created),
    internal: raw.Internal,
    attachable: raw.Attachable,
    ingress: raw.Ingress,
    ipv6: raw.EnableIPv6,
    pools: toIpamPools(raw),
    labels: raw.Labels ?? {},
    options: raw.Options ?? {},
    predefined: isPredefinedNetwork(raw),
    containerCount,
  };
}

function stripPrefix(address: string | undefined): string {
  return (address ?? '').replace(/\/\d+$/, '');
}

/**
 * The containers of a network with their addresses and aliases. The network's inspect knows running
 * endpoints (addresses, MAC); each container's own inspect knows its aliases and static IPs, also when
 * stopped.
 */
export function toNetworkEndpoints(
  network: Docker.NetworkInspectInfo,
  containers: Docker.ContainerInspectInfo[],
): NetworkEndpoint[] {
  const live = network.Containers ?? {};
  const endpoints = new Map<string, NetworkEndpoint>();
  for (const info of containers) {
    const settings = Object.entries(info.NetworkSettings?.Networks ?? {}).find(
      ([name, s]) => s.NetworkID === network.Id || name === network.Name,
    )?.[1];
    if (!settings) continue;
    const ipam = (settings.IPAMConfig ?? null) as { IPv4Address?: string; IPv6Address?: string } | null;
    const shortId = info.Id.slice(0, 12);
    endpoints.set(info.Id, {
      containerId: info.Id,
      containerName: info.Name.replace(/^\//, ''),
      state: info.State.Status,
      ipv4: settings.IPAddress || stripPrefix(live[info.Id]?.IPv4Address),
      ipv6: settings.GlobalIPv6Address || stripPrefix(live[info.Id]?.IPv6Address),
      mac: settings.MacAddress || live[info.Id]?.MacAddress || '',
      // The engine adds the short id as an alias of every container on a user network: noise here.
      aliases: ((settings.Aliases as string[] | null) ?? []).filter((a) => a !== shortId),
      staticIpv4: ipam?.IPv4Address || null,
      staticIpv6: ipam?.IPv6Address || null,
    });
  }
  // Endpoints of containers we could not inspect (removed meanwhile, or of another swarm node).
  for (const [id, c] of Object.entries(live)) {
    if (endpoints.has(id)) continue;
    endpoints.set(id, {
      containerId: id,
      containerName: c.Name,
      state: 'unknown',
      ipv4: stripPrefix(c.IPv4Address),
      ipv6: stripPrefix(c.IPv6Address),
      mac: c.MacAddress,
      aliases: [],
      staticIpv4: null,
      staticIpv6: null,
    });
  }
  return [...endpoints.values()].sort((a, b) => a.containerName.localeCompare(b.containerName));
}

export function toNetworkCreateOptions(form: NetworkCreate): Docker.NetworkCreateOptions {
  return {
    Name: form.name,
    // Engines before API 1.44 create a second network of the same name without it.
    CheckDuplicate: true,
    Driver: form.driver,
    EnableIPv6: form.ipv6,
    Internal: form.internal,
    Attachable: form.attachable,
    IPAM: {
      Driver: 'default',
      Config: form.pools.map((p) => ({
        Subnet: p.subnet,
        ...(p.gateway ? { Gateway: p.gateway } : {}),
        ...(p.ipRange ? { IPRange: p.ipRange } : {}),
      })),
    },
    Options: toRecord(form.options),
    Labels: toRecord(form.labels),
  };
}

/**
 * Networks `docker network prune` would consider, before the endpoint check: not predefined, not the swarm
 * ingress, not config-only, matching the label filters (moby's localNetworksPrune).
 */
export function networkPruneCandidates(
  networks: readonly Docker.NetworkInspectInfo[],
  filters: PruneFilters,
): Docker.NetworkInspectInfo[] {
  return networks.filter(
    (n) => !isPredefinedNetwork(n) && !n.Ingress && !n.ConfigOnly && matchesLabelFilters(n.Labels, filters),
  );
}

export function toPruneCandidate(raw: Docker.NetworkInspectInfo): PruneCandidate {
  return {
    id: raw.Id,
    name: raw.Name,
    size: null,
    created: parseTime(raw.Created),
    labels: raw.Labels ?? {},
  };
}
