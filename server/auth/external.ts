import type { GroupRule, IdentitySource, IdentityView } from '@/lib/auth/external';
import { type Role, strongestRole } from '@/lib/auth/roles';
import { authEvents } from '@/server/auth/events';
import { type LoginMeta, startSession } from '@/server/auth/login';
import { createUser, findUserByName, getUser, type UserRow, updateUser } from '@/server/auth/users';

export { isExternalUser } from '@/server/auth/users';

import { db } from '@/server/db';
import { HttpError } from '@/server/http/errors';

/**
 * Accounts whose identity lives in an outside provider (OIDC, LDAP). The provider modules prove who the person
 * is and hand over a profile; this module finds or creates the Berth account, applies the admin's group rules
 * and starts an ordinary Berth session (same lifetime, revocation and audit as a password sign-in).
 */

/** What a provider proved about the person signing in. */
export interface ExternalProfile {
  source: IdentitySource;
  /** The provider's id in Berth (an OIDC provider's id, `ldap` for the directory). */
  provider: string;
  /** Stable and unique within the provider: OIDC `sub`, the LDAP entry's entryUUID (or DN when it has none). */
  subject: string;
  /** The name a new account would get (preferred_username, uid, …); a taken name gets a suffix. */
  username: string;
  groups: string[];
}

/** What the admin set for the provider. */
export interface ProvisioningPolicy {
  /** First sign-in creates the account; otherwise only accounts already linked may sign in. */
  allowCreate: boolean;
  /** The own role of an account no team-less rule matches. */
  defaultRole: Role;
  rules: GroupRule[];
}

/** Marks an account that has no Berth password: no argon2 hash ever verifies against it. */
export const NO_PASSWORD = '!external';

interface IdentityRow {
  user_id: number;
}

function linkedUser(profile: ExternalProfile): UserRow | undefined {
  const row = db()
    .prepare<[string, string, string], IdentityRow>(
      'SELECT user_id FROM user_identities WHERE source = ? AND provider = ? AND subject = ?',
    )
    .get(profile.source, profile.provider, profile.subject);
  return row ? getUser(row.user_id) : undefined;
}

