import type { ApiTokenView } from '@/lib/auth/views';
import { authEvents } from '@/server/auth/events';
import { hashSecret, isApiTokenFormat, newApiToken } from '@/server/auth/tokens';
import { getUser, type UserRow } from '@/server/auth/users';
import { db } from '@/server/db';
import { HttpError } from '@/server/http/errors';

export type { ApiTokenView } from '@/lib/auth/views';

interface TokenRow {
  id: number;
  user_id: number;
  name: string;
  prefix: string;
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
  last_used_ip: string | null;
  expires_at: number | null;
  keep_on_revoke: number;
}

/** Writing the last use on every request would make each read a write: once a minute is plenty. */
const TOUCH_EVERY_MS = 60_000;

const toView = (r: TokenRow): ApiTokenView => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  lastUsedIp: r.last_used_ip,
  expiresAt: r.expires_at,
  keep: !!r.keep_on_revoke,
});

/**
 * Tokens are minted (and kept across revocations) from a session only: a token must not be able to breed
 * tokens, nor make itself outlive its owner's "log out everywhere".
 */
export function assertSessionForTokens(principal: { kind: string; via?: 'session' | 'token' }): void {
  if (principal.kind === 'user' && principal.via !== 'session') {
    throw new HttpError(
      403,
      'forbidden',
      'API tokens can only be managed from a logged-in session, not with an API token',
    );
  }
}

/** The token itself is returned once, here; only its hash is kept. */
export function createApiToken(
  userId: number,
  name: string,
  expiresAt: number | null,
  keep = false,
): { token: string; view: ApiTokenView } {
  const { token, prefix, hash } = newApiToken();
  const info = db()
    .prepare(
      'INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at, expires_at, keep_on_revoke) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(userId, name, prefix, hash, Date.now(), expiresAt, keep ? 1 : 0);
  const row = db()
    .prepare<[number | bigint], TokenRow>('SELECT * FROM api_tokens WHERE id = ?')
    .get(info.lastInsertRowid);
  if (!row) throw new Error('the token just inserted is missing');
  return { token, view: toView(row) };
}

export function listApiTokens(userId: number): ApiTokenView[] {
  return db()
    .prepare<[number], TokenRow>('SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC')
    .all(userId)
    .map(toView);
}

export function revokeApiToken(userId: number, id: number): boolean {
  const gone =
    db().prepare('DELETE FROM api_tokens WHERE id = ? AND user_id = ?').run(id, userId).changes > 0;
  if (gone) authEvents().emit('token-revoked', id);
  return gone;
}

/** Marks a token of the user to keep (or not) across "log out everywhere" and password changes. */
export function setApiTokenKeep(userId: number, id: number, keep: boolean): ApiTokenView | null {
  const row = db()
    .prepare<[number, number, number], TokenRow>(
      'UPDATE api_tokens SET keep_on_revoke = ? WHERE id = ? AND user_id = ? RETURNING *',
    )
    .get(keep ? 1 : 0, id, userId);
  return row ? toView(row) : null;
}

/** The token's user; records its last use (time and client address) at most once a minute. */
export function resolveApiToken(
  token: string,
  now = Date.now(),
  ip: string | null = null,
): { user: UserRow; tokenId: number } | null {
  if (!isApiTokenFormat(token)) return null;
  const row = db()
    .prepare<[string], TokenRow>('SELECT * FROM api_tokens WHERE token_hash = ?')
    .get(hashSecret(token));
  if (!row || (row.expires_at !== null && row.expires_at <= now)) return null;
  const user = getUser(row.user_id);
  if (!user || user.disabled) return null;
  if (!row.last_used_at || now - row.last_used_at > TOUCH_EVERY_MS) {
    db()
      .prepare(
        'UPDATE api_tokens SET last_used_at = ?, last_used_ip = coalesce(?, last_used_ip) WHERE id = ?',
      )
      .run(now, ip?.slice(0, 100) ?? null, row.id);
  }
  return { user, tokenId: row.id };
}
