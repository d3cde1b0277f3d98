import type Docker from 'dockerode';
import type { JsonObject } from '@/lib/api/endpoint';
import { maskEnvEntry, toEnvVariables } from '@/lib/containers/env';
import type {
  ContainerDetail,
  ContainerState,
  ContainerSummary,
  FilesystemChange,
  HealthState,
} from '@/lib/containers/types';

/** Pure mappers from raw Engine payloads to Berth's view models. */

export function toContainerSummary(raw: Docker.ContainerInfo): ContainerSummary {
  const networks = Object.entries(raw.NetworkSettings?.Networks ?? {}).map(([name, net]) => ({
    name,
    ip: net.IPAddress ?? '',
  }));
  return {
    id: raw.Id,
    name: (raw.Names?.[0] ?? raw.Id.slice(0, 12)).replace(/^\//, ''),
    image: raw.Image,
    imageId: raw.ImageID,
    command: raw.Command,
    created: raw.Created,
    state: raw.State as ContainerState,
    status: raw.Status,
    health: healthFromStatus(raw.Status),
    ports: dedupePorts(raw.Ports ?? []).map((p) => ({
      ...(p.IP ? { ip: p.IP } : {}),
      privatePort: p.PrivatePort,
      ...(p.PublicPort ? { publicPort: p.PublicPort } : {}),
      type: p.Type,
    })),
    networks,
    labels: raw.Labels ?? {},
    composeProject: raw.Labels?.['com.docker.compose.project'] ?? null,
  };
}

/** The list endpoint has no health field; the engine appends it to Status: "Up 2 minutes (healthy)". */
export function healthFromStatus(status: string): HealthState | null {
  const match = /\((healthy|unhealthy|health: starting)\)/.exec(status);
  if (!match) return null;
  return match[1] === 'health: starting' ? 'starting' : (match[1] as HealthState);
}

/** Engines with IPv6 report each binding twice (0.0.0.0 and ::): one row is enough for a link. */
function dedupePorts(ports: Docker.Port[]): Docker.Port[] {
  const seen = new Set<string>();
  return ports.filter((p) => {
    const ip = p.IP === '::' ? '0.0.0.0' : p.IP;
    const key = `${ip}|${p.PrivatePort}|${p.PublicPort}|${p.Type}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function matchesSearch(c: ContainerSummary, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  return (
    c.name.toLowerCase().includes(needle) ||
    c.image.toLowerCase().includes(needle) ||
    c.id.startsWith(needle) ||
    c.imageId.replace(/^sha256:/, '').startsWith(needle)
  );
}

const CHANGE_KINDS: Record<number, FilesystemChange['kind']> = { 0: 'C', 1: 'A', 2: 'D' };

export function toFilesystemChanges(raw: { Path: string; Kind: number }[] | null): FilesystemChange[] {
  return (raw ?? []).map((c) => ({ path: c.Path, kind: CHANGE_KINDS[c.Kind] ?? 'C' }));
}

/** The engine's zero time (`0001-01-01T00:00:00Z`) means "never". */
export function engineTime(iso: string | undefined | null): string | null {
  return iso && !iso.startsWith('0001-') ? iso : null;
}

const HEALTH_LOG_SHOWN = 5;

/**
 * `maskEnv` hides every environment value, in the mapped list and in the raw inspect JSON alike (names stay):
 * set for a caller who may not read them (settings.viewerAccess.environmentValues).
 */
export function toContainerDetail(
  raw: Docker.ContainerInspectInfo,
  options: { maskEnv: boolean },
): ContainerDetail {
  const health = raw.State.Health;
  const shown = options.maskEnv ? withMaskedEnv(raw) : raw;
  return {
    id: raw.Id,
    name: raw.Name.replace(/^\//, ''),
    image: raw.Config.Image,
    command: [...(raw.Config.Entrypoint ?? []), ...(raw.Config.Cmd ?? [])].join(' '),
    state: raw.State.Status as ContainerState,
    running: raw.State.Running,
    paused: raw.State.Paused,
    exitCode: raw.State.ExitCode,
    created: engineTime(raw.Created),
    startedAt: engineTime(raw.State.StartedAt),
    finishedAt: engineTime(raw.State.FinishedAt),
    restartCount: raw.RestartCount,
    restartPolicy: raw.HostConfig.RestartPolicy?.Name || 'no',
    ports: Object.entries(raw.NetworkSettings.Ports ?? {}).flatMap(([port, bindings]) =>
      bindings
        ? bindings.map((b) => ({ port, hostIp: b.HostIp ?? '', hostPort: b.HostPort || null }))
        : [{ port, hostIp: '', hostPort: null }],
    ),
    networks: Object.entries(raw.NetworkSettings.Networks ?? {}).map(([name, net]) => ({
      name,
      ip: net.IPAddress ?? '',
    })),
    mounts: (raw.Mounts ?? []).map((m) => ({
      source: m.Name ?? m.Source,
      destination: m.Destination,
      readOnly: !m.RW,
    })),
    health: health
      ? {
          status: health.Status,
          failingStreak: health.FailingStreak,
          log: (health.Log ?? []).slice(-HEALTH_LOG_SHOWN).map((entry) => ({
            start: engineTime(entry.Start),
            exitCode: entry.ExitCode,
            output: entry.Output.trim(),
          })),
        }
      : null,
    env: toEnvVariables(raw.Config.Env, options.maskEnv),
    // What dockerode types is the engine's JSON as it came; the browser shows it without reading its shape.
    inspect: shown as unknown as JsonObject,
  };
}

/** A copy of the inspect answer with `Config.Env` values masked; the engine's object is left as it was. */
export function withMaskedEnv(raw: Docker.ContainerInspectInfo): Docker.ContainerInspectInfo {
  if (!raw.Config?.Env) return raw;
  return { ...raw, Config: { ...raw.Config, Env: raw.Config.Env.map(maskEnvEntry) } };
}
