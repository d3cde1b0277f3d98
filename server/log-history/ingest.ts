import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';
import {
  COMPOSE_PROJECT_LABEL,
  followsNothing,
  isFollowed,
  type LogHistoryConfig,
  normalizeTs,
  resumeFilter,
  tsToSince,
} from '@/lib/logs/history';
import { config as serverConfig } from '@/server/config';
import { contextValue } from '@/server/context';
import {
  type HistoryContainer,
  type LogStream,
  openLogStream,
  runningHistoryContainer,
} from '@/server/docker/logs';
import { readHistoryConfig } from '@/server/log-history/config';
import {
  enforceRetention,
  enforceRetentionInChunks,
  type HistoryStore,
  openHistoryStore,
  type PendingLine,
  type StoredLine,
} from '@/server/log-history/store';
import { followRunning, type RunningFollow } from '@/server/realtime/follow-running';

/**
 * Log history ingest: one follower (`docker logs --follow --timestamps --since <cursor>`) per followed running
 * container of the local engine, their lines gathered and written in batched transactions (every FLUSH_MS, or
 * at once at FLUSH_LINES / FLUSH_BYTES) from timers and stream callbacks, never from a request. Followers start
 * for matching containers running at start and on each `start` event of the one shared engine events stream
 * (server/realtime/follow-running.ts, as the alert watcher); a follower ends when its container stops (the engine
 * ends the stream).
 *
 * Exactly once: each source's resume cursor (last stored timestamp, and how many lines carry it) commits with
 * its lines. A new follower asks the engine from that timestamp (inclusive) and drops what the cursor covers
 * (lib/logs/history.ts resumeFilter), so a SIGKILL between two batches re-reads exactly the uncommitted lines.
 */
export const FLUSH_MS = 250;
export const FLUSH_LINES = 1000;
export const FLUSH_BYTES = 1024 * 1024;
const RETENTION_MS = 30_000;

export type HistoryListener = (lines: readonly HistoryIngested[]) => void;

/** A line as it was committed, for in-process listeners (a log-regex alert rule, later). */
export interface HistoryIngested {
  id: number;
  containerId: string;
  container: string;
  project: string | null;
  stream: 'stdout' | 'stderr';
  time: string;
  text: string;
}

interface Follower {
  container: HistoryContainer;
  project: string | null;
  source: number;
  stream: LogStream | null;
  closed: boolean;
}

export interface LogHistoryState {
  store: HistoryStore | null;
  config: LogHistoryConfig | null;
  followers: Map<string, Follower>;
  pending: PendingLine[];
  pendingBytes: number;
  flushTimer: NodeJS.Timeout | null;
  retentionTimer: NodeJS.Timeout | null;
  /** The retention run under way, and whether another was asked for meanwhile. */
  retentionRun: Promise<void> | null;
  retentionAgain: boolean;
  /** The local engine's running containers and `start` events (followRunning), and its stop. */
  localFollow: RunningFollow | null;
  stopFollowing: (() => void) | null;
  listeners: Set<HistoryListener>;
  running: boolean;
  /** Bytes written since the last retention check. */
  sinceCheck: number;
}

export function historyState(): LogHistoryState {
  return contextValue('logHistory', () => ({
    store: null,
    config: null,
    followers: new Map(),
    pending: [],
    pendingBytes: 0,
    flushTimer: null,
    retentionTimer: null,
    retentionRun: null,
    retentionAgain: false,
    localFollow: null,
    stopFollowing: null,
    listeners: new Set(),
    running: false,
    sinceCheck: 0,
  }));
}

/** The process's history store, opened at first use. */
export function historyStore(): HistoryStore {
  const s = historyState();
  if (!s.store) s.store = openHistoryStore(serverConfig.dataDir);
  return s.store;
}

function currentConfig(): LogHistoryConfig {
  const s = historyState();
  if (!s.config) s.config = readHistoryConfig();
  return s.config;
}

/** Listens to every committed batch of lines; returns the unsubscribe. */
export function onHistoryLines(listener: HistoryListener): () => void {
  const s = historyState();
  s.listeners.add(listener);
  return () => s.listeners.delete(listener);
}

