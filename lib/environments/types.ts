/**
 * Environments (issue 16): the engines one Berth manages. `local` is the engine Berth was started with
 * (DOCKER_HOST or the local socket) and always exists; the others are added by an admin.
 */
export const LOCAL_ENVIRONMENT = 'local';

/** How Berth reaches the engine: a unix socket, TCP (plain or TLS with certificates), or SSH. */
export const ENVIRONMENT_KINDS = ['unix', 'tcp', 'ssh'] as const;
export type EnvironmentKind = (typeof ENVIRONMENT_KINDS)[number];

export interface EnvironmentView {
  /** The slug in URLs: `/api/environments/{id}/…`, `?env={id}`. */
  id: string;
  name: string;
  kind: EnvironmentKind;
  /** `unix:///path`, `tcp://host:port`, `ssh://user@host[:port]`. */
  address: string;
  /** TCP with TLS: the CA, client certificate and key are stored encrypted (never sent back). */
  tls: boolean;
  /** SSH: a private key is stored encrypted (never sent back). */
  hasSshKey: boolean;
  /** The environment Berth was started with: it cannot be edited or removed here. */
  builtIn: boolean;
  /** Unix ms; 0 for the built-in one. */
  createdAt: number;
}

/** Why an engine could not be reached, in words a user can act on. */
export type EnvironmentProblem = 'refused' | 'tls' | 'timeout' | 'api_version' | 'auth' | 'unreachable';

/** A connection check (on save, or on demand). */
export interface EnvironmentCheck {
  ok: boolean;
  version: string | null;
  apiVersion: string | null;
  problem: EnvironmentProblem | null;
  error: string | null;
}

/** One engine on the environments home page: its state now, read with a short deadline. */
/** One engine event as the environments page shows it: when (RFC 3339), what, on what, and by whom. */
export interface EnvironmentLastEvent {
  time: string;
  action: string;
  type: string;
  /** The object's name when it has one, else its id (shortened for 64-hex ids). */
  actor: string;
}

export interface EnvironmentStatus {
  id: string;
  name: string;
  reachable: boolean;
  version: string | null;
  apiVersion: string | null;
  /** Host facts from `docker info`. */
  os: string | null;
  cpus: number | null;
  memory: number | null;
  containers: { running: number; paused: number; stopped: number } | null;
  images: number | null;
  swarm: 'inactive' | 'manager' | 'worker' | null;
  /**
   * The newest engine event: the one its open events stream saw last, else the newest of the engine's last
   * 24 hours (null: none, or the engine is unreachable).
   */
  lastEvent: EnvironmentLastEvent | null;
  problem: EnvironmentProblem | null;
  error: string | null;
  /** Unix ms. */
  checkedAt: number;
}
