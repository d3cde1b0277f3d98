import type Docker from 'dockerode';
import type {
  StackContainer,
  StackOrigin,
  StackPort,
  StackService,
  StackStatus,
  StackSummary,
} from '@/lib/stacks/types';

/** The labels Compose puts on what it creates. */
export const LABEL = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  number: 'com.docker.compose.container-number',
  configFiles: 'com.docker.compose.project.config_files',
  workingDir: 'com.docker.compose.project.working_dir',
  configHash: 'com.docker.compose.config-hash',
  oneoff: 'com.docker.compose.oneoff',
} as const;

export type RawContainer = Pick<
  Docker.ContainerInfo,
  'Id' | 'Names' | 'Image' | 'State' | 'Status' | 'Labels'
> & {
  Ports?: Docker.Port[];
};

/** One Compose project as the engine shows it: its containers (`run` one-offs left out) and its labels. */
export interface EngineProject {
  name: string;
  containers: StackContainer[];
  ports: StackPort[];
  configFiles: string[];
  workingDir: string | null;
  /** config-hash label per container id. */
  hashes: Map<string, string>;
}

export function stackStatus(running: number, total: number): StackStatus {
  if (total > 0 && running === total) return 'running';
  return running > 0 ? 'partial' : 'stopped';
}

export function toStackContainer(c: RawContainer): StackContainer {
  const labels = c.Labels ?? {};
  return {
    id: c.Id,
    name: (c.Names?.[0] ?? c.Id).replace(/^\//, ''),
    service: labels[LABEL.service] ?? '',
    state: c.State,
    status: c.Status,
    image: c.Image,
    number: Number.parseInt(labels[LABEL.number] ?? '1', 10) || 1,
  };
}

/** Published ports only (a port without a host side is not reachable from outside); IPv4 and IPv6 once. */
export function containerPorts(c: RawContainer): StackPort[] {
  const service = c.Labels?.[LABEL.service] ?? '';
  const seen = new Set<string>();
  const ports: StackPort[] = [];
  for (const p of c.Ports ?? []) {
    if (!p.PublicPort) continue;
    const hostIp = p.IP ?? '';
    const key = `${hostIp.includes(':') ? 'v6' : hostIp}|${p.PublicPort}|${p.PrivatePort}|${p.Type}`;
    if (
      seen.has(key) ||
      (hostIp.includes(':') && seen.has(`0.0.0.0|${p.PublicPort}|${p.PrivatePort}|${p.Type}`))
    )
      continue;
    seen.add(key);
    ports.push({ service, hostIp, hostPort: p.PublicPort, containerPort: p.PrivatePort, protocol: p.Type });
  }
  return ports;
}

/** Groups Compose containers by project, with the project's labels read from its containers. */
export function groupProjects(containers: readonly RawContainer[]): Map<string, EngineProject> {
  const projects = new Map<string, EngineProject>();
  for (const c of containers) {
    const labels = c.Labels ?? {};
    const name = labels[LABEL.project];
    if (!name || labels[LABEL.oneoff] === 'True') continue;
    let project = projects.get(name);
    if (!project) {
      project = { name, containers: [], ports: [], configFiles: [], workingDir: null, hashes: new Map() };
      projects.set(name, project);
    }
    project.containers.push(toStackContainer(c));
    project.ports.push(...containerPorts(c));
    const files = (labels[LABEL.configFiles] ?? '').split(',').filter(Boolean);
    for (const file of files) if (!project.configFiles.includes(file)) project.configFiles.push(file);
    project.workingDir ??= labels[LABEL.workingDir] || null;
    const hash = labels[LABEL.configHash];
    if (hash) project.hashes.set(c.Id, hash);
  }
  for (const project of projects.values()) {
    project.containers.sort((a, b) => a.service.localeCompare(b.service) || a.number - b.number);
    project.ports.sort((a, b) => a.hostPort - b.hostPort);
  }
  return projects;
}

const isRunning = (c: StackContainer) => c.state === 'running';

/** What Berth knows of one stack: its engine project, its stored record and services named in its files. */
export interface StackParts {
  name: string;
  origin: StackOrigin;
  project: EngineProject | undefined;
  /** Services named in the files (Berth's stacks), when they could be read. */
  fileServices: string[] | null;
  updatedAt: number | null;
}

export function toStackSummary(parts: StackParts): StackSummary {
  const containers = parts.project?.containers ?? [];
  const running = containers.filter(isRunning).length;
  const services = [...new Set([...(parts.fileServices ?? []), ...containers.map((c) => c.service)])].sort();
  return {
    name: parts.name,
    origin: parts.origin,
    status: stackStatus(running, containers.length),
    services,
    containers: containers.length,
    running,
    ports: parts.project?.ports ?? [],
    configFiles: parts.project?.configFiles ?? [],
    workingDir: parts.project?.workingDir ?? null,
    updatedAt: parts.updatedAt,
  };
}

/**
 * Berth's stored stacks and the engine's projects as one list: a stored stack never deployed shows as
 * stopped (origin berth/adopted), an engine project Berth has no files for is external.
 */
export function mergeStacks(
  projects: Map<string, EngineProject>,
  stored: readonly {
    name: string;
    origin: 'berth' | 'adopted';
    updatedAt: number;
    services: string[] | null;
  }[],
): StackSummary[] {
  const out: StackSummary[] = [];
  const known = new Set<string>();
  for (const s of stored) {
    known.add(s.name);
    out.push(
      toStackSummary({
        name: s.name,
        origin: s.origin,
        project: projects.get(s.name),
        fileServices: s.services,
        updatedAt: s.updatedAt,
      }),
    );
  }
  for (const [name, project] of projects) {
    if (known.has(name)) continue;
    out.push(toStackSummary({ name, origin: 'external', project, fileServices: null, updatedAt: null }));
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Services with their containers; `desired` from the rendered config's replicas when given. */
export function toStackServices(
  names: readonly string[],
  containers: readonly StackContainer[],
  images: Record<string, string | null> = {},
  desired: Record<string, number> = {},
): StackService[] {
  const all = [...new Set([...names, ...containers.map((c) => c.service)])].sort();
  return all.map((name) => {
    const own = containers.filter((c) => c.service === name);
    return {
      name,
      image: images[name] ?? own[0]?.image ?? null,
      containers: own,
      running: own.filter(isRunning).length,
      desired: desired[name] ?? 1,
    };
  });
}

/** `docker compose config --hash '*'` prints `service hash` lines. */
export function parseConfigHashes(stdout: string): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const [service, hash] = line.trim().split(/\s+/);
    if (service && hash) hashes.set(service, hash);
  }
  return hashes;
}

/**
 * Services whose containers run another config than the files describe: a container's config-hash label
 * differs from Compose's hash of the service now, or a service has no container yet.
 */
export function changedServices(project: EngineProject | undefined, hashes: Map<string, string>): string[] {
  const changed = new Set<string>();
  for (const [service, hash] of hashes) {
    const own = project?.containers.filter((c) => c.service === service) ?? [];
    if (own.length === 0 || own.some((c) => project?.hashes.get(c.id) !== hash)) changed.add(service);
  }
  return [...changed].sort();
}