/** A free username from the provider's: never an existing account's (names do not link accounts). */
export function freeUsername(wanted: string, taken: (name: string) => boolean): string {
  const base =
    wanted
      .normalize('NFKC')
      .replace(/[^\p{L}\p{N}._@-]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'user';
  if (!taken(base)) return base;
  for (let n = 2; n < 10_000; n++) {
    const name = `${base}-${n}`;
    if (!taken(name)) return name;
  }
  throw new HttpError(409, 'conflict', `No free username for "${wanted}"`);
}

/** The rules a set of groups matches (exact, case-sensitive: group names and DNs are the provider's). */
export function matchingRules(rules: readonly GroupRule[], groups: readonly string[]): GroupRule[] {
  const have = new Set(groups);
  return rules.filter((r) => have.has(r.group));
}

/** The account's own role from the rules: the strongest team-less match, else the provider's default. */
export function ownRoleFrom(matched: readonly GroupRule[], defaultRole: Role): Role {
  const roles = matched.filter((r) => !r.team).map((r) => r.role);
  return roles.length ? strongestRole(roles) : defaultRole;
}

/** The teams the rules grant, with the role each is created with when missing (strongest rule wins). */
export function grantedTeams(matched: readonly GroupRule[]): Map<string, Role> {
  const teams = new Map<string, Role>();
  for (const r of matched) {
    if (!r.team) continue;
    const key = r.team;
    const before = teams.get(key);
    teams.set(key, before ? strongestRole([before, r.role]) : r.role);
  }
  return teams;
}

function teamIdFor(name: string, role: Role): number {
  const row = db().prepare<[string], { id: number }>('SELECT id FROM teams WHERE name = ?').get(name);
  if (row) return row.id;
  const info = db()
    .prepare('INSERT INTO teams (name, role, created_at) VALUES (?, ?, ?)')
    .run(name, role, Date.now());
  return Number(info.lastInsertRowid);
}

/**
 * Team memberships after this sign-in: the provider's grants follow the groups; memberships an admin made by
 * hand stay (a grant is only recorded for a membership the grant created).
 */
function applyTeamGrants(userId: number, profile: ExternalProfile, teams: Map<string, Role>): boolean {
  let changed = false;
  const wanted = new Set<number>();
  for (const [name, role] of teams) wanted.add(teamIdFor(name, role));
  const granted = db()
    .prepare<[number, string, string], { team_id: number }>(
      'SELECT team_id FROM identity_team_grants WHERE user_id = ? AND source = ? AND provider = ?',
    )
    .all(userId, profile.source, profile.provider)
    .map((r) => r.team_id);
  for (const teamId of granted) {
    if (wanted.has(teamId)) continue;
    db().prepare('DELETE FROM team_members WHERE team_id = ? AND user_id = ?').run(teamId, userId);
    db()
      .prepare(
        'DELETE FROM identity_team_grants WHERE user_id = ? AND team_id = ? AND source = ? AND provider = ?',
      )
      .run(userId, teamId, profile.source, profile.provider);
    changed = true;
  }
  for (const teamId of wanted) {
    if (granted.includes(teamId)) continue;
    const member = db()
      .prepare<[number, number], { n: number }>(
        'SELECT 1 AS n FROM team_members WHERE team_id = ? AND user_id = ?',
      )
      .get(teamId, userId);
    if (member) continue;
    db().prepare('INSERT INTO team_members (team_id, user_id) VALUES (?, ?)').run(teamId, userId);
    db()
      .prepare('INSERT INTO identity_team_grants (user_id, team_id, source, provider) VALUES (?, ?, ?, ?)')
      .run(userId, teamId, profile.source, profile.provider);
    changed = true;
  }
  return changed;
}

/**
 * The Berth account for a proven outside identity, created on first sign-in when the policy allows, with the
 * group rules applied. 403 when the identity is not linked and creation is off, or the account is disabled.
 */
export function provisionExternalUser(profile: ExternalProfile, policy: ProvisioningPolicy): UserRow {
  const matched = matchingRules(policy.rules, profile.groups);
  const ownRole = ownRoleFrom(matched, policy.defaultRole);
  const teams = grantedTeams(matched);
  const { user, teamsChanged } = db().transaction(() => {
    let user = linkedUser(profile);
    if (!user) {
      if (!policy.allowCreate)
        throw new HttpError(
          403,
          'external_user_unknown',
          `No Berth account is linked to this ${profile.source.toUpperCase()} identity, and this provider does not create accounts: ask an admin`,
        );
      const username = freeUsername(profile.username, (n) => !!findUserByName(n));
      user = createUser({ username, passwordHash: NO_PASSWORD, role: ownRole });
      db()
        .prepare(
          'INSERT INTO user_identities (user_id, source, provider, subject, created_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(user.id, profile.source, profile.provider, profile.subject, Date.now());
    }
    if (user.disabled) throw new HttpError(403, 'forbidden', 'This account is disabled');
    const roleChanged = user.role !== ownRole;
    if (roleChanged) updateUser(user.id, { role: ownRole });
    const teamsChanged = applyTeamGrants(user.id, profile, teams) || roleChanged;
    db()
      .prepare(
        'UPDATE user_identities SET groups = ?, last_login_at = ? WHERE source = ? AND provider = ? AND subject = ?',
      )
      .run(
        JSON.stringify(profile.groups.slice(0, 500)),
        Date.now(),
        profile.source,
        profile.provider,
        profile.subject,
      );
    return { user: getUser(user.id) as UserRow, teamsChanged };
  })();
  // Open sockets of the account reconnect and are judged by the new role (as after a change on the teams page).
  if (teamsChanged) authEvents().emit('user-revoked', user.id);
  return user;
}

/** Sign in with a proven outside identity: the account, then a Berth session audited with its method. */
export function signInExternal(
  profile: ExternalProfile,
  policy: ProvisioningPolicy,
  meta: LoginMeta,
): { user: UserRow; setCookie: string } {
  const user = provisionExternalUser(profile, policy);
  return startSession(user, meta, `${profile.source}:${profile.provider}`);
}

/** The outside identities linked to an account (the users page shows them). */
export function identitiesOf(userId: number): IdentityView[] {
  return db()
    .prepare<
      [number],
      { source: IdentitySource; provider: string; subject: string; lastLoginAt: number | null }
    >(
      'SELECT source, provider, subject, last_login_at AS lastLoginAt FROM user_identities WHERE user_id = ? ORDER BY source, provider',
    )
    .all(userId);
}
