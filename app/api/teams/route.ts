import { z } from 'zod';
import { usersApi } from '@/lib/api/users';
import { roleSchema } from '@/lib/auth/schemas';
import { createTeam, findTeamByName, listTeams } from '@/server/auth/teams';
import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';

const teamName = z.string().trim().min(1, 'Required').max(64, 'At most 64 characters');

export const GET = route({
  endpoint: usersApi.teams,
  permission: 'users:admin',
  handler: async () => listTeams(),
});

export const POST = route({
  endpoint: usersApi.createTeam,
  permission: 'users:admin',
  body: z.object({ name: teamName, role: roleSchema }),
  audit: { action: 'team.create', target: ({ body }) => body.name },
  handler: async ({ body }) => {
    if (findTeamByName(body.name))
      throw new HttpError(409, 'conflict', `A team "${body.name}" already exists`);
    return Response.json(createTeam(body.name, body.role), { status: 201 });
  },
});
