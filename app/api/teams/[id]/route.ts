import { z } from 'zod';
import { usersApi } from '@/lib/api/users';
import { roleSchema } from '@/lib/auth/schemas';
import { changeTeam, removeTeam } from '@/server/auth/teams';
import { route } from '@/server/http/route';

const params = z.object({ id: z.coerce.number().int().positive() });

export const PATCH = route({
  endpoint: usersApi.updateTeam,
  permission: 'users:admin',
  params,
  body: z.object({
    name: z.string().trim().min(1).max(64).optional(),
    role: roleSchema.optional(),
    memberIds: z.array(z.number().int().positive()).max(1000).optional(),
    /** The team's whole set of roles per environment after the change (an environment id or `local`). */
    environmentRoles: z
      .record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'Not an environment id'), roleSchema)
      .optional(),
  }),
  audit: {
    action: 'team.update',
    target: ({ params, body }) => `team ${params.id}: ${JSON.stringify(body)}`,
  },
  handler: async ({ params, body }) => changeTeam(params.id, body),
});

export const DELETE = route({
  endpoint: usersApi.removeTeam,
  permission: 'users:admin',
  params,
  audit: { action: 'team.delete', target: ({ params }) => `team ${params.id}` },
  handler: async ({ params }) => removeTeam(params.id),
});
