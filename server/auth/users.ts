import type { IdentitySource } from '@/lib/auth/external';
import { environmentRolesOf, isRole, type Role, type SessionUser, strongestRole } from '@/lib/auth/roles';
import type { UserView } from '@/lib/auth/views';
import { authEvents } from '@/server/auth/events';
import { hashPassword, verifyPassword } from '@/server/auth/passwords';
import { db } from '@/server/db';
import { HttpError } from '@/server/http/errors';
import { assertPasswordOk } from '@/server/http/password-errors';

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

export type { UserView } from '@/lib/auth/views';

export function getUser(id: number): UserRow | undefined {
  return db().prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?').get(id);
}

export function findUserByName(username: string): UserRow | undefined {
  return db().prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?').get(username);
}

export function countAdmins(): number {
  const row = db()
    .prepare<[], { n: number }>("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0")
    .get();
  return row?.n ?? 0;
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
    .prepare<[number], { id: number; name: string; role: Role }>(
      'SELECT t.id, t.name, t.role FROM teams t JOIN team_members m ON m.team_id = t.id WHERE m.user_id = ? ORDER BY t.name',
    )
    .all(userId);
}

export function effectiveRole(user: Pick<UserRow, 'id' | 'role'>): Role {
  return strongestRole([
    user.role,
    ...teamsOf(user.id)
      .map((t) => t.role)
      .filter(isRole),
  ]);
}

/** The team roles per environment of the user's teams, by team. */
function teamEnvironmentRoles(userId: number): { role: Role; environmentRoles: Record<string, Role> }[] {
  const rows = db()
    .prepare<[number], { teamId: number; teamRole: Role; env: string | null; role: Role | null }>(
      `SELECT t.id AS teamId, t.role AS teamRole, r.env, r.role FROM teams t
         JOIN team_members m ON m.team_id = t.id
         LEFT JOIN team_environment_roles r ON r.team_id = t.id
        WHERE m.user_id = ?`,
    )
    .all(userId);
  const teams = new Map<number, { role: Role; environmentRoles: Record<string, Role> }>();
  for (const row of rows) {
    const team = teams.get(row.teamId) ?? { role: row.teamRole, environmentRoles: {} };
    if (row.env && row.role && isRole(row.role)) team.environmentRoles[row.env] = row.role;
    teams.set(row.teamId, team);
  }
  return [...teams.values()].filter((t) => isRole(t.role));
}

export function toSessionUser(user: UserRow): SessionUser {
  const environmentRoles = environmentRolesOf(user.role, teamEnvironmentRoles(user.id));
  return {
    id: user.id,
    username: user.username,
    role: effectiveRole(user),
    ...(Object.keys(environmentRoles).length ? { environmentRoles } : {}),
    totpEnabled: !!user.totp_enabled,
    hasPasskey: hasPasskey(user.id),
  };
}

/** Whether the user registered a passkey: it satisfies an admin's two-factor requirement as TOTP does. */
function hasPasskey(userId: number): boolean {
  return !!db()
    .prepare<[number], { n: number }>('SELECT 1 AS n FROM passkeys WHERE user_id = ? LIMIT 1')
    .get(userId);
}

/** Whether an account is linked to an outside identity (OIDC, LDAP): such accounts have no Berth password. */
export function isExternalUser(userId: number): boolean {
  return !!db()
    .prepare<[number], { n: number }>('SELECT 1 AS n FROM user_identities WHERE user_id = ? LIMIT 1')
    .get(userId);
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
    identities: db()
      .prepare<[number], { source: IdentitySource; provider: string }>(
        'SELECT source, provider FROM user_identities WHERE user_id = ? ORDER BY source, provider',
      )
      .all(user.id),
    createdAt: user.created_at,
  };
}

export function listUsers(): UserView[] {
  return db().prepare<[], UserRow>('SELECT * FROM users ORDER BY username').all().map(toUserView);
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
      .prepare<[number], { id: number }>(
        'DELETE FROM api_tokens WHERE user_id = ? AND keep_on_revoke = 0 RETURNING id',
      )
      .all(id);
  })();
  for (const token of tokens) authEvents().emit('token-revoked', token.id);
  authEvents().emit('user-revoked', id);
}

/** The user, or a 404. */
export function existingUser(id: number): UserRow {
  const user = getUser(id);
  if (!user) throw new HttpError(404, 'not_found', `No user ${id}`);
  return user;
}

/**
 * Whether a change would leave no enabled admin: the last one can be neither demoted, disabled nor deleted,
 * which would lock everyone out.
 */
export function removesLastAdmin(
  user: Pick<UserRow, 'role' | 'disabled'>,
  change: { role?: Role; disabled?: boolean } | 'delete',
  enabledAdmins: number,
): boolean {
  if (user.role !== 'admin' || user.disabled || enabledAdmins > 1) return false;
  return change === 'delete' || (!!change.role && change.role !== 'admin') || !!change.disabled;
}

function assertAdminRemains(user: UserRow, change: { role?: Role; disabled?: boolean } | 'delete'): void {
  if (removesLastAdmin(user, change, countAdmins()))
    throw new HttpError(409, 'conflict', 'This is the last admin: make another admin first');
}

/** A new account whose password meets the rules (a 400 naming `body.password` otherwise). */
export async function createAccount(input: {
  username: string;
  password: string;
  role: Role;
}): Promise<UserRow> {
  assertPasswordOk(input.password, input.username, 'body.password');
  return createUser({
    username: input.username,
    passwordHash: await hashPassword(input.password),
    role: input.role,
  });
}

/** An admin creates an account: the name must be free and the password meet the rules. */
export async function addUser(input: { username: string; password: string; role: Role }): Promise<UserView> {
  if (findUserByName(input.username))
    throw new HttpError(409, 'conflict', `A user "${input.username}" already exists`);
  return toUserView(await createAccount(input));
}

/** An admin changes a role or disables an account (never the last admin's). */
export function changeUser(id: number, patch: { role?: Role; disabled?: boolean }): UserView {
  assertAdminRemains(existingUser(id), patch);
  updateUser(id, patch);
  return toUserView(existingUser(id));
}

export function removeUser(id: number): void {
  assertAdminRemains(existingUser(id), 'delete');
  deleteUser(id);
}

/** An admin sets a new password; every session of that user ends. */
export async function resetPassword(id: number, password: string): Promise<void> {
  const user = existingUser(id);
  assertPasswordOk(password, user.username, 'body.password');
  setPasswordHash(user.id, await hashPassword(password));
  revokeUser(user.id);
}

/** A user changes their own password, giving the current one; every session ends, this one too. */
export async function changeOwnPassword(id: number, current: string, next: string): Promise<void> {
  const user = getUser(id);
  if (!user || !(await verifyPassword(user.password_hash, current))) {
    throw new HttpError(400, 'bad_request', 'Invalid request: body.current: wrong password', [
      { path: 'body.current', message: 'Wrong password' },
    ]);
  }
  assertPasswordOk(next, user.username, 'body.next');
  setPasswordHash(user.id, await hashPassword(next));
  revokeUser(user.id);
}
