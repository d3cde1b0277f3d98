import { z } from 'zod';
import { authApi } from '@/lib/api/auth';
import { asUser } from '@/server/auth/guard';
import { changeOwnPassword } from '@/server/auth/users';
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
    await changeOwnPassword(asUser(principal).user.id, body.current, body.next);
    return { ok: true };
  },
});
