import type { JsonObject } from '@/lib/api/endpoint';
import type { EnvVariable } from '@/lib/containers/env';
import type { ContainerFormInput } from '@/lib/containers/form';
/** View models of containers, shared by the API and the browser. */

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
export type HealthState = 'healthy' | 'unhealthy' | 'starting';

export interface PublishedPort {
  ip?: string;
  privatePort: number;
  publicPort?: number;
  type: string;
}

export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  imageId: string;
  command: string;
  /** Unix seconds. */
  created: number;
  state: ContainerState;
  /** The engine's human status, e.g. "Up 3 minutes (healthy)". */
  status: string;
  health: HealthState | null;
  ports: PublishedPort[];
  networks: { name: string; ip: string }[];
  labels: Record<string, string>;
  composeProject: string | null;
}

export const CONTAINER_STATE_FILTERS = ['all', 'running', 'stopped', 'paused'] as const;
export type ContainerStateFilter = (typeof CONTAINER_STATE_FILTERS)[number];

export const CONTAINER_ACTIONS = [
  'start',
  'stop',
  'restart',
  'kill',
  'pause',
  'unpause',
  'rename',
  'commit',
  'update',
] as const;
export type ContainerAction = (typeof CONTAINER_ACTIONS)[number];

export interface ProcessList {
  titles: string[];
  processes: string[][];
}

/** One entry of `docker diff`: A(dded), C(hanged), D(eleted). */
export interface FilesystemChange {
  path: string;
  kind: 'A' | 'C' | 'D';
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  /** RFC 3339 with nanoseconds, when timestamps were asked for. */
  time?: string;
  text: string;
  /** Bytes of the line dropped after its first LOG_LINE_CAP (server/docker/logs.ts); absent when whole. */
  truncated?: number;
  /** Merged logs only (a Swarm service's): the task and node the line came from, as `web.1.abc@node-1`. */
  task?: string;
}

export interface FileEntry {
  name: string;
  /** Absolute path inside the container. */
  path: string;
  type: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
  mode: number;
  /** Unix milliseconds. */
  modified: number;
  linkTarget?: string;
}

export interface DirectoryListing {
  path: string;
  entries: FileEntry[];
  /** True when the directory was too large to list whole. */
  truncated: boolean;
}

export interface CreatedContainer {
  id: string;
  name: string;
  started: boolean;
}

/** `docker inspect` of one container, mapped for the detail page; `inspect` is the raw JSON for its tab. */
export interface ContainerDetail {
  id: string;
  /** Without the engine's leading slash. */
  name: string;
  image: string;
  /** Entrypoint then command, as one line; empty when neither is set. */
  command: string;
  state: ContainerState;
  running: boolean;
  paused: boolean;
  exitCode: number;
  /** RFC 3339; null where the engine answers its zero time (`0001-01-01T00:00:00Z`: never). */
  created: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  restartCount: number;
  /** `no` when none is set. */
  restartPolicy: string;
  /** One entry per published binding, or the bare container port (`80/tcp`) when it is not published. */
  ports: { port: string; hostIp: string; hostPort: string | null }[];
  networks: { name: string; ip: string }[];
  mounts: { source: string; destination: string; readOnly: boolean }[];
  health: ContainerHealthDetail | null;
  /** `Config.Env` in order; values are null (and masked in `inspect`) for a caller who may not read them. */
  env: EnvVariable[];
  inspect: JsonObject;
}

export interface ContainerHealthDetail {
  status: string;
  failingStreak: number;
  /** The last five probes, oldest first. */
  log: { start: string | null; exitCode: number; output: string }[];
}

/**
 * A container's settings as the create form edits them (issue 15: edit, duplicate, recreate), read back from
 * `docker inspect` with the image's own defaults taken out (so a newer image brings its new defaults).
 */
export interface ContainerSettings {
  id: string;
  /** Without the engine's leading slash. */
  name: string;
  /** The image as the container was created from it (`Config.Image`), and the image id it runs. */
  image: string;
  imageId: string;
  running: boolean;
  /** What `docker run` would make this container again (`start` is whether it runs now). */
  form: ContainerFormInput;
  /** Networks beyond the form's one: a recreate connects them again (with aliases and fixed addresses). */
  extraNetworks: { name: string; aliases: string[]; ipv4?: string; ipv6?: string }[];
  /** What the form cannot carry over, said plainly (shown above the form). */
  notes: string[];
}

/** `POST /api/containers/{id}/recreate`: the same name, new settings; the old container stays until the new one runs. */
export interface RecreateResult {
  id: string;
  name: string;
  /** The container that was replaced (removed once the new one ran). */
  previousId: string;
  /** The image id the new container runs (differs from the old one after a pull). */
  imageId: string;
  started: boolean;
  /** The equivalent CLI steps (`docker stop`, `docker rename`, `docker run`, `docker rm`). */
  commands: string[];
  warnings: string[];
}
