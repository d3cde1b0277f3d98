/**
 * How long Berth waits for one engine answer. The engine has no deadlines of its own: one that accepts and never
 * answers would otherwise hold a request, its connection and its file descriptor for good.
 *
 * Streams (logs, events, stats, pull, build, attach) have none: they are meant to last, and are closed by their
 * owner. Calls the engine legitimately spends long on get a longer one.
 */
export const DEFAULT_ENGINE_TIMEOUT_MS = 15_000;

/** Work that grows with the host (walking every layer or volume) or waits for containers to stop. */
const SLOW_CALLS: [method: string, path: RegExp][] = [
  ['GET', /^\/system\/df$/],
  ['POST', /^\/(containers|images|volumes|networks|build)\/prune$/],
  ['DELETE', /^\/(images|volumes)\/[^/]+$/],
  ['POST', /^\/commit$/],
  ['POST', /^\/containers\/[^/]+\/(stop|restart|kill|update)$/],
  ['DELETE', /^\/containers\/[^/]+$/],
  ['GET', /^\/images\/search$/],
  ['POST', /^\/auth$/],
  ['POST', /^\/images\/[^/]+\/tag$/],
];
const SLOW_FACTOR = 20;

/** Long-polls that block by design until something happens. */
const UNBOUNDED_CALLS: [method: string, path: RegExp][] = [['POST', /^\/containers\/[^/]+\/wait$/]];

/**
 * The deadline for one non-streaming call, in ms, or null for none. `path` is the engine path without the query
 * and without an API version prefix.
 */
export function engineDeadline(
  method: string,
  path: string,
  baseMs = DEFAULT_ENGINE_TIMEOUT_MS,
): number | null {
  const bare = path.replace(/^\/v\d+\.\d+/, '').split('?')[0] ?? '';
  const m = method.toUpperCase();
  if (UNBOUNDED_CALLS.some(([verb, re]) => verb === m && re.test(bare))) return null;
  if (SLOW_CALLS.some(([verb, re]) => verb === m && re.test(bare))) return baseMs * SLOW_FACTOR;
  return baseMs;
}

/**
 * Whether a non-streaming answer that docker-modem could not parse is broken: docker-modem hands back the raw
 * bytes when JSON.parse fails, so a cut or garbled JSON body would pass as a Buffer. Empty bodies (204) and
 * plain text (`/_ping` answers "OK") are fine.
 */
export function isBrokenAnswer(data: unknown): boolean {
  if (!Buffer.isBuffer(data) || data.length === 0) return false;
  const first = data.toString('utf8', 0, Math.min(data.length, 64)).trimStart()[0];
  return first === '{' || first === '[';
}
