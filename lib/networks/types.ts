/** View models of networks, shared by the API and the browser. */

export const NETWORK_DRIVERS = ['bridge', 'macvlan', 'ipvlan', 'overlay'] as const;
export type NetworkDriver = (typeof NETWORK_DRIVERS)[number];

/** The engine's own networks: they exist on every engine and cannot be removed. */
export const PREDEFINED_NETWORKS: readonly string[] = ['bridge', 'host', 'none'];

export interface IpamPool {
  subnet: string;
  gateway: string | null;
  ipRange: string | null;
}

export interface NetworkSummary {
  id: string;
  name: string;
  driver: string;
  scope: string;
  /** Unix milliseconds. */
  created: number | null;
  internal: boolean;
  attachable: boolean;
  ingress: boolean;
  ipv6: boolean;
  pools: IpamPool[];
  labels: Record<string, string>;
  options: Record<string, string>;
  predefined: boolean;
  /** Containers of any state configured on this network (stopped ones keep their configuration). */
  containerCount: number;
}

export interface NetworkEndpoint {
  containerId: string;
  containerName: string;
  state: string;
  /** Without prefix length; empty while the container is not running. */
  ipv4: string;
  ipv6: string;
  mac: string;
  aliases: string[];
  /** Addresses asked for with `--ip` / `--ip6`, kept across restarts. */
  staticIpv4: string | null;
  staticIpv6: string | null;
}

export interface NetworkDetail extends NetworkSummary {
  endpoints: NetworkEndpoint[];
  /** The engine's own inspect output, for the Inspect tab. */
  raw: unknown;
}

/** What the create form may offer on this engine. */
export interface NetworkCapabilities {
  drivers: NetworkDriver[];
  swarmActive: boolean;
}
