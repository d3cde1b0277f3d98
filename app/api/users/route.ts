import { z } from 'zod';
import { usersApi } from '@/lib/api/users';
import { roleSchema, usernameSchema } from '@/lib/auth/schemas';
import { addUser, listUsers } from '@/server/auth/users';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: usersApi.list,
  permission: 'users:admin',
  handler: async () => listUsers(),
});

export const POST = route({
  endpoint: usersApi.create,
  permission: 'users:admin',
  body: z.object({
    username: usernameSchema,
    password: z.string().min(1, 'Required').max(256),
    role: roleSchema,
  }),
  audit: { action: 'user.create', target: ({ body }) => body.username },
  handler: async ({ body }) => Response.json(await addUser(body), { status: 201 }),
});
