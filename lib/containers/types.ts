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
