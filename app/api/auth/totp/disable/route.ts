import { z } from 'zod';
import { authApi } from '@/lib/api/auth';
import { asUser } from '@/server/auth/guard';
import { disableTotp } from '@/server/auth/totp-enrolment';
import { route } from '@/server/http/route';

export const POST = route({
  endpoint: authApi.totpDisable,
  permission: 'self',
  body: z.object({ password: z.string().min(1, 'Required').max(1000) }),
  audit: { action: 'auth.totp-disable' },
  handler: async ({ principal, body }) => {
    await disableTotp(asUser(principal).user.id, body.password);
    return { ok: true };
  },
});