/** Writes what is pending in one transaction; a failure is logged and the lines are read again on restart. */
export function flushHistory(): void {
  const s = historyState();
  if (s.flushTimer) {
    clearTimeout(s.flushTimer);
    s.flushTimer = null;
  }
  if (!s.pending.length) return;
  const batch = s.pending;
  const bytes = s.pendingBytes;
  s.pending = [];
  s.pendingBytes = 0;
  const store = historyStore();
  let stored: StoredLine[];
  try {
    const cfg = currentConfig();
    // Room is made before the batch is written, so the file never passes its cap (planRetention): checked
    // every ~cap/20 bytes written (cheap pragmas, but not for every batch), with room for what may come
    // before the next check.
    s.sinceCheck += bytes;
    if (s.sinceCheck * 20 >= cfg.maxBytes) {
      s.sinceCheck = 0;
      enforceRetention(store.db, {
        maxBytes: cfg.maxBytes,
        maxAgeDays: 0,
        incomingBytes: cfg.maxBytes / 20 + bytes,
      });
    }
    stored = store.insertBatch(batch);
  } catch (err) {
    console.error('[log-history] could not store a batch; its lines are read again shortly', err);
    // The cursors did not move: every follower stops now (no later line may be stored after the lost ones) and
    // starts again from its committed cursor, which reads the lost lines again without a gap.
    for (const id of [...s.followers.keys()]) unfollow(id);
    s.pending = [];
    s.pendingBytes = 0;
    const retry = setTimeout(() => void syncHistoryFollowers(), 5000);
    retry.unref();
    return;
  }
  if (!s.listeners.size) return;
  const bySource = new Map<number, Follower>();
  for (const f of s.followers.values()) bySource.set(f.source, f);
  const out: HistoryIngested[] = stored.map((l) => {
    const f = bySource.get(l.source);
    return {
      id: l.id,
      containerId: f?.container.id ?? '',
      container: f?.container.name ?? '',
      project: f?.project ?? null,
      stream: l.stream,
      time: l.ts,
      text: l.text,
    };
  });
  for (const listener of s.listeners) {
    try {
      listener(out);
    } catch (err) {
      console.error('[log-history] a listener failed', err);
    }
  }
}

function enqueue(line: PendingLine): void {
  const s = historyState();
  s.pending.push(line);
  s.pendingBytes += line.text.length + 64;
  // A batch stays small beside the cap too, so a small cap is not overrun by one batch.
  const maxBytes = Math.min(FLUSH_BYTES, currentConfig().maxBytes / 40);
  if (s.pending.length >= FLUSH_LINES || s.pendingBytes >= maxBytes) flushHistory();
  else if (!s.flushTimer) {
    s.flushTimer = setTimeout(flushHistory, FLUSH_MS);
    s.flushTimer.unref();
  }
}

async function follow(container: HistoryContainer): Promise<void> {
  const s = historyState();
  if (!s.running || s.followers.has(container.id)) return;
  const project = container.labels[COMPOSE_PROJECT_LABEL] ?? null;
  // Lines of an earlier follower of this container still pending belong before the cursor is read.
  flushHistory();
  const { id: source, cursor } = historyStore().source({ id: container.id, name: container.name, project });
  const follower: Follower = { container, project, source, stream: null, closed: false };
  s.followers.set(container.id, follower);
  const keep = resumeFilter(cursor);
  try {
    const stream = await openLogStream(
      container.id,
      { follow: true, timestamps: true, ...(cursor ? { since: tsToSince(cursor.ts) } : {}) },
      (lines) => {
        for (const l of lines) {
          // After close (also mid-callback, when a failed flush stopped it), lines are left to the resume.
          if (follower.closed) return;
          const ts = l.time ? normalizeTs(l.time) : null;
          if (!ts || !keep(ts)) continue;
          enqueue({ source, stream: l.stream, ts, text: l.text });
        }
      },
    );
    follower.stream = stream;
    if (follower.closed) stream.close();
    const ended = () => {
      flushHistory();
      if (s.followers.get(container.id) !== follower) return;
      s.followers.delete(container.id);
      // A quick restart's `start` event may have come while this stream was still ending: look once more.
      if (follower.closed || !s.running) return;
      void runningHistoryContainer(container.id).then((c) => {
        if (c && isFollowed(currentConfig(), c)) void follow(c);
      });
    };
    stream.done.then(ended, ended);
  } catch (err) {
    if (s.followers.get(container.id) === follower) s.followers.delete(container.id);
    console.error(`[log-history] could not follow ${container.name}`, (err as Error).message);
  }
}

