/**
 * Turns a stream of engine events into paced flushes of what they changed. The first flush after a quiet spell
 * comes `firstMs` after its first event (one refetch per bulk action); while events keep coming, the next flush
 * waits until `gapMs` after the previous one finished. A flush is never started while one runs, so a refetch
 * slower than the event rate is never cancelled and restarted by the next one (the list would never arrive);
 * whatever came in meanwhile goes into one trailing flush, so the last change is always shown.
 */
export interface PacerOptions {
  firstMs: number;
  gapMs: number;
  /** A flush that has not settled by then counts as done (a hung refetch must not stop every later one). */
  maxFlushMs?: number;
  now?: () => number;
}

export interface Pacer<T> {
  add(items: Iterable<T>): void;
  dispose(): void;
}

export function createPacer<T>(
  flush: (items: ReadonlySet<T>) => Promise<unknown> | undefined,
  { firstMs, gapMs, maxFlushMs = 10_000, now = Date.now }: PacerOptions,
): Pacer<T> {
  const pending = new Set<T>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let disposed = false;
  let lastEnd = Number.NEGATIVE_INFINITY;

  const schedule = () => {
    if (disposed || timer || running || pending.size === 0) return;
    const untilGap = lastEnd + gapMs - now();
    timer = setTimeout(run, Math.max(firstMs, untilGap));
  };
  const run = () => {
    timer = null;
    const items = new Set(pending);
    pending.clear();
    running = true;
    let settled = false;
    const done = () => {
      if (settled) return;
      settled = true;
      clearTimeout(cap);
      running = false;
      lastEnd = now();
      schedule();
    };
    const cap = setTimeout(done, maxFlushMs);
    Promise.resolve()
      .then(() => flush(items))
      .then(done, done);
  };

  return {
    add(items) {
      for (const item of items) pending.add(item);
      schedule();
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      pending.clear();
    },
  };
}
