import type { Configuration } from 'openid-client';
import type { OidcProviderConfig } from '@/server/auth/oidc/env';
import { SingleUseStore } from '@/server/auth/single-use-store';

/** What a sign-in was started with, checked when the provider sends the browser back. */
export interface PendingLogin {
  provider: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  /** The Berth path to land on (already checked to be a path of this site). */
  next: string;
}

/** Time to sign in at the provider (a password manager, a second factor, a slow consent page). */
export const PENDING_TTL_MS = 10 * 60_000;
/** Starting a sign-in is public: past this many waiting ones the oldest go, so nobody can fill memory. */
export const MAX_PENDING = 10_000;

/**
 * Sign-ins waiting for the provider's answer, each under an opaque random key that only the browser's cookie
 * holds (the `state` sent to the provider is another random value, so the URL never names the record).
 * Taking one removes it whatever the answer turns out to be: a callback is never processed twice (replay).
 */
export class PendingLogins extends SingleUseStore<PendingLogin> {
  constructor(ttlMs = PENDING_TTL_MS, max = MAX_PENDING) {
    super(ttlMs, max, 32);
  }
}

/** A discovered configuration, kept a while so a sign-in does not fetch the discovery document twice. */
export interface CachedConfiguration {
  /** Provider id and its updatedAt: an edit of the provider never reuses the old one. */
  key: string;
  at: number;
  config: Configuration;
}

export interface OidcState {
  env: { provider: OidcProviderConfig | null } | null;
  pending: PendingLogins;
  configs: Map<string, CachedConfiguration>;
}
