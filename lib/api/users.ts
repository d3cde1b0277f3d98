import { endpoint } from '@/lib/api/endpoint';
import type { Role } from '@/lib/auth/roles';
import type { TeamView, UserView } from '@/lib/auth/views';

/** User and team administration. */
export const usersApi = {
  list: endpoint<UserView[]>()('GET', '/api/users'),
  /** Answered with 201. */
  create: endpoint<UserView, { username: string; password: string; role: Role }>()('POST', '/api/users'),
  update: endpoint<UserView, { role?: Role; disabled?: boolean }>()('PATCH', '/api/users/[id]'),
  remove: endpoint<void>()('DELETE', '/api/users/[id]'),
  setPassword: endpoint<{ ok: true }, { password: string }>()('POST', '/api/users/[id]/password'),
  teams: endpoint<TeamView[]>()('GET', '/api/teams'),
  /** Answered with 201. */
  createTeam: endpoint<TeamView, { name: string; role: Role }>()('POST', '/api/teams'),
  updateTeam: endpoint<
    TeamView,
    { name?: string; role?: Role; memberIds?: number[]; environmentRoles?: Record<string, Role> }
  >()('PATCH', '/api/teams/[id]'),
  removeTeam: endpoint<void>()('DELETE', '/api/teams/[id]'),
};
