import type { AppSettings } from '@/lib/settings/app';
import { authEvents } from '@/server/auth/events';
import { hashSecret, newSessionId } from '@/server/auth/tokens';
import { getUser, type UserRow } from '@/server/auth/users';
import { db } from '@/server/db';

export const SESSION_COOKIE = 'berth_session';

/** Writing last_seen on every request would make each read a write; a minute of slack is plenty. */
const TOUCH_EVERY_MS = 60_000;

interface SessionRow {
  id_hash: string;
  user_id: number;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

export function createSession(
  userId: number,
  meta: { ip?: string | null; userAgent?: string | null },
  lifetimes: AppSettings['sessions'],
  now = Date.now(),
): { id: string; hash: string; expiresAt: number } {
  const id = newSessionId();
  const hash = hashSecret(id);
  const expiresAt = now + lifetimes.absoluteHours * 3_600_000;
  db()
    .prepare(
      'INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(hash, userId, now, now, expiresAt, meta.ip ?? null, meta.userAgent?.slice(0, 300) ?? null);
  return { id, hash, expiresAt };
}

/** The user behind a session cookie, or null when it is unknown, idle too long, past its lifetime or disabled. */
export function resolveSession(
  id: string,
  lifetimes: AppSettings['sessions'],
  now = Date.now(),
): { user: UserRow; hash: string } | null {
  if (!id || id.length > 200) return null;
  const hash = hashSecret(id);
  const row = db().prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id_hash = ?').get(hash);
  if (!row) return null;
  const idleLimit = row.last_seen_at + lifetimes.idleMinutes * 60_000;
  if (now >= row.expires_at || now >= idleLimit) {
    revokeSessionHash(hash);
    return null;
  }
  const user = getUser(row.user_id);
  if (!user || user.disabled) return null;
  if (now - row.last_seen_at > TOUCH_EVERY_MS) {
    db().prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(now, hash);
  }
  return { user, hash };
}

export function revokeSessionHash(hash: string): void {
  db().prepare('DELETE FROM sessions WHERE id_hash = ?').run(hash);
  authEvents().emit('session-revoked', hash);
}

export function pruneSessions(now = Date.now()): number {
  return db().prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes;
}

export function sessionCookie(value: string, opts: { secure: boolean; maxAgeSeconds: number }): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.max(0, Math.floor(opts.maxAgeSeconds))}`,
    ...(opts.secure ? ['Secure'] : []),
  ].join('; ');
}

export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return safeDecode(part.slice(eq + 1).trim());
  }
  return null;
}

/** A cookie value that is not valid percent-encoding is no credential: read as absent, never thrown. */
function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}
