import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';
import { channelRequest, mailMessage, type Notice } from '@/server/alerts/channels';
import {
  type AlertFact,
  type EvaluatedRule,
  type EvaluatorState,
  evaluate,
  forgetContainer,
  inEnvironment,
  LOG_KINDS,
  matchesContainer,
  newEvaluatorState,
  pruneState,
  STATS_KINDS,
  type WatchedContainer,
} from '@/server/alerts/evaluator';
import { type SendResult, send, withRetries } from '@/server/alerts/outbound';
import { mailOnce } from '@/server/alerts/smtp';
import { channelSecrets, listRules, pruneFirings, recordFiring, updateDelivery } from '@/server/alerts/store';
import { contextValue, serverContext } from '@/server/context';
import { db } from '@/server/db';
import { sharedInEnvironment } from '@/server/docker/client';
import { systemDf } from '@/server/docker/disk-usage';
import { toDiskUsage } from '@/server/docker/system-view';
import { listEnvironments } from '@/server/environments/store';
import type { EngineEventMessage } from '@/server/realtime/engine-events';
import { followRunning, type RunningFollow } from '@/server/realtime/follow-running';
import { getSettings } from '@/server/settings/store';

/**
 * Alerts are evaluated from the one shared events stream of each engine (server/realtime): the watcher is
 * one more listener on it, per environment that an enabled rule covers, so rules cost the engine nothing.
 */
export interface AlertWatcher {
  rules: EvaluatedRule[];
  state: EvaluatorState;
  /** env → its running containers and events (followRunning), and the stop. */
  listening: Map<string, { follow: RunningFollow; stop: AbortController }>;
  /** envKey(env, container) → the container's shared stats / log stream, held while a rule covers it. */
  stats: Map<string, Follow>;
  logs: Map<string, Follow>;
  /** The disk check and the firing retention timers (started with the first sync). */
  timers: NodeJS.Timeout[];
  diskRunning: boolean;
  /** The disk rules as last measured for: a change (not the minute re-sync) measures at once. */
  diskRules: string;
}

interface Follow {
  container: WatchedContainer;
  off: () => void;
}

/** How often disk usage is measured for disk rules (and once whenever the rules change). */
export const DISK_CHECK_MS = 5 * 60_000;
const RETENTION_MS = 60 * 60_000;

function watcher(): AlertWatcher {
  return contextValue('alertWatcher', () => ({
    rules: [],
    state: newEvaluatorState(),
    listening: new Map(),
    stats: new Map(),
    logs: new Map(),
    timers: [],
    diskRunning: false,
    diskRules: '[]',
  }));
}

const followKey = (env: string, id: string) => `${env}\u0000${id}`;

/** Whether any enabled rule of these kinds covers the container. */
export function wantsContainer(
  rules: readonly EvaluatedRule[],
  kinds: readonly string[],
  env: string,
  c: WatchedContainer,
): boolean {
  return rules.some(
    (r) => r.enabled && kinds.includes(r.kind) && matchesContainer(r.scope, env, c.name, c.labels),
  );
}

/** The environments the enabled rules cover (an unknown id is simply never seen). */
export function watchedEnvironments(rules: readonly EvaluatedRule[], known: readonly string[]): string[] {
  const out = new Set<string>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    out.add(LOCAL_ENVIRONMENT);
    if (rule.scope.environments === '*') for (const env of known) out.add(env);
    else for (const env of rule.scope.environments) if (known.includes(env)) out.add(env);
  }
  return [...out].sort();
}

