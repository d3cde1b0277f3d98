import { z } from 'zod';

/**
 * Per-user bounds on what one account may hold open at once, and how long a terminal may sit idle. Each is
 * one admin setting (`limits.<name>`); the defaults leave ordinary use (and the test suite, which opens 20
 * sockets with a subscription or terminal each at once, on top of those its earlier tests left open) below
 * them, while keeping one user (or one leaked token in a loop) from exhausting the server's sockets, file
 * descriptors, engine connections and container processes.
 *
 * - sockets 64: the browser shares one socket per tab; a socket is cheap (one WebSocket), so this is a bound on
 *   a runaway script rather than on anyone's tabs.
 * - terminals 32: each is a process in a container and an engine connection (exec and attach together): room
 *   for a tiled workspace and scripts, not for a loop.
 * - logs 50, stats 50: a viewer opens one per container it shows; the live ones share one engine stream per
 *   container, so the cost is the user's own backlog reads and messages.
 * - uploads 4: each holds a request, a disk or engine stream and up to gigabytes in transfer; more in parallel
 *   only shares the same bandwidth.
 * - jobs 8: pulls, pushes, builds, Compose actions and recreates in flight at once: each holds engine
 *   connections, a process or gigabytes of transfer for minutes; a loop of them would starve everyone else.
 * - terminalIdleSeconds 1800: a terminal with neither input nor output for 30 minutes is closed (its process
 *   ended, as an explicit close does); 0 keeps idle terminals open. Seconds, so a test can use a short one.
 */
export const DEFAULT_LIMITS = {
  sockets: 64,
  terminals: 32,
  logs: 50,
  stats: 50,
  uploads: 4,
  jobs: 8,
  terminalIdleSeconds: 1800,
} as const;

const count = (max: number) => z.number().int().min(1).max(max);

export const limitsSettingsSchema = z.object({
  sockets: count(1000).default(DEFAULT_LIMITS.sockets),
  terminals: count(1000).default(DEFAULT_LIMITS.terminals),
  logs: count(10_000).default(DEFAULT_LIMITS.logs),
  stats: count(10_000).default(DEFAULT_LIMITS.stats),
  uploads: count(100).default(DEFAULT_LIMITS.uploads),
  jobs: count(1000).default(DEFAULT_LIMITS.jobs),
  /** Seconds without input or output before a terminal is closed; 0: never. At most a week. */
  terminalIdleSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(DEFAULT_LIMITS.terminalIdleSeconds),
});
export type LimitsSettings = z.output<typeof limitsSettingsSchema>;

/** The bounds counted per user (everything in the limits settings but the idle time). */
export type LimitName = Exclude<keyof LimitsSettings, 'terminalIdleSeconds'>;
export const LIMIT_NAMES: readonly LimitName[] = ['sockets', 'terminals', 'logs', 'stats', 'uploads', 'jobs'];

/** What a refusal at a limit carries besides its message: which bound, its value, and the setting to change. */
export interface LimitInfo {
  name: LimitName;
  max: number;
  setting: `limits.${LimitName}`;
}

/** Each bound's thing, one and many, and what frees a slot of it. */
const WHAT: Record<LimitName, [one: string, many: string, free: string]> = {
  sockets: ['open connection', 'open connections (browser tabs and scripts)', 'Close a tab'],
  terminals: ['open terminal', 'open terminals (exec and attach)', 'Close one'],
  logs: ['live log view', 'live log views', 'Close one'],
  stats: ['live stats view', 'live stats views', 'Close one'],
  uploads: ['upload in progress', 'uploads in progress', 'Wait for one to finish'],
  jobs: [
    'long-running job',
    'long-running jobs (pulls, pushes, builds, Compose actions, recreates)',
    'Wait for one to finish',
  ],
};

/** The message of a refusal at `name`'s bound: the limit, its value, and the setting that raises it. */
export function limitMessage(name: LimitName, max: number): string {
  const [one, many, free] = WHAT[name];
  return (
    `Limit reached: at most ${max} ${max === 1 ? one : many} per user. ${free} and try again, or ask an ` +
    `administrator to raise it (Settings → Limits, setting limits.${name}).`
  );
}

/** Whether one more is refused, with `inUse` already held. */
export function overLimit(inUse: number, max: number): boolean {
  return inUse >= max;
}

/** The message a terminal closed for idleness ends with. */
export function idleMessage(seconds: number): string {
  const span =
    seconds % 60 === 0
      ? `${seconds / 60} minute${seconds === 60 ? '' : 's'}`
      : `${seconds} second${seconds === 1 ? '' : 's'}`;
  return `Closed after ${span} without input or output (Settings → Limits, setting limits.terminalIdleSeconds).`;
}
