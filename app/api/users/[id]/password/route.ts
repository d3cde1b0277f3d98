import { z } from 'zod';
import { usersApi } from '@/lib/api/users';
import { hashPassword } from '@/server/auth/passwords';
import { getUser, revokeUser, setPasswordHash } from '@/server/auth/users';
import { HttpError } from '@/server/http/errors';
import { assertPasswordOk } from '@/server/http/password-errors';
import { route } from '@/server/http/route';

/** Admin reset: sets a new password and ends every session of that user. */
export const POST = route({
  endpoint: usersApi.setPassword,
  permission: 'users:admin',
  params: z.object({ id: z.coerce.number().int().positive() }),
  body: z.object({ password: z.string().min(1, 'Required').max(256) }),
  audit: { action: 'user.password-reset', target: ({ params }) => `user ${params.id}` },
  handler: async ({ params, body }) => {
    const user = getUser(params.id);
    if (!user) throw new HttpError(404, 'not_found', `No user ${params.id}`);
    assertPasswordOk(body.password, user.username, 'body.password');
    setPasswordHash(user.id, await hashPassword(body.password));
    revokeUser(user.id);
    return { ok: true };
  },
});
