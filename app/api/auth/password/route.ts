import { z } from 'zod';
import { authApi } from '@/lib/api/auth';
import { hashPassword, verifyPassword } from '@/server/auth/passwords';
import { getUser, revokeUser, setPasswordHash } from '@/server/auth/users';
import { HttpError } from '@/server/http/errors';
import { assertPasswordOk } from '@/server/http/password-errors';
import { route } from '@/server/http/route';

/** Change one's own password: the current one is required, and every other session ends. */
export const POST = route({
  endpoint: authApi.password,
  permission: 'self',
  body: z.object({
    current: z.string().min(1, 'Required').max(1000),
    next: z.string().min(1, 'Required').max(256),
  }),
  audit: { action: 'auth.password-change' },
  handler: async ({ principal, body }) => {
    if (principal.kind !== 'user') throw new HttpError(401, 'unauthorized', 'Log in to continue');
    const user = getUser(principal.user.id);
    if (!user || !(await verifyPassword(user.password_hash, body.current))) {
      throw new HttpError(400, 'bad_request', 'Invalid request: body.current: wrong password', [
        { path: 'body.current', message: 'Wrong password' },
      ]);
    }
    assertPasswordOk(body.next, user.username, 'body.next');
    setPasswordHash(user.id, await hashPassword(body.next));
    revokeUser(user.id);
    return { ok: true };
  },
});
