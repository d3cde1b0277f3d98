import { z } from 'zod';
import { authApi } from '@/lib/api/auth';
import { totpAad } from '@/server/auth/login';
import { generateRecoveryCodes, hashRecoveryCode } from '@/server/auth/recovery-codes';
import { verifyTotp } from '@/server/auth/totp';
import { getUser, setTotp } from '@/server/auth/users';
import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';
import { decryptSecret } from '@/server/security/crypto';
import { secretKey } from '@/server/security/keys';

/** Confirms enrolment with a current code; answers the one-time recovery codes, shown once. */
export const POST = route({
  endpoint: authApi.totpEnable,
  permission: 'self',
  body: z.object({ code: z.string().min(1, 'Required').max(20) }),
  audit: { action: 'auth.totp-enable' },
  handler: async ({ principal, body }) => {
    const user = principal.kind === 'user' ? getUser(principal.user.id) : undefined;
    if (!user?.totp_secret) throw new HttpError(400, 'bad_request', 'Start the two-factor setup first');
    if (user.totp_enabled) throw new HttpError(409, 'conflict', 'Two-factor authentication is already on');
    const result = verifyTotp({
      secret: decryptSecret(secretKey(), user.totp_secret, totpAad(user.id)),
      token: body.code,
    });
    if (!result.ok) {
      throw new HttpError(400, 'bad_request', 'Invalid request: body.code: that code is not right', [
        { path: 'body.code', message: 'That code is not right: check the time on your phone' },
      ]);
    }
    const codes = generateRecoveryCodes();
    setTotp(user.id, {
      enabled: true,
      lastCounter: result.counter,
      recoveryCodes: codes.map(hashRecoveryCode),
    });
    return { recoveryCodes: codes };
  },
});
