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
  /** Unix ms of the last engine event Berth saw, if it follows this engine's events. */
  lastEvent: number | null;
  problem: EnvironmentProblem | null;
  error: string | null;
  /** Unix ms. */
  checkedAt: number;
}
