import { z } from 'zod';
import { authApi } from '@/lib/api/auth';
import { verifyPassword } from '@/server/auth/passwords';
import { getUser, setTotp } from '@/server/auth/users';
import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';
import { getSettings } from '@/server/settings/store';

export const POST = route({
  endpoint: authApi.totpDisable,
  permission: 'self',
  body: z.object({ password: z.string().min(1, 'Required').max(1000) }),
  audit: { action: 'auth.totp-disable' },
  handler: async ({ principal, body }) => {
    const user = principal.kind === 'user' ? getUser(principal.user.id) : undefined;
    if (!user) throw new HttpError(401, 'unauthorized', 'Log in to continue');
    if (getSettings().require2fa)
      throw new HttpError(409, 'conflict', 'An admin requires two-factor authentication');
    if (!(await verifyPassword(user.password_hash, body.password))) {
      throw new HttpError(400, 'bad_request', 'Invalid request: body.password: wrong password', [
        { path: 'body.password', message: 'Wrong password' },
      ]);
    }
    setTotp(user.id, { secret: null, enabled: false, lastCounter: null, recoveryCodes: null });
    return { ok: true };
  },
});
