export interface Health {
  ok: boolean;
  engine: {
    reachable: boolean;
    version: string | null;
    address: string;
    /** Why it is not reachable: no engine there, or one that does not answer in time. */
    problem?: 'unreachable' | 'unresponsive';
  };
  /** Docker Compose v2, which stacks run on: its version, or why it is missing (BERTH_COMPOSE names it). */
  compose?: { available: boolean; version: string | null; problem?: string };
}

export interface EngineInfo {
  name: string;
  version: string;
  apiVersion: string;
  os: string;
  osType: string;
  arch: string;
  kernel: string;
  cpus: number;
  memory: number;
  storageDriver: string;
  rootDir: string;
  containers: { total: number; running: number; paused: number; stopped: number };
  images: number;
}
