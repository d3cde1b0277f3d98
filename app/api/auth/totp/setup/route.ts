import { authApi } from '@/lib/api/auth';
import { asUser } from '@/server/auth/guard';
import { startTotpEnrolment } from '@/server/auth/totp-enrolment';
import { route } from '@/server/http/route';

/** Starts enrolment: a new secret, kept encrypted and inactive until a code from it is confirmed. */
export const POST = route({
  endpoint: authApi.totpSetup,
  permission: 'self',
  audit: { action: 'auth.totp-setup' },
  handler: async ({ principal }) => startTotpEnrolment(asUser(principal).user.id),
});
