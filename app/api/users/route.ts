import { z } from 'zod';
import { usersApi } from '@/lib/api/users';
import { roleSchema, usernameSchema } from '@/lib/auth/schemas';
import { hashPassword } from '@/server/auth/passwords';
import { createUser, findUserByName, listUsers, toUserView } from '@/server/auth/users';
import { HttpError } from '@/server/http/errors';
import { assertPasswordOk } from '@/server/http/password-errors';
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
  handler: async ({ body }) => {
    if (findUserByName(body.username))
      throw new HttpError(409, 'conflict', `A user "${body.username}" already exists`);
    assertPasswordOk(body.password, body.username, 'body.password');
    const user = createUser({
      username: body.username,
      passwordHash: await hashPassword(body.password),
      role: body.role,
    });
    return Response.json(toUserView(user), { status: 201 });
  },
});
