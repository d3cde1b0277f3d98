import { SingleUseStore } from '@/server/auth/single-use-store';

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
export class PasskeyChallenges extends SingleUseStore<PendingChallenge> {
  constructor(ttlMs = CHALLENGE_TTL_MS, max = MAX_PENDING) {
    super(ttlMs, max, 24);
  }
}

export const registrationKey = (userId: number) => `user:${userId}`;
