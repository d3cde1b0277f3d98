import { isRole, type Role, type SessionUser, strongestRole } from '@/lib/auth/roles';
import { authEvents } from '@/server/auth/events';
import { db } from '@/server/db';

export interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  role: Role;
  disabled: number;
  totp_secret: string | null;
  totp_enabled: number;
  totp_last_counter: number | null;
  recovery_codes: string | null;
  created_at: number;
  updated_at: number;
}

export interface UserView {
  id: number;
  username: string;
  role: Role;
  effectiveRole: Role;
  disabled: boolean;
  totpEnabled: boolean;
  teams: { id: number; name: string; role: Role }[];
  createdAt: number;
}

export function getUser(id: number): UserRow | undefined {
  return db().prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
}

export function findUserByName(username: string): UserRow | undefined {
  return db().prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
}

export function countAdmins(): number {
  return (
    db().prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0").get() as {
      n: number;
    }
  ).n;
}

export function createUser(input: { username: string; passwordHash: string; role: Role }): UserRow {
  const now = Date.now();
  const info = db()
    .prepare(
      'INSERT INTO users (username, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    )
    .run(input.username, input.passwordHash, input.role, now, now);
  return getUser(Number(info.lastInsertRowid)) as UserRow;
}

function teamsOf(userId: number): { id: number; name: string; role: Role }[] {
  return db()
    .prepare(
      'SELECT t.id, t.name, t.role FROM teams t JOIN team_members m ON m.team_id = t.id WHERE m.user_id = ? ORDER BY t.name',
    )
    .all(userId) as { id: number; name: string; role: Role }[];
}

export function effectiveRole(user: Pick<UserRow, 'id' | 'role'>): Role {
  return strongestRole([
    user.role,
    ...teamsOf(user.id)
      .map((t) => t.role)
      .filter(isRole),
  ]);
}

export function toSessionUser(user: UserRow): SessionUser {
  return {
    id: user.id,
    username: user.username,
    role: effectiveRole(user),
    totpEnabled: !!user.totp_enabled,
  };
}

export function toUserView(user: UserRow): UserView {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    effectiveRole: effectiveRole(user),
    disabled: !!user.disabled,
    totpEnabled: !!user.totp_enabled,
    teams: teamsOf(user.id),
    createdAt: user.created_at,
  };
}

export function listUsers(): UserView[] {
  return (db().prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(toUserView);
}

export function updateUser(id: number, patch: { role?: Role; disabled?: boolean }): void {
  const sets: string[] = [];
  const values: (string | number)[] = [];
  if (patch.role) {
    sets.push('role = ?');
    values.push(patch.role);
  }
  if (patch.disabled !== undefined) {
    sets.push('disabled = ?');
    values.push(patch.disabled ? 1 : 0);
  }
  if (!sets.length) return;
  db()
    .prepare(`UPDATE users SET ${sets.join(', ')}, updated_at = ? WHERE id = ?`)
    .run(...values, Date.now(), id);
  // A disabled user is out at once: sessions, tokens' use and open sockets.
  if (patch.disabled) revokeUser(id);
}

export function setPasswordHash(id: number, passwordHash: string): void {
  db()
    .prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?')
    .run(passwordHash, Date.now(), id);
}

export function deleteUser(id: number): void {
  revokeUser(id);
  db().prepare('DELETE FROM users WHERE id = ?').run(id);
}

export function setTotp(
  id: number,
  patch: {
    secret?: string | null;
    enabled?: boolean;
    lastCounter?: number | null;
    recoveryCodes?: string[] | null;
  },
): void {
  const user = getUser(id);
  if (!user) return;
  db()
    .prepare(
      'UPDATE users SET totp_secret = ?, totp_enabled = ?, totp_last_counter = ?, recovery_codes = ?, updated_at = ? WHERE id = ?',
    )
    .run(
      patch.secret === undefined ? user.totp_secret : patch.secret,
      patch.enabled === undefined ? user.totp_enabled : patch.enabled ? 1 : 0,
      patch.lastCounter === undefined ? user.totp_last_counter : patch.lastCounter,
      patch.recoveryCodes === undefined
        ? user.recovery_codes
        : patch.recoveryCodes === null
          ? null
          : JSON.stringify(patch.recoveryCodes),
      Date.now(),
      id,
    );
}

/**
 * Ends every session of a user and disconnects their sockets: "log out everywhere", a password change or reset,
 * disabling. Their API tokens go too, except those the user marked to keep (`keep_on_revoke`).
 */
export function revokeUser(id: number): void {
  const tokens = db().transaction(() => {
    db().prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
    return db()
      .prepare('DELETE FROM api_tokens WHERE user_id = ? AND keep_on_revoke = 0 RETURNING id')
      .all(id) as { id: number }[];
  })();
  for (const token of tokens) authEvents().emit('token-revoked', token.id);
  authEvents().emit('user-revoked', id);
}
