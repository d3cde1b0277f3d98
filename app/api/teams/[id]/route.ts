import { z } from 'zod';
import { usersApi } from '@/lib/api/users';
import { roleSchema } from '@/lib/auth/schemas';
import { deleteTeam, findTeamByName, getTeam, updateTeam } from '@/server/auth/teams';
import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';

const params = z.object({ id: z.coerce.number().int().positive() });

function existing(id: number) {
  const team = getTeam(id);
  if (!team) throw new HttpError(404, 'not_found', `No team ${id}`);
  return team;
}

export const PATCH = route({
  endpoint: usersApi.updateTeam,
  permission: 'users:admin',
  params,
  body: z.object({
    name: z.string().trim().min(1).max(64).optional(),
    role: roleSchema.optional(),
    memberIds: z.array(z.number().int().positive()).max(1000).optional(),
  }),
  audit: {
    action: 'team.update',
    target: ({ params, body }) => `team ${params.id}: ${JSON.stringify(body)}`,
  },
  handler: async ({ params, body }) => {
    existing(params.id);
    const clash = body.name ? findTeamByName(body.name) : undefined;
    if (clash && clash.id !== params.id)
      throw new HttpError(409, 'conflict', `A team "${body.name}" already exists`);
    updateTeam(params.id, body);
    return existing(params.id);
  },
});

export const DELETE = route({
  endpoint: usersApi.removeTeam,
  permission: 'users:admin',
  params,
  audit: { action: 'team.delete', target: ({ params }) => `team ${params.id}` },
  handler: async ({ params }) => {
    existing(params.id);
    deleteTeam(params.id);
  },
});
