import { z } from 'zod';
import { usersApi } from '@/lib/api/users';
import { resetPassword } from '@/server/auth/users';
import { route } from '@/server/http/route';

/** Admin reset: sets a new password and ends every session of that user. */
export const POST = route({
  endpoint: usersApi.setPassword,
  permission: 'users:admin',
  params: z.object({ id: z.coerce.number().int().positive() }),
  body: z.object({ password: z.string().min(1, 'Required').max(256) }),
  audit: { action: 'user.password-reset', target: ({ params }) => `user ${params.id}` },
  handler: async ({ params, body }) => {
    await resetPassword(params.id, body.password);
    return { ok: true };
  },
});
