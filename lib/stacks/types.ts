/**
 * Compose stacks as Berth shows them (issue 14). A stack is a Compose project: one Berth keeps files for under
 * BERTH_DATA_DIR/stacks/<name>/ (origin `berth`, or `adopted` once an admin took over one made elsewhere), or one
 * found on the engine by its `com.docker.compose.project` labels only (origin `external`, read-only until adopted).
 */

export type StackOrigin = 'berth' | 'adopted' | 'external';

/** running: every container runs; partial: some do; stopped: none does (or no container exists yet). */
export type StackStatus = 'running' | 'partial' | 'stopped';

export interface StackPort {
  service: string;
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: string;
}

export interface StackContainer {
  id: string;
  name: string;
  service: string;
  /** The engine's state: running, exited, created, restarting, paused, dead. */
  state: string;
  /** The engine's status text ("Up 5 minutes"). */
  status: string;
  image: string;
  /** `com.docker.compose.container-number`. */
  number: number;
}

export interface StackService {
  name: string;
  image: string | null;
  /** Containers of this service on the engine. */
  containers: StackContainer[];
  running: number;
  /** Replicas the compose file asks for (`deploy.replicas` / `scale`), 1 when it says nothing. */
  desired: number;
}

export interface StackSummary {
  name: string;
  origin: StackOrigin;
  status: StackStatus;
  /** Services named in the files (Berth's stacks) or seen on the engine (external). */
  services: string[];
  containers: number;
  running: number;
  ports: StackPort[];
  /** From the engine labels (`com.docker.compose.project.config_files`, `.working_dir`); null when unknown. */
  configFiles: string[];
  workingDir: string | null;
  /** Berth's stacks: when the files last changed (ms since epoch). */
  updatedAt: number | null;
}

/** One `.env` entry; a key that looks secret (PASSWORD, TOKEN, SECRET, KEY…) comes masked unless asked. */
export interface StackEnvEntry {
  key: string;
  value: string;
  masked: boolean;
}

export interface StackVersion {
  version: number;
  createdAt: number;
  /** Who saved it (username), null for the system. */
  author: string | null;
  /** Whether it was deployed after being saved. */
  deployed: boolean;
}

export interface StackDetail extends StackSummary {
  /** The files (null for an external stack: Berth does not read files it does not own). */
  compose: string | null;
  /** The optional override file (compose.override.yaml), null when there is none. */
  override: string | null;
  /** The `.env` text with secret-looking values replaced by a mask, and the same as entries. */
  env: string | null;
  envEntries: StackEnvEntry[];
  servicesDetail: StackService[];
  /** Saved versions, newest first (the last N are kept). */
  versions: StackVersion[];
  /** The `docker compose` command line that deploys it as Berth does (for the CLI hint). */
  command: string;
}

/** A problem Compose (or the YAML reader) found in a file, with the 1-based line when it could be placed. */
export interface StackProblem {
  message: string;
  line: number | null;
  /** The file the line is in. */
  file: 'compose' | 'override' | 'env';
  /** The setting's path in the file when known (`services.web.ports.0`). */
  path: string | null;
}

export interface StackValidation {
  ok: boolean;
  problems: StackProblem[];
  /** Services as Compose resolved them (names), when ok. */
  services: string[];
}

/** What `docker compose config` renders, and the diff of the saved file against what the containers run. */
export interface StackConfig {
  /** `docker compose config` output (YAML). */
  rendered: string;
  /** Services whose containers run another config than the files now describe (config-hash labels differ). */
  changedServices: string[];
}

export const STACK_ACTIONS = ['up', 'stop', 'start', 'restart', 'down', 'pull'] as const;
export type StackAction = (typeof STACK_ACTIONS)[number];

/** The outcome of a stack action run by the real Compose. */
export interface StackActionResult {
  ok: boolean;
  exitCode: number | null;
  /** Compose's own last error line when it failed. */
  error: string | null;
  cancelled?: boolean;
}

export interface StackActionResponse extends StackActionResult {
  /** What Compose printed (stdout and stderr, in order). */
  output: string[];
  /** The `docker compose …` command line it ran. */
  command: string;
}
