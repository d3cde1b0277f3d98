import { z } from 'zod';
import { usersApi } from '@/lib/api/users';
import { roleSchema } from '@/lib/auth/schemas';
import { changeUser, removeUser } from '@/server/auth/users';
import { route } from '@/server/http/route';

const params = z.object({ id: z.coerce.number().int().positive() });

export const PATCH = route({
  endpoint: usersApi.update,
  permission: 'users:admin',
  params,
  body: z.object({ role: roleSchema.optional(), disabled: z.boolean().optional() }),
  audit: {
    action: 'user.update',
    target: ({ params, body }) => `user ${params.id}: ${JSON.stringify(body)}`,
  },
  handler: async ({ params, body }) => changeUser(params.id, body),
});

export const DELETE = route({
  endpoint: usersApi.remove,
  permission: 'users:admin',
  params,
  audit: { action: 'user.delete', target: ({ params }) => `user ${params.id}` },
  handler: async ({ params }) => removeUser(params.id),
});
