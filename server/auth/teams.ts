import type { Role } from '@/lib/auth/roles';
import type { TeamView } from '@/lib/auth/views';
import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';
import { authEvents } from '@/server/auth/events';
import { db } from '@/server/db';
import { environmentExists } from '@/server/environments/store';
import { HttpError } from '@/server/http/errors';

export type { TeamView } from '@/lib/auth/views';

export function listTeams(): TeamView[] {
  const teams = db()
    .prepare<[], Omit<TeamView, 'members' | 'environmentRoles'>>(
      'SELECT id, name, role FROM teams ORDER BY name',
    )
    .all();
  const envRoles = db()
    .prepare<[], { teamId: number; env: string; role: Role }>(
      'SELECT team_id AS teamId, env, role FROM team_environment_roles ORDER BY env',
    )
    .all();
  const members = db()
    .prepare<[], { teamId: number; id: number; username: string }>(
      'SELECT m.team_id AS teamId, u.id, u.username FROM team_members m JOIN users u ON u.id = m.user_id ORDER BY u.username',
    )
    .all();
  return teams.map((t) => ({
    ...t,
    environmentRoles: Object.fromEntries(
      envRoles.filter((r) => r.teamId === t.id).map((r) => [r.env, r.role]),
    ),
    members: members.filter((m) => m.teamId === t.id).map(({ id, username }) => ({ id, username })),
  }));
}

export function getTeam(id: number): TeamView | undefined {
  return listTeams().find((t) => t.id === id);
}

export function findTeamByName(name: string): { id: number } | undefined {
  return db().prepare<[string], { id: number }>('SELECT id FROM teams WHERE name = ?').get(name);
}

export function createTeam(name: string, role: Role): TeamView {
  const info = db()
    .prepare('INSERT INTO teams (name, role, created_at) VALUES (?, ?, ?)')
    .run(name, role, Date.now());
  return getTeam(Number(info.lastInsertRowid)) as TeamView;
}

/** A team's role reaches its members at once: their next request is judged by it; sockets re-check on events. */
export interface TeamPatch {
  name?: string;
  role?: Role;
  memberIds?: number[];
  /** The team's whole set of roles per environment after the change (environment id or `local` → role). */
  environmentRoles?: Record<string, Role>;
}

export function updateTeam(id: number, patch: TeamPatch): void {
  const before = getTeam(id);
  db().transaction(() => {
    if (patch.name) db().prepare('UPDATE teams SET name = ? WHERE id = ?').run(patch.name, id);
    if (patch.role) db().prepare('UPDATE teams SET role = ? WHERE id = ?').run(patch.role, id);
    if (patch.memberIds) {
      db().prepare('DELETE FROM team_members WHERE team_id = ?').run(id);
      const add = db().prepare(
        'INSERT OR IGNORE INTO team_members (team_id, user_id) SELECT ?, id FROM users WHERE id = ?',
      );
      for (const userId of patch.memberIds) add.run(id, userId);
    }
    if (patch.environmentRoles) {
      db().prepare('DELETE FROM team_environment_roles WHERE team_id = ?').run(id);
      const add = db().prepare('INSERT INTO team_environment_roles (team_id, env, role) VALUES (?, ?, ?)');
      for (const [env, role] of Object.entries(patch.environmentRoles)) add.run(id, env, role);
    }
  })();
  // Losing a team's role must not leave a stronger socket open.
  for (const m of before?.members ?? []) authEvents().emit('user-revoked', m.id);
}

export function deleteTeam(id: number): void {
  const before = getTeam(id);
  db().prepare('DELETE FROM teams WHERE id = ?').run(id);
  for (const m of before?.members ?? []) authEvents().emit('user-revoked', m.id);
}

/** The team, or a 404. */
export function existingTeam(id: number): TeamView {
  const team = getTeam(id);
  if (!team) throw new HttpError(404, 'not_found', `No team ${id}`);
  return team;
}

/** Team names are unique: a name taken by another team is a 409. */
function assertNameFree(name: string, self?: number): void {
  const clash = findTeamByName(name);
  if (clash && clash.id !== self) throw new HttpError(409, 'conflict', `A team "${name}" already exists`);
}

export function addTeam(name: string, role: Role): TeamView {
  assertNameFree(name);
  return createTeam(name, role);
}

export function changeTeam(id: number, patch: TeamPatch): TeamView {
  existingTeam(id);
  if (patch.name) assertNameFree(patch.name, id);
  for (const env of Object.keys(patch.environmentRoles ?? {})) {
    if (env !== LOCAL_ENVIRONMENT && !environmentExists(env))
      throw new HttpError(400, 'bad_request', `body.environmentRoles.${env}: no environment "${env}"`, [
        { path: `body.environmentRoles.${env}`, message: `No environment "${env}"` },
      ]);
  }
  updateTeam(id, patch);
  return existingTeam(id);
}

export function removeTeam(id: number): void {
  existingTeam(id);
  deleteTeam(id);
}
