import { z } from 'zod';
import { usersApi } from '@/lib/api/users';
import { roleSchema } from '@/lib/auth/schemas';
import { addTeam, listTeams } from '@/server/auth/teams';
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
  handler: async ({ body }) => Response.json(addTeam(body.name, body.role), { status: 201 }),
});
