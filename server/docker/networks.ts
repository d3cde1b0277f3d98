import type Docker from 'dockerode';
import { renderNetworkCommand } from '@/lib/networks/cli';
import {
  type NetworkConnect,
  type NetworkCreate,
  type NetworkDisconnect,
  subnetHolding,
} from '@/lib/networks/form';
import {
  NETWORK_DRIVERS,
  type NetworkCapabilities,
  type NetworkDetail,
  type NetworkSummary,
} from '@/lib/networks/types';
import type { PruneFilters, PrunePreview, PruneResult } from '@/lib/prune/types';
import { docker } from '@/server/docker/client';
import {
  containerCounts,
  isPredefinedNetwork,
  networkPruneCandidates,
  toNetworkCreateOptions,
  toNetworkEndpoints,
  toNetworkSummary,
  toPruneCandidate,
} from '@/server/docker/network-view';
import { HttpError, toHttpError } from '@/server/http/errors';
import { mapLimit } from '@/server/map-limit';

/** `docker network ls`, with each network's container count from one `docker ps -a`. */
export async function listNetworks(): Promise<NetworkSummary[]> {
  const [networks, containers] = await Promise.all([
    docker().listNetworks(),
    docker().listContainers({ all: true }),
  ]);
  const counts = containerCounts(containers);
  return networks.map((n) => toNetworkSummary(n, counts.get(n.Id) ?? 0));
}

async function inspectRaw(id: string): Promise<Docker.NetworkInspectInfo> {
  return docker().getNetwork(id).inspect() as Promise<Docker.NetworkInspectInfo>;
}

/** Containers configured on the network (running or not), inspected for their aliases and static IPs. */
async function configuredContainers(
  network: Docker.NetworkInspectInfo,
): Promise<Docker.ContainerInspectInfo[]> {
  const listed = await docker().listContainers({
    all: true,
    filters: JSON.stringify({ network: [network.Id] }),
  });
  const ids = new Set([...listed.map((c) => c.Id), ...Object.keys(network.Containers ?? {})]);
  const inspected = await mapLimit([...ids], 8, async (id) => {
    try {
      return await docker().getContainer(id).inspect();
    } catch {
      return null; // removed meanwhile
    }
  });
  return inspected.filter((c): c is Docker.ContainerInspectInfo => c !== null);
}

export async function inspectNetwork(id: string): Promise<NetworkDetail> {
  const raw = await inspectRaw(id);
  const containers = await configuredContainers(raw);
  return {
    ...toNetworkSummary(raw, containers.length),
    endpoints: toNetworkEndpoints(raw, containers),
    raw,
  };
}

async function swarmActive(): Promise<boolean> {
  const info = await docker().info();
  return info?.Swarm?.LocalNodeState === 'active';
}

/** The drivers the create form may offer: those this engine has, overlay only inside a swarm. */
export async function networkCapabilities(): Promise<NetworkCapabilities> {
  const info = await docker().info();
  const swarm = info?.Swarm?.LocalNodeState === 'active';
  const installed: string[] = info?.Plugins?.Network ?? [];
  return {
    swarmActive: swarm,
    drivers: NETWORK_DRIVERS.filter((d) => installed.includes(d) && (d !== 'overlay' || swarm)),
  };
}

/** `docker network create`; a duplicate name answers 409 and creates nothing. */
export async function createNetwork(form: NetworkCreate): Promise<{ id: string; name: string }> {
  if (form.driver === 'overlay' && !(await swarmActive())) {
    throw new HttpError(
      400,
      'bad_request',
      'Overlay networks need swarm mode: this engine is not in a swarm',
      [{ path: 'body.driver', message: 'Overlay networks need swarm mode (docker swarm init)' }],
    );
  }
  try {
    const network = await docker().createNetwork(toNetworkCreateOptions(form));
    return { id: network.id, name: form.name };
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 409) {
      throw new HttpError(409, 'conflict', `A network named "${form.name}" already exists`, [
        { path: 'body.name', message: 'A network with this name already exists' },
      ]);
    }
    throw err;
  }
}

