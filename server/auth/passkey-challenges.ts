import { randomBytes } from 'node:crypto';

/** What a WebAuthn ceremony was started with, checked again when its answer comes back. */
export interface PendingChallenge {
  challenge: string;
  /** The relying party the options named: the answer must come from this origin, for this RP ID. */
  rpID: string;
  origin: string;
  /** Registration: the signed-in user who asked. Sign-in: null (nobody is known yet). */
  userId: number | null;
}

/** How long a ceremony may take: the browser's own timeout (60 s) plus a user who is slow to touch the key. */
export const CHALLENGE_TTL_MS = 5 * 60_000;
/** Sign-in options are public: past this many waiting challenges the oldest go, so nobody can fill memory. */
export const MAX_PENDING = 10_000;

/**
 * Challenges kept server-side, each taken once: a registration's under its user (`user:<id>`, one at a time),
 * a sign-in's under a random key the browser holds in a short-lived cookie. Taking removes it whether the
 * answer turns out right or wrong, so a challenge is never checked twice (replay).
 */
export class PasskeyChallenges {
  private readonly pending = new Map<string, PendingChallenge & { expiresAt: number }>();

  constructor(
    private readonly ttlMs = CHALLENGE_TTL_MS,
    private readonly max = MAX_PENDING,
  ) {}

  /** Stores the challenge under `key` (a new random one when not given) and answers the key. */
  put(entry: PendingChallenge, key = randomBytes(24).toString('base64url'), now = Date.now()): string {
    this.sweep(now);
    this.pending.delete(key); // re-inserted last, so the oldest stays first
    this.pending.set(key, { ...entry, expiresAt: now + this.ttlMs });
    while (this.pending.size > this.max) {
      const oldest = this.pending.keys().next().value;
      if (oldest === undefined) break;
      this.pending.delete(oldest);
    }
    return key;
  }

  /** The challenge stored under `key`, removed; undefined when there is none or it expired. */
  take(key: string, now = Date.now()): PendingChallenge | undefined {
    const found = this.pending.get(key);
    if (!found) return undefined;
    this.pending.delete(key);
    if (found.expiresAt <= now) return undefined;
    const { expiresAt: _, ...entry } = found;
    return entry;
  }

  get size(): number {
    return this.pending.size;
  }

  /** Drops expired entries; insertion order is expiry order (one TTL), so it stops at the first live one. */
  private sweep(now: number): void {
    for (const [key, entry] of this.pending) {
      if (entry.expiresAt > now) break;
      this.pending.delete(key);
    }
  }
}

export const registrationKey = (userId: number) => `user:${userId}`;