/** Re-reads the rules and opens or closes the per-environment listeners to match. Call after any rule change. */
export function syncAlertWatcher(): void {
  const hubs = serverContext().hubs;
  if (!hubs) return; // no socket server (unit tests, build): nothing to listen on
  const w = watcher();
  w.rules = listRules();
  const known = [LOCAL_ENVIRONMENT, ...listEnvironments().map((e) => e.id)];
  const wanted = new Set(watchedEnvironments(w.rules, known));
  for (const [env, l] of w.listening) {
    if (wanted.has(env)) continue;
    l.stop.abort();
    w.listening.delete(env);
  }
  pruneState(w.state, Date.now());
  startTimers(w);
  // Containers already running when a stats or log rule appears: listed again where already listening (a new
  // listener lists them itself).
  for (const env of wanted) {
    const l = w.listening.get(env);
    if (l) void l.follow.rescan();
    else listen(env);
  }
  // Streams no rule wants any more are released.
  for (const [kinds, follows] of [
    [STATS_KINDS, w.stats],
    [LOG_KINDS, w.logs],
  ] as const)
    for (const [key, f] of follows) {
      const env = key.slice(0, key.indexOf('\u0000'));
      if (!wanted.has(env) || !wantsContainer(w.rules, kinds, env, f.container)) release(follows, key);
    }
  const diskRules = JSON.stringify(w.rules.filter((r) => r.enabled && r.kind === 'disk'));
  if (diskRules !== w.diskRules) {
    w.diskRules = diskRules;
    if (diskRules !== '[]') void checkDisk();
  }
}

function release(follows: Map<string, Follow>, key: string): void {
  const f = follows.get(key);
  if (!f) return;
  follows.delete(key);
  f.off();
  const at = key.indexOf('\u0000');
  forgetContainer(watcher().state, key.slice(0, at), key.slice(at + 1));
}

function startTimers(w: AlertWatcher): void {
  if (w.timers.length) return;
  const disk = setInterval(() => void checkDisk(), DISK_CHECK_MS);
  const retention = setInterval(pruneNow, RETENTION_MS);
  disk.unref();
  retention.unref();
  w.timers.push(disk, retention);
  pruneNow();
}

/** Applies the retention setting now (also hourly). */
export function pruneNow(): number {
  try {
    const { retentionDays, retentionRows } = getSettings().alerts;
    return pruneFirings(db(), { now: Date.now(), days: retentionDays, rows: retentionRows });
  } catch (err) {
    console.error('[alerts] could not prune firings', err);
    return 0;
  }
}

/** Measures `docker system df` (the shared, cached call) for each environment a disk rule covers. */
export async function checkDisk(): Promise<void> {
  const w = watcher();
  if (w.diskRunning) return;
  w.diskRunning = true;
  try {
    const envs = [...w.listening.keys()].filter((env) =>
      w.rules.some((r) => r.enabled && r.kind === 'disk' && inEnvironment(r.scope, env)),
    );
    for (const env of envs) {
      try {
        const df = await sharedInEnvironment(env, () => systemDf());
        const totalBytes = toDiskUsage(df.raw).reduce((sum, part) => sum + part.size, 0);
        fire({ kind: 'disk', env, at: Date.now(), totalBytes });
      } catch (err) {
        console.error(`[alerts] could not measure disk usage of ${env}`, err);
      }
    }
  } finally {
    w.diskRunning = false;
  }
}

/** Subscribes to a container's shared stats and log streams as far as rules want them (idempotent). */
function followContainer(env: string, c: WatchedContainer): void {
  const hubs = serverContext().hubs;
  const w = watcher();
  if (!hubs) return;
  const key = followKey(env, c.id);
  if (!w.stats.has(key) && wantsContainer(w.rules, STATS_KINDS, env, c)) {
    const entry: Follow = { container: c, off: () => {} };
    w.stats.set(key, entry);
    entry.off = hubs.stats.subscribe(
      key,
      (sample) => fire({ kind: 'stats', env, at: Date.now(), container: c, sample }),
      () => {
        if (w.stats.get(key) === entry) release(w.stats, key);
      },
    );
  }
  if (!w.logs.has(key) && wantsContainer(w.rules, LOG_KINDS, env, c)) {
    const entry: Follow = { container: c, off: () => {} };
    w.logs.set(key, entry);
    entry.off = hubs.logs.subscribe(
      key,
      (line) => fire({ kind: 'log', env, at: Date.now(), container: c, text: line.text }),
      () => {
        if (w.logs.get(key) === entry) release(w.logs, key);
      },
    );
  }
}