/** `docker network rm`: the engine's own networks and networks with containers are refused, clearly. */
export async function removeNetwork(id: string): Promise<void> {
  const raw = await inspectRaw(id);
  if (isPredefinedNetwork(raw)) {
    throw new HttpError(
      409,
      'conflict',
      `"${raw.Name}" is one of the engine's predefined networks (bridge, host, none): it cannot be removed`,
    );
  }
  const connected = Object.values(raw.Containers ?? {}).map((c) => c.Name);
  if (connected.length) {
    throw new HttpError(
      409,
      'conflict',
      `Network "${raw.Name}" has ${connected.length === 1 ? 'a connected container' : 'connected containers'}: ${connected.join(', ')}. Disconnect or stop ${connected.length === 1 ? 'it' : 'them'} first`,
    );
  }
  try {
    await docker().getNetwork(raw.Id).remove();
  } catch (err) {
    // Active endpoints: the engine answers 403; it is a state conflict, not a permission.
    if ((err as { statusCode?: number }).statusCode === 403)
      throw new HttpError(409, 'conflict', toHttpError(err).message);
    throw err;
  }
}

/** `docker network connect`; a static IP is checked against the network's own subnets first. */
export async function connectNetwork(id: string, input: NetworkConnect): Promise<void> {
  const raw = await inspectRaw(id);
  const subnets = (raw.IPAM?.Config ?? []).map((c) => c.Subnet ?? '').filter(Boolean);
  const fields: { path: string; message: string }[] = [];
  for (const [key, address] of [
    ['ipv4', input.ipv4],
    ['ipv6', input.ipv6],
  ] as const) {
    if (!address) continue;
    if (isPredefinedNetwork(raw) || subnets.length === 0)
      fields.push({
        path: `body.${key}`,
        message: 'A static IP needs a user-defined network with a configured subnet',
      });
    else if (!subnetHolding(subnets, address))
      fields.push({
        path: `body.${key}`,
        message: `${address} is outside the subnets ${subnets.join(', ')}`,
      });
  }
  if (input.aliases.length && isPredefinedNetwork(raw))
    fields.push({ path: 'body.aliases', message: 'Aliases work on user-defined networks only' });
  if (fields.length) {
    throw new HttpError(400, 'bad_request', fields.map((f) => `${f.path}: ${f.message}`).join('; '), fields);
  }
  await docker()
    .getNetwork(raw.Id)
    .connect({
      Container: input.container,
      EndpointConfig: {
        ...(input.aliases.length ? { Aliases: input.aliases } : {}),
        ...(input.ipv4 || input.ipv6
          ? {
              IPAMConfig: {
                ...(input.ipv4 ? { IPv4Address: input.ipv4 } : {}),
                ...(input.ipv6 ? { IPv6Address: input.ipv6 } : {}),
              },
            }
          : {}),
      },
    });
}

export async function disconnectNetwork(id: string, input: NetworkDisconnect): Promise<void> {
  await docker().getNetwork(id).disconnect({ Container: input.container, Force: input.force });
}

// ------------------------------------------------------------------------------------------- prune

/** What `docker network prune` would remove now: unused custom networks matching the filters. */
export async function previewNetworkPrune(opts: { filters: PruneFilters }): Promise<PrunePreview> {
  const listed = await docker().listNetworks();
  const candidates = networkPruneCandidates(listed, opts.filters);
  // The list leaves Containers empty: only each network's inspect tells its active endpoints.
  const inspected = await mapLimit(candidates, 8, async (n) => {
    try {
      return await inspectRaw(n.Id);
    } catch {
      return null;
    }
  });
  const items = inspected
    .filter((n): n is Docker.NetworkInspectInfo => n !== null && Object.keys(n.Containers ?? {}).length === 0)
    .map(toPruneCandidate)
    .sort((a, b) => a.name.localeCompare(b.name));
  return { items, reclaimable: null, command: renderNetworkCommand({ action: 'prune', ...opts }) };
}

/** Removes exactly the confirmed network ids that are still unused and matching; without `ids`, all of them. */
export async function pruneNetworks(opts: { filters: PruneFilters; ids?: string[] }): Promise<PruneResult> {
  const fresh = await previewNetworkPrune(opts);
  const candidates = new Map(fresh.items.map((i) => [i.id, i]));
  const wanted = opts.ids ?? [...candidates.keys()];
  const result: PruneResult = { removed: [], skipped: [], reclaimed: 0, command: fresh.command };
  for (const id of wanted) {
    const candidate = candidates.get(id);
    if (!candidate) {
      result.skipped.push({ name: id, reason: 'No longer unused, gone, or no longer matching the filters' });
      continue;
    }
    try {
      await docker().getNetwork(id).remove();
      result.removed.push(candidate.name);
    } catch (err) {
      result.skipped.push({ name: candidate.name, reason: toHttpError(err).message });
    }
  }
  return result;
}
