import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { MetricsSettingsView } from '@/lib/metrics/types';
import { hashSecret, safeEqualHex } from '@/server/auth/tokens';
import { db } from '@/server/db';

/**
 * The /metrics switch and its scrape token, a row of the settings table of its own (`metricsEndpoint`), kept out
 * of AppSettings so the token's hash is never in a settings answer. Only the SHA-256 of the token is stored.
 */
const KEY = 'metricsEndpoint';

const stored = z.object({
  enabled: z.boolean().default(false),
  tokenHash: z.string().nullable().default(null),
  tokenCreatedAt: z.number().nullable().default(null),
});
type Stored = z.output<typeof stored>;

function read(): Stored {
  const row = db().prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(KEY);
  if (!row) return stored.parse({});
  try {
    const parsed = stored.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : stored.parse({});
  } catch {
    return stored.parse({});
  }
}

function write(value: Stored): void {
  db()
    .prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    )
    .run(KEY, JSON.stringify(value), Date.now());
}

const view = (s: Stored, token?: string): MetricsSettingsView => ({
  enabled: s.enabled,
  hasToken: s.tokenHash !== null,
  tokenCreatedAt: s.tokenCreatedAt,
  ...(token ? { token } : {}),
});

export function metricsSettings(): MetricsSettingsView {
  return view(read());
}

function newToken(): string {
  return `berth_metrics_${randomBytes(32).toString('base64url')}`;
}

/** Turns /metrics on or off; turning it on without a token makes one (in this answer only). */
export function setMetricsEnabled(enabled: boolean, now = Date.now()): MetricsSettingsView {
  const current = read();
  if (enabled && !current.tokenHash) {
    const token = newToken();
    const next = { enabled, tokenHash: hashSecret(token), tokenCreatedAt: now };
    write(next);
    return view(next, token);
  }
  const next = { ...current, enabled };
  write(next);
  return view(next);
}

/** A new token; the old one stops working at once. */
export function rotateMetricsToken(now = Date.now()): MetricsSettingsView {
  const token = newToken();
  const next = { ...read(), tokenHash: hashSecret(token), tokenCreatedAt: now };
  write(next);
  return view(next, token);
}

/** What a scrape gets: 404 while off, 401 without the right `Authorization: Bearer` token. */
export function checkScrape(authorization: string | null): 'ok' | 'disabled' | 'unauthorized' {
  const s = read();
  if (!s.enabled) return 'disabled';
  const match = /^bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1] || !s.tokenHash) return 'unauthorized';
  return safeEqualHex(hashSecret(match[1]), s.tokenHash) ? 'ok' : 'unauthorized';
}
