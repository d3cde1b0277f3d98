import type Docker from 'dockerode';
import type {
  EnvironmentCheck,
  EnvironmentProblem,
  EnvironmentStatus,
  EnvironmentView,
} from '@/lib/environments/types';
import { docker, engineScope, withEnvironment } from '@/server/docker/client';
import { toLastEvent } from '@/server/docker/event-view';
import { eventsSince } from '@/server/docker/events';
import { engineMessage } from '@/server/http/errors';
import { watchedLastEvent } from '@/server/realtime/stats';

/** The oldest engine API Berth works with (Engine 20.10). */
export const MIN_API_VERSION = '1.41';
/** A check on save or on demand. */
export const CHECK_DEADLINE_MS = 5_000;
/** Each engine on the status page: one slow engine delays nobody else. */
export const STATUS_DEADLINE_MS = 3_000;

/** "1.41" < "1.45", numerically per part. */
export function apiOlderThan(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

interface ErrorShape {
  name?: string;
  code?: string;
  statusCode?: number;
  message?: string;
  level?: string;
  json?: unknown;
  reason?: string;
}

const TLS_CODES =
  /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|EPROTO$|ERR_OSSL_|HOSTNAME_MISMATCH)/;

/** Why an engine could not be reached, with a message naming the address. */
export function classifyEngineError(
  err: unknown,
  address: string,
): { problem: EnvironmentProblem; error: string } {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as ErrorShape;
  const message = e.message ?? String(err);
  if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.code === 'ENGINE_DEADLINE')
    return { problem: 'timeout', error: `No answer from ${address} in time` };
  if (e.code === 'ETIMEDOUT') return { problem: 'timeout', error: `Connecting to ${address} timed out` };
  if (e.code === 'ECONNREFUSED')
    return { problem: 'refused', error: `Connection refused by ${address}: nothing listens there` };
  // ssh2: "All configured authentication methods failed", level client-authentication.
  if (e.level === 'client-authentication' || /authentication methods failed/i.test(message))
    return { problem: 'auth', error: `SSH authentication to ${address} failed: ${message}` };
  // ssh2 reading the key: "Encrypted private OpenSSH key detected, but no passphrase given", a bad passphrase.
  if (/privateKey|passphrase/i.test(message))
    return { problem: 'auth', error: `The SSH key for ${address} cannot be used: ${message}` };
  if (
    (e.code && TLS_CODES.test(e.code)) ||
    /certificate|\bssl\b|\btls\b|handshake|wrong version number|EPROTO/i.test(message)
  )
    return { problem: 'tls', error: `TLS with ${address} failed: ${message}` };
  if (typeof e.statusCode === 'number') {
    const said = engineMessage(e);
    // A TLS port spoken to in plain HTTP.
    if (/HTTP request to an HTTPS server/i.test(said))
      return { problem: 'tls', error: `${address} expects TLS: give its CA, client certificate and key` };
    return { problem: 'unreachable', error: `${address} answered ${e.statusCode}: ${said}` };
  }
  if (e.code === 'ENOENT') return { problem: 'unreachable', error: `No socket at ${address}` };
  if (e.code === 'EACCES') return { problem: 'unreachable', error: `Permission denied opening ${address}` };
  return { problem: 'unreachable', error: `${address} unreachable: ${e.code ? `${e.code} ` : ''}${message}` };
}

/** Runs `work` with a deadline that aborts its engine calls (and so frees their connections). */
async function withDeadline<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const scope = engineScope().getStore();
  const deadline = AbortSignal.timeout(ms);
  const signal = scope?.signal ? AbortSignal.any([scope.signal, deadline]) : deadline;
  // The deadline also answers for calls that never reach the dial (an SSH handshake that hangs).
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('deadline'), { name: 'AbortError' })), ms + 100);
  });
  try {
    return await Promise.race([engineScope().run({ ...scope, signal }, work), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** `docker version` against a client: reachable, and speaking an API Berth works with. */
export async function checkEngine(
  client: Docker,
  address: string,
  deadlineMs = CHECK_DEADLINE_MS,
): Promise<EnvironmentCheck> {
  try {
    const version = await withDeadline(deadlineMs, () => client.version());
    if (apiOlderThan(version.ApiVersion, MIN_API_VERSION))
      return {
        ok: false,
        version: version.Version,
        apiVersion: version.ApiVersion,
        problem: 'api_version',
        error: `${address} speaks engine API ${version.ApiVersion}; Berth needs ${MIN_API_VERSION} (Docker Engine 20.10) or newer`,
      };
    return { ok: true, version: version.Version, apiVersion: version.ApiVersion, problem: null, error: null };
  } catch (err) {
    return { ok: false, version: null, apiVersion: null, ...classifyEngineError(err, address) };
  }
}

type SwarmState = EnvironmentStatus['swarm'];

function swarmOf(info: { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } }): SwarmState {
  const state = info.Swarm?.LocalNodeState;
  if (!state) return null;
  if (state !== 'active') return 'inactive';
  return info.Swarm?.ControlAvailable ? 'manager' : 'worker';
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The engine's events of the last 24 hours, oldest first (a bounded read: `until` is the engine's now). */
function recentEvents(nowMs: number) {
  return eventsSince(nowMs - DAY_MS);
}

/** One environment's state now (`docker info` + `docker version`), within `deadlineMs`. */
export async function environmentStatus(
  env: EnvironmentView,
  deadlineMs = STATUS_DEADLINE_MS,
  now = Date.now,
): Promise<EnvironmentStatus> {
  const base = { id: env.id, name: env.name, lastEvent: null };
  try {
    const watched = watchedLastEvent(env.id);
    const [info, version, recent] = await withEnvironment(env.id, () =>
      withDeadline(deadlineMs, () =>
        Promise.all([
          docker().info(),
          docker().version(),
          // Nobody follows this engine's events: its own memory of the last day (at most 256) says.
          watched.watched ? Promise.resolve([]) : recentEvents(now()),
        ]),
      ),
    );
    const last = watched.watched ? watched.event : (recent.at(-1) ?? null);
    return {
      ...base,
      lastEvent: last ? toLastEvent(last) : null,
      reachable: true,
      version: version.Version,
      apiVersion: version.ApiVersion,
      os: info.OperatingSystem ?? null,
      cpus: info.NCPU ?? null,
      memory: info.MemTotal ?? null,
      containers: {
        running: info.ContainersRunning ?? 0,
        paused: info.ContainersPaused ?? 0,
        stopped: info.ContainersStopped ?? 0,
      },
      images: info.Images ?? null,
      swarm: swarmOf(info),
      problem: apiOlderThan(version.ApiVersion, MIN_API_VERSION) ? 'api_version' : null,
      error: null,
      checkedAt: now(),
    };
  } catch (err) {
    return {
      ...base,
      reachable: false,
      version: null,
      apiVersion: null,
      os: null,
      cpus: null,
      memory: null,
      containers: null,
      images: null,
      swarm: null,
      ...classifyEngineError(err, env.address),
      checkedAt: now(),
    };
  }
}
