import { z } from 'zod';
import { authApi } from '@/lib/api/auth';
import { asUser } from '@/server/auth/guard';
import { confirmTotpEnrolment } from '@/server/auth/totp-enrolment';
import { route } from '@/server/http/route';

/** Confirms enrolment with a current code; answers the one-time recovery codes, shown once. */
export const POST = route({
  endpoint: authApi.totpEnable,
  permission: 'self',
  body: z.object({ code: z.string().min(1, 'Required').max(20) }),
  audit: { action: 'auth.totp-enable' },
  handler: async ({ principal, body }) => confirmTotpEnrolment(asUser(principal).user.id, body.code),
});
