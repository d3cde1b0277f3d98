import type { ApiTokenView } from '@/lib/auth/views';
import { authEvents } from '@/server/auth/events';
import { hashSecret, isApiTokenFormat, newApiToken } from '@/server/auth/tokens';
import { getUser, type UserRow } from '@/server/auth/users';
import { db } from '@/server/db';

export type { ApiTokenView } from '@/lib/auth/views';

interface TokenRow {
  id: number;
  user_id: number;
  name: string;
  prefix: string;
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
}

const toView = (r: TokenRow): ApiTokenView => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  expiresAt: r.expires_at,
});

/** The token itself is returned once, here; only its hash is kept. */
export function createApiToken(
  userId: number,
  name: string,
  expiresAt: number | null,
): { token: string; view: ApiTokenView } {
  const { token, prefix, hash } = newApiToken();
  const info = db()
    .prepare(
      'INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(userId, name, prefix, hash, Date.now(), expiresAt);
  const row = db().prepare('SELECT * FROM api_tokens WHERE id = ?').get(info.lastInsertRowid) as TokenRow;
  return { token, view: toView(row) };
}

export function listApiTokens(userId: number): ApiTokenView[] {
  return (
    db()
      .prepare('SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC')
      .all(userId) as TokenRow[]
  ).map(toView);
}

export function revokeApiToken(userId: number, id: number): boolean {
  const gone =
    db().prepare('DELETE FROM api_tokens WHERE id = ? AND user_id = ?').run(id, userId).changes > 0;
  if (gone) authEvents().emit('token-revoked', id);
  return gone;
}

export function resolveApiToken(token: string, now = Date.now()): { user: UserRow; tokenId: number } | null {
  if (!isApiTokenFormat(token)) return null;
  const row = db().prepare('SELECT * FROM api_tokens WHERE token_hash = ?').get(hashSecret(token)) as
    | TokenRow
    | undefined;
  if (!row || (row.expires_at !== null && row.expires_at <= now)) return null;
  const user = getUser(row.user_id);
  if (!user || user.disabled) return null;
  if (!row.last_used_at || now - row.last_used_at > 60_000) {
    db().prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(now, row.id);
  }
  return { user, tokenId: row.id };
}