function unfollow(id: string): void {
  const s = historyState();
  const f = s.followers.get(id);
  if (!f) return;
  f.closed = true;
  f.stream?.close();
  s.followers.delete(id);
}

/** Starts followers for followed running containers and stops those no longer followed. */
export async function syncHistoryFollowers(): Promise<void> {
  const s = historyState();
  if (!s.running) return;
  await s.localFollow?.rescan();
}

/** What runs now (listed by followRunning; [] when nothing is followed): follow what the config says, only that. */
async function applyRunning(running: HistoryContainer[]): Promise<void> {
  const s = historyState();
  if (!s.running) return;
  const cfg = currentConfig();
  const wanted = new Map(running.filter((c) => isFollowed(cfg, c)).map((c) => [c.id, c]));
  for (const id of [...s.followers.keys()]) if (!wanted.has(id)) unfollow(id);
  flushHistory();
  await Promise.all([...wanted.values()].map((c) => follow(c)));
}

/** Running containers of the local engine, then each one that starts (server/realtime/follow-running.ts). */
function followLocalEngine(): void {
  const s = historyState();
  if (s.stopFollowing) return;
  const stop = new AbortController();
  s.stopFollowing = () => stop.abort();
  s.localFollow = followRunning(LOCAL_ENVIRONMENT, {
    signal: stop.signal,
    wantsRunning: () => !followsNothing(currentConfig()),
    onRunning: applyRunning,
    onError: (err) => console.error('[log-history] could not list containers', (err as Error).message),
    onStart: (started) => {
      const cfg = currentConfig();
      if (followsNothing(cfg)) return;
      // Inspected: the event may be late (the container gone again), and the follower wants it running.
      void runningHistoryContainer(started.id).then((c) => {
        if (c && isFollowed(cfg, c)) void follow(c);
      });
    },
  });
}

/**
 * One retention run at a time, off any request: the timer's, or one asked for at once after a config change
 * (then run again when it ends, with the newest caps). It deletes in chunks, giving the event loop back between
 * them, so a large cut never holds the process.
 */
function retentionTick(): void {
  const s = historyState();
  if (!s.store) return;
  if (s.retentionRun) {
    s.retentionAgain = true;
    return;
  }
  const cfg = currentConfig();
  const db = s.store.db;
  const run: Promise<void> = enforceRetentionInChunks(db, {
    maxBytes: cfg.maxBytes,
    maxAgeDays: cfg.maxAgeDays,
  })
    .then(
      () => {},
      (err) => {
        // A stop closes the file under a run: that ends it, nothing to report.
        if (db.open) console.error('[log-history] retention failed', err);
      },
    )
    .finally(() => {
      if (s.retentionRun !== run) return;
      s.retentionRun = null;
      if (s.retentionAgain && s.running) {
        s.retentionAgain = false;
        retentionTick();
      }
    });
  s.retentionRun = run;
}

/** At server start, after the socket server made the shared events streams. */
export async function startLogHistory(): Promise<void> {
  const s = historyState();
  if (s.running) return;
  s.running = true;
  historyStore();
  retentionTick();
  s.retentionTimer = setInterval(retentionTick, RETENTION_MS);
  s.retentionTimer.unref();
  // Lists what runs (and follows it), then each container that starts.
  followLocalEngine();
}

/**
 * After the config changed: follow what it says, and start a retention run at once for the new caps (not
 * awaited: a large cut is deleted in chunks after the request has answered).
 */
export async function applyHistoryConfig(cfg: LogHistoryConfig): Promise<void> {
  const s = historyState();
  s.config = cfg;
  const now = setTimeout(retentionTick, 0);
  now.unref();
  await syncHistoryFollowers();
}

/** Followed containers right now. */
export function historyFollowing(): { id: string; name: string; project: string | null }[] {
  return [...historyState().followers.values()].map((f) => ({
    id: f.container.id,
    name: f.container.name,
    project: f.project,
  }));
}

/** At shutdown: followers closed, what they delivered written, the file closed. */
export function stopLogHistory(): void {
  const s = historyState();
  s.running = false;
  s.stopFollowing?.();
  s.stopFollowing = null;
  s.localFollow = null;
  if (s.retentionTimer) clearInterval(s.retentionTimer);
  s.retentionTimer = null;
  for (const id of [...s.followers.keys()]) unfollow(id);
  flushHistory();
  s.store?.db.close();
  s.store = null;
}
