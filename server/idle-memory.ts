import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Gives the V8 heap of a burst back once the server turns quiet.
 *
 * Measured (bench/results.md, soak): after a burst of requests, sockets and log lines, V8's old space holds
 * ~200 MB of garbage that nothing collects while the server is idle: V8 collects when allocation asks for it,
 * and its own memory reducer judges idleness by the allocation rate of its last collections (the burst's), so it
 * waited 75 s and longer. RSS stayed at 2.4 × its start all that time although the live heap was back at its start
 * size. Two full collections then give the pages back (RSS 373 → 172 MB; what stayed above the start was freed
 * native memory that glibc's malloc kept, hence jemalloc in scripts/serve.sh and the image). So: every interval,
 * when the event loop was nearly idle over the whole interval and the committed heap grew well past its size after
 * the last collection, collect.
 */
export interface IdlePolicy {
  intervalMs: number;
  quietUtilization: number;
  minGrowthBytes: number;
  minGrowthRatio: number;
}

export const IDLE_GC: IdlePolicy = {
  intervalMs: 10_000,
  /** Event-loop utilization below which an interval counts as quiet (0..1). */
  quietUtilization: 0.05,
  /** The committed heap must have grown past the baseline by both of these before a collection. */
  // 16 MB: the route bundles a first page load brings in leave ~30 MB of garbage behind (bench/results.md,
  // footprint), which V8 would keep committed until the next burst.
  minGrowthBytes: 16 * 2 ** 20,
  minGrowthRatio: 0.2,
};

export interface IdleSample {
  /** Event-loop utilization over the last interval. */
  utilization: number;
  /** V8's committed heap now (total_heap_size). */
  heapBytes: number;
  /** The committed heap after the last collection, or at start. */
  baselineBytes: number;
}

/** Whether to collect now: quiet, and the heap grew past its baseline by both margins. */
export function shouldCollect(s: IdleSample, policy: IdlePolicy = IDLE_GC): boolean {
  if (s.utilization >= policy.quietUtilization) return false;
  const growth = s.heapBytes - s.baselineBytes;
  return growth >= policy.minGrowthBytes && growth >= s.baselineBytes * policy.minGrowthRatio;
}

/**
 * V8's `gc()` without `--expose-gc` on every command line that starts Berth (npm start, scripts/start.sh, the
 * image): the flag only installs `gc` into contexts made after it is set, so a fresh vm context gets it (as
 * Jest does for --logHeapUsage); then the flag is cleared again so no other context sees it.
 */
export function fullCollection(): () => void {
  v8.setFlagsFromString('--expose-gc');
  try {
    return runInNewContext('gc') as () => void;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}

export interface IdleCollector {
  /** Collections made so far. */
  readonly collections: number;
  stop(): void;
}

/** Starts the check (an unref'd timer: it never keeps the process alive). */
export function startIdleCollector(policy: IdlePolicy = IDLE_GC): IdleCollector {
  const gc = fullCollection();
  const heap = () => v8.getHeapStatistics().total_heap_size;
  const state = { baseline: heap(), elu: performance.eventLoopUtilization(), collections: 0 };
  const timer = setInterval(() => {
    const elu = performance.eventLoopUtilization();
    const utilization = performance.eventLoopUtilization(elu, state.elu).utilization;
    state.elu = elu;
    const heapBytes = heap();
    // The heap may also have shrunk by V8's own collections: growth counts from the lowest size seen.
    state.baseline = Math.min(state.baseline, heapBytes);
    if (!shouldCollect({ utilization, heapBytes, baselineBytes: state.baseline }, policy)) return;
    // Twice: the first frees the garbage but leaves the pages it swept committed; the second compacts them and
    // gives them back (measured in the server after a soak: one collection left 171 MB of old space committed for
    // 41 MB live, two left 46 MB). A plain full collection moves objects only off nearly empty pages: after a page
    // load the idle server kept ~6 MB of old space committed and unused (45.5 MB for 39.7 MB live) until V8's own
    // memory reducer ran, 10 to 20 s later; compacting every page leaves 40.7 MB for 39.8 MB.
    v8.setFlagsFromString('--compact-on-every-full-gc');
    try {
      gc();
      gc();
    } finally {
      v8.setFlagsFromString('--no-compact-on-every-full-gc');
    }
    state.collections++;
    // What stays after a full collection is live: the next collection waits for growth beyond it.
    state.baseline = heap();
    // The collection's own pause is not the next interval's load.
    state.elu = performance.eventLoopUtilization();
  }, policy.intervalMs);
  timer.unref();
  return {
    get collections() {
      return state.collections;
    },
    stop: () => clearInterval(timer),
  };
}
