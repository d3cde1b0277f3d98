import { randomBytes } from 'node:crypto';

/**
 * Entries kept server-side for a short while, each taken once: taking removes it whether the answer that
 * needed it turns out right or wrong, so nothing is checked twice (replay). One TTL for all entries and a
 * bound on their number, because the ceremonies that put them (sign-in options, OIDC starts) are public.
 */
export class SingleUseStore<T extends object> {
  private readonly pending = new Map<string, { entry: T; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
    /** Random bytes of a generated key (base64url): the key is what the browser holds, so unguessable. */
    private readonly keyBytes = 32,
  ) {}

  /** Stores `entry` under `key` (a new random one when not given) and answers the key. */
  put(entry: T, key = randomBytes(this.keyBytes).toString('base64url'), now = Date.now()): string {
    this.sweep(now);
    this.pending.delete(key); // re-inserted last, so the oldest stays first
    this.pending.set(key, { entry, expiresAt: now + this.ttlMs });
    while (this.pending.size > this.max) {
      const oldest = this.pending.keys().next().value;
      if (oldest === undefined) break;
      this.pending.delete(oldest);
    }
    return key;
  }

  /** The entry stored under `key`, removed; undefined when there is none or it expired. */
  take(key: string, now = Date.now()): T | undefined {
    const found = this.pending.get(key);
    if (!found) return undefined;
    this.pending.delete(key);
    return found.expiresAt <= now ? undefined : found.entry;
  }

  get size(): number {
    return this.pending.size;
  }

  /** Drops expired entries; insertion order is expiry order (one TTL), so it stops at the first live one. */
  private sweep(now: number): void {
    for (const [key, { expiresAt }] of this.pending) {
      if (expiresAt > now) break;
      this.pending.delete(key);
    }
  }
}