/** Listens to an environment's shared events stream: its running containers, what starts, every fact. */
function listen(env: string): void {
  const w = watcher();
  const stop = new AbortController();
  const follow = followRunning(env, {
    signal: stop.signal,
    // Only stats and log rules follow containers; the others read events alone.
    wantsRunning: () => w.rules.some((r) => r.enabled && [...STATS_KINDS, ...LOG_KINDS].includes(r.kind)),
    onRunning: (running) => {
      for (const c of running) followContainer(env, c);
    },
    onError: (err) => console.error('[alerts] could not list containers', err),
    // A container starting comes into the stats and log rules' view (onMessage: stopping, out of it).
    onStart: (c) => followContainer(env, c),
    onMessage: (msg) => onMessage(env, msg),
  });
  w.listening.set(env, { follow, stop });
}

function onMessage(env: string, msg: EngineEventMessage): void {
  let fact: AlertFact;
  if (msg.kind === 'event') fact = { kind: 'event', env, at: Date.now(), event: msg.event };
  else if (msg.kind === 'status')
    fact = {
      kind: 'status',
      env,
      at: Date.now(),
      reachable: msg.status.reachable,
      address: msg.status.address,
    };
  else return;
  if (msg.kind === 'event' && msg.event.type === 'container') {
    const { event } = msg;
    // A container stopping leaves the stats and log rules' view (starting: followRunning's onStart).
    if (event.action === 'die' || event.action === 'destroy') {
      const key = followKey(env, event.id);
      release(watcher().stats, key);
      release(watcher().logs, key);
    }
  }
  fire(fact);
}

function fire(fact: AlertFact): void {
  const w = watcher();
  for (const firing of evaluate(w.rules, fact, w.state)) {
    try {
      const stored = recordFiring(firing);
      const notice: Notice = { ...firing, firingId: stored.id };
      for (const d of stored.deliveries) void deliver(d.id, d.channelId, notice);
    } catch (err) {
      console.error('[alerts] could not record a firing', err);
    }
  }
}

/** Sends one notice through one channel with retries; never throws. */
export async function sendThrough(
  channelId: number,
  notice: Notice,
  onAttempt?: (attempts: number, error: string | null) => void,
): Promise<SendResult> {
  try {
    const channel = channelSecrets(channelId);
    const allowPrivate = getSettings().alerts.allowPrivateTargets;
    if (channel.kind === 'email')
      return await withRetries(() => mailOnce(channel, mailMessage(channel, notice), { allowPrivate }), {
        onAttempt,
      });
    return await send(channelRequest(channel, notice), {
      allowPrivate,
      // The URL was accepted with its token when the channel was made; a user:password is refused then.
      allowCredentials: false,
      onAttempt,
    });
  } catch (err) {
    return { ok: false, attempts: 0, error: (err as Error).message };
  }
}

async function deliver(deliveryId: number, channelId: number, notice: Notice): Promise<void> {
  const result = await sendThrough(channelId, notice, (attempts, error) => {
    try {
      updateDelivery(deliveryId, 'pending', attempts, error);
    } catch {
      // the firing may be gone
    }
  });
  try {
    updateDelivery(deliveryId, result.ok ? 'ok' : 'failed', result.attempts, result.error);
  } catch (err) {
    console.error('[alerts] could not record a delivery', err);
  }
}

export function stopAlertWatcher(): void {
  const w = serverContext().alertWatcher;
  if (!w) return;
  for (const l of w.listening.values()) l.stop.abort();
  w.listening.clear();
  for (const key of [...w.stats.keys()]) release(w.stats, key);
  for (const key of [...w.logs.keys()]) release(w.logs, key);
  for (const t of w.timers) clearInterval(t);
  w.timers = [];
}
