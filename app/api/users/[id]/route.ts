import { z } from 'zod';
import { usersApi } from '@/lib/api/users';
import { roleSchema } from '@/lib/auth/schemas';
import { countAdmins, deleteUser, getUser, toUserView, updateUser } from '@/server/auth/users';
import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';

const params = z.object({ id: z.coerce.number().int().positive() });

function existing(id: number) {
  const user = getUser(id);
  if (!user) throw new HttpError(404, 'not_found', `No user ${id}`);
  return user;
}

/** The last enabled admin can be neither demoted, disabled nor deleted: that would lock everyone out. */
function assertNotLastAdmin(id: number) {
  const user = existing(id);
  if (user.role === 'admin' && !user.disabled && countAdmins() <= 1) {
    throw new HttpError(409, 'conflict', 'This is the last admin: make another admin first');
  }
}

export const PATCH = route({
  endpoint: usersApi.update,
  permission: 'users:admin',
  params,
  body: z.object({ role: roleSchema.optional(), disabled: z.boolean().optional() }),
  audit: {
    action: 'user.update',
    target: ({ params, body }) => `user ${params.id}: ${JSON.stringify(body)}`,
  },
  handler: async ({ params, body }) => {
    existing(params.id);
    if ((body.role && body.role !== 'admin') || body.disabled) assertNotLastAdmin(params.id);
    updateUser(params.id, body);
    return toUserView(existing(params.id));
  },
});

export const DELETE = route({
  endpoint: usersApi.remove,
  permission: 'users:admin',
  params,
  audit: { action: 'user.delete', target: ({ params }) => `user ${params.id}` },
  handler: async ({ params }) => {
    assertNotLastAdmin(params.id);
    deleteUser(params.id);
  },
});
