/**
 * Keeps an engine list answer (mapped to view models) between engine events.
 *
 * A hit is never taken on trust: before serving one, the cache asks the engine whether it logged a relevant event
 * since the answer was fetched (`changedSince`: a `GET /events?since=…&until=now` that returns at once, ~1 ms).
 * The engine logs an event before it answers the call that caused it, so a change made a moment ago by anyone —
 * Berth, the CLI, compose — is never hidden. What changes without an event (the "Up 5 minutes" text) is bounded by
 * `maxAgeMs`. Any failure of the probe falls back to the engine, so an unreachable engine is never masked.
 */
export interface ListCacheOptions {
  maxAgeMs: number;
  /** True when the engine logged any event at or after `sinceMs` (Berth's clock, ms). */
  changedSince: (sinceMs: number) => Promise<boolean>;
  now?: () => number;
  /** Distinct queries kept at once (filters make keys); the oldest goes first. */
  maxEntries?: number;
}

interface Entry<T> {
  value: T;
  fetchedAt: number;
}

export class ListCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly now: () => number;
  private readonly maxEntries: number;
  hits = 0;
  misses = 0;

  constructor(private readonly opts: ListCacheOptions) {
    this.now = opts.now ?? Date.now;
    this.maxEntries = opts.maxEntries ?? 16;
  }

  async get(key: string, fetch: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.fetchedAt < this.opts.maxAgeMs) {
      let changed = true;
      try {
        changed = await this.opts.changedSince(entry.fetchedAt);
      } catch {
        // the probe failed: ask the engine itself, which reports its own error
      }
      if (!changed) {
        this.hits++;
        return entry.value;
      }
    }
    this.misses++;
    // Taken before the call: events during it invalidate the answer, whichever side of them it was read.
    const fetchedAt = this.now();
    const value = await fetch();
    const current = this.entries.get(key);
    // A slower, older fetch never replaces a newer answer.
    if (!current || current.fetchedAt <= fetchedAt) {
      this.entries.delete(key);
      this.entries.set(key, { value, fetchedAt });
      if (this.entries.size > this.maxEntries) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    }
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
